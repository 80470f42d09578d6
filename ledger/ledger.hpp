// The ledger of runs: an embedded SQLite file, or a PostgreSQL database a team shares, that keeps, for every contract and month,
// the figures of the latest run (availability per service, breaches, penalty lines, totals,
// input digests) and the history of every run. Yearly caps read the earlier months of a
// contract year from it; the quarterly and yearly reviews are built from it. Schema and its
// migrations: docs/ledger.md.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "ledger/records.hpp"
#include "engine/model.hpp"
#include "engine/period.hpp"

namespace slaudit::ledger {

namespace store {
class database;
}

/// The schema this build writes; a ledger of a newer one is refused, older ones migrated.
constexpr int ledger_schema_version = 4;

/// One contract-month as the ledger holds it: the figures of the run that last recorded it.
struct ledger_row {
  std::string contract_id, period, file;
  std::int64_t run_id = 0;
  std::string recorded_at;  ///< when that run was recorded (UTC)
  contract_summary summary;
  /// The run whose rerun of this contract and month failed: these figures are withdrawn.
  std::optional<std::int64_t> superseded_by;
};

/// A value of a ledger row: NULL, an integer or a text.
using field = std::variant<std::monostate, std::int64_t, std::string>;
using fields = std::vector<field>;

/// A contract-month's figures as one run recorded them, row by row, as the figures' digest
/// covers them (the columns of `figures_parts` in ledger.cpp, in their order).
struct recorded_figures {
  std::int64_t run_id = 0;
  std::string recorded_at;
  bool current = false;  ///< the figures in use; else replaced by a later run (`replaced_by`)
  std::int64_t replaced_by = 0;
  fields month;  ///< contract_id, period, run_id, file, title, customer, provider, currency, minor_digits, …
  std::vector<fields> services, lines, rates, inputs, decisions;
  fields undecided;  ///< empty: no decisions
};

/// A run as the ledger's history keeps it.
struct ledger_run {
  std::int64_t run_id = 0;
  std::string period, recorded_at, source, out_dir, tool_version, settings;
  std::size_t contracts = 0, failed = 0;
  bool finished = false;  ///< false: killed or failed before its end
};

/// What a yearly cap needs of earlier months.
struct earlier_credits {
  std::int64_t provider_total = 0;   ///< minor units, the months found
  std::vector<std::string> missing;  ///< months the ledger has no figures for
  std::vector<std::string> other_currency;  ///< months recorded in another currency
  std::vector<std::string> superseded;      ///< months whose latest rerun failed
};

/// One thing a check of the ledger found.
struct ledger_finding {
  std::int64_t run_id = 0;  ///< the run it concerns; 0: the file as a whole
  std::string text;         ///< a whole sentence, naming the run
};

/// What `book::verify` found.
struct ledger_check {
  std::vector<ledger_finding> problems;  ///< what was changed or lost, the earliest run first
  std::vector<ledger_finding> notes;     ///< what is not sealed (runs that never finished)
  std::size_t runs = 0, sealed = 0, figures = 0;
  std::int64_t head_run = 0;  ///< the run sealed last (0: none)
  std::string head;           ///< its digest: kept elsewhere, it shows a ledger rewritten whole
  bool sealed_schema = true;  ///< false: a ledger of schema 1, before runs were sealed
  bool intact() const { return problems.empty(); }
};

class book {
 public:
  /// Opens the ledger at `path` (a SQLite file, or postgresql://… / postgres:SERVICE),
  /// creating it (a file, with its folder) when `create` and missing, migrates it to this
  /// build's schema, and verifies it: a ledger that fails `verify` is not used. One writer at
  /// a time: writers wait up to a minute for another. nullptr with `why` on failure (for a
  /// damaged ledger, with how to recover).
  static std::unique_ptr<book> open(const std::string& path, bool create, std::string& why);
  /// Opens the ledger at `path` only to read it: no migration, no check (`verify` is asked).
  static std::unique_ptr<book> inspect(const std::string& path, std::string& why);
  ~book();
  book(const book&) = delete;
  book& operator=(const book&) = delete;

  /// Where the ledger is, as messages show it.
  const std::string& path() const { return path_; }

  /// The provider's credits of `contract_id` in `months` ("2026-04"…), in `currency`.
  std::optional<earlier_credits> credits(const std::string& contract_id, const std::vector<std::string>& months,
                                         const std::string& currency, std::string& why);

