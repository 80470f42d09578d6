// libFuzzer target: the language server (lsp/server.hpp) fed what an editor might send.
// The input is cut at lines "#--msg--": each piece that is JSON goes to the server as a
// message; any other piece is a document opened (or changed) under one URI, then asked for
// its symbols, formatting, and hover, definition and completion at places its length picks;
// and the whole input also goes through the framing (serve) as bytes. It must never crash or
// hang; every range it answers lies within the document; the formatting of a document that
// parsed is fmt's text, which parses again.
#include <cstdint>
#include <sstream>
#include <string>
#include <string_view>

#include "engine/file_reader.hpp"
#include "grammar/driver.hpp"
#include "lsp/server.hpp"

namespace {

class nothing_on_disk : public slaudit::engine::file_reader {
 public:
  std::optional<std::string> read(const std::string&) const override { return std::nullopt; }
};

using nlohmann::json;

/// Every range in `v` starts no later than it ends and lies within `lines` lines.
void ranges_within(const json& v, std::size_t lines) {
  if (v.is_object()) {
    if (v.contains("start") && v.contains("end") && v["start"].is_object() && v["end"].is_object()) {
      auto sl = v["start"].value("line", 0u), el = v["end"].value("line", 0u);
      if (sl > el || el > lines) __builtin_trap();
    }
    for (auto& [k, x] : v.items()) ranges_within(x, lines);
  } else if (v.is_array()) {
    for (auto& x : v) ranges_within(x, lines);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace slaudit;
  std::string_view input(reinterpret_cast<const char*>(data), size);
  nothing_on_disk disk;
  {
    std::istringstream in{std::string(input)};
    std::ostringstream out;
    lsp::serve(in, out, disk);
  }
  lsp::server s(disk);
  s.handle({{"jsonrpc", "2.0"}, {"id", 0}, {"method", "initialize"}, {"params", json::object()}});
  const std::string uri = "file:///fuzz/doc.sla";
  constexpr std::string_view mark = "\n#--msg--\n";
  bool opened = false;
  int id = 1;
  for (std::size_t from = 0; from <= input.size();) {
    auto cut = input.find(mark, from);
    if (cut == std::string_view::npos) cut = input.size();
    std::string piece(input.substr(from, cut - from));
    from = cut + mark.size();
    json message = json::parse(piece, nullptr, false);
    if (!message.is_discarded() && message.is_object()) {
      s.handle(message);
      continue;
    }
    std::string text = piece;
    if (!opened)
      s.handle({{"jsonrpc", "2.0"}, {"method", "textDocument/didOpen"},
                {"params", {{"textDocument", {{"uri", uri}, {"languageId", "sla"}, {"version", 1}, {"text", text}}}}}});
    else
      s.handle({{"jsonrpc", "2.0"}, {"method", "textDocument/didChange"},
                {"params", {{"textDocument", {{"uri", uri}, {"version", id}}}, {"contentChanges", {{{"text", text}}}}}}});
    opened = true;
    std::size_t lines = 1;
    for (char c : text) lines += c == '\n';
    auto ask = [&](const char* method, json params) {
      params["textDocument"] = {{"uri", uri}};
      for (auto& reply : s.handle({{"jsonrpc", "2.0"}, {"id", id++}, {"method", method}, {"params", params}}))
        ranges_within(reply, lines);
    };
    ask("textDocument/documentSymbol", json::object());
    // Places picked from the text's size: the same input asks the same questions.
    for (std::size_t k = 0; k < 3; ++k) {
      json at = {{"line", (text.size() * (k + 1) / 7) % lines}, {"character", (text.size() * (k + 3)) % 40}};
      ask("textDocument/hover", {{"position", at}});
      ask("textDocument/definition", {{"position", at}});
      ask("textDocument/completion", {{"position", at}});
    }
    for (auto& reply : s.handle({{"jsonrpc", "2.0"}, {"id", id++}, {"method", "textDocument/formatting"},
                                 {"params", {{"textDocument", {{"uri", uri}}}, {"options", json::object()}}}})) {
      auto& result = reply["result"];
      if (!result.is_array() || result.empty()) continue;
      std::string formatted = result[0]["newText"];
      grammar::source_file again("again.sla", formatted);
      grammar::diagnostics d;
      grammar::parse_file(again, d);
      if (d.has_errors()) __builtin_trap();  // fmt's text of a file that parsed parses again
    }
    if (cut == input.size()) break;
  }
  s.handle({{"jsonrpc", "2.0"}, {"id", id++}, {"method", "shutdown"}});
  s.handle({{"jsonrpc", "2.0"}, {"method", "exit"}});
  return 0;
}
