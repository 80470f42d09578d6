// The batch's manifest: for every contract of a run, what it read, what it wrote (with
// SHA-256) and what it found, in a stable order. It is what a rerun reads to skip unchanged
// contracts, what `merge` combines across shards, and what the portfolio summary is built
// from. Format: docs/batch.md.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/results.hpp"

namespace slaudit::batch {

/// A file the run read, relative to the folder it was found through.
struct input_digest {
  std::string root;  ///< "contracts" or "history": the --contracts or --history folder
  std::string path;  ///< relative to that folder, with '/'
  std::string sha256;
};

/// An output file, relative to the manifest's folder.
struct output_digest {
  std::string path, sha256;
};

/// A report of an earlier run that a failed rerun moved aside (into superseded/).
struct superseded_report {
  std::string path;    ///< where it is now, relative to the manifest's folder
  std::string sha256;  ///< as the earlier manifest listed it
  std::string was;     ///< where it was
};

struct service_summary {
  std::string id;
  std::int64_t S = 0, M = 0, U = 0;             ///< seconds (SLA 2.2)
  std::int64_t numerator = 0, denominator = 0;  ///< availability, exactly
  std::string target;                           ///< "99.9" (percent), empty without a target
  std::string verdict;                          ///< met, breached, not measurable, pending
};

/// A penalty line as the ledger keeps it: enough to list and add up, with its trail's words.
struct line_summary {
  std::string penalty, subject, clauses;
  std::string payer;  ///< provider | customer
  std::int64_t rounded = 0, cap_cut = 0, amount = 0;  ///< minor units
  std::string formula;
};

/// A rate metric of the period (transaction success, early detection, accuracy), exactly.
struct rate_summary {
  std::string metric, service;  ///< service: for transactions
  std::int64_t numerator = 0, denominator = 0;
  std::string target;   ///< "99.95" (percent), empty without a target
  std::string verdict;  ///< met, breached, not measurable
};

/// What the portfolio and the ledger keep of a contract-period.
struct contract_summary {
  std::string id, title, customer, provider, currency;
  bool breached = false;
  engine::breach_counts breaches;
  std::int64_t provider_before_caps = 0, provider_total = 0, customer_total = 0;  ///< minor units
  int minor_digits = 2;
  std::optional<std::int64_t> yearly_cap;  ///< minor units
  std::int64_t earlier_year_credits = 0;   ///< what the yearly cap was reduced by before this month
  std::vector<service_summary> services;
  /// For the ledger, on their way to it: not in the manifest (hundreds per contract would
  /// make it grow with the portfolio's incidents, in memory and on disk).
  std::vector<line_summary> lines;
  std::vector<rate_summary> rates;  ///< for the ledger too, not in the manifest
};

enum class entry_status { ok, failed, skipped_unchanged };
const char* status_word(entry_status s);

struct contract_entry {
  std::string file;  ///< the contract, relative to --contracts
  entry_status status = entry_status::ok;
  std::string error;  ///< for a failed contract: what run would print
  std::vector<input_digest> inputs;
  std::vector<output_digest> outputs;
  /// A failed contract's reports of an earlier run, moved aside: nothing that looks current
  /// stays beside the manifest.
  std::vector<superseded_report> superseded;
  /// Reports asked for and not written, each a whole message (a workbook past Excel's rows).
  std::vector<std::string> warnings;
  std::optional<contract_summary> summary;  ///< absent for a failed contract
};

/// A contract an earlier run had and this one does not: its reports moved aside.
struct removed_contract {
  std::string file;
  std::vector<superseded_report> superseded;
};

struct manifest {
  std::string version;   ///< the tool's
  std::string period;    ///< 2026-10
  std::string settings;  ///< digest of every option that changes an output (see batch.cpp)
  std::uint32_t shard_index = 0, shard_count = 1;
  std::vector<contract_entry> contracts;  ///< by file
  std::vector<removed_contract> removed;  ///< by file
  std::vector<output_digest> portfolio;   ///< the portfolio summary's files (not in a shard's)
};

/// The manifest as JSON, keys in a fixed order, one run's bytes equal to the next's.
std::string manifest_json(const manifest& m);

/// One contract's entry as it sits in the manifest's text (indented two levels deep).
std::string manifest_entry_json(const contract_entry& e);

/// The manifest of `head` (its contracts left out) with these entries (manifest_entry_json's
/// texts, in order): the same bytes as manifest_json. The batch's checkpoints rewrite the
/// manifest often; each entry's text is made once.
std::string manifest_json(const manifest& head, const std::vector<const std::string*>& entries);

/// The manifest of `head` (its contracts left out) around `count` entries, whose texts
/// (manifest_entry_json's) `entry(k)` gives one at a time, handed to `put` piece by piece:
/// the same bytes as manifest_json, never all in memory at once.
void write_manifest(const manifest& head, std::size_t count, const std::function<std::string(std::size_t k)>& entry,
                    const std::function<void(std::string_view piece)>& put);

/// A JSON document written through `put` with the items of its last, empty array `key` set
/// in as they come: the bytes of one dump(2) of the whole document, never all in memory.
/// `head` is the dump(2) of the document with that array empty; each item's text is
/// indented as an element of it (two levels deep: `indented_item`).
class spliced_array {
 public:
  spliced_array(std::string head, std::string_view key, std::function<void(std::string_view piece)> put);
  void add(std::string_view item);
  void finish();

 private:
  std::string head_;
  std::size_t at_;
  std::function<void(std::string_view)> put_;
  bool any_ = false;
};

/// The dump(2) of an array's element two levels deep, indented as it sits there.
std::string indented_item(const std::string& dump);

/// Reads one contract's entry as manifest_entry_json wrote it (without its indent of the
/// manifest's first line); nullopt with `why` when it is not one.
std::optional<contract_entry> parse_manifest_entry(std::string_view text, std::string& why);

/// Reads a manifest; nullopt with `why` when the text is not one (a rerun then redoes all).
std::optional<manifest> parse_manifest(const std::string& text, std::string& why);

/// The file name a shard's manifest has: manifest.json alone, manifest.shard-2-of-4.json.
std::string manifest_name(std::uint32_t shard_index, std::uint32_t shard_count);

}  // namespace slaudit::batch
