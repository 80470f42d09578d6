// Reads the canonical history files of one contract-period folder (docs/history.md)
// into the engine's events. A bad row stops the contract with file:row:column and what is
// wrong, unless skip_bad_rows, which lists every skipped row as a finding instead.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "engine/events.hpp"
#include "engine/file_reader.hpp"
#include "engine/zone.hpp"
#include "history/encoding.hpp"
#include "history/timestamp.hpp"

namespace slaudit::history {

struct ingest_options {
  encoding text_encoding = encoding::detect;
  bool skip_bad_rows = false;
  /// Named timestamp formats by column ("occurred", or "incidents.occurred" for one file).
  std::map<std::string, time_format> formats;
  /// The layout of incidents.csv: "" (canonical) or a profile of profiles.hpp.
  std::string profile;
  /// For profiles whose export names no service: the contract service incidents belong to
  /// (default: the contract's only service).
  std::string service;
  /// The period to be replayed, in UTC. When set, every row is still read and checked, but
  /// records that cannot touch the period are not kept (a year's export run month by month
  /// holds one month): incidents and tickets that start after it or finished before it
  /// (every stop time recorded and earlier), with their pauses and notifications, and
  /// maintenance or extensions outside it. Each file's `outside_period` counts them.
  std::optional<engine::interval> period;
};

/// `file:row:column: message`, the row and column as a spreadsheet shows them; or, for what
/// the folder holds (`folder`: no incidents.csv, a file the tool does not know, an empty
/// folder), the message alone, which names the files.
struct ingest_error {
  std::string file;
  std::uint32_t row = 0, column = 0;
  std::string message;
  bool folder = false;
  bool whole_file = false;  ///< the file as a whole (its encoding): no row to skip
  std::string str() const;
};

struct ingest_result {
  engine::history events;
  std::optional<ingest_error> error;  ///< set: nothing is to be computed from `events`
};

/// Reads `folder`/incidents.csv, pauses.csv, … through `files`. incidents.csv is required (a
/// month without incidents is an incidents.csv with only its header); any other file missing
/// means no such events, and the results' completeness says whether the contract needed it.
/// A folder that holds a name the tool does not know (`incident.csv`, `tickets.xlsx`, a
/// subfolder) is refused: a misnamed file is never read as an empty one. Names starting with
/// "." are not history files and are left alone. Values are checked against the contract:
/// services, severities, currency.
ingest_result ingest_folder(const std::string& folder, const engine::file_reader& files,
                            const engine::contract& c, const engine::zone& z, const ingest_options& opt);

/// The canonical file names, in the order they are read.
const std::vector<std::string>& canonical_files();

}  // namespace slaudit::history
