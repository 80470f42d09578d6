// Where a ledger is kept: an embedded SQLite file, or a PostgreSQL database a team shares.
// The ledger's logic (ledger.cpp) speaks SQL that both understand through this interface;
// what differs between them (types, locks, the schema's marker, checking the storage) is
// answered here. Internal to ledger/.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

namespace slaudit::ledger::store {

/// other: a real or a blob, which never stand in a ledger (an edit that changed a type shows).
enum class column_kind { null, integer, text, other };

/// A statement with values bound by number (?1, ?2 … or ? in order); yields rows by `step`.
class statement_impl {
 public:
  virtual ~statement_impl() = default;
  virtual void bind(int k, const std::string& v) = 0;
  virtual void bind(int k, std::int64_t v) = 0;
  virtual void bind_null(int k) = 0;
  /// One step: true while it yields a row (false at the end, or on an error: see ok()).
  virtual bool step() = 0;
  /// Ready for new values.
  virtual void reset() = 0;
  virtual int columns() = 0;
  virtual column_kind kind(int col) = 0;
  virtual std::int64_t integer(int col) = 0;
  virtual std::string text(int col) = 0;
  virtual bool ok() const = 0;
  /// What went wrong first.
  virtual std::string error() const = 0;
};

/// What a database says it holds before the ledger uses it.
struct marker {
  bool readable = false;     ///< false: `why` says what stopped the read
  bool locked = false;       ///< another process holds it: try again
  bool ours = false;         ///< marked as a slaudit ledger
  bool other_objects = false;  ///< holds tables, or a schema version, without the mark
  std::int64_t version = 0;  ///< the schema it is at (0: none yet)
  std::string why;
};

class database {
 public:
  virtual ~database() = default;
  /// "SQLite" or "PostgreSQL", for messages.
  virtual const char* engine() const = 0;
  virtual std::unique_ptr<statement_impl> prepare(const std::string& sql) = 0;
  /// A query of many rows (a whole table): read a batch at a time where the database would
  /// otherwise hold them all (PostgreSQL, in a transaction).
  virtual std::unique_ptr<statement_impl> prepare_scan(const std::string& sql) { return prepare(sql); }
  /// How many values to send in one INSERT of many rows: a database across a connection
  /// waits one round trip per statement (PostgreSQL); an embedded one runs a prepared
  /// one-row statement fastest (SQLite: 0, one row a statement).
  virtual std::size_t values_per_insert() const = 0;
  /// Runs statements that take no values (several, separated by ';').
  virtual bool exec(const std::string& sql, std::string& why) = 0;
  /// A schema step written for SQLite, as this database takes it.
  virtual std::string schema_sql(const std::string& sqlite_sql) const = 0;
  /// Opens a transaction that writes: one writer at a time, others wait (up to a minute).
  virtual bool begin_write(std::string& why) = 0;
  /// Commits (or rolls back) what begin_write opened, and lets the next writer in.
  virtual bool end_write(bool commit, std::string& why) = 0;
  /// Opens a transaction that reads one consistent view of the ledger.
  virtual bool begin_read(std::string& why) = 0;
  virtual bool in_transaction() = 0;
  /// Whether the last failure was another process holding a lock (then: try again).
  virtual bool busy() = 0;
  virtual bool has_table(const std::string& name) = 0;
  /// The mark and schema version, read in one view.
  virtual marker read_marker() = 0;
  /// Inside a write transaction: marks the database a ledger of schema `version`.
  virtual bool set_marker(std::int64_t version, std::string& why) = 0;
  /// Settings a ledger that will be written needs before its first transaction.
  virtual bool prepare_for_writing(std::string& why) = 0;
  /// The storage's own check ("" when it finds nothing); nullopt-like: false with `why`
  /// when it cannot be read at all.
  virtual bool storage_checked(std::string& found, std::string& why) = 0;
  /// After rows were copied in with their run ids: new runs are numbered after them.
  virtual bool runs_copied(std::string& why) = 0;
};

/// Whether `where` names a PostgreSQL database (postgresql://…, postgres://…, postgres:SERVICE)
/// rather than a SQLite file.
bool is_postgres(const std::string& where);

/// `where` as messages may show it: a password in it (which open_postgres refuses) masked.
std::string shown(const std::string& where);

/// Opens the SQLite file at `path` (read-write, created when `create`; or read-only).
std::unique_ptr<database> open_sqlite(const std::string& path, bool create, bool read_only, std::string& why);

/// Connects to the PostgreSQL database `where` names. Credentials come from libpq's
/// environment, password file or service file: a password in `where` is refused.
std::unique_ptr<database> open_postgres(const std::string& where, bool read_only, std::string& why);

}  // namespace slaudit::ledger::store
