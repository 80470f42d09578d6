// How the engine is given the files a contract refers to (its .ics calendars) without
// opening them itself: the command line hands in a reader of the disk, tests one of strings.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace slaudit::engine {

/// Reads files a contract refers to (its .ics calendars). The CLI reads the disk; tests
/// hand in strings. `path` is already resolved against the contract's folder.
class file_reader {
 public:
  virtual ~file_reader() = default;
  virtual std::optional<std::string> read(const std::string& path) const = 0;
  /// Why `path`, which is there, cannot be read (a folder, a device, too large, no
  /// permission); empty when it can be, or when there is no such file.
  virtual std::string refusal(const std::string& path) const {
    (void)path;
    return "";
  }
  /// Reads `path` in pieces, in order, handing each to `each` (which returns false to stop);
  /// false when there is no such file. This default reads the file whole; readers of large
  /// files read a piece at a time, so no caller needs the whole file in memory.
  virtual bool read_pieces(const std::string& path, const std::function<bool(std::string_view)>& each) const {
    auto whole = read(path);
    if (!whole) return false;
    each(*whole);
    return true;
  }
  /// One entry of a folder: its name, and whether it is a folder itself.
  struct entry {
    std::string name;
    bool folder = false;
  };
  /// The entries of `folder`, sorted by name; nullopt when there is no such folder (or this
  /// reader cannot list folders). A history folder is checked by what it holds.
  virtual std::optional<std::vector<entry>> list(const std::string& folder) const {
    (void)folder;
    return std::nullopt;
  }
};

/// Files held in memory, by path: for tests, benchmarks and callers that already hold them.
class memory_files : public file_reader {
 public:
  std::map<std::string, std::string> files;
  std::optional<std::string> read(const std::string& path) const override {
    auto it = files.find(path);
    if (it == files.end()) return std::nullopt;
    return it->second;
  }
  /// The names under `folder`/: a file, or a folder when more of the path follows.
  std::optional<std::vector<entry>> list(const std::string& folder) const override {
    std::string prefix = folder.empty() || folder == "." ? "" : folder + "/";
    std::vector<entry> out;
    for (auto& [path, text] : files) {
      if (path.compare(0, prefix.size(), prefix) != 0) continue;
      std::string rest = path.substr(prefix.size());
      auto slash = rest.find('/');
      entry e{rest.substr(0, slash), slash != std::string::npos};
      if (out.empty() || out.back().name != e.name) out.push_back(e);
    }
    if (out.empty()) return std::nullopt;  // a folder exists here only through its files
    return out;
  }
  /// Pieces of `piece_size` bytes (0: whole), so tests can cut files anywhere.
  std::size_t piece_size = 0;
  bool read_pieces(const std::string& path, const std::function<bool(std::string_view)>& each) const override {
    auto it = files.find(path);
    if (it == files.end()) return false;
    std::string_view all = it->second;
    if (piece_size == 0) return each(all), true;
    for (std::size_t at = 0; at < all.size(); at += piece_size)
      if (!each(all.substr(at, piece_size))) break;
    return true;
  }
};

}  // namespace slaudit::engine
