// Hand-computed scenarios: fixtures/scenarios/<name>/ holds a history folder and an
// `expected` file whose comments work out every figure. One test case runs them all.
#include <catch2/catch.hpp>

#include <filesystem>
#include <sstream>

#include "engine/money.hpp"
#include "engine/replay.hpp"
#include "history/ingest.hpp"
#include "reports/json_writer.hpp"
#include "test_support.hpp"

using namespace slaudit;
namespace fs = std::filesystem;

namespace {

/// One period a scenario's history is replayed for, and what it must show.
struct section {
  std::string period;
  /// Earlier months' credits in the contract year, in minor units, as the user states them;
  /// without an `earlier` line they are unknown.
  engine::earlier_credits earlier;
  std::vector<std::pair<int, std::vector<std::string>>> checks;  ///< line number, words
};

/// A history and the periods it is replayed for, month by month: each `period` line of the
/// `expected` file starts a section; the checks after it are that period's.
struct scenario {
  std::string name, contract = "contract.sla";
  fs::path dir;
  bool skip_bad_rows = false;
  std::vector<section> sections;
};

scenario read_expected(const fs::path& dir) {
  scenario s;
  s.name = dir.filename().string();
  s.dir = dir;
  std::istringstream in(test::read_text((dir / "expected").string()));
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream words(line);
    std::vector<std::string> w;
    for (std::string x; words >> x;) w.push_back(x);
    if (w[0] == "contract") s.contract = w.at(1);
    else if (w[0] == "period") s.sections.push_back({w.at(1), {}, {}});
    else if (w[0] == "skip_bad_rows") s.skip_bad_rows = true;
    else if (s.sections.empty()) FAIL(dir.string() << "/expected:" << n << ": a check before the first `period` line");
    else if (w[0] == "earlier") s.sections.back().earlier = {engine::earlier_source::user, std::stoll(w.at(1))};
    else s.sections.back().checks.push_back({n, w});
  }
  return s;
}

/// A scenario's contract, its zone and the period it is replayed for; REQUIREs each.
struct scenario_terms {
  test::loaded loaded;
  engine::zone zone;
  engine::period period;
};

scenario_terms load_terms(const fs::path& dir, const scenario& s, const section& at) {
  auto contract_path = (dir / s.contract).lexically_normal().string();
  auto loaded = test::load(test::read_text(contract_path), test::disk{}, contract_path);
  REQUIRE(loaded.model);
  auto z = engine::zone::locate(loaded.model->timezone);
  auto p = engine::parse_period(at.period);
  REQUIRE((z && p));
  return {std::move(loaded), *z, *p};
}

const engine::availability_result* availability_of(const engine::period_result& r, const std::string& service) {
  for (auto& a : r.availability)
    if (a.service == service) return &a;
  return nullptr;
}

template <typename List>
const typename List::value_type* counted(const List& v, const std::string& record) {
  for (auto& x : v)
    if (x.record == record) return &x;
  return nullptr;
}

}  // namespace

