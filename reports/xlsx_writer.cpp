#include "reports/xlsx_writer.hpp"

#include <xlsxwriter.h>

#include <cmath>
#include <map>
#include <unordered_map>

#include "engine/model_text.hpp"
#include "engine/money.hpp"
#include "reports/penalty_text.hpp"
#include "reports/text_format.hpp"
#include "reports/xlsx_book.hpp"

namespace slaudit::reports {
namespace {

using namespace slaudit::engine;
using xlsx::cell;
using xlsx::formula_text;
using xlsx::range;
using xlsx::sheet_ref;

/// Integers a spreadsheet's doubles hold exactly: formulas stay exact below this.
constexpr __int128 exact_limit = static_cast<__int128>(1) << 53;

std::string power_of_ten(int k) {
  std::string s = "1";
  s.append(static_cast<std::size_t>(std::max(k, 0)), '0');
  return s;
}

double excel_time(const zone& z, instant t) { return xlsx::serial_date(z.to_local(t)); }

/// ".00" for two decimals in a number format; empty for none.
std::string decimals(int digits) {
  std::string s;
  if (digits > 0) s.append(1, '.').append(static_cast<std::size_t>(digits), '0');
  return s;
}

/// The contract-period workbook and its formats.
class book : public xlsx::book {
 public:
  book(const std::string& path, const report_context& ctx)
      : xlsx::book(path, ctx.t("report.title") + " " + ctx.result.contract_id + " " + ctx.result.period,
                   static_cast<std::time_t>(ctx.document_time), ctx.t),
        currency_(ctx.contract.currency) {
    if (!get()) return;
    header = format([](lxw_format* f) {
      format_set_bold(f);
      format_set_bg_color(f, 0xDDE4EE);
      format_set_text_wrap(f);
      format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
      format_set_border(f, LXW_BORDER_THIN);
    });
    title = format([](lxw_format* f) {
      format_set_bold(f);
      format_set_font_size(f, 14);
    });
    bold = format([](lxw_format* f) { format_set_bold(f); });
    wrap = format([](lxw_format* f) {
      format_set_text_wrap(f);
      format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
    });
    integer = format([](lxw_format* f) { format_set_num_format(f, "#,##0"); });
    time = format([](lxw_format* f) { format_set_num_format(f, "yyyy-mm-dd hh:mm:ss"); });
    date = format([](lxw_format* f) { format_set_num_format(f, "yyyy-mm-dd"); });
    std::string symbol = t_.money(0, currency_);  // "¥0.00": the symbol is what precedes the digits
    symbol = symbol.substr(0, symbol.find('0'));
    int digits = minor_digits(currency_);
    std::string money_format = "\"" + symbol + "\"#,##0" + decimals(digits);
    money = format([&](lxw_format* f) { format_set_num_format(f, money_format.c_str()); });
    money_bold = format([&](lxw_format* f) {
      format_set_num_format(f, money_format.c_str());
      format_set_bold(f);
    });
    red = format([](lxw_format* f) {
      format_set_bg_color(f, 0xF8CBAD);
      format_set_font_color(f, 0x9C0006);
    });
    green = format([](lxw_format* f) {
      format_set_bg_color(f, 0xC6EFCE);
      format_set_font_color(f, 0x006100);
    });
  }

  /// "0.0%" for a target with one decimal in percent: shown as the contract states it.
  lxw_format* percent(int scale) {
    auto& f = percents_[scale];
    if (!f) {
      std::string pattern = "0";
      pattern.append(decimals(scale)).append(1, '%');
      f = format([&](lxw_format* x) { format_set_num_format(x, pattern.c_str()); });
    }
    return f;
  }
  /// Measured ratios: four decimals in percent, as the JSON shows them.
  lxw_format* ratio() { return percent(4); }

  void time_cell(lxw_worksheet* ws, int r, int c, const zone& z, std::optional<instant> t) {
    if (t) number(ws, r, c, excel_time(z, *t), time);
  }
  void heads(lxw_worksheet* ws, int r, const std::vector<std::string>& keys) {
    for (std::size_t k = 0; k < keys.size(); ++k) text(ws, r, static_cast<int>(k), t_(keys[k]), header);
    keep(worksheet_set_row(ws, static_cast<lxw_row_t>(r), 30, nullptr));  // two lines of heading
  }
  /// A row tall enough for its wrapped cells: spreadsheets do not grow rows written by a
  /// library on their own. `cells` pairs a text with its column's width in characters.
  void fit_row(lxw_worksheet* ws, int r, const std::vector<std::pair<std::string_view, double>>& cells) {
    double lines = 1;
    for (auto& [text, width] : cells) {
      double here = 0;
      std::size_t from = 0;
      while (from <= text.size()) {
        auto nl = std::min(text.find('\n', from), text.size());
        double columns = 0;  // CJK characters take two columns
        for (std::size_t k = from; k < nl; ++k) {
          auto c = static_cast<unsigned char>(text[k]);
          if ((c & 0xC0) != 0x80) columns += c >= 0xE0 ? 2 : 1;
        }
        here += std::max(1.0, std::ceil(columns / std::max(width - 1, 1.0)));
        from = nl + 1;
      }
      lines = std::max(lines, here);
    }
    if (lines > 1) keep(worksheet_set_row(ws, static_cast<lxw_row_t>(r), std::min(409.0, 15 * lines), nullptr));
  }
  /// Verdict cells coloured: breached red, met green (equality, so 达标 never matches 未达标).
  void colour_verdicts(lxw_worksheet* ws, int first_row, int col, int last_row) {
    if (last_row < first_row) return;
    for (auto [word, fmt] : {std::pair{t_("verdict.breached"), red}, std::pair{t_("verdict.met"), green}}) {
      std::string value = formula_text(word);
      lxw_conditional_format cf{};
      cf.type = LXW_CONDITIONAL_TYPE_CELL;
      cf.criteria = LXW_CONDITIONAL_CRITERIA_EQUAL_TO;
      cf.value_string = value.data();
      cf.format = fmt;
      keep(worksheet_conditional_format_range(ws, static_cast<lxw_row_t>(first_row), static_cast<lxw_col_t>(col),
                                              static_cast<lxw_row_t>(last_row), static_cast<lxw_col_t>(col), &cf));
    }
  }
  /// A header row frozen, with an autofilter over the table below it.
  void table(lxw_worksheet* ws, int header_row, int last_row, int last_col) {
    worksheet_freeze_panes(ws, static_cast<lxw_row_t>(header_row + 1), 0);
    keep(worksheet_repeat_rows(ws, static_cast<lxw_row_t>(header_row), static_cast<lxw_row_t>(header_row)));
    keep(worksheet_autofilter(ws, static_cast<lxw_row_t>(header_row), 0,
                              static_cast<lxw_row_t>(std::max(last_row, header_row)), static_cast<lxw_col_t>(last_col)));
  }

