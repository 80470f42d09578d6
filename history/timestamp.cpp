#include "history/timestamp.hpp"

#include "history/text.hpp"

#include <date/date.h>

#include <cctype>
#include <cstdio>

namespace slaudit::history {
namespace {

struct fields {
  int y = -1, m = -1, d = -1, H = 0, M = 0, S = 0;
  int pm = -1;  ///< with a 12-hour clock: 0 AM, 1 PM
  bool has_time = false;
  std::optional<int> offset_s;  ///< explicit offset, Z = 0
};

bool digits(std::string_view s, std::size_t& i, std::size_t n, int& out) {
  if (i + n > s.size()) return false;
  int v = 0;
  for (std::size_t k = 0; k < n; ++k) {
    char c = s[i + k];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  out = v;
  i += n;
  return true;
}

/// yyyy-mm-dd[(T| )HH:MM[:SS[.fff]]][Z|±HH[:]MM]
bool parse_iso(std::string_view s, fields& f) {
  std::size_t i = 0;
  if (!digits(s, i, 4, f.y) || i >= s.size() || s[i++] != '-' || !digits(s, i, 2, f.m) || i >= s.size() ||
      s[i++] != '-' || !digits(s, i, 2, f.d))
    return false;
  if (i == s.size()) return true;
  if (s[i] != 'T' && s[i] != ' ') return false;
  ++i;
  f.has_time = true;
  if (!digits(s, i, 2, f.H) || i >= s.size() || s[i++] != ':' || !digits(s, i, 2, f.M)) return false;
  if (i < s.size() && s[i] == ':') {
    ++i;
    if (!digits(s, i, 2, f.S)) return false;
    if (i < s.size() && (s[i] == '.' || s[i] == ',')) {  // fractions of a second: below our resolution
      ++i;
      std::size_t start = i;
      while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
      if (i == start) return false;
    }
  }
  if (i == s.size()) return true;
  if (s[i] == 'Z' && i + 1 == s.size()) {
    f.offset_s = 0;
    return true;
  }
  if (s[i] != '+' && s[i] != '-') return false;
  int sign = s[i++] == '-' ? -1 : 1, oh = 0, om = 0;
  if (!digits(s, i, 2, oh)) return false;
  if (i < s.size() && s[i] == ':') ++i;
  if (!digits(s, i, 2, om) || i != s.size() || oh > 23 || om > 59) return false;
  f.offset_s = sign * (oh * 3600 + om * 60);
  return true;
}

bool parse_pattern(std::string_view s, const time_format& fmt, fields& f) {
  static const char* months[] = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
  std::size_t i = 0;
  bool twelve_hour = false;
  for (auto& t : fmt.tokens()) {
    switch (t.field) {
      case 0:
        if (s.substr(i, t.literal.size()) != t.literal) return false;
        i += t.literal.size();
        break;
      case 'n': {  // a month's English abbreviation, any case
        if (i + 3 > s.size()) return false;
        std::string m(s.substr(i, 3));
        for (auto& ch : m) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        f.m = -1;
        for (int k = 0; k < 12; ++k)
          if (m == months[k]) f.m = k + 1;
        if (f.m < 0) return false;
        i += 3;
        break;
      }
      case 'Y':  // two-digit year: 20yy
        if (!digits(s, i, 2, f.y)) return false;
        f.y += 2000;
        break;
      case 'h':  // hour on a 12-hour clock, one or two digits
        if (!digits(s, i, 2, f.H) && !digits(s, i, 1, f.H)) return false;
        if (f.H < 1 || f.H > 12) return false;
        twelve_hour = f.has_time = true;
        break;
      case 'a': {
        std::string ap(s.substr(i, 2));
        for (auto& ch : ap) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
        if (ap != "AM" && ap != "PM") return false;
        f.pm = ap == "PM";
        i += 2;
        break;
      }
      default: {
        int* slot = t.field == 'y' ? &f.y : t.field == 'm' ? &f.m : t.field == 'd' ? &f.d : t.field == 'H' ? &f.H
                  : t.field == 'M' ? &f.M : &f.S;
        if (!digits(s, i, t.field == 'y' ? 4 : 2, *slot)) return false;
        if (t.field == 'H' || t.field == 'M' || t.field == 'S') f.has_time = true;
      }
    }
  }
  if (twelve_hour) {
    if (f.pm < 0) return false;
    f.H = f.H % 12 + (f.pm ? 12 : 0);  // 12:05 AM is 00:05, 12:05 PM is 12:05
  }
  return i == s.size();
}

std::string two(int v) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d", v);
  return buf;
}

}  // namespace

std::optional<time_format> time_format::parse(std::string_view p) {
  time_format f;
  f.pattern_ = std::string(p);
  std::string seen;
  for (std::size_t i = 0; i < p.size();) {
    auto starts = [&](std::string_view w) { return p.substr(i, w.size()) == w; };
    // yyyy yy mm mon dd HH h MM SS ampm; anything else is literal text.
    char field = starts("yyyy") ? 'y' : starts("yy") ? 'Y' : starts("mon") ? 'n' : starts("mm") ? 'm'
               : starts("dd") ? 'd' : starts("HH") ? 'H' : starts("MM") ? 'M' : starts("SS") ? 'S'
               : starts("ampm") ? 'a' : starts("h") ? 'h' : 0;
    if (field) {
      char kind = field == 'Y' ? 'y' : field == 'n' ? 'm' : field == 'h' ? 'H' : field;  // one of each
      if (seen.find(kind) != std::string::npos) return std::nullopt;
      seen += kind;
      f.tokens_.push_back({field, {}});
      i += field == 'y' ? 4 : field == 'n' ? 3 : field == 'a' ? 4 : field == 'h' ? 1 : 2;
    } else {
      if (f.tokens_.empty() || f.tokens_.back().field != 0) f.tokens_.push_back({0, {}});
      f.tokens_.back().literal += p[i++];
    }
  }
  if (seen.find('y') == std::string::npos || seen.find('m') == std::string::npos || seen.find('d') == std::string::npos)
    return std::nullopt;
  return f;
}

namespace {

enum class reading_outcome { ok, not_a_timestamp, not_real, skipped };

/// The steps of reading a timestamp, with what went wrong as a code: the reason's text (a
/// string to build) is for the rare bad one.
reading_outcome read(std::string_view text, const time_format& fmt, const engine::zone& z, fields& f,
                     timestamp_reading& out) {
  bool ok = fmt.iso() ? parse_iso(text, f) : parse_pattern(text, fmt, f);
  if (!ok || !f.has_time) return reading_outcome::not_a_timestamp;
  date::year_month_day ymd{date::year{f.y}, date::month{static_cast<unsigned>(f.m)}, date::day{static_cast<unsigned>(f.d)}};
  if (!ymd.ok() || f.H > 23 || f.M > 59 || f.S > 59) return reading_outcome::not_real;
  engine::local_seconds local = date::sys_days{ymd}.time_since_epoch().count() * 86400LL + f.H * 3600 + f.M * 60 + f.S;
  if (f.offset_s) {
    out.at = local - *f.offset_s;
    out.ok = true;
    return reading_outcome::ok;
  }
  auto reading = z.read_local(local);
  if (!reading.exists) return reading_outcome::skipped;
  out.at = reading.at;
  out.repeated = reading.repeated;
  out.ok = true;
  return reading_outcome::ok;
}

}  // namespace

timestamp_reading read_timestamp(std::string_view text, const time_format& fmt, const engine::zone& z) {
  fields f;
  timestamp_reading r;
  read(text, fmt, z, f, r);
  return r;
}

parsed_time parse_timestamp(std::string_view text, const time_format& fmt, const engine::zone& z) {
  parsed_time r;
  fields f;
  timestamp_reading reading;
  switch (read(text, fmt, z, f, reading)) {
    case reading_outcome::ok:
      r.at = reading.at;
      r.repeated = reading.repeated;
      break;
    case reading_outcome::not_a_timestamp:
      r.error = quoted(text).append(" is not a timestamp ");
      if (fmt.iso()) r.error.append("(expected 2026-10-03T14:05:00+08:00, …Z, or local 2026-10-03 14:05)");
      else r.error.append("in the format ").append(fmt.pattern());
      break;
    case reading_outcome::not_real:
      r.error = quoted(text).append(" is not a real date and time");
      break;
    case reading_outcome::skipped:
      r.error = "local time " + std::to_string(f.y) + "-" + two(f.m) + "-" + two(f.d) + " " + two(f.H) + ":" + two(f.M) +
                " does not exist in " + z.name() + " (skipped when the clocks went forward); give it with an offset";
      break;
  }
  return r;
}

std::optional<engine::civil_day> parse_date(std::string_view text, const time_format& fmt, std::string& error) {
  fields f;
  bool ok = false;
  if (fmt.iso()) {
    ok = parse_iso(text, f) && !f.has_time;
  } else {
    // The date part of the pattern: up to the first time field.
    time_format::token const* end = nullptr;
    for (auto& t : fmt.tokens())
      if (t.field == 'H' || t.field == 'h' || t.field == 'M' || t.field == 'S' || t.field == 'a') {
        end = &t;
        break;
      }
    std::string date_pattern;
    for (auto& t : fmt.tokens()) {
      if (&t == end) break;
      date_pattern += t.field == 'y' ? "yyyy" : t.field == 'Y' ? "yy" : t.field == 'm' ? "mm" : t.field == 'n' ? "mon"
                    : t.field == 'd' ? "dd" : t.literal;
    }
    while (!date_pattern.empty() && (date_pattern.back() == ' ' || date_pattern.back() == 'T')) date_pattern.pop_back();
    auto df = time_format::parse(date_pattern);
    ok = df && parse_pattern(text, *df, f);
  }
  date::year_month_day ymd{date::year{f.y}, date::month{static_cast<unsigned>(f.m)}, date::day{static_cast<unsigned>(f.d)}};
  if (!ok || !ymd.ok()) {
    error = quoted(text).append(" is not a date");
    error.append(fmt.iso() ? " (expected 2026-10-03)" : " in the format ").append(fmt.iso() ? "" : fmt.pattern());
    return std::nullopt;
  }
  return static_cast<engine::civil_day>(date::sys_days{ymd}.time_since_epoch().count());
}

}  // namespace slaudit::history
