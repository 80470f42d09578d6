#include "history/ingest.hpp"

#include <algorithm>
#include <set>
#include <cstring>

#include "engine/completeness.hpp"
#include "engine/period.hpp"
#include "grammar/suggest.hpp"
#include "history/csv.hpp"
#include "history/digest.hpp"
#include "history/id_index.hpp"
#include "history/profiles.hpp"
#include "history/text.hpp"

namespace slaudit::history {
namespace {

using engine::instant;

/// A problem with one row's value: which column and what.
struct row_problem {
  std::uint32_t column;
  std::string name;
  std::string message;
};

std::string join(const std::vector<std::string>& v) {
  std::string s;
  for (auto& x : v) {
    if (!s.empty()) s += ", ";
    s += x;
  }
  return s;
}

/// One CSV file's columns by name, and typed reads of a row that throw row_problem.
class table {
 public:
  table(std::string file, std::vector<std::string> header, std::vector<std::uint32_t> source_columns,
        const engine::zone& z, const ingest_options& opt)
      : file_(engine::stable_file_name(file)), header_(std::move(header)), source_columns_(std::move(source_columns)), z_(z), opt_(opt) {
    std::string stem(file_.substr(0, file_.find('.')));
    formats_.resize(header_.size());
    for (std::size_t i = 0; i < header_.size(); ++i) {
      std::string name = lower(header_[i]);
      // "incidents.occurred" for one file, or "occurred" for every file.
      if (auto f = opt_.formats.find(stem + "." + name); f != opt_.formats.end()) formats_[i] = &f->second;
      else if (auto g = opt_.formats.find(name); g != opt_.formats.end()) formats_[i] = &g->second;
      columns_.emplace(std::move(name), i);
    }
  }

  /// The file's name, as static storage for the records' `source_row`.
  std::string_view file() const { return file_; }

  /// The first required column the header lacks, as an error.
  std::optional<ingest_error> require(const std::vector<std::string>& names) const {
    for (auto& n : names)
      if (!columns_.count(n))
        return ingest_error{std::string(file_), 1, 1,
                            "the header has no '" + n + "' column (it has: " + join(header_) + ")"};
    return std::nullopt;
  }

  std::string_view text(const csv_row_view& r, std::string_view name) const { return text_at(r, index_of(name)); }
  /// The field in column `k` (index_of's), blanks around it left out; empty when absent.
  std::string_view text_at(const csv_row_view& r, std::size_t k) const {
    if (k == absent) return {};
    std::string_view v = r.fields[k];
    while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
    while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
    return v;
  }
  std::uint32_t column(std::string_view name) const {
    auto it = columns_.find(name);
    if (it == columns_.end()) return 1;
    if (it->second < source_columns_.size()) return source_columns_[it->second];
    return static_cast<std::uint32_t>(it->second + 1);
  }
  [[noreturn]] void fail(std::string_view name, std::string message) const {
    throw row_problem{column(name), std::string(name), std::move(message)};
  }

  std::string required_text(const csv_row_view& r, std::string_view name) const {
    auto v = text(r, name);
    if (v.empty()) fail(name, quoted(name) + " is empty");
    return std::string(v);
  }

  std::optional<instant> time(const csv_row_view& r, std::string_view name, bool required,
                              std::vector<engine::finding>& findings) const {
    std::size_t k = index_of(name);  // once: text() and format() would each look
    auto v = text_at(r, k);
    if (v.empty()) {
      if (required) fail(name, quoted(name) + " is empty");
      return std::nullopt;
    }
    const time_format& fmt = format_at(k);
    auto read = read_timestamp(v, fmt, z_);
    if (!read.ok) fail(name, std::string(name) + ": " + parse_timestamp(v, fmt, z_).error);
    if (read.repeated)
      findings.push_back({{file_, r.row}, std::string(name),
                          "local time " + std::string(v) + " occurs twice in " + z_.name() +
                              " (the clocks went back); the earlier one was taken",
                          engine::finding::kind::repeated_local_time, {std::string(v), z_.name()}});
    return read.at;
  }

  std::optional<engine::civil_day> day(const csv_row_view& r, std::string_view name, bool required) const {
    auto v = text(r, name);
    if (v.empty()) {
      if (required) fail(name, quoted(name) + " is empty");
      return std::nullopt;
    }
    std::string why;
    auto d = parse_date(v, format(name), why);
    if (!d) fail(name, std::string(name) + ": " + why);
    return d;
  }

  bool boolean(const csv_row_view& r, std::string_view name) const {
    auto raw = text(r, name);
    if (raw.empty()) return false;
    char buf[16];
    auto v = folded(raw, buf);
    if (v == "no" || v == "false" || v == "0" || v == "n" || v == "否") return false;
    if (v == "yes" || v == "true" || v == "1" || v == "y" || v == "是") return true;
    fail(name, quoted(raw) + " is not yes/no, true/false, 1/0 or 是/否");
  }

  std::int64_t count(const csv_row_view& r, std::string_view name, bool required) const {
    auto v = text(r, name);
    if (v.empty()) {
      if (required) fail(name, quoted(name) + " is empty");
      return 0;
    }
    std::int64_t n = 0;
    for (char ch : v) {
      if (ch < '0' || ch > '9' || n > (INT64_MAX - 9) / 10)
        fail(name, quoted(v) + " is not a whole number of at least 0");
      n = n * 10 + (ch - '0');
    }
    return n;
  }

