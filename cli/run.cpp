#include "cli/run.hpp"

#include <algorithm>
#include <filesystem>
#include <ostream>

#include <unistd.h>

#include <thread>

#include <nlohmann/json.hpp>

#include "batch/batch.hpp"
#include "batch/ledger.hpp"
#include "batch/pipeline.hpp"
#include "batch/review.hpp"
#include "engine/load.hpp"
#include "engine/money.hpp"
#include "grammar/suggest.hpp"
#include "history/digest.hpp"
#include "history/profiles.hpp"
#include "io/exit_codes.hpp"
#include "io/files.hpp"
#include "reports/explain.hpp"

namespace slaudit::cli {
namespace {


const char* run_usage =
    "usage: slaudit run --contract FILE.sla --history DIR --period 2026-10 --out DIR\n"
    "                   [--format json,xlsx,pdf] [--lang zh|en] [--templates DIR]\n"
    "                   [--encoding auto|utf-8|gb18030|windows-1252|utf-16] [--profile NAME] [--service ID]\n"
    "                   [--time-format COLUMN=PATTERN]... [--skip-bad-rows]\n"
    "                   [--ledger FILE | --earlier-credits AMOUNT] [--wait]\n"
    "a yearly cap takes the contract year's earlier months from the ledger (and the run is\n"
    "recorded there), or their provider credits as you state them with --earlier-credits;\n"
    "a month with earlier months in its contract year needs one of the two\n"
    "exit: 0 done, 2 usage, 3 input data error, 4 output not written (docs/results-json.md)\n";

const char* batch_usage =
    "usage: slaudit batch --period 2026-10 --contracts DIR --history DIR --out DIR\n"
    "                     [--jobs N] [--shard I/N] [--quiet] [--wait] [--ledger FILE | --no-ledger]\n"
    "                     [run's report and history options]\n"
    "runs every *.sla below --contracts against <history>/<contract-id or file name>[/<period>]\n"
    "on N threads (default: the cores); writes each contract's reports, manifest.json and the\n"
    "portfolio summary; a rerun redoes only what changed. --shard I/N (0-based; default from a\n"
    "Kubernetes Indexed Job or a Slurm array) takes a share and writes manifest.shard-I-of-N.json\n"
    "the ledger (default: ledger.sqlite beside the --out folder) gives yearly caps the earlier\n"
    "months and records the run (a sharded run is recorded by merge) (docs/ledger.md)\n"
    "one batch or run writes an --out folder at a time (a lock, .slaudit.lock): another exits 2\n"
    "naming the one at work, or with --wait waits for it\n"
    "exit: 0 all done, 2 usage or --out in use, 3 some contracts failed (listed at the end), 4 output not written\n";

const char* merge_usage =
    "usage: slaudit merge [--out DIR] [--lang zh|en] [--templates DIR] [--ledger FILE | --no-ledger]\n"
    "                     [--wait] SHARD-OUT-DIR...\n"
    "combines the shard manifests (manifest.shard-I-of-N.json) found in the folders into one\n"
    "manifest.json and the portfolio summary, written to --out (default: the first folder),\n"
    "and records the run in the ledger (default: ledger.sqlite beside the --out folder)\n"
    "  --wait   shards or a batch still writing --out are waited for (else: exit 2 at once)\n"
    "exit: 0 done, 3 some contracts failed in a shard (listed in the manifest), 2 usage or\n"
    "shards that do not fit together, 4 output not written\n";

const char* report_usage =
    "usage: slaudit report (--quarter 2026Q4 | --year 2026) --out DIR [--ledger FILE]\n"
    "                      [--contract ID]... [--format json,xlsx,pdf] [--lang zh|en] [--templates DIR]\n"
    "writes review-<period>.json/.xlsx/.pdf from the ledger (default: ledger.sqlite beside the\n"
    "--out folder): each month's verdict, breaches and money per contract, each service's\n"
    "availability month by month and over the period, the penalty lines, trend charts\n"
    "exit: 0 done, 2 usage, 3 no ledger or nothing recorded for the period, 4 output not written\n";

const char* explain_usage =
    "usage: slaudit explain --contract FILE.sla --history DIR --period 2026-10\n"
    "                       [--incident ID | --penalty NAME] [--ledger FILE] [run's history options]\n"
    "prints the trail of every figure (or of one incident or penalty) as text\n"
    "exit: 0 done, 2 usage, 3 input data error\n";

enum class mode { run, explain, batch };

/// What run, explain and batch share: the options, then (run, explain) the contract,
/// history and replay.
struct prepared {
  batch::run_settings settings;
  batch::computed c;
  std::string contract_path, history_dir, out_dir, contracts_dir;
  std::optional<reports::texts> texts;
  std::string texts_source;  ///< the override file's bytes (for the batch's settings digest)
  std::optional<std::string> incident, penalty;  ///< explain's filters
  std::optional<unsigned> jobs;
  std::optional<batch::shard_spec> shard;
  bool quiet = false, no_ledger = false, wait = false;
  std::string ledger;
  std::unique_ptr<batch::ledger> book;  ///< run, explain: --ledger, open
  bool earlier_given = false;           ///< --earlier-credits was on the command line
  std::string lang = "zh";
};

/// The report texts of --lang with a --templates override; an exit code on failure.
std::optional<int> load_texts(const std::string& lang_text, const std::string& templates_dir, prepared& w,
                              std::ostream& err) {
  auto lang = reports::parse_language(lang_text);
  std::optional<std::string> override_text;
  std::string override_name;
  if (!templates_dir.empty()) {
    override_name = templates_dir + "/" + reports::template_file_name(*lang);
    std::string why;
    override_text = io::read_file(override_name, why);
    if (!override_text) {
      err << override_name << ": error: cannot read the report texts: " << why << "\n"
          << "  --templates DIR needs DIR/zh-CN.txt or DIR/en.txt (the keys to change; see templates/ in slaudit)\n";
      return exit_input;
    }
    w.texts_source = *override_text;
  }
  std::string why;
  w.texts = reports::texts::load(*lang, override_text ? &*override_text : nullptr, override_name, why);
  if (!w.texts) {
    err << why << "\n";
    return exit_input;
  }
  return std::nullopt;
}

/// Parses the options and computes; returns an exit code on failure.
std::optional<int> prepare(const std::vector<std::string>& args, mode how, prepared& w, std::ostream& out,
                           std::ostream& err) {
  bool is_run = how == mode::run, is_batch = how == mode::batch, writes = is_run || is_batch;
  const char* usage_text = is_run ? run_usage : is_batch ? batch_usage : explain_usage;
  auto usage = [&](const std::string& message) {
    err << "slaudit " << (is_run ? "run" : is_batch ? "batch" : "explain") << ": " << message << "\n" << usage_text;
    return exit_usage;
  };
  std::string period_text, shard_text;
  std::optional<std::string> earlier_text;
  std::string format_text = "json,xlsx,pdf", lang_text = "zh", templates_dir;
  history::ingest_options opt;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--skip-bad-rows") {
      opt.skip_bad_rows = true;
      continue;
    }
    if (a == "--quiet" && is_batch) {
      w.quiet = true;
      continue;
    }
    if (a == "--wait" && writes) {
      w.wait = true;
      continue;
    }
    if (a == "--no-ledger" && is_batch) {
      w.no_ledger = true;
      continue;
    }
    if (a == "--help" || a == "-h") {
      out << usage_text;
      return 0;
    }
    if (i + 1 >= args.size())
      return usage(a.rfind("--", 0) == 0 ? a + " needs a value" : "unexpected '" + a + "'");
    const std::string& v = args[++i];
    if (a == "--contract" && !is_batch) w.contract_path = v;
    else if (a == "--contracts" && is_batch) w.contracts_dir = v;
    else if (a == "--ledger") w.ledger = v;
    else if (a == "--history") w.history_dir = v;
    else if (a == "--period") period_text = v;
    else if (a == "--out" && writes) w.out_dir = v;
    else if (a == "--format" && writes) format_text = v;
    else if (a == "--lang" && writes) lang_text = v;
    else if (a == "--templates" && writes) templates_dir = v;
    else if (a == "--jobs" && is_batch) {
      char* end = nullptr;
      long n = std::strtol(v.c_str(), &end, 10);
      if (v.empty() || *end || n < 1 || n > 1024) return usage("--jobs " + v + ": a number of threads, 1 to 1024");
      w.jobs = static_cast<unsigned>(n);
    } else if (a == "--shard" && is_batch) {
      w.shard = batch::parse_shard(v);
      if (!w.shard) return usage("--shard " + v + ": write I/N with 0 <= I < N, as 2/4");
    }
    else if (a == "--incident" && !is_run) w.incident = v;
    else if (a == "--penalty" && !is_run) w.penalty = v;
    else if (a == "--profile") opt.profile = v;
    else if (a == "--service") opt.service = v;
    else if (a == "--earlier-credits") earlier_text = v, w.earlier_given = true;
    else if (a == "--encoding") {
      auto e = history::parse_encoding(v);
      if (!e) return usage("unknown --encoding '" + v + "': use auto, utf-8, gb18030 (gbk), windows-1252 (latin1) or utf-16");
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
  if (is_batch ? w.contracts_dir.empty() : w.contract_path.empty())
    return usage(is_run ? "--contract, --history, --period and --out are required"
                 : is_batch ? "--contracts, --history, --period and --out are required"
                            : "--contract, --history and --period are required");
  if (w.history_dir.empty() || period_text.empty() || (writes && w.out_dir.empty()))
    return usage(is_run ? "--contract, --history, --period and --out are required"
                 : is_batch ? "--contracts, --history, --period and --out are required"
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
  if (!reports::parse_language(lang_text)) return usage("--lang " + lang_text + ": use zh or en");
  w.lang = lang_text;
  if (auto code = load_texts(lang_text, templates_dir, w, err)) return code;
  auto period = engine::parse_period(period_text);
  if (!period) return usage("--period '" + period_text + "': " + engine::month_problem(period_text));
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
  if (is_batch) {
    if (w.no_ledger && !w.ledger.empty()) return usage("--ledger and --no-ledger: give one");
    if (earlier_text && !engine::decimal::parse(*earlier_text))
      return usage("--earlier-credits '" + *earlier_text + "': an amount such as 95000.00");
    return std::nullopt;
  }
  // A yearly cap's earlier months from the ledger (run records there too; explain only reads).
  std::optional<engine::minor_units> earlier;
  if (!w.ledger.empty()) {
    if (w.earlier_given) return usage("--ledger and --earlier-credits: the ledger gives the earlier months; give one");
    std::string why;
    w.book = batch::ledger::open(w.ledger, is_run, why);
    if (!w.book) {
      err << w.ledger << ": error: cannot open the ledger: " << why << "\n";
      return is_run ? exit_output : exit_input;
    }
    if (auto text = io::read_file(w.contract_path, why)) {
      // A light first read for the contract's id and caps; compute reads it again and
      // reports its errors if it has any.
      grammar::source_file src(w.contract_path, std::move(*text));
      grammar::diagnostics diags;
      io::disk_reader disk;
      if (auto c = engine::load_contract(src, disk, diags)) {
        std::string error;
        earlier = batch::yearly_cap_credits(*c, *period, *w.book, w.contract_path, error);
        if (!error.empty()) {
          err << error;
          return exit_input;
        }
      }
    }
  }
  if (auto failed = batch::compute(w.contract_path, w.history_dir, w.settings, w.c, nullptr,
                                   earlier ? &*earlier : nullptr)) {
    err << failed->message;  // says what to give: no usage text after it
    return failed->code;
  }
  return std::nullopt;
}

}  // namespace

std::string settings_digest(const prepared& w, const std::vector<std::string>& args);

int run_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  prepared w;
  if (auto code = prepare(args, mode::run, w, out, err)) return *code;
  const auto& results = w.c.results;
  std::vector<batch::file_digest> written;
  std::error_code ec;
  std::filesystem::create_directories(w.out_dir, ec);
  std::string lock_why;
  auto lock = ec ? std::nullopt : io::folder_lock::take(w.out_dir, ".slaudit.lock", false, w.wait, lock_why, &err);
  if (!ec && !lock) {
    err << w.out_dir << ": error: " << lock_why << "; nothing was written\n";
    return exit_usage;
  }
  // The reports go through the folder opened now, as the batch's (a rename or a link
  // swapped in meanwhile cannot redirect them); messages and the ledger name it as given.
  std::optional<io::anchored_folder> anchor = lock ? io::anchored_folder::open(w.out_dir, lock_why) : std::nullopt;
  if (lock) {
    if (!anchor) {
      err << w.out_dir << ": error: cannot open the output folder: " << lock_why << "; nothing was written\n";
      return exit_output;
    }
  }
  auto shown = [&](std::string text) { return anchor ? anchor->shown_text(std::move(text)) : text; };
  std::vector<std::string> warnings;
  if (auto failed = batch::write_reports(w.c, anchor ? anchor->reach() : w.out_dir, w.settings, written, nullptr,
                                         &warnings)) {
    err << shown(failed->message);
    return failed->code;
  }
  for (auto& f : written) f.path = shown(f.path);
  for (auto& f : written) out << "wrote " << f.path << "\n";
  for (auto& text : warnings) err << shown(text);
  if (w.book) {
    // The month goes into the ledger as a run of one contract.
    batch::contract_entry e;
    e.file = w.contract_path;
    for (auto& i : w.c.inputs) {
      bool history_file = i.path.rfind(w.history_dir + "/", 0) == 0;
      e.inputs.push_back({history_file ? "history" : "contracts", i.path, i.sha256});
    }
    for (auto& f : written) e.outputs.push_back({f.path, f.sha256});
    e.summary = batch::summarise(w.c);
    std::string why, period = w.settings.period.label();
    auto run = w.book->begin_run(period, "run", w.out_dir, SLAUDIT_VERSION, settings_digest(w, args),
                                 batch::utc_now_text(), why);
    if (!run || !w.book->record(*run, period, {e}, true, why) || !w.book->finish_run(*run, 1, 0, why)) {
      err << w.ledger << ": error: cannot record the run in the ledger: " << why
          << "\n  the reports are written; run the same command again to record it\n";
      return exit_output;
    }
    out << "ledger " << w.ledger << " (run " << *run << ")\n";
  }
  for (auto& a : results.availability)
    out << "  " << a.service << ": availability "
        << (a.denominator > 0 ? engine::percent_text(a.numerator, a.denominator) + "%" : std::string("—")) << " "
        << (a.target_pct ? std::string(engine::verdict_word(a.on_target)) : "no target") << "\n";
  out << "  inputs: " << engine::completeness_line(results.complete) << "\n";
  // Breaches of every kind, each of its whole: a run that charges money never reads "0 breached".
  auto breached = [](const auto& list) {
    return std::count_if(list.begin(), list.end(), [](auto& x) { return x.outcome == engine::verdict::breached; });
  };
  std::size_t unplanned = 0, rates = breached(results.rates);
  for (auto& a : results.availability) unplanned += a.unplanned_maintenance.size();
  out << "  breached: " << breached(results.clocks) << " of " << results.clocks.size() << " clocks, "
      << breached(results.tickets) << " of " << results.tickets.size() << " tickets, " << breached(results.escalations)
      << " of " << results.escalations.size() << " escalation steps, " << rates << " of " << results.rates.size()
      << " rates, " << unplanned << " maintenance parts unplanned; findings: " << results.findings.size() << "\n";
  const auto& m = results.money;
  out << "  penalties: provider " << engine::money_text(m.provider_total, m.currency) << " " << m.currency;
  if (m.provider_before_caps != m.provider_total)
    out << " (" << engine::money_text(m.provider_before_caps, m.currency) << " before caps)";
  out << "; customer (late payment) " << engine::money_text(m.customer_total, m.currency) << " " << m.currency << "\n";
  return warnings.empty() ? 0 : exit_output;  // a report asked for is not there
}

int explain_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  prepared w;
  if (auto code = prepare(args, mode::explain, w, out, err)) return *code;
  // A filter that names nothing there is a typo, not "nothing happened": exit 2, and the
  // nearest names there are.
  auto unknown = [&](const std::string& what, const std::string& name, const std::vector<std::string>& there,
                     const std::string& where) {
    std::string list;
    for (auto& n : grammar::nearest(name, there)) list += (list.empty() ? "" : ", ") + n;
    err << "slaudit explain: no " << what << " '" << name << "' " << where
        << (list.empty() ? std::string() : "; nearest: " + list) << "\n";
    return exit_usage;
  };
  if (w.incident) {
    std::vector<std::string> ids;
    for (auto& i : w.c.history.incidents) ids.emplace_back(i.id);
    for (auto& t : w.c.history.tickets) ids.push_back(t.id);
    if (std::find(ids.begin(), ids.end(), *w.incident) == ids.end())
      return unknown("incident or ticket", *w.incident, ids,
                     "in " + w.history_dir + " for " + w.settings.period.label());
  }
  if (w.penalty) {
    std::vector<std::string> names;
    for (auto& p : w.c.contract->penalties) names.push_back(p.name);
    if (std::find(names.begin(), names.end(), *w.penalty) == names.end())
      return unknown("penalty", *w.penalty, names, "in " + w.contract_path);
  }
  out << reports::explain_text(w.c.results, *w.c.zone, {w.incident, w.penalty});
  return 0;
}

