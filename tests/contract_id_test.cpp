// grammar::scan_contract_id: the batch's plan reads each contract's id from the head of its
// file without parsing it. Where it reads one, it must be the parser's; where it cannot be
// sure, it reads none (and the plan parses).
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "grammar/contract_id.hpp"
#include "grammar/driver.hpp"

using namespace slaudit;

TEST_CASE("the contract id from the head of the file", "[contract_id]") {
  CHECK(grammar::scan_contract_id("sla 1\ncontract \"PF-0001\" {\n}\n") == "PF-0001");
  CHECK(grammar::scan_contract_id("\xEF\xBB\xBFsla 1\r\n\r\n# the Q4 renewal\ncontract \"合同-7\" clause \"1\" {\r\n}") ==
        "合同-7");
  CHECK(grammar::scan_contract_id("# contract \"commented\"\nsla 1; contract\t\"A\" {}") == "A");
  CHECK(grammar::scan_contract_id("contract \"no-version\" {}") == "no-version");
  CHECK(grammar::scan_contract_id("sla 1\ncontract \"\" {}") == "");
}

TEST_CASE("no id where the head could be read two ways", "[contract_id]") {
  CHECK_FALSE(grammar::scan_contract_id("sla 1\ncontract \"a\\\"b\" {}"));   // an escape: the parser decodes it
  CHECK_FALSE(grammar::scan_contract_id("sla 1\ncontract \"a\\nb\" {}"));
  CHECK_FALSE(grammar::scan_contract_id("sla 1\ncontract \"unclosed\n{}"));
  CHECK_FALSE(grammar::scan_contract_id("sla 1\ncontract \"unclosed"));
  CHECK_FALSE(grammar::scan_contract_id("sla 1\ncontracts \"x\" {}"));       // not the keyword
  CHECK_FALSE(grammar::scan_contract_id("sla 1\ncontract\n\"x\" {}"));       // the parser wants it on the line
  CHECK_FALSE(grammar::scan_contract_id("sla 1\ntitle \"x\"\ncontract \"y\" {}"));
  CHECK_FALSE(grammar::scan_contract_id("sla 1.5\ncontract \"x\" {}"));
  CHECK_FALSE(grammar::scan_contract_id(""));
}

TEST_CASE("the scanned id is the parser's on every contract of the fixtures", "[contract_id]") {
  namespace fs = std::filesystem;
  int scanned = 0;
  for (auto& e : fs::recursive_directory_iterator(std::string(SLAUDIT_SOURCE_DIR) + "/fixtures")) {
    if (e.path().extension() != ".sla") continue;
    std::ifstream in(e.path(), std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    grammar::source_file src(e.path().string(), text.str());
    grammar::diagnostics diags;
    auto tree = grammar::parse_file(src, diags);
    auto id = grammar::scan_contract_id(src.text());
    if (diags.has_errors()) continue;
    for (auto& n : tree.nodes)
      if (auto* head = grammar::ast::get_if<grammar::ast::contract_head>(&n.stmt)) {
        INFO(e.path().string());
        REQUIRE(id);
        CHECK(head->id.value == *id);
        ++scanned;
        break;
      }
  }
  CHECK(scanned > 50);  // every contract that parses has a head the scan reads (REQUIRE above)
}
