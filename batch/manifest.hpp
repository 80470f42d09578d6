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
#include "ledger/records.hpp"

namespace slaudit::batch {

// What a run keeps of each contract (its inputs, outputs, status and figures) is the ledger's
// vocabulary too: ledger/records.hpp.
using ledger::contract_entry;
using ledger::contract_summary;
using ledger::entry_status;
using ledger::input_digest;
using ledger::line_summary;
using ledger::output_digest;
using ledger::rate_summary;
using ledger::service_summary;
using ledger::status_word;
using ledger::superseded_report;

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

/// Reads one contract's entry as manifest_entry_json wrote it (without its indent of the
/// manifest's first line); nullopt with `why` when it is not one.
std::optional<contract_entry> parse_manifest_entry(std::string_view text, std::string& why);

/// Reads a manifest; nullopt with `why` when the text is not one (a rerun then redoes all).
std::optional<manifest> parse_manifest(const std::string& text, std::string& why);

/// The file name a shard's manifest has: manifest.json alone, manifest.shard-2-of-4.json.
std::string manifest_name(std::uint32_t shard_index, std::uint32_t shard_count);

}  // namespace slaudit::batch
