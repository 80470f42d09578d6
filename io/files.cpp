#include "io/files.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <ostream>
#include <memory>
#include <system_error>

namespace slaudit::io {

namespace {

/// The largest input of each kind slaudit reads, in MiB, and the variable that changes it.
/// A history is read in pieces (memory follows its events, not its size), so its limit only
/// stops a runaway file; a contract and a calendar are held whole.
struct input_kind {
  const char* what;
  const char* variable;
  std::uint64_t default_mib;
};

input_kind kind_of(const std::string& path) {
  auto ends = [&](const char* ext) {
    std::size_t n = std::strlen(ext);
    return path.size() >= n && path.compare(path.size() - n, n, ext) == 0;
  };
  if (ends(".sla")) return {"a contract", "SLAUDIT_MAX_CONTRACT_MIB", 64};
  if (ends(".ics")) return {"a calendar", "SLAUDIT_MAX_CALENDAR_MIB", 16};
  return {"a history file", "SLAUDIT_MAX_HISTORY_MIB", 16384};
}

std::uint64_t limit_bytes(const input_kind& k) {
  std::uint64_t mib = k.default_mib;
  if (const char* v = std::getenv(k.variable); v && *v) {
    char* end = nullptr;
    unsigned long long n = std::strtoull(v, &end, 10);
    if (end && !*end && n > 0 && n < (1ULL << 40)) mib = n;
  }
  return mib << 20;
}

/// Opens `path` for reading if it is a regular file within its kind's size limit; else -1
/// with `error` saying why. Never blocks: a FIFO is opened without waiting for a writer and
/// then refused, as are devices (/dev/zero) and folders.
int open_input(const std::string& path, std::uint64_t& size, std::string& error) {
  int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) {
    error = std::strerror(errno);
    return -1;
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    error = std::strerror(errno);
    ::close(fd);
    return -1;
  }
  if (!S_ISREG(st.st_mode)) {
    error = S_ISDIR(st.st_mode)    ? "it is a folder, not a file"
            : S_ISFIFO(st.st_mode) ? "it is a named pipe (FIFO), not a file: slaudit reads only regular files"
            : S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode)
                ? "it is a device, not a file: slaudit reads only regular files"
                : "it is not a regular file: slaudit reads only regular files";
    ::close(fd);
    return -1;
  }
  auto kind = kind_of(path);
  std::uint64_t limit = limit_bytes(kind);
  size = static_cast<std::uint64_t>(st.st_size);
  if (size > limit) {
    error = "it is " + std::to_string((size + (1 << 20) - 1) >> 20) + " MiB, more than the " +
            std::to_string(limit >> 20) + " MiB slaudit reads as " + kind.what + " (" + kind.variable +
            " raises the limit)";
    ::close(fd);
    return -1;
  }
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
  return fd;
}

/// No such file (a path that names nothing is an absent input, not a refused one).
bool missing(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) != 0 && errno == ENOENT;
}

}  // namespace

std::optional<std::string> read_file(const std::string& path, std::string& error) {
  std::uint64_t size = 0;
  int fd = open_input(path, size, error);
  if (fd < 0) return std::nullopt;
  // Read straight into a string of the file's size; one more byte shows that it has not grown.
  // A file that grows while it is read is refused: its bytes would not be the ones measured.
  std::string bytes(static_cast<std::size_t>(size) + 1, '\0');
  std::size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::read(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      error = std::string("read failed: ") + std::strerror(errno);
      ::close(fd);
      return std::nullopt;
    }
    if (n == 0) break;
    done += static_cast<std::size_t>(n);
  }
  ::close(fd);
  if (done > size) {
    error = "the file grew while it was read; read it again once it is complete";
    return std::nullopt;
  }
  bytes.resize(done);
  return bytes;
}

