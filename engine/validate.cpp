#include "engine/validate.hpp"

#include <date/tz.h>

#include "engine/compose.hpp"
#include "engine/validator.hpp"
#include "grammar/driver.hpp"

namespace slaudit::engine::validation {

std::optional<contract> validator::run(const ast::file& f, ast::file* owned) {
  const ast::node* contract_node = top_level(f);
  if (!contract_node) return std::nullopt;
  // The same node in the tree given up, whose services' statements may be let go.
  ast::node* owned_contract = owned ? &owned->nodes[static_cast<std::size_t>(contract_node - f.nodes.data())] : nullptr;
  // A terms file (`terms "<id>" { … }`) is checked as a contract is, but needs no parties,
  // term or fee of its own: the contracts that extend it give those.
  auto* terms = ast::get_if<ast::terms_head>(&contract_node->stmt);
  const ast::text& head_id = terms ? terms->id : ast::get<ast::contract_head>(contract_node->stmt).id;
  c_.id = head_id.value;
  c_.source_path = src_.path();
  if (auto why = file_name_problem(c_.id))
    error("E0301", head_id, "the contract id " + *why)
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
  // Then what the terms refer to, the terms, and what is charged when they are missed.
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
          if constexpr (std::is_same_v<T, ast::cap_stmt>) cap_statement(n, s);
        },
        n.stmt);
  }
  cross_checks(*contract_node);
  if (diags_.has_errors()) return std::nullopt;
  return std::move(c_);
}

