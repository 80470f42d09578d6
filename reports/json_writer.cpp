#include "reports/json_writer.hpp"

#include <date/date.h>


#include "engine/model_text.hpp"
#include "engine/money.hpp"
#include "reports/json.hpp"
#include "reports/text_format.hpp"

namespace slaudit::reports {
namespace {

using namespace slaudit::engine;

/// `t` as UTC ISO 8601 with Z, in `buf` (no allocation: a month's JSON has thousands).
std::string_view utc_chars(instant t, char (&buf)[40]) {
  std::size_t n = timestamp_chars(t, 'T', buf);
  buf[n++] = 'Z';
  return {buf, n};
}

/// An instant as UTC ISO 8601 ("2026-10-31T15:30:00Z"); null when there is none.
void time(json_writer& w, const std::optional<instant>& t) {
  if (!t) return w.null();
  char buf[40];
  w.value_quoted(utc_chars(*t, buf));
}

void where(json_writer& w, const origin& o) {
  w.key("clauses").list();
  for (auto& c : o.clauses) w.str(c);
  w.close(']');
  o.line ? w.key("line").num(o.line) : w.key("line").null();
  // Only for a term written in an extended terms file: the contract's own file is the default.
  if (!o.file.empty()) w.key("file").str(o.file);
}

void where(json_writer& w, const origin* o) {
  static const origin none;
  where(w, o ? *o : none);
}

void source(json_writer& w, const source_row& at) {
  if (at.file.empty()) {
    w.key("source").null();
    return;
  }
  w.key("source").object();
  w.key("file").str(at.file);
  w.key("row").num(at.row);
  w.close('}');
}

/// "percent": the measured ratio, 4 decimals rounded down; null when not measurable.
void measured(json_writer& w, std::int64_t numerator, std::int64_t denominator) {
  denominator > 0 ? w.key("percent").str(percent_text(numerator, denominator))
                  : w.key("percent").null();
}

/// "target": {percent, verdict, clauses, line} of a percentage target.
void target(json_writer& w, const std::optional<decimal>& pct, verdict v, const origin& at) {
  w.key("target").object();
  pct ? w.key("percent").str(pct->str()) : w.key("percent").null();
  w.key("verdict").str(pct ? verdict_word(v) : "no target");
  where(w, at);
  w.close('}');
}

/// The row of decisions.csv whose decision a figure carries (0: none).
std::uint32_t decision_row(const std::vector<applied_decision>& decisions, decision::on what, std::string_view record,
                           std::string_view part) {
  for (auto& d : decisions)
    if (d.row->what == what && d.row->record == record && d.row->part == part) return d.row->at.row;
  for (auto& d : decisions)  // a clock of a reclassified incident
    if (d.row->what == decision::on::incident && d.row->record == record) return d.row->at.row;
  return 0;
}

/// An amended contract's figures name the amendment whose terms judged them (null: the
/// contract as signed); a contract never amended has no such key.
void terms_of(json_writer& w, bool amended, std::string_view terms) {
  if (!amended) return;
  terms.empty() ? w.key("terms").null() : w.key("terms").str(terms);
}

void clocks(json_writer& w, const char* name, const std::vector<clock_result>& v,
            const std::vector<applied_decision>& decisions, bool amended) {
  w.key(name).array();
  for (auto& c : v) {
    w.record();
    w.key(c.at.file == "tickets.csv" ? "ticket" : "incident").str(c.incident);
    if (!c.service.empty()) w.key("service").str(c.service);
    w.key("kind").str(c.kind);
    if (c.severity) w.key("severity").num(c.severity);
    if (c.note_flags & note_severity) {  // judged against a severity the incident changed to
      w.key("first_severity").num(c.first_severity);
      time(w.key("severity_from"), c.severity_from);
    }
    w.key("target_s").num(c.target_s);
    where(w, c.target_where);
    w.key("coverage").str(c.coverage);
    time(w.key("start"), c.start);
    time(w.key("stop"), c.stop);
    w.key("elapsed_s").num(c.elapsed_s);
    w.key("paused_s").num(c.paused_s);
    time(w.key("due"), c.due);
    w.key("verdict").str(verdict_word(c.outcome));
    terms_of(w, amended, c.terms);
    w.key("note").str(c.note);
    if (c.note_flags & note_decided)  // waived or credited: the decision and the original are in decisions[]
      w.key("decision_row").num(decision_row(decisions, c.at.file == "tickets.csv" ? decision::on::ticket : decision::on::clock,
                                             c.incident, c.kind));
    source(w, c.at);
    w.close('}');
  }
  w.close(']');
}

void intervals(json_writer& w, const char* name, const std::vector<counted_interval>& v) {
  w.key(name).array();
  for (auto& c : v) {
    w.record();
    w.key("record").str(c.record);
    time(w.key("from"), c.span.from);
    time(w.key("to"), c.span.to);
    w.key("seconds").num(c.span.length());
    w.key("counted_s").num(c.counted_s);
    w.key("reason").str(c.reason);
    source(w, c.at);
    w.close('}');
  }
  w.close(']');
}

void header(json_writer& w, const period_result& r, const std::string& tool_version,
            const std::vector<source_digest>& sources) {
  w.key("schema").str("slaudit-results/1");
  w.key("tool").object();
  w.key("name").str("slaudit");
  w.key("version").str(tool_version);
  w.close('}');
  w.key("contract").object();
  w.key("id").str(r.contract_id);
  w.key("file").str(r.contract_path);
  w.key("timezone").str(r.timezone);
  if (!sources.empty()) {
    w.key("sha256").str(sources.front().sha256);
    w.key("sources").array();
    for (std::size_t k = 1; k < sources.size(); ++k) {
      w.record();
      w.key("file").str(sources[k].file);
      w.key("sha256").str(sources[k].sha256);
      w.close('}');
    }
    w.close(']');
  }
  w.close('}');
  w.key("period").object();
  w.key("label").str(r.period);
  time(w.key("from"), r.bounds.from);
  time(w.key("to"), r.bounds.to);
  w.key("seconds").num(r.bounds.length());
  w.close('}');
  if (r.terms.amended) {  // which terms judged the month, and its amendments
    w.key("terms").object();
    r.terms.month.empty() ? w.key("month").null() : w.key("month").str(r.terms.month);
    w.key("amendments").array();
    for (auto& [name, day] : r.terms.all) {
      w.object();
      w.key("name").str(name);
      w.key("effective").str(day_text(day));
      bool within = std::find(r.terms.from_within.begin(), r.terms.from_within.end(), std::make_pair(name, day)) !=
                    r.terms.from_within.end();
      w.key("within_period").boolean(within);
      w.close('}');
    }
    w.close(']');
    // The month's own figures a `pro_rata` amendment shared by days, with their working.
    w.key("pro_rata").array();
    for (auto& f : r.findings) {
      if (f.what != finding::kind::pro_rated || f.values.size() < 3) continue;
      w.object();
      w.key("figure").str(f.values[0]);
      f.values[1].empty() ? w.key("service").null() : w.key("service").str(f.values[1]);
      w.key("working").str(f.values[2]);
      w.close('}');
    }
    w.close(']');
    w.close('}');
  }
}

void inputs(json_writer& w, const std::vector<input_file>& files) {
  w.key("inputs").array();
  for (auto& f : files) {
    w.record();
    w.key("file").str(f.name);
    w.key("encoding").str(f.encoding);
    w.key("bytes").num(static_cast<std::int64_t>(f.bytes));
    w.key("sha256").str(f.sha256);
    w.key("rows").num(static_cast<std::int64_t>(f.rows));
    w.key("outside_period").num(static_cast<std::int64_t>(f.outside_period));
    w.key("skipped").num(static_cast<std::int64_t>(f.skipped));
    w.close('}');
  }
  w.close(']');
}

/// Whether every input the contract's terms read was seen, and what each absent file means.
void completeness_of(json_writer& w, const completeness& c) {
  static const char* needs[] = {"required", "measured", "optional", "unused"};
  w.key("completeness").object();
  w.key("verdict").str(c.complete() ? "complete" : "incomplete");
  w.key("line").str(completeness_line(c));
  w.key("files").array();
  for (auto& f : c.files) {
    w.record();
    w.key("file").str(f.name);
    w.key("read").boolean(f.read);
    w.key("need").str(needs[static_cast<int>(f.need)]);
    if (f.read) w.key("why").null();
    else if (f.from_export)
      w.key("why").str(std::to_string(f.from_export) + " records from incidents.csv (the export's profile)");
    else w.key("why").str(need_text(f.name, f.need));
    w.close('}');
  }
  w.close(']');
  w.close('}');
}

void availability(json_writer& w, const availability_result& a) {
  w.object();
  w.key("service").str(a.service);
  w.key("S_s").num(a.S);
  w.key("M_s").num(a.M);
  w.key("U_s").num(a.U);
  w.key("numerator_s").num(a.numerator);
  w.key("denominator_s").num(a.denominator);
  measured(w, a.numerator, a.denominator);
  w.key("formula").str(a.formula);
  target(w, a.target_pct, a.on_target, a.target_where);
  w.key("max_downtime").object();
  a.max_downtime_s ? w.key("seconds").num(*a.max_downtime_s) : w.key("seconds").null();
  w.key("verdict").str(a.max_downtime_s ? verdict_word(a.on_max_downtime) : "no target");
  where(w, a.max_downtime_where);
  w.close('}');
  intervals(w, "downtime", a.downtime);
  intervals(w, "maintenance", a.maintenance);
  intervals(w, "unplanned_maintenance", a.unplanned_maintenance);
  w.key("excluded").array();
  for (auto& e : a.excluded) {
    w.record();
    w.key("record").str(e.record);
    w.key("reason").str(e.reason);
    source(w, e.at);
    w.close('}');
  }
  w.close(']');
  w.key("open_incidents").array();
  for (auto& id : a.open_incidents) w.str(id);
  w.close(']');
  w.close('}');
}

void escalations(json_writer& w, const std::vector<escalation_result>& steps,
                 const std::vector<applied_decision>& decisions, bool amended) {
  w.key("escalations").array();
  for (auto& e : steps) {
    w.record();
    w.key("incident").str(e.incident);
    w.key("handling").num(e.handling);
    w.key("after_s").num(e.after_s);
    time(w.key("due"), e.due);
    w.key("roles").array();
    for (auto& role : e.roles) {
      w.object();
      w.key("role").str(role.role);
      time(w.key("notified"), role.notified);
      w.key("status").str(notice_word(role.status));
      w.close('}');
    }
    w.close(']');
    w.key("verdict").str(verdict_word(e.outcome));
    if (e.outcome == verdict::waived)
      for (auto& d : decisions)
        if (d.row->what == decision::on::escalation && d.row->record == e.incident && d.row->step_s == e.after_s)
          w.key("decision_row").num(d.row->at.row);
    terms_of(w, amended, e.terms);
    where(w, e.where);
    source(w, e.at);
    w.close('}');
  }
  w.close(']');
}

void rates(json_writer& w, const std::vector<rate_result>& v) {
  w.key("rates").array();
  for (auto& rt : v) {
    w.object();
    w.key("metric").str(rt.metric);
    rt.service.empty() ? w.key("service").null() : w.key("service").str(rt.service);
    w.key("numerator").num(rt.numerator);
    w.key("denominator").num(rt.denominator);
    measured(w, rt.numerator, rt.denominator);
    w.key("days").num(static_cast<std::int64_t>(rt.days));
    w.key("formula").str(rt.formula);
    target(w, rt.target_pct, rt.outcome, rt.target_where);
    w.close('}');
  }
  w.close(']');
}

/// A penalty line: its clause, rule, inputs, terms and the formula from exact to charged.
void penalty(json_writer& w, const penalty_line& l, const std::string& currency) {
  auto amount = [&](minor_units v) { return money_text(v, currency); };
  w.object();
  w.key("penalty").str(l.penalty);
  w.key("subject").str(l.subject);
  w.key("payer").str(l.payer == party_role::customer ? "customer" : "provider");
  where(w, l.where);
  w.key("rule").str(l.rule);
  w.key("inputs").array();
  for (auto& in : l.inputs) w.str(in);
  w.close(']');
  w.key("terms").array();
  for (auto& t : l.terms) {
    w.record();
    w.key("what").str(t.what);
    w.key("base").str(amount(t.base));
    t.percent ? w.key("percent").str(t.percent->str()) : w.key("percent").null();
    w.key("count").num(t.count);
    w.close('}');
  }
  w.close(']');
  w.key("formula").str(l.formula);
  w.key("exact").str(l.exact);
  w.key("rounded").str(amount(l.rounded));
  if (l.decided) {  // what a decision reduced the line to, before the caps
    w.key("decided").str(amount(*l.decided));
    w.key("decision_row").num(l.decided_by->at.row);
  }
  w.key("cap_cut").str(amount(l.cap_cut));
  w.key("amount").str(amount(l.amount));
  w.key("amount_minor").num(l.amount);
  w.key("cap_note").str(l.cap_note);
  w.close('}');
}

void money(json_writer& w, const money_result& m) {
  auto amount = [&](minor_units v) { return money_text(v, m.currency); };
  w.key("money").object();
  w.key("currency").str(m.currency);
  w.key("rounding").str(m.rounding);
  w.key("lines").array();
  for (auto& l : m.lines) penalty(w, l, m.currency);
  w.close(']');
  w.key("caps").array();
  for (auto& c : m.caps) w.str(c);
  w.close(']');
  m.monthly_cap ? w.key("monthly_cap").str(amount(*m.monthly_cap)) : w.key("monthly_cap").null();
  m.yearly_cap ? w.key("yearly_cap").str(amount(*m.yearly_cap)) : w.key("yearly_cap").null();
  w.key("earlier_year_credits").str(amount(m.earlier_year_credits));
  // Who says what the earlier months were: an unknown is never shown as 0.
  const char* sources[] = {"unknown", "none", "ledger", "user"};
  w.key("earlier_year_source").str(sources[static_cast<int>(m.earlier_from)]);
  w.key("earlier_months").array();
  for (auto& month : m.earlier_months) w.str(month);
  w.close(']');
  w.key("provider_before_caps").str(amount(m.provider_before_caps));
  w.key("provider_total").str(amount(m.provider_total));
  w.key("provider_total_minor").num(m.provider_total);
  w.key("customer_total").str(amount(m.customer_total));
  w.key("customer_total_minor").num(m.customer_total);
  // With decisions: the totals without them, and every line they changed.
  if (m.undecided_provider_total) {
    w.key("undecided").record();
    w.key("provider_before_caps").str(amount(*m.undecided_provider_before_caps));
    w.key("provider_total").str(amount(*m.undecided_provider_total));
    w.key("customer_total").str(amount(*m.undecided_customer_total));
    w.close('}');
  } else {
    w.key("undecided").null();
  }
  w.key("line_changes").array();
  for (auto& c : m.line_changes) {
    w.record();
    w.key("penalty").str(c.record);
    w.key("subject").str(c.part);
    c.before_present ? w.key("before").str(amount(c.before_n)) : w.key("before").null();
    c.after_present ? w.key("after").str(amount(c.after_n)) : w.key("after").null();
    w.close('}');
  }
  w.close(']');
  w.close('}');
}

const char* figure_word(decision_change::figure f) {
  switch (f) {
    case decision_change::figure::clock: return "clock";
    case decision_change::figure::ticket: return "ticket";
    case decision_change::figure::escalation: return "escalation";
    case decision_change::figure::availability: return "availability";
    case decision_change::figure::line: return "line";
  }
  return "";
}

/// One side of a decided figure: {verdict, elapsed_s} of a clock, {verdict} of a step,
/// {verdict, numerator_s, denominator_s, percent} of availability, {amount} of a line.
void decided_side(json_writer& w, const decision_change& c, bool before, const std::string& currency) {
  if (!(before ? c.before_present : c.after_present)) return w.null();
  w.object();
  verdict v = before ? c.before : c.after;
  std::int64_t n = before ? c.before_n : c.after_n, d = before ? c.before_d : c.after_d;
  switch (c.what) {
    case decision_change::figure::clock:
    case decision_change::figure::ticket:
      w.key("verdict").str(verdict_word(v));
      w.key("elapsed_s").num(n);
      break;
    case decision_change::figure::escalation: w.key("verdict").str(verdict_word(v)); break;
    case decision_change::figure::availability:
      w.key("verdict").str(verdict_word(v));
      w.key("numerator_s").num(n);
      w.key("denominator_s").num(d);
      measured(w, n, d);
      break;
    case decision_change::figure::line: w.key("amount").str(money_text(n, currency)); break;
  }
  w.close('}');
}

void decisions(json_writer& w, const period_result& r) {
  w.key("decisions").array();
  for (auto& a : r.decisions) {
    const decision& d = *a.row;
    w.record();
    w.key("row").num(d.at.row);
    w.key("target").str(d.target);
    w.key("decision").str(decision_word(d.decided));
    w.key("value").str(d.value);
    w.key("approver").str(d.approver);
    w.key("approved").str(day_text(d.approved));
    w.key("reason").str(d.reason);
    w.key("changes").array();
    for (auto& c : a.changes) {
      w.object();
      w.key("figure").str(figure_word(c.what));
      w.key("record").str(c.record);
      c.part.empty() ? w.key("part").null() : w.key("part").str(c.part);
      decided_side(w.key("before"), c, true, r.money.currency);
      decided_side(w.key("after"), c, false, r.money.currency);
      w.close('}');
    }
    w.close(']');
    w.close('}');
  }
  w.close(']');
}

void findings(json_writer& w, const std::vector<finding>& v) {
  w.key("findings").array();
  for (auto& f : v) {
    w.record();
    source(w, f.at);
    w.key("column").str(f.column);
    w.key("message").str(f.message);
    w.close('}');
  }
  w.close(']');
}

/// Room for the whole document at once, from what each record takes (about 400 bytes a clock,
/// 500 an escalation step, 1,200 a penalty line): growing 2.4 MB by doubling copied it twice.
std::size_t room_for(const period_result& r) {
  std::size_t room = 64 * 1024 + 450 * (r.clocks.size() + r.tickets.size()) +
                     550 * r.escalations.size() + 1300 * r.money.lines.size() +
                     120 * r.findings.size();
  for (auto& a : r.availability)
    room += 350 * (a.downtime.size() + a.maintenance.size() + a.unplanned_maintenance.size() +
                   a.excluded.size());
  return room;
}

}  // namespace

std::string results_json(const period_result& r, const std::string& tool_version,
                         const std::vector<source_digest>& sources) {
  json_writer w;
  w.out.reserve(room_for(r));
  w.object();
  header(w, r, tool_version, sources);
  inputs(w, r.inputs);
  completeness_of(w, r.complete);
  w.key("availability").array();
  for (auto& a : r.availability) availability(w, a);
  w.close(']');
  clocks(w, "clocks", r.clocks, r.decisions, r.terms.amended);
  clocks(w, "tickets", r.tickets, r.decisions, r.terms.amended);
  escalations(w, r.escalations, r.decisions, r.terms.amended);
  rates(w, r.rates);
  money(w, r.money);
  decisions(w, r);
  findings(w, r.findings);
  w.close('}');
  w.out += '\n';
  return std::move(w.out);
}

}  // namespace slaudit::reports
