// A contract's text → its validated model: the engine's front door. Parse errors and every
// problem of meaning become diagnostics at their source positions; the model is returned only
// when there is no error. The syntax tree stays inside (engine/validate.hpp).
#pragma once

#include <optional>
#include <string>

#include "engine/file_reader.hpp"
#include "engine/model.hpp"
#include "grammar/diagnostic.hpp"
#include "grammar/source.hpp"

namespace slaudit::engine {

/// Parses and validates one contract text: the whole front end in one call. The terms files
/// it extends are read through `files` and appended to `src` (engine/compose.hpp).
std::optional<contract> load_contract(grammar::source_file& src, const file_reader& files,
                                      grammar::diagnostics& diags);

/// The contract as load_contract reads it, with the terms it extends merged in, as text
/// (`slaudit check --resolved`): canonical layout, each run of parts headed by the file it
/// comes from. Empty when the contract has errors.
std::string resolved_contract(grammar::source_file& src, const file_reader& files, grammar::diagnostics& diags);

}  // namespace slaudit::engine
