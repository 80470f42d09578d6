// SHA-256 of input files, for the reports' inputs list (what exactly was audited).
#pragma once

#include <string>
#include <string_view>

namespace slaudit::history {

/// The SHA-256 of `bytes` as 64 lowercase hex digits (OpenSSL's implementation).
std::string sha256_hex(std::string_view bytes);

}  // namespace slaudit::history
