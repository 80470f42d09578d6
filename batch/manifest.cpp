#include "batch/manifest.hpp"

#include <nlohmann/json.hpp>

namespace slaudit::batch {
namespace {

using json = nlohmann::ordered_json;

constexpr int manifest_format = 2;


json summary_json(const contract_summary& s) {
  json services = json::array();
  for (auto& v : s.services)
    services.push_back({{"id", v.id},
                        {"S", v.S},
                        {"M", v.M},
                        {"U", v.U},
                        {"availability_numerator", v.numerator},
                        {"availability_denominator", v.denominator},
                        {"availability_pct", v.denominator > 0 ? engine::percent_text(v.numerator, v.denominator) : ""},
                        {"target_pct", v.target},
                        {"verdict", v.verdict}});
  return {{"id", s.id},
          {"title", s.title},
          {"customer", s.customer},
          {"provider", s.provider},
          {"currency", s.currency},
          {"minor_digits", s.minor_digits},
          {"verdict", s.breached ? "breached" : "met"},
          {"breaches",
           {{"services", s.breaches.services},
            {"clocks", s.breaches.clocks},
            {"escalations", s.breaches.escalations},
            {"rates", s.breaches.rates}}},
          {"provider_before_caps_minor", s.provider_before_caps},
          {"provider_total_minor", s.provider_total},
          {"customer_total_minor", s.customer_total},
          {"yearly_cap_minor", s.yearly_cap ? json(*s.yearly_cap) : json(nullptr)},
          {"earlier_year_credits_minor", s.earlier_year_credits},
          {"services", services}};
}

contract_summary summary_from(const json& j) {
  contract_summary s;
  s.id = j.at("id").get<std::string>();
  s.title = j.at("title").get<std::string>();
  s.customer = j.at("customer").get<std::string>();
  s.provider = j.at("provider").get<std::string>();
  s.currency = j.at("currency").get<std::string>();
  s.minor_digits = j.at("minor_digits").get<int>();
  s.breached = j.at("verdict").get<std::string>() == "breached";
  auto& b = j.at("breaches");
  s.breaches = {b.at("services").get<std::size_t>(), b.at("clocks").get<std::size_t>(),
                b.at("escalations").get<std::size_t>(), b.at("rates").get<std::size_t>()};
  s.provider_before_caps = j.at("provider_before_caps_minor").get<std::int64_t>();
  s.provider_total = j.at("provider_total_minor").get<std::int64_t>();
  s.customer_total = j.at("customer_total_minor").get<std::int64_t>();
  if (auto& cap = j.at("yearly_cap_minor"); !cap.is_null()) s.yearly_cap = cap.get<std::int64_t>();
  s.earlier_year_credits = j.at("earlier_year_credits_minor").get<std::int64_t>();
  for (auto& v : j.at("services"))
    s.services.push_back({v.at("id").get<std::string>(), v.at("S").get<std::int64_t>(), v.at("M").get<std::int64_t>(),
                          v.at("U").get<std::int64_t>(), v.at("availability_numerator").get<std::int64_t>(),
                          v.at("availability_denominator").get<std::int64_t>(), v.at("target_pct").get<std::string>(),
                          v.at("verdict").get<std::string>()});
  return s;
}

contract_entry entry_from(const json& c) {
  contract_entry e;
  e.file = c.at("file").get<std::string>();
  std::string status = c.at("status").get<std::string>();
  if (status == "ok") e.status = entry_status::ok;
  else if (status == "skipped-unchanged") e.status = entry_status::skipped_unchanged;
  else e.status = entry_status::failed;
  if (c.contains("error")) e.error = c.at("error").get<std::string>();
  for (auto& i : c.at("inputs"))
    e.inputs.push_back({i.at("root").get<std::string>(), i.at("path").get<std::string>(), i.at("sha256").get<std::string>()});
  for (auto& o : c.at("outputs")) e.outputs.push_back({o.at("path").get<std::string>(), o.at("sha256").get<std::string>()});
  if (c.contains("warnings"))
    for (auto& w : c.at("warnings")) e.warnings.push_back(w.get<std::string>());
  if (c.contains("superseded"))
    for (auto& m : c.at("superseded"))
      e.superseded.push_back({m.at("path").get<std::string>(), m.at("sha256").get<std::string>(),
                              m.at("was").get<std::string>()});
  if (c.contains("summary")) e.summary = summary_from(c.at("summary"));
  return e;
}

}  // namespace


std::string manifest_name(std::uint32_t index, std::uint32_t count) {
  if (count <= 1) return "manifest.json";
  return "manifest.shard-" + std::to_string(index) + "-of-" + std::to_string(count) + ".json";
}

std::string manifest_entry_json(const contract_entry& e) {
  json inputs = json::array(), outputs = json::array();
  for (auto& i : e.inputs) inputs.push_back({{"root", i.root}, {"path", i.path}, {"sha256", i.sha256}});
  for (auto& o : e.outputs) outputs.push_back({{"path", o.path}, {"sha256", o.sha256}});
  json entry = {{"file", e.file}, {"status", status_word(e.status)}};
  if (e.status == entry_status::failed) entry["error"] = e.error;
  entry["inputs"] = inputs;
  entry["outputs"] = outputs;
  if (!e.warnings.empty()) entry["warnings"] = e.warnings;
  if (!e.superseded.empty()) {
    json moved = json::array();
    for (auto& m : e.superseded) moved.push_back({{"path", m.path}, {"sha256", m.sha256}, {"was", m.was}});
    entry["superseded"] = moved;
  }
  if (e.summary) entry["summary"] = summary_json(*e.summary);
  return indented_item(entry.dump(2));
}

std::string indented_item(const std::string& dump) {
  std::string out;
  out.reserve(dump.size() + dump.size() / 8);
  for (char c : dump) {
    out += c;
    if (c == '\n') out += "    ";  // an element sits two levels deep
  }
  return out;
}

spliced_array::spliced_array(std::string head, std::string_view key, std::function<void(std::string_view)> put)
    : head_(std::move(head)), put_(std::move(put)) {
  std::string empty = "\"" + std::string(key) + "\": []";
  at_ = head_.find(empty) + empty.size() - 1;
  put_(std::string_view(head_).substr(0, at_));
}

void spliced_array::add(std::string_view item) {
  put_(any_ ? ",\n    " : "\n    ");
  put_(item);
  any_ = true;
}

void spliced_array::finish() {
  if (any_) put_("\n  ");
  put_(std::string_view(head_).substr(at_));
  put_("\n");
}

std::string manifest_json(const manifest& m) {
  std::vector<std::string> texts;
  texts.reserve(m.contracts.size());
  for (auto& e : m.contracts) texts.push_back(manifest_entry_json(e));
  std::vector<const std::string*> entries;
  for (auto& t : texts) entries.push_back(&t);
  return manifest_json(m, entries);
}

std::string manifest_json(const manifest& m, const std::vector<const std::string*>& entries) {
  std::size_t size = 4096;
  for (auto* e : entries) size += e->size() + 6;
  std::string out;
  out.reserve(size);
  write_manifest(
      m, entries.size(), [&](std::size_t k) { return *entries[k]; }, [&](std::string_view piece) { out += piece; });
  return out;
}

void write_manifest(const manifest& m, std::size_t count, const std::function<std::string(std::size_t k)>& entry,
                    const std::function<void(std::string_view piece)>& put) {
  // The document without its contracts, then each contract's own text set in place: a DOM
  // of thousands of entries at every checkpoint made the batch's memory grow with the
  // portfolio. The bytes are those of one dump(2) of the whole document.
  json doc = {{"manifest_format", manifest_format},
              {"tool", "slaudit"},
              {"version", m.version},
              {"period", m.period},
              {"settings", m.settings},
              {"shard", {{"index", m.shard_index}, {"count", m.shard_count}}},
              {"contracts", json::array()}};
  json portfolio = json::array();
  for (auto& o : m.portfolio) portfolio.push_back({{"path", o.path}, {"sha256", o.sha256}});
  doc["portfolio"] = portfolio;
  if (!m.removed.empty()) {
    json removed = json::array();
    for (auto& r : m.removed) {
      json moved = json::array();
      for (auto& s : r.superseded) moved.push_back({{"path", s.path}, {"sha256", s.sha256}, {"was", s.was}});
      removed.push_back({{"file", r.file}, {"superseded", moved}});
    }
    doc["removed"] = removed;
  }
  // UTF-8 kept as it is (contract titles are Chinese); invalid bytes cannot reach here.
  spliced_array contracts(doc.dump(2), "contracts", put);
  for (std::size_t k = 0; k < count; ++k) contracts.add(entry(k));
  contracts.finish();
}

std::optional<contract_entry> parse_manifest_entry(std::string_view text, std::string& why) {
  try {
    return entry_from(json::parse(text));
  } catch (const nlohmann::json::exception& e) {
    why = e.what();
    return std::nullopt;
  }
}

std::optional<manifest> parse_manifest(const std::string& text, std::string& why) {
  try {
    json doc = json::parse(text);
    if (doc.at("manifest_format").get<int>() != manifest_format) {
      why = "written by another version of the manifest format";
      return std::nullopt;
    }
    manifest m;
    m.version = doc.at("version").get<std::string>();
    m.period = doc.at("period").get<std::string>();
    m.settings = doc.at("settings").get<std::string>();
    m.shard_index = doc.at("shard").at("index").get<std::uint32_t>();
    m.shard_count = doc.at("shard").at("count").get<std::uint32_t>();
    for (auto& c : doc.at("contracts")) m.contracts.push_back(entry_from(c));
    if (doc.contains("removed"))
      for (auto& r : doc.at("removed")) {
        removed_contract gone{r.at("file").get<std::string>(), {}};
        for (auto& s : r.at("superseded"))
          gone.superseded.push_back({s.at("path").get<std::string>(), s.at("sha256").get<std::string>(),
                                     s.at("was").get<std::string>()});
        m.removed.push_back(std::move(gone));
      }
    if (doc.contains("portfolio"))
      for (auto& o : doc.at("portfolio")) m.portfolio.push_back({o.at("path").get<std::string>(), o.at("sha256").get<std::string>()});
    return m;
  } catch (const nlohmann::json::exception& e) {
    why = e.what();
    return std::nullopt;
  }
}

}  // namespace slaudit::batch
