// Month edges, as a property: random histories spanning October to December 2026 (clocks
// that start, stop, pause and close near every month end), replayed month by month as
// `slaudit run` does, against a reference that judges every clock once over the whole three
// months by brute force, minute by minute, without the engine's coverage or clocks.
// Each clock's breach must be counted in exactly one month, and each clause's charges over the
// three months must equal the reference's (docs/rules.md, Clocks and Money). A third of the
// incidents change severity during their life (changes.csv), which applies from then on.
#include <date/date.h>

#include <catch2/catch.hpp>
#include <map>
#include <random>
#include <set>

#include "engine/replay.hpp"
#include "history/ingest.hpp"
#include "test_support.hpp"

using namespace slaudit;

namespace {

// Times are whole local minutes (Asia/Shanghai, no DST) from 2026-10-01 00:00, a Thursday.
using minute = std::int64_t;
constexpr minute day_m = 1440;
constexpr minute horizon = 92 * day_m;  ///< 2027-01-01 00:00: the end of December
constexpr std::array<minute, 3> month_ends = {31 * day_m, 61 * day_m, horizon};

std::string text_of(minute m) {
  auto day = date::sys_days{date::year{2026} / 10 / 1} + date::days{m / day_m};
  date::year_month_day ymd{day};
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u %02lld:%02lld", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<long long>(m % day_m / 60), static_cast<long long>(m % 60));
  return buf;
}

/// Business hours: Monday to Friday, 09:00-18:00 (the contract's calendar, no holidays).
bool business(minute m) {
  int weekday = static_cast<int>((3 + m / day_m) % 7);  // 0 Monday; 2026-10-01 is a Thursday
  minute in_day = m % day_m;
  return weekday < 5 && in_day >= 9 * 60 && in_day < 18 * 60;
}

struct span {
  minute from, to;  ///< to: -1 for open
};

struct incident_case {
  std::string id;
  bool office = false;  ///< the office service runs on business hours; core on 7x24
  int severity = 1;
  minute occurred = 0;
  std::optional<minute> responded, restored, closed;
  std::vector<span> pauses;
  std::map<std::string, minute> notified;  ///< role → first notification
  std::optional<minute> changed;           ///< severity changed to the other one then (changes.csv)
};

struct ticket_case {
  std::string id;
  minute opened = 0;
  std::optional<minute> responded, resolved;
};

/// A clock as the reference sees it: runs on `covered` minutes less `paused` ones.
struct reference_clock {
  std::function<bool(minute)> covered;
  std::vector<span> paused;
  minute start;
  std::optional<minute> restored;  ///< ends open pauses

