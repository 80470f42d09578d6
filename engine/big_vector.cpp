#include "engine/big_vector.hpp"

#include <sys/mman.h>

#include <cstdint>
#include <new>

namespace slaudit::engine {
namespace {

constexpr std::size_t huge_page = std::size_t{2} << 20;
/// Below this, the heap: its free lists reuse memory between contract-periods in a batch.
constexpr std::size_t from_kernel = huge_page;

std::size_t rounded(std::size_t bytes) { return (bytes + huge_page - 1) & ~(huge_page - 1); }

}  // namespace

void* big_allocate(std::size_t bytes) {
  if (bytes < from_kernel) return ::operator new(bytes);
  std::size_t size = rounded(bytes);
  if (size < bytes) throw std::bad_alloc();
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

void big_release(void* p, std::size_t bytes) noexcept {
  if (!p) return;
  if (bytes < from_kernel) return ::operator delete(p);
  munmap(p, rounded(bytes));
}

}  // namespace slaudit::engine
