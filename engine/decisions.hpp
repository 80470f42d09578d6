// The parties' decisions on a month (decisions.csv): applied to the figures they touch and to
// nothing else, each figure keeping its original beside the decided one (docs/rules.md,
// Decisions). A decision that matches nothing, or that would raise a line, is refused: the
// run stops on it as on a bad row.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <unordered_map>
#include <vector>

#include "engine/events.hpp"
#include "engine/results.hpp"

namespace slaudit::engine {

/// An incident's cause or impact as the decisions reclassify it, by its index in
/// history::incidents. A reclassified impact holds for the whole incident: the impact changes
/// of changes.csv give way to it.
struct reclassification {
  std::optional<cause> origin;
  std::optional<impact> effect;
};
using reclassifications = std::unordered_map<std::uint32_t, reclassification>;

/// The reclassifications among `h.decisions`, but `leave_out`.
reclassifications reclassified(const history& h, const decision* leave_out = nullptr);

/// Waives or credits the clocks (incidents', tickets', and those charged late here) and
/// escalation steps the decisions name; what matches nothing goes to `r.refused`.
void apply_figure_decisions(const history& h, period_result& r);

/// Applies the decisions on penalty lines (penalty:NAME[:SUBJECT]), before the caps: each
/// must name exactly one line of the month and lessen it.
void apply_line_decisions(const history& h, const std::string& period, money_result& m,
                          std::vector<refused_decision>& refused);

/// The period replayed with every decision but one (a reclassification).
using replay_without = std::function<period_result(const decision& left_out)>;

/// What each decision changed, and the money as a whole, into `decided` (the period replayed
/// with every decision): decided.decisions, and decided.money's undecided totals and line
/// changes against `original` (replayed without decisions). A clock's or a line's decision is
/// the only one on that figure: its change is the original against the decided. A
/// reclassification shares its service's availability with the others: its change is the
/// period without it (`without`) against the decided.
void record_changes(const history& h, const period_result& original, period_result& decided,
                    const replay_without& without);

/// "the restore clock of A-1: breached, 14400 s → breached, 10800 s", "availability of core:
/// 99.0927% breached → 99.6303% breached", "penalty 未履行服务 (core): 8000.00 → 6000.00 CNY
/// before the caps": a change in English, for `explain`, the ledger and the JSON's readers.
std::string change_text(const decision_change& c, const std::string& currency);

}  // namespace slaudit::engine
