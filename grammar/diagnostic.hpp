// Diagnostics are data: collected while parsing and validating, sorted, rendered once.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace slaudit::grammar {

enum class severity { error, warning };

struct note {
  std::string message;
  bool has_location = false;
  std::uint32_t at = 0;  ///< byte offset in the same file, when has_location
};

struct diagnostic {
  severity level = severity::error;
  std::string code;  ///< E0203, W0601: listed in docs/dsl.md
  std::uint32_t at = 0, end = 0;
  std::string message;
  std::vector<note> notes;
  /// About the file as a whole (an archive, UTF-16): no source line is shown, it is no text.
  bool whole_file = false;
};

class diagnostics {
 public:
  diagnostic& error(std::string code, std::uint32_t at, std::uint32_t end, std::string message);
  diagnostic& warning(std::string code, std::uint32_t at, std::uint32_t end, std::string message);

  bool has_errors() const;
  std::size_t count(severity s) const;
  /// In source order (stable for equal positions), the order they are rendered in.
  std::vector<diagnostic> sorted() const;
  const std::vector<diagnostic>& all() const { return items_; }
  /// Diagnostics past the limit are counted, not kept: a hostile file cannot make the
  /// report (or the time to render it) grow without bound.
  std::size_t dropped() const { return dropped_; }
  static constexpr std::size_t limit = 1000;

 private:
  diagnostic& add(diagnostic d);
  std::vector<diagnostic> items_;
  std::size_t dropped_ = 0;
  bool has_dropped_error_ = false;
  diagnostic overflow_;
};

}  // namespace slaudit::grammar
