// What happened in one contract-period, figure by figure, each with what produced it: the
// inputs (incident ids, intervals, rows), the rule and its clause, the contract line. One
// model feeds every output (JSON, the workbook, the PDF): nothing is computed after it.
//
// A result holds facts, not copies: record ids, service names, roles and clause references
// are views into the history and the contract it was replayed from (a million incidents
// make millions of clocks and escalation steps). Keep the contract and the history alive
// while the result is used; `replay` documents the same.
#pragma once

#include <string_view>

#include <boost/container/small_vector.hpp>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/completeness.hpp"
#include "engine/events.hpp"
#include "engine/interval_set.hpp"
#include "engine/model.hpp"

namespace slaudit::engine {

/// `waived`: a breach the parties waived (decisions.csv): it no longer counts, and the
/// original verdict is kept beside it.
enum class verdict : std::uint8_t { met, breached, not_measurable, pending, waived };

/// A clock's verdict by its running time (docs/rules.md, Clocks): stopped, met when within its
/// target; still running at the period's end, breached once past it, else pending.
inline verdict timed_verdict(std::int64_t elapsed_s, std::int64_t target_s, bool stopped) {
  if (stopped) return elapsed_s <= target_s ? verdict::met : verdict::breached;
  return elapsed_s > target_s ? verdict::breached : verdict::pending;
}

const char* verdict_word(verdict v);

/// 99.8877 for 2668200/2671200: four decimals, rounded down so that a shown figure never
/// reads as meeting a target the exact ratio misses.
std::string percent_text(std::int64_t numerator, std::int64_t denominator);

/// Why an interval counted (or a maintenance part did not count as planned): the reason's
/// text says it in English; writers phrase the code in the report's language.
enum class interval_why : std::uint8_t {
  outage,               ///< restored: counted to the restore time
  outage_to_close,      ///< no restore time: counted to the close time
  outage_open,          ///< still open: counted to the period's end
  outage_while_impact,  ///< part of an incident whose impact changed: counted while it was an outage
  in_window,            ///< maintenance inside a standing window
  noticed_approved,     ///< maintenance with enough notice, approved
  emergency_allowed,    ///< emergency maintenance the contract allows
  emergency_approved,   ///< emergency maintenance the customer approved
  emergency_refused,    ///< emergency maintenance the contract does not allow
  emergency_unapproved, ///< emergency maintenance without the customer's approval
  no_notice,            ///< maintenance without notice
  short_notice,         ///< notified `ahead_s` ahead, `required_s` required
  unapproved            ///< noticed but not approved
};

/// An interval that counted, and why: an outage in U, a planned part of maintenance in M.
struct counted_interval {
  std::string_view record;  ///< incident or maintenance id
  interval span;       ///< clipped to the period and the service's coverage
  std::int64_t counted_s = 0;  ///< seconds it added after overlaps were counted once
  std::string_view reason;     ///< a lasting text (static storage or `lasting_text`)
  source_row at;
  interval_why why = interval_why::outage;
  std::int64_t ahead_s = 0, required_s = 0;  ///< short_notice and noticed_approved
};

/// A record left out of a figure, with the rule that left it out.
struct exclusion {
  std::string_view record;
  std::string_view reason;  ///< a fixed text (static storage)
  source_row at;
  std::optional<impact> by_impact;  ///< left out for its impact (degraded, terminal) …
  std::optional<cause> by_cause;    ///< … or for its cause
  bool decided = false;             ///< its cause or impact is a decision's (decisions.csv)
};

/// What a clock's note says, as flags (the note's text says it in English).
enum clock_note_flags : std::uint8_t {
  note_carried = 1,       ///< started in an earlier period, judged here
  note_missing = 2,       ///< no stop time on a closed record (breach or not judged: see outcome)
  note_running = 4,       ///< still running at period end (pending, or already past its target)
  note_excluded = 8,      ///< excluded from clocks for its cause (`excluded_cause`)
  note_severity = 16,     ///< severity changed: judged against `severity`, in force from `severity_from`
  note_decided = 32       ///< a decision waived or credited it: period_result::decisions has the original
};

/// Availability of one service in one period (SLA 2.2):
/// (S − U − M) / (S − M), S planned service time, M planned maintenance, U unplanned downtime.
struct availability_result {
  std::string service;
  std::int64_t S = 0, M = 0, U = 0;  ///< seconds
  std::optional<decimal> target_pct;
  origin target_where;
  verdict on_target = verdict::not_measurable;
  std::optional<std::int64_t> max_downtime_s;
  origin max_downtime_where;
  verdict on_max_downtime = verdict::not_measurable;
  /// The ratio exactly: numerator S − M − U over denominator S − M.
  std::int64_t numerator = 0, denominator = 0;
  std::vector<counted_interval> downtime;     ///< what makes U
  std::vector<counted_interval> maintenance;  ///< planned parts, what makes M
  std::vector<counted_interval> unplanned_maintenance;  ///< counted in U, with the reason
  std::vector<exclusion> excluded;
  std::vector<std::string_view> open_incidents;  ///< still down at period end: counted to it
  std::string formula;  ///< with the numbers filled in
};

/// One clock (respond or restore) of one incident.
struct clock_result {
  std::string_view incident, service;  ///< a ticket's id in `incident`; no service then
  std::string_view kind;               ///< respond | restore
  int severity = 0;             ///< whose target it is judged against (note_severity: not the first)
  int first_severity = 0;       ///< the incident's severity at occurrence
  instant severity_from = 0;    ///< when `severity` came in force (note_severity)
  verdict outcome = verdict::met;
  std::uint8_t note_flags = 0;  ///< clock_note_flags
  cause excluded_cause = cause::provider;
  std::int64_t target_s = 0;
  const origin* target_where = nullptr;  ///< the contract's target
  std::string_view coverage;             ///< 7x24 or the calendar's name
  instant start = 0;
  maybe_instant stop;          ///< absent: still running at period end
  std::int64_t elapsed_s = 0;  ///< counted on the coverage, pauses left out
  std::int64_t paused_s = 0;   ///< coverage time spent paused
  maybe_instant due;           ///< when the target ran out (on the same clock)
  std::string_view note;  ///< missing timestamp, excluded cause, pending … (a lasting text)
  /// The amendment whose terms judged it (in force when the clock started); empty: the
  /// contract as signed.
  std::string_view terms;
  source_row at;
};

/// One timed escalation step of one incident (SLA 2.6): due when the incident was still
/// unresolved that long into its restore clock; every role must be notified by then.
struct escalation_result {
  std::string_view incident;
  int handling = 0;
  verdict outcome = verdict::met;
  std::int64_t after_s = 0;
  instant due = 0;  ///< including the contract's grace
  enum class notice : std::uint8_t { on_time, late, missing };
  struct role_status {
    std::string_view role;
    maybe_instant notified;
    notice status = notice::missing;  ///< notice_word: on time | late | missing
  };
  boost::container::small_vector<role_status, 2> roles;
  const origin* where = nullptr;
  std::string_view terms;  ///< the amendment in force when the incident occurred; empty: as signed
  source_row at;
};

/// "on time", "late" or "missing": an escalation role's notice as the JSON and `explain` say it.
std::string_view notice_word(escalation_result::notice n);

/// A rate over the period's daily aggregates: transaction success, early detection, accuracy.
struct rate_result {
  std::string metric;   ///< transactions | early_detection | accuracy
  std::string service;  ///< for transactions
  std::int64_t numerator = 0, denominator = 0;
  std::size_t days = 0;
  std::optional<decimal> target_pct;
  origin target_where;
  verdict outcome = verdict::not_measurable;
  std::string formula;
  /// The counts the rate is made of, for a report to phrase its working: the records (the
  /// transactions, the alarms), those that failed (failed, missed, false alarms) and the
  /// failures the contract leaves out (a third party's, for transactions).
  std::int64_t total = 0, failed = 0, excluded = 0;
};

/// One term of a penalty line's exact value, base × percent% × count, kept as numbers so a
/// spreadsheet can recompute the line from cells that hold them.
struct penalty_term {
  std::string what;                ///< "monthly fee", "fee share of core", "credit", "invoice INV-7"
  minor_units base = 0;            ///< minor units
  std::optional<decimal> percent;  ///< absent: the base is the credit itself
  std::int64_t count = 1;          ///< breaches, late units or days; 1 for a tier
};

/// What a penalty line was computed from, as facts: the report writers phrase them in the
/// report's language (`rule`, `inputs` and `formula` of the line say the same in English, for
/// the JSON and `explain`).
struct penalty_facts {
  const penalty* source = nullptr;  ///< the contract's clause
  const service* on = nullptr;      ///< tiered: the service measured (null: monitoring, counts)
  std::vector<const tier*> tiers;   ///< tiered: the tiers applied, in the contract's order
  std::int64_t numerator = 0, denominator = 1;  ///< tiered: the measured ratio; counts: n / 1
  std::string measured_formula;     ///< tiered on availability or a rate: its formula (symbols)
  std::vector<std::string> records; ///< per breach and count tiers: the breaching records
  std::string record;               ///< late: the incident or ticket; overdue: the invoice
  bool ticket = false;              ///< late: `record` is a ticket
  std::int64_t elapsed_s = 0, target_s = 0, units = 0;  ///< late
  minor_units overdue = 0;          ///< overdue: the invoice's amount
  civil_day due = 0, from = 0, to = 0;
  std::optional<civil_day> paid;
  std::int64_t days = 0;            ///< overdue: days charged in this period
  std::optional<period_unit> cut_by;  ///< the cap that cut the line, if one did
};

/// One penalty line: the figure a legal team checks by hand, with everything that produced it.
struct penalty_line {
  std::string penalty;  ///< the contract's name for it
  std::string subject;  ///< the service, incident, ticket or invoice it is charged for
  party_role payer = party_role::provider;
  origin where;         ///< clauses and the contract line
  std::string rule;     ///< the rule as the contract states it
  std::vector<std::string> inputs;
  std::string formula;  ///< with the numbers filled in
  std::vector<penalty_term> terms;  ///< the exact value is their sum
  penalty_facts facts;
  std::string exact;    ///< before rounding, in currency units
  minor_units rounded = 0;  ///< after rounding (once, per line)
  minor_units cap_cut = 0;  ///< taken off by caps
  minor_units amount = 0;   ///< owed: rounded − cap_cut
  std::string cap_note;
  /// A decision on this line (penalty:NAME): what it is reduced to before the caps (0 when
  /// waived); `rounded` stays what the terms give.
  std::optional<minor_units> decided;
  const decision* decided_by = nullptr;
  /// What the caps start from: the decided amount, else the rounded one.
  minor_units before_caps() const { return decided.value_or(rounded); }
};

/// One figure a decision changed, before and after it. What the numbers are depends on the
/// figure: a clock's elapsed seconds; availability's ratio; a line's amount before the caps
/// (minor units; absent: no such line).
struct decision_change {
  enum class figure : std::uint8_t { clock, ticket, escalation, availability, line };
  figure what = figure::clock;
  std::string record;  ///< incident or ticket id, the service, the penalty's name
  std::string part;    ///< respond or restore, the step (5min), the line's subject
  verdict before = verdict::met, after = verdict::met;
  std::int64_t before_n = 0, after_n = 0;  ///< elapsed s; availability numerator; amount
  std::int64_t before_d = 0, after_d = 0;  ///< availability denominator
  bool before_present = true, after_present = true;  ///< line: whether there was one
};

/// A decision of decisions.csv as applied to the period, and what it changed.
struct applied_decision {
  const decision* row = nullptr;  ///< the history's record (file and row, approver, reason)
  std::vector<decision_change> changes;  ///< empty: it changed no figure (said so in every report)
};

/// A decision that cannot be applied (it matches nothing, or it would raise a line): the run
/// stops on it with decisions.csv:row:column, as on a bad row.
struct refused_decision {
  const decision* row = nullptr;
  std::uint32_t column = 1;
  std::string message;
};

/// Where a yearly cap's earlier months of the contract year come from.
enum class earlier_source : std::uint8_t {
  unknown,  ///< not given: the yearly cap cannot be applied (the run says so; never read as 0)
  none,     ///< the contract year's first month: there are no earlier months
  ledger,   ///< the ledger of the runs of those months
  user      ///< stated by the user (--earlier-credits), not checked by the tool
};

/// What the provider's credits were in the contract year's earlier months, and who says so.
struct earlier_credits {
  earlier_source from = earlier_source::unknown;
  minor_units amount = 0;  ///< ledger, user
};

struct money_result {
  std::string currency;
  std::string rounding;  ///< "half up to 0.01"
  std::vector<penalty_line> lines;  ///< in the contract's order
  minor_units provider_before_caps = 0, provider_total = 0;  ///< credits owed by the provider
  minor_units customer_total = 0;  ///< owed by the customer (late payment): never netted
  std::vector<std::string> caps;   ///< each cap, its limit and what it cut
  /// The caps as numbers (minor units), for writers that recompute them.
  std::optional<minor_units> monthly_cap, yearly_cap;
  minor_units earlier_year_credits = 0;  ///< taken off the yearly cap before this month
  /// Where earlier_year_credits comes from; `unknown` leaves the yearly cap unapplied
  /// (yearly_cap is then empty and `caps` says why).
  earlier_source earlier_from = earlier_source::none;
  bool yearly_cap_unapplied = false;  ///< the contract has one, and the earlier months are unknown
  std::vector<std::string> earlier_months;  ///< the contract year's months before this one
  /// With decisions: the totals the terms give without them (the same history and caps).
  std::optional<minor_units> undecided_provider_before_caps, undecided_provider_total, undecided_customer_total;
  /// With decisions: every line whose amount before the caps the decisions changed, or that
  /// they removed or brought (a waived breach takes a late line away).
  std::vector<decision_change> line_changes;
};

/// Which terms judged a period of an amended contract (docs/rules.md, Amendments).
struct terms_in_force {
  bool amended = false;  ///< the contract has amendments: reports name the terms of every figure
  std::string month;     ///< the amendment in force on the period's first day; empty: as signed
  /// Amendments taking effect inside the period, by date: clocks started from then on are
  /// judged with their terms.
  std::vector<std::pair<std::string, civil_day>> from_within;
  /// Every amendment of the contract, by date.
  std::vector<std::pair<std::string, civil_day>> all;
  /// An amendment inside the period said `pro_rata`: its fee, fee shares and availability
  /// targets are shared by days (the `pro_rated` findings give the working).
  bool pro_rata = false;
};

struct period_result {
  std::string contract_id, contract_path, period, timezone;
  interval bounds;
  terms_in_force terms;
  /// The month's terms when a `pro_rata` amendment shared its fee and targets by days: made
  /// for this period, and kept here, where the views into them live as long as the result.
  std::shared_ptr<const contract> pro_rated;
  std::vector<availability_result> availability;  ///< in the contract's service order
  std::vector<clock_result> clocks;                 ///< by incident, then respond/restore
  std::vector<clock_result> tickets;                ///< ticket response clocks
  std::vector<escalation_result> escalations;       ///< steps that fell due in the period
  std::vector<rate_result> rates;
  /// Clocks that stopped in this period past their target, wherever they started: late-by-
  /// time penalties charge the whole lateness in the period the clock stops (docs/rules.md, Money).
  /// Collected only when the contract has such a penalty (for incidents, for tickets).
  std::vector<clock_result> stopped_late;
  money_result money;
  std::vector<finding> findings;
  std::vector<input_file> inputs;
  completeness complete;  ///< whether every input the terms read was seen: stated in every report
  /// decisions.csv, in file order, each with the figures it changed (the original beside the
  /// decided); and the line changes of the money as a whole in money.
  std::vector<applied_decision> decisions;
  std::vector<refused_decision> refused;  ///< not empty: nothing is to be reported
};

/// How many figures of a period missed their target, by kind: the overall verdict (and the
/// batch's portfolio) is "breached" when any is. A service counts once, whether it missed its
/// availability target, its downtime limit or both.
struct breach_counts {
  std::size_t services = 0, clocks = 0, escalations = 0, rates = 0;
  std::size_t total() const { return services + clocks + escalations + rates; }
};

inline breach_counts count_breaches(const period_result& r) {
  breach_counts n;
  for (auto& a : r.availability) n.services += a.on_target == verdict::breached || a.on_max_downtime == verdict::breached;
  for (auto* list : {&r.clocks, &r.tickets})
    for (auto& x : *list) n.clocks += x.outcome == verdict::breached;
  for (auto& e : r.escalations) n.escalations += e.outcome == verdict::breached;
  for (auto& x : r.rates) n.rates += x.outcome == verdict::breached;
  return n;
}

}  // namespace slaudit::engine
