#include "grammar/formatter.hpp"

namespace slaudit::grammar {
namespace {

std::string quote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      default: out += c;
    }
  }
  return out + "\"";
}

std::string str(const ast::text& t) { return quote(t.value); }
std::string str(const ast::word& w) { return w.text; }
std::string str(const ast::integer& i) { return i.digits; }
std::string str(const ast::number& n) { return n.digits; }
std::string str(const ast::duration& d) { return d.amount.digits + d.unit; }
std::string str(const ast::percent& p) { return p.amount.digits + "%"; }
std::string str(const ast::money& m) { return m.amount.digits + " " + m.currency; }
std::string str(const ast::date& d) { return d.y + "-" + d.m + "-" + d.d; }
std::string str(const ast::time_of_day& t) { return (t.h.size() == 1 ? "0" : "") + t.h + ":" + t.m; }
std::string str(const ast::time_range& r) { return str(r.from) + "-" + str(r.to); }
std::string str(const ast::day_span& d) { return d.first.text + (d.last ? "-" + d.last->text : ""); }
std::string str(const ast::credit& c) {
  if (auto* m = boost::get<ast::money>(&c.get())) return str(*m);
  auto& r = boost::get<ast::rate_credit>(c.get());
  return str(r.rate) + " of " + r.base.text;
}
template <typename T>
std::string list(const std::vector<T>& v, const char* sep = ", ") {
  std::string s;
  for (auto& x : v) {
    if (!s.empty()) s += sep;
    s += str(x);
  }
  return s;
}
template <typename T>
std::string opt(const boost::optional<T>& v, const char* before = " ") {
  return v ? before + str(*v) : "";
}

/// The statement's own text, without clause references (the caller adds them).
struct printer {
  std::string operator()(const ast::version_stmt& s) const { return "sla " + str(s.version); }
  std::string operator()(const ast::contract_head& s) const { return "contract " + str(s.id); }
  std::string operator()(const ast::terms_head& s) const { return "terms " + str(s.id); }
  std::string operator()(const ast::extends_stmt& s) const { return "extends " + str(s.path); }
  std::string operator()(const ast::amendment_head& s) const {
    return "amendment " + str(s.name) + " effective " + str(s.effective) + (s.pro_rata ? " pro_rata" : "");
  }
  std::string operator()(const ast::title_stmt& s) const { return "title " + str(s.title); }
  std::string operator()(const ast::party_stmt& s) const { return s.role.text + " " + str(s.name); }
  std::string operator()(const ast::term_stmt& s) const { return "term " + str(s.first) + " .. " + str(s.last); }
  std::string operator()(const ast::timezone_stmt& s) const { return "timezone " + str(s.zone); }
  std::string operator()(const ast::currency_stmt& s) const { return "currency " + str(s.code); }
  std::string operator()(const ast::fee_stmt& s) const { return "fee " + str(s.amount) + " per " + str(s.basis); }
  std::string operator()(const ast::rounding_stmt& s) const { return "rounding " + str(s.mode) + " " + str(s.unit); }
  std::string operator()(const ast::exclude_stmt& s) const {
    return "exclude " + str(s.what) + " " + list(s.values) + (s.from.empty() ? "" : " from " + list(s.from));
  }
  std::string operator()(const ast::pause_stmt& s) const { return "pause clocks in " + list(s.states); }
  std::string operator()(const ast::missing_time_stmt& s) const { return "missing_time " + str(s.rule); }
  std::string operator()(const ast::cap_stmt& s) const { return "cap " + str(s.limit) + " per " + str(s.per); }
  std::string operator()(const ast::calendar_head& s) const { return "calendar " + str(s.name); }
  std::string operator()(const ast::level_head& s) const { return "level " + str(s.id) + opt(s.label); }
  std::string operator()(const ast::severity_head& s) const { return "severity " + str(s.id) + opt(s.label); }
  std::string operator()(const ast::escalation_head&) const { return "escalation"; }
  std::string operator()(const ast::maintenance_head&) const { return "maintenance"; }
  std::string operator()(const ast::service_head& s) const { return "service " + str(s.id) + opt(s.label); }
  std::string operator()(const ast::tickets_head&) const { return "tickets"; }
  std::string operator()(const ast::monitoring_head&) const { return "monitoring"; }
  std::string operator()(const ast::penalty_head& s) const { return "penalty " + str(s.name); }
  std::string operator()(const ast::hours_stmt& s) const { return "hours " + list(s.days) + " " + list(s.ranges); }
  std::string operator()(const ast::holidays_import_stmt& s) const {
    return "holidays from " + str(s.path) + opt(s.workday_marker, " workdays matching ");
  }
  std::string operator()(const ast::holiday_stmt& s) const {
    return "holiday " + str(s.first) + opt(s.last, " .. ") + opt(s.label);
  }
  std::string operator()(const ast::workday_stmt& s) const { return "workday " + str(s.day) + opt(s.label); }
  std::string operator()(const ast::coverage_stmt& s) const { return "coverage " + str(s.calendar); }
  std::string operator()(const ast::mode_stmt& s) const { return list(s.modes, " "); }
  std::string operator()(const ast::target_stmt& s) const {
    return str(s.kind) + " within " + str(s.within) + opt(s.on, " on ");
  }
  std::string operator()(const ast::grace_stmt& s) const { return "grace " + str(s.grace); }
  std::string operator()(const ast::matrix_head&) const { return "matrix"; }
  std::string operator()(const ast::matrix_row& s) const {
    return "severity " + str(s.severity) + ": " + list(s.handling, " ");
  }
  std::string operator()(const ast::handling_head& s) const { return "handling " + str(s.id); }
  std::string operator()(const ast::step_stmt& s) const {
    return "after " + str(s.after) + " notify " + list(s.roles);
  }
  std::string operator()(const ast::window_stmt& s) const { return "window " + list(s.days) + " " + str(s.range); }
  std::string operator()(const ast::notice_stmt& s) const { return "notice " + str(s.notice); }
  std::string operator()(const ast::emergency_stmt& s) const { return "emergency " + str(s.rule); }
  std::string operator()(const ast::service_level_stmt& s) const { return "level " + str(s.level); }
  std::string operator()(const ast::availability_stmt& s) const {
    return "availability >= " + str(s.target) + " per " + str(s.per);
  }
  std::string operator()(const ast::max_downtime_stmt& s) const {
    return "max_downtime " + str(s.limit) + " per " + str(s.per);
  }
  std::string operator()(const ast::transactions_stmt& s) const { return "transactions success >= " + str(s.target); }
  std::string operator()(const ast::fee_share_stmt& s) const { return "fee_share " + str(s.share); }
  std::string operator()(const ast::monitor_target_stmt& s) const { return str(s.metric) + " >= " + str(s.target); }
  std::string operator()(const ast::on_stmt& s) const {
    if (s.service) return "on " + str(s.metric) + " of service " + str(*s.service);
    bool per_service = s.metric.text == "availability" || s.metric.text == "transactions";
    return "on " + str(s.metric) + (per_service ? " of each service" : "");
  }
  std::string operator()(const ast::tiers_stmt& s) const { return "tiers " + str(s.mode); }
  std::string operator()(const ast::below_tier& s) const {
    return "below " + str(s.below) + " credit " + str(s.amount);
  }
  std::string operator()(const ast::between_tier& s) const {
    return "between " + str(s.low) + " and " + str(s.high) + " credit " + str(s.amount);
  }
  std::string operator()(const ast::count_tier& s) const {
    return "count " + str(s.low) + (s.open ? ".." : "") + opt(s.high, "") + " credit " + str(s.amount);
  }
  std::string operator()(const ast::per_breach_stmt& s) const {
    return "per breach of " + str(s.target) + " " + str(s.amount);
  }
  std::string operator()(const ast::late_stmt& s) const {
    return "late " + str(s.target) + " " + str(s.amount) + " per " + str(s.rounding) + " " + str(s.unit);
  }
  std::string operator()(const ast::overdue_stmt& s) const { return str(s.rate) + " of overdue per " + str(s.per); }
};

