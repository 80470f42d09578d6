#include "cli/prepare.hpp"

#include <algorithm>
#include <ostream>

#include "batch/pipeline.hpp"
#include "engine/load.hpp"
#include "engine/money.hpp"
#include "grammar/suggest.hpp"
#include "history/digest.hpp"
#include "history/profiles.hpp"
#include "io/exit_codes.hpp"
#include "io/files.hpp"

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

const char* explain_usage =
    "usage: slaudit explain --contract FILE.sla --history DIR --period 2026-10\n"
    "                       [--incident ID | --penalty NAME] [--ledger FILE] [run's history options]\n"
    "prints the trail of every figure (or of one incident or penalty) as text\n"
    "exit: 0 done, 2 usage, 3 input data error\n";

}  // namespace

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
    else if (a == "--ledger") w.ledger_path = v;
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
    if (w.no_ledger && !w.ledger_path.empty()) return usage("--ledger and --no-ledger: give one");
    if (earlier_text && !engine::decimal::parse(*earlier_text))
      return usage("--earlier-credits '" + *earlier_text + "': an amount such as 95000.00");
    return std::nullopt;
  }
  // A yearly cap's earlier months from the ledger (run records there too; explain only reads).
  std::optional<engine::minor_units> earlier;
  if (!w.ledger_path.empty()) {
    if (w.earlier_given) return usage("--ledger and --earlier-credits: the ledger gives the earlier months; give one");
    std::string why;
    w.book = ledger::book::open(w.ledger_path, is_run, why);
    if (!w.book) {
      err << w.ledger_path << ": error: cannot open the ledger: " << why << "\n";
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
        earlier = ledger::yearly_cap_credits(*c, *period, *w.book, w.contract_path, error);
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

}  // namespace slaudit::cli