TEST_CASE("hand-computed scenarios", "[scenario]") {
  std::size_t ran = 0;
  std::size_t kept_out = 0;  // records of other periods the scenarios hold, left out
  std::vector<fs::path> dirs;
  for (auto& e : fs::directory_iterator(test::source_dir() + "/fixtures/scenarios"))
    if (e.is_directory()) dirs.push_back(e.path());
  std::sort(dirs.begin(), dirs.end());
  // Each scenario's periods, month by month.
  std::vector<std::pair<scenario, section>> runs;
  for (auto& dir : dirs) {
    auto s = read_expected(dir);
    CHECK_FALSE(s.sections.empty());
    for (auto& at : s.sections) runs.push_back({s, at});
  }
  for (auto& [s, at] : runs) {
    const fs::path& dir = s.dir;
    INFO("scenario " << s.name << ", period " << at.period);
    auto [loaded, z, p] = load_terms(dir, s, at);
    history::ingest_options opt;
    opt.skip_bad_rows = s.skip_bad_rows;
    // As `slaudit run` does: only the period's records are kept.
    opt.period = engine::period_bounds(p, z);
    auto h = history::ingest_folder((dir / "history").string(), test::disk{}, *loaded.model, z, opt);
    if (h.error) FAIL(h.error->str());
    auto r = engine::replay(*loaded.model, z, p, h.events, at.earlier);
    for (auto& l : r.money.lines) {
      // The terms a spreadsheet recomputes a line from add up to the line's exact value.
      engine::exact_money sum;
      for (auto& t : l.terms) {
        auto v = engine::exact_money::of(t.base);
        if (t.percent) v = v.percent(*t.percent);
        sum = sum.plus(v.times(t.count));
      }
      INFO("penalty line " << l.penalty << " " << l.subject);
      CHECK(!l.terms.empty());
      CHECK(engine::exact_text(sum, r.money.currency) == l.exact);
    }
    {
      // Leaving out what cannot touch the period changes nothing but the inputs' counts.
      opt.period.reset();
      auto all = history::ingest_folder((dir / "history").string(), test::disk{}, *loaded.model, z, opt);
      REQUIRE(!all.error);
      auto unfiltered = engine::replay(*loaded.model, z, p, all.events, at.earlier);
      auto filtered = r;
      // The counts, and what completeness makes of them (a file whose rows all lie elsewhere).
      for (auto* x : {&unfiltered, &filtered}) {
        x->inputs.clear();
        x->complete = {};
        std::erase_if(x->findings, [](auto& f) { return f.message.find(" lie outside ") != std::string::npos; });
      }
      CHECK(reports::results_json(filtered, "test") == reports::results_json(unfiltered, "test"));
      std::size_t outside = 0;
      for (auto& f : h.events.files) outside += f.outside_period;
      kept_out += outside;
    }
    auto money = [&](engine::minor_units v) { return engine::money_text(v, r.money.currency); };
    for (auto& [line, w] : at.checks) {
      INFO("expected line " << line << ": " << [&] {
        std::string t;
        for (auto& x : w) t += x + " ";
        return t;
      }());
      const std::string& what = w[0];
      if (what == "availability") {
        auto* a = availability_of(r, w.at(1));
        REQUIRE(a);
        const std::string& f = w.at(2);
        if (f == "S") CHECK(std::to_string(a->S) == w.at(3));
        else if (f == "M") CHECK(std::to_string(a->M) == w.at(3));
        else if (f == "U") CHECK(std::to_string(a->U) == w.at(3));
        else if (f == "percent") CHECK(engine::percent_text(a->numerator, a->denominator) == w.at(3));
        else if (f == "target") CHECK(std::string(engine::verdict_word(a->on_target)) == w.at(3) + (w.size() > 4 ? " " + w[4] : ""));
        else if (f == "max_downtime") CHECK(std::string(engine::verdict_word(a->on_max_downtime)) == w.at(3));
        else if (f == "target-pct") CHECK((a->target_pct ? a->target_pct->str() : "none") == w.at(3));
        else FAIL("unknown availability field " << f);
      } else if (what == "downtime" || what == "planned" || what == "unplanned") {
        auto* a = availability_of(r, w.at(1));
        REQUIRE(a);
        auto& list = what == "downtime" ? a->downtime : what == "planned" ? a->maintenance : a->unplanned_maintenance;
        std::int64_t total = 0;
        bool found = false;
        for (auto& x : list)
          if (x.record == w.at(2)) total += what == "planned" ? x.span.length() : x.counted_s, found = true;
        CHECK(found);
        CHECK(std::to_string(total) == w.at(3));
      } else if (what == "excluded") {
        auto* a = availability_of(r, w.at(1));
        REQUIRE(a);
        CHECK(counted(a->excluded, w.at(2)));
      } else if (what == "excluded-count") {
        auto* a = availability_of(r, w.at(1));
        REQUIRE(a);
        CHECK(std::to_string(a->excluded.size()) == w.at(2));
      } else if (what == "outside") {  // records of a file left out as outside the period
        auto f = std::find_if(h.events.files.begin(), h.events.files.end(), [&](auto& x) { return x.name == w.at(1); });
        REQUIRE(f != h.events.files.end());
        CHECK(std::to_string(f->outside_period) == w.at(2));
      } else if (what == "open") {
        auto* a = availability_of(r, w.at(1));
        REQUIRE(a);
        CHECK(std::find(a->open_incidents.begin(), a->open_incidents.end(), w.at(2)) != a->open_incidents.end());
      } else if (what == "clock") {
        const engine::clock_result* c = nullptr;
        for (auto& x : r.clocks)
          if (x.incident == w.at(1) && x.kind == w.at(2)) c = &x;
        REQUIRE(c);
        CHECK(std::to_string(c->elapsed_s) == w.at(3));
        std::string v = w.at(4) + (w.size() > 5 ? " " + w[5] : "");
        CHECK(engine::verdict_word(c->outcome) == v);
      } else if (what == "clock-terms") {
        // clock-terms ID KIND NAME: the amendment whose terms judged the clock ("as-signed": none)
        const engine::clock_result* c = nullptr;
        for (auto& x : r.clocks)
          if (x.incident == w.at(1) && x.kind == w.at(2)) c = &x;
        REQUIRE(c);
        CHECK(r.terms.amended);
        CHECK((c->terms.empty() ? std::string("as-signed") : std::string(c->terms)) == w.at(3));
      } else if (what == "month-terms") {
        CHECK(r.terms.amended);
        CHECK((r.terms.month.empty() ? std::string("as-signed") : r.terms.month) == w.at(1));
      } else if (what == "ticket") {
        const engine::clock_result* c = nullptr;
        for (auto& x : r.tickets)
          if (x.incident == w.at(1)) c = &x;
        REQUIRE(c);
        CHECK(std::to_string(c->elapsed_s) == w.at(2));
        CHECK(engine::verdict_word(c->outcome) == w.at(3) + (w.size() > 4 ? " " + w[4] : ""));
      } else if (what == "escalation" || what == "no-escalation") {
        const engine::escalation_result* e = nullptr;
        for (auto& x : r.escalations)
          if (x.incident == w.at(1) && std::to_string(x.after_s) == w.at(2)) e = &x;
        if (what == "no-escalation") {
          CHECK_FALSE(e);
        } else {
          REQUIRE(e);
          CHECK(engine::verdict_word(e->outcome) == w.at(3));
        }
      } else if (what == "escalations") {
        CHECK(std::to_string(r.escalations.size()) == w.at(1));
      } else if (what == "rate") {
        const engine::rate_result* rt = nullptr;
        for (auto& x : r.rates)
          if (x.metric == w.at(1) && (w.at(2) == "-" ? x.service.empty() : x.service == w.at(2))) rt = &x;
        REQUIRE(rt);
        CHECK(engine::percent_text(rt->numerator, rt->denominator) == w.at(3));
        CHECK(engine::verdict_word(rt->outcome) == w.at(4) + (w.size() > 5 ? " " + w[5] : ""));
      } else if (what == "line" || what == "no-line" || what == "no-line-for") {
        // line PENALTY SUBJECT ROUNDED AMOUNT ("all" stands for "all services")
        std::vector<const engine::penalty_line*> found;
        for (auto& l : r.money.lines)
          if (l.penalty == w.at(1) &&
              (what == "no-line" || l.subject == w.at(2) || (w.at(2) == "all" && l.subject == "all services")))
            found.push_back(&l);
        if (what != "line") {
          CHECK(found.empty());
        } else {
          REQUIRE(found.size() == 1);
          CHECK(money(found[0]->rounded) == w.at(3));
          CHECK(money(found[0]->amount) == w.at(4));
          CHECK_FALSE(found[0]->formula.empty());
        }
      } else if (what == "pro-rata" || what == "no-pro-rata") {
        // pro-rata FIGURE SERVICE RESULT ("-": the contract's): a figure an amendment marked
        // pro_rata shared by days, and what its working comes to; no-pro-rata: none.
        std::vector<const engine::finding*> shared;
        for (auto& f : r.findings)
          if (f.what == engine::finding::kind::pro_rated) shared.push_back(&f);
        if (what == "no-pro-rata") {
          CHECK(shared.empty());
        } else {
          const engine::finding* f = nullptr;
          for (auto* x : shared)
            if (x->values.at(0) == w.at(1) && x->values.at(1) == (w.at(2) == "-" ? "" : w.at(2))) f = x;
          REQUIRE(f);
          CHECK_THAT(f->values.at(2), Catch::Contains(" = " + w.at(3)));
        }
      } else if (what == "total") {
        const std::string& which = w.at(1);
        auto v = which == "provider" ? r.money.provider_total
                 : which == "customer" ? r.money.customer_total
                                       : r.money.provider_before_caps;
        CHECK(money(v) == w.at(2));
      } else if (what == "clock-note" || what == "ticket-note") {
        // clock-note ID KIND TEXT… / ticket-note ID TEXT…: the clock's note holds the text,
        // and a clock judged at the period's end shows no stop time from after it.
        bool ticket = what == "ticket-note";
        const engine::clock_result* c = nullptr;
        for (auto& x : ticket ? r.tickets : r.clocks)
          if (x.incident == w.at(1) && (ticket || x.kind == w.at(2))) c = &x;
        REQUIRE(c);
        std::string needle;
        for (std::size_t k = ticket ? 2 : 3; k < w.size(); ++k) needle += (needle.empty() ? "" : " ") + w[k];
        CHECK_THAT(std::string(c->note), Catch::Contains(needle));
        if (c->stop) CHECK(*c->stop < r.bounds.to);
      } else if (what == "late" || what == "no-late") {
        // late ID KIND ELAPSED: a clock that stopped in the period past its target (charged
        // by late-by-time clauses here), with its whole elapsed time.
        const engine::clock_result* c = nullptr;
        for (auto& x : r.stopped_late)
          if (x.incident == w.at(1) && x.kind == w.at(2)) c = &x;
        if (what == "no-late") {
          CHECK_FALSE(c);
        } else {
          REQUIRE(c);
          CHECK(std::to_string(c->elapsed_s) == w.at(3));
        }
      } else if (what == "paused") {  // paused ID KIND SECONDS: coverage time the clock spent paused
        const engine::clock_result* c = nullptr;
        for (auto& x : r.clocks)
          if (x.incident == w.at(1) && x.kind == w.at(2)) c = &x;
        REQUIRE(c);
        CHECK(std::to_string(c->paused_s) == w.at(3));
      } else if (what == "no-ticket") {
        for (auto& x : r.tickets) CHECK_FALSE(x.incident == w.at(1));
      } else if (what == "tickets") {
        CHECK(std::to_string(r.tickets.size()) == w.at(1));
      } else if (what == "yearly-cap") {  // yearly-cap LIMIT EARLIER SOURCE, or yearly-cap none
        if (w.at(1) == "none") {
          CHECK_FALSE(r.money.yearly_cap);
        } else {
          REQUIRE(r.money.yearly_cap);
          CHECK(money(*r.money.yearly_cap) == w.at(1));
          CHECK(money(r.money.earlier_year_credits) == w.at(2));
          const char* source[] = {"unknown", "none", "ledger", "user"};
          CHECK(source[static_cast<int>(r.money.earlier_from)] == w.at(3));
        }
      } else if (what == "cap-text") {  // cap-text TEXT…: one of the caps' sentences holds it
        std::string needle;
        for (std::size_t k = 1; k < w.size(); ++k) needle += (k > 1 ? " " : "") + w[k];
        CHECK(std::any_of(r.money.caps.begin(), r.money.caps.end(),
                          [&](auto& c) { return c.find(needle) != std::string::npos; }));
      } else if (what == "clock-severity") {  // clock-severity ID KIND N: judged against severity N's target
        const engine::clock_result* c = nullptr;
        for (auto& x : r.clocks)
          if (x.incident == w.at(1) && x.kind == w.at(2)) c = &x;
        REQUIRE(c);
        CHECK(std::to_string(c->severity) == w.at(3));
        CHECK(((c->note_flags & engine::note_severity) != 0) == (c->severity != c->first_severity));
      } else if (what == "no-clock") {
        for (auto& x : r.clocks) CHECK_FALSE((x.incident == w.at(1) && x.kind == w.at(2)));
      } else if (what == "clocks") {
        CHECK(std::to_string(r.clocks.size()) == w.at(1));
      } else if (what == "finding") {
        std::string needle;
        for (std::size_t k = 1; k < w.size(); ++k) needle += (k > 1 ? " " : "") + w[k];
        bool found = std::any_of(r.findings.begin(), r.findings.end(),
                                 [&](auto& f) { return f.message.find(needle) != std::string::npos; });
        CHECK(found);
      } else if (what == "undecided") {  // undecided provider|provider_before_caps|customer AMOUNT
        const std::string& which = w.at(1);
        auto& m = r.money;
        auto v = which == "provider" ? m.undecided_provider_total
                 : which == "customer" ? m.undecided_customer_total
                                       : m.undecided_provider_before_caps;
        REQUIRE(v);
        CHECK(money(*v) == w.at(2));
      } else if (what == "decision") {
        // decision ROW FIGURE …: a change the decision of decisions.csv row ROW made, before
        // and after; "decision ROW none": it changed nothing.
        auto d = std::find_if(r.decisions.begin(), r.decisions.end(),
                              [&](auto& x) { return std::to_string(x.row->at.row) == w.at(1); });
        REQUIRE(d != r.decisions.end());
        if (w.at(2) == "none") {
          CHECK(d->changes.empty());
          continue;
        }
        using F = engine::decision_change::figure;
        const std::string& figure = w.at(2);
        F kind = figure == "availability" ? F::availability : figure == "line" ? F::line
                 : figure == "escalation" ? F::escalation : figure == "ticket" ? F::ticket : F::clock;
        bool with_part = kind != F::availability;
        auto c = std::find_if(d->changes.begin(), d->changes.end(), [&](auto& x) {
          return x.what == kind && x.record == w.at(3) && (!with_part || x.part == w.at(4));
        });
        REQUIRE(c != d->changes.end());
        std::size_t at = with_part ? 5 : 4;
        if (kind == F::availability) {
          CHECK(std::to_string(c->before_n) + "/" + std::to_string(c->before_d) == w.at(at));
          CHECK(std::to_string(c->after_n) + "/" + std::to_string(c->after_d) == w.at(at + 1));
        } else if (kind != F::escalation) {
          CHECK(std::to_string(c->before_n) == w.at(at));
          CHECK(std::to_string(c->after_n) == w.at(at + 1));
        }
      } else if (what == "line-change") {  // line-change PENALTY SUBJECT BEFORE AFTER ("-": no line)
        auto& v = r.money.line_changes;
        std::string subject = w.at(2) == "all" ? "all services" : w.at(2);
        auto c = std::find_if(v.begin(), v.end(), [&](auto& x) { return x.record == w.at(1) && x.part == subject; });
        REQUIRE(c != v.end());
        CHECK((c->before_present ? std::to_string(c->before_n) : "-") == w.at(3));
        CHECK((c->after_present ? std::to_string(c->after_n) : "-") == w.at(4));
      } else if (what == "line-changes") {
        CHECK(std::to_string(r.money.line_changes.size()) == w.at(1));
      } else {
        FAIL("unknown check " << what);
      }
    }
    ++ran;
  }
  CHECK(ran >= 25);
  CHECK(kept_out > 0);  // some scenarios hold other months: the comparison above was not vacuous
}

