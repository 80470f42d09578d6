#include "ledger/ledger.hpp"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <thread>
#include <filesystem>
#include <map>

#include "history/digest.hpp"
#include "ledger/store.hpp"

namespace slaudit::ledger {

const char* status_word(entry_status s) {
  static const char* const words[] = {"ok", "failed", "skipped-unchanged"};
  return words[static_cast<int>(s)];
}

namespace {

bool seal_what_is_there(store::database* db, std::string& why);

/// One step of the schema: its SQL, then (when set) what SQL alone cannot do, in the same
/// transaction.
struct migration {
  const char* sql;
  bool (*then)(store::database* db, std::string& why);
};

// Each entry takes the schema one version up; entry k leaves user_version = k + 1. A release
// only ever appends here: a ledger written by any earlier build migrates step by step.
const migration migrations[] = {
    // 1: runs and their contracts; each contract-month's latest figures.
    {R"sql(
CREATE TABLE runs (
  run_id       INTEGER PRIMARY KEY,
  period       TEXT NOT NULL,
  recorded_at  TEXT NOT NULL,
  source       TEXT NOT NULL,
  out_dir      TEXT NOT NULL,
  tool_version TEXT NOT NULL,
  settings     TEXT NOT NULL,
  contracts    INTEGER NOT NULL,
  failed       INTEGER NOT NULL,
  finished     INTEGER NOT NULL
);
CREATE TABLE run_contracts (
  run_id               INTEGER NOT NULL REFERENCES runs(run_id),
  file                 TEXT NOT NULL,
  contract_id          TEXT,
  status               TEXT NOT NULL,
  error                TEXT,
  currency             TEXT,
  provider_total_minor INTEGER,
  customer_total_minor INTEGER,
  PRIMARY KEY (run_id, file)
);
CREATE TABLE contract_periods (
  contract_id                TEXT NOT NULL,
  period                     TEXT NOT NULL,
  run_id                     INTEGER NOT NULL REFERENCES runs(run_id),
  file                       TEXT NOT NULL,
  title                      TEXT NOT NULL,
  customer                   TEXT NOT NULL,
  provider                   TEXT NOT NULL,
  currency                   TEXT NOT NULL,
  minor_digits               INTEGER NOT NULL,
  breached                   INTEGER NOT NULL,
  breaches_services          INTEGER NOT NULL,
  breaches_clocks            INTEGER NOT NULL,
  breaches_escalations       INTEGER NOT NULL,
  breaches_rates             INTEGER NOT NULL,
  provider_before_caps_minor INTEGER NOT NULL,
  provider_total_minor       INTEGER NOT NULL,
  customer_total_minor       INTEGER NOT NULL,
  yearly_cap_minor           INTEGER,
  earlier_year_credits_minor INTEGER NOT NULL,
  inputs_sha256              TEXT NOT NULL,
  PRIMARY KEY (contract_id, period)
) WITHOUT ROWID;
CREATE INDEX contract_periods_by_period ON contract_periods(period);
CREATE TABLE services (
  contract_id TEXT NOT NULL,
  period      TEXT NOT NULL,
  seq         INTEGER NOT NULL,
  service     TEXT NOT NULL,
  s           INTEGER NOT NULL,
  m           INTEGER NOT NULL,
  u           INTEGER NOT NULL,
  numerator   INTEGER NOT NULL,
  denominator INTEGER NOT NULL,
  target_pct  TEXT NOT NULL,
  verdict     TEXT NOT NULL,
  PRIMARY KEY (contract_id, period, seq),
  FOREIGN KEY (contract_id, period) REFERENCES contract_periods(contract_id, period) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE TABLE penalty_lines (
  contract_id   TEXT NOT NULL,
  period        TEXT NOT NULL,
  seq           INTEGER NOT NULL,
  penalty       TEXT NOT NULL,
  subject       TEXT NOT NULL,
  clauses       TEXT NOT NULL,
  payer         TEXT NOT NULL,
  rounded_minor INTEGER NOT NULL,
  cap_cut_minor INTEGER NOT NULL,
  amount_minor  INTEGER NOT NULL,
  formula       TEXT NOT NULL,
  PRIMARY KEY (contract_id, period, seq),
  FOREIGN KEY (contract_id, period) REFERENCES contract_periods(contract_id, period) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE TABLE rates (
  contract_id TEXT NOT NULL,
  period      TEXT NOT NULL,
  seq         INTEGER NOT NULL,
  metric      TEXT NOT NULL,
  service     TEXT NOT NULL,
  numerator   INTEGER NOT NULL,
  denominator INTEGER NOT NULL,
  target_pct  TEXT NOT NULL,
  verdict     TEXT NOT NULL,
  PRIMARY KEY (contract_id, period, seq),
  FOREIGN KEY (contract_id, period) REFERENCES contract_periods(contract_id, period) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE TABLE inputs (
  contract_id TEXT NOT NULL,
  period      TEXT NOT NULL,
  root        TEXT NOT NULL,
  path        TEXT NOT NULL,
  sha256      TEXT NOT NULL,
  PRIMARY KEY (contract_id, period, root, path),
  FOREIGN KEY (contract_id, period) REFERENCES contract_periods(contract_id, period) ON DELETE CASCADE
) WITHOUT ROWID;
)sql",
     nullptr},
    // 2: a ledger that proves itself. Every contract-month's figures carry their SHA-256;
    // every finished run is sealed: its place in the chain, and a SHA-256 over its row, its
    // contracts' statuses and figures' digests, and the run sealed before it. A month whose
    // rerun failed is marked superseded. What a ledger of schema 1 holds is sealed as it is.
    {R"sql(
ALTER TABLE runs ADD COLUMN seal INTEGER;
ALTER TABLE runs ADD COLUMN sealed_at_upgrade INTEGER NOT NULL DEFAULT 0;
ALTER TABLE runs ADD COLUMN run_sha256 TEXT;
CREATE UNIQUE INDEX runs_by_seal ON runs(seal);
ALTER TABLE run_contracts ADD COLUMN figures_sha256 TEXT;
ALTER TABLE contract_periods ADD COLUMN figures_sha256 TEXT;
ALTER TABLE contract_periods ADD COLUMN superseded_by INTEGER;
CREATE INDEX run_contracts_by_contract ON run_contracts(contract_id, run_id);
)sql",
     seal_what_is_there},
    // 3: the parties' decisions on a month (decisions.csv): each with its approver, date,
    // reason and what it changed, and the month's totals without them. A month without
    // decisions has no rows here, and its figures' digest is what schema 2 gave it.
    {R"sql(
CREATE TABLE decisions (
  contract_id TEXT NOT NULL,
  period      TEXT NOT NULL,
  seq         INTEGER NOT NULL,
  source_row  INTEGER NOT NULL,
  target      TEXT NOT NULL,
  decision    TEXT NOT NULL,
  value       TEXT NOT NULL,
  approver    TEXT NOT NULL,
  approved    TEXT NOT NULL,
  reason      TEXT NOT NULL,
  changes     TEXT NOT NULL,
  PRIMARY KEY (contract_id, period, seq),
  FOREIGN KEY (contract_id, period) REFERENCES contract_periods(contract_id, period) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE TABLE undecided_totals (
  contract_id                TEXT NOT NULL,
  period                     TEXT NOT NULL,
  provider_before_caps_minor INTEGER NOT NULL,
  provider_total_minor       INTEGER NOT NULL,
  customer_total_minor       INTEGER NOT NULL,
  PRIMARY KEY (contract_id, period),
  FOREIGN KEY (contract_id, period) REFERENCES contract_periods(contract_id, period) ON DELETE CASCADE
) WITHOUT ROWID;
)sql",
     nullptr},
    // 4: a contract-month's figures that a rerun replaces are kept, as the text their digest
    // covers (figures_text_version): two runs of a month can be compared (`slaudit diff
    // --ledger`). Each is checked against its digest and the run that vouched for it.
    {R"sql(
CREATE TABLE earlier_figures (
  contract_id    TEXT NOT NULL,
  period         TEXT NOT NULL,
  run_id         INTEGER NOT NULL,
  figures_sha256 TEXT NOT NULL,
  figures        TEXT NOT NULL,
  replaced_by    INTEGER NOT NULL,
  PRIMARY KEY (contract_id, period, run_id)
) WITHOUT ROWID;
)sql",
     nullptr},
};
constexpr int known_versions = static_cast<int>(sizeof migrations / sizeof migrations[0]);
static_assert(known_versions == ledger_schema_version);

/// A prepared statement, finalised with its scope.
class statement {
 public:
  statement(store::database* db, const std::string& sql) : s_(db->prepare(sql)) {}
  /// A query of many rows, which the database may read a batch at a time.
  enum class of_many { rows };
  statement(store::database* db, const std::string& sql, of_many) : s_(db->prepare_scan(sql)) {}

