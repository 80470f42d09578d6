#include "batch/review.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>

#include "batch/pipeline.hpp"
#include "engine/money.hpp"
#include "io/files.hpp"
#include "reports/json.hpp"
#include "reports/pdf_layout.hpp"
#include "reports/text_format.hpp"
#include "reports/xlsx_book.hpp"

namespace slaudit::batch {
namespace {

namespace xl = reports::xlsx;

std::string pct(std::int64_t numerator, std::int64_t denominator) {
  return denominator > 0 ? engine::percent_text(numerator, denominator) : std::string();
}

double ratio(std::int64_t numerator, std::int64_t denominator) {
  return static_cast<double>(numerator) / static_cast<double>(denominator);
}

/// The months a contract lacks in the period, as the reviews show them: those never recorded,
/// then those whose figures a failed rerun withdrew, each said so.
std::string missing_text(const review_contract& c, const reports::texts& t) {
  std::vector<std::string> months = c.missing;
  for (auto& m : c.superseded) months.push_back(m + " " + t("review.superseded"));
  std::sort(months.begin(), months.end());  // "2026-10 (…)" sorts by its month
  std::string text;
  for (auto& m : months) text += (text.empty() ? "" : ", ") + m;
  return text;
}

/// A list of strings, one a line as every list of the review.
void strings(reports::json_writer& w, const char* name, const std::vector<std::string>& list) {
  w.key(name).array();
  for (auto& text : list) w.str(text);
  w.close(']');
}

/// A contract's months in the period: its figures, or that none were recorded.
void review_months(reports::json_writer& w, const review& r, const review_contract& c) {
  w.key("months").array();
  for (std::size_t k = 0; k < r.months.size(); ++k) {
    const ledger::ledger_row* row = c.months[k];
    w.object();
    w.key("period").str(r.months[k]);
    w.key("recorded").boolean(row != nullptr);
    if (row) {
      const auto& s = row->summary;
      w.key("run").num(row->run_id);
      w.key("verdict").str(s.breached ? "breached" : "met");
      w.key("breaches").num(static_cast<std::int64_t>(s.breaches.total()));
      w.key("provider_total").str(engine::money_text(s.provider_total, c.currency));
      w.key("customer_total").str(engine::money_text(s.customer_total, c.currency));
      w.key("rates").array();
      for (auto& x : s.rates) {
        w.object();
        w.key("metric").str(x.metric);
        w.key("service").str(x.service);
        w.key("percent").str(pct(x.numerator, x.denominator));
        w.key("target_pct").str(x.target);
        w.key("verdict").str(x.verdict);
        w.close('}');
      }
      w.close(']');
    }
    w.close('}');
  }
  w.close(']');
}

/// A contract's services: the period's availability from ΣS, ΣM, ΣU, then month by month.
void review_services(reports::json_writer& w, const review& r, const review_contract& c) {
  w.key("services").array();
  for (auto& v : c.services) {
    w.object();
    w.key("id").str(v.id);
    w.key("target_pct").str(v.target);
    w.key("S").num(v.S);
    w.key("M").num(v.M);
    w.key("U").num(v.U);
    w.key("availability_pct").str(pct(v.numerator, v.denominator));
    w.key("months_breached").num(static_cast<std::int64_t>(v.months_breached));
    w.key("months").array();
    for (std::size_t k = 0; k < r.months.size(); ++k) {
      const service_summary* m = v.months[k];
      w.object();
      w.key("period").str(r.months[k]);
      w.key("recorded").boolean(m != nullptr);
      if (m) {
        w.key("S").num(m->S);
        w.key("M").num(m->M);
        w.key("U").num(m->U);
        w.key("availability_pct").str(pct(m->numerator, m->denominator));
        w.key("verdict").str(m->verdict);
      }
      w.close('}');
    }
    w.close(']');
    w.close('}');
  }
  w.close(']');
}

/// The months' decisions: who approved what, when and why, and what each changed.
void review_decisions(reports::json_writer& w, const review& r, const review_contract& c) {
  w.key("decisions").array();
  for (auto& d : c.decisions) {
    w.record();
    w.key("period").str(r.months[d.month]);
    w.key("row").num(d.row->row);
    w.key("target").str(d.row->target);
    w.key("decision").str(d.row->decision);
    w.key("value").str(d.row->value);
    w.key("approver").str(d.row->approver);
    w.key("approved").str(d.row->approved);
    w.key("reason").str(d.row->reason);
    w.key("changes").str(d.row->changes);
    w.close('}');
  }
  w.close(']');
}

void review_penalties(reports::json_writer& w, const review& r, const review_contract& c) {
  w.key("penalties").array();
  for (auto& p : c.penalties) {
    w.object();
    w.key("period").str(r.months[p.month]);
    w.key("penalty").str(p.penalty);
    w.key("clauses").str(p.clauses);
    w.key("payer").str(p.payer);
    w.key("lines").num(static_cast<std::int64_t>(p.lines));
    w.key("before_caps").str(engine::money_text(p.rounded, c.currency));
    w.key("cap_cut").str(engine::money_text(p.cap_cut, c.currency));
    w.key("amount").str(engine::money_text(p.amount, c.currency));
    w.close('}');
  }
  w.close(']');
}

std::string review_json(const review& r, const std::string& version) {
  reports::json_writer w;
  w.object();
  w.key("tool").str("slaudit");
  w.key("version").str(version);
  w.key("period").str(r.period.label());
  strings(w, "months", r.months);
  std::map<std::string, std::array<std::int64_t, 3>> totals;  // currency → contracts, provider, customer
  for (auto& c : r.contracts) {
    auto& t = totals[c.currency];
    t[0] += 1;
    t[1] += c.provider_total;
    t[2] += c.customer_total;
  }
  w.key("totals").array();
  for (auto& [currency, t] : totals) {
    w.object();
    w.key("currency").str(currency);
    w.key("contracts").num(t[0]);
    w.key("provider_total").str(engine::money_text(t[1], currency));
    w.key("customer_total").str(engine::money_text(t[2], currency));
    w.close('}');
  }
  w.close(']');
  w.key("contracts").array();
  for (auto& c : r.contracts) {
    w.object();
    w.key("contract_id").str(c.id);
    w.key("title").str(c.title);
    w.key("customer").str(c.customer);
    w.key("provider").str(c.provider);
    w.key("currency").str(c.currency);
    strings(w, "missing_months", c.missing);
    strings(w, "superseded_months", c.superseded);
    w.key("breaches").num(static_cast<std::int64_t>(c.breaches));
    w.key("provider_total").str(engine::money_text(c.provider_total, c.currency));
    w.key("customer_total").str(engine::money_text(c.customer_total, c.currency));
    w.key("provider_total_without_decisions").str(engine::money_text(c.undecided_provider_total, c.currency));
    review_months(w, r, c);
    review_services(w, r, c);
    review_penalties(w, r, c);
    review_decisions(w, r, c);
    w.close('}');
  }
  w.close(']');
  w.close('}');
  return w.out + "\n";
}

/// The review workbook: Summary (money and breaches per month, period totals as SUM
/// formulas), Availability trend (each month's availability, the period's from ΣS, ΣM, ΣU
/// as a formula, a line chart), Penalty lines, Runs.
class review_book : public xl::book {
 public:
  review_book(const std::string& path, const review& r, const reports::texts& t)
      : xl::book(path, t("review.title") + " " + r.period.label(), static_cast<std::time_t>(document_time(r.period)), t),
        r_(r) {
    if (!get()) return;
    column_head_format();  // first, as the formats were always made
    money_ = format([](lxw_format* f) { format_set_num_format(f, "#,##0.00"); });
    ratio_ = format([](lxw_format* f) { format_set_num_format(f, "0.0000%"); });
    red_ = format([](lxw_format* f) {
      format_set_bg_color(f, 0xF8CBAD);
      format_set_font_color(f, 0x9C0006);
    });
    red_ratio_ = format([](lxw_format* f) {
      format_set_num_format(f, "0.0000%");
      format_set_bg_color(f, 0xF8CBAD);
      format_set_font_color(f, 0x9C0006);
    });
  }

