#include <catch2/catch.hpp>

#include "engine/events.hpp"
#include "history/csv.hpp"
#include "history/encoding.hpp"
#include "history/id_index.hpp"
#include "history/timestamp.hpp"

using namespace slaudit;
using namespace slaudit::history;

namespace {
csv_table table(std::string_view text) {
  auto r = parse_csv(text);
  REQUIRE(std::holds_alternative<csv_table>(r));
  return std::get<csv_table>(r);
}
csv_error failure(std::string_view text) {
  auto r = parse_csv(text);
  REQUIRE(std::holds_alternative<csv_error>(r));
  return std::get<csv_error>(r);
}
engine::zone shanghai() { return *engine::zone::locate("Asia/Shanghai"); }
engine::zone berlin() { return *engine::zone::locate("Europe/Berlin"); }
}  // namespace

TEST_CASE("RFC 4180: BOM, CRLF, quoted commas, line breaks and doubled quotes", "[csv]") {
  auto t = table("\xEF\xBB\xBFid, service ,description\r\nINC-1,core,\"a, b\"\r\nINC-2,core,\"line 1\r\nline \"\"2\"\"\"\r\n\r\nINC-3,core,\r\n");
  CHECK(t.header == std::vector<std::string>{"id", "service", "description"});
  REQUIRE(t.rows.size() == 3);
  CHECK(t.rows[0].fields[2] == "a, b");
  CHECK(t.rows[1].fields[2] == "line 1\r\nline \"2\"");
  CHECK(t.rows[1].row == 3);
  CHECK(t.rows[2].row == 5);  // the blank line is row 4, as in a spreadsheet
  CHECK(t.rows[2].fields[2].empty());
}

TEST_CASE("a last record without a line break is read", "[csv]") {
  auto t = table("a,b\n1,2");
  REQUIRE(t.rows.size() == 1);
  CHECK(t.rows[0].fields == std::vector<std::string>{"1", "2"});
}

TEST_CASE("malformed CSV is refused at its row and column", "[csv]") {
  auto e = failure("a,b,c\n1,2,3\n4,5\n");
  CHECK((e.row == 3 && e.column == 3));
  CHECK(e.message == "this row has 2 fields but the header has 3");
  auto q = failure("a,b\n1,\"open\n2,3\n");
  CHECK((q.row == 2 && q.column == 2));
  auto bare = failure("a,b\n1,x\"y\n");
  CHECK((bare.row == 2 && bare.column == 2));
  auto after = failure("a,b\n\"x\"y,2\n");
  CHECK((after.row == 2 && after.column == 1));
  CHECK(failure("").message == "the file is empty: a header row is required");
}

TEST_CASE("encodings: UTF-8 passes, GBK from Excel is detected or named, others refused", "[encoding]") {
  auto u = to_utf8("id,描述\n1,故障\n", encoding::detect);
  CHECK(u.used == "UTF-8");
  CHECK(u.text() == "id,描述\n1,故障\n");
  CHECK(to_utf8("\xEF\xBB\xBFid\n", encoding::detect).text() == "id\n");
  // "故障" in GBK is B9 CA D5 CF.
  auto g = to_utf8("id,desc\n1,\xB9\xCA\xD5\xCF\n", encoding::detect);
  CHECK(g.used == "GB18030");
  CHECK(g.text() == "id,desc\n1,故障\n");
  auto named_wrong = to_utf8("id\n\xB9\xCA\n", encoding::utf8);
  CHECK((named_wrong.error_line == 2 && named_wrong.error_column == 1));
  auto junk = to_utf8("id\n\x81\n", encoding::detect);  // 0x81 alone is none of them
  CHECK((junk.error_line == 2 && junk.error_column == 1));
  CHECK(junk.error == "not valid UTF-8, GB18030 or Windows-1252 here: name the file's encoding with --encoding");
  CHECK(parse_encoding("GBK") == encoding::gb18030);
  CHECK(parse_encoding("latin1") == encoding::windows1252);
  CHECK(parse_encoding("Windows-1252") == encoding::windows1252);
  CHECK(parse_encoding("UTF-16") == encoding::utf16);
  CHECK_FALSE(parse_encoding("ebcdic"));
}

