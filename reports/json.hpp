// The one JSON writer of every output slaudit writes: the results, the manifest, the portfolio,
// the service review, the diagnostics (JSON and SARIF) and the ledger's check. Keys come out in
// the order they are written, so a document's bytes are stable by construction.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace slaudit::reports {

/// `s` as the inside of a JSON string: '"', '\\' and the control characters escaped (\b \f \n
/// \r \t, the others as \u00XX), every other byte as it is (UTF-8 stays UTF-8).
void append_json_escaped(std::string& out, std::string_view s);
std::string json_escape(std::string_view s);

/// Writes a JSON document into `out`, indented by two spaces a level, except what is opened
/// with record() or list(): that stays on one line with everything in it ({"a": 1, "b": [2]}),
/// so a file of records greps and diffs record by record.
///
///   json_writer w;
///   w.object();
///   w.key("id").str("PF-0001");
///   w.key("lines").array();
///   w.record(); w.key("n").num(1); w.close('}');
///   w.close(']');
///   w.close('}');
class json_writer {
 public:
  /// `depth`: the level the document sits at inside another one (its lines indented to match).
  explicit json_writer(int depth = 0) : depth_(depth) {}

  std::string out;

  /// What was written since the last take(), handed over: for documents written piece by piece.
  std::string take() {
    std::string piece = std::move(out);
    out.clear();
    return piece;
  }

  json_writer& key(std::string_view k) {
    item();
    out += '"';
    append_json_escaped(out, k);
    out += "\": ";
    pending_key_ = true;
    return *this;
  }
  void str(std::string_view v) {
    start_value();
    out += '"';
    append_json_escaped(out, v);
    out += '"';
  }
  void num(std::int64_t v);
  void boolean(bool v) { value(v ? "true" : "false"); }
  void null() { value("null"); }
  /// A string that needs no escape (a timestamp, a number as text), quoted as it is.
  void value_quoted(std::string_view v) {
    start_value();
    out += '"';
    out += v;
    out += '"';
  }
  /// An element written elsewhere at this depth (by a json_writer(depth)), set in place.
  void element(std::string_view text) { value(text); }

  void object() {
    start_value();
    open('{');
  }
  void array() {
    start_value();
    open('[');
  }
  /// An object on one line, with everything in it.
  void record() { on_one_line('{'); }
  /// A list on one line: ["4.1", "4.2"].
  void list() { on_one_line('['); }
  /// Closes the innermost object ('}') or array (']'): "[]" and "{}" when nothing is in it.
  void close(char c);

 private:
  static constexpr int unlimited = 1 << 30;
  void open(char c) {
    out += c;
    ++depth_;
    first_ = true;
  }
  void on_one_line(char c) {
    start_value();
    if (line_from_ == unlimited) line_from_ = depth_ + 1;
    open(c);
  }
  void newline() {
    out += '\n';
    out.append(2 * static_cast<std::size_t>(depth_), ' ');
  }
  void item();
  void start_value() {
    if (!pending_key_) item();
    pending_key_ = false;
  }
  void value(std::string_view v) {
    start_value();
    out += v;
  }
  int depth_ = 0;
  int line_from_ = unlimited;  ///< depth from which items stay on the current line
  bool first_ = true;
  bool started_ = false;  ///< the document's first value is written (it starts no line)
  bool pending_key_ = false;
};

}  // namespace slaudit::reports
