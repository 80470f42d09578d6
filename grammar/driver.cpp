#include "grammar/driver.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <utility>

namespace slaudit::grammar {
namespace {

bool is_ident_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/// The block a head statement opens.
std::optional<block> opens(const ast::statement& s) {
  return ast::visit(
      [](auto const& x) -> std::optional<block> {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, ast::contract_head>) return block::contract;
        if constexpr (std::is_same_v<T, ast::terms_head>) return block::contract;
        if constexpr (std::is_same_v<T, ast::amendment_head>) return block::amendment;
        if constexpr (std::is_same_v<T, ast::calendar_head>) return block::calendar;
        if constexpr (std::is_same_v<T, ast::level_head>) return block::level;
        if constexpr (std::is_same_v<T, ast::severity_head>) return block::severity;
        if constexpr (std::is_same_v<T, ast::escalation_head>) return block::escalation;
        if constexpr (std::is_same_v<T, ast::matrix_head>) return block::matrix;
        if constexpr (std::is_same_v<T, ast::handling_head>) return block::handling;
        if constexpr (std::is_same_v<T, ast::maintenance_head>) return block::maintenance;
        if constexpr (std::is_same_v<T, ast::service_head>) return block::service;
        if constexpr (std::is_same_v<T, ast::tickets_head>) return block::tickets;
        if constexpr (std::is_same_v<T, ast::monitoring_head>) return block::monitoring;
        if constexpr (std::is_same_v<T, ast::penalty_head>) return block::penalty;
        return std::nullopt;
      },
      s);
}

/// The block a head keyword would open inside `parent` (used to keep parsing the body of a
/// block whose head line is broken).
std::optional<block> opened_by_keyword(block parent, const std::string& word) {
  static const std::map<std::pair<block, std::string>, block> heads = {
      {{block::file, "contract"}, block::contract},
      {{block::file, "terms"}, block::contract},
      {{block::contract, "amendment"}, block::amendment},
      {{block::contract, "calendar"}, block::calendar},
      {{block::contract, "level"}, block::level},
      {{block::contract, "severity"}, block::severity},
      {{block::contract, "escalation"}, block::escalation},
      {{block::contract, "maintenance"}, block::maintenance},
      {{block::contract, "service"}, block::service},
      {{block::contract, "tickets"}, block::tickets},
      {{block::contract, "monitoring"}, block::monitoring},
      {{block::contract, "penalty"}, block::penalty},
      {{block::escalation, "matrix"}, block::matrix},
      {{block::escalation, "handling"}, block::handling},
  };
  auto it = heads.find({parent, word});
  if (it == heads.end()) return std::nullopt;
  return it->second;
}

/// Parsing stops after this many errors: past it they are mostly echoes of the first.
constexpr std::size_t max_syntax_errors = 100;

class driver {
 public:
  /// Reads part `part` of `src`: offsets stay those of the whole text.
  driver(const source_file& src, std::size_t part, diagnostics& diags)
      : src_(src), text_(std::string_view(src.text()).substr(0, src.part_end(part))), diags_(diags),
        pos_(src.part_begin(part)) {}

  ast::file run() {
    ast::file f;
    if (text_.substr(pos_, 3) == "\xEF\xBB\xBF") pos_ += 3;  // a UTF-8 byte order mark (Windows editors)
    parse_block(block::file, f.nodes, false, 0);
    f.trailing_comments = std::move(pending_);
    return f;
  }

 private:
  char peek(std::size_t k = 0) const { return pos_ + k < text_.size() ? text_[pos_ + k] : '\0'; }
  bool at_end() const { return pos_ >= text_.size(); }

  void skip_blanks() {
    while (!at_end() && (peek() == ' ' || peek() == '\t' || peek() == '\r')) ++pos_;
  }

  ast::comment read_comment() {  // at '#'
    ast::comment c;
    c.at = pos_;
    std::size_t begin = ++pos_;
    while (!at_end() && peek() != '\n') ++pos_;
    std::string_view body(text_.data() + begin, pos_ - begin);
    while (!body.empty() && (body.back() == ' ' || body.back() == '\t' || body.back() == '\r'))
      body.remove_suffix(1);
    c.text = body;
    return c;
  }

  /// Skips blanks, line breaks, ';' and comments before a statement, keeping the comments.
  void skip_separators() {
    for (;;) {
      skip_blanks();
      if (at_end()) return;
      char c = peek();
      if (c == '\n') {
        ++pos_;
        if (++newlines_ >= 2) blank_ = true;
      } else if (c == ';') {
        ++pos_;
      } else if (c == '#') {
        auto com = read_comment();
        com.blank_before = blank_;
        blank_ = false;
        newlines_ = 0;
        pending_.push_back(std::move(com));
      } else {
        return;
      }
    }
  }

