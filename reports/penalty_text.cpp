#include "reports/penalty_text.hpp"

#include <algorithm>

#include "engine/model_text.hpp"
#include "engine/money.hpp"
#include "engine/period.hpp"
#include "reports/text_format.hpp"

namespace slaudit::reports {
namespace {

using namespace slaudit::engine;

std::string pct(const decimal& d) { return d.str() + "%"; }

std::string day(civil_day d) { return timestamp_text(static_cast<instant>(d) * 86400).substr(0, 10); }

const char* metric_key(metric m) {
  switch (m) {
    case metric::availability: return "metric.availability";
    case metric::transactions: return "metric.transactions";
    case metric::early_detection: return "metric.early_detection";
    case metric::accuracy: return "metric.accuracy";
    case metric::respond_breaches: return "metric.respond_breaches";
    case metric::restore_breaches: return "metric.restore_breaches";
    case metric::ticket_breaches: return "metric.ticket_breaches";
    case metric::escalation_breaches: return "metric.escalation_breaches";
  }
  return "";
}

const char* target_key(breach_target b) {
  switch (b) {
    case breach_target::respond: return "target.respond";
    case breach_target::restore: return "target.restore";
    case breach_target::ticket_respond: return "target.ticket_respond";
    case breach_target::escalation: return "target.escalation";
  }
  return "";
}

bool counts(metric m) {
  return m == metric::respond_breaches || m == metric::restore_breaches || m == metric::ticket_breaches ||
         m == metric::escalation_breaches;
}

std::string duration(std::int64_t s, const texts& t) {
  if (s % 86400 == 0) return t.fill("unit.days", {{"n", std::to_string(s / 86400)}});
  if (s % 3600 == 0) return t.fill("unit.hours", {{"n", std::to_string(s / 3600)}});
  if (s % 60 == 0) return t.fill("unit.minutes", {{"n", std::to_string(s / 60)}});
  return t.fill("unit.seconds", {{"n", std::to_string(s)}});
}

/// A penalty line in the report's words: its rule, the inputs it was given, the working from
/// the terms to the rounded amount, and what a cap cut.
class penalty_phraser {
 public:
  penalty_phraser(const penalty_line& l, const period_result& r, const texts& t)
      : l(l), r(r), t(t), f(l.facts), pen(*l.facts.source), cur(r.money.currency), records(joined(f.records, ", ")) {}

  void phrase(penalty_words& words) {
    w = &words;
    switch (pen.type) {
      case penalty::kind::tiered: tiered(); break;
      case penalty::kind::per_breach: per_breach(); break;
      case penalty::kind::late: late(); break;
      case penalty::kind::overdue: overdue(); break;
    }
    working();
    if (f.cut_by)
      w->cap_note = t.fill("cap.cut", {{"cap", t(*f.cut_by == period_unit::year ? "cap.yearly" : "cap.monthly")},
                                       {"cut", money(l.cap_cut)},
                                       {"allowed", money(l.amount)}});
  }

 private:
  std::string money(minor_units v) const { return t.money(v, cur); }

  std::string credit(const engine::credit& c, const service* s) const {
    switch (c.base) {
      case credit::kind::fixed: return money(c.amount);
      case credit::kind::percent_of_fee: return t.fill("credit.fee", {{"pct", pct(c.pct)}});
      case credit::kind::percent_of_share: return t.fill("credit.share", {{"pct", pct(c.pct)}, {"service", s ? s->id : "?"}});
    }
    return std::string();
  }

  /// The fee or the service's share a credit is a percentage of, once among the inputs.
  void credit_inputs(const engine::credit& c, const service* s) {
    std::string line;
    if (c.base == credit::kind::percent_of_fee) {
      minor_units fee = 0;
      for (auto& term : l.terms)
        if (term.what == "monthly fee") fee = term.base;
      line = t.fill("given.fee", {{"amount", money(fee)}});
    } else if (c.base == credit::kind::percent_of_share) {
      minor_units share = s && s->fee_share ? *s->fee_share : 0;
      line = t.fill("given.share", {{"service", s ? s->id : "?"}, {"amount", money(share)}});
    } else {
      return;
    }
    if (std::find(w->inputs.begin(), w->inputs.end(), line) == w->inputs.end()) w->inputs.push_back(line);
  }

