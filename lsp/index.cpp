#include "lsp/index.hpp"

#include <type_traits>

#include "grammar/diagnostic.hpp"
#include "grammar/driver.hpp"

namespace slaudit::lsp {

namespace ast = grammar::ast;
using grammar::block;

const char* kind_word(part_kind k) {
  switch (k) {
    case part_kind::contract: return "contract";
    case part_kind::terms: return "terms";
    case part_kind::amendment: return "amendment";
    case part_kind::calendar: return "calendar";
    case part_kind::level: return "level";
    case part_kind::severity: return "severity";
    case part_kind::handling: return "handling level";
    case part_kind::service: return "service";
    case part_kind::penalty: return "penalty";
  }
  return "";
}

namespace {

std::vector<std::string> clause_texts(const ast::clauses& c, const ast::node& n) {
  std::vector<std::string> out;
  for (auto& t : c) out.push_back(t.value);
  for (auto& t : n.trivia().after_close) out.push_back(t.value);
  return out;
}

/// The definition a head statement makes, and the block it opens.
struct head_info {
  std::optional<definition> def;
  std::optional<block> opens;
};

head_info head_of(const ast::node& n) {
  std::uint32_t block_end = n.is_block ? n.close_at + 1 : n.end;
  auto make = [&](part_kind k, std::string key, const ast::located& name, const ast::clauses& c) {
    definition d{k, std::move(key), "", name.at, name.end, n.at, block_end, clause_texts(c, n), n.overrides, {}};
    return d;
  };
  return ast::visit(
      [&](auto const& x) -> head_info {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, ast::contract_head>)
          return {make(part_kind::contract, x.id.value, x.id, x.clause), block::contract};
        if constexpr (std::is_same_v<T, ast::terms_head>)
          return {make(part_kind::terms, x.id.value, x.id, x.clause), block::contract};
        if constexpr (std::is_same_v<T, ast::amendment_head>)
          return {make(part_kind::amendment, x.name.value, x.name, x.clause), block::amendment};
        if constexpr (std::is_same_v<T, ast::calendar_head>)
          return {make(part_kind::calendar, x.name.text, x.name, x.clause), block::calendar};
        if constexpr (std::is_same_v<T, ast::level_head> || std::is_same_v<T, ast::severity_head>) {
          auto d = make(std::is_same_v<T, ast::level_head> ? part_kind::level : part_kind::severity, x.id.digits, x.id,
                        x.clause);
          if (x.label) d.label = x.label->value;
          return {d, std::is_same_v<T, ast::level_head> ? block::level : block::severity};
        }
        if constexpr (std::is_same_v<T, ast::handling_head>)
          return {make(part_kind::handling, x.id.digits, x.id, x.clause), block::handling};
        if constexpr (std::is_same_v<T, ast::service_head>) {
          auto d = make(part_kind::service, x.id.value, x.id, x.clause);
          if (x.label) d.label = x.label->value;
          return {d, block::service};
        }
        if constexpr (std::is_same_v<T, ast::penalty_head>)
          return {make(part_kind::penalty, x.name.value, x.name, x.clause), block::penalty};
        if constexpr (std::is_same_v<T, ast::escalation_head>) return {std::nullopt, block::escalation};
        if constexpr (std::is_same_v<T, ast::matrix_head>) return {std::nullopt, block::matrix};
        if constexpr (std::is_same_v<T, ast::maintenance_head>) return {std::nullopt, block::maintenance};
        if constexpr (std::is_same_v<T, ast::tickets_head>) return {std::nullopt, block::tickets};
        if constexpr (std::is_same_v<T, ast::monitoring_head>) return {std::nullopt, block::monitoring};
        return {};
      },
      n.stmt);
}

/// The references a statement makes.
void references_of(const ast::node& n, std::vector<reference>& refs, std::vector<std::string>& extends) {
  ast::visit(
      [&](auto const& x) {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, ast::coverage_stmt>) {
          if (x.calendar.text != "7x24") refs.push_back({part_kind::calendar, x.calendar.text, x.calendar.at, x.calendar.end});
        } else if constexpr (std::is_same_v<T, ast::service_level_stmt>) {
          refs.push_back({part_kind::level, x.level.digits, x.level.at, x.level.end});
        } else if constexpr (std::is_same_v<T, ast::matrix_row>) {
          refs.push_back({part_kind::severity, x.severity.digits, x.severity.at, x.severity.end});
          for (auto& h : x.handling) refs.push_back({part_kind::handling, h.digits, h.at, h.end});
        } else if constexpr (std::is_same_v<T, ast::on_stmt>) {
          if (x.service) refs.push_back({part_kind::service, x.service->value, x.service->at, x.service->end});
        } else if constexpr (std::is_same_v<T, ast::extends_stmt>) {
          extends.push_back(x.path.value);
        }
      },
      n.stmt);
}

