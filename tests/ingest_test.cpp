#include <catch2/catch.hpp>

#include "engine/period.hpp"
#include "history/ingest.hpp"
#include "test_support.hpp"

using namespace slaudit;
using namespace slaudit::history;

namespace {
const engine::contract& seed() {
  static const engine::contract c = [] {
    auto path = test::source_dir() + "/fixtures/contracts/yyyy-ops.sla";
    return *test::load(test::read_text(path), test::disk{}, path).model;
  }();
  return c;
}
const engine::zone& shanghai() {
  static const engine::zone z = *engine::zone::locate("Asia/Shanghai");
  return z;
}
ingest_result ingest(const std::map<std::string, std::string>& files, ingest_options opt = {}) {
  test::map_reader r;
  for (auto& [name, text] : files) r.files["h/" + name] = text;
  return ingest_folder("h", r, seed(), shanghai(), opt);
}
}  // namespace

TEST_CASE("every canonical file is read into events", "[ingest]") {
  auto r = ingest({
      {"incidents.csv",
       "id,service,severity,occurred,detected,responded,restored,closed,impact,cause,description\n"
       "INC-1,core,1,2026-10-03 14:05,,2026-10-03 14:20,2026-10-03T07:10:00Z,,outage,provider,\"核心, 宕机\"\n"
       "INC-2,core,3,2026-10-04T10:00:00+08:00,,,,,degraded,third-party,\n"},
      {"pauses.csv", "incident,state,start,end\nINC-1,awaiting_customer,2026-10-03 14:30,2026-10-03 14:40\n"},
      {"maintenance.csv",
       "id,service,start,end,notified,approved,emergency\nM-1,core,2026-10-11 02:00,2026-10-11 03:00,2026-10-05 09:00,是,否\n"},
      {"tickets.csv", "id,opened,responded\nT-1,2026-10-05 09:00,2026-10-05 10:30\n"},
      {"escalations.csv", "incident,role,notified\nINC-1,部门经理,2026-10-03 14:09\n"},
      {"transactions.csv", "service,date,total,failed,failed_third_party\ncore,2026-10-03,100000,80,30\n"},
      {"alarms.csv", "date,total,missed,false_alarms\n2026-10-03,40,1,0\n"},
      {"payments.csv", "invoice,amount,due,paid\nF-9,120000.00,2026-10-10,2026-10-14\n"},
  });
  REQUIRE_FALSE(r.error);
  auto& e = r.events;
  REQUIRE(e.incidents.size() == 2);
  CHECK(e.incidents[0].occurred == 1791007500);  // 14:05 in Shanghai
  CHECK(e.incidents[0].responded == 1791007500 + 15 * 60);
  CHECK(e.incidents[0].restored == 1791007500 + 65 * 60);
  CHECK(e.incidents[0].description == "核心, 宕机");
  CHECK(e.incidents[0].at.row == 2);
  CHECK(e.incidents[1].origin == engine::cause::third_party);
  CHECK(e.incidents[1].effect == engine::impact::degraded);
  CHECK(e.pauses.at(0).end == 1791007500 + 35 * 60);
  CHECK(e.maintenance.at(0).approved);
  CHECK_FALSE(e.maintenance.at(0).emergency);
  CHECK(e.tickets.at(0).responded);
  CHECK(e.notifications.at(0).role == "部门经理");
  CHECK(e.transactions.at(0).failed_third_party == 30);
  CHECK(e.alarms.at(0).missed == 1);
  CHECK(e.payments.at(0).amount == 12000000);
  CHECK(e.files.size() == 8);
  CHECK(e.findings.empty());
}

TEST_CASE("a bad row stops the contract at file:row:column", "[ingest]") {
  auto r = ingest({{"incidents.csv", "id,service,severity,occurred\nINC-1,core,1,2026-10-03 14:05\nINC-2,core,1,2026-13-01 10:00\n"}});
  REQUIRE(r.error);
  CHECK(r.error->str() == "incidents.csv:3:4: occurred: '2026-13-01 10:00' is not a real date and time");
}