  std::string word_at(std::uint32_t at) const {
    std::size_t e = at;
    while (e < text_.size() && is_ident_char(text_[e])) ++e;
    if (e == at && at < text_.size()) {  // not a word: one character
      next_code_point(text_, e);
    }
    return std::string(text_.substr(at, e - at));
  }

  std::string found_at(std::uint32_t at) const {
    if (at >= text_.size()) return "the end of the file";
    char c = text_[at];
    if (c == '\n' || c == '\r') return "the end of the line";
    if (c == '#') return "a comment";
    return "'" + word_at(at) + "'";
  }

  /// Skips the rest of a broken statement: to the end of its line or ';', over strings and
  /// balanced braces. Stops before a '}' that closes the enclosing block.
  /// Returns the position of a '{' that opens a block on the statement's line, if any.
  std::optional<std::uint32_t> skip_statement() {
    while (!at_end()) {
      char c = peek();
      if (c == '\n' || c == ';' || c == '}') return std::nullopt;
      if (c == '{') return pos_;
      if (c == '#') {
        while (!at_end() && peek() != '\n') ++pos_;
        return std::nullopt;
      }
      if (c == '"') {
        ++pos_;
        skip_string_body();
        if (!at_end() && peek() == '"') ++pos_;
        continue;
      }
      ++pos_;
    }
    return std::nullopt;
  }

  /// Inside a string: up to its closing quote or the end of the line, never past the text.
  void skip_string_body() {
    while (!at_end() && peek() != '"' && peek() != '\n') {
      if (peek() == '\\' && pos_ + 1 < text_.size() && text_[pos_ + 1] != '\n') ++pos_;
      ++pos_;
    }
  }

  /// Skips a balanced block starting at '{'.
  void skip_braced() {
    int depth = 0;
    while (!at_end()) {
      char c = peek();
      if (c == '"') {
        ++pos_;
        skip_string_body();
        if (!at_end()) ++pos_;  // the closing quote, or the line break of an open string
        continue;
      } else if (c == '#') {
        while (!at_end() && peek() != '\n') ++pos_;
        continue;
      } else if (c == '{') {
        ++depth;
      } else if (c == '}') {
        if (--depth == 0) {
          ++pos_;
          return;
        }
      }
      ++pos_;
    }
  }

  void report_failure(block b, std::uint32_t start, parse_step step) {
    if (!step.expected.empty()) {
      std::uint32_t at = step.error_at;  // X3 reports the spot before its skipper ran
      while (at < text_.size() && (text_[at] == ' ' || text_[at] == '\t')) ++at;
      step.error_at = at;
      auto end = step.error_at + static_cast<std::uint32_t>(word_at(step.error_at).size());
      if (step.error_at >= text_.size() || text_[step.error_at] == '\n') end = step.error_at;
      auto& d = diags_.error("E0101", step.error_at, end,
                             "expected " + step.expected + ", found " + found_at(step.error_at));
      // An optional word misspelt stops the head where X3 names only what follows it.
      if (word_at(start) == "amendment")
        if (auto guess = did_you_mean(word_at(step.error_at), {"pro_rata"}); !guess.empty())
          d.notes.push_back({"did you mean '" + guess + "'?", false, 0});
      return;
    }
    std::string w = word_at(start);
    auto end = start + static_cast<std::uint32_t>(w.size());
    const auto& allowed = keywords_of(b);
    for (block other : {block::file, block::contract, block::calendar, block::level,
                        block::severity, block::escalation, block::matrix, block::handling,
                        block::maintenance, block::service, block::tickets, block::monitoring,
                        block::penalty}) {
      const auto& kws = keywords_of(other);
      if (other != b && std::find(kws.begin(), kws.end(), w) != kws.end() &&
          std::find(allowed.begin(), allowed.end(), w) == allowed.end()) {
        auto& d = diags_.error("E0102", start, end,
                               "'" + w + "' cannot stand in " + describe(b) + "; it belongs in " +
                                   describe(other));
        d.notes.push_back({"statements allowed here: " + join(allowed), false, 0});
        return;
      }
    }
    auto& d = diags_.error("E0102", start, end,
                           "unknown statement '" + w + "' in " + describe(b));
    std::string guess = did_you_mean(w, allowed);
    if (!guess.empty()) d.notes.push_back({"did you mean '" + guess + "'?", false, 0});
    d.notes.push_back({"statements allowed here: " + join(allowed), false, 0});
  }

