// `slaudit whatif`: one history replayed under two sets of terms (the contract in force and a
// draft clause, two customers' contracts), month by month: each penalty line's money and the
// verdicts under each, and the difference. A legal team's "what would this clause have cost
// over the last six months?".
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "batch/pipeline.hpp"
#include "engine/period.hpp"
#include "engine/results.hpp"
#include "reports/texts.hpp"

namespace slaudit::batch {

/// One penalty line (a clause and its subject) of a month under A and under B; absent where
/// those terms charge no such line.
struct whatif_line {
  std::string penalty, subject, payer;
  std::string clauses_a, clauses_b;  ///< "5.2"; empty where that side has no such line
  std::optional<engine::minor_units> a, b;
};

/// A service's availability verdict under each.
struct whatif_service {
  std::string service;
  std::string percent_a, percent_b;  ///< measured; "—" when not measurable
  engine::verdict a = engine::verdict::not_measurable, b = engine::verdict::not_measurable;
  bool in_a = false, in_b = false;
};

struct whatif_month {
  std::string period;
  std::vector<whatif_line> lines;
  std::vector<whatif_service> services;
  engine::breach_counts breaches_a, breaches_b;
  engine::minor_units provider_a = 0, provider_b = 0, before_caps_a = 0, before_caps_b = 0;
  engine::minor_units customer_a = 0, customer_b = 0;
  std::vector<std::string> findings;  ///< either side's, each once, prefixed "A: " / "B: "
};

struct whatif_result {
  std::string path_a, path_b, id_a, id_b, currency;
  int minor_digits = 2;
  std::string history_dir;
  std::vector<whatif_month> months;
  std::int64_t document_time = 0;  ///< the workbook's date: SOURCE_DATE_EPOCH, else the range's end
};

/// Replays `history_dir` for each month of [first, last] under the contract at `path_a` and the
/// one at `path_b`. A yearly cap counts the range's own earlier months: the range must then
/// start at the contract year's first month. On failure, the message (whole lines) and the
/// exit code.
std::optional<failure> what_if(const std::string& path_a, const std::string& path_b, const std::string& history_dir,
                               const std::vector<engine::period>& months, const run_settings& settings,
                               whatif_result& out);

/// As text for the terminal, as one JSON document, as a workbook whose differences and totals
/// are live formulas.
std::string whatif_text(const whatif_result& r);
std::string whatif_json(const whatif_result& r, const std::string& tool_version);
bool write_whatif_xlsx(const whatif_result& r, const std::string& path, const reports::texts& t, std::string& why);

}  // namespace slaudit::batch