/// The file's own statements: one language version line, first, and one contract. Returns the
/// contract's node; nothing when there is none (its error reported).
const ast::node* validator::top_level(const ast::file& f) {
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
    } else if (ast::holds<ast::contract_head>(n.stmt) || ast::holds<ast::terms_head>(n.stmt)) {
      if (contract_node) {
        error("E0109", ast::located{n.at, n.end}, "a file holds one contract (or one set of terms); this is a second one")
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
  if (!contract_node && !diags_.has_errors())
    diags_.error("E0109", 0, 0, "the file holds no contract")
        .notes.push_back(hint("write 'contract \"<id>\" { ... }'"));
  return contract_node;
}

void validator::cap_statement(const ast::node& n, const ast::cap_stmt& s) {
  auto cr = credit_of(s.limit, false);
  if (!cr) return;
  static const choices<period_unit> pers = {{"month", period_unit::month}, {"year", period_unit::year}};
  auto per = choose(s.per, pers, "cap period");
  if (per && once("cap per " + s.per.text, s)) {
    c_.caps.push_back({*cr, *per, where(n, s.clause)});
    cap_at_[*per] = s.at;
  }
}

/// A statement of the contract's header: read now, before the blocks that need it.
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
          if (once("timezone", s)) timezone_statement(s);
        } else if constexpr (std::is_same_v<T, ast::currency_stmt>) {
          if (once("currency", s)) currency_statement(s);
        } else if constexpr (std::is_same_v<T, ast::rounding_stmt>) {
          if (!once("rounding", s)) return;
          static const choices<rounding_mode> modes = {{"half_up", rounding_mode::half_up},
                                                       {"half_even", rounding_mode::half_even},
                                                       {"down", rounding_mode::down},
                                                       {"up", rounding_mode::up}};
          if (auto m = choose(s.mode, modes, "rounding mode")) c_.rounding = *m;
          rounding_node_ = &s;
        } else if constexpr (std::is_same_v<T, ast::exclude_stmt>) {
          exclude_statement(s);
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

/// An IANA zone, looked up in the time-zone database; a typo answered with the nearest name.
void validator::timezone_statement(const ast::timezone_stmt& s) {
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
}

void validator::currency_statement(const ast::currency_stmt& s) {
  bool upper3 = s.code.text.size() == 3 &&
                std::all_of(s.code.text.begin(), s.code.text.end(), [](char ch) { return ch >= 'A' && ch <= 'Z'; });
  if (!upper3) {
    error("E0301", s.code, "'" + s.code.text + "' is not an ISO 4217 currency code")
        .notes.push_back(hint("write three capital letters, such as CNY or EUR"));
    return;
  }
  currency_ = c_.currency = s.code.text;
  currency_at_ = s.at;
}

/// "exclude causes third_party, customer from availability, clocks": each value into the
/// exclusions of each scope (availability when none is named).
void validator::exclude_statement(const ast::exclude_stmt& s) {
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

}  // namespace slaudit::engine::validation

namespace slaudit::engine {

std::optional<contract> validate(const grammar::ast::file& file, const grammar::source_file& src,
                                 const file_reader& files, grammar::diagnostics& diags) {
  return validation::validator(src, files, diags).run(file);
}

std::optional<contract> validate(grammar::ast::file&& file, const grammar::source_file& src, const file_reader& files,
                                 grammar::diagnostics& diags) {
  return validation::validator(src, files, diags).run(file, &file);
}

namespace {

/// Whether `d` is already among `all` (a problem of a part every version shares).
bool reported(const grammar::diagnostics& all, const grammar::diagnostic& d) {
  for (auto& x : all.all())
    if (x.at == d.at && x.code == d.code && x.message == d.message) return true;
  return false;
}

/// Validates each amended version of the contract and keeps it in `model`. The problems of
/// parts every version shares are reported once.
void add_amendments(std::optional<contract>& model, std::vector<amended_tree>& versions, grammar::source_file& src,
                    const file_reader& files, grammar::diagnostics& diags) {
  for (auto& v : versions) {
    grammar::diagnostics own;
    auto terms = validate(std::move(v.tree), src, files, own);
    for (auto& d : own.all()) {
      if (reported(diags, d)) continue;
      auto& copy = d.level == grammar::severity::error ? diags.error(d.code, d.at, d.end, d.message)
                                                       : diags.warning(d.code, d.at, d.end, d.message);
      copy.notes = d.notes;
    }
    auto& when = v.head.effective;
    date::year_month_day ymd{date::year{std::stoi(when.y)}, date::month{unsigned(std::stoi(when.m))},
                             date::day{unsigned(std::stoi(when.d))}};
    if (!ymd.ok()) {
      diags.error("E0303", when.at, when.end, "there is no date " + when.y + "-" + when.m + "-" + when.d);
      continue;
    }
    auto day = static_cast<civil_day>(date::sys_days{ymd}.time_since_epoch().count());
    if (!model || !terms) continue;
    if (day < model->term_first || day > model->term_last) {
      diags.error("E0705", when.at, when.end, "amendment \"" + v.head.name.value + "\" takes effect outside the contract's term")
          .notes.push_back({"an amendment takes effect on a day of the term it changes", false, 0});
      continue;
    }
    origin where;
    where.line = src.position(v.at).line;
    if (src.part_of(v.at) != 0) where.file = src.path_at(v.at);
    for (auto& c : v.head.clause) where.clauses.push_back(c.value);
    for (auto& c : v.after_close) where.clauses.push_back(c.value);
    model->amendments.push_back(
        {v.head.name.value, day, v.head.pro_rata, std::move(where), std::make_shared<const contract>(std::move(*terms))});
  }
}

}  // namespace

std::optional<contract> load_tree(grammar::ast::file tree, grammar::source_file& src, const file_reader& files,
                                  grammar::diagnostics& diags) {
  auto versions = compose(tree, src, files, diags);
  auto model = validate(std::move(tree), src, files, diags);
  add_amendments(model, versions, src, files, diags);
  if (diags.has_errors()) return std::nullopt;
  return model;
}

std::optional<contract> load_contract(grammar::source_file& src, const file_reader& files,
                                      grammar::diagnostics& diags) {
  return load_tree(grammar::parse_file(src, diags), src, files, diags);
}

std::string resolved_contract(grammar::source_file& src, const file_reader& files, grammar::diagnostics& diags) {
  auto tree = grammar::parse_file(src, diags);
  auto versions = compose(tree, src, files, diags);
  std::string text = resolved_text(tree, versions, src);
  auto model = validate(std::move(tree), src, files, diags);
  add_amendments(model, versions, src, files, diags);
  return diags.has_errors() ? std::string() : text;
}

int minor_digits(const std::string& currency) {
  static const std::map<std::string, int> digits = {{"JPY", 0}, {"KRW", 0}, {"VND", 0}, {"ISK", 0},
                                                    {"CLP", 0}, {"BHD", 3}, {"KWD", 3}, {"OMR", 3},
                                                    {"JOD", 3}, {"TND", 3}, {"LYD", 3}, {"IQD", 3}};
  auto it = digits.find(currency);
  return it == digits.end() ? 2 : it->second;
}

}  // namespace slaudit::engine
