#include "reports/pdf_writer.hpp"

#include <podofo/podofo.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <set>
#include <cmath>
#include <functional>
#include <map>
#include <memory>
#include <mutex>

#include "engine/money.hpp"
#include "reports/font_file.hpp"
#include "reports/penalty_text.hpp"
#include "reports/text_format.hpp"

namespace slaudit::reports {
namespace {

using namespace PoDoFo;
using namespace slaudit::engine;

constexpr double page_w = 595.28, page_h = 841.89;  // A4 in points
constexpr double margin = 50, top = page_h - 56, bottom = 60;
constexpr double body = 9, small = 8;

struct rgb {
  double r, g, b;
};
constexpr rgb black{0, 0, 0}, grey{0.45, 0.45, 0.45}, rule_grey{0.7, 0.7, 0.7}, head_fill{0.87, 0.89, 0.93},
    red{0.75, 0.1, 0.1}, green{0.1, 0.5, 0.2}, bar_back{0.92, 0.92, 0.92};

/// One code point of UTF-8 text at `at` (advanced past it).
char32_t next_code_point(std::string_view s, std::size_t& at) {
  auto c = static_cast<unsigned char>(s[at]);
  std::size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
  char32_t cp = len == 1 ? c : len == 2 ? c & 0x1F : len == 3 ? c & 0x0F : c & 0x07;
  for (std::size_t k = 1; k < len && at + k < s.size(); ++k) cp = cp << 6 | (static_cast<unsigned char>(s[at + k]) & 0x3F);
  at += len;
  return cp;
}

bool is_cjk(char32_t cp) { return cp >= 0x2E80 && !(cp >= 0xFF61 && cp <= 0xFFDC); }

/// The document being laid out: pages in order, a cursor, text measured with the font.
class layout {
 public:
  layout(PdfMemDocument& doc, PdfFont* font, const texts& t, std::string running_head)
      : doc_(doc), font_(font), t_(t), running_head_(std::move(running_head)) {}

  ~layout() = default;

  double width(std::string_view s, double size) {
    double w = 0;
    for (std::size_t at = 0; at < s.size();) {
      char32_t cp = next_code_point(s, at);
      if (cp < 128 && ascii_[cp] >= 0) {
        w += ascii_[cp] * size;
        continue;
      }
      auto it = widths_.find(cp);
      if (it == widths_.end()) {
        font_->SetFontSize(1000);
        double v = cp <= 0xFFFF ? font_->GetFontMetrics()->UnicodeCharWidth(static_cast<unsigned short>(cp))
                                : font_->GetFontMetrics()->UnicodeCharWidth(0x6C49);  // outside the BMP: as wide as 汉
        it = widths_.emplace(cp, v / 1000.0).first;
      }
      if (cp < 128) ascii_[cp] = it->second;
      w += it->second * size;
    }
    return w;
  }

  /// Lines of at most `max` points: breaks at spaces, and between any two CJK characters.
  std::vector<std::string> wrap(std::string_view text, double max, double size) {
    std::vector<std::string> lines;
    for (std::size_t from = 0; from <= text.size();) {
      auto nl = text.find('\n', from);
      std::string_view para = text.substr(from, nl == std::string_view::npos ? std::string_view::npos : nl - from);
      wrap_paragraph(para, max, size, lines);
      if (nl == std::string_view::npos) break;
      from = nl + 1;
    }
    return lines;
  }

  void new_page() {
    content_.emplace_back();
    ++pages_;
    font_size_ = -1;  // a new content stream starts with nothing set
    fill_ = {-1, -1, -1};
    y_ = top;
    if (!running_head_.empty() && pages_ > 1) {
      draw_text(margin, page_h - 36, running_head_, small, grey);
      line(margin, page_h - 40, page_w - margin, page_h - 40, rule_grey, 0.5);
    }
  }

  /// Room for `h` points below the cursor, or a new page.
  bool ensure(double h) {
    if (y_ - h >= bottom) return false;
    new_page();
    return true;
  }

