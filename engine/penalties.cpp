#include "engine/penalties.hpp"

#include <algorithm>
#include <map>
#include <string_view>
#include <unordered_map>

#include "engine/decisions.hpp"
#include "engine/model_text.hpp"
#include "engine/money.hpp"

namespace slaudit::engine {
namespace {

std::string pct_text(const decimal& d) { return d.str() + "%"; }

bool count_metric(metric m) {
  return m == metric::respond_breaches || m == metric::restore_breaches || m == metric::ticket_breaches ||
         m == metric::escalation_breaches;
}

const char* metric_word(metric m) {
  switch (m) {
    case metric::availability: return "availability";
    case metric::transactions: return "transaction success";
    case metric::early_detection: return "early detection";
    case metric::accuracy: return "accuracy";
    case metric::respond_breaches: return "respond breaches";
    case metric::restore_breaches: return "restore breaches";
    case metric::ticket_breaches: return "ticket breaches";
    case metric::escalation_breaches: return "escalation breaches";
  }
  return "";
}

const char* target_word(breach_target t) {
  switch (t) {
    case breach_target::respond: return "respond";
    case breach_target::restore: return "restore";
    case breach_target::ticket_respond: return "ticket_respond";
    case breach_target::escalation: return "escalation";
  }
  return "";
}

/// value < x% exactly, for value = num/den.
bool below(std::int64_t num, std::int64_t den, const decimal& x) {
  __int128 scale = 1;
  for (int k = 0; k < x.scale; ++k) scale *= 10;
  return static_cast<__int128>(num) * 100 * scale < static_cast<__int128>(x.units) * den;
}

class assessor {
 public:
  assessor(const contract& c, const period_result& r, const history& h, const period& p)
      : c_(c), r_(r), h_(h), p_(p), cur_(c.currency) {}

  money_result run(const earlier_credits& earlier, std::vector<refused_decision>* refused) {
    money_result m;
    m.currency = cur_;
    m.rounding = std::string(rounding_word(c_.rounding)) + " to " + money_text(c_.rounding_unit, cur_);
    for (auto& pen : c_.penalties) {
      switch (pen.type) {
        case penalty::kind::tiered: tiered(pen, m); break;
        case penalty::kind::per_breach: per_breach(pen, m); break;
        case penalty::kind::late: late(pen, m); break;
        case penalty::kind::overdue: overdue(pen, m); break;
      }
    }
    if (refused) apply_line_decisions(h_, p_.label(), m, *refused);
    apply_caps(m, earlier);
    return m;
  }

 private:
  /// The credit of one tier or breach for a subject, exactly, and how it was found.
  /// `term` receives the credit as numbers (its count left at 1).
  exact_money credit_for(const credit& cr, const service* s, std::vector<std::string>& inputs, std::string& base,
                         penalty_term& term) {
    switch (cr.base) {
      case credit::kind::fixed:
        base = money_text(cr.amount, cur_) + " " + cur_;
        term = {"credit", cr.amount, std::nullopt, 1};
        return exact_money::of(cr.amount);
      case credit::kind::percent_of_fee:
        inputs.push_back("monthly fee " + money_text(c_.monthly_fee, cur_) + " " + cur_);
        base = money_text(c_.monthly_fee, cur_) + " × " + pct_text(cr.pct);
        term = {"monthly fee", c_.monthly_fee, cr.pct, 1};
        return exact_money::of(c_.monthly_fee).percent(cr.pct);
      case credit::kind::percent_of_share: {
        minor_units share = s && s->fee_share ? *s->fee_share : 0;
        std::string what = "fee share of " + (s ? s->id : std::string("?"));
        inputs.push_back(what + " " + money_text(share, cur_) + " " + cur_);
        base = money_text(share, cur_) + " × " + pct_text(cr.pct);
        term = {what, share, cr.pct, 1};
        return exact_money::of(share).percent(cr.pct);
      }
    }
    return {};
  }

  std::string credit_rule(const credit& cr) const {
    if (cr.base == credit::kind::fixed) return money_text(cr.amount, cur_) + " " + cur_;
    return pct_text(cr.pct) + (cr.base == credit::kind::percent_of_fee ? " of fee" : " of share");
  }

  std::string tier_rule(const tier& t, bool counts) const {
    if (counts) {
      std::string range = t.low->str() + (t.high ? (*t.high == *t.low ? "" : ".." + t.high->str()) : "..");
      return "count " + range + " credit " + credit_rule(t.amount);
    }
    if (!t.low) return "below " + pct_text(*t.high) + " credit " + credit_rule(t.amount);
    return "between " + pct_text(*t.low) + " and " + pct_text(*t.high) + " credit " + credit_rule(t.amount);
  }

