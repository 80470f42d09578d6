// Vectors that may grow to hundreds of megabytes: a million incidents make two million
// clocks and as many escalation steps. Their memory comes straight from the kernel in
// transparent huge pages (where the kernel offers them on request), so filling them costs
// one page fault per 2 MiB instead of one per 4 KiB: replay spent as long in page faults as
// in its own code. Blocks given back are kept for the next contract-period (up to the most
// ever in use at once), so a batch's next big history finds its memory already cleared.
// Small vectors (most contract-periods) use the ordinary heap.
#pragma once

#include <cstddef>
#include <vector>

namespace slaudit::engine {

/// Raw memory for `bytes`: from the heap when small, else huge-page-aligned from mmap.
/// Throws std::bad_alloc when there is none.
void* big_allocate(std::size_t bytes);
/// Gives back what `big_allocate(bytes)` returned.
void big_release(void* p, std::size_t bytes) noexcept;

/// Bytes of huge-page blocks: in use, kept for reuse, and the most ever in use at once.
struct big_memory_use {
  std::size_t live = 0, kept = 0, peak = 0;
};
big_memory_use big_memory();

template <typename T>
struct big_allocator {
  using value_type = T;
  big_allocator() = default;
  template <typename U>
  big_allocator(const big_allocator<U>&) noexcept {}
  T* allocate(std::size_t n) { return static_cast<T*>(big_allocate(n * sizeof(T))); }
  void deallocate(T* p, std::size_t n) noexcept { big_release(p, n * sizeof(T)); }
  template <typename U>
  friend bool operator==(const big_allocator&, const big_allocator<U>&) noexcept {
    return true;
  }
};

template <typename T>
using big_vector = std::vector<T, big_allocator<T>>;

}  // namespace slaudit::engine
