#include "batch/portfolio.hpp"

#include <xlsxwriter.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

#include <cmath>
#include <cstdlib>
#include <map>

#include "engine/money.hpp"
#include "engine/period.hpp"
#include "history/digest.hpp"
#include "io/files.hpp"
#include "reports/html_writer.hpp"
#include "reports/json.hpp"
#include "reports/pdf_layout.hpp"
#include "reports/xlsx_book.hpp"

namespace slaudit::batch {
namespace {

/// Money of one currency: what a group of contracts adds up to.
struct group_total {
  std::size_t contracts = 0, breached = 0;
  std::int64_t provider = 0, customer = 0;
};

/// (party, currency) → totals, in name order: amounts of two currencies never add up.
using totals = std::map<std::pair<std::string, std::string>, group_total>;

/// What the portfolio adds up, in one walk over its contracts.
struct sums {
  std::size_t contracts = 0, failed = 0, service_rows = 0;
  totals by_provider, by_customer;
  totals by_currency;  ///< the party left empty: what the whole portfolio adds up to

  explicit sums(const contract_walk& walk) {
    walk([&](const contract_entry& e) {
      ++contracts;
      failed += e.status == entry_status::failed;
      if (!e.summary) return;
      service_rows += e.summary->services.size();
      for (auto* t : {&by_provider, &by_customer, &by_currency}) {
        const std::string& party = t == &by_provider   ? e.summary->provider
                                   : t == &by_customer ? e.summary->customer
                                                       : empty_;
        auto& g = (*t)[{party, e.summary->currency}];
        ++g.contracts;
        g.breached += e.summary->breached;
        g.provider += e.summary->provider_total;
        g.customer += e.summary->customer_total;
      }
    });
  }
  const totals& by(std::string contract_summary::*party) const {
    return party == &contract_summary::provider ? by_provider : by_customer;
  }

 private:
  std::string empty_;
};

/// The portfolio's date (see batch::document_time); 0 for a manifest's unreadable period.
std::int64_t portfolio_time(const std::string& period) {
  auto p = engine::parse_period(period);
  return p ? document_time(*p) : source_date_epoch().value_or(0);
}

std::string money_of(std::int64_t minor, const std::string& currency) { return engine::money_text(minor, currency); }

/// One contract of the portfolio JSON: its verdict, money and services, or why it failed.
void contract_json(reports::json_writer& w, const contract_entry& e) {
  w.object();
  w.key("file").str(e.file);
  w.key("status").str(e.status == entry_status::failed ? "failed" : "ok");
  if (e.status == entry_status::failed) w.key("error").str(e.error.substr(0, e.error.find('\n')));
  if (auto& s = e.summary) {
    w.key("contract_id").str(s->id);
    w.key("title").str(s->title);
    w.key("customer").str(s->customer);
    w.key("provider").str(s->provider);
    w.key("verdict").str(s->breached ? "breached" : "met");
    w.key("breaches").num(static_cast<std::int64_t>(s->breaches.total()));
    w.key("currency").str(s->currency);
    w.key("provider_total").str(money_of(s->provider_total, s->currency));
    w.key("customer_total").str(money_of(s->customer_total, s->currency));
    w.key("services").array();
    for (auto& v : s->services) {
      w.object();
      w.key("id").str(v.id);
      w.key("availability_pct").str(v.denominator > 0 ? engine::percent_text(v.numerator, v.denominator) : "");
      w.key("target_pct").str(v.target);
      w.key("verdict").str(v.verdict);
      w.close('}');
    }
    w.close(']');
  }
  w.close('}');
}

/// A group's totals: its party (a provider, a customer; none for the whole portfolio) and
/// currency, its contracts, those breached, and the money.
void group_json(reports::json_writer& w, const char* name, const totals& t, const char* party) {
  w.key(name).array();
  for (auto& [k, g] : t) {
    w.object();
    if (party) w.key(party).str(k.first);
    w.key("currency").str(k.second);
    w.key("contracts").num(static_cast<std::int64_t>(g.contracts));
    w.key("breached").num(static_cast<std::int64_t>(g.breached));
    w.key("provider_total").str(money_of(g.provider, k.second));
    w.key("customer_total").str(money_of(g.customer, k.second));
    w.close('}');
  }
  w.close(']');
}

/// The portfolio JSON, handed to `put` piece by piece: the totals, then each contract as it
/// is read.
void portfolio_json(const manifest& m, const contract_walk& walk, const sums& all,
                    const std::function<void(std::string_view)>& put) {
  reports::json_writer w;
  w.object();
  w.key("tool").str("slaudit");
  w.key("version").str(m.version);
  w.key("period").str(m.period);
  w.key("contracts_total").num(static_cast<std::int64_t>(all.contracts));
  w.key("contracts_failed").num(static_cast<std::int64_t>(all.failed));
  group_json(w, "totals", all.by_currency, nullptr);
  group_json(w, "by_provider", all.by_provider, "provider");
  group_json(w, "by_customer", all.by_customer, "customer");
  w.key("contracts").array();
  walk([&](const contract_entry& e) {
    contract_json(w, e);
    put(w.take());
  });
  w.close(']');
  w.close('}');
  w.out += '\n';
  put(w.out);
}

class workbook_writer : public reports::xlsx::book {
 public:
  workbook_writer(const std::string& path, const manifest& m, const contract_walk& walk, const sums& all,
                  const reports::texts& t)
      : reports::xlsx::book(path, t("portfolio.title") + " " + m.period, static_cast<std::time_t>(portfolio_time(m.period)), t),
        walk_(walk),
        all_(all) {
    if (!get()) return;
    column_head_format();  // first, as the formats were always made
    money_ = format([](lxw_format* f) { format_set_num_format(f, "#,##0.00"); });
    ratio_ = format([](lxw_format* f) { format_set_num_format(f, "0.0000%"); });
    red_ = format([](lxw_format* f) {
      format_set_bg_color(f, 0xF8CBAD);
      format_set_font_color(f, 0x9C0006);
    });
  }

