#include "grammar/diagnostic.hpp"

#include <algorithm>

namespace slaudit::grammar {

diagnostic& diagnostics::add(diagnostic d) {
  if (items_.size() >= limit) {
    ++dropped_;
    overflow_ = std::move(d);  // kept only so the caller can attach notes to something
    if (overflow_.level == severity::error) has_dropped_error_ = true;
    return overflow_;
  }
  items_.push_back(std::move(d));
  return items_.back();
}

diagnostic& diagnostics::error(std::string code, std::uint32_t at, std::uint32_t end,
                               std::string message) {
  return add({severity::error, std::move(code), at, end, std::move(message), {}});
}

diagnostic& diagnostics::warning(std::string code, std::uint32_t at, std::uint32_t end,
                                 std::string message) {
  return add({severity::warning, std::move(code), at, end, std::move(message), {}});
}

bool diagnostics::has_errors() const { return has_dropped_error_ || count(severity::error) > 0; }

std::size_t diagnostics::count(severity s) const {
  return std::count_if(items_.begin(), items_.end(), [s](auto& d) { return d.level == s; });
}

std::vector<diagnostic> diagnostics::sorted() const {
  std::vector<diagnostic> v = items_;
  std::stable_sort(v.begin(), v.end(), [](auto& a, auto& b) { return a.at < b.at; });
  return v;
}

}  // namespace slaudit::grammar
