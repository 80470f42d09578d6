#include "batch/diff.hpp"

#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "engine/money.hpp"
#include "engine/results.hpp"
#include "reports/json.hpp"

namespace slaudit::batch {
namespace {

using json = nlohmann::ordered_json;
const std::string none = "(none)";

/// A scalar as the document writes it: strings bare, null as "(none)", the rest as JSON.
std::string shown(const json& v) {
  if (v.is_null()) return none;
  if (v.is_string()) return v.get<std::string>();
  return v.dump();
}

/// The value at a path of keys ("target/verdict"); null when any is missing.
const json& at(const json& record, const std::string& path) {
  static const json null;
  const json* v = &record;
  std::size_t from = 0;
  while (from <= path.size()) {
    auto slash = path.find('/', from);
    std::string key = path.substr(from, slash == std::string::npos ? std::string::npos : slash - from);
    if (!v->is_object() || !v->contains(key)) return null;
    v = &(*v)[key];
    if (slash == std::string::npos) break;
    from = slash + 1;
  }
  return *v;
}

std::string clauses_of(const json& r) {
  std::string s;
  for (auto& c : at(r, "clauses").is_array() ? at(r, "clauses") : json::array())
    s += (s.empty() ? "clause " : ", ") + shown(c);
  auto& line = at(r, "line");
  if (!line.is_null()) s += (s.empty() ? "" : ", ") + std::string("line ") + shown(line);
  auto& file = at(r, "file");
  if (!file.is_null()) s += " of " + shown(file);
  return s;
}

/// The records of a list by key, in the new document's order, then the old's.
using keyed = std::vector<std::pair<std::string, const json*>>;

keyed by_key(const json& list, const std::vector<std::string>& key_paths) {
  keyed out;
  if (!list.is_array()) return out;
  for (auto& r : list) {
    std::string k;
    for (auto& p : key_paths) {
      std::string part = shown(at(r, p));
      if (p == "after_s") part = "step " + part + " s";
      if (p == "handling") part = "handling " + part;
      k += (k.empty() ? "" : " ") + part;
    }
    out.push_back({k, &r});
  }
  return out;
}

class differ {
 public:
  differ(const json& a, const json& b, run_diff& d) : a_(a), b_(b), d_(d) {}

  void run() {
    d_.contract = shown(at(b_, "contract/id"));
    d_.period = shown(at(b_, "period/label"));
    if (at(a_, "contract/id") != at(b_, "contract/id"))
      d_.notes.push_back("the runs are of two contracts: " + shown(at(a_, "contract/id")) + " and " + d_.contract);
    if (at(a_, "period/label") != at(b_, "period/label"))
      d_.notes.push_back("the runs are of two periods: " + shown(at(a_, "period/label")) + " and " + d_.period);
    if (at(a_, "tool/version") != at(b_, "tool/version"))
      d_.notes.push_back("the runs were made by two versions of slaudit: " + shown(at(a_, "tool/version")) + " and " +
                         shown(at(b_, "tool/version")));
    inputs();
    if (at(a_, "terms/month") != at(b_, "terms/month"))
      change("terms", "month", "in force", at(a_, "terms/month"), at(b_, "terms/month"), "the contract's amendments");
    availability();
    clocks("clocks", "incident");
    clocks("tickets", "ticket");
    records("escalations", {"incident", "handling", "after_s"}, {"due", "verdict", "terms"});
    records("rates", {"metric", "service"}, {"numerator", "denominator", "percent", "target/percent", "target/verdict"});
    money();
    completeness();
    findings();
    decisions();
    breaches();
  }

 private:
  void change(const std::string& section, const std::string& key, const std::string& field, const json& before,
              const json& after, std::string because = "") {
    d_.changes.push_back({section, key, field, shown(before), shown(after), std::move(because)});
  }

