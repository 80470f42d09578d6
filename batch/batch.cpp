#include "batch/batch.hpp"

#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <cstdlib>
#include <filesystem>
#include <limits>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "batch/portfolio.hpp"
#include "batch/spool.hpp"
#include "engine/load.hpp"
#include "engine/money.hpp"
#include "engine/period.hpp"
#include "grammar/contract_id.hpp"
#include "history/digest.hpp"
#include "io/files.hpp"
#include "ledger/ledger.hpp"
#include "reports/text_format.hpp"

namespace slaudit::batch {
namespace {

namespace fs = std::filesystem;
using clock_type = std::chrono::steady_clock;

std::optional<std::uint32_t> number(const char* text) {
  if (!text || !*text) return std::nullopt;
  std::uint64_t v = 0;
  for (const char* p = text; *p; ++p) {
    if (*p < '0' || *p > '9') return std::nullopt;
    v = v * 10 + static_cast<std::uint64_t>(*p - '0');
    if (v > 1'000'000) return std::nullopt;
  }
  return static_cast<std::uint32_t>(v);
}

std::string relative_to(const std::string& path, const std::string& root) {
  fs::path p = fs::path(path).lexically_normal(), r = fs::path(root).lexically_normal();
  std::error_code ec;
  if (p.is_relative() != r.is_relative()) p = fs::absolute(p, ec), r = fs::absolute(r, ec);
  auto rel = p.lexically_relative(r);
  return rel.empty() ? p.generic_string() : rel.generic_string();
}

std::optional<std::string> digest_of(const std::string& path) {
  std::string why;
  auto bytes = io::read_file(path, why);
  if (!bytes) return std::nullopt;
  return history::sha256_hex(*bytes);
}

/// A contract of the plan when its turn comes: its file, its id as the head of its file
/// gives it (grammar::scan_contract_id), and its history folder.
struct planned {
  std::string path, relative;
  std::optional<std::string> id;
  std::string history_dir;              ///< found, or empty
  std::vector<std::string> looked_for;  ///< where the history folder was looked for
  std::string month_folders_note;       ///< a folder of other months' folders was found
  std::string duplicate_of;             ///< another contract with the same id, earlier in order
};

/// The plan as the run keeps it from start to end, on the disk: a row per contract (its
/// file, its id, its entries in the earlier and in this run's manifest) in a scratch file, read back a row at a time. Held in memory, the rows
/// of 100,000 contracts would be some 14 MB of the batch's peak; only a bit per contract is
/// (whether the earlier run has an entry). Rows are in the order of their files, so a file
/// is found by a binary search. Failures of the scratch file throw std::runtime_error.
class contract_plan {
 public:
  /// A plan whose rows go to a scratch file in `folder`; null with `why` if none can be made.
  static std::unique_ptr<contract_plan> in(const std::string& folder, std::string& why) {
    auto rows = text_file::scratch(folder, why);
    auto names = rows ? text_file::scratch(folder, why) : nullptr;
    if (!names) return nullptr;
    return std::unique_ptr<contract_plan>(new contract_plan(std::move(rows), std::move(names)));
  }

  /// Adds the next contract; files come in increasing order.
  void add(std::string_view relative) {
    if (count_ > 0 && !(last_ < relative))
      throw std::logic_error("the plan's files are not in order: " + std::string(relative));
    last_ = relative;
    row r;
    std::memset(static_cast<void*>(&r), 0, sizeof r);  // its padding too: every byte written is defined
    r.file = names_->append(relative);
    rows_->write_at(count_ * sizeof(row), &r, sizeof r);
    ++count_;
    has_before_.push_back(false);
  }
  std::size_t size() const { return count_; }

  std::string relative(std::size_t k) const { return names_->read(get(k).file); }
  /// The file for a message, where a failure must not throw: the scratch file failing
  /// (a disk error) is said in its place.
  std::string shown(std::size_t k) const noexcept {
    try {
      return relative(k);
    } catch (const std::exception& x) {
      return "contract " + std::to_string(k + 1) + " of the plan (its file is not read back: " + x.what() + ")";
    }
  }
  std::optional<std::string> id(std::size_t k) const {
    row r = get(k);
    if (!r.has_id) return std::nullopt;
    return names_->read(r.id);
  }
  void set_id(std::size_t k, std::string_view id) {
    row r = get(k);
    r.id = names_->append(id);
    r.has_id = true;
    put(k, r);
  }
  /// Its entry in the earlier run's manifest (empty: none).
  text_place before(std::size_t k) const { return has_before_[k] ? get(k).before : text_place{}; }
  bool has_before(std::size_t k) const { return has_before_[k]; }
  void set_before(std::size_t k, text_place place) {
    row r = get(k);
    r.before = place;
    put(k, r);
    has_before_[k] = !place.empty();
  }
  void forget_before() { has_before_.assign(count_, false); }
  /// Its entry of this run, in the run's scratch file, once settled. Set by one thread at a
  /// time: a row is read, changed and written whole.
  text_place done(std::size_t k) const { return get(k).done; }
  void set_done(std::size_t k, text_place place) {
    row r = get(k);
    r.done = place;
    put(k, r);
  }

  /// The row of the contract `relative`, if planned.
  std::optional<std::size_t> find(std::string_view relative_path) const {
    std::size_t low = 0, high = count_;
    while (low < high) {
      std::size_t middle = low + (high - low) / 2;
      if (relative(middle) < relative_path) low = middle + 1;
      else high = middle;
    }
    if (low < count_ && relative(low) == relative_path) return low;
    return std::nullopt;
  }

 private:
  struct row {
    text_place file, id, before, done;
    bool has_id = false;
  };
  static_assert(std::is_trivially_copyable_v<row>);

  contract_plan(std::unique_ptr<text_file> rows, std::unique_ptr<text_file> names)
      : rows_(std::move(rows)), names_(std::move(names)) {}
  row get(std::size_t k) const {
    row r;
    rows_->read_at(k * sizeof(row), &r, sizeof r);
    return r;
  }
  void put(std::size_t k, const row& r) { rows_->write_at(k * sizeof(row), &r, sizeof r); }

