// What only the whole contract can tell: references between its parts, and targets stated twice that disagree.
#include "engine/validator.hpp"

namespace slaudit::engine::validation {

void validator::cross_checks(const ast::node& contract_node) {
  if (auto* head = ast::get_if<ast::contract_head>(&contract_node.stmt)) required_statements(*head);
  references();
  penalties_measure_targets();
  fee_shares_stated();
  caps_reachable();
  downtime_matches_availability();
}

/// The statements every contract needs, and the title reports show.
void validator::required_statements(const ast::contract_head& head) {
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
}

/// References to calendars, service levels and services, and calendars never used.
void validator::references() {
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
}

/// Whether service `s` states a target for `m` (availability or transactions). A target written
/// but invalid counts as stated: its own error is already reported.
bool validator::service_states(const service& s, metric m) const {
  auto& marks = service_marks_[static_cast<std::size_t>(&s - c_.services.data())];
  return m == metric::availability ? marks.states_availability : marks.states_transactions;
}

/// A penalty must measure something the contract sets a target for.
void validator::penalties_measure_targets() {
  for (auto& r : metric_refs_) {
    std::string missing;
    switch (r.m) {
      case metric::availability:
      case metric::transactions: {
        bool any = false;
        for (auto& s : c_.services)
          if ((!r.service || *r.service == s.id) && service_states(s, r.m)) any = true;
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
}

/// "% of share" needs the share of every service the penalty covers; the shares cannot add up
/// to more than the fee.
void validator::fee_shares_stated() {
  for (std::size_t i = 0; i < c_.penalties.size(); ++i) {
    auto& p = c_.penalties[i];
    bool uses_share = std::any_of(p.tiers.begin(), p.tiers.end(),
                                  [](auto& t) { return t.amount.base == credit::kind::percent_of_share; });
    if (!uses_share) continue;
    for (auto& s : c_.services) {
      if ((p.service && *p.service != s.id) || !service_states(s, p.on) || s.fee_share) continue;
      error("E0207", penalty_at_[i], "penalty '" + p.name + "' credits a share of the fee, but service '" + s.id +
                                         "' states no fee_share")
          .notes.push_back(see("service defined here", services_seen_[s.id]));
    }
  }

  minor_units shares = 0;
  for (auto& s : c_.services) shares += s.fee_share.value_or(0);
  if (shares > c_.monthly_fee && c_.monthly_fee > 0 && share_at_)
    error("E0408", *share_at_, "the services' fee shares add up to more than the monthly fee");
}

/// Caps: one per period; a monthly cap below a single tier's credit would always cut it.
void validator::caps_reachable() {
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
}

/// SLA 4.4: "99.9%, i.e. at most 43.8 minutes a month" holds only for a 365/12-day month.
void validator::downtime_matches_availability() {
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

}  // namespace slaudit::engine::validation
