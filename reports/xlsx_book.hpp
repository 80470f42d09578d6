// What every workbook slaudit writes shares: cell and sheet references for formulas, sheet
// names Excel accepts, A4 landscape print set-up, every text through cell_text, and the first
// libxlsxwriter error kept (a workbook is reported broken, never half-written silently).
#pragma once

#include <xlsxwriter.h>

#include <cstddef>
#include <ctime>
#include <string>
#include <string_view>
#include <vector>

#include "reports/deflate.hpp"
#include "reports/texts.hpp"

namespace slaudit::reports {

/// Has libxlsxwriter keep its temporary parts in memory, up to xlsx_memory_bytes() each
/// (reports/xlsx_temp_files.cpp); once per process, before the first workbook.
void keep_temp_parts_in_memory();
/// Why a temporary part of a workbook this thread wrote was lost (libxlsxwriter does not
/// check those writes), and forgets it; empty when none was.
std::string take_temp_part_failure();
/// How many bytes of one workbook part stay in memory while it is written: past them the part
/// goes to an unlinked file in TMPDIR, and its zip entry is deflated as it comes. From
/// SLAUDIT_XLSX_MEMORY_BYTES when set (a memory-tight pod; at most 1 GiB), else 32 MiB.
std::size_t xlsx_memory_bytes();

/// A lower xlsx_memory_bytes() for the workbooks this thread writes while it lasts: the
/// portfolio's, whose sheets grow with the contracts (a batch's memory stays flat in them).
class xlsx_memory_limit {
 public:
  explicit xlsx_memory_limit(std::size_t bytes);
  ~xlsx_memory_limit();
  xlsx_memory_limit(const xlsx_memory_limit&) = delete;
  xlsx_memory_limit& operator=(const xlsx_memory_limit&) = delete;

 private:
  std::size_t before_;
};

}  // namespace slaudit::reports

namespace slaudit::reports::xlsx {

/// "A".."Z", "AA".. for a column counted from 0.
std::string column_name(int col);
/// "C7" for row 6, column 2 (both from 0); `fixed` gives "$C$7".
std::string cell(int row, int col, bool fixed = false);
/// "$C$2:$C$9" (or to `last_col`), fixed both ends.
std::string range(int first_row, int col, int last_row, int last_col = -1);
/// A sheet name as a formula refers to it: always quoted ('It''s'!), so Chinese names work.
std::string sheet_ref(std::string_view name);
/// A string constant inside a formula: "…" with quotes doubled.
std::string formula_text(std::string_view s);
/// A name Excel accepts for a sheet: at most 31 characters, none of []:*?/\ (each becomes _).
std::string sheet_name(std::string_view name);
/// An amount in minor units as the number a money cell holds (two digits: 12345 → 123.45).
double amount(std::int64_t minor, int digits);
/// A spreadsheet's day number of a UTC instant or local time in seconds since 1970 (days
/// since 1899-12-30).
double serial_date(std::int64_t seconds);

/// A workbook being written. The first error is kept; close() reports it.
class book {
 public:
  /// `created` is the document date stored in the file: never the wall clock.
  book(const std::string& path, std::string_view title, std::time_t created, const texts& t);
  ~book();
  book(const book&) = delete;
  book& operator=(const book&) = delete;

  bool ok() const { return wb_ && !error_; }
  /// Whether the first error was a cell past the sheet's last row (1,048,576): the month has
  /// more records than a sheet holds.
  bool past_last_row() const { return error_ == LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE; }
  lxw_workbook* get() { return wb_; }
  void keep(lxw_error e) {
    if (e != LXW_NO_ERROR && !error_) error_ = e;
  }
  /// Writes the file out. False with `why` if anything on the way failed.
  bool close(std::string& why);

  /// A sheet that prints on A4 landscape pages, one page wide.
  lxw_worksheet* sheet(const std::string& name);

  // Writing: every text through cell_text; numbers and formulas with their cached values.
  void text(lxw_worksheet* ws, int r, int c, std::string_view s, lxw_format* f = nullptr);
  void number(lxw_worksheet* ws, int r, int c, double v, lxw_format* f = nullptr);
  void formula(lxw_worksheet* ws, int r, int c, const std::string& formula, double cached,
               lxw_format* f = nullptr);
  void formula(lxw_worksheet* ws, int r, int c, const std::string& formula,
               const std::string& cached, lxw_format* f = nullptr);
  void widths(lxw_worksheet* ws, const std::vector<double>& w);
  /// Column heads in row 0 (bold, filled, wrapped, bordered) with each column's width, the
  /// row frozen; `height` in points when not 0.
  void column_heads(lxw_worksheet* ws, const std::vector<std::pair<std::string, double>>& cols,
                    double height = 0);
  /// The format of those heads (made on first use).
  lxw_format* column_head_format();

  /// A new format, set up by `set`.
  template <typename F>
  lxw_format* format(F&& set) {
    lxw_format* f = workbook_add_format(wb_);
    if (f) set(f);
    return f;
  }

 protected:
  const texts& t_;

 private:
  lxw_workbook* wb_ = nullptr;
  lxw_error error_ = LXW_NO_ERROR;
  int rows_per_sheet_ = 1'048'576;  ///< Excel's (SLAUDIT_SHEET_ROWS: fewer, for tests)
  /// Whether row `r` is in the sheet; if not, the book keeps the error.
  bool fits(int r);
  std::string title_;
  lxw_format* column_head_ = nullptr;
};

}  // namespace slaudit::reports::xlsx