  bool write(std::string& why) {
    if (get()) {
      std::string contracts_name = reports::xlsx::sheet_name(t_("portfolio.sheet.contracts"));
      contracts_sheet(contracts_name);
      services_sheet();
      group_sheet(t_("portfolio.sheet.providers"), t_("summary.provider"), &contract_summary::provider, 4, contracts_name);
      group_sheet(t_("portfolio.sheet.customers"), t_("summary.customer"), &contract_summary::customer, 3, contracts_name);
    }
    return close(why);
  }

 private:

  // Contracts: A file, B id, C title, D customer, E provider, F status, G verdict,
  // H breaches, I currency, J provider credits, K customer owes, L error.
  void contracts_sheet(const std::string& name) {
    lxw_worksheet* ws = sheet(name);
    if (!ws) return;
    column_heads(ws, {{t_("portfolio.col.file"), 28},
               {t_("summary.contract"), 22},
               {t_("summary.title"), 36},
               {t_("summary.customer"), 24},
               {t_("summary.provider"), 24},
               {t_("portfolio.col.status"), 10},
               {t_("summary.verdict"), 14},
               {t_("portfolio.col.breaches"), 10},
               {t_("portfolio.col.currency"), 8},
               {t_("summary.provider_total"), 18},
               {t_("summary.customer_total"), 18},
               {t_("portfolio.col.error"), 40}});
    int row = 1;
    walk_([&](const contract_entry& e) {
      text(ws, row, 0, e.file);
      bool failed = e.status == entry_status::failed;
      text(ws, row, 5, t_(failed ? "portfolio.status.failed" : "portfolio.status.ok"), failed ? red_ : nullptr);
      if (failed) text(ws, row, 11, e.error.substr(0, e.error.find('\n')));
      if (auto& s = e.summary) {
        text(ws, row, 1, s->id);
        text(ws, row, 2, s->title);
        text(ws, row, 3, s->customer);
        text(ws, row, 4, s->provider);
        text(ws, row, 6, t_(s->breached ? "verdict.overall.breached" : "verdict.overall.met"), s->breached ? red_ : nullptr);
        number(ws, row, 7, static_cast<double>(s->breaches.total()));
        text(ws, row, 8, s->currency);
        number(ws, row, 9, reports::xlsx::amount(s->provider_total, s->minor_digits), money_);
        number(ws, row, 10, reports::xlsx::amount(s->customer_total, s->minor_digits), money_);
      }
      ++row;
    });
    last_row_ = std::max(2, row);
    keep(worksheet_autofilter(ws, 0, 0, static_cast<lxw_row_t>(last_row_ - 1), 11));
  }

