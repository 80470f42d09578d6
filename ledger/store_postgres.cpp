// The ledger in a PostgreSQL database a team shares, through libpq. One writer at a time: a
// transaction that writes is opened under a session advisory lock (the key is the ledger's
// mark, 'SLAL'), as SQLite's BEGIN IMMEDIATE does for a file; a process that dies loses its
// session, and with it the lock and its open transaction. Readers see one snapshot
// (REPEATABLE READ). Text columns sort in byte order (COLLATE "C"), as SQLite's do, so that
// every listing and review comes out the same from both. The mark is a one-row table,
// slaudit_ledger. Credentials come from libpq's environment, password file or service file.
#include <libpq-fe.h>

#include <cctype>
#include <mutex>
#include <optional>
#include <vector>

#include "ledger/store.hpp"

namespace slaudit::ledger::store {

namespace {

constexpr const char* mark = "slaudit ledger";
constexpr const char* lock_key = "1397506380";  // 0x534C414C, 'SLAL'

/// libpq's message without its trailing newline.
std::string message_of(const char* text) {
  std::string m = text ? text : "";
  while (!m.empty() && (m.back() == '\n' || m.back() == ' ')) m.pop_back();
  return m;
}

/// What a failed result says, with a sentence of our own for a lock waited on too long.
std::string result_error(const PGresult* r) {
  const char* state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
  std::string m = message_of(PQresultErrorMessage(r));
  if (state && std::string(state) == "55P03")
    return "another run held the ledger's lock for a minute (" + m + "); try again when it has finished";
  if (state && std::string(state) == "42501")
    return m + " (the role lacks a privilege the ledger needs: see docs/ledger.md, \"A team ledger on PostgreSQL\")";
  return m;
}

/// SQLite's placeholders (?1, ?2 … or ? in order) as PostgreSQL's ($1, $2 …), outside quotes.
std::string numbered(const std::string& sql) {
  std::string out;
  int next = 0;
  char quote = 0;
  for (std::size_t k = 0; k < sql.size(); ++k) {
    char c = sql[k];
    if (quote) {
      if (c == quote) quote = 0;
      out += c;
    } else if (c == '\'' || c == '"') {
      quote = c;
      out += c;
    } else if (c == '?') {
      std::size_t end = k + 1;
      while (end < sql.size() && sql[end] >= '0' && sql[end] <= '9') ++end;
      out += '$';
      out += end > k + 1 ? sql.substr(k + 1, end - k - 1) : std::to_string(++next);
      k = end - 1;
    } else {
      out += c;
    }
  }
  return out;
}

class connection {
 public:
  explicit connection(PGconn* c) : c_(c) {}
  ~connection() { PQfinish(c_); }
  /// Runs `sql` with `values` (nullopt: NULL), all sent as text for the server to type; one
  /// statement at a time on the connection (the batch's threads share it). A statement run
  /// again (`prepared` set) is prepared in the server the second time, and then only executed:
  /// a checkpoint runs the same few statements for every contract.
  PGresult* run(const std::string& sql, const std::vector<std::optional<std::string>>& values, int& runs,
                std::string& prepared) {
    std::vector<const char*> params;
    for (auto& v : values) params.push_back(v ? v->c_str() : nullptr);
    auto n = static_cast<int>(params.size());
    std::lock_guard<std::mutex> hold(mu_);
    if (values.empty() && runs == 0) return PQexec(c_, sql.c_str());
    if (++runs < 2) return PQexecParams(c_, sql.c_str(), n, nullptr, params.data(), nullptr, nullptr, 0);
    if (prepared.empty()) {
      std::string name = "slaudit_" + std::to_string(++named_);
      PGresult* r = PQprepare(c_, name.c_str(), sql.c_str(), 0, nullptr);
      if (!r || PQresultStatus(r) != PGRES_COMMAND_OK) return r;
      PQclear(r);
      prepared = name;
    }
    return PQexecPrepared(c_, prepared.c_str(), n, params.data(), nullptr, nullptr, 0);
  }
  PGresult* run(const std::string& sql) {
    int once = 0;
    std::string none;
    return run(sql, {}, once, none);
  }
  /// Lets the server forget a prepared statement (in a transaction that failed it cannot: the
  /// session's end does).
  void forget(const std::string& prepared) {
    std::lock_guard<std::mutex> hold(mu_);
    PQclear(PQexec(c_, ("DEALLOCATE " + prepared).c_str()));
  }
  PGconn* raw() { return c_; }
  /// In a transaction that has not failed: where a cursor can be declared.
  bool in_transaction() {
    std::lock_guard<std::mutex> hold(mu_);
    return PQtransactionStatus(c_) == PQTRANS_INTRANS;
  }
  std::string cursor_name() {
    std::lock_guard<std::mutex> hold(mu_);
    return "slaudit_c" + std::to_string(++named_);
  }
  std::string last_error() {
    std::lock_guard<std::mutex> hold(mu_);
    return message_of(PQerrorMessage(c_));
  }