  static std::string join(const std::vector<std::string>& v) {
    std::string s;
    for (auto& w : v) s += (s.empty() ? "" : ", ") + w;
    return s;
  }

  /// Parses statements of block `b` into `out` until its closing '}' (when `braced`) or the
  /// end of the file. Returns the offset of the closing brace (or the end of the text).
  std::uint32_t parse_block(block b, std::vector<ast::node>& out, bool braced,
                            std::uint32_t open_at,
                            std::vector<ast::comment>* closing = nullptr) {
    stack_.push_back(b);
    head_indents_.push_back(
        braced ? static_cast<int>(src_.line_text_at(open_at).find_first_not_of(" \t")) : -1);
    struct pop {
      std::vector<block>& s;
      std::vector<int>& i;
      ~pop() { s.pop_back(), i.pop_back(); }
    } pop_on_return{stack_, head_indents_};
    std::uint32_t last_end = pos_;  // end of the last statement read in this block
    for (;;) {
      skip_separators();
      if (at_end()) {
        if (braced) {
          std::uint32_t where = missing_brace_at(last_end, pos_);
          auto& d = diags_.error("E0103", where, where,
                                 "missing '}': " + describe(b) + " is not closed before the end of the file");
          d.notes.push_back({"the block opened here", true, open_at});
        }
        if (braced && closing) *closing = std::move(pending_), pending_.clear();
        return static_cast<std::uint32_t>(text_.size());
      }
      std::uint32_t start = pos_;
      if (peek() == '}') {
        if (braced && closes_enclosing(start)) {
          // Indented as an enclosing block's head, this '}' is that block's: the current
          // block lost its own. Report it where it was expected; the parent takes this one.
          std::uint32_t where = missing_brace_at(last_end, start);
          diags_.error("E0103", where, where, "missing '}': " + describe(b) + " is not closed")
              .notes.push_back({"the block opened here", true, open_at});
          if (closing) *closing = std::move(pending_), pending_.clear();
          return where;
        }
        ++pos_;
        if (braced) {
          if (closing) *closing = std::move(pending_), pending_.clear();
          newlines_ = 0;
          blank_ = false;
          return start;
        }
        diags_.error("E0104", start, start + 1, "unexpected '}': no block is open here")
            .notes.push_back({"remove it, or check the braces above", false, 0});
        continue;
      }

      if (diags_.count(severity::error) >= max_syntax_errors) {
        diags_.error("E0110", start, start, "too many errors: the rest of the file is not checked")
            .notes.push_back({"fix the errors above and run check again", false, 0});
        pos_ = static_cast<std::uint32_t>(text_.size());
        return pos_;
      }
      // `override <statement>`: a part of the contract that replaces the extended terms' own.
      bool overrides = false;
      std::uint32_t stmt_at = start;
      if ((b == block::contract || b == block::amendment) && word_at(start) == "override") {
        overrides = true;
        pos_ = start + 8;
        skip_blanks();
        stmt_at = pos_;
        if (at_end() || peek() == '\n' || peek() == ';' || peek() == '#' || peek() == '}' ||
            word_at(stmt_at) == "override" || word_at(stmt_at) == "extends") {
          auto& d = diags_.error("E0101", stmt_at, stmt_at + static_cast<std::uint32_t>(word_at(stmt_at).size()),
                                 "expected the statement or block to override, found " + found_at(stmt_at));
          d.notes.push_back({"write 'override fee …', 'override service \"<id>\" { … }', 'override penalty \"<name>\" { … }' …",
                             false, 0});
          pos_ = stmt_at;
          skip_statement();
          pending_.clear();
          continue;
        }
      }
      parse_step step = parse_statement(b, text_, stmt_at);
      if (!step.ok && step.expected.empty() && braced && belongs_to_enclosing(b, word_at(start))) {
        // A statement of an enclosing block: most likely this block's '}' is missing. Close
        // it here and let the enclosing block read the statement.
        std::uint32_t where = missing_brace_at(last_end, start);
        auto& d = diags_.error("E0103", where, where,
                               "missing '}': " + describe(b) + " is not closed before '" +
                                   word_at(start) + "'");
        d.notes.push_back({"the block opened here", true, open_at});
        if (closing) *closing = std::move(pending_), pending_.clear();
        return where;
      }
      if (!step.ok) {
        report_failure(b, stmt_at, step);
        pos_ = std::max<std::uint32_t>(stmt_at, step.error_at);
        if (step.expected.empty()) pos_ = stmt_at;
        if (auto brace = skip_statement()) {
          // A broken head: still read its body, so the errors inside are reported too.
          auto child = opened_by_keyword(b, word_at(stmt_at));
          if (child) {
            pos_ = *brace + 1;
            std::vector<ast::node> discard;
            std::vector<ast::comment> discard_comments;
            parse_block(*child, discard, true, *brace, &discard_comments);
          } else {
            pos_ = *brace;
            skip_braced();
          }
        }
        pending_.clear();
        newlines_ = 0;
        blank_ = false;
        continue;
      }

      ast::node n;
      n.stmt = std::move(step.stmt);
      n.at = start;
      n.end = step.end;
      n.overrides = overrides;
      if (pending_.empty()) {
        n.blank_before = blank_;
      } else {
        auto& leading = n.trivia().leading = std::move(pending_);
        n.blank_before = leading.front().blank_before;
        leading.front().blank_before = false;
        n.blank_after_leading = blank_;
      }
      pending_.clear();
      blank_ = false;
      newlines_ = 0;
      pos_ = step.end;

      if (auto child = opens(n.stmt)) {
        n.is_block = true;
        skip_blanks();
        if (peek() == '#') n.trivia().trailing = read_comment();
        std::vector<ast::comment> closing;
        n.close_at = parse_block(*child, n.body, true, step.end - 1, &closing);
        // A block of many statements (a contract of 450,000 services) keeps no spare room:
        // the vector's doubling left up to half of its nodes' memory unused.
        if ((n.body.capacity() - n.body.size()) * sizeof(ast::node) > (std::size_t{1} << 20)) n.body.shrink_to_fit();
        if (!closing.empty()) n.trivia().closing_comments = std::move(closing);
        skip_blanks();
        if (text_.substr(pos_).substr(0, 6) == "clause" && !is_ident_char(peek(6))) {
          parse_step cl = parse_clause_suffix(text_, pos_, n.trivia().after_close);
          if (!cl.ok) {
            report_failure(b, pos_, cl);
            skip_statement();
          } else {
            pos_ = cl.end;
          }
        }
      } else {
        skip_blanks();
        char c = peek();
        if (!(at_end() || c == '\n' || c == ';' || c == '}' || c == '#')) {
          auto& d = diags_.error("E0105", pos_, pos_ + static_cast<std::uint32_t>(word_at(pos_).size()),
                                 "unexpected " + found_at(pos_) + " after the statement");
          d.notes.push_back({"end the statement with a new line or ';'", false, 0});
          skip_statement();
        }
      }
      skip_blanks();
      if (peek() == ';') {
        ++pos_;
        skip_blanks();
      }
      if (peek() == '#' && !std::as_const(n).trivia().trailing) n.trivia().trailing = read_comment();
      last_end = pos_;
      out.push_back(std::move(n));
    }
  }

