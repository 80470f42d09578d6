#include <catch2/catch.hpp>

#include "engine/interval_set.hpp"

using namespace slaudit::engine;
using iv = std::vector<interval>;

TEST_CASE("intervals are normalized: sorted, merged, empty ones dropped", "[interval_set]") {
  interval_set s({{10, 20}, {0, 5}, {5, 7}, {15, 30}, {40, 40}, {50, 45}});
  CHECK(s.intervals() == iv{{0, 7}, {10, 30}});  // [0,5) and [5,7) touch: one interval
  CHECK(s.measure() == 27);
  CHECK(interval_set().measure() == 0);
}

TEST_CASE("overlapping outages count once; nested ones add nothing", "[interval_set]") {
  // Outage A 10:00-10:30, B 10:20-10:50 (overlap 10 min), C 10:05-10:10 (inside A).
  interval_set outages({{600, 2400}, {1800, 3600}, {900, 1200}});
  CHECK(outages.measure() == 3000);  // 10:00-10:50 = 50 min
}

TEST_CASE("intersect, unite, subtract", "[interval_set]") {
  interval_set a({{0, 10}, {20, 30}});
  interval_set b({{5, 25}});
  CHECK(a.intersect(b).intervals() == iv{{5, 10}, {20, 25}});
  CHECK(a.unite(b).intervals() == iv{{0, 30}});
  CHECK(a.subtract(b).intervals() == iv{{0, 5}, {25, 30}});
  CHECK(b.subtract(a).intervals() == iv{{10, 20}});
  CHECK(a.subtract(interval_set({{0, 100}})).empty());
  CHECK(a.subtract(interval_set({{2, 3}, {4, 6}, {22, 23}})).intervals() == iv{{0, 2}, {3, 4}, {6, 10}, {20, 22}, {23, 30}});
  CHECK(a.clip({5, 22}).intervals() == iv{{5, 10}, {20, 22}});
}

TEST_CASE("measure within a window and membership are half-open", "[interval_set]") {
  interval_set a({{0, 10}, {20, 30}});
  CHECK(a.measure_within({5, 25}) == 10);
  CHECK(a.measure_within({10, 20}) == 0);
  CHECK(a.measure_within({-100, 100}) == 20);
  CHECK(a.measure_within({25, 5}) == 0);  // an empty (reversed) window
  CHECK(a.contains(0));
  CHECK_FALSE(a.contains(10));
  CHECK(a.contains(29));
  CHECK_FALSE(a.contains(30));
}

TEST_CASE("advance: when a clock running only inside the set reaches a target", "[interval_set]") {
  // Working time 09:00-12:00 and 13:00-18:00 (seconds of one day); a 4 h target from 10:00.
  interval_set work({{9 * 3600, 12 * 3600}, {13 * 3600, 18 * 3600}});
  CHECK(work.advance(10 * 3600, 4 * 3600) == 15 * 3600);  // 2 h before lunch, 2 h after
  CHECK(work.advance(12 * 3600 + 600, 3600) == 14 * 3600);  // starting at lunch: from 13:00
  CHECK(work.advance(10 * 3600, 2 * 3600) == 12 * 3600);  // exactly at the end of a segment
  CHECK(work.advance(10 * 3600, 0) == 10 * 3600);
  CHECK_FALSE(work.advance(10 * 3600, 8 * 3600));  // the set ends first
}

