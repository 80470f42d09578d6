#include "batch/whatif.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "engine/money.hpp"
#include "engine/period.hpp"
#include "io/exit_codes.hpp"
#include "reports/json.hpp"
#include "reports/xlsx_book.hpp"

namespace slaudit::batch {
namespace {

namespace xl = reports::xlsx;
using engine::minor_units;

std::string clauses_text(const engine::origin& o) {
  std::string s;
  for (auto& c : o.clauses) s += (s.empty() ? "" : ", ") + c;
  return s;
}

bool has_yearly_cap(const engine::contract& c) {
  return std::any_of(c.caps.begin(), c.caps.end(), [](auto& cap) { return cap.per == engine::period_unit::year; });
}

/// One side's months, computed in order: each month's yearly cap reads the months before it.
class side {
 public:
  side(std::string path, const char* name) : path_(std::move(path)), name_(name) {}

  std::optional<failure> month(const std::string& history_dir, const run_settings& settings) {
    auto c = std::make_unique<computed>();
    earlier_credits_of earlier = [&](const engine::contract& contract, std::string& error) -> std::optional<minor_units> {
      if (!has_yearly_cap(contract)) return std::nullopt;
      minor_units sum = 0;
      std::vector<std::string> missing;
      for (auto& m : engine::earlier_months_of_contract_year(contract, settings.period)) {
        auto it = totals_.find(m.label());
        if (it == totals_.end()) missing.push_back(m.label());
        else sum += it->second;
      }
      if (!missing.empty()) {
        error = path_ + ": error: " + contract.id + " has a yearly cap, and the what-if does not cover the contract "
                "year's earlier months (" + missing.front() + (missing.size() > 1 ? " to " + missing.back() : "") +
                ")\n  start the range at the contract year's first month, so that each set of terms counts its own "
                "earlier credits\n";
        return std::nullopt;
      }
      return sum;
    };
    if (auto f = compute(path_, history_dir, settings, *c, nullptr, &earlier)) {
      f->message = std::string(name_) + " (" + path_ + "), " + settings.period.label() + ":\n" + f->message;
      return f;
    }
    totals_[settings.period.label()] = c->results.money.provider_total;
    runs_.push_back(std::move(c));
    return std::nullopt;
  }

  const computed& last() const { return *runs_.back(); }

 private:
  std::string path_;
  const char* name_;
  std::map<std::string, minor_units> totals_;
  std::vector<std::unique_ptr<computed>> runs_;  // the results view their contract and history
};

whatif_month compare(const computed& a, const computed& b) {
  whatif_month m;
  m.period = b.results.period;
  auto& ma = a.results.money;
  auto& mb = b.results.money;
  // Lines by (penalty, subject): A's in its order, then B's new ones.
  std::map<std::pair<std::string, std::string>, std::size_t> at;
  auto add = [&](const engine::penalty_line& l, bool is_a) {
    auto key = std::make_pair(l.penalty, l.subject);
    auto it = at.find(key);
    if (it == at.end()) {
      it = at.emplace(key, m.lines.size()).first;
      m.lines.push_back({l.penalty, l.subject, l.payer == engine::party_role::customer ? "customer" : "provider", "", "",
                         std::nullopt, std::nullopt});
    }
    auto& line = m.lines[it->second];
    (is_a ? line.a : line.b) = l.amount;
    (is_a ? line.clauses_a : line.clauses_b) = clauses_text(l.where);
  };
  for (auto& l : ma.lines) add(l, true);
  for (auto& l : mb.lines) add(l, false);
  std::map<std::string, std::size_t> svc;
  auto add_service = [&](const engine::availability_result& x, bool is_a) {
    auto it = svc.find(x.service);
    if (it == svc.end()) {
      it = svc.emplace(x.service, m.services.size()).first;
      m.services.emplace_back();
      m.services.back().service = x.service;
    }
    auto& s = m.services[it->second];
    (is_a ? s.percent_a : s.percent_b) = x.denominator > 0 ? engine::percent_text(x.numerator, x.denominator) : "—";
    (is_a ? s.a : s.b) = x.on_target;
    (is_a ? s.in_a : s.in_b) = true;
  };
  for (auto& x : a.results.availability) add_service(x, true);
  for (auto& x : b.results.availability) add_service(x, false);
  m.breaches_a = engine::count_breaches(a.results);
  m.breaches_b = engine::count_breaches(b.results);
  m.provider_a = ma.provider_total, m.provider_b = mb.provider_total;
  m.before_caps_a = ma.provider_before_caps, m.before_caps_b = mb.provider_before_caps;
  m.customer_a = ma.customer_total, m.customer_b = mb.customer_total;
  // Each finding once, saying under which terms: both, or one.
  std::set<std::string> in_a, in_b, said;
  for (auto& f : a.results.findings) in_a.insert(f.message);
  for (auto& f : b.results.findings) in_b.insert(f.message);
  for (auto& f : a.results.findings)
    if (said.insert(f.message).second) m.findings.push_back((in_b.count(f.message) ? "A and B: " : "A: ") + f.message);
  for (auto& f : b.results.findings)
    if (said.insert(f.message).second) m.findings.push_back("B: " + f.message);
  return m;
}

std::string money(const whatif_result& r, std::optional<minor_units> v) {
  return v ? engine::money_text(*v, r.currency) : std::string("—");
}

std::string signed_money(const whatif_result& r, minor_units v) {
  std::string s = v > 0 ? "+" : "";
  s += engine::money_text(v, r.currency);
  return s;
}

/// Terminal columns of a UTF-8 text: CJK (three-byte) characters take two.
std::size_t columns(const std::string& s) {
  std::size_t cols = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) cols += c >= 0xE0 ? 2 : 1;
  return cols;
}

std::string pad(std::string s, std::size_t width) {
  for (std::size_t cols = columns(s); cols < width; ++cols) s += ' ';
  return s;
}

std::string rpad(const std::string& s, std::size_t width) {
  std::size_t cols = columns(s);
  return cols >= width ? s : std::string(width - cols, ' ') + s;
}

}  // namespace

