// The validator's own: the class that turns a contract's syntax tree into its model, with
// the helpers its parts share. Each part of a contract is checked in a file of its own:
// validate.cpp (the whole, the head), validate_calendars.cpp, validate_terms.cpp (levels,
// severities, escalation, maintenance), validate_services.cpp (services, tickets,
// monitoring), validate_penalties.cpp (penalties and their tiers), validate_cross_checks.cpp
// (what only the whole contract can tell). Only those files include this header.
#pragma once

#include <algorithm>
#include <array>
#include <cstdio>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <date/date.h>

#include "engine/decimal.hpp"
#include "engine/file_reader.hpp"
#include "engine/model.hpp"
#include "grammar/ast.hpp"
#include "grammar/diagnostic.hpp"
#include "grammar/source.hpp"
#include "grammar/suggest.hpp"

namespace slaudit::engine::validation {

namespace ast = grammar::ast;
using grammar::note;

template <typename E>
using choices = std::vector<std::pair<std::string, E>>;

inline std::string join_keys(const std::vector<std::string>& v) {
  std::string s;
  for (auto& w : v) s += (s.empty() ? "" : ", ") + w;
  return s;
}

// A contract id names its report files (<id>-<period>.xlsx) in the output folder: it must be
// a plain file name there, short enough to leave room for the period, the extension and a
// temporary suffix within the 255 bytes a file name may have.
constexpr std::size_t max_id_bytes = 120;

// The longest holiday range, in days (a leap year).
constexpr civil_day max_holiday_range_days = 366;

inline std::optional<std::string> file_name_problem(std::string_view id) {
  if (id.empty()) return "is empty";
  if (id.size() > max_id_bytes)
    return "is " + std::to_string(id.size()) + " bytes long; at most " + std::to_string(max_id_bytes) +
           " fit in a report's file name";
  if (id == "." || id == "..") return "'" + std::string(id) + "' is not a file name";
  if (id.front() == '.') return "starts with '.', which would hide its report files";
  for (std::size_t i = 0; i < id.size(); ++i) {
    auto c = static_cast<unsigned char>(id[i]);
    bool c1 = c == 0xC2 && i + 1 < id.size() && static_cast<unsigned char>(id[i + 1]) >= 0x80 &&
              static_cast<unsigned char>(id[i + 1]) <= 0x9F;
    if (c < 0x20 || c == 0x7F || c1) {
      char code[8];
      std::snprintf(code, sizeof code, "U+%04X", c1 ? static_cast<unsigned char>(id[i + 1]) : c);
      return std::string("holds the control character ") + code + " at byte " + std::to_string(i + 1);
    }
    if (c == '/' || c == '\\') return std::string("holds '") + char(c) + "', which would name a folder";
  }
  return std::nullopt;
}

class validator {
 public:
  validator(const grammar::source_file& src, const file_reader& files, grammar::diagnostics& d)
      : src_(src), files_(files), diags_(d) {}

  /// With `owned` (the same tree as `f`, given up by its owner), each service's statements
  /// are let go once read: a contract of 450,000 services then never holds its whole tree
  /// beside the model built from it.
  std::optional<contract> run(const ast::file& f, ast::file* owned = nullptr);

 private:
  // ---- diagnostics
  grammar::diagnostic& error(const char* code, const ast::located& at, std::string msg) {
    // After a syntax error some statements were dropped: "missing" and "unknown reference"
    // errors would then be guesses, so they are held back until the syntax is fixed.
    static const std::set<std::string> guesses = {"E0202", "E0203", "E0204", "E0205",
                                                  "E0206", "E0207", "E0208"};
    if (after_syntax_errors_ && guesses.count(code)) {
      scratch_ = {};
      return scratch_;
    }
    return diags_.error(code, at.at, at.end, std::move(msg));
  }
  grammar::diagnostic& warning(const char* code, const ast::located& at, std::string msg) {
    if (after_syntax_errors_ && (std::string(code) == "W0603" || std::string(code) == "W0605")) {
      scratch_ = {};
      return scratch_;
    }
    return diags_.warning(code, at.at, at.end, std::move(msg));
  }
  static note see(std::string msg, std::uint32_t at) { return {std::move(msg), true, at}; }
  static note hint(std::string msg) { return {std::move(msg), false, 0}; }

  origin where(const ast::node& n, const ast::clauses& c) const {
    origin o;
    o.line = src_.position(n.at).line;
    if (src_.part_of(n.at) != 0) o.file = src_.path_at(n.at);
    for (auto& t : c) o.clauses.push_back(t.value);
    for (auto& t : n.trivia().after_close) o.clauses.push_back(t.value);
    return o;
  }

