// `slaudit check` and `slaudit fmt`: the commands CI pipelines run over .sla files.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace slaudit::cli {

enum class output_format { text, json, sarif, github };

struct check_options {
  output_format format = output_format::text;
  bool strict = false;  ///< warnings fail the check too
  std::vector<std::string> files;
  /// SARIF's informationUri: where to learn about this slaudit (default: the build's).
  std::string information_uri;
};

/// Exit code: 0 clean (or warnings only), 1 errors (or warnings with strict),
/// 2 a file could not be read.
int run_check(const check_options& opt, std::ostream& out, std::ostream& err);

/// `check --resolved FILE`: the contract with the terms it extends merged in, on `out`; its
/// problems on `err`. Exit code as run_check's.
int run_resolved(const check_options& opt, std::ostream& out, std::ostream& err);

struct fmt_options {
  bool check = false;   ///< list files that would change, write nothing
  bool to_stdout = false;
  std::vector<std::string> files;
};

/// Exit code: 0 done (or nothing to change), 1 syntax errors or, with check, files that
/// would change; 2 a file could not be read or written.
int run_fmt(const fmt_options& opt, std::ostream& out, std::ostream& err);

}  // namespace slaudit::cli
