// The commands of the command line besides check and fmt (cli/check.hpp): each in its own file
// (cli/run.cpp, explain.cpp, batch.cpp, merge.cpp, report.cpp, ledger.cpp, diff.cpp,
// whatif.cpp), taking what its
// command line said (cli/command_line.hpp) and returning its exit code.
#pragma once

#include <iosfwd>

#include "cli/command_line.hpp"

namespace slaudit::cli {

/// Exit code: 0 done, 2 usage, 3 input data error (contract or history), 4 output not written.
int run_command(const command_line& cl, std::ostream& out, std::ostream& err);

/// `slaudit explain`: the same inputs, the trail as text. Exit code: 0, 2 usage, 3 input.
int explain_command(const command_line& cl, std::ostream& out, std::ostream& err);

/// `slaudit batch`: every contract of a folder (docs/batch.md). Exit code: 0 all done,
/// 2 usage, 3 some contracts failed, 4 output not written.
int batch_command(const command_line& cl, std::ostream& out, std::ostream& err);

/// `slaudit merge`: shard manifests → one manifest and the portfolio summary.
int merge_command(const command_line& cl, std::ostream& out, std::ostream& err);

/// `slaudit report`: the quarterly or yearly service review from the ledger. Exit code: 0,
/// 2 usage, 3 no ledger or nothing recorded for the period, 4 output not written.
int report_command(const command_line& cl, std::ostream& out, std::ostream& err);

/// `slaudit ledger verify FILE`: checks the ledger's chain of runs and its figures. Exit
/// code: 0 intact, 1 changed or damaged, 2 usage or not a ledger.
int ledger_command(const command_line& cl, std::ostream& out, std::ostream& err);
int ledger_migrate_command(const command_line& cl, std::ostream& out, std::ostream& err);
int ledger_copy_command(const command_line& cl, std::ostream& out, std::ostream& err);

/// `slaudit diff OLD.json NEW.json`: every figure that changed. Exit code: 0 none, 1 some,
/// 2 usage or a file that is not a results document.
int diff_command(const command_line& cl, std::ostream& out, std::ostream& err);

/// `slaudit whatif --contract A --contract B --history DIR --period P [--through Q]`: the same
/// history under both, month by month. Exit code: 0, 2 usage, 3 input, 4 output not written.
int whatif_command(const command_line& cl, std::ostream& out, std::ostream& err);

/// `slaudit lsp`: the language server, on stdin and stdout (docs/editors.md).
int lsp_command(const command_line& cl, std::istream& in, std::ostream& out);

}  // namespace slaudit::cli