  /// One of a fixed set of words, with a suggestion when it is a likely typo.
  template <typename E>
  std::optional<E> choose(const ast::word& w, const choices<E>& options, const std::string& what) {
    std::vector<std::string> keys;
    for (auto& [k, v] : options) {
      if (k == w.text) return v;
      keys.push_back(k);
    }
    auto& d = error("E0209", w, "unknown " + what + " '" + w.text + "'");
    std::string guess = grammar::did_you_mean(w.text, keys);
    if (!guess.empty()) d.notes.push_back(hint("did you mean '" + guess + "'?"));
    d.notes.push_back(hint("expected one of: " + join_keys(keys)));
    return std::nullopt;
  }

  /// Keeps the first definition of a name; reports later ones.
  bool first_definition(std::map<std::string, std::uint32_t>& seen, const std::string& name,
                        const ast::located& at, const std::string& what) {
    auto [it, fresh] = seen.emplace(name, at.at);
    if (!fresh) {
      error("E0201", at, "duplicate " + what + " '" + name + "'")
          .notes.push_back(see("first defined here", it->second));
    }
    return fresh;
  }
  bool once(const std::string& stmt, const ast::located& at) {
    auto [it, fresh] = singletons_.emplace(stmt, at.at);
    if (!fresh)
      error("E0201", at, "'" + stmt + "' is given twice")
          .notes.push_back(see("first given here", it->second));
    return fresh;
  }

  // ---- values
  std::optional<int> integer(const ast::integer& i, int lo, int hi, const std::string& what) {
    if (i.digits.size() > 6 || std::stoi(i.digits) < lo || std::stoi(i.digits) > hi) {
      error("E0301", i,
            what + " " + i.digits + " is out of range (" + std::to_string(lo) + " to " + std::to_string(hi) + ")");
      return std::nullopt;
    }
    return std::stoi(i.digits);
  }

  std::optional<decimal> number(const ast::number& n) {
    auto d = decimal::parse(n.digits);
    if (!d) error("E0301", n, "the number " + n.digits + " has too many digits to hold exactly");
    return d;
  }

  std::optional<decimal> percent(const ast::percent& p) {
    auto d = number(p.amount);
    if (!d) return std::nullopt;
    if (*d > decimal{100, 0}) {
      error("E0301", p, "percentage " + p.amount.digits + "% is over 100%");
      return std::nullopt;
    }
    return d;
  }

  std::optional<std::int64_t> seconds(const ast::duration& du, bool allow_zero = false) {
    auto d = number(du.amount);
    if (!d) return std::nullopt;
    std::int64_t factor = du.unit == "s" ? 1 : du.unit == "min" ? 60 : du.unit == "h" ? 3600 : 86400;
    __int128 scaled = static_cast<__int128>(d->units) * factor;
    __int128 p = 1;
    for (int i = 0; i < d->scale; ++i) p *= 10;
    if (scaled % p != 0) {
      error("E0305", du, "duration " + du.amount.digits + du.unit + " is not a whole number of seconds");
      return std::nullopt;
    }
    // Compared before narrowing: 213503982334602d is about 1.8e19 s, beyond int64.
    if (scaled / p > 366LL * 86400) {
      error("E0305", du, "duration " + du.amount.digits + du.unit + " is longer than a year");
      return std::nullopt;
    }
    auto s = static_cast<std::int64_t>(scaled / p);
    if (s == 0 && !allow_zero) {
      error("E0305", du, "duration must be longer than zero");
      return std::nullopt;
    }
    return s;
  }

  std::optional<minor_units> money(const ast::money& m) {
    if (!currency_.empty() && m.currency != currency_) {
      error("E0307", m, "amount in " + m.currency + " but the contract's currency is " + currency_)
          .notes.push_back(see("currency set here", currency_at_));
      return std::nullopt;
    }
    auto d = number(m.amount);
    if (!d) return std::nullopt;
    int digits = minor_digits(m.currency);
    auto v = d->at_scale(digits);
    if (!v) {
      error("E0308", m.amount,
            "amount " + m.amount.digits + " has more decimals than " + m.currency + " has (" +
                std::to_string(digits) + ")");
      return std::nullopt;
    }
    return v;
  }

