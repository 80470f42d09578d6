// A contract-period's history as the engine reads it: what happened, in UTC instants,
// each record with the file and row it came from (for the trail and for findings).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/interval_set.hpp"
#include "engine/model.hpp"

namespace slaudit::engine {

/// Where a record came from: `incidents.csv` row 17 (spreadsheet numbering). The name views
/// storage that outlives every history and result: a string literal or `stable_file_name`.
struct source_row {
  std::string_view file;
  std::uint32_t row = 0;
};

/// A history file's name as static storage, for `source_row`: the canonical names are
/// returned from a fixed table; any other name is kept for the life of the process.
std::string_view stable_file_name(std::string_view name);

/// `text` kept once for the life of the process (thread-safe), for the few distinct texts
/// results view, such as a clock's note: one copy however many clocks show it.
std::string_view lasting_text(std::string_view text);

/// No record: a pause or notification whose incident is not linked yet.
constexpr std::uint32_t unlinked = 0xffffffff;

/// Texts a history's records view, kept once in blocks that never move: a million incidents
/// had a heap allocation each for their descriptions, and three 32-byte strings that the
/// replay read through. Moves with its history (the blocks stay where they are); not copied.
class text_store {
 public:
  text_store() = default;
  text_store(text_store&& o) noexcept { *this = std::move(o); }
  text_store& operator=(text_store&& o) noexcept;
  text_store(const text_store&) = delete;
  text_store& operator=(const text_store&) = delete;

  /// A copy of `text` that lives as long as the store.
  std::string_view keep(std::string_view text);

