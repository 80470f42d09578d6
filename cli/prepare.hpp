// What run, explain and batch share of their command lines: the options that name a
// contract-period's inputs, its outputs and the reports' settings, read in one place; and for
// run and explain the contract, history and replay computed from them.
#pragma once

#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "batch/batch.hpp"
#include "batch/pipeline.hpp"
#include "cli/command_line.hpp"
#include "ledger/ledger.hpp"
#include "reports/texts.hpp"

namespace slaudit::cli {

enum class mode { run, explain, batch };

/// What run, explain and batch share: the options, then (run, explain) the contract,
/// history and replay.
struct prepared {
  batch::run_settings settings;
  batch::computed c;
  std::string contract_path, history_dir, out_dir, contracts_dir;
  std::optional<reports::texts> texts;
  std::string texts_source;  ///< the override file's bytes (for the batch's settings digest)
  std::optional<std::string> incident, penalty;  ///< explain's filters
  std::optional<unsigned> jobs;
  std::optional<batch::shard_spec> shard;
  bool quiet = false, no_ledger = false, wait = false;
  std::string ledger_path;  ///< --ledger
  std::unique_ptr<ledger::book> book;  ///< run, explain: --ledger, open
  bool earlier_given = false;           ///< --earlier-credits was on the command line
  std::string lang = "zh";
};

/// The report texts of --lang with a --templates override; an exit code on failure.
std::optional<int> load_texts(const std::string& lang_text, const std::string& templates_dir, prepared& w,
                              std::ostream& err);

/// Takes the options of `how` from the command line and (run, explain) computes; an exit code
/// on failure.
std::optional<int> prepare(const command_line& cl, mode how, prepared& w, std::ostream& err);

/// Everything besides the inputs that changes an output byte: a manifest written under other
/// settings is not reused by a rerun.
/// `given` is the command line's options in order (command_line::given).
std::string settings_digest(const prepared& w, const std::vector<std::string>& given);

}  // namespace slaudit::cli