  std::optional<civil_day> day(const ast::date& d) {
    date::year_month_day ymd{date::year{std::stoi(d.y)}, date::month{unsigned(std::stoi(d.m))},
                             date::day{unsigned(std::stoi(d.d))}};
    if (!ymd.ok()) {
      error("E0303", d, "there is no date " + d.y + "-" + d.m + "-" + d.d);
      return std::nullopt;
    }
    return static_cast<civil_day>(date::sys_days{ymd}.time_since_epoch().count());
  }

  std::optional<std::int32_t> time_of_day(const ast::time_of_day& t, bool end) {
    int h = std::stoi(t.h), m = std::stoi(t.m);
    if (m > 59 || h > 24 || (h == 24 && (m != 0 || !end))) {
      error("E0302", t,
            "there is no time of day " + t.h + ":" + t.m +
                (h == 24 && m == 0 ? " at the start of a range" : ""))
          .notes.push_back(hint("times run from 00:00 to 23:59; 24:00 may end a range"));
      return std::nullopt;
    }
    return h * 3600 + m * 60;
  }

  std::optional<day_span> span(const ast::time_range& r) {
    auto a = time_of_day(r.from, false);
    auto b = time_of_day(r.to, true);
    if (!a || !b) return std::nullopt;
    if (*b <= *a) {
      error("E0309", r, "time range " + r.from.h + ":" + r.from.m + "-" + r.to.h + ":" + r.to.m +
                            " is empty or runs backwards")
          .notes.push_back(hint("a range that crosses midnight is written as two: 22:00-24:00 and 00:00-06:00"));
      return std::nullopt;
    }
    return day_span{*a, *b};
  }

  std::optional<std::array<bool, 7>> days(const std::vector<ast::day_span>& spans) {
    static const choices<int> names = {{"mon", 0}, {"tue", 1}, {"wed", 2}, {"thu", 3},
                                       {"fri", 4}, {"sat", 5}, {"sun", 6}};
    std::array<bool, 7> out{};
    bool ok = true;
    for (auto& s : spans) {
      auto a = choose(s.first, names, "weekday");
      auto b = s.last ? choose(*s.last, names, "weekday") : a;
      if (!a || !b) {
        ok = false;
        continue;
      }
      if (*b < *a) {
        error("E0309", s, "weekday range " + s.first.text + "-" + s.last->text + " runs backwards");
        ok = false;
        continue;
      }
      for (int i = *a; i <= *b; ++i) out[i] = true;
    }
    if (!ok) return std::nullopt;
    return out;
  }

  std::optional<credit> credit_of(const ast::credit& c, bool allow_share) {
    credit out;
    if (auto* m = boost::get<ast::money>(&c.get())) {
      auto v = money(*m);
      if (!v) return std::nullopt;
      out.amount = *v;
      return out;
    }
    auto& r = boost::get<ast::rate_credit>(c.get());
    auto p = percent(r.rate);
    if (!p) return std::nullopt;
    choices<credit::kind> bases = {{"fee", credit::kind::percent_of_fee}};
    if (allow_share) bases.push_back({"share", credit::kind::percent_of_share});
    auto k = choose(r.base, bases, "base for a percentage");
    if (!k) return std::nullopt;
    out.base = *k;
    out.pct = *p;
    return out;
  }

  std::optional<coverage> coverage_of(const ast::word& w) {
    if (w.text == "7x24") return coverage{};
    calendar_refs_.push_back(w);
    return coverage{w.text};
  }

