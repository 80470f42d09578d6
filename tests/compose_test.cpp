// Standard terms and overrides: a source of several files, the merge, and where its problems
// are reported.
#include <catch2/catch.hpp>

#include "engine/compose.hpp"
#include "engine/load.hpp"
#include "engine/pro_rata.hpp"
#include "grammar/formatter.hpp"
#include "grammar/parser.hpp"
#include "grammar/source.hpp"
#include "io/render.hpp"
#include "test_support.hpp"

using namespace slaudit;

namespace {

const char* terms_text = R"(sla 1

terms "STD" {
  timezone "Asia/Shanghai"
  fee 10000.00 CNY per month

  calendar office {
    hours mon-fri 09:00-18:00
    holidays from "cal/h.ics"
  }
  level 1 {
    coverage office
    onsite
  }
  severity 1 {
    respond within 30min
    restore within 2h
  }
  service "core" {
    level 1
    availability >= 99.9% per month
    fee_share 60% of fee
  }
  service "mail" {
    level 1
    availability >= 99.5% per month
    fee_share 30% of fee
  }
  penalty "可用性" clause "5.2" {
    on availability of each service
    below 99.9% credit 20% of share
  }
}
)";

const char* ics_text =
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\nBEGIN:VEVENT\r\nUID:a\r\n"
    "DTSTART;VALUE=DATE:20261001\r\nSUMMARY:国庆\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

std::string contract_text(const std::string& body) {
  return "sla 1\n\ncontract \"C-1\" {\n  extends \"../terms/std.sla\"\n  title \"t\"\n  customer \"甲\"\n"
         "  provider \"乙\"\n  term 2026-01-01 .. 2026-12-31\n" +
         body + "}\n";
}

struct composed {
  std::optional<engine::contract> model;
  std::string rendered;  ///< the diagnostics as `check` prints them
};

composed load(const std::string& body) {
  test::map_reader files;
  files.files["terms/std.sla"] = terms_text;
  files.files["terms/cal/h.ics"] = ics_text;
  grammar::source_file src("contracts/c.sla", contract_text(body));
  grammar::diagnostics d;
  composed out;
  out.model = engine::load_contract(src, files, d);
  out.rendered = io::render_text({src, d.sorted(), d.dropped()});
  return out;
}

}  // namespace

TEST_CASE("a source of several files: each offset knows its file, line and column", "[compose]") {
  grammar::source_file src("a.sla", "one\ntwo\n");
  auto part = src.append("dir/b.sla", "x\n  yz");
  REQUIRE(part == std::optional<std::size_t>(1));
  CHECK(src.part_count() == 2);
  std::uint32_t b = src.part_begin(1);
  CHECK(src.text().substr(b) == "x\n  yz");
  CHECK(src.part_end(0) == 8);  // "one\ntwo\n", the line break appended before part 1 excluded
  CHECK(src.path_at(4) == "a.sla");
  CHECK(src.path_at(b + 4) == "dir/b.sla");
  CHECK(src.position(4).line == 2);
  auto p = src.position(b + 4);  // the 'y' on b.sla's second line
  CHECK(p.line == 2);
  CHECK(p.column == 3);
  CHECK(src.line_text_at(b + 4) == "  yz");
  CHECK(src.line_start_at(b + 4) == b + 2);
}

TEST_CASE("overrides replace the terms' parts in place; new parts follow", "[compose]") {
  auto c = load(R"(  override fee 20000.00 CNY per month
  override service "mail" {
    level 1
    availability >= 99.0% per month
    fee_share 30% of fee
  }
  service "web" {
    level 1
    availability >= 99.0% per month
    fee_share 10% of fee
  }
)");
  INFO(c.rendered);
  REQUIRE(c.model);
  CHECK(c.model->monthly_fee == 2000000);  // fen
  REQUIRE(c.model->services.size() == 3);
  CHECK(c.model->services[0].id == "core");
  CHECK(c.model->services[1].id == "mail");
  CHECK(c.model->services[2].id == "web");
  // The imported calendar was found beside the terms, not the contract.
  REQUIRE(c.model->calendars.size() == 1);
  CHECK(c.model->calendars[0].holidays.size() == 1);
  // The penalty's trail names the terms file and its line.
  REQUIRE(c.model->penalties.size() == 1);
  CHECK(c.model->penalties[0].where.file == "terms/std.sla");
  CHECK(c.model->penalties[0].where.line == 29);
}

TEST_CASE("a part in both files without override is an error at both places", "[compose]") {
  auto c = load("  fee 20000.00 CNY per month\n");
  CHECK_FALSE(c.model);
  CHECK(c.rendered.find("contracts/c.sla:9:3: error[E0702]: fee is also in the terms") != std::string::npos);
  CHECK(c.rendered.find("terms/std.sla:5:3: note: the terms' fee is here") != std::string::npos);
}

TEST_CASE("an override of what the terms lack names the nearest part", "[compose]") {
  auto c = load("  override service \"mial\" {\n    level 1\n  }\n");
  CHECK_FALSE(c.model);
  CHECK(c.rendered.find("contracts/c.sla:9:3: error[E0703]: override of service \"mial\"") != std::string::npos);
  CHECK(c.rendered.find("did you mean service \"mail\"?") != std::string::npos);
}

