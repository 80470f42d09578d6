#include "io/render.hpp"

#include <algorithm>
#include <map>

#include "io/codes.hpp"
#include "reports/json.hpp"
#include "reports/text_format.hpp"

namespace slaudit::io {


namespace {

using grammar::diagnostic;
using grammar::severity;

const char* level_word(severity s) { return s == severity::error ? "error" : "warning"; }

struct span {
  grammar::line_col start, end;
};

span span_of(const grammar::source_file& src, std::uint32_t at, std::uint32_t end) {
  span s{src.position(at), src.position(std::max(at, end))};
  if (s.end.line != s.start.line || end <= at) s.end = {s.start.line, s.start.column + 1};
  return s;
}

/// The source line, then a caret under [at, end): padding keeps tabs and counts
/// wide (CJK) characters as two columns, as a terminal shows them.
std::string excerpt(const grammar::source_file& src, std::uint32_t at, std::uint32_t end) {
  auto pos = src.position(at);
  std::string_view line = src.line_text_at(at);
  std::string num = std::to_string(pos.line);
  std::string gutter(num.size(), ' ');
  std::size_t caret_byte = std::min<std::size_t>(at - src.line_start_at(at), line.size());
  // A long line is shown as a window around the caret, so output stays readable (and small);
  // a long span is underlined for its first columns only.
  constexpr std::size_t context = 80;
  std::size_t span = std::min<std::size_t>(std::max<std::size_t>(end, at + 1) - at, 2 * context);
  std::size_t span_end = std::min<std::size_t>(caret_byte + span, line.size());
  auto is_continuation = [&](std::size_t k) { return k < line.size() && (line[k] & 0xC0) == 0x80; };
  std::size_t from = caret_byte > context ? caret_byte - context : 0;
  while (is_continuation(from)) ++from;
  std::size_t to = std::min(line.size(), std::max(span_end, caret_byte) + context);
  while (is_continuation(to)) --to;
  span_end = std::min(span_end, to);
  std::string shown = (from > 0 ? "..." : "") + grammar::printable(line.substr(from, to - from)) +
                      (to < line.size() ? "..." : "");
  std::string pad = from > 0 ? "   " : "";
  std::size_t i = from;
  while (i < caret_byte) {
    char32_t c = grammar::next_code_point(line, i);
    pad += c == '\t' ? std::string("\t") : std::string(grammar::display_width(c), ' ');
  }
  std::size_t width = 0;
  for (std::size_t k = i; k < span_end;) width += grammar::display_width(grammar::next_code_point(line, k));
  std::string caret(std::max<std::size_t>(width, 1), '^');
  return " " + num + " | " + shown + "\n " + gutter + " | " + pad + caret + "\n";
}

std::string uri_of(const std::string& path) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : path) {
    bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                c == '-' || c == '_' || c == '.' || c == '~' || c == '/';
    if (keep) out += static_cast<char>(c);
    else out += std::string("%") + hex[c >> 4] + hex[c & 15];
  }
  return out;
}

std::string github_escape(const std::string& s, bool property) {
  std::string out;
  for (char c : s) {
    if (c == '%') out += "%25";
    else if (c == '\r') out += "%0D";
    else if (c == '\n') out += "%0A";
    else if (property && c == ':') out += "%3A";
    else if (property && c == ',') out += "%2C";
    else out += c;
  }
  return out;
}

}  // namespace

std::string render_text(const checked_file& f) {
  std::string out;
  for (auto& d : f.diags) {
    auto p = f.src.position(d.at);
    out += grammar::printable(f.src.path_at(d.at) + ":" + std::to_string(p.line) + ":" + std::to_string(p.column) + ": " +
                              level_word(d.level) + "[" + d.code + "]: " + d.message) + "\n";
    if (!d.whole_file) out += excerpt(f.src, d.at, d.end);
    for (auto& n : d.notes) {
      if (n.has_location) {
        auto np = f.src.position(n.at);
        out += grammar::printable(f.src.path_at(n.at) + ":" + std::to_string(np.line) + ":" + std::to_string(np.column) +
                                  ": note: " + n.message) + "\n";
        out += excerpt(f.src, n.at, n.at + 1);
      } else {
        out += "  = note: " + grammar::printable(n.message) + "\n";
      }
    }
  }
  if (f.dropped > 0)
    out += f.src.path() + ": " + std::to_string(f.dropped) + " more diagnostics not shown (at most " +
           std::to_string(grammar::diagnostics::limit) + " a file)\n";
  return out;
}