  std::unique_ptr<text_file> rows_;   ///< row k at k * sizeof(row)
  std::unique_ptr<text_file> names_;  ///< the files and ids, one after the other
  std::size_t count_ = 0;
  std::string last_;  ///< the last file added, to keep the order
  std::vector<bool> has_before_;
};

/// A manifest in another layout (valid JSON reformatted by a tool), read whole once and set
/// out in slaudit's own layout in a scratch file in `folder`, to be read in place. Null with
/// `why` when it is not a manifest or the copy cannot be made.
std::unique_ptr<text_file> in_slaudit_layout(const std::string& path, const std::string& folder, std::string& why) {
  auto text = io::read_file(path, why);
  auto m = text ? parse_manifest(*text, why) : std::nullopt;
  if (!m) return nullptr;
  text.reset();
  auto copy = text_file::scratch(folder, why);
  if (!copy) return nullptr;
  try {
    copy->append(manifest_json(*m));
  } catch (const std::exception& x) {
    why = x.what();
    return nullptr;
  }
  return copy;
}

/// The history folder of a contract: <history>/<id or file stem>/<period>, else
/// <history>/<id or file stem>.
void find_history(planned& p, const batch_options& o) {
  std::vector<std::string> names;
  if (p.id) names.push_back(*p.id);
  std::string stem = fs::path(p.path).stem().string();
  if (!p.id || stem != *p.id) names.push_back(stem);
  std::vector<std::string> candidates;
  for (auto& n : names) candidates.push_back(o.history_dir + "/" + n + "/" + o.settings.period.label());
  for (auto& n : names) candidates.push_back(o.history_dir + "/" + n);
  std::error_code ec;
  for (std::size_t k = 0; k < candidates.size(); ++k) {
    const std::string& c = candidates[k];
    if (!fs::is_directory(c, ec)) continue;
    // A contract's folder of month folders that lacks this month's: the month is missing
    // (deleted, not yet exported), never read as the contract's folder.
    std::vector<std::string> months;
    if (k >= names.size())
      for (auto& e : fs::directory_iterator(c, ec))
        if (e.is_directory(ec) && engine::parse_period(e.path().filename().string()))
          months.push_back(e.path().filename().string());
    if (!months.empty()) {
      std::sort(months.begin(), months.end());
      std::string list;
      for (auto& m : months) list += (list.empty() ? "" : ", ") + m;
      p.month_folders_note = c + " holds the months " + list + ", not " + o.settings.period.label();
      continue;
    }
    p.history_dir = c;
    return;
  }
  p.looked_for = candidates;
}


/// The files of a history folder, relative to --history, with their digests.
std::optional<std::vector<input_digest>> folder_digests(const std::string& dir, const std::string& root) {
  std::vector<input_digest> out;
  std::error_code ec;
  for (auto& e : fs::directory_iterator(dir, ec)) {
    if (!e.is_regular_file(ec)) continue;
    auto d = digest_of(e.path().string());
    if (!d) return std::nullopt;
    out.push_back({"history", relative_to(e.path().string(), root), *d});
  }
  if (ec) return std::nullopt;
  std::sort(out.begin(), out.end(), [](auto& a, auto& b) { return a.path < b.path; });
  return out;
}

/// Whether an earlier run's entry still describes this contract: the same input bytes
/// (the contract, what it imports, every file of its history folder), its outputs still
/// there, unchanged, its figures in the ledger the run records into, and (`same_earlier`,
/// asked last: it reads the contract) a yearly cap's earlier months as they were.
bool unchanged(const contract_entry& before, const planned& p, const batch_options& o, ledger::book* book,
               const std::function<bool(engine::minor_units recorded)>& same_earlier) {
  if (before.status == entry_status::failed || !before.summary || p.history_dir.empty()) return false;
  // The ledger must hold this contract's figures of these inputs (it may be new, or another).
  if (book && !book->has_figures(before.summary->id, o.settings.period.label(), before.inputs)) return false;
  std::vector<input_digest> history_before;
  bool contract_seen = false;
  for (auto& i : before.inputs) {
    if (i.root == "history") {
      history_before.push_back(i);
      continue;
    }
    if (i.root != "contracts") return false;
    contract_seen = contract_seen || i.path == p.relative;
    auto d = digest_of(o.contracts_dir + "/" + i.path);
    if (!d || *d != i.sha256) return false;
  }
  if (!contract_seen) return false;
  auto now = folder_digests(p.history_dir, o.history_dir);
  if (!now || now->size() != history_before.size()) return false;
  for (std::size_t k = 0; k < now->size(); ++k)
    if ((*now)[k].path != history_before[k].path || (*now)[k].sha256 != history_before[k].sha256) return false;
  for (auto& out : before.outputs) {
    auto d = digest_of(o.out_dir + "/" + out.path);
    if (!d || *d != out.sha256) return false;
  }
  // A yearly cap whose earlier months changed in the ledger (a month rerun) changes this one.
  return !before.summary->yearly_cap || !same_earlier || same_earlier(before.summary->earlier_year_credits);
}

/// `e` as a contract that failed with `message` (whole lines), with no outputs nor figures.
void fail_entry(contract_entry& e, std::string message) {
  e.status = entry_status::failed;
  e.error = std::move(message);
  e.outputs.clear();
  e.summary.reset();
}

/// What an earlier run's manifest (of this period, whatever its settings) says a contract's
/// reports are: those it wrote, and those it had moved aside.
struct earlier_reports {
  std::vector<output_digest> outputs;
  std::vector<superseded_report> superseded;
};

/// The reports an earlier run wrote for a contract that this run's entry `e` does not list
/// (all of them when the contract failed) are moved into <out>/superseded/: beside the new
/// manifest, nothing is left that looks current and is not. `e` lists where they went, and
/// keeps what an earlier failure moved, until a current report of the same name replaces it
/// (the copy is then removed). A report that cannot be moved fails the contract, saying so.
void move_aside(contract_entry& e, const earlier_reports& earlier, const std::string& out_dir) {
  std::set<std::string> current;
  for (auto& o : e.outputs) current.insert(o.path);
  e.superseded.clear();  // an entry reused as unchanged holds the earlier run's list already
  std::error_code ec;
  bool removed = false;
  for (auto& m : earlier.superseded) {
    if (!current.count(m.was)) e.superseded.push_back(m);
    else removed = fs::remove(fs::path(out_dir) / m.path, ec) || removed;  // a current report replaces it
  }
  if (removed) fs::remove(fs::path(out_dir) / "superseded", ec);  // only when empty
  std::vector<const output_digest*> stale;
  for (auto& o : earlier.outputs)
    if (!current.count(o.path)) stale.push_back(&o);
  if (stale.empty()) return;
  fs::path folder = fs::path(out_dir) / "superseded";
  if (fs::is_symlink(folder, ec) || (!fs::create_directory(folder, ec) && !fs::is_directory(folder, ec))) {
    fail_entry(e, e.error + out_dir + "/superseded: error: cannot make the folder for the earlier run's reports of " +
                      e.file + (ec ? ": " + ec.message() : std::string(": a link stands there")) +
                      "; they are not current: remove them by hand\n");
    return;
  }
  for (auto* o : stale) {
    fs::path from = fs::path(out_dir) / o->path, to = folder / fs::path(o->path).filename();
    std::string now = "superseded/" + fs::path(o->path).filename().string();
    if (!fs::exists(fs::symlink_status(from, ec))) {
      // Moved already by a run killed before its manifest said so: listed as it is there;
      // else removed since, and nothing to move.
      auto d = digest_of(to.string());
      if (!d || *d != o->sha256) continue;
    } else if (fs::rename(from, to, ec); ec) {  // a link planted at `to` is replaced, not followed
      fail_entry(e, e.error + out_dir + "/" + o->path + ": error: a report of the earlier run of " + e.file +
                        " could not be moved aside (" + ec.message() + "); it is not current: remove it by hand\n");
      continue;
    }
    e.superseded.erase(std::remove_if(e.superseded.begin(), e.superseded.end(),
                                      [&](auto& m) { return m.path == now; }),
                       e.superseded.end());
    e.superseded.push_back({now, o->sha256, o->path});
  }
}

/// Computes one contract and writes its reports, leaving them staged (complete under their
/// temporary names) in `staged` for the batch's committer to flush and rename. `c` holds the
/// contract when it was read already (`loaded`); `earlier` gives a yearly cap's earlier months.
contract_entry run_one(const planned& p, const batch_options& o, std::vector<staged_file>& staged, computed& c,
                       bool loaded, const earlier_credits_of* earlier) {
  contract_entry e;
  e.file = p.relative;
  auto fail = [&](const failure& f) {
    fail_entry(e, f.message);
    return e;
  };
  // The contract first: a contract with errors is reported by them, whatever else is amiss.
  if (!loaded)
    if (auto f = load(p.path, c)) return fail(*f);
  if (!p.duplicate_of.empty())
    return fail({exit_input, p.path + ": error: contract id \"" + p.id.value_or("") + "\" is also the id of " +
                                 p.duplicate_of + ": the reports of both would have one name; give each contract its own id\n"});
  if (p.history_dir.empty()) {
    std::string list;
    for (auto& l : p.looked_for) list += "  " + l + "\n";
    if (!p.month_folders_note.empty()) list += "  (" + p.month_folders_note + ")\n";
    return fail({exit_input, p.path + ": error: no history folder for " + c.contract->id + " " +
                                 o.settings.period.label() + "; looked for:\n" + list});
  }
  if (auto f = compute_loaded(p.path, p.history_dir, o.settings, c, &p.relative, earlier)) return fail(*f);
  for (auto& i : c.inputs) {
    bool history_file = i.path.rfind(p.history_dir + "/", 0) == 0;
    e.inputs.push_back({history_file ? "history" : "contracts",
                        relative_to(i.path, history_file ? o.history_dir : o.contracts_dir), i.sha256});
  }
  std::vector<file_digest> written;
  std::vector<std::string> warnings;
  if (auto f = write_reports(c, o.out_dir, o.settings, written, &staged, &warnings)) return fail(*f);
  // Kept with the paths relative to the manifest's folder, as the outputs are.
  for (auto& w : warnings) e.warnings.push_back(w.rfind(o.out_dir + "/", 0) == 0 ? w.substr(o.out_dir.size() + 1) : w);
  for (auto& w : written) e.outputs.push_back({relative_to(w.path, o.out_dir), w.sha256});
  e.summary = summarise(c);
  return e;
}

std::string duration_text(double seconds) {
  auto s = static_cast<long>(seconds + 0.5);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%ld:%02ld", s / 60, s % 60);
  return buf;
}

std::string first_line(const std::string& s) { return s.substr(0, s.find('\n')); }

/// The ledger a shard records into, beside its manifest: ledger.shard-2-of-4.sqlite.
std::string shard_ledger_name(std::uint32_t index, std::uint32_t count) {
  return "ledger.shard-" + std::to_string(index) + "-of-" + std::to_string(count) + ".sqlite";
}

}  // namespace

std::optional<shard_spec> parse_shard(const std::string& text) {
  auto slash = text.find('/');
  if (slash == std::string::npos) return std::nullopt;
  auto i = number(text.substr(0, slash).c_str()), n = number(text.substr(slash + 1).c_str());
  if (!i || !n || *n == 0 || *i >= *n) return std::nullopt;
  return shard_spec{*i, *n};
}

std::optional<shard_spec> shard_from_environment(std::string& why) {
  auto get = [](const char* name) -> const char* {
    const char* v = std::getenv(name);
    return v && *v ? v : nullptr;
  };
  if (get("JOB_COMPLETION_INDEX")) {
    auto i = number(get("JOB_COMPLETION_INDEX")), n = number(get("JOB_COMPLETIONS"));
    if (!i || !n || *n == 0 || *i >= *n) {
      why = "JOB_COMPLETION_INDEX and JOB_COMPLETIONS (a Kubernetes Indexed Job) do not give a shard; "
            "pass JOB_COMPLETIONS into the pod's environment, or use --shard I/N";
      return std::nullopt;
    }
    return shard_spec{*i, *n};
  }
  if (get("SLURM_ARRAY_TASK_ID")) {
    auto id = number(get("SLURM_ARRAY_TASK_ID")), count = number(get("SLURM_ARRAY_TASK_COUNT"));
    auto min = get("SLURM_ARRAY_TASK_MIN") ? number(get("SLURM_ARRAY_TASK_MIN")) : std::optional<std::uint32_t>(0);
    if (!id || !count || !min || *count == 0 || *id < *min || *id - *min >= *count) {
      why = "SLURM_ARRAY_TASK_ID, SLURM_ARRAY_TASK_MIN and SLURM_ARRAY_TASK_COUNT do not give a shard "
            "(the array must be contiguous, such as --array=0-3); or use --shard I/N";
      return std::nullopt;
    }
    return shard_spec{*id - *min, *count};
  }
  return shard_spec{};
}

std::uint32_t shard_of(const std::string& relative_path, std::uint32_t count) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char ch : relative_path) h = (h ^ ch) * 0x100000001b3ULL;
  return static_cast<std::uint32_t>(h % count);
}