  // The page's content stream is written here directly (PoDoFo's painter formats every
  // number through a stream and re-encodes every string: most of the PDF's time). Text is
  // Identity-H: each character is its UTF-16 code, which the subset font maps to its glyph.
  void draw_text(double x, double baseline, std::string_view s, double size, rgb colour = black) {
    if (s.empty()) return;
    std::string& out = content_.back();
    out += "BT\n";
    if (size != font_size_) {
      out += '/';
      out += font_->GetIdentifier().GetName();
      out += ' ';
      number(size);
      out += " Tf\n";
      font_size_ = size;
    }
    fill_colour(colour);
    numbers({x, baseline});
    out += " Td <";
    static const char hex[] = "0123456789ABCDEF";
    for (std::size_t at = 0; at < s.size();) {
      char32_t cp = next_code_point(s, at);
      unsigned gid = glyph(cp);
      for (int shift = 12; shift >= 0; shift -= 4) out += hex[(gid >> shift) & 15];
    }
    out += "> Tj\nET\n";
  }

  void line(double x1, double y1, double x2, double y2, rgb colour, double w) {
    std::string& out = content_.back();
    number(w);
    out += " w ";
    colour_op(colour, "RG");
    numbers({x1, y1});
    out += " m ";
    numbers({x2, y2});
    out += " l S\n";
  }

  void box(double x, double y, double w, double h, rgb colour) {
    std::string& out = content_.back();
    fill_colour(colour);
    numbers({x, y, w, h});
    out += " re f\n";
  }

  void space(double h) { y_ -= h; }

  void heading(std::string_view s) {
    ensure(40);
    y_ -= 18;
    draw_text(margin, y_, s, 13);
    y_ -= 6;
    line(margin, y_, page_w - margin, y_, rule_grey, 0.6);
    y_ -= 8;
  }

  void paragraph(std::string_view s, double size = body, rgb colour = black, double indent = 0) {
    double lead = size * 1.45;
    for (auto& l : wrap(s, page_w - 2 * margin - indent, size)) {
      ensure(lead);
      y_ -= lead;
      draw_text(margin + indent, y_ + size * 0.25, l, size, colour);
    }
  }

  /// A label and a value on one line (wrapped under the value's column).
  void field(std::string_view label, std::string_view value, double label_w = 150, double size = body,
             rgb colour = black) {
    double lead = size * 1.5;
    auto lines = wrap(value, page_w - 2 * margin - label_w, size);
    if (lines.empty()) lines.emplace_back();
    ensure(lead * static_cast<double>(std::min<std::size_t>(lines.size(), 3)));
    y_ -= lead;
    draw_text(margin, y_ + size * 0.25, label, size, grey);
    for (std::size_t k = 0; k < lines.size(); ++k) {
      if (k) {
        ensure(lead);
        y_ -= lead;
      }
      draw_text(margin + label_w, y_ + size * 0.25, lines[k], size, colour);
    }
  }

