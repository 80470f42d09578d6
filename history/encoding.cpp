#include "history/encoding.hpp"

#include <iconv.h>

#include <algorithm>
#include <cctype>
#include <cerrno>

#include "grammar/source.hpp"

namespace slaudit::history {

std::optional<encoding> parse_encoding(std::string_view n) {
  std::string s(n);
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (s == "auto" || s == "detect") return encoding::detect;
  if (s == "utf-8" || s == "utf8") return encoding::utf8;
  if (s == "gb18030" || s == "gbk" || s == "gb2312" || s == "cp936") return encoding::gb18030;
  if (s == "windows-1252" || s == "cp1252" || s == "latin1" || s == "latin-1" || s == "iso-8859-1")
    return encoding::windows1252;
  if (s == "utf-16" || s == "utf16") return encoding::utf16;
  return std::nullopt;
}

decoded to_utf8(std::string input, encoding enc) {
  // The streaming pieces over one piece: the same checks, messages and places.
  encoding_sniffer sniffer(enc);
  sniffer.feed(input);
  encoding use = encoding::utf8;
  decoded d = sniffer.result(use);
  if (!d.error.empty()) return d;
  if (use == encoding::utf8) {  // valid as it is: kept, not copied
    d.skip = std::string_view(input).substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
    d.owned = std::move(input);
    return d;
  }
  std::string used = d.used;
  stream_decoder decoder(use);
  if (!decoder.feed(input, d.owned) || !decoder.finish(d.owned)) {
    d = decoder.error();
    d.used = used;
    d.owned.clear();
  }
  return d;
}

namespace {

/// iconv's name of an encoding other than UTF-8.
const char* iconv_name(encoding e) {
  switch (e) {
    case encoding::gb18030: return "GB18030";
    case encoding::windows1252: return "WINDOWS-1252";
    case encoding::utf16: return "UTF-16";  // the BOM says the byte order; iconv drops it
    default: return nullptr;
  }
}

/// The name the reports give an encoding.
const char* shown_name(encoding e) {
  switch (e) {
    case encoding::gb18030: return "GB18030";
    case encoding::windows1252: return "Windows-1252";
    case encoding::utf16: return "UTF-16";
    default: return "UTF-8";
  }
}

}  // namespace

stream_decoder::stream_decoder(encoding enc) : enc_(enc == encoding::detect ? encoding::utf8 : enc) {
  if (const char* from = iconv_name(enc_)) {
    iconv_t cd = iconv_open("UTF-8", from);
    if (cd != reinterpret_cast<iconv_t>(-1)) iconv_ = cd;
  }
}

stream_decoder::~stream_decoder() {
  if (iconv_) iconv_close(static_cast<iconv_t>(iconv_));
}

void stream_decoder::count_lines(std::string_view consumed) {
  for (auto at = consumed.find('\n'); at != std::string_view::npos; at = consumed.find('\n', at + 1))
    ++line_, line_start_ = consumed_ + at + 1;
  consumed_ += consumed.size();
}

bool stream_decoder::fail(std::string_view rest, std::size_t offset, std::string message) {
  // `rest` starts at the first byte not yet consumed; `offset` counts from there.
  std::uint32_t line = line_;
  std::uint64_t start = line_start_;
  for (std::size_t k = 0; k < offset && k < rest.size(); ++k)
    if (rest[k] == '\n') ++line, start = consumed_ + k + 1;
  error_.error = std::move(message);
  error_.error_line = line;
  error_.error_column = static_cast<std::uint32_t>(consumed_ + offset - start + 1);
  return false;
}

namespace {

/// Bytes of the UTF-8 sequence `lead` starts (1 for a byte that cannot start one: the
/// validator reports it).
std::size_t sequence_length(unsigned char lead) {
  return lead < 0x80 ? 1 : (lead & 0xE0) == 0xC0 ? 2 : (lead & 0xF0) == 0xE0 ? 3 : (lead & 0xF8) == 0xF0 ? 4 : 1;
}

/// Where the complete characters of `buf` end: before a sequence the next piece completes.
std::size_t complete_prefix(std::string_view buf) {
  for (std::size_t back = 1; back <= 3 && back <= buf.size(); ++back) {
    auto c = static_cast<unsigned char>(buf[buf.size() - back]);
    if ((c & 0xC0) == 0x80) continue;  // a continuation byte: look further back
    return sequence_length(c) > back ? buf.size() - back : buf.size();
  }
  return buf.size();
}

const char* const not_utf8 =
    "not valid UTF-8 here; if the file came from Excel on Chinese Windows, name its encoding: --encoding gb18030";

}  // namespace

bool stream_decoder::utf8_run(std::string_view text, std::string* out) {
  if (auto bad = grammar::find_invalid_utf8(text); bad != std::string_view::npos) return fail(text, bad, not_utf8);
  if (out) out->append(text);
  count_lines(text);
  return true;
}

bool stream_decoder::feed_utf8(std::string_view piece, std::string* out) {
  if (!carry_.empty()) {
    // Finish the characters carried from the last piece with the few bytes they still need.
    std::string joined = carry_;
    joined.append(piece.substr(0, 4));
    std::size_t end = 0;
    while (end < carry_.size()) end += sequence_length(static_cast<unsigned char>(joined[end]));
    if (end > joined.size()) {  // still incomplete: a tiny piece
      carry_ = std::move(joined);
      return true;
    }
    if (!utf8_run(std::string_view(joined).substr(0, end), out)) return false;
    piece.remove_prefix(end - carry_.size());
    carry_.clear();
  }
  // The piece itself is checked where it lies; only an unfinished character is kept.
  std::size_t cut = complete_prefix(piece);
  if (!utf8_run(piece.substr(0, cut), out)) return false;
  carry_.assign(piece.substr(cut));
  return true;
}

bool stream_decoder::feed(std::string_view piece, std::string* out) {
  if (!error_.error.empty()) return false;
  if (!started_) {
    // A BOM may be split between pieces: gather the first three bytes.
    std::size_t take = std::min(piece.size(), 3 - std::min<std::size_t>(3, carry_.size()));
    carry_.append(piece.substr(0, take));
    piece.remove_prefix(take);
    if (carry_.size() < 3 && take > 0) return true;
    started_ = true;
    if (enc_ == encoding::utf8 && std::string_view(carry_).substr(0, 3) == "\xEF\xBB\xBF") {
      count_lines(std::string_view(carry_).substr(0, 3));
      carry_.erase(0, 3);
    }
  }
  if (enc_ == encoding::utf8) return feed_utf8(piece, out);
  if (!iconv_) return fail(carry_, 0, std::string(shown_name(enc_)) + " is not available from iconv on this system");
  carry_.append(piece);
  std::string checked;  // a check without output (the detector's reading) converts into this
  if (!out) out = &checked, checked.clear();
  std::size_t at = out->size();
  out->resize(at + carry_.size() * 2 + 16);
  char* src = carry_.data();
  std::size_t left = carry_.size();
  char* dst = out->data() + at;
  std::size_t room = out->size() - at;
  while (left > 0) {
    if (iconv(static_cast<iconv_t>(iconv_), &src, &left, &dst, &room) != static_cast<std::size_t>(-1)) continue;
    if (errno == E2BIG) {
      std::size_t used = static_cast<std::size_t>(dst - out->data());
      out->resize(out->size() * 2);
      dst = out->data() + used;
      room = out->size() - used;
      continue;
    }
    if (errno == EINVAL) break;  // a character the next piece completes
    std::size_t bad = static_cast<std::size_t>(src - carry_.data());
    out->resize(static_cast<std::size_t>(dst - out->data()));
    return fail(carry_, bad, std::string("not valid ") + shown_name(enc_) + " here");
  }
  out->resize(static_cast<std::size_t>(dst - out->data()));
  std::size_t done = static_cast<std::size_t>(src - carry_.data());
  count_lines(std::string_view(carry_).substr(0, done));
  carry_.erase(0, done);
  return true;
}

bool stream_decoder::finish(std::string* out) {
  if (!error_.error.empty()) return false;
  if (!started_) {
    started_ = true;
    if (enc_ == encoding::utf8 && carry_.substr(0, 3) == "\xEF\xBB\xBF") {
      count_lines(std::string_view(carry_).substr(0, 3));
      carry_.erase(0, 3);
    }
  }
  if (carry_.empty()) return true;
  std::string rest;
  rest.swap(carry_);
  if (!feed(rest, out)) return false;
  if (!carry_.empty())
    return fail(carry_, 0, std::string("the file ends inside a ") + shown_name(enc_) + " character");
  return true;
}

encoding_sniffer::encoding_sniffer(encoding asked) : asked_(asked), utf8_(encoding::utf8), gb_(encoding::gb18030) {}

void encoding_sniffer::end_run() {
  if (run_ == 1) ++lone_;
  else if (run_ >= 2 && run_ % 2 == 0 && run_gb2312_) ++pairs_;
  run_ = 0;
  run_gb2312_ = true;
}

void encoding_sniffer::feed(std::string_view piece) {
  if (first_ && head_.size() < head_bytes) head_.append(piece.substr(0, head_bytes - head_.size()));
  if (head_.size() >= head_bytes || piece.empty()) first_ = false;
  if (!valid_) {
    if (asked_ == encoding::detect) weigh(piece);
    return;
  }
  // Where the UTF-8 check stands before this piece, and the bytes it still holds (a character
  // the piece was to complete may be the first bad byte): the weighing starts there.
  auto [line, column] = utf8_.next_position();
  std::string held = utf8_.held();
  valid_ = utf8_.check(piece);
  if (valid_ || asked_ != encoding::detect) return;  // UTF-8 so far, or named: nothing to weigh
  // Not UTF-8: weigh GB18030 against Windows-1252 (the pieces before were valid UTF-8).
  line_ = line, column_ = column - 1;
  weigh(held);
  weigh(piece);
}

void encoding_sniffer::weigh(std::string_view bytes) {
  if (gb_valid_) gb_valid_ = gb_.check(bytes);
  for (char ch : bytes) {
    auto b = static_cast<unsigned char>(ch);
    ++column_;
    if (b < 0x80) {
      end_run();
      if (b == '\n') ++line_, column_ = 0;
      continue;
    }
    if (!high_line_) high_line_ = line_, high_column_ = column_;
    ++run_;
    run_gb2312_ = run_gb2312_ && b >= 0xA1;
    // Windows-1252 leaves five bytes undefined.
    if (b == 0x81 || b == 0x8D || b == 0x8F || b == 0x90 || b == 0x9D) cp_valid_ = false;
  }
}

namespace {

/// What a file is when its first bytes say it is no text at all (an archive, UTF-16 without
/// its byte order mark, NUL bytes), with what to do; nothing for text and UTF-16 with its mark.
std::optional<std::string> not_text(std::string_view head) {
  using grammar::not_text_kind;
  switch (auto kind = grammar::sniff_not_text(head)) {
    case not_text_kind::text:
    case not_text_kind::utf16le_bom:
    case not_text_kind::utf16be_bom: return std::nullopt;
    case not_text_kind::gzip: return "this is a gzip archive, not a CSV file: unpack it (gunzip) and read the file inside";
    case not_text_kind::zip: return "this is a ZIP archive (an .xlsx workbook?), not a CSV file: save the sheet as CSV";
    case not_text_kind::utf16le_no_bom:
    case not_text_kind::utf16be_no_bom:
      return std::string("every second byte is zero: this looks like ") + grammar::not_text_phrase(kind) +
             "; save it as UTF-8 (or as UTF-16 with its byte order mark, which --encoding utf-16 reads)";
    case not_text_kind::nul_bytes:
      return "holds NUL bytes, which no CSV text has: this is not a text file (or it is damaged)";
  }
  return std::nullopt;
}

}  // namespace

decoded encoding_sniffer::result(encoding& use) {
  decoded d;
  if (valid_) valid_ = utf8_.check_end();
  std::string_view head = head_;
  bool utf16_bom = head.substr(0, 2) == "\xFF\xFE" || head.substr(0, 2) == "\xFE\xFF";
  bool bom = head.substr(0, 3) == "\xEF\xBB\xBF";
  auto chosen = [&](encoding e) {
    use = e;
    d.used = shown_name(e);
    return d;
  };
  if (auto what = not_text(head)) {
    d.error = *what;
    d.error_line = d.error_column = 1;
    return d;
  }
  if (asked_ == encoding::utf16 && !utf16_bom) {
    d.error = "named UTF-16, but the file does not start with a UTF-16 byte order mark: name its encoding";
    d.error_line = d.error_column = 1;
    return d;
  }
  if (asked_ == encoding::gb18030 || asked_ == encoding::windows1252 || asked_ == encoding::utf16)
    return chosen(asked_);
  if (asked_ == encoding::utf8) {
    if (!valid_) return utf8_.error();
    return chosen(encoding::utf8);
  }
  // Detection.
  if (utf16_bom) return chosen(encoding::utf16);
  if (valid_ || bom) {
    if (!valid_) return utf8_.error();  // a UTF-8 BOM, then bytes that are not UTF-8
    return chosen(encoding::utf8);
  }
  end_run();
  if (gb_valid_) gb_valid_ = gb_.check_end();
  bool gb = gb_valid_ && pairs_ > 0, cp = cp_valid_ && lone_ > 0;
  if (gb != cp) return chosen(gb ? encoding::gb18030 : encoding::windows1252);
  if (!gb && gb_valid_ != cp_valid_) return chosen(gb_valid_ ? encoding::gb18030 : encoding::windows1252);
  d.error_line = high_line_ ? high_line_ : 1;
  d.error_column = high_line_ ? high_column_ : 1;
  if (gb_valid_ && cp_valid_)
    d.error = "cannot tell the encoding (valid as windows-1252 and gb18030); pass --encoding";
  else
    d.error = "not valid UTF-8, GB18030 or Windows-1252 here: name the file's encoding with --encoding";
  return d;
}

}  // namespace slaudit::history
