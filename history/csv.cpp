#include "history/csv.hpp"

#include <algorithm>
#include <array>
#include <optional>

namespace slaudit::history {
namespace {

std::string trim(std::string s) {
  auto b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return "";
  auto e = s.find_last_not_of(" \t");
  return s.substr(b, e - b + 1);
}

/// Past the line break that ends the line `at` is on (the text's end when there is none): a
/// malformed row is left out to there.
std::size_t skip_line(std::string_view text, std::size_t at) {
  auto nl = text.find('\n', at);
  return nl == std::string_view::npos ? text.size() : nl + 1;
}

/// The characters that end a run of plain field text.
constexpr std::array<bool, 256> special_bytes = [] {
  std::array<bool, 256> t{};
  for (unsigned char c : {',', '\n', '\r', '"'}) t[c] = true;
  return t;
}();
bool special(char c) { return special_bytes[static_cast<unsigned char>(c)]; }

}  // namespace

std::optional<csv_error> read_csv(std::string_view text, const csv_stream::header_fn& on_header,
                                  const csv_stream::row_fn& on_row) {
  csv_stream stream(on_header, on_row);
  if (auto e = stream.feed(text)) return e;
  return stream.finish();
}

void csv_stream::next_field() {
  record_.fields.push_back(field_);
  field_ = {};
  field_started_ = false;
}

std::optional<csv_error> csv_stream::end_record() {
  next_field();  // the last field, even when empty
  std::size_t count = record_.fields.size();
  bool blank = !has_content_ && count == 1 && record_.fields[0].empty();
  std::optional<csv_error> e;
  if (!blank) {
    if (header_.empty()) {
      for (auto f : record_.fields) header_.push_back(trim(std::string(f)));
      e = on_header_(header_);
    } else if (count != header_.size()) {
      e = bad_row(csv_error{row_, static_cast<std::uint32_t>(std::min(count, header_.size()) + 1),
                            "this row has " + std::to_string(count) + " fields but the header has " +
                                std::to_string(header_.size())});
    } else {
      record_.row = row_;
      e = on_row_(record_);
    }
  }
  ++row_;  // a blank line is still a row in a spreadsheet: numbers stay as users see them
  record_.fields.clear();
  unescaped_.clear();
  has_content_ = false;
  return e;
}

std::optional<csv_error> csv_stream::bad_row(csv_error e) {
  if (!on_bad_row_ || header_.empty()) return e;  // a bad header is never skipped
  return on_bad_row_(e);
}

void csv_stream::drop_record() {
  record_.fields.clear();
  unescaped_.clear();
  field_ = {};
  field_started_ = false;
  has_content_ = false;
  ++row_;
}

namespace {

/// Scans `text` from quote state `quoted` (updated to the state at its end): the position
/// after the last line break outside quotes, npos when there is none.
std::size_t record_ends(std::string_view text, bool& quoted) {
  // The state at the end is the state at the start, flipped by each quote (a doubled quote
  // flips it twice). Counting quotes is a vectorised scan; walking back from the end with
  // that state finds the last record's end, usually within one record.
  bool state = quoted ^ (std::count(text.begin(), text.end(), '"') % 2 == 1);
  quoted = state;
  for (std::size_t k = text.size(); k-- > 0;) {
    char c = text[k];
    if (c == '"') state = !state;
    else if (c == '\n' && !state) return k + 1;
  }
  return std::string_view::npos;
}

}  // namespace

std::optional<csv_error> csv_stream::feed(std::string_view text) {
  if (error_) return error_;
  if (!started_) {
    // A BOM may be split between pieces: gather three bytes before looking.
    pending_.append(text);
    if (pending_.size() < 3) return std::nullopt;
    started_ = true;
    if (std::string_view(pending_).substr(0, 3) == "\xEF\xBB\xBF") pending_.erase(0, 3);
    std::string first;
    first.swap(pending_);
    quoted_ = false;
    return feed(first);
  }
  // The record the last piece left unfinished, completed by this one.
  if (!pending_.empty()) {
    bool quoted = quoted_;
    std::size_t first = std::string_view::npos;
    for (std::size_t k = 0; k < text.size(); ++k) {
      if (text[k] == '"') quoted = !quoted;
      else if (text[k] == '\n' && !quoted) {
        first = k + 1;
        break;
      }
    }
    if (first == std::string_view::npos) {
      pending_.append(text);
      quoted_ = quoted;  // the whole piece was scanned
      return std::nullopt;
    }
    pending_.append(text.substr(0, first));
    error_ = parse(pending_, false);
    pending_.clear();
    if (error_) return error_;
    text.remove_prefix(first);  // the rest starts at a record: outside quotes
  }
  bool quoted = false;
  std::size_t last = record_ends(text, quoted);
  if (last == std::string_view::npos) {
    pending_.assign(text);
    quoted_ = quoted;
    return std::nullopt;
  }
  error_ = parse(text.substr(0, last), false);
  pending_.assign(text.substr(last));
  quoted_ = quoted;  // the state at the end of the text is the state at the end of the rest
  return error_;
}

std::optional<csv_error> csv_stream::finish() {
  if (error_) return error_;
  if (!started_) {
    started_ = true;
    if (std::string_view(pending_).substr(0, 3) == "\xEF\xBB\xBF") pending_.erase(0, 3);
  }
  error_ = parse(pending_, true);
  pending_.clear();
  if (!error_ && header_.empty()) error_ = csv_error{1, 1, "the file is empty: a header row is required"};
  return error_;
}

// Every call parses whole records (feed cuts the text after a record's end; finish passes the
// rest), so the fields can view `text` until the record's callback returns.
std::optional<csv_error> csv_stream::parse(std::string_view text, bool last) {
  std::size_t i = 0, n = text.size();
  while (i < n) {
    char c = text[i];
    auto column = static_cast<std::uint32_t>(record_.fields.size() + 1);
    if (c == '"' && !field_started_) {
      // A quoted field: up to the closing quote; "" is a quote; line breaks are kept. Only a
      // field with doubled quotes is copied (unescaped); any other is a view of the text.
      std::uint32_t open_row = row_;
      std::size_t begin = ++i;
      std::string* copy = nullptr;
      bool closed = false;
      while (i < n) {
        std::size_t q = text.find('"', i);
        if (q == std::string_view::npos) break;
        if (q + 1 < n && text[q + 1] == '"') {
          if (!copy) copy = &unescaped_.emplace_back(text.substr(begin, q - begin));
          else copy->append(text.substr(i, q - i));
          copy->push_back('"');
          i = q + 2;
          continue;
        }
        if (copy) copy->append(text.substr(i, q - i));
        field_ = copy ? std::string_view(*copy) : text.substr(begin, q - begin);
        i = q + 1;
        closed = true;
        break;
      }
      if (!closed) {
        csv_error e{open_row, column, "a quoted field is never closed (a '\"' is missing)"};
        // At the end of the file the rest of it is this field: a truncated last row, skipped.
        // Elsewhere (a piece cut where a skipped row's stray quote misled the cutting) it stops.
        if (!last) return e;
        if (auto stop = bad_row(e)) return stop;
        drop_record();
        return std::nullopt;
      }
      field_started_ = true;
      has_content_ = true;
      if (i < n && text[i] != ',' && text[i] != '\n' && text[i] != '\r') {
        if (auto e = bad_row(csv_error{row_, column, "text after the closing quote of a field: write \"\" for a quote inside a field"}))
          return e;
        i = skip_line(text, i);
        drop_record();
      }
      continue;
    }
    if (c == ',') {
      next_field();
      has_content_ = true;
      ++i;
    } else if (c == '\n' || c == '\r') {
      i += (c == '\r' && i + 1 < n && text[i + 1] == '\n') ? 2 : 1;
      if (auto e = end_record()) return e;
    } else if (c == '"') {
      if (auto e = bad_row(csv_error{row_, column, "a quote inside an unquoted field: quote the whole field and double the quote"}))
        return e;
      i = skip_line(text, i);
      drop_record();
    } else {
      // A run of plain characters: the whole unquoted field (a special character ends it).
      std::size_t stop = i + 1;
      while (stop < n && !special(text[stop])) ++stop;
      field_ = text.substr(i, stop - i);
      field_started_ = true;
      has_content_ = true;
      i = stop;
    }
  }
  if (last && (has_content_ || !record_.fields.empty() || !field_.empty()))
    if (auto e = end_record()) return e;
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
      [&](const csv_row_view& r) -> std::optional<csv_error> {
        table.rows.push_back({r.row, std::vector<std::string>(r.fields.begin(), r.fields.end())});
        return std::nullopt;
      });
  if (e) return *e;
  return table;
}

}  // namespace slaudit::history