  bool ok() const { return s_->ok(); }
  statement& bind(int k, const std::string& v) {
    s_->bind(k, v);
    return *this;
  }
  statement& bind(int k, std::int64_t v) {
    s_->bind(k, v);
    return *this;
  }
  statement& bind_null(int k) {
    s_->bind_null(k);
    return *this;
  }
  /// One step: true while it yields a row.
  bool step() { return s_->step(); }
  /// Runs a statement that yields no rows, then makes it ready for new values.
  bool run() {
    step();
    reset();
    return ok();
  }
  /// Ready for new values (after the rows wanted were read).
  void reset() { s_->reset(); }
  std::int64_t integer(int col) { return s_->integer(col); }
  bool null(int col) { return s_->kind(col) == store::column_kind::null; }
  std::string text(int col) { return s_->text(col); }
  int columns() { return s_->columns(); }
  store::column_kind kind(int col) { return s_->kind(col); }
  /// Appends the current row from `from_column` on to `out`: each column with its type and
  /// length (so that no two different rows give the same text), then a newline. Both
  /// databases give the same text for the same rows.
  void append_row(std::string& out, int from_column = 0) {
    for (int col = from_column, n = s_->columns(); col < n; ++col) {
      switch (s_->kind(col)) {
        case store::column_kind::null: out += "n;"; break;
        case store::column_kind::integer: out += "i" + std::to_string(s_->integer(col)) + ";"; break;
        case store::column_kind::text:
        case store::column_kind::other: {
          auto v = s_->text(col);
          out += (s_->kind(col) == store::column_kind::text ? "t" : "x") + std::to_string(v.size()) + ":";
          out += v;
          out += ";";
        }
      }
    }
    out += "\n";
  }
  /// What went wrong first (the database's own message, kept: later calls overwrite it).
  std::string error() const { return s_->error(); }

 private:
  std::unique_ptr<store::statement_impl> s_;
};

/// A transaction that writes, one at a time; rolled back unless committed.
class transaction {
 public:
  explicit transaction(store::database* db) : db_(db) {}
  bool begin(std::string& why) { return open_ = db_->begin_write(why); }
  bool commit(std::string& why) {
    open_ = false;
    return db_->end_write(true, why);
  }
  ~transaction() {
    std::string ignored;
    if (open_) db_->end_write(false, ignored);
  }

 private:
  store::database* db_;
  bool open_ = false;
};

std::string placeholders(std::size_t n) {
  std::string s;
  for (std::size_t k = 0; k < n; ++k) s += k ? ",?" : "?";
  return s;
}

// What the digests cover, fixed for good: a column added later goes into a new version of
// the digest (its text's first line), or every ledger sealed before would fail its check.
// A contract-month's text: each part's rows of that contract and month, in `order`.
struct figures_part {
  const char* table;
  const char* columns;
  const char* order;  ///< within the month; nullptr: one row
  /// A part added after months were sealed: it enters a month's text (named) only when the
  /// month has rows in it, so that every month sealed before keeps its digest.
  bool only_when_present = false;
};
const figures_part figures_parts[] = {
    {"contract_periods",
     "contract_id, period, run_id, file, title, customer, provider, currency, minor_digits, breached, "
     "breaches_services, breaches_clocks, breaches_escalations, breaches_rates, provider_before_caps_minor, "
     "provider_total_minor, customer_total_minor, yearly_cap_minor, earlier_year_credits_minor, inputs_sha256",
     nullptr},
    {"services", "seq, service, s, m, u, numerator, denominator, target_pct, verdict", "seq"},
    {"penalty_lines", "seq, penalty, subject, clauses, payer, rounded_minor, cap_cut_minor, amount_minor, formula",
     "seq"},
    {"rates", "seq, metric, service, numerator, denominator, target_pct, verdict", "seq"},
    {"inputs", "root, path, sha256", "root, path"},
    {"decisions", "seq, source_row, target, decision, value, approver, approved, reason, changes", "seq", true},
    {"undecided_totals", "provider_before_caps_minor, provider_total_minor, customer_total_minor", nullptr, true},
};
const char* const figures_text_version = "slaudit ledger figures 1\n";

/// The parts a ledger has: every part of its schema (a part added later is absent from a
/// ledger not yet migrated, and has no rows in it).
std::vector<const figures_part*> parts_of(store::database* db) {
  std::vector<const figures_part*> parts;
  for (auto& part : figures_parts)
    if (!part.only_when_present || db->has_table(part.table)) parts.push_back(&part);
  return parts;
}

/// A part's rows of a month as they enter its text: "-" and the rows; a part added later,
/// named, and only when it has rows.
std::string part_text(const figures_part& p, const std::string& rows) {
  if (!p.only_when_present) return "-\n" + rows;
  if (rows.empty()) return {};
  return std::string("+") + p.table + "\n" + rows;
}

/// One month's rows of a part (?1 the contract id, ?2 the month).
std::string one_month_query(const figures_part& p) {
  return std::string("SELECT ") + p.columns + " FROM " + p.table + " WHERE contract_id = ?1 AND period = ?2" +
         (p.order ? std::string(" ORDER BY ") + p.order : std::string());
}

/// Every month's rows of a part (or those `where` keeps: "" or " WHERE …"), in the order of
/// the keys (its primary key's order), each led by `lead` columns that are not digested.
std::string every_month_query(const figures_part& p, const char* lead, const char* where) {
  return std::string("SELECT ") + lead + ", " + p.columns + " FROM " + p.table + where +
         " ORDER BY contract_id, period" + (p.order ? std::string(", ") + p.order : std::string());
}

const char* const run_query =
    "SELECT run_id, period, recorded_at, source, out_dir, tool_version, settings, contracts, failed, finished, seal, "
    "sealed_at_upgrade FROM runs WHERE run_id = ?1";
const char* const run_contracts_query =
    "SELECT file, contract_id, status, error, currency, provider_total_minor, customer_total_minor, figures_sha256 "
    "FROM run_contracts WHERE run_id = ?1 ORDER BY file";

/// The SHA-256 of a contract-month's figures as the ledger holds them: the row, then its
/// services, penalty lines, rates and inputs. The queries are prepared once, for many months.
class figures_digest {
 public:
  explicit figures_digest(store::database* db) : of_(parts_of(db)) {
    for (auto* part : of_) parts_.push_back(std::make_unique<statement>(db, one_month_query(*part).c_str()));
  }
  /// nullopt with `why` when the ledger cannot be read.
  std::optional<std::string> of(const std::string& contract_id, const std::string& period, std::string& why) {
    auto text = text_of(contract_id, period, why);
    if (!text) return std::nullopt;
    return history::sha256_hex(*text);
  }
  /// The text the digest covers.
  std::optional<std::string> text_of(const std::string& contract_id, const std::string& period, std::string& why) {
    std::string text = figures_text_version;
    for (std::size_t k = 0; k < parts_.size(); ++k) {
      auto& q = parts_[k];
      std::string rows;
      q->bind(1, contract_id).bind(2, period);
      while (q->step()) q->append_row(rows);
      q->reset();
      text += part_text(*of_[k], rows);
      if (!q->ok()) {
        why = q->error();
        return std::nullopt;
      }
    }
    return text;
  }

 private:
  std::vector<const figures_part*> of_;
  std::vector<std::unique_ptr<statement>> parts_;
};

/// Every contract-month's figures, in the order of their keys, with the digest
/// `figures_digest` gives each: five scans merged by key, not a query per month and part (a
/// year of a large portfolio took seconds that way). Rows of a part whose month has no
/// figures row are passed over: nothing reads them.
class every_month {
 public:
  /// The month's figures row as stored, beside its digest.
  struct month {
    std::string contract_id, period, file, stored_digest, digest;
    std::int64_t run_id = 0;
    std::optional<std::int64_t> superseded_by;
  };

  explicit every_month(store::database* db) : of_(parts_of(db)) { open(db, "", "", {}, {}); }
  /// Only the months of `period` that run `run_id` recorded (the other parts' rows of the
  /// period are passed over by key, as rows without a month are).
  every_month(store::database* db, const std::string& period, std::int64_t run_id) : of_(parts_of(db)) {
    open(db, " WHERE period = ?1 AND run_id = ?2", " WHERE period = ?1", {period, run_id}, {period});
  }
  /// Only the months of `period` of these contracts.
  every_month(store::database* db, const std::string& period, const std::vector<std::string>& contract_ids)
      : of_(parts_of(db)) {
    std::string where = " WHERE period = ?1 AND contract_id IN (";
    fields values{period};
    for (std::size_t k = 0; k < contract_ids.size(); ++k) {
      where += k ? ",?" : "?";
      where += std::to_string(k + 2);
      values.emplace_back(contract_ids[k]);
    }
    where += ")";
    open(db, where, where, values, values);
  }

  /// The next month, or false at the end (or on an error: see `error`).
  bool next(month& m) {
    auto& head = *parts_[0].q;
    if (!parts_[0].row) return false;
    m.contract_id = head.text(0);
    m.period = head.text(1);
    m.stored_digest = head.text(2);
    m.superseded_by = head.null(3) ? std::nullopt : std::optional<std::int64_t>(head.integer(3));
    m.run_id = head.integer(6);  // after the 4 lead columns: contract_id, period, run_id, file …
    m.file = head.text(7);
    std::string text = figures_text_version;
    text += "-\n";
    head.append_row(text, 4);
    parts_[0].row = head.step();
    auto key = std::make_pair(m.contract_id, m.period);
    for (std::size_t k = 1; k < parts_.size(); ++k) {
      auto& p = parts_[k];
      std::string rows;
      while (p.row && std::make_pair(p.q->text(0), p.q->text(1)) < key) p.row = p.q->step();
      while (p.row && std::make_pair(p.q->text(0), p.q->text(1)) == key) {
        p.q->append_row(rows, 2);
        p.row = p.q->step();
      }
      text += part_text(*of_[k], rows);
    }
    m.digest = history::sha256_hex(text);
    return true;
  }

