// Standard terms and overrides: a contract that `extends "<terms>.sla"` is the terms' parts it
// does not override, then its own. The terms file is read through the file reader, appended to
// the contract's source as a part of its own (so every diagnostic and trail still names its file
// and line), and merged into one syntax tree, which the validator then checks as one contract.
#pragma once

#include <string>
#include <vector>

#include "engine/file_reader.hpp"
#include "grammar/ast.hpp"
#include "grammar/diagnostic.hpp"
#include "grammar/source.hpp"

namespace slaudit::engine {

/// At most this many files in a chain of `extends` (terms may extend other terms).
constexpr int max_extends_depth = 8;
/// At most this many amendments in a contract (each is validated as a whole contract).
constexpr std::size_t max_amendments = 100;

/// An amendment of a contract, and the whole contract as it stands from its date: with this
/// and every earlier amendment applied.
struct amended_tree {
  grammar::ast::amendment_head head;
  std::uint32_t at = 0;                ///< the amendment's statement
  grammar::ast::clauses after_close;   ///< `} clause "…"`
  grammar::ast::node source;           ///< the amendment as written
  grammar::ast::file tree;
};

/// Resolves the `extends` of `tree` (parsed from part 0 of `src`): appends each terms file to
/// `src`, and leaves in `tree` the resolved contract, with no `extends`, no `override` and no
/// `amendment` left. Returns the contract as each amendment leaves it, by date.
/// Errors (an unreadable or wrong terms file, a part given in both files without `override`,
/// an `override` of a part the terms do not have, a circle of files, two amendments on one
/// day) go to `diags`, at the place in each file.
std::vector<amended_tree> compose(grammar::ast::file& tree, grammar::source_file& src, const file_reader& files,
                                  grammar::diagnostics& diags);

/// A composed tree as text: canonical layout, and where the contract's parts come from more
/// than one file, each run of parts headed by a comment naming its file; the amendments as
/// written, after the contract's parts.
std::string resolved_text(const grammar::ast::file& tree, const std::vector<amended_tree>& amendments,
                          const grammar::source_file& src);

}  // namespace slaudit::engine
