// `slaudit run`: one contract, one period's history, its reports written to --out.
#include "cli/commands.hpp"

#include <algorithm>
#include <filesystem>
#include <ostream>

#include "batch/pipeline.hpp"
#include "cli/prepare.hpp"
#include "engine/money.hpp"
#include "history/digest.hpp"
#include "io/exit_codes.hpp"
#include "io/files.hpp"

namespace slaudit::cli {

int run_command(const command_line& cl, std::ostream& out, std::ostream& err) {
  prepared w;
  if (auto code = prepare(cl, mode::run, w, err)) return *code;
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
    auto run = w.book->begin_run(period, "run", w.out_dir, SLAUDIT_VERSION, settings_digest(w, cl.given),
                                 ledger::utc_now_text(), why);
    if (!run || !w.book->record(*run, period, {e}, true, why) || !w.book->finish_run(*run, 1, 0, why)) {
      err << ledger::shown(w.ledger_path) << ": error: cannot record the run in the ledger: " << why
          << "\n  the reports are written; run the same command again to record it\n";
      return exit_output;
    }
    out << "ledger " << ledger::shown(w.ledger_path) << " (run " << *run << ")\n";
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
  if (!results.decisions.empty()) {
    // Decided figures never pass for the history's own: the totals without them beside.
    std::size_t unchanged = std::count_if(results.decisions.begin(), results.decisions.end(),
                                          [](auto& d) { return d.changes.empty(); });
    out << "  decisions: " << results.decisions.size() << " applied (decisions.csv)";
    if (unchanged) out << ", " << unchanged << " changed no figure";
    out << "; without them: provider " << engine::money_text(*m.undecided_provider_total, m.currency) << " "
        << m.currency << ", customer " << engine::money_text(*m.undecided_customer_total, m.currency) << " " << m.currency
        << "\n";
  }
  return warnings.empty() ? 0 : exit_output;  // a report asked for is not there
}

}  // namespace slaudit::cli