  bool running(minute m) const {
    if (!covered(m)) return false;
    for (auto& p : paused) {
      minute end = p.to >= 0 ? p.to : restored.value_or(std::numeric_limits<minute>::max());
      if (m >= p.from && m < end) return false;
    }
    return true;
  }
  /// Running seconds in [start, to).
  std::int64_t elapsed_s(minute to) const {
    std::int64_t n = 0;
    for (minute m = start; m < to; ++m) n += running(m);
    return 60 * n;
  }
  /// The end of the `k`-th running minute: when k minutes have run.
  std::optional<minute> due(minute k) const {
    minute n = 0;
    for (minute m = start; m < horizon + 60 * day_m; ++m)
      if (running(m) && ++n == k) return m + 1;
    return std::nullopt;
  }
};

/// A clock judged once over the three months: breached when it stopped past its target, its
/// record was finished without its time, or it still ran past its target at their end.
struct judged_once {
  bool breached = false;
  std::int64_t late_units = 0;  ///< late restore: started hours past the target, if it stopped
};

/// The target a clock judged at `u` is held to when its severity changed at `changed` from
/// one with `before_s` to one with `after_s` (changes apply from when they happen): the first
/// severity's if the clock passed it while that one was in force, else the one in force at `u`
/// (a change at `u` itself comes after it).
std::int64_t target_at(const reference_clock& c, minute u, std::int64_t before_s, std::int64_t after_s,
                       std::optional<minute> changed) {
  if (!changed || *changed >= u) return before_s;
  return c.elapsed_s(*changed) > before_s ? before_s : after_s;
}

judged_once judge_once(const reference_clock& c, std::optional<minute> stop, std::optional<minute> finished,
                       std::int64_t target_s, std::int64_t after_s = 0, std::optional<minute> changed = {}) {
  judged_once j;
  if (stop && *stop < horizon) {
    std::int64_t e = c.elapsed_s(*stop), t = target_at(c, *stop, target_s, after_s, changed);
    j.breached = e > t;
    if (j.breached) j.late_units = (e - t + 3599) / 3600;
  } else if (!stop && finished && *finished < horizon) {
    j.breached = true;  // missing time: a breach (the contract's default)
  } else {
    j.breached = c.elapsed_s(horizon) > target_at(c, horizon, target_s, after_s, changed);
  }
  return j;
}

const char* contract_text = R"(sla 1
contract "PROP" {
  title "t"
  customer "c"
  provider "p"
  term 2026-01-01 .. 2027-12-31
  timezone "Asia/Shanghai"
  fee 100000.00 CNY per month
  calendar business {
    hours mon-fri 09:00-18:00
  }
  level 1 "a" {
    coverage 7x24
  }
  level 3 "b" {
    coverage business
  }
  severity 1 "s1" clause "4.1" {
    respond within 30min
    restore within 2h
  }
  severity 2 "s2" clause "4.1" {
    respond within 1h
    restore within 8h
  }
  escalation clause "2.6" {
    grace 5min
    matrix {
      severity 1: 1 3
      severity 2: 4 4
    }
    handling 1 {
      after 15min notify "A"
      after 60min notify "A", "B"
    }
    handling 3 {
      after 30min notify "A"
    }
    handling 4 {
      after 120min notify "B"
    }
  }
  pause clocks in "awaiting_customer"
  service "core" "c" {
    level 1
  }
  service "office" "o" {
    level 3
  }
  tickets clause "4.3" {
    respond within 2h on business
  }
  penalty "respond" clause "5.1" {
    per breach of respond 500.00 CNY
  }
  penalty "restore" clause "5.2" {
    per breach of restore 1000.00 CNY
  }
  penalty "late restore" clause "5.3" {
    late restore 100.00 CNY per started 1h
  }
  penalty "ticket" clause "5.4" {
    per breach of ticket_respond 100.00 CNY
  }
  penalty "escalation" clause "5.5" {
    per breach of escalation 200.00 CNY
  }
}
)";

/// A random instant, half of them within six hours of a month end (where clocks cross), some
/// exactly a target's length before one (a clock that reaches its target as the month ends).
minute some_time(std::mt19937& rng) {
  std::uniform_int_distribution<int> coin(0, 1);
  if (coin(rng)) return std::uniform_int_distribution<minute>(0, horizon - 1)(rng);
  minute end = month_ends[std::uniform_int_distribution<int>(0, 2)(rng)];
  if (coin(rng) && coin(rng))
    return end -
           std::array<minute, 4>{30, 60, 120, 480}[std::uniform_int_distribution<int>(0, 3)(rng)];
  return std::clamp<minute>(end + std::uniform_int_distribution<minute>(-6 * 60, 6 * 60)(rng), 0,
                            horizon - 1);
}

}  // namespace