/// A folder as the user named it, tidied: "./history//" is "history", so that messages and
/// the manifest name its files the same way whichever spelling was given.
std::string tidy_folder(const std::string& path) {
  if (path.empty()) return path;
  std::string s = fs::path(path).lexically_normal().generic_string();
  while (s.size() > 1 && s.back() == '/') s.pop_back();
  return s.empty() ? "." : s;
}

/// A contract's error as the manifest and the portfolio keep it: the files named by their
/// root and their path below it ("history/PF-0002/2026-10/incidents.csv:3:2"), as the
/// manifest's inputs name them, so that the text does not depend on where the batch was
/// started or how its folders were spelled.
std::string rooted_text(std::string text, const batch_options& o) {
  auto replace_root = [&](const std::string& root, const std::string& label) {
    if (root.empty()) return;
    std::string from = root + "/", to = label + "/";
    for (std::size_t at = 0; (at = text.find(from, at)) != std::string::npos;) {
      // Only where a path begins: "old-history/" is not below "history/".
      if (at > 0 && std::string_view(" \n(\"'").find(text[at - 1]) == std::string_view::npos) {
        at += from.size();
        continue;
      }
      text.replace(at, from.size(), to);
      at += to.size();
    }
  };
  replace_root(o.history_dir, "history");
  replace_root(o.contracts_dir, "contracts");
  return text;
}

namespace {

/// One month-end batch, step by step (run_batch): its state is what the steps share.
class month_end_run {
 public:
  month_end_run(const batch_options& given, std::ostream& out, std::ostream& err) : o(given), out(out), err(err) {
    o.contracts_dir = tidy_folder(o.contracts_dir);
    o.history_dir = tidy_folder(o.history_dir);
    o.out_dir = tidy_folder(o.out_dir);
    label = o.settings.period.label();
    manifest_path_name = manifest_name(o.shard.index, o.shard.count);
  }

  /// The steps in order; the exit code.
  int run() {
    for (auto step : {&month_end_run::check_folders, &month_end_run::take_output, &month_end_run::open_ledgers,
                      &month_end_run::make_plan})
      if (auto code = (this->*step)()) return *code;
    remove_leftovers();
    for (auto step : {&month_end_run::open_spool, &month_end_run::read_earlier_manifest, &month_end_run::begin_record})
      if (auto code = (this->*step)()) return *code;
    run_contracts();
    return finish();
  }

 private:
  /// The folders of the options: contracts and history to read, the output to write.
  std::optional<int> check_folders() {
    std::error_code ec;
    if (!fs::is_directory(o.contracts_dir, ec)) {
      err << o.contracts_dir << ": error: not a folder of contracts (--contracts)\n";
      return exit_usage;
    }
    if (!fs::is_directory(o.history_dir, ec)) {
      err << o.history_dir << ": error: not a folder of history folders (--history)\n";
      return exit_usage;
    }
    fs::create_directories(o.out_dir, ec);
    if (ec || !fs::is_directory(o.out_dir)) {
      err << o.out_dir << ": error: cannot create the output folder: " << (ec ? ec.message() : "not a folder") << "\n";
      return exit_output;
    }
    if (::access(o.out_dir.c_str(), W_OK) != 0) {
      err << o.out_dir << ": error: the output folder is not writable; nothing was run\n";
      return exit_output;
    }
    return std::nullopt;
  }

  /// The output folder, locked for this run and opened once.
  std::optional<int> take_output() {
    std::string lock_why;
    // The folder's lock, exclusive for a whole batch and shared among the shards of one; a
    // shard also holds its own, so that one shard does not run twice at once.
    auto writer_lock =
        io::folder_lock::take(o.out_dir, ".slaudit.lock", o.shard.count > 1, o.wait_for_lock, lock_why, &err);
    if (writer_lock) one_writer.emplace(std::move(*writer_lock));
    if (one_writer && o.shard.count > 1) {
      auto shard_lock = io::folder_lock::take(o.out_dir, ".slaudit." + manifest_name(o.shard.index, o.shard.count) + ".lock",
                                              false, o.wait_for_lock, lock_why, &err);
      if (shard_lock) one_shard.emplace(std::move(*shard_lock));
    }
    if (!one_writer || (o.shard.count > 1 && !one_shard)) {
      err << o.out_dir << ": error: " << lock_why << "; nothing was run\n";
      return exit_usage;
    }

    // From here on, --out is reached through the folder opened now: renamed or swapped for a
    // link while the batch runs, the files still go into the folder it was.
    auto opened = io::anchored_folder::open(o.out_dir, lock_why);
    if (!opened) {
      err << o.out_dir << ": error: cannot open the output folder: " << lock_why << "; nothing was run\n";
      return exit_output;
    }
    anchor.emplace(std::move(*opened));
    shown_out = o.out_dir;
    o.out_dir = anchor->reach();
    return std::nullopt;
  }

