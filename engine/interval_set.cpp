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

void interval_set::build_lookup() {
  lookup_.clear();
  if (items_.size() < 8 || items_.size() > UINT32_MAX) return;  // three steps of a binary search are as quick
  instant first = items_.front().from;
  auto span = static_cast<std::uint64_t>(items_.back().to - first);
  // About two slots per interval, so that most lookups land on their interval at once.
  int shift = 0;
  while ((span >> shift) > 2 * items_.size()) ++shift;
  std::size_t slots = (span >> shift) + 1;
  lookup_.resize(slots);
  std::size_t at = 0;
  for (std::size_t k = 0; k < slots; ++k) {
    instant start = first + static_cast<instant>(k << shift);
    while (at < items_.size() && items_[at].to <= start) ++at;
    lookup_[k] = static_cast<std::uint32_t>(at);
  }
  lookup_shift_ = shift;
}

std::size_t interval_set::search(instant t) const {
  // A binary search without branches on the comparisons: a clock's start falls anywhere in
  // a calendar's hundred intervals, so the branches of std::upper_bound were guesses.
  std::size_t n = items_.size();
  if (n == 0) return 0;
  const interval* v = items_.data();
  std::size_t at = 0;
  while (n > 1) {
    std::size_t half = n / 2;
    at += half & -static_cast<std::size_t>(v[at + half - 1].to <= t);  // a mask, not a branch
    n -= half;
  }
  return at + (v[at].to <= t);
}

std::int64_t interval_set::measure_within(interval w) const {
  if (w.to <= w.from) return 0;  // an empty window holds nothing
  return measure_from(locate(w.from), w.from, w.to);
}

bool interval_set::contains(instant t) const {
  std::size_t at = locate(t);
  return at < items_.size() && items_[at].from <= t;
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

std::int64_t set_less::measure_within(interval w) const {
  std::int64_t total = base_.measure_within(w);
  for (auto& g : gaps_) {
    if (g.from >= w.to) break;
    total -= base_.measure_within({std::max(g.from, w.from), std::min(g.to, w.to)});
  }
  return total;
}

maybe_instant set_less::advance(instant from, std::int64_t seconds) const {
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
