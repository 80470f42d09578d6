// What every report writer gets: the results and what they were computed from. Writers
// compute nothing the engine did not: they lay out, format and (in the workbook) restate the
// engine's arithmetic as formulas over the same inputs.
#pragma once

#include <string>
#include <vector>

#include "engine/events.hpp"
#include "engine/model.hpp"
#include "engine/results.hpp"
#include "engine/zone.hpp"
#include "reports/texts.hpp"

namespace slaudit::reports {

struct penalty_words;

struct report_context {
  const engine::contract& contract;
  const engine::zone& zone;
  const engine::period_result& result;
  const engine::history* history;  ///< for record texts the results do not keep (descriptions)
  const texts& t;
  std::string tool_version;
  std::string contract_sha256;  ///< of the contract file's bytes, hex
  /// The document's date, seconds since the epoch: SOURCE_DATE_EPOCH when set, else the end
  /// of the period. Never the wall clock: the same inputs give the same bytes.
  std::int64_t document_time = 0;
  /// The money's penalty lines phrased in `t`'s language (phrase_penalties), when the caller
  /// has them: the workbook and the PDF of a contract share one phrasing. Null: each writer
  /// phrases them itself.
  const std::vector<penalty_words>* phrased = nullptr;
};

}  // namespace slaudit::reports
