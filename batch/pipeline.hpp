// One contract-period from files to files: read and validate the contract, ingest its
// history, replay the period, write the reports. `slaudit run` does this once; the batch does
// it for every contract on worker threads, so nothing here touches shared state.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "batch/manifest.hpp"
#include "engine/events.hpp"
#include "engine/model.hpp"
#include "engine/period.hpp"
#include "engine/results.hpp"
#include "engine/zone.hpp"
#include "history/ingest.hpp"
#include "io/exit_codes.hpp"
#include "reports/texts.hpp"

namespace slaudit::batch {

/// What every contract of a run shares.
struct run_settings {
  engine::period period;
  history::ingest_options ingest;        ///< `period` is set per contract (its zone)
  std::vector<std::string> formats;      ///< json, xlsx, pdf: in the order they are written
  const reports::texts* texts = nullptr;
  /// A yearly cap's earlier months of the contract year as the user states them
  /// (--earlier-credits), when no ledger gives them; unset: unknown.
  std::optional<std::string> earlier_credits;
  std::string tool_version;
};

/// A file and the SHA-256 of its bytes.
struct file_digest {
  std::string path, sha256;
};

/// A failure: the exit code class (input or output) and the message, whole lines for stderr.
struct failure {
  int code = exit_input;
  std::string message;
};

struct computed {
  std::optional<engine::contract> contract;
  std::optional<engine::zone> zone;
  engine::history history;  ///< the results view it (and the contract): kept with them
  engine::period_result results;
  std::string contract_sha256;
  /// Every file the results depend on: the contract, the files it imports (calendars) and
  /// the history files, in that order.
  std::vector<file_digest> inputs;
  /// How many of `inputs` are the contract's: the contract, its terms and calendars.
  std::size_t contract_inputs = 0;
};

/// A yearly cap's credits in the earlier months of the contract year, for a loaded contract
/// (the ledger's): nothing when the contract has no yearly cap; `error` set (whole lines)
/// when the ledger cannot give them.
using earlier_credits_of =
    std::function<std::optional<engine::minor_units>(const engine::contract& c, std::string& error)>;

/// Reads and validates the contract into `out`, noting every file it imports (calendars): the
/// first step of compute. On failure, the contract's diagnostics as `check` prints them.
std::optional<failure> load(const std::string& contract_path, computed& out);

/// The rest of compute for a contract `load` read into `out`: ingests the history and
/// replays. On failure nothing is computed. The reports name the contract `shown_path` when
/// given (the batch: its path below --contracts, the same on every machine), else
/// `contract_path`. The earlier months' credits `earlier` gives (the ledger's, for a yearly
/// cap) replace settings.earlier_credits; a yearly cap whose earlier months are given by
/// neither fails (exit_usage), naming the months and the two ways to give them.
std::optional<failure> compute_loaded(const std::string& contract_path, const std::string& history_dir,
                                      const run_settings& settings, computed& out,
                                      const std::string* shown_path = nullptr,
                                      const earlier_credits_of* earlier = nullptr);

/// load, then compute_loaded: the contract read once.
std::optional<failure> compute(const std::string& contract_path, const std::string& history_dir,
                               const run_settings& settings, computed& out, const std::string* shown_path = nullptr,
                               const earlier_credits_of* earlier = nullptr);

/// What the manifest, the portfolio and the ledger keep of a computed contract-period.
contract_summary summarise(const computed& c);

/// SOURCE_DATE_EPOCH (reproducible builds' convention) when set to a number of seconds.
std::optional<std::int64_t> source_date_epoch();

/// The reports' date: SOURCE_DATE_EPOCH when set (reproducible builds' convention), else the
/// end of the period. Never the wall clock, so reruns give the same bytes.
std::int64_t document_time(const engine::period_result& r);

/// The same for a report of a whole period (the portfolio, a review): SOURCE_DATE_EPOCH, else
/// UTC midnight after the period's last day.
std::int64_t document_time(const engine::period& p);

/// A report written whole under its temporary name, not yet flushed nor renamed to `path`.
struct staged_file {
  std::string temp, path, format, sha256;
};

/// `<out>/<contract-id>-<period>.<format>` for every format, each written whole or not at
/// all. `written` gets each file with its SHA-256. On failure the files of this call that
/// were already written are removed: a contract's reports are all there or none is.
/// With `staged`, the reports are left under their temporary names and listed there, for the
/// caller to pass to commit_reports (or discard_reports) later, on any thread: the batch's
/// workers go on to the next contract while the disk flushes this one's.
/// A workbook whose sheet would pass Excel's 1,048,576 rows is not written: the other formats
/// are, and `warnings` gets a whole message saying why (without `warnings`, that fails all).
std::optional<failure> write_reports(const computed& c, const std::string& out_dir, const run_settings& settings,
                                     std::vector<file_digest>& written, std::vector<staged_file>* staged = nullptr,
                                     std::vector<std::string>* warnings = nullptr);

/// Flushes every staged report to the disk, then renames each over its report; on failure
/// removes them all, and any older reports of the same names, and says which failed.
std::optional<failure> commit_reports(const std::vector<staged_file>& files);

/// Removes staged reports, and the older reports of the same names.
void discard_reports(const std::vector<staged_file>& files);

}  // namespace slaudit::batch
