#include "history/csv.hpp"

#include <optional>

namespace slaudit::history {
namespace {

std::string trim(std::string s) {
  auto b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return "";
  auto e = s.find_last_not_of(" \t");
  return s.substr(b, e - b + 1);
}

/// The characters that end a run of plain field text.
bool special(char c) { return c == ',' || c == '\n' || c == '\r' || c == '"'; }

}  // namespace

std::optional<csv_error> read_csv(
    std::string_view text, const std::function<std::optional<csv_error>(const std::vector<std::string>&)>& on_header,
    const std::function<std::optional<csv_error>(const csv_row&)>& on_row) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  std::vector<std::string> header;
  csv_row record;
  std::size_t used = 0;  // fields of `record` filled so far (the vector's strings are reused)
  std::uint32_t row = 1;
  std::size_t i = 0, n = text.size();
  bool record_has_content = false;
  auto field = [&]() -> std::string& {
    if (used == record.fields.size()) record.fields.emplace_back();
    return record.fields[used];
  };
  auto next_field = [&] {
    ++used;
    if (used < record.fields.size()) record.fields[used].clear();
  };
  if (!record.fields.empty()) record.fields[0].clear();

  auto end_record = [&]() -> std::optional<csv_error> {
    field();  // the last field, even when empty
    std::size_t count = used + 1;
    bool blank = !record_has_content && count == 1 && record.fields[0].empty();
    std::optional<csv_error> e;
    if (!blank) {
      if (header.empty()) {
        for (std::size_t k = 0; k < count; ++k) header.push_back(trim(record.fields[k]));
        e = on_header(header);
      } else if (count != header.size()) {
        e = csv_error{row, static_cast<std::uint32_t>(std::min(count, header.size()) + 1),
                      "this row has " + std::to_string(count) + " fields but the header has " + std::to_string(header.size())};
      } else {
        record.row = row;
        record.fields.resize(count);
        e = on_row(record);
      }
    }
    ++row;  // a blank line is still a row in a spreadsheet: numbers stay as users see them
    used = 0;
    if (!record.fields.empty()) record.fields[0].clear();
    record_has_content = false;
    return e;
  };

  while (i < n) {
    char c = text[i];
    auto column = static_cast<std::uint32_t>(used + 1);
    if (c == '"' && field().empty()) {
      // A quoted field: up to the closing quote; "" is a quote; line breaks are kept.
      std::uint32_t open_row = row;
      std::string& f = field();
      ++i;
      bool closed = false;
      while (i < n) {
        std::size_t q = text.find('"', i);
        if (q == std::string_view::npos) break;
        f.append(text.substr(i, q - i));
        if (q + 1 < n && text[q + 1] == '"') {
          f += '"';
          i = q + 2;
          continue;
        }
        i = q + 1;
        closed = true;
        break;
      }
      if (!closed) return csv_error{open_row, column, "a quoted field is never closed (a '\"' is missing)"};
      record_has_content = true;
      if (i < n && text[i] != ',' && text[i] != '\n' && text[i] != '\r')
        return csv_error{row, column, "text after the closing quote of a field: write \"\" for a quote inside a field"};
      continue;
    }
    if (c == ',') {
      field();
      next_field();
      record_has_content = true;
      ++i;
    } else if (c == '\n' || c == '\r') {
      i += (c == '\r' && i + 1 < n && text[i + 1] == '\n') ? 2 : 1;
      if (auto e = end_record()) return e;
    } else if (c == '"') {
      return csv_error{row, column, "a quote inside an unquoted field: quote the whole field and double the quote"};
    } else {
      // A run of plain characters at once.
      std::size_t stop = i + 1;
      while (stop < n && !special(text[stop])) ++stop;
      field().append(text.substr(i, stop - i));
      record_has_content = true;
      i = stop;
    }
  }
  if (record_has_content || used > 0 || (!record.fields.empty() && !record.fields[0].empty())) {
    if (auto e = end_record()) return e;
  }
  if (header.empty()) return csv_error{1, 1, "the file is empty: a header row is required"};
  return std::nullopt;
}

std::variant<csv_table, csv_error> parse_csv(std::string_view text) {
  csv_table table;
  auto e = read_csv(
      text,
      [&](const std::vector<std::string>& h) -> std::optional<csv_error> {
        table.header = h;
        return std::nullopt;
      },
      [&](const csv_row& r) -> std::optional<csv_error> {
        table.rows.push_back(r);
        return std::nullopt;
      });
  if (e) return *e;
  return table;
}

}  // namespace slaudit::history