  /// Tiers: each tier's range and credit; the measured figure (or the count) it was judged on.
  void tiered() {
    bool count = counts(pen.on);
    std::vector<std::string> rules;
    for (auto* tier : f.tiers) {
      std::string c = credit(tier->amount, f.on);
      if (count) {
        std::string range = tier->low->str() + (tier->high ? (*tier->high == *tier->low ? "" : "–" + tier->high->str()) : "+");
        rules.push_back(t.fill("rule.count", {{"range", range}, {"credit", c}}));
      } else if (!tier->low) {
        rules.push_back(t.fill("rule.below", {{"high", pct(*tier->high)}, {"credit", c}}));
      } else {
        rules.push_back(t.fill("rule.between", {{"low", pct(*tier->low)}, {"high", pct(*tier->high)}, {"credit", c}}));
      }
    }
    w->rule = joined(rules, t("list.separator"));
    if (pen.cumulative && rules.size() > 1) w->rule = t.fill("rule.cumulative", {{"rules", w->rule}});
    if (count)
      w->inputs.push_back(t.fill("given.count", {{"metric", t(metric_key(pen.on))}, {"period", t.period_label(r.period)},
                                                  {"n", std::to_string(f.numerator)}, {"records", records}}));
    else
      w->inputs.push_back(t.fill("given.measured", {{"metric", t(metric_key(pen.on))},
                                                     {"service", f.on ? f.on->id : t("subject.monitoring")},
                                                     {"value", percent_text(f.numerator, f.denominator) + "%"},
                                                     {"formula", f.measured_formula}}));
    for (auto* tier : f.tiers) credit_inputs(tier->amount, f.on);
  }

  void per_breach() {
    w->rule = t.fill("rule.per_breach", {{"target", t(target_key(pen.target))}, {"credit", credit(pen.amount, nullptr)}});
    w->inputs.push_back(t.fill("given.breaches", {{"target", t(target_key(pen.target))}, {"period", t.period_label(r.period)},
                                                   {"n", std::to_string(f.records.size())}, {"records", records}}));
    credit_inputs(pen.amount, nullptr);
  }

  void late() {
    w->rule = t.fill("rule.late", {{"target", t(target_key(pen.target))}, {"credit", credit(pen.amount, nullptr)},
                                   {"unit", duration(pen.unit_s, t)},
                                   {"mode", t(pen.per_started_unit ? "unit.started" : "unit.full")}});
    w->inputs.push_back(t.fill("given.late", {{"what", t(f.ticket ? "tickets.ticket" : "incidents.incident")},
                                               {"record", f.record},
                                               {"target", t(target_key(pen.target))},
                                               {"elapsed", t.duration(f.elapsed_s)},
                                               {"limit", t.duration(f.target_s)},
                                               {"late", t.duration(f.elapsed_s - f.target_s)},
                                               {"units", std::to_string(f.units)}}));
    credit_inputs(pen.amount, nullptr);
  }

  void overdue() {
    w->rule = t.fill("rule.overdue", {{"pct", pct(pen.daily_rate_pct)}});
    w->inputs.push_back(t.fill("given.invoice", {{"invoice", f.record}, {"amount", money(f.overdue)}, {"due", day(f.due)},
                                                  {"paid", f.paid ? t.fill("given.paid", {{"date", day(*f.paid)}})
                                                                  : t("given.unpaid")}}));
    w->inputs.push_back(t.fill("given.days", {{"period", t.period_label(r.period)}, {"from", day(f.from)},
                                               {"to", day(f.to)}, {"days", std::to_string(f.days)}}));
  }

  /// The working: each term as base × percent × count, their sum exactly, then the rounding.
  void working() {
    std::vector<std::string> parts;
    exact_money sum;
    for (auto& term : l.terms) {
      std::string part = money(term.base);
      auto v = exact_money::of(term.base);
      if (term.percent) part += " × " + pct(*term.percent), v = v.percent(*term.percent);
      if (term.count != 1 || pen.type == penalty::kind::per_breach || pen.type == penalty::kind::late)
        part += " × " + std::to_string(term.count);
      sum = sum.plus(v.times(term.count));
      parts.push_back(part);
    }
    std::string exact = t.money_exact(exact_text(sum, cur), cur);
    std::string rounded = money(l.rounded);
    w->working = joined(parts, " + ") + " = " + exact;
    if (exact != rounded) w->working = t.fill("working.rounded", {{"working", w->working}, {"rounded", rounded}});
  }

