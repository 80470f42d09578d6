#include "reports/html_writer.hpp"

#include <algorithm>
#include <unordered_map>

#include "engine/model_text.hpp"
#include "engine/money.hpp"
#include "reports/penalty_text.hpp"
#include "reports/text_format.hpp"

namespace slaudit::reports {

using namespace slaudit::engine;

std::string html_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

namespace {

/// One stylesheet for every page: system fonts (CJK ones named), tables that scroll sideways
/// on a phone instead of overflowing, and print that keeps rows and penalty lines whole.
const char* const style = R"css(
:root { color-scheme: light; --red: #b3261e; --green: #1e7b34; --grey: #5f6368; --rule: #d0d4d9; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", "Noto Sans CJK SC", "WenQuanYi Micro Hei", "PingFang SC", "Microsoft YaHei", sans-serif;
       color: #1f1f1f; margin: 0 auto; max-width: 1100px; padding: 24px; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 32px 0 8px; border-bottom: 1px solid var(--rule); padding-bottom: 4px; }
h3 { font-size: 16px; margin: 18px 0 4px; }
.sub { color: var(--grey); margin: 0 0 16px; }
dl.fields { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 8px 0; }
dl.fields dt { color: var(--grey); }
dl.fields dd { margin: 0; overflow-wrap: anywhere; }
.scroll { overflow-x: auto; -webkit-overflow-scrolling: touch; }
table { border-collapse: collapse; width: 100%; margin: 6px 0; font-size: 14px; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--rule); vertical-align: top; }
th { color: var(--grey); font-weight: 600; white-space: nowrap; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.hash { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 12px; overflow-wrap: anywhere; }
.breached, .bad { color: var(--red); font-weight: 600; }
.met, .good { color: var(--green); }
.working { color: var(--grey); font-size: 13px; overflow-wrap: anywhere; }
.line { border: 1px solid var(--rule); border-radius: 6px; padding: 8px 12px; margin: 10px 0; break-inside: avoid; }
.line .amount { font-size: 16px; font-weight: 600; }
.totals { font-size: 17px; }
.note { white-space: pre-line; }
svg { width: 100%; height: auto; display: block; }
svg text { font: 11px system-ui, sans-serif; fill: var(--grey); }
nav a { margin-right: 12px; }
@media (max-width: 600px) {
  body { padding: 12px; font-size: 14px; }
  h1 { font-size: 21px; }
  dl.fields { grid-template-columns: 1fr; }
  dl.fields dd { margin-bottom: 6px; }
  nav { display: none; }
  table { min-width: 640px; }  /* scrolls sideways in its .scroll box rather than squeeze */
  svg text { font-size: 20px; }
}
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; }
  nav { display: none; }
  .scroll { overflow: visible; }
  tr, .line, figure { break-inside: avoid; }
  h2 { break-after: avoid; }
  a { color: inherit; text-decoration: none; }
}
)css";

std::string page(language lang, const std::string& title, const std::string& body) {
  return "<!DOCTYPE html>\n<html lang=\"" + std::string(lang == language::en ? "en" : "zh-CN") +
         "\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
         "<meta name=\"generator\" content=\"slaudit\">\n<title>" +
         html_escape(title) + "</title>\n<style>" + style + "</style>\n</head>\n<body>\n" + body + "</body>\n</html>\n";
}

std::string local(const zone& z, instant t) {
  char buf[40];
  timestamp_chars(z.to_local(t), ' ', buf);
  return std::string(buf, 16);
}

std::string verdict_class(verdict v) { return v == verdict::breached ? "breached" : v == verdict::met ? "met" : ""; }

