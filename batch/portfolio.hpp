// The portfolio summary of a month-end batch: every contract's verdict and money, totals per
// provider and per customer (per currency: amounts in different currencies never add up), as
// JSON, as a workbook whose totals are live formulas over the contracts sheet, and as a PDF.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "batch/manifest.hpp"
#include "batch/pipeline.hpp"
#include "reports/texts.hpp"

namespace slaudit::batch {

/// The run's contracts in order, handed to `visit` one at a time, each time the walk is
/// called (the portfolio walks them several times): a portfolio of 100,000 contracts is
/// never held whole. A walk that cannot read a contract throws.
using contract_walk = std::function<void(const std::function<void(const contract_entry&)>& visit)>;

/// Writes portfolio-<period>.json, .xlsx and .pdf of `m` (its contracts left aside) and the
/// contracts `walk` gives into `out_dir` (each whole or not at all) and appends them to
/// `written`; with `html_index` (the contracts' reports include HTML pages) also
/// portfolio-<period>.html, linking each contract's page.
std::optional<failure> write_portfolio(const manifest& m, const contract_walk& walk, const std::string& out_dir,
                                       const reports::texts& t, std::vector<output_digest>& written, bool html_index);

/// A contract's HTML page among its reports, or null.
const std::string* html_page(const contract_entry& e);

/// Writes portfolio-<period>.json, .xlsx and .pdf into `out_dir` (each whole or not at all),
/// and .html when the contracts have HTML pages, and appends them to `written`.
std::optional<failure> write_portfolio(const manifest& m, const std::string& out_dir, const reports::texts& t,
                                       std::vector<output_digest>& written);

}  // namespace slaudit::batch