 private:
  PGconn* c_;
  std::mutex mu_;
  long named_ = 0;
};

class pg_statement final : public statement_impl {
 public:
  /// `scan`: a query of many rows (a whole table), read through a cursor a batch at a time
  /// when in a transaction, as SQLite steps through its rows, rather than held whole in memory.
  pg_statement(connection& c, const std::string& sql, bool scan = false)
      : c_(c), sql_(numbered(sql)), scan_(scan) {}
  ~pg_statement() override {
    close_cursor();
    PQclear(r_);
    if (!prepared_.empty()) c_.forget(prepared_);
  }

  void bind(int k, const std::string& v) override { slot(k) = v; }
  void bind(int k, std::int64_t v) override { slot(k) = std::to_string(v); }
  void bind_null(int k) override { slot(k) = std::nullopt; }
  bool step() override {
    if (!ok()) return false;
    if (!r_) {
      if (scan_ && c_.in_transaction()) {
        cursor_ = c_.cursor_name();
        int once = 0;
        std::string none;
        if (!take(c_.run("DECLARE " + cursor_ + " NO SCROLL CURSOR FOR " + sql_, values_, once, none))) {
          cursor_.clear();
          return false;
        }
        PQclear(r_);
        r_ = nullptr;
        return fetch() && ++row_ < PQntuples(r_);
      }
      if (!take(c_.run(sql_, values_, runs_, prepared_))) return false;
    }
    if (++row_ < PQntuples(r_)) return true;
    // A cursor's batch read: the next one, until a batch comes back short.
    if (cursor_.empty() || PQntuples(r_) < fetch_rows) return false;
    return fetch() && ++row_ < PQntuples(r_);
  }
  void reset() override {
    close_cursor();
    PQclear(r_);
    r_ = nullptr;
    values_.clear();
  }
  int columns() override { return r_ ? PQnfields(r_) : 0; }
  column_kind kind(int col) override {
    if (PQgetisnull(r_, row_, col)) return column_kind::null;
    switch (PQftype(r_, col)) {
      case 20:  // int8
      case 21:  // int2
      case 23:  // int4
        return column_kind::integer;
      default: return column_kind::text;
    }
  }
  std::int64_t integer(int col) override {
    if (!valid(col) || PQgetisnull(r_, row_, col)) return 0;
    return std::stoll(PQgetvalue(r_, row_, col));
  }
  std::string text(int col) override {
    if (!valid(col)) return {};
    return std::string(PQgetvalue(r_, row_, col), static_cast<std::size_t>(PQgetlength(r_, row_, col)));
  }
  bool ok() const override { return message_.empty(); }
  std::string error() const override { return message_; }

 private:
  static constexpr int fetch_rows = 2000;
  /// Keeps result `r` as the current one; false (with the message) when it is an error.
  bool take(PGresult* r) {
    PQclear(r_);
    r_ = r;
    row_ = -1;
    auto status = r_ ? PQresultStatus(r_) : PGRES_FATAL_ERROR;
    if (status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK) return true;
    message_ = r_ ? result_error(r_) : c_.last_error();
    return false;
  }
  bool fetch() { return take(c_.run("FETCH " + std::to_string(fetch_rows) + " FROM " + cursor_)); }
  void close_cursor() {
    if (cursor_.empty()) return;
    // In a transaction that failed the cursor is gone already: nothing to close, and no
    // message to keep.
    if (c_.in_transaction()) PQclear(c_.run("CLOSE " + cursor_));
    cursor_.clear();
  }
  std::optional<std::string>& slot(int k) {
    if (r_) reset();  // values for a new execution
    if (values_.size() < static_cast<std::size_t>(k)) values_.resize(static_cast<std::size_t>(k));
    return values_[static_cast<std::size_t>(k - 1)];
  }
  bool valid(int col) const { return r_ && row_ >= 0 && row_ < PQntuples(r_) && col < PQnfields(r_); }
  connection& c_;
  std::string sql_;
  bool scan_;
  std::string cursor_;  ///< while a scan reads through a cursor
  std::vector<std::optional<std::string>> values_;
  int runs_ = 0;
  std::string prepared_;  ///< its name in the server, once run twice
  PGresult* r_ = nullptr;
  int row_ = -1;
  std::string message_;
};

/// Replaces each whole word `from` of `sql` with `to`.
std::string replace_words(const std::string& sql, const std::string& from, const std::string& to) {
  auto word = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
  std::string out;
  for (std::size_t k = 0; k < sql.size();) {
    if (sql.compare(k, from.size(), from) == 0 && (k == 0 || !word(sql[k - 1])) &&
        (k + from.size() == sql.size() || !word(sql[k + from.size()]))) {
      out += to;
      k += from.size();
    } else {
      out += sql[k++];
    }
  }
  return out;
}

class pg_database final : public database {
 public:
  explicit pg_database(PGconn* c) : c_(c) {}

