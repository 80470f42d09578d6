#include "lsp/server.hpp"

#include <algorithm>
#include <filesystem>
#include <functional>
#include <istream>
#include <ostream>
#include <regex>

#include "engine/load.hpp"
#include "grammar/driver.hpp"
#include "grammar/formatter.hpp"

namespace slaudit::lsp {

using nlohmann::json;

namespace {

// JSON-RPC error codes (the LSP specification's).
constexpr int parse_error = -32700, invalid_request = -32600, method_not_found = -32601, invalid_params = -32602,
              internal_error = -32603, server_not_initialized = -32002;

std::string normal(const std::string& path) { return std::filesystem::path(path).lexically_normal().string(); }

/// The open documents over the disk: a contract checks against the terms as the editor holds
/// them, saved or not.
class overlay_reader : public engine::file_reader {
 public:
  overlay_reader(const engine::file_reader& disk, const std::map<std::string, std::string>& open) : disk_(disk) {
    for (auto& [uri, text] : open)
      if (auto path = path_of_uri(uri); !path.empty()) by_path_[normal(path)] = &text;
  }
  std::optional<std::string> read(const std::string& path) const override {
    if (auto it = by_path_.find(normal(path)); it != by_path_.end()) return *it->second;
    return disk_.read(path);
  }
  std::string refusal(const std::string& path) const override {
    return by_path_.count(normal(path)) ? std::string() : disk_.refusal(path);
  }
  std::optional<std::vector<entry>> list(const std::string& folder) const override { return disk_.list(folder); }