/// A table: header cells (a leading '#' marks a number column), rows of HTML cells.
class table {
 public:
  explicit table(std::vector<std::string> heads) : heads_(std::move(heads)) {}
  table& row(std::vector<std::string> cells, std::vector<std::string> classes = {}) {
    rows_.push_back({std::move(cells), std::move(classes)});
    return *this;
  }
  bool empty() const { return rows_.empty(); }
  std::string html() const {
    std::string out = "<div class=\"scroll\"><table>\n<thead><tr>";
    for (auto& h : heads_) {
      bool number = !h.empty() && h[0] == '#';
      out += std::string(number ? "<th class=\"num\">" : "<th>") + html_escape(number ? h.substr(1) : h) + "</th>";
    }
    out += "</tr></thead>\n<tbody>\n";
    for (auto& [cells, classes] : rows_) {
      out += "<tr>";
      for (std::size_t k = 0; k < cells.size(); ++k) {
        std::string cls = k < classes.size() ? classes[k] : "";
        if (k < heads_.size() && !heads_[k].empty() && heads_[k][0] == '#') cls += cls.empty() ? "num" : " num";
        out += (cls.empty() ? "<td>" : "<td class=\"" + cls + "\">") + cells[k] + "</td>";
      }
      out += "</tr>\n";
    }
    return out + "</tbody></table></div>\n";
  }

 private:
  std::vector<std::string> heads_;
  std::vector<std::pair<std::vector<std::string>, std::vector<std::string>>> rows_;
};

std::string field(const std::string& label, const std::string& value_html) {
  return "<dt>" + html_escape(label) + "</dt><dd>" + value_html + "</dd>\n";
}

/// Where a rule stands: its clauses and its line in the contract (or in the terms file).
std::string place(const origin& o, const texts& t) {
  std::string out = clauses(&o);
  if (o.line > 0) {
    std::string line = t.fill("html.line", {{"line", std::to_string(o.line)}});
    if (!o.file.empty()) line = o.file + " " + line;
    out += (out.empty() ? "" : "; ") + line;
  }
  return html_escape(out);
}

class writer {
 public:
  explicit writer(const report_context& ctx) : ctx_(ctx), t_(ctx.t), r_(ctx.result), c_(ctx.contract) {}

  std::string html() {
    std::vector<penalty_words> own;
    if (!ctx_.phrased) own = phrase_penalties(r_, t_);
    const auto& phrased = ctx_.phrased ? *ctx_.phrased : own;
    std::string title = t_("report.title") + " " + r_.contract_id + " " + t_.period_label(r_.period);
    out_ += "<header>\n<h1>" + html_escape(t_("report.title")) + "</h1>\n<p class=\"sub\">" +
            html_escape(c_.title.empty() ? r_.contract_id : c_.title) + " — " + html_escape(t_.period_label(r_.period)) +
            "</p>\n</header>\n";
    out_ += "<nav>";
    for (const char* s : {"summary", "timeline", "breaches", "penalties", "inputs"})
      out_ += "<a href=\"#" + std::string(s) + "\">" + html_escape(t_(section_key(s))) + "</a>";
    out_ += "</nav>\n";
    cover();
    summary();
    timeline();
    breaches();
    escalations();
    penalties(phrased);
    decisions();
    inputs();
    return page(t_.lang(), title, out_);
  }

 private:
  static std::string section_key(const std::string& s) {
    if (s == "timeline") return "html.section.timeline";
    return "pdf.section." + s;
  }
  std::string money(minor_units v) const { return html_escape(t_.money(v, r_.money.currency)); }