const ast::clauses& clauses_of(const ast::statement& s) {
  return ast::visit([](auto const& x) -> const ast::clauses& { return x.clause; }, s);
}

class writer {
 public:
  std::string out;

  void comments(const std::vector<ast::comment>& cs, int depth, bool first_in_block) {
    for (std::size_t i = 0; i < cs.size(); ++i) {
      if (cs[i].blank_before && !(first_in_block && i == 0)) out += "\n";
      out += indent(depth) + "#" + cs[i].text + "\n";
    }
  }

  void nodes(const std::vector<ast::node>& ns, int depth) {
    for (std::size_t i = 0; i < ns.size(); ++i) node(ns[i], depth, i == 0);
  }

  void node(const ast::node& n, int depth, bool first) {
    if (n.blank_before && !first) out += "\n";
    comments(n.trivia().leading, depth, first && !n.blank_before);
    if (n.blank_after_leading) out += "\n";
    std::string line = indent(depth) + (n.overrides ? "override " : "") + ast::visit(printer{}, n.stmt);
    ast::clauses cl = clauses_of(n.stmt);
    cl.insert(cl.end(), n.trivia().after_close.begin(), n.trivia().after_close.end());
    // A penalty's clause stands before "payer": penalty "x" clause "5.1" payer customer {
    if (!cl.empty()) line += " clause " + list(cl, " ");
    if (auto* p = ast::get_if<ast::penalty_head>(&n.stmt); p && p->payer) line += " payer " + p->payer->text;
    if (n.is_block) line += " {";
    if (n.trivia().trailing) line += "  #" + n.trivia().trailing->text;
    out += line + "\n";
    if (!n.is_block) return;
    nodes(n.body, depth + 1);
    comments(n.trivia().closing_comments, depth + 1, n.body.empty());
    out += indent(depth) + "}\n";
  }

 private:
  static std::string indent(int depth) { return std::string(2 * depth, ' '); }
};

}  // namespace

std::string format_file(const ast::file& file) {
  writer w;
  w.nodes(file.nodes, 0);
  w.comments(file.trailing_comments, 0, file.nodes.empty());
  return w.out;
}

}  // namespace slaudit::grammar
