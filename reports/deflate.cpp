// How the reports are deflated (see deflate.hpp for why).
//
// Debian's libxlsxwriter 1.1.4 zips a workbook through minizip, and PoDoFo 0.9.8 deflates its
// streams through zlib; both are shared libraries that reach those through the dynamic linker.
// The minizip and zlib functions defined below are exported from the executable (the
// libraries' references make the linker do so), so they are the ones the libraries call:
// - zipOpenNewFileInZip4_64 opens a deflated entry in minizip's raw mode instead; the
//   entry's bytes are gathered by zipWriteInFileInZip and, at zipCloseFileInZip, deflated
//   with libdeflate and handed to minizip with their CRC-32 and size. An entry past
//   xlsx_memory_bytes() is deflated by zlib as it comes, so memory stays bounded.
// - deflateInit_ (PoDoFo's Flate filter, now only a font's CIDSet) forwards to zlib's with
//   the level changed from the default to the fastest.
// Each forwards to the library's own definition (dlsym RTLD_NEXT). tests/xlsx_test.py and
// tests/pdf_test.py check what was written (the zip entries' flags, the zlib headers of the
// PDF's streams), so a library that stops calling through here shows.
#include "reports/deflate.hpp"

#include <dlfcn.h>
#include <libdeflate.h>
#include <zlib.h>

#include <cstdint>
#include <stdexcept>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "reports/xlsx_book.hpp"

namespace slaudit::reports {
namespace {

template <typename F>
F next_definition(const char* name) {
  return reinterpret_cast<F>(dlsym(RTLD_NEXT, name));
}

int level_for(int asked) { return asked == Z_DEFAULT_COMPRESSION ? deflate_level : asked; }

/// The calling thread's libdeflate compressor.
libdeflate_compressor* compressor() {
  struct release {
    void operator()(libdeflate_compressor* c) const { libdeflate_free_compressor(c); }
  };
  thread_local std::unique_ptr<libdeflate_compressor, release> mine(
      libdeflate_alloc_compressor(deflate_level));
  return mine.get();
}

}  // namespace

std::string zlib_inflate(std::string_view packed, std::size_t plain_size) {
  struct release {
    void operator()(libdeflate_decompressor* d) const { libdeflate_free_decompressor(d); }
  };
  thread_local std::unique_ptr<libdeflate_decompressor, release> mine(libdeflate_alloc_decompressor());
  std::string out(plain_size, '\0');
  std::size_t got = 0;
  if (!mine || libdeflate_zlib_decompress(mine.get(), packed.data(), packed.size(), out.data(), out.size(), &got) !=
                   LIBDEFLATE_SUCCESS ||
      got != plain_size)
    throw std::runtime_error("a deflated stream does not inflate to its size");
  return out;
}

std::string zlib_deflate(std::string_view in) {
  libdeflate_compressor* c = compressor();
  std::string out(libdeflate_zlib_compress_bound(c, in.size()), '\0');
  out.resize(libdeflate_zlib_compress(c, in.data(), in.size(), out.data(), out.size()));
  return out;
}

}  // namespace slaudit::reports

namespace {

using slaudit::reports::deflate_level;
using slaudit::reports::level_for;
using slaudit::reports::next_definition;

// minizip's types and codes (zip.h), spelled out: minizip's headers are not a build dependency.
constexpr int zip_ok = 0, zip_errno = -1, zip_paramerror = -102, zip_internalerror = -104;
using zip_open_fn = int (*)(void*, const char*, const void*, const void*, unsigned, const void*,
                            unsigned, const char*, int, int, int, int, int, int, const char*,
                            unsigned long, unsigned long, unsigned long, int);
using zip_write_fn = int (*)(void*, const void*, unsigned);
using zip_close_raw_fn = int (*)(void*, std::uint64_t, unsigned long);
using deflate_init_fn = int (*)(z_streamp, int, const char*, int);

/// An open entry: its bytes so far, or past xlsx_memory_bytes() the zlib stream deflating them.
struct entry {
  std::string bytes;
  std::unique_ptr<z_stream> stream;
  std::uint32_t crc = 0;
  std::uint64_t size = 0;
  ~entry() {
    if (stream) deflateEnd(stream.get());
  }
};

/// This thread's buffers for an entry's bytes and their deflated form, kept from one entry to
/// the next (a workbook's entries are written one after another): fresh memory for each
/// costs page faults and, grown by doubling, copies. Emptied, never shrunk, past 8 MiB freed.
thread_local std::string spare_bytes, packed;

std::mutex entries_mutex;
std::unordered_map<void*, std::unique_ptr<entry>>& entries() {
  static std::unordered_map<void*, std::unique_ptr<entry>> open;
  return open;
}

entry* entry_of(void* file) {
  std::lock_guard<std::mutex> lock(entries_mutex);
  auto it = entries().find(file);
  return it == entries().end() ? nullptr : it->second.get();
}

zip_write_fn real_write() {
  static const auto real = next_definition<zip_write_fn>("zipWriteInFileInZip");
  return real;
}

/// Feeds `n` bytes (none with Z_FINISH) through the entry's zlib stream into the zip.
int pump(void* file, entry& e, const char* data, std::size_t n, int flush) {
  z_stream& s = *e.stream;
  s.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data));
  s.avail_in = static_cast<uInt>(n);
  char out[1 << 16];
  int status;
  do {
    s.next_out = reinterpret_cast<Bytef*>(out);
    s.avail_out = sizeof out;
    status = deflate(&s, flush);
    if (status == Z_STREAM_ERROR) return zip_internalerror;
    std::size_t got = sizeof out - s.avail_out;
    if (got > 0 && real_write()(file, out, static_cast<unsigned>(got)) != zip_ok) return zip_errno;
  } while (s.avail_out == 0 || (flush == Z_FINISH && status != Z_STREAM_END));
  return zip_ok;
}

