// `slaudit fmt`: contracts rewritten in the canonical layout, comments kept.
#include <algorithm>
#include <ostream>

#include "cli/check.hpp"
#include "grammar/driver.hpp"
#include "grammar/formatter.hpp"
#include "io/files.hpp"
#include "io/render.hpp"

namespace slaudit::cli {

int run_fmt(const fmt_options& opt, std::ostream& out, std::ostream& err) {
  int status = 0;
  for (auto& path : io::expand_sla_paths(opt.files)) {
    std::string why;
    auto text = io::read_file(path, why);
    if (!text) {
      err << path << ": error: cannot read the file: " << why << "\n";
      status = 2;
      continue;
    }
    grammar::source_file src(path, std::move(*text));
    grammar::diagnostics diags;
    auto tree = grammar::parse_file(src, diags);
    if (diags.has_errors()) {
      io::checked_file f{src, diags.sorted(), diags.dropped()};
      err << io::render_text(f) << path << ": not formatted: fix the syntax errors first\n";
      status = std::max(status, 1);
      continue;
    }
    std::string formatted = grammar::format_file(tree);
    if (opt.to_stdout) {
      out << formatted;
    } else if (formatted != src.text()) {
      if (opt.check) {
        out << path << "\n";
        status = std::max(status, 1);
      } else if (!io::write_file_atomically(path, formatted, why)) {
        err << path << ": error: cannot write the file: " << why << "\n";
        status = 2;
      }
    }
  }
  return status;
}

}  // namespace slaudit::cli