  /// The ledger that gives yearly caps their earlier months, and the one this run records into.
  std::optional<int> open_ledgers() {
    if (!o.ledger_path.empty()) {
      std::string why;
      book = ledger::book::open(o.ledger_path, true, why);
      if (!book) {
        err << ledger::shown(o.ledger_path) << ": error: cannot open the ledger: " << why << "\n";
        return exit_output;
      }
    }

    // A shard records into a ledger of its own beside its manifest (the cluster's machines
    // need not share a file); `merge` copies its figures into the ledger. Unsharded, the run
    // records into the ledger itself.
    record_path = ledger::shown(o.ledger_path);
    if (book && o.shard.count > 1) {
      std::string why;
      record_path = shown_out + "/" + shard_ledger_name(o.shard.index, o.shard.count);
      shard_book = ledger::book::open(record_path, true, why);
      if (!shard_book) {
        err << record_path << ": error: cannot open the shard's ledger: " << why << "\n";
        return exit_output;
      }
    }
    recorder = shard_book ? shard_book.get() : book.get();
    return std::nullopt;
  }

  /// The contracts this run (or shard) takes, with their ids.
  std::optional<int> make_plan() {
    // The plan: every *.sla below --contracts in a stable order, this shard's share, each
    // contract's id as the head of its file gives it: the contract is parsed once, when its
    // turn comes.
    {
      std::string why;
      plan_rows = contract_plan::in(o.out_dir, why);
      if (!plan_rows) {
        err << shown_out << ": error: " << anchor->shown_text(why) << "; nothing was run\n";
        return exit_output;
      }
      std::vector<std::string> relatives;
      for (auto& path : io::expand_sla_paths({o.contracts_dir})) {
        std::string relative = relative_to(path, o.contracts_dir);
        if (shard_of(relative, o.shard.count) == o.shard.index) relatives.push_back(std::move(relative));
      }
      std::sort(relatives.begin(), relatives.end());
      for (auto& relative : relatives) plan_rows->add(relative);
    }
    contract_plan& plan = *plan_rows;
    for (std::size_t k = 0; k < plan.size(); ++k)
      if (auto id = id_of(o.contracts_dir + "/" + plan.relative(k))) plan.set_id(k, *id);
    {
      // Contracts grouped by a hash of their id, in the plan's order within a group; a contract
      // whose id an earlier one of its group has is a duplicate of the first such.
      std::vector<std::pair<std::size_t, std::uint32_t>> by_id;
      for (std::size_t k = 0; k < plan.size(); ++k)
        if (auto id = plan.id(k)) by_id.emplace_back(std::hash<std::string>{}(*id), static_cast<std::uint32_t>(k));
      std::sort(by_id.begin(), by_id.end());
      for (std::size_t first = 0, end = 0; first < by_id.size(); first = end) {
        for (end = first + 1; end < by_id.size() && by_id[end].first == by_id[first].first;) ++end;
        for (std::size_t j = first + 1; j < end; ++j) {
          auto id = plan.id(by_id[j].second);
          for (std::size_t i = first; i < j; ++i)
            if (plan.id(by_id[i].second) == id) {
              duplicate_of[by_id[j].second] = plan.relative(by_id[i].second);
              break;
            }
        }
      }
    }
    return std::nullopt;
  }

  /// A contract's id from the head of its file; parsed whole only when the head does not give
  /// it plainly (an id with escapes). Nothing for a file that cannot be read or parsed: its
  /// worker reports why.
  static std::optional<std::string> id_of(const std::string& path) {
    std::string why;
    auto text = io::read_file(path, why);
    if (!text) return std::nullopt;
    if (auto id = grammar::scan_contract_id(*text)) return id;
    grammar::source_file src(path, std::move(*text));
    grammar::diagnostics diags;
    io::disk_reader disk;
    auto c = engine::load_contract(src, disk, diags);
    return c ? std::optional<std::string>(c->id) : std::nullopt;
  }

  /// A contract when its turn comes: its file, id and history folder.
  planned planned_of(std::size_t k) {
  contract_plan& plan = *plan_rows;
    planned p;
    p.relative = plan.relative(k);
    p.path = o.contracts_dir + "/" + p.relative;
    p.id = plan.id(k);
    if (auto it = duplicate_of.find(k); it != duplicate_of.end()) p.duplicate_of = it->second;
    find_history(p, o);
    return p;
  }

  /// What a killed run left of this run's reports (temporary files beside them) goes; another
  /// shard's, in a shared folder, are its own business.
  void remove_leftovers() {
    contract_plan& plan = *plan_rows;
    std::error_code ec;
    std::vector<fs::path> leftovers;
    for (auto& e : fs::directory_iterator(o.out_dir, ec))
      if (e.path().filename().string().find(".slaudit-tmp-") != std::string::npos && !e.is_symlink(ec))
        leftovers.push_back(e.path());
    if (!leftovers.empty()) {
      std::set<std::string> ours = {manifest_path_name};
      for (std::size_t k = 0; k < plan.size(); ++k)
        if (auto id = plan.id(k))
          for (auto& f : o.settings.formats) ours.insert(*id + "-" + label + "." + f);
      if (o.shard.count == 1)
        ours.insert({"portfolio-" + label + ".json", "portfolio-" + label + ".xlsx", "portfolio-" + label + ".pdf"});
      for (auto& path : leftovers) {
        std::string name = path.filename().string();
        // (a temporary folder, or a plain file of an older slaudit)
        if (ours.count(name.substr(0, name.find(".slaudit-tmp-")))) fs::remove_all(path, ec);
      }
    }
  }

  /// The entries of this run, on the disk as they settle (a scratch file with no name).
  std::optional<int> open_spool() {
    std::string why;
    spool = text_file::scratch(o.out_dir, why);
    if (!spool) {
      err << shown_out << ": error: " << anchor->shown_text(why) << "; nothing was run\n";
      return exit_output;
    }
    return std::nullopt;
  }

  /// What an earlier run of this period left, read in place: every report it wrote or moved
  /// aside (what this run does not write again is moved aside: another --format, a contract
  /// gone), and, where its settings were these, the entries reused where nothing changed.
  std::optional<int> read_earlier_manifest() {
    contract_plan& plan = *plan_rows;
    manifest_path = o.out_dir + "/" + manifest_path_name;
    manifest_shown = shown_out + "/" + manifest_path_name;
    std::error_code ec;
    std::string why;
    if (fs::is_symlink(fs::symlink_status(manifest_path, ec))) {
      // Not one slaudit wrote (it writes files, never links): not followed, and replaced below.
      err << manifest_shown << ": warning: a link stands here, not a manifest slaudit wrote; every contract is run again\n";
    } else if (fs::exists(manifest_path, ec)) {
      auto scan = [&] {
        gone.clear();
        try {
          return scan_manifest(
              *earlier_file, earlier_head,
              [&](std::string file, text_place place) {
                if (auto k = plan.find(file)) plan.set_before(*k, place);
                else gone.emplace_back(std::move(file), place);
              },
              why);
        } catch (const std::exception& x) {
          why = x.what();
          return false;
        }
      };
      earlier_file = text_file::existing(manifest_path, why);
      bool read = earlier_file && scan();
      if (earlier_file && !read) {
        std::string ignored;
        if (auto copy = in_slaudit_layout(manifest_path, o.out_dir, ignored)) {
          plan.forget_before();
          earlier_file = std::move(copy);
          read = scan();
        }
      }
      if (read && earlier_head.period == label) {
        reusable = earlier_head.settings == o.settings_digest;
        for (auto& r : earlier_head.removed) earlier_removed[r.file] = r.superseded;
      } else {
        if (!read) err << manifest_shown << ": warning: not read (" << why << "); every contract is run again\n";
        plan.forget_before();
        gone.clear();
        earlier_file.reset();
      }
    }
    return std::nullopt;
  }