TEST_CASE("values are checked against the contract", "[ingest]") {
  auto svc = ingest({{"incidents.csv", "id,service,severity,occurred\nINC-1,crm,1,2026-10-03 14:05\n"}});
  CHECK(svc.error->str() == "incidents.csv:2:2: service 'crm' is not in the contract (it has: core)");
  auto sev = ingest({{"incidents.csv", "id,service,severity,occurred\nINC-1,core,7,2026-10-03 14:05\n"}});
  CHECK(sev.error->str() == "incidents.csv:2:3: severity 7 is not defined in the contract");
  auto money = ingest({{"incidents.csv", "id,service,severity,occurred\n"}, {"payments.csv", "invoice,amount,due\nF-1,\"1,200.00\",2026-10-10\n"}});
  CHECK(money.error->str() ==
        "payments.csv:2:2: '1,200.00' is not an amount in CNY (digits and at most 2 decimals, no thousands separators)");
}

TEST_CASE("yes/no and named values: any ASCII case, '-' for '_'; anything else is refused", "[ingest]") {
  auto ok = ingest({{"incidents.csv",
                     "id,service,severity,occurred,impact,cause\n"
                     "INC-1,core,1,2026-10-03 14:05,DEGRADED,Third-Party\n"
                     "INC-2,core,1,2026-10-03 15:05, terminal ,force_majeure\n"},
                    {"maintenance.csv",
                     "id,service,start,end,approved,emergency\n"
                     "M-1,core,2026-10-11 02:00,2026-10-11 03:00,YES,False\n"
                     "M-2,core,2026-10-12 02:00,2026-10-12 03:00,,Y\n"}});
  REQUIRE_FALSE(ok.error);
  CHECK(ok.events.incidents[0].effect == engine::impact::degraded);
  CHECK(ok.events.incidents[0].origin == engine::cause::third_party);
  CHECK(ok.events.incidents[1].effect == engine::impact::terminal);
  CHECK(ok.events.incidents[1].origin == engine::cause::force_majeure);
  CHECK(ok.events.maintenance[0].approved);
  CHECK_FALSE(ok.events.maintenance[0].emergency);
  CHECK_FALSE(ok.events.maintenance[1].approved);  // empty: no
  CHECK(ok.events.maintenance[1].emergency);
  // Longer than any word: refused with the text as written, not taken as empty.
  auto long_yes = ingest({{"incidents.csv", "id,service,severity,occurred\n"}, {"maintenance.csv", "id,service,start,end,approved\n"
                                              "M-1,core,2026-10-11 02:00,2026-10-11 03:00,yes yes yes yes yes\n"}});
  REQUIRE(long_yes.error);
  CHECK(long_yes.error->str() == "maintenance.csv:2:5: 'yes yes yes yes yes' is not yes/no, true/false, 1/0 or 是/否");
  auto long_cause = ingest({{"incidents.csv", "id,service,severity,occurred,cause\n"
                                              "INC-1,core,1,2026-10-03 14:05,a-provider-of-some-kind\n"}});
  REQUIRE(long_cause.error);
  CHECK(long_cause.error->str() ==
        "incidents.csv:2:5: 'a-provider-of-some-kind' is not one of: provider, third_party, customer, force_majeure");
}

TEST_CASE("impossible records are refused, not computed", "[ingest]") {
  auto before = ingest({{"incidents.csv", "id,service,severity,occurred,restored\nINC-1,core,1,2026-10-03 14:05,2026-10-03 14:00\n"}});
  CHECK(before.error->str() == "incidents.csv:2:5: restored is before occurred");
  auto twice = ingest({{"incidents.csv", "id,service,severity,occurred\nINC-1,core,1,2026-10-03 14:05\nINC-1,core,1,2026-10-03 15:05\n"}});
  CHECK(twice.error->str() == "incidents.csv:3:1: incident 'INC-1' is listed twice (first at row 2)");
  auto orphan = ingest({{"incidents.csv", "id,service,severity,occurred\n"}, {"pauses.csv", "incident,state,start\nINC-9,awaiting_customer,2026-10-03 14:05\n"}});
  CHECK(orphan.error->str() == "pauses.csv:2:1: incident 'INC-9' is not in incidents.csv");
  auto failed = ingest({{"incidents.csv", "id,service,severity,occurred\n"}, {"transactions.csv", "service,date,total,failed\ncore,2026-10-03,10,11\n"}});
  CHECK(failed.error->str() == "transactions.csv:2:4: more failed transactions than total");
  auto column = ingest({{"incidents.csv", "id,service,occurred\n"}});
  CHECK(column.error->str() == "incidents.csv:1:1: the header has no 'severity' column (it has: id, service, occurred)");
}

