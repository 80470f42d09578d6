// slaudit: audits IT operations service contracts. This file only reads the command line.
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include "cli/check.hpp"
#include "cli/commands.hpp"

namespace {

const char* usage =
    "usage: slaudit <command> [options] FILE...\n"
    "\n"
    "commands:\n"
    "  check [--format text|json|sarif|github] [--strict] FILE|DIR...\n"
    "      parse and validate SLA contracts; report every problem as file:line:col\n"
    "      exit 0 clean (warnings allowed), 1 errors (or warnings with --strict),\n"
    "      2 usage error or unreadable file; a DIR means every *.sla below it\n"
    "  fmt [--check | --stdout] FILE|DIR...\n"
    "      rewrite contracts in canonical layout, keeping comments;\n"
    "      --check lists the files that would change and exits 1 if there are any\n"
    "  run --contract FILE.sla --history DIR --period 2026-10 --out DIR [options]\n"
    "      replay a period's history against the contract; write the results (JSON)\n"
    "      exit 0 done, 2 usage, 3 input data error, 4 output not written\n"
    "  explain --contract FILE.sla --history DIR --period 2026-10 [--incident ID | --penalty NAME]\n"
    "      the same replay, printed as a readable trail of every figure\n"
    "  batch --period 2026-10 --contracts DIR --history DIR --out DIR [--jobs N] [--shard I/N]\n"
    "      the month-end batch: every contract, its reports, manifest.json, the portfolio\n"
    "      summary; resumable; exit 0 all done, 3 some contracts failed, 2 usage, 4 output\n"
    "  merge [--out DIR] SHARD-OUT-DIR...\n"
    "      combine the shards' manifests into one manifest and the portfolio summary\n"
    "  report --quarter 2026Q4 | --year 2026 --out DIR [--ledger FILE] [--contract ID]...\n"
    "      the service review from the ledger: each month per contract and service, trends\n"
    "  ledger verify FILE\n"
    "      check the ledger's chain of runs and every month's figures; exit 0 intact, 1 damaged\n"
    "  version\n"
    "\n"
    "docs: docs/dsl.md (the language and every diagnostic code), docs/batch.md (the batch),\n"
    "      docs/ledger.md (the ledger and the reviews)\n";

int usage_error(const std::string& message) {
  std::cerr << "slaudit: " << message << "\n\n" << usage;
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace slaudit::cli;
  if (argc < 2) return usage_error("no command given");
  std::string command = argv[1];
  if (command == "--help" || command == "-h" || command == "help") {
    std::cout << usage;
    return 0;
  }
  if (command == "version" || command == "--version") {
    std::cout << "slaudit " << SLAUDIT_VERSION << "\n";
    return 0;
  }
  if (command == "check") {
    check_options opt;
    for (int i = 2; i < argc; ++i) {
      std::string a = argv[i];
      if (a == "--strict") {
        opt.strict = true;
      } else if (a == "--format" || a.rfind("--format=", 0) == 0) {
        std::string v = a == "--format" ? (i + 1 < argc ? argv[++i] : "") : a.substr(9);
        if (v == "text") opt.format = output_format::text;
        else if (v == "json") opt.format = output_format::json;
        else if (v == "sarif") opt.format = output_format::sarif;
        else if (v == "github") opt.format = output_format::github;
        else return usage_error("unknown --format '" + v + "': use text, json, sarif or github");
      } else if (a.size() > 1 && a[0] == '-') {
        return usage_error("unknown option '" + a + "' for check");
      } else {
        opt.files.push_back(a);
      }
    }
    if (opt.files.empty()) return usage_error("check needs at least one FILE");
    return run_check(opt, std::cout, std::cerr);
  }
  if (command == "fmt") {
    fmt_options opt;
    for (int i = 2; i < argc; ++i) {
      std::string a = argv[i];
      if (a == "--check") opt.check = true;
      else if (a == "--stdout") opt.to_stdout = true;
      else if (a.size() > 1 && a[0] == '-') return usage_error("unknown option '" + a + "' for fmt");
      else opt.files.push_back(a);
    }
    if (opt.files.empty()) return usage_error("fmt needs at least one FILE");
    if (opt.check && opt.to_stdout) return usage_error("fmt takes --check or --stdout, not both");
    return run_fmt(opt, std::cout, std::cerr);
  }
  if (command == "run") return run_command(std::vector<std::string>(argv + 2, argv + argc), std::cout, std::cerr);
  if (command == "batch") return batch_command(std::vector<std::string>(argv + 2, argv + argc), std::cout, std::cerr);
  if (command == "merge") return merge_command(std::vector<std::string>(argv + 2, argv + argc), std::cout, std::cerr);
  if (command == "report") return report_command(std::vector<std::string>(argv + 2, argv + argc), std::cout, std::cerr);
  if (command == "ledger") return ledger_command(std::vector<std::string>(argv + 2, argv + argc), std::cout, std::cerr);
  if (command == "explain")
    return explain_command(std::vector<std::string>(argv + 2, argv + argc), std::cout, std::cerr);
  return usage_error("unknown command '" + command + "'");
}
