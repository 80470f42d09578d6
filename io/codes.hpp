// Every diagnostic code slaudit emits, with a one-line title (docs/dsl.md lists them too).
#pragma once

#include <string>
#include <vector>

namespace slaudit::io {

struct code_info {
  std::string code;
  std::string title;
};

const std::vector<code_info>& diagnostic_codes();
/// The title of `code`, or "" when it is not listed.
std::string code_title(const std::string& code);

}  // namespace slaudit::io