  void cover() {
    breach_counts b = count_breaches(r_);
    bool any = b.total() > 0;
    out_ += "<dl class=\"fields\">\n";
    out_ += field(t_("summary.contract"), html_escape(r_.contract_id));
    out_ += field(t_("summary.customer"), html_escape(c_.party(party_role::customer)));
    out_ += field(t_("summary.provider"), html_escape(c_.party(party_role::provider)));
    out_ += field(t_("summary.period"), html_escape(t_.period_label(r_.period) + " (" + r_.timezone + ")"));
    if (r_.terms.amended) out_ += field(t_("summary.terms"), html_escape(terms_text(r_.terms, t_)));
    out_ += field(t_("summary.completeness"), "<span class=\"" + std::string(r_.complete.complete() ? "good" : "bad") + "\">" +
                                                  html_escape(completeness_text(r_.complete, t_)) + "</span>");
    out_ += field(t_("summary.verdict"), "<span class=\"" + std::string(any ? "breached" : "met") + "\">" +
                                             html_escape(t_(any ? "verdict.overall.breached" : "verdict.overall.met")) + "</span>");
    out_ += field(t_("summary.provider_total"), "<strong>" + money(r_.money.provider_total) + "</strong>");
    if (r_.money.customer_total) out_ += field(t_("summary.customer_total"), money(r_.money.customer_total));
    if (r_.money.undecided_provider_total)
      out_ += field(t_("pdf.cover.decisions"),
                    "<span class=\"bad\">" +
                        html_escape(t_.fill("pdf.cover.decisions_are",
                                            {{"count", std::to_string(r_.decisions.size())},
                                             {"before", t_.money(*r_.money.undecided_provider_total, r_.money.currency)}})) +
                        "</span>");
    out_ += field(t_("summary.services_breached"), std::to_string(b.services));
    out_ += field(t_("summary.clocks_breached"), std::to_string(b.clocks));
    if (b.escalations || !r_.escalations.empty()) out_ += field(t_("summary.escalations_breached"), std::to_string(b.escalations));
    if (b.rates || !r_.rates.empty()) out_ += field(t_("summary.rates_breached"), std::to_string(b.rates));
    out_ += field(t_("summary.generated"), html_escape(timestamp_text(ctx_.zone.to_local(ctx_.document_time), ' ').substr(0, 10)));
    out_ += field(t_("summary.tool"), html_escape("slaudit " + ctx_.tool_version));
    out_ += "</dl>\n";
  }

  void summary() {
    out_ += "<h2 id=\"summary\">" + html_escape(t_("pdf.section.summary")) + "</h2>\n";
    table services({t_("services.service"), "#" + t_("services.S"), "#" + t_("services.M"), "#" + t_("services.U"),
                    "#" + t_("services.availability"), "#" + t_("services.target"), t_("services.verdict"),
                    t_("services.clause")});
    for (auto& a : r_.availability) {
      std::string name = a.service;
      for (auto& s : c_.services)
        if (s.id == a.service && !s.label.empty()) name += " " + s.label;
      verdict v = a.denominator > 0 && a.target_pct ? a.on_target : verdict::not_measurable;
      services.row({html_escape(name), std::to_string(a.S), std::to_string(a.M), std::to_string(a.U),
                    a.denominator > 0 ? html_escape(percent_text(a.numerator, a.denominator)) + "%" : "—",
                    a.target_pct ? html_escape(a.target_pct->str()) + "%" : "—",
                    html_escape(a.denominator <= 0 ? t_("verdict.not_measurable")
                                : a.target_pct     ? t_.verdict(a.on_target)
                                                   : t_("verdict.no_target")),
                    place(a.target_where, t_)},
                   {"", "", "", "", "", "", verdict_class(v)});
    }
    out_ += services.html();
    for (auto& a : r_.availability)
      if (a.denominator > 0) out_ += "<p class=\"working\">" + html_escape(a.service + ": " + a.formula) + "</p>\n";
    chart();
    if (r_.rates.empty()) return;
    table rates({t_("metrics.metric"), "#" + t_("metrics.rate"), "#" + t_("metrics.target"), t_("metrics.verdict"),
                 t_("pdf.working")});
    for (auto& x : r_.rates)
      rates.row({html_escape(t_("metric." + x.metric) + (x.service.empty() ? "" : " (" + x.service + ")")),
                 x.denominator > 0 ? html_escape(percent_text(x.numerator, x.denominator)) + "%" : "—",
                 x.target_pct ? html_escape(x.target_pct->str()) + "%" : "—",
                 html_escape(x.denominator <= 0 ? t_("verdict.not_measurable")
                             : x.target_pct     ? t_.verdict(x.outcome)
                                                : t_("verdict.no_target")),
                 "<span class=\"working\">" + html_escape(rate_working(x, t_)) + "</span>"},
                {"", "", "", verdict_class(x.outcome)});
    out_ += rates.html();
  }

