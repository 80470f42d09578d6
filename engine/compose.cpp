#include "engine/compose.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "grammar/driver.hpp"
#include "grammar/formatter.hpp"
#include "grammar/suggest.hpp"

namespace slaudit::engine {
namespace {

namespace ast = grammar::ast;
using grammar::note;

/// What names a part of a contract, so that the contract's own can replace the terms': the
/// statement given once (`fee`, `escalation`) or the block and its name (`service "db"`).
struct part_name {
  std::string kind;  ///< "fee", "service", "cap per"
  std::string name;  ///< "", "\"db\"", "month"
  std::string shown() const { return name.empty() ? kind : kind + " " + name; }
};

std::string number_name(const std::string& digits) {
  auto first = digits.find_first_not_of('0');
  return first == std::string::npos ? "0" : digits.substr(first);
}

std::string quoted(const std::string& s) { return "\"" + s + "\""; }

/// The part a statement of a contract block is; nothing for statements that only add
/// (`exclude`, `pause`): those of the contract stand beside the terms' own.
std::optional<part_name> name_of(const ast::statement& s) {
  return ast::visit(
      [](auto const& x) -> std::optional<part_name> {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, ast::title_stmt>) return part_name{"title", ""};
        if constexpr (std::is_same_v<T, ast::party_stmt>) return part_name{x.role.text, ""};
        if constexpr (std::is_same_v<T, ast::term_stmt>) return part_name{"term", ""};
        if constexpr (std::is_same_v<T, ast::timezone_stmt>) return part_name{"timezone", ""};
        if constexpr (std::is_same_v<T, ast::currency_stmt>) return part_name{"currency", ""};
        if constexpr (std::is_same_v<T, ast::fee_stmt>) return part_name{"fee", ""};
        if constexpr (std::is_same_v<T, ast::rounding_stmt>) return part_name{"rounding", ""};
        if constexpr (std::is_same_v<T, ast::missing_time_stmt>) return part_name{"missing_time", ""};
        if constexpr (std::is_same_v<T, ast::escalation_head>) return part_name{"escalation", ""};
        if constexpr (std::is_same_v<T, ast::maintenance_head>) return part_name{"maintenance", ""};
        if constexpr (std::is_same_v<T, ast::tickets_head>) return part_name{"tickets", ""};
        if constexpr (std::is_same_v<T, ast::monitoring_head>) return part_name{"monitoring", ""};
        if constexpr (std::is_same_v<T, ast::cap_stmt>) return part_name{"cap per", x.per.text};
        if constexpr (std::is_same_v<T, ast::calendar_head>) return part_name{"calendar", x.name.text};
        if constexpr (std::is_same_v<T, ast::level_head>) return part_name{"level", number_name(x.id.digits)};
        if constexpr (std::is_same_v<T, ast::severity_head>) return part_name{"severity", number_name(x.id.digits)};
        if constexpr (std::is_same_v<T, ast::service_head>) return part_name{"service", quoted(x.id.value)};
        if constexpr (std::is_same_v<T, ast::penalty_head>) return part_name{"penalty", quoted(x.name.value)};
        return std::nullopt;
      },
      s);
}

/// The keyword a statement starts with, for messages.
std::string keyword_at(const std::string& text, std::uint32_t at) {
  std::size_t e = at;
  while (e < text.size() && (std::isalnum(static_cast<unsigned char>(text[e])) || text[e] == '_')) ++e;
  return text.substr(at, e - at);
}

class composer {
 public:
  composer(grammar::source_file& src, const file_reader& files, grammar::diagnostics& diags)
      : src_(src), files_(files), diags_(diags) {}

