#include "grammar/source.hpp"

#include <cstdint>
#include <cstring>

#include <algorithm>
#include <limits>

namespace slaudit::grammar {

source_file::source_file(std::string path, std::string text) : text_(std::move(text)) {
  parts_.push_back({std::move(path), 0, 1});
  line_starts_.push_back(0);
  index_lines(0);
}

void source_file::index_lines(std::size_t from) {
  for (std::size_t i = from; i < text_.size(); ++i)
    if (text_[i] == '\n') line_starts_.push_back(static_cast<std::uint32_t>(i + 1));
}

std::optional<std::size_t> source_file::append(std::string path, std::string_view text) {
  // The line break ends the part before, so that no line spans two files.
  if (text_.size() + 1 + text.size() >= std::numeric_limits<std::uint32_t>::max()) return std::nullopt;
  std::size_t from = text_.size();
  text_ += '\n';
  auto begin = static_cast<std::uint32_t>(text_.size());
  text_ += text;
  index_lines(from);
  parts_.push_back({std::move(path), begin, global_line(begin)});
  return parts_.size() - 1;
}

std::size_t source_file::part_of(std::uint32_t offset) const {
  auto it = std::upper_bound(parts_.begin(), parts_.end(), offset,
                             [](std::uint32_t o, const part& p) { return o < p.begin; });
  return static_cast<std::size_t>(it - parts_.begin()) - 1;
}

std::uint32_t source_file::part_end(std::size_t part) const {
  // Each later part starts after the line break appended before it.
  return part + 1 < parts_.size() ? parts_[part + 1].begin - 1 : static_cast<std::uint32_t>(text_.size());
}

std::uint32_t source_file::global_line(std::uint32_t offset) const {
  offset = std::min<std::uint32_t>(offset, static_cast<std::uint32_t>(text_.size()));
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  return static_cast<std::uint32_t>(it - line_starts_.begin());
}

line_col source_file::position(std::uint32_t offset) const {
  offset = std::min<std::uint32_t>(offset, static_cast<std::uint32_t>(text_.size()));
  std::uint32_t line = global_line(offset);
  std::uint32_t column = 1;
  for (std::size_t i = line_starts_[line - 1]; i < offset;) {
    next_code_point(text_, i);
    ++column;
  }
  return {line - parts_[part_of(offset)].first_line + 1, column};
}

std::string_view source_file::line_text(std::uint32_t line) const {
  if (line == 0 || line > line_starts_.size()) return {};
  std::size_t begin = line_starts_[line - 1];
  std::size_t end = line < line_starts_.size() ? line_starts_[line] - 1 : text_.size();
  std::string_view v(text_.data() + begin, end - begin);
  if (!v.empty() && v.back() == '\r') v.remove_suffix(1);
  return v;
}

not_text_kind sniff_not_text(std::string_view head) {
  if (head.substr(0, 2) == "\x1F\x8B") return not_text_kind::gzip;
  if (head.substr(0, 4) == "PK\x03\x04") return not_text_kind::zip;
  if (head.substr(0, 2) == "\xFF\xFE") return not_text_kind::utf16le_bom;
  if (head.substr(0, 2) == "\xFE\xFF") return not_text_kind::utf16be_bom;
  std::size_t zero_even = 0, zero_odd = 0;
  for (std::size_t i = 0; i < head.size(); ++i)
    if (head[i] == '\0') ++(i % 2 ? zero_odd : zero_even);
  if (zero_even + zero_odd == 0) return not_text_kind::text;
  std::size_t pairs = head.size() / 2;
  if (zero_even == 0 && zero_odd * 4 >= pairs * 3) return not_text_kind::utf16le_no_bom;
  if (zero_odd == 0 && zero_even * 4 >= pairs * 3) return not_text_kind::utf16be_no_bom;
  return not_text_kind::nul_bytes;
}

const char* not_text_phrase(not_text_kind k) {
  switch (k) {
    case not_text_kind::text: return "text";
    case not_text_kind::gzip: return "a gzip archive";
    case not_text_kind::zip: return "a ZIP archive";
    case not_text_kind::utf16le_bom: return "UTF-16LE text (it starts with its byte order mark)";
    case not_text_kind::utf16be_bom: return "UTF-16BE text (it starts with its byte order mark)";
    case not_text_kind::utf16le_no_bom: return "UTF-16LE saved without a byte order mark";
    case not_text_kind::utf16be_no_bom: return "UTF-16BE saved without a byte order mark";
    case not_text_kind::nul_bytes: return "not a text file (or a damaged one): it holds NUL bytes";
  }
  return "text";
}

std::size_t find_invalid_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    // Most text (CSV exports, contracts) is ASCII: eight bytes at a time while no byte has its
    // high bit set.
    while (i + 8 <= s.size()) {
      std::uint64_t word;
      std::memcpy(&word, s.data() + i, 8);
      if (word & 0x8080808080808080ULL) break;
      i += 8;
    }
    if (i >= s.size()) break;
    auto c = static_cast<unsigned char>(s[i]);
    int n = c < 0x80 ? 0 : (c & 0xE0) == 0xC0 ? 1 : (c & 0xF0) == 0xE0 ? 2 : (c & 0xF8) == 0xF0 ? 3 : -1;
    if (n < 0 || (n == 1 && c < 0xC2) || (n == 3 && c > 0xF4) || i + n >= s.size() + (n == 0))
      return i;
    char32_t cp = n == 0 ? c : c & (0x3F >> n);
    for (int k = 1; k <= n; ++k) {
      auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) || (cp >= 0xD800 && cp <= 0xDFFF) ||
        cp > 0x10FFFF)
      return i;
    i += n + 1;
  }
  return std::string_view::npos;
}