namespace {

/// Sixteen hex digits from the kernel's random source: a name no one can guess beforehand.
std::string random_hex() {
  unsigned char bytes[8];
  std::size_t got = 0;
  while (got < sizeof bytes) {
    ssize_t n = ::getrandom(bytes + got, sizeof bytes - got, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw std::runtime_error(std::string("no random bytes for a temporary name: ") + std::strerror(errno));
    got += static_cast<std::size_t>(n);
  }
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (unsigned char b : bytes) out += {hex[b >> 4], hex[b & 15]};
  return out;
}

std::string base_name(const std::string& path) {
  auto slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string folder_of(const std::string& path) {
  auto slash = path.rfind('/');
  return slash == std::string::npos ? "." : slash == 0 ? "/" : path.substr(0, slash);
}

/// Removes a temporary file and the private folder it was made in.
void remove_temp(const std::string& temp) {
  ::unlink(temp.c_str());
  ::rmdir(folder_of(temp).c_str());
}

}  // namespace

std::optional<std::string> make_temp(const std::string& path, std::string& error) {
  // A private folder (mode 0700, made by mkdir, which never follows a link at its name) with
  // a random name beside the target: no one else can create or replace anything inside it,
  // so a library that opens its file by name (libxlsxwriter, PoDoFo) writes where we say.
  for (int attempt = 0; attempt < 8; ++attempt) {
    std::string folder = path + ".slaudit-tmp-" + random_hex();
    if (::mkdir(folder.c_str(), 0700) == 0) return folder + "/" + base_name(path);
    if (errno != EEXIST) {
      error = std::string("cannot make a temporary folder beside it: ") + std::strerror(errno);
      return std::nullopt;
    }
  }
  error = "cannot make a temporary folder beside it: every random name was taken";
  return std::nullopt;
}

bool write_temp_file(const std::string& temp, const std::string& content, std::string& error) {
  // O_EXCL and O_NOFOLLOW: the file is new, and whatever stands at its name is never followed.
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
  if (fd < 0) {
    error = std::strerror(errno);
    remove_temp(temp);
    return false;
  }
  std::size_t done = 0;
  while (done < content.size()) {
    ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      error = std::strerror(errno);
      ::close(fd);
      remove_temp(temp);
      return false;
    }
    done += static_cast<std::size_t>(n);
  }
  if (::close(fd) != 0) {
    error = std::strerror(errno);
    remove_temp(temp);
    return false;
  }
  return true;
}

bool flush_file(const std::string& path, std::string& error) {
  int fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  bool ok = fd >= 0 && ::fsync(fd) == 0;
  if (!ok) error = std::strerror(errno);
  if (fd >= 0 && ::close(fd) != 0 && ok) {
    error = std::strerror(errno);
    ok = false;
  }
  return ok;
}

bool rename_into_place(const std::string& temp, const std::string& path, std::string& error) {
  // The mode of the file it replaces is kept; a link standing at `path` is replaced, not
  // followed (rename never follows its target's name).
  struct stat st {};
  if (::lstat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode)) ::chmod(temp.c_str(), st.st_mode & 07777);
  bool ok = ::rename(temp.c_str(), path.c_str()) == 0;
  if (!ok) error = std::strerror(errno);
  remove_temp(temp);
  return ok;
}

bool commit_temp_file(const std::string& temp, const std::string& path, std::string& error) {
  if (flush_file(temp, error)) return rename_into_place(temp, path, error);
  remove_temp(temp);
  return false;
}

void discard_temp(const std::string& temp) { remove_temp(temp); }

bool write_file_atomically(const std::string& path, const std::string& content, std::string& error) {
  auto temp = make_temp(path, error);
  return temp && write_temp_file(*temp, content, error) && commit_temp_file(*temp, path, error);
}

bool write_file_via(const std::string& path, const std::function<bool(const std::string& temp, std::string& error)>& write,
                    std::string& error) {
  auto temp = make_temp(path, error);
  if (!temp) return false;
  bool ok = false;
  try {
    ok = write(*temp, error);
  } catch (...) {
    remove_temp(*temp);
    throw;
  }
  if (!ok) {
    remove_temp(*temp);
    return false;
  }
  return commit_temp_file(*temp, path, error);
}

bool write_file_streamed(const std::string& path,
                         const std::function<void(const std::function<void(std::string_view piece)>& put)>& write,
                         std::string& error) {
  return write_file_via(
      path,
      [&](const std::string& temp, std::string& why) {
        int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
        std::FILE* f = fd < 0 ? nullptr : ::fdopen(fd, "w");
        if (!f) {
          why = std::strerror(errno);
          if (fd >= 0) ::close(fd);
          return false;
        }
        int failed = 0;  // the first write's errno
        try {
          write([&](std::string_view piece) {
            if (!failed && std::fwrite(piece.data(), 1, piece.size(), f) != piece.size()) failed = errno ? errno : EIO;
          });
        } catch (...) {
          std::fclose(f);
          throw;
        }
        if (std::fclose(f) != 0 && !failed) failed = errno ? errno : EIO;
        if (failed) why = std::strerror(failed);
        return !failed;
      },
      error);
}

std::optional<anchored_folder> anchored_folder::open(const std::string& shown, std::string& error) {
  int fd = ::open(shown.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) {
    error = std::strerror(errno);
    return std::nullopt;
  }
  // Through /proc when it is there and leads to this very folder.
  std::string reach = "/proc/self/fd/" + std::to_string(fd);
  struct stat mine {}, there {};
  if (::fstat(fd, &mine) != 0 || ::stat(reach.c_str(), &there) != 0 || mine.st_dev != there.st_dev ||
      mine.st_ino != there.st_ino)
    reach = shown;
  return anchored_folder(fd, shown, reach);
}

anchored_folder::~anchored_folder() {
  if (fd_ >= 0) ::close(fd_);
}

std::string anchored_folder::shown_text(std::string text) const {
  if (reach_ == shown_) return text;
  for (std::size_t at = 0; (at = text.find(reach_, at)) != std::string::npos;) {
    std::size_t end = at + reach_.size();
    if (end < text.size() && text[end] >= '0' && text[end] <= '9') {  // /proc/self/fd/12 is not …/fd/1
      at = end;
      continue;
    }
    text.replace(at, reach_.size(), shown_);
    at += shown_.size();
  }
  return text;
}