  /// Indentation of the line holding `at`, or -1 when something other than blanks
  /// precedes `at` on its line.
  int indent_before(std::uint32_t at) const {
    std::uint32_t begin = src_.line_start_at(at);
    for (std::uint32_t i = begin; i < at; ++i)
      if (text_[i] != ' ' && text_[i] != '\t') return -1;
    return static_cast<int>(at - begin);
  }

  /// Whether the '}' at `at`, alone at the start of its line, is indented less than the
  /// current block's head and exactly as the head of an enclosing block.
  bool closes_enclosing(std::uint32_t at) const {
    int brace = indent_before(at);
    if (brace < 0 || brace >= head_indents_.back()) return false;
    return std::find(head_indents_.begin(), head_indents_.end() - 1, brace) != head_indents_.end() - 1;
  }

  /// Whether `word` starts a statement of a block that encloses the current one.
  bool belongs_to_enclosing(block current, const std::string& word) const {
    const auto& here = keywords_of(current);
    if (std::find(here.begin(), here.end(), word) != here.end()) return false;
    for (std::size_t i = 0; i + 1 < stack_.size(); ++i) {
      const auto& kws = keywords_of(stack_[i]);
      if (std::find(kws.begin(), kws.end(), word) != kws.end()) return true;
    }
    return false;
  }