  /// What stopped the scan early ("" when none).
  std::string error() const {
    for (auto& p : parts_)
      if (!p.q->ok()) return p.q->error();
    return {};
  }

 private:
  struct cursor {
    std::unique_ptr<statement> q;
    bool row;
  };
  void open(store::database* db, const std::string& head_where, const std::string& part_where,
            const fields& head_values, const fields& part_values) {
    for (auto* part : of_) {
      bool head = part == figures_parts;
      parts_.push_back({std::make_unique<statement>(
                            db,
                            every_month_query(*part, head ? "contract_id, period, figures_sha256, superseded_by"
                                                          : "contract_id, period",
                                              (head ? head_where : part_where).c_str()),
                            statement::of_many::rows),
                        false});
      int k = 0;
      for (auto& v : head ? head_values : part_values) {
        ++k;
        if (auto* i = std::get_if<std::int64_t>(&v)) parts_.back().q->bind(k, *i);
        else parts_.back().q->bind(k, std::get<std::string>(v));
      }
      parts_.back().row = parts_.back().q->step();
    }
  }
  std::vector<const figures_part*> of_;
  std::vector<cursor> parts_;
};

/// The SHA-256 of run `run_id` as the ledger holds it: its row, its contracts' statuses,
/// totals and figures' digests, chained to `previous` (the digest of the run sealed before).
std::optional<std::string> run_digest(store::database* db, std::int64_t run_id, const std::string& previous, std::string& why) {
  // Hashed a row at a time: a run of 100,000 contracts is 37 MB of this text.
  history::sha256_stream sha;
  std::string text = "slaudit ledger run 1\n" + previous + "\n";
  for (const char* sql : {run_query, run_contracts_query}) {
    statement q(db, sql, statement::of_many::rows);  // a run of 100,000 contracts
    q.bind(1, run_id);
    text += "-\n";
    while (q.step()) {
      q.append_row(text);
      sha.update(text);
      text.clear();
    }
    if (!q.ok()) {
      why = q.error();
      return std::nullopt;
    }
  }
  sha.update(text);
  return sha.hex();
}

/// Seals finished run `run_id`, inside the caller's transaction: the next place in the chain,
/// and its digest chained to the run in the place before.
bool seal(store::database* db, std::int64_t run_id, std::string& why) {
  statement last(db, "SELECT seal, run_sha256 FROM runs WHERE seal = (SELECT max(seal) FROM runs)");
  std::int64_t place = 1;
  std::string previous;
  if (last.step()) {
    place = last.integer(0) + 1;
    previous = last.text(1);
  }
  statement put_place(db, "UPDATE runs SET seal = ? WHERE run_id = ?");
  put_place.bind(1, place).bind(2, run_id);
  if (!last.ok() || !put_place.run()) {
    why = last.ok() ? put_place.error() : last.error();
    return false;
  }
  auto digest = run_digest(db, run_id, previous, why);
  if (!digest) return false;
  statement put_digest(db, "UPDATE runs SET run_sha256 = ? WHERE run_id = ?");
  put_digest.bind(1, *digest).bind(2, run_id);
  if (!put_digest.run()) why = put_digest.error();
  return put_digest.ok();
}

/// Sets the digest of the figures of `keys` (contract id, period) from what the ledger holds.
bool digest_figures(store::database* db, const std::vector<std::pair<std::string, std::string>>& keys, std::string& why) {
  figures_digest digest(db);
  statement put(db, "UPDATE contract_periods SET figures_sha256 = ? WHERE contract_id = ? AND period = ?");
  for (auto& [id, period] : keys) {
    auto d = digest.of(id, period, why);
    if (!d) return false;
    put.bind(1, *d).bind(2, id).bind(3, period);
    if (!put.run()) {
      why = put.error();
      return false;
    }
  }
  return true;
}

/// Keeps a contract-month's figures that run `run_id` is about to replace (schema 4): their
/// text and digest, and the run that recorded them. Nothing when there are none, or when they
/// are the same run's (a checkpoint written again).
class earlier_keeper {
 public:
  explicit earlier_keeper(store::database* db)
      : digest_(db),
        there_(db, "SELECT run_id, figures_sha256 FROM contract_periods WHERE contract_id = ? AND period = ?"),
        keep_(db,
              "INSERT INTO earlier_figures VALUES (?,?,?,?,?,?) ON CONFLICT (contract_id, period, run_id) DO UPDATE "
              "SET figures_sha256 = excluded.figures_sha256, figures = excluded.figures, replaced_by = excluded.replaced_by") {}

  bool keep(const std::string& contract_id, const std::string& period, std::int64_t run_id, std::string& why) {
    there_.bind(1, contract_id).bind(2, period);
    bool found = there_.step();
    std::int64_t old_run = found ? there_.integer(0) : 0;
    std::string old_digest = found && !there_.null(1) ? there_.text(1) : std::string();
    there_.reset();
    if (!there_.ok()) {
      why = there_.error();
      return false;
    }
    if (!found || old_run == run_id || old_digest.empty()) return true;
    auto text = digest_.text_of(contract_id, period, why);
    if (!text) return false;
    keep_.bind(1, contract_id).bind(2, period).bind(3, old_run).bind(4, old_digest).bind(5, *text).bind(6, run_id);
    if (!keep_.run()) {
      why = keep_.error();
      return false;
    }
    return true;
  }

 private:
  figures_digest digest_;
  statement there_, keep_;
};

/// A contract-month's figures text (figures_text_version, then each part's rows) read back
/// into rows; nothing when it is not one.
std::optional<recorded_figures> decode_figures(std::string_view text) {
  if (text.substr(0, std::string_view(figures_text_version).size()) != figures_text_version) return std::nullopt;
  std::size_t at = std::string_view(figures_text_version).size();
  recorded_figures out;
  // The parts in figures_parts' order; one added later is named ("+decisions").
  std::vector<fields>* by_part[] = {nullptr, &out.services, &out.lines, &out.rates, &out.inputs, &out.decisions, nullptr};
  int part = -1;
  std::vector<fields> month_rows, undecided_rows;
  auto rows_of = [&](int k) -> std::vector<fields>* {
    if (k == 0) return &month_rows;
    if (k == 6) return &undecided_rows;
    return k > 0 && k < 6 ? by_part[k] : nullptr;
  };
  while (at < text.size()) {
    if (text[at] == '-' || text[at] == '+') {
      auto eol = text.find('\n', at);
      if (eol == std::string_view::npos) return std::nullopt;
      if (text[at] == '-') {
        ++part;
      } else {
        std::string_view name = text.substr(at + 1, eol - at - 1);
        part = -1;
        for (int k = 0; k < static_cast<int>(std::size(figures_parts)); ++k)
          if (name == figures_parts[k].table) part = k;
        if (part < 0) return std::nullopt;
      }
      at = eol + 1;
      continue;
    }
    auto* rows = rows_of(part);
    if (!rows) return std::nullopt;
    fields row;
    while (at < text.size() && text[at] != '\n') {
      char kind = text[at++];
      if (kind == 'n') {
        row.emplace_back(std::monostate{});
      } else if (kind == 'i' || kind == 't' || kind == 'x') {
        auto end = text.find(kind == 'i' ? ';' : ':', at);
        if (end == std::string_view::npos) return std::nullopt;
        std::int64_t n = 0;
        bool negative = kind == 'i' && at < end && text[at] == '-';
        for (std::size_t k = at + negative; k < end; ++k) {
          if (text[k] < '0' || text[k] > '9') return std::nullopt;
          n = n * 10 + (text[k] - '0');
        }
        if (kind == 'i') {
          row.emplace_back(negative ? -n : n);
          at = end;
        } else {
          if (end + 1 + static_cast<std::size_t>(n) > text.size()) return std::nullopt;
          row.emplace_back(std::string(text.substr(end + 1, static_cast<std::size_t>(n))));
          at = end + 1 + static_cast<std::size_t>(n);
        }
      } else {
        return std::nullopt;
      }
      if (at >= text.size() || text[at] != ';') return std::nullopt;
      ++at;
    }
    if (at >= text.size()) return std::nullopt;
    ++at;  // the row's newline
    rows->push_back(std::move(row));
  }
  if (month_rows.size() != 1) return std::nullopt;
  out.month = std::move(month_rows.front());
  if (!undecided_rows.empty()) out.undecided = std::move(undecided_rows.front());
  return out;
}

/// The (contract id, period) of every row query `q` yields.
std::optional<std::vector<std::pair<std::string, std::string>>> figure_keys(statement& q, std::string& why) {
  std::vector<std::pair<std::string, std::string>> keys;
  while (q.step()) keys.emplace_back(q.text(0), q.text(1));
  if (!q.ok()) {
    why = q.error();
    return std::nullopt;
  }
  return keys;
}

/// Rows of one table sent many to a statement where the database is across a connection (a
/// round trip each, and a contract-month has hundreds of penalty lines), one to a prepared
/// statement where it is embedded. `add` rows, then `flush` what is left.
class row_inserter {
 public:
  row_inserter(store::database* db, const char* table, const char* columns = nullptr)
      : db_(db), table_(table), columns_(columns) {}

