// `slaudit diff OLD.json NEW.json`: every figure that changed between two runs of a month (a
// rerun after a corrected history, a contract amended), with both values and the input or
// term that made it change. Reads the results JSON (docs/results-json.md), nothing else.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "ledger/ledger.hpp"

namespace slaudit::batch {

struct figure_change {
  std::string section;  ///< availability, clocks, tickets, escalations, rates, money, totals, completeness, findings, decisions
  std::string key;      ///< which record: "core", "INC-2 restore", "未履行服务 core"
  std::string field;    ///< which of its figures: "U_s", "verdict", "amount"; "record" when it came or went
  std::string before, after;  ///< as the JSON writes them; "(none)" when absent
  std::string because;        ///< the input or term that made it change, when one is known
};

struct input_change {
  std::string file;  ///< a history file, the contract, or a file the contract read
  std::string before, after;  ///< SHA-256; "(none)" when it was not there
};

struct run_diff {
  std::string contract, period;  ///< of the new run
  std::vector<std::string> notes;  ///< runs of other contracts or periods, other tools
  std::vector<input_change> inputs;
  std::vector<figure_change> changes;
};

/// Compares two results documents. Nothing, with `error` set, when either is not one.
std::optional<run_diff> diff_results(const std::string& old_json, const std::string& new_json, std::string& error);

/// Compares two runs' figures of one contract-month as the ledger keeps them: availability,
/// rates, penalty lines, totals, breaches by kind, decisions and the inputs' digests (the
/// ledger keeps no clocks: their breaches are compared as counts).
run_diff diff_recorded(const ledger::recorded_figures& before, const ledger::recorded_figures& after);

/// For people: a line a change, grouped by section. For machines: one JSON document.
std::string diff_text(const run_diff& d);
std::string diff_json(const run_diff& d);

}  // namespace slaudit::batch
