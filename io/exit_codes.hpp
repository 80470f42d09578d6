// slaudit's exit codes (docs/results-json.md): how a command ended. The batch, which runs a
// whole month-end from its options, ends with one as the command line does.
#pragma once

namespace slaudit {

/// 0: done; 1: `check` found errors in a contract; 2: a usage error, or input a run cannot
/// have been meant for (a missing history folder, a period outside the term); 3: input data
/// that is wrong (a contract with errors, a bad history row); 4: an output not written.
constexpr int exit_usage = 2, exit_input = 3, exit_output = 4;

}  // namespace slaudit