 private:
  std::vector<std::unique_ptr<char[]>> blocks_;
  char* free_ = nullptr;  ///< in the last block
  std::size_t left_ = 0;
};

/// An incident. Its texts view the `history::texts` of the history that holds it.
struct incident {
  std::string_view id, service;
  instant occurred = 0;
  maybe_instant detected, responded, restored, closed;
  int severity = 0;
  impact effect = impact::outage;
  cause origin = cause::provider;
  std::string_view description;
  source_row at;
};

/// A clock pause in a named state; open-ended pauses last until the incident is restored.
struct pause {
  std::string incident, state;
  std::uint32_t owner = unlinked;  ///< index of the incident in history::incidents
  instant start = 0;
  std::optional<instant> end;
  source_row at;
};

/// A change of an incident's severity or impact, in force from `from` on (an event log
/// records when they changed; incidents.csv gives them at occurrence). Availability counts
/// an incident only while its impact in force counts; a clock is judged against the target of
/// the severity in force (domain rule: changes apply from the time they happen).
struct incident_change {
  std::string incident;
  std::uint32_t owner = unlinked;  ///< index of the incident in history::incidents
  instant from = 0;
  std::optional<int> severity;   ///< none: unchanged
  std::optional<impact> effect;  ///< none: unchanged
  source_row at;
};

struct maintenance_record {
  std::string id, service;
  instant start = 0, end = 0;
  std::optional<instant> notified;
  bool approved = false, emergency = false;
  std::string description;
  source_row at;
};

/// Extended service time the customer asked for (延长服务时间): not measured.
struct extension {
  std::string service;
  instant start = 0, end = 0;
  std::optional<instant> requested;
  source_row at;
};

struct ticket {
  std::string id;
  instant opened = 0;
  std::optional<instant> responded, resolved;
  std::string priority, description;
  source_row at;
};

/// A notification recorded for an escalation step.
struct notification {
  std::string incident, role;
  std::uint32_t owner = unlinked;  ///< index of the incident in history::incidents
  instant notified = 0;
  source_row at;
};

struct transaction_day {
  std::string service;
  civil_day date = 0;
  std::int64_t total = 0, failed = 0, failed_third_party = 0;
  source_row at;
};

struct alarm_day {
  civil_day date = 0;
  std::int64_t total = 0, missed = 0, false_alarms = 0;
  source_row at;
};

struct payment {
  std::string invoice;
  minor_units amount = 0;
  civil_day due = 0;
  std::optional<civil_day> paid;
  source_row at;
};

/// A decision the parties recorded on the month (decisions.csv, docs/history.md): a breach
/// waived, a clock credited or a penalty line reduced, an incident's cause or impact
/// reclassified. The history's evidence stays as it was; the engine applies the decision to
/// the figures it touches and keeps the original beside the decided one.
struct decision {
  enum class on : std::uint8_t {
    clock,       ///< incident:ID:respond|restore
    ticket,      ///< ticket:ID:respond|resolve
    escalation,  ///< escalation:ID:STEP
    line,        ///< penalty:NAME or penalty:NAME:SUBJECT
    incident     ///< incident:ID (cause or impact)
  };
  enum class kind : std::uint8_t { waive, reduce, cause, impact };
  std::string target;   ///< as written
  on what = on::clock;
  std::string record;   ///< the incident's or ticket's id, or the penalty's name
  std::string part;     ///< respond, restore or resolve; the step as written; the line's subject
  std::int64_t step_s = 0;  ///< escalation: the step's delay
  kind decided = kind::waive;
  std::string value;    ///< as written
  std::int64_t credit_s = 0;      ///< reduce on a clock: the time credited
  minor_units reduce_to = 0;      ///< reduce on a line: what it is reduced to
  cause new_cause = cause::provider;
  impact new_effect = impact::outage;
  std::string approver, reason;
  civil_day approved = 0;
  source_row at;
  std::uint32_t target_column = 1, value_column = 1;  ///< for errors, as a spreadsheet counts
};

/// "waive", "reduce", "cause" or "impact".
std::string_view decision_word(decision::kind k);

/// Something about the data a reader of the report must know: a skipped row, a timestamp
/// read from a repeated DST hour, a missing value that counts as a breach.
struct finding {
  source_row at;
  std::string column;
  std::string message;  ///< in English, for the JSON and `explain`
  /// What it says, as a kind and its values, for a report to phrase in its language (other:
  /// the message as it is).
  enum class kind : std::uint8_t {
    other,
    repeated_local_time,   ///< value, zone
    row_skipped,           ///< why (in English: the row's error)
    state_not_pausing,     ///< state
    missing_time,          ///< record kind (incident|ticket), record, clock (respond|restore), breach (yes|no)
    all_outside,           ///< rows, file, period
    yearly_cap_unapplied,  ///< first month, last month
    created_before_opened, ///< incident, field, time, opened
    not_an_incident,       ///< number, what it is
    amended_within,        ///< amendment, its first day, period, the month's terms (empty: as signed), "pro_rata" or ""
    pro_rated              ///< figure (monthly_fee|fee_share|availability_target), service (or ""), working, decimals
  } what = kind::other;
  std::vector<std::string> values;
};

struct input_file {
  std::string name;      ///< as in the history folder: incidents.csv
  std::string encoding;  ///< UTF-8 or GB18030
  std::uint64_t bytes = 0;
  std::string sha256;  ///< of the file's bytes as read, hex
  std::size_t rows = 0;
  std::size_t outside_period = 0;  ///< rows read and checked but not kept (ingest_options::period)
  std::size_t skipped = 0;         ///< bad rows skipped (ingest_options::skip_bad_rows), each a finding
};

struct history {
  text_store texts;  ///< what incidents' texts view
  // The lists that grow with a period's size.
  std::vector<incident> incidents;
  std::vector<pause> pauses;
  std::vector<incident_change> changes;
  std::vector<maintenance_record> maintenance;
  std::vector<extension> extensions;
  std::vector<ticket> tickets;
  std::vector<notification> notifications;
  std::vector<transaction_day> transactions;
  std::vector<alarm_day> alarms;
  std::vector<payment> payments;
  std::vector<decision> decisions;  ///< in file order
  std::vector<finding> findings;
  std::vector<input_file> files;
};

/// Sets every pause's and notification's `owner` from its incident id (ingestion does this
/// as it checks the ids; a history built by hand calls it before replay). Records whose
/// incident is unknown stay `unlinked`.
void link_records(history& h);

}  // namespace slaudit::engine