  lxw_format *header = nullptr, *title = nullptr, *bold = nullptr, *wrap = nullptr, *integer = nullptr, *time = nullptr,
             *date = nullptr, *money = nullptr, *money_bold = nullptr, *red = nullptr, *green = nullptr;

 private:
  std::string currency_;
  std::map<int, lxw_format*> percents_;
};

std::string source_text(const source_row& at) {
  return at.file.empty() ? std::string() : std::string(at.file) + ":" + std::to_string(at.row);
}

/// 99.9 (%) as 0.999: one correctly rounded division, so the cell shows exactly the target.
double as_fraction(const decimal& pct) { return static_cast<double>(pct.units) / std::pow(10.0, pct.scale + 2); }

/// The exact verdict formula of `measured` (a ratio of cells) against a percentage target
/// cell: numerator × 10^(2+k) ≥ ROUND(target × 10^(2+k)) × denominator, in integers.
std::string target_formula(const std::string& num, const std::string& den, const std::string& target, int scale,
                           const texts& t) {
  std::string k = power_of_ten(2 + scale);
  return "IF(" + den + "<=0," + formula_text(t("verdict.not_measurable")) + ",IF(" + target + "=\"\"," +
         formula_text(t("verdict.no_target")) + ",IF((" + num + ")*" + k + ">=ROUND(" + target + "*" + k + ",0)*(" + den +
         ")," + formula_text(t("verdict.met")) + "," + formula_text(t("verdict.breached")) + ")))";
}

struct sheet_names {
  std::string summary, services, incidents, tickets, escalations, metrics, penalties, terms, inputs, decisions;
};

/// Services: S, M, U as numbers; availability and verdicts as formulas over them.
/// Returns the verdict column's range for the summary.
std::string services_sheet(book& b, lxw_worksheet* ws, const report_context& ctx, const sheet_names& names) {
  const auto& t = ctx.t;
  const auto& r = ctx.result;
  b.heads(ws, 0, {"services.service", "services.name", "services.S", "services.M", "services.U", "services.availability",
                  "services.target", "services.verdict", "services.max_downtime", "services.max_downtime_verdict",
                  "services.clause"});
  int row = 1;
  double lowest = 1.0;
  for (auto& a : r.availability) {
    const service* s = nullptr;
    for (auto& x : ctx.contract.services)
      if (x.id == a.service) s = &x;
    std::string C = cell(row, 2), D = cell(row, 3), E = cell(row, 4), G = cell(row, 6), I = cell(row, 8);
    b.text(ws, row, 0, a.service);
    if (s) b.text(ws, row, 1, s->label);
    b.number(ws, row, 2, static_cast<double>(a.S), b.integer);
    b.number(ws, row, 3, static_cast<double>(a.M), b.integer);
    b.number(ws, row, 4, static_cast<double>(a.U), b.integer);
    std::string ratio = "IF(" + C + "-" + D + "<=0,\"\",(" + C + "-" + E + "-" + D + ")/(" + C + "-" + D + "))";
    if (a.denominator > 0) {
      double v = static_cast<double>(a.numerator) / static_cast<double>(a.denominator);
      lowest = std::min(lowest, v);
      b.formula(ws, row, 5, ratio, v, b.ratio());
    } else {
      b.formula(ws, row, 5, ratio, std::string(), b.ratio());
    }
    int scale = a.target_pct ? a.target_pct->scale : 0;
    if (a.target_pct) {
      b.number(ws, row, 6, as_fraction(*a.target_pct), b.percent(scale));
      lowest = std::min(lowest, as_fraction(*a.target_pct));
    }
    std::string cached = a.denominator <= 0 ? t("verdict.not_measurable")
                         : !a.target_pct    ? t("verdict.no_target")
                                            : t.verdict(a.on_target);
    b.formula(ws, row, 7, target_formula(C + "-" + E + "-" + D, C + "-" + D, G, scale, t), cached);
    if (a.max_downtime_s) {
      b.number(ws, row, 8, static_cast<double>(*a.max_downtime_s), b.integer);
      b.formula(ws, row, 9,
                "IF(" + I + "=\"\",\"\",IF(" + E + "<=" + I + "," + formula_text(t("verdict.met")) + "," +
                    formula_text(t("verdict.breached")) + "))",
                t.verdict(a.on_max_downtime));
    }
    b.text(ws, row, 10, clauses(&a.target_where));
    ++row;
  }
  int last = row - 1;
  b.colour_verdicts(ws, 1, 7, last);
  b.colour_verdicts(ws, 1, 9, last);
  b.widths(ws, {12, 22, 16, 16, 16, 18, 10, 12, 14, 12, 10});
  b.table(ws, 0, last, 10);
  if (last >= 1) {
    // A native chart: each service's availability beside its target.
    lxw_chart* chart = workbook_add_chart(b.get(), LXW_CHART_COLUMN);
    std::string sheet = names.services;
    auto* measured = chart_add_series(chart, nullptr, nullptr);
    chart_series_set_categories(measured, sheet.c_str(), 1, 0, static_cast<lxw_row_t>(last), 0);
    chart_series_set_values(measured, sheet.c_str(), 1, 5, static_cast<lxw_row_t>(last), 5);
    chart_series_set_name(measured, t("services.availability").c_str());
    auto* target = chart_add_series(chart, nullptr, nullptr);
    chart_series_set_categories(target, sheet.c_str(), 1, 0, static_cast<lxw_row_t>(last), 0);
    chart_series_set_values(target, sheet.c_str(), 1, 6, static_cast<lxw_row_t>(last), 6);
    chart_series_set_name(target, t("services.chart_target").c_str());
    chart_title_set_name(chart, t("services.chart_title").c_str());
    // Availabilities sit near 100%: start the axis just below the lowest figure so they show.
    chart_axis_set_min(chart->y_axis, std::max(0.0, std::floor(lowest * 100.0 - 0.5) / 100.0));
    chart_axis_set_max(chart->y_axis, 1.0);
    chart_axis_set_num_format(chart->y_axis, "0.0%");
    chart_legend_set_position(chart, LXW_CHART_LEGEND_BOTTOM);
    b.keep(worksheet_insert_chart(ws, static_cast<lxw_row_t>(last + 2), 0, chart));
  }
  return sheet_ref(names.services) + range(1, 7, std::max(1, last), 7);
}

/// One clock per row (incidents or tickets); returns the verdict range.
std::string clocks_table(book& b, lxw_worksheet* ws, const report_context& ctx, const std::vector<clock_result>& clocks,
                         bool tickets, int& row) {
  const auto& t = ctx.t;
  if (tickets)
    b.heads(ws, row, {"tickets.ticket", "incidents.coverage", "incidents.start", "incidents.stop", "incidents.elapsed",
                      "incidents.paused", "incidents.target", "incidents.due", "incidents.verdict", "incidents.note",
                      "incidents.source", "incidents.description"});
  else
    b.heads(ws, row, {"incidents.incident", "incidents.service", "incidents.severity", "incidents.kind",
                      "incidents.coverage", "incidents.start", "incidents.stop", "incidents.elapsed", "incidents.paused",
                      "incidents.target", "incidents.due", "incidents.verdict", "incidents.note", "incidents.source",
                      "incidents.description"});
  // Descriptions come from the history, by record id (the results keep ids, not texts).
  std::unordered_map<std::string_view, std::string_view> described;
  if (ctx.history) {
    if (tickets)
      for (auto& k : ctx.history->tickets) described.emplace(k.id, k.description);
    else
      for (auto& i : ctx.history->incidents) described.emplace(i.id, i.description);
  }
  int header_row = row++;
  for (auto& c : clocks) {
    int col = 0;
    b.text(ws, row, col++, c.incident);
    if (!tickets) {
      b.text(ws, row, col++, c.service);
      b.number(ws, row, col++, c.severity);
      b.text(ws, row, col++, t(c.kind == "respond" ? "kind.respond" : "kind.restore"));
    }
    b.text(ws, row, col++, c.coverage);
    b.time_cell(ws, row, col++, ctx.zone, c.start);
    b.time_cell(ws, row, col++, ctx.zone, c.stop);
    b.number(ws, row, col++, static_cast<double>(c.elapsed_s), b.integer);
    b.number(ws, row, col++, static_cast<double>(c.paused_s), b.integer);
    b.number(ws, row, col++, static_cast<double>(c.target_s), b.integer);
    b.time_cell(ws, row, col++, ctx.zone, c.due);
    b.text(ws, row, col++, t.verdict(c.outcome));
    b.text(ws, row, col++, clock_note_text(c, ctx.zone, t), b.wrap);
    b.text(ws, row, col++, source_text(c.at));
    if (auto d = described.find(c.incident); d != described.end()) b.text(ws, row, col, d->second, b.wrap);
    ++row;
  }
  int verdict_col = tickets ? 8 : 11;
  b.colour_verdicts(ws, header_row + 1, verdict_col, row - 1);
  b.table(ws, header_row, row - 1, tickets ? 11 : 14);
  return range(header_row + 1, verdict_col, std::max(header_row + 1, row - 1), verdict_col);
}

std::string incidents_sheet(book& b, lxw_worksheet* ws, const report_context& ctx, const sheet_names& names) {
  const auto& t = ctx.t;
  int row = 0;
  std::string verdicts = sheet_ref(names.incidents) + clocks_table(b, ws, ctx, ctx.result.clocks, false, row);
  b.widths(ws, {14, 10, 8, 8, 10, 19, 19, 11, 10, 10, 19, 12, 40, 18, 40});
  // What made U, and what availability left out, with the reasons.
  ++row;
  b.text(ws, row++, 0, t("incidents.downtime_title"), b.bold);
  b.heads(ws, row++, {"incidents.service", "incidents.record", "incidents.from", "incidents.to", "incidents.counted",
                      "incidents.reason", "incidents.source"});
  for (auto& a : ctx.result.availability)
    for (auto* list : {&a.downtime, &a.unplanned_maintenance})
      for (auto& d : *list) {
        b.text(ws, row, 0, a.service);
        b.text(ws, row, 1, d.record);
        b.time_cell(ws, row, 2, ctx.zone, d.span.from);
        b.time_cell(ws, row, 3, ctx.zone, d.span.to);
        b.number(ws, row, 4, static_cast<double>(d.counted_s), b.integer);
        b.text(ws, row, 5, interval_reason_text(d, t), b.wrap);
        b.text(ws, row, 6, source_text(d.at));
        ++row;
      }
  ++row;
  b.text(ws, row++, 0, t("incidents.maintenance_title"), b.bold);
  b.heads(ws, row++, {"incidents.service", "incidents.record", "incidents.from", "incidents.to", "incidents.counted",
                      "incidents.reason", "incidents.source"});
  for (auto& a : ctx.result.availability)
    for (auto& d : a.maintenance) {
      b.text(ws, row, 0, a.service);
      b.text(ws, row, 1, d.record);
      b.time_cell(ws, row, 2, ctx.zone, d.span.from);
      b.time_cell(ws, row, 3, ctx.zone, d.span.to);
      b.number(ws, row, 4, static_cast<double>(d.span.length()), b.integer);
      b.text(ws, row, 5, interval_reason_text(d, t), b.wrap);
      b.text(ws, row, 6, source_text(d.at));
      ++row;
    }
  ++row;
  b.text(ws, row++, 0, t("incidents.excluded_title"), b.bold);
  b.heads(ws, row++, {"incidents.service", "incidents.incident", "incidents.reason", "incidents.source"});
  for (auto& a : ctx.result.availability)
    for (auto& e : a.excluded) {
      b.text(ws, row, 0, a.service);
      b.text(ws, row, 1, e.record);
      b.text(ws, row, 2, exclusion_text(e, t), b.wrap);
      b.text(ws, row, 3, source_text(e.at));
      ++row;
    }
  return verdicts;
}

std::string escalations_sheet(book& b, lxw_worksheet* ws, const report_context& ctx, const sheet_names& names) {
  const auto& t = ctx.t;
  b.heads(ws, 0, {"escalations.incident", "escalations.handling", "escalations.after", "escalations.due",
                  "escalations.role", "escalations.notified", "escalations.status", "escalations.verdict"});
  int row = 1;
  for (auto& e : ctx.result.escalations)
    for (auto& role : e.roles) {
      b.text(ws, row, 0, e.incident);
      b.number(ws, row, 1, e.handling);
      b.number(ws, row, 2, static_cast<double>(e.after_s / 60));
      b.time_cell(ws, row, 3, ctx.zone, e.due);
      b.text(ws, row, 4, role.role);
      b.time_cell(ws, row, 5, ctx.zone, role.notified);
      b.text(ws, row, 6, notice_text(role, t));
      b.text(ws, row, 7, t.verdict(e.outcome));
      ++row;
    }
  b.colour_verdicts(ws, 1, 7, row - 1);
  b.widths(ws, {14, 10, 12, 19, 16, 19, 10, 12});
  b.table(ws, 0, row - 1, 7);
  return sheet_ref(names.escalations) + range(1, 7, std::max(1, row - 1), 7);
}

std::string metrics_sheet(book& b, lxw_worksheet* ws, const report_context& ctx, const sheet_names& names) {
  const auto& t = ctx.t;
  b.heads(ws, 0, {"metrics.metric", "metrics.service", "metrics.numerator", "metrics.denominator", "metrics.rate",
                  "metrics.target", "metrics.verdict", "metrics.days"});
  int row = 1;
  for (auto& m : ctx.result.rates) {
    std::string C = cell(row, 2), D = cell(row, 3), F = cell(row, 5);
    b.text(ws, row, 0, t("metric." + m.metric));
    b.text(ws, row, 1, m.service);
    b.number(ws, row, 2, static_cast<double>(m.numerator), b.integer);
    b.number(ws, row, 3, static_cast<double>(m.denominator), b.integer);
    std::string rate = "IF(" + D + "<=0,\"\"," + C + "/" + D + ")";
    if (m.denominator > 0)
      b.formula(ws, row, 4, rate, static_cast<double>(m.numerator) / static_cast<double>(m.denominator), b.ratio());
    else
      b.formula(ws, row, 4, rate, std::string(), b.ratio());
    int scale = m.target_pct ? m.target_pct->scale : 0;
    if (m.target_pct) b.number(ws, row, 5, as_fraction(*m.target_pct), b.percent(scale));
    std::string cached = m.denominator <= 0 ? t("verdict.not_measurable")
                         : !m.target_pct    ? t("verdict.no_target")
                                            : t.verdict(m.outcome);
    b.formula(ws, row, 6, target_formula(C, D, F, scale, t), cached);
    b.number(ws, row, 7, static_cast<double>(m.days));
    ++row;
  }
  b.colour_verdicts(ws, 1, 6, row - 1);
  b.widths(ws, {22, 12, 14, 14, 12, 10, 12, 8});
  b.table(ws, 0, row - 1, 7);
  return sheet_ref(names.metrics) + range(1, 6, std::max(1, row - 1), 6);
}

/// Penalties and their terms. Each line's exact value is N / D minor units with
/// N = Σ base × percent units × 10^(S − scale) × count (on the Terms sheet) and
/// D = 100 × 10^S; rounding, caps and totals are formulas over those cells.
class penalties_writer {
 public:
  /// `decided`: the Decisions sheet's cell of each line decision's amount (minor units).
  penalties_writer(book& b, const report_context& ctx, const sheet_names& names,
                   const std::map<const decision*, std::string>& decided)
      : b(b), ctx(ctx), names(names), decided(decided), t(ctx.t), m(ctx.result.money), c(ctx.contract),
        digits(minor_digits(m.currency)), per_unit(power_of_ten(digits)) {
    if (!ctx.phrased) own_ = phrase_penalties(ctx.result, t);
    for (auto& l : m.lines)
      for (auto& term : l.terms)
        if (term.percent) S = std::max(S, term.percent->scale);
    for (int k = 0; k < S; ++k) D *= 10;
  }

