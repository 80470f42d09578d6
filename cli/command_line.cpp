// Every command's options in one table, read through CLI11: `--opt value` and `--opt=value`,
// -h/--help on every command, an unknown option answered with the nearest one, and one usage
// text per command made from the same definitions. The values are checked by the commands
// (cli/prepare.cpp and the command files), which know what a period or a format is.
#include "cli/command_line.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <ostream>

#include "grammar/suggest.hpp"

namespace slaudit::cli {
namespace {

struct option_def {
  const char* name;   ///< "--contract"
  const char* value;  ///< what the value is, as the help shows it ("FILE.sla"); nullptr: a flag
  const char* help;
  bool required = false;
};

struct command_def {
  const char* name;       ///< "run", "ledger verify"
  const char* summary;    ///< one line, in `slaudit --help` and at the head of the command's help
  const char* words;      ///< the arguments that are not options ("FILE|DIR...", "FILE"); nullptr: none
  std::vector<option_def> options;
  const char* footer;     ///< what the options do not say: defaults, exit codes, docs
};

// Options several commands share, written once.
const option_def lang{"--lang", "zh|en", "the reports' language (default zh)"};
const option_def templates{"--templates", "DIR", "DIR/zh-CN.txt or DIR/en.txt: report texts to change"};
const option_def formats{"--format", "LIST", "the reports to write, any of json,xlsx,pdf,html (default json,xlsx,pdf)"};
const option_def review_formats{"--format", "LIST", "the reports to write, any of json,xlsx,pdf (default all three)"};
const option_def wait{"--wait", nullptr, "wait for another run writing the --out folder (else exit 2 at once)"};

std::vector<option_def> history_options() {
  return {
      {"--encoding", "NAME", "the history's text: auto (default), utf-8, gb18030 (gbk), windows-1252 (latin1), utf-16"},
      {"--profile", "NAME", "the export's layout, e.g. servicenow-eventlog (default: slaudit's own files)"},
      {"--service", "ID", "the service an export's records belong to, when it names none"},
      {"--time-format", "COLUMN=PATTERN", "how a column writes its times, e.g. occurred=\"dd-mm-yyyy HH:MM\"; repeatable"},
      {"--skip-bad-rows", nullptr, "skip rows that cannot be read, each listed in the reports (else: exit 3)"},
      {"--earlier-credits", "AMOUNT", "a yearly cap's earlier months as you state them (provider credits, e.g. 95000.00)"},
  };
}

std::vector<option_def> joined(std::vector<option_def> a, const std::vector<option_def>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

const std::vector<command_def>& commands() {
  static const std::vector<command_def> all = {
      {"check", "parse and validate SLA contracts; report every problem as file:line:col", "FILE|DIR...",
       {{"--format", "text|json|sarif|github", "how to report the problems (default text)"},
        {"--strict", nullptr, "warnings fail the check too"},
        {"--resolved", nullptr, "print the contract with the terms it extends merged in (one FILE; problems on stderr)"},
        {"--information-uri", "URI", "SARIF: where to learn about this slaudit, e.g. its repository (default: the build's)"}},
       "a DIR means every *.sla below it\n"
       "exit: 0 clean (warnings allowed), 1 errors (or warnings with --strict), 2 usage error or unreadable file"},
      {"fmt", "rewrite contracts in canonical layout, keeping comments", "FILE|DIR...",
       {{"--check", nullptr, "list the files that would change, write nothing; exit 1 if there are any"},
        {"--stdout", nullptr, "print the formatted contracts instead of rewriting them"}},
       "exit: 0 done, 1 syntax errors (or, with --check, files that would change), 2 unreadable or unwritable file"},
      {"run", "replay a period's history against the contract; write the reports", nullptr,
       joined({{"--contract", "FILE.sla", "the contract", true},
               {"--history", "DIR", "the period's history: incidents.csv and the other files (docs/history.md)", true},
               {"--period", "2026-10", "the month", true},
               {"--out", "DIR", "where the reports go", true},
               formats, lang, templates,
               {"--ledger", "LEDGER", "the ledger (a file or postgresql://…): a yearly cap's earlier months, and the run recorded there"},
               wait},
              history_options()),
       "a yearly cap takes the contract year's earlier months from the ledger (and the run is\n"
       "recorded there), or their provider credits as you state them with --earlier-credits;\n"
       "a month with earlier months in its contract year needs one of the two\n"
       "exit: 0 done, 2 usage, 3 input data error, 4 output not written (docs/results-json.md)"},
      {"explain", "the same replay as run, printed as a readable trail of every figure", nullptr,
       joined({{"--contract", "FILE.sla", "the contract", true},
               {"--history", "DIR", "the period's history", true},
               {"--period", "2026-10", "the month", true},
               {"--incident", "ID", "only the figures this incident or ticket drives"},
               {"--penalty", "NAME", "only this penalty's lines"},
               {"--ledger", "LEDGER", "the ledger (a file or postgresql://…), read for a yearly cap's earlier months"}},
              history_options()),
       "exit: 0 done, 2 usage (or an --incident or --penalty that is not there), 3 input data error"},
      {"batch", "the month-end batch: every contract, its reports, manifest.json, the portfolio summary", nullptr,
       joined({{"--period", "2026-10", "the month", true},
               {"--contracts", "DIR", "every *.sla below it", true},
               {"--history", "DIR", "<DIR>/<contract id or file name>[/<period>] per contract", true},
               {"--out", "DIR", "where the reports, the manifest and the portfolio go", true},
               {"--jobs", "N", "threads (default: the cores)"},
               {"--shard", "I/N", "take share I (0-based) of N; default from a Kubernetes Indexed Job or a Slurm array"},
               {"--quiet", nullptr, "no progress on stderr"},
               wait,
               {"--ledger", "LEDGER", "the ledger: a SQLite file (default: ledger.sqlite beside the --out folder) or postgresql://…"},
               {"--no-ledger", nullptr, "neither read nor record a ledger"},
               formats, lang, templates},
              history_options()),
       "a rerun redoes only what changed; a sharded run writes manifest.shard-I-of-N.json and is\n"
       "recorded in the ledger by merge (docs/batch.md, docs/ledger.md)\n"
       "one batch or run writes an --out folder at a time (a lock, .slaudit.lock): another exits 2\n"
       "naming the one at work, or with --wait waits for it\n"
       "exit: 0 all done, 2 usage or --out in use, 3 some contracts failed (listed at the end), 4 output not written"},
      {"merge", "combine the shards' manifests into one manifest and the portfolio summary", "SHARD-OUT-DIR...",
       {{"--out", "DIR", "where the manifest and the portfolio go (default: the first folder)"},
        lang, templates,
        {"--ledger", "LEDGER", "the ledger the run is recorded in (default: ledger.sqlite beside the --out folder)"},
        {"--no-ledger", nullptr, "record no ledger"},
        wait},
       "exit: 0 done, 3 some contracts failed in a shard (listed in the manifest), 2 usage or\n"
       "shards that do not fit together, 4 output not written"},
      {"report", "the service review of a quarter or a year from the ledger", nullptr,
       {{"--quarter", "2026Q4", "the quarter"},
        {"--year", "2026", "the year"},
        {"--out", "DIR", "where review-<period>.json/.xlsx/.pdf go", true},
        {"--ledger", "LEDGER", "the ledger: a SQLite file (default: ledger.sqlite beside the --out folder) or postgresql://…"},
        {"--contract", "ID", "only this contract; repeatable"},
        review_formats, lang, templates},
       "each month's verdict, breaches and money per contract, each service's availability month by\n"
       "month and over the period, the penalty lines, trend charts (docs/ledger.md)\n"
       "exit: 0 done, 2 usage, 3 no ledger or nothing recorded for the period, 4 output not written"},
      {"ledger verify", "check the ledger's chain of runs and every month's figures", "LEDGER",
       {{"--format", "text|json", "the findings as text (the first 20) or as one JSON document (every one)"}},
       "LEDGER: a SQLite file, or postgresql://HOST/DB?… or postgres:SERVICE (credentials from PGPASSWORD,\n"
       "~/.pgpass or the service file, never in LEDGER). Checks the storage (a file's quick_check), the\n"
       "chain of sealed runs, and every month's figures against their digest and the run that recorded\n"
       "them; names the first bad run\n"
       "exit: 0 intact, 1 changed or damaged, 2 usage or not a ledger (docs/ledger.md)"},
      {"ledger migrate", "create a ledger, or bring it to this build's schema, and verify it", "LEDGER",
       {},
       "what a run would do on opening the ledger, alone: for a team's PostgreSQL database its owner\n"
       "runs it once (and after an upgrade of slaudit), so that the batch and review roles need no\n"
       "right to create tables (docs/ledger.md)\n"
       "exit: 0 ready, 1 changed or damaged, 2 usage or not a ledger"},
      {"ledger export", "copy a whole ledger into a new one: SQLite to PostgreSQL, or back", "LEDGER",
       {{"--to", "LEDGER", "the new ledger: a new file, or a ledger (file or database) that holds no runs yet", true}},
       "every run keeps its number and seal, every figure its digest; the copy is verified before it is\n"
       "committed (the same chain head), then `ledger verify` passes on both (docs/ledger.md)\n"
       "exit: 0 copied, 1 not copied (nothing written to the target), 2 usage or not a ledger"},
      {"ledger import", "copy a whole ledger into this one, which holds no runs yet", "LEDGER",
       {{"--from", "LEDGER", "the ledger to copy: a SQLite file, or postgresql://… / postgres:SERVICE", true}},
       "the same copy as `ledger export`, named from the side of the ledger that receives it\n"
       "exit: 0 copied, 1 not copied (nothing written to the target), 2 usage or not a ledger"},
      {"whatif", "replay one history under two contracts, month by month, and show the difference", nullptr,
       joined({{"--contract", "FILE.sla", "A, then B: give it twice", true},
               {"--history", "DIR", "the history: every month of the range in one folder (docs/history.md)", true},
               {"--period", "2026-07", "the month, or the range's first", true},
               {"--through", "2026-09", "the range's last month"},
               {"--out", "DIR", "also write whatif-<A>-<B>-<range>.json and .xlsx there"},
               lang, templates},
              history_options()),
       "per month and penalty line, the money under A and under B and B − A, with each service's\n"
       "availability verdict and the breaches; the workbook's differences and totals are formulas\n"
       "a yearly cap counts the range's own earlier months: start the range at the contract year\n"
       "(docs/whatif.md)\n"
       "exit: 0 done, 2 usage, 3 a contract or the history has errors, 4 output not written"},
      {"diff", "list every figure that changed between two runs of a month", "OLD.json NEW.json",
       {{"--format", "text|json", "the changes as text or as one JSON document"},
        {"--ledger", "LEDGER", "compare two runs of a month in the ledger instead (with --contract and --period)"},
        {"--contract", "ID", "the contract, in the ledger"},
        {"--period", "2026-10", "the month, in the ledger"},
        {"--run", "N", "a run of the month: the older, then the newer (default: the one before the run in use, and it)"}},
       "compares two results documents (the .json report of run or batch), or two runs of a month the\n"
       "ledger keeps: each changed figure with both values and the input or term that made it change\n"
       "(docs/diff.md)\n"
       "exit: 0 no figure changed, 1 some did, 2 usage or a file that is not a results document"},
      {"lsp", "a language server for editors, on stdin and stdout", nullptr,
       {{"--stdio", nullptr, "talk on stdin and stdout (what it does anyway; for clients that pass it)"}},
       "the Language Server Protocol over JSON-RPC: diagnostics as check gives them, formatting,\n"
       "hover, go to definition, document symbols, completion (docs/editors.md)\n"
       "exit: 0 after shutdown and exit, 1 when the input ends first"},
      {"version", "print slaudit's version", nullptr, {}, ""},
  };
  return all;
}

/// "usage: slaudit run --contract FILE.sla --history DIR --period 2026-10 --out DIR [OPTIONS]":
/// the required options first, as a reader types them.
std::string usage_line(const command_def& c) {
  std::string line = std::string("usage: slaudit ") + c.name;
  bool optional = false;
  for (auto& o : c.options) {
    if (o.required) line += std::string(" ") + o.name + " " + o.value;
    else optional = true;
  }
  if (optional) line += " [OPTIONS]";
  if (c.words) line += std::string(" ") + c.words;
  return line;
}

/// CLI11's help with our usage line at its head, its options as CLI11 lists them.
class formatter : public CLI::Formatter {
 public:
  explicit formatter(const command_def& c) : command_(c) {}
  std::string make_usage(const CLI::App*, std::string) const override { return usage_line(command_) + "\n"; }
  // The usage line names the arguments that are not options; the summary and footer say what they are.
  std::string make_positionals(const CLI::App*) const override { return {}; }

 private:
  const command_def& command_;
};

const command_def* find_command(const std::string& name) {
  for (auto& c : commands())
    if (name == c.name) return &c;
  return nullptr;
}

std::string top_help() {
  std::string text = "usage: slaudit <command> [options] [FILE...]\n\ncommands:\n";
  for (auto& c : commands()) {
    std::string name = c.name;
    text += "  " + name + std::string(name.size() < 16 ? 16 - name.size() : 2, ' ') + c.summary + "\n";
  }
  text +=
      "\n'slaudit <command> --help' lists a command's options.\n"
      "docs: docs/dsl.md (the language and every diagnostic code), docs/batch.md (the batch),\n"
      "      docs/ledger.md (the ledger and the reviews)\n";
  return text;
}

int top_usage_error(const std::string& message, std::ostream& err) {
  err << "slaudit: " << message << "\n" << top_help();
  return 2;
}

/// The option given as `word` ("--fromat=json" → "--fromat") and the nearest defined name.
std::string unknown_option(const command_def& c, const std::string& word) {
  std::string name = word.substr(0, word.find('='));
  std::vector<std::string> names = {"--help"};
  for (auto& o : c.options) names.push_back(o.name);
  std::string guess = grammar::did_you_mean(name, names);
  if (!guess.empty()) return "unknown option '" + name + "'; did you mean '" + guess + "'?";
  // An option of another command: say whose it is ("batch --incident": explain's).
  std::string owners;
  for (auto& other : commands())
    for (auto& o : other.options)
      if (name == o.name) owners += std::string(owners.empty() ? "" : ", ") + other.name;
  return "unknown option '" + name + "'" + (owners.empty() ? "" : " (" + owners + " takes it)");
}

/// The required options not given, as one message: "--history and --period are required".
std::string missing_required(const command_def& c, const CLI::App& app) {
  std::vector<std::string> missing;
  for (auto& o : c.options)
    if (o.required && app.get_option(o.name)->count() == 0) missing.push_back(o.name);
  std::string text;
  for (std::size_t i = 0; i < missing.size(); ++i)
    text += (i == 0 ? "" : i + 1 == missing.size() ? " and " : ", ") + missing[i];
  return text + (missing.size() == 1 ? " is required" : " are required");
}

}  // namespace

int usage_error(const std::string& command, const std::string& message, std::ostream& err) {
  err << "slaudit " << command << ": " << message << "\n";
  if (auto* c = find_command(command))
    err << usage_line(*c) << "\n"
        << "'slaudit " << command << " --help' lists every option\n";
  return 2;
}

std::optional<int> read_command_line(int argc, const char* const* argv, command_line& cl, std::ostream& out,
                                     std::ostream& err) {
  if (argc < 2) return top_usage_error("no command given", err);
  std::string first = argv[1];
  if (first == "--help" || first == "-h" || first == "help") {
    out << top_help();
    return 0;
  }
  if (first == "--version") first = "version";
  int used = 2;  // argv[0] and the command's words
  if (first == "ledger") {
    if (argc < 3 || std::string(argv[2]) == "--help" || std::string(argv[2]) == "-h") {
      if (argc >= 3) {
        out << "usage: slaudit ledger verify|migrate|export|import [OPTIONS] LEDGER\n";
        for (const char* sub : {"verify", "migrate", "export", "import"})
          out << "  " << sub << std::string(9 - std::string(sub).size(), ' ')
              << find_command(std::string("ledger ") + sub)->summary << "\n";
        out << "'slaudit ledger verify --help' (or migrate, export, import) lists its options\n";
        return 0;
      }
      return usage_error("ledger verify", "no subcommand given: give verify, migrate, export or import", err);
    }
    std::string sub = argv[2];
    if (sub != "verify" && sub != "migrate" && sub != "export" && sub != "import")
      return usage_error("ledger verify", "unknown subcommand '" + sub + "': give verify, migrate, export or import",
                         err);
    first = "ledger " + sub;
    used = 3;
  }
  const command_def* c = find_command(first);
  if (!c) {
    std::vector<std::string> names;
    for (auto& d : commands()) names.push_back(std::string(d.name).substr(0, std::string(d.name).find(' ')));
    std::string guess = grammar::did_you_mean(first, names);
    return top_usage_error("unknown command '" + first + "'" + (guess.empty() ? "" : "; did you mean '" + guess + "'?"),
                           err);
  }
  cl.command = c->name;

  CLI::App app(c->summary, std::string("slaudit ") + c->name);
  app.formatter(std::make_shared<formatter>(*c));
  app.footer(c->footer);
  app.allow_extras();
  for (auto& o : c->options) {
    if (!o.value) {
      app.add_flag(o.name, o.help);
      continue;
    }
    auto* opt = app.add_option(o.name, o.help)->type_name(o.value)->expected(1);
    opt->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    if (o.required) opt->required();
  }
  // The arguments that are not options: named in the help by what they are.
  if (c->words) app.add_option(c->words, cl.words, "")->type_name("");

  // "--period=" says nothing: CLI11 would take the next argument as its value.
  for (int k = used; k < argc; ++k) {
    std::string_view a = argv[k];
    if (a == "--") break;
    if (a.size() > 3 && a.substr(0, 2) == "--" && a.back() == '=')
      return usage_error(c->name, std::string(a.substr(0, a.size() - 1)) + " needs a value", err);
  }
  // The command word stands in for the program's name: CLI11 skips argv's first entry.
  try {
    app.parse(argc - used + 1, argv + used - 1);
  } catch (const CLI::CallForHelp&) {
    out << app.help();
    return 0;
  } catch (const CLI::RequiredError&) {
    // Reported after the unknown options: "--contrct" is the cause of "--contract is required".
  } catch (const CLI::ArgumentMismatch& e) {
    // An option without its value: CLI11 names the option first ("--period: 1 required …").
    std::string what = e.what();
    return usage_error(c->name, what.substr(0, what.find(':')) + " needs a value", err);
  } catch (const CLI::ParseError& e) {
    return usage_error(c->name, e.what(), err);
  }
  for (auto& word : app.remaining()) {
    if (word == "--") continue;  // the end of the options, which CLI11 hands on
    if (word.size() > 1 && word[0] == '-') return usage_error(c->name, unknown_option(*c, word), err);
    return usage_error(c->name, "unexpected '" + word + "'" + (c->words ? "" : ": this command takes only options"),
                       err);
  }
  for (auto& o : c->options)
    if (o.required && app.get_option(o.name)->count() == 0) return usage_error(c->name, missing_required(*c, app), err);

  // The values, and the options again in the order given.
  std::map<std::string, std::size_t> taken;
  for (auto* opt : app.parse_order()) {
    std::string name = opt->get_name();
    if (c->words && name == c->words) continue;
    auto def = std::find_if(c->options.begin(), c->options.end(), [&](auto& o) { return name == o.name; });
    cl.given.push_back(name);
    if (def != c->options.end() && !def->value) {
      // A flag: "--quiet=no" would read as given; refused instead of guessed.
      auto& results = opt->results();
      std::size_t k = taken[name]++;
      if (k < results.size() && !results[k].empty() && results[k] != "true")
        return usage_error(c->name, name + " takes no value", err);
      cl.values[name].emplace_back();
      continue;
    }
    const std::string& v = opt->results().at(taken[name]++);
    cl.given.push_back(v);
    cl.values[name].push_back(v);
  }
  return std::nullopt;
}

}  // namespace slaudit::cli
