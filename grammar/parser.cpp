// The SLA DSL grammar in Spirit X3: one rule per statement, grouped by the block they
// may stand in. Statements end at a newline, ';' or '}' (the driver checks that), so the
// skipper skips only blanks. Character classes are explicit sets: X3's classifying
// parsers (x3::alpha and kin) assert on bytes past 0x7F, which UTF-8 text is full of.
#include "grammar/parser.hpp"

#include <boost/spirit/home/x3.hpp>
#include <cctype>
#include <string>
#include <type_traits>

#include "grammar/ast_adapted.hpp"

namespace slaudit::grammar {
/// A keyword: the word itself, not the start of a longer name. Its own parser type so that an
/// expectation failure names it ("expected 'within'") instead of a parser's C++ type.
struct keyword_parser : boost::spirit::x3::parser<keyword_parser> {
  using attribute_type = boost::spirit::x3::unused_type;
  static bool const has_attribute = false;
  char const* word;
  constexpr explicit keyword_parser(char const* w) : word(w) {}

  template <typename Iterator, typename Context, typename RContext, typename Attribute>
  bool parse(Iterator& first, Iterator const& last, Context const& ctx, RContext&, Attribute&) const {
    boost::spirit::x3::skip_over(first, last, ctx);
    Iterator it = first;
    for (char const* w = word; *w; ++w, ++it)
      if (it == last || *it != *w) return false;
    if (it != last && (std::isalnum(static_cast<unsigned char>(*it)) || *it == '_')) return false;
    first = it;
    return true;
  }
};
}  // namespace slaudit::grammar

template <>
struct boost::spirit::x3::get_info<slaudit::grammar::keyword_parser> {
  using result_type = std::string;
  std::string operator()(slaudit::grammar::keyword_parser const& p) const { return "'" + std::string(p.word) + "'"; }
};