  /// Writes both sheets; returns the cells of the provider and customer totals (minor units).
  std::pair<std::string, std::string> write(lxw_worksheet* ws, lxw_worksheet* terms_ws) {
    terms_sheet(terms_ws);
    rules(ws);
    int row = head + 1;
    for (std::size_t k = 0; k < m.lines.size(); ++k) line(ws, k, row++);
    int last = std::max(head + 1, row - 1);
    if (m.lines.empty()) b.text(ws, row++, 0, t("penalties.none"));
    b.widths(ws, {6, 16, 10, 14, 8, 30, 40, 40, 16, 14, 14, 14, 12, 14, 14, 14, 24});
    b.table(ws, head, row - 1, 16);
    return totals(ws, row + 1, last);
  }

 private:
  const std::vector<penalty_words>& phrased() const { return ctx.phrased ? *ctx.phrased : own_; }

  /// A term's percent in units of the common scale S (a fixed amount counts as 100%).
  __int128 units_of(const penalty_term& term) const {
    __int128 u = term.percent ? term.percent->units : 100;
    for (int k = term.percent ? term.percent->scale : 0; k < S; ++k) u *= 10;
    return u;
  }

  /// Terms: one row per term, its share of the line's numerator as a formula.
  void terms_sheet(lxw_worksheet* terms_ws) {
    b.heads(terms_ws, 0, {"terms.line", "penalties.subject", "terms.what", "terms.base", "terms.percent", "terms.count",
                          "terms.numerator"});
    int trow = 1;
    for (std::size_t k = 0; k < m.lines.size(); ++k) {
      __int128 n = 0;
      for (auto& term : m.lines[k].terms) {
        __int128 share = static_cast<__int128>(term.base) * units_of(term) * term.count;
        n += share;
        b.number(terms_ws, trow, 0, static_cast<double>(k + 1));
        b.text(terms_ws, trow, 1, phrased()[k].subject);
        b.text(terms_ws, trow, 2, term.what);
        b.number(terms_ws, trow, 3, static_cast<double>(term.base), b.integer);
        b.number(terms_ws, trow, 4, term.percent ? static_cast<double>(term.percent->units) / std::pow(10.0, term.percent->scale) : 100.0);
        b.number(terms_ws, trow, 5, static_cast<double>(term.count), b.integer);
        b.formula(terms_ws, trow, 6,
                  cell(trow, 3) + "*ROUND(" + cell(trow, 4) + "*" + power_of_ten(S) + ",0)*" + cell(trow, 5),
                  static_cast<double>(share), b.integer);
        ++trow;
      }
      numerators.push_back(n);
      if (2 * n + D * m.lines[k].rounded + D * c.rounding_unit >= exact_limit) exact = false;
    }
    b.widths(terms_ws, {8, 16, 22, 16, 10, 14, 22});
    b.table(terms_ws, 0, trow - 1, 6);
    int terms_last = std::max(1, trow - 1);
    terms_lines = sheet_ref(names.terms) + range(1, 0, terms_last, 0);
    terms_shares = sheet_ref(names.terms) + range(1, 6, terms_last, 6);
  }