std::optional<folder_lock> folder_lock::take(const std::string& folder, const std::string& name, bool shared,
                                             bool wait, std::string& error, std::ostream* waiting) {
  std::string path = folder + "/" + name;
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644);
  if (fd < 0) {
    error = "cannot open its lock file " + name + ": " + std::string(std::strerror(errno));
    return std::nullopt;
  }
  // Tried at once first: the one holding it is named, whether this one waits or not.
  bool blocking = false;
  while (::flock(fd, (shared ? LOCK_SH : LOCK_EX) | (blocking ? 0 : LOCK_NB)) != 0) {
    if (errno == EINTR) continue;
    if (errno == EWOULDBLOCK) {
      char text[32] = {};
      ssize_t n = ::pread(fd, text, sizeof text - 1, 0);
      std::string holder = n > 0 ? std::string(text, static_cast<std::size_t>(n)) : std::string();
      holder.erase(std::find_if(holder.begin(), holder.end(), [](char c) { return c < '0' || c > '9'; }), holder.end());
      std::string who = "another slaudit " + (holder.empty() ? std::string("process") : "(process " + holder + ")");
      if (wait) {
        if (waiting) *waiting << folder << ": waiting for " << who << " to finish writing this folder\n" << std::flush;
        blocking = true;
        continue;
      }
      error = who + " is writing this folder; wait for it to finish, or give --wait to wait for it";
    } else {
      error = "cannot lock " + name + ": " + std::string(std::strerror(errno));
    }
    ::close(fd);
    return std::nullopt;
  }
  // The id is only for a second writer's message: the lock holds without it. (Holders of a
  // shared lock each write theirs; the message names one of them.)
  char pid[24];
  int n = std::snprintf(pid, sizeof pid, "%-20d\n", static_cast<int>(::getpid()));
  [[maybe_unused]] bool noted = ::pwrite(fd, pid, static_cast<std::size_t>(n), 0) == n;
  return folder_lock(fd);
}

folder_lock::~folder_lock() {
  if (fd_ >= 0) ::close(fd_);  // closing drops the lock; the file stays (removing it would race)
}

std::vector<std::string> expand_sla_paths(const std::vector<std::string>& args) {
  namespace fs = std::filesystem;
  std::vector<std::string> out;
  for (auto& a : args) {
    std::error_code ec;
    if (!fs::is_directory(a, ec)) {
      out.push_back(a);
      continue;
    }
    std::vector<std::string> found;
    for (auto it = fs::recursive_directory_iterator(a, fs::directory_options::skip_permission_denied, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (it->is_regular_file(ec) && it->path().extension() == ".sla") found.push_back(it->path().string());
    }
    if (ec) {
      out.push_back(a);  // reported as unreadable by the caller
      continue;
    }
    std::sort(found.begin(), found.end());
    out.insert(out.end(), found.begin(), found.end());
  }
  return out;
}

std::optional<std::string> disk_reader::read(const std::string& path) const {
  std::string ignored;
  return read_file(path, ignored);
}

std::string disk_reader::refusal(const std::string& path) const {
  if (missing(path)) return "";
  std::string error;
  std::uint64_t size = 0;
  int fd = open_input(path, size, error);
  if (fd >= 0) ::close(fd);
  return fd >= 0 ? "" : error;
}

bool disk_reader::read_pieces(const std::string& path, const std::function<bool(std::string_view)>& each) const {
  if (missing(path)) return false;
  std::string error;
  std::uint64_t size = 0;
  int fd = open_input(path, size, error);
  if (fd < 0) throw std::runtime_error(error);
  // Closed however `each` leaves (it may throw to stop at a bad row).
  std::unique_ptr<int, void (*)(int*)> closer(&fd, [](int* f) { ::close(*f); });
  // A megabyte, or the file's size when smaller (one byte more, to see its end in one
  // read), not cleared first: it is read into.
  std::size_t piece = std::size_t{1} << 20;
  if (size < piece) piece = static_cast<std::size_t>(size) + 1;
  auto buffer = std::make_unique_for_overwrite<char[]>(piece);
  std::uint64_t total = 0;
  while (true) {
    ssize_t n = ::read(fd, buffer.get(), piece);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw std::system_error(errno, std::generic_category(), path);  // never a silently short file
    if (n == 0) break;
    total += static_cast<std::uint64_t>(n);
    if (total > size) throw std::runtime_error("the file grew while it was read; read it again once it is complete");
    if (!each(std::string_view(buffer.get(), static_cast<std::size_t>(n)))) break;
  }
  return true;
}

std::optional<std::vector<engine::file_reader::entry>> disk_reader::list(const std::string& folder) const {
  std::error_code ec;
  std::vector<entry> out;
  for (auto& e : std::filesystem::directory_iterator(folder, ec)) out.push_back({e.path().filename().string(), e.is_directory(ec)});
  if (ec) return std::nullopt;
  std::sort(out.begin(), out.end(), [](auto& a, auto& b) { return a.name < b.name; });
  return out;
}

}  // namespace slaudit::io
