// The SLA DSL's abstract syntax tree: what was written, with source positions.
// Values stay as written (numbers as decimal text, units as words); the engine's
// validator gives them meaning. Nothing here survives past validation.
#pragma once

#include <boost/optional.hpp>
#include <boost/spirit/home/x3/support/ast/variant.hpp>

#include <cstdint>
#include <memory>
#include <type_traits>
#include <string>
#include <variant>
#include <vector>

namespace slaudit::grammar::ast {

namespace x3 = boost::spirit::x3;

/// Byte offsets [at, end) into the source text; filled in by the parser.
struct located {
  std::uint32_t at = 0;
  std::uint32_t end = 0;
};

struct word : located {
  std::string text;
};
struct text : located {  ///< a quoted string, escapes decoded
  std::string value;
};
struct number : located {  ///< decimal as written: "99.9", "120000.00"
  std::string digits;
};
struct integer : located {
  std::string digits;
};
struct duration : located {  ///< "30min", "2h", "43.8min"
  number amount;
  std::string unit;
};
struct percent : located {
  number amount;
};
struct money : located {
  number amount;
  std::string currency;
};
struct date : located {  ///< yyyy-mm-dd, ranges checked by the validator
  std::string y, m, d;
};
struct time_of_day : located {
  std::string h, m;
};
struct time_range : located {
  time_of_day from, to;
};
struct day_span : located {  ///< "mon" or "mon-fri"
  word first;
  boost::optional<word> last;
};
/// "5% of fee", "20% of share" or "500.00 CNY"
struct rate_credit : located {
  percent rate;
  word base;
};
struct credit : x3::variant<rate_credit, money>, located {
  using base_type::base_type;
  using base_type::operator=;
};
using clauses = std::vector<text>;

// ---- file level
struct version_stmt : located {
  integer version;
  clauses clause;
};
struct contract_head : located {
  text id;
  clauses clause;
};
/// `terms "<id>" { … }`: standard terms, a contract's parts with no parties, that contracts
/// build on with `extends`.
struct terms_head : located {
  text id;
  clauses clause;
};
/// `amendment "补充协议1" effective 2026-07-01 [pro_rata] { … }`: parts of the contract
/// replaced (with `override`) or added from that day on; `pro_rata`: the month it takes effect
/// in shares its fee and availability targets by days (docs/rules.md, Amendments).
struct amendment_head : located {
  text name;
  date effective;
  bool pro_rata = false;
  clauses clause;
};
/// `extends "<file>.sla"`: the contract (or terms) builds on the terms in that file.
struct extends_stmt : located {
  text path;
  clauses clause;
};

// ---- contract body
struct title_stmt : located {
  text title;
  clauses clause;
};
struct party_stmt : located {
  word role;  ///< customer | provider
  text name;
  clauses clause;
};
struct term_stmt : located {
  date first, last;
  clauses clause;
};
struct timezone_stmt : located {
  text zone;
  clauses clause;
};
struct currency_stmt : located {
  word code;
  clauses clause;
};
struct fee_stmt : located {
  money amount;
  word basis;  ///< month | quarter | year
  clauses clause;
};
struct rounding_stmt : located {
  word mode;
  number unit;
  clauses clause;
};
struct exclude_stmt : located {
  word what;  ///< causes | impacts
  std::vector<word> values;
  std::vector<word> from;  ///< availability, clocks; empty = availability
  clauses clause;
};
struct pause_stmt : located {
  std::vector<text> states;
  clauses clause;
};
struct missing_time_stmt : located {
  word rule;  ///< breach | no_breach
  clauses clause;
};
struct cap_stmt : located {
  credit limit;
  word per;  ///< month | year
  clauses clause;
};
struct calendar_head : located {
  word name;
  clauses clause;
};
struct level_head : located {
  integer id;
  boost::optional<text> label;
  clauses clause;
};
struct severity_head : located {
  integer id;
  boost::optional<text> label;
  clauses clause;
};
struct escalation_head : located {
  clauses clause;
};
struct maintenance_head : located {
  clauses clause;
};
struct service_head : located {
  text id;
  boost::optional<text> label;
  clauses clause;
};
struct tickets_head : located {
  clauses clause;
};
struct monitoring_head : located {
  clauses clause;
};
struct penalty_head : located {
  text name;
  clauses clause;
  boost::optional<word> payer;  ///< customer | provider (default provider)
};

// ---- calendar body
struct hours_stmt : located {
  std::vector<day_span> days;
  std::vector<time_range> ranges;
  clauses clause;
};
struct holidays_import_stmt : located {
  text path;
  boost::optional<text> workday_marker;
  clauses clause;
};
struct holiday_stmt : located {
  date first;
  boost::optional<date> last;
  boost::optional<text> label;
  clauses clause;
};
struct workday_stmt : located {
  date day;
  boost::optional<text> label;
  clauses clause;
};

// ---- level body
struct coverage_stmt : located {
  word calendar;  ///< "7x24" or a calendar name
  clauses clause;
};
struct mode_stmt : located {
  std::vector<word> modes;  ///< onsite, remote
  clauses clause;
};

// ---- severity and tickets body
struct target_stmt : located {
  word kind;  ///< respond | restore
  duration within;
  boost::optional<word> on;  ///< coverage override: "7x24" or a calendar
  clauses clause;
};

// ---- escalation body
struct grace_stmt : located {
  duration grace;
  clauses clause;
};
struct matrix_head : located {
  clauses clause;
};
struct matrix_row : located {
  integer severity;
  std::vector<integer> handling;
  clauses clause;
};
struct handling_head : located {
  integer id;
  clauses clause;
};
struct step_stmt : located {
  duration after;
  std::vector<text> roles;
  clauses clause;
};

// ---- maintenance body
struct window_stmt : located {
  std::vector<day_span> days;
  time_range range;
  clauses clause;
};
struct notice_stmt : located {
  duration notice;
  clauses clause;
};
struct emergency_stmt : located {
  word rule;  ///< needs_approval | allowed | not_allowed
  clauses clause;
};

// ---- service body
struct service_level_stmt : located {
  integer level;
  clauses clause;
};
struct availability_stmt : located {
  percent target;
  word per;
  clauses clause;
};
struct max_downtime_stmt : located {
  duration limit;
  word per;
  clauses clause;
};
struct transactions_stmt : located {
  percent target;
  clauses clause;
};
struct fee_share_stmt : located {
  credit share;  ///< a percentage of the fee (base "fee") or an amount
  clauses clause;
};

// ---- monitoring body
struct monitor_target_stmt : located {
  word metric;  ///< early_detection | accuracy
  percent target;
  clauses clause;
};

// ---- penalty body
struct on_stmt : located {
  word metric;  ///< availability | transactions | early_detection | accuracy | breaches
  boost::optional<text> service;  ///< absent: each service
  clauses clause;
};
struct tiers_stmt : located {
  word mode;  ///< most_severe | cumulative
  clauses clause;
};
struct below_tier : located {
  percent below;
  credit amount;
  clauses clause;
};
struct between_tier : located {
  percent low, high;
  credit amount;
  clauses clause;
};
struct count_tier : located {
  integer low;
  bool open = false;               ///< written with ".."
  boost::optional<integer> high;  ///< absent after "..": open-ended
  credit amount;
  clauses clause;
};
struct per_breach_stmt : located {
  word target;
  credit amount;
  clauses clause;
};
struct late_stmt : located {
  word target;
  credit amount;
  word rounding;  ///< started | full
  duration unit;
  clauses clause;
};
struct overdue_stmt : located {
  percent rate;
  word per;  ///< day
  clauses clause;
};

/// A statement kept on the heap: the large ones (more than 120 bytes), so that a node (one
/// per statement of a contract) is not as large as the largest statement: a 50 MB contract of
/// short statements took 23 times its size. Copies deeply; use ast::get_if, ast::get,
/// ast::holds and ast::visit, which see through it.
template <typename T>
class boxed {
 public:
  boxed(T value) : p_(std::make_unique<T>(std::move(value))) {}  // NOLINT: a statement converts
  boxed(const boxed& o) : p_(std::make_unique<T>(*o.p_)) {}
  boxed(boxed&&) noexcept = default;
  boxed& operator=(const boxed& o) {
    p_ = std::make_unique<T>(*o.p_);
    return *this;
  }
  boxed& operator=(boxed&&) noexcept = default;
  T& get() { return *p_; }
  const T& get() const { return *p_; }

