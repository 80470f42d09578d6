#include "engine/completeness.hpp"

#include <algorithm>

namespace slaudit::engine {

const std::vector<std::string_view>& canonical_history_files() {
  static const std::vector<std::string_view> names = {
      "incidents.csv",   "pauses.csv",       "changes.csv",      "maintenance.csv", "extensions.csv",
      "tickets.csv",     "escalations.csv",  "transactions.csv", "alarms.csv",      "payments.csv",
      "decisions.csv"};
  return names;
}

namespace {

bool penalty_on(const contract& c, std::initializer_list<metric> metrics, std::initializer_list<breach_target> targets) {
  for (auto& p : c.penalties) {
    if (p.type == penalty::kind::tiered && std::find(metrics.begin(), metrics.end(), p.on) != metrics.end()) return true;
    if ((p.type == penalty::kind::per_breach || p.type == penalty::kind::late) &&
        std::find(targets.begin(), targets.end(), p.target) != targets.end())
      return true;
  }
  return false;
}

file_need need_of(const contract& c, std::string_view file) {
  auto measured = [](bool yes) { return yes ? file_need::measured : file_need::unused; };
  if (file == "incidents.csv") return file_need::required;
  if (file == "pauses.csv") return c.pause_states.empty() ? file_need::unused : file_need::optional;
  if (file == "maintenance.csv" || file == "extensions.csv" || file == "changes.csv" || file == "decisions.csv")
    return file_need::optional;
  if (file == "tickets.csv")
    return measured(c.tickets.respond || penalty_on(c, {metric::ticket_breaches}, {breach_target::ticket_respond}));
  if (file == "escalations.csv")
    return measured(c.escalation_rules || penalty_on(c, {metric::escalation_breaches}, {breach_target::escalation}));
  if (file == "transactions.csv")
    return measured(std::any_of(c.services.begin(), c.services.end(), [](auto& s) { return s.transactions_pct.has_value(); }) ||
                    penalty_on(c, {metric::transactions}, {}));
  if (file == "alarms.csv")
    return measured(c.monitoring.early_detection_pct || c.monitoring.accuracy_pct ||
                    penalty_on(c, {metric::early_detection, metric::accuracy}, {}));
  if (file == "payments.csv")
    return measured(std::any_of(c.penalties.begin(), c.penalties.end(),
                                [](auto& p) { return p.type == penalty::kind::overdue; }));
  return file_need::unused;
}

}  // namespace

completeness assess_completeness(const contract& c, const history& h) {
  completeness k;
  for (auto name : canonical_history_files()) {
    auto read = std::find_if(h.files.begin(), h.files.end(), [&](auto& f) { return f.name == name; });
    history_file_state s{name, read != h.files.end(), need_of(c, name)};
    if (!s.read && name == "pauses.csv") s.from_export = h.pauses.size();
    if (!s.read && name == "changes.csv") s.from_export = h.changes.size();
    if (!s.read && (s.need == file_need::measured || s.need == file_need::required))
      k.gaps.push_back({completeness_gap::kind::absent, name, 0});
    if (s.read && read->skipped > 0) k.gaps.push_back({completeness_gap::kind::skipped_rows, name, read->skipped});
    // The period's own records (incidents, tickets) all in other months: the history of
    // another month, or an export that does not cover this one. Pauses, notifications and
    // maintenance follow them and may well lie elsewhere.
    bool primary = name == "incidents.csv" || name == "tickets.csv";
    if (primary && s.read && read->rows > 0 && read->outside_period == read->rows)
      k.gaps.push_back({completeness_gap::kind::all_outside, name, read->rows});
    k.files.push_back(s);
  }
  return k;
}

std::string_view need_text(std::string_view file, file_need need) {
  struct row {
    std::string_view file, measured, optional, unused;
  };
  static constexpr row rows[] = {
      {"incidents.csv", "", "", ""},
      {"pauses.csv", "", "absent: no clock was paused (the contract pauses clocks in named states)",
       "the contract pauses no clocks"},
      {"changes.csv", "", "absent: no incident's severity or impact changed (each keeps what incidents.csv gives)", ""},
      {"maintenance.csv", "", "absent: no maintenance in the period", ""},
      {"extensions.csv", "", "absent: no extended service time was requested", ""},
      {"tickets.csv", "the contract measures ticket response", "", "the contract sets no ticket targets"},
      {"escalations.csv", "the contract sets escalation steps: each needs its notifications", "",
       "the contract sets no escalation steps"},
      {"transactions.csv", "the contract measures transaction success", "", "the contract sets no transaction targets"},
      {"alarms.csv", "the contract measures monitoring", "", "the contract sets no monitoring targets"},
      {"payments.csv", "the contract charges late payment", "", "the contract has no late-payment clause"},
      {"decisions.csv", "", "absent: no decision recorded (every figure as the history gives it)", ""},
  };
  for (auto& r : rows)
    if (r.file == file) {
      switch (need) {
        case file_need::required: return "required";
        case file_need::measured: return r.measured;
        case file_need::optional: return r.optional;
        case file_need::unused: return r.unused;
      }
    }
  return "";
}

std::string completeness_line(const completeness& k) {
  if (k.complete()) return "complete";
  std::string line = "incomplete: ";
  for (std::size_t i = 0; i < k.gaps.size(); ++i) {
    auto& g = k.gaps[i];
    if (i) line += "; ";
    std::string file(g.file);
    switch (g.what) {
      case completeness_gap::kind::absent:
        line += file + " absent (" + std::string(need_text(g.file, file_need::measured)) + ")";
        break;
      case completeness_gap::kind::skipped_rows:
        line += std::to_string(g.rows) + (g.rows == 1 ? " row of " : " rows of ") + file + " skipped as bad";
        break;
      case completeness_gap::kind::all_outside:
        line += "all " + std::to_string(g.rows) + " rows of " + file + " lie outside the period";
        break;
    }
  }
  return line;
}

}  // namespace slaudit::engine