  struct column {
    std::string head;
    double width;
    bool right = false;
  };
  /// A table that breaks across pages, repeating its header; `colour_of` may colour a cell.
  void table(const std::vector<column>& cols, const std::vector<std::vector<std::string>>& rows,
             const std::function<rgb(std::size_t row, std::size_t col)>& colour_of = nullptr) {
    const double size = small, lead = size * 1.35, pad = 3;
    auto cells_of = [&](const std::vector<std::string>& cells) {
      std::vector<std::vector<std::string>> wrapped;
      std::size_t most = 1;
      for (std::size_t c = 0; c < cols.size(); ++c) {
        wrapped.push_back(wrap(c < cells.size() ? cells[c] : std::string(), cols[c].width - 2 * pad, size));
        most = std::max(most, wrapped.back().size());
      }
      return std::pair{wrapped, static_cast<double>(most) * lead + 2 * pad};
    };
    std::vector<std::string> heads;
    for (auto& c : cols) heads.push_back(c.head);
    // Plain variables, not a structured binding: the lambdas below capture them (clang 14
    // refuses to capture bindings).
    auto head = cells_of(heads);
    const auto& head_cells = head.first;
    double head_h = head.second;
    // Lines [from, to) of a row's cells, as one band of the table.
    auto draw_row = [&](const std::vector<std::vector<std::string>>& cells, std::size_t from, std::size_t to,
                        bool header, std::size_t r) {
      double h = static_cast<double>(to - from) * lead + 2 * pad;
      double x = margin;
      if (header) box(margin, y_ - h, total_width(cols), h, head_fill);
      for (std::size_t c = 0; c < cols.size(); ++c) {
        rgb colour = !header && colour_of ? colour_of(r, c) : black;
        double line_y = y_ - pad - size;
        for (std::size_t k = from; k < to && k < cells[c].size(); ++k) {
          const auto& l = cells[c][k];
          double tx = cols[c].right ? x + cols[c].width - pad - width(l, size) : x + pad;
          draw_text(tx, line_y + size * 0.2, l, size, colour);
          line_y -= lead;
        }
        x += cols[c].width;
      }
      line(margin, y_ - h, margin + total_width(cols), y_ - h, rule_grey, 0.4);
      y_ -= h;
    };
    auto lines_of = [](const std::vector<std::vector<std::string>>& cells) {
      std::size_t most = 1;
      for (auto& c : cells) most = std::max(most, c.size());
      return most;
    };
    auto header_again = [&] {
      new_page();
      line(margin, y_, margin + total_width(cols), y_, rule_grey, 0.4);
      draw_row(head_cells, 0, lines_of(head_cells), true, 0);
    };
    ensure(head_h + lead * 2 + 2 * pad);
    line(margin, y_, margin + total_width(cols), y_, rule_grey, 0.4);
    draw_row(head_cells, 0, lines_of(head_cells), true, 0);
    for (std::size_t r = 0; r < rows.size(); ++r) {
      auto [cells, h] = cells_of(rows[r]);
      std::size_t total = lines_of(cells);
      // A row moves to the next page whole when it fits there; a row taller than a page
      // continues over as many pages as it needs, nothing cut.
      if (y_ - h < bottom) header_again();
      for (std::size_t from = 0; from < total;) {
        auto room = static_cast<std::size_t>(std::max(0.0, (y_ - bottom - 2 * pad) / lead));
        if (room == 0) {
          header_again();
          room = std::max<std::size_t>(1, static_cast<std::size_t>(std::max(0.0, (y_ - bottom - 2 * pad) / lead)));
        }
        std::size_t to = std::min(total, from + room);
        draw_row(cells, from, to, false, r);
        from = to;
      }
    }
    y_ -= 6;
  }

  /// Page numbers on every page, once the number of pages is known; then the pages go into
  /// the document, each with its content stream and the font among its resources.
  void number_pages() {
    std::vector<std::string> pages;
    pages.swap(content_);
    for (std::size_t k = 0; k < pages.size(); ++k) {
      content_.assign(1, std::string());
      font_size_ = -1;
      fill_ = {-1, -1, -1};
      std::string label = t_.fill("pdf.page", {{"n", std::to_string(k + 1)}, {"total", std::to_string(pages_)}});
      draw_text(page_w / 2 - width(label, small) / 2, 30, label, small, grey);
      pages[k] += content_.front();
    }
    content_.clear();
    // Every character drawn goes into the font subset (with its ToUnicode entry).
    std::u16string chars;
    for (char32_t cp : used_)
      if (cp <= 0xFFFF) chars += static_cast<char16_t>(cp);
    if (!chars.empty()) {
      std::string utf16be;
      for (char16_t c : chars) utf16be += static_cast<char>(c >> 8), utf16be += static_cast<char>(c & 0xff);
      PdfString text(reinterpret_cast<const pdf_utf16be*>(utf16be.data()), static_cast<pdf_long>(chars.size()));
      font_->AddUsedSubsettingGlyphs(text, static_cast<long>(chars.size()));
    }
    for (auto& content : pages) {
      PdfPage* page = doc_.CreatePage(PdfPage::CreateStandardPageSize(ePdfPageSize_A4));
      page->AddResource(font_->GetIdentifier(), font_->GetObject()->Reference(), PdfName("Font"));
      page->GetContentsForAppending()->GetStream()->Set(content.data(), static_cast<pdf_long>(content.size()));
    }
  }

