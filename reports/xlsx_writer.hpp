// The Excel workbook an auditor rechecks: one sheet per part of the results, the money and
// the verdicts as live formulas over cells that hold the inputs (cached values equal to the
// engine's), text from the inputs always as inert strings.
#pragma once

#include <string>

#include "reports/report_context.hpp"

namespace slaudit::reports {

/// Writes the workbook to `path` (the caller renames it into place). False with `why` when
/// libxlsxwriter reports an error; `too_many_rows` (when given) says whether that was a sheet
/// past Excel's 1,048,576 rows.
bool write_xlsx(const report_context& ctx, const std::string& path, std::string& why, bool* too_many_rows = nullptr);

/// Text as a cell may hold it: characters XML forbids replaced by U+FFFD and the text cut to
/// Excel's 32,767 characters, each with a visible note (from the templates) at the end.
std::string cell_text(std::string_view text, const texts& t);

}  // namespace slaudit::reports