  /// The rules and caps, as cells the lines refer to (labels in A:C, values in D), and the
  /// lines' header.
  void rules(lxw_worksheet* ws) {
    b.text(ws, 0, 0, t("penalties.rounding"), b.bold);
    b.text(ws, 0, 3, rounding_phrase(c, t));
    b.number(ws, 0, 4, static_cast<double>(c.rounding_unit), b.integer);
    b.text(ws, 1, 0, t("penalties.monthly_cap"), b.bold);
    if (m.monthly_cap) b.number(ws, 1, 3, static_cast<double>(*m.monthly_cap), b.integer);
    b.text(ws, 2, 0, t("penalties.yearly_cap"), b.bold);
    if (m.yearly_cap) b.number(ws, 2, 3, static_cast<double>(*m.yearly_cap), b.integer);
    b.text(ws, 3, 0, t("penalties.earlier"), b.bold);
    if (m.yearly_cap) {
      b.number(ws, 3, 3, static_cast<double>(m.earlier_year_credits), b.integer);
      b.text(ws, 3, 4, earlier_source_phrase(m, t));
    }
    b.text(ws, 4, 0, t("penalties.yearly_left"), b.bold);
    minor_units year_start = m.yearly_cap ? std::max<minor_units>(0, *m.yearly_cap - m.earlier_year_credits) : 0;
    if (m.yearly_cap) b.formula(ws, 4, 3, "MAX(0,D3-D4)", static_cast<double>(year_start), b.integer);
    b.text(ws, 5, 0, t("penalties.denominator"), b.bold);
    b.number(ws, 5, 3, static_cast<double>(D), b.integer);
    b.heads(ws, head, {"penalties.line", "penalties.penalty", "penalties.clause", "penalties.subject", "penalties.payer",
                       "penalties.rule", "penalties.inputs", "penalties.formula", "penalties.numerator",
                       "penalties.rounded", "penalties.decided", "penalties.allowed", "penalties.cap_cut",
                       "penalties.month_left", "penalties.year_left", "penalties.amount", "penalties.cap_note"});
    month_left = m.monthly_cap;
    if (m.yearly_cap) year_left = year_start;
  }

