// Texts a batch keeps on the disk instead of in memory: each contract's manifest entry as
// it settles, and the earlier run's manifest, read in place. A batch's memory then stays
// flat in the number of contracts: the manifest of 100,000 contracts is 340 MB of text, and
// holding every entry (as text and as data) was most of a large batch's peak.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "batch/manifest.hpp"

namespace slaudit::batch {

/// Where a text sits in a text_file. Empty: no text.
struct text_place {
  std::uint64_t at = 0;
  std::uint32_t size = 0;
  bool empty() const { return size == 0; }
};

/// A file of texts read back by place. Reading and appending may happen at once from
/// several threads. Failures throw std::runtime_error naming the file and the reason.
class text_file {
 public:
  /// A new scratch file in `folder` that has no name (O_TMPFILE; where the file system has
  /// none, a file removed as soon as it is made): it goes when closed, however the process
  /// ends, and nothing planted in the folder can redirect it. Null with `why` on failure.
  static std::unique_ptr<text_file> scratch(const std::string& folder, std::string& why);
  /// An existing regular file opened for reading, never through a link. It stays as it was
  /// while open, even once a new file is renamed over its name (as the manifest is).
  static std::unique_ptr<text_file> existing(const std::string& path, std::string& why);
  ~text_file();
  text_file(const text_file&) = delete;
  text_file& operator=(const text_file&) = delete;

  /// Appends `text` (at most 4 GiB) at the end; where it went.
  text_place append(std::string_view text);
  /// The text at `p`.
  std::string read(text_place p) const;
  /// Writes `size` bytes at `at`, past the end or over what is there: fixed-size records
  /// kept by number (the batch's plan). Not to be mixed with `append` in one file.
  void write_at(std::uint64_t at, const void* data, std::size_t size);
  /// Reads `size` bytes at `at`, all of which must have been written.
  void read_at(std::uint64_t at, void* data, std::size_t size) const;
  /// Calls `line(text, at)` for each line (without its '\n') in order, `at` its offset,
  /// reading a block at a time.
  void each_line(const std::function<void(std::string_view text, std::uint64_t at)>& line) const;

 private:
  text_file(int fd, std::string name, std::uint64_t end) : fd_(fd), name_(std::move(name)), end_(end) {}
  void write_all(std::uint64_t at, const char* data, std::size_t size);
  int fd_;
  std::string name_;  ///< for messages
  std::mutex appending_;
  std::uint64_t end_;
};

/// Reads a manifest slaudit wrote, entry by entry, without holding it: `head` gets all of it
/// but its contracts, and `entry(file, place)` is called for each contract's entry in order
/// (the place of its text, from its '{' to its '}', which parse_manifest_entry reads).
/// False with `why` when the text is not a manifest in the layout slaudit writes.
bool scan_manifest(const text_file& file, manifest& head,
                   const std::function<void(std::string file, text_place place)>& entry, std::string& why);

}  // namespace slaudit::batch
