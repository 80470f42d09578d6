#include "io/codes.hpp"

namespace slaudit::io {

const std::vector<code_info>& diagnostic_codes() {
  static const std::vector<code_info> codes = {
      {"E0101", "syntax error: something else was expected here"},
      {"E0102", "unknown statement, or a statement in the wrong block"},
      {"E0103", "a block is never closed"},
      {"E0104", "a closing brace with no open block"},
      {"E0105", "unexpected text after a complete statement"},
      {"E0106", "the file is not valid UTF-8"},
      {"E0107", "the language version line is missing or misplaced"},
      {"E0108", "unsupported language version"},
      {"E0109", "no contract, or more than one, in a file"},
      {"E0110", "too many errors: the rest of the file is not checked"},
      {"E0201", "duplicate definition or statement"},
      {"E0202", "unknown calendar"},
      {"E0203", "unknown severity"},
      {"E0204", "unknown service level"},
      {"E0205", "handling level without escalation steps"},
      {"E0206", "unknown service"},
      {"E0207", "a penalty refers to a target the contract does not set"},
      {"E0208", "a required statement is missing"},
      {"E0209", "unknown value for a setting"},
      {"E0301", "value out of range"},
      {"E0302", "invalid time of day"},
      {"E0303", "invalid date"},
      {"E0304", "empty or reversed date range"},
      {"E0305", "invalid duration"},
      {"E0306", "unknown time zone"},
      {"E0307", "amount in the wrong currency"},
      {"E0308", "amount or unit not exact in the currency's minor units"},
      {"E0309", "empty, reversed or overlapping hours"},
      {"E0401", "escalation matrix has missing cells"},
      {"E0402", "escalation matrix row has the wrong number of cells"},
      {"E0403", "penalty tiers overlap"},
      {"E0404", "penalty tiers leave a gap"},
      {"E0405", "tiers or steps out of order (not monotonic)"},
      {"E0406", "a monthly cap is below a single tier's credit"},
      {"E0407", "penalty forms or tier kinds mixed"},
      {"E0408", "fee shares exceed the fee"},
      {"E0410", "late payment charged to the provider"},
      {"E0501", "cannot read an iCalendar file"},
      {"E0502", "iCalendar file not applicable exactly"},
      {"W0503", "an iCalendar file has no day in the contract term"},
      {"W0601", "availability target and maximum downtime disagree for some month lengths"},
      {"W0602", "a penalty cites no clause"},
      {"W0603", "a calendar is never used"},
      {"W0604", "restore target shorter than respond target"},
      {"W0605", "the contract has no title"},
      {"E0701", "the terms file named by extends cannot be read, or holds no terms"},
      {"E0702", "a part is in both the contract and the terms it extends, without override"},
      {"E0703", "override of a part the extended terms do not have, or of no part at all"},
      {"E0704", "extends given twice, in a circle, or too many files deep"},
      {"E0705", "two amendments on one day, one outside the term or without a name, or more than 100"},
      {"E0706", "an amendment changes what cannot change mid-contract, or stands in terms"},
  };
  return codes;
}

std::string code_title(const std::string& code) {
  for (auto& c : diagnostic_codes())
    if (c.code == code) return c.title;
  return "";
}

}  // namespace slaudit::io