void walk(const std::vector<ast::node>& nodes, std::vector<definition>& into, file_index& f) {
  for (auto& n : nodes) {
    references_of(n, f.refs, f.extends);
    auto head = head_of(n);
    if (head.opens && n.is_block) f.blocks.push_back({*head.opens, n.at, n.close_at + 1});
    if (head.def) {
      into.push_back(std::move(*head.def));
      walk(n.body, into.back().children, f);
    } else {
      walk(n.body, into, f);  // an escalation's handling levels belong to the contract
    }
  }
}

void collect(const std::vector<definition>& defs, std::vector<const definition*>& out) {
  for (auto& d : defs) {
    out.push_back(&d);
    collect(d.children, out);
  }
}

}  // namespace

file_index index_file(std::string path, std::string text) {
  file_index f;
  f.path = std::move(path);
  f.text = std::move(text);
  grammar::source_file src(f.path, f.text);
  grammar::diagnostics ignored;  // the server reports them from the whole check
  auto tree = grammar::parse_file(src, ignored);
  walk(tree.nodes, f.top, f);
  return f;
}

std::vector<const definition*> all_definitions(const file_index& f) {
  std::vector<const definition*> out;
  collect(f.top, out);
  return out;
}

grammar::block block_at(const file_index& f, std::uint32_t offset) {
  block kind = block::file;
  std::uint32_t width = UINT32_MAX;
  for (auto& b : f.blocks)
    if (b.at < offset && offset < b.end && b.end - b.at <= width) kind = b.kind, width = b.end - b.at;
  return kind;
}

line_map::line_map(std::string_view text, bool utf16) : text_(text), utf16_(utf16) {
  starts_.push_back(0);
  for (std::size_t k = 0; k < text.size(); ++k)
    if (text[k] == '\n') starts_.push_back(static_cast<std::uint32_t>(k + 1));
}

namespace {
/// Bytes in a UTF-8 sequence starting with `c` (1 for a stray byte).
std::size_t sequence_length(unsigned char c) {
  if (c >= 0xF0 && c < 0xF8) return 4;
  if (c >= 0xE0) return c < 0xF0 ? 3 : 1;
  if (c >= 0xC0) return 2;
  return 1;
}
}  // namespace

text_position line_map::position(std::uint32_t offset) const {
  if (offset > text_.size()) offset = static_cast<std::uint32_t>(text_.size());
  auto it = std::upper_bound(starts_.begin(), starts_.end(), offset);
  auto line = static_cast<std::uint32_t>(it - starts_.begin() - 1);
  std::uint32_t from = starts_[line];
  if (!utf16_) return {line, offset - from};
  std::uint32_t units = 0;
  for (std::size_t k = from; k < offset;) {
    std::size_t n = sequence_length(static_cast<unsigned char>(text_[k]));
    units += n == 4 ? 2 : 1;  // beyond the BMP: a surrogate pair
    k += n;
  }
  return {line, units};
}

std::uint32_t line_map::offset(text_position p) const {
  if (p.line >= starts_.size()) return static_cast<std::uint32_t>(text_.size());
  std::size_t from = starts_[p.line];
  std::size_t end = p.line + 1 < starts_.size() ? starts_[p.line + 1] - 1 : text_.size();
  if (end > from && text_[end - 1] == '\r') --end;
  if (!utf16_) return static_cast<std::uint32_t>(std::min(from + p.character, end));
  std::size_t k = from;
  std::uint32_t units = 0;
  while (k < end && units < p.character) {
    std::size_t n = sequence_length(static_cast<unsigned char>(text_[k]));
    units += n == 4 ? 2 : 1;
    k = std::min(k + n, end);
  }
  return static_cast<std::uint32_t>(k);
}

}  // namespace slaudit::lsp
