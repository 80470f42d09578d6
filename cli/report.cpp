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
int report_command(const command_line& cl, std::ostream& out, std::ostream& err) {
  auto usage = [&](const std::string& message) { return usage_error(cl.command, message, err); };
  std::string out_dir = cl.value("--out"), ledger_path = cl.value("--ledger"), lang_text = cl.value("--lang", "zh"),
              templates_dir = cl.value("--templates"), format_text = cl.value("--format", "json,xlsx,pdf");
  std::vector<std::string> contracts;
  if (cl.has("--contract")) contracts = cl.values.at("--contract");
  std::size_t periods = 0;
  for (const char* name : {"--quarter", "--year"})
    if (cl.has(name)) periods += cl.values.at(name).size();
  if (periods != 1) return usage(periods ? "give one period: --quarter or --year, once" : "--quarter or --year is required");
  bool quarter = cl.has("--quarter");
  std::string period_text = cl.value(quarter ? "--quarter" : "--year");
  auto p = engine::parse_period(period_text);
  if (!p || p->months != (quarter ? 3 : 12))
    return usage(std::string(quarter ? "--quarter " : "--year ") + period_text + ": write " +
                 (quarter ? "a quarter as 2026Q4" : "a year as 2026"));
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
    err << ledger::shown(ledger_path) << ": error: cannot open the ledger: " << why << "\n";
    return exit_input;
  }
  auto period = *p;
  auto r = batch::build_review(*book, period, contracts, why);
  if (!r) {
    err << ledger::shown(ledger_path) << ": error: " << why << "\n";
    return exit_input;
  }
  if (r->contracts.empty()) {
    err << ledger::shown(ledger_path) << ": error: no figures recorded for " << period.label()
        << (contracts.empty() ? std::string() : " of the contracts asked for")
        << "; run `slaudit batch` for its months with this ledger first\n";
    return exit_input;
  }
  for (auto& id : contracts)
    if (std::none_of(r->contracts.begin(), r->contracts.end(), [&](auto& c) { return c.id == id; }))
      err << ledger::shown(ledger_path) << ": warning: no figures recorded for " << id << " in " << period.label() << "\n";
  o.out_dir = out_dir;
  o.texts = &*w.texts;
  o.tool_version = SLAUDIT_VERSION;
  return batch::write_review(*r, o, out, err);
}

}  // namespace slaudit::cli
