// RFC 4180 CSV: comma-separated fields, CRLF or LF record ends, double-quoted fields that
// may hold commas, line breaks and doubled quotes. Input is UTF-8 (see encoding.hpp).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace slaudit::history {

struct csv_row {
  std::uint32_t row = 0;  ///< spreadsheet row: the header is row 1
  std::vector<std::string> fields;
};

struct csv_table {
  std::vector<std::string> header;  ///< trimmed of surrounding blanks
  std::vector<csv_row> rows;        ///< blank lines are skipped
  /// For a table a profile derived from an export: the export's column number of each
  /// column, so that errors point at what the user has. Empty: the columns are the file's.
  std::vector<std::uint32_t> source_columns;
};

/// Where and what: `row` as a spreadsheet shows it, `column` the 1-based field.
struct csv_error {
  std::uint32_t row = 0, column = 0;
  std::string message;
};

/// Parses the whole text. A leading UTF-8 BOM is ignored. Every row must have as many
/// fields as the header; a quote may only open or close a field.
std::variant<csv_table, csv_error> parse_csv(std::string_view text);

/// The same, row by row: `on_header` gets the header, `on_row` each row as it is read (its
/// fields are reused for the next row), so memory does not grow with the file. A non-empty
/// error from either callback stops the reading and is returned.
std::optional<csv_error> read_csv(std::string_view text,
                                  const std::function<std::optional<csv_error>(const std::vector<std::string>&)>& on_header,
                                  const std::function<std::optional<csv_error>(const csv_row&)>& on_row);

}  // namespace slaudit::history