TEST_CASE("pauses and notifications find their incident by id when not linked, or linked wrong", "[scenario]") {
  for (std::string name : {"09-pauses", "15-escalation"}) {
    INFO("scenario " << name);
    auto dir = fs::path(test::source_dir()) / "fixtures/scenarios" / name;
    auto s = read_expected(dir);
    auto [loaded, z, p] = load_terms(dir, s, s.sections.at(0));
    auto h = history::ingest_folder((dir / "history").string(), test::disk{}, *loaded.model, z, {});
    REQUIRE(!h.error);
    REQUIRE(h.events.incidents.size() > 1);
    REQUIRE(h.events.pauses.size() + h.events.notifications.size() > 1);
    auto linked = reports::results_json(engine::replay(*loaded.model, z, p, h.events), "test");

    // Every other record unlinked, the rest linked to the wrong incident (or past the end).
    auto n = static_cast<std::uint32_t>(h.events.incidents.size());
    std::uint32_t k = 0;
    auto unlink = [&](auto& records) {
      for (auto& r : records) {
        r.owner = k % 2 ? engine::unlinked : (r.owner + 1 + k) % (n + 1);
        ++k;
      }
    };
    unlink(h.events.pauses);
    unlink(h.events.notifications);
    CHECK(reports::results_json(engine::replay(*loaded.model, z, p, h.events), "test") == linked);
  }
}