std::string render_json(const std::vector<checked_file>& files) {
  // An array of diagnostics, one a line.
  reports::json_writer w;
  w.array();
  for (auto& f : files) {
    for (auto& d : f.diags) {
      auto s = span_of(f.src, d.at, d.end);
      w.record();
      w.key("file").str(f.src.path_at(d.at));
      w.key("line").num(s.start.line);
      w.key("column").num(s.start.column);
      w.key("end_line").num(s.end.line);
      w.key("end_column").num(s.end.column);
      w.key("severity").str(level_word(d.level));
      w.key("code").str(d.code);
      w.key("message").str(d.message);
      w.key("notes").array();
      for (auto& n : d.notes) {
        w.object();
        w.key("message").str(n.message);
        if (n.has_location) {
          auto np = f.src.position(n.at);
          w.key("file").str(f.src.path_at(n.at));
          w.key("line").num(np.line);
          w.key("column").num(np.column);
        }
        w.close('}');
      }
      w.close(']');
      w.close('}');
    }
  }
  w.close(']');
  return w.out + "\n";
}

namespace {

/// A file's path as a SARIF artifact URI: a relative path stays a relative reference (a
/// code-scanning upload resolves it against the repository's root); an absolute one becomes
/// a file: URI — a relative reference must not begin with a slash (the validator's SARIF1004).
std::string sarif_uri(const std::string& path) {
  return !path.empty() && path.front() == '/' ? "file://" + uri_of(path) : uri_of(path);
}

/// A SARIF location: the file as a URI and the region, columns in code points.
void sarif_location(reports::json_writer& w, const checked_file& f, std::uint32_t at, std::uint32_t end) {
  auto s = span_of(f.src, at, end);
  w.key("physicalLocation").object();
  w.key("artifactLocation").object();
  w.key("uri").str(sarif_uri(f.src.path_at(at)));
  w.close('}');
  w.key("region").object();
  w.key("startLine").num(s.start.line);
  w.key("startColumn").num(s.start.column);
  w.key("endLine").num(s.end.line);
  w.key("endColumn").num(s.end.column);
  w.close('}');
  w.close('}');
}

/// A SARIF result: the diagnostic, its location, and its notes (those with a place as related
/// locations, the others in the message).
void sarif_result(reports::json_writer& w, const checked_file& f, const grammar::diagnostic& d, std::size_t rule) {
  std::string message = d.message;
  for (auto& n : d.notes)
    if (!n.has_location) message += " (" + n.message + ")";
  w.record();
  w.key("ruleId").str(d.code);
  w.key("ruleIndex").num(static_cast<std::int64_t>(rule));
  w.key("level").str(level_word(d.level));
  w.key("message").object();
  w.key("text").str(message);
  w.close('}');
  w.key("locations").array();
  w.object();
  sarif_location(w, f, d.at, d.end);
  w.close('}');
  w.close(']');
  if (std::any_of(d.notes.begin(), d.notes.end(), [](auto& n) { return n.has_location; })) {
    w.key("relatedLocations").array();
    int id = 0;
    for (auto& n : d.notes) {
      if (!n.has_location) continue;
      w.object();
      w.key("id").num(id++);
      w.key("message").object();
      w.key("text").str(n.message);
      w.close('}');
      sarif_location(w, f, n.at, n.at + 1);
      w.close('}');
    }
    w.close(']');
  }
  w.close('}');
}

}  // namespace

std::string render_sarif(const std::vector<checked_file>& files, const std::string& version,
                         const std::string& information_uri) {
  // Rules: the codes that occur, in code order, so that ruleIndex is stable.
  std::map<std::string, std::size_t> rule_index;
  for (auto& f : files)
    for (auto& d : f.diags) rule_index[d.code] = 0;
  reports::json_writer w;
  w.object();
  w.key("$schema").str("https://json.schemastore.org/sarif-2.1.0.json");
  w.key("version").str("2.1.0");
  w.key("runs").array();
  w.object();
  w.key("tool").object();
  w.key("driver").object();
  w.key("name").str("slaudit");
  w.key("version").str(version);
  if (!information_uri.empty()) w.key("informationUri").str(information_uri);
  w.key("rules").array();
  std::size_t k = 0;
  for (auto& [code, idx] : rule_index) {
    idx = k++;
    w.record();
    w.key("id").str(code);
    w.key("shortDescription").object();
    w.key("text").str(code_title(code));
    w.close('}');
    w.close('}');
  }
  w.close(']');
  w.close('}');
  w.close('}');
  w.key("columnKind").str("unicodeCodePoints");
  w.key("results").array();
  for (auto& f : files)
    for (auto& d : f.diags) sarif_result(w, f, d, rule_index[d.code]);
  w.close(']');
  w.close('}');
  w.close(']');
  w.close('}');
  return w.out + "\n";
}

std::string render_github(const std::vector<checked_file>& files) {
  std::string out;
  for (auto& f : files) {
    for (auto& d : f.diags) {
      auto s = span_of(f.src, d.at, d.end);
      std::string message = d.message;
      for (auto& n : d.notes) message += "\n" + n.message;
      out += std::string("::") + level_word(d.level) + " file=" + github_escape(f.src.path_at(d.at), true) +
             ",line=" + std::to_string(s.start.line) + ",col=" + std::to_string(s.start.column) +
             ",endColumn=" + std::to_string(s.end.column) + ",title=" + d.code +
             "::" + github_escape(message, false) + "\n";
    }
  }
  return out;
}

}  // namespace slaudit::io
