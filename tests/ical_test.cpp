#include <catch2/catch.hpp>

#include <sstream>

#include <date/date.h>

#include "engine/ical.hpp"
#include "engine/model_text.hpp"
#include "test_support.hpp"

using namespace slaudit::engine;

namespace {

civil_day day(int y, unsigned m, unsigned d) {
  return static_cast<civil_day>(date::sys_days{date::year{y} / m / d}.time_since_epoch().count());
}

const civil_day term_last = day(2026, 12, 31);

ical_result parse(std::string_view text) { return parse_ical(text, term_last); }

/// The days off as "yyyy-mm-dd<TAB>summary", sorted: the form ical.js writes them in.
std::string day_list(const ical_result& r) {
  std::vector<std::string> lines;
  for (auto& e : r.events)
    for (civil_day d = e.first; d < e.end; ++d) lines.push_back(day_text(d) + "\t" + e.summary);
  std::sort(lines.begin(), lines.end());
  std::string out;
  for (auto& l : lines) out += l + "\n";
  return out;
}

std::string fixture(const std::string& name) {
  return slaudit::test::read_text(slaudit::test::source_dir() + "/fixtures/ical/" + name);
}

std::string one_event(const std::string& lines) {
  return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x\r\nSUMMARY:off\r\n" + lines +
         "END:VEVENT\r\nEND:VCALENDAR\r\n";
}

}  // namespace