  void add_line(money_result& m, const penalty& pen, std::string subject, std::string rule,
                std::vector<std::string> inputs, std::string formula, exact_money value,
                std::vector<penalty_term> terms, penalty_facts facts) {
    penalty_line l;
    l.terms = std::move(terms);
    l.facts = std::move(facts);
    l.facts.source = &pen;
    l.penalty = pen.name;
    l.subject = std::move(subject);
    l.payer = pen.payer;
    l.where = pen.where;
    l.rule = std::move(rule);
    l.inputs = std::move(inputs);
    l.exact = exact_text(value, cur_);
    l.rounded = round_money(value, c_.rounding, c_.rounding_unit);
    l.formula = std::move(formula) + " = " + l.exact + (l.exact == money_text(l.rounded, cur_)
                                                           ? ""
                                                           : " → " + money_text(l.rounded, cur_) + " (rounded " +
                                                                 rounding_word(c_.rounding) + ")");
    l.amount = l.rounded;
    m.lines.push_back(std::move(l));
  }

  void tiered(const penalty& pen, money_result& m) {
    bool counts = count_metric(pen.on);
    auto apply = [&](const service* s, std::int64_t num, std::int64_t den, std::string measured, std::string subject,
                     std::string measured_formula, std::vector<std::string> records) {
      std::vector<const tier*> hit;
      for (auto& t : pen.tiers) {
        bool in;
        if (counts) {
          in = num >= t.low->units && (!t.high || num <= t.high->units);
        } else {
          in = below(num, den, *t.high) && (!t.low || !below(num, den, *t.low));
        }
        if (in) hit.push_back(&t);
      }
      if (hit.empty()) return;
      if (!pen.cumulative) hit = {hit.back()};  // the single most severe (stored last)
      std::vector<std::string> inputs{measured};
      std::string rule, formula;
      exact_money total;
      std::vector<penalty_term> terms;
      for (auto* t : hit) {
        std::string base;
        exact_money v = credit_for(t->amount, s, inputs, base, terms.emplace_back());
        total = total.plus(v);
        rule += (rule.empty() ? "" : "; ") + tier_rule(*t, counts);
        formula += (formula.empty() ? "" : " + ") + base;
      }
      if (pen.cumulative && hit.size() > 1) rule = "cumulative: " + rule;
      penalty_facts facts;
      facts.on = s;
      facts.tiers = hit;
      facts.numerator = num;
      facts.denominator = den;
      facts.measured_formula = std::move(measured_formula);
      facts.records = std::move(records);
      add_line(m, pen, subject, rule, inputs, formula, total, std::move(terms), std::move(facts));
    };
    if (pen.on == metric::availability || pen.on == metric::transactions) {
      for (auto& s : c_.services) {
        if (pen.service && *pen.service != s.id) continue;
        if (pen.on == metric::availability) {
          for (auto& a : r_.availability)
            if (a.service == s.id && a.denominator > 0 && a.target_pct)
              apply(&s, a.numerator, a.denominator,
                    "availability of " + s.id + " " + percent_text(a.numerator, a.denominator) + "% (" + a.formula + ")",
                    s.id, a.formula, {});
        } else {
          for (auto& t : r_.rates)
            if (t.metric == "transactions" && t.service == s.id && t.denominator > 0)
              apply(&s, t.numerator, t.denominator,
                    "transaction success of " + s.id + " " + percent_text(t.numerator, t.denominator) + "%", s.id,
                    t.formula, {});
        }
      }
      return;
    }
    if (!counts) {
      for (auto& t : r_.rates)
        if (t.metric == (pen.on == metric::early_detection ? "early_detection" : "accuracy") && t.denominator > 0)
          apply(nullptr, t.numerator, t.denominator, std::string(metric_word(pen.on)) + " " +
                percent_text(t.numerator, t.denominator) + "% (" + t.formula + ")", "monitoring", t.formula, {});
      return;
    }
    auto records = breaches(pen.on == metric::respond_breaches   ? breach_target::respond
                            : pen.on == metric::restore_breaches ? breach_target::restore
                            : pen.on == metric::ticket_breaches  ? breach_target::ticket_respond
                                                                 : breach_target::escalation,
                            pen.service);
    auto n = static_cast<std::int64_t>(records.size());
    apply(nullptr, n, 1,
          std::string(metric_word(pen.on)) + " in " + p_.label() + ": " + std::to_string(n) +
              (records.empty() ? "" : " (" + listed(records) + ")"),
          pen.service.value_or("all services"), "", records);
  }