  bool add(fields row, std::string& why) {
    if (n_ == 0) {
      n_ = row.size();
      per_statement_ = std::max<std::size_t>(1, db_->values_per_insert() / std::max<std::size_t>(n_, 1));
    }
    for (auto& v : row) pending_.push_back(std::move(v));
    if (pending_.size() < per_statement_ * n_) return true;
    if (!full_) full_ = std::make_unique<statement>(db_, insert_of(per_statement_));
    return put(*full_, why);
  }
  bool flush(std::string& why) {
    if (pending_.empty()) return true;
    statement rest(db_, insert_of(pending_.size() / n_));
    return put(rest, why);
  }

 private:
  std::string insert_of(std::size_t rows) const {
    std::string sql = std::string("INSERT INTO ") + table_;
    if (columns_) sql += std::string(" (") + columns_ + ")";
    sql += " VALUES ";
    for (std::size_t r = 0, k = 0; r < rows; ++r) {
      sql += r ? ",(" : "(";
      for (std::size_t c = 0; c < n_; ++c) {
        sql += c ? ",?" : "?";
        sql += std::to_string(++k);
      }
      sql += ")";
    }
    return sql;
  }
  bool put(statement& st, std::string& why) {
    int k = 0;
    for (auto& v : pending_) {
      ++k;
      if (auto* i = std::get_if<std::int64_t>(&v)) st.bind(k, *i);
      else if (auto* t = std::get_if<std::string>(&v)) st.bind(k, *t);
      else st.bind_null(k);
    }
    pending_.clear();
    if (!st.run()) why = st.error();
    return st.ok();
  }
  store::database* db_;
  const char* table_;
  const char* columns_;
  std::size_t n_ = 0, per_statement_ = 1;
  fields pending_;  // row after row
  std::unique_ptr<statement> full_;
};

/// Writes a contract-month's figures, replacing an earlier run's (the child rows cascade).
/// The statements are prepared once, for all the contracts of a checkpoint.
class figures_writer {
 public:
  explicit figures_writer(store::database* db)
      : drop(db, "DELETE FROM contract_periods WHERE contract_id = ? AND period = ?"),
        period(db,
               "INSERT INTO contract_periods (contract_id, period, run_id, file, title, customer, provider, currency, "
               "minor_digits, breached, breaches_services, breaches_clocks, breaches_escalations, breaches_rates, "
               "provider_before_caps_minor, provider_total_minor, customer_total_minor, yearly_cap_minor, "
               "earlier_year_credits_minor, inputs_sha256) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"),
        service(db, "services"),
        line(db, "penalty_lines"),
        rate(db, "rates"),
        input(db, "inputs"),
        decided(db, "decisions"),
        undecided(db, "INSERT INTO undecided_totals VALUES (?,?,?,?,?)") {}

  bool figures(std::int64_t run_id, const std::string& period_label, const contract_entry& e, std::string& why) {
    const auto& s = e.summary;
    drop.bind(1, s->id).bind(2, period_label);
    int k = 0;
    auto put = [&](auto v) { period.bind(++k, v); };
    for (auto* text : {&s->id, &period_label}) put(*text);
    put(run_id);
    for (auto* text : {&e.file, &s->title, &s->customer, &s->provider, &s->currency}) put(*text);
    put(static_cast<std::int64_t>(s->minor_digits));
    put(static_cast<std::int64_t>(s->breached));
    for (std::size_t n : {s->breaches.services, s->breaches.clocks, s->breaches.escalations, s->breaches.rates})
      put(static_cast<std::int64_t>(n));
    for (std::int64_t v : {s->provider_before_caps, s->provider_total, s->customer_total}) put(v);
    if (s->yearly_cap) put(*s->yearly_cap);
    else period.bind_null(++k);
    put(s->earlier_year_credits);
    put(inputs_digest(e.inputs));
    if (!drop.run() || !period.run()) {
      why = drop.ok() ? period.error() : drop.error();
      return false;
    }
    const field id = s->id, month = period_label;
    auto n = [](auto v) { return field(static_cast<std::int64_t>(v)); };
    bool ok = true;
    std::int64_t seq = 0;
    for (auto& v : s->services)
      ok = ok && service.add({id, month, seq++, v.id, v.S, v.M, v.U, v.numerator, v.denominator, v.target, v.verdict},
                             why);
    seq = 0;
    for (auto& l : s->lines)
      ok = ok && line.add({id, month, seq++, l.penalty, l.subject, l.clauses, l.payer, l.rounded, l.cap_cut, l.amount,
                           l.formula},
                          why);
    seq = 0;
    for (auto& x : s->rates)
      ok = ok && rate.add({id, month, seq++, x.metric, x.service, x.numerator, x.denominator, x.target, x.verdict}, why);
    seq = 0;
    for (auto& d : s->decisions)
      ok = ok && decided.add({id, month, seq++, n(d.row), d.target, d.decision, d.value, d.approver, d.approved, d.reason,
                              d.changes},
                             why);
    ok = ok && service.flush(why) && line.flush(why) && rate.flush(why) && decided.flush(why);
    if (!ok) return false;
    // An input named twice counts once, its last digest (the month's inputs went with its row).
    std::map<std::pair<std::string, std::string>, const std::string*> inputs;
    for (auto& i : e.inputs) inputs[{i.root, i.path}] = &i.sha256;
    for (auto& [key, sha256] : inputs) ok = ok && input.add({id, month, key.first, key.second, *sha256}, why);
    ok = ok && input.flush(why);
    if (s->undecided_provider_total) {
      undecided.bind(1, s->id).bind(2, period_label).bind(3, *s->undecided_provider_before_caps);
      undecided.bind(4, *s->undecided_provider_total).bind(5, *s->undecided_customer_total);
      ok = ok && undecided.run();
    }
    if (!ok) {
      if (!undecided.ok()) why = undecided.error();
      return false;
    }
    return true;
  }

 private:
  statement drop, period;
  row_inserter service, line, rate, input, decided;
  statement undecided;
};

/// The tables of a contract-month's figures below its contract_periods row.
const char* const child_tables[] = {"services", "penalty_lines", "rates", "inputs", "decisions", "undecided_totals"};
/// Every table of a ledger, each after those it refers to.
const char* const every_table[] = {"runs",   "run_contracts", "contract_periods", "services",        "penalty_lines",
                                   "rates",  "inputs",        "decisions",        "undecided_totals", "earlier_figures"};

/// Inserts every row `from` yields into `table` of `to` (into `columns`, or all of them in
/// order), each value with its type; `instead` gives a column (1-based) another value.
bool copy_rows(statement& from, store::database* to, const char* table, const char* columns, std::string& why,
               std::vector<std::pair<int, std::int64_t>> instead = {}) {
  row_inserter put(to, table, columns);
  while (from.step()) {
    fields row;
    for (int col = 0, n = from.columns(); col < n; ++col) {
      auto other = std::find_if(instead.begin(), instead.end(), [&](auto& p) { return p.first == col + 1; });
      if (other != instead.end()) row.emplace_back(other->second);
      else if (from.kind(col) == store::column_kind::null) row.emplace_back(std::monostate{});
      else if (from.kind(col) == store::column_kind::integer) row.emplace_back(from.integer(col));
      else row.emplace_back(from.text(col));
    }
    if (!put.add(std::move(row), why)) return false;
  }
  if (!from.ok()) {
    why = from.error();
    return false;
  }
  return put.flush(why);
}

/// Schema 2's step for what a ledger of schema 1 holds: every contract-month's figures get
/// their digest; a run's statuses vouch for the figures it recorded that are still there (of
/// figures since replaced, nothing is left to vouch for); the finished runs are sealed in
/// their order, each marked as sealed at the upgrade rather than when it was recorded.
bool seal_what_is_there(store::database* db, std::string& why) {
  statement all(db, "SELECT contract_id, period FROM contract_periods ORDER BY contract_id, period");
  auto keys = figure_keys(all, why);
  if (!keys || !digest_figures(db, *keys, why)) return false;
  if (!db->exec(
            "UPDATE run_contracts SET figures_sha256 = (SELECT p.figures_sha256 FROM contract_periods p "
            "JOIN runs r ON r.run_id = run_contracts.run_id WHERE p.contract_id = run_contracts.contract_id "
            "AND p.period = r.period AND p.run_id = run_contracts.run_id) WHERE status = 'ok';"
            "UPDATE runs SET sealed_at_upgrade = 1 WHERE finished = 1;",
            why))
    return false;
  statement finished(db, "SELECT run_id FROM runs WHERE finished = 1 ORDER BY run_id");
  std::vector<std::int64_t> runs;
  while (finished.step()) runs.push_back(finished.integer(0));
  if (!finished.ok()) {
    why = finished.error();
    return false;
  }
  for (auto run : runs)
    if (!seal(db, run, why)) return false;
  return true;
}

/// What a message about a damaged ledger at `path` ends with.
std::string how_to_recover(const std::string& path) {
  return "\n  nothing was taken from it: see every problem with `slaudit ledger verify " + path +
         "`, then restore the ledger from a backup, or give --ledger NEW to start a new one (a yearly cap then "
         "needs its contract year's earlier months run again into it)";
}

/// A read transaction: every query in its scope sees the ledger as it was at the first.
class snapshot {
 public:
  /// Inside a transaction already (a copy checking what it wrote), that one's view is used.
  explicit snapshot(store::database* db) : db_(db) {
    std::string ignored;
    open_ = !db_->in_transaction() && db_->begin_read(ignored);
  }
  ~snapshot() {
    std::string ignored;
    if (open_) db_->exec("COMMIT", ignored);
  }
  snapshot(const snapshot&) = delete;
  snapshot& operator=(const snapshot&) = delete;

