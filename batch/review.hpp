// The service review of a quarter or a year (服务监督委员会, 季度评估), built from the ledger:
// for every contract, each month's verdict, breaches and money, each service's availability
// month by month and over the whole period, the penalty lines, and which run each month's
// figures come from. Written as JSON, a workbook (with a trend chart) and a PDF.
#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "engine/period.hpp"
#include "ledger/ledger.hpp"
#include "reports/texts.hpp"

namespace slaudit::batch {

struct review_service {
  std::string id, target;                       ///< target as the contract states it ("99.9")
  std::vector<const ledger::service_summary*> months;   ///< per month of the period; null: not recorded
  std::int64_t S = 0, M = 0, U = 0;             ///< sums over the recorded months, seconds
  std::int64_t numerator = 0, denominator = 0;  ///< Σ(S−M−U), Σ(S−M)
  std::size_t months_breached = 0;
};

/// A contract's penalty lines of one month added up by penalty clause (the lines themselves,
/// each with its working, are in that month's reports and in the ledger).
struct review_penalty {
  std::size_t month = 0;  ///< index into review::months
  std::string penalty, clauses, payer;
  std::size_t lines = 0;
  /// Minor units: what the caps started from (the rounded amounts, or what decisions left of
  /// them), what they cut, what is owed.
  std::int64_t rounded = 0, cap_cut = 0, amount = 0;
};

/// A decision of a month (decisions.csv), as the ledger keeps it.
struct review_decision {
  std::size_t month = 0;  ///< index into review::months
  const ledger::decision_summary* row = nullptr;
};

struct review_contract {
  std::string id, title, customer, provider, currency;
  int minor_digits = 2;
  std::vector<const ledger::ledger_row*> months;  ///< per month of the period; null: not recorded
  std::vector<std::string> missing;       ///< months of the period the ledger lacks
  std::vector<std::string> superseded;    ///< months whose figures a failed rerun withdrew
  std::vector<review_service> services;   ///< in the order the months list them
  std::vector<review_penalty> penalties;  ///< by month, then in the contract's order
  std::vector<review_decision> decisions;  ///< by month, then in file order
  std::int64_t provider_total = 0, customer_total = 0;  ///< minor units, over the recorded months
  /// The provider's total over the recorded months without their decisions (minor units).
  std::int64_t undecided_provider_total = 0;
  std::size_t breaches = 0;
};

struct review {
  engine::period period;            ///< a quarter or a year
  std::vector<std::string> months;  ///< "2026-10" …
  std::vector<ledger::ledger_row> rows;     ///< what the contracts point into
  std::vector<review_contract> contracts;  ///< by id
};

/// Gathers the review of `p` from the ledger's rows (all contracts, or `contract_ids`).
std::optional<review> build_review(ledger::book& l, const engine::period& p, const std::vector<std::string>& contract_ids,
                                   std::string& why);

struct review_options {
  std::string out_dir;
  std::vector<std::string> formats;  ///< json, xlsx, pdf
  const reports::texts* texts = nullptr;
  std::string tool_version;
};

/// Writes review-<period>.{json,xlsx,pdf} into out_dir, each whole or not at all; returns
/// the exit code (0, or 4 when a file could not be written, with the message on `err`).
int write_review(const review& r, const review_options& o, std::ostream& out, std::ostream& err);

}  // namespace slaudit::batch
