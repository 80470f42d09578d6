#include "engine/interval_set.hpp"

#include <algorithm>

namespace slaudit::engine {

interval_set::interval_set(std::vector<interval> v) {
  std::sort(v.begin(), v.end(), [](auto& a, auto& b) { return a.from < b.from; });
  for (auto& i : v) {
    if (i.to <= i.from) continue;
    if (!items_.empty() && i.from <= items_.back().to) {
      items_.back().to = std::max(items_.back().to, i.to);
    } else {
      items_.push_back(i);
    }
  }
}

std::int64_t interval_set::measure() const {
  std::int64_t total = 0;
  for (auto& i : items_) total += i.length();
  return total;
}

std::int64_t interval_set::measure_within(interval w) const {
  if (w.to <= w.from) return 0;  // an empty window holds nothing
  // First interval that ends after w.from.
  auto it = std::upper_bound(items_.begin(), items_.end(), w.from, [](instant t, auto& i) { return t < i.to; });
  std::int64_t total = 0;
  for (; it != items_.end() && it->from < w.to; ++it) total += std::min(it->to, w.to) - std::max(it->from, w.from);
  return total;
}

bool interval_set::contains(instant t) const {
  auto it = std::upper_bound(items_.begin(), items_.end(), t, [](instant x, auto& i) { return x < i.to; });
  return it != items_.end() && it->from <= t;
}

interval_set interval_set::unite(const interval_set& o) const {
  std::vector<interval> all = items_;
  all.insert(all.end(), o.items_.begin(), o.items_.end());
  return interval_set(std::move(all));
}

interval_set interval_set::intersect(const interval_set& o) const {
  interval_set out;
  auto a = items_.begin(), b = o.items_.begin();
  while (a != items_.end() && b != o.items_.end()) {
    instant from = std::max(a->from, b->from), to = std::min(a->to, b->to);
    if (from < to) out.items_.push_back({from, to});
    (a->to < b->to) ? ++a : ++b;
  }
  return out;
}

interval_set interval_set::subtract(const interval_set& o) const {
  interval_set out;
  auto b = o.items_.begin();
  for (auto i : items_) {
    while (b != o.items_.end() && b->to <= i.from) ++b;
    for (auto c = b; c != o.items_.end() && c->from < i.to; ++c) {
      if (c->from > i.from) out.items_.push_back({i.from, c->from});
      i.from = std::max(i.from, c->to);
      if (i.from >= i.to) break;
    }
    if (i.from < i.to) out.items_.push_back(i);
  }
  return out;
}

interval_set interval_set::clip(interval w) const { return intersect(interval_set({w})); }

std::optional<instant> interval_set::advance(instant from, std::int64_t seconds) const {
  if (seconds <= 0) return from;
  auto it = std::upper_bound(items_.begin(), items_.end(), from, [](instant t, auto& i) { return t < i.to; });
  for (; it != items_.end(); ++it) {
    instant start = std::max(it->from, from);
    std::int64_t here = it->to - start;
    if (seconds <= here) return start + seconds;
    seconds -= here;
  }
  return std::nullopt;
}

std::int64_t set_less::measure_within(interval w) const {
  std::int64_t total = base_.measure_within(w);
  for (auto& g : gaps_) {
    if (g.from >= w.to) break;
    total -= base_.measure_within({std::max(g.from, w.from), std::min(g.to, w.to)});
  }
  return total;
}

std::optional<instant> set_less::advance(instant from, std::int64_t seconds) const {
  if (seconds <= 0) return from;
  // Count the base between gaps until the seconds run out before the next gap.
  instant at = from;
  for (auto& g : gaps_) {
    if (g.to <= at) continue;
    if (g.from > at) {
      std::int64_t before = base_.measure_within({at, g.from});
      if (seconds <= before) return base_.advance(at, seconds);
      seconds -= before;
    }
    at = g.to;
  }
  return base_.advance(at, seconds);
}

}  // namespace slaudit::engine