  /// Where a missing '}' belongs: the first blank line after the block's last statement
  /// (a deleted brace leaves one), else where the next statement starts.
  std::uint32_t missing_brace_at(std::uint32_t last_end, std::uint32_t next) const {
    std::uint32_t line = src_.global_line(last_end);
    if (last_end > 0 && text_[last_end - 1] == '\n') --line;  // last_end is past its newline
    for (std::uint32_t l = line + 1; l <= src_.line_count(); ++l) {
      std::uint32_t begin = src_.line_start(l);
      if (begin >= next) break;
      auto t = src_.line_text(l);
      if (t.find_first_not_of(" \t") == std::string_view::npos) return begin + static_cast<std::uint32_t>(t.size());
    }
    return next;
  }

  const source_file& src_;
  std::vector<block> stack_;
  std::vector<int> head_indents_;  ///< indentation of each open block's head line
  std::string_view text_;
  diagnostics& diags_;
  std::uint32_t pos_ = 0;
  std::vector<ast::comment> pending_;
  int newlines_ = 0;
  bool blank_ = false;
};

/// Optimal string alignment distance: a swap of two neighbours ("titel") costs one edit.

}  // namespace

ast::file parse_file(const source_file& src, diagnostics& diags) { return parse_part(src, 0, diags); }

ast::file parse_part(const source_file& src, std::size_t part, diagnostics& diags) {
  std::uint32_t begin = src.part_begin(part);
  std::string_view text = std::string_view(src.text()).substr(begin, src.part_end(part) - begin);
  std::string_view head = text.substr(0, 512);
  // A stray NUL byte in a text is found where it is (an id, a string), so only archives and
  // UTF-16 are refused as a whole.
  if (auto kind = sniff_not_text(head); kind != not_text_kind::text && kind != not_text_kind::nul_bytes) {
    bool utf16 = kind != not_text_kind::gzip && kind != not_text_kind::zip;
    auto& d = diags.error("E0106", begin, begin + 1, std::string("the file is ") + not_text_phrase(kind) + ", not a UTF-8 contract");
    d.whole_file = true;
    d.notes.push_back({utf16 ? "save the file as UTF-8 (iconv -f UTF-16 -t UTF-8)" : "unpack it and check the contract inside",
                       false, 0});
    return {};
  }
  if (auto bad = find_invalid_utf8(text); bad != std::string_view::npos) {
    auto at = begin + static_cast<std::uint32_t>(bad);
    diags.error("E0106", at, at + 1, "the file is not valid UTF-8 (a byte here is not)")
        .notes.push_back({"save the file as UTF-8; GBK/GB18030 contracts must be converted "
                          "(iconv -f GB18030 -t UTF-8)",
                          false, 0});
    return {};
  }
  return driver(src, part, diags).run();
}

const std::vector<std::string>& keywords_of(block b) {
  static const std::map<block, std::vector<std::string>> kws = {
      {block::file, {"sla", "contract", "terms"}},
      {block::contract,
       {"title", "customer", "provider", "term", "timezone", "currency", "fee", "rounding",
        "exclude", "pause", "missing_time", "cap", "calendar", "level", "severity",
        "escalation", "maintenance", "service", "tickets", "monitoring", "penalty", "extends", "override", "amendment"}},
      {block::amendment,
       {"override", "title", "customer", "provider", "term", "fee", "rounding", "exclude", "pause", "missing_time",
        "cap", "calendar", "level", "severity", "escalation", "maintenance", "service", "tickets", "monitoring",
        "penalty"}},
      {block::calendar, {"hours", "holidays", "holiday", "workday"}},
      {block::level, {"coverage", "onsite", "remote"}},
      {block::severity, {"respond", "restore"}},
      {block::tickets, {"respond"}},
      {block::escalation, {"grace", "matrix", "handling"}},
      {block::matrix, {"severity"}},
      {block::handling, {"after"}},
      {block::maintenance, {"window", "notice", "emergency"}},
      {block::service, {"level", "availability", "max_downtime", "transactions", "fee_share"}},
      {block::monitoring, {"early_detection", "accuracy"}},
      {block::penalty, {"on", "tiers", "below", "between", "count", "per", "late"}},
  };
  return kws.at(b);
}

std::string describe(block b) {
  switch (b) {
    case block::file: return "the file's top level";
    case block::contract: return "a contract block";
    case block::amendment: return "an amendment block";
    case block::calendar: return "a calendar block";
    case block::level: return "a level block";
    case block::severity: return "a severity block";
    case block::escalation: return "an escalation block";
    case block::matrix: return "an escalation matrix";
    case block::handling: return "a handling block";
    case block::maintenance: return "a maintenance block";
    case block::service: return "a service block";
    case block::tickets: return "a tickets block";
    case block::monitoring: return "a monitoring block";
    case block::penalty: return "a penalty block";
  }
  return "a block";
}

}  // namespace slaudit::grammar