TEST_CASE(
    "month by month, each clock is judged once and each clause charges what judging once does",
    "[scenario][month-edges]") {
  auto loaded = test::load(contract_text);
  REQUIRE(loaded.model);
  const engine::contract& c = *loaded.model;
  auto z = *engine::zone::locate(c.timezone);
  std::size_t breaches_seen = 0, carried_seen = 0, pending_seen = 0, decided_by_change = 0;
  for (unsigned seed = 1; seed <= 25; ++seed) {
    INFO("seed " << seed);
    std::mt19937 rng(seed);
    auto chance = [&](int percent) {
      return std::uniform_int_distribution<int>(0, 99)(rng) < percent;
    };
    auto upto = [&](minute most) { return std::uniform_int_distribution<minute>(0, most)(rng); };

    std::vector<incident_case> incidents;
    for (int k = 0; k < 40; ++k) {
      incident_case i;
      i.id = "I-" + std::to_string(k);
      i.office = chance(40);
      i.severity = chance(70) ? 1 : 2;
      i.occurred = some_time(rng);
      if (chance(75)) i.responded = i.occurred + upto(chance(50) ? 90 : 3 * day_m);
      if (chance(75)) i.restored = i.occurred + upto(chance(50) ? 240 : 3 * day_m);
      if (chance(60))
        i.closed = std::max(i.occurred, i.restored.value_or(i.occurred)) + upto(day_m);
      if (chance(30)) {
        minute from = i.occurred + upto(180);
        i.pauses.push_back({from, chance(15) ? -1 : from + 10 + upto(16 * 60)});
      }
      for (const char* role : {"A", "B"})
        if (chance(70)) i.notified[role] = i.occurred + upto(chance(60) ? 90 : 2 * day_m);
      if (chance(35)) i.changed = i.occurred + 1 + upto(chance(50) ? 150 : 12 * 60);
      incidents.push_back(std::move(i));
    }
    std::vector<ticket_case> tickets;
    for (int k = 0; k < 25; ++k) {
      ticket_case t;
      t.id = "T-" + std::to_string(k);
      t.opened = some_time(rng);
      if (chance(80)) t.responded = t.opened + upto(chance(50) ? 180 : 4 * day_m);
      if (chance(60)) t.resolved = t.responded.value_or(t.opened) + upto(day_m);
      tickets.push_back(std::move(t));
    }

    // The history as CSV files, read as `slaudit run` reads them, once per month.
    test::map_reader files;
    auto opt_time = [](const std::optional<minute>& m) { return m ? text_of(*m) : std::string(); };
    std::string inc = "id,service,severity,occurred,responded,restored,closed\n",
                pau = "incident,state,start,end\n", esc = "incident,role,notified\n",
                tic = "id,opened,responded,resolved\n", chg = "incident,from,severity\n";
    for (auto& i : incidents) {
      inc += i.id + "," + (i.office ? "office" : "core") + "," + std::to_string(i.severity) + "," +
             text_of(i.occurred) + "," + opt_time(i.responded) + "," + opt_time(i.restored) + "," +
             opt_time(i.closed) + "\n";
      for (auto& p : i.pauses)
        pau += i.id + ",awaiting_customer," + text_of(p.from) + "," +
               (p.to >= 0 ? text_of(p.to) : "") + "\n";
      for (auto& [role, at] : i.notified) esc += i.id + "," + role + "," + text_of(at) + "\n";
      if (i.changed) chg += i.id + "," + text_of(*i.changed) + "," + std::to_string(3 - i.severity) + "\n";
    }
    for (auto& t : tickets)
      tic += t.id + "," + text_of(t.opened) + "," + opt_time(t.responded) + "," +
             opt_time(t.resolved) + "\n";
    files.files = {{"h/incidents.csv", inc},
                   {"h/pauses.csv", pau},
                   {"h/escalations.csv", esc},
                   {"h/tickets.csv", tic},
                   {"h/changes.csv", chg}};

    std::map<std::string, engine::minor_units> charged;  // penalty → over the three months
    std::map<std::string, int> breached_in, judged_in;   // "id kind" → months
    for (int month : {10, 11, 12}) {
      engine::period p{2026, month, 1};
      history::ingest_options opt;
      opt.period = engine::period_bounds(p, z);
      auto h = history::ingest_folder("h", files, c, z, opt);
      REQUIRE_FALSE(h.error);
      auto r = engine::replay(c, z, p, h.events);
      for (auto& l : r.money.lines) charged[l.penalty] += l.amount;
      for (auto* list : {&r.clocks, &r.tickets})
        for (auto& x : *list) {
          std::string key = std::string(x.incident) + " " + std::string(x.kind);
          breached_in[key] += x.outcome == engine::verdict::breached;
          judged_in[key] += x.outcome != engine::verdict::pending;
          pending_seen += x.outcome == engine::verdict::pending;
          carried_seen += (x.note_flags & engine::note_carried) != 0;
          decided_by_change += (x.note_flags & engine::note_severity) != 0;
          if (x.stop) CHECK(*x.stop < r.bounds.to);  // never a stop time from after the period
        }
      for (auto& e : r.escalations) {
        std::string key = std::string(e.incident) + " step " + std::to_string(e.after_s);
        breached_in[key] += e.outcome == engine::verdict::breached;
        judged_in[key] += 1;
      }
    }

    // The reference: every clock judged once over the three months.
    std::map<std::string, engine::minor_units> expected;
    std::set<std::string> breached;
    auto charge = [&](const std::string& penalty, engine::minor_units v) {
      expected[penalty] += v;
    };
    for (auto& i : incidents) {
      auto covered = i.office ? std::function<bool(minute)>(business) : [](minute) { return true; };
      reference_clock clock{covered, i.pauses, i.occurred, i.restored};
      auto respond_of = [](int s) -> std::int64_t { return s == 1 ? 1800 : 3600; };
      auto restore_of = [](int s) -> std::int64_t { return s == 1 ? 7200 : 8 * 3600; };
      std::int64_t respond_s = respond_of(i.severity), restore_s = restore_of(i.severity);
      std::optional<minute> finished_respond = i.restored && i.closed
                                                   ? std::min(*i.restored, *i.closed)
                                               : i.restored ? i.restored
                                                            : i.closed;
      // Changes apply from when they happen; escalation keeps the severity at occurrence.
      auto respond = judge_once(clock, i.responded, finished_respond, respond_s, respond_of(3 - i.severity), i.changed);
      auto restore = judge_once(clock, i.restored, i.closed, restore_s, restore_of(3 - i.severity), i.changed);
      if (respond.breached) breached.insert(i.id + " respond"), charge("respond", 50000);
      if (restore.breached) breached.insert(i.id + " restore"), charge("restore", 100000);
      if (i.restored && *i.restored < horizon) charge("late restore", 10000 * restore.late_units);
      // Escalation steps: handling by severity and service level, on the restore clock.
      std::vector<std::pair<minute, std::vector<std::string>>> steps;
      if (i.severity == 2)
        steps = {{120, {"B"}}};
      else if (i.office)
        steps = {{30, {"A"}}};
      else
        steps = {{15, {"A"}}, {60, {"A", "B"}}};
      std::optional<minute> resolved = i.restored ? i.restored : i.closed;
      for (auto& [after, roles] : steps) {
        auto due = clock.due(after);
        if (!due || (resolved && *resolved <= *due)) break;
        if (*due >= horizon) continue;
        bool late = false;
        for (auto& role : roles) {
          auto n = i.notified.find(role);
          late |= n == i.notified.end() || n->second > *due + 5;
        }
        std::string key = i.id + " step " + std::to_string(after * 60);
        if (late) breached.insert(key), charge("escalation", 20000);
        CHECK(judged_in[key] == 1);  // each step that falls due, in exactly one month
      }
    }
    for (auto& t : tickets) {
      reference_clock clock{business, {}, t.opened, std::nullopt};
      if (judge_once(clock, t.responded, t.resolved, 7200).breached)
        breached.insert(t.id + " respond"), charge("ticket", 10000);
    }

    for (auto& [key, months] : breached_in) {
      INFO(key);
      CHECK(months == (breached.count(key) ? 1 : 0));
    }
    for (auto& key : breached) {
      INFO(key);
      CHECK(breached_in[key] == 1);
    }
    for (auto& [key, months] : judged_in) {
      INFO(key);
      CHECK(months <= 1);
    }
    for (const char* penalty : {"respond", "restore", "late restore", "ticket", "escalation"}) {
      INFO(penalty);
      CHECK(charged[penalty] == expected[penalty]);
    }
    breaches_seen += breached.size();
  }
  // The histories exercised what they are for.
  CHECK(breaches_seen > 500);
  CHECK(carried_seen > 50);
  CHECK(pending_seen > 50);
  CHECK(decided_by_change > 50);
}