 private:
  store::database* db_;
  bool open_;
};

}  // namespace

bool is_database_url(const std::string& where) { return store::is_postgres(where); }

std::string utc_now_text() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::unique_ptr<book> book::open(const std::string& path, bool create, std::string& why) {
  std::unique_ptr<store::database> db;
  if (store::is_postgres(path)) {
    // A database is created by its administrator (docs/ledger.md); its tables, here.
    db = store::open_postgres(path, false, why);
  } else {
    namespace fs = std::filesystem;
    std::error_code ec;
    // A link is not followed (a link planted at the default path, beside --out, would have the
    // ledger created where it points): the file itself is named.
    if (fs::is_symlink(path, ec)) {
      why = "a symbolic link, not a ledger file: give the file it points to with --ledger (" +
            fs::read_symlink(path, ec).string() + ")";
      return nullptr;
    }
    bool exists = fs::exists(path, ec);
    if (!exists && !create) {
      why = "no ledger there (a batch run with --ledger creates it)";
      return nullptr;
    }
    if (fs::is_directory(path, ec)) {
      why = "a folder, not a ledger file: name the file, as " + (fs::path(path) / "ledger.sqlite").string();
      return nullptr;
    }
    if (!exists) {
      auto parent = fs::path(path).parent_path();
      if (!parent.empty()) fs::create_directories(parent, ec);
    }
    db = store::open_sqlite(path, create, false, why);
  }
  if (!db) return nullptr;
  std::unique_ptr<book> l(new book(std::move(db), path));
  // Another process may be creating or converting the ledger at this moment. SQLite does
  // not wait on its busy handler for every lock (changing into WAL mode, a read that must
  // become a write): such a step is tried again until the minute is up.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  for (;;) {
    auto done = set_up(l->db_.get(), why);
    if (done == set_up_result::ready) break;
    if (done == set_up_result::damaged) why += how_to_recover(path);
    if (done != set_up_result::busy || std::chrono::steady_clock::now() > deadline) {
      if (done == set_up_result::busy) why = "the ledger stayed locked by another process for a minute: " + why;
      return nullptr;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  // Never used unless it proves itself: a figure edited in the file must not reach a report.
  auto check = l->verify();
  if (!check.intact()) {
    why = "it was changed or damaged after it was written: " + check.problems.front().text;
    if (check.problems.size() > 1) why += " (and " + std::to_string(check.problems.size() - 1) + " more)";
    why += how_to_recover(path);
    return nullptr;
  }
  return l;
}

std::unique_ptr<book> book::inspect(const std::string& path, std::string& why) {
  std::unique_ptr<store::database> db;
  bool postgres = store::is_postgres(path);
  if (postgres) {
    db = store::open_postgres(path, true, why);
  } else {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!fs::exists(path, ec)) {
      why = "no ledger there";
      return nullptr;
    }
    if (!fs::is_regular_file(path, ec)) {
      why = "not a file: name the ledger file, as " + (fs::path(path) / "ledger.sqlite").string();
      return nullptr;
    }
    db = store::open_sqlite(path, false, true, why);
  }
  if (!db) return nullptr;
  auto m = db->read_marker();
  if (!m.readable) {
    why = m.why;
    return nullptr;
  }
  if (!m.ours) {
    why = postgres ? "a PostgreSQL database without a slaudit ledger in it" : "a SQLite database, but not a slaudit ledger";
    return nullptr;
  }
  if (m.version > known_versions) {
    why = "written by a newer slaudit (ledger schema " + std::to_string(m.version) + "; this build knows up to " +
          std::to_string(known_versions) + "); use that version or a newer one";
    return nullptr;
  }
  return std::unique_ptr<book>(new book(std::move(db), path));
}

book::set_up_result book::set_up(store::database* db, std::string& why) {
  auto m = db->read_marker();
  if (m.locked) {
    why = m.why;
    return set_up_result::busy;
  }
  if (!m.readable) {
    why = m.why;
    return set_up_result::damaged;
  }
  if (m.other_objects) {
    why = std::string("a ") + db->engine() + " database, but not a slaudit ledger; give --ledger another " +
          (db->engine() == std::string("SQLite") ? "file" : "database (or schema)");
    return set_up_result::failed;
  }
  if (m.version > known_versions) {
    why = "written by a newer slaudit (ledger schema " + std::to_string(m.version) + "; this build knows up to " +
          std::to_string(known_versions) + "); use that version or a newer one";
    return set_up_result::failed;
  }
  if (!db->prepare_for_writing(why)) return db->busy() ? set_up_result::busy : set_up_result::failed;
  for (auto v = m.version; v < known_versions; ++v) {
    transaction tx(db);
    if (!tx.begin(why)) return db->busy() ? set_up_result::busy : set_up_result::failed;
    // Another process may have migrated while this one waited for the lock.
    auto now = db->read_marker();
    if (!now.readable) {
      why = now.why;
      return db->busy() ? set_up_result::busy : set_up_result::failed;
    }
    if (now.version > v) continue;
    if (!db->exec(db->schema_sql(migrations[v].sql), why) || !db->set_marker(v + 1, why) ||
        (migrations[v].then && !migrations[v].then(db, why)) || !tx.commit(why)) {
      if (db->busy()) return set_up_result::busy;
      why = "migrating the ledger to schema " + std::to_string(v + 1) + ": " + why;
      return set_up_result::failed;
    }
  }
  return set_up_result::ready;
}

book::book(std::unique_ptr<store::database> db, std::string path)
    : db_(std::move(db)), path_(store::shown(path)) {}

std::string shown(const std::string& where) { return store::shown(where); }
book::~book() = default;

std::optional<earlier_credits> book::credits(const std::string& contract_id, const std::vector<std::string>& months,
                                               const std::string& currency, std::string& why) {
  earlier_credits out;
  if (months.empty()) return out;
  // One statement, so one view of the ledger: a rerun of an earlier month committed meanwhile
  // is seen whole or not at all, never half the months before it and half after (a statement
  // reads one snapshot, in SQLite and in PostgreSQL's READ COMMITTED alike).
  statement s(db_.get(), "SELECT period, currency, provider_total_minor, superseded_by FROM contract_periods WHERE "
                         "contract_id = ? AND period IN (" +
                             placeholders(months.size()) + ")");
  s.bind(1, contract_id);
  for (std::size_t k = 0; k < months.size(); ++k) s.bind(static_cast<int>(k) + 2, months[k]);
  struct found {
    std::string currency;
    std::int64_t total = 0;
    bool superseded = false;
  };
  std::map<std::string, found> by_month;
  while (s.step()) by_month[s.text(0)] = {s.text(1), s.integer(2), !s.null(3)};
  if (!s.ok()) {
    why = s.error();
    return std::nullopt;
  }
  for (auto& month : months) {
    auto it = by_month.find(month);
    if (it == by_month.end()) out.missing.push_back(month);
    else if (it->second.superseded) out.superseded.push_back(month);
    else if (it->second.currency != currency) out.other_currency.push_back(month);
    else out.provider_total += it->second.total;
  }
  return out;
}

std::optional<std::int64_t> book::begin_run(const std::string& period, const std::string& source,
                                              const std::string& out_dir, const std::string& tool_version,
                                              const std::string& settings, const std::string& recorded_at,
                                              std::string& why) {
  statement run(db_.get(),
                "INSERT INTO runs (period, recorded_at, source, out_dir, tool_version, settings, contracts, failed, "
                "finished) VALUES (?,?,?,?,?,?,0,0,0) RETURNING run_id");
  run.bind(1, period).bind(2, recorded_at).bind(3, source).bind(4, out_dir).bind(5, tool_version).bind(6, settings);
  std::int64_t id = run.step() ? run.integer(0) : 0;
  run.reset();
  if (!run.ok() || id == 0) {
    why = run.ok() ? "the ledger gave the run no number" : run.error();
    return std::nullopt;
  }
  return id;
}

bool book::finish_run(std::int64_t run_id, std::size_t contracts, std::size_t failed, std::string& why) {
  transaction tx(db_.get());
  if (!tx.begin(why)) return false;
  statement done(db_.get(), "UPDATE runs SET contracts = ?, failed = ?, finished = 1 WHERE run_id = ?");
  done.bind(1, static_cast<std::int64_t>(contracts)).bind(2, static_cast<std::int64_t>(failed)).bind(3, run_id);
  if (!done.run()) {
    why = done.error();
    return false;
  }
  return seal(db_.get(), run_id, why) && tx.commit(why);
}

bool book::record(std::int64_t run_id, const std::string& period_label, const std::vector<contract_entry>& entries,
                    bool figures, std::string& why) {
  if (entries.empty()) return true;
  transaction tx(db_.get());
  if (!tx.begin(why)) return false;
  statement status(db_.get(),
                   "INSERT INTO run_contracts (run_id, file, contract_id, status, error, currency, "
                   "provider_total_minor, customer_total_minor, figures_sha256) VALUES (?,?,?,?,?,?,?,?,?) "
                   "ON CONFLICT (run_id, file) DO UPDATE SET contract_id = excluded.contract_id, status = "
                   "excluded.status, error = excluded.error, currency = excluded.currency, provider_total_minor = "
                   "excluded.provider_total_minor, customer_total_minor = excluded.customer_total_minor, "
                   "figures_sha256 = excluded.figures_sha256");
  statement put_digest(db_.get(), "UPDATE contract_periods SET figures_sha256 = ? WHERE contract_id = ? AND period = ?");
  statement current(db_.get(),
                    "SELECT figures_sha256 FROM contract_periods WHERE contract_id = ? AND period = ? AND "
                    "superseded_by IS NULL");
  // A failed rerun takes the month's earlier figures out of use: never a stale figure that
  // looks current (the first such run is named; a later success replaces the row).
  statement supersede(db_.get(),
                      "UPDATE contract_periods SET superseded_by = ?1 WHERE period = ?2 AND run_id < ?1 AND "
                      "superseded_by IS NULL AND (contract_id = ?3 OR file = ?4)");
  figures_writer write(db_.get());
  earlier_keeper earlier(db_.get());
  // The figures' digest each entry's status vouches for: of the figures it records, or (a
  // contract skipped as unchanged, a merge's) of the figures already there.
  std::vector<std::optional<std::string>> digests(entries.size());
  std::vector<std::size_t> written;  // the entries whose figures this call records
  for (std::size_t k = 0; k < entries.size(); ++k) {
    const auto& e = entries[k];
    const auto& s = e.summary;
    if (figures && s && e.status == entry_status::ok) {
      if (!earlier.keep(s->id, period_label, run_id, why) || !write.figures(run_id, period_label, e, why)) return false;
      written.push_back(k);
    } else if (s && e.status != entry_status::failed) {
      current.bind(1, s->id).bind(2, period_label);
      if (current.step()) digests[k] = current.text(0);
      current.reset();
      if (!current.ok()) {
        why = current.error();
        return false;
      }
    }
    if (e.status == entry_status::failed) {
      supersede.bind(1, run_id).bind(2, period_label).bind(4, e.file);
      if (s) supersede.bind(3, s->id);
      else supersede.bind_null(3);
      if (!supersede.run()) {
        why = supersede.error();
        return false;
      }
    }
  }
  // The digests of what was written, read back as the ledger holds it: one read of the
  // written months' rows (in groups, for the statements' limits on values), not a query per
  // contract and part.
  std::map<std::string, std::string> of_contract;
  constexpr std::size_t per_read = 500;
  for (std::size_t from = 0; from < written.size(); from += per_read) {
    std::vector<std::string> ids;
    for (std::size_t k = from; k < written.size() && k < from + per_read; ++k)
      ids.push_back(entries[written[k]].summary->id);
    every_month months(db_.get(), period_label, ids);
    every_month::month m;
    while (months.next(m)) of_contract[m.contract_id] = m.digest;
    if (auto error = months.error(); !error.empty()) {
      why = error;
      return false;
    }
  }
  for (auto k : written) {
    const auto& id = entries[k].summary->id;
    auto it = of_contract.find(id);
    if (it == of_contract.end()) {
      why = "the figures of " + id + " for " + period_label + " were written but cannot be read back";
      return false;
    }
    digests[k] = it->second;
    put_digest.bind(1, it->second).bind(2, id).bind(3, period_label);
    if (!put_digest.run()) {
      why = put_digest.error();
      return false;
    }
  }
  for (std::size_t k = 0; k < entries.size(); ++k) {
    const auto& e = entries[k];
    const auto& s = e.summary;
    status.bind(1, run_id).bind(2, e.file).bind(4, status_word(e.status));
    if (s) status.bind(3, s->id).bind(6, s->currency).bind(7, s->provider_total).bind(8, s->customer_total);
    else status.bind_null(3).bind_null(6).bind_null(7).bind_null(8);
    if (e.status == entry_status::failed) status.bind(5, e.error);
    else status.bind_null(5);
    if (digests[k]) status.bind(9, *digests[k]);
    else status.bind_null(9);
    if (!status.run()) {
      why = status.error();
      return false;
    }
  }
  return tx.commit(why);
}

bool book::has_figures(const std::string& contract_id, const std::string& period,
                         const std::vector<input_digest>& inputs) {
  statement q(db_.get(),
              "SELECT inputs_sha256 FROM contract_periods WHERE contract_id = ? AND period = ? AND superseded_by IS NULL");
  q.bind(1, contract_id).bind(2, period);
  return q.step() && q.text(0) == inputs_digest(inputs);
}

bool book::import_figures(const std::string& shard_path, const std::string& period, std::int64_t run_id,
                            std::string& why) {
  // The shard's ledger proves itself first: its figures are taken as they are.
  auto shard = book::open(shard_path, false, why);
  if (!shard) {
    why = "the shard's ledger " + shard_path + ": " + why;
    return false;
  }
  snapshot shard_view(shard->db_.get());
  transaction tx(db_.get());
  if (!tx.begin(why)) return false;
  // What the merge replaces is kept, as a rerun's is.
  statement replaced(shard->db_.get(),
                     "SELECT contract_id, period FROM contract_periods WHERE period = ?1 ORDER BY contract_id");
  replaced.bind(1, period);
  auto keys = figure_keys(replaced, why);
  if (!keys) return false;
  earlier_keeper earlier(db_.get());
  statement drop(db_.get(), "DELETE FROM contract_periods WHERE contract_id = ?1 AND period = ?2");
  for (auto& [id, month] : *keys) {
    if (!earlier.keep(id, period, run_id, why)) return false;
    drop.bind(1, id).bind(2, period);
    if (!drop.run()) {
      why = drop.error();
      return false;
    }
  }
  // The figures as they are, but for the run that records them: now the merge (column 3).
  statement months(shard->db_.get(), std::string("SELECT ") + figures_parts[0].columns +
                                         " FROM contract_periods WHERE period = ?1 ORDER BY contract_id");
  months.bind(1, period);
  if (!copy_rows(months, db_.get(), "contract_periods", figures_parts[0].columns, why, {{3, run_id}})) return false;
  for (const char* table : child_tables) {
    if (!shard->db_->has_table(table)) continue;
    statement rows(shard->db_.get(), std::string("SELECT * FROM ") + table + " WHERE period = ?1");
    rows.bind(1, period);
    if (!copy_rows(rows, db_.get(), table, nullptr, why)) return false;
  }
  // Their digests anew (the run that recorded them is now the merge), from one read of the
  // month's rows rather than a query per contract and part; written once the read is done.
  std::vector<std::pair<std::string, std::string>> digests;  // contract id, digest
  {
    every_month imported(db_.get(), period, run_id);
    every_month::month m;
    while (imported.next(m)) digests.emplace_back(m.contract_id, m.digest);
    if (auto error = imported.error(); !error.empty()) {
      why = error;
      return false;
    }
  }
  statement put(db_.get(), "UPDATE contract_periods SET figures_sha256 = ?1 WHERE contract_id = ?2 AND period = ?3");
  for (auto& [id, digest] : digests) {
    put.bind(1, digest).bind(2, id).bind(3, period);
    if (!put.run()) {
      why = put.error();
      return false;
    }
  }
  return tx.commit(why);
}

bool book::copy_to(book& target, std::string& why) {
  snapshot one_view(db_.get());
  transaction tx(target.db_.get());
  if (!tx.begin(why)) return false;
  statement held(target.db_.get(), "SELECT count(*) FROM runs");
  if (!held.step()) {
    why = held.error();
    return false;
  }
  if (auto n = held.integer(0); n > 0) {
    why = target.path() + " already holds " + std::to_string(n) +
          " runs: a ledger is copied whole, into a new one (its runs keep their numbers and seals)";
    return false;
  }
  held.reset();
  for (const char* table : every_table) {
    statement rows(db_.get(), std::string("SELECT * FROM ") + table, statement::of_many::rows);
    if (!copy_rows(rows, target.db_.get(), table, nullptr, why)) {
      why = "copying " + std::string(table) + ": " + why;
      return false;
    }
  }
  if (!target.db_->runs_copied(why)) return false;
  // The copy proves itself before it is committed: the same seals, the same figures.
  auto theirs = target.verify();
  auto ours = verify();
  if (!theirs.intact()) {
    why = "the copy does not prove itself: " + theirs.problems.front().text;
    return false;
  }
  if (theirs.runs != ours.runs || theirs.sealed != ours.sealed || theirs.figures != ours.figures ||
      theirs.head != ours.head) {
    why = "the copy holds other runs or figures than " + path() + " (" + std::to_string(theirs.runs) + " runs, " +
          std::to_string(theirs.figures) + " contract-months, against " + std::to_string(ours.runs) + " and " +
          std::to_string(ours.figures) + ")";
    return false;
  }
  return tx.commit(why);
}

std::optional<std::int64_t> yearly_cap_credits(const engine::contract& c, const engine::period& month, book& l,
                                               const std::string& contract_path, std::string& error) {
  bool yearly = std::any_of(c.caps.begin(), c.caps.end(), [](auto& cap) { return cap.per == engine::period_unit::year; });
  if (!yearly) return std::nullopt;
  std::vector<std::string> months;
  for (auto& m : engine::earlier_months_of_contract_year(c, month)) months.push_back(m.label());
  std::string why;
  auto found = l.credits(c.id, months, c.currency, why);
  if (!found) {
    error = contract_path + ": error: cannot read the ledger " + l.path() + ": " + why + "\n";
    return std::nullopt;
  }
  if (!found->missing.empty() || !found->other_currency.empty() || !found->superseded.empty()) {
    auto list_of = [](const std::vector<std::string>& v) {
      std::string list;
      for (auto& m : v) list += (list.empty() ? "" : ", ") + m;
      return list;
    };
    std::string missing = list_of(found->missing), other = list_of(found->other_currency);
    std::string superseded = list_of(found->superseded);
    std::vector<std::string> to_run = found->missing;
    to_run.insert(to_run.end(), found->superseded.begin(), found->superseded.end());
    to_run.insert(to_run.end(), found->other_currency.begin(), found->other_currency.end());
    std::sort(to_run.begin(), to_run.end());
    error = contract_path + ": error: " + c.id + " has a yearly cap, and its contract year began " + months.front() +
            (missing.empty() ? "" : "; the ledger " + l.path() + " has no figures for " + missing) +
            (superseded.empty() ? ""
                                : "; the ledger's figures for " + superseded +
                                      " were superseded by a rerun that failed for this contract") +
            (other.empty() ? "" : "; the ledger holds " + other + " in another currency than " + c.currency) +
            "\n  the cap needs the credits of every earlier month of the year: run " + list_of(to_run) +
            " first with the same ledger (or, without a ledger, state their credits with --earlier-credits AMOUNT)\n";
    return std::nullopt;
  }
  return found->provider_total;
}

std::string inputs_digest(const std::vector<input_digest>& inputs) {
  std::string text;
  for (auto& i : inputs) text += i.root + "\t" + i.path + "\t" + i.sha256 + "\n";
  return history::sha256_hex(text);
}

std::optional<std::vector<ledger_row>> book::rows(const std::vector<std::string>& months,
                                                    const std::vector<std::string>& contract_ids, std::string& why) {
  std::string sql =
      "SELECT p.contract_id, p.period, p.file, p.run_id, r.recorded_at, p.title, p.customer, p.provider, p.currency, "
      "p.minor_digits, p.breached, p.breaches_services, p.breaches_clocks, p.breaches_escalations, p.breaches_rates, "
      "p.provider_before_caps_minor, p.provider_total_minor, p.customer_total_minor, p.yearly_cap_minor, "
      "p.earlier_year_credits_minor, p.superseded_by FROM contract_periods p JOIN runs r ON r.run_id = p.run_id "
      "WHERE p.period IN (" +
      placeholders(months.size()) + ")";
  if (!contract_ids.empty()) sql += " AND p.contract_id IN (" + placeholders(contract_ids.size()) + ")";
  sql += " ORDER BY p.contract_id, p.period";
  statement q(db_.get(), sql.c_str());
  int k = 1;
  for (auto& m : months) q.bind(k++, m);
  for (auto& id : contract_ids) q.bind(k++, id);
  std::vector<ledger_row> out;
  while (q.step()) {
    ledger_row r;
    r.contract_id = q.text(0);
    r.period = q.text(1);
    r.file = q.text(2);
    r.run_id = q.integer(3);
    r.recorded_at = q.text(4);
    auto& s = r.summary;
    s.id = r.contract_id;
    s.title = q.text(5);
    s.customer = q.text(6);
    s.provider = q.text(7);
    s.currency = q.text(8);
    s.minor_digits = static_cast<int>(q.integer(9));
    s.breached = q.integer(10) != 0;
    s.breaches = {static_cast<std::size_t>(q.integer(11)), static_cast<std::size_t>(q.integer(12)),
                  static_cast<std::size_t>(q.integer(13)), static_cast<std::size_t>(q.integer(14))};
    s.provider_before_caps = q.integer(15);
    s.provider_total = q.integer(16);
    s.customer_total = q.integer(17);
    if (!q.null(18)) s.yearly_cap = q.integer(18);
    s.earlier_year_credits = q.integer(19);
    if (!q.null(20)) r.superseded_by = q.integer(20);
    out.push_back(std::move(r));
  }
  if (!q.ok()) {
    why = q.error();
    return std::nullopt;
  }
  statement services(db_.get(),
                     "SELECT service, s, m, u, numerator, denominator, target_pct, verdict FROM services "
                     "WHERE contract_id = ? AND period = ? ORDER BY seq");
  statement lines(db_.get(),
                  "SELECT penalty, subject, clauses, payer, rounded_minor, cap_cut_minor, amount_minor, formula "
                  "FROM penalty_lines WHERE contract_id = ? AND period = ? ORDER BY seq");
  statement rates(db_.get(),
                  "SELECT metric, service, numerator, denominator, target_pct, verdict FROM rates "
                  "WHERE contract_id = ? AND period = ? ORDER BY seq");
  statement decisions(db_.get(),
                      "SELECT source_row, target, decision, value, approver, approved, reason, changes FROM decisions "
                      "WHERE contract_id = ? AND period = ? ORDER BY seq");
  statement undecided(db_.get(),
                      "SELECT provider_before_caps_minor, provider_total_minor, customer_total_minor FROM "
                      "undecided_totals WHERE contract_id = ? AND period = ?");
  for (auto& r : out) {
    decisions.bind(1, r.contract_id).bind(2, r.period);
    while (decisions.step())
      r.summary.decisions.push_back({decisions.integer(0), decisions.text(1), decisions.text(2), decisions.text(3),
                                     decisions.text(4), decisions.text(5), decisions.text(6), decisions.text(7)});
    decisions.reset();
    undecided.bind(1, r.contract_id).bind(2, r.period);
    if (undecided.step()) {
      r.summary.undecided_provider_before_caps = undecided.integer(0);
      r.summary.undecided_provider_total = undecided.integer(1);
      r.summary.undecided_customer_total = undecided.integer(2);
    }
    undecided.reset();
    rates.bind(1, r.contract_id).bind(2, r.period);
    while (rates.step())
      r.summary.rates.push_back({rates.text(0), rates.text(1), rates.integer(2), rates.integer(3), rates.text(4),
                                 rates.text(5)});
    rates.reset();
    services.bind(1, r.contract_id).bind(2, r.period);
    while (services.step())
      r.summary.services.push_back({services.text(0), services.integer(1), services.integer(2), services.integer(3),
                                    services.integer(4), services.integer(5), services.text(6), services.text(7)});
    services.reset();
    lines.bind(1, r.contract_id).bind(2, r.period);
    while (lines.step())
      r.summary.lines.push_back({lines.text(0), lines.text(1), lines.text(2), lines.text(3), lines.integer(4),
                                 lines.integer(5), lines.integer(6), lines.text(7)});
    lines.reset();
    for (auto* st : {&rates, &services, &lines, &decisions, &undecided})
      if (!st->ok()) {
        why = st->error();
        return std::nullopt;
      }
  }
  return out;
}

std::optional<std::vector<ledger_run>> book::runs(std::string& why) {
  statement q(db_.get(),
              "SELECT run_id, period, recorded_at, source, out_dir, tool_version, settings, contracts, failed, finished "
              "FROM runs ORDER BY run_id");
  std::vector<ledger_run> out;
  while (q.step())
    out.push_back({q.integer(0), q.text(1), q.text(2), q.text(3), q.text(4), q.text(5), q.text(6),
                   static_cast<std::size_t>(q.integer(7)), static_cast<std::size_t>(q.integer(8)), q.integer(9) != 0});
  if (!q.ok()) {
    why = q.error();
    return std::nullopt;
  }
  return out;
}

ledger_check book::verify() {
  ledger_check c;
  if (!file_checked(c)) return c;
  snapshot one_view(db_.get());  // another process may record while this reads
  std::map<std::int64_t, std::string> names;  // run id → "run 7 (2026-11, batch, recorded …)"
  if (!chain_checked(c, names)) return c;
  figures_checked(c, names);
  earlier_figures_checked(c, names);
  std::stable_sort(c.problems.begin(), c.problems.end(), [](auto& a, auto& b) { return a.run_id < b.run_id; });
  return c;
}

/// The storage as its database reads it (SQLite's quick_check), and whether it is of a schema
/// that seals runs; false when nothing more can be checked.
bool book::file_checked(ledger_check& c) {
  std::string found, why;
  if (!db_->storage_checked(found, why)) {
    c.problems.push_back({0, why});
    return false;
  }
  if (!found.empty()) {
    c.problems.push_back({0, found});
    return false;
  }
  if (db_->read_marker().version < 2) {
    c.sealed_schema = false;
    c.notes.push_back({0, "written before runs were sealed (ledger schema 1): nothing in it can be checked yet; "
                          "the next run of this build upgrades it and seals what it holds"});
    return false;
  }
  return true;
}

/// The runs, and the chain of the sealed ones in their places: each run's digest recomputed
/// from its rows and the one before. `names` gets each run's name for the messages; false
/// when the database cannot read on.
bool book::chain_checked(ledger_check& c, std::map<std::int64_t, std::string>& names) {
  auto problem = [&](std::int64_t run, std::string text) { c.problems.push_back({run, std::move(text)}); };
  struct sealed_run {
    std::int64_t place, run_id;
    std::string digest;
  };
  std::vector<sealed_run> chain;
  std::vector<std::int64_t> upgraded;
  statement runs(db_.get(),
                 "SELECT run_id, period, source, recorded_at, finished, seal, run_sha256, sealed_at_upgrade FROM runs "
                 "ORDER BY run_id",
                 statement::of_many::rows);
  while (runs.step()) {
    auto id = runs.integer(0);
    auto& name = names[id] = "run " + std::to_string(id) + " (" + runs.text(1) + ", " + runs.text(2) + ", recorded " +
                             runs.text(3) + ")";
    ++c.runs;
    bool finished = runs.integer(4) != 0;
    if (!runs.null(5)) chain.push_back({runs.integer(5), id, runs.text(6)});
    else if (finished) problem(id, name + " says it finished but holds no seal: its row was edited");
    else
      c.notes.push_back({id, name + " never finished (killed or failed midway): what it recorded is checked "
                                    "contract by contract but not sealed; rerun its month to seal it"});
    if (runs.integer(7)) upgraded.push_back(id);
  }
  if (!runs.ok()) {
    problem(0, std::string(db_->engine()) + " cannot read its runs (" + runs.error() + ")");
    return false;
  }
  std::sort(chain.begin(), chain.end(), [](auto& a, auto& b) { return a.place < b.place; });
  std::string previous, why;
  std::int64_t expected = 1;
  for (auto& r : chain) {
    if (r.place != expected)
      problem(r.run_id, names[r.run_id] + " is sealed in place " + std::to_string(r.place) + " of the chain, but place " +
                            std::to_string(expected) + " is " + (r.place > expected ? "missing: a run was deleted" : "taken twice"));
    auto digest = run_digest(db_.get(), r.run_id, previous, why);
    if (!digest) {
      problem(r.run_id, std::string(db_->engine()) + " cannot read " + names[r.run_id] + " (" + why + ")");
      return false;
    }
    if (*digest != r.digest)
      problem(r.run_id, names[r.run_id] + " was changed after it was sealed: its row, or its contracts' statuses, "
                                          "totals or figures' digests, are not what it recorded");
    previous = r.digest;  // each run judged on its own: the first bad run is the one named
    expected = r.place + 1;
    ++c.sealed;
    c.head_run = r.run_id;
    c.head = r.digest;
  }
  if (!upgraded.empty())
    c.notes.push_back({upgraded.front(), "runs " + std::to_string(upgraded.front()) + " to " +
                                             std::to_string(upgraded.back()) +
                                             " were recorded before runs were sealed; they were sealed as they were "
                                             "when the ledger was upgraded to schema 2"});
  return true;
}

/// Every contract-month's figures: its digest, the run that vouches for it, and its mark
/// when a later rerun failed.
void book::figures_checked(ledger_check& c, std::map<std::int64_t, std::string>& names) {
  auto problem = [&](std::int64_t run, std::string text) { c.problems.push_back({run, std::move(text)}); };
  // The failures of every run, by month and then contract id or file: few, read at once.
  std::map<std::pair<std::string, std::string>, std::vector<std::int64_t>> failures;
  statement failed(db_.get(),
                   "SELECT r.period, c.contract_id, c.file, c.run_id FROM run_contracts c JOIN runs r ON "
                   "r.run_id = c.run_id WHERE c.status = 'failed' ORDER BY c.run_id");
  while (failed.step()) {
    if (!failed.null(1)) failures[{failed.text(0), "id " + failed.text(1)}].push_back(failed.integer(3));
    failures[{failed.text(0), "file " + failed.text(2)}].push_back(failed.integer(3));
  }
  auto first_failure_after = [&](const std::string& period, const std::string& key,
                                 std::int64_t run) -> std::optional<std::int64_t> {
    if (auto it = failures.find({period, key}); it != failures.end())
      for (auto r : it->second)
        if (r > run) return r;
    return std::nullopt;
  };
  // What each run vouches for, one contract at a time (the months come by contract id).
  statement vouching(db_.get(),
                     "SELECT contract_id, run_id, figures_sha256 FROM run_contracts WHERE status = 'ok' AND "
                     "contract_id IS NOT NULL ORDER BY contract_id, run_id",
                     statement::of_many::rows);
  bool vouching_row = vouching.step();
  std::string vouched_contract;
  std::map<std::int64_t, std::string> vouched;  // run → digest, of vouched_contract
  every_month months(db_.get());
  every_month::month m;
  while (months.next(m)) {
    ++c.figures;
    std::string of = "the figures of " + m.contract_id + " for " + m.period;
    if (!names.count(m.run_id)) {
      problem(m.run_id, of + " name run " + std::to_string(m.run_id) + ", which the ledger does not hold");
      continue;
    }
    const auto& name = names[m.run_id];
    if (m.digest != m.stored_digest) {
      problem(m.run_id, name + ": " + of + " are not what it recorded");
      continue;
    }
    if (m.contract_id != vouched_contract) {
      vouched_contract = m.contract_id;
      vouched.clear();
      while (vouching_row && vouching.text(0) < m.contract_id) vouching_row = vouching.step();
      for (; vouching_row && vouching.text(0) == m.contract_id; vouching_row = vouching.step())
        vouched[vouching.integer(1)] = vouching.text(2);
    }
    if (auto it = vouched.find(m.run_id); it == vouched.end() || it->second != m.stored_digest)
      problem(m.run_id, name + ": its statuses do not vouch for " + of + " that the ledger holds");
    auto by_id = first_failure_after(m.period, "id " + m.contract_id, m.run_id);
    auto by_file = first_failure_after(m.period, "file " + m.file, m.run_id);
    auto failed_rerun = !by_id ? by_file : !by_file ? by_id : std::min(by_id, by_file);
    if (failed_rerun != m.superseded_by)
      problem(m.run_id,
              name + ": " + of + " " +
                  (failed_rerun ? "were superseded by run " + std::to_string(*failed_rerun) +
                                      ", whose rerun of it failed, but " +
                                      (m.superseded_by ? "the mark names run " + std::to_string(*m.superseded_by)
                                                       : std::string("the mark was removed"))
                                : "are marked superseded by run " + std::to_string(*m.superseded_by) +
                                      ", which did not fail it"));
  }
  if (auto error = months.error(); !error.empty()) problem(0, std::string(db_->engine()) + " cannot read the figures (" + error + ")");
  for (auto* q : {&failed, &vouching})
    if (!q->ok()) problem(0, std::string(db_->engine()) + " cannot read the runs' contracts (" + q->error() + ")");
}

/// The figures reruns replaced (schema 4): each text against its digest, and the digest
/// against what its run vouched for in its sealed statuses.
void book::earlier_figures_checked(ledger_check& c, std::map<std::int64_t, std::string>& names) {
  if (!db_->has_table("earlier_figures")) return;
  statement q(db_.get(),
              "SELECT e.contract_id, e.period, e.run_id, e.figures_sha256, e.figures, "
              "(SELECT figures_sha256 FROM run_contracts r WHERE r.run_id = e.run_id AND r.contract_id = e.contract_id "
              "AND r.status = 'ok') FROM earlier_figures e ORDER BY e.run_id, e.contract_id, e.period",
              statement::of_many::rows);
  while (q.step()) {
    std::int64_t run = q.integer(2);
    std::string of = "the replaced figures of " + q.text(0) + " for " + q.text(1);
    std::string name = names.count(run) ? names[run] : "run " + std::to_string(run);
    if (history::sha256_hex(q.text(4)) != q.text(3) || !decode_figures(q.text(4)))
      c.problems.push_back({run, name + ": " + of + " are not what it recorded"});
    else if (q.null(5) || q.text(5) != q.text(3))
      c.problems.push_back({run, name + ": its statuses do not vouch for " + of + " that the ledger keeps"});
  }
  if (!q.ok()) c.problems.push_back({0, std::string(db_->engine()) + " cannot read the replaced figures (" + q.error() + ")"});
}

std::optional<std::vector<recorded_figures>> book::versions(const std::string& contract_id, const std::string& period,
                                                            std::string& why) {
  std::vector<recorded_figures> out;
  auto add = [&](const std::string& text, std::int64_t run, std::string recorded_at, bool current,
                 std::int64_t replaced_by) {
    auto f = decode_figures(text);
    if (!f) {
      why = "the figures of " + contract_id + " for " + period + " recorded by run " + std::to_string(run) +
            " cannot be read back";
      return false;
    }
    f->run_id = run, f->recorded_at = std::move(recorded_at), f->current = current, f->replaced_by = replaced_by;
    out.push_back(std::move(*f));
    return true;
  };
  if (db_->has_table("earlier_figures")) {
    statement q(db_.get(),
                "SELECT e.figures, e.run_id, r.recorded_at, e.replaced_by FROM earlier_figures e JOIN runs r ON "
                "r.run_id = e.run_id WHERE e.contract_id = ? AND e.period = ? ORDER BY e.run_id");
    q.bind(1, contract_id).bind(2, period);
    while (q.step())
      if (!add(q.text(0), q.integer(1), q.text(2), false, q.integer(3))) return std::nullopt;
    if (!q.ok()) {
      why = q.error();
      return std::nullopt;
    }
  }
  statement now(db_.get(),
                "SELECT p.run_id, r.recorded_at FROM contract_periods p JOIN runs r ON r.run_id = p.run_id WHERE "
                "p.contract_id = ? AND p.period = ?");
  now.bind(1, contract_id).bind(2, period);
  if (now.step()) {
    figures_digest digest(db_.get());
    auto text = digest.text_of(contract_id, period, why);
    if (!text || !add(*text, now.integer(0), now.text(1), true, 0)) return std::nullopt;
  }
  if (!now.ok()) {
    why = now.error();
    return std::nullopt;
  }
  return out;
}

}  // namespace slaudit::ledger
