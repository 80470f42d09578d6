// `slaudit whatif`: one history replayed under two contracts, month by month, and the difference.
#include "cli/commands.hpp"

#include <filesystem>
#include <ostream>

#include "batch/whatif.hpp"
#include "cli/prepare.hpp"
#include "io/exit_codes.hpp"
#include "io/files.hpp"

namespace slaudit::cli {

int whatif_command(const command_line& cl, std::ostream& out, std::ostream& err) {
  auto usage = [&](const std::string& message) { return usage_error(cl.command, message, err); };
  auto contracts = cl.has("--contract") ? cl.values.at("--contract") : std::vector<std::string>{};
  if (contracts.size() != 2) return usage("give two contracts: --contract A.sla --contract B.sla");
  // The month, the history's options and the texts, read as for a batch (nothing computed yet).
  prepared w;
  if (auto code = prepare(cl, mode::batch, w, err)) return *code;
  auto first = w.settings.period;
  auto last = first;
  if (auto through = cl.maybe("--through")) {
    auto p = engine::parse_period(*through);
    if (!p || p->months != 1) return usage("--through '" + *through + "': " + engine::month_problem(*through));
    if (p->first_day() < first.first_day()) return usage("--through " + *through + " is before --period " + first.label());
    last = *p;
  }
  std::vector<engine::period> months;
  for (auto m = first;; ) {
    months.push_back(m);
    if (m.label() == last.label() || months.size() > 120) break;
    m = engine::period{m.first_month == 12 ? m.year + 1 : m.year, m.first_month == 12 ? 1 : m.first_month + 1, 1};
  }
  if (months.size() > 120) return usage("--period to --through spans more than ten years: give a shorter range");
  batch::whatif_result r;
  if (auto failed = batch::what_if(contracts[0], contracts[1], w.history_dir, months, w.settings, r)) {
    err << failed->message;
    return failed->code;
  }
  out << batch::whatif_text(r);
  if (!w.out_dir.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(w.out_dir, ec);
    if (ec) {
      err << w.out_dir << ": error: cannot create the output folder: " << ec.message() << "\n";
      return exit_output;
    }
    std::string range = first.label();
    if (months.size() > 1) range += '_', range += last.label();
    std::string stem = w.out_dir + "/whatif-" + r.id_a + "-" + r.id_b + "-" + range, why;
    if (!io::write_file_atomically(stem + ".json", batch::whatif_json(r, SLAUDIT_VERSION), why)) {
      err << stem << ".json: error: cannot write it: " << why << "\n";
      return exit_output;
    }
    out << "wrote " << stem << ".json\n";
    bool written = io::write_file_via(stem + ".xlsx", [&](const std::string& temp, std::string& error) {
      return batch::write_whatif_xlsx(r, temp, *w.texts, error);
    }, why);
    if (!written) {
      err << stem << ".xlsx: error: cannot write it: " << why << "\n";
      return exit_output;
    }
    out << "wrote " << stem << ".xlsx\n";
  }
  return 0;
}

}  // namespace slaudit::cli
