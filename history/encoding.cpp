#include "history/encoding.hpp"

#include <iconv.h>

#include <cctype>
#include <cerrno>

#include "grammar/source.hpp"

namespace slaudit::history {
namespace {

void locate(std::string_view bytes, std::size_t offset, decoded& d) {
  d.error_line = 1;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < offset && i < bytes.size(); ++i)
    if (bytes[i] == '\n') ++d.error_line, line_start = i + 1;
  d.error_column = static_cast<std::uint32_t>(offset - line_start + 1);
}

/// GB18030 → UTF-8 with glibc's iconv; on failure, the offset of the bad byte.
bool from_gb18030(std::string_view in, std::string& out, std::size_t& bad_at) {
  iconv_t cd = iconv_open("UTF-8", "GB18030");
  if (cd == reinterpret_cast<iconv_t>(-1)) {
    bad_at = 0;
    return false;
  }
  out.assign(in.size() * 2 + 16, '\0');
  char* src = const_cast<char*>(in.data());
  std::size_t src_left = in.size();
  char* dst = out.data();
  std::size_t dst_left = out.size();
  bool ok = true;
  while (src_left > 0) {
    if (iconv(cd, &src, &src_left, &dst, &dst_left) == static_cast<std::size_t>(-1)) {
      if (errno == E2BIG) {
        std::size_t used = dst - out.data();
        out.resize(out.size() * 2);
        dst = out.data() + used;
        dst_left = out.size() - used;
        continue;
      }
      ok = false;  // EILSEQ or EINVAL (cut short)
      bad_at = static_cast<std::size_t>(src - in.data());
      break;
    }
  }
  if (ok) out.resize(dst - out.data());
  iconv_close(cd);
  return ok;
}

}  // namespace

std::optional<encoding> parse_encoding(std::string_view n) {
  std::string s(n);
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (s == "auto" || s == "detect") return encoding::detect;
  if (s == "utf-8" || s == "utf8") return encoding::utf8;
  if (s == "gb18030" || s == "gbk" || s == "gb2312" || s == "cp936") return encoding::gb18030;
  return std::nullopt;
}

decoded to_utf8(std::string input, encoding enc) {
  decoded d;
  std::string_view bytes = input;
  if (bytes.substr(0, 2) == "\xFF\xFE" || bytes.substr(0, 2) == "\xFE\xFF") {
    d.error = "the file is UTF-16 (Excel's \"Unicode text\"): save it as \"CSV UTF-8\" instead";
    d.error_line = d.error_column = 1;
    return d;
  }
  bool bom = bytes.substr(0, 3) == "\xEF\xBB\xBF";
  if (enc == encoding::utf8 || enc == encoding::detect) {
    std::string_view body = bom ? bytes.substr(3) : bytes;
    auto bad = grammar::find_invalid_utf8(body);
    if (bad == std::string_view::npos) {
      d.skip = bom ? 3 : 0;
      d.owned = std::move(input);
      d.used = "UTF-8";
      return d;
    }
    if (enc == encoding::utf8 || bom) {
      d.error = "not valid UTF-8 here; if the file came from Excel on Chinese Windows, name its encoding: --encoding gb18030";
      locate(body, bad, d);
      return d;
    }
  }
  // Named GB18030, or detection: not UTF-8, so it must be GB18030 in full or it is refused.
  std::size_t bad = 0;
  if (!from_gb18030(bytes, d.owned, bad)) {
    d.owned.clear();
    d.error = enc == encoding::detect ? "neither UTF-8 nor GB18030: name the file's encoding with --encoding"
                                      : "not valid GB18030 here";
    locate(bytes, bad, d);
    return d;
  }
  d.used = "GB18030";
  return d;
}

}  // namespace slaudit::history