  // ---- inputs: which files differ, so that each figure can name the one it rests on
  void inputs() {
    std::map<std::string, std::string> old_files, new_files;
    auto collect = [](const json& doc, std::map<std::string, std::string>& into) {
      if (auto& sha = at(doc, "contract/sha256"); !sha.is_null()) into[shown(at(doc, "contract/file"))] = shown(sha);
      for (auto& s : at(doc, "contract/sources").is_array() ? at(doc, "contract/sources") : json::array())
        into[shown(at(s, "file"))] = shown(at(s, "sha256"));
      for (auto& f : at(doc, "inputs").is_array() ? at(doc, "inputs") : json::array())
        into[shown(at(f, "file"))] = shown(at(f, "sha256"));
    };
    collect(a_, old_files);
    collect(b_, new_files);
    std::set<std::string> names;
    for (auto& [k, v] : old_files) names.insert(k);
    for (auto& [k, v] : new_files) names.insert(k);
    for (auto& n : names) {
      auto o = old_files.count(n) ? old_files[n] : none;
      auto w = new_files.count(n) ? new_files[n] : none;
      if (o != w) {
        d_.inputs.push_back({n, o, w});
        changed_files_.insert(n);
      }
    }
    if (at(a_, "contract/sha256").is_null() || at(b_, "contract/sha256").is_null())
      d_.notes.push_back("a run does not list the contract's digest (made before slaudit listed it): a change of the "
                         "contract cannot be told from one of the history");
    contract_changed_ = changed_files_.count(shown(at(b_, "contract/file"))) > 0;
    std::set<std::string> contract_files{shown(at(b_, "contract/file"))};
    for (auto& s : at(b_, "contract/sources").is_array() ? at(b_, "contract/sources") : json::array()) {
      contract_changed_ = contract_changed_ || changed_files_.count(shown(at(s, "file")));
      contract_files.insert(shown(at(s, "file")));
    }
    for (auto& f : changed_files_)
      if (!contract_files.count(f)) history_changed_ += (history_changed_.empty() ? "" : ", ") + f;
  }

  /// Why a record's figures changed: its term, else the row it was read from, else the contract.
  std::string because(const json& before, const json& after) const {
    // A record that came or went: the row it is (or was) read from, or the contract.
    if (before.empty() || after.empty()) {
      const json& r = before.empty() ? after : before;
      auto& file = at(r, "source/file");
      if (!file.is_null() && changed_files_.count(shown(file)))
        return shown(file) + " row " + shown(at(r, "source/row")) + " (the file changed)";
      return fallback();
    }
    if (after.contains("rule") || before.contains("rule")) return line_because(before, after);
    for (const char* term : {"target_s", "target/percent"})
      if (at(before, term) != at(after, term))
        return std::string("the term: ") + shown(at(before, term)) + " → " + shown(at(after, term)) +
               (clauses_of(after).empty() ? "" : " (" + clauses_of(after) + ")");
    auto& version = at(after, "terms");
    if ((version.is_string() || version.is_null()) && at(before, "terms") != version)
      return "judged with other terms: " + shown(at(before, "terms")) + " → " + shown(version);
    auto& file = at(after, "source/file");
    if (!file.is_null() && changed_files_.count(shown(file)))
      return shown(file) + " row " + shown(at(after, "source/row")) + " (the file changed)";
    if (!file.is_null() && at(before, "source") != at(after, "source"))
      return "now " + shown(file) + " row " + shown(at(after, "source/row"));
    return fallback();
  }

  /// What changed when a figure names no record of its own: the contract, else the history.
  std::string fallback() const {
    if (contract_changed_) return "the contract or a file it reads changed";
    return history_changed_.empty() ? "" : "the history changed: " + history_changed_;
  }

  /// Why a penalty line changed: the figures it rests on (its inputs), else its working (a
  /// share, the fee), else the contract.
  std::string line_because(const json& before, const json& after) const {
    auto brief = [](const json& inputs) {
      std::string s;
      for (auto& i : inputs.is_array() ? inputs : json::array()) {
        std::string text = shown(i);
        s += (s.empty() ? "" : "; ") + text.substr(0, text.find(" ("));
      }
      return s.empty() ? none : s;
    };
    std::string contract = contract_changed_ ? " (the contract or a file it reads changed)" : "";
    if (brief(at(before, "inputs")) != brief(at(after, "inputs")))
      return "its inputs: " + brief(at(before, "inputs")) + " → " + brief(at(after, "inputs")) + contract;
    if (at(before, "terms") != at(after, "terms"))
      return "its working: " + working(at(before, "terms")) + " → " + working(at(after, "terms")) + contract;
    if (contract_changed_) return "the contract or a file it reads changed";
    if (!history_changed_.empty()) return "the history changed: " + history_changed_;
    return "the clause's rule: " + shown(at(before, "rule")) + " → " + shown(at(after, "rule"));
  }

  /// A penalty line's working as a reader checks it: "fee share of core 150000.00 × 20%".
  static std::string working(const json& terms) {
    std::string s;
    for (auto& t : terms.is_array() ? terms : json::array()) {
      s += (s.empty() ? "" : ", ") + shown(at(t, "what")) + " " + shown(at(t, "base"));
      if (!at(t, "percent").is_null()) s += " × " + shown(at(t, "percent")) + "%";
      if (at(t, "count").is_number() && at(t, "count").get<long long>() != 1) s += " × " + shown(at(t, "count"));
    }
    return s.empty() ? none : s;
  }

