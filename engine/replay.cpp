#include "engine/replay.hpp"

#include <algorithm>
#include <map>

#include "engine/calendar_time.hpp"

namespace slaudit::engine {
namespace {

constexpr std::int64_t day_s = 86400;
/// How far past the period a clock's coverage is built, to find when a target runs out.
constexpr std::int64_t clock_reach_s = 60 * day_s;

const calendar* calendar_named(const contract& c, const std::optional<std::string>& name) {
  if (!name) return nullptr;
  for (auto& cal : c.calendars)
    if (cal.name == *name) return &cal;
  return nullptr;  // the validator guarantees every name resolves
}

const service_level* level_of(const contract& c, const service& s) {
  for (auto& l : c.levels)
    if (l.id == s.level) return &l;
  return nullptr;
}

interval term_bounds(const contract& c, const zone& z) {
  return {z.first_at_or_after(local_midnight(c.term_first)), z.first_at_or_after(local_midnight(c.term_last + 1))};
}

interval meet(interval a, interval b) { return {std::max(a.from, b.from), std::min(a.to, b.to)}; }

template <typename T>
bool has(const std::vector<T>& v, T x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

const char* cause_word(cause x) {
  switch (x) {
    case cause::provider: return "provider";
    case cause::third_party: return "third party";
    case cause::customer: return "customer";
    case cause::force_majeure: return "force majeure";
  }
  return "";
}

std::string duration_text(std::int64_t s) {
  std::string out;
  if (s >= day_s) out += std::to_string(s / day_s) + "d ", s %= day_s;
  if (s >= 3600 || !out.empty()) out += std::to_string(s / 3600) + "h ", s %= 3600;
  out += std::to_string(s / 60) + "min";
  if (s % 60) out += " " + std::to_string(s % 60) + "s";
  return out;
}

/// The standing maintenance windows as UTC intervals around `span`.
interval_set windows_around(const maintenance_rules& m, const zone& z, interval span) {
  std::vector<interval> out;
  civil_day first = static_cast<civil_day>((span.from - 2 * day_s) / day_s);
  civil_day last = static_cast<civil_day>((span.to + 2 * day_s) / day_s);
  for (auto& w : m.windows)
    for (civil_day d = first; d <= last; ++d) {
      if (!w.days[weekday_of(d)]) continue;
      auto utc = z.local_range(local_midnight(d) + w.span.from_s, local_midnight(d) + w.span.to_s);
      out.insert(out.end(), utc.intervals().begin(), utc.intervals().end());
    }
  return interval_set(std::move(out)).clip(span);
}

/// Whether maintenance outside a standing window is planned (SLA 2.1(3)), and why.
std::pair<bool, std::string> planned_outside_windows(const contract& c, const maintenance_record& m) {
  const auto& rules = c.maintenance;
  if (m.emergency) {
    switch (rules.emergency) {
      case emergency_rule::allowed: return {true, "emergency (the contract allows emergencies)"};
      case emergency_rule::not_allowed: return {false, "emergency maintenance is not allowed by the contract"};
      case emergency_rule::needs_approval:
        return m.approved ? std::pair{true, std::string("approved emergency")}
                          : std::pair{false, std::string("emergency not approved by the customer")};
    }
  }
  if (!m.notified) return {false, "maintenance without notice"};
  std::int64_t ahead = m.start - *m.notified;
  if (ahead < rules.notice_s)
    return {false, "notified " + duration_text(std::max<std::int64_t>(ahead, 0)) + " ahead; " +
                       duration_text(rules.notice_s) + " required"};
  if (!m.approved) return {false, "not approved by the customer"};
  return {true, "notified " + duration_text(ahead) + " ahead and approved"};
}

}  // namespace

const char* verdict_word(verdict v) {
  switch (v) {
    case verdict::met: return "met";
    case verdict::breached: return "breached";
    case verdict::not_measurable: return "not measurable";
    case verdict::pending: return "pending";
  }
  return "";
}

std::string percent_text(std::int64_t numerator, std::int64_t denominator) {
  if (denominator <= 0) return "";
  __int128 x = static_cast<__int128>(numerator) * 1000000 / denominator;  // percent × 10^4, floored
  auto v = static_cast<std::int64_t>(x);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%lld.%04lld", static_cast<long long>(v / 10000), static_cast<long long>(v % 10000));
  return buf;
}

availability_result replay_availability(const contract& c, const service& s, const zone& z, interval period,
                                        const history& h) {
  availability_result r;
  r.service = s.id;
  interval P = meet(period, term_bounds(c, z));
  const service_level* lvl = level_of(c, s);
  const calendar* cal = lvl ? calendar_named(c, lvl->hours.calendar) : nullptr;

  // S: coverage in the period and the term, less extended service the customer asked for.
  std::vector<interval> extended;
  for (auto& e : h.extensions)
    if (e.service == s.id) extended.push_back({e.start, e.end});
  interval_set S = coverage_time(cal, z, P).subtract(interval_set(extended));
  r.S = S.measure();

  // Maintenance: planned inside a standing window, or with notice and approval, or an
  // allowed emergency; every other part is unplanned downtime (domain.md).
  std::vector<interval> planned;
  for (auto& m : h.maintenance) {
    if (m.service != s.id) continue;
    interval span = meet({m.start, m.end}, P);
    if (span.length() == 0) continue;
    interval_set in_window = windows_around(c.maintenance, z, span);
    interval_set rest = interval_set({span}).subtract(in_window);
    for (auto& w : in_window.intervals()) {
      planned.push_back(w);
      r.maintenance.push_back({m.id, w, 0, "inside a standing maintenance window", m.at});
    }
    if (rest.empty()) continue;
    auto [ok, why] = planned_outside_windows(c, m);
    for (auto& part : rest.intervals()) {
      if (ok) planned.push_back(part);
      (ok ? r.maintenance : r.unplanned_maintenance).push_back({m.id, part, 0, why, m.at});
    }
  }
  interval_set M = interval_set(planned).intersect(S);
  r.M = M.measure();

  // Outages: full outages whose cause and impact count, overlapping ones once.
  struct outage {
    std::string id;
    interval span;
    std::string reason;
    source_row at;
    std::optional<std::size_t> unplanned;  ///< index into r.unplanned_maintenance
  };
  std::vector<outage> outages;
  for (auto& i : h.incidents) {
    if (i.service != s.id) continue;
    if (has(c.excluded.impacts_availability, i.effect)) {
      r.excluded.push_back({i.id, i.effect == impact::degraded
                                       ? "partial degradation does not count against availability (SLA 2.2 note a)"
                                       : "a single-terminal fault does not count against availability (SLA 2.2 note a)",
                            i.at});
      continue;
    }
    if (has(c.excluded.causes_availability, i.origin)) {
      r.excluded.push_back({i.id, std::string("cause: ") + cause_word(i.origin) + " (excluded by the contract)", i.at});
      continue;
    }
    std::optional<instant> end = i.restored ? i.restored : i.closed;
    std::string reason = "outage";
    if (!i.restored && i.closed) reason = "outage; no restore time, counted to its close time";
    if (!end) {
      end = period.to;
      reason = "outage still open at period end: counted to it";
    }
    interval span = meet({i.occurred, *end}, P);
    if (span.length() == 0) continue;
    if (!i.restored && !i.closed && i.occurred < period.to) r.open_incidents.push_back(i.id);
    outages.push_back({i.id, span, reason, i.at, std::nullopt});
  }
  for (std::size_t k = 0; k < r.unplanned_maintenance.size(); ++k)
    outages.push_back({"", r.unplanned_maintenance[k].span, "", {}, k});
  std::stable_sort(outages.begin(), outages.end(), [](auto& a, auto& b) { return a.span.from < b.span.from; });
  // In start order, each interval is credited with the seconds no earlier one counted.
  interval_set counted;
  for (auto& o : outages) {
    interval_set part = interval_set({o.span}).intersect(S).subtract(M).subtract(counted);
    std::int64_t seconds = part.measure();
    counted = counted.unite(part);
    if (o.unplanned) r.unplanned_maintenance[*o.unplanned].counted_s = seconds;
    else r.downtime.push_back({o.id, o.span, seconds, o.reason, o.at});
  }
  r.U = counted.measure();

  r.target_pct = s.availability_pct;
  r.target_where = s.availability_where;
  r.max_downtime_s = s.max_downtime_s;
  r.max_downtime_where = s.max_downtime_where;
  r.numerator = r.S - r.M - r.U;
  r.denominator = r.S - r.M;
  if (r.denominator <= 0) {
    r.formula = "S − M = " + std::to_string(r.S) + " − " + std::to_string(r.M) + " = 0: not measurable";
    return r;  // S − M = 0: no verdict, no penalty (domain.md)
  }
  r.formula = "(S − U − M) / (S − M) = (" + std::to_string(r.S) + " − " + std::to_string(r.U) + " − " +
              std::to_string(r.M) + ") / (" + std::to_string(r.S) + " − " + std::to_string(r.M) + ") = " +
              std::to_string(r.numerator) + " / " + std::to_string(r.denominator) + " = " +
              percent_text(r.numerator, r.denominator) + "%";
  if (r.target_pct) {
    // Exact: availability ≥ p% ⟺ 100·10^k·(S−M−U) ≥ p·10^k·(S−M).
    __int128 scale = 1;
    for (int k = 0; k < r.target_pct->scale; ++k) scale *= 10;
    bool met = static_cast<__int128>(r.numerator) * 100 * scale >= static_cast<__int128>(r.target_pct->units) * r.denominator;
    r.on_target = met ? verdict::met : verdict::breached;
  }
  if (r.max_downtime_s) r.on_max_downtime = r.U <= *r.max_downtime_s ? verdict::met : verdict::breached;
  return r;
}

std::vector<clock_result> replay_clocks(const contract& c, const zone& z, interval period, const history& h,
                                        std::vector<finding>& findings) {
  std::vector<clock_result> out;
  // Coverage per calendar, built once for the period and enough either side.
  interval reach{period.from - clock_reach_s, period.to + clock_reach_s};
  std::map<std::string, interval_set> coverage;
  auto coverage_of = [&](const std::optional<std::string>& cal) -> const interval_set& {
    std::string key = cal.value_or("7x24");
    auto it = coverage.find(key);
    if (it == coverage.end()) it = coverage.emplace(key, coverage_time(calendar_named(c, cal), z, reach)).first;
    return it->second;
  };
  std::map<std::string, std::vector<const pause*>> pauses;
  for (auto& p : h.pauses) {
    if (has(c.pause_states, p.state)) pauses[p.incident].push_back(&p);
    else
      findings.push_back({p.at, "state", "state '" + p.state + "' does not pause clocks under this contract; not paused"});
  }
  std::map<int, const severity*> severities;
  for (auto& s : c.severities) severities[s.id] = &s;
  std::map<std::string, const service*> services;
  for (auto& s : c.services) services[s.id] = &s;

  for (auto& i : h.incidents) {
    auto sev = severities.find(i.severity);
    auto svc = services.find(i.service);
    if (sev == severities.end() || svc == services.end()) continue;
    const service_level* lvl = level_of(c, *svc->second);
    for (const char* kind : {"respond", "restore"}) {
      bool respond = std::string_view(kind) == "respond";
      const auto& target = respond ? sev->second->respond : sev->second->restore;
      if (!target) continue;
      std::optional<std::string> cal = target->on ? target->on->calendar : (lvl ? lvl->hours.calendar : std::nullopt);
      std::optional<instant> stop = respond ? i.responded : i.restored;
      clock_result r{i.id, i.service, kind, i.severity, target->within_s, target->where, cal.value_or("7x24"),
                     i.occurred, stop, 0, 0, std::nullopt, verdict::met, "", i.at};
      const interval_set& cov = coverage_of(cal);
      // Pauses in the contract's states; an open one lasts until the incident is restored.
      std::vector<interval> paused;
      for (auto* p : pauses[i.id]) paused.push_back({p->start, p->end ? *p->end : i.restored.value_or(reach.to)});
      interval_set running = cov.subtract(interval_set(paused));
      r.due = running.advance(i.occurred, target->within_s);
      // A clock belongs to the period its incident occurred in; one still pending at the end
      // of that period is judged when it stops, as carried over.
      bool occurred_here = i.occurred >= period.from && i.occurred < period.to;
      bool carried = i.occurred < period.from && stop && *stop >= period.from && *stop < period.to &&
                     (!r.due || *r.due >= period.from);
      if (!occurred_here && !carried) continue;
      if (carried) r.note = "carried over from the period it occurred in";
      if (has(c.excluded.causes_clocks, i.origin) || has(c.excluded.impacts_clocks, i.effect)) {
        r.outcome = verdict::not_measurable;
        r.note = std::string("excluded from clocks by the contract (cause: ") + cause_word(i.origin) + ")";
        out.push_back(std::move(r));
        continue;
      }
      instant until = stop ? *stop : period.to;
      r.elapsed_s = running.measure_within({i.occurred, until});
      r.paused_s = cov.measure_within({i.occurred, until}) - r.elapsed_s;
      if (stop) {
        r.outcome = r.elapsed_s <= target->within_s ? verdict::met : verdict::breached;
      } else if (i.closed || (respond && i.restored)) {
        // A closed record without the time: a finding, and a breach unless the contract says otherwise.
        r.outcome = c.missing_time_is_breach ? verdict::breached : verdict::not_measurable;
        r.note = std::string("no ") + (respond ? "response" : "restore") + " time on a closed record" +
                 (c.missing_time_is_breach ? ": counted as a breach" : ": not judged (missing_time no_breach)");
        r.elapsed_s = 0;
        findings.push_back({i.at, respond ? "responded" : "restored", "incident " + i.id + ": " + r.note});
      } else {
        r.outcome = r.elapsed_s > target->within_s ? verdict::breached : verdict::pending;
        r.note = r.outcome == verdict::pending ? "still running at period end; judged when it stops"
                                               : "still running at period end, already past its target";
      }
      out.push_back(std::move(r));
    }
  }
  return out;
}

period_result replay(const contract& c, const zone& z, const period& p, const history& h) {
  period_result r;
  r.contract_id = c.id;
  r.contract_path = c.source_path;
  r.period = p.label();
  r.timezone = z.name();
  r.bounds = period_bounds(p, z);
  r.findings = h.findings;
  r.inputs = h.files;
  for (auto& s : c.services) r.availability.push_back(replay_availability(c, s, z, r.bounds, h));
  r.clocks = replay_clocks(c, z, r.bounds, h, r.findings);
  return r;
}

}  // namespace slaudit::engine
