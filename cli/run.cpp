#include "cli/run.hpp"

#include <algorithm>
#include <filesystem>
#include <ostream>

#include "cli/files.hpp"
#include "cli/render.hpp"
#include "engine/money.hpp"
#include "engine/replay.hpp"
#include "history/digest.hpp"
#include "history/ingest.hpp"
#include "reports/pdf_writer.hpp"
#include "reports/xlsx_writer.hpp"
#include "history/profiles.hpp"
#include "reports/explain.hpp"
#include "reports/json_writer.hpp"

namespace slaudit::cli {
namespace {

constexpr int exit_usage = 2, exit_input = 3, exit_output = 4;

const char* run_usage =
    "usage: slaudit run --contract FILE.sla --history DIR --period 2026-10 --out DIR\n"
    "                   [--format json,xlsx,pdf] [--lang zh|en] [--templates DIR]\n"
    "                   [--encoding auto|utf-8|gb18030] [--profile NAME] [--service ID]\n"
    "                   [--time-format COLUMN=PATTERN]... [--skip-bad-rows]\n"
    "                   [--earlier-credits AMOUNT]   (for a yearly cap, until the ledger keeps them)\n"
    "exit: 0 done, 2 usage, 3 input data error, 4 output not written (docs/results-json.md)\n";

const char* explain_usage =
    "usage: slaudit explain --contract FILE.sla --history DIR --period 2026-10\n"
    "                       [--incident ID | --penalty NAME] [run's history options]\n"
    "prints the trail of every figure (or of one incident or penalty) as text\n"
    "exit: 0 done, 2 usage, 3 input data error\n";

/// What run and explain share: the options, then the contract, history and replay.
struct prepared {
  std::optional<engine::contract> contract;
  std::optional<engine::zone> zone;
  std::optional<engine::period> period;
  engine::history history;       ///< the results view it (and the contract): kept with them
  engine::period_result results;
  std::string out_dir;
  std::vector<std::string> formats;  ///< in the order they are written
  std::optional<reports::texts> texts;
  std::string contract_sha256;
  std::optional<std::string> incident, penalty;  ///< explain's filters
};

/// The reports' date: SOURCE_DATE_EPOCH when set (reproducible builds' convention), else the
/// end of the period. Never the wall clock, so reruns give the same bytes.
std::int64_t document_time(const engine::period_result& r) {
  if (const char* env = std::getenv("SOURCE_DATE_EPOCH"); env && *env) {
    std::int64_t v = 0;
    bool digits = true;
    for (const char* p = env; *p; ++p) {
      if (*p < '0' || *p > '9' || v > 1'000'000'000'000) digits = false;
      else v = v * 10 + (*p - '0');
    }
    if (digits) return v;
  }
  return r.bounds.to;
}

/// Parses the options and computes; returns an exit code on failure.
std::optional<int> prepare(const std::vector<std::string>& args, bool is_run, prepared& w, std::ostream& out,
                           std::ostream& err) {
  const char* usage_text = is_run ? run_usage : explain_usage;
  auto usage = [&](const std::string& message) {
    err << "slaudit " << (is_run ? "run" : "explain") << ": " << message << "\n" << usage_text;
    return exit_usage;
  };
  std::string contract_path, history_dir, period_text, earlier_text = "0";
  std::string format_text = "json,xlsx,pdf", lang_text = "zh", templates_dir;
  history::ingest_options opt;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--skip-bad-rows") {
      opt.skip_bad_rows = true;
      continue;
    }
    if (a == "--help" || a == "-h") {
      out << usage_text;
      return 0;
    }
    if (i + 1 >= args.size())
      return usage(a.rfind("--", 0) == 0 ? a + " needs a value" : "unexpected '" + a + "'");
    const std::string& v = args[++i];
    if (a == "--contract") contract_path = v;
    else if (a == "--history") history_dir = v;
    else if (a == "--period") period_text = v;
    else if (a == "--out" && is_run) w.out_dir = v;
    else if (a == "--format" && is_run) format_text = v;
    else if (a == "--lang" && is_run) lang_text = v;
    else if (a == "--templates" && is_run) templates_dir = v;
    else if (a == "--incident" && !is_run) w.incident = v;
    else if (a == "--penalty" && !is_run) w.penalty = v;
    else if (a == "--profile") opt.profile = v;
    else if (a == "--service") opt.service = v;
    else if (a == "--earlier-credits") earlier_text = v;
    else if (a == "--encoding") {
      auto e = history::parse_encoding(v);
      if (!e) return usage("unknown --encoding '" + v + "': use auto, utf-8 or gb18030");
      opt.text_encoding = *e;
    } else if (a == "--time-format") {
      auto eq = v.find('=');
      auto f = eq == std::string::npos ? std::nullopt : history::time_format::parse(v.substr(eq + 1));
      if (!f) return usage("--time-format takes COLUMN=PATTERN, e.g. occurred=\"dd-mm-yyyy HH:MM\"");
      opt.formats[v.substr(0, eq)] = *f;
    } else {
      return usage("unknown option '" + a + "'");
    }
  }
  if (contract_path.empty() || history_dir.empty() || period_text.empty() || (is_run && w.out_dir.empty()))
    return usage(is_run ? "--contract, --history, --period and --out are required"
                        : "--contract, --history and --period are required");
  w.formats.clear();
  for (std::size_t from = 0; from <= format_text.size();) {
    auto comma = std::min(format_text.find(',', from), format_text.size());
    std::string f = format_text.substr(from, comma - from);
    if (f != "json" && f != "xlsx" && f != "pdf")
      return usage("--format " + format_text + ": write any of json, xlsx and pdf, as json,xlsx,pdf");
    if (std::find(w.formats.begin(), w.formats.end(), f) == w.formats.end()) w.formats.push_back(f);
    from = comma + 1;
  }
  auto lang = reports::parse_language(lang_text);
  if (!lang) return usage("--lang " + lang_text + ": use zh or en");
  {
    std::optional<std::string> override_text;
    std::string override_name;
    if (!templates_dir.empty()) {
      override_name = templates_dir + "/" + reports::template_file_name(*lang);
      std::string why;
      override_text = read_file(override_name, why);
      if (!override_text) {
        err << override_name << ": error: cannot read the report texts: " << why << "\n"
            << "  --templates DIR needs DIR/zh-CN.txt or DIR/en.txt (the keys to change; see templates/ in slaudit)\n";
        return exit_input;
      }
    }
    std::string why;
    w.texts = reports::texts::load(*lang, override_text ? &*override_text : nullptr, override_name, why);
    if (!w.texts) {
      err << why << "\n";
      return exit_input;
    }
  }
  w.period = engine::parse_period(period_text);
  if (!w.period) return usage("--period '" + period_text + "': write a month as 2026-10");
  if (w.period->months != 1) return usage("--period takes one month (quarters and years come from the ledger)");
  if (!opt.profile.empty()) {
    auto& names = history::profile_names();
    if (std::find(names.begin(), names.end(), opt.profile) == names.end())
      return usage("unknown --profile '" + opt.profile + "'");
  }

