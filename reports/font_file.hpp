// The CJK font the PDF embeds: WenQuanYi Micro Hei (Debian's fonts-wqy-microhei). PoDoFo
// subsets only plain TrueType files and the package ships a collection (.ttc), so face 0 is
// copied out into a .ttf once, into a cache folder, and reused.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace slaudit::reports {

/// Face `index` of a TrueType collection as a standalone TrueType font (the table directory
/// rebuilt, the tables copied 4-byte aligned, head.checkSumAdjustment recomputed). A plain
/// TrueType font is returned unchanged. nullopt with `why` when the bytes are no such font.
std::optional<std::string> truetype_face(std::string_view collection, unsigned index,
                                         std::string& why);

/// The bytes of a font file; nullopt when it cannot be read.
std::optional<std::string> read_font_file(const std::string& path);

/// A .ttf path for the report font: $SLAUDIT_FONT when set (a .ttf, or a .ttc whose face 0 is
/// extracted), else the WenQuanYi Micro Hei collection. Extracted faces are cached under
/// $XDG_CACHE_HOME/slaudit (or ~/.cache/slaudit, or the temp folder), written atomically.
std::optional<std::string> report_font_path(std::string& why);

}  // namespace slaudit::reports
