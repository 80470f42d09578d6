// Text encodings of history files: UTF-8 (with or without BOM) and GB18030/GBK, the
// encoding Excel on Chinese Windows saves CSV in. Detected or named; never guessed wrong
// silently: what is neither is refused with the place of the first bad byte.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace slaudit::history {

enum class encoding { detect, utf8, gb18030 };

/// "utf-8", "gb18030" (also "gbk", "gb2312", which GB18030 contains) or "auto".
std::optional<encoding> parse_encoding(std::string_view name);

struct decoded {
  /// The UTF-8 text, BOM removed: a view of `owned`, valid while this object lives.
  std::string_view text() const { return std::string_view(owned).substr(skip); }

  std::string owned;       ///< the input itself when it was UTF-8 (no copy), else the conversion
  std::size_t skip = 0;    ///< bytes of BOM at the start of `owned`
  std::string used;        ///< "UTF-8" or "GB18030", for the report's inputs list
  std::string error;       ///< empty on success
  std::uint32_t error_line = 0, error_column = 0;  ///< 1-based: line and byte column
};

/// `bytes` is taken over: valid UTF-8 is kept as it is, not copied.
decoded to_utf8(std::string bytes, encoding enc);

/// Decodes a file piece by piece into UTF-8, so a large file is never held whole: a
/// character split between two pieces is carried over to the next. `enc` is utf8 (a BOM at
/// the start is dropped) or gb18030; detection is a first pass (see `sniff_encoding`).
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

 private:
  bool feed(std::string_view piece, std::string* out);
  bool finish(std::string* out);
  bool feed_utf8(std::string_view piece, std::string* out);
  bool utf8_run(std::string_view text, std::string* out);
  bool fail(std::string_view rest, std::size_t offset, std::string message);
  void count_lines(std::string_view consumed);

  encoding enc_;
  void* iconv_ = nullptr;  ///< iconv_t for GB18030
  std::string carry_;      ///< bytes of a character the next piece completes (GB18030: of the piece)
  bool started_ = false;   ///< past a possible BOM
  std::uint64_t consumed_ = 0, line_start_ = 0;
  std::uint32_t line_ = 1;
  decoded error_;
};

/// The first pass over a file's pieces: which encoding to decode it with, given what the
/// user asked for (detect, utf8, gb18030). UTF-16 is refused; named UTF-8 must be valid;
/// detection takes UTF-8 when the whole file is valid UTF-8 (or starts with its BOM),
/// else GB18030. Feed every piece, then call `result`.
class encoding_sniffer {
 public:
  explicit encoding_sniffer(encoding asked) : asked_(asked), utf8_(encoding::utf8) {}
  void feed(std::string_view piece);
  /// The encoding to use (`used` says its name), or `error` set.
  decoded result(encoding& use);

 private:
  encoding asked_;
  stream_decoder utf8_;
  std::string head_;
  bool valid_ = true, first_ = true;
};

}  // namespace slaudit::history
