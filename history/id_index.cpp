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
  engine::big_vector<slot> old(capacity);
  old.swap(slots_);
  for (auto& s : old) {
    if (!s.hash) continue;
    std::size_t k = home(s.hash);
    while (slots_[k].hash) k = (k + 1) & (slots_.size() - 1);
    slots_[k] = s;
  }
}

std::pair<const id_index::entry*, bool> id_index::try_emplace(std::string_view id, entry e, std::uint64_t h) {
  if (2 * (size_ + 1) > slots_.size()) grow(slots_.empty() ? 16 : 2 * slots_.size());
  std::size_t k = home(h);
  for (; slots_[k].hash; k = (k + 1) & (slots_.size() - 1))
    if (slots_[k].hash == h && key(slots_[k]) == id) return {&slots_[k].value, false};
  if (keys_.size() + id.size() > UINT32_MAX) throw std::length_error("more than 4 GiB of record ids");
  slots_[k] = {h, static_cast<std::uint32_t>(keys_.size()), static_cast<std::uint32_t>(id.size()), e};
  keys_.append(id);
  ++size_;
  return {&slots_[k].value, true};
}

const id_index::entry* id_index::find(std::string_view id) const {
  if (slots_.empty()) return nullptr;
  std::uint64_t h = hash_of(id);
  for (std::size_t k = home(h); slots_[k].hash; k = (k + 1) & (slots_.size() - 1))
    if (slots_[k].hash == h && key(slots_[k]) == id) return &slots_[k].value;
  return nullptr;
}

}  // namespace slaudit::history