/// Everything besides the inputs that changes an output byte: a manifest written under other
/// settings is not reused by a rerun.
std::string settings_digest(const prepared& w, const std::vector<std::string>& args) {
  std::string key = std::string("slaudit ") + SLAUDIT_VERSION + "\n";
  // The options as given, less those that do not change a report's bytes.
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--quiet" || a == "--wait") continue;
    if (a == "--jobs" || a == "--shard" || a == "--out" || a == "--contracts" || a == "--history" || a == "--templates") {
      ++i;
      continue;
    }
    key += a + "\n";
  }
  key += "templates\n" + w.texts_source + "\n";
  for (const char* env : {"SOURCE_DATE_EPOCH", "SLAUDIT_FONT"}) {
    const char* v = std::getenv(env);
    key += std::string(env) + "=" + (v ? v : "") + "\n";
  }
  return history::sha256_hex(key);
}

int batch_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  prepared w;
  if (auto code = prepare(args, mode::batch, w, out, err)) return *code;
  batch::batch_options o;
  o.contracts_dir = w.contracts_dir;
  o.history_dir = w.history_dir;
  o.out_dir = w.out_dir;
  o.settings = w.settings;
  o.settings_digest = settings_digest(w, args);
  o.jobs = w.jobs.value_or(std::max(1u, std::thread::hardware_concurrency()));
  if (w.shard) {
    o.shard = *w.shard;
  } else {
    std::string why;
    auto from_env = batch::shard_from_environment(why);
    if (!from_env) {
      err << "slaudit batch: " << why << "\n";
      return exit_usage;
    }
    o.shard = *from_env;
  }
  o.wait_for_lock = w.wait;
  o.progress = w.quiet ? batch::progress_mode::quiet : ::isatty(2) ? batch::progress_mode::live : batch::progress_mode::lines;
  if (!w.no_ledger) o.ledger_path = w.ledger.empty() ? batch::default_ledger_path(o.out_dir) : w.ledger;
  try {
    return batch::run_batch(o, out, err);
  } catch (const std::exception& x) {
    // The batch's scratch files failing (a disk error): what was settled is in the manifest.
    err << "slaudit batch: error: " << x.what() << "; the run stopped: run the same command again\n";
    return exit_output;
  }
}

