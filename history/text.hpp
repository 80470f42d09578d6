// Small text helpers shared by the history readers.
#pragma once

#include <cctype>
#include <string>
#include <string_view>

namespace slaudit::history {

/// 'text', for messages. Built by appending: GCC 12 warns falsely about "'" + std::string.
inline std::string quoted(std::string_view t) {
  std::string s;
  s.push_back('\'');
  s.append(t);
  s.push_back('\'');
  return s;
}

inline std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& ch : out) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return out;
}

}  // namespace slaudit::history
