// Penalty clauses: what they measure, their tiers and credits, and how the tiers fit together.
#include "engine/validator.hpp"

namespace slaudit::engine::validation {

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
            if (set_kind(penalty::kind::per_breach, s)) per_breach_statement(p, s);
          } else if constexpr (std::is_same_v<T, ast::late_stmt>) {
            if (set_kind(penalty::kind::late, s)) late_statement(p, s);
          } else if constexpr (std::is_same_v<T, ast::overdue_stmt>) {
            if (set_kind(penalty::kind::overdue, s)) overdue_statement(p, s, h);
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

/// "per breach of restore credit 1000.00": the target and the credit of each breach.
void validator::per_breach_statement(penalty& p, const ast::per_breach_stmt& s) {
  static const choices<breach_target> targets = {{"respond", breach_target::respond},
                                                 {"restore", breach_target::restore},
                                                 {"ticket_respond", breach_target::ticket_respond},
                                                 {"escalation", breach_target::escalation}};
  auto t = choose(s.target, targets, "breach target");
  auto cr = credit_of(s.amount, false);
  if (t) p.target = *t, breach_refs_.push_back({s.target, *t});
  if (cr) p.amount = *cr;
}

/// "late restore credit 500.00 per started 1h": the target, the credit of each unit of
/// lateness, and whether a started unit counts.
void validator::late_statement(penalty& p, const ast::late_stmt& s) {
  static const choices<breach_target> late_targets = {{"respond", breach_target::respond},
                                                      {"restore", breach_target::restore},
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
}

/// "0.05% of overdue per day": the daily rate, owed by the customer.
void validator::overdue_statement(penalty& p, const ast::overdue_stmt& s, const ast::penalty_head& h) {
  static const choices<int> pers = {{"day", 0}};
  choose(s.per, pers, "overdue period");
  if (auto r = percent(s.rate)) p.daily_rate_pct = *r;
  if (!h.payer || h.payer->text != "customer")
    error("E0410", s, "late payment is owed by the customer: this penalty needs 'payer customer'")
        .notes.push_back(see("the penalty starts here", h.at));
}

void validator::check_tiers(penalty& p, const std::vector<const ast::node*>& nodes) {
  bool count_metric = p.on == metric::respond_breaches || p.on == metric::restore_breaches ||
                      p.on == metric::ticket_breaches || p.on == metric::escalation_breaches;
  bool per_service = p.on == metric::availability || p.on == metric::transactions;
  std::vector<tier_item> items;
  int kinds = 0;
  for (auto* nd : nodes)
    if (auto item = read_tier(*nd, per_service, kinds)) items.push_back(std::move(*item));
  if (items.empty() || !tier_kinds_fit(items, kinds, count_metric)) return;
  // Order by severity: percentages from the highest bound down, counts from the lowest up.
  if (count_metric) {
    std::stable_sort(items.begin(), items.end(), [](auto& a, auto& b) { return *a.t.low < *b.t.low; });
  } else {
    std::stable_sort(items.begin(), items.end(), [](auto& a, auto& b) { return *b.t.high < *a.t.high; });
  }
  for (std::size_t i = 1; i < items.size(); ++i) {
    if (!tiers_meet(items[i - 1], items[i], kinds, count_metric)) return;
    if (!p.cumulative && !tier_costs_more(items[i - 1], items[i])) return;
  }
  for (auto& it : items) {
    p.tiers.push_back(it.t);
    tier_at_.push_back({it.at, c_.penalties.size(), p.tiers.size() - 1});
  }
}

/// One tier as written: its bounds, clauses and credit; nothing when it is not valid (its
/// error reported). `kinds` gains its kind: 1 below, 2 between, 4 count.
std::optional<validator::tier_item> validator::read_tier(const ast::node& nd, bool per_service, int& kinds) {
  tier t;
  t.where = where(nd, {});
  const ast::located* at = nullptr;
  const ast::credit* cr = nullptr;
  if (auto* b = ast::get_if<ast::below_tier>(&nd.stmt)) {
    kinds |= 1, at = b, cr = &b->amount;
    t.high = percent(b->below);
    if (!t.high) return std::nullopt;
    t.where.clauses.clear();
    for (auto& c : b->clause) t.where.clauses.push_back(c.value);
  } else if (auto* bt = ast::get_if<ast::between_tier>(&nd.stmt)) {
    kinds |= 2, at = bt, cr = &bt->amount;
    t.low = percent(bt->low);
    t.high = percent(bt->high);
    if (!t.low || !t.high) return std::nullopt;
    if (!(*t.low < *t.high)) {
      error("E0403", *bt, "this tier is empty: its lower bound is not below its upper bound");
      return std::nullopt;
    }
    for (auto& c : bt->clause) t.where.clauses.push_back(c.value);
  } else if (auto* ct = ast::get_if<ast::count_tier>(&nd.stmt)) {
    kinds |= 4, at = ct, cr = &ct->amount;
    auto lo = integer(ct->low, 0, 1000000, "count");
    if (!lo) return std::nullopt;
    t.low = decimal{*lo, 0};
    if (ct->high) {
      auto hi = integer(*ct->high, 0, 1000000, "count");
      if (!hi) return std::nullopt;
      if (*hi < *lo) {
        error("E0403", *ct, "this tier is empty: " + ct->low.digits + ".." + ct->high->digits);
        return std::nullopt;
      }
      t.high = decimal{*hi, 0};
    } else if (!ct->open) {
      t.high = t.low;  // "count 3": exactly three
    }
    for (auto& c : ct->clause) t.where.clauses.push_back(c.value);
  }
  auto c = credit_of(*cr, per_service);
  if (!c) return std::nullopt;
  t.amount = *c;
  return tier_item{t, at};
}

/// The tiers of one penalty are of one kind, and the kind its metric needs.
bool validator::tier_kinds_fit(const std::vector<tier_item>& items, int kinds, bool count_metric) {
  if ((kinds & 4) && (kinds & 3)) {
    error("E0407", *items.back().at, "count tiers and percentage tiers cannot be mixed in one penalty");
    return false;
  }
  if (((kinds & 4) != 0) != count_metric) {
    error("E0407", *items.front().at,
          count_metric ? "a count metric needs count tiers ('count 1..2 credit …')"
                       : "a percentage metric needs 'below' or 'between' tiers");
    return false;
  }
  if (kinds == 3) {
    error("E0407", *items.back().at, "'below' and 'between' tiers cannot be mixed in one penalty")
        .notes.push_back(hint("write every tier as 'between' to state both bounds"));
    return false;
  }
  return true;
}

/// Two tiers next in severity neither overlap nor leave a gap between them.
bool validator::tiers_meet(const tier_item& before, const tier_item& item, int kinds, bool count_metric) {
  auto& prev = before.t;
  auto& cur = item.t;
  auto& at = *item.at;
  if (count_metric) {
    if (!prev.high) {
      error("E0403", at, "this tier overlaps an open-ended tier (" + prev.low->str() + "..)")
          .notes.push_back(see("the open-ended tier", before.at->at));
      return false;
    }
    if (*cur.low <= *prev.high) {
      error("E0403", at, "tiers overlap: " + cur.low->str() + " is already in the tier up to " + prev.high->str())
          .notes.push_back(see("the other tier", before.at->at));
      return false;
    }
    if (*cur.low > decimal{prev.high->units + 1, 0}) {
      auto from = prev.high->units + 1, to = cur.low->units - 1;
      error("E0404", at, "tiers leave a gap: " +
                             (from == to ? "a count of " + std::to_string(from) + " is"
                                         : "counts " + std::to_string(from) + " to " + std::to_string(to) + " are") +
                             " in no tier")
          .notes.push_back(see("the tier before the gap", before.at->at));
      return false;
    }
  } else if (kinds == 1) {
    if (*cur.high == *prev.high) {
      error("E0403", at, "tiers overlap: two tiers below " + cur.high->str() + "%")
          .notes.push_back(see("the other tier", before.at->at));
      return false;
    }
  } else {
    if (*prev.low < *cur.high) {
      error("E0403", at, "tiers overlap between " + std::max(*cur.low, *prev.low, [](auto& a, auto& b) { return a < b; }).str() +
                             "% and " + cur.high->str() + "%")
          .notes.push_back(see("the other tier", before.at->at));
      return false;
    }
    if (*cur.high < *prev.low) {
      error("E0404", at, "tiers leave a gap: values from " + cur.high->str() + "% up to " + prev.low->str() +
                             "% are in no tier")
          .notes.push_back(see("the tier above the gap", before.at->at));
      return false;
    }
  }
  return true;
}

/// The more severe of two tiers (not cumulative) credits more: a lower availability never
/// costs less. Shares of different services differ, but within one penalty a larger rate of
/// the same share is more; fixed and fee-based credits compare as money.
bool validator::tier_costs_more(const tier_item& before, const tier_item& item) {
  auto& prev = before.t;
  auto& cur = item.t;
  bool both_share = prev.amount.base == credit::kind::percent_of_share &&
                    cur.amount.base == credit::kind::percent_of_share;
  auto a = credit_value(prev.amount, c_.monthly_fee, std::nullopt);
  auto b = credit_value(cur.amount, c_.monthly_fee, std::nullopt);
  bool fee_known = c_.monthly_fee > 0;
  bool not_more = both_share ? !(prev.amount.pct < cur.amount.pct) : (fee_known && a && b && *b <= *a);
  if (not_more) {
    error("E0405", *item.at, "tiers are not monotonic: this more severe tier does not credit more than the one before")
        .notes.push_back(see("the less severe tier", before.at->at));
    return false;
  }
  return true;
}

}  // namespace slaudit::engine::validation
