// A penalty line in the report's language: its rule, inputs and working phrased from the
// engine's facts with the templates (the engine's own English sentences feed the JSON and
// `explain`; the reports use these).
#pragma once

#include <string>
#include <vector>

#include "engine/model.hpp"
#include "engine/results.hpp"
#include "engine/zone.hpp"
#include "reports/texts.hpp"

namespace slaudit::reports {

struct penalty_words {
  std::string subject, rule, working, cap_note;
  std::vector<std::string> inputs;
};

penalty_words phrase_penalty(const engine::penalty_line& l, const engine::period_result& r, const texts& t);

/// Every penalty line of `r.money`, in order.
std::vector<penalty_words> phrase_penalties(const engine::period_result& r, const texts& t);

/// "四舍五入，精确到 ¥0.01" / "half up to ¥0.01".
std::string rounding_phrase(const engine::contract& c, const texts& t);

/// Each cap with its limit (and for a yearly cap, what earlier months used and what is left).
std::vector<std::string> caps_phrases(const engine::money_result& m, const texts& t);
/// The one-line completeness verdict: "complete: …" or "incomplete: tickets.csv absent (…)".
std::string completeness_text(const engine::completeness& k, const texts& t);
/// What a history file's absence means for this contract (or "required" for incidents.csv).
std::string absence_text(const engine::history_file_state& f, const texts& t);

/// Where a yearly cap's earlier months come from (the ledger, the user's statement, none in a
/// contract year's first month), in the report's language.
std::string earlier_source_phrase(const engine::money_result& m, const texts& t);

/// A clock's note (carried over from the month it started in, still running, missing time,
/// excluded) in the report's language; `z` is the contract's zone.
std::string clock_note_text(const engine::clock_result& c, const engine::zone& z, const texts& t);
/// What the breach tables of the PDF and the HTML page say of a clock: its record's
/// `description`, then, on a line of its own, "waived" when it was and the clock's note.
std::string breach_note(const engine::clock_result& c, std::string description, const engine::zone& z, const texts& t);
/// Why an interval counted as downtime or maintenance (or maintenance did not count as planned).
std::string interval_reason_text(const engine::counted_interval& i, const texts& t);
/// Whether an escalation role was notified in time, late or not at all, in the report's language.
std::string notice_text(const engine::escalation_result::role_status& role, const texts& t);
/// A rate's working in the report's language: "(交易总数 − 失败数) / (…) = … = 95.0000%", or
/// why it is not measurable.
std::string rate_working(const engine::rate_result& r, const texts& t);
/// A figure a decision changed, before → after, in the report's language.
std::string change_text(const engine::decision_change& c, const std::string& currency, const texts& t);
/// Every figure a decision changed, phrased so; "changed no figure" when it changed none.
std::vector<std::string> changes_text(const engine::applied_decision& a, const std::string& currency, const texts& t);
/// "豁免" / "waive", … : a decision's kind.
std::string decision_text(engine::decision::kind k, const texts& t);

/// A finding about the data in the report's language ("row skipped" keeps the row's error as
/// the reader wrote it, in English).
std::string finding_text(const engine::finding& f, const texts& t);

/// Which terms judged an amended contract's month, for a report's cover: "amendment "X" (in
/// force from 2026-07-15)", and the amendments that take effect inside it.
std::string terms_text(const engine::terms_in_force& terms, const texts& t);

/// Why a record was left out of availability.
std::string exclusion_text(const engine::exclusion& e, const texts& t);

}  // namespace slaudit::reports