  const char* engine() const override { return "PostgreSQL"; }
  std::unique_ptr<statement_impl> prepare(const std::string& sql) override {
    return std::make_unique<pg_statement>(c_, sql);
  }
  std::unique_ptr<statement_impl> prepare_scan(const std::string& sql) override {
    return std::make_unique<pg_statement>(c_, sql, true);
  }
  bool exec(const std::string& sql, std::string& why) override {
    PGresult* r = c_.run(sql);
    auto status = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
    bool done = status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
    if (!done) why = r ? result_error(r) : c_.last_error();
    PQclear(r);
    return done;
  }
  std::size_t values_per_insert() const override { return 900; }  // well below the 65,535 a statement takes
  // SQLite's INTEGER is 64 bits; its rowid key numbers new runs; its text sorts by bytes.
  std::string schema_sql(const std::string& sqlite_sql) const override {
    std::string sql = replace_words(sqlite_sql, "WITHOUT ROWID", "");
    sql = replace_words(sql, "INTEGER PRIMARY KEY", "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY");
    sql = replace_words(sql, "INTEGER", "BIGINT");
    return replace_words(sql, "TEXT", "TEXT COLLATE \"C\"");
  }
  // The lock is the session's, taken before the transaction begins: a transaction that began
  // first and then waited would not see the tables the writer before it created (its view of
  // the catalog is from its start).
  bool begin_write(std::string& why) override {
    if (!exec(std::string("SELECT pg_advisory_lock(") + lock_key + ")", why)) return false;
    if (exec("BEGIN ISOLATION LEVEL READ COMMITTED", why)) return true;
    unlock();
    return false;
  }
  bool end_write(bool commit, std::string& why) override {
    bool done = exec(commit ? "COMMIT" : "ROLLBACK", why);
    // A COMMIT that failed ended the transaction too (rolled back): nothing is left open.
    if (done && commit && PQtransactionStatus(c_.raw()) != PQTRANS_IDLE) done = false;
    unlock();
    return done;
  }
  bool begin_read(std::string& why) override { return exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", why); }
  bool in_transaction() override { return PQtransactionStatus(c_.raw()) != PQTRANS_IDLE; }
  bool busy() override { return false; }  // the lock is waited for (lock_timeout) in the server
  bool has_table(const std::string& name) override {
    pg_statement q(c_, "SELECT 1 WHERE to_regclass(?1::text) IS NOT NULL");
    q.bind(1, name);
    return q.step();
  }
  marker read_marker() override {
    marker m;
    bool own = !in_transaction();
    if (own && !begin_read(m.why)) return m;
    if (has_table("slaudit_ledger")) {
      pg_statement q(c_, "SELECT application, schema_version FROM slaudit_ledger");
      if (q.step()) {
        m.ours = q.text(0) == mark;
        m.version = q.integer(1);
        m.readable = true;
      } else {
        m.why = q.ok() ? "its mark (table slaudit_ledger) is empty" : q.error();
      }
      m.other_objects = !m.ours;
    } else {
      m.readable = true;
      m.other_objects = has_table("runs") || has_table("contract_periods");
    }
    std::string ignored;
    if (own) exec("COMMIT", ignored);
    return m;
  }
  bool set_marker(std::int64_t version, std::string& why) override {
    return exec(std::string("CREATE TABLE IF NOT EXISTS slaudit_ledger (application TEXT NOT NULL, schema_version "
                            "BIGINT NOT NULL); DELETE FROM slaudit_ledger; INSERT INTO slaudit_ledger VALUES ('") +
                    mark + "', " + std::to_string(version) + ")",
                why);
  }
  bool prepare_for_writing(std::string&) override { return true; }
  bool storage_checked(std::string& found, std::string& why) override {
    // The server keeps its pages' integrity (WAL, checksums where initdb enabled them); what
    // the ledger checks is what it holds, below.
    if (!exec("SELECT 1", why)) {
      why = "PostgreSQL cannot read it (" + why + ")";
      return false;
    }
    found.clear();
    return true;
  }
  bool runs_copied(std::string& why) override {
    return exec("SELECT setval(pg_get_serial_sequence('runs', 'run_id'), coalesce((SELECT max(run_id) FROM runs), 0) + 1, "
                "false)",
                why);
  }

 private:
  void unlock() {
    std::string ignored;
    exec(std::string("SELECT pg_advisory_unlock(") + lock_key + ")", ignored);
  }
  connection c_;
};

}  // namespace

bool is_postgres(const std::string& where) {
  return where.rfind("postgresql://", 0) == 0 || where.rfind("postgres://", 0) == 0 ||
         where.rfind("postgres:", 0) == 0;
}

std::string shown(const std::string& where) {
  if (!is_postgres(where)) return where;
  std::string out = where;
  auto mask = [&](std::size_t from, std::size_t to) { out.replace(from, to - from, "***"); };
  if (auto scheme = out.find("://"); scheme != std::string::npos) {
    auto end = out.find_first_of("/?", scheme + 3);
    auto at = out.rfind('@', end == std::string::npos ? out.size() : end);
    if (at != std::string::npos && at > scheme) {
      auto colon = out.find(':', scheme + 3);
      if (colon != std::string::npos && colon < at) mask(colon + 1, at);
    }
  }
  // password=… among the parameters (URI) or the keywords (a service's form).
  for (std::size_t at = out.find("password="); at != std::string::npos; at = out.find("password=", at + 1)) {
    if (at > 0 && out[at - 1] != '?' && out[at - 1] != '&' && out[at - 1] != ' ') continue;
    auto from = at + 9, to = out.find_first_of("& ", from);
    mask(from, to == std::string::npos ? out.size() : to);
  }
  return out;
}

std::unique_ptr<database> open_postgres(const std::string& where, bool read_only, std::string& why) {
  // postgres:NAME is a service of the service file (PGSERVICEFILE, ~/.pg_service.conf).
  std::string conninfo = where.rfind("postgres://", 0) == 0 || where.rfind("postgresql://", 0) == 0
                             ? where
                             : "service=" + where.substr(std::string("postgres:").size());
  char* parse_error = nullptr;
  PQconninfoOption* options = PQconninfoParse(conninfo.c_str(), &parse_error);
  if (!options) {
    why = "not a PostgreSQL connection: " + message_of(parse_error ? parse_error : "out of memory") +
          " (give postgresql://HOST/DATABASE?… or postgres:SERVICE)";
    PQfreemem(parse_error);
    return nullptr;
  }
  bool password = false;
  for (auto* o = options; o->keyword; ++o)
    if (std::string(o->keyword) == "password" && o->val && *o->val) password = true;
  PQconninfoFree(options);
  if (password) {
    why = "a password in the connection would be kept in shell histories, manifests and reports: give it in "
          "PGPASSWORD, a password file (~/.pgpass, PGPASSFILE) or a service file (postgres:SERVICE), and the "
          "connection without it";
    return nullptr;
  }
  // The connection's own settings win, but for its encoding: the ledger's text is UTF-8.
  const char* keys[] = {"connect_timeout", "application_name", "dbname", "client_encoding", nullptr};
  const char* values[] = {"30", "slaudit", conninfo.c_str(), "UTF8", nullptr};
  PGconn* c = PQconnectdbParams(keys, values, 1);
  if (!c || PQstatus(c) != CONNECTION_OK) {
    why = "cannot connect: " + message_of(c ? PQerrorMessage(c) : "out of memory") +
          " (the host, user and database come from the connection and libpq's environment: PGHOST, PGUSER, "
          "PGPASSFILE, PGSERVICEFILE, PGSSLMODE)";
    PQfinish(c);
    return nullptr;
  }
  const char* encoding = PQparameterStatus(c, "server_encoding");
  if (!encoding || std::string(encoding) != "UTF8") {
    why = std::string("the database's encoding is ") + (encoding ? encoding : "unknown") +
          ", not UTF8: create the ledger's database with ENCODING 'UTF8'";
    PQfinish(c);
    return nullptr;
  }
  auto db = std::make_unique<pg_database>(c);
  // A writer waits for another's transaction up to a minute, as with a SQLite file; notices
  // (CREATE TABLE IF NOT EXISTS …) are not printed on stderr.
  PQsetNoticeProcessor(c, [](void*, const char*) {}, nullptr);
  std::string settings = "SET lock_timeout = '60s'";
  if (read_only) settings += "; SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY";
  if (!db->exec(settings, why)) return nullptr;
  return db;
}

}  // namespace slaudit::ledger::store
