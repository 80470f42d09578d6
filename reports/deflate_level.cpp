// How hard the reports are compressed. Both writers deflate everything at zlib's default
// level (6), fixed inside them: libxlsxwriter 1.1.4 in its packager (through minizip), PoDoFo
// 0.9.8 in its Flate filter (the pages and the 400 KB font subset). That was 40% of the
// reports' time (bench-reports, 1,000 incidents). Level 1 packs this XML, PDF text and font
// nearly as well in a fraction of the time.
//
// Debian's libxlsxwriter, minizip and PoDoFo are shared libraries that call minizip and zlib
// through the dynamic linker, so the definitions below (exported from the executable, which
// the libraries' references make the linker do) are the ones they reach: each forwards to the
// library's own with the level changed and everything else as given. tests/xlsx_test.py and
// tests/pdf_test.py check the level in what was written (the zip entries' flags, the zlib
// headers of the PDF's streams), so a library that stops calling through here shows.
#include <dlfcn.h>
#include <zlib.h>

#include "reports/xlsx_book.hpp"

namespace {

template <typename F>
F next_definition(const char* name) {
  return reinterpret_cast<F>(dlsym(RTLD_NEXT, name));
}

int level_for(int asked) { return asked == Z_DEFAULT_COMPRESSION ? slaudit::reports::deflate_level : asked; }

using zip_open_fn = int (*)(void*, const char*, const void*, const void*, unsigned, const void*, unsigned, const char*,
                            int, int, int, int, int, int, const char*, unsigned long, unsigned long, unsigned long, int);
using deflate_init_fn = int (*)(z_streamp, int, const char*, int);

}  // namespace

/// minizip's zipOpenNewFileInZip4_64 (zip.h), its types spelled out: minizip's headers are not
/// a build dependency. The level also decides the entry's flags, so it is changed here, not
/// in deflateInit2_ below it.
extern "C" int zipOpenNewFileInZip4_64(void* file, const char* filename, const void* file_info,
                                       const void* extra_local, unsigned extra_local_size, const void* extra_global,
                                       unsigned extra_global_size, const char* comment, int method, int level,
                                       int raw, int window_bits, int mem_level, int strategy, const char* password,
                                       unsigned long crc_for_crypting, unsigned long version_made_by,
                                       unsigned long flag_base, int zip64) {
  static const auto real = next_definition<zip_open_fn>("zipOpenNewFileInZip4_64");
  if (!real) return -102;  // ZIP_PARAMERROR: no minizip below us, nothing to forward to
  return real(file, filename, file_info, extra_local, extra_local_size, extra_global, extra_global_size, comment,
              method, level_for(level), raw, window_bits, mem_level, strategy, password, crc_for_crypting,
              version_made_by, flag_base, zip64);
}

/// zlib's deflateInit_ (what the deflateInit macro calls): PoDoFo's Flate filter.
extern "C" int deflateInit_(z_streamp stream, int level, const char* version, int stream_size) {
  static const auto real = next_definition<deflate_init_fn>("deflateInit_");
  if (!real) return Z_VERSION_ERROR;
  return real(stream, level_for(level), version, stream_size);
}

namespace slaudit::reports {

bool deflate_level_in_effect() { return next_definition<deflate_init_fn>("deflateInit_") != nullptr; }

}  // namespace slaudit::reports
