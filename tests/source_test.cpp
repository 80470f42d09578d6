#include <catch2/catch.hpp>

#include "grammar/source.hpp"

using namespace slaudit::grammar;

TEST_CASE("columns count characters, not bytes", "[source]") {
  source_file f("a.sla", "sla 1\n  title \"未闭合\" x\n");
  std::string text = f.text();
  auto x = static_cast<std::uint32_t>(text.find(" x") + 1);
  auto p = f.position(x);
  CHECK(p.line == 2);
  CHECK(p.column == 15);  // 2 spaces, "title", space, quote, 3 CJK, quote, space: x is the 15th
  CHECK(f.line_text(2) == "  title \"未闭合\" x");
  CHECK(f.line_start(2) == 6);
}

TEST_CASE("CJK is two columns wide on a terminal", "[source]") {
  CHECK(display_width("未闭合") == 6);
  CHECK(display_width("abc") == 3);
  CHECK(display_width("（全角）") == 8);
  CHECK(display_width(U'é') == 1);
}

TEST_CASE("invalid UTF-8 is found at its first bad byte", "[source]") {
  CHECK(find_invalid_utf8("纯文本 plain") == std::string_view::npos);
  std::string gbk = "ok \xBB\xF9";  // 基 in GBK
  CHECK(find_invalid_utf8(gbk) == 3);
  CHECK(find_invalid_utf8("\xC0\x80") == 0);      // overlong NUL
  CHECK(find_invalid_utf8("\xED\xA0\x80") == 0);  // a UTF-16 surrogate
  CHECK(find_invalid_utf8("ab\xE4\xB8") == 2);    // cut short at the end
  CHECK(find_invalid_utf8("\xF4\x90\x80\x80") == 0);  // beyond U+10FFFF
}

TEST_CASE("a bad byte is found wherever it falls among runs of ASCII", "[source]") {
  // ASCII is skipped eight bytes at a time: every offset and tail length around a word.
  for (std::size_t before = 0; before < 20; ++before)
    for (std::size_t after = 0; after < 12; ++after) {
      std::string s = std::string(before, 'a') + "\xBB" + std::string(after, 'b');
      CHECK(find_invalid_utf8(s) == before);
      std::string good = std::string(before, 'a') + "汉" + std::string(after, 'b');
      CHECK(find_invalid_utf8(good) == std::string_view::npos);
      std::string cut = std::string(before, 'a') + "\xE6\xB1";  // 汉 without its last byte
      CHECK(find_invalid_utf8(cut) == before);
    }
}

TEST_CASE("printable shows control characters by their pictures, one column each") {
  CHECK(printable("on\x1b[31mred") == "on\xE2\x90\x9B[31mred");   // ESC as U+241B
  CHECK(printable("a\tb") == "a\tb");                              // a tab is kept
  CHECK(printable("x\x7Fy") == "x\xE2\x90\xA1y");                  // DEL as U+2421
  CHECK(printable("\xC2\x9B" "1m") == "\xEF\xBF\xBD" "1m");        // C1 CSI as U+FFFD
  CHECK(printable("\xFF") == "\xEF\xBF\xBD");                      // not UTF-8
  CHECK(printable("合同 é") == "合同 é");
  CHECK(display_width(std::string_view(printable("\x1b\x01"))) == 2);
}

TEST_CASE("clipped keeps a message one line however long the text it quotes") {
  CHECK(clipped("Asia/Shanghai") == "Asia/Shanghai");
  CHECK(clipped(std::string(48, 'A')) == std::string(48, 'A'));
  CHECK(clipped(std::string(200000, 'A')) == std::string(48, 'A') + "… (200000 characters)");
  // Cut between characters, never inside one; counted in characters, not bytes.
  std::string han;
  for (int k = 0; k < 50; ++k) han += "汉";
  std::string first;
  for (int k = 0; k < 48; ++k) first += "汉";
  CHECK(clipped(han) == first + "… (50 characters)");
  CHECK(clipped("abcdef", 3) == "abc… (6 characters)");
}