std::string valid_utf8(std::string_view s) {
  std::string out;
  while (!s.empty()) {
    std::size_t bad = find_invalid_utf8(s);
    if (bad == std::string_view::npos) {
      out.append(s);
      break;
    }
    out.append(s.substr(0, bad));
    out += "\xEF\xBF\xBD";
    s.remove_prefix(bad + 1);
  }
  return out;
}

std::string printable(std::string_view s) {
  std::string text = valid_utf8(s);
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    std::size_t begin = i;
    char32_t c = next_code_point(text, i);
    if (c == '\t' || (c >= 0x20 && c < 0x7F) || c > 0x9F) out.append(text, begin, i - begin);
    else if (c < 0x20) out += "\xE2\x90" + std::string(1, static_cast<char>(0x80 + c));  // U+2400 + c
    else if (c == 0x7F) out += "\xE2\x90\xA1";                                       // U+2421
    else out += "\xEF\xBF\xBD";                                                       // U+FFFD
  }
  return out;
}

std::string clipped(std::string_view s, std::size_t max) {
  std::size_t i = 0, count = 0, cut = 0;
  while (i < s.size()) {
    next_code_point(s, i);
    if (++count == max) cut = i;
  }
  if (count <= max) return std::string(s);
  return std::string(s.substr(0, cut)) + "… (" + std::to_string(count) + " characters)";
}

char32_t next_code_point(std::string_view s, std::size_t& i) {
  auto c = static_cast<unsigned char>(s[i++]);
  if (c < 0x80) return c;
  int n = (c & 0xE0) == 0xC0 ? 1 : (c & 0xF0) == 0xE0 ? 2 : 3;
  char32_t cp = c & (0x3F >> n);
  for (int k = 0; k < n && i < s.size(); ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i++]) & 0x3F);
  return cp;
}

int display_width(char32_t c) {
  // East Asian Wide and Fullwidth blocks (UAX #11), the ones contracts use.
  if ((c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0x303E) || (c >= 0x3041 && c <= 0x33FF) ||
      (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xA000 && c <= 0xA4CF) ||
      (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE30 && c <= 0xFE4F) ||
      (c >= 0xFF00 && c <= 0xFF60) || (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x1F300 && c <= 0x1F64F) ||
      (c >= 0x1F900 && c <= 0x1F9FF) || (c >= 0x20000 && c <= 0x3FFFD))
    return 2;
  return 1;
}

std::size_t display_width(std::string_view s) {
  std::size_t w = 0;
  for (std::size_t i = 0; i < s.size();) w += display_width(next_code_point(s, i));
  return w;
}

}  // namespace slaudit::grammar
