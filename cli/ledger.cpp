// `slaudit ledger verify`: the ledger's chain of runs and every month's figures checked;
// `slaudit ledger export` / `import`: a whole ledger copied into a new one (SQLite ⇄ PostgreSQL).
#include "cli/commands.hpp"

#include <filesystem>
#include <ostream>

#include "io/exit_codes.hpp"
#include "ledger/ledger.hpp"
#include "reports/json.hpp"

namespace slaudit::cli {

namespace {

/// The check as JSON: every finding (the text output shows the first 20).
std::string ledger_check_json(const std::string& path, const ledger::ledger_check& check) {
  reports::json_writer w;
  auto run_or_null = [&](std::int64_t run) { run ? w.num(run) : w.null(); };
  auto findings = [&](const char* name, const std::vector<ledger::ledger_finding>& list) {
    w.key(name).array();
    for (auto& f : list) {
      w.object();
      w.key("run");
      run_or_null(f.run_id);
      w.key("text").str(f.text);
      w.close('}');
    }
    w.close(']');
  };
  w.object();
  w.key("ledger").str(path);
  w.key("sealed_schema").boolean(check.sealed_schema);
  w.key("intact").boolean(check.intact());
  w.key("runs").num(static_cast<std::int64_t>(check.runs));
  w.key("sealed").num(static_cast<std::int64_t>(check.sealed));
  w.key("contract_months").num(static_cast<std::int64_t>(check.figures));
  w.key("head_run");
  run_or_null(check.head_run);
  check.head.empty() ? w.key("head_sha256").null() : w.key("head_sha256").str(check.head);
  w.key("first_bad_run");
  run_or_null(check.intact() ? 0 : check.problems.front().run_id);
  findings("problems", check.problems);
  findings("notes", check.notes);
  w.close('}');
  return w.out + "\n";
}

}  // namespace

int ledger_command(const command_line& cl, std::ostream& out, std::ostream& err) {
  auto usage = [&](const std::string& message) { return usage_error(cl.command, message, err); };
  std::string format = cl.value("--format", "text");
  if (format != "text" && format != "json") return usage("--format takes text or json, not '" + format + "'");
  bool json = format == "json";
  const auto& files = cl.words;
  if (files.size() != 1) return usage("give verify one FILE");
  const std::string& where = files.front();
  std::string path = ledger::shown(where), why;
  auto book = ledger::book::inspect(where, why);
  if (!book) {
    err << path << ": error: cannot read the ledger: " << why << "\n";
    return exit_usage;
  }
  auto check = book->verify();
  if (json) {
    out << ledger_check_json(path, check);
    return check.intact() ? 0 : 1;
  }
  if (!check.sealed_schema && check.intact()) {
    for (auto& n : check.notes) out << path << ": note: " << n.text << "\n";
    out << path << ": not checked: a ledger of schema 1 holds no seals\n";
    return 0;
  }
  out << path << ": " << check.runs << (check.runs == 1 ? " run, " : " runs, ") << check.sealed << " sealed, "
      << check.figures << " contract-months of figures\n";
  for (auto& n : check.notes) out << path << ": note: " << n.text << "\n";
  // A ledger edited throughout would print a line per month: the first ones say enough.
  constexpr std::size_t shown = 20;
  for (std::size_t k = 0; k < check.problems.size() && k < shown; ++k)
    out << path << ": error: " << check.problems[k].text << "\n";
  if (check.problems.size() > shown)
    out << path << ": … and " << check.problems.size() - shown << " more problems\n";
  if (check.intact()) {
    out << path << ": intact"
        << (check.head_run ? "; the chain ends at run " + std::to_string(check.head_run) + ", sha256 " + check.head
                           : std::string())
        << "\n";
    return 0;
  }
  auto first = check.problems.front().run_id;
  out << path << ": not usable: "
      << (first ? "the first bad run is run " + std::to_string(first) + "; restore the ledger from a backup taken before it"
                : std::string("restore the ledger from a backup"))
      << ", or start a new one with --ledger NEW and run the months again\n";
  return 1;
}

int ledger_migrate_command(const command_line& cl, std::ostream& out, std::ostream& err) {
  if (cl.words.size() != 1) return usage_error(cl.command, "give one LEDGER", err);
  const std::string& where = cl.words.front();
  std::string why;
  auto book = ledger::book::open(where, true, why);
  if (!book) {
    err << ledger::shown(where) << ": error: " << why << "\n";
    return why.find("changed or damaged") != std::string::npos ? 1 : exit_usage;
  }
  auto check = book->verify();
  out << book->path() << ": ledger schema " << ledger::ledger_schema_version << ", " << check.runs
      << (check.runs == 1 ? " run, " : " runs, ") << check.figures << " contract-months of figures, intact\n";
  return 0;
}

int ledger_copy_command(const command_line& cl, std::ostream& out, std::ostream& err) {
  auto usage = [&](const std::string& message) { return usage_error(cl.command, message, err); };
  bool exporting = cl.command == "ledger export";
  if (cl.words.size() != 1) return usage(std::string("give one LEDGER, and the other with ") + (exporting ? "--to" : "--from"));
  std::string from = exporting ? cl.words.front() : cl.value("--from");
  std::string to = exporting ? cl.value("--to") : cl.words.front();
  if (from == to) return usage("the ledger and its copy are the same: " + from);
  std::string why;
  auto source = ledger::book::open(from, false, why);
  if (!source) {
    err << ledger::shown(from) << ": error: cannot read the ledger: " << why << "\n";
    return exit_usage;
  }
  namespace fs = std::filesystem;
  std::error_code ec;
  bool is_file = !ledger::is_database_url(to);
  bool created = is_file && !fs::exists(to, ec);
  auto target = ledger::book::open(to, true, why);
  if (!target) {
    err << ledger::shown(to) << ": error: cannot open the ledger to copy into: " << why << "\n";
    return exit_usage;
  }
  bool copied = source->copy_to(*target, why);
  std::string target_shown = target->path();
  target.reset();
  if (!copied) {
    // A file this command created holds nothing but the schema: it goes, not an empty ledger.
    if (created) {
      for (const char* tail : {"", "-wal", "-shm"}) fs::remove(to + tail, ec);
    }
    err << target_shown << ": error: nothing copied from " << source->path() << ": " << why << "\n";
    return 1;
  }
  auto check = source->verify();
  out << source->path() << " -> " << target_shown << ": " << check.runs << (check.runs == 1 ? " run, " : " runs, ") << check.figures
      << " contract-months of figures copied and verified"
      << (check.head_run ? "; the chain ends at run " + std::to_string(check.head_run) + ", sha256 " + check.head
                         : std::string())
      << "\n";
  return 0;
}

}  // namespace slaudit::cli