int merge_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  auto usage = [&](const std::string& message) {
    err << "slaudit merge: " << message << "\n" << merge_usage;
    return exit_usage;
  };
  std::string out_dir, lang_text = "zh", templates_dir, ledger;
  bool no_ledger = false, wait = false;
  std::vector<std::string> dirs;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--help" || a == "-h") {
      out << merge_usage;
      return 0;
    }
    if (a == "--out" || a == "--lang" || a == "--templates" || a == "--ledger") {
      if (i + 1 >= args.size()) return usage(a + " needs a value");
      (a == "--out" ? out_dir : a == "--lang" ? lang_text : a == "--ledger" ? ledger : templates_dir) = args[++i];
    } else if (a == "--no-ledger") {
      no_ledger = true;
    } else if (a == "--wait") {
      wait = true;
    } else if (a.size() > 1 && a[0] == '-') {
      return usage("unknown option '" + a + "'");
    } else {
      dirs.push_back(a);
    }
  }
  if (dirs.empty()) return usage("name the shards' output folders");
  if (!reports::parse_language(lang_text)) return usage("--lang " + lang_text + ": use zh or en");
  prepared w;
  if (auto code = load_texts(lang_text, templates_dir, w, err)) return *code;
  if (no_ledger && !ledger.empty()) return usage("--ledger and --no-ledger: give one");
  if (out_dir.empty()) out_dir = dirs.front();
  if (!no_ledger && ledger.empty()) ledger = batch::default_ledger_path(out_dir);
  return batch::merge_shards(dirs, out_dir, *w.texts, no_ledger ? std::string() : ledger, wait, out, err);
}

