// How the reports are compressed. Both libraries would deflate with zlib at its default level
// (6): that is 40% of the reports' time (bench-reports, 1,000 incidents). The workbook's parts
// and the PDF's streams are deflated with libdeflate instead, at its fastest level: twice
// zlib's level-1 speed, smaller output. The workbook's through libxlsxwriter's options (our
// build of it: third_party/libxlsxwriter, patch 0003), the PDF's here: PoDoFo is told to
// leave its streams plain, and reports/pdf_layout.cpp deflates them before the write.
#pragma once

#include <string>
#include <string_view>

namespace slaudit::reports {

/// The compression level: libdeflate's (and zlib's) fastest.
constexpr int deflate_level = 1;

/// `in` deflated in the zlib format (RFC 1950), as a PDF's FlateDecode filter reads it.
std::string zlib_deflate(std::string_view in);

/// `packed` (zlib_deflate's) inflated back to its `plain_size` bytes; throws
/// std::runtime_error when it is not that.
std::string zlib_inflate(std::string_view packed, std::size_t plain_size);

}  // namespace slaudit::reports
