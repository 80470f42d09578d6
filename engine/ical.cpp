#include "engine/ical.hpp"

#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <set>

#include <date/date.h>
#include <libical/ical.h>

namespace slaudit::engine {
namespace {

// Two readings of one text. Our own scan of the content lines keeps their line numbers (libical
// keeps none) and checks the nesting; libical reads the values and expands the recurrences. The
// k-th VEVENT of one is the k-th VEVENT of the other.

struct content_line {
  std::string text;
  std::string name;  ///< upper-cased, as names are case-insensitive
  std::uint32_t line = 0;
};

struct scanned_event {
  std::uint32_t line = 0;                    ///< of BEGIN:VEVENT
  std::vector<const content_line*> props;    ///< its own, not those of a nested VALARM
};

struct failure {
  std::uint32_t line;
  std::string message;
};

/// The properties that can decide whether a day is off.
constexpr std::string_view deciding[] = {"DTSTART", "DTEND",  "DURATION",      "RRULE", "RDATE",
                                         "EXDATE",  "EXRULE", "RECURRENCE-ID", "STATUS"};

bool is_deciding(std::string_view name) {
  return std::find(std::begin(deciding), std::end(deciding), name) != std::end(deciding);
}

/// The colon that ends a content line's name and parameters: a quoted parameter value such as
/// TZID="(UTC+07:00) Bangkok" may hold colons of its own (RFC 5545 3.1).
std::size_t value_colon(std::string_view l) {
  bool quoted = false;
  for (std::size_t i = 0; i < l.size(); ++i) {
    if (l[i] == '"') quoted = !quoted;
    else if (l[i] == ':' && !quoted) return i;
  }
  return std::string_view::npos;
}

std::string upper(std::string_view s) {
  std::string u(s);
  for (auto& c : u)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return u;
}

/// RFC 5545 3.1: a line break followed by a space or tab continues the previous line.
std::vector<content_line> unfold(std::string_view text) {
  std::vector<content_line> out;
  std::uint32_t line = 0;
  std::size_t i = 0;
  while (i <= text.size()) {
    std::size_t e = text.find('\n', i);
    if (e == std::string_view::npos) e = text.size();
    std::string_view l = text.substr(i, e - i);
    if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
    ++line;
    if (!l.empty() && (l[0] == ' ' || l[0] == '\t') && !out.empty()) {
      out.back().text.append(l.substr(1));
    } else if (!l.empty()) {
      out.push_back({std::string(l), {}, line});
    }
    if (e == text.size()) break;
    i = e + 1;
  }
  return out;
}

struct scan_result {
  std::vector<content_line> lines;
  std::vector<scanned_event> events;
};

std::optional<failure> scan(std::string_view text, scan_result& s) {
  s.lines = unfold(text);
  auto& lines = s.lines;
  if (lines.empty() || upper(lines.front().text) != "BEGIN:VCALENDAR")
    return failure{lines.empty() ? 1 : lines.front().line, "does not start with BEGIN:VCALENDAR"};
  std::vector<std::string> open;  // the components BEGIN has opened, innermost last
  for (auto& cl : lines) {
    std::size_t colon = value_colon(cl.text);
    if (colon == std::string::npos) return failure{cl.line, "line has no ':' (not a content line)"};
    std::string_view head(cl.text.data(), colon);
    cl.name = upper(head.substr(0, head.find(';')));
    if (cl.name.empty() || cl.name.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-") != std::string::npos)
      return failure{cl.line, "'" + std::string(head.substr(0, head.find(';'))) + "' is not a property name"};
    std::string value = upper(std::string_view(cl.text).substr(colon + 1));
    if (cl.name == "BEGIN") {
      if (open.empty() && value != "VCALENDAR") return failure{cl.line, "content after END:VCALENDAR"};
      if (value == "VCALENDAR" && !open.empty()) return failure{cl.line, "BEGIN:VCALENDAR inside " + open.back()};
      if (value == "VEVENT" && open.back() != "VCALENDAR") {
        return failure{cl.line, open.back() == "VEVENT" ? "BEGIN:VEVENT inside another VEVENT"
                                                        : "BEGIN:VEVENT inside " + open.back()};
      }
      if (value == "VEVENT") s.events.push_back({cl.line, {}});
      open.push_back(value);
    } else if (cl.name == "END") {
      if (open.empty()) return failure{cl.line, "content after END:VCALENDAR"};
      if (open.back() != value) {
        if (open.back() == "VEVENT" && value == "VCALENDAR") return failure{cl.line, "END:VCALENDAR inside a VEVENT"};
        return failure{cl.line, "END:" + value + " closes " + open.back() + " (BEGIN and END do not match)"};
      }
      open.pop_back();
    } else if (open.empty()) {
      return failure{cl.line, "content after END:VCALENDAR"};
    } else if (open.back() == "VEVENT") {
      s.events.back().props.push_back(&cl);
    }
  }
  if (!open.empty()) {
    if (open.size() == 1) return failure{lines.back().line, "missing END:VCALENDAR (file cut short?)"};
    return failure{lines.back().line, "missing END:" + open.back() + " (file cut short?)"};
  }
  return std::nullopt;
}

std::optional<civil_day> day_of(const icaltimetype& t) {
  date::year_month_day ymd{date::year{t.year}, date::month{static_cast<unsigned>(t.month)},
                           date::day{static_cast<unsigned>(t.day)}};
  if (!ymd.ok() || t.year < 1 || t.year > 9999) return std::nullopt;
  return static_cast<civil_day>(date::sys_days{ymd}.time_since_epoch().count());
}

icaltimetype ical_day(civil_day d) {
  date::year_month_day ymd{date::sys_days{date::days{d}}};
  icaltimetype t{};  // not icaltime_null_date(): its time fields are -1, which moves the day back
  t.is_date = 1;
  t.year = static_cast<int>(ymd.year());
  t.month = static_cast<int>(static_cast<unsigned>(ymd.month()));
  t.day = static_cast<int>(static_cast<unsigned>(ymd.day()));
  return t;
}

std::string day_digits(civil_day d) {
  date::year_month_day ymd{date::sys_days{date::days{d}}};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d%02u%02u", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()));
  return buf;
}

struct component_deleter {
  void operator()(icalcomponent* c) const { icalcomponent_free(c); }
};

/// The line of the event's first property `name`; if it has none, the event's (or 0).
std::uint32_t line_of(const scanned_event& se, std::string_view name, std::uint32_t fallback_to_event = 1) {
  for (auto* p : se.props)
    if (p->name == name) return p->line;
  return fallback_to_event ? se.line : 0;
}

/// One VEVENT read: the checks of its own properties done, nothing yet expanded.
struct event_read {
  icalcomponent* comp = nullptr;
  const scanned_event* scanned = nullptr;
  civil_day first = 0;
  civil_day length = 1;  ///< days
  bool cancelled = false;
  std::string uid, summary;
  std::optional<civil_day> recurrence_id;
  std::set<civil_day> days;  ///< a master's occurrences, up to the limit
};

/// Reads one calendar's events; `limit` bounds the recurrences.
class reader {
 public:
  explicit reader(civil_day limit) : limit_(limit) {}

  std::optional<failure> read(icalcomponent* ev, const scanned_event& se, event_read& out) {
    out.comp = ev;
    out.scanned = &se;
    if (auto f = libical_errors(ev, se)) return f;
    if (const char* uid = icalcomponent_get_uid(ev)) out.uid = uid;
    if (const char* s = icalcomponent_get_summary(ev)) out.summary = s;

    if (icalcomponent_get_first_property(ev, ICAL_STATUS_PROPERTY)) {
      std::string status = upper(value_text(se, "STATUS"));
      if (status == "CANCELLED") out.cancelled = true;
      else if (status != "CONFIRMED" && status != "TENTATIVE")
        return failure{line_of(se, "STATUS"), "STATUS '" + value_text(se, "STATUS") +
                                                  "' is not a status of an event (CONFIRMED, TENTATIVE or CANCELLED)"};
    }

    auto* start = icalcomponent_get_first_property(ev, ICAL_DTSTART_PROPERTY);
    if (!start) return failure{se.line, "VEVENT without DTSTART"};
    auto first = whole_day(se, "DTSTART", icalproperty_get_dtstart(start));
    if (!first) return error_;
    out.first = *first;

    auto* end = icalcomponent_get_first_property(ev, ICAL_DTEND_PROPERTY);
    auto* duration = icalcomponent_get_first_property(ev, ICAL_DURATION_PROPERTY);
    if (end && duration)
      return failure{line_of(se, "DURATION"), "VEVENT with both DTEND and DURATION (RFC 5545 allows one)"};
    if (end) {
      auto last = whole_day(se, "DTEND", icalproperty_get_dtend(end));
      if (!last) return error_;
      if (*last <= out.first) return failure{se.line, "VEVENT whose DTEND is not after its DTSTART"};
      out.length = *last - out.first;
    } else if (duration) {
      icaldurationtype d = icalproperty_get_duration(duration);
      long days = static_cast<long>(d.weeks) * 7 + d.days;
      if (d.is_neg || d.hours || d.minutes || d.seconds || days < 1)
        return failure{line_of(se, "DURATION"), "DURATION '" + value_text(se, "DURATION") +
                                                    "' is not a whole number of days (an all-day event lasts P1D, P6D, P1W …)"};
      out.length = static_cast<civil_day>(days);
    }

    if (auto* rid = icalcomponent_get_first_property(ev, ICAL_RECURRENCEID_PROPERTY)) {
      if (auto* range = icalproperty_get_first_parameter(rid, ICAL_RANGE_PARAMETER);
          range && icalparameter_get_range(range) == ICAL_RANGE_THISANDFUTURE)
        return failure{line_of(se, "RECURRENCE-ID"),
                       "RECURRENCE-ID with RANGE=THISANDFUTURE is not applied: write the changed occurrences "
                       "one by one, or end the series with UNTIL and start a new one"};
      auto day = whole_day(se, "RECURRENCE-ID", icalproperty_get_recurrenceid(rid));
      if (!day) return error_;
      if (out.uid.empty()) return failure{line_of(se, "RECURRENCE-ID"), "RECURRENCE-ID in a VEVENT without UID"};
      for (auto name : {"RRULE", "RDATE", "EXDATE", "EXRULE"})
        if (line_of(se, name, 0) != 0)
          return failure{line_of(se, name), std::string(name) + " in an overriding occurrence (one with RECURRENCE-ID)"};
      out.recurrence_id = *day;
      return std::nullopt;
    }
    return expand(out);
  }

  /// Whether `day` is an occurrence of a master, expanding further than the limit if needed.
  std::optional<failure> extend(event_read& master, civil_day day) {
    if (day <= limit_) return std::nullopt;
    civil_day keep = limit_;
    limit_ = day;
    master.days.clear();
    auto f = expand(master);
    limit_ = keep;
    return f;
  }

 private:
  /// The line of the property `name` whose value holds `digits` (EXDATE:a,b is read as two).
  static std::uint32_t line_holding(const scanned_event& se, std::string_view name, const std::string& digits) {
    for (auto* p : se.props)
      if (p->name == name && p->text.find(digits, value_colon(p->text)) != std::string::npos) return p->line;
    return line_of(se, name);
  }

  static std::string value_text(const scanned_event& se, std::string_view name) {
    for (auto* p : se.props)
      if (p->name == name) return p->text.substr(value_colon(p->text) + 1);
    return {};
  }

  /// libical notes what it could not read as X-LIC-ERROR properties and drops the value. An
  /// error on a property that decides a day off refuses the file; one on another property
  /// (holiday-cn writes DTSTAMP;VALUE=DATE) does not matter here.
  static std::optional<failure> libical_errors(icalcomponent* ev, const scanned_event& se) {
    for (auto* p = icalcomponent_get_first_property(ev, ICAL_XLICERROR_PROPERTY); p;
         p = icalcomponent_get_next_property(ev, ICAL_XLICERROR_PROPERTY)) {
      std::string text = icalproperty_get_xlicerror(p) ? icalproperty_get_xlicerror(p) : "";
      std::string cut = text.substr(0, text.find(". Removing entire property"));
      const content_line* culprit = nullptr;
      for (auto* cl : se.props) {
        std::string needle = " " + cl->name;
        auto at = text.find(needle);
        bool named = at != std::string::npos &&
                     (at + needle.size() == text.size() || text[at + needle.size()] == ' ' ||
                      text[at + needle.size()] == ':');
        std::string tail = text.substr(text.rfind(": ") == std::string::npos ? text.size() : text.rfind(": ") + 2);
        if (named || (!tail.empty() && cl->text.size() >= tail.size() &&
                      cl->text.compare(cl->text.size() - tail.size(), tail.size(), tail) == 0)) {
          culprit = cl;
          break;
        }
      }
      if (culprit && !is_deciding(culprit->name)) continue;
      std::string name = culprit ? culprit->name : "a property";
      return failure{culprit ? culprit->line : se.line, name + " cannot be read (libical: " + cut + ")"};
    }
    return std::nullopt;
  }

  std::optional<civil_day> whole_day(const scanned_event& se, std::string_view name, const icaltimetype& t) {
    std::uint32_t line = line_of(se, name);
    if (!t.is_date) {
      error_ = failure{line, std::string(name) + " '" + value_text(se, name) +
                                 "' is not an all-day date (expected ;VALUE=DATE:yyyymmdd): a day off is a whole day"};
      return std::nullopt;
    }
    auto d = day_of(t);
    if (!d) error_ = failure{line, std::string(name) + " '" + value_text(se, name) + "' is not a date"};
    return d;
  }

  /// A master's occurrences up to the limit: DTSTART, RRULEs and RDATEs, less EXDATEs and EXRULEs.
  std::optional<failure> expand(event_read& ev) {
    const scanned_event& se = *ev.scanned;
    bool recurring = false;
    std::set<civil_day> days{ev.first};
    for (auto kind : {ICAL_RRULE_PROPERTY, ICAL_EXRULE_PROPERTY}) {
      const char* name = kind == ICAL_RRULE_PROPERTY ? "RRULE" : "EXRULE";
      std::set<civil_day> found;
      for (auto* p = icalcomponent_get_first_property(ev.comp, kind); p;
           p = icalcomponent_get_next_property(ev.comp, kind)) {
        recurring = true;
        auto rule = kind == ICAL_RRULE_PROPERTY ? icalproperty_get_rrule(p) : icalproperty_get_exrule(p);
        if (auto f = rule_days(se, name, rule, ev.first, found)) return f;
      }
      if (kind == ICAL_RRULE_PROPERTY) days.insert(found.begin(), found.end());
      else for (auto d : found) days.erase(d);
    }
    for (auto* p = icalcomponent_get_first_property(ev.comp, ICAL_RDATE_PROPERTY); p;
         p = icalcomponent_get_next_property(ev.comp, ICAL_RDATE_PROPERTY)) {
      recurring = true;
      auto r = icalproperty_get_rdate(p);
      if (!icalperiodtype_is_null_period(r.period))
        return failure{line_of(se, "RDATE"), "RDATE given as a PERIOD: a day off is given as a date (RDATE;VALUE=DATE:yyyymmdd)"};
      auto d = whole_day(se, "RDATE", r.time);
      if (!d) return error_;
      days.insert(*d);
    }
    for (auto* p = icalcomponent_get_first_property(ev.comp, ICAL_EXDATE_PROPERTY); p;
         p = icalcomponent_get_next_property(ev.comp, ICAL_EXDATE_PROPERTY)) {
      recurring = true;
      auto t = icalproperty_get_exdate(p);
      std::string digits = std::to_string(t.year * 10000 + t.month * 100 + t.day);
      if (!t.is_date) {
        return failure{line_holding(se, "EXDATE", digits),
                       "EXDATE '" + value_text(se, "EXDATE") +
                           "' is a date-time but the event is all-day: the excluded day is not certain "
                           "(write EXDATE;VALUE=DATE:yyyymmdd)"};
      }
      auto d = day_of(t);
      if (!d) return failure{line_holding(se, "EXDATE", digits), "EXDATE '" + digits + "' is not a date"};
      days.erase(*d);
    }
    if (recurring)
      for (auto it = days.begin(); it != days.end();) it = *it > limit_ ? days.erase(it) : std::next(it);
    ev.days = std::move(days);
    return std::nullopt;
  }

  std::optional<failure> rule_days(const scanned_event& se, const char* name, icalrecurrencetype rule, civil_day first,
                                   std::set<civil_day>& out) {
    std::uint32_t line = line_of(se, name);
    std::string text = value_text(se, name);
    if (rule.freq == ICAL_NO_RECURRENCE)
      return failure{line, std::string(name) + " '" + text + "' has no FREQ that libical reads"};
    if (rule.freq == ICAL_SECONDLY_RECURRENCE || rule.freq == ICAL_MINUTELY_RECURRENCE ||
        rule.freq == ICAL_HOURLY_RECURRENCE || rule.by_hour[0] != ICAL_RECURRENCE_ARRAY_MAX ||
        rule.by_minute[0] != ICAL_RECURRENCE_ARRAY_MAX || rule.by_second[0] != ICAL_RECURRENCE_ARRAY_MAX)
      return failure{line, std::string(name) + " '" + text + "' repeats within a day: an all-day event repeats by days"};
    std::unique_ptr<icalrecur_iterator, void (*)(icalrecur_iterator*)> it(icalrecur_iterator_new(rule, ical_day(first)),
                                                                          icalrecur_iterator_free);
    if (!it) return failure{line, std::string(name) + " '" + text + "' cannot be expanded by libical"};
    for (int n = 0;; ++n) {
      icaltimetype t = icalrecur_iterator_next(it.get());
      if (icaltime_is_null_time(t)) break;
      auto d = day_of(t);
      if (!d) return failure{line, std::string(name) + " '" + text + "' gives a day that is not a date"};
      if (n == 0 && *d != first && std::string_view(name) == "RRULE")
        return failure{line, "DTSTART " + day_digits(first) + " is not an occurrence of its RRULE '" + text +
                                 "' (RFC 5545 leaves such a set undefined): start the event on " + day_digits(*d)};
      if (*d > limit_) break;
      if (budget_ == 0)
        return failure{line, std::string(name) + " '" + text + "': the file's rules give more than " +
                                 std::to_string(most_occurrences) +
                                 " occurrences before the contract's term ends (slaudit expands no more)"};
      --budget_;
      out.insert(*d);
    }
    return std::nullopt;
  }

  civil_day limit_;
  /// Occurrences the file's rules may still give: expanding is libical's slowest part (some
  /// microseconds an occurrence), and each rule, override or EXRULE expands again.
  static constexpr std::size_t most_occurrences = 100000;
  std::size_t budget_ = most_occurrences;
  failure error_{0, {}};
};

/// The VEVENTs of a parsed stream, in the order of the file.
std::vector<icalcomponent*> vevents(icalcomponent* root) {
  std::vector<icalcomponent*> calendars, out;
  if (icalcomponent_isa(root) == ICAL_XROOT_COMPONENT) {
    for (auto* c = icalcomponent_get_first_component(root, ICAL_VCALENDAR_COMPONENT); c;
         c = icalcomponent_get_next_component(root, ICAL_VCALENDAR_COMPONENT))
      calendars.push_back(c);
  } else {
    calendars.push_back(root);
  }
  for (auto* cal : calendars)
    for (auto* e = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT); e;
         e = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT))
      out.push_back(e);
  return out;
}

}  // namespace