int report_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  auto usage = [&](const std::string& message) {
    err << "slaudit report: " << message << "\n" << report_usage;
    return exit_usage;
  };
  std::string period_text, out_dir, ledger_path, lang_text = "zh", templates_dir, format_text = "json,xlsx,pdf";
  std::vector<std::string> contracts;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--help" || a == "-h") {
      out << report_usage;
      return 0;
    }
    if (i + 1 >= args.size()) return usage(a.rfind("--", 0) == 0 ? a + " needs a value" : "unexpected '" + a + "'");
    const std::string& v = args[++i];
    if (a == "--quarter" || a == "--year") {
      if (!period_text.empty()) return usage("give one period: --quarter or --year, once");
      auto p = engine::parse_period(v);
      if (!p || p->months != (a == "--quarter" ? 3 : 12))
        return usage(a + " " + v + ": write " + (a == "--quarter" ? "a quarter as 2026Q4" : "a year as 2026"));
      period_text = v;
    } else if (a == "--out") out_dir = v;
    else if (a == "--ledger") ledger_path = v;
    else if (a == "--contract") contracts.push_back(v);
    else if (a == "--lang") lang_text = v;
    else if (a == "--templates") templates_dir = v;
    else if (a == "--format") format_text = v;
    else return usage("unknown option '" + a + "'");
  }
  if (period_text.empty() || out_dir.empty()) return usage("--quarter or --year, and --out, are required");
  batch::review_options o;
  for (std::size_t from = 0; from <= format_text.size();) {
    auto comma = std::min(format_text.find(',', from), format_text.size());
    std::string f = format_text.substr(from, comma - from);
    if (f != "json" && f != "xlsx" && f != "pdf")
      return usage("--format " + format_text + ": write any of json, xlsx and pdf, as json,xlsx,pdf");
    if (std::find(o.formats.begin(), o.formats.end(), f) == o.formats.end()) o.formats.push_back(f);
    from = comma + 1;
  }
  if (!reports::parse_language(lang_text)) return usage("--lang " + lang_text + ": use zh or en");
  prepared w;
  if (auto code = load_texts(lang_text, templates_dir, w, err)) return *code;
  if (ledger_path.empty()) ledger_path = batch::default_ledger_path(out_dir);
  std::string why;
  auto book = batch::ledger::open(ledger_path, false, why);
  if (!book) {
    err << ledger_path << ": error: cannot open the ledger: " << why << "\n";
    return exit_input;
  }
  auto period = *engine::parse_period(period_text);
  auto r = batch::build_review(*book, period, contracts, why);
  if (!r) {
    err << ledger_path << ": error: " << why << "\n";
    return exit_input;
  }
  if (r->contracts.empty()) {
    err << ledger_path << ": error: no figures recorded for " << period.label()
        << (contracts.empty() ? std::string() : " of the contracts asked for")
        << "; run `slaudit batch` for its months with this ledger first\n";
    return exit_input;
  }
  for (auto& id : contracts)
    if (std::none_of(r->contracts.begin(), r->contracts.end(), [&](auto& c) { return c.id == id; }))
      err << ledger_path << ": warning: no figures recorded for " << id << " in " << period.label() << "\n";
  o.out_dir = out_dir;
  o.texts = &*w.texts;
  o.tool_version = SLAUDIT_VERSION;
  return batch::write_review(*r, o, out, err);
}