  template <typename E>
  E choice(const csv_row_view& r, std::string_view name, E fallback,
           std::initializer_list<std::pair<std::string_view, E>> options) const {
    auto raw = text(r, name);
    if (raw.empty()) return fallback;
    char buf[16];
    auto v = folded(raw, buf, true);
    for (auto& [k, e] : options)
      if (k == v) return e;
    std::vector<std::string> names;  // only for the message: a row costs no allocation
    for (auto& option : options) names.emplace_back(option.first);
    fail(name, quoted(raw) + " is not one of: " + join(names));
  }

 private:
  /// `v` in ASCII lower case (and `-` as `_` when `dashes`) in `buf`, for comparing with a
  /// short word; longer text, which matches none, comes back empty (a row costs no allocation).
  template <std::size_t N>
  static std::string_view folded(std::string_view v, char (&buf)[N], bool dashes = false) {
    if (v.size() > N) return {};
    for (std::size_t k = 0; k < v.size(); ++k) {
      char c = v[k];
      buf[k] = c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : dashes && c == '-' ? '_' : c;
    }
    return {buf, v.size()};
  }

  /// The column's timestamp format, resolved once per file when the header is read.
  const time_format& format(std::string_view name) const { return format_at(index_of(name)); }
  const time_format& format_at(std::size_t k) const {
    static const time_format iso;
    if (k == absent || !formats_[k]) return iso;
    return *formats_[k];
  }

  static constexpr std::size_t absent = static_cast<std::size_t>(-1);

  /// The column index of `name`, or `absent`. Every row asks for the same few names, passed
  /// as literals: they are remembered by address, so a row costs no string comparisons.
  /// Rows ask in the same order each time, so the name after the last one asked is tried
  /// first.
  std::size_t index_of(std::string_view name) const {
    if (next_ < seen_.size() && seen_[next_].first == name.data()) return seen_[next_++].second;
    for (std::size_t j = 0; j < seen_.size(); ++j)
      if (seen_[j].first == name.data()) {
        next_ = j + 1;
        return seen_[j].second;
      }
    auto it = columns_.find(name);
    std::size_t k = it == columns_.end() ? absent : it->second;
    if (seen_.size() < 64) seen_.emplace_back(name.data(), k), next_ = seen_.size();
    return k;
  }

  std::string_view file_;
  std::vector<std::string> header_;
  std::vector<std::uint32_t> source_columns_;
  std::map<std::string, std::size_t, std::less<>> columns_;  ///< find() takes a string_view
  std::vector<const time_format*> formats_;                   ///< per column; null: ISO 8601
  mutable std::vector<std::pair<const char*, std::size_t>> seen_;  ///< index_of's memory
  mutable std::size_t next_ = 0;  ///< where index_of looks first
  const engine::zone& z_;
  const ingest_options& opt_;
};

class ingester {
 public:
  ingester(const std::string& folder, const engine::file_reader& files, const engine::contract& c,
           const engine::zone& z, const ingest_options& opt)
      : folder_(folder), files_(files), c_(c), z_(z), opt_(opt) {
    for (auto& s : c.services) services_.push_back(s.id);
    for (auto& s : c.severities) severities_.push_back(s.id);
  }

  ingest_result run() {
    try {
      check_folder();
      auto on_incident = [&](const table& t, const csv_row_view& r) { incident(t, r); };
      auto on_pause = [&](const table& t, const csv_row_view& r) { pause(t, r); };
      auto on_change = [&](const table& t, const csv_row_view& r) { change(t, r); };
      if (opt_.profile.empty()) {
        read("incidents.csv", {"id", "service", "severity", "occurred"}, on_incident);
        read("pauses.csv", {"incident", "state", "start"}, on_pause);
        read("changes.csv", {"incident", "from"}, on_change);
      } else if (auto raw = load("incidents.csv")) {
        // An export in a ticketing system's layout: the profile maps it onto the canonical
        // incidents (and pauses), keeping the export's row and column numbers for errors.
        auto mapped = apply_profile(opt_.profile, *raw, c_, opt_.service);
        if (mapped.error) throw ingest_error{"incidents.csv", mapped.error->row, mapped.error->column, mapped.error->message};
        for (auto& [column, format] : mapped.formats) opt_.formats.emplace("incidents." + column, format);
        auto& f = result_.events.findings;
        f.insert(f.end(), mapped.findings.begin(), mapped.findings.end());
        process("incidents.csv", mapped.incidents, {"id", "service", "severity", "occurred"}, on_incident);
        process("incidents.csv", mapped.pauses, {"incident", "state", "start"}, on_pause);
        if (!mapped.changes.header.empty())  // a profile whose export records changes
          process("incidents.csv", mapped.changes, {"incident", "from"}, on_change);
      }
      if (result_.events.files.empty() || result_.events.files.front().name != "incidents.csv")
        throw folder_error("no incidents.csv in the history folder" + holding() +
                           "\n  a month without incidents is stated by an incidents.csv with only its header row "
                           "(id,service,severity,occurred)");
      read("maintenance.csv", {"id", "service", "start", "end"}, [&](const table& t, const csv_row_view& r) { maintenance(t, r); });
      read("extensions.csv", {"service", "start", "end"}, [&](const table& t, const csv_row_view& r) { extension(t, r); });
      read("tickets.csv", {"id", "opened"}, [&](const table& t, const csv_row_view& r) { ticket(t, r); });
      read("escalations.csv", {"incident", "role", "notified"}, [&](const table& t, const csv_row_view& r) { notification(t, r); });
      read("transactions.csv", {"service", "date", "total", "failed"}, [&](const table& t, const csv_row_view& r) { transactions(t, r); });
      read("alarms.csv", {"date", "total", "missed", "false_alarms"}, [&](const table& t, const csv_row_view& r) { alarms(t, r); });
      read("payments.csv", {"invoice", "amount", "due"}, [&](const table& t, const csv_row_view& r) { payment(t, r); });
      // Last: a decision names the records read before it.
      read("decisions.csv", {"target", "decision", "value", "approver", "approved", "reason"},
           [&](const table& t, const csv_row_view& r) { decision(t, r); });
    } catch (const ingest_error& e) {
      result_.error = e;
    }
    return std::move(result_);
  }

