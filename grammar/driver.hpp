// Parses a whole .sla file into the AST: statement by statement through the X3 rules,
// recovering at the next statement after an error so that every error is reported.
#pragma once

#include "grammar/ast.hpp"
#include "grammar/diagnostic.hpp"
#include "grammar/parser.hpp"
#include "grammar/source.hpp"
#include "grammar/suggest.hpp"

namespace slaudit::grammar {

/// Parses `src`; syntax errors go to `diags`. The tree holds every statement that parsed,
/// so validation can still report what is wrong with them.
ast::file parse_file(const source_file& src, diagnostics& diags);
/// Parses one part of `src` (a file appended to it: terms a contract extends); the tree's
/// offsets are those of the whole text.
ast::file parse_part(const source_file& src, std::size_t part, diagnostics& diags);

/// The keywords that may begin a statement in block `b` (for messages and suggestions).
const std::vector<std::string>& keywords_of(block b);
/// "a service block", "the file's top level".
std::string describe(block b);

}  // namespace slaudit::grammar
