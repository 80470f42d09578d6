// The report texts: both languages say everything, overrides are checked, cells stay valid.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdlib>
#include <cstdio>
#include <cstring>
#include <limits>
#include <vector>

#include "reports/penalty_text.hpp"
#include "reports/texts.hpp"
#include "reports/xlsx_book.hpp"
#include "reports/xlsx_writer.hpp"

using namespace slaudit;
using reports::language;

TEST_CASE("zh-CN and en templates have the same keys", "[texts]") {
  std::string why;
  auto zh = reports::texts::load(language::zh, nullptr, "", why);
  auto en = reports::texts::load(language::en, nullptr, "", why);
  REQUIRE((zh && en));
  CHECK(zh->keys() == en->keys());
  CHECK(zh->keys().size() > 100);
}

TEST_CASE("money, periods and overrides per language", "[texts]") {
  std::string why;
  auto zh = reports::texts::load(language::zh, nullptr, "", why);
  auto en = reports::texts::load(language::en, nullptr, "", why);
  REQUIRE((zh && en));
  CHECK(zh->money(12000000, "CNY") == "¥120,000.00");
  CHECK(en->money(123450, "EUR") == "€1,234.50");
  CHECK(en->money(-5, "CHF") == "-CHF 0.05");
  CHECK(zh->period_label("2026-10") == "2026年10月");
  CHECK(en->period_label("2026-10") == "October 2026");
  CHECK((*zh)("no.such.key") == "[no.such.key]");
  CHECK(zh->missing().count("no.such.key") == 1);

  std::string ours = "# a comment\nverdict.met = OK\n\n";
  auto over = reports::texts::load(language::en, &ours, "mine/en.txt", why);
  REQUIRE(over);
  CHECK((*over)("verdict.met") == "OK");
  CHECK((*over)("verdict.breached") == "breached");
  std::string typo = "verdict.met = OK\nverdict.mett = no\n";
  CHECK_FALSE(reports::texts::load(language::en, &typo, "mine/en.txt", why));
  CHECK(why.rfind("mine/en.txt:2: unknown key 'verdict.mett'", 0) == 0);
  std::string no_equals = "verdict.met OK\n";
  CHECK_FALSE(reports::texts::load(language::en, &no_equals, "mine/en.txt", why));
  CHECK(why == "mine/en.txt:1: expected 'key = text'");
}

TEST_CASE("durations as a reader says them, in hours, minutes and seconds", "[texts]") {
  std::string why;
  auto zh = reports::texts::load(language::zh, nullptr, "", why);
  auto en = reports::texts::load(language::en, nullptr, "", why);
  REQUIRE((zh && en));
  CHECK(zh->duration(12600) == "3小时30分");
  CHECK(en->duration(12600) == "3 h 30 min");
  CHECK(zh->duration(7200) == "2小时");
  CHECK(en->duration(90) == "1 min 30 s");
  CHECK(zh->duration(3601) == "1小时1秒");
  CHECK(en->duration(0) == "0 s");
  CHECK(en->duration(45) == "45 s");
  CHECK(en->duration(100 * 3600) == "100 h");  // service time: never days
  CHECK(en->duration(-90) == "-1 min 30 s");
}

TEST_CASE("cell text: forbidden characters replaced, long text cut, both with a note", "[texts][xlsx]") {
  std::string why;
  auto en = reports::texts::load(language::en, nullptr, "", why);
  REQUIRE(en);
  CHECK(reports::cell_text("=SUM(A1)", *en) == "=SUM(A1)");  // written as a string cell, never a formula
  CHECK(reports::cell_text("a\x01" "b\tc\n", *en) == "a\xEF\xBF\xBD" "b\tc\n [1 control characters replaced]");
  std::string long_text(40000, 'x');
  auto cut = reports::cell_text(long_text, *en);
  CHECK(cut.size() <= 32767);
  CHECK(cut.find("[cut: the text had 40000 characters]") != std::string::npos);
  std::string chinese;
  for (int k = 0; k < 33000; ++k) chinese += "长";
  auto cut_cjk = reports::cell_text(chinese, *en);
  CHECK(cut_cjk.find("[cut: the text had 33000 characters]") != std::string::npos);
  CHECK(cut_cjk.rfind("长 [cut", std::string::npos) != std::string::npos);  // cut between characters
}

TEST_CASE("every reason, note and cause has a text in both languages", "[texts]") {
  std::string why;
  for (auto lang : {language::zh, language::en}) {
    auto t = reports::texts::load(lang, nullptr, "", why);
    REQUIRE(t);
    for (int k = 0; k <= static_cast<int>(engine::interval_why::unapproved); ++k) {
      engine::counted_interval i;
      i.why = static_cast<engine::interval_why>(k);
      i.ahead_s = 90000;
      i.required_s = 259200;
      CHECK_FALSE(reports::interval_reason_text(i, *t).empty());
    }
    for (auto c : {engine::cause::provider, engine::cause::third_party, engine::cause::customer,
                   engine::cause::force_majeure}) {
      engine::exclusion e;
      e.by_cause = c;
      CHECK_FALSE(reports::exclusion_text(e, *t).empty());
      engine::clock_result r;
      r.kind = "respond";
      r.note_flags = engine::note_carried | engine::note_excluded;
      r.excluded_cause = c;
      CHECK_FALSE(reports::clock_note_text(r, *engine::zone::locate("Asia/Shanghai"), *t).empty());
    }
    for (auto x : {engine::impact::degraded, engine::impact::terminal}) {
      engine::exclusion e;
      e.by_impact = x;
      CHECK_FALSE(reports::exclusion_text(e, *t).empty());
    }
    for (auto v : {engine::verdict::breached, engine::verdict::not_measurable, engine::verdict::pending}) {
      engine::clock_result r;
      r.kind = "restore";
      r.outcome = v;
      r.note_flags = engine::note_missing | engine::note_running;
      CHECK_FALSE(reports::clock_note_text(r, *engine::zone::locate("Asia/Shanghai"), *t).empty());
    }
    CHECK(t->missing().empty());
  }
  engine::counted_interval short_notice;
  short_notice.why = engine::interval_why::short_notice;
  short_notice.ahead_s = 147600;  // 1 d 17 h
  short_notice.required_s = 259200;
  auto zh = reports::texts::load(language::zh, nullptr, "", why);
  CHECK(reports::interval_reason_text(short_notice, *zh) == "仅提前 1 天 17 小时 0 分钟 通知，合同要求 3 天 0 小时 0 分钟");
}
