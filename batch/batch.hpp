// The month-end batch: every contract of a folder, on worker threads, each failure kept to
// its own contract, resumable after a kill, shardable across machines. docs/batch.md.
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "batch/manifest.hpp"
#include "batch/pipeline.hpp"

namespace slaudit::batch {

struct shard_spec {
  std::uint32_t index = 0, count = 1;
};

/// "2/4" (0-based, as Kubernetes numbers an Indexed Job's pods); nullopt when malformed.
std::optional<shard_spec> parse_shard(const std::string& text);

/// The shard a scheduler gave this process: JOB_COMPLETION_INDEX of JOB_COMPLETIONS
/// (Kubernetes Indexed Job) or SLURM_ARRAY_TASK_ID − SLURM_ARRAY_TASK_MIN of
/// SLURM_ARRAY_TASK_COUNT (Slurm array); {0, 1} when neither is set. `why` on bad values.
std::optional<shard_spec> shard_from_environment(std::string& why);

/// The shard a contract belongs to: a stable hash (FNV-1a, 64 bits) of its path relative to
/// --contracts, modulo the count: the same on every machine and every run.
std::uint32_t shard_of(const std::string& relative_path, std::uint32_t count);

enum class progress_mode { live, lines, quiet };

struct batch_options {
  std::string contracts_dir, history_dir, out_dir;
  run_settings settings;
  /// Digest of everything besides the inputs that changes an output byte (the tool version,
  /// formats, language, templates, ingest options, SOURCE_DATE_EPOCH): a manifest written
  /// with other settings is not reused.
  std::string settings_digest;
  unsigned jobs = 1;
  /// Whether to wait for another writer of --out (else exit 2 at once, naming it).
  bool wait_for_lock = false;
  shard_spec shard;
  progress_mode progress = progress_mode::lines;
  /// The SQLite ledger (empty: none). Yearly caps read earlier months from it; an unsharded
  /// run records itself in it at the end (a shard's run is recorded by `merge`).
  std::string ledger_path;
};

/// The ledger's default place: ledger.sqlite in the parent of the output folder, so the
/// months of out/2026-10, out/2026-11 … share one.
std::string default_ledger_path(const std::string& out_dir);

/// Runs the batch; returns the exit code (0 all ok, 3 some contracts failed, 4 the output
/// folder or manifest could not be written).
int run_batch(const batch_options& options, std::ostream& out, std::ostream& err);

/// Combines shard manifests found in `dirs` into one manifest and the portfolio summary,
/// written to `out_dir`, and records the run in the ledger at `ledger_path` (empty: none).
/// Another writer of `out_dir` (shards still running, a batch, a merge) is waited for with
/// `wait`, else refused. Exit code as run_batch's; 2 when the shards do not fit together or
/// the folder is in use.
int merge_shards(const std::vector<std::string>& dirs, const std::string& out_dir, const reports::texts& t,
                 const std::string& ledger_path, bool wait, std::ostream& out, std::ostream& err);

}  // namespace slaudit::batch