  const penalty_line& l;
  const period_result& r;
  const texts& t;
  const penalty_facts& f;
  const penalty& pen;
  const std::string& cur;
  std::string records;
  penalty_words* w = nullptr;
};

}  // namespace

penalty_words phrase_penalty(const penalty_line& l, const period_result& r, const texts& t) {
  penalty_words w;
  w.subject = l.subject == "all services" ? t("subject.all") : l.subject == "monitoring" ? t("subject.monitoring") : l.subject;
  if (!l.facts.source) {  // a line without facts: the engine's own words
    w.rule = l.rule;
    w.inputs = l.inputs;
    w.working = l.formula;
    w.cap_note = l.cap_note;
    return w;
  }
  penalty_phraser(l, r, t).phrase(w);
  return w;
}

std::string rate_working(const rate_result& r, const texts& t) {
  std::string terms = t.fill("rate.formula." + r.metric, {{"total", std::to_string(r.total)},
                                                          {"failed", std::to_string(r.failed)},
                                                          {"excluded", std::to_string(r.excluded)}});
  if (r.denominator <= 0) return t.fill("rate.not_measurable", {{"working", terms}});
  return terms + " = " + std::to_string(r.numerator) + " / " + std::to_string(r.denominator) + " = " +
         percent_text(r.numerator, r.denominator) + "%";
}

std::string rounding_phrase(const contract& c, const texts& t) {
  const char* key = c.rounding == rounding_mode::half_up     ? "rounding.half_up"
                    : c.rounding == rounding_mode::half_even ? "rounding.half_even"
                    : c.rounding == rounding_mode::down      ? "rounding.down"
                                                             : "rounding.up";
  return t.fill("rounding.text", {{"mode", t(key)}, {"unit", t.money(c.rounding_unit, c.currency)}});
}

std::vector<std::string> caps_phrases(const money_result& m, const texts& t) {
  std::vector<std::string> out;
  if (m.monthly_cap) out.push_back(t.fill("caps.monthly", {{"limit", t.money(*m.monthly_cap, m.currency)}}));
  if (m.yearly_cap)
    out.push_back(t.fill("caps.yearly", {{"limit", t.money(*m.yearly_cap, m.currency)},
                                         {"earlier", t.money(m.earlier_year_credits, m.currency)},
                                         {"source", earlier_source_phrase(m, t)},
                                         {"left", t.money(std::max<minor_units>(0, *m.yearly_cap - m.earlier_year_credits),
                                                          m.currency)}}));
  else if (m.yearly_cap_unapplied)
    out.push_back(t.fill("caps.yearly_unknown", {{"from", m.earlier_months.front()}, {"to", m.earlier_months.back()}}));
  return out;
}

std::string absence_text(const history_file_state& f, const texts& t) {
  if (f.from_export) return t.fill("complete.from_export", {{"rows", std::to_string(f.from_export)}});
  std::string stem(f.name.substr(0, f.name.find('.')));
  switch (f.need) {
    case file_need::required: return t("complete.required");
    case file_need::measured: return t("complete.measured." + stem);
    case file_need::optional: return t("complete.optional." + stem);
    case file_need::unused: return t("complete.unused." + stem);
  }
  return "";
}

std::string completeness_text(const completeness& k, const texts& t) {
  if (k.complete()) return t("complete.yes");
  std::vector<std::string> gaps;
  for (auto& g : k.gaps) {
    std::string file(g.file), rows = std::to_string(g.rows);
    switch (g.what) {
      case completeness_gap::kind::absent:
        gaps.push_back(t.fill("complete.gap.absent", {{"file", file}, {"why", absence_text({g.file, false, file_need::measured}, t)}}));
        break;
      case completeness_gap::kind::skipped_rows:
        gaps.push_back(t.fill("complete.gap.skipped", {{"file", file}, {"rows", rows}}));
        break;
      case completeness_gap::kind::all_outside:
        gaps.push_back(t.fill("complete.gap.outside", {{"file", file}, {"rows", rows}}));
        break;
    }
  }
  return t.fill("complete.no", {{"gaps", joined(gaps, t("list.separator"))}});
}

std::string earlier_source_phrase(const money_result& m, const texts& t) {
  switch (m.earlier_from) {
    case earlier_source::none: return t("caps.source.none");
    case earlier_source::ledger:
      return t.fill("caps.source.ledger", {{"from", m.earlier_months.front()}, {"to", m.earlier_months.back()}});
    case earlier_source::user:
      return t.fill("caps.source.user", {{"from", m.earlier_months.front()}, {"to", m.earlier_months.back()}});
    case earlier_source::unknown: break;
  }
  return t("caps.source.unknown");
}

namespace {

const char* cause_key(cause x) {
  switch (x) {
    case cause::provider: return "cause.provider";
    case cause::third_party: return "cause.third_party";
    case cause::customer: return "cause.customer";
    case cause::force_majeure: return "cause.force_majeure";
  }
  return "";
}

std::string span_words(std::int64_t s, const texts& t) {
  return t.fill("duration.dhm", {{"d", std::to_string(s / 86400)}, {"h", std::to_string(s % 86400 / 3600)},
                                 {"m", std::to_string(s % 3600 / 60)}});
}

}  // namespace

std::string breach_note(const clock_result& c, std::string description, const zone& z, const texts& t) {
  std::string why = clock_note_text(c, z, t);
  if (c.outcome == verdict::waived) why = t.verdict(verdict::waived) + (why.empty() ? "" : t("list.separator") + why);
  if (!why.empty()) description += (description.empty() ? "" : "\n") + why;
  return description;
}

std::string clock_note_text(const clock_result& c, const zone& z, const texts& t) {
  if (!c.note_flags) return std::string(c.note);  // most clocks: no note, or the engine's own
  std::vector<std::string> parts;
  if (c.note_flags & note_carried) parts.push_back(t.fill("note.carried", {{"month", month_of(c.start, z).label()}}));
  if (c.note_flags & note_missing) {
    std::string what = t(c.kind == "respond" ? "target.respond" : "target.restore");
    parts.push_back(t.fill(c.outcome == verdict::breached ? "note.missing_breach" : "note.missing_unjudged", {{"what", what}}));
  }
  if (c.note_flags & note_running)
    parts.push_back(t(c.outcome == verdict::pending ? "note.pending" : "note.running_past"));
  if (c.note_flags & note_severity)
    parts.push_back(t.fill("note.severity", {{"to", std::to_string(c.severity)},
                                             {"from", timestamp_text(z.to_local(c.severity_from), ' ')},
                                             {"first", std::to_string(c.first_severity)}}));
  if (c.note_flags & note_excluded) parts.push_back(t.fill("note.excluded", {{"cause", t(cause_key(c.excluded_cause))}}));
  if (c.note_flags & note_decided) parts.push_back(t("note.decided"));
  if (parts.empty() && !c.note.empty()) return std::string(c.note);  // a note without flags: as the engine wrote it
  return joined(parts, t("list.separator"));
}

std::string interval_reason_text(const counted_interval& i, const texts& t) {
  switch (i.why) {
    case interval_why::outage: return t("why.outage");
    case interval_why::outage_to_close: return t("why.outage_to_close");
    case interval_why::outage_open: return t("why.outage_open");
    case interval_why::outage_while_impact: return t("why.outage_while_impact");
    case interval_why::in_window: return t("why.in_window");
    case interval_why::noticed_approved: return t.fill("why.noticed_approved", {{"ahead", span_words(i.ahead_s, t)}});
    case interval_why::emergency_allowed: return t("why.emergency_allowed");
    case interval_why::emergency_approved: return t("why.emergency_approved");
    case interval_why::emergency_refused: return t("why.emergency_refused");
    case interval_why::emergency_unapproved: return t("why.emergency_unapproved");
    case interval_why::no_notice: return t("why.no_notice");
    case interval_why::short_notice:
      return t.fill("why.short_notice", {{"ahead", span_words(i.ahead_s, t)}, {"required", span_words(i.required_s, t)}});
    case interval_why::unapproved: return t("why.unapproved");
  }
  return std::string(i.reason);
}

std::string notice_text(const engine::escalation_result::role_status& role, const texts& t) {
  using notice = engine::escalation_result::notice;
  return t(role.status == notice::on_time ? "notice.on_time" : role.status == notice::late ? "notice.late" : "notice.missing");
}

std::string exclusion_text(const exclusion& e, const texts& t) {
  std::string decided = e.decided ? t("excluded.decided") : "";
  if (e.by_impact) return t(*e.by_impact == impact::degraded ? "excluded.degraded" : "excluded.terminal") + decided;
  if (e.by_cause) return t.fill("excluded.cause", {{"cause", t(cause_key(*e.by_cause))}}) + decided;
  return std::string(e.reason);
}

std::string finding_text(const finding& f, const texts& t) {
  auto& v = f.values;
  auto at = [&](std::size_t k) { return k < v.size() ? v[k] : std::string(); };
  switch (f.what) {
    case finding::kind::other: return f.message;
    case finding::kind::repeated_local_time: return t.fill("finding.repeated_local_time", {{"time", at(0)}, {"zone", at(1)}});
    case finding::kind::row_skipped: return t.fill("finding.row_skipped", {{"why", at(0)}});
    case finding::kind::state_not_pausing: return t.fill("finding.state_not_pausing", {{"state", at(0)}});
    case finding::kind::missing_time:
      return t.fill(at(3) == "yes" ? "finding.missing_time_breach" : "finding.missing_time_unjudged",
                    {{"what", t(at(0) == "ticket" ? "tickets.ticket" : "incidents.incident")},
                     {"record", at(1)},
                     {"clock", t(at(2) == "respond" ? "target.respond" : "target.restore")}});
    case finding::kind::all_outside:
      return t.fill("finding.all_outside", {{"rows", at(0)}, {"file", at(1)}, {"period", t.period_label(at(2))}});
    case finding::kind::yearly_cap_unapplied:
      return t.fill("finding.yearly_cap_unapplied", {{"first", at(0)}, {"last", at(1)}});
    case finding::kind::created_before_opened:
      return t.fill("finding.created_before_opened", {{"incident", at(0)}, {"field", at(1)}, {"time", at(2)}, {"opened", at(3)}});
    case finding::kind::not_an_incident: return t.fill("finding.not_an_incident", {{"number", at(0)}, {"class", at(1)}});
    case finding::kind::amended_within:
      return t.fill(at(4) == "pro_rata" ? "finding.amended_within_pro_rata" : "finding.amended_within",
                    {{"name", at(0)}, {"date", at(1)}, {"period", t.period_label(at(2))},
                     {"terms", at(3).empty() ? t("version.as_signed") : t.fill("version.amendment", {{"name", at(3)}})}});
    case finding::kind::pro_rated:
      return t.fill("finding.pro_rated." + at(0), {{"service", at(1)}, {"working", at(2)}, {"decimals", at(3)}});
  }
  return f.message;
}

std::string terms_text(const terms_in_force& terms, const texts& t) {
  auto version = [&](const std::string& name) {
    return name.empty() ? t("version.as_signed") : t.fill("version.amendment", {{"name", name}});
  };
  std::string text = version(terms.month);
  for (auto& [name, day] : terms.all)
    if (name == terms.month) text = t.fill("version.since", {{"terms", text}, {"date", day_text(day)}});
  for (auto& [name, day] : terms.from_within)
    text = t.fill("version.within", {{"terms", text}, {"date", day_text(day)}, {"within", version(name)}});
  if (terms.pro_rata) text = t.fill("version.pro_rata", {{"terms", text}});
  return text;
}

std::vector<std::string> changes_text(const applied_decision& a, const std::string& currency, const texts& t) {
  std::vector<std::string> out;
  for (auto& c : a.changes) out.push_back(change_text(c, currency, t));
  if (out.empty()) out.push_back(t("change.none"));
  return out;
}

std::string decision_text(decision::kind k, const texts& t) { return t("decision." + std::string(decision_word(k))); }

std::string change_text(const decision_change& c, const std::string& currency, const texts& t) {
  using F = decision_change::figure;
  auto side = [&](bool before) -> std::string {
    if (!(before ? c.before_present : c.after_present)) return t("change.no_line");
    verdict v = before ? c.before : c.after;
    std::int64_t n = before ? c.before_n : c.after_n, d = before ? c.before_d : c.after_d;
    switch (c.what) {
      case F::clock:
      case F::ticket: return t.fill("change.timed", {{"verdict", t.verdict(v)}, {"duration", t.duration(n)}});
      case F::escalation: return t.verdict(v);
      case F::availability:
        if (d <= 0) return t.verdict(verdict::not_measurable);
        return t.fill("change.measured", {{"percent", percent_text(n, d)}, {"verdict", t.verdict(v)}});
      case F::line: return t.money(n, currency);
    }
    return "";
  };
  std::vector<std::pair<std::string_view, std::string>> values = {
      {"record", c.record}, {"before", side(true)}, {"after", side(false)}};
  switch (c.what) {
    case F::clock:
      values.push_back({"kind", t(c.part == "respond" ? "kind.respond" : "kind.restore")});
      return t.fill("change.clock", values);
    case F::ticket: return t.fill("change.ticket", values);
    case F::escalation: values.push_back({"step", c.part}); return t.fill("change.escalation", values);
    case F::availability: return t.fill("change.availability", values);
    case F::line:
      values.push_back({"subject", c.part == "all services" ? t("subject.all")
                                   : c.part == "monitoring" ? t("subject.monitoring")
                                                            : c.part});
      return t.fill("change.line", values);
  }
  return "";
}

std::vector<penalty_words> phrase_penalties(const period_result& r, const texts& t) {
  std::vector<penalty_words> out;
  out.reserve(r.money.lines.size());
  for (auto& l : r.money.lines) out.push_back(phrase_penalty(l, r, t));
  return out;
}

}  // namespace slaudit::reports
