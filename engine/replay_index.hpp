// What the pass over a replay's incidents looks up for each, found once per replay: the terms
// that apply to it (by its service and severity: targets, the coverage each clock runs on,
// its escalation steps), its pauses as intervals and its notifications. Looked up per
// incident and per phase (a string comparison per service, per calendar, per pause state; a
// set built per paused incident, twice), they were most of the replay's time.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/events.hpp"
#include "engine/interval_set.hpp"
#include "engine/model.hpp"
#include "engine/zone.hpp"

namespace slaudit::engine {

/// Equal texts, compared in line: ids, services and roles are a few bytes, and a call to
/// memcmp per record cost more than the comparison.
inline bool same_text(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t k = 0; k < a.size(); ++k)
    if (a[k] != b[k]) return false;
  return true;
}

/// One clock's terms: its target, and the coverage it runs on (a calendar, or 7x24).
struct clock_terms {
  const clock_target* target = nullptr;  ///< none: the severity sets no such target
  const interval_set* coverage = nullptr;
  std::string_view coverage_name;  ///< the calendar's name, or 7x24
};

/// The terms of incidents of one service and one severity.
struct incident_terms {
  const service* svc = nullptr;
  clock_terms respond, restore;
  /// Escalation: the handling level and its steps (null: none apply), timed on the restore
  /// clock's coverage (the restore target's calendar, else the service level's).
  int handling = 0;
  const std::vector<escalation_step>* steps = nullptr;
  /// Each step's roles as `replay_index::notice::role` names them (the contract's first text
  /// of each role): a notice is for a role when the two addresses are equal.
  const std::vector<std::vector<const std::string*>>* step_roles = nullptr;
  const interval_set* escalation_coverage = nullptr;
};

class replay_index {
 public:
  /// Views `c`, `h` and itself: keep them alive and in place while it is used.
  replay_index(const contract& c, const zone& z, interval period, const history& h);
  replay_index(const replay_index&) = delete;
  replay_index& operator=(const replay_index&) = delete;

  static constexpr std::uint32_t none = 0xffffffff;

  /// The index in `contract::services` of the first service of this id; `none` when the
  /// contract has none.
  std::uint32_t service_index(std::string_view id) const {
    for (std::size_t x = 0; x < service_ids_.size(); ++x)
      if (same_text(service_ids_[x], id)) return static_cast<std::uint32_t>(x);
    return none;
  }
  /// The terms of an incident of the service numbered `service` and of `severity`; null
  /// when either is not in the contract.
  const incident_terms* terms(std::uint32_t service, int severity) const {
    if (service == none) return nullptr;
    for (std::size_t x = 0; x < severity_ids_.size(); ++x)
      if (severity_ids_[x] == severity) return &terms_[service * severity_ids_.size() + x];
    return nullptr;
  }
  /// A notification as the escalation steps read it: when, and whom, as the contract's own
  /// text of the role (null: a role no step of the contract names).
  struct notice {
    instant at = 0;
    const std::string* role = nullptr;
  };

  /// An incident's records start at `begin`; the next run's `begin` ends them. The last run
  /// only ends the one before it.
  struct run {
    std::uint32_t incident = 0, begin = 0;
  };

  /// Incidents' pauses and notifications, read in incident order: `paused(k)` and
  /// `notified(k)` are asked for k = 0, 1, 2 … (each at most once), as the pass over the
  /// incidents goes. The records are kept grouped by incident, in runs, not in tables of a
  /// slot per incident (most incidents have none).
  class reader {
   public:
    explicit reader(const replay_index& index) : index_(index) {}
    /// Incident k's pauses in the contract's pause states, merged: an open pause lasts until
    /// the incident is restored, or to the end of `reach`.
    std::span<const interval> paused(std::size_t k) { return take(index_.paused_runs_, index_.paused_, pause_, k); }
    /// Incident k's notifications, in file order.
    std::span<const notice> notified(std::size_t k) { return take(index_.notified_runs_, index_.notified_, notice_, k); }

   private:
    template <typename T>
    static std::span<const T> take(const std::vector<run>& runs, const std::vector<T>& items, std::size_t& at,
                                   std::size_t k) {
      while (at + 1 < runs.size() && runs[at].incident < k) ++at;
      if (at + 1 >= runs.size() || runs[at].incident != k) return {};
      return {items.data() + runs[at].begin, items.data() + runs[at + 1].begin};
    }
    const replay_index& index_;
    std::size_t pause_ = 0, notice_ = 0;
  };

  /// The ticket response clock's terms (no target: the contract sets none).
  const clock_terms& ticket() const { return ticket_; }

  /// `coverage` (one of the index's) for a clock that starts at `start`. The index builds
  /// coverage from two months before the period; a clock that started earlier still (a record
  /// open for months, carried from period to period) gets a set built from its start, kept
  /// for the next such clock.
  const interval_set& coverage_since(const interval_set& coverage, instant start) const {
    return start >= reach_.from ? coverage : wider_coverage(coverage, start);
  }

 private:
  const interval_set& wider_coverage(const interval_set& coverage, instant start) const;

  const contract& contract_;
  const zone& zone_;
  interval reach_;  ///< the period and clock_reach_s either side: where coverage is built
  std::deque<std::pair<std::optional<std::string>, interval_set>> coverage_;
  /// wider_coverage's sets: the index's set each stands in for, and where it is built from.
  struct wider_set {
    const interval_set* of;
    instant from;
    interval_set set;
  };
  mutable std::deque<wider_set> wider_;
  std::vector<incident_terms> terms_;   ///< service-major: services × severities
  std::map<const std::vector<escalation_step>*, std::vector<std::vector<const std::string*>>> step_roles_;
  clock_terms ticket_;
  std::vector<std::string_view> service_ids_;  ///< the contract's, in its order
  std::vector<int> severity_ids_;
  std::vector<run> paused_runs_;  ///< by incident
  std::vector<interval> paused_;
  std::vector<run> notified_runs_;
  std::vector<notice> notified_;
};

}  // namespace slaudit::engine
