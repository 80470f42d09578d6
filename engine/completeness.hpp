// Whether a period's figures were made from everything the contract's terms read: the files
// read, the files absent and what their absence means, the rows left out. A run never gives a
// clean report from input it did not see (docs/rules.md, Completeness).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/events.hpp"
#include "engine/model.hpp"

namespace slaudit::engine {

/// What the contract's terms do with a history file.
enum class file_need : std::uint8_t {
  required,  ///< incidents.csv: a history without it is refused before replay
  measured,  ///< a target or clause measures its records: absent, the figures it feeds are unknown
  optional,  ///< records of exceptions (pauses, maintenance, extended service): absent, none
  unused     ///< no term of the contract reads it
};

/// One canonical history file of a period.
struct history_file_state {
  std::string_view name;  ///< incidents.csv, … (static storage)
  bool read = false;      ///< in the folder and read
  file_need need = file_need::unused;
  /// Not in the folder, but this many of its records came with incidents.csv: an export's
  /// profile maps an event log's pauses and changes out of it.
  std::size_t from_export = 0;
};

/// Why a period's figures are not complete.
struct completeness_gap {
  enum class kind : std::uint8_t {
    absent,       ///< a measured file is not in the folder
    skipped_rows, ///< bad rows skipped (--skip-bad-rows): the figures leave them out
    all_outside   ///< every incident (or ticket) lies outside the period: another month's history?
  } what = kind::absent;
  std::string_view file;
  std::size_t rows = 0;
};

struct completeness {
  std::vector<history_file_state> files;  ///< every canonical file, in the order they are read
  std::vector<completeness_gap> gaps;     ///< empty: complete
  bool complete() const { return gaps.empty(); }
};

/// The canonical history files, in the order they are read.
const std::vector<std::string_view>& canonical_history_files();

/// What `c` does with each history file, and what `h` (ingested for the period) lacks.
completeness assess_completeness(const contract& c, const history& h);

/// "complete", or "incomplete: tickets.csv absent (the contract measures ticket response);
/// 3 rows of incidents.csv skipped as bad": the one line the JSON and `explain` show (the
/// reports phrase the same facts in their language).
std::string completeness_line(const completeness& k);

/// Why the contract needs (or does not need) a history file, in English.
std::string_view need_text(std::string_view file, file_need need);

}  // namespace slaudit::engine
