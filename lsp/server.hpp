// `slaudit lsp`: a Language Server Protocol server for .sla files, over JSON-RPC on stdio.
// Diagnostics as `check` gives them (the same codes and places, in the terms a contract
// extends too), formatting (`fmt`'s result as one edit), hover, go to definition, document
// symbols, completion of keywords and defined names (docs/editors.md).
#pragma once

#include <iosfwd>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/file_reader.hpp"
#include "lsp/index.hpp"

namespace slaudit::lsp {

/// The protocol's state: the open documents, and the diagnostics each has published. One
/// message in, the messages to send out (responses and notifications).
class server {
 public:
  explicit server(const engine::file_reader& disk) : disk_(disk) {}

  std::vector<nlohmann::json> handle(const nlohmann::json& message);
  /// After `exit`: the process's exit code (0 when `shutdown` came first).
  bool exited() const { return exited_; }
  int exit_code() const { return shut_down_ ? 0 : 1; }

 private:
  nlohmann::json initialize(const nlohmann::json& params);
  /// Checks a document, then every other open one that extends it; publishes what changed.
  void check_all(const std::string& uri, std::vector<nlohmann::json>& out);
  void check(const std::string& uri, std::vector<nlohmann::json>& out);
  void publish(const std::set<std::string>& targets, std::vector<nlohmann::json>& out);
  nlohmann::json formatting(const nlohmann::json& params);
  nlohmann::json hover(const nlohmann::json& params);
  nlohmann::json go_to_definition(const nlohmann::json& params);
  nlohmann::json symbols(const nlohmann::json& params);
  nlohmann::json completion(const nlohmann::json& params);

  /// The document and the files it extends, indexed; the first is the document.
  std::vector<file_index> indexes(const std::string& uri) const;
  /// The definition named at `offset` of the document (a definition, or what a reference
  /// names), and the file holding it.
  const definition* target(const std::vector<file_index>& files, std::uint32_t offset, const file_index** in) const;
  nlohmann::json range(const file_index& f, std::uint32_t at, std::uint32_t end) const;
  std::uint32_t offset_of(const std::string& text, const nlohmann::json& position) const;

  const engine::file_reader& disk_;
  std::map<std::string, std::string> open_;  ///< uri → text
  /// uri published to → the document whose check found them → diagnostics
  std::map<std::string, std::map<std::string, std::vector<nlohmann::json>>> published_;
  std::map<std::string, nlohmann::json> last_sent_;  ///< uri → the diagnostics last sent for it
  std::map<std::string, std::set<std::string>> depends_;  ///< uri → the files its last check read
  bool utf16_ = true;
  bool initialized_ = false;
  bool shut_down_ = false, exited_ = false;
};

/// Reads framed messages (Content-Length headers) from `in` and writes the replies to `out`
/// until `exit` or the end of input; returns the exit code.
int serve(std::istream& in, std::ostream& out, const engine::file_reader& disk);

/// file:///a/b%20c.sla → /a/b c.sla; empty when it is no file: URI.
std::string path_of_uri(const std::string& uri);
/// The reverse, percent-encoding what must be.
std::string uri_of_path(const std::string& path);

}  // namespace slaudit::lsp