  void services_sheet() {
    lxw_worksheet* ws = sheet(reports::xlsx::sheet_name(t_("portfolio.sheet.services")));
    if (!ws) return;
    column_heads(ws, {{t_("summary.contract"), 22},
               {t_("portfolio.col.service"), 20},
               {t_("portfolio.col.availability"), 14},
               {t_("portfolio.col.target"), 10},
               {t_("summary.verdict"), 14}});
    int row = 1;
    walk_([&](const contract_entry& e) {
      if (!e.summary) return;
      for (auto& v : e.summary->services) {
        text(ws, row, 0, e.summary->id);
        text(ws, row, 1, v.id);
        if (v.denominator > 0) number(ws, row, 2, static_cast<double>(v.numerator) / static_cast<double>(v.denominator), ratio_);
        if (!v.target.empty()) text(ws, row, 3, v.target + "%");
        bool breached = v.verdict == "breached";
        text(ws, row, 4, v.verdict == "no target" ? t_("verdict.no_target") : v.verdict == "met" ? t_("verdict.met")
                                                  : breached                 ? t_("verdict.breached")
                                                  : v.verdict == "pending"   ? t_("verdict.pending")
                                                                             : t_("verdict.not_measurable"),
             breached ? red_ : nullptr);
        ++row;
      }
    });
    keep(worksheet_autofilter(ws, 0, 0, static_cast<lxw_row_t>(std::max(1, row - 1)), 4));
  }

  /// Per party and currency: counts and sums as COUNTIFS/SUMIFS over the contracts sheet
  /// (column `party_col` holds the party), cached values from the exact minor units.
  void group_sheet(const std::string& name, const std::string& party_head, std::string contract_summary::*party,
                   int party_col, const std::string& contracts_name) {
    lxw_worksheet* ws = sheet(reports::xlsx::sheet_name(name));
    if (!ws) return;
    column_heads(ws, {{party_head, 30},
               {t_("portfolio.col.currency"), 8},
               {t_("portfolio.col.contracts"), 10},
               {t_("portfolio.col.breached"), 12},
               {t_("summary.provider_total"), 18},
               {t_("summary.customer_total"), 18}});
    std::string ref = reports::xlsx::sheet_ref(contracts_name);
    auto range = [&](int col) { return ref + reports::xlsx::range(1, col, last_row_ - 1); };
    std::string breached_word = reports::xlsx::formula_text(t_("verdict.overall.breached"));
    int row = 1;
    for (auto& [key, g] : all_.by(party)) {
      int digits = engine::minor_digits(key.second);
      std::string a = "$A" + std::to_string(row + 1), b = "$B" + std::to_string(row + 1);
      std::string match = range(party_col) + "," + a + "," + range(8) + "," + b;
      text(ws, row, 0, key.first);
      text(ws, row, 1, key.second);
      formula(ws, row, 2, "=COUNTIFS(" + match + ")", static_cast<double>(g.contracts));
      formula(ws, row, 3, "=COUNTIFS(" + match + "," + range(6) + "," + breached_word + ")", static_cast<double>(g.breached));
      formula(ws, row, 4, "=ROUND(SUMIFS(" + range(9) + "," + match + ")," + std::to_string(digits) + ")",
              reports::xlsx::amount(g.provider, digits), money_);
      formula(ws, row, 5, "=ROUND(SUMIFS(" + range(10) + "," + match + ")," + std::to_string(digits) + ")",
              reports::xlsx::amount(g.customer, digits), money_);
      ++row;
    }
    text(ws, row + 1, 0, t_("portfolio.note"));
  }

