#include "engine/decisions.hpp"

#include <algorithm>

#include "engine/model_text.hpp"
#include "engine/money.hpp"

namespace slaudit::engine {
namespace {

using on = decision::on;

/// "the respond clock of incident A-2", "the escalation step 30min of incident A-2", for messages.
std::string figure_name(const decision& d) {
  switch (d.what) {
    case on::clock: return "the " + d.part + " clock of incident " + d.record;
    case on::ticket: return "the " + d.part + " clock of ticket " + d.record;
    case on::escalation: return "the escalation step " + d.part + " of incident " + d.record;
    case on::line: return "penalty " + d.record + (d.part.empty() ? "" : " (" + d.part + ")");
    case on::incident: return "incident " + d.record;
  }
  return "";
}

/// The note a decided clock carries, after what it said before.
std::string_view decided_note(const clock_result& x, const decision& d) {
  std::string note(x.note);
  if (!note.empty()) note += "; ";
  note += d.decided == decision::kind::waive ? "breach waived" : "credited " + d.value;
  note += " by decision (decisions.csv row " + std::to_string(d.at.row) + ", approved by " + d.approver + " on " +
          day_text(d.approved) + ")";
  return lasting_text(note);
}

/// Judges a clock again after `credit_s` is taken off its elapsed time (docs/rules.md,
/// Decisions), by the rule every clock is judged by.
void credit(clock_result& x, std::int64_t credit_s) {
  x.elapsed_s = std::max<std::int64_t>(0, x.elapsed_s - credit_s);
  x.outcome = timed_verdict(x.elapsed_s, x.target_s, x.stop.has_value());
}

void refuse(period_result& r, const decision& d, std::uint32_t column, std::string message) {
  r.refused.push_back({&d, column, std::move(message)});
}

/// The `kind` clocks of the decision's incident or ticket, among those judged here and those
/// charged late here (the same clock may be both). `R`: period_result, const or not.
template <typename R>
auto clocks_named(R& r, const decision& d, std::string_view kind) {
  bool ticket = d.what == on::ticket;
  std::vector<decltype(&r.clocks.front())> named;
  for (auto* list : {ticket ? &r.tickets : &r.clocks, &r.stopped_late})
    for (auto& x : *list)
      if (x.incident == d.record && x.kind == kind && (x.at.file == "tickets.csv") == ticket) named.push_back(&x);
  return named;
}

/// A clock or ticket decision: the clocks it names among those judged here and those charged
/// late here (the same clock may be both).
void decide_clock(const decision& d, period_result& r) {
  bool ticket = d.what == on::ticket;
  if (ticket && d.part == "resolve") {
    refuse(r, d, d.target_column, d.target + " matches nothing: the contract's only ticket clock is the response "
                                  "(ticket:" + d.record + ":respond)");
    return;
  }
  std::vector<clock_result*> named = clocks_named(r, d, d.part);
  std::string what = figure_name(d);
  if (named.empty()) {
    refuse(r, d, d.target_column, d.target + " matches nothing: " + what + " is neither judged nor charged in " +
                                      r.period + " (a month's decisions are on that month's figures)");
    return;
  }
  bool breached = std::any_of(named.begin(), named.end(), [](auto* x) { return x->outcome == verdict::breached; });
  if (!breached) {
    refuse(r, d, d.target_column, d.target + ": " + what + " is " + verdict_word(named.front()->outcome) + " in " +
                                      r.period + ": there is no breach to " + std::string(decision_word(d.decided)));
    return;
  }
  if (d.decided == decision::kind::reduce &&
      std::any_of(named.begin(), named.end(), [](auto* x) { return (x->note_flags & note_missing) != 0; })) {
    refuse(r, d, d.value_column, d.target + ": " + what + " is breached for a missing stop time, not for time taken: "
                                     "it can be waived, not credited");
    return;
  }
  for (auto* x : named) {
    if (x->outcome != verdict::breached) continue;
    if (d.decided == decision::kind::waive) x->outcome = verdict::waived;
    else credit(*x, d.credit_s);
    x->note = decided_note(*x, d);
    x->note_flags |= note_decided;
  }
}

void decide_step(const decision& d, period_result& r) {
  escalation_result* step = nullptr;
  for (auto& e : r.escalations)
    if (e.incident == d.record && e.after_s == d.step_s) step = &e;
  if (!step) {
    refuse(r, d, d.target_column, d.target + " matches nothing: incident " + d.record + " has no escalation step of " +
                                      d.part + " falling due in " + r.period);
    return;
  }
  if (step->outcome != verdict::breached) {
    refuse(r, d, d.target_column, d.target + ": the step's notices were on time: there is no breach to waive");
    return;
  }
  step->outcome = verdict::waived;
}

const clock_result* find_clock(const period_result& r, const decision& d, std::string_view kind) {
  auto named = clocks_named(r, d, kind);
  return named.empty() ? nullptr : named.front();
}

void clock_change(const period_result& original, const period_result& decided, const decision& d,
                  std::string_view kind, applied_decision& out) {
  const clock_result* before = find_clock(original, d, kind);
  const clock_result* after = find_clock(decided, d, kind);
  if (!before && !after) return;
  if (before && after && before->outcome == after->outcome && before->elapsed_s == after->elapsed_s) return;
  decision_change c;
  c.what = d.what == on::ticket ? decision_change::figure::ticket : decision_change::figure::clock;
  c.record = d.record, c.part = std::string(kind);
  c.before_present = before != nullptr, c.after_present = after != nullptr;
  if (before) c.before = before->outcome, c.before_n = before->elapsed_s;
  if (after) c.after = after->outcome, c.after_n = after->elapsed_s;
  out.changes.push_back(std::move(c));
}

const escalation_result* find_step(const period_result& r, const decision& d) {
  for (auto& e : r.escalations)
    if (e.incident == d.record && e.after_s == d.step_s) return &e;
  return nullptr;
}

const availability_result* availability_of(const period_result& r, std::string_view service) {
  for (auto& a : r.availability)
    if (a.service == service) return &a;
  return nullptr;
}

/// A line's key: its penalty and subject.
bool same_line(const penalty_line& a, const penalty_line& b) { return a.penalty == b.penalty && a.subject == b.subject; }

}  // namespace

reclassifications reclassified(const history& h, const decision* leave_out) {
  reclassifications out;
  for (auto& d : h.decisions) {
    if (d.what != on::incident || &d == leave_out) continue;
    for (std::uint32_t k = 0; k < h.incidents.size(); ++k) {
      if (h.incidents[k].id != d.record) continue;
      if (d.decided == decision::kind::cause) out[k].origin = d.new_cause;
      else out[k].effect = d.new_effect;
    }
  }
  return out;
}

/// "cause reclassified as customer by decision (decisions.csv row 5, approved by 李经理 on
/// 2026-11-04)": what a reclassified incident's figures say of it.
std::string reclassified_text(const decision& d) {
  return std::string(decision_word(d.decided)) + " reclassified as " + d.value + " by decision (decisions.csv row " +
         std::to_string(d.at.row) + ", approved by " + d.approver + " on " + day_text(d.approved) + ")";
}

/// A reclassified incident's figures say so: its clocks left out (or judged) and its parts of
/// availability, counted or left out.
void mark_reclassified(const decision& d, period_result& r) {
  std::string said = reclassified_text(d);
  auto with = [&](std::string_view text) { return lasting_text(text.empty() ? said : std::string(text) + "; " + said); };
  for (auto& x : r.clocks)
    if (x.incident == d.record) x.note = with(x.note), x.note_flags |= note_decided;
  for (auto& a : r.availability) {
    for (auto& e : a.excluded)
      if (e.record == d.record) e.reason = with(e.reason), e.decided = true;
    for (auto& i : a.downtime)
      if (i.record == d.record) i.reason = with(i.reason);
  }
}

void apply_figure_decisions(const history& h, period_result& r) {
  for (auto& d : h.decisions) {
    if (d.what == on::clock || d.what == on::ticket) decide_clock(d, r);
    else if (d.what == on::escalation) decide_step(d, r);
    else if (d.what == on::incident) mark_reclassified(d, r);
  }
}

void apply_line_decisions(const history& h, const std::string& period, money_result& m,
                          std::vector<refused_decision>& refused) {
  for (auto& d : h.decisions) {
    if (d.what != on::line) continue;
    std::vector<penalty_line*> named;
    std::string subjects;
    for (auto& l : m.lines) {
      if (l.penalty != d.record) continue;
      subjects += (subjects.empty() ? "" : ", ") + l.subject;
      if (d.part.empty() || l.subject == d.part) named.push_back(&l);
    }
    if (named.empty()) {
      refused.push_back({&d, d.target_column,
                         d.target + " matches nothing: " + figure_name(d) + " has no line in " + period +
                             (subjects.empty() ? "" : " (its lines are for: " + subjects + ")")});
      continue;
    }
    if (named.size() > 1) {
      refused.push_back({&d, d.target_column,
                         d.target + ": penalty " + d.record + " has " + std::to_string(named.size()) + " lines in " +
                             period + " (for: " + subjects + "); name one, such as penalty:" + d.record + ":" +
                             named.front()->subject});
      continue;
    }
    penalty_line& l = *named.front();
    if (d.decided == decision::kind::reduce && d.reduce_to >= l.rounded) {
      refused.push_back({&d, d.value_column,
                         d.target + ": reducing the line to " + money_text(d.reduce_to, m.currency) + " " + m.currency +
                             (d.reduce_to == l.rounded ? " changes nothing" : " would raise it") + ": the terms give " +
                             money_text(l.rounded, m.currency) + " " + m.currency});
      continue;
    }
    if (l.rounded == 0) {
      refused.push_back({&d, d.target_column, d.target + ": the line is 0.00: there is nothing to waive"});
      continue;
    }
    l.decided = d.decided == decision::kind::waive ? 0 : d.reduce_to;
    l.decided_by = &d;
  }
}

void record_changes(const history& h, const period_result& original, period_result& decided,
                    const replay_without& without) {
  for (auto& d : h.decisions) {
    applied_decision& a = decided.decisions.emplace_back();
    a.row = &d;
    switch (d.what) {
      case on::clock:
      case on::ticket: clock_change(original, decided, d, d.part, a); break;
      case on::escalation: {
        const escalation_result* before = find_step(original, d);
        const escalation_result* after = find_step(decided, d);
        if (before && after && before->outcome != after->outcome) {
          decision_change c;
          c.what = decision_change::figure::escalation;
          c.record = d.record, c.part = d.part, c.before = before->outcome, c.after = after->outcome;
          a.changes.push_back(std::move(c));
        }
        break;
      }
      case on::line:
        for (auto& l : decided.money.lines)
          if (l.decided_by == &d) {
            decision_change c;
            c.what = decision_change::figure::line;
            c.record = l.penalty, c.part = l.subject, c.before_n = l.rounded, c.after_n = *l.decided;
            a.changes.push_back(std::move(c));
          }
        break;
      case on::incident: {
        // Its clocks, and the availability of its service, without it and with it.
        period_result before_it = without(d);
        for (auto kind : {"respond", "restore"}) clock_change(before_it, decided, d, kind, a);
        std::string_view service;
        for (auto& i : h.incidents)
          if (i.id == d.record) service = i.service;
        const availability_result* before = availability_of(before_it, service);
        const availability_result* after = availability_of(decided, service);
        if (before && after && (before->numerator != after->numerator || before->denominator != after->denominator)) {
          decision_change c;
          c.what = decision_change::figure::availability;
          c.record = std::string(service);
          c.before = before->on_target, c.after = after->on_target;
          c.before_n = before->numerator, c.before_d = before->denominator;
          c.after_n = after->numerator, c.after_d = after->denominator;
          a.changes.push_back(std::move(c));
        }
        break;
      }
    }
  }
  // The money as a whole: every line the decisions changed, took away or brought.
  money_result& m = decided.money;
  m.undecided_provider_before_caps = original.money.provider_before_caps;
  m.undecided_provider_total = original.money.provider_total;
  m.undecided_customer_total = original.money.customer_total;
  auto change = [&](const penalty_line* before, const penalty_line* after) {
    const penalty_line& l = before ? *before : *after;
    decision_change c;
    c.what = decision_change::figure::line;
    c.record = l.penalty, c.part = l.subject;
    c.before_present = before != nullptr, c.after_present = after != nullptr;
    if (before) c.before_n = before->before_caps();
    if (after) c.after_n = after->before_caps();
    if (c.before_present && c.after_present && c.before_n == c.after_n) return;
    m.line_changes.push_back(std::move(c));
  };
  for (auto& l : original.money.lines) {
    auto it = std::find_if(m.lines.begin(), m.lines.end(), [&](auto& x) { return same_line(x, l); });
    change(&l, it == m.lines.end() ? nullptr : &*it);
  }
  for (auto& l : m.lines)
    if (std::none_of(original.money.lines.begin(), original.money.lines.end(), [&](auto& x) { return same_line(x, l); }))
      change(nullptr, &l);
}

std::string change_text(const decision_change& c, const std::string& currency) {
  using F = decision_change::figure;
  auto side = [&](bool before) -> std::string {
    if (!(before ? c.before_present : c.after_present)) return "no line";
    verdict v = before ? c.before : c.after;
    std::int64_t n = before ? c.before_n : c.after_n, d = before ? c.before_d : c.after_d;
    switch (c.what) {
      case F::clock:
      case F::ticket: return std::string(verdict_word(v)) + ", " + std::to_string(n) + " s";
      case F::escalation: return verdict_word(v);
      case F::availability:
        return (d > 0 ? percent_text(n, d) + "% " : std::string("not measurable ")) + verdict_word(v);
      case F::line: return money_text(n, currency) + " " + currency;
    }
    return "";
  };
  std::string what;
  switch (c.what) {
    case F::clock: what = "the " + c.part + " clock of " + c.record; break;
    case F::ticket: what = "the " + c.part + " clock of ticket " + c.record; break;
    case F::escalation: what = "the escalation step " + c.part + " of " + c.record; break;
    case F::availability: what = "availability of " + c.record; break;
    case F::line: what = "penalty " + c.record + " (" + c.part + ")"; break;
  }
  return what + ": " + side(true) + " → " + side(false) + (c.what == F::line ? " (before the caps)" : "");
}

}  // namespace slaudit::engine