  /// The earlier run's entry of contract k, when it had one.
  std::optional<contract_entry> earlier_entry(std::size_t k) {
    contract_plan& plan = *plan_rows;
    if (!plan.has_before(k)) return std::nullopt;
    std::string ignored;
    return parse_manifest_entry(earlier_file->read(plan.before(k)), ignored);
  }

  /// The manifest's head, and the run begun in the ledger.
  std::optional<int> begin_record() {
    contract_plan& plan = *plan_rows;
    result.version = o.settings.tool_version;
    result.period = o.settings.period.label();
    result.settings = o.settings_digest;
    result.shard_index = o.shard.index;
    result.shard_count = o.shard.count;
    done.assign(plan.size(), false);

    std::string why;
    if (recorder) {
      run_id = recorder->begin_run(result.period, o.shard.count > 1 ? "batch shard " + std::to_string(o.shard.index) + "/" +
                                                                          std::to_string(o.shard.count)
                                                                    : "batch",
                                   shown_out, result.version, result.settings, ledger::utc_now_text(), why);
      if (!run_id) {
        err << record_path << ": error: cannot record the run in the ledger: " << why << "\n";
        return exit_output;
      }
    }
    return std::nullopt;
  }

  /// Contracts into the ledger, with their figures; a failure is said once.
  void record(const std::vector<contract_entry>& entries, std::string& message) {
    std::string why;
    if (!recorder || entries.empty() || ledger_failed) return;
    if (!recorder->record(*run_id, result.period, entries, true, why)) {
      message += record_path + ": error: cannot record contracts in the ledger: " + why + "\n";
      ledger_failed = true;
    }
  }

  /// The manifest as it stands: the entries settled when the checkpoint began, and the earlier
  /// run's for the rest: a kill loses at most the last second's entries, whose contracts a
  /// rerun simply does again. Each entry's text is made once, kept in the scratch file, and
  /// copied from there (or from the earlier manifest) into each checkpoint: the manifest is
  /// never whole in memory.
  bool write_manifest_now(const std::vector<bool>& settled, std::string& why) {
    contract_plan& plan = *plan_rows;
    std::size_t count = 0;
    for (std::size_t k = 0; k < plan.size(); ++k) count += settled[k] || (reusable && plan.has_before(k));
    std::size_t k = 0;
    auto entry = [&](std::size_t) {
      for (;; ++k)
        if (settled[k] || (reusable && plan.has_before(k))) break;
      const text_place place = settled[k] ? plan.done(k) : plan.before(k);
      const text_file& from = settled[k] ? *spool : *earlier_file;
      ++k;
      return from.read(place);
    };
    return io::write_file_streamed(
        manifest_path,
        [&](const std::function<void(std::string_view)>& put) { write_manifest(result, count, entry, put); }, why);
  }

  /// What follows a contract's computation: counted, shown, kept for the manifest and the
  /// ledger, and a checkpoint now and then.
  void settle(std::size_t k, contract_entry e) {
    contract_plan& plan = *plan_rows;
    // Paths into --out named as the user gave it, not through the descriptor.
    e.error = anchor->shown_text(std::move(e.error));
    std::unique_lock<std::mutex> hold(lock);
    ++finished;
    failed += e.status == entry_status::failed;
    reused += e.status == entry_status::skipped_unchanged;
    std::string relative = plan.shown(k);
    std::string name = e.summary ? e.summary->id : relative;
    if (o.progress == progress_mode::lines) {
      if (e.status == entry_status::failed)
        out << "failed    " << relative << ": " << first_line(e.error) << "\n";
      else
        out << (e.status == entry_status::ok ? "ok        " : "unchanged ") << name << " (" << relative << ")\n";
      out.flush();
    } else if (o.progress == progress_mode::live) {
      double elapsed = std::chrono::duration<double>(clock_type::now() - started).count();
      double eta =
          elapsed / static_cast<double>(finished) * static_cast<double>(plan.size() - finished);
      err << "\r[" << finished << "/" << plan.size() << "] " << failed << " failed, ETA "
          << duration_text(eta) << "   ";
      err.flush();
    }
    if (e.summary) {
      auto& t = money[e.summary->currency];
      t[0] += e.summary->provider_total;
      t[1] += e.summary->customer_total;
      t[2] += 1;
      t[3] += e.summary->breached;
    }
    for (auto& w : e.warnings) unwritten[k] += shown_out + "/" + w;
    // The penalty lines go to the ledger only; the manifest keeps the rest.
    std::vector<line_summary> lines;
    if (e.summary) lines.swap(e.summary->lines);
    try {
      // The console names the files as given; what is kept names them by their root.
      if (e.status == entry_status::failed) {
        std::string shown = e.error;
        if (!e.superseded.empty())
          shown += "  its reports of the earlier run were moved to " + shown_out +
                   "/superseded/ (the manifest lists them): they are not this month's figures\n";
        shown_error[k] = spool->append(shown);
        e.error = rooted_text(std::move(e.error), o);
      }
      plan.set_done(k, spool->append(manifest_entry_json(e)));
      done[k] = true;
    } catch (const std::exception& x) {
      if (spool_failed.empty()) spool_failed = x.what();
    }
    if (recorder && done[k]) {
      if (e.summary) e.summary->lines = std::move(lines);
      to_record.push_back(std::move(e));
    }
    checkpoint(hold);
  }

  /// With `hold` (on `lock`) held: the contracts settled since the last time into the ledger
  /// (every 64), and the manifest written when a checkpoint is due; one at a time, outside
  /// `lock`, while the other workers go on.
  void checkpoint(std::unique_lock<std::mutex>& hold) {
    auto now = clock_type::now();
    bool checkpoint_due =
        !((++since_checkpoint < checkpoint_every && now - last_checkpoint < std::chrono::seconds(1)) ||
          now - last_checkpoint < 10 * checkpoint_cost);
    // The ledger gets every 64 contracts between checkpoints too: their penalty lines (hundreds
    // a contract) are not held until the next checkpoint, which a large batch paces to its cost.
    if (!checkpoint_due && to_record.size() < 64) return;
    if (!spool_failed.empty()) return;
    std::unique_lock<std::mutex> turn(checkpointing, std::try_to_lock);
    if (!turn.owns_lock()) return;  // one is being written; the next takes these along
    std::vector<contract_entry> entries;
    entries.swap(to_record);
    std::vector<bool> settled;
    if (checkpoint_due) {
      last_checkpoint = now;
      since_checkpoint = 0;
      settled = done;
    }
    hold.unlock();
    // The ledger first: a manifest entry that says "done" always has its figures there.
    std::string message;
    record(entries, message);
    if (checkpoint_due) {
      std::string why;
      bool written = false;
      try {
        written = write_manifest_now(settled, why);
      } catch (const std::exception& x) {
        why = x.what();
      }
      if (!written && !checkpoint_failed) {
        checkpoint_failed = true;
        checkpoint_why = why;
      }
    }
    turn.unlock();
    hold.lock();
    if (checkpoint_due) checkpoint_cost = clock_type::now() - now;
    err << message;
  }

