#include "batch/ledger.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <thread>
#include <filesystem>

#include "history/digest.hpp"

namespace slaudit::batch {
namespace {

/// 'SLAL' in the file header: a slaudit ledger, told apart from any other SQLite file.
constexpr int application_id = 0x534C414C;

// Each entry takes the schema one version up; entry k leaves user_version = k + 1. A release
// only ever appends here: a ledger written by any earlier build migrates step by step.
const char* const migrations[] = {
    // 1: runs and their contracts; each contract-month's latest figures.
    R"sql(
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
};
constexpr int known_versions = static_cast<int>(sizeof migrations / sizeof migrations[0]);
static_assert(known_versions == ledger_schema_version);

/// A prepared statement, finalised with its scope.
class statement {
 public:
  statement(sqlite3* db, const char* sql) : db_(db) {
    rc_ = sqlite3_prepare_v2(db, sql, -1, &s_, nullptr);
    if (rc_ != SQLITE_OK) message_ = sqlite3_errmsg(db);
  }
  ~statement() { sqlite3_finalize(s_); }
  statement(const statement&) = delete;
  statement& operator=(const statement&) = delete;

  bool ok() const { return rc_ == SQLITE_OK || rc_ == SQLITE_ROW || rc_ == SQLITE_DONE; }
  statement& bind(int k, const std::string& v) {
    keep(sqlite3_bind_text(s_, k, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT));
    return *this;
  }
  statement& bind(int k, std::int64_t v) {
    keep(sqlite3_bind_int64(s_, k, v));
    return *this;
  }
  statement& bind_null(int k) {
    keep(sqlite3_bind_null(s_, k));
    return *this;
  }
  /// One step: true while it yields a row.
  bool step() {
    if (!ok()) return false;
    int rc = sqlite3_step(s_);
    if (rc == SQLITE_ROW) return true;
    if (rc != SQLITE_DONE) {
      rc_ = rc;
      message_ = sqlite3_errmsg(db_);
    }
    return false;
  }
  /// Runs a statement that yields no rows, then makes it ready for new values.
  bool run() {
    step();
    reset();
    return ok();
  }
  /// Ready for new values (after the rows wanted were read).
  void reset() {
    if (!s_) return;  // never prepared: error() says why
    sqlite3_reset(s_);
    sqlite3_clear_bindings(s_);
  }
  std::int64_t integer(int col) { return sqlite3_column_int64(s_, col); }
  bool null(int col) { return sqlite3_column_type(s_, col) == SQLITE_NULL; }
  std::string text(int col) {
    auto p = reinterpret_cast<const char*>(sqlite3_column_text(s_, col));
    return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(s_, col))) : std::string();
  }
  /// What went wrong first (SQLite's own message, kept: later calls overwrite it).
  std::string error() const { return message_.empty() ? sqlite3_errmsg(db_) : message_; }

 private:
  void keep(int rc) {
    if (rc != SQLITE_OK && ok()) {
      rc_ = rc;
      message_ = sqlite3_errmsg(db_);
    }
  }
  sqlite3* db_;
  sqlite3_stmt* s_ = nullptr;
  int rc_ = SQLITE_OK;
  std::string message_;
};

bool exec(sqlite3* db, const char* sql, std::string& why) {
  char* message = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &message) == SQLITE_OK) return true;
  why = message ? message : sqlite3_errmsg(db);
  sqlite3_free(message);
  return false;
}

std::int64_t pragma(sqlite3* db, const char* name) {
  statement s(db, (std::string("PRAGMA ") + name).c_str());
  return s.step() ? s.integer(0) : -1;
}

/// A transaction that rolls back unless committed.
class transaction {
 public:
  explicit transaction(sqlite3* db) : db_(db) {}
  bool begin(std::string& why) { return open_ = exec(db_, "BEGIN IMMEDIATE", why); }
  bool commit(std::string& why) {
    if (!exec(db_, "COMMIT", why)) return false;
    open_ = false;
    return true;
  }
  ~transaction() {
    std::string ignored;
    if (open_) exec(db_, "ROLLBACK", ignored);
  }

 private:
  sqlite3* db_;
  bool open_ = false;
};

std::string placeholders(std::size_t n) {
  std::string s;
  for (std::size_t k = 0; k < n; ++k) s += k ? ",?" : "?";
  return s;
}

}  // namespace

