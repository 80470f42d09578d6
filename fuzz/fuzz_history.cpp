// libFuzzer target: any bytes as a history file (a canonical file, or an export in each
// profile's layout) through decoding, CSV, timestamps, the canonical checks and a replay. It must never crash; a refusal is a fine answer.
#include <cstdint>
#include <string>

#include "engine/load.hpp"
#include "engine/replay.hpp"
#include "history/ingest.hpp"
#include "history/profiles.hpp"

namespace {
/// One fuzzed file; beside any other file, an incidents.csv of one incident whose response
/// and restore both breached (a history needs one; decisions and pauses can name it).
class one_file : public slaudit::engine::file_reader {
 public:
  std::string name, text;
  std::size_t piece = 0;  ///< 0: the whole file at once; else pieces of this size
  std::optional<std::string> read(const std::string& path) const override {
    if (path == "h/" + name) return text;
    if (path == "h/incidents.csv")
      return std::string("id,service,severity,occurred,responded,restored\nI-1,core,1,2026-10-05 08:00,2026-10-05 08:40,"
                         "2026-10-05 12:00\n");
    return std::nullopt;
  }
  bool read_pieces(const std::string& path, const std::function<bool(std::string_view)>& each) const override {
    auto whole = path == "h/" + name ? std::optional<std::string>(text) : read(path);
    if (!whole) return false;
    std::string_view all = *whole;
    if (piece == 0) return each(all), true;
    for (std::size_t at = 0; at < all.size(); at += piece)
      if (!each(all.substr(at, piece))) break;
    return true;
  }
};

const slaudit::engine::contract& contract() {
  static const slaudit::engine::contract c = [] {
    // A small contract with every kind of target, parsed once.
    std::string text =
        "sla 1\ncontract \"F\" {\n  customer \"c\"\n  provider \"p\"\n  term 2026-01-01 .. 2026-12-31\n"
        "  timezone \"Europe/Berlin\"\n  fee 1000.00 EUR per month\n  level 1 \"x\" {\n    coverage 7x24\n  }\n"
        "  severity 1 \"s\" {\n    respond within 30min\n    restore within 2h\n  }\n"
        "  escalation {\n    matrix {\n      severity 1: 1\n    }\n    handling 1 {\n      after 5min notify \"a\"\n    }\n  }\n"
        "  pause clocks in \"awaiting_customer\"\n"
        "  service \"core\" {\n    level 1\n    availability >= 99.9% per month\n    transactions success >= 99%\n  }\n"
        "  tickets {\n    respond within 2h\n  }\n  monitoring {\n    accuracy >= 90%\n  }\n"
        "  penalty \"p\" clause \"1\" {\n    on availability\n    below 99.9% credit 5% of fee\n  }\n"
        "  penalty \"q\" clause \"2\" payer customer {\n    0.5% of overdue per day\n  }\n  cap 30% of fee per month\n}\n";
    slaudit::grammar::source_file src("f.sla", text);
    slaudit::grammar::diagnostics d;
    one_file none;
    return *slaudit::engine::load_contract(src, none, d);
  }();
  return c;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace slaudit;
  if (size < 1) return 0;
  static const std::vector<std::string> names = history::canonical_files();
  const auto& profiles = history::profile_names();
  // The low bits pick a canonical file, or a ticketing system's export (incidents.csv in a
  // profile's layout).
  std::size_t pick = (data[0] & 0x0F) % (names.size() + profiles.size());
  one_file f;
  history::ingest_options opt;
  if (pick < names.size()) {
    f.name = names[pick];
  } else {
    f.name = "incidents.csv";
    opt.profile = profiles[pick - names.size()];
  }
  f.text.assign(reinterpret_cast<const char*>(data + 1), size - 1);
  static const std::size_t pieces[] = {0, 1, 2, 3, 5, 8, 13, 64};
  f.piece = pieces[(data[0] >> 4) & 7];  // the streaming reader cut anywhere
  static const engine::zone z = *engine::zone::locate("Europe/Berlin");
  opt.skip_bad_rows = data[0] & 0x80;
  auto h = history::ingest_folder("h", f, contract(), z, opt);
  if (!h.error) engine::replay(contract(), z, *engine::parse_period("2026-10"), h.events);
  return 0;
}
