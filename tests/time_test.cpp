// Figures cross-checked with Python's zoneinfo (an independent tzdata reader).
#include <catch2/catch.hpp>

#include "engine/calendar_time.hpp"
#include "engine/events.hpp"
#include "engine/model_text.hpp"
#include "engine/period.hpp"
#include "test_support.hpp"

using namespace slaudit;
using namespace slaudit::engine;

namespace {
civil_day civil(int y, int m, int d) {
  for (civil_day x = 20000; x < 21000; ++x) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
    if (day_text(x) == buf) return x;
  }
  return -1;
}
local_seconds local(int y, int m, int d, int h, int mi = 0) { return local_midnight(civil(y, m, d)) + h * 3600 + mi * 60; }
zone must_locate(const char* name) {
  auto z = zone::locate(name);
  REQUIRE(z);
  return *z;
}
engine::contract fixture(const std::string& name) {
  auto path = test::source_dir() + "/fixtures/contracts/" + name;
  auto r = test::load(test::read_text(path), test::disk{}, path);
  REQUIRE(r.model);
  return *r.model;
}
}  // namespace

TEST_CASE("periods parse as months, quarters and years", "[time]") {
  CHECK(parse_period("2026-10")->label() == "2026-10");
  CHECK(parse_period("2026Q4")->first_month == 10);
  CHECK(parse_period("2026Q4")->monthly().size() == 3);
  CHECK(parse_period("2026")->months == 12);
  for (auto bad : {"2026-13", "2026-1", "2026Q5", "26-10", "2026-10-01", "", "abcd"}) {
    INFO(bad);
    CHECK_FALSE(parse_period(bad));
  }
}

TEST_CASE("a contract year runs from the term's first day and its anniversaries", "[time]") {
  auto labels = [](const contract& c, const char* month) {
    std::string out;
    for (auto& m : earlier_months_of_contract_year(c, *parse_period(month))) out += m.label() + " ";
    return out;
  };
  contract c;
  c.term_first = civil(2026, 4, 1);  // DC-COLO-2026: April to March
  CHECK(labels(c, "2026-03") == "");  // before the term
  CHECK(labels(c, "2026-04") == "");  // the year's first month
  CHECK(labels(c, "2026-06") == "2026-04 2026-05 ");
  CHECK(labels(c, "2027-03") == "2026-04 2026-05 2026-06 2026-07 2026-08 2026-09 2026-10 2026-11 2026-12 2027-01 2027-02 ");
  CHECK(labels(c, "2027-04") == "");  // the second year starts afresh
  CHECK(labels(c, "2027-05") == "2027-04 ");
  c.term_first = civil(2026, 1, 15);  // a term from mid-January: January is the year's first month
  CHECK(labels(c, "2026-03") == "2026-01 2026-02 ");
  CHECK(labels(c, "2027-01") == "");
}

TEST_CASE("a month in Shanghai starts at local midnight", "[time]") {
  auto z = must_locate("Asia/Shanghai");
  auto b = period_bounds(*parse_period("2026-10"), z);
  CHECK(b.from == 1790784000);  // 2026-09-30T16:00:00Z
  CHECK(b.length() == 31 * 86400);
}

TEST_CASE("DST months in Berlin are an hour short or long", "[time]") {
  auto z = must_locate("Europe/Berlin");
  CHECK(period_bounds(*parse_period("2026-03"), z).length() == 31 * 86400 - 3600);  // 2,674,800 s
  CHECK(period_bounds(*parse_period("2026-10"), z).length() == 31 * 86400 + 3600);  // 2,682,000 s
  CHECK(period_bounds(*parse_period("2026Q1"), z).length() == (31 + 28 + 31) * 86400 - 3600);
  CHECK(period_bounds(*parse_period("2026"), z).length() == 365 * 86400);
}

