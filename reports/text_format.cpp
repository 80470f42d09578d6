#include "reports/text_format.hpp"

#include <date/date.h>

#include <cstdio>

namespace slaudit::reports {

std::string timestamp_text(engine::instant t, char separator, const char* suffix) {
  char buf[40];
  std::size_t n = timestamp_chars(t, separator, buf);
  std::string out(buf, n);
  out += suffix;
  return out;
}

std::size_t timestamp_chars(engine::instant t, char separator, char* buf) {
  // By hand, not snprintf: the JSON of a month writes several per clock (a tenth of its time
  // went to printf's format parsing).
  auto day = date::floor<date::days>(date::sys_seconds{std::chrono::seconds{t}});
  date::year_month_day ymd{day};
  std::int64_t s = t - day.time_since_epoch().count() * 86400;
  auto two = [](char* at, unsigned v) {
    at[0] = static_cast<char>('0' + v / 10);
    at[1] = static_cast<char>('0' + v % 10);
  };
  int year = static_cast<int>(ymd.year());
  std::size_t n = 0;
  if (year < 0 || year > 9999) {
    n = static_cast<std::size_t>(std::snprintf(buf, 16, "%04d", year));  // never in practice
  } else {
    two(buf, static_cast<unsigned>(year / 100));
    two(buf + 2, static_cast<unsigned>(year % 100));
    n = 4;
  }
  buf[n++] = '-';
  two(buf + n, static_cast<unsigned>(ymd.month()));
  buf[n + 2] = '-';
  two(buf + n + 3, static_cast<unsigned>(ymd.day()));
  buf[n + 5] = separator;
  two(buf + n + 6, static_cast<unsigned>(s / 3600));
  buf[n + 8] = ':';
  two(buf + n + 9, static_cast<unsigned>(s / 60 % 60));
  buf[n + 11] = ':';
  two(buf + n + 12, static_cast<unsigned>(s % 60));
  return n + 14;
}

std::string joined(const std::vector<std::string>& items, std::string_view separator) {
  std::string s;
  for (auto& x : items) {
    if (&x != &items.front()) s += separator;
    s += x;
  }
  return s;
}

std::string clauses(const engine::origin* o) {
  return o ? joined(o->clauses, ", ") : std::string();
}

}  // namespace slaudit::reports