  bool write(std::string& why) {
    if (get()) {
      summary_sheet();
      availability_sheet();
      penalties_sheet();
      decisions_sheet();
      runs_sheet();
    }
    return close(why);
  }

 private:
  int month_count() const { return static_cast<int>(r_.months.size()); }


  // Summary: A id, B title, C customer, D provider, E currency, then per month the provider
  // credits, their SUM, per month the breaches, their SUM, the customer's total, the months
  // missing.
  void summary_sheet() {
    lxw_worksheet* ws = sheet(xl::sheet_name(t_("review.sheet.summary")));
    if (!ws) return;
    const int n = month_count(), money_from = 5, breaches_from = money_from + n + 1;
    std::vector<std::pair<std::string, double>> cols = {{t_("summary.contract"), 18},
                                                        {t_("summary.title"), 30},
                                                        {t_("summary.customer"), 20},
                                                        {t_("summary.provider"), 20},
                                                        {t_("portfolio.col.currency"), 8}};
    for (auto& m : r_.months) cols.push_back({t_("summary.provider_total") + " " + m, 14});
    cols.push_back({t_("summary.provider_total") + " " + t_("review.col.total"), 16});
    for (auto& m : r_.months) cols.push_back({t_("review.col.breaches") + " " + m, 10});
    cols.push_back({t_("review.col.breaches") + " " + t_("review.col.total"), 10});
    cols.push_back({t_("summary.customer_total") + " " + t_("review.col.total"), 16});
    cols.push_back({t_("review.col.missing"), 24});
    column_heads(ws, cols, 30);
    int row = 1;
    for (auto& c : r_.contracts) {
      text(ws, row, 0, c.id);
      text(ws, row, 1, c.title);
      text(ws, row, 2, c.customer);
      text(ws, row, 3, c.provider);
      text(ws, row, 4, c.currency);
      for (int k = 0; k < n; ++k)
        if (const ledger::ledger_row* m = c.months[static_cast<std::size_t>(k)]) {
          number(ws, row, money_from + k, xl::amount(m->summary.provider_total, c.minor_digits), money_);
          number(ws, row, breaches_from + k, static_cast<double>(m->summary.breaches.total()));
        }
      std::string digits = std::to_string(c.minor_digits);
      formula(ws, row, money_from + n,
              "ROUND(SUM(" + xl::cell(row, money_from) + ":" + xl::cell(row, money_from + n - 1) + ")," + digits + ")",
              xl::amount(c.provider_total, c.minor_digits), money_);
      formula(ws, row, breaches_from + n,
              "SUM(" + xl::cell(row, breaches_from) + ":" + xl::cell(row, breaches_from + n - 1) + ")",
              static_cast<double>(c.breaches));
      number(ws, row, breaches_from + n + 1, xl::amount(c.customer_total, c.minor_digits), money_);
      std::string missing = missing_text(c, t_);
      text(ws, row, breaches_from + n + 2, missing, missing.empty() ? nullptr : red_);
      ++row;
    }
    if (r_.contracts.empty()) text(ws, 1, 0, t_("review.none"));
    text(ws, row + 1, 0, t_("review.note"));
  }