  /// Breaches of a target that show in this period (open or closed): the records, in order.
  std::vector<std::string> breaches(breach_target t, const std::optional<std::string>& service) const {
    std::vector<std::string> n;
    auto in_service = [&](std::string_view incident) {
      if (!service) return true;
      if (incident_service_.empty())  // built on first need: most contracts never ask
        for (auto& i : h_.incidents) incident_service_[i.id] = i.service;
      auto it = incident_service_.find(incident);
      return it != incident_service_.end() && it->second == *service;
    };
    switch (t) {
      case breach_target::respond:
      case breach_target::restore:
        for (auto& c : r_.clocks)
          if (c.kind == target_word(t) && c.outcome == verdict::breached && in_service(c.incident)) n.emplace_back(c.incident);
        break;
      case breach_target::ticket_respond:
        for (auto& c : r_.tickets)
          if (c.outcome == verdict::breached) n.emplace_back(c.incident);
        break;
      case breach_target::escalation:
        for (auto& e : r_.escalations)
          if (e.outcome == verdict::breached && in_service(e.incident))
            n.push_back(std::string(e.incident).append(" step ").append(std::to_string(e.after_s / 60)).append("min"));
        break;
    }
    return n;
  }

  static std::string listed(const std::vector<std::string>& v) {
    std::string s;
    for (auto& x : v) s += (s.empty() ? "" : ", ") + x;
    return s;
  }

  void per_breach(const penalty& pen, money_result& m) {
    auto records = breaches(pen.target, pen.service);
    auto n = static_cast<std::int64_t>(records.size());
    if (n == 0) return;
    std::vector<std::string> inputs{std::string(target_word(pen.target)) + " breaches in " + p_.label() + ": " +
                                    std::to_string(n) + " (" + listed(records) + ")"};
    std::string base;
    penalty_term term;
    exact_money one = credit_for(pen.amount, nullptr, inputs, base, term);
    term.count = n;
    penalty_facts facts;
    facts.records = records;
    add_line(m, pen, pen.service.value_or("all services"),
             "per breach of " + std::string(target_word(pen.target)) + " " + credit_rule(pen.amount), inputs,
             std::to_string(n) + " × " + base, one.times(n), {term}, std::move(facts));
  }

  void late(const penalty& pen, money_result& m) {
    const char* kind = pen.target == breach_target::restore ? "restore" : "respond";
    bool tickets = pen.target == breach_target::ticket_respond;
    for (auto& c : r_.stopped_late) {
      if ((c.at.file == "tickets.csv") != tickets || c.kind != kind || c.outcome == verdict::waived) continue;
      std::int64_t lateness = c.elapsed_s - c.target_s;
      std::int64_t units = pen.per_started_unit ? (lateness + pen.unit_s - 1) / pen.unit_s : lateness / pen.unit_s;
      if (units == 0) continue;
      std::vector<std::string> inputs{
          std::string(tickets ? "ticket " : "incident ").append(c.incident) + ": " + kind + " took " + std::to_string(c.elapsed_s) +
          " s against " + std::to_string(c.target_s) + " s: " + std::to_string(lateness) + " s late"};
      if (c.note_flags & note_decided) inputs.push_back(std::string(c.note));  // credited by a decision
      std::string base;
      penalty_term term;
      exact_money one = credit_for(pen.amount, nullptr, inputs, base, term);
      term.count = units;
      penalty_facts facts;
      facts.record = std::string(c.incident);
      facts.ticket = tickets;
      facts.elapsed_s = c.elapsed_s;
      facts.target_s = c.target_s;
      facts.units = units;
      std::string unit_words = std::string(pen.per_started_unit ? "started" : "full") + " units of " +
                               std::to_string(pen.unit_s) + " s";
      add_line(m, pen, std::string(c.incident),
               "late " + std::string(target_word(pen.target)) + " " + credit_rule(pen.amount) + " per " +
                   (pen.per_started_unit ? "started " : "full ") + std::to_string(pen.unit_s) + " s",
               inputs, std::to_string(units) + " " + unit_words + " × " + base, one.times(units), {term},
               std::move(facts));
    }
  }

  void overdue(const penalty& pen, money_result& m) {
    civil_day first = p_.first_day(), last = p_.end_day() - 1;
    for (auto& pay : h_.payments) {
      // Calendar days after the due date up to and including the payment date (or the
      // period's last day while unpaid); a period charges only its own days.
      civil_day from = std::max<civil_day>(pay.due + 1, first);
      civil_day to = std::min<civil_day>(pay.paid.value_or(last), last);
      std::int64_t days = to >= from ? to - from + 1 : 0;
      if (days == 0) continue;
      std::vector<std::string> inputs{
          "invoice " + pay.invoice + ": " + money_text(pay.amount, cur_) + " " + cur_ + " due " + day_text(pay.due) +
              (pay.paid ? ", paid " + day_text(*pay.paid) : ", unpaid"),
          "days late in " + p_.label() + ": " + day_text(from) + " to " + day_text(to) + " = " + std::to_string(days)};
      exact_money v = exact_money::of(pay.amount).percent(pen.daily_rate_pct).times(days);
      penalty_facts facts;
      facts.record = pay.invoice;
      facts.overdue = pay.amount;
      facts.due = pay.due;
      facts.paid = pay.paid;
      facts.from = from;
      facts.to = to;
      facts.days = days;
      add_line(m, pen, pay.invoice, pct_text(pen.daily_rate_pct) + " of overdue per day", inputs,
               money_text(pay.amount, cur_) + " × " + pct_text(pen.daily_rate_pct) + " × " + std::to_string(days), v,
               {{"invoice " + pay.invoice, pay.amount, pen.daily_rate_pct, days}}, std::move(facts));
    }
  }

