#include "history/profiles.hpp"

#include <algorithm>
#include <cctype>

#include "history/text.hpp"

namespace slaudit::history {
namespace {

/// An export's columns by lower-cased name: values ("?" read as empty) and 1-based numbers.
class export_columns {
 public:
  explicit export_columns(const csv_table& t) {
    for (std::size_t i = 0; i < t.header.size(); ++i) col_.emplace(lower(t.header[i]), static_cast<std::uint32_t>(i));
  }
  /// The first of `names` the header lacks, as an error naming the profile's source.
  std::optional<csv_error> require(std::initializer_list<const char*> names, const std::string& what) const {
    for (const char* n : names)
      if (!col_.count(n)) return csv_error{1, 1, what + " needs a '" + n + "' column"};
    return std::nullopt;
  }
  std::string value(const csv_row& r, const char* name) const {
    auto it = col_.find(name);
    if (it == col_.end()) return "";
    const std::string& v = r.fields[it->second];
    return v == "?" ? "" : v;  // ServiceNow writes ? for empty
  }
  std::uint32_t number(const char* name) const { return col_.count(name) ? col_.at(name) + 1 : 1u; }

 private:
  std::map<std::string, std::uint32_t> col_;
};

/// The contract service for an export row: the one it names if the contract has it, else the
/// one given, else the contract's only one; otherwise as written (the ingester reports it).
std::string service_for(const std::string& named, const engine::contract& c, const std::string& given) {
  for (auto& s : c.services)
    if (s.id == named) return named;
  if (!given.empty()) return given;
  if (c.services.size() == 1) return c.services[0].id;
  return named;
}

/// "Awaiting User Info" → "awaiting_user_info": the name a contract's `pause clocks in` uses.
std::string state_name(const std::string& s) {
  std::string out = lower(s);
  std::replace(out.begin(), out.end(), ' ', '_');
  return out;
}

/// What a ServiceNow record is, by its table (`sys_class_name`, when the export has it) or
/// else by its number's prefix: empty for an incident, else "a request (sc_request)", …
/// Only incidents are incidents of the contract: requests, their items and tasks, changes
/// and problems do not count against availability and have no incident clocks.
/// "change_request" of "a change_request record (number CHG…)": the class, for a report to
/// phrase.
std::string record_class(const std::string& what) {
  std::string_view v = what;
  if (v.substr(0, 2) == "a ") v.remove_prefix(2);
  return std::string(v.substr(0, v.find(" record")));
}

std::string not_an_incident(const std::string& number, const std::string& class_name) {
  static const std::vector<std::pair<std::string, std::string>> kinds = {
      {"sc_request", "REQ"}, {"sc_req_item", "RITM"}, {"sc_task", "SCTASK"}, {"change_request", "CHG"},
      {"change_task", "CTASK"}, {"problem", "PRB"}, {"problem_task", "PTASK"}, {"task", "TASK"}};
  std::string cls = lower(class_name);
  if (!cls.empty()) {
    if (cls == "incident") return "";
    return "a " + cls + " record";
  }
  std::string prefix;
  for (char ch : number) {
    if (!std::isalpha(static_cast<unsigned char>(ch))) break;
    prefix += static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  }
  for (auto& [table, p] : kinds)
    if (prefix == p) return "a " + table + " record (number " + p + "…)";
  return "";
}

/// dd-mm-yyyy HH:MM → yyyymmddHHMM, which sorts as time does (other text sorts last).
std::string sortable(const std::string& t) {
  if (t.size() != 16 || t[2] != '-' || t[5] != '-' || t[10] != ' ') return "~" + t;
  return t.substr(6, 4) + t.substr(3, 2) + t.substr(0, 2) + t.substr(11, 2) + t.substr(14, 2);
}

/// ServiceNow event log (one row per state change of an incident; the UCI "incident
/// management process enriched event log" layout). Collapsed by `number`:
/// occurred = opened_at, or the incident's first recorded time (sys_created_at or its first
/// update) when that is earlier — a finding then; responded = the first update that leaves state New;
/// restored = resolved_at, closed = closed_at (final values); severity = the leading digit
/// of the final priority ("2 - High" → 2); impact = outage for "1 - High", else degraded;
/// pauses = the spans spent in "Awaiting …" states,
/// from the update that entered one to the update that left it (open if never left).
/// What the event-log profile reads from an incident's rows (sorted by sys_mod_count).
struct eventlog_reader {
  const export_columns& cols;