TEST_CASE("changes.csv: a severity or impact from a time on, checked like the incident's own", "[ingest]") {
  const std::string inc = "id,service,severity,occurred\nINC-1,core,1,2026-10-03 14:05\n";
  auto ok = ingest({{"incidents.csv", inc},
                    {"changes.csv", "incident,from,severity,impact\nINC-1,2026-10-03 15:00,2,\nINC-1,2026-10-03 16:00,,degraded\n"}});
  REQUIRE_FALSE(ok.error);
  REQUIRE(ok.events.changes.size() == 2);
  CHECK(ok.events.changes[0].severity == 2);
  CHECK_FALSE(ok.events.changes[0].effect);
  CHECK(ok.events.changes[1].effect == engine::impact::degraded);
  CHECK(ok.events.changes[1].owner == 0);
  auto early = ingest({{"incidents.csv", inc}, {"changes.csv", "incident,from,severity\nINC-1,2026-10-03 14:00,2\n"}});
  CHECK(early.error->str() ==
        "changes.csv:2:2: from is before the incident occurred: incidents.csv gives the severity and impact at occurrence");
  auto empty = ingest({{"incidents.csv", inc}, {"changes.csv", "incident,from,severity,impact\nINC-1,2026-10-03 15:00,,\n"}});
  CHECK(empty.error->str() == "changes.csv:2:3: a change gives neither a severity nor an impact");
  auto unknown = ingest({{"incidents.csv", inc}, {"changes.csv", "incident,from,severity\nINC-1,2026-10-03 15:00,7\n"}});
  CHECK(unknown.error->str() == "changes.csv:2:3: severity 7 is not defined in the contract");
  auto orphan = ingest({{"incidents.csv", inc}, {"changes.csv", "incident,from,impact\nINC-9,2026-10-03 15:00,outage\n"}});
  CHECK(orphan.error->str() == "changes.csv:2:1: incident 'INC-9' is not in incidents.csv");
}

TEST_CASE("skip_bad_rows keeps the good rows and lists every skipped one", "[ingest]") {
  ingest_options opt;
  opt.skip_bad_rows = true;
  auto r = ingest({{"incidents.csv",
                    "id,service,severity,occurred\nINC-1,core,1,2026-10-03 14:05\nINC-2,core,1,yesterday\nINC-3,crm,1,2026-10-03 15:00\n"}},
                  opt);
  REQUIRE_FALSE(r.error);
  CHECK(r.events.incidents.size() == 1);
  REQUIRE(r.events.findings.size() == 2);
  CHECK(r.events.findings[0].at.row == 3);
  CHECK(r.events.findings[0].column == "occurred");
  CHECK(r.events.findings[1].message == "row skipped: service 'crm' is not in the contract (it has: core)");
}

