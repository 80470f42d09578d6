#include "reports/json.hpp"

#include <charconv>

namespace slaudit::reports {

void append_json_escaped(std::string& out, std::string_view s) {
  static const char hex[] = "0123456789abcdef";
  std::size_t plain = 0;  // runs of characters that need no escape are copied at once
  for (std::size_t k = 0; k < s.size(); ++k) {
    auto c = static_cast<unsigned char>(s[k]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s.substr(plain, k - plain));
    plain = k + 1;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        out += "\\u00";
        out += hex[c >> 4];
        out += hex[c & 15];
    }
  }
  out.append(s.substr(plain));
}

std::string json_escape(std::string_view s) {
  std::string out;
  append_json_escaped(out, s);
  return out;
}

void json_writer::num(std::int64_t v) {
  char buf[24];
  auto end = std::to_chars(buf, buf + sizeof buf, v).ptr;
  value(std::string_view(buf, static_cast<std::size_t>(end - buf)));
}

void json_writer::close(char c) {
  bool on_one_line = depth_ >= line_from_;
  --depth_;
  if (!first_ && !on_one_line) newline();
  out += c;
  first_ = false;
  if (depth_ < line_from_) line_from_ = unlimited;  // the record is complete
}

void json_writer::item() {
  if (depth_ >= line_from_) {
    if (!first_) out += ", ";
  } else {
    if (!first_) out += ',';
    if (started_) newline();  // the document's own first value starts no line
  }
  started_ = true;
  first_ = false;
}

}  // namespace slaudit::reports