  /// Every contract of the plan on the workers; the committer writes their reports and
  /// settles them.
  void run_contracts() {
    contract_plan& plan = *plan_rows;
    started = clock_type::now();
    last_checkpoint = started;
    checkpoint_every = std::max<std::size_t>(8, plan.size() / 64);
    std::atomic<std::size_t> next{0};
    // The committer flushes each contract's staged reports to the disk and renames them, then
    // settles the contract: a worker goes on to the next contract instead of waiting for the
    // disk (fsync was a tenth of the batch's wall time). A contract counts as done only once
    // its reports are renamed, as before. A few contracts wait at most: the workers stop when
    // the disk falls behind.
    struct to_commit {
      std::size_t k;
      contract_entry e;
      std::vector<staged_file> files;
      std::optional<earlier_reports> earlier;  ///< what the earlier run wrote or moved aside
    };
    std::mutex commit_lock;
    std::condition_variable commit_changed;
    std::deque<to_commit> commit_queue;
    bool producing = true;
    unsigned jobs = std::max(1u, std::min<unsigned>(o.jobs, static_cast<unsigned>(std::max<std::size_t>(1, plan.size()))));
    const std::size_t commit_room = 2 * static_cast<std::size_t>(jobs);
    auto committer = [&] {
      while (true) {
        std::unique_lock<std::mutex> hold(commit_lock);
        commit_changed.wait(hold, [&] { return !commit_queue.empty() || !producing; });
        if (commit_queue.empty()) return;
        to_commit c = std::move(commit_queue.front());
        commit_queue.pop_front();
        commit_changed.notify_all();
        hold.unlock();
        try {
          if (c.files.empty()) {
            // nothing to write (failed or unchanged): settled here too, so that with one job
            // the console lines come in the plan's order
          } else if (auto f = commit_reports(c.files)) {
            fail_entry(c.e, f->message);
          }
        } catch (const std::exception& x) {
          discard_reports(c.files);
          fail_entry(c.e, o.contracts_dir + "/" + plan.shown(c.k) + ": error: " + x.what() +
                              " (while writing its reports)\n");
        }
        if (c.earlier) move_aside(c.e, *c.earlier, o.out_dir);
        settle(c.k, std::move(c.e));
      }
    };

    auto worker = [&] {
      for (std::size_t k = next++; k < plan.size(); k = next++) {
        contract_entry e;
        std::vector<staged_file> staged;
        std::optional<earlier_reports> earlier;
        try {
          const planned p = planned_of(k);
          auto before = earlier_entry(k);
          if (before) earlier = earlier_reports{before->outputs, before->superseded};
          if (auto it = earlier_removed.find(p.relative); it != earlier_removed.end())
            earlier = earlier_reports{{}, it->second};
          // A yearly cap's earlier months from the ledger, asked once the contract is read.
          earlier_credits_of from_ledger;
          if (book)
            from_ledger = [&](const engine::contract& c, std::string& error) {
              return ledger::yearly_cap_credits(c, o.settings.period, *book, p.path, error);
            };
          computed c;
          bool loaded = false;
          // Whether the earlier months are as the earlier run found them: the contract is read
          // for it, and the reading kept for run_one if the contract is run after all.
          std::function<bool(engine::minor_units)> same_earlier;
          if (book)
            same_earlier = [&](engine::minor_units recorded) {
              loaded = !load(p.path, c);
              if (!loaded) return false;
              std::string error;
              auto now = from_ledger(*c.contract, error);
              return error.empty() && now == recorded;
            };
          if (before && reusable && unchanged(*before, p, o, recorder, same_earlier)) {
            e = std::move(*before);
            e.status = entry_status::skipped_unchanged;
          } else {
            e = run_one(p, o, staged, c, loaded, book ? &from_ledger : nullptr);
          }
        } catch (const std::exception& x) {
          discard_reports(staged);
          staged.clear();
          e = contract_entry{};
          e.file = plan.shown(k);
          fail_entry(e, o.contracts_dir + "/" + e.file + ": error: " + x.what() +
                            " (an internal error: please report it with this contract)\n");
        }
        std::unique_lock<std::mutex> hold(commit_lock);
        commit_changed.wait(hold, [&] { return commit_queue.size() < commit_room; });
        commit_queue.push_back({k, std::move(e), std::move(staged), std::move(earlier)});
        commit_changed.notify_all();
      }
    };
    std::thread committing(committer);
    std::vector<std::thread> threads;
    for (unsigned j = 1; j < jobs; ++j) threads.emplace_back(worker);
    worker();
    for (auto& t : threads) t.join();
    {
      std::lock_guard<std::mutex> hold(commit_lock);
      producing = false;
    }
    commit_changed.notify_all();
    committing.join();
    if (o.progress == progress_mode::live) err << "\n";
  }

  /// The contracts gone since the earlier run, the portfolio, the manifest, the ledger's run
  /// finished, and what the console says at the end: the exit code.
  int finish() {
    contract_plan& plan = *plan_rows;
    std::string why;
    int code = failed ? exit_input : 0;
    move_gone_aside();
    // Reports asked for and not written (a workbook past Excel's rows): said, and exit 4.
    if (!unwritten.empty()) {
      for (auto& [k, text] : unwritten) err << text;
      if (code == 0) code = exit_output;
    }
    if (!spool_failed.empty()) {
      err << manifest_shown << ": error: the run's entries could not be kept (" << anchor->shown_text(spool_failed)
          << "); the manifest and the portfolio are not written: run the same command again\n";
      return exit_output;
    }
    // The contracts, read back from the scratch file one at a time, as often as needed.
    contract_walk walk = [&](const std::function<void(const contract_entry&)>& visit) {
      for (std::size_t k = 0; k < plan.size(); ++k) {
        std::string why;
        auto e = parse_manifest_entry(spool->read(plan.done(k)), why);
        if (!e) throw std::runtime_error("the run's entry of " + plan.relative(k) + " is not read back: " + why);
        visit(*e);
      }
    };
    if (o.shard.count == 1) {
      try {
        bool html = std::find(o.settings.formats.begin(), o.settings.formats.end(), "html") != o.settings.formats.end();
        if (auto f = write_portfolio(result, walk, o.out_dir, *o.settings.texts, result.portfolio, html)) {
          err << anchor->shown_text(f->message);
          code = exit_output;
        }
      } catch (const std::exception& x) {
        err << shown_out << "/portfolio-" << label << ": error: cannot write the portfolio summary: " << x.what() << "\n";
        code = exit_output;
      }
    }
    std::vector<bool> all(plan.size(), true);
    bool written = false;
    try {
      written = write_manifest_now(all, why);
    } catch (const std::exception& x) {
      why = x.what();
    }
    if (!written) {
      err << manifest_shown << ": error: cannot write the manifest: " << anchor->shown_text(why) << "\n";
      return exit_output;
    }
    if (checkpoint_failed) {
      err << manifest_shown << ": error: the manifest could not be written while the batch ran ("
          << anchor->shown_text(checkpoint_why)
          << "); it is complete now, but a batch killed meanwhile would have redone its contracts\n";
      if (code == 0) code = exit_output;
    }
    if (!finish_record()) code = exit_output;
    print_summary();
    return code;
  }

  /// Contracts the earlier run had and this one has not (removed, renamed, in another shard):
  /// their reports are moved aside too, and the manifest lists them, in the order of files.
  void move_gone_aside() {
    contract_plan& plan = *plan_rows;
    std::map<std::string, earlier_reports> not_planned;
    for (auto& [file, place] : gone) {
      std::string ignored;
      try {
        if (auto e = parse_manifest_entry(earlier_file->read(place), ignored))
          not_planned[file] = {e->outputs, e->superseded};
      } catch (const std::exception& x) {
        err << manifest_shown << ": warning: the earlier run's entry of " << file << " is not read (" << x.what()
            << "); its reports are not moved aside\n";
      }
    }
    for (auto& [file, superseded] : earlier_removed)
      if (!plan.find(file)) not_planned[file] = {{}, superseded};
    for (auto& [file, reports] : not_planned) {
      contract_entry gone_entry;
      gone_entry.file = file;
      move_aside(gone_entry, reports, o.out_dir);
      if (gone_entry.status == entry_status::failed) err << anchor->shown_text(gone_entry.error);
      if (!gone_entry.superseded.empty()) result.removed.push_back({file, std::move(gone_entry.superseded)});
    }
  }

  /// The last contracts and the run's end recorded in the ledger; false when the ledger
  /// failed (said).
  bool finish_record() {
    if (!recorder) return true;
    std::string why;
    contract_plan& plan = *plan_rows;
    std::string message;
    record(to_record, message);
    err << message;
    if (!ledger_failed && !recorder->finish_run(*run_id, plan.size(), failed, why)) {
      err << record_path << ": error: cannot record the run in the ledger: " << why << "\n";
      ledger_failed = true;
    }
    if (ledger_failed) {
      err << "  the reports and the manifest are written; run the same command again to record the contracts\n";
      return false;
    }
    return true;
  }

