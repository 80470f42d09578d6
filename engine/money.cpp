#include "engine/money.hpp"

namespace slaudit::engine {
namespace {
__int128 pow10(int n) {
  __int128 p = 1;
  while (n-- > 0) p *= 10;
  return p;
}
__int128 gcd(__int128 a, __int128 b) {
  if (a < 0) a = -a;
  while (b) {
    __int128 t = a % b;
    a = b;
    b = t;
  }
  return a;
}
exact_money reduced(exact_money v) {
  __int128 g = gcd(v.num, v.den);
  if (g > 1) v.num /= g, v.den /= g;
  return v;
}
std::string digits(__int128 v) {
  if (v == 0) return "0";
  std::string s;
  bool neg = v < 0;
  if (neg) v = -v;
  while (v > 0) s.insert(s.begin(), static_cast<char>('0' + static_cast<int>(v % 10))), v /= 10;
  return neg ? "-" + s : s;
}
}  // namespace

exact_money exact_money::percent(const decimal& pct) const {
  return reduced({num * pct.units, den * 100 * pow10(pct.scale)});
}

minor_units round_money(const exact_money& v, rounding_mode mode, minor_units unit) {
  __int128 d = v.den * unit;  // v / unit = num / d
  __int128 q = v.num / d, r = v.num % d;
  switch (mode) {
    case rounding_mode::down: break;
    case rounding_mode::up: q += r > 0; break;
    case rounding_mode::half_up: q += 2 * r >= d; break;
    case rounding_mode::half_even: q += (2 * r > d) || (2 * r == d && q % 2 == 1); break;
  }
  return static_cast<minor_units>(q * unit);
}

std::string money_text(minor_units amount, const std::string& currency) {
  int k = minor_digits(currency);
  return decimal{amount, k}.str(k);
}

std::string exact_text(const exact_money& v0, const std::string& currency) {
  exact_money v = reduced(v0);
  int k = minor_digits(currency);
  // Terminating: den divides some 10^n (n ≤ 12) — then print with k + n decimals, trimmed.
  for (int n = 0; n <= 12; ++n) {
    if (pow10(n) % v.den == 0) {
      __int128 scaled = v.num * (pow10(n) / v.den);  // value × 10^(k+n) in currency units
      std::string s = digits(scaled);
      int places = k + n;
      if (static_cast<int>(s.size()) <= places) s.insert(0, places - s.size() + 1, '0');
      std::string out = s.substr(0, s.size() - places) + "." + s.substr(s.size() - places);
      while (out.back() == '0' && out.size() - out.find('.') - 1 > static_cast<std::size_t>(k)) out.pop_back();
      return out;
    }
  }
  return digits(v.num) + "/" + digits(v.den) + " minor units";
}

const char* rounding_word(rounding_mode m) {
  switch (m) {
    case rounding_mode::half_up: return "half up";
    case rounding_mode::half_even: return "half even";
    case rounding_mode::down: return "down";
    case rounding_mode::up: return "up";
  }
  return "";
}

}  // namespace slaudit::engine
