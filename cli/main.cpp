// slaudit: audits IT operations service contracts. This file only picks the command: its
// options are read by cli/command_line.cpp, its work done by the command's own file.
#include <iostream>
#include <string>

#include "cli/check.hpp"
#include "cli/command_line.hpp"
#include "cli/commands.hpp"

int main(int argc, char** argv) {
  using namespace slaudit::cli;
  command_line cl;
  if (auto code = read_command_line(argc, argv, cl, std::cout, std::cerr)) return *code;
  const std::string& command = cl.command;
  if (command == "version") {
    std::cout << "slaudit " << SLAUDIT_VERSION << "\n";
    return 0;
  }
  if (command == "check") {
    check_options opt;
    opt.strict = cl.has("--strict");
    std::string format = cl.value("--format", "text");
    if (format == "text") opt.format = output_format::text;
    else if (format == "json") opt.format = output_format::json;
    else if (format == "sarif") opt.format = output_format::sarif;
    else if (format == "github") opt.format = output_format::github;
    else return usage_error(command, "unknown --format '" + format + "': use text, json, sarif or github", std::cerr);
    opt.files = cl.words;
    if (opt.files.empty()) return usage_error(command, "check needs at least one FILE", std::cerr);
    if (cl.has("--information-uri")) {
      opt.information_uri = cl.value("--information-uri");
      if (opt.format != output_format::sarif)
        return usage_error(command, "--information-uri goes into SARIF: give --format sarif", std::cerr);
      // SARIF wants an absolute URI: a scheme, then a colon.
      auto colon = opt.information_uri.find(':');
      if (colon == std::string::npos || colon == 0 ||
          opt.information_uri.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+.-") < colon)
        return usage_error(command, "--information-uri '" + opt.information_uri + "' is no absolute URI (https://…)", std::cerr);
    }
    if (cl.has("--resolved")) {
      if (opt.files.size() != 1) return usage_error(command, "--resolved prints one contract: give one FILE", std::cerr);
      if (opt.format != output_format::text)
        return usage_error(command, "--resolved prints the contract as text: leave out --format", std::cerr);
      return run_resolved(opt, std::cout, std::cerr);
    }
    return run_check(opt, std::cout, std::cerr);
  }
  if (command == "fmt") {
    fmt_options opt;
    opt.check = cl.has("--check");
    opt.to_stdout = cl.has("--stdout");
    opt.files = cl.words;
    if (opt.files.empty()) return usage_error(command, "fmt needs at least one FILE", std::cerr);
    if (opt.check && opt.to_stdout) return usage_error(command, "fmt takes --check or --stdout, not both", std::cerr);
    return run_fmt(opt, std::cout, std::cerr);
  }
  if (command == "run") return run_command(cl, std::cout, std::cerr);
  if (command == "batch") return batch_command(cl, std::cout, std::cerr);
  if (command == "merge") return merge_command(cl, std::cout, std::cerr);
  if (command == "report") return report_command(cl, std::cout, std::cerr);
  if (command == "ledger verify") return ledger_command(cl, std::cout, std::cerr);
  if (command == "ledger migrate") return ledger_migrate_command(cl, std::cout, std::cerr);
  if (command == "ledger export" || command == "ledger import") return ledger_copy_command(cl, std::cout, std::cerr);
  if (command == "explain") return explain_command(cl, std::cout, std::cerr);
  if (command == "diff") return diff_command(cl, std::cout, std::cerr);
  if (command == "whatif") return whatif_command(cl, std::cout, std::cerr);
  if (command == "lsp") return lsp_command(cl, std::cin, std::cout);
  return usage_error(command, "is in the command table but has no code", std::cerr);
}
