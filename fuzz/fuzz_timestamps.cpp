// libFuzzer target: any bytes as a timestamp (or a date) in any pattern and zone. It must
// never crash, and the two readers must agree: read_timestamp (the fast one, used for every
// row) accepts exactly what parse_timestamp accepts, with the same instant and the same
// "repeated hour" flag; a refusal always says why.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "history/timestamp.hpp"

namespace {

using slaudit::engine::zone;
using slaudit::history::time_format;

const zone& zone_of(std::uint8_t pick) {
  // Whole-hour and half-hour DST, no DST, a zone south of the equator, and UTC.
  static const zone zones[] = {*zone::locate("Europe/Berlin"), *zone::locate("Asia/Shanghai"),
                               *zone::locate("America/New_York"), *zone::locate("Australia/Lord_Howe"),
                               *zone::locate("UTC")};
  return zones[pick % (sizeof zones / sizeof zones[0])];
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);
  // The patterns the profiles and users give, or (high bit) a pattern from the input: the
  // text up to its first newline.
  static const char* const patterns[] = {"", "dd-mm-yyyy HH:MM", "dd/mon/yy h:MM ampm", "yyyy-mm-dd HH:MM:SS",
                                         "mm/dd/yyyy h:MM:SS ampm", "yyyymmddHHMMSS", "dd.mm.yy"};
  std::optional<time_format> fmt;
  if (data[0] & 0x80) {
    auto nl = rest.find('\n');
    if (nl == std::string_view::npos) return 0;
    fmt = time_format::parse(rest.substr(0, nl));
    rest.remove_prefix(nl + 1);
    if (!fmt) return 0;
  } else {
    const char* pattern = patterns[(data[0] & 0x0F) % (sizeof patterns / sizeof patterns[0])];
    fmt = *pattern ? time_format::parse(pattern) : time_format();
    if (!fmt) std::abort();  // every pattern above is valid
  }
  const zone& z = zone_of(static_cast<std::uint8_t>(data[0] >> 4));
  auto slow = slaudit::history::parse_timestamp(rest, *fmt, z);
  auto fast = slaudit::history::read_timestamp(rest, *fmt, z);
  if (fast.ok != slow.at.has_value()) std::abort();
  if (fast.ok && (fast.at != *slow.at || fast.repeated != slow.repeated)) std::abort();
  if (!slow.at && slow.error.empty()) std::abort();
  std::string why;
  auto day = slaudit::history::parse_date(rest, *fmt, why);
  if (!day && why.empty()) std::abort();
  return 0;
}
