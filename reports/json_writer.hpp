// The results as JSON for pipelines: keys in a fixed order, instants as UTC ISO 8601,
// durations in seconds, verdicts as words. docs/results-json.md is the schema.
#pragma once

#include <string>

#include "engine/results.hpp"

namespace slaudit::reports {

std::string results_json(const engine::period_result& r, const std::string& tool_version);

}  // namespace slaudit::reports
