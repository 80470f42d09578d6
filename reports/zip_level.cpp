// The workbook's zip level. libxlsxwriter 1.1.4 deflates every part of the package at zlib's
// default level (6), fixed in its packager, and that was half the workbook's time: the parts
// are XML that level 1 packs nearly as well (bench-reports: 291 KB → 374 KB for 1,000
// incidents, in half the time). Debian's libxlsxwriter calls the system minizip through the
// dynamic linker, so this definition (exported from the executable, which libxlsxwriter's
// reference makes the linker do) is what it calls: it forwards to minizip's own with the
// level changed and everything else as given. tests/xlsx_test.py checks the level in the
// zip's entry flags, so a libxlsxwriter that stops calling it here shows.
#include <dlfcn.h>

#include "reports/xlsx_book.hpp"

namespace {

using zip_open_fn = int (*)(void*, const char*, const void*, const void*, unsigned, const void*, unsigned, const char*,
                            int, int, int, int, int, int, const char*, unsigned long, unsigned long, unsigned long, int);

zip_open_fn minizip_open() {
  static const auto real = reinterpret_cast<zip_open_fn>(dlsym(RTLD_NEXT, "zipOpenNewFileInZip4_64"));
  return real;
}

}  // namespace

/// minizip's zipOpenNewFileInZip4_64 (zip.h), its types spelled out: minizip's headers are not
/// a build dependency.
extern "C" int zipOpenNewFileInZip4_64(void* file, const char* filename, const void* file_info,
                                       const void* extra_local, unsigned extra_local_size, const void* extra_global,
                                       unsigned extra_global_size, const char* comment, int method, int level,
                                       int raw, int window_bits, int mem_level, int strategy, const char* password,
                                       unsigned long crc_for_crypting, unsigned long version_made_by,
                                       unsigned long flag_base, int zip64) {
  zip_open_fn real = minizip_open();
  if (!real) return -102;  // ZIP_PARAMERROR: no minizip below us, nothing to forward to
  if (level != 0) level = slaudit::reports::xlsx::zip_level;  // 0 is "stored": leave it so
  return real(file, filename, file_info, extra_local, extra_local_size, extra_global, extra_global_size, comment,
              method, level, raw, window_bits, mem_level, strategy, password, crc_for_crypting, version_made_by,
              flag_base, zip64);
}

namespace slaudit::reports::xlsx {

bool zip_level_in_effect() { return minizip_open() != nullptr; }

}  // namespace slaudit::reports::xlsx