 private:
  static ingest_error folder_error(std::string message) { return {"", 0, 0, std::move(message), true}; }

  /// ": it holds a.csv, b.csv", or nothing when the folder could not be listed.
  std::string holding() const {
    if (!entries_ || entries_->empty()) return "";
    std::string list;
    for (auto& e : *entries_) list += (list.empty() ? "" : ", ") + e.name + (e.folder ? "/" : "");
    return " (it holds " + list + ")";
  }

  /// The folder holds what a history folder holds (docs/history.md) and nothing the tool
  /// would not read: `incident.csv` is a misnamed history, never an empty one.
  void check_folder() {
    entries_ = files_.list(folder_.empty() ? "." : folder_);
    if (!entries_) return;  // no such folder, or a reader that cannot list: incidents.csv decides
    std::erase_if(*entries_, [](auto& e) { return e.name.empty() || e.name[0] == '.'; });
    const auto& known = canonical_files();
    std::string expected;
    for (auto& n : known) expected += (expected.empty() ? "" : ", ") + n + (n == "incidents.csv" ? " (required)" : "");
    if (entries_->empty())
      throw folder_error("the history folder is empty\n  it needs incidents.csv (an incidents.csv with only its "
                         "header row states a month without incidents); it may also hold " +
                         expected.substr(expected.find(", ") + 2));
    std::string unknown;
    for (auto& e : *entries_) {
      if (!e.folder && std::find(known.begin(), known.end(), e.name) != known.end()) continue;
      unknown += "\n  " + e.name + (e.folder ? "/: a folder" : ": not a file slaudit reads");
      if (e.folder) {
        if (engine::parse_period(e.name)) unknown += " (a month's folder: give --history the folder of the month itself)";
        continue;
      }
      std::string guess = grammar::did_you_mean(e.name, known);
      auto dot = e.name.rfind('.');
      std::string ext = dot == std::string::npos ? "" : e.name.substr(dot);
      if (!guess.empty()) unknown += "; did you mean " + guess + "?";
      if (ext != ".csv" && !ext.empty()) unknown += " (export it as CSV)";
    }
    if (!unknown.empty())
      throw folder_error("the history folder holds what slaudit does not read:" + unknown +
                         "\n  a history folder holds " + expected +
                         "; rename or remove the others (nothing is left unread silently)");
  }

  /// A file of the folder as UTF-8 text; nullopt when the folder has no such file.
  std::optional<decoded> text_of(const std::string& name) {
    std::string path = folder_.empty() ? name : folder_ + "/" + name;
    auto bytes = files_.read(path);
    if (!bytes) {
      if (auto why = files_.refusal(path); !why.empty()) throw ingest_error{name, 1, 1, "cannot read the file: " + why, false, true};
      return std::nullopt;  // a missing optional file means "no such events"
    }
    std::uint64_t size = bytes->size();
    std::string digest = sha256_hex(*bytes);
    auto text = to_utf8(std::move(*bytes), opt_.text_encoding);
    if (!text.error.empty()) throw ingest_error{name, text.error_line, text.error_column, text.error, false, true};
    result_.events.files.push_back({name, text.used, size, std::move(digest), 0, 0});
    return text;
  }

  /// A whole file as a table, for profiles that must see every row before mapping.
  std::optional<csv_table> load(const std::string& name) {
    auto text = text_of(name);
    if (!text) return std::nullopt;
    auto parsed = parse_csv(text->text());
    if (auto* e = std::get_if<csv_error>(&parsed)) throw ingest_error{name, e->row, e->column, e->message};
    result_.events.files.back().rows = std::get<csv_table>(parsed).rows.size();
    return std::move(std::get<csv_table>(parsed));
  }