  void apply_caps(money_result& m, const earlier_credits& earlier) {
    for (auto& month : earlier_months_of_contract_year(c_, p_)) m.earlier_months.push_back(month.label());
    // The contract year's first month has no earlier months; otherwise someone must say what
    // they were (docs/rules.md, Money: a yearly cap needs earlier months' totals).
    m.earlier_from = m.earlier_months.empty() ? earlier_source::none : earlier.from;
    minor_units earlier_year_credits = m.earlier_from == earlier_source::none ? 0 : earlier.amount;
    std::optional<minor_units> month_left, year_left;
    for (auto& cp : c_.caps) {
      exact_money limit = cp.limit.base == credit::kind::fixed ? exact_money::of(cp.limit.amount)
                                                               : exact_money::of(c_.monthly_fee).percent(cp.limit.pct);
      // A cap is never rounded up: at most its exact value.
      minor_units v = round_money(limit, rounding_mode::down, 1);
      std::string what = cp.limit.base == credit::kind::fixed ? money_text(v, cur_) + " " + cur_
                                                              : pct_text(cp.limit.pct) + " of fee = " + money_text(v, cur_) + " " + cur_;
      if (cp.per == period_unit::month) {
        month_left = v;
        m.monthly_cap = v;
        m.caps.push_back("monthly cap " + what);
      } else if (m.earlier_from == earlier_source::unknown) {
        // Not applied: what is left of it depends on months nobody has told us about.
        m.yearly_cap_unapplied = true;
        m.caps.push_back("yearly cap " + what + ": not applied, the earlier months of the contract year (" +
                         m.earlier_months.front() + " to " + m.earlier_months.back() + ") are unknown");
      } else {
        year_left = std::max<minor_units>(0, v - earlier_year_credits);
        m.yearly_cap = v;
        m.earlier_year_credits = earlier_year_credits;
        const char* source = m.earlier_from == earlier_source::none     ? " (the contract year's first month)"
                             : m.earlier_from == earlier_source::ledger ? " (from the ledger)"
                                                                        : " (as stated by the user)";
        m.caps.push_back("yearly cap " + what + "; earlier months of the contract year " +
                         money_text(earlier_year_credits, cur_) + " " + cur_ + source + ", leaving " +
                         money_text(*year_left, cur_) + " " + cur_);
      }
    }
    // Lines in the contract's order until a cap is reached: the one that crosses it is cut to
    // the remainder, later ones to zero. Money the customer owes is never capped or netted.
    for (auto& l : m.lines) {
      // A decision on the line sets what the caps start from.
      minor_units owed = l.before_caps();
      if (l.payer == party_role::customer) {
        l.amount = owed;
        m.customer_total += l.amount;
        continue;
      }
      m.provider_before_caps += owed;
      minor_units allowed = owed;
      if (month_left) allowed = std::min(allowed, *month_left);
      if (year_left) allowed = std::min(allowed, *year_left);
      if (allowed < owed) {
        l.cap_cut = owed - allowed;
        bool by_year = year_left && (!month_left || *year_left < *month_left);
        l.facts.cut_by = by_year ? period_unit::year : period_unit::month;
        l.cap_note = std::string(by_year ? "yearly" : "monthly") + " cap: cut by " + money_text(l.cap_cut, cur_) +
                     " " + cur_ + " to " + money_text(allowed, cur_);
      }
      l.amount = allowed;
      if (month_left) *month_left -= allowed;
      if (year_left) *year_left -= allowed;
      m.provider_total += l.amount;
    }
  }

  const contract& c_;
  const period_result& r_;
  const history& h_;
  const period& p_;
  std::string cur_;
  mutable std::unordered_map<std::string_view, std::string_view> incident_service_;
};

}  // namespace

money_result assess_penalties(const contract& c, const period_result& r, const history& h, const period& p,
                              const earlier_credits& earlier, std::vector<refused_decision>* refused) {
  return assessor(c, r, h, p).run(earlier, refused);
}

}  // namespace slaudit::engine
