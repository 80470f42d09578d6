#include <catch2/catch.hpp>

#include "engine/model_text.hpp"
#include "test_support.hpp"

using namespace slaudit;
using namespace slaudit::engine;
using test::contract_with;
using test::load;

namespace {
civil_day day_of(const std::string& ymd) {
  for (civil_day d = 20000; d < 21000; ++d)
    if (day_text(d) == ymd) return d;
  return -1;
}
bool has_day(const std::vector<dated_label>& v, const std::string& ymd) {
  civil_day d = day_of(ymd);
  return std::any_of(v.begin(), v.end(), [&](auto& x) { return x.day == d; });
}
}  // namespace

TEST_CASE("the seed SLA's terms in the model, units resolved", "[validate]") {
  auto path = test::source_dir() + "/fixtures/contracts/yyyy-ops.sla";
  auto r = load(test::read_text(path), test::disk{}, path);
  REQUIRE(r.model);
  auto& c = *r.model;
  CHECK(c.id == "YYYY-OPS-2026");
  CHECK(c.parties.at(party_role::customer) == "深圳市YYY公司");
  CHECK(c.monthly_fee == 12000000);  // 120,000.00 CNY in fen
  CHECK(c.rounding_unit == 1);
  CHECK(day_text(c.term_first) == "2026-01-01");
  CHECK(day_text(c.term_last) == "2026-12-31");
  REQUIRE(c.severities.size() == 4);
  CHECK(c.severities[0].respond->within_s == 30 * 60);
  CHECK(c.severities[0].restore->within_s == 2 * 3600);
  CHECK(c.severities[0].where.clauses == std::vector<std::string>{"2.5", "4.1", "4.2"});
  auto& e = *c.escalation_rules;
  CHECK(e.matrix.at(1).at(1) == 1);
  CHECK(e.matrix.at(2).at(3) == 4);
  CHECK(e.matrix.at(4).at(4) == 4);
  REQUIRE(e.steps.at(1).size() == 5);
  CHECK(e.steps.at(1)[4].after_s == 7200);
  CHECK(e.steps.at(1)[4].roles == std::vector<std::string>{"银监局", "人民银行", "相关监管机构"});
  CHECK(e.steps.at(4)[1].roles.size() == 2);
  auto& s = c.services.at(0);
  CHECK(s.availability_pct->str() == "99.9");
  CHECK(s.max_downtime_s == 2628);  // 43.8 min
  CHECK(s.transactions_pct->str() == "99.95");
  CHECK(s.fee_share == 12000000);
  CHECK(c.tickets.respond->within_s == 7200);
  CHECK(c.monitoring.early_detection_pct->str() == "95");
  CHECK(c.maintenance.notice_s == 3 * 86400);
  REQUIRE(c.penalties.size() == 2);
  CHECK(c.penalties[0].type == penalty::kind::overdue);
  CHECK(c.penalties[0].payer == party_role::customer);
  CHECK(c.penalties[0].daily_rate_pct.str() == "0.5");
  CHECK(c.penalties[1].tiers.at(0).amount.base == credit::kind::percent_of_share);
  // 7×8 calendar from the real feed: 调休 days are working days, National Day is not.
  auto& cal = c.calendars.at(0);
  CHECK(has_day(cal.workdays, "2026-02-14"));
  CHECK(has_day(cal.workdays, "2026-09-20"));
  CHECK(has_day(cal.holidays, "2026-10-01"));
  CHECK(has_day(cal.holidays, "2026-10-07"));
  CHECK_FALSE(has_day(cal.holidays, "2026-10-09"));
  REQUIRE(cal.workday_hours.size() == 1);
  CHECK(cal.workday_hours[0].from_s == 9 * 3600);
  CHECK(cal.workday_hours[0].to_s == 18 * 3600);
  REQUIRE(r.where.size() == 1);
  CHECK(r.where[0] == "102:18 W0601");
}

