#include "reports/text_format.hpp"

#include <date/date.h>

#include <cstdio>

namespace slaudit::reports {

std::string timestamp_text(engine::instant t, char separator, const char* suffix) {
  auto day = date::floor<date::days>(date::sys_seconds{std::chrono::seconds{t}});
  date::year_month_day ymd{day};
  std::int64_t s = t - day.time_since_epoch().count() * 86400;
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u%c%02d:%02d:%02d%s", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()), separator,
                static_cast<int>(s / 3600), static_cast<int>(s / 60 % 60), static_cast<int>(s % 60), suffix);
  return buf;
}

void append_json_escaped(std::string& out, std::string_view s) {
  std::size_t plain = 0;  // runs of characters that need no escape are copied at once
  for (std::size_t k = 0; k < s.size(); ++k) {
    auto c = static_cast<unsigned char>(s[k]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s.substr(plain, k - plain));
    plain = k + 1;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default: {
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\u%04x", c);
        out += buf;
      }
    }
  }
  out.append(s.substr(plain));
}

std::string json_escape(std::string_view s) {
  std::string out;
  append_json_escaped(out, s);
  return out;
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
