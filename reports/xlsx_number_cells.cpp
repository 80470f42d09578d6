// libxlsxwriter writes each number cell with one fprintf of "%.16G": glibc formats that with
// multi-precision arithmetic, 17% of a workbook's time. Defined here and exported from the
// executable, __fprintf_chk (what the library's fprintf calls are built as) is the one the
// library reaches; it writes those two cell formats itself and hands every other call to the
// C library. The digits come from std::to_chars with the same precision, which the standard
// defines as printf's conversion in the "C" locale: the bytes do not change (tested against
// snprintf in render_test).
#include <charconv>
#include <cmath>
#include <cstdarg>
#include <cstdio>
#include <cstring>

#include "reports/xlsx_book.hpp"

extern "C" int __vfprintf_chk(FILE* stream, int flag, const char* format, va_list ap);

namespace slaudit::reports {
namespace {

// The two formats of libxlsxwriter's _write_number_cell, with and without a cell style.
constexpr const char* plain_cell = "<c r=\"%s\"><v>%.16G</v></c>";
constexpr const char* styled_cell = "<c r=\"%s\" s=\"%d\"><v>%.16G</v></c>";

}  // namespace

std::size_t print_number_16g(double value, char* out) {
  if (!std::isfinite(value)) {
    int n = std::snprintf(out, 32, "%.16G", value);
    return n > 0 ? static_cast<std::size_t>(n) : 0;
  }
  auto r = std::to_chars(out, out + 32, value, std::chars_format::general, 16);
  for (char* p = out; p != r.ptr; ++p)
    if (*p == 'e') *p = 'E';  // %G's exponent letter
  return static_cast<std::size_t>(r.ptr - out);
}

bool number_cells_formatted_here() { return true; }

}  // namespace slaudit::reports

extern "C" int __fprintf_chk(FILE* stream, int flag, const char* format, ...) {
  va_list ap;
  va_start(ap, format);
  int n;
  bool styled = false;
  if (format[0] == '<' && (std::strcmp(format, slaudit::reports::plain_cell) == 0 ||
                           (styled = std::strcmp(format, slaudit::reports::styled_cell) == 0))) {
    const char* range = va_arg(ap, const char*);
    int style = styled ? va_arg(ap, int) : 0;
    double value = va_arg(ap, double);
    // A cell reference is at most "XFD1048576"; longer is not libxlsxwriter's: pass it on.
    std::size_t range_size = std::strlen(range);
    if (range_size > 16) {
      va_end(ap);
      va_start(ap, format);
      n = __vfprintf_chk(stream, flag, format, ap);
      va_end(ap);
      return n;
    }
    char cell[128];
    char* p = cell;
    std::memcpy(p, "<c r=\"", 6), p += 6;
    std::memcpy(p, range, range_size), p += range_size;
    if (styled) {
      std::memcpy(p, "\" s=\"", 5), p += 5;
      p = std::to_chars(p, p + 12, style).ptr;
    }
    std::memcpy(p, "\"><v>", 5), p += 5;
    p += slaudit::reports::print_number_16g(value, p);
    std::memcpy(p, "</v></c>", 8), p += 8;
    auto size = static_cast<std::size_t>(p - cell);
    n = std::fwrite(cell, 1, size, stream) == size ? static_cast<int>(size) : -1;
  } else {
    n = __vfprintf_chk(stream, flag, format, ap);
  }
  va_end(ap);
  return n;
}
