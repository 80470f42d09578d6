// What a run keeps of each contract-period: the files it read and wrote (with SHA-256), its
// status, and a summary of its figures. The batch's manifest lists these entries; the ledger
// records them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/results.hpp"

namespace slaudit::ledger {

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

/// A decision of decisions.csv as the ledger keeps it: who approved what, when and why, and
/// what it changed (in English, one figure a line: "the respond clock of A-2: breached, 2400 s
/// → waived, 2400 s").
struct decision_summary {
  std::int64_t row = 0;  ///< in decisions.csv
  std::string target, decision, value, approver, approved, reason, changes;
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
  std::vector<decision_summary> decisions;  ///< for the ledger and the review, not in the manifest
  /// With decisions: the totals without them (minor units).
  std::optional<std::int64_t> undecided_provider_before_caps, undecided_provider_total, undecided_customer_total;
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

}  // namespace slaudit::ledger
