// What libxlsxwriter 1.1.4 does for every cell, done here instead: defined in the executable
// and exported from it (as lxw_tmpfile is, xlsx_temp_files.cpp), these are the functions the
// library reaches through the dynamic linker. Each writes the same bytes as the one it stands
// in for; texts_test compares them with the library's own or the C library's.
// - __fprintf_chk (what the library's fprintf calls are built as): every cell and every tag
//   of its XML writer. glibc's vfprintf parses the format each time and prints "%.16G" with
//   multi-precision arithmetic (a quarter of a workbook's time). A format with only %s, %d
//   and %.16G conversions is printed here; any other goes to the C library.
// - snprintf: the library's "%d" for the row of every cell reference and "%.16G" for every
//   number; any other format goes to vsnprintf.
// - lxw_rowcol_to_cell, lxw_escape_control_characters, lxw_escape_data: a cell's reference,
//   and the two copies every string cell is escaped through.
// Numbers come from std::to_chars at precision 16, which the standard defines as printf's
// conversion in the "C" locale.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdarg>
#include <cstdio>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <iterator>
#include <new>
#include <string>
#include <string_view>

#include "reports/xlsx_book.hpp"

extern "C" int __vfprintf_chk(FILE* stream, int flag, const char* format, va_list ap);

namespace slaudit::reports {

std::size_t print_number_16g(double value, char* out) {
  if (!std::isfinite(value)) {  // as printf: "INF", "-INF", "NAN", "-NAN"
    char* at = out;
    if (std::signbit(value)) *at++ = '-';
    std::memcpy(at, std::isnan(value) ? "NAN" : "INF", 3);
    return static_cast<std::size_t>(at + 3 - out);
  }
  // Whole numbers (seconds, counts, minor units: most of a workbook's numbers) print as
  // their digits: %.16G writes no exponent below 10^16, and to_chars of an integer is a
  // fraction of the cost of its general format at a precision. -0 keeps its sign there.
  if (value == std::trunc(value) && std::fabs(value) < 1e15 && !(value == 0 && std::signbit(value)))
    return static_cast<std::size_t>(std::to_chars(out, out + 32, static_cast<std::int64_t>(value)).ptr - out);
  auto r = std::to_chars(out, out + 32, value, std::chars_format::general, 16);
  for (char* p = out; p != r.ptr; ++p)
    if (*p == 'e') *p = 'E';  // %G's exponent letter
  return static_cast<std::size_t>(r.ptr - out);
}

bool cells_printed_here() { return true; }

}  // namespace slaudit::reports

