#include "cli/check.hpp"

#include <ostream>

#include "engine/load.hpp"
#include "grammar/driver.hpp"
#include "grammar/formatter.hpp"
#include "io/files.hpp"
#include "io/render.hpp"

namespace slaudit::cli {

int run_check(const check_options& opt, std::ostream& out, std::ostream& err) {
  std::vector<io::checked_file> checked;
  bool unreadable = false;
  bool dropped_errors = false;
  io::disk_reader disk;
  for (auto& path : io::expand_sla_paths(opt.files)) {
    std::string why;
    auto text = io::read_file(path, why);
    if (!text) {
      err << path << ": error: cannot read the file: " << why << "\n";
      unreadable = true;
      continue;
    }
    grammar::source_file src(path, std::move(*text));
    grammar::diagnostics diags;
    engine::load_contract(src, disk, diags);
    checked.push_back({std::move(src), diags.sorted(), diags.dropped()});
    if (diags.dropped() > 0) dropped_errors = dropped_errors || diags.has_errors();
  }
  std::size_t errors = 0, warnings = 0;
  for (auto& f : checked)
    for (auto& d : f.diags) (d.level == grammar::severity::error ? errors : warnings)++;

  switch (opt.format) {
    case output_format::text:
      for (auto& f : checked) out << io::render_text(f);
      out << "checked " << checked.size() << (checked.size() == 1 ? " file" : " files") << ": " << errors
          << (errors == 1 ? " error, " : " errors, ") << warnings << (warnings == 1 ? " warning" : " warnings")
          << "\n";
      break;
    case output_format::json: out << io::render_json(checked); break;
    case output_format::sarif: out << io::render_sarif(checked, SLAUDIT_VERSION); break;
    case output_format::github: out << io::render_github(checked); break;
  }
  if (unreadable) return 2;
  if (errors > 0 || dropped_errors || (opt.strict && warnings > 0)) return 1;
  return 0;
}

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