 private:
  const engine::file_reader& disk_;
  std::map<std::string, const std::string*> by_path_;
};

int symbol_kind(part_kind k) {
  switch (k) {
    case part_kind::contract:
    case part_kind::terms: return 2;      // Module
    case part_kind::amendment: return 3;  // Namespace
    case part_kind::calendar: return 24;  // Event
    case part_kind::level:
    case part_kind::severity:
    case part_kind::handling: return 22;  // EnumMember
    case part_kind::service: return 5;    // Class
    case part_kind::penalty: return 12;   // Function
  }
  return 13;
}

json response(const json& id, json result) { return {{"jsonrpc", "2.0"}, {"id", id}, {"result", std::move(result)}}; }

json error_response(const json& id, int code, const std::string& message) {
  return {{"jsonrpc", "2.0"}, {"id", id}, {"error", {{"code", code}, {"message", message}}}};
}

std::string clauses_text(const std::vector<std::string>& clauses) {
  std::string out;
  for (auto& c : clauses) out += (out.empty() ? "" : ", ") + c;
  return out;
}

}  // namespace

std::string path_of_uri(const std::string& uri) {
  if (uri.rfind("file://", 0) != 0) return "";
  std::string rest = uri.substr(7), out;
  if (!rest.empty() && rest.front() != '/') {  // file://host/path: only the local host
    auto slash = rest.find('/');
    if (slash == std::string::npos || rest.substr(0, slash) != "localhost") return "";
    rest = rest.substr(slash);
  }
  for (std::size_t k = 0; k < rest.size(); ++k) {
    if (rest[k] == '%' && k + 2 < rest.size() && std::isxdigit(static_cast<unsigned char>(rest[k + 1])) &&
        std::isxdigit(static_cast<unsigned char>(rest[k + 2]))) {
      out += static_cast<char>(std::stoi(rest.substr(k + 1, 2), nullptr, 16));
      k += 2;
    } else {
      out += rest[k];
    }
  }
  return out;
}

std::string uri_of_path(const std::string& path) {
  static const char* hex = "0123456789ABCDEF";
  std::string out = "file://";
  std::string absolute = path.empty() || path.front() != '/' ? std::filesystem::absolute(path).string() : path;
  for (unsigned char c : normal(absolute)) {
    bool keep = std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' || c == '/';
    if (keep) out += static_cast<char>(c);
    else out += std::string("%") + hex[c >> 4] + hex[c & 15];
  }
  return out;
}

std::vector<json> server::handle(const json& message) {
  std::vector<json> out;
  if (!message.is_object() || message.value("jsonrpc", "") != "2.0") {
    out.push_back(error_response(nullptr, invalid_request, "not a JSON-RPC 2.0 message"));
    return out;
  }
  bool request = message.contains("id");
  json id = request ? message["id"] : json();
  if (!message.contains("method")) return out;  // a response to us: we send no requests
  std::string method = message["method"].is_string() ? message["method"].get<std::string>() : "";
  const json params = message.value("params", json::object());
  try {
    if (method == "initialize") {
      out.push_back(response(id, initialize(params)));
    } else if (method == "initialized" || method == "$/setTrace" || method == "$/cancelRequest") {
    } else if (method == "shutdown") {
      shut_down_ = true;
      out.push_back(response(id, nullptr));
    } else if (method == "exit") {
      exited_ = true;
    } else if (!initialized_) {
      if (request) out.push_back(error_response(id, server_not_initialized, "initialize comes first"));
    } else if (shut_down_ && request) {
      out.push_back(error_response(id, invalid_request, "the server is shutting down"));
    } else if (method == "textDocument/didOpen") {
      auto& doc = params.at("textDocument");
      std::string uri = doc.at("uri");
      open_[uri] = doc.at("text").get<std::string>();
      check_all(uri, out);
    } else if (method == "textDocument/didChange") {
      std::string uri = params.at("textDocument").at("uri");
      // Whole documents only (textDocumentSync 1): the last change holds the text.
      auto& changes = params.at("contentChanges");
      if (!changes.empty()) open_[uri] = changes.back().at("text").get<std::string>();
      check_all(uri, out);
    } else if (method == "textDocument/didSave") {
    } else if (method == "textDocument/didClose") {
      std::string uri = params.at("textDocument").at("uri");
      open_.erase(uri);
      // What its check published goes with it; the others read the file from disk again.
      std::set<std::string> changed;
      for (auto& [target, by] : published_)
        if (by.erase(uri)) changed.insert(target);
      depends_.erase(uri);
      std::string path = normal(path_of_uri(uri));
      for (auto& [other, text] : open_)
        if (depends_[other].count(path)) check(other, out);
      publish(changed, out);
    } else if (method == "textDocument/formatting") {
      out.push_back(response(id, formatting(params)));
    } else if (method == "textDocument/hover") {
      out.push_back(response(id, hover(params)));
    } else if (method == "textDocument/definition") {
      out.push_back(response(id, go_to_definition(params)));
    } else if (method == "textDocument/documentSymbol") {
      out.push_back(response(id, symbols(params)));
    } else if (method == "textDocument/completion") {
      out.push_back(response(id, completion(params)));
    } else if (request) {
      out.push_back(error_response(id, method_not_found, "slaudit lsp does not serve " + method));
    }
  } catch (const json::exception& e) {
    if (request) out.push_back(error_response(id, invalid_params, method + ": " + e.what()));
  } catch (const std::exception& e) {  // a file that cannot be read, a path the system refuses
    if (request) out.push_back(error_response(id, internal_error, method + ": " + e.what()));
  }
  return out;
}

json server::initialize(const json& params) {
  // UTF-8 positions when the client can take them, else UTF-16 (the protocol's default).
  utf16_ = true;
  if (auto general = params.value("capabilities", json::object()).value("general", json::object());
      general.contains("positionEncodings"))
    for (auto& e : general["positionEncodings"])
      if (e == "utf-8") utf16_ = false;
  initialized_ = true;
  return {{"capabilities",
           {{"positionEncoding", utf16_ ? "utf-16" : "utf-8"},
            {"textDocumentSync", {{"openClose", true}, {"change", 1}}},
            {"documentFormattingProvider", true},
            {"hoverProvider", true},
            {"definitionProvider", true},
            {"documentSymbolProvider", true},
            {"completionProvider", {{"triggerCharacters", json::array({" ", "\""})}}}}},
          {"serverInfo", {{"name", "slaudit"}, {"version", SLAUDIT_VERSION}}}};
}

json server::range(const file_index& f, std::uint32_t at, std::uint32_t end) const {
  line_map lines(f.text, utf16_);
  auto a = lines.position(at), b = lines.position(std::max(at, end));
  return {{"start", {{"line", a.line}, {"character", a.character}}}, {"end", {{"line", b.line}, {"character", b.character}}}};
}

std::uint32_t server::offset_of(const std::string& text, const json& position) const {
  line_map lines(text, utf16_);
  return lines.offset({position.at("line").get<std::uint32_t>(), position.at("character").get<std::uint32_t>()});
}

void server::check_all(const std::string& uri, std::vector<json>& out) {
  check(uri, out);
  // The other open documents whose last check read this one (they extend it) again.
  std::string path = normal(path_of_uri(uri));
  for (auto& [other, text] : open_)
    if (other != uri && depends_[other].count(path)) check(other, out);
}

void server::publish(const std::set<std::string>& targets, std::vector<json>& out) {
  for (auto& target : targets) {
    json all = json::array();
    std::set<std::string> seen;
    for (auto& [from, list] : published_[target])
      for (auto& d : list)
        if (seen.insert(d.dump()).second) all.push_back(d);
    // Only what changed is sent again.
    auto& last = last_sent_[target];
    if (last == all && !last.is_null()) continue;
    last = all;
    out.push_back({{"jsonrpc", "2.0"}, {"method", "textDocument/publishDiagnostics"},
                   {"params", {{"uri", target}, {"diagnostics", all}}}});
  }
}

void server::check(const std::string& uri, std::vector<json>& out) {
  std::string path = path_of_uri(uri);
  grammar::source_file src(path.empty() ? uri : path, open_[uri]);
  grammar::diagnostics diags;
  overlay_reader files(disk_, open_);
  engine::load_contract(src, files, diags);
  auto& reads = depends_[uri];
  reads.clear();
  for (std::size_t k = 1; k < src.part_count(); ++k) reads.insert(normal(src.part_path(k)));

  std::map<std::string, std::vector<json>> found{{uri, {}}};
  std::vector<std::optional<line_map>> maps(src.part_count());
  auto place = [&](std::uint32_t at, std::uint32_t end, std::string& in_uri) {
    std::size_t part = src.part_of(at);
    std::uint32_t begin = src.part_begin(part);
    std::string_view text = std::string_view(src.text()).substr(begin, src.part_end(part) - begin);
    if (!maps[part]) maps[part].emplace(text, utf16_);
    in_uri = part == 0 ? uri : uri_of_path(src.part_path(part));
    auto a = maps[part]->position(at - begin);
    auto b = maps[part]->position(std::max(at, end) - begin);
    if (b.line != a.line || end <= at) b = {a.line, a.character + 1};  // as check shows it
    return json{{"start", {{"line", a.line}, {"character", a.character}}},
                {"end", {{"line", b.line}, {"character", b.character}}}};
  };
  for (auto& d : diags.sorted()) {
    std::string in_uri;
    json where = place(d.at, d.end, in_uri);
    if (d.whole_file) where = {{"start", {{"line", 0}, {"character", 0}}}, {"end", {{"line", 0}, {"character", 0}}}};
    std::string message = d.message;
    json related = json::array();
    for (auto& n : d.notes) {
      if (!n.has_location) {
        message += "\n" + n.message;
        continue;
      }
      std::string note_uri;
      json note_range = place(n.at, n.at + 1, note_uri);
      related.push_back({{"location", {{"uri", note_uri}, {"range", note_range}}}, {"message", n.message}});
    }
    json item = {{"range", where},
                 {"severity", d.level == grammar::severity::error ? 1 : 2},
                 {"code", d.code},
                 {"source", "slaudit"},
                 {"message", message}};
    if (!related.empty()) item["relatedInformation"] = related;
    found[in_uri].push_back(std::move(item));
  }
  if (diags.dropped() > 0)
    found[uri].push_back({{"range", {{"start", {{"line", 0}, {"character", 0}}}, {"end", {{"line", 0}, {"character", 0}}}}},
                          {"severity", 2},
                          {"source", "slaudit"},
                          {"message", std::to_string(diags.dropped()) + " more problems not shown: run slaudit check"}});

  // Each file's diagnostics are what every open document's check found in it.
  std::set<std::string> changed;
  for (auto& [target, by] : published_)
    if (!found.count(target) && by.erase(uri)) changed.insert(target);
  for (auto& [target, list] : found) {
    published_[target][uri] = std::move(list);
    changed.insert(target);
  }
  publish(changed, out);
}

json server::formatting(const json& params) {
  std::string uri = params.at("textDocument").at("uri");
  auto it = open_.find(uri);
  if (it == open_.end()) return nullptr;
  grammar::source_file src(uri, it->second);
  grammar::diagnostics diags;
  auto tree = grammar::parse_file(src, diags);
  if (diags.has_errors()) return nullptr;  // as `fmt`: a file that does not parse is left alone
  std::string formatted = grammar::format_file(tree);
  if (formatted == it->second) return json::array();
  line_map lines(it->second, utf16_);
  auto end = lines.position(static_cast<std::uint32_t>(it->second.size()));
  return json::array({{{"range", {{"start", {{"line", 0}, {"character", 0}}},
                                  {"end", {{"line", end.line}, {"character", end.character}}}}},
                       {"newText", formatted}}});
}

std::vector<file_index> server::indexes(const std::string& uri) const {
  std::vector<file_index> files;
  auto it = open_.find(uri);
  if (it == open_.end()) return files;
  std::string path = path_of_uri(uri);
  files.push_back(index_file(path.empty() ? uri : path, it->second));
  overlay_reader reader(disk_, open_);
  std::set<std::string> seen{normal(files.front().path)};
  // The terms it extends, and theirs, as `check` follows them (at most eight deep).
  for (std::size_t k = 0; k < files.size() && files.size() < 9; ++k) {
    for (auto& written : std::vector<std::string>(files[k].extends)) {
      auto next = normal((std::filesystem::path(files[k].path).parent_path() / written).string());
      if (!seen.insert(next).second) continue;
      if (auto text = reader.read(next)) files.push_back(index_file(next, std::move(*text)));
    }
  }
  return files;
}

const definition* server::target(const std::vector<file_index>& files, std::uint32_t offset, const file_index** in) const {
  auto find = [&](part_kind kind, const std::string& key, std::size_t from) -> const definition* {
    for (std::size_t k = from; k < files.size(); ++k)
      for (auto* d : all_definitions(files[k]))
        if (d->kind == kind && d->key == key) {
          *in = &files[k];
          return d;
        }
    return nullptr;
  };
  auto& doc = files.front();
  for (auto& r : doc.refs)
    if (r.at <= offset && offset <= r.end) return find(r.kind, r.key, 0);
  for (auto* d : all_definitions(doc))
    if (d->at <= offset && offset <= d->end) {
      // An override names the part it replaces, in the terms it extends.
      if (d->overrides)
        if (auto* base = find(d->kind, d->key, 1)) return base;
      *in = &doc;
      return d;
    }
  return nullptr;
}

json server::hover(const json& params) {
  auto files = indexes(params.at("textDocument").at("uri"));
  if (files.empty()) return nullptr;
  std::uint32_t offset = offset_of(files.front().text, params.at("position"));
  const file_index* in = nullptr;
  auto* d = target(files, offset, &in);
  if (!d) return nullptr;
  // On an override: the part as the contract writes it, and where the one it replaces is.
  std::string replaces;
  for (auto* own : all_definitions(files.front()))
    if (own->overrides && own->at <= offset && offset <= own->end && own != d) {
      line_map base(in->text, false);
      replaces = "\n\nreplaces the " + std::string(kind_word(d->kind)) + " of " +
                 std::filesystem::path(in->path).filename().string() + " line " +
                 std::to_string(base.position(d->at).line + 1);
      d = own, in = &files.front();
    }
  std::string head = std::string("**") + kind_word(d->kind) + "** `" + d->key + "`";
  if (!d->label.empty()) head += " " + d->label;
  if (!d->clauses.empty()) head += " — clause " + clauses_text(d->clauses);
  // The statement or block as written, its first dozen lines.
  std::string body = in->text.substr(d->block_at, d->block_end - d->block_at);
  std::size_t lines = 0, cut = 0;
  while (cut < body.size() && lines < 12) {
    cut = body.find('\n', cut);
    if (cut == std::string::npos) break;
    ++cut, ++lines;
  }
  if (cut != std::string::npos && cut < body.size()) body = body.substr(0, cut) + "  …";
  line_map where(in->text, false);
  std::string place = in == &files.front() ? "line " : std::filesystem::path(in->path).filename().string() + " line ";
  std::string text =
      head + "\n\n```sla\n" + body + "\n```\n\n" + place + std::to_string(where.position(d->at).line + 1) + replaces;
  return {{"contents", {{"kind", "markdown"}, {"value", text}}}};
}

json server::go_to_definition(const json& params) {
  std::string uri = params.at("textDocument").at("uri");
  auto files = indexes(uri);
  if (files.empty()) return nullptr;
  const file_index* in = nullptr;
  auto* d = target(files, offset_of(files.front().text, params.at("position")), &in);
  if (!d) return nullptr;
  return {{"uri", in == &files.front() ? uri : uri_of_path(in->path)}, {"range", range(*in, d->at, d->end)}};
}

json server::symbols(const json& params) {
  auto files = indexes(params.at("textDocument").at("uri"));
  if (files.empty()) return nullptr;
  auto& doc = files.front();
  std::function<json(const std::vector<definition>&)> list = [&](const std::vector<definition>& defs) {
    json out = json::array();
    for (auto& d : defs) {
      std::string detail = kind_word(d.kind);
      if (!d.clauses.empty()) detail += " — clause " + clauses_text(d.clauses);
      if (d.overrides) detail += " (override)";
      json s = {{"name", d.key + (d.label.empty() ? "" : " " + d.label)},
                {"detail", detail},
                {"kind", symbol_kind(d.kind)},
                {"range", range(doc, d.block_at, d.block_end)},
                {"selectionRange", range(doc, d.at, d.end)}};
      if (!d.children.empty()) s["children"] = list(d.children);
      out.push_back(std::move(s));
    }
    return out;
  };
  return list(doc.top);
}

json server::completion(const json& params) {
  auto files = indexes(params.at("textDocument").at("uri"));
  if (files.empty()) return nullptr;
  auto& doc = files.front();
  std::uint32_t offset = offset_of(doc.text, params.at("position"));
  std::size_t line_start = doc.text.rfind('\n', offset == 0 ? 0 : offset - 1);
  line_start = line_start == std::string::npos || offset == 0 ? 0 : line_start + 1;
  std::string before = doc.text.substr(line_start, offset - line_start);
  json items = json::array();
  std::set<std::string> given;
  auto add = [&](const std::string& label, int kind, const std::string& detail, const std::string& insert) {
    if (!given.insert(label).second) return;
    json item = {{"label", label}, {"kind", kind}, {"detail", detail}};
    if (insert != label) item["insertText"] = insert;
    items.push_back(std::move(item));
  };
  auto names = [&](part_kind kind, int item_kind, bool quoted) {
    for (auto& f : files)
      for (auto* d : all_definitions(f))
        if (d->kind == kind) {
          std::string detail = std::string(kind_word(kind)) + (d->label.empty() ? "" : " " + d->label) +
                               (&f == &doc ? "" : " (" + std::filesystem::path(f.path).filename().string() + ")");
          add(quoted ? "\"" + d->key + "\"" : d->key, item_kind, detail,
              quoted && before.size() && before.back() == '"' ? d->key + "\"" : (quoted ? "\"" + d->key + "\"" : d->key));
        }
  };
  static const std::regex after_coverage(R"((^|\s)coverage\s+[\w-]*$)"), after_level(R"(^\s*level\s+\d*$)"),
      after_service(R"((^|\s)of\s+service\s+"?[^"]*$)"), after_severity(R"(^\s*severity\s+\d*$)"),
      statement_start(R"(^\s*(override\s+)?[a-z_]*$)");
  auto kind = block_at(doc, offset);
  if (std::regex_search(before, after_coverage)) {
    add("7x24", 21, "around the clock", "7x24");
    names(part_kind::calendar, 24, false);
  } else if (kind == grammar::block::service && std::regex_search(before, after_level)) {
    names(part_kind::level, 22, false);
  } else if (kind == grammar::block::matrix && std::regex_search(before, after_severity)) {
    names(part_kind::severity, 22, false);
  } else if (std::regex_search(before, after_service)) {
    names(part_kind::service, 5, true);
  } else if (std::regex_search(before, statement_start)) {
    for (auto& k : grammar::keywords_of(kind)) add(k, 14, std::string("keyword in ") + grammar::describe(kind), k);
  }
  return {{"isIncomplete", false}, {"items", items}};
}

int serve(std::istream& in, std::ostream& out, const engine::file_reader& disk) {
  server s(disk);
  auto send = [&](const json& m) {
    std::string body = m.dump(-1, ' ', false, json::error_handler_t::replace);
    out << "Content-Length: " << body.size() << "\r\n\r\n" << body;
    out.flush();
  };
  while (!s.exited()) {
    // Headers to a blank line; Content-Length is the one that matters.
    std::string line;
    long long length = -1;
    bool any = false;
    while (std::getline(in, line)) {
      any = true;
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (line.empty()) break;
      auto colon = line.find(':');
      if (colon != std::string::npos && line.substr(0, colon) == "Content-Length")
        length = std::atoll(line.c_str() + colon + 1);
    }
    if (!any || !in) return s.exited() ? s.exit_code() : 1;  // input ended without `exit`
    if (length < 0 || length > (1LL << 30)) {
      send(error_response(nullptr, parse_error, "a message without a Content-Length header (or over 1 GiB)"));
      continue;
    }
    std::string body(static_cast<std::size_t>(length), '\0');
    in.read(body.data(), length);
    if (in.gcount() != length) return 1;
    json message = json::parse(body, nullptr, false);
    if (message.is_discarded()) {
      send(error_response(nullptr, parse_error, "the message is not JSON"));
      continue;
    }
    for (auto& reply : s.handle(message)) send(reply);
  }
  return s.exit_code();
}

}  // namespace slaudit::lsp
