// Helpers shared by the tests: contracts from strings, files from a map.
#pragma once

#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "engine/load.hpp"
#include "grammar/driver.hpp"
#include "io/files.hpp"

namespace slaudit::test {

inline std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline std::string source_dir() { return SLAUDIT_SOURCE_DIR; }

/// Files by path; anything else is unreadable.
using map_reader = engine::memory_files;

/// Reads (and lists) the disk, for fixtures that import real .ics files: the CLI's reader.
using disk = io::disk_reader;

struct loaded {
  std::optional<engine::contract> model;
  std::vector<grammar::diagnostic> diags;
  /// "line:col code" of every diagnostic, in order: what tests pin.
  std::vector<std::string> where;
};

inline loaded load(const std::string& text, const engine::file_reader& files, const std::string& path = "t.sla") {
  grammar::source_file src(path, text);
  grammar::diagnostics d;
  loaded out;
  out.model = engine::load_contract(src, files, d);
  out.diags = d.sorted();
  for (auto& x : out.diags) {
    auto p = src.position(x.at);
    out.where.push_back(std::to_string(p.line) + ":" + std::to_string(p.column) + " " + x.code);
  }
  return out;
}

inline loaded load(const std::string& text) { return load(text, map_reader{}); }

/// A small valid contract; `body` is added inside the contract block.
inline std::string contract_with(const std::string& body) {
  return "sla 1\ncontract \"T\" {\n  title \"t\"\n  customer \"c\"\n  provider \"p\"\n"
         "  term 2026-01-01 .. 2026-12-31\n  timezone \"Asia/Shanghai\"\n  fee 10000.00 CNY per month\n" +
         body + "}\n";
}

}  // namespace slaudit::test
