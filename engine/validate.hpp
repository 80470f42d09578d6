// AST → validated contract model. Every problem becomes a diagnostic at its source
// position; the model is returned only when there is no error. Outside the engine, a
// contract is loaded from its text (engine/load.hpp); this is for the engine and for tests
// and fuzzing that hold a tree.
#pragma once

#include <optional>

#include "engine/file_reader.hpp"
#include "engine/load.hpp"
#include "engine/model.hpp"
#include "grammar/ast.hpp"
#include "grammar/diagnostic.hpp"
#include "grammar/source.hpp"

namespace slaudit::engine {

std::optional<contract> validate(const grammar::ast::file& file, const grammar::source_file& src,
                                 const file_reader& files, grammar::diagnostics& diags);
/// The same for a tree given up: each service's statements are let go once read, so that
/// the tree and the model are never both whole in memory (a large contract's peak).
std::optional<contract> validate(grammar::ast::file&& file, const grammar::source_file& src, const file_reader& files,
                                 grammar::diagnostics& diags);

/// load_contract after the parse: the terms it extends merged in (engine/compose.hpp), the
/// whole validated, and each amendment's version validated and kept in the model.
std::optional<contract> load_tree(grammar::ast::file tree, grammar::source_file& src, const file_reader& files,
                                  grammar::diagnostics& diags);

}  // namespace slaudit::engine