std::optional<failure> what_if(const std::string& path_a, const std::string& path_b, const std::string& history_dir,
                               const std::vector<engine::period>& months, const run_settings& settings,
                               whatif_result& out) {
  side a(path_a, "A"), b(path_b, "B");
  out.path_a = path_a, out.path_b = path_b, out.history_dir = history_dir;
  for (auto& p : months) {
    run_settings s = settings;
    s.period = p;
    if (auto f = a.month(history_dir, s)) return f;
    if (auto f = b.month(history_dir, s)) return f;
    auto& ca = a.last();
    auto& cb = b.last();
    if (ca.results.money.currency != cb.results.money.currency)
      return failure{exit_usage, path_b + ": error: B is in " + cb.results.money.currency + ", A (" + path_a +
                                          ") in " + ca.results.money.currency +
                                          ": the what-if subtracts money of one currency\n"};
    out.id_a = ca.contract->id, out.id_b = cb.contract->id;
    out.currency = ca.results.money.currency;
    out.minor_digits = engine::minor_digits(out.currency);
    out.months.push_back(compare(ca, cb));
  }
  if (!months.empty()) out.document_time = document_time(months.back());
  return std::nullopt;
}

std::string whatif_text(const whatif_result& r) {
  std::string o = "what-if: A " + r.id_a + " (" + r.path_a + ")\n     against B " + r.id_b + " (" + r.path_b +
                  ")\n     history " + r.history_dir + ", " + r.months.front().period +
                  (r.months.size() > 1 ? " to " + r.months.back().period : "") + ", amounts in " + r.currency + "\n";
  auto name_of = [](const whatif_line& l) {
    std::string clause = l.clauses_b.empty() ? l.clauses_a : l.clauses_b;
    return l.penalty + " " + l.subject + (clause.empty() ? "" : " (" + clause + ")");
  };
  std::size_t width = 22;  // the clause column: as wide as its widest name
  for (auto& m : r.months)
    for (auto& l : m.lines) width = std::max(width, columns(name_of(l)) + 2);
  minor_units total_a = 0, total_b = 0;
  for (auto& m : r.months) {
    o += "\n" + m.period + "\n";
    o += "  " + pad("clause", width) + rpad("A", 14) + rpad("B", 14) + rpad("B − A", 16) + "\n";
    for (auto& l : m.lines) {
      minor_units d = l.b.value_or(0) - l.a.value_or(0);
      o += "  " + pad(name_of(l), width) + rpad(money(r, l.a), 14) + rpad(money(r, l.b), 14) +
           rpad(signed_money(r, d), 16) + (l.payer == "customer" ? "  (the customer pays)" : "") + "\n";
    }
    if (m.lines.empty()) o += "  no penalty line under either\n";
    o += "  " + pad("provider total", width) + rpad(engine::money_text(m.provider_a, r.currency), 14) +
         rpad(engine::money_text(m.provider_b, r.currency), 14) + rpad(signed_money(r, m.provider_b - m.provider_a), 16) +
         "\n";
    if (m.customer_a || m.customer_b)
      o += "  " + pad("customer total", width) + rpad(engine::money_text(m.customer_a, r.currency), 14) +
           rpad(engine::money_text(m.customer_b, r.currency), 14) +
           rpad(signed_money(r, m.customer_b - m.customer_a), 16) + "\n";
    for (auto& s : m.services)
      o += "  availability " + s.service + ": A " + (s.in_a ? s.percent_a + "% " + engine::verdict_word(s.a) : "—") +
           ", B " + (s.in_b ? s.percent_b + "% " + engine::verdict_word(s.b) : "—") + "\n";
    auto counts = [](const engine::breach_counts& n) {
      return "services " + std::to_string(n.services) + ", clocks " + std::to_string(n.clocks) + ", escalation steps " +
             std::to_string(n.escalations) + ", rates " + std::to_string(n.rates);
    };
    o += "  breached: A " + counts(m.breaches_a) + "; B " + counts(m.breaches_b) + "\n";
    for (auto& f : m.findings) o += "  finding " + f + "\n";
    total_a += m.provider_a, total_b += m.provider_b;
  }
  if (r.months.size() > 1)
    o += "\n" + pad("provider, all months", width + 2) + rpad(engine::money_text(total_a, r.currency), 14) +
         rpad(engine::money_text(total_b, r.currency), 14) + rpad(signed_money(r, total_b - total_a), 16) + "\n";
  return o;
}

