// The report texts: both languages say everything, overrides are checked, cells stay valid.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdarg>
#include <cstdlib>
#include <dlfcn.h>
#include <cstdio>
#include <cstring>
#include <limits>
#include <random>
#include <vector>

#include "reports/penalty_text.hpp"
#include "reports/texts.hpp"
#include "reports/xlsx_book.hpp"
#include "reports/xlsx_writer.hpp"

using namespace slaudit;
using reports::language;

namespace {
/// The C library's printf, whatever this program defines as snprintf (reports/xlsx_cell_printf.cpp
/// defines its own, and tests link it): vsnprintf is not replaced.
int c_library_print(char* out, std::size_t size, const char* format, ...) {
  va_list ap;
  va_start(ap, format);
  int n = std::vsnprintf(out, size, format, ap);
  va_end(ap);
  return n;
}
}  // namespace

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

TEST_CASE("number cells: the digits printf's %.16G writes, for every kind of value a workbook holds", "[xlsx]") {
  auto same = [](double v) {
    char ours[64] = {}, theirs[64] = {};
    std::size_t n = reports::print_number_16g(v, ours);
    c_library_print(theirs, sizeof theirs, "%.16G", v);
    INFO(theirs);
    CHECK(std::string(ours, n) == std::string(theirs));
  };
  // Counts, seconds, money in yuan, percentages, Excel serial dates and times.
  for (double v : {0.0, -0.0, 1.0, -1.0, 7.0, 86400.0, 2671200.0, 120000.0, 1e15, 9999999999999998.0, 1e16,
                   1.5e16, 123456789012345678.0, 0.1, 0.01, 99.9, 99.8877, 1234.56, -1234.56, 46296.5,
                   46296.78452546296, 1.0 / 3.0, 2.0 / 3.0, 1e-5, 1.23e-7, 5e-324, 1.7976931348623157e308,
                   std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity(),
                   std::numeric_limits<double>::quiet_NaN(), -std::numeric_limits<double>::quiet_NaN()})
    same(v);
  for (std::int64_t s = 1790000000; s < 1790000000 + 86400 * 3; s += 997) same(static_cast<double>(s) / 86400.0 + 25569.0);
  for (std::int64_t fen = -100000; fen < 10000000; fen += 7919) same(static_cast<double>(fen) / 100.0);
  // Whole numbers (printed as integers), up to and past where that stops.
  for (double v : {1.0, -1.0, 10.0, 2678400.0, 999999999999999.0, -999999999999999.0, 1e15, -1e15, 1e15 + 1,
                   4503599627370496.0, 9007199254740992.0})
    same(v);
  for (std::int64_t s = -3000000; s < 3000000; s += 997) same(static_cast<double>(s));
  for (std::int64_t big = 1; big < 100000000000000000; big = big * 7 + 3) same(static_cast<double>(big)), same(-static_cast<double>(big));
  std::mt19937_64 bits(20261130);
  for (int k = 0; k < 200000; ++k) {
    std::uint64_t b = bits();
    double v;
    std::memcpy(&v, &b, sizeof v);
    same(v);
  }
}

extern "C" int __fprintf_chk(FILE* stream, int flag, const char* format, ...);

TEST_CASE("fprintf as libxlsxwriter calls it: the cell formats printed here say what vfprintf says", "[xlsx]") {
  auto same = [](const char* format, auto... args) {
    char* buffer = nullptr;
    std::size_t size = 0;
    FILE* stream = open_memstream(&buffer, &size);
    REQUIRE(stream);
    for (int k = 0; k < 3; ++k) __fprintf_chk(stream, 1, format, args...);  // parsed once, then from the table
    std::fclose(stream);
    std::string ours(buffer, size), theirs;
    std::free(buffer);
    std::string line(static_cast<std::size_t>(c_library_print(nullptr, 0, format, args...)) + 1, '\0');
    line.resize(static_cast<std::size_t>(c_library_print(line.data(), line.size(), format, args...)));
    for (int k = 0; k < 3; ++k) theirs += line;
    INFO(format);
    CHECK(ours == theirs);
  };
  same("<c r=\"%s\" s=\"%d\" t=\"inlineStr\"><is><t>%s</t></is></c>", "B17", 3, "INC0000519 达标");
  same("<c r=\"%s\" s=\"%d\"><v>%.16G</v></c>", "F2", 5, 46301.78269675926);
  same("<c r=\"%s\"><v>%.16G</v></c>", "A1", -0.0);
  same("</%s>", "row");
  same("no conversion at all");
  same("%s%s%s%s", "", "a", "", "b");
  same("%d, %d, %d, %d, %d, %d, %d, %d", 1, 2, 3, 4, 5, 6, 7, 8);  // more pieces than the table keeps
  same("%%%2x", 10);                                                 // conversions it does not print
  same("%.3f and %s", 1.5, "text");
  std::string long_text(5000, 'x');  // longer than the printer's stack buffer
  same("<c r=\"%s\" s=\"%d\" t=\"inlineStr\"><is><t>%s</t></is></c>", "O9", 6, long_text.c_str());
  same("%s", static_cast<const char*>(nullptr));  // printf's "(null)", from the C library
}

