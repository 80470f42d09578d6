#include "engine/model_text.hpp"

#include <date/date.h>

#include <sstream>

namespace slaudit::engine {
namespace {

std::string clauses(const origin& o) {
  std::string s;
  for (auto& c : o.clauses) s += " clause " + c;
  return s;
}
std::string span(const day_span& d) { return std::to_string(d.from_s) + "-" + std::to_string(d.to_s); }
std::string cov(const coverage& c) { return c.calendar ? *c.calendar : "7x24"; }
std::string cred(const credit& c) {
  switch (c.base) {
    case credit::kind::fixed: return std::to_string(c.amount) + " minor";
    case credit::kind::percent_of_fee: return c.pct.str() + "% of fee";
    case credit::kind::percent_of_share: return c.pct.str() + "% of share";
  }
  return "";
}
std::string opt_dec(const std::optional<decimal>& d) { return d ? d->str() : "-"; }

}  // namespace

std::string day_text(civil_day d) {
  date::year_month_day ymd{date::sys_days{date::days{d}}};
  std::ostringstream s;
  s << ymd;
  return s.str();
}

std::string model_text(const contract& c) {
  std::ostringstream o;
  o << "contract " << c.id << "\ntitle " << c.title << "\n";
  for (auto& [role, name] : c.parties) o << "party " << static_cast<int>(role) << " " << name << "\n";
  o << "term " << day_text(c.term_first) << " " << day_text(c.term_last) << "\ntimezone " << c.timezone
    << "\ncurrency " << c.currency << "\nfee " << c.fee << " basis " << static_cast<int>(c.fee_basis)
    << " monthly " << c.monthly_fee << "\nrounding " << static_cast<int>(c.rounding) << " " << c.rounding_unit
    << "\n";
  for (auto& cal : c.calendars) {
    o << "calendar " << cal.name << clauses(cal.where) << "\n";
    for (int d = 0; d < 7; ++d)
      for (auto& s : cal.hours[d]) o << "  hours " << d << " " << span(s) << "\n";
    for (auto& h : cal.holidays) o << "  holiday " << day_text(h.day) << " " << h.label << "\n";
    for (auto& w : cal.workdays) o << "  workday " << day_text(w.day) << " " << w.label << "\n";
    for (auto& s : cal.workday_hours) o << "  workday_hours " << span(s) << "\n";
    for (auto& i : cal.imported) o << "  imported " << i << "\n";
  }
  for (auto& l : c.levels) {
    o << "level " << l.id << " " << l.label << " " << cov(l.hours) << clauses(l.where);
    for (auto m : l.modes) o << " mode" << static_cast<int>(m);
    o << "\n";
  }
  auto target = [&](const char* name, const std::optional<clock_target>& t) {
    if (!t) return;
    o << "  " << name << " " << t->within_s << " on " << (t->on ? cov(*t->on) : "level") << clauses(t->where)
      << "\n";
  };
  for (auto& s : c.severities) {
    o << "severity " << s.id << " " << s.label << clauses(s.where) << "\n";
    target("respond", s.respond);
    target("restore", s.restore);
  }
  if (c.escalation_rules) {
    auto& e = *c.escalation_rules;
    o << "escalation grace " << e.grace_s << clauses(e.where) << "\n";
    for (auto& [sev, row] : e.matrix)
      for (auto& [lvl, h] : row) o << "  matrix " << sev << " " << lvl << " " << h << "\n";
    for (auto& [h, steps] : e.steps)
      for (auto& st : steps) {
        o << "  step " << h << " " << st.after_s;
        for (auto& r : st.roles) o << " " << r;
        o << clauses(st.where) << "\n";
      }
  }
  o << "maintenance notice " << c.maintenance.notice_s << " emergency "
    << static_cast<int>(c.maintenance.emergency) << clauses(c.maintenance.where) << "\n";
  for (auto& w : c.maintenance.windows) {
    o << "  window";
    for (int d = 0; d < 7; ++d) o << (w.days[d] ? "1" : "0");
    o << " " << span(w.span) << "\n";
  }
  auto list = [&](const char* name, const auto& v) {
    o << name;
    for (auto x : v) o << " " << static_cast<int>(x);
    o << "\n";
  };
  list("exclude causes availability", c.excluded.causes_availability);
  list("exclude causes clocks", c.excluded.causes_clocks);
  list("exclude impacts availability", c.excluded.impacts_availability);
  list("exclude impacts clocks", c.excluded.impacts_clocks);
  o << "pause";
  for (auto& p : c.pause_states) o << " " << p;
  o << "\nmissing_time_is_breach " << c.missing_time_is_breach << "\n";
  for (auto& s : c.services) {
    o << "service " << s.id << " " << s.label << " level " << s.level << clauses(s.where) << "\n  availability "
      << opt_dec(s.availability_pct) << clauses(s.availability_where) << "\n  max_downtime "
      << (s.max_downtime_s ? std::to_string(*s.max_downtime_s) : "-") << clauses(s.max_downtime_where)
      << "\n  transactions " << opt_dec(s.transactions_pct) << clauses(s.transactions_where) << "\n  fee_share "
      << (s.fee_share ? std::to_string(*s.fee_share) : "-") << "\n";
  }
  o << "tickets" << clauses(c.tickets.where) << "\n";
  target("respond", c.tickets.respond);
  o << "monitoring " << opt_dec(c.monitoring.early_detection_pct) << " " << opt_dec(c.monitoring.accuracy_pct)
    << clauses(c.monitoring.where) << "\n";
  for (auto& p : c.penalties) {
    o << "penalty " << p.name << " kind " << static_cast<int>(p.type) << " payer " << static_cast<int>(p.payer)
      << clauses(p.where) << "\n";
    switch (p.type) {
      case penalty::kind::tiered:
        o << "  on " << static_cast<int>(p.on) << " service " << p.service.value_or("*") << " cumulative "
          << p.cumulative << "\n";
        for (auto& t : p.tiers)
          o << "  tier " << opt_dec(t.low) << " " << opt_dec(t.high) << " " << cred(t.amount) << clauses(t.where)
            << "\n";
        break;
      case penalty::kind::per_breach:
        o << "  per breach " << static_cast<int>(p.target) << " " << cred(p.amount) << "\n";
        break;
      case penalty::kind::late:
        o << "  late " << static_cast<int>(p.target) << " " << cred(p.amount) << " started " << p.per_started_unit
          << " unit " << p.unit_s << "\n";
        break;
      case penalty::kind::overdue: o << "  overdue " << p.daily_rate_pct.str() << "% per day\n"; break;
    }
  }
  for (auto& cp : c.caps) o << "cap " << cred(cp.limit) << " per " << static_cast<int>(cp.per) << clauses(cp.where) << "\n";
  return o.str();
}

}  // namespace slaudit::engine
