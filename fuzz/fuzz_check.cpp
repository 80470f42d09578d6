// libFuzzer target: any bytes through the whole front end (parse, validate, render, fmt).
// It must never crash, hang or read out of bounds; with fmt, the formatted text of a file
// that parsed must parse again to the same text (fmt is a fixed point); and where the batch's
// plan reads a contract id from the file's head (grammar::scan_contract_id), it is the id the
// parser reads.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "engine/validate.hpp"
#include "grammar/contract_id.hpp"
#include "grammar/driver.hpp"
#include "grammar/formatter.hpp"
#include "io/render.hpp"

namespace {
class no_files : public slaudit::engine::file_reader {
 public:
  std::optional<std::string> read(const std::string&) const override { return std::nullopt; }
};
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace slaudit;
  grammar::source_file src("fuzz.sla", std::string(reinterpret_cast<const char*>(data), size));
  grammar::diagnostics diags;
  auto tree = grammar::parse_file(src, diags);
  bool syntax_ok = !diags.has_errors();
  std::string once = syntax_ok ? grammar::format_file(tree) : std::string();
  if (auto id = grammar::scan_contract_id(src.text()); id && syntax_ok)
    for (auto& n : tree.nodes)
      if (auto* head = grammar::ast::get_if<grammar::ast::contract_head>(&n.stmt)) {
        if (head->id.value != *id) std::abort();
        break;
      }
  // The tree given up, as load_contract gives it: services' statements let go once read.
  engine::validate(std::move(tree), src, no_files{}, diags);
  io::checked_file f{src, diags.sorted()};
  (void)io::render_text(f);
  (void)io::render_sarif({f}, "fuzz");
  if (syntax_ok) {
    grammar::source_file again("fuzz.sla", once);
    grammar::diagnostics d2;
    auto tree2 = grammar::parse_file(again, d2);
    if (d2.has_errors() || grammar::format_file(tree2) != once) std::abort();
  }
  return 0;
}