std::string utc_now_text() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::unique_ptr<ledger> ledger::open(const std::string& path, bool create, std::string& why) {
  namespace fs = std::filesystem;
  std::error_code ec;
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
  sqlite3* db = nullptr;
  // Serialized: the batch's worker threads ask it whether a contract is unchanged while a
  // checkpoint records others (the writes themselves come one at a time).
  int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_FULLMUTEX;
  if (sqlite3_open_v2(path.c_str(), &db, flags, nullptr) != SQLITE_OK) {
    why = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return nullptr;
  }
  std::unique_ptr<ledger> l(new ledger(db, path));
  sqlite3_busy_timeout(db, 60'000);  // one writer at a time: another run's transaction is waited for
  // Another process may be creating or converting the ledger at this moment. SQLite does
  // not wait on its busy handler for every lock (changing into WAL mode, a read that must
  // become a write): such a step is tried again until the minute is up.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  for (;;) {
    auto done = set_up(db, why);
    if (done == set_up_result::ready) return l;
    if (done == set_up_result::failed || std::chrono::steady_clock::now() > deadline) {
      if (done == set_up_result::busy) why = "the ledger stayed locked by another process for a minute: " + why;
      return nullptr;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

ledger::set_up_result ledger::set_up(sqlite3* db, std::string& why) {
  auto busy = [&] {
    int code = sqlite3_errcode(db) & 0xff;
    return code == SQLITE_BUSY || code == SQLITE_LOCKED;
  };
  // The three reads in one transaction, so one snapshot: another process may be creating
  // the ledger at this moment (tables without the header's id would read as a stranger's).
  std::int64_t app = -1, version = -1, objects = 0;
  if (!exec(db, "BEGIN", why)) return busy() ? set_up_result::busy : set_up_result::failed;
  app = pragma(db, "application_id");
  version = pragma(db, "user_version");
  std::string unreadable = app < 0 || version < 0 ? sqlite3_errmsg(db) : "";
  bool locked = (app < 0 || version < 0) && busy();
  {
    statement tables(db, "SELECT count(*) FROM sqlite_master");  // finished here: no read left open
    if (tables.step()) objects = tables.integer(0);
  }
  std::string ignored;
  exec(db, "COMMIT", ignored);
  if (locked) {
    why = unreadable;
    return set_up_result::busy;
  }
  if (!unreadable.empty()) {
    why = "not a SQLite database: " + unreadable;
    return set_up_result::failed;
  }
  if (app != application_id && (objects > 0 || version > 0)) {
    why = "a SQLite database, but not a slaudit ledger; give --ledger another file";
    return set_up_result::failed;
  }
  if (version > known_versions) {
    why = "written by a newer slaudit (ledger schema " + std::to_string(version) + "; this build knows up to " +
          std::to_string(known_versions) + "); use that version or a newer one";
    return set_up_result::failed;
  }
  if (!exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON", why))
    return busy() ? set_up_result::busy : set_up_result::failed;
  for (auto v = version; v < known_versions; ++v) {
    transaction tx(db);
    if (!tx.begin(why)) return busy() ? set_up_result::busy : set_up_result::failed;
    // Another process may have migrated while this one waited for the lock.
    if (pragma(db, "user_version") > v) continue;
    std::string step = std::string(migrations[v]) + "PRAGMA user_version = " + std::to_string(v + 1) +
                       "; PRAGMA application_id = " + std::to_string(application_id) + ";";
    if (!exec(db, step.c_str(), why) || !tx.commit(why)) {
      if (busy()) return set_up_result::busy;
      why = "migrating the ledger to schema " + std::to_string(v + 1) + ": " + why;
      return set_up_result::failed;
    }
  }
  return set_up_result::ready;
}

ledger::~ledger() { sqlite3_close(db_); }

std::optional<earlier_credits> ledger::credits(const std::string& contract_id, const std::vector<std::string>& months,
                                               const std::string& currency, std::string& why) {
  earlier_credits out;
  statement s(db_, "SELECT currency, provider_total_minor FROM contract_periods WHERE contract_id = ? AND period = ?");
  for (auto& month : months) {
    s.bind(1, contract_id).bind(2, month);
    if (!s.step()) {
      if (!s.ok()) break;
      out.missing.push_back(month);
    } else if (s.text(0) != currency) {
      out.other_currency.push_back(month);
    } else {
      out.provider_total += s.integer(1);
    }
    s.reset();
  }
  if (!s.ok()) {
    why = s.error();
    return std::nullopt;
  }
  return out;
}

std::optional<std::int64_t> ledger::begin_run(const std::string& period, const std::string& source,
                                              const std::string& out_dir, const std::string& tool_version,
                                              const std::string& settings, const std::string& recorded_at,
                                              std::string& why) {
  statement run(db_,
                "INSERT INTO runs (period, recorded_at, source, out_dir, tool_version, settings, contracts, failed, "
                "finished) VALUES (?,?,?,?,?,?,0,0,0)");
  run.bind(1, period).bind(2, recorded_at).bind(3, source).bind(4, out_dir).bind(5, tool_version).bind(6, settings);
  if (!run.run()) {
    why = run.error();
    return std::nullopt;
  }
  return sqlite3_last_insert_rowid(db_);
}

bool ledger::finish_run(std::int64_t run_id, std::size_t contracts, std::size_t failed, std::string& why) {
  statement done(db_, "UPDATE runs SET contracts = ?, failed = ?, finished = 1 WHERE run_id = ?");
  done.bind(1, static_cast<std::int64_t>(contracts)).bind(2, static_cast<std::int64_t>(failed)).bind(3, run_id);
  if (!done.run()) why = done.error();
  return done.ok();
}

bool ledger::record(std::int64_t run_id, const std::string& period_label, const std::vector<contract_entry>& entries,
                    bool figures, std::string& why) {
  if (entries.empty()) return true;
  transaction tx(db_);
  if (!tx.begin(why)) return false;
  statement status(db_,
                   "INSERT OR REPLACE INTO run_contracts (run_id, file, contract_id, status, error, currency, "
                   "provider_total_minor, customer_total_minor) VALUES (?,?,?,?,?,?,?,?)");
  statement drop(db_, "DELETE FROM contract_periods WHERE contract_id = ? AND period = ?");
  statement period(db_, "INSERT INTO contract_periods VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  statement service(db_, "INSERT INTO services VALUES (?,?,?,?,?,?,?,?,?,?,?)");
  statement line(db_, "INSERT INTO penalty_lines VALUES (?,?,?,?,?,?,?,?,?,?,?)");
  statement input(db_, "INSERT OR REPLACE INTO inputs VALUES (?,?,?,?,?)");
  statement rate(db_, "INSERT INTO rates VALUES (?,?,?,?,?,?,?,?,?)");
  for (auto& e : entries) {
    const auto& s = e.summary;
    status.bind(1, run_id).bind(2, e.file).bind(4, status_word(e.status));
    if (s) status.bind(3, s->id).bind(6, s->currency).bind(7, s->provider_total).bind(8, s->customer_total);
    else status.bind_null(3).bind_null(6).bind_null(7).bind_null(8);
    if (e.status == entry_status::failed) status.bind(5, e.error);
    else status.bind_null(5);
    if (!status.run()) {
      why = status.error();
      return false;
    }
    if (!figures || !s || e.status != entry_status::ok) continue;  // skipped: its figures are there already
    // This run's figures replace an earlier run's for the month (child rows cascade).
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
    bool ok = drop.run() && period.run();
    std::int64_t seq = 0;
    for (auto& v : s->services) {
      service.bind(1, s->id).bind(2, period_label).bind(3, seq++).bind(4, v.id).bind(5, v.S).bind(6, v.M).bind(7, v.U);
      service.bind(8, v.numerator).bind(9, v.denominator).bind(10, v.target).bind(11, v.verdict);
      ok = ok && service.run();
    }
    seq = 0;
    for (auto& l : s->lines) {
      line.bind(1, s->id).bind(2, period_label).bind(3, seq++).bind(4, l.penalty).bind(5, l.subject).bind(6, l.clauses);
      line.bind(7, l.payer).bind(8, l.rounded).bind(9, l.cap_cut).bind(10, l.amount).bind(11, l.formula);
      ok = ok && line.run();
    }
    seq = 0;
    for (auto& x : s->rates) {
      rate.bind(1, s->id).bind(2, period_label).bind(3, seq++).bind(4, x.metric).bind(5, x.service);
      rate.bind(6, x.numerator).bind(7, x.denominator).bind(8, x.target).bind(9, x.verdict);
      ok = ok && rate.run();
    }
    for (auto& i : e.inputs) {
      input.bind(1, s->id).bind(2, period_label).bind(3, i.root).bind(4, i.path).bind(5, i.sha256);
      ok = ok && input.run();
    }
    if (!ok) {
      for (auto* st : {&drop, &period, &service, &line, &rate, &input})
        if (!st->ok()) {
          why = st->error();
          break;
        }
      return false;
    }
  }
  return tx.commit(why);
}

bool ledger::has_figures(const std::string& contract_id, const std::string& period,
                         const std::vector<input_digest>& inputs) {
  statement q(db_, "SELECT inputs_sha256 FROM contract_periods WHERE contract_id = ? AND period = ?");
  q.bind(1, contract_id).bind(2, period);
  return q.step() && q.text(0) == inputs_digest(inputs);
}

bool ledger::import_figures(const std::string& shard_path, const std::string& period, std::int64_t run_id,
                            std::string& why) {
  statement attach(db_, "ATTACH DATABASE ? AS shard");
  attach.bind(1, shard_path);
  if (!attach.run()) {
    why = attach.error();
    return false;
  }
  bool ok = false;
  {
    transaction tx(db_);
    if (tx.begin(why)) {
      const char* steps[] = {
          "DELETE FROM main.contract_periods WHERE period = ?1 AND contract_id IN "
          "(SELECT contract_id FROM shard.contract_periods WHERE period = ?1)",
          "INSERT INTO main.contract_periods SELECT contract_id, period, ?2, file, title, customer, provider, currency, "
          "minor_digits, breached, breaches_services, breaches_clocks, breaches_escalations, breaches_rates, "
          "provider_before_caps_minor, provider_total_minor, customer_total_minor, yearly_cap_minor, "
          "earlier_year_credits_minor, inputs_sha256 FROM shard.contract_periods WHERE period = ?1",
          "INSERT INTO main.services SELECT * FROM shard.services WHERE period = ?1",
          "INSERT INTO main.penalty_lines SELECT * FROM shard.penalty_lines WHERE period = ?1",
          "INSERT INTO main.rates SELECT * FROM shard.rates WHERE period = ?1",
          "INSERT INTO main.inputs SELECT * FROM shard.inputs WHERE period = ?1"};
      ok = true;
      for (const char* sql : steps) {
        statement step(db_, sql);
        step.bind(1, period);
        if (std::string(sql).find("?2") != std::string::npos) step.bind(2, run_id);
        if (!step.run()) {
          why = step.error();
          ok = false;
          break;
        }
      }
      ok = ok && tx.commit(why);
    }
  }
  std::string ignored;
  exec(db_, "DETACH DATABASE shard", ignored);
  return ok;
}

std::optional<std::int64_t> yearly_cap_credits(const engine::contract& c, const engine::period& month, ledger& l,
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
  if (!found->missing.empty() || !found->other_currency.empty()) {
    auto list_of = [](const std::vector<std::string>& v) {
      std::string list;
      for (auto& m : v) list += (list.empty() ? "" : ", ") + m;
      return list;
    };
    std::string missing = list_of(found->missing), other = list_of(found->other_currency);
    error = contract_path + ": error: " + c.id + " has a yearly cap, and its contract year began " + months.front() +
            (missing.empty() ? "" : "; the ledger " + l.path() + " has no figures for " + missing) +
            (other.empty() ? "" : "; the ledger holds " + other + " in another currency than " + c.currency) +
            "\n  the cap needs the credits of every earlier month of the year: run " + (missing.empty() ? other : missing) +
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

std::optional<std::vector<ledger_row>> ledger::rows(const std::vector<std::string>& months,
                                                    const std::vector<std::string>& contract_ids, std::string& why) {
  std::string sql =
      "SELECT p.contract_id, p.period, p.file, p.run_id, r.recorded_at, p.title, p.customer, p.provider, p.currency, "
      "p.minor_digits, p.breached, p.breaches_services, p.breaches_clocks, p.breaches_escalations, p.breaches_rates, "
      "p.provider_before_caps_minor, p.provider_total_minor, p.customer_total_minor, p.yearly_cap_minor, "
      "p.earlier_year_credits_minor FROM contract_periods p JOIN runs r ON r.run_id = p.run_id WHERE p.period IN (" +
      placeholders(months.size()) + ")";
  if (!contract_ids.empty()) sql += " AND p.contract_id IN (" + placeholders(contract_ids.size()) + ")";
  sql += " ORDER BY p.contract_id, p.period";
  statement q(db_, sql.c_str());
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
    out.push_back(std::move(r));
  }
  if (!q.ok()) {
    why = q.error();
    return std::nullopt;
  }
  statement services(db_,
                     "SELECT service, s, m, u, numerator, denominator, target_pct, verdict FROM services "
                     "WHERE contract_id = ? AND period = ? ORDER BY seq");
  statement lines(db_,
                  "SELECT penalty, subject, clauses, payer, rounded_minor, cap_cut_minor, amount_minor, formula "
                  "FROM penalty_lines WHERE contract_id = ? AND period = ? ORDER BY seq");
  statement rates(db_,
                  "SELECT metric, service, numerator, denominator, target_pct, verdict FROM rates "
                  "WHERE contract_id = ? AND period = ? ORDER BY seq");
  for (auto& r : out) {
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
    for (auto* st : {&rates, &services, &lines})
      if (!st->ok()) {
        why = st->error();
        return std::nullopt;
      }
  }
  return out;
}

std::optional<std::vector<ledger_run>> ledger::runs(std::string& why) {
  statement q(db_,
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

}  // namespace slaudit::batch
