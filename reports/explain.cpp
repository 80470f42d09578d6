#include "reports/explain.hpp"

#include "engine/decisions.hpp"
#include "engine/model_text.hpp"
#include "engine/money.hpp"
#include "reports/text_format.hpp"

namespace slaudit::reports {
namespace {

using namespace slaudit::engine;

std::string local(const zone& z, instant t) { return timestamp_text(z.to_local(t), ' '); }

std::string cite(const origin& o) {
  std::string s;
  for (auto& c : o.clauses) s += (s.empty() ? "clause " : ", ") + c;
  if (o.line)
    s += (s.empty() ? "" : "; ") + (o.file.empty() ? std::string("contract") : o.file) + " line " + std::to_string(o.line);
  return s.empty() ? "" : " (" + s + ")";
}

std::string cite(const origin* o) { return o ? cite(*o) : ""; }

std::string row(const source_row& at) {
  return at.file.empty() ? "" : "  [" + std::string(at.file) + " row " + std::to_string(at.row) + "]";
}

/// A viewed name or id, for building a line.
std::string str(std::string_view v) { return std::string(v); }

std::string secs(std::int64_t s) { return std::to_string(s) + " s"; }

/// The trail as text, one section after another, each line of a figure with its inputs.
class trail {
 public:
  trail(const period_result& r, const zone& z, const explain_filter& f) : r(r), z(z), f(f) {}

  std::string text() {
    line(r.contract_id + " " + r.period + " — " + r.timezone + ", " + local(z, r.bounds.from) + " to " +
         local(z, r.bounds.to) + " (" + secs(r.bounds.length()) + ")");
    if (r.terms.amended) {
      line("Terms: the month is judged with " + version(r.terms.month) + ", in force on its first day");
      for (auto& [name, day] : r.terms.from_within)
        line("  amendment \"" + name + "\" takes effect on " + day_text(day) +
             ": the clocks started from then on are judged with its targets");
      if (r.terms.pro_rata)
        line("  pro rata: the month's fee, fee shares and availability targets are shared by days between the terms "
             "(see the findings)");
    }
    if (!f.penalty) {
      for (auto& a : r.availability) availability(a);
      clocks();
      escalations();
      if (all() && !r.rates.empty()) rates();
    }
    penalties();
    decisions();
    if (all()) totals();
    if (f.incident && o.find(*f.incident) == std::string::npos)
      line(""), line("Nothing in this period concerns '" + *f.incident + "'.");
    return std::move(o);
  }

 private:
  void line(const std::string& s) { o += s + "\n"; }
  static std::string version(std::string_view amendment) {
    return amendment.empty() ? "the contract as signed" : "amendment \"" + std::string(amendment) + "\"";
  }
  /// After a clock's rule: the terms that judged it, when they are not the month's.
  std::string under(std::string_view terms) const {
    return r.terms.amended && terms != r.terms.month ? "  [under " + version(terms) + "]" : "";
  }
  bool all() const { return !f.incident && !f.penalty; }
  bool about(std::string_view id) const { return !f.incident || *f.incident == id; }

  /// The whole figure: asked for, or driven by the incident asked for.
  void availability(const availability_result& a) {
    bool relevant = all();
    for (auto& d : a.downtime) relevant = relevant || about(d.record);
    for (auto& e : a.excluded) relevant = relevant || about(e.record);
    if (!relevant) return;
    line("");
    line("Availability of " + a.service +
         (a.target_pct ? " — target at least " + a.target_pct->str() + "% a month" + cite(a.target_where) : ""));
    line("  S = " + secs(a.S) + "  planned service time: the service's coverage in the period and the term");
    line("  M = " + secs(a.M) + "  planned maintenance");
    for (auto& m : a.maintenance)
      line("      " + str(m.record) + "  " + local(z, m.span.from) + " → " + local(z, m.span.to) + "  " +
           secs(m.span.length()) + "  " + str(m.reason) + row(m.at));
    line("  U = " + secs(a.U) + "  unplanned downtime, overlaps counted once");
    for (auto& d : a.downtime)
      if (about(d.record))
        line("      " + str(d.record) + "  " + local(z, d.span.from) + " → " + local(z, d.span.to) + "  counted " +
             secs(d.counted_s) + " of " + secs(d.span.length()) + "  " + str(d.reason) + row(d.at));
    for (auto& m : a.unplanned_maintenance)
      line("      " + str(m.record) + "  " + local(z, m.span.from) + " → " + local(z, m.span.to) + "  counted " +
           secs(m.counted_s) + "  maintenance counted as downtime: " + str(m.reason) + row(m.at));
    for (auto& e : a.excluded)
      if (about(e.record)) line("      " + str(e.record) + "  not counted: " + str(e.reason) + row(e.at));
    line("  " + (a.formula.empty() ? std::string("not measurable") : a.formula) + "  → " +
         (a.target_pct ? verdict_word(a.on_target) : "no target"));
    if (a.max_downtime_s)
      line("  U = " + secs(a.U) + " against at most " + secs(*a.max_downtime_s) + cite(a.max_downtime_where) +
           "  → " + verdict_word(a.on_max_downtime));
  }

  void clocks() {
    bool header = false;
    for (auto* list : {&r.clocks, &r.tickets})
      for (auto& c : *list) {
        if (!about(c.incident)) continue;
        if (!header) line(""), line("Clocks"), header = true;
        std::string what = std::string(list == &r.tickets ? "ticket " : "") + str(c.incident) + " " + str(c.kind);
        line("  " + what + ": " + local(z, c.start) + " → " + (c.stop ? local(z, *c.stop) : "still running") +
             ", " + secs(c.elapsed_s) + " on " + str(c.coverage) + (c.paused_s ? " (" + secs(c.paused_s) + " paused)" : "") +
             " against " + secs(c.target_s) + cite(c.target_where) + under(c.terms) + "  → " + verdict_word(c.outcome) +
             (c.note.empty() ? "" : "  — " + str(c.note)) + row(c.at));
      }
  }