  const contract_walk& walk_;
  const sums& all_;
  lxw_format *money_ = nullptr, *ratio_ = nullptr, *red_ = nullptr;
  int last_row_ = 2;
};

/// The portfolio PDF: the totals per currency, every contract's verdict and money (failures
/// with their error), then the totals per provider and per customer.
void render_portfolio(reports::pdf::layout& L, const manifest& m, const contract_walk& walk, const sums& all,
                      const reports::texts& t) {
  using namespace reports::pdf;
  L.new_page();
  L.space(40);
  L.draw_text(margin, L.y(), t("portfolio.title"), 20);
  L.space(26);
  L.draw_text(margin, L.y(), t.period_label(m.period), 13);
  L.space(14);
  L.field(t("portfolio.col.contracts"), std::to_string(all.contracts));
  L.field(t("portfolio.col.failed"), std::to_string(all.failed), 150, body, all.failed ? red : black);
  for (auto& [k, g] : all.by_currency) {
    L.field(t("portfolio.col.breached") + " (" + k.second + ")", std::to_string(g.breached) + " / " + std::to_string(g.contracts));
    L.field(t("summary.provider_total") + " (" + k.second + ")", t.money(g.provider, k.second), 150, 11);
    if (g.customer) L.field(t("summary.customer_total") + " (" + k.second + ")", t.money(g.customer, k.second), 150, 11);
  }
  L.field(t("summary.tool"), "slaudit " + m.version);

  L.heading(t("portfolio.sheet.contracts"));
  // Row by row as the contracts are read: a table of 100,000 rows is not held.
  L.table_begin({{t("summary.contract"), 70}, {t("summary.customer"), 95}, {t("summary.provider"), 95},
                 {t("summary.verdict"), 60}, {t("portfolio.col.breaches"), 40, true},
                 {t("summary.provider_total"), 70, true}, {t("summary.customer_total"), 65, true}});
  walk([&](const contract_entry& e) {
    bool red_verdict = true;
    std::vector<std::string> row;
    if (auto& s = e.summary) {
      row = {s->id, s->customer, s->provider, t(s->breached ? "verdict.overall.breached" : "verdict.overall.met"),
             std::to_string(s->breaches.total()), t.money(s->provider_total, s->currency),
             s->customer_total ? t.money(s->customer_total, s->currency) : ""};
      red_verdict = s->breached;
    } else {
      row = {e.file, t("portfolio.status.failed"), e.error.substr(0, e.error.find('\n')), "", "", "", ""};
    }
    L.table_row(row, [&](std::size_t col) { return col == 3 && red_verdict ? red : black; });
  });
  L.table_end();

  for (auto [title, party] : {std::pair{"portfolio.sheet.providers", &contract_summary::provider},
                              std::pair{"portfolio.sheet.customers", &contract_summary::customer}}) {
    L.heading(t(title));
    std::vector<std::vector<std::string>> rows;
    for (auto& [k, g] : all.by(party))
      rows.push_back({k.first, k.second, std::to_string(g.contracts), std::to_string(g.breached),
                      t.money(g.provider, k.second), t.money(g.customer, k.second)});
    L.table({{t(party == &contract_summary::provider ? "summary.provider" : "summary.customer"), 150},
             {t("portfolio.col.currency"), 40}, {t("portfolio.col.contracts"), 50, true},
             {t("portfolio.col.breached"), 60, true}, {t("summary.provider_total"), 100, true},
             {t("summary.customer_total"), 95, true}},
            rows);
  }
}

/// The SHA-256 of a file, read a block at a time.
std::optional<std::string> file_sha256(const std::string& path, std::string& why) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(std::fopen(path.c_str(), "rbe"), &std::fclose);
  if (!f) {
    why = std::strerror(errno);
    return std::nullopt;
  }
  history::sha256_stream sha;
  std::string block(1 << 16, '\0');
  while (std::size_t n = std::fread(block.data(), 1, block.size(), f.get())) sha.update(std::string_view(block.data(), n));
  if (std::ferror(f.get())) {
    why = "cannot read it back";
    return std::nullopt;
  }
  return sha.hex();
}

}  // namespace

