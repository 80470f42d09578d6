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
  std::string text;        ///< UTF-8, BOM removed
  std::string used;        ///< "UTF-8" or "GB18030", for the report's inputs list
  std::string error;       ///< empty on success
  std::uint32_t error_line = 0, error_column = 0;  ///< 1-based: line and byte column
};

decoded to_utf8(std::string_view bytes, encoding enc);

}  // namespace slaudit::history