namespace {

const char* ledger_usage =
    "usage: slaudit ledger verify [--format text|json] FILE\n"
    "checks a ledger: the file (SQLite's quick_check), the chain of sealed runs, and every month's\n"
    "figures against their digest and the run that recorded them; names the first bad run\n"
    "  --format json   the findings as one JSON document on stdout (every problem, for a CI step)\n"
    "exit: 0 intact, 1 changed or damaged, 2 usage or not a ledger (docs/ledger.md)\n";

/// The check as JSON: every finding (the text output shows the first 20).
std::string ledger_check_json(const std::string& path, const batch::ledger_check& check) {
  auto findings = [](const std::vector<batch::ledger_finding>& list) {
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (auto& f : list)
      out.push_back({{"run", f.run_id ? nlohmann::ordered_json(f.run_id) : nlohmann::ordered_json()}, {"text", f.text}});
    return out;
  };
  nlohmann::ordered_json j;
  j["ledger"] = path;
  j["sealed_schema"] = check.sealed_schema;
  j["intact"] = check.intact();
  j["runs"] = check.runs;
  j["sealed"] = check.sealed;
  j["contract_months"] = check.figures;
  j["head_run"] = check.head_run ? nlohmann::ordered_json(check.head_run) : nlohmann::ordered_json();
  j["head_sha256"] = check.head.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(check.head);
  j["first_bad_run"] = !check.intact() && check.problems.front().run_id
                           ? nlohmann::ordered_json(check.problems.front().run_id)
                           : nlohmann::ordered_json();
  j["problems"] = findings(check.problems);
  j["notes"] = findings(check.notes);
  return j.dump(2) + "\n";
}

}  // namespace

