// Text encodings of history files: UTF-8 (with or without BOM); GB18030/GBK, which Excel on
// Chinese Windows saves CSV in; Windows-1252, which it saves in on Western Windows; UTF-16
// with a BOM (Excel's "Unicode text"). Named, or detected only when the bytes have exactly
// one plausible reading: never guessed wrong silently (an ambiguous file is refused, with
// the readings it has, and --encoding decides).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace slaudit::history {

enum class encoding { detect, utf8, gb18030, windows1252, utf16 };

/// "utf-8", "gb18030" (also "gbk", "gb2312", which GB18030 contains), "windows-1252" (also
/// "cp1252", "latin1", "iso-8859-1": what Western exports labelled Latin-1 are written in),
/// "utf-16" (with a BOM) or "auto".
std::optional<encoding> parse_encoding(std::string_view name);

struct decoded {
  /// The UTF-8 text, BOM removed: a view of `owned`, valid while this object lives.
  std::string_view text() const { return std::string_view(owned).substr(skip); }

  std::string owned;       ///< the input itself when it was UTF-8 (no copy), else the conversion
  std::size_t skip = 0;    ///< bytes of BOM at the start of `owned`
  std::string used;        ///< "UTF-8", "GB18030", "Windows-1252" or "UTF-16", for the inputs list
  std::string error;       ///< empty on success
  std::uint32_t error_line = 0, error_column = 0;  ///< 1-based: line and byte column
};

/// `bytes` is taken over: valid UTF-8 is kept as it is, not copied.
decoded to_utf8(std::string bytes, encoding enc);

/// Decodes a file piece by piece into UTF-8, so a large file is never held whole: a
/// character split between two pieces is carried over to the next. `enc` is utf8 (a BOM at
/// the start is dropped), gb18030, windows1252 or utf16 (its BOM says the byte order);
/// detection is a first pass (`encoding_sniffer`).
class stream_decoder {
 public:
  explicit stream_decoder(encoding enc);
  ~stream_decoder();
  stream_decoder(const stream_decoder&) = delete;
  stream_decoder& operator=(const stream_decoder&) = delete;

  /// Appends the UTF-8 text of what is complete so far to `out`; false on a bad byte, with
  /// `error()` saying where (the line and byte column in the file).
  bool feed(std::string_view piece, std::string& out) { return feed(piece, &out); }
  /// The end of the file: false when it ends inside a character.
  bool finish(std::string& out) { return finish(&out); }
  /// For UTF-8: the same checks, producing no text (the bytes are valid as they are).
  bool check(std::string_view piece) { return feed(piece, nullptr); }
  bool check_end() { return finish(nullptr); }
  const decoded& error() const { return error_; }
  /// The line and byte column of the first byte not yet decoded (the first of `held()`).
  std::pair<std::uint32_t, std::uint32_t> next_position() const {
    return {line_, static_cast<std::uint32_t>(consumed_ - line_start_ + 1)};
  }
  /// Bytes fed but not yet decoded: a character the next piece completes.
  const std::string& held() const { return carry_; }

 private:
  bool feed(std::string_view piece, std::string* out);
  bool finish(std::string* out);
  bool feed_utf8(std::string_view piece, std::string* out);
  bool utf8_run(std::string_view text, std::string* out);
  bool fail(std::string_view rest, std::size_t offset, std::string message);
  void count_lines(std::string_view consumed);

  encoding enc_;
  void* iconv_ = nullptr;  ///< iconv_t for the encodings other than UTF-8
  std::string carry_;      ///< bytes of a character the next piece completes (GB18030: of the piece)
  bool started_ = false;   ///< past a possible BOM
  std::uint64_t consumed_ = 0, line_start_ = 0;
  std::uint32_t line_ = 1;
  decoded error_;
};

/// The first pass over a file's pieces: which encoding to decode it with, given what the
/// user asked for. A named encoding is used as named (UTF-8 checked here). Detection:
/// a BOM decides (UTF-8, UTF-16); a file valid as UTF-8 is UTF-8 (well-formed multi-byte
/// sequences do not arise by chance in the others). Otherwise the bytes are read as
/// GB18030 and as Windows-1252, and a reading counts only where it is valid and plausible:
/// Chinese text writes each common character as two bytes of 0xA1 or more side by side;
/// Western text writes an accented letter as one such byte between ASCII ones. Exactly one
/// plausible (or valid) reading decides; two stop the file ("cannot tell the encoding").
/// Feed every piece, then call `result`.
class encoding_sniffer {
 public:
  explicit encoding_sniffer(encoding asked);
  void feed(std::string_view piece);
  /// The encoding to use (`used` says its name), or `error` set.
  decoded result(encoding& use);

 private:
  void end_run();
  void weigh(std::string_view bytes);

  encoding asked_;
  stream_decoder utf8_, gb_;
  static constexpr std::size_t head_bytes = 512;  ///< enough to tell UTF-16 and archives apart
  std::string head_;
  bool valid_ = true, first_ = true, gb_valid_ = true, cp_valid_ = true;
  // Runs of bytes >= 0x80: alone (Western), or pairs of bytes >= 0xA1 (Chinese).
  std::size_t run_ = 0, lone_ = 0, pairs_ = 0;
  bool run_gb2312_ = true;
  std::uint32_t line_ = 1, column_ = 0, high_line_ = 0, high_column_ = 0;  ///< the first byte >= 0x80
};

}  // namespace slaudit::history
