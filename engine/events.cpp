#include "engine/events.hpp"

#include "engine/completeness.hpp"

#include <array>
#include <cstring>
#include <mutex>
#include <set>
#include <unordered_map>

namespace slaudit::engine {

std::string_view stable_file_name(std::string_view name) {
  for (auto n : canonical_history_files())
    if (n == name) return n;
  return lasting_text(name);  // other names (a profile's export, a test's file) are rare
}

std::string_view decision_word(decision::kind k) {
  switch (k) {
    case decision::kind::waive: return "waive";
    case decision::kind::reduce: return "reduce";
    case decision::kind::cause: return "cause";
    case decision::kind::impact: return "impact";
  }
  return "";
}

std::string_view lasting_text(std::string_view text) {
  static std::mutex guard;
  static std::set<std::string, std::less<>> kept;  // nodes never move: views stay valid
  std::lock_guard lock(guard);
  auto it = kept.find(text);
  if (it == kept.end()) it = kept.emplace(text).first;
  return *it;
}

text_store& text_store::operator=(text_store&& o) noexcept {
  blocks_ = std::move(o.blocks_);
  free_ = o.free_, left_ = o.left_;
  o.blocks_.clear(), o.free_ = nullptr, o.left_ = 0;  // a moved-from store keeps nothing
  return *this;
}

std::string_view text_store::keep(std::string_view text) {
  if (text.empty()) return {};
  constexpr std::size_t block = std::size_t{1} << 20;
  auto fresh = [&](std::size_t size) {
    std::unique_ptr<char[]> b(new char[size]);
    char* at = b.get();
    blocks_.push_back(std::move(b));  // on a throw, `b` still frees it
    return at;
  };
  if (text.size() > left_) {
    if (text.size() > block / 4) {  // a long text gets a block of its own; the open one stays open
      char* own = fresh(text.size());
      std::memcpy(own, text.data(), text.size());
      return {own, text.size()};
    }
    free_ = fresh(block), left_ = block;
  }
  std::memcpy(free_, text.data(), text.size());
  std::string_view kept(free_, text.size());
  free_ += text.size(), left_ -= text.size();
  return kept;
}

void link_records(history& h) {
  std::unordered_map<std::string_view, std::uint32_t> index;
  index.reserve(h.incidents.size());
  for (std::uint32_t k = 0; k < h.incidents.size(); ++k) index.emplace(h.incidents[k].id, k);
  auto owner = [&](const std::string& id) {
    auto it = index.find(id);
    return it == index.end() ? unlinked : it->second;
  };
  for (auto& p : h.pauses) p.owner = owner(p.incident);
  for (auto& x : h.changes) x.owner = owner(x.incident);
  for (auto& n : h.notifications) n.owner = owner(n.incident);
}

}  // namespace slaudit::engine
