// Money: each penalty clause applied to a period's results, line by line, rounded once per
// line, then the caps in the contract's order (docs/rules.md, "Money").
#pragma once

#include "engine/events.hpp"
#include "engine/model.hpp"
#include "engine/period.hpp"
#include "engine/results.hpp"

namespace slaudit::engine {

/// `earlier`: what the provider already owed in earlier months of the same contract year (from
/// the ledger, or stated by the user), for a yearly cap. Unknown while the period has earlier
/// months in its contract year: the yearly cap is not applied, and the caps and findings say so.
/// With `refused`, the decisions on penalty lines of `h` are applied before the caps (those
/// that cannot be go to `refused`); without, the lines are as the terms give them.
money_result assess_penalties(const contract& c, const period_result& r, const history& h, const period& p,
                              const earlier_credits& earlier, std::vector<refused_decision>* refused = nullptr);

}  // namespace slaudit::engine
