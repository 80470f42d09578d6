#include <catch2/catch.hpp>

#include "grammar/driver.hpp"

#include <filesystem>
#include <fstream>

using namespace slaudit::grammar;

TEST_CASE("a statement parses into its AST node with positions", "[parser]") {
  std::string text = "availability >= 99.9% per month clause \"4.4\"";
  auto step = parse_statement(block::service, text, 0);
  REQUIRE(step.ok);
  auto& a = ast::get<ast::availability_stmt>(step.stmt);
  CHECK(a.target.amount.digits == "99.9");
  CHECK(a.target.at == 16);
  CHECK(a.target.end == 21);
  CHECK(a.per.text == "month");
  REQUIRE(a.clause.size() == 1);
  CHECK(a.clause[0].value == "4.4");
  CHECK(step.end == text.size());
}

TEST_CASE("durations, money and credits keep the digits as written", "[parser]") {
  std::string text = "late restore 150.00 EUR per started 1h";
  auto step = parse_statement(block::penalty, text, 0);
  REQUIRE(step.ok);
  auto& l = ast::get<ast::late_stmt>(step.stmt);
  CHECK(l.target.text == "restore");
  auto& m = boost::get<ast::money>(l.amount.get());
  CHECK(m.amount.digits == "150.00");
  CHECK(m.currency == "EUR");
  CHECK(l.rounding.text == "started");
  CHECK(l.unit.amount.digits == "1");
  CHECK(l.unit.unit == "h");
}

TEST_CASE("keywords need a boundary: 30minutes is not 30min", "[parser]") {
  std::string text = "respond within 30minutes";
  auto step = parse_statement(block::severity, text, 0);
  CHECK_FALSE(step.ok);
  CHECK(step.expected == "a duration such as 30min, 2h or 3d");
  CHECK(step.error_at == 14);  // before the skipper; the driver moves it onto the token
}

TEST_CASE("count tiers read open and closed ranges", "[parser]") {
  for (auto [text, open, has_high] : {std::tuple{"count 1..2 credit 1.00 CNY", true, true},
                                      std::tuple{"count 6.. credit 1.00 CNY", true, false},
                                      std::tuple{"count 3 credit 1.00 CNY", false, false}}) {
    std::string t = text;
    auto step = parse_statement(block::penalty, t, 0);
    REQUIRE(step.ok);
    auto& c = ast::get<ast::count_tier>(step.stmt);
    CHECK(c.open == open);
    CHECK(c.high.has_value() == has_high);
  }
}

TEST_CASE("strings decode escapes and may hold any UTF-8", "[parser]") {
  std::string text = "title \"运维 \\\"SLA\\\" \\\\ 协议\"";
  auto step = parse_statement(block::contract, text, 0);
  REQUIRE(step.ok);
  CHECK(ast::get<ast::title_stmt>(step.stmt).title.value == "运维 \"SLA\" \\ 协议");
}

TEST_CASE("the driver reports every error and keeps the good statements", "[parser]") {
  source_file src("t.sla",
                  "sla 1\ncontract \"X\" {\n  titel \"a\"\n  term 2026-01-01 .. 2026-12-31\n"
                  "  fee 1.00 CNY per month junk\n  service \"s\" {\n    level 1\n    bogus\n  }\n}\n");
  diagnostics d;
  auto f = parse_file(src, d);
  auto all = d.sorted();
  REQUIRE(all.size() == 3);
  CHECK(all[0].code == "E0102");
  CHECK(src.position(all[0].at).line == 3);
  REQUIRE(all[0].notes.size() == 2);
  CHECK(all[0].notes[0].message == "did you mean 'title'?");
  CHECK(all[1].code == "E0105");
  CHECK(src.position(all[1].at).line == 5);
  CHECK(src.position(all[1].at).column == 26);  // "  fee 1.00 CNY per month junk": junk is the 26th character
  CHECK(all[2].code == "E0102");
  CHECK(src.position(all[2].at).line == 8);
  REQUIRE(f.nodes.size() == 2);
  CHECK(f.nodes[1].body.size() == 3);  // term, fee, service: the broken lines are dropped
  CHECK(f.nodes[1].body[2].body.size() == 1);
}

TEST_CASE("a missing closing brace is reported where it belongs", "[parser]") {
  source_file src("t.sla", "sla 1\ncontract \"X\" {\n  service \"s\" {\n    level 1\n\n  title \"t\"\n}\n");
  diagnostics d;
  auto f = parse_file(src, d);
  auto all = d.sorted();
  REQUIRE(all.size() == 1);
  CHECK(all[0].code == "E0103");
  CHECK(src.position(all[0].at).line == 5);  // the blank line the deleted '}' left
  CHECK(all[0].notes[0].has_location);
  CHECK(src.position(all[0].notes[0].at).line == 3);
  REQUIRE(f.nodes.size() == 2);
  CHECK(f.nodes[1].body.size() == 2);  // the service and the title, each in its block
}

TEST_CASE("an unterminated string stops at the end of its line", "[parser]") {
  source_file src("t.sla", "sla 1\ncontract \"X\" {\n  title \"open\n  term 2026-01-01 .. 2026-12-31\n}\n");
  diagnostics d;
  auto f = parse_file(src, d);
  auto all = d.sorted();
  REQUIRE(all.size() == 1);
  CHECK(all[0].code == "E0101");
  CHECK(src.position(all[0].at).line == 3);
  CHECK(f.nodes[1].body.size() == 1);  // term still parsed
}

TEST_CASE("did_you_mean suggests close words only", "[parser]") {
  std::vector<std::string> words = {"availability", "max_downtime", "level"};
  CHECK(did_you_mean("availabilty", words) == "availability");
  CHECK(did_you_mean("levle", words) == "level");
  CHECK(did_you_mean("zzz", words).empty());
}

TEST_CASE("inputs the fuzzer once crashed on now parse to diagnostics", "[parser][fuzz]") {
  // fixtures/fuzz-regressions/: one file per crash found, kept after the fix.
  std::size_t files = 0;
  for (auto& e : std::filesystem::directory_iterator(std::string(SLAUDIT_SOURCE_DIR) + "/fixtures/fuzz-regressions")) {
    INFO(e.path());
    std::ifstream in(e.path(), std::ios::binary);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    source_file src(e.path().string(), text);
    diagnostics d;
    parse_file(src, d);
    CHECK(d.has_errors());
    ++files;
  }
  CHECK(files >= 1);
}
