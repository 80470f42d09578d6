// `slaudit merge`: the shards' manifests combined into one, with the portfolio summary.
#include "cli/commands.hpp"

#include <ostream>

#include "batch/batch.hpp"
#include "cli/prepare.hpp"
#include "io/exit_codes.hpp"

namespace slaudit::cli {
int merge_command(const command_line& cl, std::ostream& out, std::ostream& err) {
  auto usage = [&](const std::string& message) { return usage_error(cl.command, message, err); };
  std::string out_dir = cl.value("--out"), lang_text = cl.value("--lang", "zh"), templates_dir = cl.value("--templates"),
              ledger = cl.value("--ledger");
  bool no_ledger = cl.has("--no-ledger"), wait = cl.has("--wait");
  const auto& dirs = cl.words;
  if (dirs.empty()) return usage("name the shards' output folders");
  if (!reports::parse_language(lang_text)) return usage("--lang " + lang_text + ": use zh or en");
  prepared w;
  if (auto code = load_texts(lang_text, templates_dir, w, err)) return *code;
  if (no_ledger && !ledger.empty()) return usage("--ledger and --no-ledger: give one");
  if (out_dir.empty()) out_dir = dirs.front();
  if (!no_ledger && ledger.empty()) ledger = batch::default_ledger_path(out_dir);
  return batch::merge_shards(dirs, out_dir, *w.texts, no_ledger ? std::string() : ledger, wait, out, err);
}

}  // namespace slaudit::cli