TEST_CASE("encodings: Windows-1252 and UTF-16 read; a file with two plausible readings refused", "[encoding]") {
  // Excel on Western Windows: "Müller" (FC), "Café" (E9), "Señor" (F1): each accented letter
  // one byte among ASCII ones. "Müller" is also valid GB18030 (FC 6C is a rare ideograph),
  // but no reading of it as Chinese is plausible: no two high bytes stand together.
  std::string western = "id,description\r\nI-1,M\xFCller rief an\r\nI-2,Caf\xE9 offline\r\nI-3,Se\xF1or\r\n";
  auto w = to_utf8(western, encoding::detect);
  REQUIRE(w.error.empty());
  CHECK(w.used == "Windows-1252");
  CHECK(w.text() == "id,description\r\nI-1,Müller rief an\r\nI-2,Café offline\r\nI-3,Señor\r\n");
  CHECK(to_utf8(western, encoding::windows1252).text() == w.text());
  // Named GB18030, the same bytes read as Chinese: the user's word is taken.
  CHECK(to_utf8(western.substr(0, 30), encoding::gb18030).used == "GB18030");
  // "Informação" (E7 E3: two high bytes side by side, a GB2312 pair) beside "Müller" (one
  // alone): plausible both ways. Refused at the first byte that is neither ASCII nor UTF-8.
  auto both = to_utf8("id,description\nI-1,Informa\xE7\xE3o\nI-2,M\xFCller\n", encoding::detect);
  CHECK(both.error == "cannot tell the encoding (valid as windows-1252 and gb18030); pass --encoding");
  CHECK((both.error_line == 2 && both.error_column == 12));
  CHECK(to_utf8("id,description\nI-1,Informa\xE7\xE3o\nI-2,M\xFCller\n", encoding::windows1252).text() ==
        "id,description\nI-1,Informação\nI-2,Müller\n");
  // Byte 0x81 is undefined in Windows-1252.
  auto undefined = to_utf8("id\nx\x81y\n", encoding::windows1252);
  CHECK(undefined.error == "not valid Windows-1252 here");
  CHECK((undefined.error_line == 2 && undefined.error_column == 2));
  // UTF-16 with its byte order mark, little- or big-endian (Excel's "Unicode text").
  std::string le("\xFF\xFEi\0d\0\n\0\xFC\0\n\0", 12), be("\xFE\xFF\0i\0d\0\n\0\xFC\0\n", 12);
  for (auto& bytes : {le, be}) {
    auto u16 = to_utf8(bytes, encoding::detect);
    REQUIRE(u16.error.empty());
    CHECK(u16.used == "UTF-16");
    CHECK(u16.text() == "id\nü\n");
  }
  CHECK(to_utf8("id\n", encoding::utf16).error.find("byte order mark") != std::string::npos);
}

TEST_CASE("ISO 8601 timestamps with an offset, Z, or local to the contract's zone", "[timestamp]") {
  time_format iso;
  auto z = shanghai();
  CHECK(parse_timestamp("2026-10-03T14:05:00+08:00", iso, z).at == 1791007500);
  CHECK(parse_timestamp("2026-10-03T06:05:00Z", iso, z).at == 1791007500);
  CHECK(parse_timestamp("2026-10-03 14:05", iso, z).at == 1791007500);
  CHECK(parse_timestamp("2026-10-03T14:05:00.250+0800", iso, z).at == 1791007500);
  CHECK_FALSE(parse_timestamp("2026-10-03", iso, z).at);
  CHECK_FALSE(parse_timestamp("2026-02-30 10:00", iso, z).at);
  CHECK_FALSE(parse_timestamp("2026-10-03 24:00", iso, z).at);
  CHECK_FALSE(parse_timestamp("03/10/2026 14:05", iso, z).at);
}

TEST_CASE("local times in DST zones: the gap is refused, the repeated hour flagged", "[timestamp]") {
  time_format iso;
  auto z = berlin();
  auto gap = parse_timestamp("2026-03-29 02:30", iso, z);
  CHECK_FALSE(gap.at);
  CHECK(gap.error ==
        "local time 2026-03-29 02:30 does not exist in Europe/Berlin (skipped when the clocks went forward); "
        "give it with an offset");
  auto twice = parse_timestamp("2026-10-25 02:30", iso, z);
  CHECK(twice.at == 1792888200);  // the first pass, 00:30Z
  CHECK(twice.repeated);
  CHECK(parse_timestamp("2026-10-25T02:30:00+01:00", iso, z).at == 1792891800);  // the second, by offset
}

TEST_CASE("named formats: ServiceNow's dd-mm-yyyy HH:MM", "[timestamp]") {
  auto f = time_format::parse("dd-mm-yyyy HH:MM");
  REQUIRE(f);
  // 29-02-2016 01:16 in Shanghai = 2016-02-28T17:16:00Z (2016 is a leap year).
  CHECK(parse_timestamp("29-02-2016 01:16", *f, shanghai()).at == 1456679760);
  CHECK_FALSE(parse_timestamp("2016-02-29 01:16", *f, shanghai()).at);
  std::string why;
  CHECK(parse_date("29-02-2016", *f, why) == 16860);
  CHECK_FALSE(time_format::parse("HH:MM"));
  CHECK_FALSE(time_format::parse("dd-dd-yyyy"));
}

