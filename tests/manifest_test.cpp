// The batch keeps its manifest on the disk: entries appended to a scratch file and read back
// by place, the earlier run's manifest scanned in place. What comes back must be exactly what
// went in, whatever the entries hold.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "batch/manifest.hpp"
#include "batch/spool.hpp"

using namespace slaudit::batch;
namespace fs = std::filesystem;

namespace {

/// A folder of its own for one test, removed after it.
struct scratch_folder {
  fs::path path;
  scratch_folder() {
    path = fs::temp_directory_path() / ("slaudit-manifest-test-" + std::to_string(::getpid()));
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~scratch_folder() { fs::remove_all(path); }
  std::string write(const std::string& name, const std::string& text) const {
    std::ofstream(path / name, std::ios::binary) << text;
    return (path / name).string();
  }
};

contract_entry ok_entry(const std::string& file, const std::string& id) {
  contract_entry e;
  e.file = file;
  e.inputs = {{"contracts", file, std::string(64, 'a')}, {"history", id + "/2026-10/incidents.csv", std::string(64, 'b')}};
  e.outputs = {{id + "-2026-10.json", std::string(64, 'c')}};
  contract_summary s;
  s.id = id;
  s.title = "数据中心运维服务 \"A\"";
  s.customer = "滨海市商业银行";
  s.provider = "Northwind IT Services Ltd.";
  s.currency = "CNY";
  s.provider_total = 123456;
  s.yearly_cap = 4500000;
  s.services = {{"core", 2678400, 0, 600, 2677800, 2678400, "99.9", "met"}};
  e.summary = s;
  return e;
}

manifest sample() {
  manifest m;
  m.version = "1.2.3";
  m.period = "2026-10";
  m.settings = std::string(64, 'd');
  m.contracts.push_back(ok_entry("a.sla", "A"));
  contract_entry failed;
  failed.file = "sub/b \"quoted\".sla";
  failed.status = entry_status::failed;
  // What looks like the end of an entry, inside a string: escaped, never a line of its own.
  failed.error = "history/B/incidents.csv:3:2: error: bad row\n    }\n    },\n  ],\n";
  failed.superseded = {{"superseded/B-2026-10.json", std::string(64, 'e'), "B-2026-10.json"}};
  m.contracts.push_back(failed);
  m.contracts.push_back(ok_entry("c.sla", "C"));
  m.removed = {{"gone.sla", {{"superseded/G-2026-10.pdf", std::string(64, 'f'), "G-2026-10.pdf"}}}};
  m.portfolio = {{"portfolio-2026-10.json", std::string(64, '0')}};
  return m;
}

}  // namespace

TEST_CASE("a manifest is scanned in place: every entry's text and the rest as they were") {
  scratch_folder dir;
  manifest m = sample();
  std::string text = manifest_json(m);
  std::string why;
  auto file = text_file::existing(dir.write("manifest.json", text), why);
  REQUIRE(file);
  manifest head;
  std::vector<std::string> files, texts;
  REQUIRE(scan_manifest(
      *file, head,
      [&](std::string f, text_place p) {
        files.push_back(f);
        texts.push_back(file->read(p));
      },
      why));
  CHECK(files == std::vector<std::string>{"a.sla", "sub/b \"quoted\".sla", "c.sla"});
  REQUIRE(texts.size() == 3);
  for (std::size_t k = 0; k < 3; ++k) {
    CHECK(texts[k] == manifest_entry_json(m.contracts[k]));  // the very bytes written
    auto e = parse_manifest_entry(texts[k], why);
    REQUIRE(e);
    CHECK(manifest_entry_json(*e) == texts[k]);
  }
  CHECK(head.contracts.empty());
  CHECK(head.period == "2026-10");
  CHECK(head.settings == m.settings);
  REQUIRE(head.removed.size() == 1);
  CHECK(head.removed[0].superseded[0].was == "G-2026-10.pdf");
  REQUIRE(head.portfolio.size() == 1);
  // Written again around those texts, piece by piece: the same bytes.
  head.contracts.clear();
  std::string again;
  write_manifest(
      head, texts.size(), [&](std::size_t k) { return texts[k]; }, [&](std::string_view p) { again += p; });
  CHECK(again == text);
}

TEST_CASE("a manifest of no contracts is scanned, and one in another layout is refused by line") {
  scratch_folder dir;
  manifest m = sample();
  m.contracts.clear();
  std::string why;
  auto empty = text_file::existing(dir.write("empty.json", manifest_json(m)), why);
  REQUIRE(empty);
  manifest head;
  int entries = 0;
  REQUIRE(scan_manifest(*empty, head, [&](std::string, text_place) { ++entries; }, why));
  CHECK(entries == 0);
  CHECK(head.removed.size() == 1);

  // Valid JSON, reformatted on one line: not slaudit's layout (the batch then reads it whole).
  auto one_line = text_file::existing(
      dir.write("one-line.json", R"({"manifest_format": 2, "contracts": [{"file": "a.sla"}]})" "\n"), why);
  REQUIRE(one_line);
  CHECK_FALSE(scan_manifest(*one_line, head, [&](std::string, text_place) { ++entries; }, why));
  CHECK(why == "it ends before its contracts do");
  std::string cut = manifest_json(sample());
  cut.resize(cut.find("\"file\": \"c.sla\""));
  auto truncated = text_file::existing(dir.write("cut.json", cut), why);
  REQUIRE(truncated);
  CHECK_FALSE(scan_manifest(*truncated, head, [&](std::string, text_place) {}, why));
  std::string indented = manifest_json(sample());
  indented.replace(indented.find("    {\n      \"file\": \"c.sla\""), 5, "     {");
  auto shifted = text_file::existing(dir.write("shifted.json", indented), why);
  CHECK_FALSE(scan_manifest(*shifted, head, [&](std::string, text_place) {}, why));
  CHECK(why.find("expected a contract's entry (not the layout slaudit writes)") != std::string::npos);
}

TEST_CASE("the scratch file gives back each text by its place, across its reading blocks") {
  scratch_folder dir;
  std::string why;
  auto spool = text_file::scratch(dir.path.string(), why);
  REQUIRE(spool);
  CHECK(fs::is_empty(dir.path));  // no name in the folder: nothing to plant, nothing left
  std::vector<std::string> texts = {"first\n", std::string(3 << 20, 'x') + "\n", "", "中文\n", "last"};
  std::vector<text_place> places;
  for (auto& t : texts) places.push_back(spool->append(t));
  for (std::size_t k = 0; k < texts.size(); ++k) CHECK(spool->read(places[k]) == texts[k]);
  // Lines as they are, one of them longer than a block, with their offsets.
  std::vector<std::pair<std::string, std::uint64_t>> lines;
  spool->each_line([&](std::string_view l, std::uint64_t at) { lines.emplace_back(std::string(l), at); });
  REQUIRE(lines.size() == 4);
  CHECK(lines[0] == std::pair<std::string, std::uint64_t>{"first", 0});
  CHECK(lines[1].first.size() == std::size_t{3} << 20);
  CHECK(lines[1].second == 6);
  CHECK(lines[2] == std::pair<std::string, std::uint64_t>{"中文", places[3].at});
  CHECK(lines[3] == std::pair<std::string, std::uint64_t>{"last", places[4].at});
  CHECK_THROWS_WITH(spool->read({places[4].at, 100}), Catch::Contains("shorter than it was"));
}

TEST_CASE("the earlier manifest stays readable while a new one is renamed over its name") {
  scratch_folder dir;
  std::string text = manifest_json(sample()), why;
  std::string path = dir.write("manifest.json", text);
  auto file = text_file::existing(path, why);
  REQUIRE(file);
  std::string next = dir.write("next.json", "{}\n");
  fs::rename(next, path);
  manifest head;
  int entries = 0;
  CHECK(scan_manifest(*file, head, [&](std::string, text_place) { ++entries; }, why));
  CHECK(entries == 3);
  fs::create_symlink(path, dir.path / "link.json");
  CHECK_FALSE(text_file::existing((dir.path / "link.json").string(), why));  // never through a link
}
