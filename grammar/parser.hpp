// One statement at a time: the Spirit X3 entry points the driver calls.
// The rules themselves live in parser.cpp alone (heavy templates, own TU).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "grammar/ast.hpp"

namespace slaudit::grammar {

/// The kind of block a statement stands in; each allows its own statements.
enum class block {
  file,
  contract,
  amendment,  ///< inside a contract: its statements, as of a date
  calendar,
  level,
  severity,
  escalation,
  matrix,
  handling,
  maintenance,
  service,
  tickets,
  monitoring,
  penalty
};

struct parse_step {
  bool ok = false;
  ast::statement stmt;
  std::uint32_t end = 0;       ///< success: first byte after the statement
  std::uint32_t error_at = 0;  ///< failure: where it went wrong
  std::string expected;        ///< failure: what was expected there; empty when no
                               ///< statement of this block starts at `at`
};

/// Parses one statement of block `b` starting at byte `at` (which is not blank).
parse_step parse_statement(block b, std::string_view source, std::uint32_t at);

/// Parses an optional `clause "x" "y"` suffix at `at` (used after a closing brace).
parse_step parse_clause_suffix(std::string_view source, std::uint32_t at, ast::clauses& out);

}  // namespace slaudit::grammar