  // ---- blocks
  const ast::node* top_level(const ast::file& f);
  void header(const ast::node& n);  // with the statements that take more than a few lines:
  void timezone_statement(const ast::timezone_stmt& s);
  void currency_statement(const ast::currency_stmt& s);
  void exclude_statement(const ast::exclude_stmt& s);
  void cap_statement(const ast::node& n, const ast::cap_stmt& s);
  void finish_header();
  void calendar_block(const ast::node& n, const ast::calendar_head& h);
  void hours_statement(calendar& cal, const ast::hours_stmt& s);
  void holiday_statement(calendar& cal, const ast::holiday_stmt& s, std::map<civil_day, std::uint32_t>& inline_days);
  bool inline_day(civil_day d, const ast::located& at, std::map<civil_day, std::uint32_t>& inline_days);
  static void settle_days(calendar& cal, const std::map<civil_day, std::uint32_t>& inline_days);
  void import_ics(calendar& cal, const ast::holidays_import_stmt& s);
  void level_block(const ast::node& n, const ast::level_head& h);
  void severity_block(const ast::node& n, const ast::severity_head& h);
  void escalation_block(const ast::node& n);
  void maintenance_block(const ast::node& n);
  void service_block(const ast::node& n, const ast::service_head& h);
  void tickets_block(const ast::node& n);
  void monitoring_block(const ast::node& n);
  void penalty_block(const ast::node& n, const ast::penalty_head& h);
  void per_breach_statement(penalty& p, const ast::per_breach_stmt& s);
  void late_statement(penalty& p, const ast::late_stmt& s);
  void overdue_statement(penalty& p, const ast::overdue_stmt& s, const ast::penalty_head& h);
  void check_tiers(penalty& p, const std::vector<const ast::node*>& tier_nodes);  // with its steps:
  struct tier_item {
    tier t;
    const ast::located* at;
  };
  std::optional<tier_item> read_tier(const ast::node& nd, bool per_service, int& kinds);
  bool tier_kinds_fit(const std::vector<tier_item>& items, int kinds, bool count_metric);
  bool tiers_meet(const tier_item& before, const tier_item& item, int kinds, bool count_metric);
  bool tier_costs_more(const tier_item& before, const tier_item& item);
  void cross_checks(const ast::node& contract_node);  // its steps, in validate_cross_checks.cpp:
  void required_statements(const ast::contract_head& head);
  void references();
  bool service_states(const service& s, metric m) const;
  void penalties_measure_targets();
  void fee_shares_stated();
  void caps_reachable();
  void downtime_matches_availability();

  const grammar::source_file& src_;
  const file_reader& files_;
  grammar::diagnostics& diags_;
  contract c_;
  std::string currency_;
  std::uint32_t currency_at_ = 0;
  std::map<std::string, std::uint32_t> singletons_;
  std::map<std::string, std::uint32_t> calendars_seen_, services_seen_, penalties_seen_;
  std::map<std::string, std::uint32_t> levels_seen_, severities_seen_;
  std::vector<ast::word> calendar_refs_;
  /// Uses of a service level not defined (the levels are read before the services): where,
  /// and the index of the service in c_.services.
  std::vector<std::pair<ast::integer, std::size_t>> level_refs_;
  struct penalty_ref {
    ast::located at;
    std::size_t index;
  };
  std::vector<penalty_ref> penalty_refs_;
  /// Per service of c_.services, in its order: where its targets were written (in the AST,
  /// which outlives the validation) and which targets it states (written, even if invalid:
  /// their own error is reported). A map per target, keyed by a copy of the service's id,
  /// was 100 MB of a 50 MB contract of 450,000 services.
  struct service_marks {
    ast::located availability, downtime;
    bool states_availability = false, states_transactions = false;
  };
  std::vector<service_marks> service_marks_;
  /// The fee share of the service with the greatest id that states one (E0408's place).
  std::optional<ast::located> share_at_;
  std::string share_of_;
  std::vector<std::pair<ast::word, breach_target>> breach_refs_;
  std::vector<std::pair<std::string, ast::text>> service_refs_;
  struct metric_ref {
    ast::word at;
    metric m;
    std::optional<std::string> service;
  };
  std::vector<metric_ref> metric_refs_;
  std::vector<ast::text> penalty_at_;
  struct tier_ref {
    const ast::located* at;
    std::size_t penalty, tier;
  };
  std::vector<tier_ref> tier_at_;
  std::map<period_unit, std::uint32_t> cap_at_;
  const ast::fee_stmt* fee_node_ = nullptr;
  bool after_syntax_errors_ = diags_.has_errors();
  grammar::diagnostic scratch_;
  const ast::rounding_stmt* rounding_node_ = nullptr;
};

/// Minor units a credit comes to for a service with `share` (nullopt: not comparable).
inline std::optional<__int128> credit_value(const credit& c, minor_units monthly_fee,
                                            std::optional<minor_units> share) {
  // scaled by 10^12 × 100 so that percentages of any scale compare exactly
  const __int128 unit = static_cast<__int128>(1000000000000LL) * 100;
  __int128 pscale = 1;
  for (int i = 0; i < c.pct.scale; ++i) pscale *= 10;
  switch (c.base) {
    case credit::kind::fixed: return unit * c.amount;
    case credit::kind::percent_of_fee: return unit / 100 / pscale * c.pct.units * monthly_fee;
    case credit::kind::percent_of_share:
      if (!share) return std::nullopt;
      return unit / 100 / pscale * c.pct.units * *share;
  }
  return std::nullopt;
}

}  // namespace slaudit::engine::validation
