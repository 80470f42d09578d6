// Where libxlsxwriter keeps a workbook's parts while it writes them. Version 1.1.4 (Debian's)
// writes every part (each sheet twice: its rows, then the sheet around them) to a temporary
// file from lxw_tmpfile(), reads it back into the zip, and closes it. On disk that was 15% of
// a 1,000-incident report's time, all of it in the kernel (bench-reports).
//
// Defined here, exported from the executable, this lxw_tmpfile is the one the library reaches
// (it calls its own through the dynamic linker, as deflate.cpp relies on for minizip and
// zlib). It hands back a stdio stream over memory (glibc's fopencookie), which moves to a real
// unlinked file in TMPDIR once it holds more than xlsx_memory_bytes(): a huge sheet costs disk,
// not RAM, so the batch's memory stays flat. tests/xlsx_test.py checks the workbooks read back
// whole; a library that stops calling through here only loses the speed.
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>
#include <string>
#include <utility>
#include <vector>

#include "reports/xlsx_book.hpp"

namespace {

/// Why a part of the workbook this thread is writing could not be kept (empty: none was
/// lost). libxlsxwriter does not check its writes to these files, so book::close asks here.
thread_local std::string part_failure;

/// A growing byte buffer with a position, or, past xlsx_memory_bytes(), an unlinked file.
/// `bytes` may be longer than the part (`size`): a buffer handed on from an earlier part.
struct temp_part {
  std::vector<char> bytes;
  std::size_t size = 0;
  off64_t position = 0;
  int fd = -1;
};

/// Buffers of closed parts, kept for the next parts this thread writes: a workbook's parts
/// come one after another, and fresh memory costs a page fault every 4 KiB (and, grown by
/// doubling, a copy each time). At most four, of at most 8 MiB each.
thread_local std::vector<std::vector<char>> spare_buffers;

std::vector<char> take_buffer() {
  if (spare_buffers.empty()) return {};
  std::vector<char> b = std::move(spare_buffers.back());
  spare_buffers.pop_back();
  return b;
}

void give_back(std::vector<char>&& b) {
  if (b.size() > 0 && b.size() <= (std::size_t{8} << 20) && spare_buffers.size() < 4) {
    try {
      spare_buffers.push_back(std::move(b));
    } catch (const std::bad_alloc&) {  // then it is simply freed
    }
  }
}

bool write_all(int fd, const char* data, std::size_t n, off64_t at) {
  while (n > 0) {
    ssize_t done = pwrite(fd, data, n, at);
    if (done < 0 && errno == EINTR) continue;
    if (done <= 0) return false;
    data += done;
    n -= static_cast<std::size_t>(done);
    at += done;
  }
  return true;
}

/// Moves the part to an unlinked file in TMPDIR (else /tmp).
bool spill(temp_part& part) {
  const char* dir = std::getenv("TMPDIR");
  std::string folder = dir && *dir ? dir : "/tmp";
  std::string path = folder + "/slaudit-xlsx-XXXXXX";
  int fd = mkstemp(path.data());
  if (fd < 0) {
    part_failure = "cannot create a temporary file in " + folder + " (TMPDIR) for a part past " +
                   std::to_string(slaudit::reports::xlsx_memory_bytes()) +
                   " bytes (SLAUDIT_XLSX_MEMORY_BYTES): " + std::strerror(errno);
    return false;
  }
  unlink(path.c_str());
  if (!write_all(fd, part.bytes.data(), part.size, 0)) {
    part_failure =
        "cannot write a temporary file in " + folder + " (TMPDIR): " + std::strerror(errno);
    close(fd);
    return false;
  }
  part.fd = fd;
  std::vector<char>().swap(part.bytes);
  return true;
}

ssize_t part_write(void* cookie, const char* data, size_t n) {
  auto& part = *static_cast<temp_part*>(cookie);
  std::size_t end = static_cast<std::size_t>(part.position) + n;
  if (part.fd < 0 && end > slaudit::reports::xlsx_memory_bytes() && !spill(part))
    return 0;  // 0: stdio reports the error
  if (part.fd >= 0) {
    if (!write_all(part.fd, data, n, part.position)) {
      part_failure = std::string("cannot write a temporary file (TMPDIR): ") + std::strerror(errno);
      return 0;
    }
  } else {
    try {
      if (end > part.bytes.size()) part.bytes.resize(std::max(end, part.bytes.size() * 2));
    } catch (const std::bad_alloc&) {  // never through libxlsxwriter's C frames
      part_failure = "out of memory for a part of " + std::to_string(end) +
                     " bytes (SLAUDIT_XLSX_MEMORY_BYTES sends large parts to TMPDIR)";
      return 0;
    }
    if (n) std::memcpy(part.bytes.data() + part.position, data, n);  // an empty part has no data()
    part.size = std::max(part.size, end);
  }
  part.position += static_cast<off64_t>(n);
  return static_cast<ssize_t>(n);
}

ssize_t part_read(void* cookie, char* data, size_t n) {
  auto& part = *static_cast<temp_part*>(cookie);
  if (part.fd >= 0) {
    ssize_t got;
    do got = pread(part.fd, data, n, part.position);
    while (got < 0 && errno == EINTR);
    if (got > 0) part.position += got;
    if (got < 0)
      part_failure = std::string("cannot read a temporary file back: ") + std::strerror(errno);
    return got;
  }
  auto at = static_cast<std::size_t>(part.position);
  std::size_t got = at < part.size ? std::min(n, part.size - at) : 0;
  if (got) std::memcpy(data, part.bytes.data() + at, got);
  part.position += static_cast<off64_t>(got);
  return static_cast<ssize_t>(got);
}

int part_seek(void* cookie, off64_t* offset, int whence) {
  auto& part = *static_cast<temp_part*>(cookie);
  off64_t end = part.fd >= 0 ? lseek64(part.fd, 0, SEEK_END) : static_cast<off64_t>(part.size);
  off64_t base = whence == SEEK_SET ? 0 : whence == SEEK_CUR ? part.position : end;
  if (end < 0 || base + *offset < 0) return -1;
  part.position = base + *offset;
  *offset = part.position;
  return 0;
}

int part_close(void* cookie) {
  auto* part = static_cast<temp_part*>(cookie);
  int status = part->fd >= 0 ? close(part->fd) : 0;
  give_back(std::move(part->bytes));
  delete part;
  return status;
}

}  // namespace

/// libxlsxwriter's lxw_tmpfile (utility.h): a read-write stream that starts empty. The
/// directory it is given is ignored; a spill goes to TMPDIR.
extern "C" FILE* lxw_tmpfile(char*) {
  auto* part = new (std::nothrow) temp_part;
  if (!part) return nullptr;
  part->bytes = take_buffer();
  FILE* stream = fopencookie(part, "w+", {part_read, part_write, part_seek, part_close});
  if (!stream) delete part;
  return stream;
}

namespace slaudit::reports {

bool temp_parts_in_memory() { return true; }

std::string take_temp_part_failure() { return std::exchange(part_failure, std::string()); }

std::size_t xlsx_memory_bytes() {
  static const std::size_t bytes = [] {
    const char* env = std::getenv("SLAUDIT_XLSX_MEMORY_BYTES");
    char* end = nullptr;
    unsigned long long v = env && *env ? std::strtoull(env, &end, 10) : 0;
    if (!end || *end != '\0' || v == 0) return std::size_t{32} << 20;
    // At most 1 GiB: zlib and minizip count a buffer's bytes in 32 bits.
    return static_cast<std::size_t>(std::min<unsigned long long>(v, 1ull << 30));
  }();
  return bytes;
}

}  // namespace slaudit::reports
