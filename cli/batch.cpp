// `slaudit batch`: the month-end batch over a folder of contracts (docs/batch.md).
#include "cli/commands.hpp"

#include <algorithm>
#include <ostream>

#include <unistd.h>

#include <thread>

#include "batch/batch.hpp"
#include "cli/prepare.hpp"
#include "io/exit_codes.hpp"

namespace slaudit::cli {

int batch_command(const command_line& cl, std::ostream& out, std::ostream& err) {
  prepared w;
  if (auto code = prepare(cl, mode::batch, w, err)) return *code;
  batch::batch_options o;
  o.contracts_dir = w.contracts_dir;
  o.history_dir = w.history_dir;
  o.out_dir = w.out_dir;
  o.settings = w.settings;
  o.settings_digest = settings_digest(w, cl.given);
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
  if (!w.no_ledger) o.ledger_path = w.ledger_path.empty() ? batch::default_ledger_path(o.out_dir) : w.ledger_path;
  try {
    return batch::run_batch(o, out, err);
  } catch (const std::exception& x) {
    // The batch's scratch files failing (a disk error): what was settled is in the manifest.
    err << "slaudit batch: error: " << x.what() << "; the run stopped: run the same command again\n";
    return exit_output;
  }
}

}  // namespace slaudit::cli