  /// Availability against target: a bar per service on a shared scale, the target a mark.
  void chart() {
    if (r_.availability.empty()) return;
    // The scale starts a little below the lowest of the figures and targets, in basis points.
    long lowest = 9900;
    for (auto& a : r_.availability) {
      if (a.denominator > 0) lowest = std::min<long>(lowest, static_cast<long>(a.numerator * 10000 / a.denominator));
      if (a.target_pct) {
        auto bp = a.target_pct->at_scale(2);
        if (bp) lowest = std::min<long>(lowest, static_cast<long>(*bp));
      }
    }
    long from = std::max<long>(0, lowest / 50 * 50 - 50);
    const int left = 140, width = 600, row_h = 26;
    int height = 30 + row_h * static_cast<int>(r_.availability.size());
    auto x_of = [&](long bp) { return left + static_cast<double>(bp - from) * width / static_cast<double>(10000 - from); };
    std::string svg = "<figure><svg viewBox=\"0 0 " + std::to_string(left + width + 80) + " " + std::to_string(height) +
                      "\" role=\"img\" aria-label=\"" + html_escape(t_("pdf.section.chart")) + "\">\n";
    int y = 6;
    for (auto& a : r_.availability) {
      svg += "<text x=\"0\" y=\"" + std::to_string(y + 15) + "\">" + html_escape(a.service) + "</text>";
      svg += "<rect x=\"" + std::to_string(left) + "\" y=\"" + std::to_string(y + 4) + "\" width=\"" + std::to_string(width) +
             "\" height=\"14\" fill=\"#eef0f2\"/>";
      if (a.denominator > 0) {
        long bp = static_cast<long>(a.numerator * 10000 / a.denominator);
        bool bad = a.target_pct && a.on_target == verdict::breached;
        svg += "<rect x=\"" + std::to_string(left) + "\" y=\"" + std::to_string(y + 4) + "\" width=\"" +
               std::to_string(std::max(0.0, x_of(bp) - left)) + "\" height=\"14\" fill=\"" + (bad ? "#b3261e" : "#1e7b34") +
               "\"><title>" + html_escape(a.service + " " + percent_text(a.numerator, a.denominator) + "%") + "</title></rect>";
        svg += "<text x=\"" + std::to_string(left + width + 6) + "\" y=\"" + std::to_string(y + 15) + "\">" +
               html_escape(percent_text(a.numerator, a.denominator)) + "%</text>";
      }
      if (a.target_pct)
        if (auto bp = a.target_pct->at_scale(2))
          svg += "<line x1=\"" + std::to_string(x_of(static_cast<long>(*bp))) + "\" x2=\"" +
                 std::to_string(x_of(static_cast<long>(*bp))) + "\" y1=\"" + std::to_string(y) + "\" y2=\"" +
                 std::to_string(y + 22) + "\" stroke=\"#1f1f1f\" stroke-width=\"2\"><title>" +
                 html_escape(t_("services.target") + " " + a.target_pct->str() + "%") + "</title></line>";
      y += row_h;
    }
    svg += "<text x=\"" + std::to_string(left) + "\" y=\"" + std::to_string(height - 2) + "\">" +
           html_escape(std::to_string(from / 100) + "%") + "</text><text x=\"" + std::to_string(left + width - 30) +
           "\" y=\"" + std::to_string(height - 2) + "\">100%</text>\n</svg><figcaption class=\"working\">" +
           html_escape(t_("pdf.chart.legend")) + "</figcaption></figure>\n";
    out_ += svg;
  }