  /// What the console says at the end: the counts, the money per currency, where the files
  /// are, and every failed contract's message.
  void print_summary() {
    contract_plan& plan = *plan_rows;
    if (o.progress != progress_mode::quiet) {
      double elapsed = std::chrono::duration<double>(clock_type::now() - started).count();
      out << plan.size() << " contracts" << (o.shard.count > 1 ? " in shard " + std::to_string(o.shard.index) + "/" +
                                                                     std::to_string(o.shard.count)
                                                               : std::string())
          << ": " << plan.size() - failed - reused << " run, " << reused << " unchanged, " << failed << " failed, in "
          << duration_text(elapsed) << "\n";
      for (auto& [currency, t] : money)
        out << "  " << currency << ": " << t[3] << " of " << t[2] << " contracts breached; provider credits "
            << engine::money_text(t[0], currency) << ", customer owes (late payment) " << engine::money_text(t[1], currency)
            << "\n";
      out << "reports in " << shown_out << "/; manifest " << manifest_shown << "\n";
      for (auto& p : result.portfolio) out << "portfolio " << shown_out << "/" << p.path << "\n";
      if (recorder && !ledger_failed)
        out << "ledger " << record_path << " (run " << *run_id << (shard_book ? "; merge records it in " + ledger::shown(o.ledger_path) : "")
            << ")\n";
    }
    if (failed) {
      err << failed << " of " << plan.size() << " contracts failed:\n";
      for (auto& [k, place] : shown_error) {
        try {
          err << "\n" << spool->read(place);
        } catch (const std::exception& x) {
          err << "\n" << plan.shown(k) << ": (its message is lost: " << x.what() << ")\n";
        }
      }
    }
  }

  batch_options o;
  std::ostream& out;
  std::ostream& err;
  std::string label, manifest_path_name, manifest_path, manifest_shown;
  std::string shown_out;  ///< --out as the user gave it (o.out_dir reaches it through `anchor`)

  // The folder's lock, exclusive for a whole batch and shared among the shards of one; a
  // shard also holds its own, so that one shard does not run twice at once.
  std::optional<io::folder_lock> one_writer, one_shard;
  // From take_output on, --out is reached through the folder opened then: renamed or swapped
  // for a link while the batch runs, the files still go into the folder it was.
  std::optional<io::anchored_folder> anchor;

  std::unique_ptr<ledger::book> book;        ///< --ledger: earlier months of yearly caps
  std::unique_ptr<ledger::book> shard_book;  ///< a shard's own, beside its manifest
  std::string record_path;
  ledger::book* recorder = nullptr;  ///< where this run is recorded (book or shard_book), if anywhere
  std::optional<std::int64_t> run_id;
  bool ledger_failed = false;
  std::vector<contract_entry> to_record;  ///< done since the last checkpoint, for the ledger

  std::unique_ptr<contract_plan> plan_rows;
  // The rare things a contract's row has no room for: the ledger's error for a yearly cap,
  // the earlier contract whose id it shares.
  std::map<std::size_t, std::string> duplicate_of;

  std::unique_ptr<text_file> spool;  ///< this run's entries as they settle
  std::unique_ptr<text_file> earlier_file;
  bool reusable = false;
  manifest earlier_head;
  std::vector<std::pair<std::string, text_place>> gone;  ///< entries of contracts not planned now
  std::map<std::string, std::vector<superseded_report>> earlier_removed;

  manifest result;
  std::vector<bool> done;

  std::mutex lock;  ///< guards done, to_record, the counters, the totals and the output streams
  // One checkpoint at a time, outside `lock`: writing the ledger and the manifest (a second's
  // worth of contracts, a manifest that grows with the plan) took 5 s of a 1,000-contract
  // batch, while the other workers waited for `lock` to say they were done. Guards the ledger,
  // ledger_failed and checkpoint_failed while workers run.
  std::mutex checkpointing;
  std::size_t finished = 0, failed = 0, reused = 0;
  clock_type::time_point started, last_checkpoint;
  std::size_t since_checkpoint = 0;
  // The last checkpoint's time: the next waits ten times as long from its start. A manifest
  // of 100,000 contracts is 340 MB; rewritten every second, the checkpoints stalled the batch.
  clock_type::duration checkpoint_cost{};
  // Often enough that a kill loses little, rarely enough that rewriting the manifest (its
  // size grows with the plan) stays a small part of the work.
  std::size_t checkpoint_every = 8;
  // A checkpoint that cannot write the manifest is said once, at the end: the next ones
  // would fail for the same reason (a full disk fails every checkpoint of the run).
  bool checkpoint_failed = false;
  std::string checkpoint_why;

  // What the end of the run says, added up as contracts settle: the money per currency
  // (provider, customer, contracts, breached: amounts in two currencies never add up), the
  // reports not written, the failed contracts' messages (in the scratch file, by contract).
  std::map<std::string, std::array<std::int64_t, 4>> money;
  std::map<std::size_t, std::string> unwritten;  ///< by contract, said in the plan's order
  std::map<std::size_t, text_place> shown_error;
  // The scratch file failing (a full disk): every entry from then on is lost, so the run
  // ends without a manifest, saying why.
  std::string spool_failed;
};

}  // namespace

int run_batch(const batch_options& given, std::ostream& out, std::ostream& err) {
  return month_end_run(given, out, err).run();
}

std::string default_ledger_path(const std::string& out_dir) {
  std::error_code ec;
  fs::path out = fs::path(out_dir).lexically_normal();
  if (out.filename().empty()) out = out.parent_path();
  fs::path parent = out.parent_path();
  if (parent.empty()) parent = fs::absolute(out, ec).parent_path();
  return (parent / "ledger.sqlite").string();
}

