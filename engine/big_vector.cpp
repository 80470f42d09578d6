#include "engine/big_vector.hpp"

#include <sys/mman.h>

#include <cstdint>
#include <map>
#include <mutex>
#include <new>
#include <unordered_map>

namespace slaudit::engine {
namespace {

constexpr std::size_t huge_page = std::size_t{2} << 20;
/// Below this, the heap: its free lists reuse memory between contract-periods in a batch.
constexpr std::size_t from_kernel = huge_page;

std::size_t rounded(std::size_t bytes) { return (bytes + huge_page - 1) & ~(huge_page - 1); }

/// Blocks given back, kept for the next contract-period: the kernel clears every page it
/// hands out, and clearing the results of a million incidents (about 700 MB) again for each
/// took as long as computing them. At most as many bytes are kept as were ever in use at
/// once (the high-water mark of one contract-period, or of `jobs` of them in a batch).
struct kept_blocks {
  std::mutex m;
  struct kept_block {
    void* p;
    std::uint64_t given_back;  ///< order of release: the oldest go first
  };
  std::multimap<std::size_t, kept_block> free;    ///< by size
  std::uint64_t releases = 0;
  std::unordered_map<void*, std::size_t> sizes;   ///< blocks in use, by address
  std::size_t kept = 0, live = 0, peak = 0;       ///< bytes
};

kept_blocks& blocks() {
  static auto* b = new kept_blocks;  // never destroyed: vectors freed at exit still use it
  return *b;
}

void* map_block(std::size_t size) {
  // Over-allocate by one huge page, then give back the ends so the block starts on one.
  std::size_t mapped = size + huge_page;
  void* p = mmap(nullptr, mapped, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) throw std::bad_alloc();
  auto start = reinterpret_cast<std::uintptr_t>(p);
  auto aligned = (start + huge_page - 1) & ~(huge_page - 1);
  if (aligned > start) munmap(p, aligned - start);
  if (auto tail = start + mapped - (aligned + size)) munmap(reinterpret_cast<void*>(aligned + size), tail);
  // Advice only: without huge pages (disabled, or none free) the block works as it is.
  madvise(reinterpret_cast<void*>(aligned), size, MADV_HUGEPAGE);
  return reinterpret_cast<void*>(aligned);
}

}  // namespace

void* big_allocate(std::size_t bytes) {
  if (bytes < from_kernel) return ::operator new(bytes);
  std::size_t size = rounded(bytes);
  if (size < bytes) throw std::bad_alloc();
  auto& b = blocks();
  {
    std::lock_guard<std::mutex> lock(b.m);
    // The smallest kept block that fits, unless it is more than twice the size asked for.
    auto it = b.free.lower_bound(size);
    if (it != b.free.end() && it->first / 2 <= size) {
      std::size_t block_size = it->first;
      void* p = it->second.p;
      b.free.erase(it);
      b.kept -= block_size;
      b.sizes.emplace(p, block_size);
      b.live += block_size, b.peak = std::max(b.peak, b.live);
      return p;
    }
  }
  void* p = map_block(size);
  std::lock_guard<std::mutex> lock(b.m);
  try {
    b.sizes.emplace(p, size);
  } catch (...) {
    munmap(p, size);
    throw;
  }
  b.live += size, b.peak = std::max(b.peak, b.live);
  return p;
}

void big_release(void* p, std::size_t bytes) noexcept {
  if (!p) return;
  if (bytes < from_kernel) return ::operator delete(p);
  auto& b = blocks();
  std::lock_guard<std::mutex> lock(b.m);
  auto it = b.sizes.find(p);
  std::size_t size = it->second;
  b.sizes.erase(it);
  b.live -= size;
  try {
    b.free.emplace(size, kept_blocks::kept_block{p, ++b.releases});
    b.kept += size;
  } catch (...) {  // no memory to note it: give it back
    munmap(p, size);
    return;
  }
  // Over the high-water mark: give back the blocks kept longest first (the smaller blocks of
  // vectors that grew, the temporaries of a replay), not the one just given back, the
  // likeliest asked for again by the next contract-period of the same size.
  while (b.kept > b.peak && !b.free.empty()) {
    auto oldest = b.free.begin();
    for (auto k = b.free.begin(); k != b.free.end(); ++k)
      if (k->second.given_back < oldest->second.given_back) oldest = k;
    munmap(oldest->second.p, oldest->first);
    b.kept -= oldest->first;
    b.free.erase(oldest);
  }
}

big_memory_use big_memory() {
  auto& b = blocks();
  std::lock_guard<std::mutex> lock(b.m);
  return {b.live, b.kept, b.peak};
}

}  // namespace slaudit::engine