int ledger_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  if (args.size() == 1 && (args[0] == "--help" || args[0] == "-h")) {
    out << ledger_usage;
    return 0;
  }
  auto usage = [&](const std::string& message) {
    err << "slaudit ledger: " << message << "\n" << ledger_usage;
    return exit_usage;
  };
  if (args.empty() || args[0] != "verify") return usage(args.empty() ? "no subcommand given" : "unknown subcommand '" + args[0] + "': give verify");
  bool json = false;
  std::vector<std::string> files;
  for (std::size_t k = 1; k < args.size(); ++k) {
    const std::string& a = args[k];
    if (a == "--format" || a.rfind("--format=", 0) == 0) {
      if (a == "--format" && k + 1 >= args.size()) return usage("--format needs a value: text or json");
      std::string value = a == "--format" ? args[++k] : a.substr(9);
      if (value != "text" && value != "json") return usage("--format takes text or json, not '" + value + "'");
      json = value == "json";
    } else if (a.size() > 1 && a[0] == '-') {
      return usage("unknown option '" + a + "' for ledger verify");
    } else {
      files.push_back(a);
    }
  }
  if (files.size() != 1) return usage("give verify one FILE");
  const std::string& path = files.front();
  std::string why;
  auto book = batch::ledger::inspect(path, why);
  if (!book) {
    err << path << ": error: cannot read the ledger: " << why << "\n";
    return exit_usage;
  }
  auto check = book->verify();
  if (json) {
    out << ledger_check_json(path, check);
    return check.intact() ? 0 : 1;
  }
  if (!check.sealed_schema && check.intact()) {
    for (auto& n : check.notes) out << path << ": note: " << n.text << "\n";
    out << path << ": not checked: a ledger of schema 1 holds no seals\n";
    return 0;
  }
  out << path << ": " << check.runs << (check.runs == 1 ? " run, " : " runs, ") << check.sealed << " sealed, "
      << check.figures << " contract-months of figures\n";
  for (auto& n : check.notes) out << path << ": note: " << n.text << "\n";
  // A ledger edited throughout would print a line per month: the first ones say enough.
  constexpr std::size_t shown = 20;
  for (std::size_t k = 0; k < check.problems.size() && k < shown; ++k)
    out << path << ": error: " << check.problems[k].text << "\n";
  if (check.problems.size() > shown)
    out << path << ": … and " << check.problems.size() - shown << " more problems\n";
  if (check.intact()) {
    out << path << ": intact"
        << (check.head_run ? "; the chain ends at run " + std::to_string(check.head_run) + ", sha256 " + check.head
                           : std::string())
        << "\n";
    return 0;
  }
  auto first = check.problems.front().run_id;
  out << path << ": not usable: "
      << (first ? "the first bad run is run " + std::to_string(first) + "; restore the ledger from a backup taken before it"
                : std::string("restore the ledger from a backup"))
      << ", or start a new one with --ledger NEW and run the months again\n";
  return 1;
}

}  // namespace slaudit::cli
