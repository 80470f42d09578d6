// The month's report as one self-contained HTML page, for a reviewer who receives it as a CI
// artifact: no script, no network, no file beside it. The same figures and trail as the PDF
// (summary, availability against target, each service's timeline of the month, what
// breached, the penalty trail with clause and contract line, decisions, inputs and
// completeness), readable on a phone and in print.
#pragma once

#include <string>
#include <vector>

#include "reports/report_context.hpp"

namespace slaudit::reports {

/// The page, in the language of `ctx.t`.
std::string results_html(const report_context& ctx);

/// One contract of a batch as its index page lists it.
struct html_index_row {
  std::string id, title, customer, provider;
  std::string status;  ///< ok, failed, skipped_unchanged
  std::string error;   ///< a failed contract's message
  bool breached = false;
  std::string provider_total;  ///< money, formatted
  std::string page;            ///< its HTML page, relative to the index; empty: none
};

/// index.html of a batch: every contract with its verdict, money and a link to its page.
std::string index_html(const std::string& period, const std::vector<html_index_row>& rows, const texts& t,
                       const std::string& tool_version);

/// Text as HTML text (&, <, >, quotes).
std::string html_escape(std::string_view s);

}  // namespace slaudit::reports
