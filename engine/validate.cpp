#include "engine/validate.hpp"

#include <date/date.h>
#include <date/tz.h>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <set>

#include "engine/ical.hpp"
#include "grammar/driver.hpp"

namespace slaudit::engine {
namespace {

namespace ast = grammar::ast;
using grammar::note;

template <typename E>
using choices = std::vector<std::pair<std::string, E>>;

std::string join_keys(const std::vector<std::string>& v) {
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

std::optional<std::string> file_name_problem(std::string_view id) {
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
  void header(const ast::node& n);
  void finish_header();
  void calendar_block(const ast::node& n, const ast::calendar_head& h);
  void import_ics(calendar& cal, const ast::holidays_import_stmt& s);
  void level_block(const ast::node& n, const ast::level_head& h);
  void severity_block(const ast::node& n, const ast::severity_head& h);
  void escalation_block(const ast::node& n);
  void maintenance_block(const ast::node& n);
  void service_block(const ast::node& n, const ast::service_head& h);
  void tickets_block(const ast::node& n);
  void monitoring_block(const ast::node& n);
  void penalty_block(const ast::node& n, const ast::penalty_head& h);
  void check_tiers(penalty& p, const std::vector<const ast::node*>& tier_nodes);
  void cross_checks(const ast::node& contract_node);

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

std::optional<contract> validator::run(const ast::file& f, ast::file* owned) {
  const ast::node* version = nullptr;
  const ast::node* contract_node = nullptr;
  for (auto& n : f.nodes) {
    if (auto* v = ast::get_if<ast::version_stmt>(&n.stmt)) {
      if (version) {
        error("E0201", *v, "the language version is given twice")
            .notes.push_back(see("first given here", version->at));
        continue;
      }
      if (contract_node)
        error("E0107", *v, "the language version line must come before the contract");
      version = &n;
      if (v->version.digits != "1")
        error("E0108", v->version, "unsupported language version " + v->version.digits)
            .notes.push_back(hint("this slaudit reads version 1: write 'sla 1'"));
    } else if (ast::get_if<ast::contract_head>(&n.stmt)) {
      if (contract_node) {
        error("E0109", ast::get<ast::contract_head>(n.stmt),
              "a file holds one contract; this is a second one")
            .notes.push_back(see("the first contract starts here", contract_node->at));
        continue;
      }
      contract_node = &n;
    }
  }
  if (!version && !diags_.has_errors()) {
    diags_.error("E0107", 0, 0, "the file does not start with a language version line")
        .notes.push_back(hint("add 'sla 1' as the first statement"));
  }
  if (!contract_node) {
    if (!diags_.has_errors())
      diags_.error("E0109", 0, 0, "the file holds no contract")
          .notes.push_back(hint("write 'contract \"<id>\" { ... }'"));
    return std::nullopt;
  }
  // The same node in the tree given up, whose services' statements may be let go.
  ast::node* owned_contract = owned ? &owned->nodes[static_cast<std::size_t>(contract_node - f.nodes.data())] : nullptr;
  auto& head = ast::get<ast::contract_head>(contract_node->stmt);
  c_.id = head.id.value;
  c_.source_path = src_.path();
  if (auto why = file_name_problem(c_.id))
    error("E0301", head.id, "the contract id " + *why)
        .notes.push_back(hint("it names the report files: <contract-id>-<period>.xlsx"));

  // Header first: money and "% of fee" need the currency and fee wherever they are written.
  std::size_t services = 0;
  for (auto& n : contract_node->body) {
    header(n);
    services += ast::holds<ast::service_head>(n.stmt);
  }
  c_.services.reserve(services);  // exactly: a doubled vector of 450,000 held 70,000 spare
  service_marks_.reserve(services);
  finish_header();
  for (auto& n : contract_node->body) {
    ast::visit(
        [&](auto const& s) {
          using T = std::decay_t<decltype(s)>;
          if constexpr (std::is_same_v<T, ast::calendar_head>) calendar_block(n, s);
          if constexpr (std::is_same_v<T, ast::level_head>) level_block(n, s);
          if constexpr (std::is_same_v<T, ast::severity_head>) severity_block(n, s);
        },
        n.stmt);
  }
  for (auto& n : contract_node->body) {
    ast::visit(
        [&](auto const& s) {
          using T = std::decay_t<decltype(s)>;
          if constexpr (std::is_same_v<T, ast::escalation_head>) escalation_block(n);
          if constexpr (std::is_same_v<T, ast::maintenance_head>) maintenance_block(n);
          if constexpr (std::is_same_v<T, ast::service_head>) {
            service_block(n, s);
            if (owned_contract) std::vector<ast::node>().swap(owned_contract->body[&n - contract_node->body.data()].body);
          }
          if constexpr (std::is_same_v<T, ast::tickets_head>) tickets_block(n);
          if constexpr (std::is_same_v<T, ast::monitoring_head>) monitoring_block(n);
        },
        n.stmt);
  }
  for (auto& n : contract_node->body) {
    ast::visit(
        [&](auto const& s) {
          using T = std::decay_t<decltype(s)>;
          if constexpr (std::is_same_v<T, ast::penalty_head>) penalty_block(n, s);
          if constexpr (std::is_same_v<T, ast::cap_stmt>) {
            if (auto cr = credit_of(s.limit, false)) {
              static const choices<period_unit> pers = {{"month", period_unit::month},
                                                        {"year", period_unit::year}};
              auto per = choose(s.per, pers, "cap period");
              if (per && once("cap per " + s.per.text, s)) {
                c_.caps.push_back({*cr, *per, where(n, s.clause)});
                cap_at_[*per] = s.at;
              }
            }
          }
        },
        n.stmt);
  }
  cross_checks(*contract_node);
  if (diags_.has_errors()) return std::nullopt;
  return std::move(c_);
}

void validator::header(const ast::node& n) {
  ast::visit(
      [&](auto const& s) {
        using T = std::decay_t<decltype(s)>;
        if constexpr (std::is_same_v<T, ast::title_stmt>) {
          if (once("title", s)) c_.title = s.title.value;
        } else if constexpr (std::is_same_v<T, ast::party_stmt>) {
          party_role r = s.role.text == "customer" ? party_role::customer : party_role::provider;
          if (once(s.role.text, s)) {
            if (s.name.value.empty()) error("E0301", s.name, "the " + s.role.text + "'s name is empty");
            c_.parties[r] = s.name.value;
          }
        } else if constexpr (std::is_same_v<T, ast::term_stmt>) {
          if (!once("term", s)) return;
          auto a = day(s.first), b = day(s.last);
          if (a && b && *b < *a) {
            error("E0304", s, "the term is empty: it ends before it starts")
                .notes.push_back(hint("write 'term <first day> .. <last day>', both days included"));
          }
          if (a) c_.term_first = *a;
          if (b) c_.term_last = *b;
        } else if constexpr (std::is_same_v<T, ast::timezone_stmt>) {
          if (!once("timezone", s)) return;
          c_.timezone = s.zone.value;
          // IANA names are short (the longest has 32 characters): a longer one is not looked up.
          constexpr std::size_t longest_zone_name = 64;
          if (s.zone.value.size() > longest_zone_name) {
            error("E0306", s.zone, "unknown time zone '" + grammar::clipped(s.zone.value) + "'")
                .notes.push_back(hint("an IANA zone name has at most " + std::to_string(longest_zone_name) +
                                      " characters; use one such as \"Asia/Shanghai\" or \"Europe/Berlin\""));
            return;
          }
          try {
            date::locate_zone(s.zone.value);
          } catch (const std::exception&) {
            auto& d = error("E0306", s.zone, "unknown time zone '" + s.zone.value + "'");
            std::vector<std::string> names;
            try {
              for (auto& z : date::get_tzdb().zones) names.emplace_back(z.name());
            } catch (const std::exception&) {
            }
            std::string guess = grammar::did_you_mean(s.zone.value, names);
            if (!guess.empty()) d.notes.push_back(hint("did you mean '" + guess + "'?"));
            d.notes.push_back(hint("use an IANA zone name such as \"Asia/Shanghai\" or \"Europe/Berlin\""));
          }
        } else if constexpr (std::is_same_v<T, ast::currency_stmt>) {
          if (!once("currency", s)) return;
          bool upper3 = s.code.text.size() == 3 &&
                        std::all_of(s.code.text.begin(), s.code.text.end(),
                                    [](char ch) { return ch >= 'A' && ch <= 'Z'; });
          if (!upper3) {
            error("E0301", s.code, "'" + s.code.text + "' is not an ISO 4217 currency code")
                .notes.push_back(hint("write three capital letters, such as CNY or EUR"));
            return;
          }
          currency_ = c_.currency = s.code.text;
          currency_at_ = s.at;
        } else if constexpr (std::is_same_v<T, ast::rounding_stmt>) {
          if (!once("rounding", s)) return;
          static const choices<rounding_mode> modes = {{"half_up", rounding_mode::half_up},
                                                       {"half_even", rounding_mode::half_even},
                                                       {"down", rounding_mode::down},
                                                       {"up", rounding_mode::up}};
          if (auto m = choose(s.mode, modes, "rounding mode")) c_.rounding = *m;
          rounding_node_ = &s;
        } else if constexpr (std::is_same_v<T, ast::exclude_stmt>) {
          static const choices<int> whats = {{"causes", 0}, {"impacts", 1}};
          static const choices<cause> causes = {{"third_party", cause::third_party},
                                                {"customer", cause::customer},
                                                {"force_majeure", cause::force_majeure},
                                                {"provider", cause::provider}};
          static const choices<impact> impacts = {{"degraded", impact::degraded},
                                                  {"terminal", impact::terminal},
                                                  {"outage", impact::outage}};
          static const choices<int> scopes = {{"availability", 0}, {"clocks", 1}};
          auto what = choose(s.what, whats, "exclusion kind");
          if (!what) return;
          std::set<int> scope;
          for (auto& w : s.from)
            if (auto x = choose(w, scopes, "exclusion scope")) scope.insert(*x);
          if (s.from.empty()) scope.insert(0);
          for (auto& v : s.values) {
            if (*what == 0) {
              auto x = choose(v, causes, "cause");
              if (!x) continue;
              if (scope.count(0)) c_.excluded.causes_availability.push_back(*x);
              if (scope.count(1)) c_.excluded.causes_clocks.push_back(*x);
            } else {
              auto x = choose(v, impacts, "impact");
              if (!x) continue;
              auto& av = c_.excluded.impacts_availability;
              if (scope.count(0) && std::find(av.begin(), av.end(), *x) == av.end()) av.push_back(*x);
              if (scope.count(1)) c_.excluded.impacts_clocks.push_back(*x);
            }
          }
        } else if constexpr (std::is_same_v<T, ast::pause_stmt>) {
          for (auto& st : s.states) {
            if (st.value.empty()) error("E0301", st, "a pause state name is empty");
            else if (std::find(c_.pause_states.begin(), c_.pause_states.end(), st.value) !=
                     c_.pause_states.end())
              error("E0201", st, "pause state '" + st.value + "' is listed twice");
            else c_.pause_states.push_back(st.value);
          }
        } else if constexpr (std::is_same_v<T, ast::missing_time_stmt>) {
          if (!once("missing_time", s)) return;
          static const choices<bool> rules = {{"breach", true}, {"no_breach", false}};
          if (auto r = choose(s.rule, rules, "missing-time rule")) c_.missing_time_is_breach = *r;
        }
      },
      n.stmt);
  // The fee needs the currency, which may be written after it: read it on a second look.
  if (auto* f = ast::get_if<ast::fee_stmt>(&n.stmt))
    if (once("fee", *f)) fee_node_ = f;
}

void validator::finish_header() {
  if (fee_node_) {
    const auto& f = *fee_node_;
    if (currency_.empty()) {
      currency_ = c_.currency = f.amount.currency;
      currency_at_ = f.amount.at;
    }
    static const choices<period_unit> bases = {{"month", period_unit::month},
                                               {"quarter", period_unit::quarter},
                                               {"year", period_unit::year}};
    auto basis = choose(f.basis, bases, "fee basis");
    auto v = money(f.amount);
    if (basis && v) {
      c_.fee = *v;
      c_.fee_basis = *basis;
      int months = *basis == period_unit::month ? 1 : *basis == period_unit::quarter ? 3 : 12;
      if (*v % months != 0) {
        error("E0308", f.amount,
              "the fee " + f.amount.amount.digits + " " + f.amount.currency + " per " + f.basis.text +
                  " does not divide into whole minor units per month")
            .notes.push_back(hint("state the monthly fee instead: 'fee <amount> " + currency_ + " per month'"));
      } else {
        c_.monthly_fee = *v / months;
      }
    }
  }
  if (rounding_node_) {
    const auto& r = *rounding_node_;
    auto unit = number(r.unit);
    int digits = minor_digits(currency_.empty() ? "CNY" : currency_);
    std::optional<std::int64_t> minor = unit ? unit->at_scale(digits) : std::nullopt;
    bool power_of_ten = minor && *minor > 0;
    for (std::int64_t m = minor.value_or(0); power_of_ten && m > 1; m /= 10)
      if (m % 10 != 0) power_of_ten = false;
    if (!power_of_ten) {
      error("E0308", r.unit, "rounding unit " + r.unit.digits + " is not a power of ten of the currency's minor unit")
          .notes.push_back(hint("use 0.01, 0.1, 1, 10 …"));
    } else {
      c_.rounding_unit = *minor;
    }
  }
}

void validator::import_ics(calendar& cal, const ast::holidays_import_stmt& s) {
  std::string path = s.path.value;
  if (path.empty() || path[0] != '/') {
    auto slash = src_.path().rfind('/');
    if (slash != std::string::npos) path = src_.path().substr(0, slash + 1) + path;
  }
  auto text = files_.read(path);
  if (!text) {
    std::string why = files_.refusal(path);
    error("E0501", s.path, "cannot read the iCalendar file '" + path + "': " + (why.empty() ? "there is no such file" : why))
        .notes.push_back(hint(why.empty() ? "the path is relative to the contract file's folder"
                                          : "name a regular .ics file, relative to the contract file's folder"));
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
  if (c_.term_last >= c_.term_first && in_term == 0)
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
  std::map<civil_day, std::uint32_t> inline_days;
  bool hours_written = false;
  for (auto& b : n.body) {
    ast::visit(
        [&](auto const& s) {
          using T = std::decay_t<decltype(s)>;
          if constexpr (std::is_same_v<T, ast::hours_stmt>) {
            hours_written = true;
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
              std::sort(hours.begin(), hours.end(),
                        [](auto& a, auto& b2) { return a.from_s < b2.from_s; });
            }
          } else if constexpr (std::is_same_v<T, ast::holidays_import_stmt>) {
            import_ics(cal, s);
          } else if constexpr (std::is_same_v<T, ast::holiday_stmt>) {
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
                                    " days; a range may span at most " +
                                    std::to_string(max_holiday_range_days) + " days")
                  .notes.push_back(hint("check the years, or list a longer closure as several ranges"));
              return;
            }
            for (civil_day d = *a; d <= *b; ++d) {
              auto [it, fresh] = inline_days.emplace(d, s.at);
              if (!fresh) {
                error("E0201", s, "this day is already listed in this calendar")
                    .notes.push_back(see("listed here", it->second));
                return;
              }
              cal.holidays.push_back({d, s.label ? s.label->value : ""});
            }
          } else if constexpr (std::is_same_v<T, ast::workday_stmt>) {
            auto a = day(s.day);
            if (!a) return;
            auto [it, fresh] = inline_days.emplace(*a, s.at);
            if (!fresh) {
              error("E0201", s, "this day is already listed in this calendar")
                  .notes.push_back(see("listed here", it->second));
              return;
            }
            cal.workdays.push_back({*a, s.label ? s.label->value : ""});
          }
        },
        b.stmt);
  }
  bool any_hours = std::any_of(cal.hours.begin(), cal.hours.end(), [](auto& v) { return !v.empty(); });
  if (!any_hours && !hours_written)
    error("E0209", h.name, "calendar '" + cal.name + "' has no working hours")
        .notes.push_back(hint("add e.g. 'hours mon-fri 09:00-18:00'"));
  // An inline day overrides an imported one: the contract's own word is last.
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
  for (auto& d : cal.hours)
    if (!d.empty()) {
      cal.workday_hours = d;
      break;
    }
  c_.calendars.push_back(std::move(cal));
}

void validator::level_block(const ast::node& n, const ast::level_head& h) {
  auto id = integer(h.id, 1, 99, "service level");
  if (!id || !first_definition(levels_seen_, std::to_string(*id), h.id, "service level")) return;
  service_level l;
  l.id = *id;
  l.label = h.label ? h.label->value : "";
  l.where = where(n, h.clause);
  bool has_coverage = false;
  for (auto& b : n.body) {
    if (auto* s = ast::get_if<ast::coverage_stmt>(&b.stmt)) {
      if (has_coverage) {
        error("E0201", *s, "service level " + std::to_string(l.id) + " states its coverage twice");
        continue;
      }
      has_coverage = true;
      if (auto cov = coverage_of(s->calendar)) l.hours = *cov;
    } else if (auto* m = ast::get_if<ast::mode_stmt>(&b.stmt)) {
      for (auto& w : m->modes) {
        auto mode = w.text == "onsite" ? response_mode::onsite : response_mode::remote;
        if (std::find(l.modes.begin(), l.modes.end(), mode) != l.modes.end())
          error("E0201", w, "response mode '" + w.text + "' is given twice");
        else l.modes.push_back(mode);
      }
    }
  }
  if (!has_coverage)
    error("E0208", h.id, "service level " + std::to_string(l.id) + " has no coverage")
        .notes.push_back(hint("add 'coverage 7x24' or 'coverage <calendar>'"));
  c_.levels.push_back(std::move(l));
}

void validator::severity_block(const ast::node& n, const ast::severity_head& h) {
  auto id = integer(h.id, 1, 99, "severity");
  if (!id || !first_definition(severities_seen_, std::to_string(*id), h.id, "severity")) return;
  severity sv;
  sv.id = *id;
  sv.label = h.label ? h.label->value : "";
  sv.where = where(n, h.clause);
  for (auto& b : n.body) {
    auto* t = ast::get_if<ast::target_stmt>(&b.stmt);
    if (!t) continue;
    auto& slot = t->kind.text == "respond" ? sv.respond : sv.restore;
    if (slot) {
      error("E0201", *t, "severity " + std::to_string(sv.id) + " states its " + t->kind.text + " target twice");
      continue;
    }
    auto s = seconds(t->within);
    if (!s) continue;
    clock_target ct{*s, std::nullopt, where(b, t->clause)};
    // The block's clauses cite the target too: severity 1 "…" clause "4.1" "4.2" { respond … }
    ct.where.clauses.insert(ct.where.clauses.begin(), sv.where.clauses.begin(), sv.where.clauses.end());
    if (t->on) ct.on = coverage_of(*t->on);
    slot = ct;
  }
  if (sv.respond && sv.restore && sv.restore->within_s < sv.respond->within_s)
    warning("W0604", h.id, "severity " + std::to_string(sv.id) + " must be restored sooner than it must be responded to");
  c_.severities.push_back(std::move(sv));
}

void validator::escalation_block(const ast::node& n) {
  if (!once("escalation", ast::get<ast::escalation_head>(n.stmt))) return;
  escalation e;
  e.where = where(n, ast::get<ast::escalation_head>(n.stmt).clause);
  std::map<std::string, std::uint32_t> handling_seen;
  const ast::node* matrix = nullptr;
  for (auto& b : n.body) {
    if (auto* g = ast::get_if<ast::grace_stmt>(&b.stmt)) {
      if (auto s = seconds(g->grace, true)) e.grace_s = *s;
    } else if (ast::get_if<ast::matrix_head>(&b.stmt)) {
      if (matrix) {
        error("E0201", ast::get<ast::matrix_head>(b.stmt), "the escalation matrix is given twice")
            .notes.push_back(see("first given here", matrix->at));
        continue;
      }
      matrix = &b;
    } else if (auto* h = ast::get_if<ast::handling_head>(&b.stmt)) {
      auto id = integer(h->id, 1, 99, "handling level");
      if (!id || !first_definition(handling_seen, std::to_string(*id), h->id, "handling level")) continue;
      auto& steps = e.steps[*id];
      std::int64_t last = -1;
      for (auto& sb : b.body) {
        auto* st = ast::get_if<ast::step_stmt>(&sb.stmt);
        if (!st) continue;
        auto s = seconds(st->after);
        if (!s) continue;
        if (*s <= last) {
          error("E0405", st->after, "escalation steps must be in increasing time order")
              .notes.push_back(hint("the step before this one is at " + std::to_string(last / 60) + "min"));
          continue;
        }
        last = *s;
        escalation_step step{*s, {}, where(sb, st->clause)};
        // A step without clauses of its own cites the escalation block's: every breach it
        // makes is charged under a clause the report names.
        if (step.where.clauses.empty()) step.where.clauses = e.where.clauses;
        for (auto& r : st->roles) {
          if (r.value.empty()) error("E0301", r, "a role to notify is empty");
          else step.roles.push_back(r.value);
        }
        steps.push_back(std::move(step));
      }
    }
  }
  // The matrix: one row per severity, one cell per service level (in level order).
  std::vector<int> level_ids, severity_ids;
  for (auto& l : c_.levels) level_ids.push_back(l.id);
  for (auto& s : c_.severities) severity_ids.push_back(s.id);
  std::sort(level_ids.begin(), level_ids.end());
  std::sort(severity_ids.begin(), severity_ids.end());
  if (matrix) {
    std::map<std::string, std::uint32_t> rows_seen;
    for (auto& rb : matrix->body) {
      auto* row = ast::get_if<ast::matrix_row>(&rb.stmt);
      if (!row) continue;
      auto sev = integer(row->severity, 1, 99, "severity");
      if (!sev) continue;
      if (!std::binary_search(severity_ids.begin(), severity_ids.end(), *sev)) {
        auto& d = error("E0203", row->severity, "unknown severity '" + row->severity.digits + "'");
        std::string defined;
        for (int s : severity_ids) defined += (defined.empty() ? "" : ", ") + std::to_string(s);
        d.notes.push_back(hint(defined.empty() ? "no severity is defined" : "defined severities: " + defined));
        continue;
      }
      if (!first_definition(rows_seen, row->severity.digits, row->severity, "matrix row for severity")) continue;
      if (row->handling.size() != level_ids.size()) {
        error("E0402", *row,
              "this row has " + std::to_string(row->handling.size()) +
                  (row->handling.size() == 1 ? " cell" : " cells") + " but there are " +
                  std::to_string(level_ids.size()) + " service levels")
            .notes.push_back(hint("one handling level per service level, in level order"));
        continue;
      }
      for (std::size_t i = 0; i < row->handling.size(); ++i) {
        auto h = integer(row->handling[i], 1, 99, "handling level");
        if (!h) continue;
        if (!e.steps.empty() && !e.steps.count(*h)) {
          error("E0205", row->handling[i], "handling level " + row->handling[i].digits + " has no steps")
              .notes.push_back(hint("define 'handling " + row->handling[i].digits + " { after … notify … }'"));
          continue;
        }
        e.matrix[*sev][level_ids[i]] = *h;
      }
    }
    std::string missing;
    for (int s : severity_ids)
      if (!rows_seen.count(std::to_string(s))) missing += (missing.empty() ? "" : ", ") + std::to_string(s);
    if (!missing.empty())
      error("E0401", ast::get<ast::matrix_head>(matrix->stmt),
            "the escalation matrix has no row for severity " + missing)
          .notes.push_back(hint("every severity × service level needs a handling level"));
  } else if (!e.steps.empty()) {
    error("E0401", ast::get<ast::escalation_head>(n.stmt), "escalation steps without a matrix")
        .notes.push_back(hint("add 'matrix { severity 1: … }' mapping severity × service level to a handling level"));
  }
  c_.escalation_rules = std::move(e);
}

void validator::maintenance_block(const ast::node& n) {
  if (!once("maintenance", ast::get<ast::maintenance_head>(n.stmt))) return;
  c_.maintenance.where = where(n, ast::get<ast::maintenance_head>(n.stmt).clause);
  for (auto& b : n.body) {
    if (auto* w = ast::get_if<ast::window_stmt>(&b.stmt)) {
      auto ds = days(w->days);
      auto sp = span(w->range);
      if (ds && sp) c_.maintenance.windows.push_back({*ds, *sp, where(b, w->clause)});
    } else if (auto* no = ast::get_if<ast::notice_stmt>(&b.stmt)) {
      if (!once("notice", *no)) continue;
      if (auto s = seconds(no->notice, true)) c_.maintenance.notice_s = *s;
    } else if (auto* em = ast::get_if<ast::emergency_stmt>(&b.stmt)) {
      if (!once("emergency", *em)) continue;
      static const choices<emergency_rule> rules = {{"needs_approval", emergency_rule::needs_approval},
                                                    {"allowed", emergency_rule::allowed},
                                                    {"not_allowed", emergency_rule::not_allowed}};
      if (auto r = choose(em->rule, rules, "emergency rule")) c_.maintenance.emergency = *r;
    }
  }
}

void validator::service_block(const ast::node& n, const ast::service_head& h) {
  if (h.id.value.empty()) {
    error("E0301", h.id, "a service id is empty");
    return;
  }
  if (!first_definition(services_seen_, h.id.value, h.id, "service")) return;
  service_marks marks;
  service s;
  s.id = h.id.value;
  s.label = h.label ? h.label->value : "";
  s.where = where(n, h.clause);
  std::map<std::string, std::uint32_t> seen;
  auto single = [&](const char* what, const ast::located& at) {
    auto [it, fresh] = seen.emplace(what, at.at);
    if (!fresh)
      error("E0201", at, std::string("service '") + s.id + "' states " + what + " twice")
          .notes.push_back(see("first stated here", it->second));
    return fresh;
  };
  for (auto& b : n.body) {
    ast::visit(
        [&](auto const& st) {
          using T = std::decay_t<decltype(st)>;
          if constexpr (std::is_same_v<T, ast::service_level_stmt>) {
            if (!single("its level", st)) return;
            if (auto id = integer(st.level, 1, 99, "service level")) {
              s.level = *id;
              if (!levels_seen_.count(st.level.digits)) level_refs_.push_back({st.level, c_.services.size()});
            }
          } else if constexpr (std::is_same_v<T, ast::availability_stmt>) {
            if (!single("an availability target", st)) return;
            marks.states_availability = true;
            static const choices<int> pers = {{"month", 0}};
            if (!choose(st.per, pers, "availability period")) return;
            if (auto p = percent(st.target)) {
              if (*p == decimal{0, 0}) {
                error("E0301", st.target, "an availability target of 0% measures nothing");
                return;
              }
              s.availability_pct = *p;
              s.availability_where = where(b, st.clause);
              marks.availability = st.target;
            }
          } else if constexpr (std::is_same_v<T, ast::max_downtime_stmt>) {
            if (!single("a maximum downtime", st)) return;
            static const choices<int> pers = {{"month", 0}};
            if (!choose(st.per, pers, "downtime period")) return;
            if (auto sec = seconds(st.limit, true)) {
              s.max_downtime_s = *sec;
              s.max_downtime_where = where(b, st.clause);
              marks.downtime = st.limit;
            }
          } else if constexpr (std::is_same_v<T, ast::transactions_stmt>) {
            if (!single("a transaction success target", st)) return;
            marks.states_transactions = true;
            if (auto p = percent(st.target)) {
              s.transactions_pct = *p;
              s.transactions_where = where(b, st.clause);
            }
          } else if constexpr (std::is_same_v<T, ast::fee_share_stmt>) {
            if (!single("its fee share", st)) return;
            auto cr = credit_of(st.share, false);
            if (!cr) return;
            if (cr->base == credit::kind::fixed) {
              s.fee_share = cr->amount;
            } else {
              // share = monthly fee × pct / 100, exact in minor units or refused
              __int128 num = static_cast<__int128>(c_.monthly_fee) * cr->pct.units;
              __int128 den = 100;
              for (int i = 0; i < cr->pct.scale; ++i) den *= 10;
              if (num % den != 0) {
                error("E0308", st.share, "this share of the fee is not a whole number of minor units")
                    .notes.push_back(hint("state the share as an amount instead"));
                return;
              }
              s.fee_share = static_cast<minor_units>(num / den);
            }
            if (!share_at_ || h.id.value > share_of_) share_at_ = st.share, share_of_ = h.id.value;
          }
        },
        b.stmt);
  }
  if (!seen.count("its level"))
    error("E0208", h.id, "service '" + s.id + "' has no service level")
        .notes.push_back(hint("add 'level <n>' naming one of the contract's service levels"));
  c_.services.push_back(std::move(s));
  service_marks_.push_back(marks);
}

void validator::tickets_block(const ast::node& n) {
  if (!once("tickets", ast::get<ast::tickets_head>(n.stmt))) return;
  c_.tickets.where = where(n, ast::get<ast::tickets_head>(n.stmt).clause);
  for (auto& b : n.body) {
    auto* t = ast::get_if<ast::target_stmt>(&b.stmt);
    if (!t) continue;
    if (t->kind.text != "respond") {
      error("E0102", t->kind, "tickets have a respond target only");
      continue;
    }
    if (c_.tickets.respond) {
      error("E0201", *t, "the ticket respond target is given twice");
      continue;
    }
    if (auto s = seconds(t->within)) {
      clock_target ct{*s, std::nullopt, where(b, t->clause)};
      ct.where.clauses.insert(ct.where.clauses.begin(), c_.tickets.where.clauses.begin(), c_.tickets.where.clauses.end());
      ct.on = t->on ? coverage_of(*t->on) : std::optional<coverage>(coverage{});
      c_.tickets.respond = ct;
    }
  }
}

void validator::monitoring_block(const ast::node& n) {
  if (!once("monitoring", ast::get<ast::monitoring_head>(n.stmt))) return;
  c_.monitoring.where = where(n, ast::get<ast::monitoring_head>(n.stmt).clause);
  for (auto& b : n.body) {
    auto* t = ast::get_if<ast::monitor_target_stmt>(&b.stmt);
    if (!t) continue;
    auto& slot = t->metric.text == "early_detection" ? c_.monitoring.early_detection_pct
                                                     : c_.monitoring.accuracy_pct;
    if (slot) {
      error("E0201", *t, "the " + t->metric.text + " target is given twice");
      continue;
    }
    slot = percent(t->target);
  }
}

/// Minor units a credit comes to for a service with `share` (nullopt: not comparable).
static std::optional<__int128> credit_value(const credit& c, minor_units monthly_fee,
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

void validator::penalty_block(const ast::node& n, const ast::penalty_head& h) {
  if (!first_definition(penalties_seen_, h.name.value, h.name, "penalty")) return;
  penalty p;
  p.name = h.name.value;
  p.where = where(n, h.clause);
  if (h.payer) p.payer = h.payer->text == "customer" ? party_role::customer : party_role::provider;
  static const choices<metric> metrics = {
      {"availability", metric::availability},       {"transactions", metric::transactions},
      {"early_detection", metric::early_detection}, {"accuracy", metric::accuracy},
      {"respond_breaches", metric::respond_breaches}, {"restore_breaches", metric::restore_breaches},
      {"ticket_breaches", metric::ticket_breaches}, {"escalation_breaches", metric::escalation_breaches}};
  static const choices<breach_target> targets = {{"respond", breach_target::respond},
                                                 {"restore", breach_target::restore},
                                                 {"ticket_respond", breach_target::ticket_respond},
                                                 {"escalation", breach_target::escalation}};
  const ast::located* kind_at = nullptr;  // the statement that fixed the penalty's kind
  std::optional<penalty::kind> kind;
  auto set_kind = [&](penalty::kind k, const ast::located& at) {
    if (kind && *kind != k) {
      error("E0407", at, "a penalty is one of: tiered (on … below/between/count), per breach, late, or overdue")
          .notes.push_back(see("this penalty's kind was set here", kind_at->at));
      return false;
    }
    kind = k;
    kind_at = &at;
    return true;
  };
  const ast::on_stmt* on = nullptr;
  std::vector<const ast::node*> tier_nodes;
  for (auto& b : n.body) {
    ast::visit(
        [&](auto const& s) {
          using T = std::decay_t<decltype(s)>;
          if constexpr (std::is_same_v<T, ast::on_stmt>) {
            if (on) {
              error("E0201", s, "the penalty's metric is given twice");
              return;
            }
            on = &s;
            if (auto m = choose(s.metric, metrics, "metric")) p.on = *m;
            if (s.service) p.service = s.service->value;
          } else if constexpr (std::is_same_v<T, ast::tiers_stmt>) {
            static const choices<bool> modes = {{"most_severe", false}, {"cumulative", true}};
            if (auto m = choose(s.mode, modes, "tier mode")) p.cumulative = *m;
          } else if constexpr (std::is_same_v<T, ast::below_tier> || std::is_same_v<T, ast::between_tier> ||
                               std::is_same_v<T, ast::count_tier>) {
            if (set_kind(penalty::kind::tiered, s)) tier_nodes.push_back(&b);
          } else if constexpr (std::is_same_v<T, ast::per_breach_stmt>) {
            if (!set_kind(penalty::kind::per_breach, s)) return;
            auto t = choose(s.target, targets, "breach target");
            auto cr = credit_of(s.amount, false);
            if (t) p.target = *t, breach_refs_.push_back({s.target, *t});
            if (cr) p.amount = *cr;
          } else if constexpr (std::is_same_v<T, ast::late_stmt>) {
            if (!set_kind(penalty::kind::late, s)) return;
            static const choices<breach_target> late_targets = {
                {"respond", breach_target::respond}, {"restore", breach_target::restore},
                {"ticket_respond", breach_target::ticket_respond}};
            static const choices<bool> roundings = {{"started", true}, {"full", false}};
            auto t = choose(s.target, late_targets, "late target");
            auto cr = credit_of(s.amount, false);
            auto r = choose(s.rounding, roundings, "lateness unit rounding");
            auto u = seconds(s.unit);
            if (t) p.target = *t, breach_refs_.push_back({s.target, *t});
            if (cr) p.amount = *cr;
            if (r) p.per_started_unit = *r;
            if (u) p.unit_s = *u;
          } else if constexpr (std::is_same_v<T, ast::overdue_stmt>) {
            if (!set_kind(penalty::kind::overdue, s)) return;
            static const choices<int> pers = {{"day", 0}};
            choose(s.per, pers, "overdue period");
            if (auto r = percent(s.rate)) p.daily_rate_pct = *r;
            if (!h.payer || h.payer->text != "customer")
              error("E0410", s, "late payment is owed by the customer: this penalty needs 'payer customer'")
                  .notes.push_back(see("the penalty starts here", h.at));
          }
        },
        b.stmt);
  }
  if (!kind) {
    error("E0208", h.name, "penalty '" + p.name + "' states no charge")
        .notes.push_back(hint("add tiers (below 99.9% credit 5% of fee), 'per breach of …', 'late …' or '…% of overdue per day'"));
    return;
  }
  p.type = *kind;
  if (p.type == penalty::kind::tiered) {
    if (!on) {
      error("E0208", h.name, "tiered penalty '" + p.name + "' does not say what it is on")
          .notes.push_back(hint("add e.g. 'on availability of each service'"));
      return;
    }
    if (p.service) service_refs_.push_back({on->service->value, *on->service});
    metric_refs_.push_back({on->metric, p.on, p.service});
    check_tiers(p, tier_nodes);
  }
  if (h.clause.empty() && n.trivia().after_close.empty())
    warning("W0602", h.name, "penalty '" + p.name + "' cites no clause")
        .notes.push_back(hint("add clause \"x.y\": every money figure in a report shows its clause"));
  penalty_at_.push_back(h.name);
  c_.penalties.push_back(std::move(p));
}

void validator::check_tiers(penalty& p, const std::vector<const ast::node*>& nodes) {
  bool count_metric = p.on == metric::respond_breaches || p.on == metric::restore_breaches ||
                      p.on == metric::ticket_breaches || p.on == metric::escalation_breaches;
  bool per_service = p.on == metric::availability || p.on == metric::transactions;
  struct item {
    tier t;
    const ast::located* at;
  };
  std::vector<item> items;
  int kinds = 0;  // bit 1 below, 2 between, 4 count
  for (auto* nd : nodes) {
    tier t;
    t.where = where(*nd, {});
    const ast::located* at = nullptr;
    const ast::credit* cr = nullptr;
    if (auto* b = ast::get_if<ast::below_tier>(&nd->stmt)) {
      kinds |= 1, at = b, cr = &b->amount;
      t.high = percent(b->below);
      if (!t.high) continue;
      t.where.clauses.clear();
      for (auto& c : b->clause) t.where.clauses.push_back(c.value);
    } else if (auto* bt = ast::get_if<ast::between_tier>(&nd->stmt)) {
      kinds |= 2, at = bt, cr = &bt->amount;
      t.low = percent(bt->low);
      t.high = percent(bt->high);
      if (!t.low || !t.high) continue;
      if (!(*t.low < *t.high)) {
        error("E0403", *bt, "this tier is empty: its lower bound is not below its upper bound");
        continue;
      }
      for (auto& c : bt->clause) t.where.clauses.push_back(c.value);
    } else if (auto* ct = ast::get_if<ast::count_tier>(&nd->stmt)) {
      kinds |= 4, at = ct, cr = &ct->amount;
      auto lo = integer(ct->low, 0, 1000000, "count");
      if (!lo) continue;
      t.low = decimal{*lo, 0};
      if (ct->high) {
        auto hi = integer(*ct->high, 0, 1000000, "count");
        if (!hi) continue;
        if (*hi < *lo) {
          error("E0403", *ct, "this tier is empty: " + ct->low.digits + ".." + ct->high->digits);
          continue;
        }
        t.high = decimal{*hi, 0};
      } else if (!ct->open) {
        t.high = t.low;  // "count 3": exactly three
      }
      for (auto& c : ct->clause) t.where.clauses.push_back(c.value);
    }
    auto c = credit_of(*cr, per_service);
    if (!c) continue;
    t.amount = *c;
    items.push_back({t, at});
  }
  if (items.empty()) return;
  if ((kinds & 4) && (kinds & 3)) {
    error("E0407", *items.back().at, "count tiers and percentage tiers cannot be mixed in one penalty");
    return;
  }
  if (((kinds & 4) != 0) != count_metric) {
    error("E0407", *items.front().at,
          count_metric ? "a count metric needs count tiers ('count 1..2 credit …')"
                       : "a percentage metric needs 'below' or 'between' tiers");
    return;
  }
  if (kinds == 3) {
    error("E0407", *items.back().at, "'below' and 'between' tiers cannot be mixed in one penalty")
        .notes.push_back(hint("write every tier as 'between' to state both bounds"));
    return;
  }
  // Order by severity: percentages from the highest bound down, counts from the lowest up.
  if (count_metric) {
    std::stable_sort(items.begin(), items.end(), [](auto& a, auto& b) { return *a.t.low < *b.t.low; });
  } else {
    std::stable_sort(items.begin(), items.end(), [](auto& a, auto& b) { return *b.t.high < *a.t.high; });
  }
  for (std::size_t i = 1; i < items.size(); ++i) {
    auto& prev = items[i - 1].t;
    auto& cur = items[i].t;
    auto& at = *items[i].at;
    if (count_metric) {
      if (!prev.high) {
        error("E0403", at, "this tier overlaps an open-ended tier (" + prev.low->str() + "..)")
            .notes.push_back(see("the open-ended tier", items[i - 1].at->at));
        return;
      }
      if (*cur.low <= *prev.high) {
        error("E0403", at, "tiers overlap: " + cur.low->str() + " is already in the tier up to " + prev.high->str())
            .notes.push_back(see("the other tier", items[i - 1].at->at));
        return;
      }
      if (*cur.low > decimal{prev.high->units + 1, 0}) {
        auto from = prev.high->units + 1, to = cur.low->units - 1;
        error("E0404", at, "tiers leave a gap: " +
                               (from == to ? "a count of " + std::to_string(from) + " is"
                                           : "counts " + std::to_string(from) + " to " + std::to_string(to) + " are") +
                               " in no tier")
            .notes.push_back(see("the tier before the gap", items[i - 1].at->at));
        return;
      }
    } else if (kinds == 1) {
      if (*cur.high == *prev.high) {
        error("E0403", at, "tiers overlap: two tiers below " + cur.high->str() + "%")
            .notes.push_back(see("the other tier", items[i - 1].at->at));
        return;
      }
    } else {
      if (*prev.low < *cur.high) {
        error("E0403", at, "tiers overlap between " + std::max(*cur.low, *prev.low, [](auto& a, auto& b) { return a < b; }).str() +
                               "% and " + cur.high->str() + "%")
            .notes.push_back(see("the other tier", items[i - 1].at->at));
        return;
      }
      if (*cur.high < *prev.low) {
        error("E0404", at, "tiers leave a gap: values from " + cur.high->str() + "% up to " + prev.low->str() +
                               "% are in no tier")
            .notes.push_back(see("the tier above the gap", items[i - 1].at->at));
        return;
      }
    }
    if (!p.cumulative) {
      // The most severe tier must cost the most: a lower availability never costs less.
      // Shares of different services differ, but within one penalty a larger rate of the
      // same share is more; fixed and fee-based credits compare as money.
      bool both_share = prev.amount.base == credit::kind::percent_of_share &&
                        cur.amount.base == credit::kind::percent_of_share;
      auto a = credit_value(prev.amount, c_.monthly_fee, std::nullopt);
      auto b = credit_value(cur.amount, c_.monthly_fee, std::nullopt);
      bool fee_known = c_.monthly_fee > 0;
      bool not_more = both_share ? !(prev.amount.pct < cur.amount.pct) : (fee_known && a && b && *b <= *a);
      if (not_more) {
        error("E0405", at, "tiers are not monotonic: this more severe tier does not credit more than the one before")
            .notes.push_back(see("the less severe tier", items[i - 1].at->at));
        return;
      }
    }
  }
  for (auto& it : items) {
    p.tiers.push_back(it.t);
    tier_at_.push_back({it.at, c_.penalties.size(), p.tiers.size() - 1});
  }
}

void validator::cross_checks(const ast::node& contract_node) {
  const auto& head = ast::get<ast::contract_head>(contract_node.stmt);
  auto require = [&](const char* stmt, const char* example) {
    if (!singletons_.count(stmt))
      error("E0208", head.id, std::string("the contract has no '") + stmt + "'")
          .notes.push_back(hint(std::string("add e.g. '") + example + "'"));
  };
  require("term", "term 2026-01-01 .. 2026-12-31");
  require("timezone", "timezone \"Asia/Shanghai\"");
  require("customer", "customer \"<name>\"");
  require("provider", "provider \"<name>\"");
  require("fee", "fee 120000.00 CNY per month");
  if (!singletons_.count("title"))
    warning("W0605", head.id, "the contract has no title").notes.push_back(hint("reports show it on the cover"));

  // References to calendars, service levels and services.
  std::vector<std::string> cal_names;
  for (auto& c : c_.calendars) cal_names.push_back(c.name);
  std::set<std::string> used_calendars;
  for (auto& w : calendar_refs_) {
    if (calendars_seen_.count(w.text)) {
      used_calendars.insert(w.text);
      continue;
    }
    auto& d = error("E0202", w, "unknown calendar '" + w.text + "'");
    std::string guess = grammar::did_you_mean(w.text, cal_names);
    if (!guess.empty()) d.notes.push_back(see("did you mean '" + guess + "'? defined here", calendars_seen_[guess]));
    else d.notes.push_back(hint("use 7x24 or define 'calendar " + w.text + " { hours … }'"));
  }
  bool unknown_refs = std::any_of(calendar_refs_.begin(), calendar_refs_.end(),
                                  [&](auto& w) { return !calendars_seen_.count(w.text); });
  for (auto& c : c_.calendars) {
    auto at = calendars_seen_[c.name];
    if (!used_calendars.count(c.name) && !unknown_refs)
      warning("W0603", ast::located{at, at + static_cast<std::uint32_t>(c.name.size())},
              "calendar '" + c.name + "' is never used");
  }
  for (auto& [at, service_index] : level_refs_) {
    if (levels_seen_.count(at.digits)) continue;
    auto& d = error("E0204", at, "unknown service level '" + at.digits + "' in service '" + c_.services[service_index].id + "'");
    std::string defined;
    for (auto& l : c_.levels) defined += (defined.empty() ? "" : ", ") + std::to_string(l.id);
    d.notes.push_back(hint(defined.empty() ? "no service level is defined: add 'level 1 \"…\" { coverage 7x24 }'"
                                           : "defined service levels: " + defined));
  }
  std::vector<std::string> service_ids;  // made once, for the first unknown service named
  for (auto& [name, at] : service_refs_) {
    if (services_seen_.count(name)) continue;
    if (service_ids.empty())
      for (auto& s : c_.services) service_ids.push_back(s.id);
    auto& d = error("E0206", at, "unknown service '" + name + "'");
    std::string guess = grammar::did_you_mean(name, service_ids);
    if (!guess.empty()) d.notes.push_back(see("did you mean '" + guess + "'? defined here", services_seen_[guess]));
  }

  // A penalty must measure something the contract sets a target for.
  // A target written but invalid counts as stated: its own error is already reported.
  auto service_has = [&](const service& s, metric m) {
    auto& marks = service_marks_[static_cast<std::size_t>(&s - c_.services.data())];
    return m == metric::availability ? marks.states_availability : marks.states_transactions;
  };
  for (auto& r : metric_refs_) {
    std::string missing;
    switch (r.m) {
      case metric::availability:
      case metric::transactions: {
        bool any = false;
        for (auto& s : c_.services)
          if ((!r.service || *r.service == s.id) && service_has(s, r.m)) any = true;
        if (!any && (!r.service || services_seen_.count(*r.service)))
          missing = r.service ? "service '" + *r.service + "' sets no " + r.at.text + " target"
                              : "no service sets a target for " + r.at.text;
        break;
      }
      case metric::early_detection:
        if (!c_.monitoring.early_detection_pct) missing = "the contract sets no early_detection target";
        break;
      case metric::accuracy:
        if (!c_.monitoring.accuracy_pct) missing = "the contract sets no accuracy target";
        break;
      case metric::respond_breaches:
      case metric::restore_breaches:
      case metric::ticket_breaches:
      case metric::escalation_breaches:
        break;  // checked with the breach targets below
    }
    if (!missing.empty())
      error("E0207", r.at, "penalty on " + r.at.text + ", but " + missing)
          .notes.push_back(hint("a penalty can only apply to a target the contract sets"));
    if (r.m == metric::respond_breaches) breach_refs_.push_back({r.at, breach_target::respond});
    if (r.m == metric::restore_breaches) breach_refs_.push_back({r.at, breach_target::restore});
    if (r.m == metric::ticket_breaches) breach_refs_.push_back({r.at, breach_target::ticket_respond});
    if (r.m == metric::escalation_breaches) breach_refs_.push_back({r.at, breach_target::escalation});
  }
  for (auto& [at, t] : breach_refs_) {
    bool has = false;
    std::string what;
    switch (t) {
      case breach_target::respond:
        for (auto& s : c_.severities) has = has || s.respond.has_value();
        what = "no severity has a respond target";
        break;
      case breach_target::restore:
        for (auto& s : c_.severities) has = has || s.restore.has_value();
        what = "no severity has a restore target";
        break;
      case breach_target::ticket_respond:
        has = c_.tickets.respond.has_value();
        what = "the contract sets no ticket respond target";
        break;
      case breach_target::escalation:
        has = c_.escalation_rules && !c_.escalation_rules->steps.empty();
        what = "the contract has no escalation steps";
        break;
    }
    if (!has) error("E0207", at, "penalty refers to '" + at.text + "', but " + what);
  }

  // "% of share" needs the share of every service the penalty covers.
  for (std::size_t i = 0; i < c_.penalties.size(); ++i) {
    auto& p = c_.penalties[i];
    bool uses_share = std::any_of(p.tiers.begin(), p.tiers.end(),
                                  [](auto& t) { return t.amount.base == credit::kind::percent_of_share; });
    if (!uses_share) continue;
    for (auto& s : c_.services) {
      if ((p.service && *p.service != s.id) || !service_has(s, p.on) || s.fee_share) continue;
      error("E0207", penalty_at_[i], "penalty '" + p.name + "' credits a share of the fee, but service '" + s.id +
                                         "' states no fee_share")
          .notes.push_back(see("service defined here", services_seen_[s.id]));
    }
  }

  // Fee shares cannot add up to more than the fee.
  minor_units shares = 0;
  for (auto& s : c_.services) shares += s.fee_share.value_or(0);
  if (shares > c_.monthly_fee && c_.monthly_fee > 0 && share_at_)
    error("E0408", *share_at_, "the services' fee shares add up to more than the monthly fee");

  // Caps: one per period; a monthly cap below a single tier's credit can never be reached.
  std::map<period_unit, const cap*> caps;
  for (auto& cp : c_.caps) caps.emplace(cp.per, &cp);
  if (auto it = caps.find(period_unit::month); it != caps.end() && c_.monthly_fee > 0) {
    auto limit = credit_value(it->second->limit, c_.monthly_fee, std::nullopt);
    for (auto& tr : tier_at_) {
      auto& p = c_.penalties[tr.penalty];
      auto& t = p.tiers[tr.tier];
      for (auto& s : c_.services) {
        if (p.service && *p.service != s.id) continue;
        auto v = credit_value(t.amount, c_.monthly_fee, s.fee_share);
        if (limit && v && *v > *limit) {
          error("E0406", *tr.at, "this tier's credit is more than the monthly cap, which would always cut it")
              .notes.push_back(see("the monthly cap", cap_at_[period_unit::month]));
          break;
        }
      }
    }
  }

  // SLA 4.4: "99.9%, i.e. at most 43.8 minutes a month" holds only for a 365/12-day month.
  for (auto& s : c_.services) {
    if (!s.availability_pct || !s.max_downtime_s) continue;
    auto lvl = std::find_if(c_.levels.begin(), c_.levels.end(), [&](auto& l) { return l.id == s.level; });
    if (lvl == c_.levels.end() || lvl->hours.calendar) continue;  // business hours vary by month
    __int128 pscale = 1;
    for (int i = 0; i < s.availability_pct->scale; ++i) pscale *= 10;
    __int128 down_rate = 100 * pscale - s.availability_pct->units;  // (100 - p) × 10^scale
    std::string bad;
    for (int days : {28, 29, 30, 31}) {
      __int128 allowed_x = down_rate * days * 864;  // seconds × 10^scale
      if (allowed_x == static_cast<__int128>(*s.max_downtime_s) * pscale) continue;
      __int128 centi_min = (allowed_x * 100 * 2 + pscale * 60) / (pscale * 60 * 2);  // rounded
      decimal m{static_cast<std::int64_t>(centi_min), 2};
      bad += (bad.empty() ? "" : ", ") + m.str() + " min in a " + std::to_string(days) + "-day month";
    }
    if (bad.empty()) continue;
    decimal stated{*s.max_downtime_s * 100 / 60, 2};
    auto& marks = service_marks_[static_cast<std::size_t>(&s - c_.services.data())];
    auto& at = marks.downtime;
    warning("W0601", at, "availability " + s.availability_pct->str() + "% allows " + bad + ", not the " +
                             stated.str() + " min max_downtime states")
        .notes.push_back(see("availability target", marks.availability.at));
  }
}

}  // namespace

std::optional<contract> validate(const grammar::ast::file& file, const grammar::source_file& src,
                                 const file_reader& files, grammar::diagnostics& diags) {
  return validator(src, files, diags).run(file);
}

std::optional<contract> validate(grammar::ast::file&& file, const grammar::source_file& src, const file_reader& files,
                                 grammar::diagnostics& diags) {
  return validator(src, files, diags).run(file, &file);
}

std::optional<contract> load_contract(const grammar::source_file& src, const file_reader& files,
                                      grammar::diagnostics& diags) {
  auto model = validate(grammar::parse_file(src, diags), src, files, diags);
  if (diags.has_errors()) return std::nullopt;
  return model;
}

int minor_digits(const std::string& currency) {
  static const std::map<std::string, int> digits = {{"JPY", 0}, {"KRW", 0}, {"VND", 0}, {"ISK", 0},
                                                    {"CLP", 0}, {"BHD", 3}, {"KWD", 3}, {"OMR", 3},
                                                    {"JOD", 3}, {"TND", 3}, {"LYD", 3}, {"IQD", 3}};
  auto it = digits.find(currency);
  return it == digits.end() ? 2 : it->second;
}

}  // namespace slaudit::engine
