#include "batch/pipeline.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <map>

#include "engine/decisions.hpp"
#include "engine/load.hpp"
#include "engine/model_text.hpp"
#include "engine/money.hpp"
#include "engine/replay.hpp"
#include "grammar/suggest.hpp"
#include "history/digest.hpp"
#include "io/files.hpp"
#include "io/render.hpp"
#include "reports/html_writer.hpp"
#include "reports/json_writer.hpp"
#include "reports/pdf_writer.hpp"
#include "reports/penalty_text.hpp"
#include "reports/text_format.hpp"
#include "reports/xlsx_writer.hpp"

namespace slaudit::batch {
namespace {

/// "JSON and PDF reports": the formats of `formats` other than `except`, for a message.
std::string other_formats(const std::vector<std::string>& formats, const std::string& except) {
  std::vector<std::string> names;
  for (auto& f : formats)
    if (f != except) names.push_back(f == "json" ? "JSON" : f == "pdf" ? "PDF" : f == "html" ? "HTML page" : f);
  std::string text;
  for (std::size_t k = 0; k < names.size(); ++k) text += (k == 0 ? "" : k + 1 == names.size() ? " and " : ", ") + names[k];
  return text + (names.size() == 1 ? " report" : " reports");
}

namespace fs = std::filesystem;

/// The disk, noting every file the contract imports (calendars) with its digest.
class recording_reader : public io::disk_reader {
 public:
  std::optional<std::string> read(const std::string& path) const override {
    // Once each: an amended contract's versions import the same calendars, and must see the
    // same bytes that were hashed.
    if (auto it = cache_.find(path); it != cache_.end()) return it->second;
    auto text = disk_reader::read(path);
    if (text) read_.push_back({path, history::sha256_hex(*text)}), cache_.emplace(path, *text);
    return text;
  }
  mutable std::vector<file_digest> read_;  // filled while the contract loads, on this thread
  mutable std::map<std::string, std::string> cache_;
};

}  // namespace

std::optional<std::int64_t> source_date_epoch() {
  const char* env = std::getenv("SOURCE_DATE_EPOCH");
  if (!env || !*env) return std::nullopt;
  std::int64_t v = 0;
  for (const char* p = env; *p; ++p) {
    if (*p < '0' || *p > '9' || v > 1'000'000'000'000) return std::nullopt;
    v = v * 10 + (*p - '0');
  }
  return v;
}

std::int64_t document_time(const engine::period_result& r) { return source_date_epoch().value_or(r.bounds.to); }

std::int64_t document_time(const engine::period& p) {
  return source_date_epoch().value_or(static_cast<std::int64_t>(p.end_day()) * 86400);  // days count from 1970-01-01
}

std::optional<failure> load(const std::string& contract_path, computed& w) {
  // The contract: any error stops here, reported as `check` would.
  std::string why;
  auto text = io::read_file(contract_path, why);
  if (!text) return failure{exit_input, contract_path + ": error: cannot read the contract: " + why + "\n"};
  w.contract_sha256 = history::sha256_hex(*text);
  w.inputs = {{contract_path, w.contract_sha256}};
  grammar::source_file src(contract_path, std::move(*text));
  grammar::diagnostics diags;
  recording_reader disk;
  w.contract = engine::load_contract(src, disk, diags);
  if (!w.contract)
    return failure{exit_input, io::render_text({src, diags.sorted(), diags.dropped()}) + contract_path +
                                   ": the contract has errors; nothing was computed\n"};
  w.inputs.insert(w.inputs.end(), disk.read_.begin(), disk.read_.end());
  w.contract_inputs = w.inputs.size();
  w.zone = engine::zone::locate(w.contract->timezone);  // checked by the validator
  return std::nullopt;
}

std::optional<failure> compute(const std::string& contract_path, const std::string& history_dir,
                               const run_settings& settings, computed& w, const std::string* shown_path,
                               const earlier_credits_of* earlier) {
  if (auto f = load(contract_path, w)) return f;
  return compute_loaded(contract_path, history_dir, settings, w, shown_path, earlier);
}

std::optional<failure> compute_loaded(const std::string& contract_path, const std::string& history_dir,
                                      const run_settings& settings, computed& w, const std::string* shown_path,
                                      const earlier_credits_of* earlier_from) {
  std::string why;
  // The ledger's word on a yearly cap's earlier months, before anything else is read.
  std::optional<engine::minor_units> from_ledger;
  if (earlier_from) {
    std::string error;
    from_ledger = (*earlier_from)(*w.contract, error);
    if (!error.empty()) return failure{exit_input, error};
  }
  // --service names the contract service an export's incidents belong to: a typo is refused.
  if (const std::string& svc = settings.ingest.service; !svc.empty()) {
    std::vector<std::string> ids;
    for (auto& s : w.contract->services) ids.push_back(s.id);
    if (std::find(ids.begin(), ids.end(), svc) == ids.end()) {
      std::string list;
      for (auto& n : grammar::nearest(svc, ids)) list += (list.empty() ? "" : ", ") + n;
      return failure{exit_usage, "--service '" + svc + "': " + w.contract->id + " has no such service; nearest: " + list + "\n"};
    }
  }
  // A yearly cap needs the contract year's earlier months: from the ledger, or as the user
  // states them. Never taken for 0 (docs/rules.md, Money).
  engine::earlier_credits earlier;
  if (from_ledger) {
    earlier = {engine::earlier_source::ledger, *from_ledger};
  } else if (settings.earlier_credits) {
    auto amount = engine::decimal::parse(*settings.earlier_credits);
    auto minor = amount ? amount->at_scale(engine::minor_digits(w.contract->currency)) : std::nullopt;
    if (!minor || *minor < 0)
      return failure{exit_usage, "--earlier-credits '" + *settings.earlier_credits + "': an amount in " +
                                     w.contract->currency + " such as 95000.00\n"};
    earlier = {engine::earlier_source::user, *minor};
  }
  auto earlier_months = engine::earlier_months_of_contract_year(*w.contract, settings.period);
  auto yearly = std::find_if(w.contract->caps.begin(), w.contract->caps.end(),
                             [](auto& cap) { return cap.per == engine::period_unit::year; });
  if (yearly != w.contract->caps.end() && !earlier_months.empty() && earlier.from == engine::earlier_source::unknown)
    return failure{exit_usage, contract_path + ":" + std::to_string(yearly->where.line) + ": error: " +
                                   w.contract->id + " has a yearly cap, and the provider's credits in the earlier months "
                                   "of its contract year (" + earlier_months.front().label() + " to " +
                                   earlier_months.back().label() + ") are unknown\n"
                                   "  give them from a ledger (--ledger FILE: the ledger the runs of those months "
                                   "were recorded in)\n  or state them with --earlier-credits AMOUNT (every report "
                                   "then says they are as you stated them)\n"};
  // A period the contract's term does not reach has nothing to audit: a typo in --period, or
  // the wrong contract, never an "all targets met".
  engine::interval term = engine::term_bounds(*w.contract, *w.zone);
  engine::interval bounds = engine::period_bounds(settings.period, *w.zone);
  if (bounds.to <= term.from || bounds.from >= term.to)
    return failure{exit_usage, contract_path + ": error: " + settings.period.label() + " is outside the term of " +
                                   w.contract->id + " (" + engine::day_text(w.contract->term_first) + " .. " +
                                   engine::day_text(w.contract->term_last) + ")\n  check --period, or the contract's "
                                   "term statement\n"};
  std::error_code ec;
  if (!fs::is_directory(history_dir, ec))
    return failure{exit_usage, history_dir + ": error: " + (fs::exists(history_dir, ec) ? "not a folder" : "no such folder") +
                                   "\n  --history names the folder of the period's history files (incidents.csv, …)\n"};
  history::ingest_options opt = settings.ingest;
  opt.period = bounds;  // hold this period's records only
  io::disk_reader disk;
  auto history = history::ingest_folder(history_dir, disk, *w.contract, *w.zone, opt);
  if (history.error && history.error->folder)
    return failure{exit_usage, history_dir + ": error: " + history.error->message + "\nnothing was computed for " +
                                   w.contract->id + " " + settings.period.label() + "\n"};
  if (history.error)
    return failure{exit_input, history_dir + "/" + history.error->str() + "\n" + "nothing was computed for " +
                                   w.contract->id + " " + settings.period.label() +
                                   (opt.skip_bad_rows || history.error->whole_file
                                        ? "\n"
                                        : " (--skip-bad-rows skips bad rows and lists them as findings)\n")};
  w.history = std::move(history.events);
  w.results = engine::replay(*w.contract, *w.zone, settings.period, w.history, earlier);
  if (!w.results.refused.empty()) {
    // A decision that matches nothing or would raise a line: a figure is not to be signed
    // with a decision the tool could not apply.
    std::string message;
    for (auto& x : w.results.refused)
      message += history_dir + "/" + std::string(x.row->at.file) + ":" + std::to_string(x.row->at.row) + ":" +
                 std::to_string(x.column) + ": " + x.message + "\n";
    return failure{exit_input, message + "nothing was computed for " + w.contract->id + " " + settings.period.label() +
                                   " (correct or remove the decision)\n"};
  }
  if (shown_path) w.results.contract_path = *shown_path;

  // Every file of the history folder is an input, read or not (a file added later, such as
  // tickets.csv, changes the results): the ones ingested carry their digest already.
  std::map<std::string, std::string> digests;
  for (auto& f : w.results.inputs) digests[f.name] = f.sha256;
  std::vector<file_digest> folder;
  for (auto& e : fs::directory_iterator(history_dir, ec)) {
    if (!e.is_regular_file(ec)) continue;
    std::string name = e.path().filename().string();
    std::string path = history_dir + "/" + name;
    auto known = digests.find(name);
    if (known != digests.end()) {
      folder.push_back({path, known->second});
    } else {
      auto bytes = io::read_file(path, why);
      if (!bytes) return failure{exit_input, path + ": error: cannot read: " + why + "\n"};
      folder.push_back({path, history::sha256_hex(*bytes)});
    }
  }
  if (ec) return failure{exit_input, history_dir + ": error: cannot list the folder: " + ec.message() + "\n"};
  std::sort(folder.begin(), folder.end(), [](auto& a, auto& b) { return a.path < b.path; });
  w.inputs.insert(w.inputs.end(), folder.begin(), folder.end());
  return std::nullopt;
}

std::optional<failure> write_reports(const computed& c, const std::string& out_dir, const run_settings& settings,
                                     std::vector<file_digest>& written, std::vector<staged_file>* staged,
                                     std::vector<std::string>* warnings) {
  std::error_code ec;
  fs::create_directories(out_dir, ec);
  if (ec) return failure{exit_output, out_dir + ": error: cannot create the output folder: " + ec.message() + "\n"};
  reports::report_context ctx{*c.contract,          *c.zone, c.results, &c.history, *settings.texts, settings.tool_version,
                              c.contract_sha256, document_time(c.results)};
  auto phrased = reports::phrase_penalties(c.results, *settings.texts);  // once for the workbook and the PDF
  ctx.phrased = &phrased;
  std::string stem = out_dir + "/" + c.contract->id + "-" + settings.period.label();
  // Every report under its temporary name first, then all are flushed and renamed (here, or
  // by the caller that staged them).
  std::vector<staged_file> files;
  for (auto& format : settings.formats) {
    std::string path = stem + "." + format, why;
    auto made = io::make_temp(path, why);
    std::string temp = made ? *made : std::string();
    std::optional<std::string> digest;
    if (made && format == "html") {
      // One page, whole: the figures, the trail, the timelines (reports/html_writer.hpp).
      auto html = reports::results_html(ctx);
      if (io::write_temp_file(temp, html, why)) digest = history::sha256_hex(html);
    } else if (made && format == "json") {
      // The contract's files named as the reports name the contract (in a batch, below
      // --contracts: the same on every machine), each relative to it as on disk.
      std::vector<reports::source_digest> sources;
      fs::path real_dir = fs::path(c.inputs.empty() ? std::string() : c.inputs.front().path).parent_path();
      fs::path shown_dir = fs::path(c.results.contract_path).parent_path();
      for (std::size_t k = 0; k < c.contract_inputs && k < c.inputs.size(); ++k) {
        fs::path rel = fs::path(c.inputs[k].path).lexically_relative(real_dir);
        std::string shown = k == 0 ? c.results.contract_path
                            : rel.empty() ? c.inputs[k].path
                                          : (shown_dir / rel).lexically_normal().string();
        sources.push_back({shown, c.inputs[k].sha256});
      }
      auto json = reports::results_json(c.results, settings.tool_version, sources);
      if (io::write_temp_file(temp, json, why)) digest = history::sha256_hex(json);
    } else if (made) {
      bool too_many_rows = false;
      bool ok = format == "xlsx" ? reports::write_xlsx(ctx, temp, why, &too_many_rows) : reports::write_pdf(ctx, temp, why);
      if (too_many_rows && warnings && settings.formats.size() > 1) {
        // The month is too large for a sheet: every figure is still in the JSON and the PDF.
        io::discard_temp(temp);
        // A workbook of that name from an earlier run is not this month's: it goes.
        if (fs::is_regular_file(fs::symlink_status(path, ec))) fs::remove(path, ec);
        warnings->push_back(path + ": warning: the workbook is not written: the month has more records than an Excel "
                                   "sheet holds (1,048,576 rows); every figure is in the " +
                            other_formats(settings.formats, format) + "\n");
        continue;
      }
      if (too_many_rows)
        why = "the month has more records than an Excel sheet holds (1,048,576 rows); ask for the JSON or the PDF "
              "(--format json,pdf), which hold every figure";
      auto bytes = ok ? io::read_file(temp, why) : std::nullopt;
      if (bytes) digest = history::sha256_hex(*bytes);
    }
    if (!digest) {
      if (made) io::discard_temp(temp);
      for (auto& f : files) io::discard_temp(f.temp);
      // All of this contract's reports or none: the older ones of every format go too.
      for (auto& f : settings.formats)
        if (fs::is_regular_file(fs::symlink_status(stem + "." + f, ec))) fs::remove(stem + "." + f, ec);
      return failure{exit_output, path + ": error: cannot write the " + format + " report: " + why + "\n"};
    }
    files.push_back({temp, path, format, std::move(*digest)});
  }
  for (auto& f : files) written.push_back({f.path, f.sha256});
  if (staged) {
    staged->insert(staged->end(), files.begin(), files.end());
    return std::nullopt;
  }
  if (auto f = commit_reports(files)) {
    written.resize(written.size() - files.size());
    return f;
  }
  return std::nullopt;
}

void discard_reports(const std::vector<staged_file>& files) {
  std::error_code ec;
  for (auto& f : files) {
    io::discard_temp(f.temp);
    // All of a contract's reports or none: an older one beside a missing one would read
    // as current.
    if (fs::is_regular_file(fs::symlink_status(f.path, ec))) fs::remove(f.path, ec);
  }
}

std::optional<failure> commit_reports(const std::vector<staged_file>& files) {
  // All flushed (the slow part) before any is renamed: the renames come together.
  for (auto& f : files) {
    std::string why;
    if (!io::flush_file(f.temp, why)) {
      discard_reports(files);
      return failure{exit_output, f.path + ": error: cannot write the " + f.format + " report: " + why + "\n"};
    }
  }
  for (auto& f : files) {
    std::string why;
    if (!io::rename_into_place(f.temp, f.path, why)) {
      discard_reports(files);
      return failure{exit_output, f.path + ": error: cannot write the " + f.format + " report: " + why + "\n"};
    }
  }
  return std::nullopt;
}

contract_summary summarise(const computed& c) {
  const auto& r = c.results;
  contract_summary s;
  s.id = c.contract->id;
  s.title = c.contract->title;
  s.customer = c.contract->party(engine::party_role::customer);
  s.provider = c.contract->party(engine::party_role::provider);
  s.currency = r.money.currency;
  s.minor_digits = engine::minor_digits(r.money.currency);
  s.breaches = engine::count_breaches(r);
  s.breached = s.breaches.total() > 0;
  s.provider_before_caps = r.money.provider_before_caps;
  s.provider_total = r.money.provider_total;
  s.customer_total = r.money.customer_total;
  s.yearly_cap = r.money.yearly_cap;
  s.earlier_year_credits = r.money.earlier_year_credits;
  for (auto& a : r.availability)
    s.services.push_back({a.service, a.S, a.M, a.U, a.numerator, a.denominator,
                          a.target_pct ? a.target_pct->str() : std::string(),
                          a.target_pct ? engine::verdict_word(a.on_target) : "no target"});
  for (auto& x : r.rates)
    s.rates.push_back({x.metric, x.service, x.numerator, x.denominator, x.target_pct ? x.target_pct->str() : std::string(),
                       x.denominator <= 0 ? "not measurable" : x.target_pct ? engine::verdict_word(x.outcome) : "no target"});
  for (auto& l : r.money.lines)
    s.lines.push_back({l.penalty, l.subject, reports::clauses(&l.where),
                       l.payer == engine::party_role::customer ? "customer" : "provider", l.rounded, l.cap_cut, l.amount,
                       l.formula});
  for (auto& a : r.decisions) {
    const engine::decision& d = *a.row;
    std::string changes;
    for (auto& c : a.changes) {
      if (!changes.empty()) changes += '\n';
      changes += engine::change_text(c, r.money.currency);
    }
    s.decisions.push_back({d.at.row, d.target, std::string(engine::decision_word(d.decided)), d.value, d.approver,
                           engine::day_text(d.approved), d.reason, changes.empty() ? "changed no figure" : changes});
  }
  s.undecided_provider_before_caps = r.money.undecided_provider_before_caps;
  s.undecided_provider_total = r.money.undecided_provider_total;
  s.undecided_customer_total = r.money.undecided_customer_total;
  return s;
}

}  // namespace slaudit::batch
