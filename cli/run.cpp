#include "cli/run.hpp"

#include <algorithm>
#include <filesystem>
#include <ostream>

#include "batch/pipeline.hpp"
#include "cli/files.hpp"
#include "engine/money.hpp"
#include "history/profiles.hpp"
#include "reports/explain.hpp"

namespace slaudit::cli {
namespace {

using batch::exit_input, batch::exit_usage;

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
  batch::run_settings settings;
  batch::computed c;
  std::string out_dir;
  std::optional<reports::texts> texts;
  std::optional<std::string> incident, penalty;  ///< explain's filters
};

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
  auto& formats = w.settings.formats;
  formats.clear();
  for (std::size_t from = 0; from <= format_text.size();) {
    auto comma = std::min(format_text.find(',', from), format_text.size());
    std::string f = format_text.substr(from, comma - from);
    if (f != "json" && f != "xlsx" && f != "pdf")
      return usage("--format " + format_text + ": write any of json, xlsx and pdf, as json,xlsx,pdf");
    if (std::find(formats.begin(), formats.end(), f) == formats.end()) formats.push_back(f);
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
  auto period = engine::parse_period(period_text);
  if (!period) return usage("--period '" + period_text + "': write a month as 2026-10");
  if (period->months != 1) return usage("--period takes one month (quarters and years come from the ledger)");
  if (!opt.profile.empty()) {
    auto& names = history::profile_names();
    if (std::find(names.begin(), names.end(), opt.profile) == names.end())
      return usage("unknown --profile '" + opt.profile + "'");
  }
  w.settings.period = *period;
  w.settings.ingest = opt;
  w.settings.texts = &*w.texts;
  w.settings.earlier_credits = earlier_text;
  w.settings.tool_version = SLAUDIT_VERSION;
  if (auto failed = batch::compute(contract_path, history_dir, w.settings, w.c)) {
    err << failed->message;
    if (failed->code == exit_usage) err << usage_text;
    return failed->code;
  }
  return std::nullopt;
}

}  // namespace

int run_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  prepared w;
  if (auto code = prepare(args, true, w, out, err)) return *code;
  const auto& results = w.c.results;
  std::vector<batch::file_digest> written;
  if (auto failed = batch::write_reports(w.c, w.out_dir, w.settings, written)) {
    err << failed->message;
    return failed->code;
  }
  for (auto& f : written) out << "wrote " << f.path << "\n";
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
  out << reports::explain_text(w.c.results, *w.c.zone, {w.incident, w.penalty});
  return 0;
}

}  // namespace slaudit::cli
