// The PDF pages slaudit lays out: A4, text measured and wrapped with the report font (CJK
// breaks between any two characters), headings, label/value fields, tables that break across
// pages repeating their header, boxes and lines for vector charts, page numbers, and the
// embedded font subset of exactly the characters drawn. Every PDF report builds on it.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "reports/texts.hpp"

namespace PoDoFo {
class PdfMemDocument;
class PdfFont;
class PdfObject;
}  // namespace PoDoFo

namespace slaudit::reports::pdf {

constexpr double page_w = 595.28, page_h = 841.89;  // A4 in points
constexpr double margin = 50, top = page_h - 56, bottom = 60;
constexpr double body = 9, small = 8;

struct rgb {
  double r, g, b;
};
constexpr rgb black{0, 0, 0}, grey{0.45, 0.45, 0.45}, rule_grey{0.7, 0.7, 0.7},
    head_fill{0.87, 0.89, 0.93}, red{0.75, 0.1, 0.1}, green{0.1, 0.5, 0.2},
    bar_back{0.92, 0.92, 0.92};

/// The document being laid out: pages in order, a cursor, text measured with the font.
class layout {
 public:
  layout(PoDoFo::PdfMemDocument& doc, PoDoFo::PdfFont* font, const texts& t,
         std::string running_head)
      : doc_(doc), font_(font), t_(t), running_head_(std::move(running_head)) {}

  /// Width in points of `s` set at `size`.
  double width(std::string_view s, double size);

  /// Lines of at most `max` points: breaks at spaces, and between any two CJK characters.
  /// Each line is a piece of `text` (valid as long as it is).
  std::vector<std::string_view> wrap(std::string_view text, double max, double size);

  /// Starts a page (with the running head from the second page on); the cursor at its top.
  void new_page();

  /// Room for `h` points below the cursor, or a new page.
  bool ensure(double h);

  // The page's content stream is written here directly (PoDoFo's painter formats every
  // number through a stream and re-encodes every string: most of the PDF's time). Text is
  // Identity-H: each character is its UTF-16 code, which the subset font maps to its glyph.
  void draw_text(double x, double baseline, std::string_view s, double size, rgb colour = black);

  void line(double x1, double y1, double x2, double y2, rgb colour, double w);

  void box(double x, double y, double w, double h, rgb colour);

  void space(double h) { y_ -= h; }

  /// A section heading, kept with what follows: a new page unless `keep` points below the
  /// heading still fit on this one (a heading never stands alone at the foot of a page).
  void heading(std::string_view s, double keep = 60);

  void paragraph(std::string_view s, double size = body, rgb colour = black, double indent = 0);

  /// A label and a value on one line (wrapped under the value's column).
  void field(std::string_view label, std::string_view value, double label_w = 150,
             double size = body, rgb colour = black);

  struct column {
    std::string head;
    double width;
    bool right = false;
  };
  /// A table that breaks across pages, repeating its header; `colour_of` may colour a cell.
  void table(const std::vector<column>& cols, const std::vector<std::vector<std::string>>& rows,
             const std::function<rgb(std::size_t row, std::size_t col)>& colour_of = nullptr);

  /// The same a row at a time, for a table too long to hold whole: table_begin, then
  /// table_row for each row (`colour_of` may colour a cell), then table_end.
  void table_begin(const std::vector<column>& cols);
  void table_row(const std::vector<std::string>& cells, const std::function<rgb(std::size_t col)>& colour_of = nullptr);
  void table_end();

  /// Page numbers on every page, once the number of pages is known; then the pages go into
  /// the document, each with its content stream and the font among its resources.
  void number_pages();

  /// The logical structure (a tagged PDF: what a screen reader or a reflowing viewer reads,
  /// in reading order). `begin` opens an element (H1, P, Table, TR, TH, TD …) inside the one
  /// open, the Document at the top, and returns it; text drawn while it is the innermost
  /// open element is its content; `end` closes it. Text drawn with no leaf element open is a
  /// paragraph of its own. Rules, fills, running heads and page numbers are artifacts.
  void begin(const char* role);
  void end();

  double y() const { return y_; }
  void set_y(double v) { y_ = v; }
  std::size_t pages() const { return pages_; }

 private:
  static double total_width(const std::vector<column>& cols);

