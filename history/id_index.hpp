// Record ids of one file and what is known of each: a million incidents are checked for
// duplicates and linked to their pauses and notifications. An open-addressing table with the
// ids in one buffer: a lookup reads one slot (and the id only when the hashes agree), where a
// node-based map took a heap node per id and two or three cache misses per lookup.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>


namespace slaudit::history {

class id_index {
 public:
  struct entry {
    std::uint32_t row = 0;    ///< where the id was first seen
    std::uint32_t index = 0;  ///< the record's index in the history, or engine::unlinked
  };

  /// Room for `n` ids in all without growing.
  void reserve(std::size_t n);
  /// Adds `id` with `e` unless it is there: the entry and whether it was added.
  /// Throws std::length_error past 4 GiB of ids.
  std::pair<const entry*, bool> try_emplace(std::string_view id, entry e) {
    return try_emplace(id, e, hash_of(id));
  }
  /// The same with the hash `prefetch(id)` returned.
  std::pair<const entry*, bool> try_emplace(std::string_view id, entry e, std::uint64_t hash);
  /// Starts fetching the slot `id` hashes to into the cache, and returns the hash: a caller
  /// that reads the rest of its row before adding the id hides the cache miss (a million ids
  /// do not fit in the cache).
  std::uint64_t prefetch(std::string_view id) const {
    std::uint64_t h = hash_of(id);
    if (!slots_.empty()) __builtin_prefetch(&slots_[home(h)], 1);
    return h;
  }
  /// The entry of `id`, or null.
  const entry* find(std::string_view id) const;
  std::size_t size() const { return size_; }

 private:
  struct slot {
    std::uint64_t hash = 0;  ///< 0: empty
    std::uint32_t key_at = 0, key_size = 0;
    entry value;
  };
  static std::uint64_t hash_of(std::string_view id);
  /// The slot holding `id` (hashed `hash`), or the empty slot where it would go.
  std::size_t slot_of(std::string_view id, std::uint64_t hash) const;
  std::size_t home(std::uint64_t hash) const { return hash & (slots_.size() - 1); }
  std::string_view key(const slot& s) const { return {keys_.data() + s.key_at, s.key_size}; }
  void grow(std::size_t capacity);

  std::vector<slot> slots_;  ///< a power of two, at most half full
  std::string keys_;         ///< every id, one after another
  std::size_t size_ = 0;
};

}  // namespace slaudit::history
