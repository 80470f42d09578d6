// Column-mapping profiles: exports of ticketing systems mapped onto the canonical tables.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/events.hpp"
#include "engine/model.hpp"
#include "history/csv.hpp"
#include "history/timestamp.hpp"

namespace slaudit::history {

struct profile_result {
  csv_table incidents;  ///< canonical columns; rows numbered as in the export
  csv_table pauses;
  csv_table changes;  ///< incident, from, severity, impact: in force from a time on (changes.csv)
  std::map<std::string, time_format> formats;  ///< the export's timestamp formats
  std::vector<engine::finding> findings;       ///< what the mapping had to decide
  std::optional<csv_error> error;
};

/// The profiles there are: "servicenow-eventlog".
const std::vector<std::string>& profile_names();

/// Maps an export onto canonical incidents and pauses. `service`: the contract service the
/// incidents belong to when the export names none (empty: the contract's only service).
profile_result apply_profile(const std::string& profile, const csv_table& export_rows,
                             const engine::contract& c, const std::string& service);

}  // namespace slaudit::history
