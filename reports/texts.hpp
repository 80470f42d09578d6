// Report wording as data: every title, column head, verdict word and sentence a report shows
// comes from templates/<lang>.txt (built into the binary), optionally overridden key by key
// from a user's folder. Plus the per-language formatting of money and periods.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "engine/model.hpp"
#include "engine/results.hpp"

namespace slaudit::reports {

enum class language { zh, en };

/// "zh" (also "zh-CN") or "en".
std::optional<language> parse_language(std::string_view name);
/// The template file's name: zh-CN.txt or en.txt.
const char* template_file_name(language lang);
/// The built-in template text (generated from templates/ at build time).
std::string_view builtin_template(language lang);

class texts {
 public:
  /// The built-in texts of `lang`; with `override_text`, its keys replace the built-in ones.
  /// On a bad override (unknown key, a line without '='), nullopt and `error` as
  /// "FILE:LINE: what is wrong".
  static std::optional<texts> load(language lang, const std::string* override_text, const std::string& override_name,
                                   std::string& error);

  language lang() const { return lang_; }

  /// The text of `key`. A key the templates lack shows as "[key]" and is remembered
  /// (tests render every report in both languages and require none).
  const std::string& operator()(std::string_view key) const;
  /// The text of `key` with each {name} replaced.
  std::string fill(std::string_view key, const std::vector<std::pair<std::string_view, std::string>>& values) const;

  const std::set<std::string>& missing() const { return missing_; }
  std::vector<std::string> keys() const;

  /// ¥120,000.00 / €1,234.50 / CHF 10.00: grouped thousands, the currency's minor digits.
  std::string money(engine::minor_units amount, const std::string& currency) const;
  /// An exact amount in currency units ("1234.5675", from engine::exact_text) the same way;
  /// a fraction that does not terminate ("1/3 of minor units") is shown as it is.
  std::string money_exact(const std::string& exact, const std::string& currency) const;
  /// 2026年10月 / October 2026 for "2026-10".
  std::string period_label(const std::string& period) const;
  std::string verdict(engine::verdict v) const;
  /// A duration as a reader says it: "3 h 30 min", "3小时30分"; hours, minutes and seconds
  /// (no days: a clock's elapsed time is service time, which a day of the calendar is not).
  std::string duration(std::int64_t seconds) const;

 private:
  language lang_ = language::zh;
  /// The texts by key, hashed: a report looks up hundreds of thousands of keys, and a map's
  /// string compares were 3% of a report's time.
  struct key_hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view key) const { return std::hash<std::string_view>{}(key); }
  };
  std::unordered_map<std::string, std::string, key_hash, std::equal_to<>> by_key_;
  mutable std::set<std::string> missing_;
  mutable std::map<std::string, std::string, std::less<>> shown_missing_;
};

/// Parses "key = text" lines ('#' comments, blank lines ignored) into `out`. With `known`,
/// a key not in it is an error. Returns false with "NAME:LINE: what" in `error`.
bool parse_template(std::string_view text, const std::string& name, std::map<std::string, std::string, std::less<>>& out,
                    const std::map<std::string, std::string, std::less<>>* known, std::string& error);

}  // namespace slaudit::reports
