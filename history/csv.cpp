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

}  // namespace

std::variant<csv_table, csv_error> parse_csv(std::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  csv_table table;
  std::vector<std::string> record;
  std::string field;
  std::uint32_t row = 1;
  std::size_t i = 0, n = text.size();
  bool record_has_content = false;

  auto end_record = [&]() -> std::optional<csv_error> {
    record.push_back(std::move(field));
    field.clear();
    bool blank = !record_has_content && record.size() == 1;
    if (!blank) {
      if (table.header.empty()) {
        for (auto& h : record) table.header.push_back(trim(h));
      } else if (record.size() != table.header.size()) {
        return csv_error{row, static_cast<std::uint32_t>(std::min(record.size(), table.header.size()) + 1),
                         "this row has " + std::to_string(record.size()) + " fields but the header has " +
                             std::to_string(table.header.size())};
      } else {
        table.rows.push_back({row, std::move(record)});
      }
    }
    ++row;  // a blank line is still a row in a spreadsheet: numbers stay as users see them
    record.clear();
    record_has_content = false;
    return std::nullopt;
  };

  while (i < n) {
    char c = text[i];
    auto column = static_cast<std::uint32_t>(record.size() + 1);
    if (c == '"' && field.empty()) {
      // A quoted field: up to the closing quote; "" is a quote; line breaks are kept.
      std::uint32_t open_row = row;
      ++i;
      bool closed = false;
      while (i < n) {
        if (text[i] == '"') {
          if (i + 1 < n && text[i + 1] == '"') {
            field += '"';
            i += 2;
            continue;
          }
          ++i;
          closed = true;
          break;
        }
        field += text[i++];
      }
      if (!closed) return csv_error{open_row, column, "a quoted field is never closed (a '\"' is missing)"};
      record_has_content = true;
      if (i < n && text[i] != ',' && text[i] != '\n' && text[i] != '\r')
        return csv_error{row, column, "text after the closing quote of a field: write \"\" for a quote inside a field"};
      continue;
    }
    if (c == ',') {
      record.push_back(std::move(field));
      field.clear();
      record_has_content = true;
      ++i;
    } else if (c == '\n' || c == '\r') {
      i += (c == '\r' && i + 1 < n && text[i + 1] == '\n') ? 2 : 1;
      if (auto e = end_record()) return *e;
    } else if (c == '"') {
      return csv_error{row, column, "a quote inside an unquoted field: quote the whole field and double the quote"};
    } else {
      field += c;
      record_has_content = true;
      ++i;
    }
  }
  if (record_has_content || !field.empty() || !record.empty()) {
    if (auto e = end_record()) return *e;
  }
  if (table.header.empty()) return csv_error{1, 1, "the file is empty: a header row is required"};
  return table;
}

}  // namespace slaudit::history