TEST_CASE("skip_bad_rows skips rows that are not well-formed CSV too, and counts them", "[ingest]") {
  // Ragged (a field short, a field over), a stray quote, text after a closing quote, and a
  // last row cut off inside a quoted field; the good rows between them are read. Cut into
  // pieces of every size, the same.
  std::string text =
      "id,service,severity,occurred,description\n"
      "INC-1,core,1,2026-10-03 14:05,ok\n"
      "INC-2,core,1,2026-10-03 14:06\n"
      "INC-3,core,1,2026-10-03 14:07,ok,extra\n"
      "INC-4,core,1,2026-10-03 14:08,say \"hi\n"
      "INC-5,core,1,2026-10-03 14:09,\"quoted\" tail\n"
      "INC-6,core,1,2026-10-03 14:10,\"a, b\"\n"
      "INC-7,core,1,2026-10-03 14:11,\"cut off";
  for (std::size_t piece : {0, 1, 2, 7, 64}) {
    INFO("pieces of " << piece);
    ingest_options opt;
    opt.skip_bad_rows = true;
    test::map_reader files;
    files.piece_size = piece;
    files.files["h/incidents.csv"] = text;
    auto r = ingest_folder("h", files, seed(), shanghai(), opt);
    REQUIRE_FALSE(r.error);
    REQUIRE(r.events.incidents.size() == 2);
    CHECK(r.events.incidents[0].id == "INC-1");
    CHECK(r.events.incidents[1].id == "INC-6");
    CHECK(r.events.incidents[1].description == "a, b");
    std::vector<std::string> got;
    for (auto& f : r.events.findings) got.push_back(std::to_string(f.at.row) + " " + f.message);
    CHECK(got == std::vector<std::string>{
                     "3 row skipped: this row has 4 fields but the header has 5",
                     "4 row skipped: this row has 6 fields but the header has 5",
                     "5 row skipped: a quote inside an unquoted field: quote the whole field and double the quote",
                     "6 row skipped: text after the closing quote of a field: write \"\" for a quote inside a field",
                     "8 row skipped: a quoted field is never closed (a '\"' is missing)"});
    REQUIRE(r.events.files.size() == 1);
    CHECK(r.events.files[0].skipped == 5);
    CHECK(r.events.files[0].rows == 7);
  }
  // Without the option the first of them stops the contract at its place.
  auto stopped = ingest({{"incidents.csv", text}});
  REQUIRE(stopped.error);
  CHECK(stopped.error->str() == "incidents.csv:3:5: this row has 4 fields but the header has 5");
}

TEST_CASE("a GBK export from Excel is detected and read, not garbled", "[ingest]") {
  // "核心宕机" in GBK: BA CB D0 C4 E5 B4 BB FA
  auto r = ingest({{"incidents.csv", "id,service,severity,occurred,description\r\nINC-1,core,1,2026-10-03 14:05,\xBA\xCB\xD0\xC4\xE5\xB4\xBB\xFA\r\n"}});
  REQUIRE_FALSE(r.error);
  CHECK(r.events.incidents.at(0).description == "核心宕机");
  CHECK(r.events.files.at(0).encoding == "GB18030");
}

TEST_CASE("named timestamp formats per column", "[ingest]") {
  ingest_options opt;
  opt.formats["occurred"] = *time_format::parse("dd-mm-yyyy HH:MM");
  auto r = ingest({{"incidents.csv", "id,service,severity,occurred\nINC-1,core,1,03-10-2026 14:05\n"}}, opt);
  REQUIRE_FALSE(r.error);
  CHECK(r.events.incidents.at(0).occurred == 1791007500);
}

TEST_CASE("a month without incidents is stated by a header, never assumed from a missing file", "[ingest]") {
  auto stated = ingest({{"incidents.csv", "id,service,severity,occurred\n"}});
  CHECK_FALSE(stated.error);
  CHECK(stated.events.incidents.empty());
  REQUIRE(stated.events.files.size() == 1);
  CHECK(stated.events.files[0].rows == 0);

  auto none = ingest({});
  REQUIRE(none.error);
  CHECK(none.error->folder);
  CHECK(none.error->str() ==
        "no incidents.csv in the history folder\n"
        "  a month without incidents is stated by an incidents.csv with only its header row (id,service,severity,occurred)");
  auto other = ingest({{"tickets.csv", "id,opened\n"}});
  REQUIRE(other.error);
  CHECK_THAT(other.error->str(), Catch::StartsWith("no incidents.csv in the history folder (it holds tickets.csv)"));
}