  // Availability trend: A contract, B service, C target, then each month's availability,
  // ΣS, ΣM, ΣU, the period's availability (a formula over them), months breached.
  void availability_sheet() {
    std::string name = xl::sheet_name(t_("review.sheet.availability"));
    lxw_worksheet* ws = sheet(name);
    if (!ws) return;
    const int n = month_count(), sums = 3 + n;
    std::vector<std::pair<std::string, double>> cols = {
        {t_("summary.contract"), 18}, {t_("portfolio.col.service"), 16}, {t_("portfolio.col.target"), 9}};
    for (auto& m : r_.months) cols.push_back({m, 11});
    for (const char* k : {"services.S", "services.M", "services.U"}) cols.push_back({t_(k), 14});
    cols.push_back({t_("review.col.period_availability"), 14});
    cols.push_back({t_("review.col.months_breached"), 10});
    column_heads(ws, cols, 30);
    int row = 1;
    std::vector<std::string> line_names;  // the chart's legend: a service of which contract
    for (auto& c : r_.contracts)
      for (auto& v : c.services) {
        line_names.push_back(c.id + " " + v.id);
        text(ws, row, 0, c.id);
        text(ws, row, 1, v.id);
        if (!v.target.empty()) text(ws, row, 2, v.target + "%");
        for (int k = 0; k < n; ++k) {
          const service_summary* m = v.months[static_cast<std::size_t>(k)];
          if (m && m->denominator > 0)
            number(ws, row, 3 + k, ratio(m->numerator, m->denominator), m->verdict == "breached" ? red_ratio_ : ratio_);
        }
        number(ws, row, sums, static_cast<double>(v.S));
        number(ws, row, sums + 1, static_cast<double>(v.M));
        number(ws, row, sums + 2, static_cast<double>(v.U));
        std::string S = xl::cell(row, sums), M = xl::cell(row, sums + 1), U = xl::cell(row, sums + 2);
        std::string f = "IF(" + S + "-" + M + "<=0,\"\",(" + S + "-" + M + "-" + U + ")/(" + S + "-" + M + "))";
        if (v.denominator > 0) formula(ws, row, sums + 3, f, ratio(v.numerator, v.denominator), ratio_);
        else formula(ws, row, sums + 3, f, std::string(), ratio_);
        number(ws, row, sums + 4, static_cast<double>(v.months_breached));
        ++row;
      }
    int last = row - 1;
    if (last < 1) return;
    // The trend: one line per service over the months (the first dozen: a chart of hundreds
    // of lines says nothing; the table has them all).
    constexpr int most_lines = 12;
    lxw_chart* chart = workbook_add_chart(get(), LXW_CHART_LINE);
    for (int k = 1; k <= std::min(last, most_lines); ++k) {
      auto* s = chart_add_series(chart, nullptr, nullptr);
      chart_series_set_categories(s, name.c_str(), 0, 3, 0, static_cast<lxw_col_t>(3 + n - 1));
      chart_series_set_values(s, name.c_str(), static_cast<lxw_row_t>(k), 3, static_cast<lxw_row_t>(k),
                              static_cast<lxw_col_t>(3 + n - 1));
      chart_series_set_name(s, line_names[static_cast<std::size_t>(k - 1)].c_str());
      chart_series_set_marker_type(s, LXW_CHART_MARKER_CIRCLE);
    }
    chart_title_set_name(chart, t_("review.chart.title").c_str());
    chart_axis_set_num_format(chart->y_axis, "0.00%");
    chart_legend_set_position(chart, LXW_CHART_LEGEND_BOTTOM);
    keep(worksheet_insert_chart(ws, static_cast<lxw_row_t>(last + 2), 1, chart));
    if (last > most_lines)
      text(ws, last + 1, 0, t_.fill("review.chart.more", {{"n", std::to_string(most_lines)}}));
  }