  /// A canonical file, row by row as it is parsed, read a piece at a time: memory follows
  /// the period's events, not the file. A first pass finds the encoding (and the SHA-256),
  /// the second decodes and parses.
  template <typename F>
  void read(const std::string& name, const std::vector<std::string>& required, F&& each) {
    std::string path = folder_.empty() ? name : folder_ + "/" + name;
    sha256_stream digest;
    encoding_sniffer sniffer(opt_.text_encoding);
    std::uint64_t size = 0;
    std::size_t lines = 0;
    bool present;
    try {
      present = files_.read_pieces(path, [&](std::string_view piece) {
        digest.update(piece);
        sniffer.feed(piece);
        size += piece.size();
        lines += static_cast<std::size_t>(std::count(piece.begin(), piece.end(), '\n'));
        return true;
      });
    } catch (const std::exception& e) {
      throw ingest_error{name, 1, 1, std::string("cannot read the file: ") + e.what(), false, true};
    }
    if (!present) return;  // a missing optional file means "no such events"
    encoding use = encoding::utf8;
    auto found = sniffer.result(use);
    if (!found.error.empty()) throw ingest_error{name, found.error_line, found.error_column, found.error, false, true};
    result_.events.files.push_back({name, found.used, size, digest.hex(), 0, 0});
    reserve(name, lines);  // at most one record per line: no regrowing (and copying) of a million

    std::optional<table> t;
    std::size_t rows = 0;
    csv_stream csv(
        [&](const std::vector<std::string>& header) -> std::optional<csv_error> {
          t.emplace(name, header, std::vector<std::uint32_t>{}, z_, opt_);
          if (auto missing = t->require(required)) throw *missing;
          return std::nullopt;
        },
        [&](const csv_row_view& r) -> std::optional<csv_error> {
          ++rows;
          row(*t, r, each);
          return std::nullopt;
        });
    if (opt_.skip_bad_rows)  // a row that is not well-formed CSV is skipped and listed too
      csv.on_bad_row([&](const csv_error& e) -> std::optional<csv_error> {
        ++rows;
        result_.events.findings.push_back({{engine::stable_file_name(name), e.row}, "", "row skipped: " + e.message,
                                           engine::finding::kind::row_skipped, {e.message}});
        ++result_.events.files.back().skipped;
        return std::nullopt;
      });
    stream_decoder decoder(use);
    std::string text;
    std::optional<csv_error> bad_csv;
    auto decode_failed = [&] {
      auto& e = decoder.error();
      throw ingest_error{name, e.error_line, e.error_column, e.error + " (read as " + found.used + ")", false, true};
    };
    try {
      files_.read_pieces(path, [&](std::string_view piece) {
        if (use == encoding::utf8) {
          // Checked in the first pass: the bytes go to the parser as they are (its separators
          // are ASCII, never part of a multi-byte character; it drops the BOM itself).
          bad_csv = csv.feed(piece);
          return !bad_csv;
        }
        text.clear();
        if (!decoder.feed(piece, text)) decode_failed();
        bad_csv = csv.feed(text);
        return !bad_csv;
      });
    } catch (const ingest_error&) {
      throw;
    } catch (const std::exception& e) {
      throw ingest_error{name, 1, 1, std::string("cannot read the file: ") + e.what(), false, true};
    }
    if (!bad_csv) {
      text.clear();
      if (!decoder.finish(text)) decode_failed();
      bad_csv = csv.feed(text);
      if (!bad_csv) bad_csv = csv.finish();
    }
    if (bad_csv) throw ingest_error{name, bad_csv->row, bad_csv->column, bad_csv->message};
    result_.events.files.back().rows = rows;
  }

  /// Room for `lines` more records of the file `name` (an upper bound: a record may span lines,
  /// and a period keeps fewer). Reserved pages that are never written cost no memory; the cap
  /// keeps the address space sane for a year's export.
  void reserve(const std::string& name, std::size_t lines) {
    lines = std::min<std::size_t>(lines, std::size_t{1} << 22);
    auto& e = result_.events;
    auto more = [&](auto& v) { v.reserve(v.size() + lines); };
    if (name == "incidents.csv") more(e.incidents), incident_rows_.reserve(incident_rows_.size() + lines);
    else if (name == "pauses.csv") more(e.pauses);
    else if (name == "tickets.csv") more(e.tickets);
    else if (name == "escalations.csv") more(e.notifications);
  }

  template <typename F>
  void process(const std::string& name, const csv_table& rows, const std::vector<std::string>& required, F&& each) {
    table t(name, rows.header, rows.source_columns, z_, opt_);
    if (auto e = t.require(required)) throw *e;
    csv_row_view view;
    for (auto& r : rows.rows) {
      view.row = r.row;
      view.fields.assign(r.fields.begin(), r.fields.end());
      row(t, view, each);
    }
  }

  /// One row: its event, or its problem — which stops the contract or, with skip_bad_rows,
  /// becomes a finding.
  template <typename F>
  void row(const table& t, const csv_row_view& r, F&& each) {
    try {
      each(t, r);
    } catch (const row_problem& p) {
      if (!opt_.skip_bad_rows) throw ingest_error{std::string(t.file()), r.row, p.column, p.message};
      result_.events.findings.push_back({{t.file(), r.row}, p.name, "row skipped: " + p.message,
                                         engine::finding::kind::row_skipped, {p.message}});
      for (auto& f : result_.events.files)
        if (f.name == t.file()) ++f.skipped;
    }
  }