namespace {

/// A format cut at its conversions, parsed once: libxlsxwriter passes the same few literal
/// formats hundreds of thousands of times. Each piece is a run of literal text, then a
/// conversion ('s', 'd', 'G' for %.16G; '\0' after the last run).
struct parsed_format {
  struct piece {
    std::uint16_t from = 0, length = 0;
    char conversion = '\0';
  };
  const char* format = nullptr;
  bool printable = false;  ///< only %s, %d and %.16G, in at most `pieces` pieces
  std::uint8_t count = 0;
  piece pieces[8];
};

void parse_format(const char* format, parsed_format& p) {
  p = parsed_format{};
  p.format = format;
  std::size_t at = 0, from = 0;
  for (;; ++at) {
    char c = format[at];
    if (c != '\0' && c != '%') continue;
    if (p.count == std::size(p.pieces) || at > 0xffff) return;  // not printable: the C library's
    auto& piece = p.pieces[p.count++];
    piece.from = static_cast<std::uint16_t>(from);
    piece.length = static_cast<std::uint16_t>(at - from);
    if (c == '\0') break;
    if (format[at + 1] == 's' || format[at + 1] == 'd') {
      piece.conversion = format[at + 1];
      at += 1;
    } else if (std::strncmp(format + at, "%.16G", 5) == 0) {
      piece.conversion = 'G';
      at += 4;
    } else {
      return;
    }
    from = at + 1;
  }
  p.printable = true;
}

/// The parsed form of `format`, from a small per-thread table by the format's address.
const parsed_format& parsed(const char* format) {
  thread_local parsed_format table[64];
  auto& slot = table[(reinterpret_cast<std::uintptr_t>(format) >> 3) % std::size(table)];
  if (slot.format != format) parse_format(format, slot);
  return slot;
}

constexpr std::size_t unprintable = static_cast<std::size_t>(-1), too_long = unprintable - 1;

/// What printf prints for `p`'s format, into `out` of `room` bytes: its length, or
/// `too_long` when it does not fit, or `unprintable` for a null string.
std::size_t format_line(char* out, std::size_t room, const parsed_format& p, const char* format, va_list ap) {
  char* at = out;
  char* end = out + room;
  for (std::uint8_t k = 0; k < p.count; ++k) {
    const auto& piece = p.pieces[k];
    if (piece.length > static_cast<std::size_t>(end - at)) return too_long;
    std::memcpy(at, format + piece.from, piece.length);
    at += piece.length;
    if (piece.conversion == 's') {
      const char* text = va_arg(ap, const char*);
      if (!text) return unprintable;  // printf's "(null)"
      std::size_t n = std::strlen(text);
      if (n > static_cast<std::size_t>(end - at)) return too_long;
      std::memcpy(at, text, n);
      at += n;
    } else if (piece.conversion == 'd') {
      if (end - at < 12) return too_long;
      at = std::to_chars(at, end, va_arg(ap, int)).ptr;
    } else if (piece.conversion == 'G') {
      if (end - at < 32) return too_long;
      at += slaudit::reports::print_number_16g(va_arg(ap, double), at);
    }
  }
  return static_cast<std::size_t>(at - out);
}

}  // namespace

// libxlsxwriter 1.1.4 copies every string cell twice before printing it: through
// lxw_escape_control_characters (its lxw_has_control_characters answers yes for any string)
// and lxw_escape_data, each into a calloc'ed buffer of 7 and 5 times the string's length,
// zeroed, then filled a byte at a time. The same two functions, defined here and exported as
// lxw_tmpfile is, write the same bytes into a buffer of the exact size; the library frees it
// with free(), as it did its own.

namespace {

/// `text` with each byte that `replacement` replaces (a non-empty view, written into the
/// 8-byte buffer it is given or static) replaced, in a malloc'ed buffer of the exact size.
template <typename Replacement>
char* escaped_copy(const char* text, Replacement replacement) {
  char piece[8];
  std::size_t n = 0, size = 0;
  for (; text[n]; ++n) {
    std::size_t r = replacement(text[n], piece).size();
    size += r ? r : 1;
  }
  char* out = static_cast<char*>(std::malloc(size + 1));
  if (!out) return nullptr;
  if (size == n) {  // nothing replaced
    std::memcpy(out, text, n + 1);
    return out;
  }
  char* at = out;
  for (std::size_t k = 0; k < n; ++k) {
    std::string_view r = replacement(text[k], piece);
    if (r.empty()) *at++ = text[k];
    else at = std::copy(r.begin(), r.end(), at);
  }
  *at = '\0';
  return out;
}

}  // namespace

/// C0 controls but tab and line feed, as _x000D_ (the library's own set and spelling).
extern "C" char* lxw_escape_control_characters(const char* string) {
  return escaped_copy(string, [](char ch, char (&piece)[8]) -> std::string_view {
    auto c = static_cast<unsigned char>(ch);
    if (!((c >= 0x01 && c <= 0x08) || (c >= 0x0B && c <= 0x1F))) return {};
    const char* hex = "0123456789ABCDEF";
    std::memcpy(piece, "_x00", 4);
    piece[4] = hex[c >> 4], piece[5] = hex[c & 15], piece[6] = '_';
    return {piece, 7};
  });
}

