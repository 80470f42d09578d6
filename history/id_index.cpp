#include "history/id_index.hpp"

#include <functional>
#include <stdexcept>

namespace slaudit::history {

std::uint64_t id_index::hash_of(std::string_view id) {
  std::uint64_t h = std::hash<std::string_view>{}(id);
  return h ? h : 1;  // 0 marks an empty slot
}

void id_index::reserve(std::size_t n) {
  std::size_t capacity = 16;
  while (capacity < 2 * n) capacity *= 2;
  if (capacity > slots_.size()) grow(capacity);
}

void id_index::grow(std::size_t capacity) {
  std::vector<slot> old(capacity);
  old.swap(slots_);
  for (auto& s : old) {
    if (!s.hash) continue;
    std::size_t k = home(s.hash);
    while (slots_[k].hash) k = (k + 1) & (slots_.size() - 1);
    slots_[k] = s;
  }
}

std::size_t id_index::slot_of(std::string_view id, std::uint64_t h) const {
  std::size_t k = home(h);
  while (slots_[k].hash && (slots_[k].hash != h || key(slots_[k]) != id)) k = (k + 1) & (slots_.size() - 1);
  return k;
}

std::pair<const id_index::entry*, bool> id_index::try_emplace(std::string_view id, entry e, std::uint64_t h) {
  if (2 * (size_ + 1) > slots_.size()) grow(slots_.empty() ? 16 : 2 * slots_.size());
  slot& s = slots_[slot_of(id, h)];
  if (s.hash) return {&s.value, false};
  if (keys_.size() + id.size() > UINT32_MAX) throw std::length_error("more than 4 GiB of record ids");
  s = {h, static_cast<std::uint32_t>(keys_.size()), static_cast<std::uint32_t>(id.size()), e};
  keys_.append(id);
  ++size_;
  return {&s.value, true};
}

const id_index::entry* id_index::find(std::string_view id) const {
  if (slots_.empty()) return nullptr;
  const slot& s = slots_[slot_of(id, hash_of(id))];
  return s.hash ? &s.value : nullptr;
}

}  // namespace slaudit::history
