// Our build of libxlsxwriter (third_party/libxlsxwriter): what its patches write in place of
// printf and of its escapes is, byte for byte, what the unpatched library wrote.
#include <catch2/catch.hpp>

#include <xlsxwriter.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <vector>

namespace {

/// What the unpatched lxw_escape_data wrote: & < > as entities, every other byte as it is.
std::string reference_escape_data(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '&')
      out += "&amp;";
    else if (c == '<')
      out += "&lt;";
    else if (c == '>')
      out += "&gt;";
    else
      out += c;
  }
  return out;
}

/// What lxw_escape_control_characters writes: 0x01-0x1F but tab and newline as _xHHHH_.
std::string reference_escape_controls(const std::string& s) {
  std::string out;
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if (u >= 0x01 && u <= 0x1F && c != '\t' && c != '\n') {
      char code[16];
      std::snprintf(code, sizeof code, "_x%04X_", u);
      out += code;
    } else {
      out += c;
    }
  }
  return out;
}

std::string taken(char* s) {
  REQUIRE(s);
  std::string out(s);
  std::free(s);
  return out;
}

}  // namespace

TEST_CASE("lxw_sprintf_dbl writes what printf's %.16G writes, for every kind of value a workbook holds", "[xlsx]") {
  auto same = [](double v) {
    char ours[LXW_ATTR_32] = {}, theirs[64] = {};
    lxw_sprintf_dbl(ours, v);
    std::snprintf(theirs, sizeof theirs, "%.16G", v);
    INFO(theirs);
    CHECK(std::string(ours) == std::string(theirs));
  };
  // Counts, seconds, money in yuan, percentages, Excel serial dates and times; the edges of
  // the whole numbers written as integers (below 10^15), -0, infinities and NaNs.
  for (double v : {0.0, -0.0, 1.0, -1.0, 7.0, 86400.0, 2671200.0, 120000.0, 1e15, -1e15, 1e15 - 1, -(1e15 - 1),
                   1e15 + 1, 9999999999999998.0, 1e16, 1.5e16, 123456789012345678.0, 0.1, 0.01, 99.9, 99.8877,
                   1234.56, -1234.56, 46296.5, 46296.78452546296, 1.0 / 3.0, 2.0 / 3.0, 1e-5, 1.23e-7, 5e-324,
                   1.7976931348623157e308, 4503599627370496.0, 9007199254740992.0,
                   std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity(),
                   std::numeric_limits<double>::quiet_NaN(), -std::numeric_limits<double>::quiet_NaN()})
    same(v);
  for (std::int64_t s = 1790000000; s < 1790000000 + 86400 * 3; s += 997) same(static_cast<double>(s) / 86400.0 + 25569.0);
  for (std::int64_t fen = -100000; fen < 10000000; fen += 7919) same(static_cast<double>(fen) / 100.0);
  for (std::int64_t s = -3000000; s < 3000000; s += 997) same(static_cast<double>(s));
  for (std::int64_t big = 1; big < 100000000000000000; big = big * 7 + 3)
    same(static_cast<double>(big)), same(-static_cast<double>(big));
  std::mt19937_64 bits(20261130);
  for (int k = 0; k < 200000; ++k) {
    std::uint64_t b = bits();
    double v;
    std::memcpy(&v, &b, sizeof v);
    same(v);
  }
}

TEST_CASE("lxw_print_int writes what printf's %d (and %lld) writes", "[xlsx]") {
  auto same = [](std::int64_t v) {
    char ours[24], theirs[24];
    std::size_t n = lxw_print_int(ours, v);
    std::snprintf(theirs, sizeof theirs, "%lld", static_cast<long long>(v));
    INFO(theirs);
    CHECK(std::string(ours) == std::string(theirs));
    CHECK(n == std::strlen(theirs));
  };
  for (std::int64_t v : {std::int64_t{0}, std::int64_t{1}, std::int64_t{-1}, std::int64_t{9}, std::int64_t{10},
                         std::int64_t{1048576}, std::int64_t{std::numeric_limits<int>::max()},
                         std::int64_t{std::numeric_limits<int>::min()}, std::numeric_limits<std::int64_t>::max(),
                         std::numeric_limits<std::int64_t>::min()})
    same(v);
  for (std::int64_t v = -5000000; v < 5000000; v += 7919) same(v);
}

TEST_CASE("cell references: the column's letters and the row counted from 1", "[xlsx]") {
  auto column = [](unsigned col) {
    std::string name;
    for (++col; col; col = (col - 1) / 26) name.insert(name.begin(), static_cast<char>('A' + (col - 1) % 26));
    return name;
  };
  for (std::uint32_t row : {0u, 1u, 8u, 9u, 16u, 99u, 999999u, 1048575u})
    for (std::uint16_t col : {0, 1, 25, 26, 27, 51, 52, 701, 702, 703, 16383}) {
      char cell[LXW_MAX_CELL_NAME_LENGTH] = {};
      lxw_rowcol_to_cell(cell, row, col);
      INFO("row " << row << " col " << col);
      CHECK(std::string(cell) == column(col) + std::to_string(row + 1));
    }
  char cell[LXW_MAX_CELL_NAME_LENGTH] = {};
  lxw_rowcol_to_cell(cell, 6, 2);
  CHECK(std::string(cell) == "C7");
  lxw_rowcol_to_cell(cell, 1048575, 16383);
  CHECK(std::string(cell) == "XFD1048576");
}

TEST_CASE("string escapes: entities and control characters as the unpatched library wrote them", "[xlsx]") {
  std::vector<std::string> samples = {"", "plain", "INC0000519 达标", "a & b < c > d", "&&&<<<>>>", "\"quoted\" 'single'",
                                      "line\nbreak\ttab\rreturn", "\x01\x02\x08\x0b\x0c\x1f end", "\x7f\xef\xbf\xbe",
                                      std::string(3000, '&') + std::string(3000, '\x1b')};
  for (int c = 1; c < 256; ++c) samples.push_back(std::string("<") + static_cast<char>(c) + ">");
  for (const auto& s : samples) {
    INFO(s);
    CHECK(taken(lxw_escape_data(s.c_str())) == reference_escape_data(s));
    CHECK(taken(lxw_escape_control_characters(s.c_str())) == reference_escape_controls(s));
    // Whether a string needs the control escape at all: only with such a character (the
    // unpatched check said yes for every string, reading its end as one).
    bool has = reference_escape_controls(s) != s;
    CHECK(static_cast<bool>(lxw_has_control_characters(s.c_str())) == has);
  }
}
