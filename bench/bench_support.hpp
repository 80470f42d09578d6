// What the benchmarks share: a contract, its zone and a period from the command line.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>

#include "engine/load.hpp"
#include "engine/period.hpp"
#include "engine/zone.hpp"
#include "io/files.hpp"

namespace slaudit::bench {

struct inputs {
  engine::contract contract;
  engine::zone zone;
  engine::period period;
  std::string contract_text;
};

/// Loads CONTRACT and PERIOD or exits with the reason (3: a bad contract, 2: a bad period).
inline inputs load(const char* contract_path, const char* period_text) {
  std::string why;
  auto text = io::read_file(contract_path, why);
  if (!text) std::fprintf(stderr, "%s: %s\n", contract_path, why.c_str()), std::exit(3);
  grammar::source_file src(contract_path, *text);
  grammar::diagnostics d;
  io::disk_reader disk;
  auto c = engine::load_contract(src, disk, d);
  if (!c) std::fprintf(stderr, "%s: the contract has errors (slaudit check shows them)\n", contract_path), std::exit(3);
  auto z = engine::zone::locate(c->timezone);
  auto p = engine::parse_period(period_text);
  if (!z || !p) std::fprintf(stderr, "bad zone or period\n"), std::exit(2);
  return {std::move(*c), *z, *p, std::move(*text)};
}

}  // namespace slaudit::bench