TEST_CASE("a set less gaps answers as the subtracted set would", "[interval_set]") {
  // Working time 09:00-12:00, 13:00-18:00; paused 10:00-11:00 and 12:30-14:00.
  interval_set work({{9 * 3600, 12 * 3600}, {13 * 3600, 18 * 3600}});
  interval_set paused({{10 * 3600, 11 * 3600}, {12 * 3600 + 1800, 14 * 3600}});
  set_less running(work, paused.intervals());
  CHECK(running.measure_within({9 * 3600, 18 * 3600}) == 6 * 3600);     // 8 h less 1 h and 1 h
  CHECK(running.advance(9 * 3600, 3600) == 10 * 3600);                   // exactly at a pause
  CHECK(running.advance(9 * 3600, 3600 + 1) == 11 * 3600 + 1);           // resumes after it
  CHECK(running.advance(9 * 3600, 3 * 3600) == 15 * 3600);               // 1 h + 1 h, then 14:00
  CHECK(running.advance(10 * 3600 + 60, 0) == 10 * 3600 + 60);           // no time: where it started
  CHECK_FALSE(running.advance(9 * 3600, 6 * 3600 + 1));

  // Every window and every target on small random sets, against the subtraction itself.
  std::uint64_t seed = 0x2545F4914F6CDD1DULL;
  auto next = [&](int bound) {
    seed ^= seed << 13, seed ^= seed >> 7, seed ^= seed << 17;
    return static_cast<instant>(seed % static_cast<std::uint64_t>(bound));
  };
  for (int round = 0; round < 300; ++round) {
    std::vector<interval> b, g;
    for (int k = next(6); k >= 0; --k) {
      instant f = next(100);
      b.push_back({f, f + next(30)});
    }
    for (int k = next(4); k > 0; --k) {
      instant f = next(100);
      g.push_back({f, f + 1 + next(20)});
    }
    interval_set base(b), gaps(g);
    interval_set built = base.subtract(gaps);
    set_less less(base, gaps.intervals());
    for (instant from = -2; from < 132; ++from) {
      for (instant to = from - 1; to < 134; to += 3) {
        INFO("round " << round << " window [" << from << ", " << to << ")");
        REQUIRE(less.measure_within({from, to}) == built.measure_within({from, to}));
        std::int64_t by_hand = 0;  // the subtracted set's measure, without its search
        for (auto& i : built.intervals()) by_hand += std::max<instant>(0, std::min(i.to, to) - std::max(i.from, from));
        REQUIRE(built.measure_within({from, to}) == by_hand);
      }
      maybe_instant first;  // when the subtracted set ends after `from`
      for (auto& i : built.intervals())
        if (i.to > from) {
          first = std::max(i.from, from);
          break;
        }
      REQUIRE(built.advance(from, 1) == (first ? maybe_instant(*first + 1) : maybe_instant()));
      REQUIRE(built.contains(from) == (first && *first == from));
      for (std::int64_t s = 0; s < 60; ++s) {
        INFO("round " << round << " advance " << s << " from " << from);
        REQUIRE(less.advance(from, s) == built.advance(from, s));
      }
    }
  }
}

TEST_CASE("a set with a lookup table answers as without it", "[interval_set]") {
  std::uint64_t seed = 0x9E3779B97F4A7C15ULL;
  auto next = [&](std::int64_t bound) {
    seed ^= seed << 13, seed ^= seed >> 7, seed ^= seed << 17;
    return static_cast<instant>(seed % static_cast<std::uint64_t>(bound));
  };
  for (int round = 0; round < 40; ++round) {
    // Working days of a few months, with irregular gaps; some rounds dense, some sparse.
    std::vector<interval> v;
    instant at = -50000 + next(100000);
    std::int64_t gap = round % 2 ? 40000 : 300;
    for (int k = 8 + static_cast<int>(next(300)); k > 0; --k) {
      instant from = at + 1 + next(gap);
      instant to = from + 1 + next(30000);
      v.push_back({from, to});
      at = to;
    }
    interval_set plain(v), fast(v);
    fast.build_lookup();
    REQUIRE(fast == plain);
    instant lo = plain.intervals().front().from - 5000, hi = plain.intervals().back().to + 5000;
    for (int probe = 0; probe < 3000; ++probe) {
      instant t = lo + next(hi - lo);
      std::int64_t s = next(200000);
      INFO("round " << round << " t " << t << " s " << s);
      REQUIRE(fast.contains(t) == plain.contains(t));
      REQUIRE(fast.advance(t, s) == plain.advance(t, s));
      REQUIRE(fast.measure_within({t, t + s}) == plain.measure_within({t, t + s}));
    }
    for (auto& i : plain.intervals())  // every edge
      for (instant t : {i.from - 1, i.from, i.from + 1, i.to - 1, i.to, i.to + 1}) {
        REQUIRE(fast.contains(t) == plain.contains(t));
        REQUIRE(fast.advance(t, 1) == plain.advance(t, 1));
      }
  }
}