  /// Rounding in integers: q = INT(N / (D·u)), r = N − q·D·u, as the contract's rule says.
  std::string rounded_formula(const std::string& I) const {
    std::string Du = "(" + den + "*" + unit + ")";
    std::string q = "INT(" + I + "/" + Du + ")";
    std::string r = "(" + I + "-" + q + "*" + Du + ")";
    switch (c.rounding) {
      case rounding_mode::half_up: return "INT((2*" + I + "+" + Du + ")/(2*" + Du + "))*" + unit;
      case rounding_mode::half_even:
        return "(" + q + "+IF(2*" + r + ">" + Du + ",1,IF(2*" + r + "=" + Du + ",MOD(" + q + ",2),0)))*" + unit;
      case rounding_mode::down: return q + "*" + unit;
      case rounding_mode::up: return "(" + q + "+IF(" + r + ">0,1,0))*" + unit;
    }
    return {};
  }

  /// Line k: its clause, rule, inputs and working, then the figures as formulas.
  void line(lxw_worksheet* ws, std::size_t k, int row) {
    const auto& l = m.lines[k];
    const auto& words = phrased()[k];
    b.number(ws, row, 0, static_cast<double>(k + 1));
    b.text(ws, row, 1, l.penalty);
    b.text(ws, row, 2, clauses(&l.where));
    b.text(ws, row, 3, words.subject);
    b.text(ws, row, 4, t(l.payer == party_role::provider ? "payer.provider" : "payer.customer"));
    b.text(ws, row, 5, words.rule, b.wrap);
    b.text(ws, row, 6, joined(words.inputs, "\n"), b.wrap);
    b.text(ws, row, 7, words.working, b.wrap);
    if (exact) {
      line_formulas(ws, k, row);
    } else {
      // Too large for a spreadsheet's doubles to hold exactly: the engine's figures as values.
      b.number(ws, row, 9, static_cast<double>(l.rounded), b.integer);
      b.number(ws, row, 10, static_cast<double>(l.before_caps()), b.integer);
      b.number(ws, row, 11, static_cast<double>(l.amount), b.integer);
      b.number(ws, row, 12, static_cast<double>(l.cap_cut), b.integer);
      b.number(ws, row, 15, xlsx::amount(l.amount, digits), b.money);
    }
    b.text(ws, row, 16, words.cap_note, b.wrap);
    b.fit_row(ws, row, {{words.rule, 30}, {joined(words.inputs, "\n"), 40}, {words.working, 40}, {words.cap_note, 24}});
  }