  /// The row's service, a view into the row: checked against the contract's.
  std::string_view service_view(const table& t, const csv_row_view& r) {
    auto s = t.text(r, "service");
    if (s.empty()) t.fail("service", quoted("service") + " is empty");
    if (std::find(services_.begin(), services_.end(), s) == services_.end()) {
      std::vector<std::string> known(services_.begin(), services_.end());
      std::sort(known.begin(), known.end());
      known.erase(std::unique(known.begin(), known.end()), known.end());
      t.fail("service", "service '" + std::string(s) + "' is not in the contract (it has: " + join(known) + ")");
    }
    return s;
  }
  std::string service(const table& t, const csv_row_view& r) { return std::string(service_view(t, r)); }
  /// A service's text in the history's store, kept once for all its incidents (so the replay
  /// compares texts that stay in the cache).
  std::string_view kept_service(std::string_view s) {
    for (auto& k : kept_services_)
      if (k == s) return k;
    return kept_services_.emplace_back(result_.events.texts.keep(s));
  }

  void incident(const table& t, const csv_row_view& r) {
    // The texts are views into the row until the incident is kept: then into the history's
    // store (texts of rows outside the period are not kept).
    engine::incident i;
    i.at = {t.file(), r.row};
    i.id = t.text(r, "id");
    if (i.id.empty()) t.fail("id", quoted("id") + " is empty");
    std::uint64_t id_hash = incident_rows_.prefetch(i.id);  // in the cache by the time it is added
    i.service = service_view(t, r);
    i.severity = severity(t, r);
    auto& f = result_.events.findings;
    i.occurred = *t.time(r, "occurred", true, f);
    i.detected = t.time(r, "detected", false, f);
    i.responded = t.time(r, "responded", false, f);
    i.restored = t.time(r, "restored", false, f);
    i.closed = t.time(r, "closed", false, f);
    for (auto [name, v] : {std::pair{"responded", i.responded}, {"restored", i.restored}, {"closed", i.closed}})
      if (v && *v < i.occurred) t.fail(name, std::string(name) + " is before occurred");
    if (i.closed && i.restored && *i.closed < *i.restored) t.fail("closed", "closed is before restored");
    i.effect = impact(t, r);
    i.origin = cause_of(t, r, "cause");
    i.description = t.text(r, "description");
    bool kept = !opt_.period || touches(*opt_.period, i.occurred, {i.responded, i.restored, i.closed});
    auto index = kept ? static_cast<std::uint32_t>(result_.events.incidents.size()) : engine::unlinked;
    auto [seen, fresh] = incident_rows_.try_emplace(i.id, {r.row, index}, id_hash);
    if (!fresh)
      t.fail("id", "incident '" + std::string(i.id) + "' is listed twice (first at row " + std::to_string(seen->row) + ")");
    if (!kept) return outside();
    auto& texts = result_.events.texts;
    i.id = texts.keep(i.id), i.service = kept_service(i.service), i.description = texts.keep(i.description);
    result_.events.incidents.push_back(i);
  }

  /// Whether a record that starts at `start` and stops at the given times can touch the
  /// period: it starts before the period ends and some stop is missing or not before it.
  static bool touches(engine::interval period, instant start, std::initializer_list<std::optional<instant>> stops) {
    if (start >= period.to) return false;
    for (auto& s : stops)
      if (!s || *s >= period.from) return true;
    return false;
  }

  /// Counts a checked row of the current file that is not kept.
  void outside() { ++result_.events.files.back().outside_period; }

  /// The index of the incident `id` names, for linking its pauses and notifications
  /// (`unlinked` when the incident is outside the period and was not kept).
  std::uint32_t known_incident(const table& t, const std::string& id) { return known_incident_in(t, "incident", id); }
  std::uint32_t known_incident_in(const table& t, std::string_view column, const std::string& id) {
    auto* seen = incident_rows_.find(id);
    if (!seen) t.fail(column, "incident '" + id + "' is not in incidents.csv");
    return seen->index;
  }

  void pause(const table& t, const csv_row_view& r) {
    engine::pause p;
    p.at = {t.file(), r.row};
    p.incident = t.required_text(r, "incident");
    p.owner = known_incident(t, p.incident);
    bool kept = p.owner != engine::unlinked;
    p.state = t.required_text(r, "state");
    p.start = *t.time(r, "start", true, result_.events.findings);
    p.end = t.time(r, "end", false, result_.events.findings);
    if (p.end && *p.end < p.start) t.fail("end", "end is before start");
    if (kept) result_.events.pauses.push_back(std::move(p));
    else outside();
  }

  /// The row's impact: outage (the default), degraded or terminal.
  static engine::impact impact(const table& t, const csv_row_view& r) { return impact_of(t, r, "impact"); }
  static engine::impact impact_of(const table& t, const csv_row_view& r, std::string_view column) {
    return t.choice<engine::impact>(r, column, engine::impact::outage,
                                    {{"outage", engine::impact::outage}, {"degraded", engine::impact::degraded},
                                     {"terminal", engine::impact::terminal}});
  }
  /// The row's cause: provider (the default), third_party, customer or force_majeure.
  static engine::cause cause_of(const table& t, const csv_row_view& r, std::string_view column) {
    return t.choice<engine::cause>(r, column, engine::cause::provider,
                                   {{"provider", engine::cause::provider}, {"third_party", engine::cause::third_party},
                                    {"customer", engine::cause::customer}, {"force_majeure", engine::cause::force_majeure}});
  }