std::string whatif_json(const whatif_result& r, const std::string& tool_version) {
  reports::json_writer w;
  auto amount = [&](std::optional<minor_units> v) {
    v ? w.str(engine::money_text(*v, r.currency)) : w.null();
  };
  w.object();
  w.key("schema").str("slaudit-whatif/1");
  w.key("tool").object();
  w.key("name").str("slaudit");
  w.key("version").str(tool_version);
  w.close('}');
  w.key("a").object();
  w.key("id").str(r.id_a);
  w.key("file").str(r.path_a);
  w.close('}');
  w.key("b").object();
  w.key("id").str(r.id_b);
  w.key("file").str(r.path_b);
  w.close('}');
  w.key("history").str(r.history_dir);
  w.key("currency").str(r.currency);
  w.key("months").array();
  minor_units total_a = 0, total_b = 0;
  for (auto& m : r.months) {
    w.object();
    w.key("period").str(m.period);
    w.key("lines").array();
    for (auto& l : m.lines) {
      w.record();
      w.key("penalty").str(l.penalty);
      w.key("subject").str(l.subject);
      w.key("payer").str(l.payer);
      w.key("clauses_a").str(l.clauses_a);
      w.key("clauses_b").str(l.clauses_b);
      w.key("a");
      amount(l.a);
      w.key("b");
      amount(l.b);
      w.key("difference").str(engine::money_text(l.b.value_or(0) - l.a.value_or(0), r.currency));
      w.close('}');
    }
    w.close(']');
    w.key("services").array();
    for (auto& s : m.services) {
      w.record();
      w.key("service").str(s.service);
      s.in_a ? w.key("a").str(s.percent_a) : w.key("a").null();
      s.in_a ? w.key("a_verdict").str(engine::verdict_word(s.a)) : w.key("a_verdict").null();
      s.in_b ? w.key("b").str(s.percent_b) : w.key("b").null();
      s.in_b ? w.key("b_verdict").str(engine::verdict_word(s.b)) : w.key("b_verdict").null();
      w.close('}');
    }
    w.close(']');
    for (auto [name, n] : {std::pair{"breaches_a", &m.breaches_a}, std::pair{"breaches_b", &m.breaches_b}}) {
      w.key(name).record();
      w.key("services").num(static_cast<std::int64_t>(n->services));
      w.key("clocks").num(static_cast<std::int64_t>(n->clocks));
      w.key("escalations").num(static_cast<std::int64_t>(n->escalations));
      w.key("rates").num(static_cast<std::int64_t>(n->rates));
      w.close('}');
    }
    w.key("provider_a").str(engine::money_text(m.provider_a, r.currency));
    w.key("provider_b").str(engine::money_text(m.provider_b, r.currency));
    w.key("provider_difference").str(engine::money_text(m.provider_b - m.provider_a, r.currency));
    w.key("customer_a").str(engine::money_text(m.customer_a, r.currency));
    w.key("customer_b").str(engine::money_text(m.customer_b, r.currency));
    w.key("findings").list();
    for (auto& f : m.findings) w.str(f);
    w.close(']');
    w.close('}');
    total_a += m.provider_a, total_b += m.provider_b;
  }
  w.close(']');
  w.key("provider_a").str(engine::money_text(total_a, r.currency));
  w.key("provider_b").str(engine::money_text(total_b, r.currency));
  w.key("provider_difference").str(engine::money_text(total_b - total_a, r.currency));
  w.close('}');
  return w.out + "\n";
}

