#include <catch2/catch.hpp>

#include "io/codes.hpp"
#include "io/render.hpp"
#include "reports/json.hpp"
#include "reports/text_format.hpp"
#include "test_support.hpp"

using namespace slaudit;

namespace {
io::checked_file checked(const std::string& path, const std::string& text) {
  grammar::source_file src(path, text);
  grammar::diagnostics d;
  engine::load_contract(src, test::map_reader{}, d);
  return {src, d.sorted()};
}
}  // namespace

TEST_CASE("text: file:line:col, the line, and a caret as wide as the token", "[render]") {
  auto f = checked("a.sla", test::contract_with("  level 1 \"x\" {\n    coverage 7x24\n  }\n"
                                                "  severity 1 \"十分重要\" {\n    respond within 30min\n  }\n"
                                                "  escalation {\n    matrix {\n      severity 1: 1\n      severity 5: 1\n    }\n  }\n"));
  CHECK(io::render_text(f) ==
        "a.sla:18:16: error[E0203]: unknown severity '5'\n"
        " 18 |       severity 5: 1\n"
        "    |                ^\n"
        "  = note: defined severities: 1\n");
}

TEST_CASE("text: the caret under CJK text is padded two columns a character", "[render]") {
  auto f = checked("a.sla", "sla 1\ncontract \"合同\" {\n  title \"标题\" oops\n}\n");
  auto text = io::render_text(f);
  CHECK(text.find("a.sla:3:14: error[E0105]: unexpected 'oops' after the statement\n"
                  " 3 |   title \"标题\" oops\n"
                  "   |                ^^^^\n") == 0);  // 15 columns: 2 + title + 1 + 6 (quoted CJK) + 1
}

TEST_CASE("json escapes control characters and quotes", "[render]") {
  CHECK(reports::json_escape("a\"b\\c\n\x01") == "a\\\"b\\\\c\\n\\u0001");
  CHECK(reports::json_escape("中文") == "中文");
  // The short forms a JSON library writes (nlohmann's dump, Python's json.dumps), DEL as it is.
  CHECK(reports::json_escape("\b\f\t\r\x1f\x7f") == "\\b\\f\\t\\r\\u001f\x7f");
}

TEST_CASE("the JSON writer: two spaces a level, records and lists on one line", "[render]") {
  reports::json_writer w;
  w.object();
  w.key("id").str("PF-1");
  w.key("empty").array();
  w.close(']');
  w.key("none").object();
  w.close('}');
  w.key("rows").array();
  w.record();
  w.key("n").num(-1);
  w.key("tags").list();
  w.str("a");
  w.str("b");
  w.close(']');
  w.key("at").object();
  w.key("ok").boolean(true);
  w.key("why").null();
  w.close('}');
  w.close('}');
  w.record();
  w.close('}');
  w.close(']');
  w.close('}');
  CHECK(w.out ==
        "{\n"
        "  \"id\": \"PF-1\",\n"
        "  \"empty\": [],\n"
        "  \"none\": {},\n"
        "  \"rows\": [\n"
        "    {\"n\": -1, \"tags\": [\"a\", \"b\"], \"at\": {\"ok\": true, \"why\": null}},\n"
        "    {}\n"
        "  ]\n"
        "}");
}

TEST_CASE("the JSON writer: an element written apart at its depth, and a document taken in pieces", "[render]") {
  reports::json_writer entry(2);
  entry.object();
  entry.key("file").str("a.sla");
  entry.close('}');
  reports::json_writer w;
  w.object();
  w.key("contracts").array();
  std::string pieces = w.take();
  w.element(entry.out);
  w.element(entry.out);
  pieces += w.take();
  w.close(']');
  w.close('}');
  pieces += w.take();
  CHECK(pieces ==
        "{\n"
        "  \"contracts\": [\n"
        "    {\n"
        "      \"file\": \"a.sla\"\n"
        "    },\n"
        "    {\n"
        "      \"file\": \"a.sla\"\n"
        "    }\n"
        "  ]\n"
        "}");
}

TEST_CASE("github annotations escape what the runner would misread", "[render]") {
  auto f = checked("dir,x/a:b.sla", "sla 1\ncontract \"x\" {\n  titel \"t\"\n}\n");
  auto out = io::render_github({f});
  CHECK(out.rfind("::error file=dir%2Cx/a%3Ab.sla,line=3,col=3,endColumn=8,title=E0102::unknown statement 'titel' in "
                  "a contract block%0Adid you mean 'title'?%0A",
                  0) == 0);
}

TEST_CASE("sarif names the rules that occur and counts columns in code points", "[render]") {
  auto f = checked("合同/a.sla", "sla 1\ncontract \"x\" {\n  titel \"t\"\n}\n");
  auto out = io::render_sarif({f}, "0.1.0");
  CHECK(out.find("\"version\": \"2.1.0\"") != std::string::npos);
  CHECK(out.find("\"columnKind\": \"unicodeCodePoints\"") != std::string::npos);
  CHECK(out.find("{\"id\": \"E0102\", \"shortDescription\"") != std::string::npos);
  CHECK(out.find("\"uri\": \"%E5%90%88%E5%90%8C/a.sla\"") != std::string::npos);
}

TEST_CASE("every code the sources emit is listed and documented", "[render]") {
  auto docs = test::read_text(test::source_dir() + "/docs/dsl.md");
  for (auto& c : io::diagnostic_codes()) {
    INFO(c.code);
    CHECK(docs.find("`" + c.code + "`") != std::string::npos);
  }
  std::string sources;
  for (auto f : {"/grammar/driver.cpp", "/engine/validate.cpp"}) sources += test::read_text(test::source_dir() + f);
  for (std::size_t i = sources.find("\"E0"); i != std::string::npos; i = sources.find("\"E0", i + 1)) {
    std::string code = sources.substr(i + 1, 5);
    INFO(code);
    CHECK_FALSE(io::code_title(code).empty());
  }
  for (std::size_t i = sources.find("\"W0"); i != std::string::npos; i = sources.find("\"W0", i + 1)) {
    std::string code = sources.substr(i + 1, 5);
    INFO(code);
    CHECK_FALSE(io::code_title(code).empty());
  }
}
