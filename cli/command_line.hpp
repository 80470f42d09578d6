// The command line, read once through CLI11 (cli/command_line.cpp is the only file that
// includes it): every command's options are defined there in one table, and --help, the usage
// line of an error and the parsing all come from that table.
#pragma once

#include <iosfwd>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace slaudit::cli {

/// What the command line said to one command.
struct command_line {
  std::string command;  ///< "check", "run", …; "ledger verify" for a subcommand
  /// Each option given, by its long name ("--format"), with its values in the order given;
  /// a flag has one empty value per time it was given.
  std::map<std::string, std::vector<std::string>> values;
  std::vector<std::string> words;  ///< the arguments that are not options (files, folders)
  /// The options again in the order given, as "--name", "value" ("--name=value" split): what
  /// a rerun compares to know whether its settings changed.
  std::vector<std::string> given;

  bool has(const std::string& name) const { return values.count(name) != 0; }
  /// The option's last value (an option given twice takes the later one), or `otherwise`.
  std::string value(const std::string& name, const std::string& otherwise = "") const {
    auto it = values.find(name);
    return it == values.end() || it->second.empty() ? otherwise : it->second.back();
  }
  std::optional<std::string> maybe(const std::string& name) const {
    if (!has(name)) return std::nullopt;
    return value(name);
  }
};

/// Reads `argv`. Returns nothing when a command is to run (`cl` filled); otherwise the exit
/// code, after printing the help asked for (0) or a usage error with the command's usage line
/// and where to find its options (2).
std::optional<int> read_command_line(int argc, const char* const* argv, command_line& cl, std::ostream& out,
                                     std::ostream& err);

/// A usage error found after reading (a value out of range, options that exclude each other):
/// "slaudit run: MESSAGE", the command's usage line and the pointer to its --help. Returns 2.
int usage_error(const std::string& command, const std::string& message, std::ostream& err);

}  // namespace slaudit::cli
