// `slaudit merge`: the shards' manifests combined into one, with the portfolio summary.
#include "cli/commands.hpp"

#include <ostream>

#include "batch/batch.hpp"
#include "cli/prepare.hpp"
#include "io/exit_codes.hpp"

namespace slaudit::cli {
namespace {

const char* merge_usage =
    "usage: slaudit merge [--out DIR] [--lang zh|en] [--templates DIR] [--ledger FILE | --no-ledger]\n"
    "                     [--wait] SHARD-OUT-DIR...\n"
    "combines the shard manifests (manifest.shard-I-of-N.json) found in the folders into one\n"
    "manifest.json and the portfolio summary, written to --out (default: the first folder),\n"
    "and records the run in the ledger (default: ledger.sqlite beside the --out folder)\n"
    "  --wait   shards or a batch still writing --out are waited for (else: exit 2 at once)\n"
    "exit: 0 done, 3 some contracts failed in a shard (listed in the manifest), 2 usage or\n"
    "shards that do not fit together, 4 output not written\n";

}  // namespace

int merge_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  auto usage = [&](const std::string& message) {
    err << "slaudit merge: " << message << "\n" << merge_usage;
    return exit_usage;
  };
  std::string out_dir, lang_text = "zh", templates_dir, ledger;
  bool no_ledger = false, wait = false;
  std::vector<std::string> dirs;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--help" || a == "-h") {
      out << merge_usage;
      return 0;
    }
    if (a == "--out" || a == "--lang" || a == "--templates" || a == "--ledger") {
      if (i + 1 >= args.size()) return usage(a + " needs a value");
      (a == "--out" ? out_dir : a == "--lang" ? lang_text : a == "--ledger" ? ledger : templates_dir) = args[++i];
    } else if (a == "--no-ledger") {
      no_ledger = true;
    } else if (a == "--wait") {
      wait = true;
    } else if (a.size() > 1 && a[0] == '-') {
      return usage("unknown option '" + a + "'");
    } else {
      dirs.push_back(a);
    }
  }
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