TEST_CASE("spring forward: the skipped hour maps to nothing", "[time]") {
  auto z = must_locate("Europe/Berlin");
  // 2026-03-29: 02:00 CET jumps to 03:00 CEST.
  CHECK(z.local_range(local(2026, 3, 29, 2), local(2026, 3, 29, 3)).empty());
  auto r = z.local_range(local(2026, 3, 29, 1), local(2026, 3, 29, 4));
  CHECK(r.measure() == 2 * 3600);
  CHECK(r.intervals().front().from == 1774742400);  // 01:00 CET = 00:00Z
  CHECK_FALSE(z.from_local(local(2026, 3, 29, 2, 30)));  // 02:30 did not exist
  CHECK(z.from_local(local(2026, 3, 29, 3)) == 1774746000);
  CHECK(z.first_at_or_after(local(2026, 3, 29, 2, 30)) == 1774746000);  // the jump itself
}

TEST_CASE("fall back: the repeated hour counts twice", "[time]") {
  auto z = must_locate("Europe/Berlin");
  // 2026-10-25: 03:00 CEST falls back to 02:00 CET.
  auto twice = z.local_range(local(2026, 10, 25, 2), local(2026, 10, 25, 3));
  CHECK(twice.measure() == 2 * 3600);
  CHECK(z.local_range(local(2026, 10, 25, 0), local(2026, 10, 26, 0)).measure() == 25 * 3600);
  CHECK(z.from_local(local(2026, 10, 25, 2)) == 1792886400);        // first pass (CEST)
  CHECK(z.from_local(local(2026, 10, 25, 2), true) == 1792890000);  // second pass (CET)
  CHECK(z.from_local(local(2026, 10, 25, 3)) == 1792893600);
  // In one lookup, as ingest reads timestamps: the earlier pass, and that there is a later one.
  auto repeated = z.read_local(local(2026, 10, 25, 2, 30));
  CHECK(repeated.exists);
  CHECK(repeated.at == 1792886400 + 1800);
  CHECK(repeated.repeated);
  auto once = z.read_local(local(2026, 10, 25, 3, 30));  // just after, and a cached segment next
  CHECK(once.at == 1792893600 + 1800);
  CHECK_FALSE(once.repeated);
  CHECK_FALSE(z.read_local(local(2026, 10, 26, 12)).repeated);
  CHECK(z.read_local(local(2026, 10, 25, 2, 59)).repeated);  // back at the repeated hour
  CHECK_FALSE(z.read_local(local(2026, 3, 29, 2, 30)).exists);  // inside the spring gap
  CHECK_FALSE(z.read_local(local(2026, 3, 29, 2, 30)).repeated);
}

TEST_CASE("7×8 coverage in October 2026: National Day holidays and a make-up Saturday", "[time]") {
  auto c = fixture("office-7x8.sla");
  auto z = must_locate("Asia/Shanghai");
  auto& cal = c.calendars.at(0);  // mon-fri 09:00-12:00, 13:30-17:30: 7 h a day
  auto oct = period_bounds(*parse_period("2026-10"), z);
  // October 2026 has 22 weekdays (the 1st is a Thursday); 1, 2, 5, 6, 7 are National Day
  // holidays (17 left); Saturday the 10th is a make-up working day (18). 18 × 7 h = 126 h.
  CHECK(calendar_time(cal, z, oct).measure() == 126 * 3600);
  CHECK(kind_of(cal, civil(2026, 10, 10)) == day_kind::makeup_working);
  CHECK(kind_of(cal, civil(2026, 10, 1)) == day_kind::holiday);
  CHECK(kind_of(cal, civil(2026, 10, 11)) == day_kind::weekend);
  CHECK(kind_of(cal, civil(2026, 10, 12)) == day_kind::working);
  // The contract's own holiday on Thursday 31 December: December 2026 has 23 weekdays, no
  // official holiday, so 22 × 7 h.
  CHECK(calendar_time(cal, z, period_bounds(*parse_period("2026-12"), z)).measure() == 22 * 7 * 3600);
}

