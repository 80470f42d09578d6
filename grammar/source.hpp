// A source text with its name, and the mapping from byte offsets to lines and columns.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace slaudit::grammar {

struct line_col {
  std::uint32_t line = 1;    ///< 1-based
  std::uint32_t column = 1;  ///< 1-based, in characters (code points)
};

/// One file's text, or several: a contract and the terms files it extends are appended one
/// after another, each a part with its own path, so that an offset (kept in the syntax tree
/// and the diagnostics) says both the file and the place in it.
class source_file {
 public:
  source_file(std::string path, std::string text);

  /// The first file's path: the contract's.
  const std::string& path() const { return parts_.front().path; }
  const std::string& text() const { return text_; }
  /// Appends another file as a new part (after a line break of its own); returns its index.
  /// Refused (nullopt) when the whole would pass the 4 GiB offsets can address.
  std::optional<std::size_t> append(std::string path, std::string_view text);
  std::size_t part_count() const { return parts_.size(); }
  /// The part holding `offset`.
  std::size_t part_of(std::uint32_t offset) const;
  const std::string& part_path(std::size_t part) const { return parts_.at(part).path; }
  /// [begin, end) of a part's own text in text().
  std::uint32_t part_begin(std::size_t part) const { return parts_.at(part).begin; }
  std::uint32_t part_end(std::size_t part) const;
  /// The path of the file holding `offset`.
  const std::string& path_at(std::uint32_t offset) const { return part_path(part_of(offset)); }

  /// Line and column of `offset` in its own file.
  line_col position(std::uint32_t offset) const;
  /// The text of the line holding `offset`, without its line break, and where it starts.
  std::string_view line_text_at(std::uint32_t offset) const { return line_text(global_line(offset)); }
  std::uint32_t line_start_at(std::uint32_t offset) const { return line_start(global_line(offset)); }

  // Lines counted over the whole text, all parts (for walking lines in the parser).
  std::uint32_t global_line(std::uint32_t offset) const;
  /// The text of 1-based line `line`, without its line break.
  std::string_view line_text(std::uint32_t line) const;
  /// Byte offset where 1-based line `line` starts.
  std::uint32_t line_start(std::uint32_t line) const { return line_starts_.at(line - 1); }
  std::uint32_t line_count() const { return static_cast<std::uint32_t>(line_starts_.size()); }

 private:
  struct part {
    std::string path;
    std::uint32_t begin = 0;       ///< offset of its first byte
    std::uint32_t first_line = 1;  ///< global number of its first line
  };
  void index_lines(std::size_t from);
  std::vector<part> parts_;
  std::string text_;
  std::vector<std::uint32_t> line_starts_;
};

/// What a file's first bytes say it is when it is no UTF-8 text at all. A file in UTF-16
/// without its byte order mark (every second byte zero) would otherwise pass as UTF-8
/// holding NUL characters and fail later at a misleading spot.
enum class not_text_kind { text, gzip, zip, utf16le_bom, utf16be_bom, utf16le_no_bom, utf16be_no_bom, nul_bytes };
not_text_kind sniff_not_text(std::string_view head);
/// "a gzip archive", "UTF-16LE saved without a byte order mark", …: the kind as a phrase.
const char* not_text_phrase(not_text_kind k);

/// Offset of the first byte that is not valid UTF-8, or npos.
std::size_t find_invalid_utf8(std::string_view s);
/// `s` with every byte that is not valid UTF-8 replaced by U+FFFD, for echoing source text.
std::string valid_utf8(std::string_view s);
/// `s` as it may be echoed to a terminal: valid UTF-8 (see valid_utf8), and every control
/// character but the tab shown by its picture (ESC as U+241B, DEL as U+2421) or, for the C1
/// controls, as U+FFFD, so that a source line cannot move the cursor or recolour the screen.
/// Each replacement takes one column, as the byte it replaces is counted.
std::string printable(std::string_view s);
/// `s` (valid UTF-8) quoted in a message: whole when it has at most `max` code points, else
/// its first `max` and "… (N characters)", so that a message stays a line however long the
/// text it names.
std::string clipped(std::string_view s, std::size_t max = 48);
/// Decodes the code point at s[i] (valid UTF-8 assumed) and advances i.
char32_t next_code_point(std::string_view s, std::size_t& i);
/// Terminal columns a code point takes: 2 for East Asian wide characters, else 1.
int display_width(char32_t c);
/// Terminal columns a (valid UTF-8) text takes; a tab counts as one.
std::size_t display_width(std::string_view s);

}  // namespace slaudit::grammar
