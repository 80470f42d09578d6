#include "reports/pdf_layout.hpp"

#include <ft2build.h>
#include FT_FREETYPE_H
#include <podofo/podofo.h>

#include <charconv>
#include <cmath>
#include <cstring>
#include <memory>
#include <mutex>

#include "reports/deflate.hpp"
#include "reports/font_file.hpp"
#include "reports/srgb_profile.hpp"
#include "reports/text_format.hpp"

namespace slaudit::reports::pdf {
namespace {

using namespace PoDoFo;

/// One code point of UTF-8 text at `at` (advanced past it).
char32_t next_code_point(std::string_view s, std::size_t& at) {
  auto c = static_cast<unsigned char>(s[at]);
  std::size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
  char32_t cp = len == 1 ? c : len == 2 ? c & 0x1F : len == 3 ? c & 0x0F : c & 0x07;
  for (std::size_t k = 1; k < len && at + k < s.size(); ++k)
    cp = cp << 6 | (static_cast<unsigned char>(s[at + k]) & 0x3F);
  at += len;
  return cp;
}

bool is_cjk(char32_t cp) { return cp >= 0x2E80 && !(cp >= 0xFF61 && cp <= 0xFFDC); }

/// Closing punctuation, which a line may not start with (GB/T 15834, and the usual rule for
/// Chinese text): the character before it moves to the next line with it.
bool closes(char32_t cp) {
  switch (cp) {
    case U'。':
    case U'，':
    case U'、':
    case U'；':
    case U'：':
    case U'！':
    case U'？':
    case U'）':
    case U'」':
    case U'』':
    case U'】':
    case U'》':
    case U'〉':
    case U'”':
    case U'’':
    case U'％':
    case U'…':
      return true;
    default:
      return false;
  }
}

/// Opening punctuation, which a line may not end with.
bool opens(char32_t cp) {
  switch (cp) {
    case U'（':
    case U'「':
    case U'『':
    case U'【':
    case U'《':
    case U'〈':
    case U'“':
    case U'‘':
      return true;
    default:
      return false;
  }
}

std::string pdf_date(std::int64_t t) {
  // D:YYYYMMDDHHmmSSZ, from the document time (never the wall clock).
  std::string s = timestamp_text(t, 'T');  // 2026-10-31T16:00:00
  std::string d = "D:";
  for (char ch : s)
    if (ch >= '0' && ch <= '9') d += ch;
  return d + "Z";
}

/// The document's dates as XMP writes them (2026-10-31T16:00:00Z): the Info dictionary's, to the
/// second.
std::string xmp_date(std::int64_t t) { return timestamp_text(t, 'T') + "Z"; }

/// `s` as XML text: the title names contracts, whose ids may hold '&' or '<'.
std::string xml_text(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

/// The XMP packet of a PDF/A-2b document: its identification (part 2, conformance B) and the
/// same title, dates, producer and creator as the Info dictionary (ISO 19005-2, 6.6).
std::string xmp_packet(const std::string& title, const std::string& producer, std::int64_t time) {
  std::string date = xmp_date(time);
  return "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
         "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
         " <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
         "  <rdf:Description rdf:about=\"\"\n"
         "    xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
         "    xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n"
         "    xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"\n"
         "    xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\">\n"
         "   <dc:format>application/pdf</dc:format>\n"
         "   <dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">" + xml_text(title) + "</rdf:li></rdf:Alt></dc:title>\n"
         "   <xmp:CreateDate>" + date + "</xmp:CreateDate>\n"
         "   <xmp:ModifyDate>" + date + "</xmp:ModifyDate>\n"
         "   <xmp:CreatorTool>slaudit</xmp:CreatorTool>\n"
         "   <pdf:Producer>" + xml_text(producer) + "</pdf:Producer>\n"
         "   <pdfaid:part>2</pdfaid:part>\n"
         "   <pdfaid:conformance>B</pdfaid:conformance>\n"
         "  </rdf:Description>\n"
         " </rdf:RDF>\n"
         "</x:xmpmeta>\n"
         "<?xpacket end=\"w\"?>";
}

/// What makes the document PDF/A-2b besides what it draws (fonts embedded, no transparency):
/// the XMP metadata, left unfiltered, and an sRGB output intent for its colours.
void mark_pdfa(PdfMemDocument& doc, const std::string& title, const std::string& producer, std::int64_t time) {
  PdfDictionary& catalog = doc.GetCatalog()->GetDictionary();
  std::string xmp = xmp_packet(title, producer, time);
  PdfObject* metadata = doc.GetObjects().CreateObject("Metadata");
  metadata->GetDictionary().AddKey(PdfName("Subtype"), PdfName("XML"));
  metadata->GetStream()->Set(xmp.data(), static_cast<pdf_long>(xmp.size()));
  catalog.AddKey(PdfName("Metadata"), metadata->Reference());
  const std::string& icc = srgb_icc_profile();
  PdfObject* profile = doc.GetObjects().CreateObject();
  profile->GetDictionary().AddKey(PdfName("N"), PdfVariant(static_cast<pdf_int64>(3)));
  profile->GetStream()->Set(icc.data(), static_cast<pdf_long>(icc.size()));
  PdfObject* intent = doc.GetObjects().CreateObject("OutputIntent");
  PdfDictionary& d = intent->GetDictionary();
  d.AddKey(PdfName("S"), PdfName("GTS_PDFA1"));
  d.AddKey(PdfName("OutputConditionIdentifier"), PdfString("sRGB IEC61966-2.1"));
  d.AddKey(PdfName("Info"), PdfString("sRGB IEC61966-2.1"));
  d.AddKey(PdfName("DestOutputProfile"), profile->Reference());
  PdfArray intents;
  intents.push_back(intent->Reference());
  catalog.AddKey(PdfName("OutputIntents"), intents);
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

/// The report font as each thread hands it to PoDoFo: its FreeType library and the face's
/// bytes, read once. PoDoFo's own CreateFontSubset reads the 4.6 MB face from disk again for
/// every document (7% of a 1,000-incident PDF). Per thread, because PoDoFo's buffers count
/// their references without atomics and a FreeType library is not shared between threads.
class thread_font {
 public:
  ~thread_font() {
    bytes_ = PdfRefCountedBuffer();
    if (library_) FT_Done_FreeType(library_);
  }

  /// Metrics for a new subset of the font at `path` (the caller's font owns them).
  PdfFontMetricsFreetype* metrics(const std::string& path) {
    if (!library_ && FT_Init_FreeType(&library_) != 0) PODOFO_RAISE_ERROR(ePdfError_FreeType);
    if (path != path_) {
      auto text = read_font_file(path);
      if (!text) PODOFO_RAISE_ERROR(ePdfError_FreeType);
      bytes_ = PdfRefCountedBuffer(text->size());
      std::memcpy(bytes_.GetBuffer(), text->data(), text->size());
      path_ = path;
    }
    // The subset's name prefix PoDoFo's font cache gives a document's first subset.
    return new PdfFontMetricsFreetype(&library_, bytes_, false, "AAAAAA+");
  }

 private:
  FT_Library library_ = nullptr;
  std::string path_;
  PdfRefCountedBuffer bytes_;
};

/// `plain` as the object's stream, deflated here (reports/deflate.hpp) and handed to PoDoFo
/// as the stream's encoded bytes.
void set_deflated(PdfObject* object, std::string_view plain) {
  std::string packed = zlib_deflate(plain);
  object->GetDictionary().AddKey(PdfName::KeyFilter, PdfName("FlateDecode"));
  PdfMemoryInputStream bytes(packed.data(), static_cast<pdf_long>(packed.size()));
  object->GetStream()->SetRawData(&bytes);
}

/// Every stream of the document without a filter, deflated (reports/deflate.hpp).
void deflate_unfiltered_streams(PdfMemDocument& doc) {
  for (PdfObject* object : doc.GetObjects()) {
    if (!object || !object->HasStream() || object->GetDictionary().HasKey(PdfName::KeyFilter))
      continue;
    // PDF/A: the XMP metadata stays plain, for tools that read it without a PDF parser.
    if (const PdfObject* type = object->GetDictionary().GetKey(PdfName::KeyType);
        type && type->IsName() && type->GetName() == PdfName("Metadata"))
      continue;
    char* plain = nullptr;
    pdf_long length = 0;
    object->GetStream()->GetCopy(&plain, &length);
    std::unique_ptr<char, void (*)(void*)> held(plain, podofo_free);
    set_deflated(object, std::string_view(plain, static_cast<std::size_t>(length)));
  }
}

/// The subset font's CIDSet (which glyphs it holds), deflated again as every other stream is.
/// PoDoFo deflates that one stream itself while it embeds the font, with zlib at its default
/// level, whatever its default filter says.
void redeflate_cid_set(PdfVecObjects& objects, PdfFont* font) {
  PdfObject* descendants = font->GetObject()->GetIndirectKey("DescendantFonts");
  if (!descendants || !descendants->IsArray() || descendants->GetArray().empty()) return;
  PdfObject* cid_font = &descendants->GetArray()[0];
  if (cid_font->IsReference()) cid_font = objects.GetObject(cid_font->GetReference());
  PdfObject* descriptor = cid_font ? cid_font->GetIndirectKey("FontDescriptor") : nullptr;
  PdfObject* cid_set = descriptor ? descriptor->GetIndirectKey("CIDSet") : nullptr;
  if (!cid_set || !cid_set->HasStream()) return;
  char* plain = nullptr;
  pdf_long length = 0;
  cid_set->GetStream()->GetFilteredCopy(&plain, &length);
  std::unique_ptr<char, void (*)(void*)> held(plain, podofo_free);
  set_deflated(cid_set, std::string_view(plain, static_cast<std::size_t>(length)));
}

}  // namespace

double layout::width(std::string_view s, double size) {
  double w = 0;
  for (std::size_t at = 0; at < s.size();) {
    char32_t cp = next_code_point(s, at);
    std::size_t slot = cp <= 0xFFFF ? cp : 0x6C49;  // outside the BMP: as wide as 汉
    double& known = widths_[slot];
    if (known < 0) {
      font_->SetFontSize(1000);
      known = font_->GetFontMetrics()->UnicodeCharWidth(static_cast<unsigned short>(slot)) / 1000.0;
    }
    w += known * size;
  }
  return w;
}

std::vector<std::string_view> layout::wrap(std::string_view text, double max, double size) {
  // Most table cells fit on one line as they are (no break, no leading blank to drop).
  if (text.find('\n') == std::string_view::npos && (text.empty() || text.front() != ' ') &&
      width(text, size) <= max)
    return {text};
  std::vector<std::string_view> lines;
  for (std::size_t from = 0; from <= text.size();) {
    auto nl = text.find('\n', from);
    std::string_view para =
        text.substr(from, nl == std::string_view::npos ? std::string_view::npos : nl - from);
    wrap_paragraph(para, max, size, lines);
    if (nl == std::string_view::npos) break;
    from = nl + 1;
  }
  return lines;
}

void layout::new_page() {
  if (!content_.empty()) {
    end_text();
    // A finished page is kept deflated until the pages are numbered: a portfolio's thousands
    // of pages held plain were a large batch's last growth with its contracts.
    plain_sizes_.push_back(content_.back().size());
    std::string packed = zlib_deflate(content_.back());
    content_.back() = std::string(packed.data(), packed.size());  // not the compressor's room
  }
  content_.emplace_back();
  ++pages_;
  reset_state();
  y_ = top;
  if (!running_head_.empty() && pages_ > 1) {
    artifact_ = true;
    draw_text(margin, page_h - 36, running_head_, small, grey);
    end_text();
    artifact_ = false;
    line(margin, page_h - 40, page_w - margin, page_h - 40, rule_grey, 0.5);
  }
}

void layout::reset_state() {
  in_text_ = false;
  text_x_ = text_y_ = 0;
  font_size_ = -1;
  fill_ = stroke_ = {-1, -1, -1};
  line_w_ = -1;
}

void layout::end_text() {
  if (!in_text_) return;
  content_.back() += "ET\n";
  in_text_ = false;
}

bool layout::ensure(double h) {
  if (y_ - h >= bottom) return false;
  new_page();
  return true;
}

void layout::draw_text(double x, double baseline, std::string_view s, double size, rgb colour) {
  if (s.empty()) return;
  std::string& out = content_.back();
  if (!in_text_) {
    out += "BT\n";
    in_text_ = true;
    text_x_ = text_y_ = 0;  // a text object starts at the origin
  }
  if (size != font_size_) {
    out += '/';
    out += font_->GetIdentifier().GetName();
    out += ' ';
    number(size);
    out += " Tf\n";
    font_size_ = size;
  }
  fill_colour(colour);
  open_mark();
  // Td moves from the last text's origin; in whole hundredths, so every position comes out
  // exactly where an absolute one would.
  long long hx = std::llround(x * 100.0), hy = std::llround(baseline * 100.0);
  hundredths(hx - text_x_);
  out += ' ';
  hundredths(hy - text_y_);
  text_x_ = hx;
  text_y_ = hy;
  // The glyph ids as a literal string, two bytes each: half the size of hex. A backslash
  // guards the delimiters, the escape itself, and CR (a reader would turn it into LF). At most
  // four bytes a character (each of its UTF-8 bytes is one at least), so one resize holds it.
  out += " Td (";
  std::size_t n = out.size();
  out.resize(n + 4 * s.size());
  char* to = out.data() + n;
  for (std::size_t at = 0; at < s.size();) {
    unsigned gid = glyph(next_code_point(s, at));
    for (unsigned byte : {gid >> 8 & 0xffu, gid & 0xffu}) {
      switch (byte) {
        case '(':
        case ')':
        case '\\':
          *to++ = '\\';
          break;
        case '\r':
          *to++ = '\\';
          byte = 'r';
          break;
        default:
          break;
      }
      *to++ = static_cast<char>(byte);
    }
  }
  out.resize(static_cast<std::size_t>(to - out.data()));
  out += ") Tj\n";
  close_mark();
}

bool layout::leaf(const char* role) {
  std::string_view r = role;
  return r == "P" || r == "H1" || r == "TH" || r == "TD";
}

void layout::begin(const char* role) {
  auto id = static_cast<std::uint32_t>(elements_.size());
  elements_.push_back({role, open_.back(), {}, leaf(role)});
  elements_[open_.back()].kids.push_back({id, 0, 0});
  open_.push_back(id);
}

void layout::end() {
  if (open_.size() > 1) open_.pop_back();
}

void layout::open_mark() {
  std::string& out = content_.back();
  if (artifact_) {
    out += "/Artifact BMC\n";
    return;
  }
  // Text with no leaf open is a paragraph of its own.
  bool own = !elements_[open_.back()].leaf;
  if (own) begin("P");
  std::uint32_t id = open_.back();
  auto page = static_cast<std::uint32_t>(pages_ - 1);
  if (marks_.size() < pages_) marks_.resize(pages_);
  auto mcid = static_cast<std::uint32_t>(marks_[page].size());
  marks_[page].push_back(id);
  elements_[id].kids.push_back({none, page, mcid});
  out += '/';
  out += elements_[id].role;
  out += " <</MCID ";
  out += std::to_string(mcid);
  out += ">> BDC\n";
  if (own) end();
}

void layout::write_structure(const std::vector<PdfObject*>& pages) {
  // Tens of thousands of elements in a large month (a cell each): each is written as raw PDF
  // text, not built as PoDoFo dictionaries (which took most of the PDF's time).
  auto& objects = doc_.GetObjects();
  auto ref = [](const PdfObject* o) {
    return std::to_string(o->Reference().ObjectNumber()) + " " + std::to_string(o->Reference().GenerationNumber()) + " R";
  };
  auto raw = [](PdfObject* o, const std::string& text) { static_cast<PdfVariant&>(*o) = PdfVariant(PdfData(text.c_str())); };
  PdfObject* root = objects.CreateObject(PdfVariant(PdfData("null")));
  // Every element an object, made first so that parents and kids can refer to each other.
  std::vector<PdfObject*> made(elements_.size());
  for (auto& m : made) m = objects.CreateObject(PdfVariant(PdfData("null")));
  std::string text;
  for (std::size_t k = 0; k < elements_.size(); ++k) {
    const element& e = elements_[k];
    // A marked-content sequence on the element's page is its MCID; on another page (a table
    // cell that continues over a page), a marked-content reference naming the page.
    std::uint32_t page = none;
    for (auto& kid : e.kids)
      if (kid.child == none) {
        page = kid.page;
        break;
      }
    text = "<</S/";
    text += e.role;
    text += "/P ";
    text += e.parent == none ? ref(root) : ref(made[e.parent]);
    if (page != none) text += "/Pg " + ref(pages[page]);
    text += "/K[";
    for (std::size_t j = 0; j < e.kids.size(); ++j) {
      auto& kid = e.kids[j];
      if (j) text += ' ';
      if (kid.child != none) text += ref(made[kid.child]);
      else if (kid.page == page) text += std::to_string(kid.mcid);
      else text += "<</Type/MCR/Pg " + ref(pages[kid.page]) + "/MCID " + std::to_string(kid.mcid) + ">>";
    }
    text += "]>>";
    raw(made[k], text);
  }
  // The parent tree: for each page (its StructParents), the element of each MCID on it.
  text = "<</Type /StructTreeRoot /K " + ref(made[0]) + " /ParentTree <</Nums [";
  for (std::size_t page = 0; page < pages.size(); ++page) {
    pages[page]->GetDictionary().AddKey(PdfName("StructParents"), PdfVariant(static_cast<pdf_int64>(page)));
    pages[page]->GetDictionary().AddKey(PdfName("Tabs"), PdfName("S"));
    text += ' ' + std::to_string(page) + " [";
    if (page < marks_.size())
      for (std::uint32_t id : marks_[page]) text += ' ' + ref(made[id]);
    text += ']';
  }
  text += "]>> /ParentTreeNextKey " + std::to_string(pages.size()) + ">>";
  raw(root, text);
  PdfDictionary& catalog = doc_.GetCatalog()->GetDictionary();
  catalog.AddKey(PdfName("StructTreeRoot"), root->Reference());
  PdfDictionary mark_info;
  mark_info.AddKey(PdfName("Marked"), PdfVariant(true));
  catalog.AddKey(PdfName("MarkInfo"), mark_info);
  catalog.AddKey(PdfName("Lang"), PdfString(t_.lang() == language::zh ? "zh-CN" : "en"));
}

void layout::line(double x1, double y1, double x2, double y2, rgb colour, double w) {
  end_text();
  std::string& out = content_.back();
  if (w != line_w_) {
    number(w);
    out += " w\n";
    line_w_ = w;
  }
  if (colour.r != stroke_.r || colour.g != stroke_.g || colour.b != stroke_.b) {
    colour_op(colour, "RG");
    stroke_ = colour;
  }
  out += "/Artifact BMC\n";
  numbers({x1, y1});
  out += " m ";
  numbers({x2, y2});
  out += " l S\nEMC\n";
}

void layout::box(double x, double y, double w, double h, rgb colour) {
  end_text();
  std::string& out = content_.back();
  fill_colour(colour);
  out += "/Artifact BMC\n";
  numbers({x, y, w, h});
  out += " re f\nEMC\n";
}

void layout::heading(std::string_view s, double keep) {
  ensure(32 + keep);
  y_ -= 18;
  begin("H1");
  draw_text(margin, y_, s, 13);
  end();
  y_ -= 6;
  line(margin, y_, page_w - margin, y_, rule_grey, 0.6);
  y_ -= 8;
}

void layout::paragraph(std::string_view s, double size, rgb colour, double indent) {
  double lead = size * 1.45;
  begin("P");  // one paragraph, however many lines and pages it takes
  for (auto& l : wrap(s, page_w - 2 * margin - indent, size)) {
    ensure(lead);
    y_ -= lead;
    draw_text(margin + indent, y_ + size * 0.25, l, size, colour);
  }
  end();
}

void layout::field(std::string_view label, std::string_view value, double label_w, double size,
                   rgb colour) {
  double lead = size * 1.5;
  auto lines = wrap(value, page_w - 2 * margin - label_w, size);
  if (lines.empty()) lines.emplace_back();
  // A label longer than its column wraps in it, never running under the value.
  auto label_lines = wrap(label, label_w - 6, size);
  if (label_lines.empty()) label_lines.emplace_back();
  std::size_t rows = std::max(lines.size(), label_lines.size());
  ensure(lead * static_cast<double>(std::min<std::size_t>(rows, 3)));
  y_ -= lead;
  begin("P");  // the label and its value, read as one
  for (std::size_t k = 0; k < rows; ++k) {
    if (k) {
      ensure(lead);
      y_ -= lead;
    }
    if (k < label_lines.size()) draw_text(margin, y_ + size * 0.25, label_lines[k], size, grey);
    if (k < lines.size()) draw_text(margin + label_w, y_ + size * 0.25, lines[k], size, colour);
  }
  end();
}

void layout::table(const std::vector<column>& cols,
                   const std::vector<std::vector<std::string>>& rows,
                   const std::function<rgb(std::size_t row, std::size_t col)>& colour_of) {
  table_begin(cols);
  for (std::size_t r = 0; r < rows.size(); ++r) {
    if (colour_of)
      table_row(rows[r], [&](std::size_t col) { return colour_of(r, col); });
    else
      table_row(rows[r]);
  }
  table_end();
}

namespace {
constexpr double table_size = small, table_lead = table_size * 1.35, table_pad = 3;
}  // namespace

std::pair<layout::wrapped_cells, double> layout::table_cells(const std::vector<std::string>& cells) {
  // Each cell's lines are pieces of the cell's own text (which outlives the row).
  wrapped_cells wrapped;
  wrapped.reserve(table_.cols.size());
  std::size_t most = 1;
  for (std::size_t c = 0; c < table_.cols.size(); ++c) {
    wrapped.push_back(wrap(c < cells.size() ? std::string_view(cells[c]) : std::string_view(),
                           table_.cols[c].width - 2 * table_pad, table_size));
    most = std::max(most, wrapped.back().size());
  }
  return {std::move(wrapped), static_cast<double>(most) * table_lead + 2 * table_pad};
}

void layout::table_band(const wrapped_cells& cells, std::size_t from, std::size_t to, bool header,
                        const std::function<rgb(std::size_t col)>& colour_of) {
  // Lines [from, to) of a row's cells, as one band of the table.
  const auto& cols = table_.cols;
  double h = static_cast<double>(to - from) * table_lead + 2 * table_pad;
  double x = margin;
  if (header) box(margin, y_ - h, total_width(cols), h, head_fill);
  for (std::size_t c = 0; c < cols.size(); ++c) {
    rgb colour = !header && colour_of ? colour_of(c) : black;
    double line_y = y_ - table_pad - table_size;
    // The cell's element: made by the row's first band, continued by the others (a row
    // taller than a page); none for a header repeated on a new page (an artifact).
    if (!artifact_) {
      if (c >= cells_.size()) {
        begin(header ? "TH" : "TD");
        cells_.push_back(open_.back());
      } else {
        open_.push_back(cells_[c]);
      }
    }
    for (std::size_t k = from; k < to && k < cells[c].size(); ++k) {
      const auto& l = cells[c][k];
      double tx = cols[c].right ? x + cols[c].width - table_pad - width(l, table_size) : x + table_pad;
      draw_text(tx, line_y + table_size * 0.2, l, table_size, colour);
      line_y -= table_lead;
    }
    if (!artifact_) end();
    x += cols[c].width;
  }
  line(margin, y_ - h, margin + total_width(cols), y_ - h, rule_grey, 0.4);
  y_ -= h;
}

std::size_t layout::lines_of(const wrapped_cells& cells) {
  std::size_t most = 1;
  for (auto& c : cells) most = std::max(most, c.size());
  return most;
}

void layout::table_header_again() {
  new_page();
  line(margin, y_, margin + total_width(table_.cols), y_, rule_grey, 0.4);
  // The header again on a new page: pagination, not content (the table has it once).
  artifact_ = true;
  table_band(table_.head, 0, lines_of(table_.head), true, nullptr);
  end_text();
  artifact_ = false;
}

void layout::table_begin(const std::vector<column>& cols) {
  table_.cols = cols;  // the head cells are pieces of these heads: set first, never moved
  std::vector<std::string> heads;
  for (auto& c : table_.cols) heads.push_back(c.head);
  table_.heads = std::move(heads);
  auto [head, head_h] = table_cells(table_.heads);
  table_.head = std::move(head);
  ensure(head_h + table_lead * 2 + 2 * table_pad);
  line(margin, y_, margin + total_width(table_.cols), y_, rule_grey, 0.4);
  begin("Table");
  begin("TR");
  cells_.clear();
  table_band(table_.head, 0, lines_of(table_.head), true, nullptr);
  end();
}

void layout::table_row(const std::vector<std::string>& row, const std::function<rgb(std::size_t col)>& colour_of) {
  auto [cells, h] = table_cells(row);
  std::size_t total = lines_of(cells);
  begin("TR");
  cells_.clear();
  // A row moves to the next page whole when it fits there; a row taller than a page
  // continues over as many pages as it needs, nothing cut.
  if (y_ - h < bottom) table_header_again();
  for (std::size_t from = 0; from < total;) {
    auto room = static_cast<std::size_t>(std::max(0.0, (y_ - bottom - 2 * table_pad) / table_lead));
    if (room == 0) {
      table_header_again();
      room = std::max<std::size_t>(
          1, static_cast<std::size_t>(std::max(0.0, (y_ - bottom - 2 * table_pad) / table_lead)));
    }
    std::size_t to = std::min(total, from + room);
    table_band(cells, from, to, false, colour_of);
    from = to;
  }
  end();  // the row
}

void layout::table_end() {
  y_ -= 6;
  table_ = {};
  end();  // the table
}

void layout::number_pages() {
  if (!content_.empty()) end_text();
  std::vector<std::string> pages;
  pages.swap(content_);
  std::vector<std::string> footers(pages.size());
  for (std::size_t k = 0; k < pages.size(); ++k) {
    content_.assign(1, std::string());
    reset_state();
    std::string label =
        t_.fill("pdf.page", {{"n", std::to_string(k + 1)}, {"total", std::to_string(pages_)}});
    artifact_ = true;  // pagination
    draw_text(page_w / 2 - width(label, small) / 2, 30, label, small, grey);
    end_text();
    artifact_ = false;
    footers[k] = std::move(content_.front());
  }
  content_.clear();
  // Every character drawn goes into the font subset (with its ToUnicode entry).
  std::u16string chars;
  for (char32_t cp : used_)
    if (cp <= 0xFFFF) chars += static_cast<char16_t>(cp);
  if (!chars.empty()) {
    std::string utf16be;
    for (char16_t c : chars)
      utf16be += static_cast<char>(c >> 8), utf16be += static_cast<char>(c & 0xff);
    PdfString text(reinterpret_cast<const pdf_utf16be*>(utf16be.data()),
                   static_cast<pdf_long>(chars.size()));
    font_->AddUsedSubsettingGlyphs(text, static_cast<long>(chars.size()));
  }
  // All pages in one call: PoDoFo inserts pages one by one into its page tree at a cost
  // that grows with the pages already there.
  doc_.CreatePages(
      std::vector<PdfRect>(pages.size(), PdfPage::CreateStandardPageSize(ePdfPageSize_A4)));
  // They sit side by side under the tree's root: each is taken from its /Kids entry
  // (GetPage(k) walks the tree from the start, a cost that grows with k).
  PdfObject* root = doc_.GetPagesTree()->GetObject();
  PdfObject* kids = root->GetIndirectKey(PdfName("Kids"));
  if (!kids || !kids->IsArray() || kids->GetArray().size() != pages.size())
    PODOFO_RAISE_ERROR_INFO(ePdfError_InternalLogic, "the page tree is not flat");
  const std::deque<PdfObject*> parents{root};
  std::vector<PdfObject*> page_objects;
  for (std::size_t k = 0; k < pages.size(); ++k) {
    PdfObject* object = doc_.GetObjects().GetObject(kids->GetArray()[k].GetReference());
    if (!object) PODOFO_RAISE_ERROR(ePdfError_NoObject);
    page_objects.push_back(object);
    PdfPage page(object, parents);
    page.AddResource(font_->GetIdentifier(), font_->GetObject()->Reference(), PdfName("Font"));
    // One page at a time plain again, with its number, then deflated into the document.
    std::string plain = k < plain_sizes_.size() ? zlib_inflate(pages[k], plain_sizes_[k]) : std::move(pages[k]);
    std::string().swap(pages[k]);
    set_deflated(page.GetContentsForAppending(), plain + footers[k]);
  }
  write_structure(page_objects);
}

double layout::total_width(const std::vector<column>& cols) {
  double w = 0;
  for (auto& c : cols) w += c.width;
  return w;
}

void layout::wrap_paragraph(std::string_view s, double max, double size,
                            std::vector<std::string_view>& lines) {
  // The line so far is s[start, end): every line is a piece of the paragraph, leading blanks
  // left out.
  std::size_t start = 0, end = 0;
  double current_w = 0;
  constexpr std::size_t none = std::string_view::npos;
  // In s: the last place the line may end, and the one before it (where a break goes when
  // the last one would start a line with closing punctuation).
  std::size_t last_break = none, earlier_break = none;
  auto may_break_at = [&](std::size_t at) {
    if (at == last_break) return;
    earlier_break = last_break;
    last_break = at;
  };
  bool after_opening = false;
  for (std::size_t at = 0; at < s.size();) {
    std::size_t from = at;
    char32_t cp = next_code_point(s, at);
    double w = width(s.substr(from, at - from), size);
    if (closes(cp)) {
      if (last_break == end) last_break = earlier_break, earlier_break = none;
    } else if (is_cjk(cp) && end > start && !after_opening) {
      may_break_at(end);
    }
    if (current_w + w > max && end > start) {
      if (last_break != none && last_break > start) {
        lines.push_back(s.substr(start, last_break - start));
        start = last_break;
        while (start < end && s[start] == ' ') ++start;
        current_w = width(s.substr(start, end - start), size);
      } else {
        lines.push_back(s.substr(start, end - start));  // one word wider than the column: cut it
        start = end;
        current_w = 0;
      }
      last_break = earlier_break = none;
    }
    after_opening = opens(cp);
    if (cp == ' ' && end == start) {
      start = end = at;
      continue;
    }
    if (end == start) start = from;
    end = at;
    current_w += w;
    if ((cp == ' ' || cp == '/' || cp == ',' || cp == ';' || is_cjk(cp)) && !after_opening)
      may_break_at(end);
  }
  if (end > start || lines.empty()) lines.push_back(s.substr(start, end - start));
}

unsigned layout::glyph(char32_t cp) {
  if (cp > 0xFFFF) {  // no glyph id outside the BMP with this font's cmap: .notdef, noted once
    used_.insert(cp);
    return 0;
  }
  std::int32_t& known = glyphs_[cp];
  if (known < 0) {
    used_.insert(cp);
    long id = font_->GetFontMetrics()->GetGlyphId(static_cast<long>(cp));
    known = static_cast<std::int32_t>(static_cast<unsigned>(std::max(id, 0L)) & 0xFFFF);
  }
  return static_cast<unsigned>(known);
}

void layout::number(double v) { hundredths(std::llround(v * 100.0)); }

void layout::hundredths(long long v) {
  std::string& out = content_.back();
  char buf[32];
  if (v < 0) out += '-', v = -v;
  auto end = std::to_chars(buf, buf + sizeof buf, v / 100).ptr;
  out.append(buf, end);
  if (v % 100) {
    out += '.';
    out += static_cast<char>('0' + v % 100 / 10);
    if (v % 10) out += static_cast<char>('0' + v % 10);
  }
}

void layout::numbers(std::initializer_list<double> v) {
  bool first = true;
  for (double x : v) {
    if (!first) content_.back() += ' ';
    number(x);
    first = false;
  }
}

void layout::colour_op(rgb c, const char* op) {
  numbers({c.r, c.g, c.b});
  content_.back() += ' ';
  content_.back() += op;
  content_.back() += '\n';
}

void layout::fill_colour(rgb c) {
  if (c.r == fill_.r && c.g == fill_.g && c.b == fill_.b) return;
  colour_op(c, "rg");
  fill_ = c;
}

bool write_document(const std::string& path, const document_info& info, const texts& t,
                    const std::function<void(layout&)>& render, std::string& why) {
  // PoDoFo deflates the streams it fills (the font subset, its ToUnicode map) with zlib as they
  // are set; told to leave them plain, they are deflated by libdeflate before the write
  // (deflate_unfiltered_streams). Set once, before any thread writes a PDF.
  // Errors reach the user once, as slaudit's message.
  static std::once_flag plain_streams;
  std::call_once(plain_streams, [] {
    PdfStream::eDefaultFilter = ePdfFilter_None;
    PdfError::EnableLogging(false);
  });
  const std::string& font_file = font_path(why);
  if (font_file.empty()) return false;
  try {
    // PoDoFo's document dates itself (replaced below) through localtime(), whose result is
    // one static struct for the whole process: two workers creating documents at once could
    // read each other's. Only here does anything in slaudit call it, so every document is
    // created under this lock.
    static std::mutex localtime_lock;
    std::unique_lock<std::mutex> creating(localtime_lock);
    PdfMemDocument doc;
    creating.unlock();
    // Identity-H encoding: every character the text uses goes into the subset, with ToUnicode.
    // The font deletes an auto-delete encoding with itself; until it exists, this does.
    auto encoding = std::make_unique<PdfIdentityEncoding>(0, 0xffff, true);
    // What doc.CreateFontSubset does, from the thread's copy of the face. The font is ours,
    // not the document's font cache's: it is embedded below, and goes before the document.
    thread_local thread_font face;
    std::unique_ptr<PdfFont> owned(PdfFontFactory::CreateFontObject(
        face.metrics(font_file), ePdfFont_Embedded | ePdfFont_Subsetting, encoding.get(),
        &doc.GetObjects()));
    PdfFont* font = owned.get();
    if (!font) {
      why = font_file + ": PoDoFo could not load the font";
      return false;
    }
    encoding.release();
    {
      layout L(doc, font, t, info.running_head);
      render(L);
      L.number_pages();
    }
    // Fixed document metadata: the same inputs give the same bytes (the /ID derives from these).
    PdfInfo* pdf_info = doc.GetInfo();
    pdf_info->SetTitle(PdfString(reinterpret_cast<const pdf_utf8*>(info.title.c_str())));
    pdf_info->SetCreator(PdfString("slaudit"));
    std::string producer = "slaudit " + info.tool_version + " (PoDoFo)";
    pdf_info->SetProducer(PdfString(producer.c_str()));
    PdfString date(pdf_date(info.document_time).c_str());
    pdf_info->GetObject()->GetDictionary().AddKey(PdfName("CreationDate"), date);
    pdf_info->GetObject()->GetDictionary().AddKey(PdfName("ModDate"), date);
    doc.SetPdfVersion(ePdfVersion_1_7);  // PDF/A-2 is based on PDF 1.7
    mark_pdfa(doc, info.title, producer, info.document_time);
    font->EmbedSubsetFont();  // the glyphs drawn, now that every page is laid out
    redeflate_cid_set(doc.GetObjects(), font);
    deflate_unfiltered_streams(doc);
    doc.Write(path.c_str());
  } catch (const PdfError& e) {
    why = std::string("PDF: ") + PdfError::ErrorName(e.GetError()) +
          (e.GetError() == ePdfError_FreeType ? " (the font " + font_file + " could not be read)"
                                              : "");
    return false;
  }
  return true;
}

}  // namespace slaudit::reports::pdf
