// `slaudit check`: every problem of the contracts given, as text, JSON, SARIF or annotations.
#include "cli/check.hpp"

#include <ostream>

#include "engine/load.hpp"
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
    case output_format::sarif: out << io::render_sarif(checked, SLAUDIT_VERSION,
                                                             opt.information_uri.empty() ? SLAUDIT_INFORMATION_URI : opt.information_uri); break;
    case output_format::github: out << io::render_github(checked); break;
  }
  if (unreadable) return 2;
  if (errors > 0 || dropped_errors || (opt.strict && warnings > 0)) return 1;
  return 0;
}

int run_resolved(const check_options& opt, std::ostream& out, std::ostream& err) {
  const std::string& path = opt.files.front();
  std::string why;
  auto text = io::read_file(path, why);
  if (!text) {
    err << path << ": error: cannot read the file: " << why << "\n";
    return 2;
  }
  grammar::source_file src(path, std::move(*text));
  grammar::diagnostics diags;
  io::disk_reader disk;
  std::string resolved = engine::resolved_contract(src, disk, diags);
  io::checked_file checked{std::move(src), diags.sorted(), diags.dropped()};
  err << io::render_text(checked);
  if (diags.has_errors()) {
    err << path << ": the contract has errors; not resolved\n";
    return 1;
  }
  out << resolved;
  return opt.strict && diags.count(grammar::severity::warning) > 0 ? 1 : 0;
}

}  // namespace slaudit::cli