  /// Each service's month as a line: downtime red, planned maintenance grey, unplanned
  /// maintenance orange, each interval titled with its record (a tooltip, no script).
  void timeline() {
    out_ += "<h2 id=\"timeline\">" + html_escape(t_("html.section.timeline")) + "</h2>\n";
    const interval& b = r_.bounds;
    if (b.to <= b.from) return;
    const int left = 140, width = 820;
    auto x_of = [&](instant t) {
      return left + static_cast<double>(std::clamp(t, b.from, b.to) - b.from) * width / static_cast<double>(b.to - b.from);
    };
    int rows = static_cast<int>(r_.availability.size());
    int height = 40 + 30 * rows;
    std::string svg = "<figure><svg viewBox=\"0 0 " + std::to_string(left + width + 20) + " " + std::to_string(height) +
                      "\" role=\"img\" aria-label=\"" + html_escape(t_("html.section.timeline")) + "\">\n";
    // A tick at each week's first day from the period's start, labelled with its local date.
    for (instant t = b.from; t < b.to; t += 7 * 86400) {
      double x = x_of(t);
      svg += "<line x1=\"" + std::to_string(x) + "\" x2=\"" + std::to_string(x) + "\" y1=\"0\" y2=\"" +
             std::to_string(height - 18) + "\" stroke=\"#d0d4d9\"/>";
      svg += "<text x=\"" + std::to_string(x + 2) + "\" y=\"" + std::to_string(height - 4) + "\">" +
             html_escape(local(ctx_.zone, t).substr(5, 5)) + "</text>";
    }
    int y = 6;
    auto bar = [&](const counted_interval& i, const char* colour, const std::string& what) {
      double x1 = x_of(i.span.from), x2 = std::max(x_of(i.span.to), x1 + 1.5);
      svg += "<rect x=\"" + std::to_string(x1) + "\" y=\"" + std::to_string(y + 3) + "\" width=\"" + std::to_string(x2 - x1) +
             "\" height=\"16\" fill=\"" + colour + "\"><title>" +
             html_escape(std::string(i.record) + " " + what + " " + local(ctx_.zone, i.span.from) + " – " +
                         local(ctx_.zone, i.span.to) + " (" + t_.duration(i.counted_s) + ")") +
             "</title></rect>";
    };
    for (auto& a : r_.availability) {
      svg += "<text x=\"0\" y=\"" + std::to_string(y + 15) + "\">" + html_escape(a.service) + "</text>";
      svg += "<rect x=\"" + std::to_string(left) + "\" y=\"" + std::to_string(y + 3) + "\" width=\"" + std::to_string(width) +
             "\" height=\"16\" fill=\"#eef0f2\"/>";
      for (auto& m : a.maintenance) bar(m, "#9aa0a6", t_("html.timeline.planned"));
      for (auto& m : a.unplanned_maintenance) bar(m, "#e37400", t_("html.timeline.unplanned"));
      for (auto& d : a.downtime) bar(d, "#b3261e", t_("html.timeline.downtime"));
      y += 30;
    }
    svg += "</svg><figcaption class=\"working\">" + html_escape(t_("html.timeline.legend")) + "</figcaption></figure>\n";
    out_ += svg;
    // The intervals as text too: what a screen reader or a search finds.
    table list({t_("services.service"), t_("pdf.col.record"), t_("incidents.start"), t_("incidents.stop"),
                "#" + t_("pdf.col.counted"), t_("pdf.col.why")});
    for (auto& a : r_.availability) {
      for (auto& d : a.downtime)
        list.row({html_escape(a.service), html_escape(std::string(d.record)), html_escape(local(ctx_.zone, d.span.from)),
                  html_escape(local(ctx_.zone, d.span.to)), html_escape(t_.duration(d.counted_s)),
                  html_escape(interval_reason_text(d, t_))});
      for (auto& m : a.unplanned_maintenance)
        list.row({html_escape(a.service), html_escape(std::string(m.record)), html_escape(local(ctx_.zone, m.span.from)),
                  html_escape(local(ctx_.zone, m.span.to)), html_escape(t_.duration(m.counted_s)),
                  html_escape(interval_reason_text(m, t_))},
                 {"", "", "", "", "", "bad"});
    }
    if (!list.empty()) out_ += list.html();
    table excluded({t_("services.service"), t_("pdf.col.record"), t_("pdf.col.why")});
    for (auto& a : r_.availability)
      for (auto& e : a.excluded)
        excluded.row({html_escape(a.service), html_escape(std::string(e.record)), html_escape(exclusion_text(e, t_))});
    if (!excluded.empty()) out_ += "<h3>" + html_escape(t_("pdf.section.excluded")) + "</h3>\n" + excluded.html();
  }