  std::string value(const csv_row& r, const char* name) const { return cols.value(r, name); }
  std::uint32_t source(const char* name) const { return cols.number(name); }
  /// "2 - High" → "2".
  std::string severity_of(const csv_row& r) const {
    std::string priority = value(r, "priority");
    return priority.substr(0, priority.find_first_not_of("0123456789"));
  }
  /// ServiceNow's impact "1 - High" is a loss of the service; Medium and Low are partial
  /// (SLA 2.2 note a: they do not count against availability). No column: an outage.
  std::string impact_of(const csv_row& r) const {
    std::string v = value(r, "impact");
    return v.empty() || v[0] == '1' ? "outage" : "degraded";
  }

  /// The canonical files' headers, each column traced to the export's.
  void headers(profile_result& out) const {
    out.incidents.header = {"id", "service", "severity", "occurred", "responded", "restored", "closed", "impact",
                            "description"};
    out.incidents.source_columns = {source("number"), source("number"), source("priority"), source("opened_at"),
                                    source("sys_updated_at"), source("resolved_at"), source("closed_at"),
                                    source("impact"), source("category")};
    out.pauses.header = {"incident", "state", "start", "end"};
    out.pauses.source_columns = {source("number"), source("incident_state"), source("sys_updated_at"),
                                 source("sys_updated_at")};
    out.changes.header = {"incident", "from", "severity", "impact"};
    out.changes.source_columns = {source("number"), source("sys_updated_at"), source("priority"), source("impact")};
  }

  /// The fault is there from its first recorded time (docs/rules.md, Clocks): a record created
  /// or updated before its opened_at starts then, a finding.
  std::string occurred_of(const std::string& n, const std::vector<const csv_row*>& rows, profile_result& out) const {
    const csv_row& last = *rows.back();
    std::string occurred = value(last, "opened_at");
    for (auto [what, t] : {std::pair<const char*, std::string>{"sys_created_at", value(*rows.front(), "sys_created_at")},
                           {"sys_updated_at", value(*rows.front(), "sys_updated_at")}}) {
      if (!t.empty() && !occurred.empty() && sortable(t) < sortable(occurred)) {
        out.findings.push_back({{"incidents.csv", rows.front()->row}, "opened_at",
                                "incident " + n + ": " + what + " " + t + " is before opened_at " +
                                    value(last, "opened_at") + "; the fault is taken to occur at " + t,
                                engine::finding::kind::created_before_opened, {n, what, t, value(last, "opened_at")}});
        occurred = t;
      }
    }
    return occurred;
  }

  /// The incident's row: severity and impact at occurrence (the first update's; changes.csv
  /// from then on), responded at the first update that leaves New, the final resolved and
  /// closed times, the final category as the description.
  void incident(const std::string& n, const std::string& svc, const std::vector<const csv_row*>& rows,
                profile_result& out) const {
    const csv_row& last = *rows.back();
    std::string responded;
    for (auto* r : rows)
      if (lower(value(*r, "incident_state")) != "new") {
        responded = value(*r, "sys_updated_at");
        break;
      }
    std::string description;
    for (const char* f : {"category", "subcategory", "u_symptom"}) {
      auto v = value(last, f);
      if (!v.empty()) description += (description.empty() ? "" : " / ") + v;
    }
    std::string occurred = occurred_of(n, rows, out);
    out.incidents.rows.push_back({rows.front()->row,
                                  {n, svc, severity_of(*rows.front()), occurred, responded, value(last, "resolved_at"),
                                   value(last, "closed_at"), impact_of(*rows.front()), description}});
  }

  /// Each update that changes the severity or the impact starts the new one then (not the
  /// final values over the whole life).
  void changes(const std::string& n, const std::vector<const csv_row*>& rows, profile_result& out) const {
    for (std::size_t k = 1; k < rows.size(); ++k) {
      std::string now = severity_of(*rows[k]), before = severity_of(*rows[k - 1]);
      bool impact_changed = impact_of(*rows[k]) != impact_of(*rows[k - 1]);
      if (now != before || impact_changed)
        out.changes.rows.push_back({rows[k]->row,
                                    {n, value(*rows[k], "sys_updated_at"), now != before ? now : "",
                                     impact_changed ? impact_of(*rows[k]) : ""}});
    }
  }