TEST_CASE("a decision the month's figures do not bear is refused, naming its row", "[scenario][decisions]") {
  auto dir = fs::path(test::source_dir()) / "fixtures/scenarios/30-decisions";
  auto s = read_expected(dir);
  auto [loaded, z, p] = load_terms(dir, s, s.sections.at(0));
  const std::string header = "target,decision,value,approver,approved,reason\n";
  auto replayed = [&, &loaded = loaded, &z = z, &p = p](const std::string& rows) {
    test::map_reader files;
    files.files["h/incidents.csv"] = test::read_text((dir / "history/incidents.csv").string());
    files.files["h/decisions.csv"] = header + rows;
    history::ingest_options opt;
    opt.period = engine::period_bounds(p, z);
    auto h = history::ingest_folder("h", files, *loaded.model, z, opt);
    REQUIRE_FALSE(h.error);
    auto events = std::make_shared<engine::history>(std::move(h.events));
    auto r = engine::replay(*loaded.model, z, p, *events);
    std::vector<std::string> refused;
    for (auto& x : r.refused) refused.push_back(std::to_string(x.row->at.row) + ":" + std::to_string(x.column) + ": " + x.message);
    return refused;
  };
  using Catch::Matchers::Equals;
  CHECK_THAT(replayed("incident:A-4:respond,waive,,王,2026-11-03,x\n"),
             Equals(std::vector<std::string>{"2:1: incident:A-4:respond: the respond clock of incident A-4 is met in "
                                             "2026-10: there is no breach to waive"}));
  CHECK_THAT(replayed("incident:A-4:restore,reduce,30min,王,2026-11-03,x\n"),
             Equals(std::vector<std::string>{"2:1: incident:A-4:restore: the restore clock of incident A-4 is met in "
                                             "2026-10: there is no breach to reduce"}));
  // Reclassified as the customer's, A-3 leaves the clocks: no breach is left to waive.
  CHECK_THAT(replayed("incident:A-3,cause,customer,王,2026-11-03,x\nincident:A-3:respond,waive,,王,2026-11-03,y\n"),
             Equals(std::vector<std::string>{"3:1: incident:A-3:respond: the respond clock of incident A-3 is not "
                                             "measurable in 2026-10: there is no breach to waive"}));
  CHECK_THAT(replayed("ticket:T-1:resolve,waive,,王,2026-11-03,x\n"),
             Equals(std::vector<std::string>{"2:1: ticket:T-1:resolve matches nothing: the contract's only ticket clock "
                                             "is the response (ticket:T-1:respond)"}));
  CHECK_THAT(replayed("ticket:T-1:respond,waive,,王,2026-11-03,x\n"),
             Equals(std::vector<std::string>{"2:1: ticket:T-1:respond matches nothing: the respond clock of ticket T-1 "
                                             "is neither judged nor charged in 2026-10 (a month's decisions are on "
                                             "that month's figures)"}));
  CHECK_THAT(replayed("escalation:A-1:30min,waive,,王,2026-11-03,x\n"),
             Equals(std::vector<std::string>{"2:1: escalation:A-1:30min matches nothing: incident A-1 has no "
                                             "escalation step of 30min falling due in 2026-10"}));
  CHECK_THAT(replayed("penalty:恢复超时,reduce,500.00,王,2026-11-03,x\n"),
             Equals(std::vector<std::string>{"2:3: penalty:恢复超时: reducing the line to 500.00 CNY would raise it: the "
                                             "terms give 400.00 CNY"}));
  CHECK_THAT(replayed("penalty:恢复超时,reduce,400.00,王,2026-11-03,x\n"),
             Equals(std::vector<std::string>{"2:3: penalty:恢复超时: reducing the line to 400.00 CNY changes nothing: the "
                                             "terms give 400.00 CNY"}));
  CHECK_THAT(replayed("penalty:逾期付款,waive,,王,2026-11-03,x\n"),
             Equals(std::vector<std::string>{"2:1: penalty:逾期付款 matches nothing: penalty 逾期付款 has no line in 2026-10"}));
  CHECK_THAT(replayed("penalty:恢复超时:A-2,waive,,王,2026-11-03,x\n"),
             Equals(std::vector<std::string>{"2:1: penalty:恢复超时:A-2 matches nothing: penalty 恢复超时 (A-2) has no "
                                             "line in 2026-10 (its lines are for: A-1)"}));
  // A line a decision on a clock took away: its own decision then matches nothing.
  CHECK_THAT(replayed("incident:A-1:restore,waive,,王,2026-11-03,x\npenalty:恢复超时,waive,,王,2026-11-03,y\n"),
             Equals(std::vector<std::string>{"3:1: penalty:恢复超时 matches nothing: penalty 恢复超时 has no line in 2026-10"}));
  CHECK(replayed("penalty:恢复超时:A-1,waive,,王,2026-11-03,x\n").empty());
}

