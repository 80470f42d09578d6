// The portfolio summary of a month-end batch: every contract's verdict and money, totals per
// provider and per customer (per currency: amounts in different currencies never add up), as
// JSON, as a workbook whose totals are live formulas over the contracts sheet, and as a PDF.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "batch/manifest.hpp"
#include "batch/pipeline.hpp"
#include "reports/texts.hpp"

namespace slaudit::batch {

/// Writes portfolio-<period>.json, .xlsx and .pdf into `out_dir` (each whole or not at all)
/// and appends them to `written`.
std::optional<failure> write_portfolio(const manifest& m, const std::string& out_dir, const reports::texts& t,
                                       std::vector<output_digest>& written);

}  // namespace slaudit::batch
