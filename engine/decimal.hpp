// Exact decimal numbers for rates, percentages and money: no binary floating point.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace slaudit::engine {

/// value = units / 10^scale, exactly. Scale is at most 12.
struct decimal {
  std::int64_t units = 0;
  int scale = 0;

  /// Parses "99.95", "120000.00"; nullopt when it has too many digits to hold exactly.
  static std::optional<decimal> parse(std::string_view digits);
  /// Canonical text: no trailing fractional zeros beyond `min_scale` digits.
  std::string str(int min_scale = 0) const;
  /// This value scaled to `scale` digits, when that is exact.
  std::optional<std::int64_t> at_scale(int target) const;
};

/// -1, 0, 1: exact comparison whatever the scales.
int compare(const decimal& a, const decimal& b);
inline bool operator==(const decimal& a, const decimal& b) { return compare(a, b) == 0; }
inline bool operator<(const decimal& a, const decimal& b) { return compare(a, b) < 0; }
inline bool operator>(const decimal& a, const decimal& b) { return compare(a, b) > 0; }
inline bool operator<=(const decimal& a, const decimal& b) { return compare(a, b) <= 0; }

}  // namespace slaudit::engine
