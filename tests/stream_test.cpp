// Files read a piece at a time give exactly what the whole file gives: CSV records, decoded
// text, error places, and the replayed results, wherever the pieces are cut.
#include <catch2/catch.hpp>

#include <filesystem>

#include "engine/replay.hpp"
#include "history/csv.hpp"
#include "history/digest.hpp"
#include "history/encoding.hpp"
#include "history/ingest.hpp"
#include "reports/json_writer.hpp"
#include "test_support.hpp"

using namespace slaudit;
using namespace slaudit::history;

namespace {

/// Every record (or the error) of `text` fed in pieces of `size` bytes, as one string.
std::string records(std::string_view text, std::size_t size) {
  std::string out;
  csv_stream s(
      [&](const std::vector<std::string>& h) -> std::optional<csv_error> {
        for (auto& f : h) out += "[" + f + "]";
        out += "\n";
        return std::nullopt;
      },
      [&](const csv_row_view& r) -> std::optional<csv_error> {
        out += std::to_string(r.row) + ":";
        for (auto f : r.fields) out.append("[").append(f).append("]");
        out += "\n";
        return std::nullopt;
      });
  std::optional<csv_error> e;
  for (std::size_t at = 0; at < text.size() && !e; at += size) e = s.feed(text.substr(at, size));
  if (!e) e = s.finish();
  if (e) out += "error " + std::to_string(e->row) + ":" + std::to_string(e->column) + " " + e->message;
  return out;
}

std::string decoded_in_pieces(std::string_view bytes, encoding enc, std::size_t size) {
  stream_decoder d(enc);
  std::string out;
  for (std::size_t at = 0; at < bytes.size(); at += size)
    if (!d.feed(bytes.substr(at, size), out)) return "error " + std::to_string(d.error().error_line) + ":" +
                                                     std::to_string(d.error().error_column);
  if (!d.finish(out)) return "error " + std::to_string(d.error().error_line) + ":" + std::to_string(d.error().error_column);
  return out;
}

/// What the first pass decides for `bytes` fed in pieces of `size`: the encoding's name or the error's place.
std::string sniffed_in_pieces(std::string_view bytes, encoding asked, std::size_t size) {
  encoding_sniffer sniffer(asked);
  for (std::size_t at = 0; at < bytes.size(); at += size) sniffer.feed(bytes.substr(at, size));
  encoding use = encoding::detect;
  decoded d = sniffer.result(use);
  if (!d.error.empty()) return "error " + std::to_string(d.error_line) + ":" + std::to_string(d.error_column);
  return d.used;
}

}  // namespace

TEST_CASE("CSV in pieces of any size reads as the whole text", "[csv][stream]") {
  for (std::string text : {
           std::string("\xEF\xBB\xBFid, service ,description\r\nINC-1,core,\"a, b\"\r\nINC-2,core,\"line 1\r\nline \"\"2\"\"\"\r\n\r\nINC-3,core,\r\n"),
           std::string("a,b\n1,2"),
           std::string("a,b\r1,2\r3,4\r"),
           std::string("a,b\n\"x\ny\",\"故障，描述\"\n\n\n5,6\n"),
           std::string("a,b\n1,2,3\n"),
           std::string("a,b\n1,\"open\n"),
           std::string("a,b\n1,x\"y\n"),
           std::string(""),
           // Several unescaped copies in one record, more than fit in one block of their store.
           std::string("a,b\n\"x\"\"y\",\"p\"\"q\"\"\"\n"),
           [] {
             std::string header, row;
             for (int k = 0; k < 40; ++k) {
               header += (k ? ",c" : "c") + std::to_string(k);
               row += (k ? ",\"v" : "\"v") + std::to_string(k) + "\"\"w\"\"long enough to leave the small-string buffer\"";
             }
             return header + "\n" + row + "\n" + row + "\n";
           }(),
       }) {
    std::string whole = records(text, std::max<std::size_t>(text.size(), 1));
    INFO(text);
    for (std::size_t size = 1; size <= text.size(); ++size) CHECK(records(text, size) == whole);
  }
}

