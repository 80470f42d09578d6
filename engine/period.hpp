// Reporting periods: a calendar month in the contract's zone, and quarters and years as
// unions of months (docs/rules.md: half-open [first 00:00, next first 00:00)).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/interval_set.hpp"
#include "engine/model.hpp"
#include "engine/zone.hpp"

namespace slaudit::engine {

struct period {
  int year = 0;
  int first_month = 1;  ///< 1..12
  int months = 1;       ///< 1, 3 or 12

  /// "2026-10", "2026Q4" or "2026", as it was asked for.
  std::string label() const;
  /// The months it is made of, in order.
  std::vector<period> monthly() const;
  civil_day first_day() const;
  /// The day after its last day.
  civil_day end_day() const;
};

/// The months of `c`'s contract year before `month`, oldest first: the contract year starts
/// on the term's first day and on each anniversary of it (a yearly cap counts from there).
/// Empty in a contract year's first month and before the term.
std::vector<period> earlier_months_of_contract_year(const contract& c, const period& month);

/// Parses "2026-10", "2026Q4" or "2026"; nullopt for anything else.
std::optional<period> parse_period(std::string_view text);

/// Why `text` is not a month such as 2026-10: written otherwise, a month that does not
/// exist, or a year outside 1970 to 9999 (the years slaudit's clocks hold).
std::string month_problem(std::string_view text);

/// The period as UTC instants: from local midnight of its first day to local midnight of
/// the day after its last, in `z`.
interval period_bounds(const period& p, const zone& z);

/// The contract's term as UTC instants: from local midnight of its first day to local
/// midnight after its last.
interval term_bounds(const contract& c, const zone& z);

/// The calendar month in `z` that instant `t` falls in: a clock carried over into a later
/// period is shown with the month it started in ("carried over from 2026-10").
period month_of(instant t, const zone& z);

/// Local midnight of civil day `d` as local seconds.
inline local_seconds local_midnight(civil_day d) { return static_cast<local_seconds>(d) * 86400; }

}  // namespace slaudit::engine
