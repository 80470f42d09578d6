// Formatting shared by the report writers.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "engine/interval_set.hpp"
#include "engine/model.hpp"

namespace slaudit::reports {

/// Seconds since the epoch as "2026-10-03T06:05:00" followed by `suffix` ("Z"), or with
/// `separator` ' ' for people: "2026-10-03 14:05:00". No streams: this runs per figure.
std::string timestamp_text(engine::instant seconds, char separator = 'T', const char* suffix = "");
/// The same without the suffix into `out` (room for 32 characters); returns how many.
std::size_t timestamp_chars(engine::instant seconds, char separator, char* out);

/// The items with `separator` between them.
std::string joined(const std::vector<std::string>& items, std::string_view separator);

/// A rule's contract clauses, "SLA 4.1, SLA 4.3" (empty when the rule has no origin).
std::string clauses(const engine::origin* o);

}  // namespace slaudit::reports
