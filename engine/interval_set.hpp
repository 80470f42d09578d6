// Sets of half-open UTC intervals [from, to) in whole seconds: coverage time, outages,
// maintenance, pauses. Every availability and clock figure is a measure of one of these.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace slaudit::engine {

/// Seconds since 1970-01-01T00:00:00Z.
using instant = std::int64_t;

/// An instant or none, in 8 bytes (std::optional<instant> takes 16): the instant furthest in
/// the past stands for none, a time no history has. Reads and converts as the optional does;
/// a million incidents hold four each.
class maybe_instant {
 public:
  constexpr maybe_instant() = default;
  constexpr maybe_instant(std::nullopt_t) {}
  constexpr maybe_instant(instant t) : t_(t) {}
  constexpr maybe_instant(const std::optional<instant>& t) : t_(t ? *t : none) {}
  constexpr operator std::optional<instant>() const { return has_value() ? std::optional<instant>(t_) : std::nullopt; }
  constexpr bool has_value() const { return t_ != none; }
  constexpr explicit operator bool() const { return has_value(); }
  constexpr instant operator*() const { return t_; }
  constexpr instant value_or(instant otherwise) const { return has_value() ? t_ : otherwise; }
  friend constexpr bool operator==(maybe_instant a, maybe_instant b) { return a.t_ == b.t_; }

 private:
  static constexpr instant none = INT64_MIN;
  instant t_ = none;
};

/// [from, to); empty when to <= from.
struct interval {
  instant from = 0, to = 0;
  std::int64_t length() const { return to > from ? to - from : 0; }
  friend bool operator==(const interval& a, const interval& b) { return a.from == b.from && a.to == b.to; }
};

class interval_set {
 public:
  interval_set() = default;
  /// Any intervals: sorted, merged where they overlap or touch, empty ones dropped.
  explicit interval_set(std::vector<interval> v);

  const std::vector<interval>& intervals() const { return items_; }
  bool empty() const { return items_.empty(); }
  /// Total seconds (overlaps were merged, so each second counts once).
  std::int64_t measure() const;
  /// Seconds of this set inside `w`.
  std::int64_t measure_within(interval w) const;
  bool contains(instant t) const;

  interval_set unite(const interval_set& o) const;
  interval_set intersect(const interval_set& o) const;
  interval_set subtract(const interval_set& o) const;
  interval_set clip(interval w) const;

  /// The instant at which `seconds` of this set have passed counting from `from`
  /// (the due time of a clock that runs only inside the set); none when the set ends
  /// first. advance(t, 0) is t.
  maybe_instant advance(instant from, std::int64_t seconds) const { return advance_from(locate(from), from, seconds); }

  /// Where `t` falls: the number of intervals that end at or before it. A clock asks from
  /// its start several times (its target, its elapsed time, its pauses): it locates the
  /// start once and passes `at` to the two below, which answer as advance and
  /// measure_within do.
  std::size_t locate(instant t) const {
    if (items_.size() <= 2) return (items_.size() > 0 && items_[0].to <= t) + (items_.size() > 1 && items_[1].to <= t);
    if (!lookup_.empty() && t >= items_.front().from) {
      auto slot = static_cast<std::uint64_t>(t - items_.front().from) >> lookup_shift_;
      if (slot < lookup_.size()) {
        std::size_t at = lookup_[slot];
        while (at < items_.size() && items_[at].to <= t) ++at;
        return at;
      }
    }
    return search(t);
  }
  maybe_instant advance_from(std::size_t at, instant from, std::int64_t seconds) const {
    if (seconds <= 0) return from;
    for (; at < items_.size(); ++at) {
      instant start = std::max(items_[at].from, from);
      std::int64_t here = items_[at].to - start;
      if (seconds <= here) return start + seconds;
      seconds -= here;
    }
    return std::nullopt;
  }
  std::int64_t measure_from(std::size_t at, instant from, instant to) const {
    std::int64_t total = 0;
    if (to <= from) return 0;  // an empty window holds nothing
    for (; at < items_.size() && items_[at].from < to; ++at)
      total += std::min(items_[at].to, to) - std::max(items_[at].from, from);
    return total;
  }

  /// Builds a table that finds an instant's interval in a step or two instead of a binary
  /// search: for a set asked millions of times (a calendar's coverage, once per clock). The
  /// answers stay the same.
  void build_lookup();

  friend bool operator==(const interval_set& a, const interval_set& b) { return a.items_ == b.items_; }

 private:
  /// locate without the table: a binary search.
  std::size_t search(instant t) const;

  std::vector<interval> items_;  ///< sorted, disjoint, non-touching, non-empty
  /// build_lookup's table: for each slot of 2^lookup_shift_ seconds from the first interval's
  /// start, the first interval that ends after the slot starts.
  std::vector<std::uint32_t> lookup_;
  int lookup_shift_ = 0;
};

/// A set less some gaps, answered without building it: the time an incident's clock runs on
/// is its coverage less its pauses, and building that set for each paused incident was most
/// of what a pause cost. Answers exactly as `base.subtract(interval_set(gaps))` would.
class set_less {
 public:
  /// `gaps`: sorted, disjoint and non-empty (an interval_set's intervals); both viewed.
  set_less(const interval_set& base, std::span<const interval> gaps) : base_(base), gaps_(gaps) {}

  const interval_set& base() const { return base_; }
  std::span<const interval> gaps() const { return gaps_; }
  std::int64_t measure_within(interval w) const;
  maybe_instant advance(instant from, std::int64_t seconds) const;

 private:
  const interval_set& base_;
  std::span<const interval> gaps_;
};

}  // namespace slaudit::engine