 private:
  std::unique_ptr<T> p_;
};

/// Every statement of every block; the driver knows which may stand where.
using statement = std::variant<version_stmt, contract_head, terms_head, extends_stmt, boxed<amendment_head>, title_stmt, party_stmt, boxed<term_stmt>, timezone_stmt,
                  currency_stmt, boxed<fee_stmt>, rounding_stmt, exclude_stmt, pause_stmt,
                  missing_time_stmt, boxed<cap_stmt>, calendar_head, level_head, severity_head,
                  escalation_head, maintenance_head, service_head, tickets_head, monitoring_head,
                  penalty_head, hours_stmt, holidays_import_stmt, boxed<holiday_stmt>, boxed<workday_stmt>,
                  coverage_stmt, mode_stmt, boxed<target_stmt>, grace_stmt, matrix_head, matrix_row,
                  handling_head, boxed<step_stmt>, boxed<window_stmt>, notice_stmt, emergency_stmt,
                  service_level_stmt, availability_stmt, boxed<max_downtime_stmt>, transactions_stmt,
                  boxed<fee_share_stmt>, monitor_target_stmt, on_stmt, tiers_stmt, boxed<below_tier>,
                  boxed<between_tier>, boxed<count_tier>, boxed<per_breach_stmt>, boxed<late_stmt>, overdue_stmt>;

template <typename T>
T& unbox(T& v) { return v; }
template <typename T>
const T& unbox(const T& v) { return v; }
template <typename T>
T& unbox(boxed<T>& v) { return v.get(); }
template <typename T>
const T& unbox(const boxed<T>& v) { return v.get(); }

template <typename T, typename V>
struct has_alternative;
template <typename T, typename... A>
struct has_alternative<T, std::variant<A...>> : std::disjunction<std::is_same<T, A>...> {};
/// How statement T is kept in a `statement`: as itself, or boxed.
template <typename T>
using stored_as = std::conditional_t<has_alternative<T, statement>::value, T, boxed<T>>;

/// std::get_if, std::get, std::holds_alternative and std::visit for statements, seeing
/// through the boxes.
template <typename T>
T* get_if(statement* s) {
  auto* p = std::get_if<stored_as<T>>(s);
  return p ? &unbox(*p) : nullptr;
}
template <typename T>
const T* get_if(const statement* s) {
  auto* p = std::get_if<stored_as<T>>(s);
  return p ? &unbox(*p) : nullptr;
}
template <typename T>
T& get(statement& s) { return unbox(std::get<stored_as<T>>(s)); }
template <typename T>
const T& get(const statement& s) { return unbox(std::get<stored_as<T>>(s)); }
template <typename T>
bool holds(const statement& s) { return std::holds_alternative<stored_as<T>>(s); }
template <typename F>
decltype(auto) visit(F&& f, statement& s) {
  return std::visit([&](auto& x) -> decltype(auto) { return f(unbox(x)); }, s);
}
template <typename F>
decltype(auto) visit(F&& f, const statement& s) {
  return std::visit([&](auto const& x) -> decltype(auto) { return f(unbox(x)); }, s);
}

struct comment {
  std::uint32_t at = 0;
  bool blank_before = false;  ///< a blank line stood before it
  std::string text;  ///< after '#', trailing spaces removed
};

/// A statement with its place in the tree and the comments and blank lines around it,
/// so that `fmt` can reproduce them.
/// What few statements have around them: comments, a clause after a block's '}'.
struct node_trivia {
  std::vector<comment> leading;
  boost::optional<comment> trailing;
  std::vector<comment> closing_comments;  ///< comments just before the closing '}'
  clauses after_close;                    ///< `} clause "4.1"`
};

struct node {
  statement stmt;
  std::uint32_t at = 0, end = 0;
  bool blank_before = false;          ///< before the leading comments, or the statement
  bool blank_after_leading = false;   ///< between the leading comments and the statement
  bool is_block = false;
  bool overrides = false;             ///< written after `override`: it replaces extended terms
  std::uint32_t close_at = 0;         ///< the closing '}'
  std::vector<node> body;

  node() = default;
  node(node&&) noexcept = default;
  node& operator=(node&&) noexcept = default;
  node(const node& o)
      : stmt(o.stmt), at(o.at), end(o.end), blank_before(o.blank_before), blank_after_leading(o.blank_after_leading),
        is_block(o.is_block), overrides(o.overrides), close_at(o.close_at), body(o.body),
        trivia_(o.trivia_ ? std::make_unique<node_trivia>(*o.trivia_) : nullptr) {}
  node& operator=(const node& o) { return *this = node(o); }

  /// The comments and the closing clause, none for most statements (kept apart, on the heap:
  /// a node is made for every statement, and most have none).
  const node_trivia& trivia() const {
    static const node_trivia none;
    return trivia_ ? *trivia_ : none;
  }
  node_trivia& trivia() {
    if (!trivia_) trivia_ = std::make_unique<node_trivia>();
    return *trivia_;
  }

 private:
  std::unique_ptr<node_trivia> trivia_;
};

struct file {
  std::vector<node> nodes;
  std::vector<comment> trailing_comments;  ///< after the last statement
};

}  // namespace slaudit::grammar::ast