TEST_CASE("named formats with month names and a 12-hour clock (Jira's dd/mon/yy h:MM ampm)", "[timestamp]") {
  auto f = time_format::parse("dd/mon/yy h:MM ampm");
  REQUIRE(f);
  auto z = shanghai();
  CHECK(parse_timestamp("03/Oct/26 2:05 PM", *f, z).at == 1791007500);  // 2026-10-03 14:05
  CHECK(parse_timestamp("03/oct/26 02:05 pm", *f, z).at == 1791007500);
  CHECK(parse_timestamp("04/Oct/26 12:05 AM", *f, z).at == 1791007500 + 10 * 3600);  // 00:05 next day
  CHECK(parse_timestamp("03/Oct/26 12:05 PM", *f, z).at == 1791007500 - 2 * 3600);   // noon
  CHECK_FALSE(parse_timestamp("03/Okt/26 2:05 PM", *f, z).at);
  CHECK_FALSE(parse_timestamp("03/Oct/26 13:05 PM", *f, z).at);
  CHECK_FALSE(parse_timestamp("03/Oct/26 2:05", *f, z).at);
  std::string why;
  CHECK(parse_date("03/Oct/26", *time_format::parse("dd/mon/yy"), why) == parse_date("2026-10-03", time_format{}, why));
  CHECK_FALSE(time_format::parse("yyyy yy mm dd"));  // two years
}

TEST_CASE("CSV: doubled quotes unescaped, every field of a record kept apart", "[csv]") {
  std::string header, row;
  for (int k = 0; k < 40; ++k) {
    header += (k ? ",c" : "c") + std::to_string(k);
    row += (k ? ",\"" : "\"") + std::to_string(k) + " say \"\"hi\"\" to everyone in the room\"";
  }
  auto t = table(header + "\n" + row + "\nx" + std::string(39, ',') + "\n");
  REQUIRE(t.rows.size() == 2);
  REQUIRE(t.rows[0].fields.size() == 40);
  for (int k = 0; k < 40; ++k) CHECK(t.rows[0].fields[k] == std::to_string(k) + " say \"hi\" to everyone in the room");
  CHECK(t.rows[1].fields[0] == "x");
  CHECK(t.rows[1].fields[39].empty());
}

TEST_CASE("id index: every id found with its first entry, duplicates refused, growth keeps them", "[ids]") {
  id_index ids;
  ids.reserve(4);  // far fewer than are added: the table grows several times
  const std::uint32_t n = 100000;
  for (std::uint32_t k = 0; k < n; ++k) {
    auto [e, fresh] = ids.try_emplace("INC" + std::to_string(k), {k + 2, k});
    REQUIRE(fresh);
    REQUIRE(e->row == k + 2);
  }
  CHECK(ids.size() == n);
  for (std::uint32_t k = 0; k < n; k += 997) {
    auto* e = ids.find("INC" + std::to_string(k));
    REQUIRE(e);
    CHECK(e->row == k + 2);
    CHECK(e->index == k);
  }
  // With the hash prefetch returned, as ingest adds ids: the same table.
  CHECK(ids.try_emplace("INC-prefetched", {5, 5}, ids.prefetch("INC-prefetched")).second);
  CHECK(ids.find("INC-prefetched")->row == 5);
  CHECK_FALSE(ids.try_emplace("INC-prefetched", {6, 6}, ids.prefetch("INC-prefetched")).second);
  auto [first, fresh] = ids.try_emplace("INC42", {999999, 7});
  CHECK_FALSE(fresh);
  CHECK(first->row == 44);  // the first row it was seen at, not the duplicate's
  CHECK(ids.size() == n + 1);
  CHECK(ids.find("INC100000") == nullptr);
  CHECK(ids.find("INC4") != nullptr);
  CHECK(ids.find("INC") == nullptr);  // a prefix of ids is not an id
  CHECK(ids.find("") == nullptr);
  CHECK(ids.try_emplace("", {1, 1}).second);  // an empty id is an id like any other
  CHECK(ids.find("") != nullptr);
}

TEST_CASE("id index: an empty index finds nothing", "[ids]") {
  id_index ids;
  CHECK(ids.find("INC1") == nullptr);
  CHECK(ids.size() == 0);
}

TEST_CASE("a history's text store keeps each text where it put it, across blocks and moves", "[history]") {
  engine::text_store store;
  std::vector<std::pair<std::string, std::string_view>> kept;
  for (int k = 0; k < 100000; ++k) {  // ~1.5 MB of short texts: more than one block
    std::string text = "INC" + std::to_string(k) + (k % 3 ? "" : ", 核心宕机");
    kept.emplace_back(text, store.keep(text));
  }
  std::string long_text(600000, 'x');  // longer than a quarter block: a block of its own
  long_text[0] = 'a', long_text.back() = 'z';
  std::string_view long_kept = store.keep(long_text);
  std::string_view after = store.keep("after the long one");
  CHECK(store.keep("").empty());

  engine::text_store moved(std::move(store));
  std::string_view later = moved.keep("kept after the move");
  for (auto& [text, view] : kept) REQUIRE(view == text);
  CHECK(long_kept == long_text);
  CHECK(after == "after the long one");
  CHECK(later == "kept after the move");
  // The moved-from store holds nothing and works on its own.
  CHECK(store.keep("fresh") == "fresh");
}