/// &, < and > as &amp; &lt; &gt; (a cell's text inside <t>…</t>).
extern "C" char* lxw_escape_data(const char* data) {
  return escaped_copy(data, [](char c, char (&)[8]) -> std::string_view {
    return c == '&' ? "&amp;" : c == '<' ? "&lt;" : c == '>' ? "&gt;" : std::string_view();
  });
}

/// A cell's reference, "B17", for (row 16, column 1), as the library's own writes it (its
/// column letters, then snprintf's "%d" of row + 1 in at most 8 characters): every cell
/// written asks for one.
extern "C" void lxw_rowcol_to_cell(char* cell_name, std::uint32_t row, std::uint16_t col) {
  char letters[4];
  int count = 0;
  // Bijective base 26: A..Z, AA..; a column of 65535 (col + 1 wraps to 0) has no letters.
  for (unsigned n = static_cast<std::uint16_t>(col + 1); n != 0; n = (n - 1) / 26) {
    unsigned rem = n % 26;
    letters[count++] = static_cast<char>(rem == 0 ? 'Z' : 'A' + rem - 1);
  }
  char* at = cell_name;
  while (count > 0) *at++ = letters[--count];
  char digits[12];
  auto end = std::to_chars(digits, digits + sizeof digits, static_cast<int>(row + 1)).ptr;
  std::size_t n = std::min<std::size_t>(static_cast<std::size_t>(end - digits), 8);
  std::memcpy(at, digits, n);
  at[n] = '\0';
}

extern "C" int snprintf(char* out, std::size_t size, const char* format, ...) {
  va_list ap;
  va_start(ap, format);
  char digits[32];
  std::size_t n = 0;
  if (format[0] == '%' && format[1] == 'd' && format[2] == '\0') {
    n = static_cast<std::size_t>(std::to_chars(digits, digits + sizeof digits, va_arg(ap, int)).ptr - digits);
  } else if (std::strcmp(format, "%.16G") == 0) {
    n = slaudit::reports::print_number_16g(va_arg(ap, double), digits);
  } else {
    int r = std::vsnprintf(out, size, format, ap);
    va_end(ap);
    return r;
  }
  va_end(ap);
  if (size > 0) {  // as snprintf: at most size - 1 characters and the terminating null
    std::size_t kept = n < size - 1 ? n : size - 1;
    std::memcpy(out, digits, kept);
    out[kept] = '\0';
  }
  return static_cast<int>(n);
}

extern "C" int __fprintf_chk(FILE* stream, int flag, const char* format, ...) {
  va_list ap;
  va_start(ap, format);
  // Every format with only those conversions: libxlsxwriter's cells, and the tags of its XML
  // writer ("<%s", " %s=\"%s\"", "</%s>": rows, formula cells). Printed on the stack; a
  // longer line (a long text cell) in a per-thread string; anything else by the C library.
  const parsed_format& p = parsed(format);
  char line[1024];
  std::size_t n = unprintable;
  if (p.printable) {
    va_list args;
    va_copy(args, ap);
    n = format_line(line, sizeof line, p, format, args);
    va_end(args);
  }
  const char* bytes = line;
  if (n == too_long) {
    thread_local std::string longer;
    try {  // no exception may cross the library's C frames
      for (std::size_t room = 4 * sizeof line; n == too_long; room *= 2) {
        longer.resize(room);
        va_list args;
        va_copy(args, ap);
        n = format_line(longer.data(), room, p, format, args);
        va_end(args);
      }
    } catch (const std::bad_alloc&) {  // then the C library prints it, a piece at a time
      n = unprintable;
    }
    bytes = longer.data();
  }
  int written = -1;
  if (n == unprintable) written = __vfprintf_chk(stream, flag, format, ap);
  // Unlocked: a workbook's streams are written by the one thread that writes the workbook.
  else if (fwrite_unlocked(bytes, 1, n, stream) == n) written = static_cast<int>(n);
  va_end(ap);
  return written;
}
