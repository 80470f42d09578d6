#include "cli/run.hpp"

#include <algorithm>
#include <filesystem>
#include <ostream>

#include "cli/files.hpp"
#include "cli/render.hpp"
#include "engine/money.hpp"
#include "engine/replay.hpp"
#include "history/ingest.hpp"
#include "history/profiles.hpp"
#include "reports/json_writer.hpp"

namespace slaudit::cli {
namespace {

constexpr int exit_usage = 2, exit_input = 3, exit_output = 4;

const char* run_usage =
    "usage: slaudit run --contract FILE.sla --history DIR --period 2026-10 --out DIR [--format json]\n"
    "                   [--encoding auto|utf-8|gb18030] [--profile NAME] [--service ID]\n"
    "                   [--time-format COLUMN=PATTERN]... [--skip-bad-rows]\n"
    "                   [--earlier-credits AMOUNT]   (for a yearly cap, until the ledger keeps them)\n"
    "exit: 0 done, 2 usage, 3 input data error, 4 output not written (docs/results-json.md)\n";

int usage(std::ostream& err, const std::string& message) {
  err << "slaudit run: " << message << "\n" << run_usage;
  return exit_usage;
}

}  // namespace

int run_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  std::string contract_path, history_dir, period_text, out_dir, format = "json";
  history::ingest_options opt;
  std::string earlier_text = "0";
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&]() -> std::optional<std::string> {
      if (i + 1 >= args.size()) return std::nullopt;
      return args[++i];
    };
    std::optional<std::string> v;
    if (a == "--skip-bad-rows") {
      opt.skip_bad_rows = true;
      continue;
    }
    if (a == "--help" || a == "-h") {
      out << run_usage;
      return 0;
    }
    if (!(v = value())) return usage(err, a.rfind("--", 0) == 0 ? a + " needs a value" : "unexpected '" + a + "'");
    if (a == "--contract") contract_path = *v;
    else if (a == "--history") history_dir = *v;
    else if (a == "--period") period_text = *v;
    else if (a == "--out") out_dir = *v;
    else if (a == "--format") format = *v;
    else if (a == "--profile") opt.profile = *v;
    else if (a == "--service") opt.service = *v;
    else if (a == "--earlier-credits") earlier_text = *v;
    else if (a == "--encoding") {
      auto e = history::parse_encoding(*v);
      if (!e) return usage(err, "unknown --encoding '" + *v + "': use auto, utf-8 or gb18030");
      opt.text_encoding = *e;
    } else if (a == "--time-format") {
      auto eq = v->find('=');
      auto f = eq == std::string::npos ? std::nullopt : history::time_format::parse(v->substr(eq + 1));
      if (!f) return usage(err, "--time-format takes COLUMN=PATTERN, e.g. occurred=\"dd-mm-yyyy HH:MM\"");
      opt.formats[v->substr(0, eq)] = *f;
    } else {
      return usage(err, "unknown option '" + a + "'");
    }
  }
  if (contract_path.empty() || history_dir.empty() || period_text.empty() || out_dir.empty())
    return usage(err, "--contract, --history, --period and --out are required");
  if (format != "json") return usage(err, "--format " + format + ": this version writes json");
  auto p = engine::parse_period(period_text);
  if (!p) return usage(err, "--period '" + period_text + "': write a month as 2026-10");
  if (p->months != 1) return usage(err, "--period takes one month (quarters and years come from the ledger)");
  if (!opt.profile.empty()) {
    auto& names = history::profile_names();
    if (std::find(names.begin(), names.end(), opt.profile) == names.end())
      return usage(err, "unknown --profile '" + opt.profile + "'");
  }

  // The contract: any error stops here, reported as `check` would.
  std::string why;
  auto text = read_file(contract_path, why);
  if (!text) {
    err << contract_path << ": error: cannot read the contract: " << why << "\n";
    return exit_input;
  }
  grammar::source_file src(contract_path, std::move(*text));
  grammar::diagnostics diags;
  disk_reader disk;
  auto contract = engine::load_contract(src, disk, diags);
  if (!contract) {
    err << render_text({src, diags.sorted(), diags.dropped()});
    err << contract_path << ": the contract has errors; nothing was computed\n";
    return exit_input;
  }
  auto zone = engine::zone::locate(contract->timezone);  // checked by the validator
  if (!std::filesystem::is_directory(history_dir)) {
    err << history_dir << ": error: not a folder of history files\n";
    return exit_input;
  }
  auto history = history::ingest_folder(history_dir, disk, *contract, *zone, opt);
  if (history.error) {
    err << history_dir << "/" << history.error->str() << "\n"
        << "nothing was computed for " << contract->id << " " << p->label()
        << (opt.skip_bad_rows ? "\n" : " (--skip-bad-rows skips bad rows and lists them as findings)\n");
    return exit_input;
  }

  auto earlier = engine::decimal::parse(earlier_text);
  auto earlier_minor = earlier ? earlier->at_scale(engine::minor_digits(contract->currency)) : std::nullopt;
  if (!earlier_minor)
    return usage(err, "--earlier-credits '" + earlier_text + "': an amount in " + contract->currency + " such as 95000.00");
  auto results = engine::replay(*contract, *zone, *p, history.events, *earlier_minor);
  std::error_code ec;
  std::filesystem::create_directories(out_dir, ec);
  std::string path = out_dir + "/" + contract->id + "-" + p->label() + ".json";
  if (ec || !write_file_atomically(path, reports::results_json(results, SLAUDIT_VERSION), why)) {
    err << path << ": error: cannot write the results: " << (ec ? ec.message() : why) << "\n";
    return exit_output;
  }
  out << "wrote " << path << "\n";
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

}  // namespace slaudit::cli
