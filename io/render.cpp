#include "io/render.hpp"

#include <algorithm>
#include <map>

#include "io/codes.hpp"
#include "reports/text_format.hpp"

namespace slaudit::io {

using reports::json_escape;

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
  std::string_view line = src.line_text(pos.line);
  std::string num = std::to_string(pos.line);
  std::string gutter(num.size(), ' ');
  std::size_t caret_byte = std::min<std::size_t>(at - src.line_start(pos.line), line.size());
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
    out += grammar::printable(f.src.path() + ":" + std::to_string(p.line) + ":" + std::to_string(p.column) + ": " +
                              level_word(d.level) + "[" + d.code + "]: " + d.message) + "\n";
    if (!d.whole_file) out += excerpt(f.src, d.at, d.end);
    for (auto& n : d.notes) {
      if (n.has_location) {
        auto np = f.src.position(n.at);
        out += grammar::printable(f.src.path() + ":" + std::to_string(np.line) + ":" + std::to_string(np.column) +
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
  std::string out = "[";
  bool first = true;
  for (auto& f : files) {
    for (auto& d : f.diags) {
      auto s = span_of(f.src, d.at, d.end);
      out += first ? "\n  " : ",\n  ";
      first = false;
      out += "{\"file\": \"" + json_escape(f.src.path()) + "\", \"line\": " + std::to_string(s.start.line) +
             ", \"column\": " + std::to_string(s.start.column) + ", \"end_line\": " +
             std::to_string(s.end.line) + ", \"end_column\": " + std::to_string(s.end.column) +
             ", \"severity\": \"" + level_word(d.level) + "\", \"code\": \"" + d.code +
             "\", \"message\": \"" + json_escape(d.message) + "\", \"notes\": [";
      for (std::size_t i = 0; i < d.notes.size(); ++i) {
        auto& n = d.notes[i];
        out += i ? ", " : "";
        out += "{\"message\": \"" + json_escape(n.message) + "\"";
        if (n.has_location) {
          auto np = f.src.position(n.at);
          out += ", \"line\": " + std::to_string(np.line) + ", \"column\": " + std::to_string(np.column);
        }
        out += "}";
      }
      out += "]}";
    }
  }
  out += first ? "]\n" : "\n]\n";
  return out;
}

std::string render_sarif(const std::vector<checked_file>& files, const std::string& version) {
  // Rules: the codes that occur, in code order, so that ruleIndex is stable.
  std::map<std::string, std::size_t> rule_index;
  for (auto& f : files)
    for (auto& d : f.diags) rule_index[d.code] = 0;
  std::string rules;
  std::size_t k = 0;
  for (auto& [code, idx] : rule_index) {
    idx = k++;
    rules += std::string(idx ? "," : "") + "\n            {\"id\": \"" + code +
             "\", \"shortDescription\": {\"text\": \"" + json_escape(code_title(code)) +
             "\"}}";
  }
  std::string results;
  bool first = true;
  auto location = [](const checked_file& f, std::uint32_t at, std::uint32_t end) {
    auto s = span_of(f.src, at, end);
    return "{\"physicalLocation\": {\"artifactLocation\": {\"uri\": \"" + json_escape(uri_of(f.src.path())) +
           "\"}, \"region\": {\"startLine\": " + std::to_string(s.start.line) +
           ", \"startColumn\": " + std::to_string(s.start.column) + ", \"endLine\": " +
           std::to_string(s.end.line) + ", \"endColumn\": " + std::to_string(s.end.column) + "}}}";
  };
  for (auto& f : files) {
    for (auto& d : f.diags) {
      std::string message = d.message;
      std::string related;
      int id = 0;
      for (auto& n : d.notes) {
        if (n.has_location) {
          related += std::string(related.empty() ? "" : ", ") + "{\"id\": " + std::to_string(id++) +
                     ", \"message\": {\"text\": \"" + json_escape(n.message) + "\"}, " +
                     location(f, n.at, n.at + 1).substr(1);
        } else {
          message += " (" + n.message + ")";
        }
      }
      results += std::string(first ? "" : ",") + "\n        {\"ruleId\": \"" + d.code + "\", \"ruleIndex\": " +
                 std::to_string(rule_index[d.code]) + ", \"level\": \"" + level_word(d.level) +
                 "\", \"message\": {\"text\": \"" + json_escape(message) + "\"}, \"locations\": [" +
                 location(f, d.at, d.end) + "]" +
                 (related.empty() ? "" : ", \"relatedLocations\": [" + related + "]") + "}";
      first = false;
    }
  }
  return "{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n  \"version\": \"2.1.0\",\n"
         "  \"runs\": [\n    {\n      \"tool\": {\n        \"driver\": {\n          \"name\": \"slaudit\",\n"
         "          \"version\": \"" + json_escape(version) + "\",\n          \"rules\": [" + rules +
         (rules.empty() ? "]" : "\n          ]") +
         "\n        }\n      },\n      \"columnKind\": \"unicodeCodePoints\",\n      \"results\": [" +
         results + (results.empty() ? "]" : "\n      ]") + "\n    }\n  ]\n}\n";
}

std::string render_github(const std::vector<checked_file>& files) {
  std::string out;
  for (auto& f : files) {
    for (auto& d : f.diags) {
      auto s = span_of(f.src, d.at, d.end);
      std::string message = d.message;
      for (auto& n : d.notes) message += "\n" + n.message;
      out += std::string("::") + level_word(d.level) + " file=" + github_escape(f.src.path(), true) +
             ",line=" + std::to_string(s.start.line) + ",col=" + std::to_string(s.start.column) +
             ",endColumn=" + std::to_string(s.end.column) + ",title=" + d.code +
             "::" + github_escape(message, false) + "\n";
    }
  }
  return out;
}

}  // namespace slaudit::io