TEST_CASE("a file the tool does not know is refused, never read as no events", "[ingest]") {
  auto misnamed = ingest({{"incident.csv", "id,service,severity,occurred\nINC-1,core,1,2026-10-03 14:05\n"},
                          {"tickets.xlsx", "PK"},
                          {"old/incidents.csv", "id\n"},
                          {"2026-09/incidents.csv", "id\n"}});
  REQUIRE(misnamed.error);
  CHECK(misnamed.error->folder);
  CHECK(misnamed.error->str() ==
        "the history folder holds what slaudit does not read:\n"
        "  2026-09/: a folder (a month's folder: give --history the folder of the month itself)\n"
        "  incident.csv: not a file slaudit reads; did you mean incidents.csv?\n"
        "  old/: a folder\n"
        "  tickets.xlsx: not a file slaudit reads; did you mean tickets.csv? (export it as CSV)\n"
        "  a history folder holds incidents.csv (required), pauses.csv, changes.csv, maintenance.csv, "
        "extensions.csv, tickets.csv, escalations.csv, transactions.csv, alarms.csv, payments.csv, decisions.csv; rename or remove the others "
        "(nothing is left unread silently)");
  // Hidden files (.DS_Store, .gitkeep) are not history files: left alone.
  auto hidden = ingest({{"incidents.csv", "id,service,severity,occurred\n"}, {".gitkeep", ""}});
  CHECK_FALSE(hidden.error);
}

TEST_CASE("the real ServiceNow event-log sample is ingested end to end", "[ingest][realworld]") {
  // 5,998 state-change rows of 890 incidents (UCI, CC BY 4.0). Counts cross-checked with an
  // independent Python reading of the same rules: 890 incidents, 365 pauses, 6 incidents
  // whose record was created before its opened_at.
  auto dir = test::source_dir() + "/fixtures/realworld";
  auto contract = test::load(test::read_text(dir + "/servicenow.sla"), test::disk{}, dir + "/servicenow.sla");
  REQUIRE(contract.model);
  ingest_options opt;
  opt.profile = "servicenow-eventlog";
  auto r = ingest_folder(dir + "/servicenow-2016-02", test::disk{}, *contract.model,
                         *engine::zone::locate("America/Sao_Paulo"), opt);
  REQUIRE_FALSE(r.error);
  CHECK(r.events.incidents.size() == 890);
  CHECK(r.events.pauses.size() == 365);
  CHECK(r.events.findings.size() == 6);
  auto& first = r.events.incidents.at(0);  // INC0000045: New 01:23, Resolved at update 08:53
  CHECK(first.id == "INC0000045");
  CHECK(first.service == "itsm");
  CHECK(first.severity == 3);                 // "3 - Moderate"
  CHECK(first.occurred == 1456719360);        // 29-02-2016 01:16 in São Paulo (UTC-3)
  CHECK(first.responded == 1456746780);       // the first update that is not New: 08:53
  CHECK(first.restored == 1456756140);        // resolved_at 11:29
  CHECK(first.closed == 1457190000);          // closed_at 05-03-2016 12:00
  CHECK(first.at.row == 2);
  CHECK(first.effect == engine::impact::degraded);  // "2 - Medium"
  auto outages = std::count_if(r.events.incidents.begin(), r.events.incidents.end(),
                               [](auto& i) { return i.effect == engine::impact::outage; });
  CHECK(outages == 28);  // "1 - High" at the first update (counted independently in Python: 28)
  // Each update that changes the priority or whether the impact is "1 - High" is a change from
  // then on (Python: 45 such updates, 45 with a new priority, 39 with a new impact).
  CHECK(r.events.changes.size() == 45);
  CHECK(std::count_if(r.events.changes.begin(), r.events.changes.end(), [](auto& x) { return x.severity.has_value(); }) == 45);
  CHECK(std::count_if(r.events.changes.begin(), r.events.changes.end(), [](auto& x) { return x.effect.has_value(); }) == 39);
  auto& raised = *std::find_if(r.events.changes.begin(), r.events.changes.end(),
                               [](auto& x) { return x.incident == "INC0000062"; });
  CHECK(raised.from == 1456741740);  // 29-02-2016 07:29 in São Paulo: "3 - Moderate" → "2 - High", impact High
  CHECK(raised.severity == 2);
  CHECK(raised.effect == engine::impact::outage);
  CHECK(r.events.pauses.at(0).state.rfind("awaiting_", 0) == 0);
}

