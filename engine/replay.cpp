#include "engine/replay.hpp"

#include <algorithm>
#include <array>
#include <limits>
#include <deque>
#include <map>
#include <span>
#include <string_view>
#include <unordered_map>

#include "engine/calendar_time.hpp"
#include "engine/decisions.hpp"
#include "engine/model_text.hpp"
#include "engine/penalties.hpp"
#include "engine/pro_rata.hpp"

namespace slaudit::engine {
namespace {

constexpr std::int64_t day_s = 86400;
/// How far past the period a clock's coverage is built, to find when a target runs out.
constexpr std::int64_t clock_reach_s = 60 * day_s;
const std::optional<std::string> no_calendar;  ///< coverage 7x24

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

interval meet(interval a, interval b) { return {std::max(a.from, b.from), std::min(a.to, b.to)}; }

template <typename T>
bool has(const std::vector<T>& v, T x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

/// The name a clock's coverage is shown by: the calendar's, or 7x24. Views the contract.
std::string_view coverage_name(const std::optional<std::string>& cal) {
  return cal ? std::string_view(*cal) : std::string_view("7x24");
}

/// Each incident's records of one kind (pauses, notifications), in incident order, each
/// incident's in file order: (incident, record) pairs. A record's incident is its `owner`
/// where ingestion linked it and the owner's id is the record's, else the incident of its
/// id; records of no incident are left out. Records come linked and in incident order from
/// ingestion, so this is one pass that reads the incidents in order.
template <typename Record>
std::vector<std::pair<std::uint32_t, std::uint32_t>> by_incident(const history& h, const std::vector<Record>& records) {
  std::vector<std::pair<std::uint32_t, std::uint32_t>> owned;
  owned.reserve(records.size());
  std::unordered_map<std::string_view, std::uint32_t> ids;  // only for records not linked right
  auto by_id = [&](std::string_view id) {
    if (ids.empty())
      for (std::uint32_t k = 0; k < h.incidents.size(); ++k) ids.emplace(h.incidents[k].id, k);
    auto it = ids.find(id);
    return it == ids.end() ? unlinked : it->second;
  };
  bool in_order = true;
  // The owners' ids fetched ahead (a few records per hundred incidents: each a cache miss):
  // the incident 16 records ahead, the text of its id (which it points to) 8 ahead.
  constexpr std::size_t ahead = 8;
  auto owner_of = [&](std::size_t x) -> const incident* {
    return x < records.size() && records[x].owner < h.incidents.size() ? &h.incidents[records[x].owner] : nullptr;
  };
  for (std::uint32_t x = 0; x < records.size(); ++x) {
    if (auto* far = owner_of(x + 2 * ahead)) __builtin_prefetch(far);
    if (auto* near = owner_of(x + ahead)) __builtin_prefetch(near->id.data());
    const Record& r = records[x];
    std::uint32_t o = r.owner;
    if (o == unlinked || o >= h.incidents.size() || !same_text(h.incidents[o].id, r.incident)) o = by_id(r.incident);
    if (o == unlinked) continue;
    if (!owned.empty() && o < owned.back().first) in_order = false;
    owned.push_back({o, x});
  }
  if (!in_order)
    std::stable_sort(owned.begin(), owned.end(), [](auto& a, auto& b) { return a.first < b.first; });
  return owned;
}

/// Sorts and merges `v[from, end)` in place as interval_set does (overlapping or touching
/// intervals merged, empty ones dropped), and shortens `v` to the result.
void merge_tail(std::vector<interval>& v, std::size_t from) {
  std::sort(v.begin() + from, v.end(), [](auto& a, auto& b) { return a.from < b.from; });
  std::size_t out = from;
  for (std::size_t k = from; k < v.size(); ++k) {
    interval i = v[k];
    if (i.to <= i.from) continue;
    if (out > from && i.from <= v[out - 1].to) v[out - 1].to = std::max(v[out - 1].to, i.to);
    else v[out++] = i;
  }
  v.resize(out);
}

}  // namespace

replay_index::replay_index(const contract& c, const zone& z, interval period, const history& h)
    : contract_(c), zone_(z), reach_{period.from - clock_reach_s, period.to + clock_reach_s} {
  // Each role an escalation step names, by its first text in the contract: notifications
  // and steps both name roles by it, and compare addresses.
  std::unordered_map<std::string_view, const std::string*> roles;
  if (c.escalation_rules)
    for (auto& [handling, steps] : c.escalation_rules->steps) {
      auto& named = step_roles_[&steps];
      for (auto& step : steps) {
        auto& these = named.emplace_back();
        for (auto& role : step.roles) these.push_back(roles.emplace(role, &role).first->second);
      }
    }
  // Coverage per calendar the terms use, built once for the period and enough either side.
  auto coverage_for = [&](const std::optional<std::string>& cal) -> const interval_set& {
    for (auto& [name, set] : coverage_)
      if (name == cal) return set;
    // A deque keeps earlier sets where they are while later ones are added.
    interval_set& set = coverage_.emplace_back(cal, coverage_time(calendar_named(c, cal), z, reach_)).second;
    set.build_lookup();  // each clock looks its start up in it
    return set;
  };
  auto clock = [&](const std::optional<clock_target>& target, const std::optional<std::string>& level_calendar) {
    clock_terms t;
    if (!target) return t;
    t.target = &*target;
    const std::optional<std::string>& calendar = target->on ? target->on->calendar : level_calendar;
    t.coverage = &coverage_for(calendar);
    t.coverage_name = coverage_name(calendar);
    return t;
  };
  // Terms per service and severity, service-major.
  terms_.reserve(c.services.size() * c.severities.size());
  for (auto& s : c.services) {
    const service_level* lvl = level_of(c, s);
    const std::optional<std::string>& level_calendar = lvl ? lvl->hours.calendar : no_calendar;
    for (auto& v : c.severities) {
      incident_terms& t = terms_.emplace_back();
      t.svc = &s;
      t.respond = clock(v.respond, level_calendar);
      t.restore = clock(v.restore, level_calendar);
      if (!c.escalation_rules) continue;
      const auto& rules = *c.escalation_rules;
      auto row = rules.matrix.find(v.id);
      if (row == rules.matrix.end()) continue;
      auto cell = row->second.find(s.level);
      if (cell == row->second.end()) continue;
      auto steps = rules.steps.find(cell->second);
      if (steps == rules.steps.end()) continue;
      t.handling = cell->second;
      t.steps = &steps->second;
      t.step_roles = &step_roles_[&steps->second];
      t.escalation_coverage = &coverage_for(v.restore && v.restore->on ? v.restore->on->calendar : level_calendar);
    }
  }
  ticket_ = clock(c.tickets.respond, no_calendar);

  for (auto& s : c.services) service_ids_.push_back(s.id);
  for (auto& v : c.severities) severity_ids_.push_back(v.id);
  // Pauses in the contract's pause states, as merged intervals per incident.
  if (!h.pauses.empty()) {
    auto owned = by_incident(h, h.pauses);
    for (std::size_t x = 0; x < owned.size();) {
      std::uint32_t k = owned[x].first;
      auto begin = static_cast<std::uint32_t>(paused_.size());
      const incident& i = h.incidents[k];
      for (; x < owned.size() && owned[x].first == k; ++x) {
        const pause& p = h.pauses[owned[x].second];
        if (has(c.pause_states, p.state)) paused_.push_back({p.start, p.end ? *p.end : i.restored.value_or(reach_.to)});
      }
      merge_tail(paused_, begin);
      if (paused_.size() > begin) paused_runs_.push_back({k, begin});
    }
    paused_runs_.push_back({none, static_cast<std::uint32_t>(paused_.size())});
  }
  // Notifications, each role matched once to the contract's text of it: the steps then
  // compare addresses, not texts, and do not go back to the notification.
  if (c.escalation_rules && !h.notifications.empty()) {
    // A contract names a handful of roles: compared one by one, not hashed.
    std::vector<std::pair<std::string_view, const std::string*>> role_list(roles.begin(), roles.end());
    auto role_named = [&](std::string_view role) -> const std::string* {
      if (role_list.size() > 16) {
        auto it = roles.find(role);
        return it == roles.end() ? nullptr : it->second;
      }
      for (auto& [text, named] : role_list)
        if (same_text(text, role)) return named;
      return nullptr;
    };
    auto owned = by_incident(h, h.notifications);
    notified_.reserve(owned.size());
    for (std::size_t x = 0; x < owned.size(); ++x) {
      const notification& n = h.notifications[owned[x].second];
      if (x == 0 || owned[x - 1].first != owned[x].first)
        notified_runs_.push_back({owned[x].first, static_cast<std::uint32_t>(notified_.size())});
      notified_.push_back({n.notified, role_named(n.role)});
    }
    notified_runs_.push_back({none, static_cast<std::uint32_t>(notified_.size())});
  }
}

const interval_set& replay_index::wider_coverage(const interval_set& coverage, instant start) const {
  for (auto& w : wider_)
    if (w.of == &coverage && w.from <= start) return w.set;
  const std::optional<std::string>* calendar = nullptr;
  for (auto& [name, set] : coverage_)
    if (&set == &coverage) calendar = &name;
  instant from = start - 2 * day_s;  // a day either side of any zone's offset
  auto& w = wider_.emplace_back(
      wider_set{&coverage, from, coverage_time(calendar_named(contract_, *calendar), zone_, {from, reach_.to})});
  w.set.build_lookup();
  return w.set;
}

namespace {

/// Why a cause left availability, as a fixed text.
std::string_view cause_excluded_text(cause x) {
  switch (x) {
    case cause::provider: return "cause: provider (excluded by the contract)";
    case cause::third_party: return "cause: third party (excluded by the contract)";
    case cause::customer: return "cause: customer (excluded by the contract)";
    case cause::force_majeure: return "cause: force majeure (excluded by the contract)";
  }
  return "";
}

/// Why a clock was not judged, as a fixed text.
std::string_view clock_excluded_text(cause x) {
  switch (x) {
    case cause::provider: return "excluded from clocks by the contract (cause: provider)";
    case cause::third_party: return "excluded from clocks by the contract (cause: third party)";
    case cause::customer: return "excluded from clocks by the contract (cause: customer)";
    case cause::force_majeure: return "excluded from clocks by the contract (cause: force majeure)";
  }
  return "";
}

std::string duration_text(std::int64_t s) {
  std::string out;
  if (s >= day_s) out.append(std::to_string(s / day_s)).append("d "), s %= day_s;
  if (s >= 3600 || !out.empty()) out.append(std::to_string(s / 3600)).append("h "), s %= 3600;
  out.append(std::to_string(s / 60)).append("min");
  if (s % 60) out.append(" ").append(std::to_string(s % 60)).append("s");
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
struct maintenance_judgement {
  bool ok;
  std::string text;
  interval_why why;
  std::int64_t ahead_s = 0, required_s = 0;
};

maintenance_judgement planned_outside_windows(const contract& c, const maintenance_record& m) {
  const auto& rules = c.maintenance;
  if (m.emergency) {
    switch (rules.emergency) {
      case emergency_rule::allowed: return {true, "emergency (the contract allows emergencies)", interval_why::emergency_allowed};
      case emergency_rule::not_allowed:
        return {false, "emergency maintenance is not allowed by the contract", interval_why::emergency_refused};
      case emergency_rule::needs_approval:
        return m.approved ? maintenance_judgement{true, "approved emergency", interval_why::emergency_approved}
                          : maintenance_judgement{false, "emergency not approved by the customer", interval_why::emergency_unapproved};
    }
  }
  if (!m.notified) return {false, "maintenance without notice", interval_why::no_notice};
  std::int64_t ahead = m.start - *m.notified;
  if (ahead < rules.notice_s)
    return {false,
            "notified " + duration_text(std::max<std::int64_t>(ahead, 0)) + " ahead; " + duration_text(rules.notice_s) +
                " required",
            interval_why::short_notice, std::max<std::int64_t>(ahead, 0), rules.notice_s};
  if (!m.approved) return {false, "not approved by the customer", interval_why::unapproved};
  return {true, "notified " + duration_text(ahead) + " ahead and approved", interval_why::noticed_approved, ahead,
          rules.notice_s};
}

}  // namespace

const char* verdict_word(verdict v) {
  switch (v) {
    case verdict::met: return "met";
    case verdict::breached: return "breached";
    case verdict::not_measurable: return "not measurable";
    case verdict::pending: return "pending";
    case verdict::waived: return "waived";
  }
  return "";
}

std::string_view notice_word(escalation_result::notice n) {
  switch (n) {
    case escalation_result::notice::on_time: return "on time";
    case escalation_result::notice::late: return "late";
    case escalation_result::notice::missing: return "missing";
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

namespace {

/// An outage as availability needs it, copied while the incident is read: going back to a
/// million incidents in start order was most of availability's time.
struct outage {
  interval span;
  std::string_view record;  ///< the incident's id; empty for unplanned maintenance
  source_row at;
  const char* reason;
  std::size_t unplanned;    ///< index into availability_result::unplanned_maintenance
  interval_why why;
  bool maintenance;
};

/// An outage's start and its place in the list: what the sort by start moves (16 bytes, not
/// the 80-byte outage).
struct order_key {
  instant from;
  std::uint32_t at;
};

/// What availability needs of one service's incidents, collected in file order by the pass
/// over the incidents: the outages that count, the incidents left out and why, the open ones.
struct service_outages {
  std::vector<outage> outages;
  std::vector<order_key> order;  ///< each outage's start and index, in list order
  std::vector<exclusion> excluded;
  std::vector<std::string_view> open_incidents;
};

/// An incident left out of availability for its impact (SLA 2.2 note a).
exclusion left_out_for_impact(const incident& i, impact e) {
  return {i.id, e == impact::degraded
                    ? std::string_view("partial degradation does not count against availability (SLA 2.2 note a)")
                    : std::string_view("a single-terminal fault does not count against availability (SLA 2.2 note a)"),
          i.at, e, std::nullopt};
}

/// The parts of an incident whose impact changed (`changes`, by time) during which its impact
/// in force counts against availability; none counted → listed as left out for its impact.
void collect_outage_parts(const contract& c, const incident& i, std::span<const incident_change* const> changes,
                          interval span, bool open, service_outages& to) {
  std::optional<impact> left_out;
  std::vector<interval> parts;
  auto part = [&](instant from, instant to_, impact e) {
    interval p = meet({from, to_}, span);
    if (p.length() <= 0) return;
    if (has(c.excluded.impacts_availability, e)) left_out = e;
    else parts.push_back(p);
  };
  impact in_force = i.effect;
  instant from = i.occurred;
  for (auto* x : changes) {
    if (!x->effect) continue;  // a change of severity only
    part(from, x->from, in_force);
    in_force = *x->effect, from = std::max(from, x->from);
  }
  part(from, span.to, in_force);
  if (parts.empty()) {
    if (!left_out) return;
    to.excluded.push_back(left_out_for_impact(i, *left_out));
    return;
  }
  if (has(c.excluded.causes_availability, i.origin)) {
    to.excluded.push_back({i.id, cause_excluded_text(i.origin), i.at, std::nullopt, i.origin});
    return;
  }
  if (open && parts.back().to == span.to) to.open_incidents.push_back(i.id);
  for (auto& p : parts) {
    to.order.push_back({p.from, static_cast<std::uint32_t>(to.outages.size())});
    to.outages.push_back({p, i.id, i.at, "outage while its impact was an outage (its impact changed: changes.csv)", 0,
                          interval_why::outage_while_impact, false});
  }
}

/// Full outages whose cause and impact count go to `to.outages`; the others are listed as
/// left out. `P`: the period within the contract's term. `changes`: the incident's impact
/// changes, by time (changes.csv).
void collect_outage(const contract& c, const incident& i, std::span<const incident_change* const> changes,
                    interval period, interval P, service_outages& to) {
  std::optional<instant> end = i.restored ? i.restored : i.closed;
  const char* reason = "outage";
  interval_why why = interval_why::outage;
  if (!i.restored && i.closed) reason = "outage; no restore time, counted to its close time", why = interval_why::outage_to_close;
  // Restored (or closed) after the period, or not yet: open at the period's end, counted to
  // it; what came after is the next period's.
  bool open = !end || *end >= period.to;
  if (open) {
    end = period.to;
    reason = "outage still open at period end: counted to it";
    why = interval_why::outage_open;
  }
  interval span = meet({i.occurred, *end}, P);
  if (span.length() == 0) return;  // another period's: neither counted nor listed here
  if (std::any_of(changes.begin(), changes.end(), [](auto* x) { return x->effect.has_value(); }))
    return collect_outage_parts(c, i, changes, span, open, to);
  if (has(c.excluded.impacts_availability, i.effect)) {
    to.excluded.push_back(left_out_for_impact(i, i.effect));
    return;
  }
  if (has(c.excluded.causes_availability, i.origin)) {
    to.excluded.push_back({i.id, cause_excluded_text(i.origin), i.at, std::nullopt, i.origin});
    return;
  }
  if (open) to.open_incidents.push_back(i.id);
  to.order.push_back({span.from, static_cast<std::uint32_t>(to.outages.size())});
  to.outages.push_back({span, i.id, i.at, reason, 0, why, false});
}

/// The order of outages by start, ties in list order: `order` holds each outage's start and
/// index, in list order, and comes back sorted. Starts lie in the period, so a stable
/// counting sort on their offset from the earliest (two passes of 11 bits for a month)
/// sorts a million in a few milliseconds; std::sort did it in tens.
void sort_by_start(std::vector<order_key>& order) {
  auto before = [](const order_key& a, const order_key& b) { return a.from != b.from ? a.from < b.from : a.at < b.at; };
  if (std::is_sorted(order.begin(), order.end(), before)) return;
  instant low = order.front().from, high = low;
  for (auto& k : order) low = std::min(low, k.from), high = std::max(high, k.from);
  auto span = static_cast<std::uint64_t>(high) - static_cast<std::uint64_t>(low);
  if (span >> 32) return std::sort(order.begin(), order.end(), before);  // wider than any period
  constexpr int digit = 11;
  constexpr std::size_t buckets = std::size_t{1} << digit;
  std::vector<order_key> other(order.size());
  for (int shift = 0; shift == 0 || (span >> shift) != 0; shift += digit) {
    std::vector<std::uint32_t> count(buckets + 1, 0);
    auto bucket = [&](const order_key& k) {
      return (static_cast<std::uint64_t>(k.from - low) >> shift) & (buckets - 1);
    };
    for (auto& k : order) ++count[bucket(k) + 1];
    for (std::size_t d = 1; d <= buckets; ++d) count[d] += count[d - 1];
    for (auto& k : order) other[count[bucket(k)]++] = k;  // stable: ties keep their order
    order.swap(other);
  }
}

/// Availability of service `s` from what the pass over the incidents collected of it.
availability_result availability_of(const contract& c, const service& s, const zone& z, interval period,
                                    const history& h, service_outages&& collected) {
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
  // allowed emergency; every other part is unplanned downtime (docs/rules.md, Availability).
  std::vector<interval> planned;
  for (auto& m : h.maintenance) {
    if (m.service != s.id) continue;
    interval span = meet({m.start, m.end}, P);
    if (span.length() == 0) continue;
    interval_set in_window = windows_around(c.maintenance, z, span);
    interval_set rest = interval_set({span}).subtract(in_window);
    for (auto& w : in_window.intervals()) {
      planned.push_back(w);
      r.maintenance.push_back({m.id, w, 0, "inside a standing maintenance window", m.at, interval_why::in_window, 0, 0});
    }
    if (rest.empty()) continue;
    auto judged = planned_outside_windows(c, m);
    std::string_view text = lasting_text(judged.text);
    for (auto& part : rest.intervals()) {
      if (judged.ok) planned.push_back(part);
      (judged.ok ? r.maintenance : r.unplanned_maintenance)
          .push_back({m.id, part, 0, text, m.at, judged.why, judged.ahead_s, judged.required_s});
    }
  }
  interval_set M = interval_set(planned).intersect(S);
  r.M = M.measure();

  r.excluded = std::move(collected.excluded);
  r.open_incidents = std::move(collected.open_incidents);
  std::vector<outage>& outages = collected.outages;
  std::size_t from_incidents = outages.size();
  for (std::size_t k = 0; k < r.unplanned_maintenance.size(); ++k) {
    collected.order.push_back({r.unplanned_maintenance[k].span.from, static_cast<std::uint32_t>(outages.size())});
    outages.push_back({r.unplanned_maintenance[k].span, {}, {}, "", k, interval_why::outage, true});
  }
  r.downtime.reserve(from_incidents);
  // In start order, ties in list order (incidents in file order, then maintenance). The
  // order is found on 16-byte keys, not by moving the 80-byte outages.
  std::vector<order_key>& order = collected.order;
  if (!order.empty()) sort_by_start(order);
  // In start order, each interval is credited with the seconds no earlier one counted.
  // Every earlier interval started no later, so what they cover after this start is
  // [start, frontier): only (S − M) in [max(start, frontier), end) is new. Linear time: the
  // windows' starts never go back, so one cursor walks the counted set once.
  interval_set counts = S.subtract(M);
  auto counted = counts.intervals().begin(), counted_end = counts.intervals().end();
  instant frontier = std::numeric_limits<instant>::min();
  r.U = 0;
  constexpr std::size_t ahead = 8;  // outages fetched ahead of their turn: the order jumps
  for (std::size_t j = 0; j < order.size(); ++j) {
    if (j + ahead < order.size()) {  // both lines an outage may span
      const char* next = reinterpret_cast<const char*>(&outages[order[j + ahead].at]);
      __builtin_prefetch(next), __builtin_prefetch(next + sizeof(outage) - 1);
    }
    const outage& o = outages[order[j].at];
    interval w{std::max(o.span.from, frontier), o.span.to};
    std::int64_t seconds = 0;
    if (w.from < w.to) {
      while (counted != counted_end && counted->to <= w.from) ++counted;
      for (auto x = counted; x != counted_end && x->from < w.to; ++x)
        seconds += std::min(x->to, w.to) - std::max(x->from, w.from);
    }
    frontier = std::max(frontier, o.span.to);
    r.U += seconds;
    if (o.maintenance) r.unplanned_maintenance[o.unplanned].counted_s = seconds;
    else r.downtime.push_back({o.record, o.span, seconds, o.reason, o.at, o.why, 0, 0});
  }

  r.target_pct = s.availability_pct;
  r.target_where = s.availability_where;
  r.max_downtime_s = s.max_downtime_s;
  r.max_downtime_where = s.max_downtime_where;
  r.numerator = r.S - r.M - r.U;
  r.denominator = r.S - r.M;
  if (r.denominator <= 0) {
    r.formula = "S − M = " + std::to_string(r.S) + " − " + std::to_string(r.M) + " = 0: not measurable";
    return r;  // S − M = 0: no verdict, no penalty (docs/rules.md)
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

const char* what_of(const clock_result& r) { return r.at.file == "tickets.csv" ? "ticket" : "incident"; }

/// A clock that starts at `start` and runs on a coverage less pauses. Its target, elapsed
/// time and pause time are all counted from its start: where the start falls in the
/// coverage is found once. Answers as set_less does.
class running_clock {
 public:
  running_clock(const interval_set& coverage, std::span<const interval> paused, instant start)
      : running_(coverage, paused), start_(start), at_(coverage.locate(start)) {}

  bool paused() const { return !running_.gaps().empty(); }
  /// When `seconds` of running time have passed since the start (none: past the coverage).
  maybe_instant advance(std::int64_t seconds) const {
    return paused() ? running_.advance(start_, seconds) : running_.base().advance_from(at_, start_, seconds);
  }
  /// Running time in [start, to).
  std::int64_t elapsed_until(instant to) const {
    return paused() ? running_.measure_within({start_, to}) : covered_until(to);
  }
  /// Coverage time in [start, to), paused or not.
  std::int64_t covered_until(instant to) const { return running_.base().measure_from(at_, start_, to); }

 private:
  set_less running_;
  instant start_;
  std::size_t at_;
};

/// A record finished without the clock's stop time: a finding, and a breach unless the
/// contract says otherwise.
[[gnu::noinline, gnu::cold]] void judge_missing(clock_result& r, const contract& c, std::vector<finding>& findings,
                                               std::string_view what) {
  r.outcome = c.missing_time_is_breach ? verdict::breached : verdict::not_measurable;
  std::string note = "no ";
  note.append(what).append(" time on a closed record");
  note.append(c.missing_time_is_breach ? ": counted as a breach" : ": not judged (missing_time no_breach)");
  r.note = lasting_text(note);
  r.note_flags |= note_missing;
  r.elapsed_s = 0;
  std::string message = what_of(r);
  message.append(" ").append(r.incident).append(": ").append(r.note);
  findings.push_back({r.at, r.kind == "respond" ? "responded" : "restored", std::move(message),
                      finding::kind::missing_time,
                      {what_of(r), std::string(r.incident), std::string(r.kind), c.missing_time_is_breach ? "yes" : "no"}});
}

/// Elapsed time, pause time and the verdict of a clock judged in `period`, by what was known
/// at the period's end (docs/rules.md, Clocks): stopped in the period, by its elapsed time; its
/// record finished in the period without the stop time (`finished`), a missing time; still
/// running at the period's end (a stop after it is not yet known), its elapsed time up to the
/// end: already past its target, breached here; not yet, pending. `r.stop` is the stop time
/// recorded; it is kept only when it falls before the period's end.
[[gnu::always_inline]] inline void judge(clock_result& r, const running_clock& running, interval period,
                                         maybe_instant finished, const contract& c, std::vector<finding>& findings,
                                         std::string_view what) {
  if (r.stop && *r.stop >= period.to) r.stop = std::nullopt;  // after the period: not known at its end
  else if (!r.stop && finished && *finished < period.to) return judge_missing(r, c, findings, what);
  instant until = r.stop ? *r.stop : period.to;  // the clock started at r.start
  r.elapsed_s = running.elapsed_until(until);
  r.paused_s = running.paused() ? running.covered_until(until) - r.elapsed_s : 0;
  r.outcome = timed_verdict(r.elapsed_s, r.target_s, r.stop.has_value());
  if (!r.stop) {
    r.note = r.outcome == verdict::pending
                 ? std::string_view("pending at period end: judged in the period it stops")
                 : std::string_view("still running at period end, already past its target: breached in this period");
    r.note_flags |= note_running;
  }
}

/// Whether a clock is judged in `period` (docs/rules.md, Clocks): its record started in it, or
/// started earlier and was still running within its target when the period began (pending at
/// the end of the period before: carried over). `end` is its stop time, else the time its
/// record was finished without one. A clock that ended before the period, or that was already
/// past its target when it began (its breach showed at an earlier period's end), was judged
/// in an earlier period: each clock is judged, and a breach counted, in exactly one period.
bool judged_in(const running_clock& running, instant start, maybe_instant end, std::int64_t target_s, interval period) {
  if (start >= period.to) return false;
  if (start >= period.from) return true;
  if (end && *end < period.from) return false;
  return running.elapsed_until(period.from) <= target_s;
}

/// A carried-over clock's note: carried over from the month it started in, then the rest.
void mark_carried(clock_result& r, const zone& z) {
  std::string note = "carried over from " + month_of(r.start, z).label();
  if (!r.note.empty()) note.append("; ").append(r.note);
  r.note = lasting_text(note);
  r.note_flags |= note_carried;
}

/// The earlier of two times that may be absent.
maybe_instant earliest(maybe_instant a, maybe_instant b) {
  if (!a) return b;
  if (!b) return a;
  return std::min(*a, *b);
}

/// What the pass over the incidents makes; a null output is not made.
struct incident_outputs {
  std::vector<clock_result>* clocks = nullptr;
  std::vector<clock_result>* stopped_late = nullptr;  ///< with clocks: late clocks that stop here
  std::vector<finding>* findings = nullptr;          ///< with clocks
  std::vector<escalation_result>* escalations = nullptr;
  std::vector<service_outages>* outages = nullptr;  ///< one per service of the contract
  std::uint32_t outages_of = replay_index::none;    ///< only this service's; none: every one's
  const reclassifications* reclassified = nullptr;  ///< incidents as the decisions reclassify them
};

/// The severities an incident had, each from when it came in force: its own at occurrence,
/// then each change of changes.csv that sets another.
struct severity_span {
  instant from;
  int severity;
  const incident_terms* terms;
};

/// Which severity decides a clock judged at `u` (domain rule: a change applies from the
/// time it happens). The clock is breached at `u` if, under some severity in force before
/// `u`, its time on that severity's calendar passed that severity's target while it was in
/// force: the first such severity decides (its target was missed); if none, the one in force
/// at `u` (a change at `u` itself comes after the clock). Severities without this clock's
/// target are passed over.
std::size_t deciding_severity(const replay_index& index, const incident& i, std::span<const severity_span> spans,
                              std::span<const interval> paused, bool respond, instant u) {
  std::size_t in_force = 0;
  while (in_force + 1 < spans.size() && spans[in_force + 1].from < u) ++in_force;
  for (std::size_t j = 0; j < in_force; ++j) {
    const clock_terms& clock = respond ? spans[j].terms->respond : spans[j].terms->restore;
    if (!clock.target) continue;
    running_clock running(index.coverage_since(*clock.coverage, i.occurred), paused, i.occurred);
    if (running.elapsed_until(spans[j + 1].from) > clock.target->within_s) return j;
  }
  return in_force;
}

/// Incident i's respond and restore clocks (SLA 4.1, 4.2) judged in the period, and those
/// that stop in it late. `spans`: its severities in time order (one when it never changed).
void clocks_of(const contract& c, const zone& z, const replay_index& index, const incident& i,
               std::span<const severity_span> spans, std::span<const interval> paused, interval period,
               incident_outputs& out) {
  bool excluded = has(c.excluded.causes_clocks, i.origin) || has(c.excluded.impacts_clocks, i.effect);
  for (bool respond : {true, false}) {
    maybe_instant stop = respond ? i.responded : i.restored;
    // A record finished without this clock's stop time: closed, or for the response, restored.
    maybe_instant finished = respond ? earliest(i.restored, i.closed) : i.closed;
    // The clock as a severity sets it: target, coverage, and its time on that coverage.
    struct judged_as {
      const severity_span* span = nullptr;
      const clock_terms* clock = nullptr;
      std::optional<running_clock> running;
    };
    // Made once per severity asked for, on the stack: asked at most three times (a late stop,
    // the period's start, the judgement), and for most incidents always the same one.
    std::array<judged_as, 3> made{};
    std::size_t made_n = 0;
    auto as_of = [&](instant u) -> const judged_as& {
      const severity_span& s = spans[spans.size() == 1 ? 0 : deciding_severity(index, i, spans, paused, respond, u)];
      for (std::size_t m = 0; m < made_n; ++m)
        if (made[m].span == &s) return made[m];
      judged_as& a = made[made_n++];
      a.span = &s, a.clock = respond ? &s.terms->respond : &s.terms->restore;
      if (a.clock->target) a.running.emplace(index.coverage_since(*a.clock->coverage, i.occurred), paused, i.occurred);
      return a;
    };
    auto fill = [&](clock_result& r, const judged_as& a) {
      std::int64_t target_s = a.clock->target->within_s;
      r.incident = i.id, r.service = a.span->terms->svc->id, r.kind = respond ? std::string_view("respond") : std::string_view("restore");
      r.severity = a.span->severity, r.first_severity = i.severity, r.target_s = target_s;
      r.target_where = &a.clock->target->where;
      r.coverage = a.clock->coverage_name, r.start = i.occurred, r.stop = stop, r.due = a.running->advance(target_s);
      r.at = i.at;
      if (a.span != &spans[0]) {
        r.severity_from = a.span->from;
        r.note_flags |= note_severity;
        r.note = lasting_text("severity changed (changes.csv): judged against severity " + std::to_string(r.severity) +
                              ", in force from its change");
      }
    };
    if (excluded) {  // not judged: listed once, in the period the incident occurred in
      if (i.occurred < period.from || i.occurred >= period.to) continue;
      auto& a = as_of(i.occurred);
      if (!a.clock->target) continue;
      clock_result& r = out.clocks->emplace_back();
      fill(r, a);
      r.outcome = verdict::not_measurable;
      r.note = clock_excluded_text(i.origin);
      r.note_flags |= note_excluded;
      r.excluded_cause = i.origin;
      continue;
    }
    // Late clocks that stop here, wherever they started (late-by-time charges them here).
    if (stop && *stop >= period.from && *stop < period.to && out.stopped_late) {
      auto& a = as_of(*stop);
      if (a.clock->target && a.running->elapsed_until(*stop) > a.clock->target->within_s) {
        clock_result& late = out.stopped_late->emplace_back();
        fill(late, a);
        std::vector<finding> none;  // with its stop time recorded, a clock makes no finding
        judge(late, *a.running, period, finished, c, none, "");
      }
    }
    // Judged by what is known at the period's end: its stop or finish in the period, else the end.
    maybe_instant end = stop ? stop : finished;
    if (i.occurred < period.from) {  // carried over only if not yet past its target when the period began
      auto& before = as_of(period.from);
      if (!before.clock->target) continue;
      if (!judged_in(*before.running, i.occurred, end, before.clock->target->within_s, period)) continue;
    } else if (i.occurred >= period.to) {
      continue;
    }
    auto& a = as_of(end && *end < period.to ? *end : period.to);
    if (!a.clock->target) continue;
    clock_result& r = out.clocks->emplace_back();  // built in place: a clock is 184 bytes
    fill(r, a);
    judge(r, *a.running, period, finished, c, *out.findings,
          respond ? std::string_view("response") : std::string_view("restore"));
    if (i.occurred < period.from) mark_carried(r, z);
  }
}

/// Incident i's escalation steps that fall due in the period (SLA 2.6): due when it was still
/// unresolved that long into its restore clock; every role must be notified by then. A record
/// closed without a restore time is resolved, for its steps, at its closing time.
void steps_of(const escalation& rules, const replay_index& index, const incident& i, const incident_terms& terms,
              std::span<const interval> paused, std::span<const replay_index::notice> notes, interval period,
              std::vector<escalation_result>& out) {
  // The restore clock: the restore target's calendar, else the service level's; less pauses.
  running_clock running(index.coverage_since(*terms.escalation_coverage, i.occurred), paused, i.occurred);
  maybe_instant resolved = i.restored ? i.restored : i.closed;
  for (std::size_t x = 0; x < terms.steps->size(); ++x) {
    const escalation_step& step = (*terms.steps)[x];
    const std::vector<const std::string*>& roles = (*terms.step_roles)[x];
    auto due = running.advance(step.after_s);
    if (!due) continue;
    if (resolved && *resolved <= *due) break;  // resolved before this step (and the later ones)
    instant deadline = *due + rules.grace_s;
    if (*due < period.from || *due >= period.to) continue;  // a step belongs to the period it falls due in
    // Built in place: a step with its roles is 160 bytes.
    escalation_result& e = out.emplace_back();
    e.incident = i.id, e.handling = terms.handling, e.after_s = step.after_s, e.due = deadline;
    e.where = &step.where, e.at = i.at;
    for (std::size_t r = 0; r < roles.size(); ++r) {
      maybe_instant when;
      for (auto& n : notes)
        if (n.role == roles[r] && (!when || n.at < *when)) when = n.at;
      using notice = escalation_result::notice;
      notice status = !when ? notice::missing : *when <= deadline ? notice::on_time : notice::late;
      if (status != notice::on_time) e.outcome = verdict::breached;
      e.roles.push_back({step.roles[r], when, status});
    }
  }
}

/// One pass over the incidents, making each one's clocks, escalation steps and outages at
/// once: a million incidents are 170 MB, and reading them once per phase took as long as
/// some phases' own work.
void replay_incidents(const contract& c, const zone& z, interval period, const history& h,
                      const replay_index& index, incident_outputs& out) {
  const escalation* rules = c.escalation_rules ? &*c.escalation_rules : nullptr;
  if (!rules) out.escalations = nullptr;
  if (out.clocks) {
    out.clocks->reserve(out.clocks->size() + 2 * h.incidents.size());
    for (auto& p : h.pauses)
      if (!has(c.pause_states, p.state))
        out.findings->push_back({p.at, "state", "state '" + p.state + "' does not pause clocks under this contract; not paused",
                                 finding::kind::state_not_pausing, {p.state}});
  }
  if (out.escalations) {
    std::size_t most_steps = 0;  // an upper bound: pages never written cost no memory
    for (auto& [handling, steps] : rules->steps) most_steps = std::max(most_steps, steps.size());
    out.escalations->reserve(out.escalations->size() + h.incidents.size() * most_steps);
  }
  interval P = meet(period, term_bounds(c, z));
  if (out.outages) {
    out.outages->resize(c.services.size());
    for (std::size_t s = 0; s < c.services.size(); ++s)
      if (out.outages_of == replay_index::none || out.outages_of == s)
        (*out.outages)[s].outages.reserve(h.incidents.size()), (*out.outages)[s].order.reserve(h.incidents.size());
  }
  // Impact changes (few: an event log's) by incident, then by time.
  std::vector<const incident_change*> changes;
  for (auto& x : h.changes)
    if (x.owner != unlinked) changes.push_back(&x);
  std::stable_sort(changes.begin(), changes.end(),
                   [](auto* a, auto* b) { return a->owner != b->owner ? a->owner < b->owner : a->from < b->from; });
  auto next_change = changes.begin();
  std::vector<severity_span> spans;  // the incident's severities, reused
  replay_index::reader records(index);
  bool reclassifying = out.reclassified && !out.reclassified->empty();
  incident decided;  // a reclassified incident: its texts still view the history's
  std::vector<const incident_change*> decided_changes;
  for (std::size_t k = 0; k < h.incidents.size(); ++k) {
    const incident* ip = &h.incidents[k];
    std::uint32_t service = index.service_index(ip->service);
    while (next_change != changes.end() && (*next_change)->owner < k) ++next_change;
    auto last_change = next_change;
    while (last_change != changes.end() && (*last_change)->owner == k) ++last_change;
    std::span<const incident_change* const> own(changes.data() + (next_change - changes.begin()),
                                                static_cast<std::size_t>(last_change - next_change));
    if (reclassifying)
      if (auto x = out.reclassified->find(static_cast<std::uint32_t>(k)); x != out.reclassified->end()) {
        decided = *ip;
        if (x->second.origin) decided.origin = *x->second.origin;
        if (x->second.effect) {
          // The decided impact holds for the whole incident: only severity changes still apply.
          decided.effect = *x->second.effect;
          decided_changes.clear();
          for (auto* c : own)
            if (c->severity) decided_changes.push_back(c);
          own = decided_changes;
        }
        ip = &decided;
      }
    const incident& i = *ip;
    if (out.outages && service != replay_index::none &&
        (out.outages_of == replay_index::none || out.outages_of == service))
      collect_outage(c, i, own, period, P, (*out.outages)[service]);
    const incident_terms* terms = index.terms(service, i.severity);
    if (!terms) continue;
    spans.assign(1, {i.occurred, i.severity, terms});
    for (auto* x : own)
      if (x->severity && *x->severity != spans.back().severity)
        if (auto* t = index.terms(service, *x->severity)) spans.push_back({std::max(x->from, i.occurred), *x->severity, t});
    std::span<const interval> paused = records.paused(k);
    if (out.clocks) clocks_of(c, z, index, i, spans, paused, period, out);
    if (out.escalations && terms->steps)
      steps_of(*rules, index, i, *terms, paused, records.notified(k), period, *out.escalations);
  }
}

}  // namespace

availability_result replay_availability(const contract& c, const service& s, const zone& z, interval period,
                                        const history& h, const replay_index& index) {
  std::vector<service_outages> outages;
  incident_outputs out;
  out.outages = &outages;
  out.outages_of = index.service_index(s.id);
  replay_incidents(c, z, period, h, index, out);
  service_outages mine;
  if (out.outages_of != replay_index::none) mine = std::move(outages[out.outages_of]);
  return availability_of(c, s, z, period, h, std::move(mine));
}

std::vector<clock_result> replay_clocks(const contract& c, const zone& z, interval period, const history& h,
                                        const replay_index& index, std::vector<finding>& findings,
                                        std::vector<clock_result>* stopped_late) {
  std::vector<clock_result> clocks;
  incident_outputs out;
  out.clocks = &clocks, out.stopped_late = stopped_late, out.findings = &findings;
  replay_incidents(c, z, period, h, index, out);
  return clocks;
}

std::vector<clock_result> replay_tickets(const contract& c, const zone& z, interval period, const history& h,
                                         const replay_index& index, std::vector<finding>& findings,
                                         std::vector<clock_result>* stopped_late) {
  std::vector<clock_result> out;
  const clock_terms& clock = index.ticket();
  if (!clock.target) return out;
  const clock_target& target = *clock.target;
  for (auto& t : h.tickets) {
    running_clock running(index.coverage_since(*clock.coverage, t.opened), {}, t.opened);
    clock_result r;
    r.incident = t.id, r.kind = "respond", r.target_s = target.within_s, r.target_where = &target.where;
    r.coverage = clock.coverage_name, r.start = t.opened, r.stop = t.responded, r.at = t.at;
    r.due = running.advance(target.within_s);
    // A ticket resolved without a response time was finished without one (docs/rules.md, Clocks).
    maybe_instant finished = t.resolved;
    if (t.responded && *t.responded >= period.from && *t.responded < period.to && stopped_late &&
        running.elapsed_until(*t.responded) > target.within_s) {
      clock_result late = r;
      std::vector<finding> none;
      judge(late, running, period, finished, c, none, "");
      stopped_late->push_back(std::move(late));
    }
    if (!judged_in(running, t.opened, t.responded ? maybe_instant(t.responded) : finished, target.within_s, period)) continue;
    judge(r, running, period, finished, c, findings, "response");
    if (t.opened < period.from) mark_carried(r, z);
    out.push_back(std::move(r));
  }
  return out;
}

std::vector<escalation_result> replay_escalations(const contract& c, const zone& z, interval period,
                                                  const history& h, const replay_index& index) {
  std::vector<escalation_result> steps;
  incident_outputs out;
  out.escalations = &steps;
  replay_incidents(c, z, period, h, index, out);
  return steps;
}

std::vector<rate_result> replay_rates(const contract& c, const period& p, const history& h) {
  std::vector<rate_result> out;
  civil_day first = p.first_day(), end = p.end_day();
  auto judge_rate = [](rate_result& r) {
    if (r.denominator <= 0) {
      r.outcome = verdict::not_measurable;
      r.formula += " : no denominator, not measurable";
      return;
    }
    r.formula += " = " + std::to_string(r.numerator) + " / " + std::to_string(r.denominator) + " = " +
                 percent_text(r.numerator, r.denominator) + "%";
    if (!r.target_pct) return;
    __int128 scale = 1;
    for (int k = 0; k < r.target_pct->scale; ++k) scale *= 10;
    r.outcome = static_cast<__int128>(r.numerator) * 100 * scale >= static_cast<__int128>(r.target_pct->units) * r.denominator
                    ? verdict::met
                    : verdict::breached;
  };
  // SLA 2.3: failures caused by third parties leave the denominator.
  for (auto& s : c.services) {
    rate_result r{"transactions", s.id, 0, 0, 0, s.transactions_pct, s.transactions_where, verdict::not_measurable, ""};
    std::int64_t total = 0, failed = 0, third = 0;
    for (auto& d : h.transactions)
      if (d.service == s.id && d.date >= first && d.date < end) total += d.total, failed += d.failed, third += d.failed_third_party, ++r.days;
    if (!s.transactions_pct && r.days == 0) continue;
    r.numerator = total - failed;
    r.denominator = total - third;
    r.total = total, r.failed = failed, r.excluded = third;
    r.formula = "(total − failed) / (total − failed_third_party) = (" + std::to_string(total) + " − " +
                std::to_string(failed) + ") / (" + std::to_string(total) + " − " + std::to_string(third) + ")";
    judge_rate(r);
    out.push_back(std::move(r));
  }
  // SLA 2.8 and 2.9: monitoring early detection and accuracy.
  std::int64_t total = 0, missed = 0, wrong = 0;
  std::size_t days = 0;
  for (auto& d : h.alarms)
    if (d.date >= first && d.date < end) total += d.total, missed += d.missed, wrong += d.false_alarms, ++days;
  for (auto [name, target, bad] : {std::tuple{"early_detection", c.monitoring.early_detection_pct, missed},
                                   std::tuple{"accuracy", c.monitoring.accuracy_pct, wrong}}) {
    if (!target && days == 0) continue;
    rate_result r{name, "", total - bad, total, days, target, c.monitoring.where, verdict::not_measurable, ""};
    r.total = total, r.failed = bad;
    r.formula = std::string("(total − ") + (std::string_view(name) == "accuracy" ? "false_alarms" : "missed") +
                ") / total = (" + std::to_string(total) + " − " + std::to_string(bad) + ") / " + std::to_string(total);
    judge_rate(r);
    out.push_back(std::move(r));
  }
  return out;
}

namespace {

/// The period as the history gives it (`decide` false), or as the decisions of decisions.csv
/// leave it (all of them, or all but the reclassification `leave_out`).
/// Clocks (incidents', tickets', escalation steps) of an amended contract judged with the terms
/// in force when each started: the terms of each amendment hold from the start of its day
/// (in the contract's zone) to the next's; the clocks started in another version's span than
/// the month's are replayed with that version's terms and take the place of the month's.
/// The month's own figures (availability, rates, money) keep the terms of its first day.
void judge_by_clock_start(const contract& whole, const zone& z, const period& p, const history& h,
                          const reclassifications* reclassified, bool late_clocks, bool late_tickets,
                          period_result& r) {
  struct span {
    const contract* terms;
    std::string_view name;
    instant from, to;
  };
  std::vector<span> spans{{&whole, {}, std::numeric_limits<instant>::min(), std::numeric_limits<instant>::max()}};
  for (auto& a : whole.amendments) {
    instant cut = z.first_at_or_after(static_cast<local_seconds>(a.effective) * 86400);
    spans.back().to = cut;
    spans.push_back({a.terms.get(), a.name, cut, std::numeric_limits<instant>::max()});
    r.terms.all.push_back({a.name, a.effective});
    if (a.effective > p.first_day() && a.effective < p.end_day()) r.terms.from_within.push_back({a.name, a.effective});
  }
  std::size_t month = 0;
  while (month + 1 < spans.size() && spans[month + 1].from <= r.bounds.from) ++month;
  r.terms.amended = true;
  r.terms.month = std::string(spans[month].name);
  for (auto* list : {&r.clocks, &r.tickets, &r.stopped_late})
    for (auto& x : *list) x.terms = spans[month].name;
  for (auto& e : r.escalations) e.terms = spans[month].name;

  // Each incident's start, for its escalation steps.
  std::map<std::string_view, instant> started;
  for (auto& x : r.clocks) started.emplace(x.incident, x.start);
  auto clock_start = [](const clock_result& x) { return x.start; };
  auto step_start = [&](const escalation_result& e) {
    auto it = started.find(e.incident);
    return it == started.end() ? r.bounds.from : it->second;
  };

  for (std::size_t k = 0; k < spans.size(); ++k) {
    if (k == month) continue;
    const span& sp = spans[k];
    auto inside = [&](instant t) { return t >= sp.from && t < sp.to; };
    bool needed = false;
    for (auto* list : {&r.clocks, &r.tickets, &r.stopped_late})
      for (auto& x : *list) needed = needed || inside(x.start);
    for (auto& e : r.escalations) needed = needed || inside(step_start(e));
    if (!needed) continue;

    const contract& v = *sp.terms;
    replay_index index(v, z, r.bounds, h);
    std::vector<clock_result> clocks, late, tickets;
    std::vector<escalation_result> steps;
    std::vector<finding> unused;  // the month's findings are the month's terms'
    std::vector<service_outages> outages;
    incident_outputs out;
    out.clocks = &clocks, out.findings = &unused, out.stopped_late = late_clocks ? &late : nullptr;
    out.escalations = &steps, out.outages = &outages, out.reclassified = reclassified;
    replay_incidents(v, z, r.bounds, h, index, out);
    tickets = replay_tickets(v, z, r.bounds, h, index, unused, late_tickets ? &late : nullptr);

    auto splice = [&](auto& mine, auto& theirs, auto start) {
      using item = typename std::decay_t<decltype(mine)>::value_type;
      std::vector<item> kept;
      for (auto& x : mine)
        if (!inside(start(x))) kept.push_back(std::move(x));
      for (auto& x : theirs)
        if (inside(start(x))) {
          x.terms = sp.name;
          kept.push_back(std::move(x));
        }
      std::stable_sort(kept.begin(), kept.end(), [&](const item& x, const item& y) { return start(x) < start(y); });
      mine = std::move(kept);
    };
    splice(r.escalations, steps, step_start);
    splice(r.clocks, clocks, clock_start);
    splice(r.tickets, tickets, clock_start);
    splice(r.stopped_late, late, clock_start);
  }
}

period_result replay_period(const contract& whole, const zone& z, const period& p, const history& h,
                            const earlier_credits& earlier, bool decide, const decision* leave_out = nullptr) {
  // An amended contract's month is judged with the terms of its first day, its clocks with
  // the terms in force when each started (judge_by_clock_start); a `pro_rata` amendment
  // taking effect inside it shares the fee and the targets by days (pro_rata.hpp).
  std::vector<finding> pro_rata_trail;
  std::shared_ptr<const contract> shared;
  if (auto terms = pro_rated_terms(whole, p, pro_rata_trail)) shared = std::make_shared<const contract>(std::move(*terms));
  const contract& c = shared ? *shared : whole.in_force(p.first_day());
  period_result r;
  r.pro_rated = shared;
  r.contract_id = c.id;
  r.contract_path = c.source_path;
  r.period = p.label();
  r.timezone = z.name();
  r.bounds = period_bounds(p, z);
  r.findings = h.findings;
  r.inputs = h.files;
  r.complete = assess_completeness(c, h);
  for (auto& g : r.complete.gaps)
    if (g.what == completeness_gap::kind::all_outside)
      r.findings.push_back({{g.file, 0}, "", "all " + std::to_string(g.rows) + " rows of " + std::string(g.file) +
                                                 " lie outside " + p.label() + ": is this the history of another month?",
                            finding::kind::all_outside, {std::to_string(g.rows), std::string(g.file), p.label()}});
  replay_index index(c, z, r.bounds, h);
  // Late clocks are only collected for a late-by-time clause that charges them.
  auto charged = [&](bool tickets) {
    for (auto& pen : c.penalties)
      if (pen.type == penalty::kind::late && (pen.target == breach_target::ticket_respond) == tickets) return true;
    return false;
  };
  // One pass over the incidents makes clocks, escalation steps and each service's outages.
  std::vector<service_outages> outages;
  incident_outputs out;
  out.clocks = &r.clocks, out.findings = &r.findings, out.stopped_late = charged(false) ? &r.stopped_late : nullptr;
  out.escalations = &r.escalations, out.outages = &outages;
  reclassifications reclassified_incidents;
  if (decide) reclassified_incidents = reclassified(h, leave_out), out.reclassified = &reclassified_incidents;
  replay_incidents(c, z, r.bounds, h, index, out);
  for (std::size_t s = 0; s < c.services.size(); ++s)
    r.availability.push_back(availability_of(c, c.services[s], z, r.bounds, h, std::move(outages[s])));
  r.tickets = replay_tickets(c, z, r.bounds, h, index, r.findings, charged(true) ? &r.stopped_late : nullptr);
  r.rates = replay_rates(c, p, h);
  if (!whole.amendments.empty()) {
    r.terms.pro_rata = shared != nullptr;
    judge_by_clock_start(whole, z, p, h, decide ? &reclassified_incidents : nullptr, charged(false), charged(true), r);
    for (auto& [name, day] : r.terms.from_within) {
      std::string month_terms = r.terms.month.empty() ? "the contract as signed" : "amendment \"" + r.terms.month + "\"";
      std::string message =
          shared ? "amendment \"" + name + "\" takes effect on " + day_text(day) + ", inside " + p.label() +
                       ", pro rata: clocks started from then on are judged with its targets; the month's fee, fee "
                       "shares and availability targets are shared by days between the terms in force (below); its "
                       "rates, tiers and caps follow " + month_terms + ", in force on the month's first day"
                 : "amendment \"" + name + "\" takes effect on " + day_text(day) + ", inside " + p.label() +
                       ": clocks started from then on are judged with its targets; the month's availability, rates "
                       "and money follow " + month_terms + ", in force on the month's first day";
      r.findings.push_back({{}, "", message,
                            finding::kind::amended_within,
                            {name, day_text(day), p.label(), r.terms.month, shared ? "pro_rata" : ""}});
    }
    for (auto& f : pro_rata_trail) r.findings.push_back(std::move(f));
  }
  if (decide) apply_figure_decisions(h, r);
  r.money = assess_penalties(c, r, h, p, earlier, decide ? &r.refused : nullptr);
  if (r.money.yearly_cap_unapplied)
    r.findings.push_back({{}, "", "the yearly cap is not applied: the provider's credits in the earlier months of the "
                                  "contract year (" + r.money.earlier_months.front() + " to " +
                                  r.money.earlier_months.back() + ") are unknown; give them from the ledger or as "
                                  "--earlier-credits",
                          finding::kind::yearly_cap_unapplied, {r.money.earlier_months.front(), r.money.earlier_months.back()}});
  return r;
}

}  // namespace

period_result replay(const contract& c, const zone& z, const period& p, const history& h,
                     const earlier_credits& earlier) {
  if (h.decisions.empty()) return replay_period(c, z, p, h, earlier, false);
  // Twice: the original figures are kept beside the decided ones.
  period_result original = replay_period(c, z, p, h, earlier, false);
  period_result decided = replay_period(c, z, p, h, earlier, true);
  if (decided.refused.empty())
    record_changes(h, original, decided,
                   [&](const decision& d) { return replay_period(c, z, p, h, earlier, true, &d); });
  return decided;
}

}  // namespace slaudit::engine