namespace {

/// The what-if workbook: one sheet of lines, A and B as values, each difference, each month's
/// totals and the range's as formulas over them; one of verdicts.
class whatif_book : public xl::book {
 public:
  whatif_book(const std::string& path, const whatif_result& r, const reports::texts& t)
      : xl::book(path, t("whatif.title"), static_cast<std::time_t>(r.document_time), t), r_(r) {
    if (!get()) return;
    column_head_format();
    money_ = format([](lxw_format* f) { format_set_num_format(f, "#,##0.00;[Red]-#,##0.00"); });
    bold_money_ = format([](lxw_format* f) {
      format_set_num_format(f, "#,##0.00;[Red]-#,##0.00");
      format_set_bold(f);
    });
    bold_ = format([](lxw_format* f) { format_set_bold(f); });
  }

  bool write(std::string& why) {
    if (get()) {
      money_sheet();
      verdicts_sheet();
    }
    return close(why);
  }

 private:
  double value(minor_units v) const { return xl::amount(v, r_.minor_digits); }

  // A month, B penalty, C subject, D clause, E payer, F A, G B, H B − A (a formula).
  void money_sheet() {
    lxw_worksheet* ws = sheet(xl::sheet_name(t_("whatif.sheet.money")));
    if (!ws) return;
    column_heads(ws, {{t_("whatif.col.month"), 10},
                      {t_("whatif.col.penalty"), 22},
                      {t_("whatif.col.subject"), 14},
                      {t_("whatif.col.clause"), 12},
                      {t_("whatif.col.payer"), 10},
                      {"A " + r_.id_a, 18},
                      {"B " + r_.id_b, 18},
                      {t_("whatif.col.difference"), 16}},
                 30);
    int row = 1;
    std::vector<int> total_rows;
    minor_units all_a = 0, all_b = 0;
    std::string digits = std::to_string(r_.minor_digits);
    for (auto& m : r_.months) {
      int first = row;
      for (auto& l : m.lines) {
        text(ws, row, 0, m.period);
        text(ws, row, 1, l.penalty);
        text(ws, row, 2, l.subject);
        text(ws, row, 3, l.clauses_b.empty() ? l.clauses_a : l.clauses_b);
        text(ws, row, 4, t_(l.payer == "customer" ? "whatif.payer.customer" : "whatif.payer.provider"));
        if (l.a) number(ws, row, 5, value(*l.a), money_);
        else text(ws, row, 5, t_("whatif.none"));
        if (l.b) number(ws, row, 6, value(*l.b), money_);
        else text(ws, row, 6, t_("whatif.none"));
        formula(ws, row, 7, "ROUND(N(" + xl::cell(row, 6) + ")-N(" + xl::cell(row, 5) + ")," + digits + ")",
                value(l.b.value_or(0) - l.a.value_or(0)), money_);
        ++row;
      }
      // The provider's total of the month: the sum of its provider lines (SUMIFS on the payer).
      text(ws, row, 0, m.period, bold_);
      text(ws, row, 1, t_("whatif.provider_total"), bold_);
      for (int col : {5, 6}) {
        std::string f = first == row ? std::string("0")
                                      : "ROUND(SUMIFS(" + xl::cell(first, col) + ":" + xl::cell(row - 1, col) + "," +
                                            xl::cell(first, 4) + ":" + xl::cell(row - 1, 4) + "," +
                                            xl::formula_text(t_("whatif.payer.provider")) + ")," + digits + ")";
        formula(ws, row, col, f, value(col == 5 ? m.provider_a : m.provider_b), bold_money_);
      }
      formula(ws, row, 7, "ROUND(" + xl::cell(row, 6) + "-" + xl::cell(row, 5) + "," + digits + ")",
              value(m.provider_b - m.provider_a), bold_money_);
      total_rows.push_back(row);
      all_a += m.provider_a, all_b += m.provider_b;
      row += 2;
    }
    text(ws, row, 1, t_("whatif.all_months"), bold_);
    for (int col : {5, 6, 7}) {
      std::string f = "ROUND(";
      for (std::size_t k = 0; k < total_rows.size(); ++k) {
        if (k) f += "+";
        f += xl::cell(total_rows[k], col);
      }
      f += ",";
      f += digits;
      f += ")";
      double cached = value(col == 5 ? all_a : col == 6 ? all_b : all_b - all_a);
      formula(ws, row, col, f, cached, bold_money_);
    }
    text(ws, row + 2, 0, t_("whatif.note"));
  }