  void breaches() {
    out_ += "<h2 id=\"breaches\">" + html_escape(t_("pdf.section.breaches")) + "</h2>\n";
    std::unordered_map<std::string_view, std::string_view> incident_texts, ticket_texts;
    if (ctx_.history) {
      for (auto& i : ctx_.history->incidents) incident_texts.emplace(i.id, i.description);
      for (auto& k : ctx_.history->tickets) ticket_texts.emplace(k.id, k.description);
    }
    table rows({t_("incidents.incident"), t_("incidents.kind"), t_("incidents.start"), t_("incidents.stop"),
                "#" + t_("pdf.col.elapsed"), "#" + t_("pdf.col.target"), t_("services.clause"), t_("incidents.note")});
    for (auto* list : {&r_.clocks, &r_.tickets})
      for (auto& x : *list) {
        if (x.outcome != verdict::breached && x.outcome != verdict::waived) continue;
        std::string what = list == &r_.tickets ? t_("tickets.ticket") : t_(x.kind == "respond" ? "kind.respond" : "kind.restore");
        auto& texts = list == &r_.tickets ? ticket_texts : incident_texts;
        auto found = texts.find(x.incident);
        std::string note =
            breach_note(x, found == texts.end() ? std::string() : std::string(found->second), ctx_.zone, t_);
        rows.row({html_escape(std::string(x.incident)), html_escape(what), html_escape(local(ctx_.zone, x.start)),
                  x.stop ? html_escape(local(ctx_.zone, *x.stop)) : "—", html_escape(t_.duration(x.elapsed_s)),
                  html_escape(t_.duration(x.target_s)), place(x.target_where ? *x.target_where : origin{}, t_),
                  "<span class=\"note\">" + html_escape(note) + "</span>"},
                 {"", "", "", "", x.outcome == verdict::breached ? "breached" : ""});
      }
    out_ += rows.empty() ? "<p>" + html_escape(t_("pdf.none")) + "</p>\n" : rows.html();
  }

  void escalations() {
    table rows({t_("escalations.incident"), "#" + t_("pdf.col.after"), t_("escalations.due"), t_("escalations.role"),
                t_("escalations.notified"), t_("escalations.status"), t_("services.clause")});
    for (auto& e : r_.escalations) {
      if (e.outcome != verdict::breached && e.outcome != verdict::waived) continue;
      for (auto& role : e.roles) {
        bool late = role.status != escalation_result::notice::on_time;
        rows.row({html_escape(std::string(e.incident)), html_escape(t_.duration(e.after_s)), html_escape(local(ctx_.zone, e.due)),
                  html_escape(std::string(role.role)), role.notified ? html_escape(local(ctx_.zone, *role.notified)) : "—",
                  html_escape(notice_text(role, t_)), place(e.where ? *e.where : origin{}, t_)},
                 {"", "", "", "", "", late ? "bad" : ""});
      }
    }
    if (rows.empty()) return;
    out_ += "<h2 id=\"escalations\">" + html_escape(t_("pdf.section.escalations")) + "</h2>\n" + rows.html();
  }

