#include "batch/manifest.hpp"

#include <nlohmann/json.hpp>

#include "reports/json.hpp"

namespace slaudit::batch {
namespace {

using json = nlohmann::ordered_json;

constexpr int manifest_format = 2;


void summary_json(reports::json_writer& w, const contract_summary& s) {
  w.key("summary").object();
  w.key("id").str(s.id);
  w.key("title").str(s.title);
  w.key("customer").str(s.customer);
  w.key("provider").str(s.provider);
  w.key("currency").str(s.currency);
  w.key("minor_digits").num(s.minor_digits);
  w.key("verdict").str(s.breached ? "breached" : "met");
  w.key("breaches").object();
  w.key("services").num(static_cast<std::int64_t>(s.breaches.services));
  w.key("clocks").num(static_cast<std::int64_t>(s.breaches.clocks));
  w.key("escalations").num(static_cast<std::int64_t>(s.breaches.escalations));
  w.key("rates").num(static_cast<std::int64_t>(s.breaches.rates));
  w.close('}');
  w.key("provider_before_caps_minor").num(s.provider_before_caps);
  w.key("provider_total_minor").num(s.provider_total);
  w.key("customer_total_minor").num(s.customer_total);
  s.yearly_cap ? w.key("yearly_cap_minor").num(*s.yearly_cap) : w.key("yearly_cap_minor").null();
  w.key("earlier_year_credits_minor").num(s.earlier_year_credits);
  w.key("services").array();
  for (auto& v : s.services) {
    w.object();
    w.key("id").str(v.id);
    w.key("S").num(v.S);
    w.key("M").num(v.M);
    w.key("U").num(v.U);
    w.key("availability_numerator").num(v.numerator);
    w.key("availability_denominator").num(v.denominator);
    w.key("availability_pct").str(v.denominator > 0 ? engine::percent_text(v.numerator, v.denominator) : "");
    w.key("target_pct").str(v.target);
    w.key("verdict").str(v.verdict);
    w.close('}');
  }
  w.close(']');
  w.close('}');
}

/// Files written, each with its digest: a contract's reports, the portfolio's.
void output_digests(reports::json_writer& w, const char* name, const std::vector<output_digest>& files) {
  w.key(name).array();
  for (auto& o : files) {
    w.object();
    w.key("path").str(o.path);
    w.key("sha256").str(o.sha256);
    w.close('}');
  }
  w.close(']');
}

/// Files moved aside: where each went, its digest, and what it was.
void superseded_json(reports::json_writer& w, const std::vector<superseded_report>& moved) {
  w.key("superseded").array();
  for (auto& m : moved) {
    w.object();
    w.key("path").str(m.path);
    w.key("sha256").str(m.sha256);
    w.key("was").str(m.was);
    w.close('}');
  }
  w.close(']');
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
  reports::json_writer w(2);  // an element of the manifest's "contracts", two levels deep
  w.object();
  w.key("file").str(e.file);
  w.key("status").str(status_word(e.status));
  if (e.status == entry_status::failed) w.key("error").str(e.error);
  w.key("inputs").array();
  for (auto& i : e.inputs) {
    w.object();
    w.key("root").str(i.root);
    w.key("path").str(i.path);
    w.key("sha256").str(i.sha256);
    w.close('}');
  }
  w.close(']');
  output_digests(w, "outputs", e.outputs);
  if (!e.warnings.empty()) {
    w.key("warnings").array();
    for (auto& text : e.warnings) w.str(text);
    w.close(']');
  }
  if (!e.superseded.empty()) superseded_json(w, e.superseded);
  if (e.summary) summary_json(w, *e.summary);
  w.close('}');
  return std::move(w.out);
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
  // Written piece by piece, each contract's own text set in place: a DOM of thousands of
  // entries at every checkpoint made the batch's memory grow with the portfolio.
  reports::json_writer w;
  w.object();
  w.key("manifest_format").num(manifest_format);
  w.key("tool").str("slaudit");
  w.key("version").str(m.version);
  w.key("period").str(m.period);
  w.key("settings").str(m.settings);
  w.key("shard").object();
  w.key("index").num(m.shard_index);
  w.key("count").num(m.shard_count);
  w.close('}');
  w.key("contracts").array();
  for (std::size_t k = 0; k < count; ++k) {
    w.element(entry(k));
    put(w.take());
  }
  w.close(']');
  output_digests(w, "portfolio", m.portfolio);
  if (!m.removed.empty()) {
    w.key("removed").array();
    for (auto& r : m.removed) {
      w.object();
      w.key("file").str(r.file);
      superseded_json(w, r.superseded);
      w.close('}');
    }
    w.close(']');
  }
  w.close('}');
  w.out += '\n';
  put(w.out);
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