int merge_shards(const std::vector<std::string>& dirs, const std::string& out_dir, const reports::texts& t,
                 const std::string& ledger_path, bool wait, std::ostream& out, std::ostream& err) {
  // Every shard manifest in the folders, each shard exactly once, all of one run's settings.
  // Each is read in place, entry by entry (a shard of 100,000 contracts' manifest is 340 MB
  // of text): what is kept is a file name and a place per contract.
  struct shard {
    std::string dir, path;
    manifest head;
    std::unique_ptr<text_file> file;
  };
  struct place_of {
    std::string file;
    std::uint32_t shard;
    text_place place;
  };
  std::vector<shard> shards;
  std::vector<place_of> entries;
  std::error_code ec;
  std::vector<std::pair<std::string, std::string>> manifests;  // folder, name
  for (auto& dir : dirs) {
    if (!fs::is_directory(dir, ec)) {
      err << dir << ": error: not a folder\n";
      return exit_usage;
    }
    std::vector<std::string> names;
    for (auto& e : fs::directory_iterator(dir, ec)) {
      std::string name = e.path().filename().string();
      if (name.rfind("manifest.shard-", 0) == 0 && name.size() > 5 && name.substr(name.size() - 5) == ".json")
        names.push_back(name);
    }
    std::sort(names.begin(), names.end());
    for (auto& name : names) manifests.emplace_back(dir, name);
  }
  if (manifests.empty()) {
    err << "slaudit merge: no shard manifest (manifest.shard-I-of-N.json) in ";
    for (auto& d : dirs) err << d << (&d == &dirs.back() ? "\n" : ", ");
    return exit_usage;
  }
  fs::create_directories(out_dir, ec);
  // One writer in the folder: shards still running there (they hold its lock shared), a
  // batch, or another merge are waited for (--wait), or said and nothing is merged.
  std::string why;
  auto one_writer = io::folder_lock::take(out_dir, ".slaudit.lock", false, wait, why, &err);
  if (!one_writer) {
    err << out_dir << ": error: " << why << "; nothing was merged (merge once every shard has finished)\n";
    return exit_usage;
  }
  // Written through the folder opened now, as the batch writes (a rename or a link swapped
  // in meanwhile cannot redirect a file); named as given in messages and the manifest.
  auto anchor = io::anchored_folder::open(out_dir, why);
  if (!anchor) {
    err << out_dir << ": error: cannot open the output folder: " << why << "; nothing was merged\n";
    return exit_output;
  }
  const std::string reach = anchor->reach();
  for (auto& [dir, name] : manifests) {
    shard s{dir, dir + "/" + name, {}, nullptr};
    why.clear();
    std::vector<place_of> found;
    auto scan = [&] {
      found.clear();
      try {
        return scan_manifest(
            *s.file, s.head,
            [&](std::string file, text_place place) {
              found.push_back({std::move(file), static_cast<std::uint32_t>(shards.size()), place});
            },
            why);
      } catch (const std::exception& x) {
        why = x.what();
        return false;
      }
    };
    s.file = text_file::existing(s.path, why);
    bool read = s.file && scan();
    if (s.file && !read) {
      if (auto copy = in_slaudit_layout(s.path, reach, why)) {
        s.file = std::move(copy);
        read = scan();
      }
    }
    if (!read) {
      err << s.path << ": error: not a manifest: " << why << "\n";
      return exit_usage;
    }
    std::move(found.begin(), found.end(), std::back_inserter(entries));
    shards.push_back(std::move(s));
  }
  const manifest& first = shards.front().head;
  std::vector<int> seen(first.shard_count, 0);
  for (auto& s : shards) {
    const manifest& m = s.head;
    if (m.period != first.period || m.settings != first.settings || m.version != first.version ||
        m.shard_count != first.shard_count) {
      err << s.dir << "/" << manifest_name(m.shard_index, m.shard_count) << ": error: shard of another run (period "
          << m.period << ", " << m.shard_count << " shards, settings " << m.settings.substr(0, 12) << ") than "
          << shards.front().dir << "/" << manifest_name(first.shard_index, first.shard_count) << " (period "
          << first.period << ", " << first.shard_count << " shards, settings " << first.settings.substr(0, 12) << ")\n";
      return exit_usage;
    }
    ++seen[m.shard_index];
  }
  for (std::uint32_t k = 0; k < first.shard_count; ++k)
    if (seen[k] != 1) {
      err << "slaudit merge: error: shard " << k << " of " << first.shard_count << (seen[k] ? " is there more than once" : " is missing")
          << "; each shard's manifest must be there once\n";
      return exit_usage;
    }

  manifest merged;
  merged.version = first.version;
  merged.period = first.period;
  merged.settings = first.settings;
  // Paths relative to the merged manifest's folder, as each shard's were to its own.
  auto rebase = [&](const std::string& dir, std::string& path) { path = relative_to(dir + "/" + path, out_dir); };
  for (auto& s : shards)
    for (auto r : s.head.removed) {
      for (auto& x : r.superseded) rebase(s.dir, x.path);
      merged.removed.push_back(std::move(r));
    }
  std::sort(merged.removed.begin(), merged.removed.end(), [](auto& a, auto& b) { return a.file < b.file; });
  std::stable_sort(entries.begin(), entries.end(), [](auto& a, auto& b) { return a.file < b.file; });
  for (std::size_t k = 1; k < entries.size(); ++k)
    if (entries[k].file == entries[k - 1].file) {
      err << "slaudit merge: error: " << entries[k].file << " is in two shards\n";
      return exit_usage;
    }

  // The merged entries (paths rebased) in a scratch file, in order, read back as needed.
  auto spool = text_file::scratch(reach, why);
  if (!spool) {
    err << out_dir << ": error: " << anchor->shown_text(why) << "; nothing was merged\n";
    return exit_output;
  }
  std::vector<text_place> merged_places;
  merged_places.reserve(entries.size());
  std::size_t failed = 0;
  try {
    for (auto& en : entries) {
      const shard& s = shards[en.shard];
      auto e = parse_manifest_entry(s.file->read(en.place), why);
      if (!e) {
        err << s.path << ": error: the entry of " << en.file << " is not read: " << why << "\n";
        return exit_usage;
      }
      for (auto& o : e->outputs) rebase(s.dir, o.path);
      for (auto& x : e->superseded) rebase(s.dir, x.path);
      failed += e->status == entry_status::failed;
      merged_places.push_back(spool->append(manifest_entry_json(*e)));
    }
  } catch (const std::exception& x) {
    err << out_dir << ": error: " << x.what() << "; nothing was merged\n";
    return exit_output;
  }
  std::vector<place_of>().swap(entries);
  auto entry_at = [&](std::size_t k) {
    std::string ignored;
    auto e = parse_manifest_entry(spool->read(merged_places[k]), ignored);
    if (!e) throw std::runtime_error("a merged entry is not read back: " + ignored);
    return std::move(*e);
  };
  contract_walk walk = [&](const std::function<void(const contract_entry&)>& visit) {
    for (std::size_t k = 0; k < merged_places.size(); ++k) visit(entry_at(k));
  };
  // The shards wrote the same formats: the first contract with reports tells whether they
  // include HTML pages.
  try {
    bool html = false;
    for (std::size_t k = 0; k < merged_places.size(); ++k)
      if (auto e = entry_at(k); !e.outputs.empty()) {
        html = html_page(e) != nullptr;
        break;
      }
    if (auto f = write_portfolio(merged, walk, reach, t, merged.portfolio, html)) {
      err << anchor->shown_text(f->message);
      return exit_output;
    }
  } catch (const std::exception& x) {
    err << out_dir << "/portfolio-" << merged.period << ": error: cannot write the portfolio summary: "
        << anchor->shown_text(x.what()) << "\n";
    return exit_output;
  }
  std::string path = out_dir + "/manifest.json";
  bool written = false;
  try {
    written = io::write_file_streamed(
        reach + "/manifest.json",
        [&](const std::function<void(std::string_view)>& put) {
          write_manifest(merged, merged_places.size(), [&](std::size_t k) { return spool->read(merged_places[k]); },
                         put);
        },
        why);
  } catch (const std::exception& x) {
    why = x.what();
  }
  if (!written) {
    err << path << ": error: cannot write the manifest: " << anchor->shown_text(why) << "\n";
    return exit_output;
  }
  out << "merged " << shards.size() << " shards: " << merged_places.size() << " contracts, " << failed << " failed\n"
      << "manifest " << path << "\n";
  for (auto& p : merged.portfolio) out << "portfolio " << out_dir << "/" << p.path << "\n";
  if (!ledger_path.empty()) {
    // The shards' figures from their own ledgers, the statuses from their manifests.
    auto book = ledger::book::open(ledger_path, true, why);
    auto run = book ? book->begin_run(merged.period, "merge", out_dir, merged.version, merged.settings, ledger::utc_now_text(), why)
                    : std::nullopt;
    if (!run) {
      err << ledger::shown(ledger_path) << ": error: cannot record the run in the ledger: " << why << "\n";
      return exit_output;
    }
    const std::int64_t run_id = *run;
    bool ok = true;
    for (auto& s : shards) {
      if (!ok) break;
      std::string shard_path = s.dir + "/" + shard_ledger_name(s.head.shard_index, s.head.shard_count);
      if (!fs::exists(shard_path, ec)) {
        why = shard_path + " is missing (was the shard run with --no-ledger?); merge --no-ledger leaves the ledger out";
        ok = false;
      } else {
        ok = book->import_figures(shard_path, merged.period, run_id, why);
      }
    }
    // The statuses, a few hundred contracts at a time.
    try {
      std::vector<contract_entry> some;
      for (std::size_t k = 0; ok && k < merged_places.size(); ++k) {
        some.push_back(entry_at(k));
        if (some.size() == 256 || k + 1 == merged_places.size()) {
          ok = book->record(run_id, merged.period, some, false, why);
          some.clear();
        }
      }
    } catch (const std::exception& x) {
      why = x.what();
      ok = false;
    }
    ok = ok && book->finish_run(run_id, merged_places.size(), failed, why);
    if (!ok) {
      err << ledger::shown(ledger_path) << ": error: cannot record the run in the ledger: " << why << "\n";
      return exit_output;
    }
    out << "ledger " << ledger::shown(ledger_path) << " (run " << run_id << ")\n";
  }
  return failed ? exit_input : 0;
}

}  // namespace slaudit::batch