  /// Numerator, rounded, decided (a decision's amount, else the rounded one), allowed under
  /// the caps, cut, what the caps have left, the amount.
  void line_formulas(lxw_worksheet* ws, std::size_t k, int row) {
    const auto& l = m.lines[k];
    bool provider = l.payer == party_role::provider;
    std::string A = cell(row, 0), I = cell(row, 8), J = cell(row, 9), K = cell(row, 10), L = cell(row, 11);
    b.formula(ws, row, 8, "SUMIF(" + terms_lines + "," + A + "," + terms_shares + ")", static_cast<double>(numerators[k]),
              b.integer);
    b.formula(ws, row, 9, rounded_formula(I), static_cast<double>(l.rounded), b.integer);
    auto by = l.decided_by ? decided.find(l.decided_by) : decided.end();
    b.formula(ws, row, 10, by != decided.end() ? by->second : J, static_cast<double>(l.before_caps()), b.integer);
    // Caps in the contract's order: each provider line takes what the caps have left.
    if (provider) {
      std::string allowed = "MIN(" + K + (month_left ? "," + prev_month : "") + (year_left ? "," + prev_year : "") + ")";
      b.formula(ws, row, 11, allowed, static_cast<double>(l.amount), b.integer);
      if (month_left) *month_left -= l.amount;
      if (year_left) *year_left -= l.amount;
    } else {
      b.formula(ws, row, 11, K, static_cast<double>(l.amount), b.integer);
    }
    b.formula(ws, row, 12, K + "-" + L, static_cast<double>(l.cap_cut), b.integer);
    if (month_left) {
      b.formula(ws, row, 13, provider ? prev_month + "-" + L : prev_month, static_cast<double>(*month_left), b.integer);
      prev_month = cell(row, 13);
    }
    if (year_left) {
      b.formula(ws, row, 14, provider ? prev_year + "-" + L : prev_year, static_cast<double>(*year_left), b.integer);
      prev_year = cell(row, 14);
    }
    b.formula(ws, row, 15, L + "/" + per_unit, xlsx::amount(l.amount, digits), b.money);
  }

  /// Totals from `row`, in minor units and in the currency, over the lines up to `last`.
  std::pair<std::string, std::string> totals(lxw_worksheet* ws, int row, int last) {
    std::string payers = range(head + 1, 4, last, 4), owed = range(head + 1, 10, last, 10),
                allowed = range(head + 1, 11, last, 11);
    std::string provider_word = formula_text(t("payer.provider")), customer_word = formula_text(t("payer.customer"));
    struct total {
      const char* key;
      std::string formula;
      minor_units value;
    };
    std::vector<total> all = {
        {"penalties.provider_before_caps", "SUMIF(" + payers + "," + provider_word + "," + owed + ")", m.provider_before_caps},
        {"penalties.provider_total", "SUMIF(" + payers + "," + provider_word + "," + allowed + ")", m.provider_total},
        {"penalties.customer_total", "SUMIF(" + payers + "," + customer_word + "," + allowed + ")", m.customer_total}};
    std::pair<std::string, std::string> cells;
    for (auto& x : all) {
      b.text(ws, row, 0, t(x.key), b.bold);
      b.formula(ws, row, 9, x.formula, static_cast<double>(x.value), b.integer);
      b.formula(ws, row, 15, cell(row, 9) + "/" + per_unit, xlsx::amount(x.value, digits), b.money_bold);
      if (std::string_view(x.key) == "penalties.provider_total") cells.first = sheet_ref(names.penalties) + cell(row, 9, true);
      if (std::string_view(x.key) == "penalties.customer_total") cells.second = sheet_ref(names.penalties) + cell(row, 9, true);
      ++row;
    }
    for (auto& cap : caps_phrases(m, t)) b.text(ws, row++, 1, cap);
    return cells;
  }

