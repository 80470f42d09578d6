// Formatting shared by the report writers.
#pragma once

#include <string>
#include <string_view>

#include "engine/interval_set.hpp"

namespace slaudit::reports {

/// Seconds since the epoch as "2026-10-03T06:05:00" followed by `suffix` ("Z"), or with
/// `separator` ' ' for people: "2026-10-03 14:05:00". No streams: this runs per figure.
std::string timestamp_text(engine::instant seconds, char separator = 'T', const char* suffix = "");

/// A string as JSON writes it (quotes, backslashes and control characters escaped).
std::string json_escape(std::string_view s);

/// The same, appended to `out` (writers with millions of values build no temporaries).
void append_json_escaped(std::string& out, std::string_view s);

}  // namespace slaudit::reports