ical_result parse_ical(std::string_view text, civil_day last) {
  ical_result r;
  auto fail = [&](const failure& f) {
    r.error = f.message;
    r.error_line = f.line;
    r.events.clear();
    return r;
  };
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  if (auto nul = text.find('\0'); nul != std::string_view::npos)
    return fail({static_cast<std::uint32_t>(std::count(text.begin(), text.begin() + nul, '\n') + 1),
                 "NUL byte in the file (not a text calendar)"});
  scan_result scanned;
  if (auto f = scan(text, scanned)) return fail(*f);

  std::string owned(text);
  std::unique_ptr<icalcomponent, component_deleter> root(icalparser_parse_string(owned.c_str()));
  if (!root) return fail({1, "libical could not read the calendar"});
  auto events = vevents(root.get());
  if (events.size() != scanned.events.size())
    return fail({1, "libical read " + std::to_string(events.size()) + " events where the file has " +
                        std::to_string(scanned.events.size())});

  reader rd(last);
  std::vector<event_read> read(events.size());
  for (std::size_t k = 0; k < events.size(); ++k)
    if (auto f = rd.read(events[k], scanned.events[k], read[k])) return fail(*f);

  // An overriding occurrence (RECURRENCE-ID) replaces its master's occurrence on that day.
  std::map<std::string, std::vector<std::size_t>> masters;
  for (std::size_t k = 0; k < read.size(); ++k)
    if (!read[k].recurrence_id && !read[k].uid.empty()) masters[read[k].uid].push_back(k);
  std::map<std::pair<std::size_t, civil_day>, std::size_t> overridden;
  for (std::size_t k = 0; k < read.size(); ++k) {
    auto& o = read[k];
    if (!o.recurrence_id) continue;
    auto rid_line = line_of(*o.scanned, "RECURRENCE-ID");
    auto m = masters.find(o.uid);
    if (m == masters.end())
      return fail({rid_line, "RECURRENCE-ID overrides an occurrence of UID '" + o.uid +
                                 "', but no event in the file has that UID"});
    if (m->second.size() > 1)
      return fail({rid_line, "RECURRENCE-ID overrides an occurrence of UID '" + o.uid + "', which " +
                                 std::to_string(m->second.size()) + " events share (lines " +
                                 std::to_string(read[m->second[0]].scanned->line) + " and " +
                                 std::to_string(read[m->second[1]].scanned->line) + ")"});
    auto& master = read[m->second.front()];
    if (auto f = rd.extend(master, *o.recurrence_id)) return fail(*f);
    if (!master.days.count(*o.recurrence_id) && !master.cancelled)
      return fail({rid_line, "RECURRENCE-ID " + day_digits(*o.recurrence_id) +
                                 " is not an occurrence of the event at line " +
                                 std::to_string(master.scanned->line)});
    if (!overridden.emplace(std::pair{m->second.front(), *o.recurrence_id}, k).second)
      return fail({rid_line, "a second override of the occurrence " + day_digits(*o.recurrence_id)});
  }
  // `extend` may have expanded masters past the term: keep to the limit from here on.
  for (std::size_t k = 0; k < read.size(); ++k) {
    auto& ev = read[k];
    if (ev.recurrence_id) {
      if (!ev.cancelled) r.events.push_back({ev.first, ev.first + ev.length, ev.summary, ev.scanned->line});
      continue;
    }
    if (ev.cancelled) continue;
    bool recurring = ev.days.size() != 1 || *ev.days.begin() != ev.first;
    for (civil_day d : ev.days) {
      if (overridden.count({k, d})) continue;
      if (recurring && d > last) continue;
      r.events.push_back({d, d + ev.length, ev.summary, ev.scanned->line});
    }
  }
  return r;
}

}  // namespace slaudit::engine
