#include "grammar/contract_id.hpp"

namespace slaudit::grammar {
namespace {

bool blank(char c) { return c == ' ' || c == '\t' || c == '\r'; }
bool word_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/// Past blanks, line breaks, ';' and comments: where the next statement starts.
std::size_t next_statement(std::string_view text, std::size_t at) {
  while (at < text.size()) {
    char c = text[at];
    if (blank(c) || c == '\n' || c == ';') {
      ++at;
    } else if (c == '#') {
      while (at < text.size() && text[at] != '\n') ++at;
    } else {
      break;
    }
  }
  return at;
}

/// Whether the keyword `word` stands at `at` (not the start of a longer name).
bool keyword_at(std::string_view text, std::size_t at, std::string_view word) {
  return text.substr(at, word.size()) == word && (at + word.size() == text.size() || !word_char(text[at + word.size()]));
}

}  // namespace

std::optional<std::string> scan_contract_id(std::string_view text) {
  std::size_t at = text.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
  at = next_statement(text, at);
  if (keyword_at(text, at, "sla")) {  // the version line: "sla 1"
    at += 3;
    while (at < text.size() && (blank(text[at]) || (text[at] >= '0' && text[at] <= '9'))) ++at;
    at = next_statement(text, at);
  }
  if (!keyword_at(text, at, "contract")) return std::nullopt;
  at += 8;
  while (at < text.size() && blank(text[at])) ++at;
  if (at >= text.size() || text[at] != '"') return std::nullopt;
  std::size_t from = ++at;
  while (at < text.size() && text[at] != '"') {
    if (text[at] == '\\' || text[at] == '\n') return std::nullopt;  // an escape, or no closing quote
    ++at;
  }
  if (at >= text.size()) return std::nullopt;
  return std::string(text.substr(from, at - from));
}

}  // namespace slaudit::grammar