  /// Starts recording a run: its row in `runs`, finished = 0 until finish_run (a run killed
  /// midway stays visible as unfinished). nullopt with `why` on failure.
  std::optional<std::int64_t> begin_run(const std::string& period, const std::string& source, const std::string& out_dir,
                                        const std::string& tool_version, const std::string& settings,
                                        const std::string& recorded_at, std::string& why);

  /// Records contracts of run `run_id` in one transaction: each one's status, and (with
  /// `figures`) for each computed one (status ok) its figures for `period`, replacing what
  /// an earlier run recorded for that contract and month.
  bool record(std::int64_t run_id, const std::string& period, const std::vector<contract_entry>& entries,
              bool figures, std::string& why);

  /// Marks the run finished with its counts.
  bool finish_run(std::int64_t run_id, std::size_t contracts, std::size_t failed, std::string& why);

  /// Whether the ledger holds figures of `contract_id` for `period` computed from exactly
  /// these inputs (a resumed batch may then skip the contract).
  bool has_figures(const std::string& contract_id, const std::string& period, const std::vector<input_digest>& inputs);

  /// Copies the figures a shard's ledger (at `shard_path`) holds for `period` into this one
  /// as run `run_id`'s, replacing earlier figures of those contracts and month.
  bool import_figures(const std::string& shard_path, const std::string& period, std::int64_t run_id, std::string& why);

  /// The figures of `months`, by contract id then month; only `contract_ids` when not empty.
  /// Figures withdrawn by a failed rerun come too, marked (`superseded_by`).
  std::optional<std::vector<ledger_row>> rows(const std::vector<std::string>& months,
                                              const std::vector<std::string>& contract_ids, std::string& why);

  /// Every version of a contract-month's figures the ledger keeps, oldest first, the one in
  /// use last: a rerun keeps what it replaced (schema 4), as the text its digest covers, read
  /// back here (`verify` checks each against the digest its run vouched for). Empty when the
  /// ledger has none.
  std::optional<std::vector<recorded_figures>> versions(const std::string& contract_id, const std::string& period,
                                                        std::string& why);

  /// Copies this whole ledger into `target`, which holds no runs yet: every run with its
  /// number and seal, every figure, in one transaction that `target` verifies before it
  /// commits (the same chain head, runs and contract-months as this one).
  bool copy_to(book& target, std::string& why);

  /// Every run recorded, oldest first.
  std::optional<std::vector<ledger_run>> runs(std::string& why);

  /// Checks the storage (a SQLite file's quick_check), the chain of sealed runs, and every
  /// contract-month's figures against its digest and the run that recorded it.
  ledger_check verify();

 private:
  // verify's steps (ledger.cpp): the file, the chain of sealed runs, every month's figures.
  bool file_checked(ledger_check& c);
  bool chain_checked(ledger_check& c, std::map<std::int64_t, std::string>& names);
  void figures_checked(ledger_check& c, std::map<std::int64_t, std::string>& names);
  void earlier_figures_checked(ledger_check& c, std::map<std::int64_t, std::string>& names);
  enum class set_up_result { ready, busy, failed, damaged };
  /// Checks that the file is a ledger this build can use, sets WAL, migrates.
  static set_up_result set_up(store::database* db, std::string& why);
  book(std::unique_ptr<store::database> db, std::string path);
  std::unique_ptr<store::database> db_;
  std::string path_;
};

/// What a yearly cap of `c` needs from the ledger in `month`: the provider's credits of the
/// contract year's earlier months (minor units); nullopt without a yearly cap, or with
/// `error` (a whole message about `contract_path`) when the ledger lacks a month.
std::optional<std::int64_t> yearly_cap_credits(const engine::contract& c, const engine::period& month, book& l,
                                               const std::string& contract_path, std::string& error);

/// Whether `where` names a PostgreSQL database (postgresql://…, postgres://…, postgres:SERVICE)
/// rather than a SQLite file.
bool is_database_url(const std::string& where);

/// `where` as messages show it: a password in a connection (which is refused) masked.
std::string shown(const std::string& where);

/// The wall clock as the ledger records it: "2026-11-30T09:41:07Z".
std::string utc_now_text();

/// One digest of a contract-period's inputs (each root, path and SHA-256, in order).
std::string inputs_digest(const std::vector<input_digest>& inputs);

}  // namespace slaudit::ledger
