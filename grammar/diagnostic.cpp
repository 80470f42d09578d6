#include "grammar/diagnostic.hpp"

#include <algorithm>

namespace slaudit::grammar {

diagnostic& diagnostics::error(std::string code, std::uint32_t at, std::uint32_t end,
                               std::string message) {
  items_.push_back({severity::error, std::move(code), at, end, std::move(message), {}});
  return items_.back();
}

diagnostic& diagnostics::warning(std::string code, std::uint32_t at, std::uint32_t end,
                                 std::string message) {
  items_.push_back({severity::warning, std::move(code), at, end, std::move(message), {}});
  return items_.back();
}

bool diagnostics::has_errors() const { return count(severity::error) > 0; }

std::size_t diagnostics::count(severity s) const {
  return std::count_if(items_.begin(), items_.end(), [s](auto& d) { return d.level == s; });
}

std::vector<diagnostic> diagnostics::sorted() const {
  std::vector<diagnostic> v = items_;
  std::stable_sort(v.begin(), v.end(), [](auto& a, auto& b) { return a.at < b.at; });
  return v;
}

}  // namespace slaudit::grammar
