// What the language server knows of one .sla file: its named parts (services, penalties,
// calendars, levels, severities, handling levels, amendments) and the places that refer to
// them, read from the syntax tree; and positions as an editor counts them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "grammar/ast.hpp"
#include "grammar/parser.hpp"
#include "grammar/source.hpp"

namespace slaudit::lsp {

enum class part_kind { contract, terms, amendment, calendar, level, severity, handling, service, penalty };

/// "penalty", "service", …
const char* kind_word(part_kind k);

/// A named part of a file: where its name is, where the whole statement or block is.
struct definition {
  part_kind kind;
  std::string key;  ///< as references write it: "core", "1", "business", "未履行服务"
  std::string label;  ///< the quoted label after it, if any
  std::uint32_t at = 0, end = 0;              ///< the name
  std::uint32_t block_at = 0, block_end = 0;  ///< the statement, or the block to its '}'
  std::vector<std::string> clauses;
  bool overrides = false;  ///< written after `override`: it replaces the extended terms' part
  std::vector<definition> children;  ///< the named parts inside a block (a contract's, an amendment's)
};

/// A place that names a part defined elsewhere (`coverage business`, `level 1` in a service).
struct reference {
  part_kind kind;
  std::string key;
  std::uint32_t at = 0, end = 0;
};

/// One file parsed on its own (offsets are into `text`).
struct file_index {
  std::string path;
  std::string text;
  std::vector<definition> top;  ///< the file's contract or terms, the named parts inside
  std::vector<reference> refs;
  std::vector<std::string> extends;  ///< the paths of `extends`, as written
  /// The innermost block holding each offset: [at, end) and its kind, outermost first.
  struct block_span {
    grammar::block kind;
    std::uint32_t at = 0, end = 0;
  };
  std::vector<block_span> blocks;
};

file_index index_file(std::string path, std::string text);

/// Every definition of `f`, depth first.
std::vector<const definition*> all_definitions(const file_index& f);

/// The block kind at `offset` (the file's top level when none).
grammar::block block_at(const file_index& f, std::uint32_t offset);

/// Positions as an editor counts them: a 0-based line and a character offset in UTF-16
/// code units (LSP's default) or in bytes (UTF-8, when the client asks for it).
struct text_position {
  std::uint32_t line = 0, character = 0;
};
class line_map {
 public:
  line_map(std::string_view text, bool utf16);
  text_position position(std::uint32_t offset) const;
  /// The byte offset of a position; past a line's end, its end; past the last line, the end.
  std::uint32_t offset(text_position p) const;

 private:
  std::string_view text_;
  bool utf16_;
  std::vector<std::uint32_t> starts_;
};

}  // namespace slaudit::lsp