  /// Each record of `section` compared field by field, keyed by `keys`; records that came or went.
  void records(const std::string& section, const std::vector<std::string>& keys, const std::vector<std::string>& fields,
               const std::string& key_prefix = "") {
    auto olds = by_key(at(a_, section), keys);
    auto news = by_key(at(b_, section), keys);
    std::map<std::string, const json*> old_by(olds.begin(), olds.end());
    std::set<std::string> seen;
    for (auto& [k, r] : news) {
      seen.insert(k);
      auto it = old_by.find(k);
      if (it == old_by.end()) {
        change(section, key_prefix + k, "record", nullptr, summary(*r, fields), because(json::object(), *r));
        continue;
      }
      std::string why = because(*it->second, *r);
      for (auto& f : fields)
        if (at(*it->second, f) != at(*r, f)) change(section, key_prefix + k, f, at(*it->second, f), at(*r, f), why);
    }
    for (auto& [k, r] : olds)
      if (!seen.count(k)) change(section, key_prefix + k, "record", summary(*r, fields), nullptr, because(*r, json::object()));
  }

  static json summary(const json& r, const std::vector<std::string>& fields) {
    std::string s;
    for (auto& f : fields)
      if (!at(r, f).is_null()) s += (s.empty() ? "" : ", ") + f + " " + shown(at(r, f));
    return s;
  }

  void availability() {
    records("availability", {"service"},
            {"S_s", "M_s", "U_s", "percent", "target/percent", "target/verdict", "max_downtime/seconds",
             "max_downtime/verdict"});
    std::size_t figures_end = d_.changes.size();
    // The records behind a changed U: each downtime interval that came, went or counts otherwise.
    for (auto& [service, r] : by_key(at(b_, "availability"), {"service"})) {
      const json* before = nullptr;
      for (auto& [k, o] : by_key(at(a_, "availability"), {"service"}))
        if (k == service) before = o;
      if (!before) continue;
      auto olds = by_key(at(*before, "downtime"), {"record"});
      auto news = by_key(at(*r, "downtime"), {"record"});
      std::map<std::string, const json*> old_by(olds.begin(), olds.end()), new_by(news.begin(), news.end());
      for (auto& [k, d] : news) {
        auto it = old_by.find(k);
        json was = it == old_by.end() ? json(nullptr) : at(*it->second, "counted_s");
        if (was != at(*d, "counted_s"))
          change("availability", service + " downtime " + k, "counted_s", was, at(*d, "counted_s"),
                 because(it == old_by.end() ? json::object() : *it->second, *d));
      }
      for (auto& [k, d] : olds)
        if (!new_by.count(k))
          change("availability", service + " downtime " + k, "counted_s", at(*d, "counted_s"), nullptr,
                 because(*d, json::object()));
    }
    // A service's figures with no term of their own to blame follow from its downtime.
    for (std::size_t k = 0; k < figures_end; ++k) {
      auto& c = d_.changes[k];
      if (!c.because.empty() && c.because != "the contract or a file it reads changed" &&
          c.because.rfind("the history changed", 0) != 0)
        continue;
      for (std::size_t j = figures_end; j < d_.changes.size(); ++j)
        if (d_.changes[j].key.rfind(c.key + " downtime ", 0) == 0) {
          c.because = "its downtime, below";
          break;
        }
    }
  }

  void clocks(const std::string& section, const std::string& id) {
    records(section, {id, "kind"}, {"severity", "target_s", "start", "stop", "elapsed_s", "paused_s", "verdict", "terms"});
  }

  void money() {
    records("money/lines", {"penalty", "subject"}, {"rule", "exact", "rounded", "cap_cut", "amount"});
    for (auto& c : d_.changes)
      if (c.section == "money/lines") c.section = "money";
    for (const char* total : {"provider_before_caps", "provider_total", "customer_total"})
      if (at(a_, std::string("money/") + total) != at(b_, std::string("money/") + total))
        change("totals", total, "amount", at(a_, std::string("money/") + total), at(b_, std::string("money/") + total),
               "the lines above");
  }

  void completeness() {
    if (at(a_, "completeness/verdict") != at(b_, "completeness/verdict"))
      change("completeness", "inputs", "verdict", at(a_, "completeness/verdict"), at(b_, "completeness/verdict"),
             shown(at(b_, "completeness/line")));
  }