/// Moves an entry that has grown past xlsx_memory_bytes() onto a zlib stream.
int start_stream(void* file, entry& e) {
  e.stream = std::make_unique<z_stream>();
  if (deflateInit2(e.stream.get(), deflate_level, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY) !=
      Z_OK) {
    e.stream.reset();
    return zip_internalerror;
  }
  int status = pump(file, e, e.bytes.data(), e.bytes.size(), Z_NO_FLUSH);
  std::string().swap(e.bytes);
  return status;
}

}  // namespace

/// minizip's zipOpenNewFileInZip4_64: a deflated entry is opened raw, deflated here.
extern "C" int zipOpenNewFileInZip4_64(void* file, const char* filename, const void* file_info,
                                       const void* extra_local, unsigned extra_local_size,
                                       const void* extra_global, unsigned extra_global_size,
                                       const char* comment, int method, int level, int raw,
                                       int window_bits, int mem_level, int strategy,
                                       const char* password, unsigned long crc_for_crypting,
                                       unsigned long version_made_by, unsigned long flag_base,
                                       int zip64) {
  static const auto real = next_definition<zip_open_fn>("zipOpenNewFileInZip4_64");
  if (!real || !real_write()) return zip_paramerror;  // no minizip below us, nothing to forward to
  // The level also decides the entry's flags, so it is passed on as it is used.
  bool ours = method == Z_DEFLATED && !raw && level != 0 && !password;
  int status =
      real(file, filename, file_info, extra_local, extra_local_size, extra_global,
           extra_global_size, comment, method, level_for(level), ours ? 1 : raw, window_bits,
           mem_level, strategy, password, crc_for_crypting, version_made_by, flag_base, zip64);
  // An entry left open by an abandoned workbook (its zip handle freed, the address reused)
  // must not take this file's bytes.
  std::lock_guard<std::mutex> lock(entries_mutex);
  entries().erase(file);
  if (status == zip_ok && ours) {
    try {  // no exception may cross minizip's and libxlsxwriter's C frames
      auto e = std::make_unique<entry>();
      e->bytes.swap(spare_bytes);
      e->bytes.clear();
      entries()[file] = std::move(e);
    } catch (const std::bad_alloc&) {
      return zip_internalerror;
    }
  }
  return status;
}

extern "C" int zipWriteInFileInZip(void* file, const void* buf, unsigned len) {
  if (!real_write()) return zip_paramerror;
  entry* e = entry_of(file);
  if (!e) return real_write()(file, buf, len);
  const char* data = static_cast<const char*>(buf);
  e->crc = libdeflate_crc32(e->crc, data, len);
  e->size += len;
  if (e->stream) return pump(file, *e, data, len, Z_NO_FLUSH);
  try {
    e->bytes.append(data, len);
    return e->bytes.size() > slaudit::reports::xlsx_memory_bytes() ? start_stream(file, *e)
                                                                   : zip_ok;
  } catch (const std::bad_alloc&) {
    return zip_internalerror;
  }
}

extern "C" int zipCloseFileInZip(void* file) {
  static const auto real_close = next_definition<int (*)(void*)>("zipCloseFileInZip");
  static const auto real_close_raw = next_definition<zip_close_raw_fn>("zipCloseFileInZipRaw64");
  if (!real_close || !real_close_raw || !real_write()) return zip_paramerror;
  std::unique_ptr<entry> e;
  {
    std::lock_guard<std::mutex> lock(entries_mutex);
    auto it = entries().find(file);
    if (it == entries().end()) return real_close(file);
    e = std::move(it->second);
    entries().erase(it);
  }
  int status = zip_ok;
  if (e->stream) {
    status = pump(file, *e, nullptr, 0, Z_FINISH);  // the entry ends the stream
  } else {
    try {
      libdeflate_compressor* c = slaudit::reports::compressor();
      std::size_t bound = libdeflate_deflate_compress_bound(c, e->bytes.size());
      if (packed.size() < bound) packed.resize(bound);
      std::size_t n =
          libdeflate_deflate_compress(c, e->bytes.data(), e->bytes.size(), packed.data(), bound);
      if (n == 0 && !e->bytes.empty())
        status = zip_internalerror;
      else if (n > 0)
        status = real_write()(file, packed.data(), static_cast<unsigned>(n));
      if (packed.size() > (std::size_t{8} << 20)) std::string().swap(packed);
    } catch (const std::bad_alloc&) {
      status = zip_internalerror;
    }
  }
  int closed = real_close_raw(file, e->size, e->crc);
  if (e->bytes.capacity() <= (std::size_t{8} << 20)) spare_bytes.swap(e->bytes);
  return status != zip_ok ? status : closed;
}

/// zlib's deflateInit_ (what the deflateInit macro calls): PoDoFo's Flate filter.
extern "C" int deflateInit_(z_streamp stream, int level, const char* version, int stream_size) {
  static const auto real = next_definition<deflate_init_fn>("deflateInit_");
  if (!real) return Z_VERSION_ERROR;
  return real(stream, level_for(level), version, stream_size);
}

namespace slaudit::reports {

bool deflate_in_effect() {
  return next_definition<deflate_init_fn>("deflateInit_") != nullptr &&
         next_definition<zip_close_raw_fn>("zipCloseFileInZipRaw64") != nullptr;
}

}  // namespace slaudit::reports
