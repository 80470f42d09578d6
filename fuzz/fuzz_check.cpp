// libFuzzer target: any bytes through the whole front end (parse, extends and amendments,
// validate, render, fmt).
// It must never crash, hang or read out of bounds; with fmt, the formatted text of a file
// that parsed must parse again to the same text (fmt is a fixed point); and where the batch's
// plan reads a contract id from the file's head (grammar::scan_contract_id), it is the id the
// parser reads.
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include "engine/validate.hpp"
#include "grammar/contract_id.hpp"
#include "grammar/driver.hpp"
#include "grammar/formatter.hpp"
#include "io/render.hpp"

namespace {
/// After a line "#--terms--" the input's rest is the terms file every `extends` reads (the
/// merge of two files fuzzed together); no other file is there.
constexpr std::string_view terms_mark = "\n#--terms--\n";

class terms_only : public slaudit::engine::file_reader {
 public:
  explicit terms_only(std::optional<std::string> terms) : terms_(std::move(terms)) {}
  std::optional<std::string> read(const std::string& path) const override {
    if (path.size() >= 4 && path.compare(path.size() - 4, 4, ".sla") == 0) return terms_;
    return std::nullopt;
  }

 private:
  std::optional<std::string> terms_;
};
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace slaudit;
  std::string_view input(reinterpret_cast<const char*>(data), size);
  auto cut = input.find(terms_mark);
  std::optional<std::string> terms;
  if (cut != std::string_view::npos) terms = std::string(input.substr(cut + terms_mark.size()));
  grammar::source_file src("fuzz.sla", std::string(input.substr(0, cut)));
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
  // As load_contract goes on: the terms merged in, the tree given up (services' statements
  // let go once read), each amendment's version validated.
  engine::load_tree(std::move(tree), src, terms_only(terms), diags);
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