  /// The row's severity: a number the contract defines.
  int severity(const table& t, const csv_row_view& r) {
    auto sev_text = t.text(r, "severity");
    if (sev_text.empty() || sev_text.find_first_not_of("0123456789") != std::string_view::npos || sev_text.size() > 6)
      t.fail("severity", "severity " + quoted(sev_text) + " is not a severity number of the contract");
    auto sev = t.count(r, "severity", true);
    if (std::find(severities_.begin(), severities_.end(), static_cast<int>(sev)) == severities_.end())
      t.fail("severity", "severity " + std::to_string(sev) + " is not defined in the contract");
    return static_cast<int>(sev);
  }

  /// A severity or impact in force from a time on. Its incident outside the period: not kept.
  void change(const table& t, const csv_row_view& r) {
    engine::incident_change x;
    x.at = {t.file(), r.row};
    x.incident = t.required_text(r, "incident");
    x.owner = known_incident(t, x.incident);
    x.from = *t.time(r, "from", true, result_.events.findings);
    if (!t.text(r, "severity").empty()) x.severity = severity(t, r);
    if (!t.text(r, "impact").empty())
      x.effect = impact(t, r);
    if (!x.severity && !x.effect) t.fail("severity", "a change gives neither a severity nor an impact");
    if (x.owner == engine::unlinked) return outside();
    if (x.from < result_.events.incidents[x.owner].occurred)
      t.fail("from", "from is before the incident occurred: incidents.csv gives the severity and impact at occurrence");
    result_.events.changes.push_back(std::move(x));
  }

  void maintenance(const table& t, const csv_row_view& r) {
    engine::maintenance_record m;
    m.at = {t.file(), r.row};
    m.id = t.required_text(r, "id");
    m.service = service(t, r);
    m.start = *t.time(r, "start", true, result_.events.findings);
    m.end = *t.time(r, "end", true, result_.events.findings);
    if (m.end <= m.start) t.fail("end", "end is not after start");
    m.notified = t.time(r, "notified", false, result_.events.findings);
    m.approved = t.boolean(r, "approved");
    m.emergency = t.boolean(r, "emergency");
    m.description = std::string(t.text(r, "description"));
    if (!opt_.period || touches(*opt_.period, m.start, {m.end})) result_.events.maintenance.push_back(std::move(m));
    else outside();
  }

  void extension(const table& t, const csv_row_view& r) {
    engine::extension e;
    e.at = {t.file(), r.row};
    e.service = service(t, r);
    e.start = *t.time(r, "start", true, result_.events.findings);
    e.end = *t.time(r, "end", true, result_.events.findings);
    if (e.end <= e.start) t.fail("end", "end is not after start");
    e.requested = t.time(r, "requested", false, result_.events.findings);
    if (!opt_.period || touches(*opt_.period, e.start, {e.end})) result_.events.extensions.push_back(std::move(e));
    else outside();
  }

  void ticket(const table& t, const csv_row_view& r) {
    engine::ticket k;
    k.at = {t.file(), r.row};
    k.id = t.required_text(r, "id");
    k.opened = *t.time(r, "opened", true, result_.events.findings);
    k.responded = t.time(r, "responded", false, result_.events.findings);
    k.resolved = t.time(r, "resolved", false, result_.events.findings);
    if (k.responded && *k.responded < k.opened) t.fail("responded", "responded is before opened");
    if (k.resolved && *k.resolved < k.opened) t.fail("resolved", "resolved is before opened");
    k.priority = std::string(t.text(r, "priority"));
    k.description = std::string(t.text(r, "description"));
    if (!opt_.period || touches(*opt_.period, k.opened, {k.responded, k.resolved})) result_.events.tickets.push_back(std::move(k));
    else outside();
  }

  void notification(const table& t, const csv_row_view& r) {
    engine::notification n;
    n.at = {t.file(), r.row};
    n.incident = t.required_text(r, "incident");
    n.owner = known_incident(t, n.incident);
    n.role = t.required_text(r, "role");
    n.notified = *t.time(r, "notified", true, result_.events.findings);
    if (n.owner != engine::unlinked) result_.events.notifications.push_back(std::move(n));
    else outside();
  }

  void transactions(const table& t, const csv_row_view& r) {
    engine::transaction_day d;
    d.at = {t.file(), r.row};
    d.service = service(t, r);
    d.date = *t.day(r, "date", true);
    d.total = t.count(r, "total", true);
    d.failed = t.count(r, "failed", true);
    d.failed_third_party = t.count(r, "failed_third_party", false);
    if (d.failed > d.total) t.fail("failed", "more failed transactions than total");
    if (d.failed_third_party > d.failed) t.fail("failed_third_party", "more third-party failures than failures");
    result_.events.transactions.push_back(std::move(d));
  }

  void alarms(const table& t, const csv_row_view& r) {
    engine::alarm_day d;
    d.at = {t.file(), r.row};
    d.date = *t.day(r, "date", true);
    d.total = t.count(r, "total", true);
    d.missed = t.count(r, "missed", true);
    d.false_alarms = t.count(r, "false_alarms", true);
    if (d.missed > d.total) t.fail("missed", "more missed alarms than alarms");
    if (d.false_alarms > d.total) t.fail("false_alarms", "more false alarms than alarms");
    result_.events.alarms.push_back(std::move(d));
  }

