#include "reports/texts.hpp"

#include <algorithm>
#include <mutex>

#include "engine/money.hpp"

namespace slaudit::reports {

std::optional<language> parse_language(std::string_view name) {
  if (name == "zh" || name == "zh-CN" || name == "zh_CN") return language::zh;
  if (name == "en") return language::en;
  return std::nullopt;
}

const char* template_file_name(language lang) { return lang == language::zh ? "zh-CN.txt" : "en.txt"; }

bool parse_template(std::string_view text, const std::string& name, std::map<std::string, std::string, std::less<>>& out,
                    const std::map<std::string, std::string, std::less<>>* known, std::string& error) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  auto trim = [](std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
  };
  std::size_t line_no = 0;
  while (!text.empty()) {
    ++line_no;
    auto eol = text.find('\n');
    std::string_view line = trim(text.substr(0, eol));
    text.remove_prefix(eol == std::string_view::npos ? text.size() : eol + 1);
    if (line.empty() || line.front() == '#') continue;
    auto eq = line.find('=');
    if (eq == std::string_view::npos) {
      error = name + ":" + std::to_string(line_no) + ": expected 'key = text'";
      return false;
    }
    std::string key(trim(line.substr(0, eq)));
    if (known && !known->count(key)) {
      error = name + ":" + std::to_string(line_no) + ": unknown key '" + key +
              "' (the keys are those of the built-in templates/" + name.substr(name.find_last_of('/') + 1) + ")";
      return false;
    }
    out[key] = std::string(trim(line.substr(eq + 1)));
  }
  return true;
}

std::optional<texts> texts::load(language lang, const std::string* override_text, const std::string& override_name,
                                 std::string& error) {
  texts t;
  t.lang_ = lang;
  std::map<std::string, std::string, std::less<>> parsed;
  if (!parse_template(builtin_template(lang), template_file_name(lang), parsed, nullptr, error)) return std::nullopt;
  if (override_text) {
    auto known = parsed;
    if (!parse_template(*override_text, override_name, parsed, &known, error)) return std::nullopt;
  }
  t.by_key_.reserve(parsed.size());
  for (auto& [key, text] : parsed) t.by_key_.emplace(key, std::move(text));
  return t;
}

const std::string& texts::operator()(std::string_view key) const {
  if (auto it = by_key_.find(key); it != by_key_.end()) return it->second;
  // A key no template has (a bug, shown as [key]): noted under a lock, as the batch's
  // workers share one texts. std::map keeps the returned reference valid.
  static std::mutex lock;
  std::lock_guard<std::mutex> hold(lock);
  missing_.emplace(key);
  auto [it, fresh] = shown_missing_.try_emplace(std::string(key));
  if (fresh) it->second.append("[").append(key).append("]");
  return it->second;
}

std::string texts::fill(std::string_view key, const std::vector<std::pair<std::string_view, std::string>>& values) const {
  std::string out = (*this)(key);
  for (auto& [name, value] : values) {
    std::string slot;
    slot.append("{").append(name).append("}");
    for (auto at = out.find(slot); at != std::string::npos; at = out.find(slot, at + value.size()))
      out.replace(at, slot.size(), value);
  }
  return out;
}

std::vector<std::string> texts::keys() const {
  std::vector<std::string> k;
  for (auto& [key, text] : by_key_) k.push_back(key);
  std::sort(k.begin(), k.end());
  return k;
}

namespace {

std::string symbol_of(const std::string& currency) {
  return currency == "CNY"   ? "¥"
         : currency == "EUR" ? "€"
         : currency == "USD" ? "$"
         : currency == "GBP" ? "£"
         : currency == "JPY" ? "¥"
                             : currency + " ";
}

/// "-120000.00" as "-¥120,000.00".
std::string grouped(std::string_view plain, const std::string& currency) {
  bool negative = !plain.empty() && plain.front() == '-';
  if (negative) plain.remove_prefix(1);
  auto dot = plain.find('.');
  std::string_view whole = plain.substr(0, dot);
  std::string out = negative ? "-" : "";
  out.append(symbol_of(currency));
  for (std::size_t k = 0; k < whole.size(); ++k) {
    if (k && (whole.size() - k) % 3 == 0) out += ',';
    out += whole[k];
  }
  if (dot != std::string_view::npos) out.append(plain.substr(dot));
  return out;
}

}  // namespace

std::string texts::money(engine::minor_units amount, const std::string& currency) const {
  return grouped(engine::money_text(amount, currency), currency);
}

std::string texts::money_exact(const std::string& exact, const std::string& currency) const {
  if (exact.find('/') != std::string::npos) return exact + " " + currency;
  return grouped(exact, currency);
}

std::string texts::period_label(const std::string& period) const {
  // "2026-10" (months) as a reader says it; anything else is shown as it is.
  if (period.size() != 7 || period[4] != '-') return period;
  int month = std::stoi(period.substr(5));
  static const char* names[] = {"January", "February", "March",     "April",   "May",      "June",
                                "July",    "August",   "September", "October", "November", "December"};
  if (month < 1 || month > 12) return period;
  return fill("month", {{"year", period.substr(0, 4)}, {"month", std::to_string(month)}, {"month_name", names[month - 1]}});
}

std::string texts::duration(std::int64_t seconds) const {
  std::string sign = seconds < 0 ? "-" : "";
  std::uint64_t s = seconds < 0 ? 0 - static_cast<std::uint64_t>(seconds) : static_cast<std::uint64_t>(seconds);
  std::uint64_t h = s / 3600, m = s % 3600 / 60, rest = s % 60;
  const char* separator = lang_ == language::zh ? "" : " ";
  std::string out;
  auto part = [&](std::string_view key, std::uint64_t n) {
    out += (out.empty() ? "" : separator) + fill(key, {{"n", std::to_string(n)}});
  };
  if (h) part("duration.h", h);
  if (m) part("duration.min", m);
  if (rest || out.empty()) part("duration.s", rest);
  return sign + out;
}

std::string texts::verdict(engine::verdict v) const {
  switch (v) {
    case engine::verdict::met: return (*this)("verdict.met");
    case engine::verdict::breached: return (*this)("verdict.breached");
    case engine::verdict::not_measurable: return (*this)("verdict.not_measurable");
    case engine::verdict::pending: return (*this)("verdict.pending");
    case engine::verdict::waived: return (*this)("verdict.waived");
  }
  return "";
}

}  // namespace slaudit::reports