  /// Resolves the `extends` among `body` (a contract's or terms' statements); `chain` holds
  /// the files on the way here, to refuse a circle.
  void resolve(std::vector<ast::node>& body, std::vector<std::string>& chain) {
    const ast::node* ext = nullptr;
    for (auto& n : body) {
      if (!ast::holds<ast::extends_stmt>(n.stmt)) continue;
      if (ext) {
        error("E0704", n.at, n.end, "'extends' is given twice: a contract builds on one terms file")
            .notes.push_back(see("the first is here", ext->at));
        continue;
      }
      ext = &n;
    }
    if (!ext) {
      for (auto& n : body)
        if (n.overrides) {
          error("E0703", n.at, n.at + 8, "'override', but no terms are extended here: there is nothing to replace")
              .notes.push_back(hint("add 'extends \"<terms>.sla\"', or remove 'override'"));
          n.overrides = false;
        }
      return;
    }
    auto& named = ast::get<ast::extends_stmt>(ext->stmt);
    std::string path = relative_to(named.path.value, src_.path_at(named.path.at));
    if (named.path.value.empty()) {
      error("E0701", named.path.at, named.path.end, "the terms file's name is empty");
      drop_extends(body);
      return;
    }
    if (std::find(chain.begin(), chain.end(), path) != chain.end()) {
      std::string circle;
      for (auto& p : chain) circle += p + " → ";
      error("E0704", named.path.at, named.path.end, "extends goes round in a circle: " + circle + path)
          .notes.push_back(hint("terms may build on other terms, but never on a file that builds on them"));
      drop_extends(body);
      return;
    }
    if (chain.size() >= static_cast<std::size_t>(max_extends_depth)) {
      error("E0704", named.path.at, named.path.end,
            "extends goes " + std::to_string(chain.size()) + " files deep; at most " +
                std::to_string(max_extends_depth) + " are read")
          .notes.push_back(hint("build the terms on fewer layers"));
      drop_extends(body);
      return;
    }
    auto base = read_terms(named, path);
    if (!base) {
      drop_extends(body);
      return;
    }
    chain.push_back(path);
    resolve(base->body, chain);
    chain.pop_back();
    drop_amendments(base->body);
    merge(body, std::move(base->body), terms_layer(path, ext->at));
  }

 private:
  grammar::diagnostic& error(const char* code, std::uint32_t at, std::uint32_t end, std::string msg) {
    return diags_.error(code, at, end, std::move(msg));
  }
  static note see(std::string msg, std::uint32_t at) { return {std::move(msg), true, at}; }
  static note hint(std::string msg) { return {std::move(msg), false, 0}; }

  /// `path` as named in file `from`: relative to its folder, and without "./" and "x/.." (by
  /// the names alone, so that one file named two ways is still seen to be one in a circle).
  static std::string relative_to(const std::string& path, const std::string& from) {
    std::filesystem::path p(path);
    if (p.is_relative()) p = std::filesystem::path(from).parent_path() / p;
    return p.lexically_normal().string();
  }

  /// Standard terms are amended by amending the contracts on them.
 public:
  void drop_amendments(std::vector<ast::node>& body) {
    for (auto it = body.begin(); it != body.end();) {
      if (!ast::holds<ast::amendment_head>(it->stmt)) {
        ++it;
        continue;
      }
      error("E0706", it->at, it->end, "terms hold no amendments: an amendment changes one contract from its date")
          .notes.push_back(hint("write the amendment in each contract it changes, or change the terms"));
      it = body.erase(it);
    }
  }

 private:
  static void drop_extends(std::vector<ast::node>& body) {
    body.erase(std::remove_if(body.begin(), body.end(),
                              [](const ast::node& n) { return ast::holds<ast::extends_stmt>(n.stmt); }),
               body.end());
    for (auto& n : body) n.overrides = false;
  }

