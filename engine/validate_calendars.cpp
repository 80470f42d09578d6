// Calendars: weekly hours, holidays and make-up days, and holidays imported from iCalendar files.
#include "engine/validator.hpp"

#include "engine/ical.hpp"

namespace slaudit::engine::validation {

void validator::import_ics(calendar& cal, const ast::holidays_import_stmt& s) {
  std::string path = s.path.value;
  if (path.empty() || path[0] != '/') {
    // Relative to the file that imports it: terms extended from another folder keep theirs.
    const std::string& importer = src_.path_at(s.at);
    auto slash = importer.rfind('/');
    if (slash != std::string::npos) path = importer.substr(0, slash + 1) + path;
  }
  auto text = files_.read(path);
  if (!text) {
    std::string why = files_.refusal(path);
    error("E0501", s.path, "cannot read the iCalendar file '" + path + "': " + (why.empty() ? "there is no such file" : why))
        .notes.push_back(hint(why.empty() ? "the path is relative to the folder of the file that names it"
                                          : "name a regular .ics file, relative to the folder of the file that names it"));
    return;
  }
  auto r = parse_ical(*text, c_.term_last);
  if (!r.error.empty()) {
    error("E0502", s.path, "iCalendar file '" + path + "' refused at line " + std::to_string(r.error_line) + ": " +
                               r.error)
        .notes.push_back(hint("a calendar is applied exactly or not at all: correct that line, or give the days "
                              "inline ('holiday <day> \"name\"')"));
    return;
  }
  cal.imported.push_back(s.path.value);
  std::string marker = s.workday_marker ? s.workday_marker->value : "";
  std::size_t in_term = 0;
  for (auto& e : r.events) {
    bool work = !marker.empty() && e.summary.find(marker) != std::string::npos;
    for (civil_day d = e.first; d < e.end; ++d) {
      (work ? cal.workdays : cal.holidays).push_back({d, e.summary});
      if (d >= c_.term_first && d <= c_.term_last) ++in_term;
    }
  }
  // Terms without a term of their own (a `terms` file) cannot tell; the contracts that extend them do.
  if (singletons_.count("term") && c_.term_last >= c_.term_first && in_term == 0)
    warning("W0503", s.path, "the iCalendar file '" + s.path.value + "' has no day inside the contract term")
        .notes.push_back(hint("import the calendar of the term's years, e.g. cn-2026.ics for 2026"));
}

void validator::calendar_block(const ast::node& n, const ast::calendar_head& h) {
  if (h.name.text == "7x24") {
    error("E0201", h.name, "'7x24' is built in and cannot be redefined");
    return;
  }
  if (!first_definition(calendars_seen_, h.name.text, h.name, "calendar")) return;
  calendar cal;
  cal.name = h.name.text;
  cal.where = where(n, h.clause);
  std::map<civil_day, std::uint32_t> inline_days;  // a day written in the contract → where
  bool hours_written = false;
  for (auto& b : n.body) {
    ast::visit(
        [&](auto const& s) {
          using T = std::decay_t<decltype(s)>;
          if constexpr (std::is_same_v<T, ast::hours_stmt>) {
            hours_written = true;
            hours_statement(cal, s);
          } else if constexpr (std::is_same_v<T, ast::holidays_import_stmt>) {
            import_ics(cal, s);
          } else if constexpr (std::is_same_v<T, ast::holiday_stmt>) {
            holiday_statement(cal, s, inline_days);
          } else if constexpr (std::is_same_v<T, ast::workday_stmt>) {
            auto a = day(s.day);
            if (a && inline_day(*a, s, inline_days)) cal.workdays.push_back({*a, s.label ? s.label->value : ""});
          }
        },
        b.stmt);
  }
  bool any_hours = std::any_of(cal.hours.begin(), cal.hours.end(), [](auto& v) { return !v.empty(); });
  if (!any_hours && !hours_written)
    error("E0209", h.name, "calendar '" + cal.name + "' has no working hours")
        .notes.push_back(hint("add e.g. 'hours mon-fri 09:00-18:00'"));
  settle_days(cal, inline_days);
  for (auto& d : cal.hours)
    if (!d.empty()) {
      cal.workday_hours = d;
      break;
    }
  c_.calendars.push_back(std::move(cal));
}

/// "hours mon-fri 09:00-12:00, 13:00-18:00": the spans on each weekday named, never
/// overlapping hours already given for it.
void validator::hours_statement(calendar& cal, const ast::hours_stmt& s) {
  auto ds = days(s.days);
  std::vector<day_span> spans;
  for (auto& r : s.ranges)
    if (auto sp = span(r)) spans.push_back(*sp);
  if (!ds || spans.size() != s.ranges.size()) return;
  for (int d = 0; d < 7; ++d) {
    if (!(*ds)[d]) continue;
    auto& hours = cal.hours[d];
    for (auto& sp : spans) {
      for (auto& o : hours) {
        if (sp.from_s < o.to_s && o.from_s < sp.to_s) {
          error("E0309", s, "these hours overlap hours already given for the same weekday");
          return;
        }
      }
      hours.push_back(sp);
    }
    std::sort(hours.begin(), hours.end(), [](auto& a, auto& b2) { return a.from_s < b2.from_s; });
  }
}

/// "holiday 2026-10-01 .. 2026-10-07": each day of the range, listed once in the calendar.
void validator::holiday_statement(calendar& cal, const ast::holiday_stmt& s,
                                  std::map<civil_day, std::uint32_t>& inline_days) {
  auto a = day(s.first);
  auto b = s.last ? day(*s.last) : a;
  if (!a || !b) return;
  if (*b < *a) {
    error("E0304", s, "the holiday range ends before it starts");
    return;
  }
  // A closure longer than a year is a typo in the year, and a range over
  // centuries would list millions of days.
  if (*b - *a >= max_holiday_range_days) {
    error("E0301", s, "the holiday range spans " + std::to_string(*b - *a + 1) +
                          " days; a range may span at most " + std::to_string(max_holiday_range_days) + " days")
        .notes.push_back(hint("check the years, or list a longer closure as several ranges"));
    return;
  }
  for (civil_day d = *a; d <= *b; ++d) {
    if (!inline_day(d, s, inline_days)) return;
    cal.holidays.push_back({d, s.label ? s.label->value : ""});
  }
}

/// Notes day `d` as written in the contract at `at`; false (an error) when it already was.
bool validator::inline_day(civil_day d, const ast::located& at, std::map<civil_day, std::uint32_t>& inline_days) {
  auto [it, fresh] = inline_days.emplace(d, at.at);
  if (!fresh)
    error("E0201", at, "this day is already listed in this calendar").notes.push_back(see("listed here", it->second));
  return fresh;
}

/// An inline day overrides an imported one (the contract's own word is last); each list
/// sorted by day, each day once, and a day both a holiday and a workday a holiday unless
/// the contract itself makes it a workday.
void validator::settle_days(calendar& cal, const std::map<civil_day, std::uint32_t>& inline_days) {
  auto settle = [](std::vector<dated_label>& v) {
    std::stable_sort(v.begin(), v.end(), [](auto& a, auto& b) { return a.day < b.day; });
  };
  settle(cal.holidays);
  settle(cal.workdays);
  // Both lists are sorted by day: membership is a binary search.
  auto listed = [](const std::vector<dated_label>& v, civil_day d) {
    auto it = std::lower_bound(v.begin(), v.end(), d, [](auto& x, civil_day k) { return x.day < k; });
    return it != v.end() && it->day == d;
  };
  std::vector<dated_label> holidays;
  for (auto& hd : cal.holidays) {
    bool inline_work = inline_days.count(hd.day) && listed(cal.workdays, hd.day);
    if (!inline_work && (holidays.empty() || holidays.back().day != hd.day)) holidays.push_back(hd);
  }
  cal.holidays = std::move(holidays);
  std::vector<dated_label> workdays;
  for (auto& w : cal.workdays) {
    bool is_holiday = listed(cal.holidays, w.day);
    if (!is_holiday && (workdays.empty() || workdays.back().day != w.day)) workdays.push_back(w);
  }
  cal.workdays = std::move(workdays);
}

}  // namespace slaudit::engine::validation
