// Money: each penalty clause applied to a period's results, line by line, rounded once per
// line, then the caps in the contract's order (domain.md, "Money").
#pragma once

#include "engine/events.hpp"
#include "engine/model.hpp"
#include "engine/period.hpp"
#include "engine/results.hpp"

namespace slaudit::engine {

/// `earlier_year_credits`: what the provider already owed in earlier months of the same
/// contract year (from the ledger), for a yearly cap.
money_result assess_penalties(const contract& c, const period_result& r, const history& h, const period& p,
                              minor_units earlier_year_credits);

}  // namespace slaudit::engine
