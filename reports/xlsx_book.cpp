#include "reports/xlsx_book.hpp"

#include <cmath>
#include <cstdlib>

#include "reports/xlsx_writer.hpp"

namespace slaudit::reports::xlsx {

std::string column_name(int col) {
  std::string s;
  for (++col; col > 0; col = (col - 1) / 26)
    s.insert(s.begin(), static_cast<char>('A' + (col - 1) % 26));
  return s;
}

std::string cell(int row, int col, bool fixed) {
  std::string s = fixed ? "$" : "";
  s += column_name(col);
  if (fixed) s += '$';
  return s + std::to_string(row + 1);
}

std::string range(int first_row, int col, int last_row, int last_col) {
  return cell(first_row, col, true) + ":" + cell(last_row, last_col < 0 ? col : last_col, true);
}

std::string sheet_ref(std::string_view name) {
  std::string s = "'";
  for (char c : name) {
    if (c == '\'') s += '\'';
    s += c;
  }
  return s + "'!";
}

std::string formula_text(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string sheet_name(std::string_view name) {
  std::string clean;
  std::size_t chars = 0;
  for (std::size_t k = 0; k < name.size() && chars < 31; ++chars) {
    auto c = static_cast<unsigned char>(name[k]);
    std::size_t len = std::min(name.size() - k, std::size_t{c < 0x80   ? 1u
                                                            : c < 0xE0 ? 2u
                                                            : c < 0xF0 ? 3u
                                                                       : 4u});
    if (len == 1 && std::string_view("[]:*?/\\").find(name[k]) != std::string_view::npos)
      clean += '_';
    else
      clean.append(name.substr(k, len));
    k += len;
  }
  return clean;
}

double amount(std::int64_t minor, int digits) {
  return static_cast<double>(minor) / std::pow(10.0, digits);
}

double serial_date(std::int64_t seconds) {
  return static_cast<double>(seconds) / 86400.0 + 25569.0;
}

book::book(const std::string& path, std::string_view title, std::time_t created, const texts& t)
    : t_(t) {
  // SLAUDIT_SHEET_ROWS: fewer rows per sheet than Excel's, so that tests reach the limit
  // with a small history (docs/development.md).
  if (const char* rows = std::getenv("SLAUDIT_SHEET_ROWS")) {
    char* end = nullptr;
    long n = std::strtol(rows, &end, 10);
    if (end != rows && *end == '\0' && n > 0 && n < rows_per_sheet_) rows_per_sheet_ = static_cast<int>(n);
  }
  keep_temp_parts_in_memory();
  (void)take_temp_part_failure();  // none of an earlier workbook's
  lxw_workbook_options options{};
  // Each sheet streams its rows to its own temporary file as they are written (rows go in
  // order within a sheet; sheets may be written in any order): no cell tree, no shared
  // string table, memory flat in the report's size.
  options.constant_memory = LXW_TRUE;
  // Those files go where TMPDIR says (tmpfile() alone would always use /tmp).
  const char* tmp = std::getenv("TMPDIR");
  if (tmp && *tmp) options.tmpdir = const_cast<char*>(tmp);
  // Deflated at the fastest level, a part of at most xlsx_memory_bytes() whole by libdeflate
  // (third_party/libxlsxwriter, patch 0003): at zlib's default level deflating is 40% of a
  // report's time (reports/deflate.hpp).
  options.compression_level = deflate_level;
  options.libdeflate_part_limit = xlsx_memory_bytes();
  wb_ = workbook_new_opt(path.c_str(), &options);
  if (!wb_) return;
  title_ = cell_text(title, t);
  lxw_doc_properties props{};
  props.title = title_.data();
  props.created = created;  // not the wall clock: the same bytes every run
  keep(workbook_set_properties(wb_, &props));
}

book::~book() {
  if (wb_) workbook_close(wb_);
}

bool book::close(std::string& why) {
  if (!wb_) {
    why = "cannot create the workbook";
    return false;
  }
  lxw_error closed = workbook_close(wb_);
  wb_ = nullptr;
  keep(closed);
  std::string lost = take_temp_part_failure();
  if (error_)
    why = lxw_strerror(error_);
  else if (!lost.empty())
    why = lost;
  return !error_ && lost.empty();
}

lxw_worksheet* book::sheet(const std::string& name) {
  lxw_worksheet* ws = workbook_add_worksheet(wb_, name.c_str());
  if (!ws) {
    if (!error_) error_ = LXW_ERROR_SHEETNAME_ALREADY_USED;
    return ws;
  }
  worksheet_set_paper(ws, 9);  // A4
  worksheet_set_landscape(ws);
  worksheet_fit_to_pages(ws, 1, 0);
  return ws;
}

bool book::fits(int r) {
  if (r < rows_per_sheet_) return true;
  keep(LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE);
  return false;
}

void book::text(lxw_worksheet* ws, int r, int c, std::string_view s, lxw_format* f) {
  if (s.empty() || !ws || !fits(r)) return;
  keep(worksheet_write_string(ws, static_cast<lxw_row_t>(r), static_cast<lxw_col_t>(c),
                              cell_text(s, t_).c_str(), f));
}

void book::number(lxw_worksheet* ws, int r, int c, double v, lxw_format* f) {
  if (ws && fits(r))
    keep(worksheet_write_number(ws, static_cast<lxw_row_t>(r), static_cast<lxw_col_t>(c), v, f));
}

void book::formula(lxw_worksheet* ws, int r, int c, const std::string& formula, double cached,
                   lxw_format* f) {
  if (ws && fits(r))
    keep(worksheet_write_formula_num(ws, static_cast<lxw_row_t>(r), static_cast<lxw_col_t>(c),
                                     formula.c_str(), f, cached));
}

void book::formula(lxw_worksheet* ws, int r, int c, const std::string& formula,
                   const std::string& cached, lxw_format* f) {
  if (ws && fits(r))
    keep(worksheet_write_formula_str(ws, static_cast<lxw_row_t>(r), static_cast<lxw_col_t>(c),
                                     formula.c_str(), f, cached.c_str()));
}

void book::widths(lxw_worksheet* ws, const std::vector<double>& w) {
  if (!ws) return;
  for (std::size_t k = 0; k < w.size(); ++k)
    keep(worksheet_set_column(ws, static_cast<lxw_col_t>(k), static_cast<lxw_col_t>(k), w[k],
                              nullptr));
}

lxw_format* book::column_head_format() {
  if (!column_head_)
    column_head_ = format([](lxw_format* f) {
      format_set_bold(f);
      format_set_bg_color(f, 0xDDE4EE);
      format_set_text_wrap(f);
      format_set_border(f, LXW_BORDER_THIN);
    });
  return column_head_;
}

void book::column_heads(lxw_worksheet* ws, const std::vector<std::pair<std::string, double>>& cols,
                        double height) {
  if (!ws) return;
  for (std::size_t c = 0; c < cols.size(); ++c) {
    text(ws, 0, static_cast<int>(c), cols[c].first, column_head_format());
    keep(worksheet_set_column(ws, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c),
                              cols[c].second, nullptr));
  }
  if (height > 0) keep(worksheet_set_row(ws, 0, height, nullptr));
  worksheet_freeze_panes(ws, 1, 0);
}

}  // namespace slaudit::reports::xlsx
