// libFuzzer target: any bytes as an iCalendar file. It must never crash, hang or read out of
// bounds, through our line scan and through libical's parser and recurrence expansion; what
// it returns is either an error with a line in the file or days inside the dates it read.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "engine/ical.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  constexpr slaudit::engine::civil_day last = 20818;  // 2026-12-31
  auto r = slaudit::engine::parse_ical(text, last);
  if (!r.error.empty() && (r.error_line == 0 || !r.events.empty())) std::abort();
  for (auto& e : r.events)
    if (e.end <= e.first || e.line == 0) std::abort();
  return 0;
}
