// Timestamps and dates in history files: ISO 8601 with an offset or Z, local time in the
// contract's zone without one, or a named pattern per column (ServiceNow's dd-mm-yyyy HH:MM).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/model.hpp"
#include "engine/zone.hpp"

namespace slaudit::history {

/// A pattern of yyyy (or yy), mm (or mon: Jan…Dec), dd, HH (or h with ampm: a 12-hour
/// clock), MM, SS and literal characters — "dd-mm-yyyy HH:MM", Jira's "dd/mon/yy h:MM ampm" —
/// or ISO 8601 when empty.
class time_format {
 public:
  time_format() = default;  ///< ISO 8601
  /// nullopt when the pattern has no yyyy, mm or dd, or a field twice.
  static std::optional<time_format> parse(std::string_view pattern);
  const std::string& pattern() const { return pattern_; }
  bool iso() const { return pattern_.empty(); }

  struct token {
    char field;  ///< 'y' 'm' 'd' 'H' 'M' 'S', or 0 for a literal
    std::string literal;
  };
  const std::vector<token>& tokens() const { return tokens_; }

 private:
  std::string pattern_;
  std::vector<token> tokens_;
};

struct parsed_time {
  std::optional<engine::instant> at;
  std::string error;       ///< why it was refused
  bool repeated = false;   ///< local time in a repeated DST hour: the earlier one was taken
};

/// An instant. Local times (no offset) are read in `z`; a local time skipped by a DST
/// change is refused, one that occurs twice takes the earlier and says so.
parsed_time parse_timestamp(std::string_view text, const time_format& fmt, const engine::zone& z);

/// parse_timestamp without the reason for a refusal (`ok` false): 24 bytes in registers, no
/// string. Ingest reads millions of timestamps with it, and asks parse_timestamp only why a
/// bad one is bad.
struct timestamp_reading {
  engine::instant at = 0;
  bool ok = false;
  bool repeated = false;  ///< as parsed_time's
};
timestamp_reading read_timestamp(std::string_view text, const time_format& fmt, const engine::zone& z);

/// A civil date: ISO yyyy-mm-dd, or the date part of `fmt`.
std::optional<engine::civil_day> parse_date(std::string_view text, const time_format& fmt, std::string& error);

}  // namespace slaudit::history