  double y() const { return y_; }
  void set_y(double v) { y_ = v; }
  std::size_t pages() const { return pages_; }

 private:
  static double total_width(const std::vector<column>& cols) {
    double w = 0;
    for (auto& c : cols) w += c.width;
    return w;
  }

  void wrap_paragraph(std::string_view s, double max, double size, std::vector<std::string>& lines) {
    std::string current;
    double current_w = 0;
    std::size_t last_break = std::string::npos;  // in `current`: a place the line may end
    double width_at_break = 0;
    for (std::size_t at = 0; at < s.size();) {
      std::size_t start = at;
      char32_t cp = next_code_point(s, at);
      std::string_view ch = s.substr(start, at - start);
      double w = width(ch, size);
      if (is_cjk(cp) && !current.empty()) last_break = current.size(), width_at_break = current_w;
      if (current_w + w > max && !current.empty()) {
        if (last_break != std::string::npos && last_break > 0) {
          std::string rest = current.substr(last_break);
          lines.push_back(current.substr(0, last_break));
          while (!rest.empty() && rest.front() == ' ') rest.erase(0, 1);
          current = rest;
          current_w = width(current, size);
        } else {
          lines.push_back(current);  // one word wider than the column: cut it
          current.clear();
          current_w = 0;
        }
        last_break = std::string::npos;
        (void)width_at_break;
      }
      if (cp == ' ' && current.empty()) continue;
      current.append(ch);
      current_w += w;
      if (cp == ' ' || cp == '/' || cp == ',' || cp == ';') last_break = current.size(), width_at_break = current_w;
      if (is_cjk(cp)) last_break = current.size(), width_at_break = current_w;
    }
    if (!current.empty() || lines.empty()) lines.push_back(current);
  }

  PdfMemDocument& doc_;
  PdfFont* font_;
  const texts& t_;
  std::string running_head_;
  std::vector<std::string> content_;  ///< each page's content stream, written at the end
  std::set<char32_t> used_;           ///< every character drawn: the font subset's
  std::map<char32_t, unsigned> glyphs_;
  std::size_t pages_ = 0;
  double y_ = top;
  std::map<char32_t, double> widths_;
  double font_size_ = -1;
  rgb fill_{-1, -1, -1};
  std::array<double, 128> ascii_ = filled(-1.0);  ///< widths at size 1 of ASCII, once measured

  /// The font's glyph for a character (what Identity-H text is written in); remembered, and
  /// the character noted for the subset.
  unsigned glyph(char32_t cp) {
    auto it = glyphs_.find(cp);
    if (it == glyphs_.end()) {
      used_.insert(cp);
      long id = cp <= 0xFFFF ? font_->GetFontMetrics()->GetGlyphId(static_cast<long>(cp)) : 0;
      it = glyphs_.emplace(cp, static_cast<unsigned>(std::max(id, 0L)) & 0xFFFF).first;
    }
    return it->second;
  }

