// RFC 4180 CSV: comma-separated fields, CRLF or LF record ends, double-quoted fields that
// may hold commas, line breaks and doubled quotes. Input is UTF-8 (see encoding.hpp).
#pragma once

#include <cstdint>
#include <deque>
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

/// A row as the stream hands it over: its fields view the text being parsed (or, for a
/// quoted field with doubled quotes, the field unescaped), valid until the callback returns.
/// No field is copied unless it must be.
struct csv_row_view {
  std::uint32_t row = 0;
  std::vector<std::string_view> fields;
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
/// fields view the text only until the callback returns), so memory does not grow with the
/// file. A non-empty error from either callback stops the reading and is returned.
std::optional<csv_error> read_csv(std::string_view text,
                                  const std::function<std::optional<csv_error>(const std::vector<std::string>&)>& on_header,
                                  const std::function<std::optional<csv_error>(const csv_row_view&)>& on_row);

/// The same over text that arrives in pieces of any size (a file read a megabyte at a time):
/// complete records are parsed as they arrive, the rest waits for the next piece, so memory
/// holds one piece and one record, never the file.
class csv_stream {
 public:
  using header_fn = std::function<std::optional<csv_error>(const std::vector<std::string>&)>;
  using row_fn = std::function<std::optional<csv_error>(const csv_row_view&)>;
  csv_stream(header_fn on_header, row_fn on_row) : on_header_(std::move(on_header)), on_row_(std::move(on_row)) {}

  /// A row that is not well-formed CSV (fields unlike the header's, a stray quote, text after
  /// a closing quote, a quote never closed at the end of the file): with a handler, it is
  /// handed there and left out, and reading goes on at the next line; without, it stops the
  /// stream. The handler may return an error to stop anyway.
  using bad_row_fn = std::function<std::optional<csv_error>(const csv_error&)>;
  void on_bad_row(bad_row_fn f) { on_bad_row_ = std::move(f); }

  /// Parses what is complete; the first error stops the stream and is returned again after.
  std::optional<csv_error> feed(std::string_view text);
  /// The end of the text: the last record, and the checks that need the whole file.
  std::optional<csv_error> finish();

 private:
  std::optional<csv_error> parse(std::string_view text, bool last);
  std::optional<csv_error> end_record();
  void next_field();
  /// A malformed row: stops the stream, or goes to on_bad_row_ and is dropped.
  std::optional<csv_error> bad_row(csv_error e);
  void drop_record();

  header_fn on_header_;
  row_fn on_row_;
  bad_row_fn on_bad_row_;
  std::string pending_;       ///< text after the last complete record
  bool quoted_ = false;       ///< inside quotes at the end of `pending_`
  bool started_ = false;      ///< past a possible BOM
  std::optional<csv_error> error_;
  std::vector<std::string> header_;
  csv_row_view record_;       ///< the fields of the record being read, before the current one
  std::string_view field_;    ///< the current field, so far
  bool field_started_ = false;  ///< something of the current field was read
  std::deque<std::string> unescaped_;  ///< this record's quoted fields with doubled quotes
  std::uint32_t row_ = 1;
  bool has_content_ = false;
};

}  // namespace slaudit::history