TEST_CASE("decoding in pieces: characters split between pieces, errors at the same place", "[encoding][stream]") {
  std::string utf8 = "\xEF\xBB\xBFid,描述\n1,故障 😀\n2,end";
  std::string gbk = "id,desc\n1,\xB9\xCA\xD5\xCF\n2,\xB9\xCA\n";
  for (std::size_t size = 1; size <= utf8.size(); ++size)
    CHECK(decoded_in_pieces(utf8, encoding::utf8, size) == "id,描述\n1,故障 😀\n2,end");
  for (std::size_t size = 1; size <= gbk.size(); ++size)
    CHECK(decoded_in_pieces(gbk, encoding::gb18030, size) == "id,desc\n1,故障\n2,故\n");
  std::string bad = "id\nok\n12\x80x\n";  // line 3, byte column 3
  for (std::size_t size = 1; size <= bad.size(); ++size) CHECK(decoded_in_pieces(bad, encoding::utf8, size) == "error 3:3");
  std::string cut = "id\n\xE6\x95";  // ends inside a character
  for (std::size_t size = 1; size <= cut.size(); ++size) CHECK(decoded_in_pieces(cut, encoding::utf8, size) == "error 2:1");
  std::string mixed = "id\n\xE6\x95\x85\xE2\x80\xA6\xF0\x9F\x98\x80\n\xEF\xBB\xBF";  // 故…😀 then a stray BOM
  for (std::size_t size = 1; size <= mixed.size(); ++size) {
    INFO("pieces of " << size);
    CHECK(sniffed_in_pieces(utf8, encoding::detect, size) == "UTF-8");
    CHECK(sniffed_in_pieces(mixed, encoding::detect, size) == "UTF-8");
    CHECK(sniffed_in_pieces(gbk, encoding::detect, size) == "GB18030");
    CHECK(sniffed_in_pieces(bad, encoding::utf8, size) == "error 3:3");
    CHECK(sniffed_in_pieces(cut, encoding::utf8, size) == "error 2:1");
    CHECK(sniffed_in_pieces(std::string_view("\xFF\xFEi\0d\0", 6), encoding::detect, size) == "UTF-16");
  }
  // Windows-1252 and UTF-16 (a character outside the BMP: a surrogate pair) cut anywhere; the
  // detector weighs GB18030 against Windows-1252 the same however the file is cut.
  std::string western = "id,d\nI-1,M\xFCller\nI-2,Caf\xE9\n";
  std::string both = "id,d\nI-1,Informa\xE7\xE3o\nI-2,M\xFCller\n";
  std::string u16("\xFF\xFEi\0d\0\n\0=\xD8\0\xDE\n\0", 14);  // id\n😀\n
  for (std::size_t size = 1; size <= both.size(); ++size) {
    INFO("pieces of " << size);
    CHECK(decoded_in_pieces(western, encoding::windows1252, size) == "id,d\nI-1,Müller\nI-2,Café\n");
    CHECK(sniffed_in_pieces(western, encoding::detect, size) == "Windows-1252");
    CHECK(sniffed_in_pieces(both, encoding::detect, size) == "error 2:12");
    if (size <= u16.size()) {
      CHECK(decoded_in_pieces(u16, encoding::utf16, size) == "id\n😀\n");
      CHECK(sniffed_in_pieces(u16, encoding::detect, size) == "UTF-16");
    }
  }
  auto whole = to_utf8(bad, encoding::utf8);
  CHECK(whole.error_line == 3);
  CHECK(whole.error_column == 3);
}

TEST_CASE("the SHA-256 of pieces is the SHA-256 of the whole", "[stream]") {
  std::string text(100000, 'x');
  sha256_stream s;
  for (std::size_t at = 0; at < text.size(); at += 777) s.update(std::string_view(text).substr(at, 777));
  CHECK(s.hex() == sha256_hex(text));
  CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST_CASE("every scenario replays the same from files read in pieces", "[stream][scenario]") {
  namespace fs = std::filesystem;
  std::size_t compared = 0;
  for (auto& e : fs::directory_iterator(test::source_dir() + "/fixtures/scenarios")) {
    if (!e.is_directory()) continue;
    std::string contract_name = "contract.sla", period_text;  // as scenario_test reads it
    bool skip = false;
    std::istringstream expected(test::read_text((e.path() / "expected").string()));
    for (std::string line; std::getline(expected, line);) {
      if (line.rfind("contract ", 0) == 0) contract_name = line.substr(9);
      if (line.rfind("period ", 0) == 0) period_text = line.substr(7);
      if (line.rfind("skip_bad_rows", 0) == 0) skip = true;
    }
    auto contract_path = (e.path() / contract_name).lexically_normal().string();
    auto loaded = test::load(test::read_text(contract_path), test::disk{}, contract_path);
    REQUIRE(loaded.model);
    auto z = *engine::zone::locate(loaded.model->timezone);
    auto p = *engine::parse_period(period_text);
    engine::memory_files files;
    for (auto& f : fs::directory_iterator(e.path() / "history"))
      files.files["h/" + f.path().filename().string()] = test::read_text(f.path().string());
    ingest_options opt;
    opt.skip_bad_rows = skip;
    opt.period = engine::period_bounds(p, z);
    auto whole = ingest_folder("h", files, *loaded.model, z, opt);
    REQUIRE(!whole.error);
    std::string want = reports::results_json(engine::replay(*loaded.model, z, p, whole.events), "t");
    for (std::size_t size : {1, 2, 3, 7, 64}) {
      files.piece_size = size;
      auto pieces = ingest_folder("h", files, *loaded.model, z, opt);
      INFO(e.path().filename().string() << " in pieces of " << size);
      REQUIRE(!pieces.error);
      CHECK(reports::results_json(engine::replay(*loaded.model, z, p, pieces.events), "t") == want);
    }
    files.piece_size = 0;
    ++compared;
  }
  CHECK(compared >= 27);
}