TEST_CASE("ServiceNow: only incidents are incidents; requests and tasks are left out, each a finding", "[ingest]") {
  test::map_reader files;
  files.files["h/incidents.csv"] =
      "number,incident_state,sys_mod_count,sys_updated_at,opened_at,priority,impact,resolved_at,closed_at\n"
      "INC1,New,0,01-10-2026 10:00,01-10-2026 10:00,1 - Critical,1 - High,?,?\n"
      "REQ7,New,0,01-10-2026 11:00,01-10-2026 11:00,1 - Critical,1 - High,?,?\n"
      "RITM8,New,0,01-10-2026 11:00,01-10-2026 11:00,3 - Moderate,1 - High,?,?\n"
      "SCTASK9,New,0,01-10-2026 12:00,01-10-2026 12:00,3 - Moderate,1 - High,?,?\n";
  ingest_options opt;
  opt.profile = "servicenow-eventlog";
  auto r = ingest_folder("h", files, seed(), shanghai(), opt);
  REQUIRE_FALSE(r.error);
  REQUIRE(r.events.incidents.size() == 1);
  CHECK(r.events.incidents[0].id == "INC1");
  REQUIRE(r.events.findings.size() == 3);
  CHECK(r.events.findings[0].message ==
        "REQ7 is a sc_request record (number REQ…), not an incident: left out of availability and incident clocks");
  CHECK(r.events.findings[0].at.row == 3);
  // With sys_class_name, the table says it, whatever the number.
  files.files["h/incidents.csv"] =
      "number,sys_class_name,incident_state,sys_mod_count,sys_updated_at,opened_at,priority,resolved_at,closed_at\n"
      "X1,incident,New,0,01-10-2026 10:00,01-10-2026 10:00,1 - Critical,?,?\n"
      "X2,sc_req_item,New,0,01-10-2026 10:00,01-10-2026 10:00,1 - Critical,?,?\n";
  auto t = ingest_folder("h", files, seed(), shanghai(), opt);
  REQUIRE_FALSE(t.error);
  CHECK(t.events.incidents.size() == 1);
  CHECK(t.events.findings.at(0).message ==
        "X2 is a sc_req_item record, not an incident: left out of availability and incident clocks");
}

TEST_CASE("a profile's errors point at the export's own row and column", "[ingest]") {
  auto c = seed();
  test::map_reader files;
  files.files["h/incidents.csv"] =
      "number,incident_state,sys_mod_count,sys_updated_at,opened_at,priority,resolved_at,closed_at\n"
      "INC1,New,0,01-10-2026 10:00,01-10-2026 10:00,1 - Critical,?,?\n"
      "INC2,New,0,01-10-2026 10:00,31-09-2026 10:00,1 - Critical,?,?\n";
  ingest_options opt;
  opt.profile = "servicenow-eventlog";
  auto r = ingest_folder("h", files, c, shanghai(), opt);
  REQUIRE(r.error);
  CHECK(r.error->str() == "incidents.csv:3:5: occurred: '31-09-2026 10:00' is not a real date and time");
}

TEST_CASE("a ServiceNow incident list export maps onto canonical incidents", "[ingest]") {
  test::map_reader files;
  files.files["h/incidents.csv"] =
      "number,short_description,priority,impact,state,business_service,opened_at,work_start,resolved_at,closed_at\n"
      "INC0010001,\"Core down, all branches\",1 - Critical,1 - High,Closed,core,2026-10-03 14:05:00,"
      "2026-10-03 14:20:00,2026-10-03 15:10:00,2026-10-04 09:00:00\n"
      "INC0010002,Slow reports,3 - Moderate,2 - Medium,In Progress,,2026-10-05 10:00:00,?,?,?\n";
  ingest_options opt;
  opt.profile = "servicenow";
  auto r = ingest_folder("h", files, seed(), shanghai(), opt);
  REQUIRE_FALSE(r.error);
  REQUIRE(r.events.incidents.size() == 2);
  auto& a = r.events.incidents[0];
  CHECK(a.id == "INC0010001");
  CHECK(a.severity == 1);
  CHECK(a.occurred == 1791007500);
  CHECK(a.responded == 1791007500 + 15 * 60);
  CHECK(a.restored == 1791007500 + 65 * 60);
  CHECK(a.effect == engine::impact::outage);
  CHECK(a.description == "Core down, all branches");
  auto& b = r.events.incidents[1];
  CHECK(b.service == "core");  // not named in the export: the contract's only service
  CHECK(b.effect == engine::impact::degraded);
  CHECK_FALSE(b.responded);
  CHECK_FALSE(b.restored);
}

