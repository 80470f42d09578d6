#include "batch/spool.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <limits>
#include <nlohmann/json.hpp>
#include <stdexcept>

namespace slaudit::batch {
namespace {

std::string reason() { return std::strerror(errno); }

}  // namespace

std::unique_ptr<text_file> text_file::scratch(const std::string& folder, std::string& why) {
  int fd = ::open(folder.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0 && (errno == EOPNOTSUPP || errno == EISDIR || errno == EINVAL)) {
    // No unnamed files here: a named one, new (O_EXCL), removed at once.
    std::string name = folder + "/.slaudit-scratch-XXXXXX";
    fd = ::mkostemp(name.data(), O_CLOEXEC);
    if (fd >= 0) ::unlink(name.c_str());
  }
  if (fd < 0) {
    why = "cannot make a scratch file in " + folder + ": " + reason();
    return nullptr;
  }
  return std::unique_ptr<text_file>(new text_file(fd, folder + " (the run's scratch file)", 0));
}

std::unique_ptr<text_file> text_file::existing(const std::string& path, std::string& why) {
  int fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  struct stat st {};
  if (fd < 0 || ::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    why = fd >= 0        ? "not a regular file"
          : errno == ELOOP ? "a symbolic link, which is not followed (slaudit writes files, never links): put the file itself there"
                           : reason();
    if (fd >= 0) ::close(fd);
    return nullptr;
  }
  return std::unique_ptr<text_file>(new text_file(fd, path, static_cast<std::uint64_t>(st.st_size)));
}

text_file::~text_file() { ::close(fd_); }

text_place text_file::append(std::string_view text) {
  if (text.size() > std::numeric_limits<std::uint32_t>::max())
    throw std::runtime_error(name_ + ": a text of " + std::to_string(text.size()) + " bytes is too long to keep");
  std::lock_guard<std::mutex> hold(appending_);
  text_place p{end_, static_cast<std::uint32_t>(text.size())};
  write_all(end_, text.data(), text.size());
  end_ += text.size();
  return p;
}

void text_file::write_at(std::uint64_t at, const void* data, std::size_t size) {
  write_all(at, static_cast<const char*>(data), size);
  std::lock_guard<std::mutex> hold(appending_);
  end_ = std::max(end_, at + size);
}

void text_file::write_all(std::uint64_t at, const char* data, std::size_t size) {
  for (std::size_t done = 0; done < size;) {
    ssize_t n = ::pwrite(fd_, data + done, size - done, static_cast<off_t>(at + done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw std::runtime_error(name_ + ": cannot write: " + reason());
    done += static_cast<std::size_t>(n);
  }
}

std::string text_file::read(text_place p) const {
  std::string out(p.size, '\0');
  read_at(p.at, out.data(), out.size());
  return out;
}

void text_file::read_at(std::uint64_t at, void* data, std::size_t size) const {
  char* into = static_cast<char*>(data);
  for (std::size_t done = 0; done < size;) {
    ssize_t n = ::pread(fd_, into + done, size - done, static_cast<off_t>(at + done));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw std::runtime_error(name_ + ": cannot read: " + reason());
    if (n == 0) throw std::runtime_error(name_ + ": cannot read: it is shorter than it was");
    done += static_cast<std::size_t>(n);
  }
}

void text_file::each_line(const std::function<void(std::string_view, std::uint64_t)>& line) const {
  std::string block(1 << 20, '\0'), pending;  // pending: a line's start, read in an earlier block
  std::uint64_t at = 0, line_at = 0;
  while (true) {
    ssize_t n = ::pread(fd_, block.data(), block.size(), static_cast<off_t>(at));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw std::runtime_error(name_ + ": cannot read: " + reason());
    if (n == 0) break;
    std::string_view got(block.data(), static_cast<std::size_t>(n));
    for (std::size_t from = 0; from < got.size();) {
      auto end = got.find('\n', from);
      if (end == std::string_view::npos) {
        pending.append(got.substr(from));
        break;
      }
      if (pending.empty()) {
        line(got.substr(from, end - from), line_at);
      } else {
        pending.append(got.substr(from, end - from));
        line(pending, line_at);
        pending.clear();
      }
      line_at = at + end + 1;
      from = end + 1;
    }
    at += static_cast<std::uint64_t>(n);
  }
  if (!pending.empty()) line(pending, line_at);
}

bool scan_manifest(const text_file& file, manifest& head,
                   const std::function<void(std::string file, text_place place)>& entry, std::string& why) {
  // manifest_json's layout: the document's keys two spaces in, the contracts array's entries
  // four, each entry's first line "    {" and last "    }" (or "    },"), its second its
  // file. A JSON string holds no raw line break, so these lines are what they look like.
  enum { before, in_array, in_entry, after } state = before;
  std::string skeleton;  // the document without its entries, for parse_manifest
  std::uint64_t entry_at = 0;
  std::string entry_file;
  bool file_line_next = false, bad = false;
  std::uint64_t line_number = 0;
  file.each_line([&](std::string_view line, std::uint64_t at) {
    ++line_number;
    if (bad) return;
    auto fail = [&](const std::string& what) {
      why = "line " + std::to_string(line_number) + ": " + what + " (not the layout slaudit writes)";
      bad = true;
    };
    switch (state) {
      case before:
        skeleton.append(line).push_back('\n');
        if (line == "  \"contracts\": [") state = in_array;
        else if (line.rfind("  \"contracts\": []", 0) == 0) state = after;
        break;
      case in_array:
        if (line == "    {") {
          state = in_entry;
          entry_at = at + 4;
          file_line_next = true;
        } else if (line.rfind("  ]", 0) == 0) {
          skeleton.append(line).push_back('\n');
          state = after;
        } else {
          fail("expected a contract's entry");
        }
        break;
      case in_entry:
        if (file_line_next) {
          file_line_next = false;
          constexpr std::string_view key = "      \"file\": ";
          if (line.rfind(key, 0) != 0 || line.back() != ',') return fail("expected the entry's file");
          try {
            entry_file = nlohmann::json::parse(line.substr(key.size(), line.size() - key.size() - 1)).get<std::string>();
          } catch (const nlohmann::json::exception&) {
            return fail("the entry's file is not a string");
          }
        } else if (line == "    }" || line == "    },") {
          std::uint64_t end = at + 5;
          if (end - entry_at > std::numeric_limits<std::uint32_t>::max()) return fail("an entry of more than 4 GiB");
          entry(std::move(entry_file), text_place{entry_at, static_cast<std::uint32_t>(end - entry_at)});
          state = in_array;
        }
        break;
      case after:
        skeleton.append(line).push_back('\n');
        break;
    }
  });
  if (bad) return false;
  if (state != after) {
    why = "it ends before its contracts do";
    return false;
  }
  auto m = parse_manifest(skeleton, why);
  if (!m) return false;
  head = std::move(*m);
  return true;
}

}  // namespace slaudit::batch
