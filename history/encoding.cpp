#include "history/encoding.hpp"

#include <iconv.h>

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
  stream_decoder decoder(encoding::gb18030);
  if (!decoder.feed(input, d.owned) || !decoder.finish(d.owned)) {
    d = decoder.error();
    if (enc == encoding::detect) d.error = "neither UTF-8 nor GB18030: name the file's encoding with --encoding";
    d.owned.clear();
  }
  return d;
}

stream_decoder::stream_decoder(encoding enc) : enc_(enc) {
  if (enc_ == encoding::gb18030) {
    iconv_t cd = iconv_open("UTF-8", "GB18030");
    if (cd != reinterpret_cast<iconv_t>(-1)) iconv_ = cd;
  }
}

stream_decoder::~stream_decoder() {
  if (iconv_) iconv_close(static_cast<iconv_t>(iconv_));
}

void stream_decoder::count_lines(std::string_view consumed) {
  for (std::size_t k = 0; k < consumed.size(); ++k)
    if (consumed[k] == '\n') ++line_, line_start_ = consumed_ + k + 1;
  consumed_ += consumed.size();
}

bool stream_decoder::fail(std::size_t offset, std::string message) {
  // `offset` counts from the first byte not yet consumed.
  std::string_view rest = carry_;
  std::uint32_t line = line_;
  std::uint64_t start = line_start_;
  for (std::size_t k = 0; k < offset && k < rest.size(); ++k)
    if (rest[k] == '\n') ++line, start = consumed_ + k + 1;
  error_.error = std::move(message);
  error_.error_line = line;
  error_.error_column = static_cast<std::uint32_t>(consumed_ + offset - start + 1);
  return false;
}

bool stream_decoder::feed(std::string_view piece, std::string& out) {
  if (!error_.error.empty()) return false;
  carry_.append(piece);
  std::string_view buf = carry_;
  if (!started_) {
    if (buf.size() < 3 && !piece.empty()) return true;  // wait: a BOM may be split
    started_ = true;
    if (enc_ == encoding::utf8 && buf.substr(0, 3) == "\xEF\xBB\xBF") {
      count_lines(buf.substr(0, 3));
      carry_.erase(0, 3);
      buf = carry_;
    }
  }
  if (enc_ == encoding::utf8) {
    // Everything but a character the next piece completes (at most 3 bytes at the end).
    std::size_t cut = buf.size();
    for (std::size_t back = 1; back <= 3 && back <= buf.size(); ++back) {
      auto c = static_cast<unsigned char>(buf[buf.size() - back]);
      if ((c & 0xC0) == 0x80) continue;  // a continuation byte: look further back
      std::size_t n = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 1;
      if (n > back) cut = buf.size() - back;
      break;
    }
    std::string_view whole = buf.substr(0, cut);
    if (auto bad = grammar::find_invalid_utf8(whole); bad != std::string_view::npos)
      return fail(bad, "not valid UTF-8 here; if the file came from Excel on Chinese Windows, name its encoding: --encoding gb18030");
    out.append(whole);
    count_lines(whole);
    carry_.erase(0, cut);
    return true;
  }
  if (!iconv_) return fail(0, "GB18030 is not available from iconv on this system");
  std::size_t at = out.size();
  out.resize(at + buf.size() * 2 + 16);
  char* src = carry_.data();
  std::size_t left = carry_.size();
  char* dst = out.data() + at;
  std::size_t room = out.size() - at;
  while (left > 0) {
    if (iconv(static_cast<iconv_t>(iconv_), &src, &left, &dst, &room) != static_cast<std::size_t>(-1)) continue;
    if (errno == E2BIG) {
      std::size_t used = static_cast<std::size_t>(dst - out.data());
      out.resize(out.size() * 2);
      dst = out.data() + used;
      room = out.size() - used;
      continue;
    }
    if (errno == EINVAL) break;  // a character the next piece completes
    std::size_t bad = static_cast<std::size_t>(src - carry_.data());
    out.resize(static_cast<std::size_t>(dst - out.data()));
    return fail(bad, "not valid GB18030 here");
  }
  out.resize(static_cast<std::size_t>(dst - out.data()));
  std::size_t done = static_cast<std::size_t>(src - carry_.data());
  count_lines(std::string_view(carry_).substr(0, done));
  carry_.erase(0, done);
  return true;
}

bool stream_decoder::finish(std::string& out) {
  if (!error_.error.empty()) return false;
  if (!started_) {
    started_ = true;
    if (enc_ == encoding::utf8 && carry_.substr(0, 3) == "\xEF\xBB\xBF") carry_.erase(0, 3);
  }
  if (carry_.empty()) return true;
  std::string rest;
  rest.swap(carry_);
  if (!feed(rest, out)) return false;
  if (!carry_.empty())
    return fail(0, enc_ == encoding::utf8 ? "the file ends inside a UTF-8 character" : "the file ends inside a GB18030 character");
  return true;
}

void encoding_sniffer::feed(std::string_view piece) {
  if (first_ && head_.size() < 3) head_.append(piece.substr(0, 3 - head_.size()));
  if (head_.size() >= 3 || piece.empty()) first_ = false;
  if (valid_) {
    scratch_.clear();
    valid_ = utf8_.feed(piece, scratch_);
  }
}

decoded encoding_sniffer::result(encoding& use) {
  decoded d;
  if (valid_) {
    scratch_.clear();
    valid_ = utf8_.finish(scratch_);
  }
  std::string_view head = head_;
  if (head.substr(0, 2) == "\xFF\xFE" || head.substr(0, 2) == "\xFE\xFF") {
    d.error = "the file is UTF-16 (Excel's \"Unicode text\"): save it as \"CSV UTF-8\" instead";
    d.error_line = d.error_column = 1;
    return d;
  }
  bool bom = head.substr(0, 3) == "\xEF\xBB\xBF";
  if (asked_ == encoding::gb18030 || (asked_ == encoding::detect && !valid_ && !bom)) {
    use = encoding::gb18030;
    d.used = "GB18030";
    return d;
  }
  if (!valid_) return utf8_.error();
  use = encoding::utf8;
  d.used = "UTF-8";
  return d;
}

}  // namespace slaudit::history
