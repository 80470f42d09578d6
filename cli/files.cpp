#include "cli/files.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <system_error>

namespace slaudit::cli {

std::optional<std::string> read_file(const std::string& path, std::string& error) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    error = std::strerror(errno);
    return std::nullopt;
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0 || S_ISDIR(st.st_mode)) {
    error = S_ISDIR(st.st_mode) ? "is a directory" : std::strerror(errno);
    ::close(fd);
    return std::nullopt;
  }
  // Read straight into a string of the file's size (one more byte shows that it has not
  // grown); a file whose size stat cannot tell (a pipe) grows the string as it is read.
  std::string bytes(S_ISREG(st.st_mode) ? static_cast<std::size_t>(st.st_size) + 1 : 64 * 1024, '\0');
  std::size_t done = 0;
  while (true) {
    if (done == bytes.size()) bytes.resize(bytes.size() * 2);
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
  bytes.resize(done);
  return bytes;
}

std::string temp_name(const std::string& path) { return path + ".slaudit-tmp-" + std::to_string(::getpid()); }

bool write_temp_file(const std::string& temp, const std::string& content, std::string& error) {
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    error = std::strerror(errno);
    return false;
  }
  std::size_t done = 0;
  while (done < content.size()) {
    ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      error = std::strerror(errno);
      ::close(fd);
      ::unlink(temp.c_str());
      return false;
    }
    done += static_cast<std::size_t>(n);
  }
  if (::close(fd) != 0) {
    error = std::strerror(errno);
    ::unlink(temp.c_str());
    return false;
  }
  return true;
}

bool flush_file(const std::string& path, std::string& error) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  bool ok = fd >= 0 && ::fsync(fd) == 0;
  if (!ok) error = std::strerror(errno);
  if (fd >= 0 && ::close(fd) != 0 && ok) {
    error = std::strerror(errno);
    ok = false;
  }
  return ok;
}

bool rename_into_place(const std::string& temp, const std::string& path, std::string& error) {
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0) ::chmod(temp.c_str(), st.st_mode & 07777);  // keep the mode
  if (::rename(temp.c_str(), path.c_str()) == 0) return true;
  error = std::strerror(errno);
  ::unlink(temp.c_str());
  return false;
}

bool commit_temp_file(const std::string& temp, const std::string& path, std::string& error) {
  if (flush_file(temp, error)) return rename_into_place(temp, path, error);
  ::unlink(temp.c_str());
  return false;
}

bool write_file_atomically(const std::string& path, const std::string& content, std::string& error) {
  std::string temp = temp_name(path);
  return write_temp_file(temp, content, error) && commit_temp_file(temp, path, error);
}

bool write_file_via(const std::string& path, const std::function<bool(const std::string& temp, std::string& error)>& write,
                    std::string& error) {
  std::string temp = temp_name(path);
  if (!write(temp, error)) {
    ::unlink(temp.c_str());
    return false;
  }
  return commit_temp_file(temp, path, error);
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

bool disk_reader::read_pieces(const std::string& path, const std::function<bool(std::string_view)>& each) const {
  // Closed however `each` leaves (it may throw to stop at a bad row).
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!f) return false;
  // A megabyte, or the file's size when smaller (one byte more, to see its end in one
  // read), not cleared first: it is read into.
  std::size_t size = std::size_t{1} << 20;
  struct stat st {};
  if (::fstat(::fileno(f.get()), &st) == 0 && S_ISREG(st.st_mode) && static_cast<std::size_t>(st.st_size) < size)
    size = static_cast<std::size_t>(st.st_size) + 1;
  auto buffer = std::make_unique_for_overwrite<char[]>(size);
  while (true) {
    std::size_t n = std::fread(buffer.get(), 1, size, f.get());
    if (n > 0 && !each(std::string_view(buffer.get(), n))) break;
    if (n < size) break;
  }
  if (std::ferror(f.get())) throw std::system_error(errno, std::generic_category(), path);  // never a silently short file
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

}  // namespace slaudit::cli
