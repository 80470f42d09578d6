// `slaudit diff OLD.json NEW.json` (or two runs in the ledger): the figures that changed
// between two runs of a month.
#include "cli/commands.hpp"

#include <cstdlib>
#include <ostream>

#include "batch/diff.hpp"
#include "io/files.hpp"
#include "ledger/ledger.hpp"

namespace slaudit::cli {

namespace {

/// `diff --ledger FILE --contract ID --period P [--run N [--run M]]`: two runs' figures of a
/// contract-month as the ledger keeps them; by default the run before the one in use, and it.
int ledger_diff(const command_line& cl, bool json, std::ostream& out, std::ostream& err) {
  auto usage = [&](const std::string& message) { return usage_error(cl.command, message, err); };
  std::string where = cl.value("--ledger"), path = ledger::shown(where), id = cl.value("--contract"),
              period = cl.value("--period");
  if (id.empty() || period.empty()) return usage("--ledger needs --contract ID and --period 2026-10");
  if (!cl.words.empty()) return usage("give the ledger or two results documents, not both");
  std::vector<std::int64_t> runs;
  if (cl.has("--run"))
    for (auto& v : cl.values.at("--run")) {
      char* end = nullptr;
      long long n = std::strtoll(v.c_str(), &end, 10);
      if (v.empty() || *end || n < 1) return usage("--run " + v + ": a run's number, as `slaudit ledger verify` names it");
      runs.push_back(n);
    }
  if (runs.size() > 2) return usage("--run at most twice: the older run, then the newer");
  std::string why;
  auto book = ledger::book::open(where, false, why);
  if (!book) {
    err << path << ": error: cannot open the ledger: " << why << "\n";
    return 2;
  }
  auto versions = book->versions(id, period, why);
  if (!versions) {
    err << path << ": error: " << why << "\n";
    return 2;
  }
  std::string list;
  for (auto& v : *versions) list += (list.empty() ? "" : ", ") + std::to_string(v.run_id) + (v.current ? " (in use)" : "");
  auto find = [&](std::int64_t run) -> const ledger::recorded_figures* {
    for (auto& v : *versions)
      if (v.run_id == run) return &v;
    return nullptr;
  };
  const ledger::recorded_figures *before = nullptr, *after = nullptr;
  if (runs.empty()) {
    if (versions->size() < 2) {
      err << path << ": error: the ledger keeps " << (versions->empty() ? "no figures" : "one run's figures") << " of "
          << id << " for " << period << (list.empty() ? "" : " (run " + list + ")")
          << ": nothing to compare\n  a rerun of the month keeps the figures it replaces (ledger schema 4 on)\n";
      return 2;
    }
    before = &(*versions)[versions->size() - 2], after = &versions->back();
  } else {
    before = find(runs[0]);
    after = runs.size() == 2 ? find(runs[1]) : &versions->back();
    for (std::size_t k = 0; k < runs.size(); ++k)
      if (!find(runs[k])) {
        err << path << ": error: run " << runs[k] << " keeps no figures of " << id << " for " << period
            << (list.empty() ? "" : "; runs that do: " + list) << "\n";
        return 2;
      }
  }
  auto d = batch::diff_recorded(*before, *after);
  d.notes.insert(d.notes.begin(), "run " + std::to_string(before->run_id) + " (recorded " + before->recorded_at +
                                      ") against run " + std::to_string(after->run_id) + " (recorded " +
                                      after->recorded_at + (after->current ? ", in use" : "") + ")");
  out << (json ? batch::diff_json(d) : batch::diff_text(d));
  return d.changes.empty() ? 0 : 1;
}

}  // namespace

int diff_command(const command_line& cl, std::ostream& out, std::ostream& err) {
  auto usage = [&](const std::string& message) { return usage_error(cl.command, message, err); };
  std::string format = cl.value("--format", "text");
  if (format != "text" && format != "json") return usage("--format takes text or json, not '" + format + "'");
  if (cl.has("--ledger")) return ledger_diff(cl, format == "json", out, err);
  if (cl.has("--contract") || cl.has("--period") || cl.has("--run"))
    return usage("--contract, --period and --run name a month in a ledger: give --ledger FILE too");
  if (cl.words.size() != 2) return usage("give two results documents: OLD.json NEW.json");
  std::string texts[2];
  for (int k = 0; k < 2; ++k) {
    std::string why;
    auto text = io::read_file(cl.words[k], why);
    if (!text) {
      err << cl.words[k] << ": error: cannot read the file: " << why << "\n";
      return 2;
    }
    texts[k] = std::move(*text);
  }
  std::string error;
  auto d = batch::diff_results(texts[0], texts[1], error);
  if (!d) {
    err << (error.rfind("OLD", 0) == 0 ? cl.words[0] : cl.words[1]) << ": error: " << error.substr(error.find(' ') + 1)
        << "\n";
    return 2;
  }
  out << (format == "json" ? batch::diff_json(*d) : batch::diff_text(*d));
  return d->changes.empty() ? 0 : 1;
}

}  // namespace slaudit::cli
