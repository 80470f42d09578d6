// An IANA time zone from the system tzdata, and the mapping between local civil time and
// UTC instants that calendars, periods and timestamps need — exact over DST changes: a
// local hour skipped in spring maps to nothing, one repeated in autumn to both passes.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "engine/interval_set.hpp"

namespace date {
class time_zone;
}

namespace slaudit::engine {

/// Local civil time as seconds since 1970-01-01T00:00:00 on the local wall clock.
using local_seconds = std::int64_t;

class zone {
 public:
  /// nullopt when tzdata has no zone of that name.
  static std::optional<zone> locate(const std::string& name);

  const std::string& name() const { return name_; }
  /// UTC offset in seconds at `t` (+28800 for Asia/Shanghai).
  std::int64_t offset(instant t) const;
  local_seconds to_local(instant t) const { return t + offset(t); }
  /// Every UTC instant whose local time lies in [from, to): empty for a range inside a
  /// spring-forward gap, both passes for one inside a repeated autumn hour.
  interval_set local_range(local_seconds from, local_seconds to) const;
  /// The first UTC instant whose local time is at or after `local`: the start of a local
  /// day or month even when a DST change falls on it.
  instant first_at_or_after(local_seconds local) const;
  /// A local time written without an offset, as a timestamp: the earlier instant when the
  /// hour is repeated, and nullopt when it does not exist (inside a spring-forward gap).
  std::optional<instant> from_local(local_seconds local, bool later_if_repeated = false) const;
  /// A local time's earlier reading (as from_local) and whether a later one shows it too (a
  /// repeated autumn hour), in one lookup. Sixteen bytes, so it is returned in registers.
  struct local_reading {
    instant at = 0;         ///< the earlier reading, when `exists`
    bool exists = false;    ///< false inside a spring-forward gap
    bool repeated = false;
  };
  local_reading read_local(local_seconds local) const;

 private:
  zone(std::string name, const date::time_zone* tz) : name_(std::move(name)), tz_(tz) {}
  struct segment {
    instant begin, end;  ///< clipped to the window asked for
    std::int64_t offset;
    instant whole_begin, whole_end;  ///< the whole constant-offset span in tzdata
  };
  /// The constant-offset segments of tzdata that cover UTC [from, to).
  template <typename F>
  void segments(instant from, instant to, F&& each) const;
  /// A local time's earlier and later readings in tzdata (equal unless the hour repeats;
  /// none inside a gap), caching the segment of the last for read_local.
  std::pair<std::optional<instant>, std::optional<instant>> readings(local_seconds local) const;

  std::string name_;
  const date::time_zone* tz_;
};

}  // namespace slaudit::engine