TEST_CASE("a Jira export maps onto canonical incidents", "[ingest]") {
  test::map_reader files;
  files.files["h/incidents.csv"] =
      "Summary,Issue key,Issue id,Issue Type,Status,Priority,Created,Resolved,Component/s,"
      "Custom field (First Response Date)\n"
      "Core down,OPS-101,10101,Incident,Done,Highest,03/Oct/26 2:05 PM,03/Oct/26 3:10 PM,core,03/Oct/26 2:20 PM\n"
      "Slow search,OPS-102,10102,Incident,Open,P3,05/Oct/26 10:00 AM,,,\n"
      "Odd,OPS-103,10103,Incident,Open,Urgent,05/Oct/26 10:00 AM,,,\n";
  ingest_options opt;
  opt.profile = "jira";
  auto r = ingest_folder("h", files, seed(), shanghai(), opt);
  REQUIRE(r.error);  // "Urgent" is no priority the profile knows: refused at its row and column
  CHECK(r.error->str() == "incidents.csv:4:6: severity 'urgent' is not a severity number of the contract");
  files.files["h/incidents.csv"].resize(files.files["h/incidents.csv"].rfind("Odd,"));
  r = ingest_folder("h", files, seed(), shanghai(), opt);
  REQUIRE_FALSE(r.error);
  auto& a = r.events.incidents.at(0);
  CHECK(a.id == "OPS-101");
  CHECK(a.severity == 1);
  CHECK(a.occurred == 1791007500);
  CHECK(a.responded == 1791007500 + 15 * 60);
  CHECK(a.restored == 1791007500 + 65 * 60);
  CHECK(a.closed == a.restored);
  CHECK(r.events.incidents.at(1).severity == 3);
  CHECK_FALSE(r.events.incidents.at(1).restored);
}

