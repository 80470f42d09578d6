// Reads the days off of an iCalendar (RFC 5545) file: public holiday feeds such as
// holiday-cn's, where a summary like "上班(补春节假期)" marks a make-up working day, and the
// calendars other tools write, with recurrences. Every property that can decide a day off is
// applied exactly (through libical) or the file is refused naming the line and the property.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/model.hpp"

namespace slaudit::engine {

/// One occurrence of an all-day event: a recurring event gives one per occurrence.
struct ical_event {
  civil_day first = 0;      ///< DTSTART (or the occurrence's day)
  civil_day end = 0;        ///< exclusive: DTEND, DTSTART + DURATION, or first + 1
  std::string summary;      ///< unescaped
  std::uint32_t line = 0;   ///< of the BEGIN:VEVENT that gives it
};

struct ical_result {
  std::vector<ical_event> events;  ///< in the order of the file, occurrences in date order
  std::string error;               ///< empty when read exactly; names the property otherwise
  std::uint32_t error_line = 0;
};

/// Parses iCalendar text. Only all-day events are accepted (a timed event is refused, not
/// guessed at); cancelled events and cancelled occurrences are left out; RRULE, RDATE,
/// EXDATE, EXRULE and RECURRENCE-ID overrides are applied. A recurring event is expanded up
/// to `last` (the contract term's last day), single events wherever they fall.
ical_result parse_ical(std::string_view text, civil_day last);

}  // namespace slaudit::engine
