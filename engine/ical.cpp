#include "engine/ical.hpp"

#include <date/date.h>

namespace slaudit::engine {
namespace {

struct content_line {
  std::string text;
  std::uint32_t line = 0;
};

/// RFC 5545 3.1: a line break followed by a space or tab continues the previous line.
std::vector<content_line> unfold(std::string_view text) {
  std::vector<content_line> out;
  std::uint32_t line = 0;
  std::size_t i = 0;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") i = 3;
  while (i <= text.size()) {
    std::size_t e = text.find('\n', i);
    if (e == std::string_view::npos) e = text.size();
    std::string_view l = text.substr(i, e - i);
    if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
    ++line;
    if (!l.empty() && (l[0] == ' ' || l[0] == '\t') && !out.empty()) {
      out.back().text.append(l.substr(1));
    } else if (!l.empty()) {
      out.push_back({std::string(l), line});
    }
    if (e == text.size()) break;
    i = e + 1;
  }
  return out;
}

std::string unescape(std::string_view v) {
  std::string s;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (v[i] == '\\' && i + 1 < v.size()) {
      char c = v[++i];
      s += (c == 'n' || c == 'N') ? '\n' : c;
    } else {
      s += v[i];
    }
  }
  return s;
}

bool parse_basic_date(std::string_view v, civil_day& out) {
  if (v.size() != 8) return false;
  for (char c : v)
    if (c < '0' || c > '9') return false;
  int y = std::stoi(std::string(v.substr(0, 4)));
  unsigned m = std::stoul(std::string(v.substr(4, 2)));
  unsigned d = std::stoul(std::string(v.substr(6, 2)));
  date::year_month_day ymd{date::year{y}, date::month{m}, date::day{d}};
  if (!ymd.ok()) return false;
  out = static_cast<civil_day>(date::sys_days{ymd}.time_since_epoch().count());
  return true;
}

}  // namespace

ical_result parse_ical(std::string_view text) {
  ical_result r;
  auto fail = [&](std::uint32_t line, std::string msg) {
    r.error = std::move(msg);
    r.error_line = line;
    r.events.clear();
    return r;
  };
  auto lines = unfold(text);
  if (lines.empty() || lines.front().text != "BEGIN:VCALENDAR")
    return fail(lines.empty() ? 1 : lines.front().line, "does not start with BEGIN:VCALENDAR");
  bool in_event = false, ended = false;
  bool has_start = false, has_end = false;
  ical_event ev;
  for (auto& cl : lines) {
    std::size_t colon = cl.text.find(':');
    if (colon == std::string::npos) return fail(cl.line, "line has no ':' (not a content line)");
    std::string_view head(cl.text.data(), colon);
    std::string_view value(cl.text.data() + colon + 1, cl.text.size() - colon - 1);
    std::string_view name = head.substr(0, head.find(';'));
    std::string_view params = head.substr(name.size());
    if (ended) return fail(cl.line, "content after END:VCALENDAR");
    if (name == "BEGIN" && value == "VEVENT") {
      if (in_event) return fail(cl.line, "BEGIN:VEVENT inside another VEVENT");
      in_event = true, has_start = has_end = false;
      ev = {};
      ev.line = cl.line;
    } else if (name == "END" && value == "VEVENT") {
      if (!in_event) return fail(cl.line, "END:VEVENT without BEGIN:VEVENT");
      if (!has_start) return fail(ev.line, "VEVENT without DTSTART");
      if (!has_end) ev.end = ev.first + 1;
      if (ev.end <= ev.first) return fail(ev.line, "VEVENT whose DTEND is not after its DTSTART");
      r.events.push_back(ev);
      in_event = false;
    } else if (name == "END" && value == "VCALENDAR") {
      if (in_event) return fail(cl.line, "END:VCALENDAR inside a VEVENT");
      ended = true;
    } else if (in_event && (name == "DTSTART" || name == "DTEND")) {
      civil_day d = 0;
      bool all_day = params.find("VALUE=DATE") != std::string_view::npos &&
                     params.find("VALUE=DATE-TIME") == std::string_view::npos;
      if (!all_day || !parse_basic_date(value, d))
        return fail(cl.line, std::string(name) + " '" + std::string(value) +
                                 "' is not an all-day date (expected ;VALUE=DATE:yyyymmdd)");
      if (name == "DTSTART") ev.first = d, has_start = true;
      else ev.end = d, has_end = true;
    } else if (in_event && name == "SUMMARY") {
      ev.summary = unescape(value);
    }
  }
  if (!ended) return fail(lines.back().line, "missing END:VCALENDAR (file cut short?)");
  return r;
}

}  // namespace slaudit::engine