  // The contract: any error stops here, reported as `check` would.
  std::string why;
  auto text = read_file(contract_path, why);
  if (!text) {
    err << contract_path << ": error: cannot read the contract: " << why << "\n";
    return exit_input;
  }
  w.contract_sha256 = history::sha256_hex(*text);
  grammar::source_file src(contract_path, std::move(*text));
  grammar::diagnostics diags;
  disk_reader disk;
  w.contract = engine::load_contract(src, disk, diags);
  if (!w.contract) {
    err << render_text({src, diags.sorted(), diags.dropped()});
    err << contract_path << ": the contract has errors; nothing was computed\n";
    return exit_input;
  }
  w.zone = engine::zone::locate(w.contract->timezone);  // checked by the validator
  if (!std::filesystem::is_directory(history_dir)) {
    err << history_dir << ": error: not a folder of history files\n";
    return exit_input;
  }
  opt.period = engine::period_bounds(*w.period, *w.zone);  // hold this period's records only
  auto history = history::ingest_folder(history_dir, disk, *w.contract, *w.zone, opt);
  if (history.error) {
    err << history_dir << "/" << history.error->str() << "\n"
        << "nothing was computed for " << w.contract->id << " " << w.period->label()
        << (opt.skip_bad_rows ? "\n" : " (--skip-bad-rows skips bad rows and lists them as findings)\n");
    return exit_input;
  }
  auto earlier = engine::decimal::parse(earlier_text);
  auto earlier_minor = earlier ? earlier->at_scale(engine::minor_digits(w.contract->currency)) : std::nullopt;
  if (!earlier_minor)
    return usage("--earlier-credits '" + earlier_text + "': an amount in " + w.contract->currency + " such as 95000.00");
  w.history = std::move(history.events);
  w.results = engine::replay(*w.contract, *w.zone, *w.period, w.history, *earlier_minor);
  return std::nullopt;
}

}  // namespace

int run_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  prepared w;
  if (auto code = prepare(args, true, w, out, err)) return *code;
  const auto& results = w.results;
  std::error_code ec;
  std::filesystem::create_directories(w.out_dir, ec);
  if (ec) {
    err << w.out_dir << ": error: cannot create the output folder: " << ec.message() << "\n";
    return exit_output;
  }
  reports::report_context ctx{*w.contract, *w.zone, results, &w.history, *w.texts, SLAUDIT_VERSION, w.contract_sha256,
                              document_time(results)};
  std::string stem = w.out_dir + "/" + w.contract->id + "-" + w.period->label();
  for (auto& format : w.formats) {
    std::string path = stem + "." + format, why;
    bool ok = format == "json"
                  ? write_file_atomically(path, reports::results_json(results, SLAUDIT_VERSION), why)
                  : write_file_via(
                        path,
                        [&](const std::string& temp, std::string& e) {
                          return format == "xlsx" ? reports::write_xlsx(ctx, temp, e) : reports::write_pdf(ctx, temp, e);
                        },
                        why);
    if (!ok) {
      err << path << ": error: cannot write the " << format << " report: " << why << "\n";
      return exit_output;
    }
    out << "wrote " << path << "\n";
  }
  for (auto& a : results.availability)
    out << "  " << a.service << ": availability "
        << (a.denominator > 0 ? engine::percent_text(a.numerator, a.denominator) + "%" : std::string("—")) << " "
        << (a.target_pct ? std::string(engine::verdict_word(a.on_target)) : "no target") << "\n";
  std::size_t breached = 0;
  for (auto& c : results.clocks) breached += c.outcome == engine::verdict::breached;
  out << "  clocks: " << results.clocks.size() << " (" << breached << " breached); findings: " << results.findings.size()
      << "\n";
  const auto& m = results.money;
  out << "  penalties: provider " << engine::money_text(m.provider_total, m.currency) << " " << m.currency;
  if (m.provider_before_caps != m.provider_total)
    out << " (" << engine::money_text(m.provider_before_caps, m.currency) << " before caps)";
  out << "; customer (late payment) " << engine::money_text(m.customer_total, m.currency) << " " << m.currency << "\n";
  return 0;
}

int explain_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  prepared w;
  if (auto code = prepare(args, false, w, out, err)) return *code;
  out << reports::explain_text(w.results, *w.zone, {w.incident, w.penalty});
  return 0;
}

}  // namespace slaudit::cli
