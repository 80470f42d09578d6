// The disk: reading inputs and writing outputs so that nothing is ever half-written.
#pragma once

#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/file_reader.hpp"

namespace slaudit::io {

/// Reads a whole file; on failure returns nullopt and sets `error` to the reason. Only a
/// regular file is read (a folder, FIFO or device is refused by name, never waited on), and
/// only up to its kind's size limit: 64 MiB for a contract (.sla), 16 MiB for a calendar
/// (.ics), 16 GiB for a history file; SLAUDIT_MAX_CONTRACT_MIB, SLAUDIT_MAX_CALENDAR_MIB
/// and SLAUDIT_MAX_HISTORY_MIB change them.
std::optional<std::string> read_file(const std::string& path, std::string& error);

/// Writes `content` to a temporary file beside `path` and renames it over `path` only once
/// it is complete and flushed: readers see the old file or the new one, never a part.
bool write_file_atomically(const std::string& path, const std::string& content, std::string& error);

/// Where write_file_atomically writes `path` before it is complete: a file of the same name
/// in a new private folder (mode 0700, a random name: `<path>.slaudit-tmp-<16 hex digits>`)
/// beside `path`, so that nothing planted at a predictable name can redirect the write.
/// Nullopt with `error` when the folder cannot be made.
std::optional<std::string> make_temp(const std::string& path, std::string& error);

/// write_file_atomically in two halves, for a caller that flushes later, elsewhere: the
/// first writes `temp` (from make_temp) whole, created with O_EXCL|O_NOFOLLOW, or removes
/// it; the second flushes it to the disk and renames it over `path` (or removes it). Nothing
/// reads `temp` as a report: until the rename it is only a file in a temporary folder.
bool write_temp_file(const std::string& temp, const std::string& content, std::string& error);
bool commit_temp_file(const std::string& temp, const std::string& path, std::string& error);
/// Removes `temp` and its temporary folder.
void discard_temp(const std::string& temp);

/// Flushes a written file to the disk (fsync).
bool flush_file(const std::string& path, std::string& error);
/// commit_temp_file's second half, for `temp` already flushed: renames it over `path`,
/// keeping `path`'s mode, and removes the temporary folder.
bool rename_into_place(const std::string& temp, const std::string& path, std::string& error);

/// The same for a file a library writes itself: `write` writes the temporary path it is
/// given (returning false with `error` set on failure); the result is flushed and renamed over
/// `path` only when complete. On any failure no file is left behind.
bool write_file_via(const std::string& path, const std::function<bool(const std::string& temp, std::string& error)>& write,
                    std::string& error);

/// The same for a file written piece by piece: `write` hands each piece to `put` (whole
/// files never held in memory); flushed and renamed over `path` only when complete.
bool write_file_streamed(const std::string& path,
                         const std::function<void(const std::function<void(std::string_view piece)>& put)>& write,
                         std::string& error);

/// An output folder opened once: the files a run writes into it are reached through this
/// descriptor (as /proc/self/fd/N/..., which the kernel resolves through the open folder,
/// not through its name), so that the folder renamed, or it or one above it swapped for a
/// link while the run goes on, cannot redirect a write; libraries that open files by name
/// are handed such paths too. Where /proc is not mounted, reach() is the folder's name.
class anchored_folder {
 public:
  /// Opens `shown` (a folder; a link to one is followed now, once). Nullopt with `error`.
  static std::optional<anchored_folder> open(const std::string& shown, std::string& error);
  anchored_folder(anchored_folder&& o) noexcept : fd_(o.fd_), shown_(std::move(o.shown_)), reach_(std::move(o.reach_)) {
    o.fd_ = -1;
  }
  anchored_folder(const anchored_folder&) = delete;
  anchored_folder& operator=(const anchored_folder&) = delete;
  anchored_folder& operator=(anchored_folder&&) = delete;
  ~anchored_folder();
  /// The folder as the user named it, for messages.
  const std::string& shown() const { return shown_; }
  /// Where its files are written: "/proc/self/fd/N".
  const std::string& reach() const { return reach_; }
  /// `text` with every path through reach() named as shown() instead.
  std::string shown_text(std::string text) const;

 private:
  anchored_folder(int fd, std::string shown, std::string reach) : fd_(fd), shown_(std::move(shown)), reach_(std::move(reach)) {}
  int fd_ = -1;
  std::string shown_, reach_;
};

/// One writer per output folder: an advisory lock (flock) on a lock file in it, which
/// also holds the holder's process id. Released when the object goes (or the process ends,
/// however it ends: the kernel drops a dead process's locks).
class folder_lock {
 public:
  /// Takes the lock; with `wait`, waits for another holder to finish. Nullopt with `error`
  /// ("held by process 1234", or why the lock file cannot be opened) when it is not taken.
  /// `name` is the lock file's name; `shared` lets holders of shared locks on it work side
  /// by side (the shards of one batch), while an exclusive holder excludes them all.
  /// Before waiting, `waiting` (when given) is told who holds it, in a whole line.
  static std::optional<folder_lock> take(const std::string& folder, const std::string& name, bool shared, bool wait,
                                         std::string& error, std::ostream* waiting = nullptr);
  folder_lock(folder_lock&& o) noexcept : fd_(o.fd_) { o.fd_ = -1; }
  folder_lock(const folder_lock&) = delete;
  folder_lock& operator=(const folder_lock&) = delete;
  folder_lock& operator=(folder_lock&&) = delete;
  ~folder_lock();

 private:
  explicit folder_lock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

/// Paths as given, with each folder replaced by the .sla files below it (sorted, so output
/// order does not depend on the file system).
std::vector<std::string> expand_sla_paths(const std::vector<std::string>& args);

class disk_reader : public engine::file_reader {
 public:
  std::optional<std::string> read(const std::string& path) const override;
  std::string refusal(const std::string& path) const override;
  /// A megabyte at a time; a file that is there but cannot be read throws, with the reason.
  bool read_pieces(const std::string& path, const std::function<bool(std::string_view)>& each) const override;
  std::optional<std::vector<entry>> list(const std::string& folder) const override;
};

}  // namespace slaudit::io
