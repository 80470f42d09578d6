// AST → validated contract model. Every problem becomes a diagnostic at its source
// position; the model is returned only when there is no error.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "engine/model.hpp"
#include "grammar/ast.hpp"
#include "grammar/diagnostic.hpp"
#include "grammar/source.hpp"

namespace slaudit::engine {

/// Reads files a contract refers to (its .ics calendars). The CLI reads the disk; tests
/// hand in strings. `path` is already resolved against the contract's folder.
class file_reader {
 public:
  virtual ~file_reader() = default;
  virtual std::optional<std::string> read(const std::string& path) const = 0;
};

/// Files held in memory, by path: for tests, benchmarks and callers that already hold them.
class memory_files : public file_reader {
 public:
  std::map<std::string, std::string> files;
  std::optional<std::string> read(const std::string& path) const override {
    auto it = files.find(path);
    if (it == files.end()) return std::nullopt;
    return it->second;
  }
};

std::optional<contract> validate(const grammar::ast::file& file, const grammar::source_file& src,
                                 const file_reader& files, grammar::diagnostics& diags);

/// Parses and validates one contract text: the whole front end in one call.
std::optional<contract> load_contract(const grammar::source_file& src, const file_reader& files,
                                      grammar::diagnostics& diags);

}  // namespace slaudit::engine
