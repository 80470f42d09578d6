#include "engine/calendar_time.hpp"

#include <algorithm>

#include "engine/period.hpp"

namespace slaudit::engine {
namespace {
bool listed(const std::vector<dated_label>& days, civil_day d) {
  auto it = std::lower_bound(days.begin(), days.end(), d, [](auto& x, civil_day v) { return x.day < v; });
  return it != days.end() && it->day == d;
}
civil_day floor_day(local_seconds t) { return static_cast<civil_day>(t >= 0 ? t / 86400 : -((-t + 86399) / 86400)); }
}  // namespace

int weekday_of(civil_day day) {
  // 1970-01-01 was a Thursday (3 when Monday is 0).
  return static_cast<int>(((static_cast<std::int64_t>(day) % 7) + 7 + 3) % 7);
}

day_kind kind_of(const calendar& cal, civil_day day) {
  if (listed(cal.holidays, day)) return day_kind::holiday;
  if (listed(cal.workdays, day)) return day_kind::makeup_working;
  return cal.hours[weekday_of(day)].empty() ? day_kind::weekend : day_kind::working;
}

interval_set calendar_time(const calendar& cal, const zone& z, interval w) {
  std::vector<interval> out;
  if (w.to <= w.from) return {};
  // Local days that can overlap the window, whatever the offset.
  civil_day first = floor_day(w.from - 2 * 86400 + 1), last = floor_day(w.to + 2 * 86400);
  for (civil_day d = first; d <= last; ++d) {
    const std::vector<day_span>* spans = nullptr;
    switch (kind_of(cal, d)) {
      case day_kind::holiday:
      case day_kind::weekend: continue;
      case day_kind::makeup_working: spans = &cal.workday_hours; break;
      case day_kind::working: spans = &cal.hours[weekday_of(d)]; break;
    }
    for (auto& s : *spans) {
      auto utc = z.local_range(local_midnight(d) + s.from_s, local_midnight(d) + s.to_s);
      out.insert(out.end(), utc.intervals().begin(), utc.intervals().end());
    }
  }
  return interval_set(std::move(out)).clip(w);
}

interval_set coverage_time(const calendar* cal, const zone& z, interval w) {
  if (!cal) return interval_set({w});
  return calendar_time(*cal, z, w);
}

}  // namespace slaudit::engine
