#include "cli/prepare.hpp"

#include <algorithm>
#include <ostream>

#include "batch/pipeline.hpp"
#include "engine/money.hpp"
#include "grammar/suggest.hpp"
#include "history/digest.hpp"
#include "history/profiles.hpp"
#include "io/exit_codes.hpp"
#include "io/files.hpp"

namespace slaudit::cli {
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

std::optional<int> prepare(const command_line& cl, mode how, prepared& w, std::ostream& err) {
  bool is_run = how == mode::run, is_batch = how == mode::batch;
  auto usage = [&](const std::string& message) { return usage_error(cl.command, message, err); };
  // Which options each command takes is cli/command_line.cpp's table: here, what they say.
  history::ingest_options opt;
  opt.skip_bad_rows = cl.has("--skip-bad-rows");
  w.quiet = cl.has("--quiet");
  w.wait = cl.has("--wait");
  w.no_ledger = cl.has("--no-ledger");
  w.contract_path = cl.value("--contract");
  w.contracts_dir = cl.value("--contracts");
  w.ledger_path = cl.value("--ledger");
  w.history_dir = cl.value("--history");
  w.out_dir = cl.value("--out");
  std::string period_text = cl.value("--period"), format_text = cl.value("--format", "json,xlsx,pdf"),
              lang_text = cl.value("--lang", "zh"), templates_dir = cl.value("--templates");
  w.incident = cl.maybe("--incident");
  w.penalty = cl.maybe("--penalty");
  opt.profile = cl.value("--profile");
  opt.service = cl.value("--service");
  std::optional<std::string> earlier_text = cl.maybe("--earlier-credits");
  w.earlier_given = earlier_text.has_value();
  if (auto v = cl.maybe("--jobs")) {
    char* end = nullptr;
    long n = std::strtol(v->c_str(), &end, 10);
    if (v->empty() || *end || n < 1 || n > 1024) return usage("--jobs " + *v + ": a number of threads, 1 to 1024");
    w.jobs = static_cast<unsigned>(n);
  }
  if (auto v = cl.maybe("--shard")) {
    w.shard = batch::parse_shard(*v);
    if (!w.shard) return usage("--shard " + *v + ": write I/N with 0 <= I < N, as 2/4");
  }
  if (auto v = cl.maybe("--encoding")) {
    auto e = history::parse_encoding(*v);
    if (!e) return usage("unknown --encoding '" + *v + "': use auto, utf-8, gb18030 (gbk), windows-1252 (latin1) or utf-16");
    opt.text_encoding = *e;
  }
  if (cl.has("--time-format"))
    for (auto& v : cl.values.at("--time-format")) {
      auto eq = v.find('=');
      auto f = eq == std::string::npos ? std::nullopt : history::time_format::parse(v.substr(eq + 1));
      if (!f) return usage("--time-format takes COLUMN=PATTERN, e.g. occurred=\"dd-mm-yyyy HH:MM\"");
      opt.formats[v.substr(0, eq)] = *f;
    }
  auto& formats = w.settings.formats;
  formats.clear();
  for (std::size_t from = 0; from <= format_text.size();) {
    auto comma = std::min(format_text.find(',', from), format_text.size());
    std::string f = format_text.substr(from, comma - from);
    if (f != "json" && f != "xlsx" && f != "pdf" && f != "html")
      return usage("--format " + format_text + ": write any of json, xlsx, pdf and html, as json,xlsx,pdf");
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
  // A yearly cap's earlier months from the ledger (run records there too; explain only reads),
  // asked for once the contract is read.
  batch::earlier_credits_of from_ledger;
  if (!w.ledger_path.empty()) {
    if (w.earlier_given) return usage("--ledger and --earlier-credits: the ledger gives the earlier months; give one");
    std::string why;
    w.book = ledger::book::open(w.ledger_path, is_run, why);
    if (!w.book) {
      err << ledger::shown(w.ledger_path) << ": error: cannot open the ledger: " << why << "\n";
      return is_run ? exit_output : exit_input;
    }
    from_ledger = [&](const engine::contract& c, std::string& error) {
      return ledger::yearly_cap_credits(c, *period, *w.book, w.contract_path, error);
    };
  }
  if (auto failed = batch::compute(w.contract_path, w.history_dir, w.settings, w.c, nullptr,
                                   from_ledger ? &from_ledger : nullptr)) {
    err << failed->message;  // says what to give: no usage text after it
    return failed->code;
  }
  return std::nullopt;
}

std::string settings_digest(const prepared& w, const std::vector<std::string>& given) {
  std::string key = std::string("slaudit ") + SLAUDIT_VERSION + "\n";
  // The options as given, less those that do not change a report's bytes.
  for (std::size_t i = 0; i < given.size(); ++i) {
    const std::string& a = given[i];
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
