// `slaudit fmt`: prints a parsed file in canonical layout, keeping its comments.
#pragma once

#include <string>

#include "grammar/ast.hpp"

namespace slaudit::grammar {

/// The canonical text of `file`: two-space indents, one statement a line, clause
/// references on the statement or block head they belong to, at most one blank line
/// where the source had some, values as written. Formatting its output again gives it back.
std::string format_file(const ast::file& file);

}  // namespace slaudit::grammar
