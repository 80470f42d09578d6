// Reads the all-day events of an iCalendar (RFC 5545) file: public holiday feeds such as
// holiday-cn's, where a summary like "上班(补春节假期)" marks a make-up working day.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/model.hpp"

namespace slaudit::engine {

struct ical_event {
  civil_day first = 0;      ///< DTSTART
  civil_day end = 0;        ///< DTEND, exclusive (first + 1 when absent)
  std::string summary;      ///< unescaped
  std::uint32_t line = 0;   ///< of BEGIN:VEVENT
};

struct ical_result {
  std::vector<ical_event> events;
  std::string error;        ///< empty when well-formed
  std::uint32_t error_line = 0;
};

/// Parses iCalendar text. Only all-day events (VALUE=DATE) are accepted: a holiday feed
/// with timed events is reported as malformed rather than guessed at.
ical_result parse_ical(std::string_view text);

}  // namespace slaudit::engine