  /// Reads, appends and parses the terms file; its `terms` block, or nothing (reported).
  std::optional<ast::node> read_terms(const ast::extends_stmt& named, const std::string& path) {
    auto text = files_.read(path);
    if (!text) {
      std::string why = files_.refusal(path);
      error("E0701", named.path.at, named.path.end,
            "cannot read the terms file '" + path + "': " + (why.empty() ? "there is no such file" : why))
          .notes.push_back(hint("the path is relative to the folder of the file that names it"));
      return std::nullopt;
    }
    auto part = src_.append(path, *text);
    if (!part) {
      error("E0701", named.path.at, named.path.end, "the terms file '" + path + "' is too large to read with the contract")
          .notes.push_back(hint("a contract and its terms may be 4 GiB together"));
      return std::nullopt;
    }
    std::size_t errors_before = diags_.count(grammar::severity::error);
    ast::file tree = grammar::parse_part(src_, *part, diags_);
    bool syntax_errors = diags_.count(grammar::severity::error) > errors_before;

    std::uint32_t begin = src_.part_begin(*part);
    const ast::node* version = nullptr;
    ast::node* head = nullptr;
    for (auto& n : tree.nodes) {
      if (auto* v = ast::get_if<ast::version_stmt>(&n.stmt)) {
        if (!version && v->version.digits != "1")
          error("E0108", v->version.at, v->version.end, "unsupported language version " + v->version.digits)
              .notes.push_back(hint("this slaudit reads version 1: write 'sla 1'"));
        version = version ? version : &n;
      } else if (auto* c = ast::get_if<ast::contract_head>(&n.stmt)) {
        error("E0701", named.path.at, named.path.end,
              "'" + path + "' holds a contract (\"" + c->id.value + "\"), not terms: a contract extends a 'terms' file")
            .notes.push_back(see("the contract starts here; standard terms are written 'terms \"<id>\" { … }'", n.at));
        return std::nullopt;
      } else if (ast::holds<ast::terms_head>(n.stmt)) {
        if (head) {
          error("E0109", n.at, n.end, "a file holds one set of terms; this is a second one")
              .notes.push_back(see("the first starts here", head->at));
          continue;
        }
        head = &n;
      }
    }
    if (syntax_errors && !head) return std::nullopt;  // its errors are reported
    if (!version)
      error("E0107", begin, begin, "the terms file does not start with a language version line")
          .notes.push_back(hint("add 'sla 1' as the first statement"));
    if (!head) {
      error("E0701", named.path.at, named.path.end, "'" + path + "' holds no terms")
          .notes.push_back(hint("standard terms are written 'sla 1' and 'terms \"<id>\" { … }'"));
      return std::nullopt;
    }
    return std::move(*head);
  }

  /// What a layer of parts builds on, in messages: the terms a contract extends, or the
  /// contract an amendment changes.
  struct layer {
    std::string lacking;   ///< "the terms in 'std.sla' have no"
    std::string also_in;   ///< "is also in the terms this contract extends ('std.sla')"
    std::string owner;     ///< "the terms'"
    std::string head;      ///< "the terms are extended here"
    std::uint32_t head_at = 0;
  };

  static layer terms_layer(const std::string& path, std::uint32_t at) {
    return {"the terms in '" + path + "' have no", "is also in the terms this contract extends ('" + path + "')",
            "the terms'", "the terms are extended here", at};
  }

  /// The base's parts in their order, each replaced by the layer's override, then the
  /// layer's own new parts in its order.
  void merge(std::vector<ast::node>& body, std::vector<ast::node> base, const layer& on) {
    std::map<std::string, std::size_t> index;  // the base's parts by name: the first of each
    std::map<std::string, std::vector<std::string>> names_of_kind;
    for (std::size_t i = 0; i < base.size(); ++i) {
      auto name = name_of(base[i].stmt);
      if (!name) continue;
      if (index.emplace(name->shown(), i).second) names_of_kind[name->kind].push_back(name->name);
    }
    std::vector<std::optional<ast::node>> replaced(base.size());
    std::vector<ast::node> added;
    for (auto& n : body) {
      if (ast::holds<ast::extends_stmt>(n.stmt)) continue;
      auto name = name_of(n.stmt);
      if (!name) {
        if (n.overrides) {
          std::string kw = keyword_at(src_.text(), skip_override(n.at));
          error("E0703", n.at, n.at + 8, "'" + kw + "' cannot be overridden: it names no part to replace")
              .notes.push_back(hint("'" + kw + "' statements add to " + on.owner + " own; write it without 'override'"));
        }
        added.push_back(std::move(n));
        continue;
      }
      auto it = index.find(name->shown());
      if (it == index.end()) {
        if (n.overrides) {
          auto& d = error("E0703", n.at, n.end, "override of " + name->shown() + ", but " + on.lacking + " " + name->shown());
          auto& others = names_of_kind[name->kind];
          std::string guess = grammar::did_you_mean(name->name, others);
          if (!guess.empty()) d.notes.push_back(hint("did you mean " + name->kind + " " + guess + "?"));
          d.notes.push_back(see(on.head, on.head_at));
          d.notes.push_back(hint("to add a part, write it without 'override'"));
        }
        added.push_back(std::move(n));
        continue;
      }
      if (!n.overrides) {
        error("E0702", n.at, n.end,
              name->shown() + " " + on.also_in + ": write 'override " + name->shown() + " …' to replace it")
            .notes.push_back(see(on.owner + " " + name->shown() + " is here", base[it->second].at));
      }
      if (replaced[it->second]) {
        added.push_back(std::move(n));  // given twice in the layer: the validator says so
      } else {
        replaced[it->second] = std::move(n);
      }
    }
    std::vector<ast::node> out;
    out.reserve(base.size() + added.size());
    for (std::size_t i = 0; i < base.size(); ++i) out.push_back(replaced[i] ? std::move(*replaced[i]) : std::move(base[i]));
    for (auto& n : added) out.push_back(std::move(n));
    for (auto& n : out) n.overrides = false;
    body = std::move(out);
  }