  void findings() {
    auto messages = [](const json& doc) {
      std::multiset<std::string> out;
      for (auto& f : at(doc, "findings").is_array() ? at(doc, "findings") : json::array()) out.insert(shown(at(f, "message")));
      return out;
    };
    auto o = messages(a_), n = messages(b_);
    for (auto& m : n)
      if (o.count(m) < n.count(m) && o.find(m) == o.end()) change("findings", m, "finding", nullptr, "new");
    for (auto& m : o)
      if (n.find(m) == n.end()) change("findings", m, "finding", "was there", nullptr);
  }

  /// Breaches by kind: the ledger's counts (a results document has each clock instead).
  void breaches() {
    for (const char* kind : {"services", "clocks", "escalations", "rates"}) {
      std::string path = std::string("breaches/") + kind;
      if (at(a_, path) != at(b_, path))
        change("breaches", kind, "count", at(a_, path), at(b_, path), fallback());
    }
  }

  void decisions() {
    records("decisions", {"row"}, {"target", "decision", "value", "approver"});
  }

  const json& a_;
  const json& b_;
  run_diff& d_;
  std::set<std::string> changed_files_;
  bool contract_changed_ = false;
  std::string history_changed_;  ///< the inputs not of the contract that changed, listed
};

std::optional<json> results_document(const std::string& text, const char* which, std::string& error) {
  json doc = json::parse(text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) {
    error = std::string(which) + " is not JSON";
    return std::nullopt;
  }
  if (at(doc, "schema") != json("slaudit-results/1")) {
    error = std::string(which) + " is not a slaudit results document (its \"schema\" is " + shown(at(doc, "schema")) +
            ", not slaudit-results/1): give the .json report of `slaudit run` or `slaudit batch`";
    return std::nullopt;
  }
  return doc;
}

/// A field of a ledger row as the results document writes it.
json value_of(const ledger::field& f) {
  if (auto* i = std::get_if<std::int64_t>(&f)) return *i;
  if (auto* t = std::get_if<std::string>(&f)) return *t;
  return nullptr;
}

std::int64_t integer_of(const ledger::field& f) {
  auto* i = std::get_if<std::int64_t>(&f);
  return i ? *i : 0;
}

std::string text_of(const ledger::field& f) {
  auto* t = std::get_if<std::string>(&f);
  return t ? *t : std::string();
}

/// A run's figures of a month as a results document holds the same figures (the columns of
/// the ledger's tables: ledger.cpp, figures_parts).
json document_of(const ledger::recorded_figures& f) {
  auto& m = f.month;
  auto col = [&](std::size_t k) -> const ledger::field& {
    static const ledger::field none;
    return k < m.size() ? m[k] : none;
  };
  std::string currency = text_of(col(7));
  auto money = [&](const ledger::field& v) { return json(engine::money_text(integer_of(v), currency)); };
  json doc = json::object();
  doc["schema"] = "slaudit-results/1";
  doc["contract"] = {{"id", text_of(col(0))}, {"file", text_of(col(3))}};
  doc["period"] = {{"label", text_of(col(1))}};
  // The contract's files (root "contracts") and the history's, as the ledger keeps them.
  json sources = json::array(), inputs = json::array();
  for (auto& i : f.inputs) {
    std::string root = i.size() > 0 ? text_of(i[0]) : "", path = i.size() > 1 ? text_of(i[1]) : "";
    std::string sha = i.size() > 2 ? text_of(i[2]) : "";
    if (root == "contracts" && path == text_of(col(3))) doc["contract"]["sha256"] = sha;
    else (root == "contracts" ? sources : inputs).push_back({{"file", path}, {"sha256", sha}});
  }
  doc["contract"]["sources"] = sources;
  doc["inputs"] = inputs;
  // A ratio as the results document writes it, and its target with the verdict.
  auto percent = [](const ledger::field& num, const ledger::field& den) {
    return integer_of(den) > 0 ? json(engine::percent_text(integer_of(num), integer_of(den))) : json(nullptr);
  };
  auto target = [](const ledger::field& pct, const ledger::field& verdict) {
    return json{{"percent", text_of(pct).empty() ? json(nullptr) : json(text_of(pct))}, {"verdict", value_of(verdict)}};
  };
  json availability = json::array();
  for (auto& v : f.services) {
    if (v.size() < 9) continue;
    availability.push_back({{"service", text_of(v[1])},
                            {"S_s", value_of(v[2])},
                            {"M_s", value_of(v[3])},
                            {"U_s", value_of(v[4])},
                            {"percent", percent(v[5], v[6])},
                            {"target", target(v[7], v[8])}});
  }
  doc["availability"] = availability;
  json rates = json::array();
  for (auto& v : f.rates) {
    if (v.size() < 7) continue;
    rates.push_back({{"metric", text_of(v[1])},
                     {"service", text_of(v[2])},
                     {"numerator", value_of(v[3])},
                     {"denominator", value_of(v[4])},
                     {"percent", percent(v[3], v[4])},
                     {"target", target(v[5], v[6])}});
  }
  doc["rates"] = rates;
  json lines = json::array();
  for (auto& v : f.lines) {
    if (v.size() < 9) continue;
    // The ledger keeps a line's working (its formula) for its rule.
    lines.push_back({{"penalty", text_of(v[1])},
                     {"subject", text_of(v[2])},
                     {"clauses", json::array({text_of(v[3])})},
                     {"rule", text_of(v[8])},
                     {"rounded", money(v[5])},
                     {"cap_cut", money(v[6])},
                     {"amount", money(v[7])}});
  }
  doc["money"] = {{"lines", lines},
                  {"provider_before_caps", money(col(14))},
                  {"provider_total", money(col(15))},
                  {"customer_total", money(col(16))}};
  doc["breaches"] = {{"services", value_of(col(10))},
                     {"clocks", value_of(col(11))},
                     {"escalations", value_of(col(12))},
                     {"rates", value_of(col(13))}};
  json decided = json::array();
  for (auto& v : f.decisions) {
    if (v.size() < 6) continue;
    decided.push_back({{"row", value_of(v[1])},
                       {"target", value_of(v[2])},
                       {"decision", value_of(v[3])},
                       {"value", value_of(v[4])},
                       {"approver", value_of(v[5])}});
  }
  doc["decisions"] = decided;
  return doc;
}

}  // namespace

run_diff diff_recorded(const ledger::recorded_figures& before, const ledger::recorded_figures& after) {
  json a = document_of(before), b = document_of(after);
  run_diff d;
  differ(a, b, d).run();
  return d;
}

std::optional<run_diff> diff_results(const std::string& old_json, const std::string& new_json, std::string& error) {
  auto a = results_document(old_json, "OLD", error);
  if (!a) return std::nullopt;
  auto b = results_document(new_json, "NEW", error);
  if (!b) return std::nullopt;
  run_diff d;
  differ(*a, *b, d).run();
  return d;
}

std::string diff_text(const run_diff& d) {
  std::string out;
  for (auto& n : d.notes) out += "note: " + n + "\n";
  std::size_t n = d.changes.size();
  out += d.contract + " " + d.period + ": " +
         (n == 0 ? std::string("no figure changed") : std::to_string(n) + (n == 1 ? " change" : " changes")) + "\n";
  if (!d.inputs.empty()) {
    out += "\ninputs that changed\n";
    for (auto& i : d.inputs)
      out += "  " + i.file + "  " + (i.before == none ? none : i.before.substr(0, 12) + "…") + " → " +
             (i.after == none ? none : i.after.substr(0, 12) + "…") + "\n";
  }
  std::string section;
  const figure_change* last = nullptr;
  for (auto& c : d.changes) {
    if (c.section != section) out += "\n" + (section = c.section) + "\n";
    out += "  " + c.key + "  " + (c.field == "record" ? std::string() : c.field + "  ") + c.before + " → " + c.after;
    // Said once for a record's figures that change for one reason.
    bool said = last && last->section == c.section && last->key == c.key && last->because == c.because;
    if (!c.because.empty() && !said) out += "  [" + c.because + "]";
    out += "\n";
    last = &c;
  }
  return out;
}

std::string diff_json(const run_diff& d) {
  reports::json_writer w;
  w.object();
  w.key("contract").str(d.contract);
  w.key("period").str(d.period);
  w.key("changed").boolean(!d.changes.empty());
  w.key("notes").list();
  for (auto& n : d.notes) w.str(n);
  w.close(']');
  w.key("inputs").array();
  for (auto& i : d.inputs) {
    w.record();
    w.key("file").str(i.file);
    i.before == none ? w.key("before").null() : w.key("before").str(i.before);
    i.after == none ? w.key("after").null() : w.key("after").str(i.after);
    w.close('}');
  }
  w.close(']');
  w.key("changes").array();
  for (auto& c : d.changes) {
    w.record();
    w.key("section").str(c.section);
    w.key("key").str(c.key);
    w.key("field").str(c.field);
    c.before == none ? w.key("before").null() : w.key("before").str(c.before);
    c.after == none ? w.key("after").null() : w.key("after").str(c.after);
    w.key("because").str(c.because);
    w.close('}');
  }
  w.close(']');
  w.close('}');
  return w.out + "\n";
}

}  // namespace slaudit::batch
