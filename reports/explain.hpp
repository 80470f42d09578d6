// `slaudit explain`: the results' trail as text a person reads — every figure with the
// records, rule, clause and formula behind it. Times are shown in the contract's zone.
#pragma once

#include <optional>
#include <string>

#include "engine/results.hpp"
#include "engine/zone.hpp"

namespace slaudit::reports {

struct explain_filter {
  std::optional<std::string> incident;  ///< only what concerns this incident (or ticket)
  std::optional<std::string> penalty;   ///< only this penalty's lines
};

std::string explain_text(const engine::period_result& r, const engine::zone& z, const explain_filter& f);

}  // namespace slaudit::reports
