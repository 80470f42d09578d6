// SHA-256 of input files, for the reports' inputs list (what exactly was audited).
#pragma once

#include <string>
#include <string_view>

namespace slaudit::history {

/// The SHA-256 of `bytes` as 64 lowercase hex digits (OpenSSL's implementation).
std::string sha256_hex(std::string_view bytes);

/// The same over bytes that arrive in pieces.
class sha256_stream {
 public:
  sha256_stream();
  ~sha256_stream();
  sha256_stream(const sha256_stream&) = delete;
  sha256_stream& operator=(const sha256_stream&) = delete;
  void update(std::string_view bytes);
  /// The digest of everything so far, as 64 lowercase hex digits.
  std::string hex();

 private:
  void* context_;  ///< EVP_MD_CTX
};

}  // namespace slaudit::history