  void payment(const table& t, const csv_row_view& r) {
    engine::payment p;
    p.at = {t.file(), r.row};
    p.invoice = t.required_text(r, "invoice");
    auto amount = t.text(r, "amount");
    auto d = engine::decimal::parse(amount);
    auto minor = d ? d->at_scale(engine::minor_digits(c_.currency)) : std::nullopt;
    if (!minor)
      t.fail("amount", quoted(amount) + " is not an amount in " + c_.currency + " (digits and at most " +
                           std::to_string(engine::minor_digits(c_.currency)) + " decimals, no thousands separators)");
    p.amount = *minor;
    p.due = *t.day(r, "due", true);
    p.paid = t.day(r, "paid", false);
    result_.events.payments.push_back(std::move(p));
  }

  /// A duration as the contract writes one: 90s, 30min, 2h, 1d, or groups such as 1h30min.
  static std::optional<std::int64_t> duration(std::string_view v) {
    if (v.empty()) return std::nullopt;
    std::int64_t total = 0;
    while (!v.empty()) {
      std::int64_t n = 0;
      std::size_t k = 0;
      for (; k < v.size() && v[k] >= '0' && v[k] <= '9'; ++k) {
        if (n > 1'000'000'000) return std::nullopt;
        n = n * 10 + (v[k] - '0');
      }
      if (k == 0) return std::nullopt;
      v.remove_prefix(k);
      std::int64_t unit = 0;
      for (auto [word, seconds] : {std::pair{"min", 60}, {"s", 1}, {"h", 3600}, {"d", 86400}})
        if (v.substr(0, std::strlen(word)) == word) {
          unit = seconds, v.remove_prefix(std::strlen(word));
          break;
        }
      if (unit == 0) return std::nullopt;
      total += n * unit;
      if (total > 366 * 86400) return std::nullopt;
    }
    return total;
  }

  /// A decision (docs/history.md, Decisions): its target read against the contract and the
  /// records of the folder, its value against its kind; approver, date and reason required.
  /// Two decisions on one figure are refused (which would win is not for the tool to guess).
  void decision(const table& t, const csv_row_view& r) {
    using D = engine::decision;
    D d;
    d.at = {t.file(), r.row};
    d.target_column = t.column("target"), d.value_column = t.column("value");
    d.target = t.required_text(r, "target");
    d.decided = t.choice<D::kind>(r, "decision", D::kind::waive,
                                  {{"waive", D::kind::waive}, {"reduce", D::kind::reduce}, {"cause", D::kind::cause},
                                   {"impact", D::kind::impact}});
    if (t.text(r, "decision").empty()) t.fail("decision", quoted("decision") + " is empty (waive, reduce, cause or impact)");
    target_of(t, d);
    d.value = std::string(t.text(r, "value"));
    value_of(t, r, d);
    d.approver = t.required_text(r, "approver");
    d.approved = *t.day(r, "approved", true);
    d.reason = t.required_text(r, "reason");
    std::string key = std::to_string(static_cast<int>(d.what)) + "\x1f" + d.record + "\x1f" + d.part;
    if (d.what == D::on::incident) key += "\x1f" + std::string(engine::decision_word(d.decided));
    auto [seen, fresh] = decided_.try_emplace(key, r.row);
    if (!fresh)
      t.fail("target", "a second decision on " + d.target + (d.what == D::on::incident ? " (" + std::string(engine::decision_word(d.decided)) + ")" : "") +
                           " (the first is at row " + std::to_string(seen->second) +
                           "): one decision per figure; state the agreed outcome in one row");
    result_.events.decisions.push_back(std::move(d));
  }

  /// Reads a decision's target: incident:ID[:respond|restore], ticket:ID:respond|resolve,
  /// escalation:ID:STEP, penalty:NAME[:SUBJECT].
  void target_of(const table& t, engine::decision& d) {
    using D = engine::decision;
    static const char* forms =
        "incident:ID, incident:ID:respond, incident:ID:restore, ticket:ID:respond, ticket:ID:resolve, "
        "escalation:ID:STEP (such as escalation:INC-7:30min) or penalty:NAME";
    std::string_view v = d.target;
    auto colon = v.find(':');
    std::string_view head = colon == std::string_view::npos ? v : v.substr(0, colon);
    std::string_view rest = colon == std::string_view::npos ? std::string_view() : v.substr(colon + 1);
    if (rest.empty()) t.fail("target", quoted(v) + " is not a decision's target: " + forms);
    auto last = rest.rfind(':');
    std::string_view tail = last == std::string_view::npos ? std::string_view() : rest.substr(last + 1);
    std::string_view front = last == std::string_view::npos ? rest : rest.substr(0, last);
    auto incident_named = [&](std::string_view id) {
      auto index = known_incident_in(t, "target", std::string(id));
      if (index == engine::unlinked)
        t.fail("target", "incident '" + std::string(id) + "' is outside the period replayed: a month's decisions are on "
                         "that month's figures (put the decision in the folder of the month it changes)");
    };
    if (head == "incident") {
      if (tail == "respond" || tail == "restore") {
        d.what = D::on::clock, d.record = std::string(front), d.part = std::string(tail);
      } else {
        d.what = D::on::incident, d.record = std::string(rest);
      }
      incident_named(d.record);
    } else if (head == "ticket") {
      if (tail != "respond" && tail != "resolve") t.fail("target", quoted(v) + ": a ticket's target ends in :respond or :resolve");
      d.what = D::on::ticket, d.record = std::string(front), d.part = std::string(tail);
    } else if (head == "escalation") {
      auto step = duration(tail);
      if (last == std::string_view::npos || !step)
        t.fail("target", quoted(v) + ": an escalation's target names the incident and the step's delay as the contract "
                         "writes it, such as escalation:INC-7:30min");
      d.what = D::on::escalation, d.record = std::string(front), d.part = std::string(tail), d.step_s = *step;
      incident_named(d.record);
    } else if (head == "penalty") {
      d.what = D::on::line;
      std::vector<std::string> names;
      for (auto& p : c_.penalties) {
        names.push_back(p.name);
        if (rest == p.name) d.record = p.name;
        else if (d.record.empty() && rest.size() > p.name.size() + 1 && rest.substr(0, p.name.size()) == p.name &&
                 rest[p.name.size()] == ':')
          d.record = p.name, d.part = std::string(rest.substr(p.name.size() + 1));
      }
      if (d.record.empty()) {
        std::string guess = grammar::did_you_mean(std::string(rest), names);
        t.fail("target", "the contract has no penalty " + quoted(rest) + (guess.empty() ? " (it has: " + join(names) + ")" : "; did you mean " + guess + "?"));
      }
    } else {
      t.fail("target", quoted(v) + " is not a decision's target: " + forms);
    }
  }

  /// Checks a decision's kind against its target and reads its value.
  void value_of(const table& t, const csv_row_view& r, engine::decision& d) {
    using D = engine::decision;
    bool clock = d.what == D::on::clock || d.what == D::on::ticket;
    switch (d.decided) {
      case D::kind::waive:
        if (d.what == D::on::incident)
          t.fail("decision", "an incident as a whole is reclassified (cause or impact); to waive a breach, name its clock: " +
                                 d.target + ":respond or " + d.target + ":restore");
        if (!d.value.empty()) t.fail("value", "waive takes no value (it has " + quoted(d.value) + "); to lessen a figure, reduce it");
        return;
      case D::kind::reduce:
        if (clock) {
          auto s = duration(d.value);
          if (!s || *s == 0)
            t.fail("value", "reduce on a clock takes the time credited to it, such as 30min, 2h or 1h30min (it has " +
                                quoted(d.value) + ")");
          d.credit_s = *s;
        } else if (d.what == D::on::line) {
          auto amount = engine::decimal::parse(d.value);
          auto minor = amount ? amount->at_scale(engine::minor_digits(c_.currency)) : std::nullopt;
          if (!minor || *minor < 0)
            t.fail("value", "reduce on a penalty line takes the amount it is reduced to, in " + c_.currency + " (such as 5000.00; it has " +
                                quoted(d.value) + ")");
          d.reduce_to = *minor;
        } else {
          t.fail("decision", "reduce applies to a clock (the time credited) or a penalty line (the amount it is reduced "
                             "to); " + d.target + " can be waived");
        }
        return;
      case D::kind::cause:
      case D::kind::impact:
        if (d.what != D::on::incident)
          t.fail("decision", std::string(engine::decision_word(d.decided)) + " reclassifies an incident: its target is "
                             "incident:ID (it has " + quoted(d.target) + ")");
        if (d.value.empty())
          t.fail("value", std::string(engine::decision_word(d.decided)) + " takes the new " +
                              (d.decided == D::kind::cause ? "cause: provider, third_party, customer or force_majeure"
                                                           : "impact: outage, degraded or terminal"));
        if (d.decided == D::kind::cause) d.new_cause = cause_of(t, r, "value");
        else d.new_effect = impact_of(t, r, "value");
        return;
    }
  }

  const std::string& folder_;
  const engine::file_reader& files_;
  std::optional<std::vector<engine::file_reader::entry>> entries_;  ///< what the folder holds
  const engine::contract& c_;
  const engine::zone& z_;
  ingest_options opt_;  ///< a copy: a profile adds the timestamp formats of its export
  std::vector<std::string> services_;  ///< a contract has a handful: searched in order, not in a tree
  std::vector<int> severities_;
  std::vector<std::string_view> kept_services_;  ///< in result_.events.texts
  /// Each incident's row (for the duplicate error) and index in the history.
  id_index incident_rows_;
  std::map<std::string, std::uint32_t> decided_;  ///< each decision's figure, and its row
  ingest_result result_;
};

}  // namespace

std::string ingest_error::str() const {
  if (folder) return message;
  return file + ":" + std::to_string(row) + ":" + std::to_string(column) + ": " + message;
}

ingest_result ingest_folder(const std::string& folder, const engine::file_reader& files, const engine::contract& c,
                            const engine::zone& z, const ingest_options& opt) {
  return ingester(folder, files, c, z, opt).run();
}

const std::vector<std::string>& canonical_files() {
  static const std::vector<std::string> names(engine::canonical_history_files().begin(),
                                              engine::canonical_history_files().end());
  return names;
}

}  // namespace slaudit::history
