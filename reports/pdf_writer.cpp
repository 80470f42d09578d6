#include "reports/pdf_writer.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <unordered_map>

#include "engine/model_text.hpp"
#include "engine/money.hpp"
#include "grammar/source.hpp"
#include "reports/pdf_layout.hpp"
#include "reports/penalty_text.hpp"
#include "reports/text_format.hpp"

namespace slaudit::reports {
namespace {

using namespace slaudit::engine;
using namespace slaudit::reports::pdf;

std::string local(const zone& z, instant t) {
  char buf[40];
  timestamp_chars(z.to_local(t), ' ', buf);
  return std::string(buf, 16);  // to the minute
}

/// The cover: parties, period, completeness, the verdict and the money.
void render_cover(layout& L, const report_context& ctx) {
  const auto& t = ctx.t;
  const auto& r = ctx.result;
  const auto& c = ctx.contract;
  const auto& m = ctx.result.money;
  auto money = [&](minor_units v) { return ctx.t.money(v, ctx.result.money.currency); };
  L.new_page();
  L.space(120);
  L.begin("H1");  // the document's title
  L.draw_text(margin, L.y(), t("report.title"), 22);
  L.end();
  L.space(34);
  L.draw_text(margin, L.y(), c.title.empty() ? r.contract_id : c.title, 14);
  L.space(40);
  breach_counts breaches = count_breaches(r);
  bool any = breaches.total() > 0;
  L.field(t("summary.contract"), r.contract_id);
  L.field(t("summary.customer"), c.party(party_role::customer));
  L.field(t("summary.provider"), c.party(party_role::provider));
  L.field(t("summary.period"), t.period_label(r.period) + "  (" + r.timezone + ")");
  // An amended contract: the terms that judged the month, and those that judged clocks in it.
  if (r.terms.amended) L.field(t("summary.terms"), terms_text(r.terms, t));
  L.field(t("summary.completeness"), completeness_text(r.complete, t), 150, body, r.complete.complete() ? green : red);
  L.field(t("summary.verdict"), t(any ? "verdict.overall.breached" : "verdict.overall.met"), 150, 11, any ? red : green);
  L.field(t("summary.provider_total"), money(m.provider_total), 150, 11);
  if (m.customer_total) L.field(t("summary.customer_total"), money(m.customer_total), 150, 11);
  // Decided figures never pass for the history's own: the cover says how many decisions
  // made them and what the provider would owe without them.
  if (m.undecided_provider_total)
    L.field(t("pdf.cover.decisions"),
            t.fill("pdf.cover.decisions_are", {{"count", std::to_string(r.decisions.size())},
                                               {"before", money(*m.undecided_provider_total)}}),
            150, body, red);
  L.field(t("summary.services_breached"), std::to_string(breaches.services));
  L.field(t("summary.clocks_breached"), std::to_string(breaches.clocks));
  // Every kind the overall verdict counts, so that "targets breached" always shows its cause.
  if (breaches.escalations || r.escalations.size())
    L.field(t("summary.escalations_breached"), std::to_string(breaches.escalations));
  if (breaches.rates || r.rates.size()) L.field(t("summary.rates_breached"), std::to_string(breaches.rates));
  L.space(20);
  // The report's date as the contract's parties read it: in its zone (a Shanghai month closes
  // on 1 November, not on 31 October as UTC has it).
  L.field(t("summary.generated"), timestamp_text(ctx.zone.to_local(ctx.document_time), ' ').substr(0, 10));
  L.field(t("summary.tool"), "slaudit " + ctx.tool_version);
}

/// The summary: each service's availability and verdict, and the rates.
void render_summary(layout& L, const report_context& ctx) {
  const auto& t = ctx.t;
  const auto& r = ctx.result;
  const auto& c = ctx.contract;
  L.new_page();
  L.heading(t("pdf.section.summary"));
  std::vector<std::vector<std::string>> rows;
  std::vector<verdict> verdicts;
  for (auto& a : r.availability) {
    std::string name = a.service;
    for (auto& s : c.services)
      if (s.id == a.service && !s.label.empty()) name += " " + s.label;
    rows.push_back({name, std::to_string(a.S), std::to_string(a.M), std::to_string(a.U),
                    a.denominator > 0 ? percent_text(a.numerator, a.denominator) + "%" : "—",
                    a.target_pct ? a.target_pct->str() + "%" : "—",
                    a.denominator <= 0 ? t("verdict.not_measurable") : a.target_pct ? t.verdict(a.on_target) : t("verdict.no_target"),
                    clauses(&a.target_where)});
    verdicts.push_back(a.denominator > 0 && a.target_pct ? a.on_target : verdict::not_measurable);
  }
  L.table({{t("services.service"), 110}, {t("services.S"), 62, true}, {t("services.M"), 62, true},
           {t("services.U"), 62, true}, {t("services.availability"), 70, true}, {t("services.target"), 45, true},
           {t("services.verdict"), 50}, {t("services.clause"), 34}},
          rows, [&](std::size_t row, std::size_t col) {
            if (col != 6) return black;
            return verdicts[row] == verdict::breached ? red : verdicts[row] == verdict::met ? green : black;
          });
  for (auto& a : r.availability)
    if (a.denominator > 0) L.paragraph(a.service + ": " + a.formula, small, grey);
  if (!r.rates.empty()) {
    rows.clear();
    std::vector<verdict> rate_verdicts;
    for (auto& x : r.rates) {
      rows.push_back({t("metric." + x.metric) + (x.service.empty() ? "" : " (" + x.service + ")"),
                      x.denominator > 0 ? percent_text(x.numerator, x.denominator) + "%" : "—",
                      x.target_pct ? x.target_pct->str() + "%" : "—",
                      x.denominator <= 0 ? t("verdict.not_measurable") : x.target_pct ? t.verdict(x.outcome) : t("verdict.no_target"),
                      rate_working(x, t)});
      rate_verdicts.push_back(x.outcome);
    }
    L.space(6);
    L.table({{t("metrics.metric"), 110}, {t("metrics.rate"), 60, true}, {t("metrics.target"), 50, true},
             {t("metrics.verdict"), 55}, {t("pdf.working"), 220}},
            rows, [&](std::size_t row, std::size_t col) {
              if (col != 3) return black;
              return rate_verdicts[row] == verdict::breached ? red : rate_verdicts[row] == verdict::met ? green : black;
            });
  }
}

/// Availability against target: horizontal bars on a shared scale, the target as a mark.
void render_chart(layout& L, const report_context& ctx) {
  const auto& t = ctx.t;
  const auto& r = ctx.result;
  L.heading(t("pdf.section.chart"));
  double lowest = 1.0;
  for (auto& a : r.availability) {
    if (a.denominator > 0) lowest = std::min(lowest, static_cast<double>(a.numerator) / static_cast<double>(a.denominator));
    if (a.target_pct) lowest = std::min(lowest, static_cast<double>(a.target_pct->units) / std::pow(10.0, a.target_pct->scale + 2));
  }
  double from = std::max(0.0, std::floor(lowest * 100.0 - 0.5) / 100.0);
  double x0 = margin + 110, span = page_w - margin - x0 - 60;
  auto at = [&](double v) { return x0 + span * std::clamp((v - from) / (1.0 - from), 0.0, 1.0); };
  for (auto& a : r.availability) {
    L.ensure(24);
    double y = L.y() - 18;
    L.draw_text(margin, y + 4, a.service, body);
    L.box(x0, y, span, 12, bar_back);
    if (a.denominator > 0) {
      double v = static_cast<double>(a.numerator) / static_cast<double>(a.denominator);
      // A figure with no target is neither met nor missed: drawn neutral.
      L.box(x0, y, at(v) - x0, 12, !a.target_pct ? grey : a.on_target == verdict::breached ? red : green);
      L.draw_text(x0 + span + 6, y + 3, percent_text(a.numerator, a.denominator) + "%", small);
    }
    if (a.target_pct) {
      double tx = at(static_cast<double>(a.target_pct->units) / std::pow(10.0, a.target_pct->scale + 2));
      L.line(tx, y - 3, tx, y + 15, black, 1.2);
    }
    L.set_y(y - 6);
  }
  L.ensure(16);
  L.set_y(L.y() - 12);
  char from_label[32];
  std::snprintf(from_label, sizeof from_label, "%.0f%%", from * 100.0);
  L.draw_text(x0, L.y(), from_label, small, grey);
  L.draw_text(x0 + span - 20, L.y(), "100%", small, grey);
  L.draw_text(x0 + 60, L.y(), t("pdf.chart.legend"), small, grey);
  L.space(8);
}

/// A record's description as the trail shows it: on one line, at most `most` characters, cut
/// with "…" (the history keeps it whole).
std::string described(std::string_view text, std::size_t most = 80) {
  std::string out;
  std::size_t i = 0, count = 0;
  while (i < text.size() && count < most) {
    std::size_t from = i;
    char32_t c = grammar::next_code_point(text, i);
    out.append(c == '\n' || c == '\r' || c == '\t' ? " " : std::string(text.substr(from, i - from)));
    ++count;
  }
  if (i < text.size()) out += "…";
  return out;
}

/// What breached: clocks of incidents and tickets, each with its record's description.
void render_breaches(layout& L, const report_context& ctx) {
  const auto& t = ctx.t;
  const auto& r = ctx.result;
  std::unordered_map<std::string_view, std::string_view> incident_texts, ticket_texts;
  if (ctx.history) {
    for (auto& i : ctx.history->incidents) incident_texts.emplace(i.id, i.description);
    for (auto& k : ctx.history->tickets) ticket_texts.emplace(k.id, k.description);
  }
  std::vector<std::vector<std::string>> rows;
  L.heading(t("pdf.section.breaches"));
  for (auto* list : {&r.clocks, &r.tickets})
    for (auto& x : *list) {
      // A waived breach stays in the trail, marked so: the filing shows what was waived.
      if (x.outcome != verdict::breached && x.outcome != verdict::waived) continue;
      std::string what = list == &r.tickets ? t("tickets.ticket") : t(x.kind == "respond" ? "kind.respond" : "kind.restore");
      auto& texts = list == &r.tickets ? ticket_texts : incident_texts;
      auto found = texts.find(x.incident);
      std::string note = breach_note(x, found == texts.end() ? std::string() : described(found->second), ctx.zone, t);
      rows.push_back({std::string(x.incident), what, local(ctx.zone, x.start), x.stop ? local(ctx.zone, *x.stop) : "—",
                      t.duration(x.elapsed_s), t.duration(x.target_s), clauses(x.target_where), note});
    }
  if (rows.empty()) L.paragraph(t("pdf.none"));
  else
    L.table({{t("incidents.incident"), 70}, {t("incidents.kind"), 38}, {t("incidents.start"), 62},
             {t("incidents.stop"), 62}, {t("pdf.col.elapsed"), 52, true}, {t("pdf.col.target"), 52, true},
             {t("services.clause"), 40}, {t("incidents.note"), 119}},
            rows);
}

/// Maintenance that counted as downtime (unplanned, short notice, outside the windows), and
/// the records left out of availability, each with its service and reason: what moved U,
/// what did not, and why.
void render_maintenance_and_exclusions(layout& L, const report_context& ctx) {
  const auto& t = ctx.t;
  const auto& r = ctx.result;
  std::vector<std::vector<std::string>> rows;
  L.heading(t("pdf.section.unplanned"));
  for (auto& a : r.availability)
    for (auto& m : a.unplanned_maintenance)
      rows.push_back({a.service, std::string(m.record), local(ctx.zone, m.span.from), local(ctx.zone, m.span.to),
                      t.duration(m.counted_s), interval_reason_text(m, t)});
  if (rows.empty()) L.paragraph(t("pdf.none"));
  else
    L.table({{t("services.service"), 60}, {t("pdf.col.record"), 70}, {t("incidents.start"), 62},
             {t("incidents.stop"), 62}, {t("pdf.col.counted"), 56, true}, {t("pdf.col.why"), 185}},
            rows);
  rows.clear();
  L.heading(t("pdf.section.excluded"));
  for (auto& a : r.availability)
    for (auto& e : a.excluded) rows.push_back({a.service, std::string(e.record), exclusion_text(e, t)});
  if (rows.empty()) L.paragraph(t("pdf.none"));
  else L.table({{t("services.service"), 60}, {t("pdf.col.record"), 70}, {t("pdf.col.why"), 365}}, rows);
}

/// Escalation steps missed or late.
void render_escalations(layout& L, const report_context& ctx) {
  const auto& t = ctx.t;
  const auto& r = ctx.result;
  std::vector<std::vector<std::string>> rows;
  L.heading(t("pdf.section.escalations"));
  for (auto& e : r.escalations) {
    if (e.outcome != verdict::breached && e.outcome != verdict::waived) continue;
    for (auto& role : e.roles)
      rows.push_back({std::string(e.incident), t.duration(e.after_s), local(ctx.zone, e.due), std::string(role.role),
                      role.notified ? local(ctx.zone, *role.notified) : "—",
                      notice_text(role, t) + (e.outcome == verdict::waived && role.status != escalation_result::notice::on_time
                                                  ? "（" + t.verdict(verdict::waived) + "）"
                                                  : ""),
                      clauses(e.where)});
  }
  if (rows.empty()) L.paragraph(t("pdf.none"));
  else
    L.table({{t("escalations.incident"), 70}, {t("pdf.col.after"), 55, true}, {t("escalations.due"), 70},
             {t("escalations.role"), 90}, {t("escalations.notified"), 70}, {t("escalations.status"), 60},
             {t("services.clause"), 80}},
            rows, [&](std::size_t row, std::size_t col) { return col == 5 && rows[row][5] != t("notice.on_time") ? red : black; });
}

/// The penalty trail: each line with its clause, rule, inputs, working and amount.
void render_penalties(layout& L, const report_context& ctx, const std::vector<penalty_words>& phrased) {
  const auto& t = ctx.t;
  const auto& c = ctx.contract;
  const auto& m = ctx.result.money;
  auto money = [&](minor_units v) { return ctx.t.money(v, ctx.result.money.currency); };
  L.heading(t("pdf.section.penalties"));
  L.field(t("penalties.rounding"), rounding_phrase(c, t));
  if (m.lines.empty()) L.paragraph(t("penalties.none"));
  for (std::size_t k = 0; k < m.lines.size(); ++k) {
    const auto& l = m.lines[k];
    const auto& words = phrased[k];
    std::string inputs;
    for (auto& in : words.inputs) inputs += (inputs.empty() ? "" : "\n") + in;
    std::string decided;
    if (l.decided) {
      const decision& d = *l.decided_by;
      decided = t.fill("pdf.penalty.decided_as", {{"decision", decision_text(d.decided, t)},
                                                  {"amount", money(*l.decided)},
                                                  {"row", std::to_string(d.at.row)},
                                                  {"approver", d.approver},
                                                  {"date", day_text(d.approved)}});
    }
    // The line's heading and its fields on one page (a block longer than a page breaks).
    double block = 6 + 15 + 13.5;  // space, heading, amount
    for (const std::string* field : {&words.rule, static_cast<const std::string*>(&inputs), &words.working, static_cast<const std::string*>(&decided)})
      if (!field->empty()) block += 12 * static_cast<double>(std::max<std::size_t>(1, L.wrap(*field, page_w - 2 * margin - 80, small).size()));
    L.ensure(std::min(block, 400.0));
    L.space(6);
    L.paragraph(std::to_string(k + 1) + ". " + l.penalty + " — " + words.subject + "  (" + t("services.clause") + " " +
                    clauses(&l.where) + ")" +
                    (l.payer == party_role::customer ? "  [" + t("payer.customer") + "]" : ""),
                10);
    L.field(t("pdf.penalty.rule"), words.rule, 80, small);
    L.field(t("pdf.penalty.inputs"), inputs, 80, small);
    L.field(t("pdf.penalty.formula"), words.working, 80, small);
    if (l.decided) L.field(t("pdf.penalty.decided"), decided, 80, small);
    L.field(t("pdf.penalty.amount"), money(l.amount) + (l.cap_cut ? "  (" + words.cap_note + ")" : ""), 80, body,
            l.cap_cut ? red : black);
  }
  auto caps = caps_phrases(m, t);
  if (!caps.empty()) {
    L.space(6);
    for (auto& cap : caps) L.field(t("pdf.penalty.cap"), cap, 80, small);
  }
  // The totals of clauses the contract has: no "before caps" without a cap, no late payment
  // owed by the customer without a clause that charges it.
  bool customer_pays = std::any_of(c.penalties.begin(), c.penalties.end(),
                                   [](auto& p) { return p.payer == party_role::customer; });
  L.space(6);
  if (!c.caps.empty()) L.field(t("penalties.provider_before_caps"), money(m.provider_before_caps), 180);
  L.field(t("penalties.provider_total"), money(m.provider_total), 180, 11);
  if (customer_pays || m.customer_total) L.field(t("penalties.customer_total"), money(m.customer_total), 180, 11);
  if (m.undecided_provider_total) L.field(t("pdf.penalty.undecided"), money(*m.undecided_provider_total), 180);
}

/// The decisions of decisions.csv: who approved what, when and why, and every figure each
/// changed, before and after; then what they changed together.
void render_decisions(layout& L, const report_context& ctx) {
  const auto& t = ctx.t;
  const auto& r = ctx.result;
  const auto& m = r.money;
  if (r.decisions.empty()) return;
  L.heading(t("pdf.section.decisions"));
  L.paragraph(t("decisions.intro"), small);
  std::vector<std::vector<std::string>> rows;
  for (auto& a : r.decisions) {
    const decision& d = *a.row;
    rows.push_back({std::to_string(d.at.row), d.target, decision_text(d.decided, t) + (d.value.empty() ? "" : "\n" + d.value),
                    d.approver + "\n" + day_text(d.approved), d.reason, joined(changes_text(a, m.currency, t), "\n")});
  }
  L.table({{t("decisions.row"), 24, true}, {t("decisions.target"), 86}, {t("decisions.decision"), 56},
           {t("decisions.approver"), 76}, {t("decisions.reason"), 110}, {t("decisions.changes"), 143}},
          rows, [&](std::size_t row, std::size_t) { return r.decisions[row].changes.empty() ? red : black; });
  L.space(6);
  auto money = [&](minor_units v) { return t.money(v, m.currency); };
  L.paragraph(t.fill("decisions.totals", {{"before", money(*m.undecided_provider_total)}, {"after", money(m.provider_total)}}));
  if (!m.line_changes.empty()) {
    std::string lines = t("decisions.line_changes");
    for (auto& c : m.line_changes) lines += "\n  " + change_text(c, m.currency, t);
    L.paragraph(lines, small);
  }
}

/// Inputs, version, signatures.
void render_inputs(layout& L, const report_context& ctx) {
  const auto& t = ctx.t;
  const auto& r = ctx.result;
  const auto& c = ctx.contract;
  std::vector<std::vector<std::string>> rows;
  L.heading(t("pdf.section.inputs"));
  // Each file read: its rows, those outside the period and those skipped (each skipped row is
  // a finding below, with why), and its SHA-256.
  for (auto& f : r.inputs)
    rows.push_back({f.name, f.encoding, std::to_string(f.bytes), std::to_string(f.rows),
                    std::to_string(f.outside_period), std::to_string(f.skipped), f.sha256});
  rows.push_back({t("inputs.contract") + ": " + r.contract_path, "", "", "", "", "", ctx.contract_sha256});
  L.table({{t("inputs.file"), 100}, {t("inputs.encoding"), 44}, {t("inputs.bytes"), 46, true},
           {t("inputs.rows"), 36, true}, {t("inputs.outside"), 44, true}, {t("inputs.skipped"), 44, true},
           {t("inputs.sha256"), 181}},
          rows, [&](std::size_t row, std::size_t col) {
            return col == 5 && row < r.inputs.size() && r.inputs[row].skipped ? red : black;
          });
  L.field(t("summary.tool"), "slaudit " + ctx.tool_version);
  L.heading(t("pdf.section.completeness"));
  L.paragraph(completeness_text(r.complete, t), body, r.complete.complete() ? black : red);
  rows.clear();
  for (auto& f : r.complete.files)
    rows.push_back({std::string(f.name), t(f.read ? "complete.read" : f.from_export ? "complete.in_export" : "complete.absent"), f.read ? "" : absence_text(f, t)});
  L.table({{t("inputs.file"), 120}, {t("inputs.state"), 70}, {t("inputs.why"), 305}}, rows);
  if (!r.findings.empty()) {
    L.heading(t("pdf.section.findings"));
    for (auto& f : r.findings)
      L.paragraph((f.at.file.empty() ? std::string() : std::string(f.at.file) + ":" + std::to_string(f.at.row) + "  ") +
                      finding_text(f, t),
                  small);
  }

  // For each party: who signs (name and title), the signature, the seal and the date.
  static const char* const fields[] = {"pdf.signature.name", "pdf.signature.title", "pdf.signature.sign",
                                       "pdf.signature.seal", "pdf.signature.date"};
  constexpr int count = sizeof fields / sizeof fields[0];
  L.heading(t("pdf.section.signature"), 40 + 28 * count);
  double y = L.y() - 16, half = (page_w - 2 * margin) / 2;
  for (int k = 0; k < 2; ++k) {
    party_role role = k == 0 ? party_role::customer : party_role::provider;
    double x = margin + k * half;
    L.draw_text(x, y, t(k == 0 ? "summary.customer" : "summary.provider"), body, grey);
    L.draw_text(x, y - 16, c.party(role), body);
    for (int line = 0; line < count; ++line) {
      double ly = y - 46 - line * 28;
      L.draw_text(x, ly + 3, t(fields[line]), body, grey);
      L.line(x + 60, ly, x + half - 20, ly, rule_grey, 0.6);
    }
  }
  L.set_y(y - 46 - 28 * count);
}

void render(layout& L, const report_context& ctx) {
  std::vector<penalty_words> own;
  if (!ctx.phrased) own = phrase_penalties(ctx.result, ctx.t);
  const std::vector<penalty_words>& phrased = ctx.phrased ? *ctx.phrased : own;
  render_cover(L, ctx);
  render_summary(L, ctx);
  render_chart(L, ctx);
  render_breaches(L, ctx);
  render_maintenance_and_exclusions(L, ctx);
  render_escalations(L, ctx);
  render_penalties(L, ctx, phrased);
  render_decisions(L, ctx);
  render_inputs(L, ctx);
}

}  // namespace

bool write_pdf(const report_context& ctx, const std::string& path, std::string& why) {
  pdf::document_info info;
  info.title = ctx.t("report.title") + " " + ctx.result.contract_id + " " + ctx.result.period;
  info.tool_version = ctx.tool_version;
  info.running_head = ctx.result.contract_id + "  " + ctx.t.period_label(ctx.result.period);
  info.document_time = ctx.document_time;
  return pdf::write_document(path, info, ctx.t, [&](pdf::layout& L) { render(L, ctx); }, why);
}

}  // namespace slaudit::reports