extern "C" char* lxw_escape_data(const char* data);
extern "C" char* lxw_escape_control_characters(const char* string);

TEST_CASE("the cell escapes defined here write what libxlsxwriter's own write", "[xlsx]") {
  using escape = char* (*)(const char*);
  // The library's own, behind ours in the lookup order.
  auto library_data = reinterpret_cast<escape>(dlsym(RTLD_NEXT, "lxw_escape_data"));
  auto library_controls = reinterpret_cast<escape>(dlsym(RTLD_NEXT, "lxw_escape_control_characters"));
  REQUIRE(library_data);
  REQUIRE(library_controls);
  REQUIRE(library_data != &lxw_escape_data);
  std::vector<std::string> samples = {"", "plain", "INC0000519 达标", "a & b < c > d", "&&&<<<>>>", "\"quoted\" 'single'",
                                      "line\nbreak\ttab\rreturn", "\x01\x02\x08\x0b\x0c\x1f end", "\x7f\xef\xbf\xbe",
                                      std::string(3000, '&') + std::string(3000, '\x1b')};
  for (int c = 1; c < 256; ++c) samples.push_back(std::string("<") + static_cast<char>(c) + ">");
  for (auto& s : samples) {
    for (auto [ours, theirs] : {std::pair{&lxw_escape_data, library_data}, {&lxw_escape_control_characters, library_controls}}) {
      char* a = ours(s.c_str());
      char* b = theirs(s.c_str());
      INFO(s);
      CHECK(std::string(a) == std::string(b));
      std::free(a), std::free(b);
    }
  }
}

extern "C" void lxw_rowcol_to_cell(char* cell_name, std::uint32_t row, std::uint16_t col);

TEST_CASE("cell references written here are the library's own", "[xlsx]") {
  using to_cell = void (*)(char*, std::uint32_t, std::uint16_t);
  auto library = reinterpret_cast<to_cell>(dlsym(RTLD_NEXT, "lxw_rowcol_to_cell"));
  REQUIRE(library);
  REQUIRE(library != &lxw_rowcol_to_cell);
  auto same = [&](std::uint32_t row, std::uint16_t col) {
    char ours[32] = {}, theirs[32] = {};
    lxw_rowcol_to_cell(ours, row, col);
    library(theirs, row, col);
    INFO("row " << row << " col " << col);
    CHECK(std::string(ours) == std::string(theirs));
  };
  for (std::uint32_t row : {0u, 1u, 8u, 9u, 16u, 99u, 999999u, 1048575u, 1048576u, 99999999u, 4294967294u, 4294967295u})
    for (std::uint16_t col : {0, 1, 25, 26, 27, 51, 52, 701, 702, 703, 16383, 16384, 18277, 65534, 65535})
      same(row, col);
  for (std::uint32_t k = 0; k < 20000; ++k) same(k * 53, static_cast<std::uint16_t>(k % 17000));
}

TEST_CASE("snprintf: the two formats printed without vsnprintf say what vsnprintf says, cut as it cuts", "[xlsx]") {
  auto same = [](std::size_t size, const char* format, auto value) {
    char ours[40], theirs[40];
    std::memset(ours, 'x', sizeof ours), std::memset(theirs, 'x', sizeof theirs);
    int n = std::snprintf(ours, size, format, value);
    int m = c_library_print(theirs, size, format, value);
    INFO(format << " size " << size);
    CHECK(n == m);
    CHECK(std::string(ours, sizeof ours) == std::string(theirs, sizeof theirs));  // and not a byte past
  };
  for (std::size_t size : {0, 1, 2, 3, 5, 12, 40})
    for (int v : {0, 7, -7, 17, 1048576, std::numeric_limits<int>::max(), std::numeric_limits<int>::min()}) {
      same(size, "%d", v);
      same(size, "$%d", v);  // any other format: the C library's
    }
  for (std::size_t size : {0, 1, 4, 17, 40})
    for (double v : {0.0, -0.0, 1234.56, 46296.78452546296, 1e-300, 1.0 / 3.0, std::numeric_limits<double>::infinity()})
      same(size, "%.16G", v);
}
