// Replays one period's history against a contract: the engine's entry point. Pure: the
// contract, the zone, the period and the events in; the results with their trail out.
#pragma once

#include "engine/events.hpp"
#include "engine/model.hpp"
#include "engine/period.hpp"
#include "engine/replay_index.hpp"
#include "engine/results.hpp"
#include "engine/zone.hpp"

namespace slaudit::engine {

/// The result views `c` and `h` (record ids, roles, clauses): keep both alive while it is
/// used. Pauses and notifications are matched to incidents by `owner` when it is set
/// (`link_records`, done by ingestion), else by id.
/// `earlier`: the provider's credits in earlier months of the contract year, for a yearly cap
/// (from the ledger, or stated by the user). A yearly cap in a month whose earlier months are
/// unknown is not applied, and the result says so: an unknown is never taken for 0.
period_result replay(const contract& c, const zone& z, const period& p, const history& h,
                     const earlier_credits& earlier = {});

/// The parts `replay` runs, for the benchmark's split: each on an index of the same
/// contract, history and period (`replay_index`). `replay` makes availability, clocks and
/// escalation steps in one pass over the incidents; each of these makes its own pass.
availability_result replay_availability(const contract& c, const service& s, const zone& z, interval period,
                                        const history& h, const replay_index& index);
std::vector<clock_result> replay_clocks(const contract& c, const zone& z, interval period, const history& h,
                                        const replay_index& index, std::vector<finding>& findings,
                                        std::vector<clock_result>* stopped_late = nullptr);
std::vector<clock_result> replay_tickets(const contract& c, const zone& z, interval period, const history& h,
                                         const replay_index& index, std::vector<finding>& findings,
                                         std::vector<clock_result>* stopped_late = nullptr);
std::vector<escalation_result> replay_escalations(const contract& c, const zone& z, interval period,
                                                  const history& h, const replay_index& index);
std::vector<rate_result> replay_rates(const contract& c, const period& p, const history& h);

}  // namespace slaudit::engine
