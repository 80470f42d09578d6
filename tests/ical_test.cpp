#include <catch2/catch.hpp>

#include "engine/ical.hpp"
#include "engine/model_text.hpp"
#include "test_support.hpp"

using namespace slaudit::engine;

TEST_CASE("the real cn-2026 feed: holidays and make-up working days", "[ical]") {
  auto text = slaudit::test::read_text(slaudit::test::source_dir() + "/fixtures/contracts/calendars/cn-2026.ics");
  auto r = parse_ical(text);
  REQUIRE(r.error.empty());
  CHECK(r.events.size() == 13);
  std::map<std::string, std::string> by_day;
  for (auto& e : r.events)
    for (civil_day d = e.first; d < e.end; ++d) by_day[day_text(d)] = e.summary;
  CHECK(by_day["2026-02-14"] == "上班(补春节假期)");
  CHECK(by_day["2026-09-20"].find("上班") == 0);
  CHECK(by_day["2026-10-01"].find("国庆") != std::string::npos);
  CHECK(by_day["2026-01-01"] == "元旦假期");
  CHECK(by_day.count("2026-01-04") == 1);
  CHECK(by_day.count("2026-03-02") == 0);
}

TEST_CASE("folded lines are unfolded and escapes decoded", "[ical]") {
  auto r = parse_ical(
      "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:long\r\n  name\\, with comma\r\n"
      "DTSTART;VALUE=DATE:20261001\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n");
  REQUIRE(r.error.empty());
  REQUIRE(r.events.size() == 1);
  CHECK(r.events[0].summary == "long name, with comma");
  CHECK(r.events[0].end == r.events[0].first + 1);  // no DTEND: one day
}

TEST_CASE("malformed feeds are refused with the line", "[ical]") {
  auto cut = parse_ical("BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20261001\nEND:VEVENT\n");
  CHECK(cut.error == "missing END:VCALENDAR (file cut short?)");
  auto timed = parse_ical("BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:20261001T090000\nEND:VEVENT\nEND:VCALENDAR\n");
  CHECK(timed.error_line == 3);
  auto backwards = parse_ical(
      "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20261005\nDTEND;VALUE=DATE:20261001\nEND:VEVENT\nEND:VCALENDAR\n");
  CHECK(backwards.error_line == 2);
  auto bad_date = parse_ical("BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20260230\nEND:VEVENT\nEND:VCALENDAR\n");
  CHECK_FALSE(bad_date.error.empty());
  CHECK_FALSE(parse_ical("not a calendar").error.empty());
  CHECK_FALSE(parse_ical("").error.empty());
}
