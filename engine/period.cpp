#include "engine/period.hpp"

#include <date/date.h>

#include <charconv>

namespace slaudit::engine {
namespace {
civil_day day_of(int y, int m, int d) {
  return static_cast<civil_day>(
      date::sys_days{date::year{y} / date::month{static_cast<unsigned>(m)} / date::day{static_cast<unsigned>(d)}}
          .time_since_epoch()
          .count());
}
bool number(std::string_view s, int& out) {
  auto r = std::from_chars(s.data(), s.data() + s.size(), out);
  return r.ec == std::errc{} && r.ptr == s.data() + s.size();
}
}  // namespace

std::string period::label() const {
  char buf[16];
  if (months == 12) std::snprintf(buf, sizeof buf, "%04d", year);
  else if (months == 3) std::snprintf(buf, sizeof buf, "%04dQ%d", year, (first_month + 2) / 3);
  else std::snprintf(buf, sizeof buf, "%04d-%02d", year, first_month);
  return buf;
}

std::vector<period> period::monthly() const {
  std::vector<period> out;
  for (int i = 0; i < months; ++i) out.push_back({year, first_month + i, 1});
  return out;
}

civil_day period::first_day() const { return day_of(year, first_month, 1); }

civil_day period::end_day() const {
  int m = first_month + months;
  return m > 12 ? day_of(year + 1, m - 12, 1) : day_of(year, m, 1);
}

std::vector<period> earlier_months_of_contract_year(const contract& c, const period& month) {
  date::year_month_day first{date::sys_days{date::days{c.term_first}}};
  int start = static_cast<int>(first.year()) * 12 + static_cast<int>(static_cast<unsigned>(first.month())) - 1;
  int at = month.year * 12 + month.first_month - 1;
  std::vector<period> out;
  if (at <= start) return out;
  // A term starting mid-month starts its year in that month: the month is part of it.
  for (int m = start + (at - start) / 12 * 12; m < at; ++m) out.push_back({m / 12, m % 12 + 1, 1});
  return out;
}

std::optional<period> parse_period(std::string_view t) {
  int y = 0, n = 0;
  if (t.size() == 4 && number(t, y) && y >= 1970 && y <= 9999) return period{y, 1, 12};
  if (t.size() == 6 && (t[4] == 'Q' || t[4] == 'q') && number(t.substr(0, 4), y) && number(t.substr(5), n) &&
      y >= 1970 && n >= 1 && n <= 4)
    return period{y, 3 * n - 2, 3};
  if (t.size() == 7 && t[4] == '-' && number(t.substr(0, 4), y) && number(t.substr(5), n) && y >= 1970 && n >= 1 &&
      n <= 12)
    return period{y, n, 1};
  return std::nullopt;
}

std::string month_problem(std::string_view t) {
  int y = 0, n = 0;
  if (t.size() != 7 || t[4] != '-' || !number(t.substr(0, 4), y) || !number(t.substr(5), n))
    return "not a month; write a month as 2026-10";
  if (n < 1 || n > 12) return "there is no month " + std::string(t.substr(5)) + "; months run from 01 to 12";
  if (y < 1970) return "the year " + std::string(t.substr(0, 4)) + " is before 1970, the first year slaudit takes";
  return "";
}

interval term_bounds(const contract& c, const zone& z) {
  return {z.first_at_or_after(local_midnight(c.term_first)), z.first_at_or_after(local_midnight(c.term_last + 1))};
}

period month_of(instant t, const zone& z) {
  local_seconds local = z.to_local(t);
  auto day = static_cast<civil_day>(local >= 0 ? local / 86400 : (local - 86399) / 86400);
  date::year_month_day ymd{date::sys_days{date::days{day}}};
  return {static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())), 1};
}

interval period_bounds(const period& p, const zone& z) {
  return {z.first_at_or_after(local_midnight(p.first_day())), z.first_at_or_after(local_midnight(p.end_day()))};
}

}  // namespace slaudit::engine
