#include "engine/events.hpp"

#include <array>
#include <mutex>
#include <set>
#include <unordered_map>

namespace slaudit::engine {

std::string_view stable_file_name(std::string_view name) {
  static constexpr std::array<std::string_view, 9> canonical = {
      "incidents.csv", "pauses.csv",       "maintenance.csv", "extensions.csv", "tickets.csv",
      "escalations.csv", "transactions.csv", "alarms.csv",      "payments.csv"};
  for (auto n : canonical)
    if (n == name) return n;
  return lasting_text(name);  // other names (a profile's export, a test's file) are rare
}

std::string_view lasting_text(std::string_view text) {
  static std::mutex guard;
  static std::set<std::string, std::less<>> kept;  // nodes never move: views stay valid
  std::lock_guard lock(guard);
  auto it = kept.find(text);
  if (it == kept.end()) it = kept.emplace(text).first;
  return *it;
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
  for (auto& n : h.notifications) n.owner = owner(n.incident);
}

}  // namespace slaudit::engine