TEST_CASE("7×8 coverage in February 2026: Spring Festival and two make-up Saturdays", "[time]") {
  auto c = fixture("yyyy-ops.sla");
  auto z = must_locate("Asia/Shanghai");
  auto& cal = c.calendars.at(0);  // mon-fri 09:00-18:00: 9 h a day
  // February 2026: 20 weekdays; the 16th-20th and 23rd are 春节 holidays (14 left); the
  // 14th and 28th are Saturdays worked (调休): 16 days × 9 h = 144 h.
  CHECK(calendar_time(cal, z, period_bounds(*parse_period("2026-02"), z)).measure() == 144 * 3600);
  // A make-up day takes the hours of the first working weekday: 09:00-18:00 local.
  auto feb14 = calendar_time(cal, z, {z.first_at_or_after(local(2026, 2, 14, 0)), z.first_at_or_after(local(2026, 2, 15, 0))});
  REQUIRE(feb14.intervals().size() == 1);
  CHECK(feb14.intervals()[0].from == *z.from_local(local(2026, 2, 14, 9)));
  CHECK(feb14.intervals()[0].length() == 9 * 3600);
}

TEST_CASE("a 7×8 clock runs across a weekend only on working time", "[time]") {
  auto c = fixture("office-7x8.sla");
  auto z = must_locate("Asia/Shanghai");
  auto& cal = c.calendars.at(0);
  interval week{z.first_at_or_after(local(2026, 10, 14, 0)), z.first_at_or_after(local(2026, 10, 21, 0))};
  auto work = calendar_time(cal, z, week);
  // Fault Friday 16 Oct 16:30; the 2 h response target runs 16:30-17:30 on Friday, then
  // resumes Monday 19 Oct 09:00 and is due at 10:00.
  auto fault = *z.from_local(local(2026, 10, 16, 16, 30));
  CHECK(work.advance(fault, 2 * 3600) == *z.from_local(local(2026, 10, 19, 10)));
  // Responded Monday 09:45: 1 h on Friday + 45 min on Monday.
  CHECK(work.measure_within({fault, *z.from_local(local(2026, 10, 19, 9, 45))}) == 3600 + 45 * 60);
}

TEST_CASE("a DST-zone 7×8 calendar keeps local hours across the change", "[time]") {
  auto c = fixture("berlin-dst.sla");
  auto z = must_locate("Europe/Berlin");
  auto& cal = c.calendars.at(0);  // office: mon-fri 08:00-18:00
  // Friday 27 and Monday 30 March 2026, either side of the spring change: 10 h each, and
  // Monday starts at 08:00 CEST = 06:00Z (Friday's 08:00 CET was 07:00Z).
  interval w{z.first_at_or_after(local(2026, 3, 27, 0)), z.first_at_or_after(local(2026, 3, 31, 0))};
  auto t = calendar_time(cal, z, w);
  REQUIRE(t.intervals().size() == 2);
  CHECK(t.intervals()[0].length() == 10 * 3600);
  CHECK(t.intervals()[1].length() == 10 * 3600);
  CHECK(t.intervals()[1].from - t.intervals()[0].from == 3 * 86400 - 3600);
}

TEST_CASE("maybe_instant holds an instant or none, in 8 bytes, and reads as std::optional does", "[time]") {
  using engine::maybe_instant;
  static_assert(sizeof(maybe_instant) == 8);
  maybe_instant none, also_none = std::nullopt, zero = engine::instant{0}, before_1970 = engine::instant{-86400};
  CHECK_FALSE(none.has_value());
  CHECK_FALSE(also_none);
  CHECK(none == also_none);
  CHECK(zero.has_value());  // 1970-01-01T00:00:00Z is an instant, not "none"
  CHECK(*zero == 0);
  CHECK(*before_1970 == -86400);
  CHECK(none.value_or(7) == 7);
  CHECK(zero.value_or(7) == 0);
  CHECK_FALSE(zero == none);
  std::optional<engine::instant> back = before_1970, empty = none;
  CHECK(back == -86400);
  CHECK_FALSE(empty);
  maybe_instant from_optional = back, from_empty = empty;
  CHECK(from_optional == before_1970);
  CHECK(from_empty == none);
}