  void penalties(const std::vector<penalty_words>& phrased) {
    const auto& m = r_.money;
    out_ += "<h2 id=\"penalties\">" + html_escape(t_("pdf.section.penalties")) + "</h2>\n";
    out_ += "<dl class=\"fields\">" + field(t_("penalties.rounding"), html_escape(rounding_phrase(c_, t_))) + "</dl>\n";
    if (m.lines.empty()) out_ += "<p>" + html_escape(t_("penalties.none")) + "</p>\n";
    for (std::size_t k = 0; k < m.lines.size(); ++k) {
      const auto& l = m.lines[k];
      const auto& words = phrased[k];
      out_ += "<section class=\"line\" id=\"line-" + std::to_string(k + 1) + "\">\n<h3>" + std::to_string(k + 1) + ". " +
              html_escape(l.penalty) + " — " + html_escape(words.subject) +
              (l.payer == party_role::customer ? " <span class=\"working\">[" + html_escape(t_("payer.customer")) + "]</span>" : "") +
              "</h3>\n<dl class=\"fields\">\n";
      out_ += field(t_("services.clause"), place(l.where, t_));
      out_ += field(t_("pdf.penalty.rule"), html_escape(words.rule));
      std::string inputs;
      for (auto& in : words.inputs) inputs += (inputs.empty() ? "" : "<br>") + html_escape(in);
      out_ += field(t_("pdf.penalty.inputs"), "<span class=\"working\">" + inputs + "</span>");
      out_ += field(t_("pdf.penalty.formula"), "<span class=\"working\">" + html_escape(words.working) + "</span>");
      if (l.decided) {
        const decision& d = *l.decided_by;
        out_ += field(t_("pdf.penalty.decided"),
                      html_escape(t_.fill("pdf.penalty.decided_as", {{"decision", decision_text(d.decided, t_)},
                                                                     {"amount", t_.money(*l.decided, m.currency)},
                                                                     {"row", std::to_string(d.at.row)},
                                                                     {"approver", d.approver},
                                                                     {"date", day_text(d.approved)}})));
      }
      out_ += field(t_("pdf.penalty.amount"), "<span class=\"amount" + std::string(l.cap_cut ? " bad" : "") + "\">" +
                                                  money(l.amount) + "</span>" +
                                                  (l.cap_cut ? " <span class=\"working\">(" + html_escape(words.cap_note) + ")</span>" : ""));
      out_ += "</dl>\n</section>\n";
    }
    for (auto& cap : caps_phrases(m, t_)) out_ += "<p class=\"working\">" + html_escape(t_("pdf.penalty.cap") + ": " + cap) + "</p>\n";
    bool customer_pays =
        std::any_of(c_.penalties.begin(), c_.penalties.end(), [](auto& p) { return p.payer == party_role::customer; });
    out_ += "<dl class=\"fields totals\">\n";
    if (!c_.caps.empty()) out_ += field(t_("penalties.provider_before_caps"), money(m.provider_before_caps));
    out_ += field(t_("penalties.provider_total"), "<strong>" + money(m.provider_total) + "</strong>");
    if (customer_pays || m.customer_total) out_ += field(t_("penalties.customer_total"), money(m.customer_total));
    if (m.undecided_provider_total) out_ += field(t_("pdf.penalty.undecided"), money(*m.undecided_provider_total));
    out_ += "</dl>\n";
  }

  void decisions() {
    if (r_.decisions.empty()) return;
    out_ += "<h2 id=\"decisions\">" + html_escape(t_("pdf.section.decisions")) + "</h2>\n<p>" +
            html_escape(t_("decisions.intro")) + "</p>\n";
    table rows({"#" + t_("decisions.row"), t_("decisions.target"), t_("decisions.decision"), t_("decisions.approver"),
                t_("decisions.reason"), t_("decisions.changes")});
    for (auto& a : r_.decisions) {
      const decision& d = *a.row;
      rows.row({std::to_string(d.at.row), html_escape(d.target),
                html_escape(decision_text(d.decided, t_) + (d.value.empty() ? "" : " " + d.value)),
                html_escape(d.approver + " " + day_text(d.approved)), html_escape(d.reason),
                "<span class=\"note\">" + html_escape(joined(changes_text(a, r_.money.currency, t_), "\n")) + "</span>"});
    }
    out_ += rows.html();
  }

