// Renders diagnostics for people (text with the source line and a caret) and for
// machines (JSON, SARIF 2.1.0, GitHub workflow annotations).
#pragma once

#include <string>
#include <vector>

#include "grammar/diagnostic.hpp"
#include "grammar/source.hpp"

namespace slaudit::io {

struct checked_file {
  grammar::source_file src;
  std::vector<grammar::diagnostic> diags;  ///< sorted
  std::size_t dropped = 0;                 ///< past the per-file limit, counted only
};

std::string render_text(const checked_file& f);
/// A JSON array, one object per diagnostic (one a line).
std::string render_json(const std::vector<checked_file>& files);
/// SARIF 2.1.0; `information_uri` (absolute, or empty: left out) says where to learn about the tool.
std::string render_sarif(const std::vector<checked_file>& files, const std::string& version,
                         const std::string& information_uri = "");
std::string render_github(const std::vector<checked_file>& files);

}  // namespace slaudit::io