TEST_CASE("decisions.csv: each row read against the contract and the folder's records", "[ingest][decisions]") {
  const std::string incidents = "id,service,severity,occurred\nINC-1,core,1,2026-10-03 14:05\n";
  const std::string header = "target,decision,value,approver,approved,reason\n";
  auto decided = [&](const std::string& rows) {
    return ingest({{"incidents.csv", incidents}, {"decisions.csv", header + rows}});
  };
  SECTION("every form of target and decision") {
    auto r = decided(
        "incident:INC-1:restore,reduce,1h30min,王法务,2026-11-03,等待门禁\n"
        "incident:INC-1:respond,waive,,王法务,2026-11-03,电话转接故障\n"
        "incident:INC-1,cause,customer,李经理,2026-11-04,客户自行变更\n"
        "incident:INC-1,impact,degraded,李经理,2026-11-04,备节点承载\n"
        "escalation:INC-1:30min,waive,,李经理,2026-11-04,通知已口头送达\n"
        "ticket:T-7:respond,waive,,李经理,2026-11-04,重复工单\n"
        "penalty:未履行服务,reduce,5000.00,王法务,2026-11-05,协商\n");
    REQUIRE_FALSE(r.error);
    auto& d = r.events.decisions;
    REQUIRE(d.size() == 7);
    using D = engine::decision;
    CHECK((d[0].what == D::on::clock && d[0].record == "INC-1" && d[0].part == "restore"));
    CHECK((d[0].decided == D::kind::reduce && d[0].credit_s == 5400));
    CHECK((d[1].decided == D::kind::waive && d[1].part == "respond"));
    CHECK((d[2].what == D::on::incident && d[2].new_cause == engine::cause::customer));
    CHECK((d[3].decided == D::kind::impact && d[3].new_effect == engine::impact::degraded));
    CHECK((d[4].what == D::on::escalation && d[4].step_s == 1800 && d[4].part == "30min"));
    CHECK((d[5].what == D::on::ticket && d[5].record == "T-7"));
    CHECK((d[6].what == D::on::line && d[6].record == "未履行服务" && d[6].reduce_to == 500000));
    CHECK(d[6].approver == "王法务");
    CHECK(d[6].at.row == 8);
  }
  // Each refusal names the row and column as a spreadsheet shows them.
  auto error_of = [&](const std::string& row) {
    auto r = decided(row);
    REQUIRE(r.error);
    return r.error->str();
  };
  CHECK(error_of("incident:INC-1:restore,waive,,,2026-11-03,x\n") == "decisions.csv:2:4: 'approver' is empty");
  CHECK(error_of("incident:INC-1:restore,waive,,王,,x\n") == "decisions.csv:2:5: 'approved' is empty");
  CHECK(error_of("incident:INC-1:restore,waive,,王,2026-11-03,\n") == "decisions.csv:2:6: 'reason' is empty");
  CHECK_THAT(error_of("incident:INC-9:restore,waive,,王,2026-11-03,x\n"),
             Catch::StartsWith("decisions.csv:2:1: incident 'INC-9' is not in incidents.csv"));
  CHECK_THAT(error_of("clock:INC-1,waive,,王,2026-11-03,x\n"),
             Catch::StartsWith("decisions.csv:2:1: 'clock:INC-1' is not a decision's target: incident:ID, "));
  CHECK(error_of("penalty:未履行服物,waive,,王,2026-11-03,x\n") ==
        "decisions.csv:2:1: the contract has no penalty '未履行服物'; did you mean 未履行服务?");
  CHECK(error_of("incident:INC-1:restore,waive,30min,王,2026-11-03,x\n") ==
        "decisions.csv:2:3: waive takes no value (it has '30min'); to lessen a figure, reduce it");
  CHECK_THAT(error_of("incident:INC-1:restore,reduce,1.5h,王,2026-11-03,x\n"),
             Catch::StartsWith("decisions.csv:2:3: reduce on a clock takes the time credited to it"));
  CHECK_THAT(error_of("escalation:INC-1:30min,reduce,10min,王,2026-11-03,x\n"),
             Catch::StartsWith("decisions.csv:2:2: reduce applies to a clock"));
  CHECK_THAT(error_of("incident:INC-1:restore,cause,customer,王,2026-11-03,x\n"),
             Catch::StartsWith("decisions.csv:2:2: cause reclassifies an incident: its target is incident:ID"));
  CHECK_THAT(error_of("incident:INC-1,waive,,王,2026-11-03,x\n"),
             Catch::StartsWith("decisions.csv:2:2: an incident as a whole is reclassified"));
  CHECK(error_of("incident:INC-1,cause,vendor,王,2026-11-03,x\n") ==
        "decisions.csv:2:3: 'vendor' is not one of: provider, third_party, customer, force_majeure");
  CHECK(error_of("incident:INC-1:restore,pardon,,王,2026-11-03,x\n") ==
        "decisions.csv:2:2: 'pardon' is not one of: waive, reduce, cause, impact");
  CHECK(error_of("incident:INC-1:restore,waive,,王,2026-11-03,x\nincident:INC-1:restore,reduce,1h,李,2026-11-04,y\n") ==
        "decisions.csv:3:1: a second decision on incident:INC-1:restore (the first is at row 2): one decision per "
        "figure; state the agreed outcome in one row");
  // A cause and an impact of one incident are two figures; two causes are one.
  CHECK_FALSE(decided("incident:INC-1,cause,customer,王,2026-11-03,x\nincident:INC-1,impact,degraded,王,2026-11-03,y\n").error);
  CHECK_THAT(error_of("incident:INC-1,cause,customer,王,2026-11-03,x\nincident:INC-1,cause,provider,王,2026-11-03,y\n"),
             Catch::StartsWith("decisions.csv:3:1: a second decision on incident:INC-1 (cause)"));
  // An incident outside the period replayed: its decision is another month's.
  ingest_options opt;
  opt.period = engine::period_bounds(*engine::parse_period("2026-11"), shanghai());  // INC-1 ended in October
  auto outside = ingest({{"incidents.csv", "id,service,severity,occurred,responded,restored,closed\nINC-1,core,1,2026-10-03 14:05,2026-10-03 14:10,2026-10-03 15:00,2026-10-03 16:00\n"},
                         {"decisions.csv", header + "incident:INC-1,cause,customer,王,2026-11-03,x\n"}},
                        opt);
  REQUIRE(outside.error);
  CHECK_THAT(outside.error->str(), Catch::Contains("incident 'INC-1' is outside the period replayed"));
}
