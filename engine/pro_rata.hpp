// A month an amendment marked `pro_rata` takes effect in: its fee, fee shares and
// availability targets are each version's, shared by the days it is in force
// (docs/rules.md, Amendments).
#pragma once

#include <optional>
#include <vector>

#include "engine/events.hpp"
#include "engine/model.hpp"
#include "engine/period.hpp"

namespace slaudit::engine {

/// The terms that judge period `p`'s own figures when an amendment taking effect inside it
/// says `pro_rata`: those of its first day, with the monthly fee, each service's fee share
/// and availability target replaced by the days' shares of every version in force in it.
/// Each figure replaced adds a `pro_rated` finding with its working. Nothing when no such
/// amendment takes effect inside the period.
std::optional<contract> pro_rated_terms(const contract& whole, const period& p, std::vector<finding>& trail);

}  // namespace slaudit::engine