  void penalties_sheet() {
    lxw_worksheet* ws = sheet(xl::sheet_name(t_("review.sheet.penalties")));
    if (!ws) return;
    column_heads(ws, {{t_("summary.contract"), 18},
               {t_("review.col.month"), 9},
               {t_("penalties.penalty"), 24},
               {t_("penalties.clause"), 10},
               {t_("penalties.payer"), 10},
               {t_("portfolio.col.currency"), 8},
               {t_("review.col.lines"), 8},
               {t_("review.col.before_caps"), 14},
               {t_("review.col.cap_cut"), 14},
               {t_("penalties.amount"), 14}}, 30);
    int row = 1;
    for (auto& c : r_.contracts)
      for (auto& p : c.penalties) {
        text(ws, row, 0, c.id);
        text(ws, row, 1, r_.months[p.month]);
        text(ws, row, 2, p.penalty);
        text(ws, row, 3, p.clauses);
        text(ws, row, 4, t_(p.payer == "customer" ? "payer.customer" : "payer.provider"));
        text(ws, row, 5, c.currency);
        number(ws, row, 6, static_cast<double>(p.lines));
        number(ws, row, 7, xl::amount(p.rounded, c.minor_digits), money_);
        number(ws, row, 8, xl::amount(p.cap_cut, c.minor_digits), money_);
        // The amount owed: before caps less the cut, as the engine computed it.
        formula(ws, row, 9, xl::cell(row, 7) + "-" + xl::cell(row, 8), xl::amount(p.amount, c.minor_digits), money_);
        ++row;
      }
    keep(worksheet_autofilter(ws, 0, 0, static_cast<lxw_row_t>(std::max(1, row - 1)), 9));
    text(ws, row + 1, 0, t_("review.penalties.note"));
  }

  /// Every decision of the period's months (only when there are any).
  void decisions_sheet() {
    bool any = std::any_of(r_.contracts.begin(), r_.contracts.end(), [](auto& c) { return !c.decisions.empty(); });
    if (!any) return;
    lxw_worksheet* ws = sheet(xl::sheet_name(t_("sheet.decisions")));
    if (!ws) return;
    column_heads(ws, {{t_("summary.contract"), 18},
                      {t_("review.col.month"), 9},
                      {t_("decisions.row"), 6},
                      {t_("decisions.target"), 26},
                      {t_("decisions.decision"), 10},
                      {t_("decisions.value"), 12},
                      {t_("decisions.approver"), 18},
                      {t_("decisions.approved"), 12},
                      {t_("decisions.reason"), 36},
                      {t_("decisions.changes"), 60}}, 30);
    int row = 1;
    for (auto& c : r_.contracts)
      for (auto& d : c.decisions) {
        text(ws, row, 0, c.id);
        text(ws, row, 1, r_.months[d.month]);
        number(ws, row, 2, static_cast<double>(d.row->row));
        text(ws, row, 3, d.row->target);
        text(ws, row, 4, t_("decision." + d.row->decision));
        text(ws, row, 5, d.row->value);
        text(ws, row, 6, d.row->approver);
        text(ws, row, 7, d.row->approved);
        text(ws, row, 8, d.row->reason);
        text(ws, row, 9, d.row->changes);  // as the ledger keeps it (English)
        ++row;
      }
    keep(worksheet_autofilter(ws, 0, 0, static_cast<lxw_row_t>(std::max(1, row - 1)), 9));
  }

