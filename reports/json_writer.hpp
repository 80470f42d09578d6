// The results as JSON for pipelines: keys in a fixed order, instants as UTC ISO 8601,
// durations in seconds, verdicts as words. docs/results-json.md is the schema.
#pragma once

#include <string>
#include <vector>

#include "engine/results.hpp"

namespace slaudit::reports {

/// A file the contract was read from, and the SHA-256 of its bytes.
struct source_digest {
  std::string file, sha256;
};

/// `sources`: the contract file first, then every file it read (the terms it extends, its
/// calendars); given, they are listed under "contract", so that a diff of two runs can say
/// which of them changed.
std::string results_json(const engine::period_result& r, const std::string& tool_version,
                         const std::vector<source_digest>& sources = {});

}  // namespace slaudit::reports