  /// Pauses: from the update that entered an Awaiting state to the one that left it (open if
  /// never left).
  void pauses(const std::string& n, const std::vector<const csv_row*>& rows, profile_result& out) const {
    std::string paused_in, paused_from;
    std::uint32_t paused_row = 0;
    for (auto* r : rows) {
      std::string state = value(*r, "incident_state");
      bool awaiting = lower(state).rfind("awaiting", 0) == 0;
      std::string at = value(*r, "sys_updated_at");
      if (!paused_in.empty() && state_name(state) != paused_in) {
        out.pauses.rows.push_back({paused_row, {n, paused_in, paused_from, at}});
        paused_in.clear();
      }
      if (awaiting && paused_in.empty()) {
        paused_in = state_name(state);
        paused_from = at;
        paused_row = r->row;
      }
    }
    if (!paused_in.empty()) out.pauses.rows.push_back({paused_row, {n, paused_in, paused_from, ""}});
  }
};

profile_result servicenow_eventlog(const csv_table& in, const engine::contract& c, const std::string& service) {
  profile_result out;
  export_columns cols(in);
  out.error = cols.require({"number", "incident_state", "sys_mod_count", "sys_updated_at", "opened_at", "priority",
                            "resolved_at", "closed_at"},
                           "a ServiceNow event log");
  if (out.error) return out;
  std::string svc = service;
  if (svc.empty()) {
    if (c.services.size() != 1) {
      out.error = csv_error{1, 1, "the contract has " + std::to_string(c.services.size()) +
                                      " services: name the one these incidents belong to (--service)"};
      return out;
    }
    svc = c.services[0].id;
  }
  eventlog_reader log{cols};
  // Group by incident number, in order of first appearance; within one, by sys_mod_count.
  std::vector<std::string> order;
  std::map<std::string, std::vector<const csv_row*>> by_number;
  for (auto& r : in.rows) {
    auto n = log.value(r, "number");
    if (n.empty()) {
      out.error = csv_error{r.row, log.source("number"), "the incident number is empty"};
      return out;
    }
    if (!by_number.count(n)) order.push_back(n);
    by_number[n].push_back(&r);
  }
  log.headers(out);
  for (auto& n : order) {
    auto rows = by_number[n];
    if (auto what = not_an_incident(n, log.value(*rows.front(), "sys_class_name")); !what.empty()) {
      out.findings.push_back({{"incidents.csv", rows.front()->row}, "number",
                              n + " is " + what + ", not an incident: left out of availability and incident clocks",
                              engine::finding::kind::not_an_incident, {n, record_class(what)}});
      continue;
    }
    std::stable_sort(rows.begin(), rows.end(), [&](auto* a, auto* b) {
      auto count = [&](const csv_row* r) { auto v = log.value(*r, "sys_mod_count"); return v.empty() ? 0L : std::atol(v.c_str()); };
      return count(a) < count(b);
    });
    log.incident(n, svc, rows, out);
    log.changes(n, rows, out);
    log.pauses(n, rows, out);
  }
  auto f = *time_format::parse("dd-mm-yyyy HH:MM");
  for (const char* c2 : {"occurred", "responded", "restored", "closed", "start", "end", "from"}) out.formats[c2] = f;
  return out;
}

/// ServiceNow incident list export (one row per incident, field names as headers):
/// id = number; severity = leading digit of priority; occurred = opened_at;
/// responded = work_start; restored = resolved_at; closed = closed_at; impact as the event
/// log; service = business_service when it names a contract service, else the one given
/// (or the contract's only one); description = short_description. Empty values may be
/// written as "?" or left empty; timestamps as the export writes them (yyyy-mm-dd HH:MM:SS).
profile_result servicenow_list(const csv_table& in, const engine::contract& c, const std::string& service) {
  profile_result out;
  export_columns cols(in);
  out.error = cols.require({"number", "opened_at", "priority"}, "a ServiceNow incident list");
  if (out.error) return out;
  auto value = [&](const csv_row& r, const char* name) { return cols.value(r, name); };
  auto source = [&](const char* name) { return cols.number(name); };
  out.incidents.header = {"id", "service", "severity", "occurred", "responded", "restored", "closed", "impact",
                          "description"};
  out.incidents.source_columns = {source("number"), source("business_service"), source("priority"),
                                  source("opened_at"), source("work_start"), source("resolved_at"),
                                  source("closed_at"), source("impact"), source("short_description")};
  out.pauses.header = {"incident", "state", "start", "end"};
  for (auto& r : in.rows) {
    if (auto what = not_an_incident(value(r, "number"), value(r, "sys_class_name")); !what.empty()) {
      out.findings.push_back({{"incidents.csv", r.row}, "number",
                              value(r, "number") + " is " + what + ", not an incident: left out of availability and incident clocks",
                              engine::finding::kind::not_an_incident, {value(r, "number"), record_class(what)}});
      continue;
    }
    std::string svc = service_for(value(r, "business_service"), c, service);
    std::string priority = value(r, "priority");
    std::string severity = priority.substr(0, priority.find_first_not_of("0123456789"));
    std::string impact = value(r, "impact");
    impact = impact.empty() || impact[0] == '1' ? "outage" : "degraded";
    out.incidents.rows.push_back({r.row,
                                  {value(r, "number"), svc, severity, value(r, "opened_at"), value(r, "work_start"),
                                   value(r, "resolved_at"), value(r, "closed_at"), impact,
                                   value(r, "short_description")}});
  }
  return out;
}

/// Jira's CSV export (Jira Service Management incidents): id = "Issue key"; severity from
/// "Priority" (Highest/Blocker/Critical 1, High/Major 2, Medium 3, Low/Lowest/Minor/Trivial
/// 4, or the digit of P1…P4); occurred = "Created"; responded = "Custom field (First
/// Response Date)" when the export has it; restored and closed = "Resolved"; service =
/// "Component/s" when it names a contract service (else the one given, or the only one);
/// description = "Summary". Dates in Jira's default dd/mon/yy h:MM ampm (03/Oct/26 2:05 PM).
profile_result jira(const csv_table& in, const engine::contract& c, const std::string& service) {
  profile_result out;
  export_columns cols(in);
  out.error = cols.require({"issue key", "priority", "created"}, "a Jira export");
  if (out.error) return out;
  auto value = [&](const csv_row& r, const char* name) { return cols.value(r, name); };
  auto source = [&](const char* name) { return cols.number(name); };
  static const std::map<std::string, std::string> severities = {
      {"highest", "1"}, {"blocker", "1"}, {"critical", "1"}, {"high", "2"}, {"major", "2"}, {"medium", "3"},
      {"low", "4"},     {"lowest", "4"},  {"minor", "4"},    {"trivial", "4"}};
  const char* response = "custom field (first response date)";
  out.incidents.header = {"id", "service", "severity", "occurred", "responded", "restored", "closed", "description"};
  out.incidents.source_columns = {source("issue key"), source("component/s"), source("priority"), source("created"),
                                  source(response), source("resolved"), source("resolved"), source("summary")};
  out.pauses.header = {"incident", "state", "start", "end"};
  for (auto& r : in.rows) {
    std::string svc = service_for(value(r, "component/s"), c, service);
    std::string priority = lower(value(r, "priority"));
    std::string severity = priority;  // unknown names stay as written: the ingester reports them
    if (auto it = severities.find(priority); it != severities.end()) severity = it->second;
    else if (priority.size() == 2 && priority[0] == 'p') severity = priority.substr(1);
    out.incidents.rows.push_back({r.row,
                                  {value(r, "issue key"), svc, severity, value(r, "created"), value(r, response),
                                   value(r, "resolved"), value(r, "resolved"), value(r, "summary")}});
  }
  auto f = *time_format::parse("dd/mon/yy h:MM ampm");
  for (const char* c2 : {"occurred", "responded", "restored", "closed"}) out.formats[c2] = f;
  return out;
}

}  // namespace

const std::vector<std::string>& profile_names() {
  static const std::vector<std::string> names = {"jira", "servicenow", "servicenow-eventlog"};
  return names;
}

profile_result apply_profile(const std::string& profile, const csv_table& export_rows, const engine::contract& c,
                             const std::string& service) {
  if (profile == "servicenow-eventlog") return servicenow_eventlog(export_rows, c, service);
  if (profile == "servicenow") return servicenow_list(export_rows, c, service);
  if (profile == "jira") return jira(export_rows, c, service);
  profile_result r;
  r.error = csv_error{1, 1, "unknown profile '" + profile + "'"};
  return r;
}

}  // namespace slaudit::history