  void runs_sheet() {
    lxw_worksheet* ws = sheet(xl::sheet_name(t_("review.sheet.runs")));
    if (!ws) return;
    column_heads(ws, {{t_("summary.contract"), 18},
               {t_("review.col.month"), 9},
               {t_("review.col.run"), 8},
               {t_("review.col.recorded"), 22},
               {t_("review.col.file"), 40}}, 30);
    int row = 1;
    for (auto& c : r_.contracts)
      for (std::size_t k = 0; k < r_.months.size(); ++k)
        if (const ledger::ledger_row* m = c.months[k]) {
          text(ws, row, 0, c.id);
          text(ws, row, 1, r_.months[k]);
          number(ws, row, 2, static_cast<double>(m->run_id));
          text(ws, row, 3, m->recorded_at);
          text(ws, row, 4, m->file);
          ++row;
        }
  }

  const review& r_;
  lxw_format *money_ = nullptr, *ratio_ = nullptr, *red_ = nullptr, *red_ratio_ = nullptr;
};

/// The review PDF: a cover with the totals, then per contract its months, its services'
/// availability month by month with a trend chart, and its penalty lines.
/// The cover: the period, how many contracts, the money per currency.
void review_cover(reports::pdf::layout& L, const review& r, const reports::texts& t, const std::string& version) {
  using namespace reports::pdf;
  L.new_page();
  L.space(120);
  L.draw_text(margin, L.y(), t("review.title"), 22);
  L.space(34);
  L.draw_text(margin, L.y(), r.period.label() + "  (" + r.months.front() + " … " + r.months.back() + ")", 14);
  L.space(30);
  L.field(t("review.contracts"), std::to_string(r.contracts.size()));
  std::map<std::string, std::pair<std::int64_t, std::int64_t>> totals;
  for (auto& c : r.contracts) {
    totals[c.currency].first += c.provider_total;
    totals[c.currency].second += c.customer_total;
  }
  for (auto& [currency, sums] : totals) {
    L.field(t("summary.provider_total"), t.money(sums.first, currency), 150, 11);
    if (sums.second) L.field(t("summary.customer_total"), t.money(sums.second, currency), 150, 11);
  }
  L.field(t("summary.generated"), reports::timestamp_text(document_time(r.period), ' ').substr(0, 10));
  L.field(t("summary.tool"), "slaudit " + version);
  L.space(10);
  L.paragraph(t("review.note"), small, grey);
  if (r.contracts.empty()) L.paragraph(t("review.none"));
}

/// A contract's months: verdict, breaches and money each month, and the period's total.
void review_months_table(reports::pdf::layout& L, const review& r, const review_contract& c, const reports::texts& t) {
  using namespace reports::pdf;
  L.heading(t("review.section.months"));
  std::vector<std::vector<std::string>> rows;
  for (std::size_t k = 0; k < r.months.size(); ++k) {
    const ledger::ledger_row* m = c.months[k];
    if (!m) {
      rows.push_back({r.months[k], "—", "—", "—", "—"});
      continue;
    }
    const auto& s = m->summary;
    rows.push_back({r.months[k], t(s.breached ? "verdict.overall.breached" : "verdict.overall.met"),
                    std::to_string(s.breaches.total()), t.money(s.provider_total, c.currency),
                    t.money(s.customer_total, c.currency)});
  }
  rows.push_back({t("review.col.total"), "", std::to_string(c.breaches), t.money(c.provider_total, c.currency),
                  t.money(c.customer_total, c.currency)});
  L.table({{t("review.col.month"), 70}, {t("summary.verdict"), 90}, {t("review.col.breaches"), 60, true},
           {t("summary.provider_total"), 137, true}, {t("summary.customer_total"), 138, true}},
          rows, [&](std::size_t row, std::size_t col) {
            return col == 1 && row < r.months.size() && c.months[row] && c.months[row]->summary.breached ? red : black;
          });
}

/// A contract's services: each month's availability and the period's, from ΣS, ΣM, ΣU.
void review_services_table(reports::pdf::layout& L, const review& r, const review_contract& c, const reports::texts& t) {
  using namespace reports::pdf;
  L.heading(t("review.section.services"));
  std::vector<std::vector<std::string>> rows;
  // A quarter shows four decimals, as every other report; a year's twelve columns show two
  // (cut, not rounded, so a figure never reads as meeting a target it missed).
  bool year = r.months.size() > 3;
  double service_w = year ? 60 : 80, target_w = year ? 36 : 45, period_w = year ? 56 : 70;
  double month_w = year ? (page_w - 2 * margin - service_w - target_w - period_w) / static_cast<double>(r.months.size()) : 75;
  std::vector<reports::pdf::layout::column> cols = {{t("portfolio.col.service"), service_w},
                                                    {t("portfolio.col.target"), target_w, true}};
  for (auto& m : r.months) cols.push_back({year ? m.substr(5) : m, month_w, true});
  cols.push_back({t("review.col.period_availability"), period_w, true});
  auto shown = [&](std::int64_t num, std::int64_t den) {
    std::string p = pct(num, den);
    if (!year) return p + "%";
    return p.rfind("100.", 0) == 0 ? std::string("100") : p.substr(0, p.size() - 2);
  };
  for (auto& v : c.services) {
    std::vector<std::string> cells = {v.id, v.target.empty() ? "—" : v.target + "%"};
    for (auto* m : v.months) cells.push_back(m && m->denominator > 0 ? shown(m->numerator, m->denominator) : "—");
    cells.push_back(v.denominator > 0 ? pct(v.numerator, v.denominator) + "%" : "—");
    rows.push_back(std::move(cells));
  }
  L.table(cols, rows, [&](std::size_t row, std::size_t col) {
    if (col < 2 || col >= 2 + r.months.size()) return black;
    auto* m = c.services[row].months[col - 2];
    return m && m->verdict == "breached" ? red : black;
  });
}

/// The trend: each service's monthly availability as a line, on a scale that starts just
/// below the lowest figure or target; targets dashed, a legend below.
void review_trend(reports::pdf::layout& L, const review& r, const review_contract& c, const reports::texts& t) {
  using namespace reports::pdf;
  L.heading(t("review.section.trend"));
  double lowest = 1.0;
  for (auto& v : c.services) {
    for (auto* m : v.months)
      if (m && m->denominator > 0) lowest = std::min(lowest, ratio(m->numerator, m->denominator));
    if (!v.target.empty()) lowest = std::min(lowest, std::strtod(v.target.c_str(), nullptr) / 100.0);
  }
  double from = std::max(0.0, std::floor(lowest * 1000.0 - 0.5) / 1000.0);
  const double h = 120, x0 = margin + 50, w = page_w - 2 * margin - 60;
  L.ensure(h + 60);
  double y0 = L.y() - h - 10;
  L.line(x0, y0, x0 + w, y0, rule_grey, 0.6);
  L.line(x0, y0, x0, y0 + h, rule_grey, 0.6);
  char label[32];
  std::snprintf(label, sizeof label, "%.1f%%", from * 100.0);
  L.draw_text(margin, y0 - 3, label, small, grey);
  L.draw_text(margin, y0 + h - 3, "100%", small, grey);
  std::size_t n = r.months.size();
  auto x_of = [&](std::size_t k) { return x0 + w * (static_cast<double>(k) + 0.5) / static_cast<double>(n); };
  auto y_of = [&](double v) { return y0 + h * std::clamp((v - from) / (1.0 - from), 0.0, 1.0); };
  for (std::size_t k = 0; k < n; ++k)
    L.draw_text(x_of(k) - 14, y0 - 12, n > 3 ? r.months[k].substr(5) : r.months[k], small, grey);
  static constexpr rgb palette[] = {{0.12, 0.35, 0.65}, {0.85, 0.45, 0.1}, {0.2, 0.55, 0.25},
                                    {0.55, 0.25, 0.6},  {0.5, 0.5, 0.1},   {0.1, 0.55, 0.6}};
  double legend_y = y0 - 26;
  for (std::size_t s = 0; s < c.services.size(); ++s) {
    const auto& v = c.services[s];
    rgb colour = palette[s % (sizeof palette / sizeof palette[0])];
    std::optional<std::pair<double, double>> prev;
    for (std::size_t k = 0; k < n; ++k) {
      auto* m = v.months[k];
      if (!m || m->denominator <= 0) {
        prev.reset();
        continue;
      }
      double x = x_of(k), y = y_of(ratio(m->numerator, m->denominator));
      if (prev) L.line(prev->first, prev->second, x, y, colour, 1.4);
      L.box(x - 2, y - 2, 4, 4, colour);
      prev = {x, y};
    }
    if (!v.target.empty()) {
      double ty = y_of(std::strtod(v.target.c_str(), nullptr) / 100.0);
      for (double x = x0; x < x0 + w; x += 8) L.line(x, ty, std::min(x + 4, x0 + w), ty, colour, 0.5);
    }
    double lx = margin + static_cast<double>(s % 4) * 125;
    if (s && s % 4 == 0) legend_y -= 12;
    L.box(lx, legend_y, 10, 3, colour);
    L.draw_text(lx + 14, legend_y - 1, v.id, small);
  }
  L.set_y(legend_y - 14);
}

/// A contract's penalty lines, month by month; a month the ledger lacks is said, never "none".
void review_penalties_table(reports::pdf::layout& L, const review& r, const review_contract& c,
                            const reports::texts& t) {
  using namespace reports::pdf;
  L.heading(t("review.section.penalties"));
  std::vector<std::vector<std::string>> rows;
  for (auto& p : c.penalties)
    rows.push_back({r.months[p.month], p.penalty, p.clauses, std::to_string(p.lines),
                    t.money(p.rounded, c.currency), p.cap_cut ? "−" + t.money(p.cap_cut, c.currency) : "",
                    t.money(p.amount, c.currency)});
  if (rows.empty()) {
    bool all_known = c.missing.empty() && c.superseded.empty();
    L.paragraph(t(all_known ? "penalties.none" : "review.penalties.none_known"), body, all_known ? black : red);
    return;
  }
  L.table({{t("review.col.month"), 50}, {t("penalties.penalty"), 135}, {t("penalties.clause"), 40},
           {t("review.col.lines"), 35, true}, {t("review.col.before_caps"), 80, true},
           {t("review.col.cap_cut"), 75, true}, {t("penalties.amount"), 80, true}},
          rows);
  L.paragraph(t("review.penalties.note"), small, grey);
}

/// A contract's decisions, month by month: what was decided, by whom, when and why (what each
/// changed is in that month's reports).
void review_decisions_table(reports::pdf::layout& L, const review& r, const review_contract& c,
                            const reports::texts& t) {
  using namespace reports::pdf;
  if (c.decisions.empty()) return;
  L.heading(t("pdf.section.decisions"));
  std::vector<std::vector<std::string>> rows;
  for (auto& d : c.decisions)
    rows.push_back({r.months[d.month], std::to_string(d.row->row), d.row->target,
                    t("decision." + d.row->decision) + (d.row->value.empty() ? "" : "\n" + d.row->value),
                    d.row->approver + "\n" + d.row->approved, d.row->reason});
  L.table({{t("review.col.month"), 50}, {t("decisions.row"), 24, true}, {t("decisions.target"), 100},
           {t("decisions.decision"), 66}, {t("decisions.approver"), 90}, {t("decisions.reason"), 165}},
          rows);
  L.paragraph(t.fill("review.decisions.note", {{"without", t.money(c.undecided_provider_total, c.currency)},
                                               {"with", t.money(c.provider_total, c.currency)}}),
              small, grey);
}

void render_review(reports::pdf::layout& L, const review& r, const reports::texts& t, const std::string& version) {
  using namespace reports::pdf;
  review_cover(L, r, t, version);
  for (auto& c : r.contracts) {
    L.new_page();
    L.heading(c.id + "  " + c.title);
    L.field(t("summary.customer"), c.customer);
    L.field(t("summary.provider"), c.provider);
    L.field(t("summary.provider_total"), t.money(c.provider_total, c.currency), 150, 11);
    if (c.customer_total) L.field(t("summary.customer_total"), t.money(c.customer_total, c.currency));
    if (!c.missing.empty() || !c.superseded.empty()) L.field(t("review.col.missing"), missing_text(c, t), 150, body, red);
    review_months_table(L, r, c, t);
    review_services_table(L, r, c, t);
    review_trend(L, r, c, t);
    review_penalties_table(L, r, c, t);
    review_decisions_table(L, r, c, t);
  }
}

}  // namespace

std::optional<review> build_review(ledger::book& l, const engine::period& p, const std::vector<std::string>& contract_ids,
                                   std::string& why) {
  review r;
  r.period = p;
  for (auto& m : p.monthly()) r.months.push_back(m.label());
  auto rows = l.rows(r.months, contract_ids, why);
  if (!rows) {
    why = "cannot read the ledger: " + why;
    return std::nullopt;
  }
  r.rows = std::move(*rows);
  std::map<std::string, std::size_t> month_index;
  for (std::size_t k = 0; k < r.months.size(); ++k) month_index[r.months[k]] = k;
  for (auto& row : r.rows) {  // by contract id, then month
    if (r.contracts.empty() || r.contracts.back().id != row.contract_id) {
      review_contract c;
      c.id = row.contract_id;
      c.months.assign(r.months.size(), nullptr);
      r.contracts.push_back(std::move(c));
    }
    auto& c = r.contracts.back();
    if (row.superseded_by) {
      // Withdrawn by a failed rerun: shown as such, never added up; the contract is named
      // by it until a month that stands does.
      c.superseded.push_back(row.period);
      if (c.title.empty()) {
        c.title = row.summary.title;
        c.customer = row.summary.customer;
        c.provider = row.summary.provider;
        c.currency = row.summary.currency;
        c.minor_digits = row.summary.minor_digits;
      }
      continue;
    }
    c.months[month_index.at(row.period)] = &row;
  }
  for (auto& c : r.contracts) {
    for (std::size_t k = 0; k < r.months.size(); ++k) {
      const ledger::ledger_row* row = c.months[k];
      if (!row) {
        if (std::find(c.superseded.begin(), c.superseded.end(), r.months[k]) == c.superseded.end())
          c.missing.push_back(r.months[k]);
        continue;
      }
      const auto& s = row->summary;
      // Amounts of two currencies never add up: a contract that changed its currency within
      // the period cannot have one total.
      if (!c.currency.empty() && s.currency != c.currency) {
        why = c.id + " is in " + c.currency + " before " + r.months[k] + " and in " + s.currency +
              " from then: its months cannot be added up; review the months apart (--quarter/--year of each part)";
        return std::nullopt;
      }
      // The latest month names the contract as it now reads.
      c.title = s.title;
      c.customer = s.customer;
      c.provider = s.provider;
      c.currency = s.currency;
      c.minor_digits = s.minor_digits;
      c.provider_total += s.provider_total;
      c.customer_total += s.customer_total;
      c.undecided_provider_total += s.undecided_provider_total.value_or(s.provider_total);
      for (auto& d : s.decisions) c.decisions.push_back({k, &d});
      c.breaches += s.breaches.total();
      for (auto& v : s.services) {
        auto it = std::find_if(c.services.begin(), c.services.end(), [&](auto& x) { return x.id == v.id; });
        if (it == c.services.end()) {
          c.services.push_back({v.id, v.target, std::vector<const service_summary*>(r.months.size(), nullptr)});
          it = std::prev(c.services.end());
        }
        it->target = v.target;
        it->months[k] = &v;
        it->S += v.S;
        it->M += v.M;
        it->U += v.U;
        it->numerator += v.numerator;
        it->denominator += v.denominator;
        it->months_breached += v.verdict == "breached";
      }
      // The month's lines added up per penalty clause, in the contract's order.
      std::size_t first = c.penalties.size();
      for (auto& l : s.lines) {
        auto same = std::find_if(c.penalties.begin() + static_cast<std::ptrdiff_t>(first), c.penalties.end(),
                                 [&](auto& p) { return p.penalty == l.penalty && p.clauses == l.clauses && p.payer == l.payer; });
        if (same == c.penalties.end()) {
          c.penalties.push_back({k, l.penalty, l.clauses, l.payer});
          same = std::prev(c.penalties.end());
        }
        ++same->lines;
        same->rounded += l.amount + l.cap_cut;  // what the caps started from: a decision's amount, if any
        same->cap_cut += l.cap_cut;
        same->amount += l.amount;
      }
    }
  }
  return r;
}

int write_review(const review& r, const review_options& o, std::ostream& out, std::ostream& err) {
  std::string stem = o.out_dir + "/review-" + r.period.label(), why;
  std::vector<std::string> written;
  auto fail = [&](const std::string& path, const std::string& what) {
    err << path << ": error: cannot write the review " << what << ": " << why << "\n";
    std::error_code ec;
    for (auto& w : written) std::filesystem::remove(w, ec);  // all of the review or none of it
    return exit_output;
  };
  std::error_code ec;
  std::filesystem::create_directories(o.out_dir, ec);
  for (auto& f : o.formats) {
    std::string path = stem + "." + f;
    bool ok = false;
    if (f == "json") ok = io::write_file_atomically(path, review_json(r, o.tool_version), why);
    else if (f == "xlsx")
      ok = io::write_file_via(
          path, [&](const std::string& temp, std::string& e) { return review_book(temp, r, *o.texts).write(e); }, why);
    else if (f == "pdf") {
      reports::pdf::document_info info;
      info.title = (*o.texts)("review.title") + " " + r.period.label();
      info.tool_version = o.tool_version;
      info.running_head = info.title;
      info.document_time = document_time(r.period);
      ok = io::write_file_via(
          path,
          [&](const std::string& temp, std::string& e) {
            return reports::pdf::write_document(
                temp, info, *o.texts, [&](reports::pdf::layout& L) { render_review(L, r, *o.texts, o.tool_version); }, e);
          },
          why);
    }
    if (!ok) return fail(path, f);
    written.push_back(path);
  }
  std::size_t recorded = 0;
  for (auto& c : r.contracts) recorded += r.months.size() - c.missing.size();
  out << r.period.label() << ": " << r.contracts.size() << " contracts, " << recorded << " contract-months from the ledger\n";
  for (auto& w : written) out << "review " << w << "\n";
  return 0;
}

}  // namespace slaudit::batch