TEST_CASE("a decision on a penalty of several lines names the line", "[scenario][decisions]") {
  auto dir = fs::path(test::source_dir()) / "fixtures/scenarios/31-decisions-steps-tickets";
  auto s = read_expected(dir);
  auto [loaded, z, p] = load_terms(dir, s, s.sections.at(0));
  test::map_reader files;
  for (auto name : {"incidents.csv", "escalations.csv", "tickets.csv"})
    files.files[std::string("h/") + name] = test::read_text((dir / "history" / name).string());
  files.files["h/decisions.csv"] = "target,decision,value,approver,approved,reason\npenalty:工单迟复,waive,,周,2026-11-02,x\n";
  history::ingest_options opt;
  opt.period = engine::period_bounds(p, z);
  auto h = history::ingest_folder("h", files, *loaded.model, z, opt);
  REQUIRE_FALSE(h.error);
  auto r = engine::replay(*loaded.model, z, p, h.events);
  REQUIRE(r.refused.size() == 1);
  CHECK(r.refused[0].message ==
        "penalty:工单迟复: penalty 工单迟复 has 2 lines in 2026-10 (for: T-2, T-5); name one, such as penalty:工单迟复:T-2");
  CHECK(r.decisions.empty());  // refused: nothing is recorded as applied
}