  void inputs() {
    out_ += "<h2 id=\"inputs\">" + html_escape(t_("pdf.section.inputs")) + "</h2>\n";
    table files({t_("inputs.file"), t_("inputs.encoding"), "#" + t_("inputs.bytes"), "#" + t_("inputs.rows"),
                 "#" + t_("inputs.outside"), "#" + t_("inputs.skipped"), t_("inputs.sha256")});
    for (auto& f : r_.inputs)
      files.row({html_escape(f.name), html_escape(f.encoding), std::to_string(f.bytes), std::to_string(f.rows),
                 std::to_string(f.outside_period), std::to_string(f.skipped), html_escape(f.sha256)},
                {"", "", "", "", "", f.skipped ? "bad" : "", "hash"});
    files.row({html_escape(t_("inputs.contract") + ": " + r_.contract_path), "", "", "", "", "", html_escape(ctx_.contract_sha256)},
              {"", "", "", "", "", "", "hash"});
    out_ += files.html();
    out_ += "<h2 id=\"completeness\">" + html_escape(t_("pdf.section.completeness")) + "</h2>\n<p class=\"" +
            (r_.complete.complete() ? "good" : "bad") + "\">" + html_escape(completeness_text(r_.complete, t_)) + "</p>\n";
    table states({t_("inputs.file"), t_("inputs.state"), t_("inputs.why")});
    for (auto& f : r_.complete.files)
      states.row({html_escape(std::string(f.name)),
                  html_escape(t_(f.read ? "complete.read" : f.from_export ? "complete.in_export" : "complete.absent")),
                  html_escape(f.read ? "" : absence_text(f, t_))},
                 {"", f.read ? "" : "bad"});
    out_ += states.html();
    if (r_.findings.empty()) return;
    out_ += "<h2 id=\"findings\">" + html_escape(t_("pdf.section.findings")) + "</h2>\n<ul>\n";
    for (auto& f : r_.findings)
      out_ += "<li>" + html_escape((f.at.file.empty() ? std::string() : std::string(f.at.file) + ":" + std::to_string(f.at.row) + "  ") +
                                   finding_text(f, t_)) +
              "</li>\n";
    out_ += "</ul>\n";
  }

  const report_context& ctx_;
  const texts& t_;
  const period_result& r_;
  const contract& c_;
  std::string out_;
};

}  // namespace

std::string results_html(const report_context& ctx) { return writer(ctx).html(); }

std::string index_html(const std::string& period, const std::vector<html_index_row>& rows, const texts& t,
                       const std::string& tool_version) {
  std::string body = "<header>\n<h1>" + html_escape(t("portfolio.title")) + "</h1>\n<p class=\"sub\">" +
                     html_escape(t.period_label(period)) + " — slaudit " + html_escape(tool_version) + "</p>\n</header>\n";
  table list({t("summary.contract"), t("summary.customer"), t("summary.provider"), t("summary.verdict"),
              "#" + t("summary.provider_total"), t("html.index.report")});
  std::size_t failed = 0;
  for (auto& r : rows) {
    std::string verdict, cls;
    if (r.status == "failed") {
      ++failed;
      verdict = t("html.index.failed") + ": " + r.error;
      cls = "bad";
    } else {
      verdict = t(r.breached ? "verdict.overall.breached" : "verdict.overall.met");
      cls = r.breached ? "breached" : "met";
    }
    list.row({html_escape(r.id.empty() ? r.title : r.id) + (r.title.empty() ? "" : "<br><span class=\"working\">" + html_escape(r.title) + "</span>"),
              html_escape(r.customer), html_escape(r.provider), "<span class=\"note\">" + html_escape(verdict) + "</span>",
              html_escape(r.provider_total),
              r.page.empty() ? "—" : "<a href=\"" + html_escape(r.page) + "\">" + html_escape(r.page) + "</a>"},
             {"", "", "", cls});
  }
  body += "<p>" + html_escape(t.fill("html.index.count", {{"count", std::to_string(rows.size())},
                                                         {"failed", std::to_string(failed)}})) +
          "</p>\n" + list.html();
  return page(t.lang(), t("portfolio.title") + " " + period, body);
}

}  // namespace slaudit::reports
