// The PDF filing copy legal teams sign: A4, a cover, the summary, availability against target
// as a vector chart, what breached, the penalty trail line by line, the inputs' SHA-256 and a
// signature block; Chinese and English text in an embedded subset of WenQuanYi Micro Hei.
#pragma once

#include <string>

#include "reports/report_context.hpp"

namespace slaudit::reports {

/// Writes the PDF to `path` (the caller renames it into place). False with `why` on failure
/// (no font, PoDoFo error).
bool write_pdf(const report_context& ctx, const std::string& path, std::string& why);

}  // namespace slaudit::reports
