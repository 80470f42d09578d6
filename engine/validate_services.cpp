// Services with their coverage and targets, the ticket rules, the monitoring targets.
#include "engine/validator.hpp"

namespace slaudit::engine::validation {

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

}  // namespace slaudit::engine::validation
