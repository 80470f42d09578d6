// `slaudit diff OLD.json NEW.json`: the figures that changed between two runs of a month.
#include "cli/commands.hpp"

#include <ostream>

#include "batch/diff.hpp"
#include "io/files.hpp"

namespace slaudit::cli {

int diff_command(const command_line& cl, std::ostream& out, std::ostream& err) {
  auto usage = [&](const std::string& message) { return usage_error(cl.command, message, err); };
  std::string format = cl.value("--format", "text");
  if (format != "text" && format != "json") return usage("--format takes text or json, not '" + format + "'");
  if (cl.words.size() != 2) return usage("give two results documents: OLD.json NEW.json");
  std::string texts[2];
  for (int k = 0; k < 2; ++k) {
    std::string why;
    auto text = io::read_file(cl.words[k], why);
    if (!text) {
      err << cl.words[k] << ": error: cannot read the file: " << why << "\n";
      return 2;
    }
    texts[k] = std::move(*text);
  }
  std::string error;
  auto d = batch::diff_results(texts[0], texts[1], error);
  if (!d) {
    err << (error.rfind("OLD", 0) == 0 ? cl.words[0] : cl.words[1]) << ": error: " << error.substr(error.find(' ') + 1)
        << "\n";
    return 2;
  }
  out << (format == "json" ? batch::diff_json(*d) : batch::diff_text(*d));
  return d->changes.empty() ? 0 : 1;
}

}  // namespace slaudit::cli
