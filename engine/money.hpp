// Exact money: amounts as fractions of minor units (fen), rounded once, per penalty line,
// as the contract says. No binary floating point anywhere on this path.
#pragma once

#include <string>

#include "engine/model.hpp"

namespace slaudit::engine {

/// num / den minor units, den > 0, num ≥ 0.
struct exact_money {
  __int128 num = 0, den = 1;

  static exact_money of(minor_units m) { return {m, 1}; }
  /// this × pct% (pct an exact decimal percentage).
  exact_money percent(const decimal& pct) const;
  exact_money times(std::int64_t n) const { return {num * n, den}; }
  exact_money plus(const exact_money& o) const { return {num * o.den + o.num * den, den * o.den}; }
  bool is_zero() const { return num == 0; }
};

/// Rounds to a multiple of `unit` minor units: half_up, half_even, down or up.
minor_units round_money(const exact_money& v, rounding_mode mode, minor_units unit);

/// "5000.00" for 500000 fen (the currency's minor digits), "-12.30" for negatives.
std::string money_text(minor_units amount, const std::string& currency);
/// The exact value in currency units: "1234.5675" while it terminates within 12 decimals,
/// else "num/den" of minor units.
std::string exact_text(const exact_money& v, const std::string& currency);

const char* rounding_word(rounding_mode m);

}  // namespace slaudit::engine