TEST_CASE("an error in the terms is reported in the terms file", "[compose]") {
  test::map_reader files;
  std::string broken = terms_text;
  broken.replace(broken.find("coverage office"), 15, "coverage offce");
  files.files["terms/std.sla"] = broken;
  files.files["terms/cal/h.ics"] = ics_text;
  grammar::source_file src("contracts/c.sla", contract_text(""));
  grammar::diagnostics d;
  CHECK_FALSE(engine::load_contract(src, files, d));
  auto text = io::render_text({src, d.sorted(), d.dropped()});
  CHECK(text.find("terms/std.sla:12:14: error[E0202]: unknown calendar 'offce'") != std::string::npos);
}

TEST_CASE("the resolved contract, saved beside the contract, reads as the same contract", "[compose]") {
  test::map_reader files;
  files.files["terms/std.sla"] = terms_text;
  files.files["terms/cal/h.ics"] = ics_text;
  grammar::source_file src("contracts/c.sla", contract_text("  override fee 20000.00 CNY per month\n"));
  grammar::diagnostics d;
  std::string resolved = engine::resolved_contract(src, files, d);
  REQUIRE_FALSE(resolved.empty());
  CHECK(resolved.find("extends") == std::string::npos);
  CHECK(resolved.find("override") == std::string::npos);
  CHECK(resolved.find("# ---- from terms/std.sla") != std::string::npos);
  CHECK(resolved.find("holidays from \"../terms/cal/h.ics\"") != std::string::npos);
  files.files["contracts/terms/cal/h.ics"] = "";  // would be read were the path not rebased
  files.files["contracts/../terms/cal/h.ics"] = ics_text;
  auto again = test::load(resolved, files, "contracts/resolved.sla");
  INFO(again.diags.size());
  REQUIRE(again.model);
  CHECK(again.model->monthly_fee == 2000000);
  CHECK(again.model->calendars.at(0).holidays.size() == 1);
}

TEST_CASE("a pro_rata amendment shares the fee and the targets of its month by days", "[compose][amendment]") {
  // From 2026-02-11 (February: 28 days; 10 as signed, 18 amended): the fee 10000.00 → 13000.00,
  // core's target 99.9% → 99.5%; mail unchanged; a service added by the amendment.
  auto c = load(
      "  amendment \"A\" effective 2026-02-11 pro_rata {\n"
      "    override fee 13000.00 CNY per month\n"
      "    override service \"core\" {\n      level 1\n      availability >= 99.5% per month\n"
      "      fee_share 60% of fee\n    }\n"
      "    service \"web\" {\n      level 1\n      availability >= 99% per month\n      fee_share 10% of fee\n    }\n"
      "  }\n");
  INFO(c.rendered);
  REQUIRE(c.model);
  REQUIRE(c.model->amendments.size() == 1);
  CHECK(c.model->amendments[0].pro_rata);

  std::vector<engine::finding> trail;
  auto feb = engine::pro_rated_terms(*c.model, *engine::parse_period("2026-02"), trail);
  REQUIRE(feb);
  // 1000000 × 10/28 + 1300000 × 18/28 = 33400000/28 = 1192857.14… → 1192857 fen.
  CHECK(feb->monthly_fee == 1192857);
  // core's share, 60% of each fee: 600000 × 10/28 + 780000 × 18/28 = 20040000/28 = 715714.28… → 715714.
  CHECK(feb->services.at(0).fee_share == 715714);
  // 99.9 × 10/28 + 99.5 × 18/28 = 2789.0/28 = 99.642857…% → 99.6429%.
  CHECK(feb->services.at(0).availability_pct->str() == "99.6429");
  // mail: its target is the same in both; its share (30% of each fee) is not.
  CHECK(feb->services.at(1).availability_pct->str() == "99.5");
  CHECK(feb->services.at(1).fee_share == 357857);  // 300000 × 10/28 + 390000 × 18/28 = 357857.14…
  CHECK(feb->services.size() == 2);  // web is the amendment's: not in February's first-day terms
  std::vector<std::string> figures;
  for (auto& f : trail) figures.push_back(f.values.at(0) + " " + f.values.at(1));
  CHECK(figures == std::vector<std::string>{"monthly_fee ", "fee_share core", "availability_target core", "fee_share mail"});
  CHECK(trail.at(2).values.at(2) == "99.9% × 10/28 + 99.5% × 18/28 = 99.6429%");

  // March begins under the amendment, January before it: nothing is shared.
  trail.clear();
  CHECK_FALSE(engine::pro_rated_terms(*c.model, *engine::parse_period("2026-03"), trail));
  CHECK_FALSE(engine::pro_rated_terms(*c.model, *engine::parse_period("2026-01"), trail));
  CHECK(trail.empty());
}

TEST_CASE("pro_rata is kept by fmt, and an amendment without it shares nothing", "[compose][amendment]") {
  auto plain = load("  amendment \"A\" effective 2026-02-11 {\n    override fee 13000.00 CNY per month\n  }\n");
  REQUIRE(plain.model);
  CHECK_FALSE(plain.model->amendments.at(0).pro_rata);
  std::vector<engine::finding> trail;
  CHECK_FALSE(engine::pro_rated_terms(*plain.model, *engine::parse_period("2026-02"), trail));

  grammar::source_file src("c.sla", contract_text("  amendment   \"A\"  effective 2026-02-11   pro_rata  {\n  }\n"));
  grammar::diagnostics d;
  auto formatted = grammar::format_file(grammar::parse_file(src, d));
  CHECK_FALSE(d.has_errors());
  CHECK(formatted.find("  amendment \"A\" effective 2026-02-11 pro_rata {\n") != std::string::npos);
}