  using wrapped_cells = std::vector<std::vector<std::string_view>>;
  /// A row's cells wrapped to their columns, and the row's height.
  std::pair<wrapped_cells, double> table_cells(const std::vector<std::string>& cells);
  /// Lines [from, to) of a row's cells, as one band of the table.
  void table_band(const wrapped_cells& cells, std::size_t from, std::size_t to, bool header,
                  const std::function<rgb(std::size_t col)>& colour_of);
  static std::size_t lines_of(const wrapped_cells& cells);
  void table_header_again();
  /// The table being drawn: its columns, and its header's cells (pieces of `heads`).
  struct table_state {
    std::vector<column> cols;
    std::vector<std::string> heads;
    wrapped_cells head;
  } table_;

  void wrap_paragraph(std::string_view s, double max, double size,
                      std::vector<std::string_view>& lines);

  /// A structure element: its role, its parent, and its content in reading order (child
  /// elements, and marked-content sequences: a page and an MCID on it).
  struct element {
    const char* role;
    std::uint32_t parent;
    struct kid {
      std::uint32_t child;  ///< none: a marked-content sequence
      std::uint32_t page, mcid;
    };
    std::vector<kid> kids;
    bool leaf = false;  ///< text drawn while it is innermost is its own (`leaf`)
  };
  static constexpr std::uint32_t none = 0xffffffff;
  std::vector<element> elements_ = {{"Document", none, {}, false}};
  std::vector<std::uint32_t> open_ = {0};  ///< innermost last
  /// Per page, the element of each MCID (the parent tree).
  std::vector<std::vector<std::uint32_t>> marks_;
  bool artifact_ = false;  ///< drawing pagination or decoration
  std::vector<std::uint32_t> cells_;  ///< the table row's cell elements, by column
  /// Opens a marked-content sequence for text about to be drawn (closed by `close_mark`).
  void open_mark();
  void close_mark() { content_.back() += "EMC\n"; }
  /// The structure tree, once the pages exist (`pages`: their objects, in order).
  void write_structure(const std::vector<PoDoFo::PdfObject*>& pages);

  PoDoFo::PdfMemDocument& doc_;
  /// Leaf roles: text drawn while one is innermost belongs to it.
  static bool leaf(const char* role);
  PoDoFo::PdfFont* font_;
  const texts& t_;
  std::string running_head_;
  std::vector<std::string> content_;  ///< each page's content stream, written at the end
  std::vector<std::size_t> plain_sizes_;  ///< content_'s pages but the last, deflated: their sizes
  std::set<char32_t> used_;           ///< every character drawn: the font subset's
  /// The BMP's glyph ids and widths at size 1, each looked up in the font once (-1: not yet).
  std::vector<std::int32_t> glyphs_ = std::vector<std::int32_t>(0x10000, -1);
  std::size_t pages_ = 0;
  double y_ = top;
  std::vector<double> widths_ = std::vector<double>(0x10000, -1.0);
  // What the page's content stream has set so far, so nothing is said twice: the text object
  // open (text drawn in a row shares one, positioned relative to the last text's origin, in
  // hundredths of a point), the font size, the colours, the line width.
  bool in_text_ = false;
  long long text_x_ = 0, text_y_ = 0;
  double font_size_ = -1;
  rgb fill_{-1, -1, -1}, stroke_{-1, -1, -1};
  double line_w_ = -1;

  /// The font's glyph for a character (what Identity-H text is written in); remembered, and
  /// the character noted for the subset.
  unsigned glyph(char32_t cp);

  /// A number as a content stream writes it: at most two decimals, no exponent.
  void number(double v);
  void hundredths(long long v);
  /// Closes the text object, if one is open (paths may not be drawn inside one).
  void end_text();
  /// Forgets what was set: a new content stream starts with nothing.
  void reset_state();
  void numbers(std::initializer_list<double> v);
  void colour_op(rgb c, const char* op);
  void fill_colour(rgb c);
};

/// What a PDF's information dictionary says. `document_time` (seconds since 1970, UTC) is
/// the creation date: never the wall clock, so the same inputs give the same bytes.
struct document_info {
  std::string title, tool_version, running_head;
  std::int64_t document_time = 0;
};

/// Writes a whole PDF to `path`: loads the report font, lets `render` lay out the pages,
/// numbers them and embeds the font subset. False with `why` (no font, PoDoFo error).
bool write_document(const std::string& path, const document_info& info, const texts& t,
                    const std::function<void(layout&)>& render, std::string& why);

}  // namespace slaudit::reports::pdf