 public:
  /// Takes the amendments out of a contract's body and returns the contract as each leaves
  /// it, by date.
  std::vector<amended_tree> amend(ast::file& tree, ast::node& contract_node) {
    std::vector<ast::node> amendments, rest;
    auto& body = contract_node.body;
    if (std::none_of(body.begin(), body.end(), [](auto& n) { return ast::holds<ast::amendment_head>(n.stmt); }))
      return {};
    for (auto& n : body) (ast::holds<ast::amendment_head>(n.stmt) ? amendments : rest).push_back(std::move(n));
    body = std::move(rest);
    // Each amendment's version is a whole contract, validated on its own: a bound on them
    // bounds the work a contract can ask for.
    if (amendments.size() > max_amendments) {
      auto& extra = amendments[max_amendments];
      error("E0705", extra.at, extra.end,
            "more than " + std::to_string(max_amendments) + " amendments: none of them is applied")
          .notes.push_back(hint("fold the amendments in force into the contract, and keep the later ones"));
      return {};
    }
    auto date_of = [](const ast::node& n) {
      auto& d = ast::get<ast::amendment_head>(n.stmt).effective;
      return d.y + "-" + d.m + "-" + d.d;  // fixed width: orders as the days do
    };
    std::stable_sort(amendments.begin(), amendments.end(),
                     [&](const ast::node& a, const ast::node& b) { return date_of(a) < date_of(b); });
    std::vector<amended_tree> out;
    std::vector<ast::node> before = body;
    for (std::size_t k = 0; k < amendments.size(); ++k) {
      auto& n = amendments[k];
      auto& head = ast::get<ast::amendment_head>(n.stmt);
      if (k > 0 && date_of(amendments[k - 1]) == date_of(n)) {
        error("E0705", head.effective.at, head.effective.end,
              "two amendments take effect on " + date_of(n) + ": which one rules that day is not said")
            .notes.push_back(see("the other one", amendments[k - 1].at));
      }
      if (head.name.value.empty())
        error("E0705", head.name.at, head.name.end, "the amendment's name is empty: reports name the terms they used by it");
      for (std::size_t j = 0; j < k; ++j)
        if (ast::get<ast::amendment_head>(amendments[j].stmt).name.value == head.name.value) {
          error("E0201", head.name.at, head.name.end, "amendment \"" + head.name.value + "\" is given twice")
              .notes.push_back(see("first given here", amendments[j].at));
          break;
        }
      for (auto& part : n.body) {
        std::string kw = keyword_at(src_.text(), part.overrides ? skip_override(part.at) : part.at);
        if (kw == "timezone" || kw == "currency")
          error("E0706", part.at, part.end,
                "an amendment cannot change the " + kw + ": a month's figures would be in two of them")
              .notes.push_back(hint("make a new contract from that day instead"));
      }
      std::string quoted_name = "\"" + head.name.value + "\"";
      layer on{"the contract before amendment " + quoted_name + " has no",
               "is already in the contract before amendment " + quoted_name, "the contract's", "the amendment starts here",
               n.at};
      std::vector<ast::node> parts = n.body;
      merge(parts, before, on);
      amended_tree version;
      version.head = head;
      version.at = n.at;
      version.after_close = n.trivia().after_close;
      version.source = n;
      before = parts;
      // The whole file, with this version's body in the contract's place.
      std::vector<ast::node> kept = std::move(contract_node.body);
      contract_node.body = std::move(parts);
      version.tree = tree;
      contract_node.body = std::move(kept);
      out.push_back(std::move(version));
    }
    return out;
  }

