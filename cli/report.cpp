// `slaudit report`: the quarterly or yearly service review from the ledger.
#include "cli/commands.hpp"

#include <algorithm>
#include <ostream>

#include "batch/batch.hpp"
#include "batch/review.hpp"
#include "cli/prepare.hpp"
#include "io/exit_codes.hpp"
#include "ledger/ledger.hpp"

namespace slaudit::cli {
namespace {

const char* report_usage =
    "usage: slaudit report (--quarter 2026Q4 | --year 2026) --out DIR [--ledger FILE]\n"
    "                      [--contract ID]... [--format json,xlsx,pdf] [--lang zh|en] [--templates DIR]\n"
    "writes review-<period>.json/.xlsx/.pdf from the ledger (default: ledger.sqlite beside the\n"
    "--out folder): each month's verdict, breaches and money per contract, each service's\n"
    "availability month by month and over the period, the penalty lines, trend charts\n"
    "exit: 0 done, 2 usage, 3 no ledger or nothing recorded for the period, 4 output not written\n";

}  // namespace

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
  auto book = ledger::book::open(ledger_path, false, why);
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

}  // namespace slaudit::cli