TEST_CASE("the real cn-2026 feed: holidays and make-up working days", "[ical]") {
  auto text = slaudit::test::read_text(slaudit::test::source_dir() + "/fixtures/contracts/calendars/cn-2026.ics");
  auto r = parse(text);
  REQUIRE(r.error.empty());  // its DTSTAMP;VALUE=DATE, which libical refuses, decides no day
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

// Calendars written by ical-generator, ics and (by hand) in Outlook's manner, read back by
// ical.js: fixtures/ical/make.mjs wrote the .expected files. Recurrences with COUNT, UNTIL,
// BYDAY, BYSETPOS, BYMONTHDAY, EXDATE, RDATE, RECURRENCE-ID overrides (moved and cancelled),
// DURATION in days and weeks, cancelled events, quoted parameters holding colons.
TEST_CASE("calendars by other writers read as ical.js reads them", "[ical]") {
  for (std::string name : {"ical-generator", "ics", "outlook"}) {
    INFO(name);
    auto r = parse(fixture(name + ".ics"));
    REQUIRE(r.error == "");
    CHECK(day_list(r) == fixture(name + ".expected"));
  }
}

TEST_CASE("recurrences by hand: what each property does to the days", "[ical]") {
  SECTION("a yearly holiday applies every year up to the term's end, not only the first") {
    auto r = parse(one_event("DTSTART;VALUE=DATE:20241001\r\nDURATION:P3D\r\nRRULE:FREQ=YEARLY\r\n"));
    REQUIRE(r.error == "");
    CHECK(day_list(r) ==
          "2024-10-01\toff\n2024-10-02\toff\n2024-10-03\toff\n2025-10-01\toff\n2025-10-02\toff\n2025-10-03\toff\n"
          "2026-10-01\toff\n2026-10-02\toff\n2026-10-03\toff\n");
  }
  SECTION("a cancelled event is no day off") {
    auto r = parse(one_event("DTSTART;VALUE=DATE:20261001\r\nSTATUS:CANCELLED\r\n"));
    REQUIRE(r.error == "");
    CHECK(r.events.empty());
  }
  SECTION("a single event after the term still counts; a series stops at the term's end") {
    auto r = parse(one_event("DTSTART;VALUE=DATE:20270105\r\n"));
    CHECK(day_list(r) == "2027-01-05\toff\n");
    auto s = parse(one_event("DTSTART;VALUE=DATE:20261230\r\nRRULE:FREQ=DAILY\r\n"));
    CHECK(day_list(s) == "2026-12-30\toff\n2026-12-31\toff\n");
  }
  SECTION("an override may move an occurrence from after the term into it") {
    auto r = parse(
        "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:m\nSUMMARY:monthly\nDTSTART;VALUE=DATE:20261201\nRRULE:FREQ=MONTHLY\n"
        "END:VEVENT\nBEGIN:VEVENT\nUID:m\nSUMMARY:early\nRECURRENCE-ID;VALUE=DATE:20270101\n"
        "DTSTART;VALUE=DATE:20261230\nEND:VEVENT\nEND:VCALENDAR\n");
    REQUIRE(r.error == "");
    CHECK(day_list(r) == "2026-12-01\tmonthly\n2026-12-30\tearly\n");
  }
}

TEST_CASE("what cannot be applied exactly is refused, naming the line and the property", "[ical]") {
  auto refused = [](const std::string& text) {
    auto r = parse(text);
    CHECK(r.events.empty());
    std::ostringstream s;
    s << r.error_line << ": " << r.error;
    return s.str();
  };
  // BEGIN:VCALENDAR, VERSION, BEGIN:VEVENT, UID, SUMMARY: the event's own lines start at 6.
  CHECK(refused(one_event("DTSTART;TZID=\"(UTC+07:00) Bangkok, Hanoi, Jakarta\":20261001T000000\r\n")) ==
        "6: DTSTART '20261001T000000' is not an all-day date (expected ;VALUE=DATE:yyyymmdd): a day off is a "
        "whole day");
  CHECK(refused(one_event("DTSTART;VALUE=DATE:20261001\r\nRRULE:FREQ=HOURLY;COUNT=3\r\n")) ==
        "7: RRULE 'FREQ=HOURLY;COUNT=3' repeats within a day: an all-day event repeats by days");
  CHECK(refused(one_event("DTSTART;VALUE=DATE:20261001\r\nRRULE:FREQ=BOGUS\r\n")).rfind("7: RRULE cannot be read", 0) == 0);
  CHECK(refused(one_event("DTSTART;VALUE=DATE:20261001\r\nRRULE:FREQ=WEEKLY;BYDAY=MO\r\n")) ==
        "7: DTSTART 20261001 is not an occurrence of its RRULE 'FREQ=WEEKLY;BYDAY=MO' (RFC 5545 leaves such a set "
        "undefined): start the event on 20261005");
  CHECK(refused(one_event("DTSTART;VALUE=DATE:20261001\r\nRDATE;VALUE=PERIOD:20261005T000000Z/P1D\r\n")) ==
        "7: RDATE given as a PERIOD: a day off is given as a date (RDATE;VALUE=DATE:yyyymmdd)");
  CHECK(refused(one_event("DTSTART;VALUE=DATE:20261001\r\nRRULE:FREQ=DAILY\r\nEXDATE:20261003T000000Z\r\n")) ==
        "8: EXDATE '20261003T000000Z' is a date-time but the event is all-day: the excluded day is not certain "
        "(write EXDATE;VALUE=DATE:yyyymmdd)");
  CHECK(refused(one_event("DTSTART;VALUE=DATE:20261001\r\nDURATION:PT12H\r\n")) ==
        "7: DURATION 'PT12H' is not a whole number of days (an all-day event lasts P1D, P6D, P1W …)");
  CHECK(refused(one_event("DTSTART;VALUE=DATE:20261001\r\nDTEND;VALUE=DATE:20261003\r\nDURATION:P1D\r\n")) ==
        "8: VEVENT with both DTEND and DURATION (RFC 5545 allows one)");
  CHECK(refused(one_event("DTSTART;VALUE=DATE:20261001\r\nSTATUS:POSTPONED\r\n")) ==
        "7: STATUS 'POSTPONED' is not a status of an event (CONFIRMED, TENTATIVE or CANCELLED)");
  CHECK(refused(one_event("DTSTART;VALUE=DATE:20260230\r\n")) == "6: DTSTART '20260230' is not a date");
  CHECK(refused(one_event("RECURRENCE-ID;VALUE=DATE:20261001\r\nDTSTART;VALUE=DATE:20261002\r\n")) ==
        "6: RECURRENCE-ID overrides an occurrence of UID 'x', but no event in the file has that UID");
  CHECK(refused(one_event("RECURRENCE-ID;RANGE=THISANDFUTURE;VALUE=DATE:20261001\r\nDTSTART;VALUE=DATE:20261002\r\n"))
            .rfind("6: RECURRENCE-ID with RANGE=THISANDFUTURE is not applied", 0) == 0);
  CHECK(refused("BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:m\nDTSTART;VALUE=DATE:20261005\nRRULE:FREQ=WEEKLY\nEND:VEVENT\n"
                "BEGIN:VEVENT\nUID:m\nRECURRENCE-ID;VALUE=DATE:20261006\nDTSTART;VALUE=DATE:20261007\nEND:VEVENT\n"
                "END:VCALENDAR\n") == "9: RECURRENCE-ID 20261006 is not an occurrence of the event at line 2");
  // ical-generator writes an all-day event's RECURRENCE-ID as a date-time.
  CHECK(refused(fixture("ical-generator-override.ics")) ==
        "23: RECURRENCE-ID '20260715T000000Z' is not an all-day date (expected ;VALUE=DATE:yyyymmdd): a day off is a "
        "whole day");
}

TEST_CASE("a file's rules give at most 100,000 occurrences between them", "[ical]") {
  // A daily rule from 1800 gives 82,910 days to the end of 2026: one is read, a second runs
  // past the file's budget (each rule alone would be within it).
  auto daily = [](int n) {
    std::string text = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n";
    for (int k = 0; k < n; ++k)
      text += "BEGIN:VEVENT\r\nUID:u" + std::to_string(k) +
              "\r\nDTSTART;VALUE=DATE:18000101\r\nRRULE:FREQ=DAILY\r\nEND:VEVENT\r\n";
    return text + "END:VCALENDAR\r\n";
  };
  auto one = parse(daily(1));
  CHECK(one.error.empty());
  REQUIRE(one.events.size() == 82910);
  auto two = parse(daily(2));
  CHECK(two.events.empty());
  CHECK(two.error_line == 11);
  CHECK(two.error ==
        "RRULE 'FREQ=DAILY': the file's rules give more than 100000 occurrences before the contract's term ends "
        "(slaudit expands no more)");
}

TEST_CASE("folded lines are unfolded and escapes decoded", "[ical]") {
  auto r = parse(
      "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:long\r\n  name\\, with comma\r\n"
      "DTSTART;VALUE=DATE:20261001\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n");
  REQUIRE(r.error.empty());
  REQUIRE(r.events.size() == 1);
  CHECK(r.events[0].summary == "long name, with comma");
  CHECK(r.events[0].end == r.events[0].first + 1);  // no DTEND: one day
}

TEST_CASE("malformed feeds are refused with the line", "[ical]") {
  auto cut = parse("BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20261001\nEND:VEVENT\n");
  CHECK(cut.error == "missing END:VCALENDAR (file cut short?)");
  auto timed = parse("BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:20261001T090000\nEND:VEVENT\nEND:VCALENDAR\n");
  CHECK(timed.error_line == 3);
  auto backwards = parse(
      "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20261005\nDTEND;VALUE=DATE:20261001\nEND:VEVENT\nEND:VCALENDAR\n");
  CHECK(backwards.error_line == 2);
  auto unmatched = parse("BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20261001\nEND:VTODO\nEND:VCALENDAR\n");
  CHECK(unmatched.error == "END:VTODO closes VEVENT (BEGIN and END do not match)");
  CHECK(unmatched.error_line == 4);
  CHECK(parse("not a calendar").error == "does not start with BEGIN:VCALENDAR");
  CHECK_FALSE(parse("").error.empty());
  CHECK(parse(std::string("BEGIN:VCALENDAR\nX:a\0b\nEND:VCALENDAR\n", 34)).error_line == 2);
}
