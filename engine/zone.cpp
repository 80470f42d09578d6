#include "engine/zone.hpp"

#include <date/tz.h>

#include <algorithm>

namespace slaudit::engine {
namespace {
constexpr std::int64_t day_s = 86400;
// Offsets on Earth stay within ±26 h of UTC: a window this wide around a local time
// holds every UTC instant that could show it.
constexpr std::int64_t reach_s = 2 * day_s;
}  // namespace

std::optional<zone> zone::locate(const std::string& name) {
  try {
    return zone(name, date::locate_zone(name));
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

std::int64_t zone::offset(instant t) const {
  return tz_->get_info(date::sys_seconds{std::chrono::seconds{t}}).offset.count();
}

template <typename F>
void zone::segments(instant from, instant to, F&& each) const {
  instant t = from;
  while (t < to) {
    auto info = tz_->get_info(date::sys_seconds{std::chrono::seconds{t}});
    instant whole_end = info.end.time_since_epoch().count();
    instant end = std::min<instant>(to, whole_end);
    if (end <= t) end = to, whole_end = to;  // the last rule in tzdata runs to the end of time
    each(segment{t, end, info.offset.count(), info.begin.time_since_epoch().count(), whole_end});
    t = end;
  }
}

interval_set zone::local_range(local_seconds from, local_seconds to) const {
  std::vector<interval> out;
  if (to <= from) return {};
  segments(from - reach_s, to + reach_s, [&](segment s) {
    // Local times shown during this segment: [begin + offset, end + offset).
    local_seconds lf = std::max(from, s.begin + s.offset), lt = std::min(to, s.end + s.offset);
    if (lf < lt) out.push_back({lf - s.offset, lt - s.offset});
  });
  return interval_set(std::move(out));
}

instant zone::first_at_or_after(local_seconds local) const {
  std::optional<instant> best;
  segments(local - reach_s, local + reach_s, [&](segment s) {
    std::optional<instant> here;
    if (s.begin + s.offset >= local) here = s.begin;  // the segment starts past it (a gap)
    else if (local < s.end + s.offset) here = local - s.offset;
    if (here && (!best || *here < *best)) best = here;
  });
  return best.value_or(local);
}

namespace {
/// Nearly every timestamp falls well inside a constant-offset segment, where local time maps
/// to one instant: the last segment looked up (per thread; batches run threads).
struct cached_segment {
  const date::time_zone* tz = nullptr;
  instant begin = 0, end = 0;
  std::int64_t offset = 0;
};
thread_local cached_segment last_segment;
}  // namespace

zone::local_reading zone::read_local(local_seconds local) const {
  // Kept small, the lookup apart: ingest asks this for every timestamp of a million rows.
  const cached_segment& c = last_segment;
  if (c.tz == tz_ && local - c.offset >= c.begin + reach_s && local - c.offset < c.end - reach_s)
    return {local - c.offset, true, false};
  auto [first, last] = readings(local);
  if (!first) return {};
  return {*first, true, *last != *first};
}

std::pair<std::optional<instant>, std::optional<instant>> zone::readings(local_seconds local) const {
  std::optional<instant> first, last;
  segments(local - reach_s, local + reach_s, [&](segment s) {
    if (local >= s.begin + s.offset && local < s.end + s.offset) {
      instant u = local - s.offset;
      if (!first) first = u;
      last = u;
      last_segment = {tz_, s.whole_begin, s.whole_end, s.offset};
    }
  });
  return {first, last};
}

std::optional<instant> zone::from_local(local_seconds local, bool later_if_repeated) const {
  if (later_if_repeated) return readings(local).second;
  auto reading = read_local(local);
  return reading.exists ? std::optional<instant>(reading.at) : std::nullopt;
}

}  // namespace slaudit::engine
