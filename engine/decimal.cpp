#include "engine/decimal.hpp"

namespace slaudit::engine {
namespace {
constexpr int max_scale = 12;
__int128 pow10(int n) {
  __int128 p = 1;
  while (n-- > 0) p *= 10;
  return p;
}
}  // namespace

std::optional<decimal> decimal::parse(std::string_view s) {
  decimal d;
  bool fraction = false;
  if (s.empty()) return std::nullopt;
  for (char c : s) {
    if (c == '.') {
      if (fraction) return std::nullopt;
      fraction = true;
      continue;
    }
    if (c < '0' || c > '9') return std::nullopt;
    if (d.units > (INT64_MAX - 9) / 10) return std::nullopt;
    d.units = d.units * 10 + (c - '0');
    if (fraction && ++d.scale > max_scale) return std::nullopt;
  }
  return d;
}

std::string decimal::str(int min_scale) const {
  std::int64_t u = units;
  int sc = scale;
  while (sc > min_scale && u % 10 == 0) u /= 10, --sc;
  std::string digits = std::to_string(u < 0 ? -u : u);
  std::string out = u < 0 ? "-" : "";
  if (sc <= 0) return out + digits;
  if (static_cast<int>(digits.size()) <= sc) digits = std::string(sc - digits.size() + 1, '0') + digits;
  std::size_t int_len = digits.size() - sc;
  return out + digits.substr(0, int_len) + "." + digits.substr(int_len);
}

std::optional<std::int64_t> decimal::at_scale(int target) const {
  if (target >= scale) {
    __int128 v = static_cast<__int128>(units) * pow10(target - scale);
    if (v > INT64_MAX || v < INT64_MIN) return std::nullopt;
    return static_cast<std::int64_t>(v);
  }
  __int128 p = pow10(scale - target);
  if (units % p != 0) return std::nullopt;
  return static_cast<std::int64_t>(units / p);
}

int compare(const decimal& a, const decimal& b) {
  int s = a.scale > b.scale ? a.scale : b.scale;
  __int128 x = static_cast<__int128>(a.units) * pow10(s - a.scale);
  __int128 y = static_cast<__int128>(b.units) * pow10(s - b.scale);
  return x < y ? -1 : x > y ? 1 : 0;
}

}  // namespace slaudit::engine