TEST_CASE("W0601 names exactly the month lengths that disagree", "[validate]") {
  auto r = load(contract_with(
      "  level 1 \"x\" {\n    coverage 7x24\n  }\n"
      "  service \"s\" {\n    level 1\n    availability >= 99.9% per month\n    max_downtime 43.2min per month\n  }\n"));
  REQUIRE(r.diags.size() == 1);
  CHECK(r.diags[0].code == "W0601");
  CHECK(r.diags[0].message ==
        "availability 99.9% allows 40.32 min in a 28-day month, 41.76 min in a 29-day month, "
        "44.64 min in a 31-day month, not the 43.2 min max_downtime states");
  REQUIRE(r.model);  // a warning does not stop the model
}

TEST_CASE("fees per year and quarter become monthly fees exactly", "[validate]") {
  auto year = load(test::contract_with("").replace(
      test::contract_with("").find("fee 10000.00 CNY per month"), 26, "fee 1200000.00 CNY per year"));
  REQUIRE(year.model);
  CHECK(year.model->monthly_fee == 10000000);
  auto quarter = load(test::contract_with("").replace(
      test::contract_with("").find("fee 10000.00 CNY per month"), 26, "fee 100.00 CNY per quarter"));
  CHECK_FALSE(quarter.model);
  CHECK(quarter.where == std::vector<std::string>{"8:7 E0308"});
}

TEST_CASE("fee shares: a percentage of the fee in fen, or an amount", "[validate]") {
  auto r = load(contract_with(
      "  level 1 \"x\" {\n    coverage 7x24\n  }\n"
      "  service \"a\" {\n    level 1\n    fee_share 60% of fee\n  }\n"
      "  service \"b\" {\n    level 1\n    fee_share 1234.56 CNY\n  }\n"));
  REQUIRE(r.model);
  CHECK(r.model->services[0].fee_share == 600000);
  CHECK(r.model->services[1].fee_share == 123456);
}

TEST_CASE("inline days override an imported calendar", "[validate]") {
  test::map_reader files;
  files.files["cal/h.ics"] =
      "BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:国庆节\nDTSTART;VALUE=DATE:20261001\nDTEND;VALUE=DATE:20261004\n"
      "END:VEVENT\nEND:VCALENDAR\n";
  auto r = load(contract_with("  calendar biz {\n    hours mon-fri 09:00-17:00\n"
                              "    holidays from \"h.ics\"\n    workday 2026-10-02 \"加班\"\n  }\n"
                              "  level 1 \"x\" {\n    coverage biz\n  }\n"),
                files, "cal/t.sla");
  REQUIRE(r.model);
  auto& cal = r.model->calendars[0];
  CHECK(has_day(cal.holidays, "2026-10-01"));
  CHECK_FALSE(has_day(cal.holidays, "2026-10-02"));
  CHECK(has_day(cal.workdays, "2026-10-02"));
  CHECK(cal.imported == std::vector<std::string>{"h.ics"});
}

TEST_CASE("an imported series gives every occurrence in the term, with its overrides", "[validate]") {
  test::map_reader files;
  files.files["cal/outlook.ics"] = test::read_text(test::source_dir() + "/fixtures/ical/outlook.ics");
  auto r = load(contract_with("  calendar biz {\n    hours mon-fri 09:00-17:00\n"
                              "    holidays from \"outlook.ics\"\n  }\n"
                              "  level 1 \"x\" {\n    coverage biz\n  }\n"),
                files, "cal/t.sla");
  REQUIRE(r.model);
  auto& cal = r.model->calendars[0];
  CHECK(has_day(cal.holidays, "2026-09-08"));        // second Tuesday of September
  CHECK_FALSE(has_day(cal.holidays, "2026-10-13"));  // moved by its RECURRENCE-ID …
  CHECK(has_day(cal.holidays, "2026-10-15"));        // … to the Thursday
  CHECK_FALSE(has_day(cal.holidays, "2026-11-10"));  // cancelled occurrence
  CHECK_FALSE(has_day(cal.holidays, "2026-08-11"));  // EXDATE
  CHECK(has_day(cal.holidays, "2026-07-26"));        // DURATION:P1W, last day
}

