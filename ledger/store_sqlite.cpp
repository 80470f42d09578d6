// The ledger in an embedded SQLite file: WAL, one writer at a time (others wait a minute),
// the mark in the file's header (application_id 'SLAL', user_version the schema).
#include <sqlite3.h>

#include "ledger/store.hpp"

namespace slaudit::ledger::store {

namespace {

/// 'SLAL' in the file header: a slaudit ledger, told apart from any other SQLite file.
constexpr int application_id = 0x534C414C;

class sqlite_statement final : public statement_impl {
 public:
  sqlite_statement(sqlite3* db, const std::string& sql) : db_(db) {
    rc_ = sqlite3_prepare_v2(db, sql.c_str(), -1, &s_, nullptr);
    if (rc_ != SQLITE_OK) message_ = sqlite3_errmsg(db);
  }
  ~sqlite_statement() override { sqlite3_finalize(s_); }

  bool ok() const override { return rc_ == SQLITE_OK || rc_ == SQLITE_ROW || rc_ == SQLITE_DONE; }
  void bind(int k, const std::string& v) override {
    keep(sqlite3_bind_text(s_, k, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT));
  }
  void bind(int k, std::int64_t v) override { keep(sqlite3_bind_int64(s_, k, v)); }
  void bind_null(int k) override { keep(sqlite3_bind_null(s_, k)); }
  bool step() override {
    if (!ok()) return false;
    int rc = sqlite3_step(s_);
    if (rc == SQLITE_ROW) return true;
    if (rc != SQLITE_DONE) {
      rc_ = rc;
      message_ = sqlite3_errmsg(db_);
    }
    return false;
  }
  void reset() override {
    if (!s_) return;  // never prepared: error() says why
    sqlite3_reset(s_);
    sqlite3_clear_bindings(s_);
  }
  int columns() override { return sqlite3_column_count(s_); }
  column_kind kind(int col) override {
    switch (sqlite3_column_type(s_, col)) {
      case SQLITE_NULL: return column_kind::null;
      case SQLITE_INTEGER: return column_kind::integer;
      case SQLITE_TEXT: return column_kind::text;
      default: return column_kind::other;
    }
  }
  std::int64_t integer(int col) override { return sqlite3_column_int64(s_, col); }
  std::string text(int col) override {
    auto p = reinterpret_cast<const char*>(sqlite3_column_text(s_, col));
    return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(s_, col))) : std::string();
  }
  std::string error() const override { return message_.empty() ? sqlite3_errmsg(db_) : message_; }

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

class sqlite_database final : public database {
 public:
  explicit sqlite_database(sqlite3* db) : db_(db) {}
  ~sqlite_database() override { sqlite3_close(db_); }

  const char* engine() const override { return "SQLite"; }
  std::unique_ptr<statement_impl> prepare(const std::string& sql) override {
    return std::make_unique<sqlite_statement>(db_, sql);
  }
  bool exec(const std::string& sql, std::string& why) override {
    char* message = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &message) == SQLITE_OK) return true;
    why = message ? message : sqlite3_errmsg(db_);
    sqlite3_free(message);
    return false;
  }
  std::string schema_sql(const std::string& sqlite_sql) const override { return sqlite_sql; }
  std::size_t values_per_insert() const override { return 0; }
  bool begin_write(std::string& why) override { return exec("BEGIN IMMEDIATE", why); }
  bool end_write(bool commit, std::string& why) override { return exec(commit ? "COMMIT" : "ROLLBACK", why); }
  bool begin_read(std::string& why) override { return exec("BEGIN", why); }
  bool in_transaction() override { return !sqlite3_get_autocommit(db_); }
  bool busy() override {
    int code = sqlite3_errcode(db_) & 0xff;
    return code == SQLITE_BUSY || code == SQLITE_LOCKED;
  }
  bool has_table(const std::string& name) override {
    sqlite_statement q(db_, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1");
    q.bind(1, name);
    return q.step();
  }
  marker read_marker() override {
    // The reads in one transaction, so one snapshot: another process may be creating the
    // ledger at this moment (tables without the header's id would read as a stranger's).
    marker m;
    bool own = !in_transaction();
    if (own && !exec("BEGIN", m.why)) {
      m.locked = busy();
      return m;
    }
    std::int64_t app = pragma("application_id"), version = pragma("user_version"), objects = 0;
    std::string unreadable = app < 0 || version < 0 ? sqlite3_errmsg(db_) : "";
    m.locked = (app < 0 || version < 0) && busy();
    {
      sqlite_statement tables(db_, "SELECT count(*) FROM sqlite_master");  // finished here: no read left open
      if (tables.step()) objects = tables.integer(0);
    }
    std::string ignored;
    if (own) exec("COMMIT", ignored);
    if (!unreadable.empty()) {
      m.why = "not a SQLite database: " + unreadable;
      return m;
    }
    m.readable = true;
    m.ours = app == application_id;
    m.version = version;
    m.other_objects = !m.ours && (objects > 0 || version > 0);
    return m;
  }
  bool set_marker(std::int64_t version, std::string& why) override {
    return exec("PRAGMA user_version = " + std::to_string(version) +
                    "; PRAGMA application_id = " + std::to_string(application_id) + ";",
                why);
  }
  bool prepare_for_writing(std::string& why) override {
    return exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON", why);
  }
  bool storage_checked(std::string& found, std::string& why) override {
    sqlite_statement q(db_, "PRAGMA quick_check(5)");
    std::string said;
    while (q.step()) said += (said.empty() ? "" : "; ") + q.text(0);
    if (!q.ok()) {
      why = "SQLite cannot read it (" + q.error() + ")";
      return false;
    }
    found = said == "ok" ? "" : "SQLite's quick_check finds the file damaged (" + said + ")";
    return true;
  }
  bool runs_copied(std::string&) override { return true; }  // INTEGER PRIMARY KEY: max + 1

 private:
  std::int64_t pragma(const char* name) {
    sqlite_statement s(db_, std::string("PRAGMA ") + name);
    return s.step() ? s.integer(0) : -1;
  }
  sqlite3* db_;
};

}  // namespace

std::unique_ptr<database> open_sqlite(const std::string& path, bool create, bool read_only, std::string& why) {
  sqlite3* db = nullptr;
  // Serialized: the batch's worker threads ask it whether a contract is unchanged while a
  // checkpoint records others (the writes themselves come one at a time).
  int flags = read_only ? SQLITE_OPEN_READONLY | SQLITE_OPEN_FULLMUTEX
                        : SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_FULLMUTEX |
                              SQLITE_OPEN_NOFOLLOW;
  if (sqlite3_open_v2(path.c_str(), &db, flags, nullptr) != SQLITE_OK) {
    why = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return nullptr;
  }
  sqlite3_busy_timeout(db, 60'000);  // one writer at a time: another run's transaction is waited for
  return std::make_unique<sqlite_database>(db);
}

}  // namespace slaudit::ledger::store
