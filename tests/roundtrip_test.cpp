#include <catch2/catch.hpp>

#include <filesystem>

#include "engine/model_text.hpp"
#include "grammar/formatter.hpp"
#include "test_support.hpp"

using namespace slaudit;

namespace {
std::vector<std::string> fixture_contracts() {
  std::vector<std::string> out;
  for (auto dir : {"/fixtures/contracts", "/fixtures/format"})
    for (auto& e : std::filesystem::directory_iterator(test::source_dir() + dir))
      if (e.path().extension() == ".sla") out.push_back(e.path().string());
  std::sort(out.begin(), out.end());
  return out;
}
}  // namespace

TEST_CASE("parse → fmt → parse gives the same model, and fmt is idempotent", "[roundtrip]") {
  auto files = fixture_contracts();
  REQUIRE(files.size() >= 5);
  for (auto& path : files) {
    INFO(path);
    std::string text = test::read_text(path);
    auto before = test::load(text, test::disk{}, path);
    REQUIRE(before.model);

    grammar::source_file src(path, text);
    grammar::diagnostics d;
    std::string once = grammar::format_file(grammar::parse_file(src, d));
    auto after = test::load(once, test::disk{}, path);
    REQUIRE(after.model);
    CHECK(engine::model_text(*after.model) == engine::model_text(*before.model));

    grammar::source_file src2(path, once);
    std::string twice = grammar::format_file(grammar::parse_file(src2, d));
    CHECK(twice == once);
    CHECK_FALSE(d.has_errors());
  }
}

TEST_CASE("the fixture contracts are already in canonical form", "[roundtrip]") {
  for (auto& e : std::filesystem::directory_iterator(test::source_dir() + "/fixtures/contracts")) {
    if (e.path().extension() != ".sla") continue;
    INFO(e.path());
    std::string text = test::read_text(e.path());
    grammar::source_file src(e.path().string(), text);
    grammar::diagnostics d;
    CHECK(grammar::format_file(grammar::parse_file(src, d)) == text);
  }
}

TEST_CASE("fmt keeps every comment and the blank lines between groups", "[roundtrip]") {
  std::string path = test::source_dir() + "/fixtures/format/messy.sla";
  std::string expected = test::read_text(test::source_dir() + "/fixtures/format/messy.formatted");
  grammar::source_file src(path, test::read_text(path));
  grammar::diagnostics d;
  CHECK(grammar::format_file(grammar::parse_file(src, d)) == expected);
}
