// Where libxlsxwriter keeps a workbook's parts while it writes them. It writes every part
// (each sheet twice: its rows, then the sheet around them) to a temporary stream, reads it
// back into the zip, and closes it. On disk that is 15% of a 1,000-incident report's time,
// all of it in the kernel (bench-reports).
//
// The streams handed to the library (through lxw_set_tmpfile_opener, which our build of it
// has: third_party/libxlsxwriter, patch 0002) are over memory (glibc's fopencookie), and move
// to a real unlinked file in TMPDIR once they hold more than xlsx_memory_bytes(): a huge sheet
// costs disk, not RAM, so the batch's memory stays flat. tests/xlsx_test.py checks the
// workbooks read back whole, with the parts spilled and without.
#include <fcntl.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <new>
#include <string>
#include <utility>
#include <vector>

#include "reports/xlsx_book.hpp"

namespace {

/// Why a part of the workbook this thread is writing could not be kept (empty: none was
/// lost). libxlsxwriter does not check its writes to these files, so book::close asks here.
thread_local std::string part_failure;

/// Bytes that grow without being cleared first (a std::vector<char> zeroes every byte it
/// adds, only for the part to overwrite them), by realloc: a large block moves without a copy.
class byte_buffer {
 public:
  byte_buffer() = default;
  byte_buffer(byte_buffer&& other) noexcept
      : data_(std::exchange(other.data_, nullptr)), capacity_(std::exchange(other.capacity_, 0)) {}
  byte_buffer& operator=(byte_buffer&& other) noexcept {
    std::swap(data_, other.data_);
    std::swap(capacity_, other.capacity_);
    return *this;
  }
  ~byte_buffer() { std::free(data_); }
  char* data() const { return data_; }
  std::size_t capacity() const { return capacity_; }
  /// At least `n` bytes, the first ones kept; false when there is no memory for them.
  bool reserve(std::size_t n) {
    if (n <= capacity_) return true;
    void* grown = std::realloc(data_, n);
    if (!grown) return false;
    data_ = static_cast<char*>(grown);
    capacity_ = n;
    return true;
  }

 private:
  char* data_ = nullptr;
  std::size_t capacity_ = 0;
};

/// A growing byte buffer with a position, or, past xlsx_memory_bytes(), an unlinked file.
/// `bytes` may be longer than the part (`size`): a buffer handed on from an earlier part.
struct temp_part {
  byte_buffer bytes;
  std::size_t size = 0;
  off64_t position = 0;
  int fd = -1;
};

/// Buffers of closed parts, kept for the next parts this thread writes: a workbook writes a
/// dozen parts, several open at once, and fresh memory costs a page fault every 4 KiB (and,
/// grown by doubling, a copy each time). At most 16 MiB of them; the largest is taken first.
thread_local std::vector<byte_buffer> spare_buffers;
constexpr std::size_t spare_bytes_max = std::size_t{16} << 20;

byte_buffer take_buffer() {
  if (spare_buffers.empty()) return {};
  auto largest = std::max_element(spare_buffers.begin(), spare_buffers.end(),
                                  [](auto& a, auto& b) { return a.capacity() < b.capacity(); });
  byte_buffer b = std::move(*largest);
  spare_buffers.erase(largest);
  return b;
}

void give_back(byte_buffer&& b) {
  std::size_t kept = 0;
  for (auto& spare : spare_buffers) kept += spare.capacity();
  if (b.capacity() > 0 && kept + b.capacity() <= spare_bytes_max) {
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
  part.bytes = byte_buffer();  // the memory goes with the temporary
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
    if (end > part.bytes.capacity() && !part.bytes.reserve(std::max(end, part.bytes.capacity() * 2))) {
      part_failure = "out of memory for a part of " + std::to_string(end) +
                     " bytes (SLAUDIT_XLSX_MEMORY_BYTES sends large parts to TMPDIR)";
      return 0;
    }
    auto at = static_cast<std::size_t>(part.position);
    if (at > part.size) std::memset(part.bytes.data() + part.size, 0, at - part.size);  // a gap reads as zeros
    if (n) std::memcpy(part.bytes.data() + at, data, n);  // an empty part has no data()
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

/// A read-write stream that starts empty, as libxlsxwriter's lxw_tmpfile_opener
/// (third_party/libxlsxwriter, patch 0002). The directory it is given is ignored; a spill goes
/// to TMPDIR.
FILE* open_temp_part(char*) {
  auto* part = new (std::nothrow) temp_part;
  if (!part) return nullptr;
  part->bytes = take_buffer();
  FILE* stream = fopencookie(part, "w+", {part_read, part_write, part_seek, part_close});
  if (!stream) delete part;
  return stream;
}

namespace slaudit::reports {

void keep_temp_parts_in_memory() {
  static std::once_flag set;
  std::call_once(set, [] { lxw_set_tmpfile_opener(open_temp_part); });
}

std::string take_temp_part_failure() { return std::exchange(part_failure, std::string()); }

namespace {
thread_local std::size_t memory_limit_here = 0;  // set by an xlsx_memory_limit; 0: none
}  // namespace

xlsx_memory_limit::xlsx_memory_limit(std::size_t bytes) : before_(memory_limit_here) {
  memory_limit_here = std::min(bytes, xlsx_memory_bytes());
}

xlsx_memory_limit::~xlsx_memory_limit() { memory_limit_here = before_; }

std::size_t xlsx_memory_bytes() {
  if (memory_limit_here) return memory_limit_here;
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