  book& b;
  const report_context& ctx;
  const sheet_names& names;
  const std::map<const decision*, std::string>& decided;
  const texts& t;
  const money_result& m;
  const contract& c;
  int digits;
  std::string per_unit;
  std::vector<penalty_words> own_;
  int S = 0;      ///< the common scale of every percentage
  __int128 D = 100;  ///< 100 × 10^S
  static constexpr int head = 7;  ///< the lines' header row, below the rules
  const std::string unit = "$E$1", den = "$D$6";
  std::vector<__int128> numerators;
  bool exact = true;  ///< every figure fits a double exactly: formulas, else values
  std::string terms_lines, terms_shares;
  std::optional<minor_units> month_left, year_left;  ///< what the caps have left
  std::string prev_month = "$D$2", prev_year = "$D$5";
};

/// The decisions of decisions.csv, one row each with the figures it changed; a line decision's
/// amount is a cell the Penalties sheet takes (edit it, and the caps and totals follow).
/// Returns those cells by decision.
std::map<const decision*, std::string> decisions_sheet(book& b, lxw_worksheet* ws, const report_context& ctx,
                                                       const sheet_names& names) {
  const auto& t = ctx.t;
  const auto& r = ctx.result;
  const auto& m = r.money;
  std::map<const decision*, std::string> cells;
  b.heads(ws, 0, {"decisions.row", "decisions.target", "decisions.decision", "decisions.value", "decisions.approver",
                  "decisions.approved", "decisions.reason", "decisions.changes", "decisions.decided"});
  int row = 1;
  for (auto& a : r.decisions) {
    const decision& d = *a.row;
    b.number(ws, row, 0, static_cast<double>(d.at.row), b.integer);
    b.text(ws, row, 1, d.target);
    b.text(ws, row, 2, decision_text(d.decided, t));
    b.text(ws, row, 3, d.value);
    b.text(ws, row, 4, d.approver, b.wrap);
    b.text(ws, row, 5, day_text(d.approved));
    b.text(ws, row, 6, d.reason, b.wrap);
    std::string changes = joined(changes_text(a, m.currency, t), "\n");
    b.text(ws, row, 7, changes, b.wrap);
    if (d.what == decision::on::line) {
      b.number(ws, row, 8, static_cast<double>(d.decided == decision::kind::waive ? 0 : d.reduce_to), b.integer);
      cells[&d] = sheet_ref(names.decisions) + cell(row, 8, true);
    }
    b.fit_row(ws, row, {{d.reason, 36}, {changes, 60}});
    ++row;
  }
  b.widths(ws, {6, 26, 12, 12, 18, 12, 36, 60, 16});
  b.table(ws, 0, row - 1, 8);
  ++row;
  // The decisions together: the totals without them, and every line they changed.
  b.text(ws, row++, 0, t.fill("decisions.totals", {{"before", money_text(*m.undecided_provider_total, m.currency) + " " + m.currency},
                                                  {"after", money_text(m.provider_total, m.currency) + " " + m.currency}}),
         b.bold);
  if (!m.line_changes.empty()) b.text(ws, row++, 0, t("decisions.line_changes"));
  for (auto& c : m.line_changes) b.text(ws, row++, 1, change_text(c, m.currency, t));
  return cells;
}

void inputs_sheet(book& b, lxw_worksheet* ws, const report_context& ctx) {
  b.heads(ws, 0, {"inputs.file", "inputs.encoding", "inputs.bytes", "inputs.rows", "inputs.outside", "inputs.skipped",
                  "inputs.sha256"});
  int row = 1;
  for (auto& f : ctx.result.inputs) {
    b.text(ws, row, 0, f.name);
    b.text(ws, row, 1, f.encoding);
    b.number(ws, row, 2, static_cast<double>(f.bytes), b.integer);
    b.number(ws, row, 3, static_cast<double>(f.rows), b.integer);
    b.number(ws, row, 4, static_cast<double>(f.outside_period), b.integer);
    b.number(ws, row, 5, static_cast<double>(f.skipped), b.integer);
    b.text(ws, row, 6, f.sha256);
    ++row;
  }
  ++row;
  b.text(ws, row, 0, ctx.t("inputs.contract"), b.bold);
  b.text(ws, row, 1, ctx.result.contract_path);
  b.text(ws, row++, 6, ctx.contract_sha256);
  if (ctx.result.terms.amended) {
    b.text(ws, row, 0, ctx.t("summary.terms"), b.bold);
    b.text(ws, row++, 1, terms_text(ctx.result.terms, ctx.t));
  }
  b.text(ws, row, 0, ctx.t("inputs.tool"), b.bold);
  b.text(ws, row++, 1, "slaudit " + ctx.tool_version);
  // Completeness: the verdict, then every file the contract's terms could read and what its
  // absence means.
  ++row;
  b.text(ws, row, 0, ctx.t("summary.completeness"), b.bold);
  b.text(ws, row++, 1, completeness_text(ctx.result.complete, ctx.t));
  b.text(ws, row, 0, ctx.t("inputs.file"), b.bold);
  b.text(ws, row, 1, ctx.t("inputs.state"), b.bold);
  b.text(ws, row++, 2, ctx.t("inputs.why"), b.bold);
  for (auto& f : ctx.result.complete.files) {
    b.text(ws, row, 0, f.name);
    b.text(ws, row, 1, ctx.t(f.read ? "complete.read" : f.from_export ? "complete.in_export" : "complete.absent"));
    if (!f.read) b.text(ws, row, 2, absence_text(f, ctx.t));
    ++row;
  }
  // The findings about the data: each with its file, row and column, in the report's language.
  if (!ctx.result.findings.empty()) {
    ++row;
    b.text(ws, row++, 0, ctx.t("pdf.section.findings"), b.bold);
    b.text(ws, row, 0, ctx.t("inputs.file"), b.bold);
    b.text(ws, row, 1, ctx.t("findings.row"), b.bold);
    b.text(ws, row, 2, ctx.t("findings.column"), b.bold);
    b.text(ws, row++, 3, ctx.t("findings.what"), b.bold);
    for (auto& f : ctx.result.findings) {
      b.text(ws, row, 0, f.at.file);
      if (f.at.row) b.number(ws, row, 1, static_cast<double>(f.at.row), b.integer);
      b.text(ws, row, 2, f.column);
      b.text(ws, row++, 3, finding_text(f, ctx.t));
    }
  }
  b.widths(ws, {22, 10, 12, 10, 14, 12, 66});
  worksheet_freeze_panes(ws, 1, 0);
}

}  // namespace

std::string cell_text(std::string_view text, const texts& t) {
  constexpr std::size_t excel_limit = 32767;  // characters (UTF-16 units) in one cell
  // Most text is short and clean: no byte XML forbids (C0 controls but tab, LF, CR), no
  // U+FFFE/U+FFFF (EF BF BE/BF), and no more bytes than the limit has characters.
  bool clean = text.size() <= excel_limit;
  for (std::size_t k = 0; clean && k < text.size(); ++k) {
    auto c = static_cast<unsigned char>(text[k]);
    clean = (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') &&
            !((c == 0xBE || c == 0xBF) && k >= 2 && static_cast<unsigned char>(text[k - 1]) == 0xBF &&
              static_cast<unsigned char>(text[k - 2]) == 0xEF);
  }
  if (clean) return std::string(text);
  std::string out;
  out.reserve(text.size());
  std::size_t replaced = 0, units = 0, total_units = 0;
  // Characters XML 1.0 forbids: C0 controls but tab, LF and CR; U+FFFE and U+FFFF.
  for (std::size_t k = 0; k < text.size();) {
    auto c = static_cast<unsigned char>(text[k]);
    std::size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    len = std::min(len, text.size() - k);
    std::string_view ch = text.substr(k, len);
    k += len;
    total_units += len == 4 ? 2 : 1;
    if ((len == 1 && c < 0x20 && c != '\t' && c != '\n' && c != '\r') || ch == "\xEF\xBF\xBE" || ch == "\xEF\xBF\xBF") {
      ++replaced;
      ch = "\xEF\xBF\xBD";
    }
    out.append(ch);
  }
  std::string note;
  if (replaced) note += t.fill("note.replaced", {{"count", std::to_string(replaced)}});
  if (total_units > excel_limit) note = t.fill("note.cut", {{"chars", std::to_string(total_units)}}) + note;
  if (total_units <= excel_limit && note.empty()) return out;
  // Keep as much of the text as fits with the note after it, cut at a character boundary.
  std::size_t note_units = 0;
  for (unsigned char c : note) note_units += (c & 0xC0) != 0x80 ? ((c >= 0xF0) ? 2 : 1) : 0;
  std::size_t budget = excel_limit - std::min(excel_limit, note_units + 1), end = 0;
  units = 0;
  while (end < out.size()) {
    auto c = static_cast<unsigned char>(out[end]);
    std::size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    std::size_t u = len == 4 ? 2 : 1;
    if (units + u > budget) break;
    units += u;
    end += len;
  }
  out.resize(end);
  return out + " " + note;
}

bool write_xlsx(const report_context& ctx, const std::string& path, std::string& why, bool* too_many_rows) {
  if (too_many_rows) *too_many_rows = false;
  const auto& t = ctx.t;
  sheet_names names{t("sheet.summary"),   t("sheet.services"),  t("sheet.incidents"),
                    t("sheet.tickets"),   t("sheet.escalations"), t("sheet.metrics"),
                    t("sheet.penalties"), t("sheet.terms"),     t("sheet.inputs"),
                    t("sheet.decisions")};
  for (auto* n : {&names.summary, &names.services, &names.incidents, &names.tickets, &names.escalations, &names.metrics,
                  &names.penalties, &names.terms, &names.inputs, &names.decisions})
    *n = xlsx::sheet_name(*n);
  book b(path, ctx);
  if (!b.get()) return b.close(why);
  lxw_worksheet* summary = b.sheet(names.summary);
  lxw_worksheet* services = b.sheet(names.services);
  lxw_worksheet* incidents = b.sheet(names.incidents);
  lxw_worksheet* tickets = b.sheet(names.tickets);
  lxw_worksheet* escalations = b.sheet(names.escalations);
  lxw_worksheet* metrics = b.sheet(names.metrics);
  lxw_worksheet* penalties = b.sheet(names.penalties);
  // Only a month with decisions has their sheet, beside the lines they change.
  lxw_worksheet* decisions = ctx.result.decisions.empty() ? nullptr : b.sheet(names.decisions);
  lxw_worksheet* terms = b.sheet(names.terms);
  lxw_worksheet* inputs = b.sheet(names.inputs);
  if (!b.ok()) return b.close(why);

  std::string service_verdicts = services_sheet(b, services, ctx, names);
  std::string clock_verdicts = incidents_sheet(b, incidents, ctx, names);
  int ticket_row = 0;
  std::string ticket_verdicts = sheet_ref(names.tickets) + clocks_table(b, tickets, ctx, ctx.result.tickets, true, ticket_row);
  b.widths(tickets, {14, 10, 19, 19, 11, 10, 10, 19, 12, 40, 18, 40});
  std::string escalation_verdicts = escalations_sheet(b, escalations, ctx, names);
  std::string metric_verdicts = metrics_sheet(b, metrics, ctx, names);
  std::map<const decision*, std::string> decided;
  if (decisions) decided = decisions_sheet(b, decisions, ctx, names);
  auto [provider_total, customer_total] = penalties_writer(b, ctx, names, decided).write(penalties, terms);
  inputs_sheet(b, inputs, ctx);

  // The summary last: it refers to the other sheets' cells.
  const auto& r = ctx.result;
  const auto& c = ctx.contract;
  int digits = minor_digits(r.money.currency);
  b.text(summary, 0, 0, t("report.title"), b.title);
  // The first thing read: whether the figures come from every input the terms read.
  b.text(summary, 1, 0, t("summary.completeness"), b.bold);
  b.text(summary, 1, 1, completeness_text(r.complete, t), r.complete.complete() ? b.green : b.red);
  int row = 2;
  auto line = [&](const char* key, const std::string& value) {
    b.text(summary, row, 0, t(key), b.bold);
    b.text(summary, row++, 1, value);
  };
  line("summary.contract", r.contract_id);
  line("summary.title", c.title);
  line("summary.customer", c.party(party_role::customer));
  line("summary.provider", c.party(party_role::provider));
  line("summary.period", t.period_label(r.period));
  line("summary.timezone", r.timezone);
  std::string breached = formula_text(t("verdict.breached"));
  auto count_breached = [&](const std::string& range) { return "COUNTIF(" + range + "," + breached + ")"; };
  breach_counts breaches = count_breaches(r);
  bool any_breached = breaches.total() > 0;
  std::string services_downtime = sheet_ref(names.services) + range(1, 9, std::max<int>(1, static_cast<int>(r.availability.size())), 9);
  b.text(summary, row, 0, t("summary.verdict"), b.bold);
  b.formula(summary, row++, 1,
            "IF(" + count_breached(service_verdicts) + "+" + count_breached(services_downtime) + "+" +
                count_breached(clock_verdicts) + "+" + count_breached(ticket_verdicts) + "+" +
                count_breached(escalation_verdicts) + "+" + count_breached(metric_verdicts) + ">0," +
                formula_text(t("verdict.overall.breached")) + "," + formula_text(t("verdict.overall.met")) + ")",
            t(any_breached ? "verdict.overall.breached" : "verdict.overall.met"), b.bold);
  b.text(summary, row, 0, t("summary.services_breached"), b.bold);
  b.formula(summary, row++, 1, "SUMPRODUCT(--(((" + service_verdicts + "=" + breached + ")+(" + services_downtime + "=" + breached + "))>0))",
            static_cast<double>(breaches.services));
  b.text(summary, row, 0, t("summary.clocks_breached"), b.bold);
  b.formula(summary, row++, 1, count_breached(clock_verdicts) + "+" + count_breached(ticket_verdicts),
            static_cast<double>(breaches.clocks));
  std::string per_unit = power_of_ten(digits);
  b.text(summary, row, 0, t("summary.provider_total"), b.bold);
  b.formula(summary, row++, 1, provider_total + "/" + per_unit,
            xlsx::amount(r.money.provider_total, digits), b.money_bold);
  b.text(summary, row, 0, t("summary.customer_total"), b.bold);
  b.formula(summary, row++, 1, customer_total + "/" + per_unit,
            xlsx::amount(r.money.customer_total, digits), b.money_bold);
  if (r.money.undecided_provider_total) {  // decided figures never pass for the history's own
    b.text(summary, row, 0, t("summary.undecided_total"), b.bold);
    b.number(summary, row++, 1, xlsx::amount(*r.money.undecided_provider_total, digits), b.money);
  }
  line("summary.tool", "slaudit " + ctx.tool_version);
  b.text(summary, row, 0, t("summary.generated"), b.bold);
  b.number(summary, row++, 1, xlsx::serial_date(ctx.zone.to_local(ctx.document_time)), b.date);  // in the contract's zone
  ++row;
  b.text(summary, row++, 0, t("summary.note"), b.wrap);
  b.widths(summary, {34, 48});
  worksheet_activate(summary);

  bool closed = b.close(why);
  if (too_many_rows) *too_many_rows = !closed && b.past_last_row();
  return closed;
}

}  // namespace slaudit::reports