namespace slaudit::grammar {
namespace {

namespace x3 = boost::spirit::x3;
using iterator = const char*;
struct begin_tag;

/// Stamps [at, end) on every AST node a rule produces, skipping leading blanks.
struct annotate {
  template <typename T, typename Context>
  void on_success(iterator first, iterator last, T& node, Context const& ctx) {
    if constexpr (std::is_base_of_v<ast::located, T>) {
      x3::skip_over(first, last, ctx);
      iterator begin = x3::get<begin_tag>(ctx);
      node.at = static_cast<std::uint32_t>(first - begin);
      node.end = static_cast<std::uint32_t>(last - begin);
    }
  }
};

auto const blank = x3::char_(" \t\r");
auto const idchar = x3::char_("a-zA-Z0-9_");
auto const digit = x3::char_("0-9");

keyword_parser kw(char const* s) { return keyword_parser{s}; }

auto const set_text = [](auto& ctx) {
  auto const& r = x3::_attr(ctx);
  x3::_val(ctx).text.assign(r.begin(), r.end());
};
auto const set_digits = [](auto& ctx) {
  auto const& r = x3::_attr(ctx);
  x3::_val(ctx).digits.assign(r.begin(), r.end());
};
auto const set_clause = [](auto& ctx) { x3::_val(ctx).clause = x3::_attr(ctx); };

#define SLAUDIT_RULE(name, type, what)                  \
  struct name##_id : annotate {};                       \
  x3::rule<name##_id, type> const name = what;

// X3 hands on_success no attribute for a rule whose body has semantic actions, so such a
// body lives in an unannotated `_acted` rule and the public rule, which only calls it, is
// the one annotated.
#define SLAUDIT_ACTED_RULE(name, type, what)            \
  struct name##_acted_id {};                            \
  x3::rule<name##_acted_id, type> const name##_acted = what; \
  SLAUDIT_RULE(name, type, what)                        \
  auto const name##_def = name##_acted;

// ---- tokens
SLAUDIT_ACTED_RULE(ident, ast::word, "a name")
SLAUDIT_ACTED_RULE(cal_ref, ast::word, "7x24 or a calendar name")
SLAUDIT_ACTED_RULE(text_, ast::text, "a quoted string")
SLAUDIT_ACTED_RULE(decimal_, ast::number, "a number")
SLAUDIT_RULE(number_, ast::number, "a number")
SLAUDIT_ACTED_RULE(integer_, ast::integer, "a whole number")
SLAUDIT_RULE(duration_, ast::duration, "a duration such as 30min, 2h or 3d")
SLAUDIT_ACTED_RULE(percent_, ast::percent, "a percentage such as 99.9%")
SLAUDIT_RULE(money_, ast::money, "an amount with its currency, such as 500.00 CNY")
SLAUDIT_RULE(date_, ast::date, "a date such as 2026-01-31")
SLAUDIT_RULE(time_, ast::time_of_day, "a time such as 09:00")
SLAUDIT_RULE(time_range_, ast::time_range, "a time range such as 09:00-18:00")
SLAUDIT_RULE(day_span_, ast::day_span, "a weekday or range such as mon-fri")
SLAUDIT_RULE(rate_credit_, ast::rate_credit, "a percentage of a base, such as 5% of fee")
SLAUDIT_RULE(credit_, ast::credit, "an amount (500.00 CNY) or a percentage of a base (5% of fee)")
SLAUDIT_RULE(clause_suffix, ast::clauses, "clause references")
SLAUDIT_ACTED_RULE(role_word, ast::word, "customer or provider")
SLAUDIT_ACTED_RULE(target_kind, ast::word, "respond or restore")
SLAUDIT_ACTED_RULE(mode_word, ast::word, "onsite or remote")
SLAUDIT_ACTED_RULE(monitor_metric, ast::word, "early_detection or accuracy")

auto const ident_acted_def = x3::raw[x3::lexeme[x3::char_("a-zA-Z_") >> *idchar]][set_text];
auto const cal_ref_acted_def =
    x3::raw[x3::lexeme[(x3::lit("7x24") | (x3::char_("a-zA-Z_") >> *idchar)) >> !idchar]]
           [set_text];

auto const append_char = [](auto& ctx) { x3::_val(ctx).value += x3::_attr(ctx); };
x3::symbols<char> const escape_letters({{"\"", '"'}, {"\\", '\\'}, {"n", '\n'}, {"t", '\t'}});
struct escaped_char_id;
x3::rule<escaped_char_id, char> const escaped_char = "one of the escapes \\\", \\\\, \\n or \\t";
auto const escaped_char_def = escape_letters;
BOOST_SPIRIT_DEFINE(escaped_char)
auto const escape = (x3::lit('\\') > escaped_char)[append_char];
struct closing_quote_id;
x3::rule<closing_quote_id> const closing_quote = "a closing quote '\"' on the same line";
auto const closing_quote_def = x3::lit('"');
auto const text__acted_def =
    x3::lexeme[('"' >> *(escape | (~x3::char_("\"\\\n"))[append_char])) > closing_quote];

auto const decimal__acted_def = x3::raw[x3::lexeme[+digit >> -('.' >> +digit)]][set_digits];
auto const number__def = x3::lexeme[decimal_ >> !x3::char_("a-zA-Z_%")];
auto const integer__acted_def =
    x3::raw[x3::lexeme[+digit >> !(x3::char_("a-zA-Z_%") | ('.' >> digit))]][set_digits];

auto const unit = x3::string("min") | x3::string("h") | x3::string("d") | x3::string("s");
auto const duration__def = x3::lexeme[decimal_ >> unit >> !idchar];
auto const percent__acted_def =
    x3::lexeme[decimal_ >> '%'][([](auto& c) { x3::_val(c).amount = x3::_attr(c); })];
auto const currency_code = x3::raw[x3::lexeme[x3::repeat(3)[x3::char_("A-Z")] >> !idchar]];
auto const money__def = decimal_ >> currency_code;

auto const two = x3::repeat(2)[digit];
auto const date__def = x3::lexeme[x3::raw[x3::repeat(4)[digit]] >> '-' >> x3::raw[two] >> '-' >>
                                  x3::raw[two] >> !idchar];
auto const time__def = x3::lexeme[x3::raw[x3::repeat(1, 2)[digit]] >> ':' >> x3::raw[two]];
auto const time_range__def = x3::lexeme[time_ >> '-' >> time_];
auto const day_span__def = x3::lexeme[ident >> -('-' >> ident)];

auto const rate_credit__def = (percent_ >> kw("of")) > ident;
auto const credit__def = rate_credit_ | money_;
auto const clause_suffix_def = -(kw("clause") > +text_);

auto const role_word_acted_def = x3::raw[kw("customer") | kw("provider")][set_text];
auto const target_kind_acted_def = x3::raw[kw("respond") | kw("restore")][set_text];
auto const mode_word_acted_def = x3::raw[kw("onsite") | kw("remote")][set_text];
auto const monitor_metric_acted_def = x3::raw[kw("early_detection") | kw("accuracy")][set_text];

BOOST_SPIRIT_DEFINE(ident_acted, cal_ref_acted, text__acted, decimal__acted, integer__acted,
                    percent__acted, role_word_acted, target_kind_acted, mode_word_acted,
                    monitor_metric_acted)
BOOST_SPIRIT_DEFINE(ident, cal_ref, text_, closing_quote, decimal_, number_, integer_, duration_,
                    percent_, money_, date_, time_, time_range_, day_span_, rate_credit_, credit_,
                    clause_suffix, role_word, target_kind, mode_word, monitor_metric)

// ---- statements
SLAUDIT_RULE(version_stmt, ast::version_stmt, "sla <version>")
SLAUDIT_RULE(contract_head, ast::contract_head, "contract \"<id>\" {")
SLAUDIT_RULE(terms_head, ast::terms_head, "terms \"<id>\" {")
SLAUDIT_RULE(extends_stmt, ast::extends_stmt, "extends \"<file>\"")
SLAUDIT_RULE(amendment_head, ast::amendment_head, "amendment \"<name>\" effective <date> [pro_rata] {")
SLAUDIT_RULE(title_stmt, ast::title_stmt, "title")
SLAUDIT_RULE(party_stmt, ast::party_stmt, "customer or provider")
SLAUDIT_RULE(term_stmt, ast::term_stmt, "term")
SLAUDIT_RULE(timezone_stmt, ast::timezone_stmt, "timezone")
SLAUDIT_RULE(currency_stmt, ast::currency_stmt, "currency")
SLAUDIT_RULE(fee_stmt, ast::fee_stmt, "fee")
SLAUDIT_RULE(rounding_stmt, ast::rounding_stmt, "rounding")
SLAUDIT_RULE(exclude_stmt, ast::exclude_stmt, "exclude")
SLAUDIT_RULE(pause_stmt, ast::pause_stmt, "pause")
SLAUDIT_RULE(missing_time_stmt, ast::missing_time_stmt, "missing_time")
SLAUDIT_RULE(cap_stmt, ast::cap_stmt, "cap")
SLAUDIT_RULE(calendar_head, ast::calendar_head, "calendar")
SLAUDIT_RULE(level_head, ast::level_head, "level")
SLAUDIT_RULE(severity_head, ast::severity_head, "severity")
SLAUDIT_ACTED_RULE(escalation_head, ast::escalation_head, "escalation")
SLAUDIT_ACTED_RULE(maintenance_head, ast::maintenance_head, "maintenance")
SLAUDIT_RULE(service_head, ast::service_head, "service")
SLAUDIT_ACTED_RULE(tickets_head, ast::tickets_head, "tickets")
SLAUDIT_ACTED_RULE(monitoring_head, ast::monitoring_head, "monitoring")
SLAUDIT_RULE(penalty_head, ast::penalty_head, "penalty")
SLAUDIT_RULE(hours_stmt, ast::hours_stmt, "hours")
SLAUDIT_RULE(holidays_import_stmt, ast::holidays_import_stmt, "holidays")
SLAUDIT_RULE(holiday_stmt, ast::holiday_stmt, "holiday")
SLAUDIT_RULE(workday_stmt, ast::workday_stmt, "workday")
SLAUDIT_RULE(coverage_stmt, ast::coverage_stmt, "coverage")
SLAUDIT_RULE(mode_stmt, ast::mode_stmt, "onsite or remote")
SLAUDIT_RULE(target_stmt, ast::target_stmt, "respond or restore")
SLAUDIT_RULE(grace_stmt, ast::grace_stmt, "grace")
SLAUDIT_ACTED_RULE(matrix_head, ast::matrix_head, "matrix")
SLAUDIT_RULE(matrix_row, ast::matrix_row, "severity <n>: <handling levels>")
SLAUDIT_RULE(handling_head, ast::handling_head, "handling")
SLAUDIT_RULE(step_stmt, ast::step_stmt, "after")
SLAUDIT_RULE(window_stmt, ast::window_stmt, "window")
SLAUDIT_RULE(notice_stmt, ast::notice_stmt, "notice")
SLAUDIT_RULE(emergency_stmt, ast::emergency_stmt, "emergency")
SLAUDIT_RULE(service_level_stmt, ast::service_level_stmt, "level")
SLAUDIT_RULE(availability_stmt, ast::availability_stmt, "availability")
SLAUDIT_RULE(max_downtime_stmt, ast::max_downtime_stmt, "max_downtime")
SLAUDIT_RULE(transactions_stmt, ast::transactions_stmt, "transactions")
SLAUDIT_RULE(fee_share_stmt, ast::fee_share_stmt, "fee_share")
SLAUDIT_RULE(monitor_target_stmt, ast::monitor_target_stmt, "early_detection or accuracy")
SLAUDIT_RULE(on_stmt, ast::on_stmt, "on")
SLAUDIT_RULE(tiers_stmt, ast::tiers_stmt, "tiers")
SLAUDIT_RULE(below_tier, ast::below_tier, "below")
SLAUDIT_RULE(between_tier, ast::between_tier, "between")
SLAUDIT_RULE(count_tier, ast::count_tier, "count")
SLAUDIT_RULE(per_breach_stmt, ast::per_breach_stmt, "per breach")
SLAUDIT_RULE(late_stmt, ast::late_stmt, "late")
SLAUDIT_RULE(overdue_stmt, ast::overdue_stmt, "of overdue")

struct open_brace_id;
x3::rule<open_brace_id> const open_brace = "'{' to open the block";
auto const open_brace_def = x3::lit('{');
struct at_least_id;
x3::rule<at_least_id> const at_least = "'>='";
auto const at_least_def = x3::lit(">=");
struct range_dots_id;
x3::rule<range_dots_id> const range_dots = "'..'";
auto const range_dots_def = x3::lit("..");
struct colon_id;
x3::rule<colon_id> const colon = "':'";
auto const colon_def = x3::lit(':');
BOOST_SPIRIT_DEFINE(open_brace, at_least, range_dots, colon)

auto const version_stmt_def = kw("sla") > integer_ > clause_suffix;
auto const contract_head_def = kw("contract") > text_ > clause_suffix > open_brace;
auto const terms_head_def = kw("terms") > text_ > clause_suffix > open_brace;
auto const extends_stmt_def = kw("extends") > text_ > clause_suffix;
auto const amendment_head_def = kw("amendment") > text_ > kw("effective") > date_ > x3::matches[kw("pro_rata")] >
                                    clause_suffix > open_brace;
auto const title_stmt_def = kw("title") > text_ > clause_suffix;
auto const party_stmt_def = (role_word >> text_) > clause_suffix;
auto const term_stmt_def = kw("term") > date_ > range_dots > date_ > clause_suffix;
auto const timezone_stmt_def = kw("timezone") > text_ > clause_suffix;
auto const currency_stmt_def = kw("currency") > ident > clause_suffix;
auto const fee_stmt_def = kw("fee") > money_ > kw("per") > ident > clause_suffix;
auto const rounding_stmt_def = kw("rounding") > ident > number_ > clause_suffix;
auto const exclude_stmt_def = kw("exclude") > ident > (ident % ',') >
                              -(kw("from") > (ident % ',')) > clause_suffix;
auto const pause_stmt_def =
    kw("pause") > kw("clocks") > kw("in") > (text_ % ',') > clause_suffix;
auto const missing_time_stmt_def = kw("missing_time") > ident > clause_suffix;
auto const cap_stmt_def = kw("cap") > credit_ > kw("per") > ident > clause_suffix;
auto const calendar_head_def = kw("calendar") > ident > clause_suffix > open_brace;
auto const level_head_def = kw("level") > integer_ > -text_ > clause_suffix > open_brace;
auto const severity_head_def = kw("severity") > integer_ > -text_ > clause_suffix > open_brace;
auto const escalation_head_acted_def = (kw("escalation") > clause_suffix > open_brace)[set_clause];
auto const maintenance_head_acted_def = (kw("maintenance") > clause_suffix > open_brace)[set_clause];
auto const service_head_def = kw("service") > text_ > -text_ > clause_suffix > open_brace;
auto const tickets_head_acted_def = (kw("tickets") > clause_suffix > open_brace)[set_clause];
auto const monitoring_head_acted_def = (kw("monitoring") > clause_suffix > open_brace)[set_clause];
auto const penalty_head_def =
    kw("penalty") > text_ > clause_suffix > -(kw("payer") > role_word) > open_brace;

auto const hours_stmt_def =
    kw("hours") > (day_span_ % ',') > (time_range_ % ',') > clause_suffix;
auto const holidays_import_stmt_def = kw("holidays") > kw("from") > text_ >
                                      -(kw("workdays") > kw("matching") > text_) > clause_suffix;
auto const holiday_stmt_def =
    kw("holiday") > date_ > -(x3::lit("..") > date_) > -text_ > clause_suffix;
auto const workday_stmt_def = kw("workday") > date_ > -text_ > clause_suffix;

auto const coverage_stmt_def = kw("coverage") > cal_ref > clause_suffix;
auto const mode_stmt_def = +mode_word > clause_suffix;
auto const target_stmt_def =
    target_kind > kw("within") > duration_ > -(kw("on") > cal_ref) > clause_suffix;

auto const grace_stmt_def = kw("grace") > duration_ > clause_suffix;
auto const matrix_head_acted_def = (kw("matrix") > clause_suffix > open_brace)[set_clause];
auto const matrix_row_def = kw("severity") > integer_ > colon > +integer_ > clause_suffix;
auto const handling_head_def = kw("handling") > integer_ > clause_suffix > open_brace;
auto const step_stmt_def =
    kw("after") > duration_ > kw("notify") > (text_ % ',') > clause_suffix;

auto const window_stmt_def = kw("window") > (day_span_ % ',') > time_range_ > clause_suffix;
auto const notice_stmt_def = kw("notice") > duration_ > clause_suffix;
auto const emergency_stmt_def = kw("emergency") > ident > clause_suffix;

auto const service_level_stmt_def = kw("level") > integer_ > clause_suffix;
auto const availability_stmt_def =
    kw("availability") > at_least > percent_ > kw("per") > ident > clause_suffix;
auto const max_downtime_stmt_def =
    kw("max_downtime") > duration_ > kw("per") > ident > clause_suffix;
auto const transactions_stmt_def =
    kw("transactions") > kw("success") > at_least > percent_ > clause_suffix;
auto const fee_share_stmt_def = kw("fee_share") > credit_ > clause_suffix;

auto const monitor_target_stmt_def = monitor_metric > at_least > percent_ > clause_suffix;

auto const on_stmt_def = kw("on") > ident > -((kw("of") >> kw("each")) > kw("service")) >
                         -(kw("of") > kw("service") > text_) > clause_suffix;
auto const tiers_stmt_def = kw("tiers") > ident > clause_suffix;
auto const below_tier_def = kw("below") > percent_ > kw("credit") > credit_ > clause_suffix;
auto const between_tier_def = kw("between") > percent_ > kw("and") > percent_ > kw("credit") >
                              credit_ > clause_suffix;
auto const count_tier_def = kw("count") > integer_ > x3::matches[x3::lit("..")] > -integer_ >
                            kw("credit") > credit_ > clause_suffix;
auto const per_breach_stmt_def =
    (kw("per") >> kw("breach")) > kw("of") > ident > credit_ > clause_suffix;
auto const late_stmt_def =
    kw("late") > ident > credit_ > kw("per") > ident > duration_ > clause_suffix;
auto const overdue_stmt_def =
    (percent_ >> kw("of") >> kw("overdue")) > kw("per") > ident > clause_suffix;

BOOST_SPIRIT_DEFINE(escalation_head_acted, maintenance_head_acted, tickets_head_acted,
                    monitoring_head_acted, matrix_head_acted)
BOOST_SPIRIT_DEFINE(version_stmt, contract_head, terms_head, extends_stmt, amendment_head, title_stmt, party_stmt, term_stmt, timezone_stmt,
                    currency_stmt, fee_stmt, rounding_stmt, exclude_stmt, pause_stmt,
                    missing_time_stmt, cap_stmt, calendar_head, level_head, severity_head,
                    escalation_head, maintenance_head, service_head, tickets_head,
                    monitoring_head, penalty_head, hours_stmt, holidays_import_stmt, holiday_stmt,
                    workday_stmt, coverage_stmt, mode_stmt, target_stmt, grace_stmt, matrix_head,
                    matrix_row, handling_head, step_stmt, window_stmt, notice_stmt,
                    emergency_stmt, service_level_stmt, availability_stmt, max_downtime_stmt,
                    transactions_stmt, fee_share_stmt, monitor_target_stmt, on_stmt, tiers_stmt,
                    below_tier, between_tier, count_tier, per_breach_stmt, late_stmt,
                    overdue_stmt)

auto const skipper = x3::char_(" \t\r");

// The statements each block allows, as the variant its alternative fills.
using file_item = x3::variant<ast::version_stmt, ast::contract_head, ast::terms_head>;
using contract_item =
    x3::variant<ast::title_stmt, ast::party_stmt, ast::term_stmt, ast::timezone_stmt,
                ast::currency_stmt, ast::fee_stmt, ast::rounding_stmt, ast::exclude_stmt,
                ast::pause_stmt, ast::missing_time_stmt, ast::cap_stmt, ast::calendar_head,
                ast::level_head, ast::severity_head, ast::escalation_head, ast::maintenance_head,
                ast::service_head, ast::tickets_head, ast::monitoring_head, ast::penalty_head>;
using calendar_item = x3::variant<ast::hours_stmt, ast::holidays_import_stmt, ast::holiday_stmt,
                                  ast::workday_stmt>;
using level_item = x3::variant<ast::coverage_stmt, ast::mode_stmt>;
using escalation_item = x3::variant<ast::grace_stmt, ast::matrix_head, ast::handling_head>;
using maintenance_item = x3::variant<ast::window_stmt, ast::notice_stmt, ast::emergency_stmt>;
using service_item =
    x3::variant<ast::service_level_stmt, ast::availability_stmt, ast::max_downtime_stmt,
                ast::transactions_stmt, ast::fee_share_stmt>;
using penalty_item =
    x3::variant<ast::on_stmt, ast::tiers_stmt, ast::below_tier, ast::between_tier,
                ast::count_tier, ast::per_breach_stmt, ast::late_stmt, ast::overdue_stmt>;

template <typename T>
void assign(ast::statement& out, T&& item) {
  if constexpr (std::is_base_of_v<ast::located, std::decay_t<T>>) {
    out = std::forward<T>(item);
  } else {
    boost::apply_visitor([&](auto& s) { out = std::move(s); }, item);
  }
}

/// Runs `p` at byte `at`, filling `attr`; an expectation failure becomes the error spot and
/// the name of what was expected.
template <typename Parser, typename Attribute>
parse_step parse_into(Parser const& p, std::string_view source, std::uint32_t at, Attribute& attr) {
  parse_step step;
  iterator const begin = source.data();
  iterator first = begin + at;
  iterator const last = begin + source.size();
  try {
    if (x3::phrase_parse(first, last, x3::with<begin_tag>(begin)[p], skipper, attr)) {
      step.ok = true;
      step.end = static_cast<std::uint32_t>(first - begin);
    } else {
      step.error_at = at;
    }
  } catch (x3::expectation_failure<iterator> const& e) {
    step.error_at = static_cast<std::uint32_t>(e.where() - begin);
    step.expected = e.which();
  }
  return step;
}

template <typename Item, typename Parser>
parse_step run(Parser const& p, std::string_view source, std::uint32_t at) {
  Item item;
  parse_step step = parse_into(p, source, at, item);
  if (step.ok) assign(step.stmt, std::move(item));
  return step;
}

}  // namespace

parse_step parse_statement(block b, std::string_view source, std::uint32_t at) {
  switch (b) {
    case block::file:
      return run<file_item>(version_stmt | contract_head | terms_head, source, at);
    case block::contract:
      // `extends` and `amendment` on their own: a variant takes at most 20 kinds of statement.
      if (auto ext = run<ast::extends_stmt>(extends_stmt, source, at); ext.ok || !ext.expected.empty()) return ext;
      if (auto am = run<ast::amendment_head>(amendment_head, source, at); am.ok || !am.expected.empty()) return am;
      [[fallthrough]];
    case block::amendment:
      return run<contract_item>(title_stmt | party_stmt | term_stmt | timezone_stmt | currency_stmt | fee_stmt |
                     rounding_stmt | exclude_stmt | pause_stmt | missing_time_stmt | cap_stmt |
                     calendar_head | level_head | severity_head | escalation_head |
                     maintenance_head | service_head | tickets_head | monitoring_head |
                     penalty_head,
                 source, at);
    case block::calendar:
      return run<calendar_item>(hours_stmt | holidays_import_stmt | holiday_stmt | workday_stmt, source, at);
    case block::level:
      return run<level_item>(coverage_stmt | mode_stmt, source, at);
    case block::severity:
    case block::tickets:
      return run<ast::target_stmt>(target_stmt, source, at);
    case block::escalation:
      return run<escalation_item>(grace_stmt | matrix_head | handling_head, source, at);
    case block::matrix:
      return run<ast::matrix_row>(matrix_row, source, at);
    case block::handling:
      return run<ast::step_stmt>(step_stmt, source, at);
    case block::maintenance:
      return run<maintenance_item>(window_stmt | notice_stmt | emergency_stmt, source, at);
    case block::service:
      return run<service_item>(service_level_stmt | availability_stmt | max_downtime_stmt | transactions_stmt |
                     fee_share_stmt,
                 source, at);
    case block::monitoring:
      return run<ast::monitor_target_stmt>(monitor_target_stmt, source, at);
    case block::penalty:
      return run<penalty_item>(on_stmt | tiers_stmt | below_tier | between_tier | count_tier | per_breach_stmt |
                     late_stmt | overdue_stmt,
                 source, at);
  }
  return {};
}

parse_step parse_clause_suffix(std::string_view source, std::uint32_t at, ast::clauses& out) {
  return parse_into(clause_suffix, source, at, out);
}

}  // namespace slaudit::grammar