  // A month, B service, C A's availability, D its verdict, E B's, F its verdict; then the
  // breaches of each kind.
  void verdicts_sheet() {
    lxw_worksheet* ws = sheet(xl::sheet_name(t_("whatif.sheet.verdicts")));
    if (!ws) return;
    column_heads(ws, {{t_("whatif.col.month"), 10},
                      {t_("whatif.col.what"), 22},
                      {"A " + r_.id_a, 16},
                      {t_("whatif.col.verdict") + " A", 14},
                      {"B " + r_.id_b, 16},
                      {t_("whatif.col.verdict") + " B", 14}},
                 30);
    int row = 1;
    for (auto& m : r_.months) {
      for (auto& s : m.services) {
        text(ws, row, 0, m.period);
        text(ws, row, 1, s.service);
        text(ws, row, 2, s.in_a ? s.percent_a + "%" : t_("whatif.none"));
        text(ws, row, 3, s.in_a ? t_(std::string("verdict.") + verdict_key(s.a)) : "");
        text(ws, row, 4, s.in_b ? s.percent_b + "%" : t_("whatif.none"));
        text(ws, row, 5, s.in_b ? t_(std::string("verdict.") + verdict_key(s.b)) : "");
        ++row;
      }
      for (auto [key, na, nb] : {std::tuple{"whatif.breached.clocks", m.breaches_a.clocks, m.breaches_b.clocks},
                                 std::tuple{"whatif.breached.escalations", m.breaches_a.escalations, m.breaches_b.escalations},
                                 std::tuple{"whatif.breached.rates", m.breaches_a.rates, m.breaches_b.rates}}) {
        text(ws, row, 0, m.period);
        text(ws, row, 1, t_(key));
        number(ws, row, 2, static_cast<double>(na));
        number(ws, row, 4, static_cast<double>(nb));
        ++row;
      }
      ++row;
    }
  }

  static const char* verdict_key(engine::verdict v) {
    switch (v) {
      case engine::verdict::met: return "met";
      case engine::verdict::breached: return "breached";
      case engine::verdict::pending: return "pending";
      case engine::verdict::waived: return "waived";
      case engine::verdict::not_measurable: break;
    }
    return "not_measurable";
  }

  const whatif_result& r_;
  lxw_format* money_ = nullptr;
  lxw_format* bold_money_ = nullptr;
  lxw_format* bold_ = nullptr;
};

}  // namespace

bool write_whatif_xlsx(const whatif_result& r, const std::string& path, const reports::texts& t, std::string& why) {
  whatif_book book(path, r, t);
  return book.write(why);
}

}  // namespace slaudit::batch
