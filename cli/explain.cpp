// `slaudit explain`: the same replay as run, its trail printed as text.
#include "cli/commands.hpp"

#include <algorithm>
#include <ostream>

#include "cli/prepare.hpp"
#include "grammar/suggest.hpp"
#include "io/exit_codes.hpp"
#include "reports/explain.hpp"

namespace slaudit::cli {

int explain_command(const command_line& cl, std::ostream& out, std::ostream& err) {
  prepared w;
  if (auto code = prepare(cl, mode::explain, w, err)) return *code;
  // A filter that names nothing there is a typo, not "nothing happened": exit 2, and the
  // nearest names there are.
  auto unknown = [&](const std::string& what, const std::string& name, const std::vector<std::string>& there,
                     const std::string& where) {
    std::string list;
    for (auto& n : grammar::nearest(name, there)) list += (list.empty() ? "" : ", ") + n;
    err << "slaudit explain: no " << what << " '" << name << "' " << where
        << (list.empty() ? std::string() : "; nearest: " + list) << "\n";
    return exit_usage;
  };
  if (w.incident) {
    std::vector<std::string> ids;
    for (auto& i : w.c.history.incidents) ids.emplace_back(i.id);
    for (auto& t : w.c.history.tickets) ids.push_back(t.id);
    if (std::find(ids.begin(), ids.end(), *w.incident) == ids.end())
      return unknown("incident or ticket", *w.incident, ids,
                     "in " + w.history_dir + " for " + w.settings.period.label());
  }
  if (w.penalty) {
    std::vector<std::string> names;
    for (auto& p : w.c.contract->penalties) names.push_back(p.name);
    if (std::find(names.begin(), names.end(), *w.penalty) == names.end())
      return unknown("penalty", *w.penalty, names, "in " + w.contract_path);
  }
  out << reports::explain_text(w.c.results, *w.c.zone, {w.incident, w.penalty});
  return 0;
}

}  // namespace slaudit::cli