  void escalations() {
    bool header = false;
    for (auto& e : r.escalations) {
      if (!about(e.incident)) continue;
      if (!header) line(""), line("Escalation steps"), header = true;
      line("  " + str(e.incident) + " handling " + std::to_string(e.handling) + ", step after " +
           std::to_string(e.after_s / 60) + " min" + cite(e.where) + under(e.terms) + ": due " + local(z, e.due) + "  → " +
           verdict_word(e.outcome));
      for (auto& role : e.roles)
        line("      " + str(role.role) + ": " + (role.notified ? local(z, *role.notified) : std::string("no notification")) +
             "  " + str(notice_word(role.status)));
    }
  }

  void rates() {
    line("");
    line("Rates");
    for (auto& t : r.rates)
      line("  " + t.metric + (t.service.empty() ? "" : " of " + t.service) + ": " + t.formula + " over " +
           std::to_string(t.days) + " days" +
           (t.target_pct ? ", target " + t.target_pct->str() + "%" + cite(t.target_where) + "  → " + verdict_word(t.outcome)
                         : ""));
  }

  /// Each penalty line asked for (or mentioning the incident asked for): rule, inputs,
  /// formula, amount.
  void penalties() {
    const auto& m = r.money;
    bool header = false;
    for (auto& l : m.lines) {
      bool mentions = false;
      for (auto& in : l.inputs) mentions = mentions || (f.incident && in.find(*f.incident) != std::string::npos);
      if (f.penalty && l.penalty != *f.penalty) continue;
      if (f.incident && l.subject != *f.incident && !mentions) continue;
      if (!header) line(""), line("Penalties (" + m.currency + ", rounded " + m.rounding + ")"), header = true;
      line("  " + l.penalty + cite(l.where) + " — " + l.subject +
           (l.payer == party_role::customer ? " — owed by the customer" : ""));
      line("    rule:    " + l.rule);
      for (std::size_t k = 0; k < l.inputs.size(); ++k) line(std::string(k ? "             " : "    inputs:  ") + l.inputs[k]);
      line("    formula: " + l.formula);
      if (l.decided)
        line("    decided: " + std::string(l.decided_by->decided == decision::kind::waive ? "waived" : "reduced to " +
             money_text(*l.decided, m.currency) + " " + m.currency) + " by decisions.csv row " +
             std::to_string(l.decided_by->at.row) + " (approved by " + l.decided_by->approver + " on " +
             day_text(l.decided_by->approved) + ")");
      line("    amount:  " + money_text(l.amount, m.currency) + " " + m.currency +
           (l.cap_cut ? "  (" + l.cap_note + ")" : ""));
    }
    if (f.penalty && !header) line(""), line("No line of penalty '" + *f.penalty + "' in this period.");
  }

  /// The decisions of decisions.csv that concern what was asked for: each with its approver,
  /// date and reason, and every figure it changed, the original beside the decided.
  void decisions() {
    bool header = false;
    for (auto& a : r.decisions) {
      const decision& d = *a.row;
      bool relevant = all() || (f.penalty && d.what == decision::on::line && d.record == *f.penalty) ||
                      (f.incident && d.what != decision::on::line && d.record == *f.incident);
      for (auto& c : a.changes)
        relevant = relevant || (f.penalty && c.what == decision_change::figure::line && c.record == *f.penalty);
      if (!relevant) continue;
      if (!header) line(""), line("Decisions (decisions.csv)"), header = true;
      line("  row " + std::to_string(d.at.row) + ": " + d.target + " " + std::string(decision_word(d.decided)) +
           (d.value.empty() ? "" : " " + d.value) + " — approved by " + d.approver + " on " + day_text(d.approved) +
           ": " + d.reason);
      if (a.changes.empty()) line("      changed no figure");
      for (auto& c : a.changes) line("      " + change_text(c, r.money.currency));
    }
    if (header && all()) {
      for (auto& c : r.money.line_changes) line("    with all of them: " + change_text(c, r.money.currency));
    }
  }

  /// The caps, what each party owes, and the findings.
  void totals() {
    const auto& m = r.money;
    for (auto& c : m.caps) line("  " + c);
    line("  provider owes " + money_text(m.provider_total, m.currency) + " " + m.currency +
         (m.provider_before_caps != m.provider_total
              ? " (" + money_text(m.provider_before_caps, m.currency) + " before caps)"
              : "") +
         "; customer owes " + money_text(m.customer_total, m.currency) + " " + m.currency + " (late payment)");
    if (m.undecided_provider_total)
      line("  without the decisions: provider would owe " + money_text(*m.undecided_provider_total, m.currency) + " " +
           m.currency + " (" + money_text(*m.undecided_provider_before_caps, m.currency) + " before caps); customer " +
           money_text(*m.undecided_customer_total, m.currency) + " " + m.currency);
    if (!r.findings.empty()) {
      line("");
      line("Findings");
      for (auto& fd : r.findings) line("  " + fd.message + row(fd.at));
    }
  }

  const period_result& r;
  const zone& z;
  const explain_filter& f;
  std::string o;
};

}  // namespace

std::string explain_text(const period_result& r, const zone& z, const explain_filter& f) {
  return trail(r, z, f).text();
}

}  // namespace slaudit::reports
