#include "grammar/suggest.hpp"

#include <algorithm>

namespace slaudit::grammar {
namespace {

/// Edits (insert, delete, replace, swap two neighbours) between `a` and `b`.
std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.size()][b.size()];
}

}  // namespace

std::vector<std::string> nearest(const std::string& word, const std::vector<std::string>& candidates, std::size_t n) {
  // A suggestion needs no more of a very long word (a 40,000-character cell) than its start.
  const std::string start = word.substr(0, 256);
  std::vector<std::pair<std::size_t, std::size_t>> by;  // distance, index
  for (std::size_t k = 0; k < candidates.size(); ++k) by.push_back({edit_distance(start, candidates[k]), k});
  std::stable_sort(by.begin(), by.end(), [](auto& a, auto& b) { return a.first < b.first; });
  std::vector<std::string> out;
  for (std::size_t k = 0; k < by.size() && out.size() < n; ++k)
    if (std::find(out.begin(), out.end(), candidates[by[k].second]) == out.end()) out.push_back(candidates[by[k].second]);
  return out;
}

std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates) {
  std::string best;
  std::size_t best_d = std::max<std::size_t>(1, word.size() / 3) + 1;
  for (auto& c : candidates) {
    // The lengths' difference is a floor of the distance: a long word costs nothing to rule out.
    if ((word.size() > c.size() ? word.size() - c.size() : c.size() - word.size()) >= best_d) continue;
    std::size_t d = edit_distance(word, c);
    if (d < best_d) best = c, best_d = d;
  }
  return best;
}

}  // namespace slaudit::grammar
