// The validated contract model: what a contract means, with units resolved
// (durations in seconds, money in minor units, rates as exact decimals) and every
// reference bound. Built from the AST by validate(); the engine consumes only this.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/decimal.hpp"

namespace slaudit::engine {

/// Days since 1970-01-01 in the contract's civil calendar.
using civil_day = std::int32_t;
/// Money in minor units of the contract currency (fen for CNY).
using minor_units = std::int64_t;

/// Where a term was written: for the calculation trail (`file:line`).
struct origin {
  std::uint32_t line = 0;
  std::string file;  ///< the terms file it was written in; empty: the contract's own file
  std::vector<std::string> clauses;  ///< `clause "4.4"` references
};

/// Half-open [from_s, to_s) in seconds after local midnight; to_s may be 86400.
struct day_span {
  std::int32_t from_s = 0, to_s = 0;
};

/// Weekly hours: index 0 = Monday … 6 = Sunday.
using week_hours = std::array<std::vector<day_span>, 7>;

struct dated_label {
  civil_day day = 0;
  std::string label;
};

struct calendar {
  std::string name;
  week_hours hours;
  std::vector<dated_label> holidays;  ///< sorted by day, one entry per day
  std::vector<dated_label> workdays;  ///< make-up working days (调休上班), sorted
  /// Hours of a make-up working day: the first working weekday's (docs/rules.md, Time).
  std::vector<day_span> workday_hours;
  std::vector<std::string> imported;  ///< .ics paths, as written
  origin where;
};

/// Coverage: absent calendar = 7×24 (wall time).
struct coverage {
  std::optional<std::string> calendar;
};

enum class response_mode { onsite, remote };

struct service_level {
  int id = 0;
  std::string label;
  coverage hours;
  std::vector<response_mode> modes;
  origin where;
};

struct clock_target {
  std::int64_t within_s = 0;
  std::optional<coverage> on;  ///< absent: the service level's coverage
  origin where;
};

struct severity {
  int id = 0;
  std::string label;
  std::optional<clock_target> respond, restore;
  origin where;
};

struct escalation_step {
  std::int64_t after_s = 0;
  std::vector<std::string> roles;
  origin where;
};

struct escalation {
  std::int64_t grace_s = 0;
  std::map<int, std::map<int, int>> matrix;  ///< severity → service level → handling level
  std::map<int, std::vector<escalation_step>> steps;  ///< handling level → steps, by time
  origin where;
};

enum class emergency_rule { needs_approval, allowed, not_allowed };

struct maintenance_window {
  std::array<bool, 7> days{};  ///< Monday first
  day_span span;
  origin where;
};

struct maintenance_rules {
  std::vector<maintenance_window> windows;
  std::int64_t notice_s = 3 * 86400;  ///< SLA 2.1(3): at least 3 days by default
  emergency_rule emergency = emergency_rule::needs_approval;
  origin where;
};

enum class cause : std::uint8_t { provider, third_party, customer, force_majeure };
enum class impact : std::uint8_t { outage, degraded, terminal };

struct exclusions {
  std::vector<cause> causes_availability, causes_clocks;
  /// SLA 2.2 note a): partial degradation and single-terminal faults never count.
  std::vector<impact> impacts_availability{impact::degraded, impact::terminal};
  std::vector<impact> impacts_clocks;
};

enum class period_unit { month, quarter, year };

struct service {
  std::string id;
  std::string label;
  int level = 0;
  std::optional<decimal> availability_pct;  ///< per month, e.g. 99.9
  origin availability_where;
  std::optional<std::int64_t> max_downtime_s;  ///< per month
  origin max_downtime_where;
  std::optional<decimal> transactions_pct;
  origin transactions_where;
  std::optional<minor_units> fee_share;  ///< this service's share of the monthly fee
  origin where;
};

struct ticket_rules {
  std::optional<clock_target> respond;
  origin where;
};

struct monitoring_targets {
  std::optional<decimal> early_detection_pct, accuracy_pct;
  origin where;
};

/// What a penalty credit is computed from.
struct credit {
  enum class kind { fixed, percent_of_fee, percent_of_share } base = kind::fixed;
  minor_units amount = 0;  ///< fixed
  decimal pct;             ///< percent_of_*
};

enum class metric {
  availability,
  transactions,
  early_detection,
  accuracy,
  respond_breaches,
  restore_breaches,
  ticket_breaches,
  escalation_breaches
};
enum class breach_target { respond, restore, ticket_respond, escalation };

struct tier {
  /// percent metrics: value in [low, high) (low absent = no lower bound, as "below");
  /// count metrics: low..high inclusive, high absent = open-ended.
  std::optional<decimal> low, high;
  credit amount;
  origin where;
};

enum class party_role { customer, provider };

struct penalty {
  enum class kind { tiered, per_breach, late, overdue } type = kind::tiered;
  std::string name;
  party_role payer = party_role::provider;
  // tiered
  metric on = metric::availability;
  std::optional<std::string> service;  ///< absent: each service
  bool cumulative = false;
  std::vector<tier> tiers;  ///< most severe last
  // per_breach and late
  breach_target target = breach_target::respond;
  credit amount;
  // late: charged per unit of lateness
  bool per_started_unit = true;
  std::int64_t unit_s = 3600;
  // overdue: rate of the overdue amount per day late
  decimal daily_rate_pct;
  origin where;
};

struct cap {
  credit limit;  ///< fixed or percent_of_fee
  period_unit per = period_unit::month;
  origin where;
};

enum class rounding_mode { half_up, half_even, down, up };

struct contract;

/// An amendment (补充协议): the whole contract as it stands from its day on, with this and
/// every earlier amendment applied (docs/dsl.md, Amendments).
struct amendment {
  std::string name;
  civil_day effective = 0;  ///< the first day it is in force
  bool pro_rata = false;    ///< the month it takes effect in shares fee and targets by days
  origin where;
  std::shared_ptr<const contract> terms;
};

struct contract {
  std::string id;
  std::string title;
  std::map<party_role, std::string> parties;
  /// The party's name as the contract states it; empty when it names none.
  std::string party(party_role role) const {
    auto it = parties.find(role);
    return it == parties.end() ? std::string() : it->second;
  }
  civil_day term_first = 0, term_last = 0;  ///< inclusive days
  std::string timezone;                     ///< IANA name, checked against tzdata
  std::string currency;
  minor_units fee = 0;  ///< as written, per fee_basis
  period_unit fee_basis = period_unit::month;
  minor_units monthly_fee = 0;  ///< the fee per month that "of fee" refers to
  rounding_mode rounding = rounding_mode::half_up;
  minor_units rounding_unit = 1;  ///< in minor units: 1 = 0.01 CNY
  std::vector<calendar> calendars;
  std::vector<service_level> levels;
  std::vector<severity> severities;
  std::optional<escalation> escalation_rules;
  maintenance_rules maintenance;
  exclusions excluded;
  std::vector<std::string> pause_states;
  bool missing_time_is_breach = true;
  std::vector<service> services;
  ticket_rules tickets;
  monitoring_targets monitoring;
  std::vector<penalty> penalties;  ///< in the contract's order (caps cut in this order)
  std::vector<cap> caps;
  std::string source_path;
  /// By date, none in force before the term's second day. Each holds its whole contract.
  std::vector<amendment> amendments;

  /// The terms in force on `day`: the latest amendment in force by then, or these.
  const contract& in_force(civil_day day) const {
    const contract* c = this;
    for (auto& a : amendments)
      if (a.effective <= day) c = a.terms.get();
    return *c;
  }
  /// The name of the terms in force on `day`: the amendment's, or empty for the contract as signed.
  std::string version_on(civil_day day) const {
    std::string name;
    for (auto& a : amendments)
      if (a.effective <= day) name = a.name;
    return name;
  }
};

/// Minor-unit digits of a currency (ISO 4217); 2 for the ones we do not list.
int minor_digits(const std::string& currency);

}  // namespace slaudit::engine
