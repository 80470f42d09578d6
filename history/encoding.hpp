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

}  // namespace slaudit::history
