// The PDF's streams deflated with libdeflate (see deflate.hpp for why), and inflated back
// where a finished page is read again.
#include "reports/deflate.hpp"

#include <libdeflate.h>

#include <memory>
#include <stdexcept>

namespace slaudit::reports {
namespace {

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