const std::string* html_page(const contract_entry& e) {
  for (auto& o : e.outputs)
    if (o.path.size() > 5 && o.path.compare(o.path.size() - 5, 5, ".html") == 0) return &o.path;
  return nullptr;
}

std::optional<failure> write_portfolio(const manifest& m, const contract_walk& walk, const std::string& out_dir,
                                       const reports::texts& t, std::vector<output_digest>& written, bool html_index) {
  std::string stem = "portfolio-" + m.period, why;
  sums all(walk);
  std::string path = out_dir + "/" + stem + ".json";
  history::sha256_stream json_sha;
  bool ok = io::write_file_streamed(
      path,
      [&](const std::function<void(std::string_view)>& put) {
        portfolio_json(m, walk, all, [&](std::string_view piece) {
          json_sha.update(piece);
          put(piece);
        });
      },
      why);
  if (!ok) return failure{exit_output, path + ": error: cannot write the portfolio summary: " + why + "\n"};
  written.push_back({stem + ".json", json_sha.hex()});
  path = out_dir + "/" + stem + ".xlsx";
  // Its sheets grow with the contracts (6.6 MB of XML for 10,000): past 1 MiB a part goes to
  // a file as it is written, so that a portfolio of 100,000 costs no more memory than one
  // of 1,000.
  reports::xlsx_memory_limit spill_early(std::size_t{1} << 20);
  ok = io::write_file_via(
      path, [&](const std::string& temp, std::string& e) { return workbook_writer(temp, m, walk, all, t).write(e); }, why);
  auto digest = ok ? file_sha256(path, why) : std::nullopt;
  if (!digest) return failure{exit_output, path + ": error: cannot write the portfolio workbook: " + why + "\n"};
  written.push_back({stem + ".xlsx", *digest});
  path = out_dir + "/" + stem + ".pdf";
  reports::pdf::document_info info;
  info.title = t("portfolio.title") + " " + m.period;
  info.tool_version = m.version;
  info.running_head = info.title;
  info.document_time = portfolio_time(m.period);
  ok = io::write_file_via(
      path,
      [&](const std::string& temp, std::string& e) {
        return reports::pdf::write_document(
            temp, info, t, [&](reports::pdf::layout& L) { render_portfolio(L, m, walk, all, t); }, e);
      },
      why);
  digest = ok ? file_sha256(path, why) : std::nullopt;
  if (!digest) return failure{exit_output, path + ": error: cannot write the portfolio PDF: " + why + "\n"};
  written.push_back({stem + ".pdf", *digest});

  // When the contracts' reports include HTML pages: the batch's index page, each contract
  // with its verdict and money, linked to its page (one more walk, only then).
  if (!html_index) return std::nullopt;
  std::vector<reports::html_index_row> rows;
  walk([&](const contract_entry& e) {
    reports::html_index_row row;
    row.status = status_word(e.status);
    row.error = e.error;
    row.id = e.file;
    if (e.summary) {
      auto& s = *e.summary;
      row.id = s.id, row.title = s.title, row.customer = s.customer, row.provider = s.provider;
      row.breached = s.breached;
      row.provider_total = t.money(s.provider_total, s.currency);
    }
    if (auto* page = html_page(e)) row.page = *page;
    rows.push_back(std::move(row));
  });
  path = out_dir + "/" + stem + ".html";
  std::string html = reports::index_html(m.period, rows, t, m.version);
  if (!io::write_file_atomically(path, html, why))
    return failure{exit_output, path + ": error: cannot write the portfolio page: " + why + "\n"};
  written.push_back({stem + ".html", history::sha256_hex(html)});
  return std::nullopt;
}

std::optional<failure> write_portfolio(const manifest& m, const std::string& out_dir, const reports::texts& t,
                                       std::vector<output_digest>& written) {
  contract_walk walk = [&](const std::function<void(const contract_entry&)>& visit) {
    for (auto& e : m.contracts) visit(e);
  };
  bool pages = std::any_of(m.contracts.begin(), m.contracts.end(), [](auto& e) { return html_page(e) != nullptr; });
  return write_portfolio(m, walk, out_dir, t, written, pages);
}

}  // namespace slaudit::batch