  /// A number as a content stream writes it: at most two decimals, no exponent.
  void number(double v) {
    char buf[32];
    long long hundredths = std::llround(v * 100.0);
    if (hundredths < 0) content_.back() += '-', hundredths = -hundredths;
    auto end = std::to_chars(buf, buf + sizeof buf, hundredths / 100).ptr;
    content_.back().append(buf, end);
    if (hundredths % 100) {
      content_.back() += '.';
      content_.back() += static_cast<char>('0' + hundredths % 100 / 10);
      if (hundredths % 10) content_.back() += static_cast<char>('0' + hundredths % 10);
    }
  }
  void numbers(std::initializer_list<double> v) {
    bool first = true;
    for (double x : v) {
      if (!first) content_.back() += ' ';
      number(x);
      first = false;
    }
  }
  void colour_op(rgb c, const char* op) {
    numbers({c.r, c.g, c.b});
    content_.back() += ' ';
    content_.back() += op;
    content_.back() += '\n';
  }
  void fill_colour(rgb c) {
    if (c.r == fill_.r && c.g == fill_.g && c.b == fill_.b) return;
    colour_op(c, "rg");
    fill_ = c;
  }

  static std::array<double, 128> filled(double v) {
    std::array<double, 128> a;
    a.fill(v);
    return a;
  }
};

std::string local(const zone& z, instant t) { return timestamp_text(z.to_local(t), ' ').substr(0, 16); }

std::string pdf_date(std::int64_t t) {
  // D:YYYYMMDDHHmmSSZ, from the document time (never the wall clock).
  std::string s = timestamp_text(t, 'T');  // 2026-10-31T16:00:00
  std::string d = "D:";
  for (char ch : s)
    if (ch >= '0' && ch <= '9') d += ch;
  return d + "Z";
}

const std::string& font_path(std::string& why) {
  static std::once_flag once;
  static std::string path, error;
  std::call_once(once, [] {
    auto p = report_font_path(error);
    if (p) path = *p;
  });
  why = error;
  return path;
}

void render(layout& L, const report_context& ctx) {
  const auto& t = ctx.t;
  const auto& r = ctx.result;
  const auto& c = ctx.contract;
  const auto& m = r.money;
  auto money = [&](minor_units v) { return t.money(v, m.currency); };

  // Cover.
  L.new_page();
  L.space(120);
  L.draw_text(margin, L.y(), t("report.title"), 22);
  L.space(34);
  L.draw_text(margin, L.y(), c.title.empty() ? r.contract_id : c.title, 14);
  L.space(40);
  breach_counts breaches = count_breaches(r);
  bool any = breaches.total() > 0;
  L.field(t("summary.contract"), r.contract_id);
  L.field(t("summary.customer"), c.party(party_role::customer));
  L.field(t("summary.provider"), c.party(party_role::provider));
  L.field(t("summary.period"), t.period_label(r.period) + "  (" + r.timezone + ")");
  L.field(t("summary.verdict"), t(any ? "verdict.overall.breached" : "verdict.overall.met"), 150, 11, any ? red : green);
  L.field(t("summary.provider_total"), money(m.provider_total), 150, 11);
  if (m.customer_total) L.field(t("summary.customer_total"), money(m.customer_total), 150, 11);
  L.field(t("summary.services_breached"), std::to_string(breaches.services));
  L.field(t("summary.clocks_breached"), std::to_string(breaches.clocks));
  L.space(20);
  L.field(t("summary.generated"), timestamp_text(ctx.document_time, ' ').substr(0, 10));
  L.field(t("summary.tool"), "slaudit " + ctx.tool_version);

  // Summary table.
  L.new_page();
  L.heading(t("pdf.section.summary"));
  std::vector<std::vector<std::string>> rows;
  std::vector<verdict> verdicts;
  for (auto& a : r.availability) {
    std::string name = a.service;
    for (auto& s : c.services)
      if (s.id == a.service && !s.label.empty()) name += " " + s.label;
    rows.push_back({name, std::to_string(a.S), std::to_string(a.M), std::to_string(a.U),
                    a.denominator > 0 ? percent_text(a.numerator, a.denominator) + "%" : "—",
                    a.target_pct ? a.target_pct->str() + "%" : "—",
                    a.denominator <= 0 ? t("verdict.not_measurable") : a.target_pct ? t.verdict(a.on_target) : t("verdict.no_target"),
                    clauses(&a.target_where)});
    verdicts.push_back(a.denominator > 0 && a.target_pct ? a.on_target : verdict::not_measurable);
  }
  L.table({{t("services.service"), 110}, {t("services.S"), 62, true}, {t("services.M"), 62, true},
           {t("services.U"), 62, true}, {t("services.availability"), 70, true}, {t("services.target"), 45, true},
           {t("services.verdict"), 50}, {t("services.clause"), 34}},
          rows, [&](std::size_t row, std::size_t col) {
            if (col != 6) return black;
            return verdicts[row] == verdict::breached ? red : verdicts[row] == verdict::met ? green : black;
          });
  for (auto& a : r.availability)
    if (a.denominator > 0) L.paragraph(a.service + ": " + a.formula, small, grey);
  if (!r.rates.empty()) {
    rows.clear();
    std::vector<verdict> rate_verdicts;
    for (auto& x : r.rates) {
      rows.push_back({t("metric." + x.metric) + (x.service.empty() ? "" : " (" + x.service + ")"),
                      x.denominator > 0 ? percent_text(x.numerator, x.denominator) + "%" : "—",
                      x.target_pct ? x.target_pct->str() + "%" : "—",
                      x.denominator <= 0 ? t("verdict.not_measurable") : x.target_pct ? t.verdict(x.outcome) : t("verdict.no_target"),
                      x.formula});
      rate_verdicts.push_back(x.outcome);
    }
    L.space(6);
    L.table({{t("metrics.metric"), 110}, {t("metrics.rate"), 60, true}, {t("metrics.target"), 50, true},
             {t("metrics.verdict"), 55}, {t("pdf.working"), 220}},
            rows, [&](std::size_t row, std::size_t col) {
              if (col != 3) return black;
              return rate_verdicts[row] == verdict::breached ? red : rate_verdicts[row] == verdict::met ? green : black;
            });
  }

  // Availability against target: horizontal bars on a shared scale, the target as a mark.
  L.heading(t("pdf.section.chart"));
  double lowest = 1.0;
  for (auto& a : r.availability) {
    if (a.denominator > 0) lowest = std::min(lowest, static_cast<double>(a.numerator) / static_cast<double>(a.denominator));
    if (a.target_pct) lowest = std::min(lowest, static_cast<double>(a.target_pct->units) / std::pow(10.0, a.target_pct->scale + 2));
  }
  double from = std::max(0.0, std::floor(lowest * 100.0 - 0.5) / 100.0);
  double x0 = margin + 110, span = page_w - margin - x0 - 60;
  auto at = [&](double v) { return x0 + span * std::clamp((v - from) / (1.0 - from), 0.0, 1.0); };
  for (auto& a : r.availability) {
    L.ensure(24);
    double y = L.y() - 18;
    L.draw_text(margin, y + 4, a.service, body);
    L.box(x0, y, span, 12, bar_back);
    if (a.denominator > 0) {
      double v = static_cast<double>(a.numerator) / static_cast<double>(a.denominator);
      L.box(x0, y, at(v) - x0, 12, a.on_target == verdict::breached ? red : green);
      L.draw_text(x0 + span + 6, y + 3, percent_text(a.numerator, a.denominator) + "%", small);
    }
    if (a.target_pct) {
      double tx = at(static_cast<double>(a.target_pct->units) / std::pow(10.0, a.target_pct->scale + 2));
      L.line(tx, y - 3, tx, y + 15, black, 1.2);
    }
    L.set_y(y - 6);
  }
  L.ensure(16);
  L.set_y(L.y() - 12);
  char from_label[32];
  std::snprintf(from_label, sizeof from_label, "%.0f%%", from * 100.0);
  L.draw_text(x0, L.y(), from_label, small, grey);
  L.draw_text(x0 + span - 20, L.y(), "100%", small, grey);
  L.draw_text(x0 + 60, L.y(), t("pdf.chart.legend"), small, grey);
  L.space(8);

  // What breached: clocks of incidents and tickets.
  L.heading(t("pdf.section.breaches"));
  rows.clear();
  for (auto* list : {&r.clocks, &r.tickets})
    for (auto& x : *list) {
      if (x.outcome != verdict::breached) continue;
      std::string what = list == &r.tickets ? t("tickets.ticket") : t(x.kind == "respond" ? "kind.respond" : "kind.restore");
      rows.push_back({std::string(x.incident), what, local(ctx.zone, x.start), x.stop ? local(ctx.zone, *x.stop) : "—",
                      std::to_string(x.elapsed_s), std::to_string(x.target_s), clauses(x.target_where),
                      clock_note_text(x, t)});
    }
  if (rows.empty()) L.paragraph(t("pdf.none"));
  else
    L.table({{t("incidents.incident"), 70}, {t("incidents.kind"), 38}, {t("incidents.start"), 62},
             {t("incidents.stop"), 62}, {t("incidents.elapsed"), 52, true}, {t("incidents.target"), 52, true},
             {t("services.clause"), 40}, {t("incidents.note"), 119}},
            rows);

  L.heading(t("pdf.section.escalations"));
  rows.clear();
  for (auto& e : r.escalations) {
    if (e.outcome != verdict::breached) continue;
    for (auto& role : e.roles)
      rows.push_back({std::string(e.incident), std::to_string(e.after_s / 60), local(ctx.zone, e.due), std::string(role.role),
                      role.notified ? local(ctx.zone, *role.notified) : "—",
                      notice_text(role, t),
                      clauses(e.where)});
  }
  if (rows.empty()) L.paragraph(t("pdf.none"));
  else
    L.table({{t("escalations.incident"), 70}, {t("escalations.after"), 55, true}, {t("escalations.due"), 70},
             {t("escalations.role"), 90}, {t("escalations.notified"), 70}, {t("escalations.status"), 60},
             {t("services.clause"), 80}},
            rows, [&](std::size_t row, std::size_t col) { return col == 5 && rows[row][5] != t("notice.on_time") ? red : black; });

  // The penalty trail: each line with its clause, rule, inputs, working and amount.
  L.heading(t("pdf.section.penalties"));
  L.field(t("penalties.rounding"), rounding_phrase(c, t));
  if (m.lines.empty()) L.paragraph(t("penalties.none"));
  for (std::size_t k = 0; k < m.lines.size(); ++k) {
    const auto& l = m.lines[k];
    auto words = phrase_penalty(l, r, t);
    L.ensure(70);
    L.space(6);
    L.paragraph(std::to_string(k + 1) + ". " + l.penalty + " — " + words.subject + "  (" + t("services.clause") + " " +
                    clauses(&l.where) + ")" +
                    (l.payer == party_role::customer ? "  [" + t("payer.customer") + "]" : ""),
                10);
    L.field(t("pdf.penalty.rule"), words.rule, 80, small);
    std::string inputs;
    for (auto& in : words.inputs) inputs += (inputs.empty() ? "" : "\n") + in;
    L.field(t("pdf.penalty.inputs"), inputs, 80, small);
    L.field(t("pdf.penalty.formula"), words.working, 80, small);
    L.field(t("pdf.penalty.amount"), money(l.amount) + (l.cap_cut ? "  (" + words.cap_note + ")" : ""), 80, body,
            l.cap_cut ? red : black);
  }
  auto caps = caps_phrases(m, t);
  if (!caps.empty()) {
    L.space(6);
    for (auto& cap : caps) L.field(t("pdf.penalty.cap"), cap, 80, small);
  }
  L.space(6);
  L.field(t("penalties.provider_before_caps"), money(m.provider_before_caps), 180);
  L.field(t("penalties.provider_total"), money(m.provider_total), 180, 11);
  L.field(t("penalties.customer_total"), money(m.customer_total), 180, 11);

  // Inputs, version, signatures.
  L.heading(t("pdf.section.inputs"));
  rows.clear();
  for (auto& f : r.inputs)
    rows.push_back({f.name, f.encoding, std::to_string(f.bytes), std::to_string(f.rows), f.sha256});
  rows.push_back({t("inputs.contract") + ": " + r.contract_path, "", "", "", ctx.contract_sha256});
  L.table({{t("inputs.file"), 120}, {t("inputs.encoding"), 48}, {t("inputs.bytes"), 50, true},
           {t("inputs.rows"), 40, true}, {t("inputs.sha256"), 237}},
          rows);
  L.field(t("summary.tool"), "slaudit " + ctx.tool_version);
  if (!r.findings.empty()) {
    L.heading(t("pdf.section.findings"));
    for (auto& f : r.findings)
      L.paragraph((f.at.file.empty() ? std::string() : std::string(f.at.file) + ":" + std::to_string(f.at.row) + "  ") +
                      f.message,
                  small);
  }

  L.heading(t("pdf.section.signature"));
  L.ensure(150);
  double y = L.y() - 16, half = (page_w - 2 * margin) / 2;
  for (int k = 0; k < 2; ++k) {
    party_role role = k == 0 ? party_role::customer : party_role::provider;
    double x = margin + k * half;
    L.draw_text(x, y, t(k == 0 ? "summary.customer" : "summary.provider"), body, grey);
    L.draw_text(x, y - 16, c.party(role), body);
    for (int line = 0; line < 3; ++line) {
      double ly = y - 50 - line * 30;
      L.draw_text(x, ly + 3, t(line == 0 ? "pdf.signature.sign" : line == 1 ? "pdf.signature.seal" : "pdf.signature.date"),
                  body, grey);
      L.line(x + 60, ly, x + half - 20, ly, rule_grey, 0.6);
    }
  }
  L.set_y(y - 140);
}

}  // namespace

bool write_pdf(const report_context& ctx, const std::string& path, std::string& why) {
  const std::string& font_file = font_path(why);
  if (font_file.empty()) return false;
  PdfError::EnableLogging(false);  // errors reach the user once, as slaudit's message
  try {
    PdfMemDocument doc;
    // Identity-H encoding: every character the text uses goes into the subset, with ToUnicode.
    // The font deletes an auto-delete encoding with itself; until it exists, this does.
    auto encoding = std::make_unique<PdfIdentityEncoding>(0, 0xffff, true);
    PdfFont* font = doc.CreateFontSubset("WenQuanYi Micro Hei", false, false, false, encoding.get(), font_file.c_str());
    if (!font) {
      why = font_file + ": PoDoFo could not load the font";
      return false;
    }
    encoding.release();
    {
      layout L(doc, font, ctx.t, ctx.result.contract_id + "  " + ctx.t.period_label(ctx.result.period));
      render(L, ctx);
      L.number_pages();
    }
    // Fixed document metadata: the same inputs give the same bytes (the /ID derives from these).
    PdfInfo* info = doc.GetInfo();
    std::string title = ctx.t("report.title") + " " + ctx.result.contract_id + " " + ctx.result.period;
    info->SetTitle(PdfString(reinterpret_cast<const pdf_utf8*>(title.c_str())));
    info->SetCreator(PdfString("slaudit"));
    std::string producer = "slaudit " + ctx.tool_version + " (PoDoFo)";
    info->SetProducer(PdfString(producer.c_str()));
    PdfString date(pdf_date(ctx.document_time).c_str());
    info->GetObject()->GetDictionary().AddKey(PdfName("CreationDate"), date);
    info->GetObject()->GetDictionary().AddKey(PdfName("ModDate"), date);
    doc.Write(path.c_str());
  } catch (const PdfError& e) {
    why = std::string("PDF: ") + PdfError::ErrorName(e.GetError()) +
          (e.GetError() == ePdfError_FreeType ? " (the font " + font_file + " could not be read)" : "");
    return false;
  }
  return true;
}

}  // namespace slaudit::reports