 private:
  /// The offset of the statement after an `override` at `at`.
  std::uint32_t skip_override(std::uint32_t at) const {
    std::uint32_t p = at + 8;
    while (p < src_.text().size() && (src_.text()[p] == ' ' || src_.text()[p] == '\t')) ++p;
    return p;
  }

  grammar::source_file& src_;
  const file_reader& files_;
  grammar::diagnostics& diags_;
};

}  // namespace

std::vector<amended_tree> compose(grammar::ast::file& tree, grammar::source_file& src, const file_reader& files,
                                  grammar::diagnostics& diags) {
  std::vector<std::string> chain{std::filesystem::path(src.path()).lexically_normal().string()};
  composer c(src, files, diags);
  std::vector<amended_tree> versions;
  for (auto& n : tree.nodes) {
    if (!ast::holds<ast::contract_head>(n.stmt) && !ast::holds<ast::terms_head>(n.stmt)) continue;
    c.resolve(n.body, chain);
    // One contract a file (the validator says so of a second): its amendments are the file's.
    if (ast::holds<ast::terms_head>(n.stmt)) c.drop_amendments(n.body);
    else if (versions.empty()) versions = c.amend(tree, n);
  }
  return versions;
}

namespace {
/// Makes the calendar files a terms file imports relative to the contract's folder, so that the
/// resolved contract, saved beside the contract, reads the same files.
void rebase_imports(ast::node& n, const std::string& terms_path, const std::string& contract_path) {
  namespace fs = std::filesystem;
  if (auto* imp = ast::get_if<ast::holidays_import_stmt>(&n.stmt)) {
    fs::path p(imp->path.value);
    if (p.is_relative()) {
      fs::path from = fs::path(contract_path).parent_path();
      fs::path to = (fs::path(terms_path).parent_path() / p).lexically_normal();
      fs::path rel = to.lexically_relative(from.empty() ? fs::path(".") : from);
      if (!rel.empty()) imp->path.value = rel.string();
    }
  }
  for (auto& child : n.body) rebase_imports(child, terms_path, contract_path);
}
}  // namespace

std::string resolved_text(const grammar::ast::file& tree, const std::vector<amended_tree>& amendments,
                          const grammar::source_file& src) {
  grammar::ast::file copy = tree;
  bool amended = false;
  for (auto& top : copy.nodes) {
    if (!ast::holds<ast::contract_head>(top.stmt) && !ast::holds<ast::terms_head>(top.stmt)) continue;
    if (!amended) {
      for (auto& a : amendments) {
        top.body.push_back(a.source);
        top.body.back().blank_before = true;
      }
      amended = true;
    }
    bool several = std::any_of(top.body.begin(), top.body.end(),
                               [&](const ast::node& n) { return src.part_of(n.at) != 0; });
    if (!several) continue;
    std::size_t last = src.part_count();
    for (auto& n : top.body) {
      std::size_t part = src.part_of(n.at);
      if (part != 0) rebase_imports(n, src.part_path(part), src.path());
      if (part == last) continue;
      last = part;
      ast::comment from;
      from.text = " ---- from " + src.part_path(part);
      auto& leading = n.trivia().leading;
      leading.insert(leading.begin(), from);
      n.blank_before = true;
      n.blank_after_leading = false;
    }
  }
  return grammar::format_file(copy);
}

}  // namespace slaudit::engine
