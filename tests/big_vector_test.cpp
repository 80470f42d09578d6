#include <catch2/catch.hpp>

#include <algorithm>
#include <cstring>
#include <thread>
#include <vector>

#include "engine/big_vector.hpp"

using namespace slaudit::engine;

namespace {
constexpr std::size_t MiB = std::size_t{1} << 20;
}

TEST_CASE("big blocks given back are kept for the next request that fits", "[big_vector]") {
  auto before = big_memory();
  // A size no other test asks for, so that no other kept block fits it as well.
  void* a = big_allocate(37 * MiB);  // a 38 MiB block (19 huge pages)
  std::memset(a, 0xab, 37 * MiB);
  CHECK(big_memory().live == before.live + 38 * MiB);
  big_release(a, 37 * MiB);
  CHECK(big_memory().live == before.live);
  CHECK(big_memory().kept >= 38 * MiB);

  // The same size again: the same block, its pages already there (and not cleared: a vector
  // does not need them cleared).
  void* b = big_allocate(37 * MiB + 1);
  CHECK(b == a);
  CHECK(static_cast<unsigned char*>(b)[36 * MiB] == 0xab);

  // Less than half the block: a block of its own, not this one.
  void* small = big_allocate(2 * MiB);
  CHECK(small != b);
  big_release(small, 2 * MiB);
  big_release(b, 37 * MiB + 1);

  // Never more kept than the most ever in use at once.
  auto now = big_memory();
  CHECK(now.kept <= now.peak);
}

TEST_CASE("a big vector works on kept blocks as on fresh ones", "[big_vector]") {
  for (int round = 0; round < 3; ++round) {
    big_vector<std::uint64_t> v;
    for (std::uint64_t k = 0; k < 1000000; ++k) v.push_back(k * 3);  // grows through kept blocks
    std::uint64_t sum = 0;
    for (auto x : v) sum += x;
    CHECK(sum == 3 * (999999ull * 1000000ull / 2));
    big_vector<std::uint32_t> zeros(1 << 20);  // value-initialized even on a reused block
    CHECK(std::all_of(zeros.begin(), zeros.end(), [](std::uint32_t x) { return x == 0; }));
  }
  auto now = big_memory();
  CHECK(now.kept <= now.peak);
}

TEST_CASE("big blocks are kept and handed out safely from several threads", "[big_vector]") {
  // As a batch's workers do: each fills and frees big vectors of its own, at once.
  std::vector<std::thread> workers;
  std::vector<std::uint64_t> sums(4, 0);
  for (std::size_t t = 0; t < sums.size(); ++t)
    workers.emplace_back([t, &sums] {
      for (int round = 0; round < 20; ++round) {
        big_vector<std::uint64_t> v((1u << 18) * (1 + (round + t) % 3));  // 2, 4 or 6 MiB
        for (std::size_t k = 0; k < v.size(); ++k) v[k] = k;
        sums[t] += v.back();
      }
    });
  for (auto& w : workers) w.join();
  for (std::size_t t = 0; t < sums.size(); ++t) {
    std::uint64_t expected = 0;
    for (int round = 0; round < 20; ++round) expected += (1u << 18) * (1 + (round + t) % 3) - 1;
    CHECK(sums[t] == expected);
  }
  auto now = big_memory();
  CHECK(now.kept <= now.peak);
}