TEST_CASE("time zones are checked against the system tzdata", "[validate]") {
  auto ok = load(contract_with("").replace(contract_with("").find("Asia/Shanghai"), 13, "Europe/Berlin"));
  CHECK(ok.model);
  auto bad = load(contract_with("").replace(contract_with("").find("Asia/Shanghai"), 13, "Mars/Olympus"));
  CHECK(bad.where == std::vector<std::string>{"7:12 E0306"});
}

TEST_CASE("tiers are stored most severe last, whatever order they are written in", "[validate]") {
  auto r = load(contract_with(
      "  level 1 \"x\" {\n    coverage 7x24\n  }\n"
      "  service \"s\" {\n    level 1\n    availability >= 99.9% per month\n  }\n"
      "  penalty \"p\" clause \"5\" {\n    on availability\n    below 99% credit 10% of fee\n"
      "    below 99.9% credit 5% of fee\n  }\n"));
  REQUIRE(r.model);
  auto& t = r.model->penalties[0].tiers;
  REQUIRE(t.size() == 2);
  CHECK(t[0].high->str() == "99.9");
  CHECK(t[1].high->str() == "99");
}

TEST_CASE("count tiers: an open-ended tier must be the last", "[validate]") {
  auto r = load(contract_with(
      "  severity 1 \"x\" {\n    respond within 30min\n  }\n"
      "  penalty \"p\" clause \"5\" {\n    on respond_breaches\n    count 3.. credit 500.00 CNY\n"
      "    count 5..6 credit 900.00 CNY\n  }\n"));
  CHECK(r.where == std::vector<std::string>{"15:5 E0403"});  // the "count 5..6" line
}

TEST_CASE("a monthly cap in money is compared with each tier in fen", "[validate]") {
  // 5% of 10,000.00 = 500.00: a 500.00 cap is reached, not undercut; 499.99 is below it.
  std::string body =
      "  level 1 \"x\" {\n    coverage 7x24\n  }\n"
      "  service \"s\" {\n    level 1\n    availability >= 99.9% per month\n  }\n"
      "  penalty \"p\" clause \"5\" {\n    on availability\n    below 99.9% credit 5% of fee\n  }\n";
  CHECK(load(contract_with(body + "  cap 500.00 CNY per month\n")).model);
  CHECK(load(contract_with(body + "  cap 499.99 CNY per month\n")).where ==
        std::vector<std::string>{"18:5 E0406"});  // the tier line
}

TEST_CASE("after a syntax error, guesses about missing things are held back", "[validate]") {
  auto r = load("sla 1\ncontract \"T\" {\n  timezon \"Asia/Shanghai\"\n}\n");
  // Only the syntax error: no "missing timezone/term/fee/..." noise.
  CHECK(r.where == std::vector<std::string>{"3:3 E0102"});
  auto clean = load("sla 1\ncontract \"T\" {\n}\n");
  CHECK(clean.where.size() == 6);  // term, timezone, customer, provider, fee (E0208), title (W0605)
}

TEST_CASE("a penalty needs a target the contract sets", "[validate]") {
  auto r = load(contract_with("  penalty \"p\" clause \"5\" {\n    per breach of ticket_respond 100.00 CNY\n  }\n"));
  CHECK(r.where == std::vector<std::string>{"10:19 E0207"});
  auto ok = load(contract_with("  tickets {\n    respond within 2h\n  }\n"
                               "  penalty \"p\" clause \"5\" {\n    per breach of ticket_respond 100.00 CNY\n  }\n"));
  CHECK(ok.model);
}

TEST_CASE("percent over 100 and 24:00 at a range start are refused", "[validate]") {
  auto r = load(contract_with("  calendar c {\n    hours mon 24:00-24:00\n  }\n  level 1 \"x\" {\n    coverage c\n  }\n"
                              "  cap 100.01% of fee per month\n"));
  CHECK(r.where == std::vector<std::string>{"10:15 E0302", "15:7 E0301"});
}
