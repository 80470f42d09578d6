// Suggestions for a word that names nothing known: the likeliest typo of a keyword, an id or a
// column, and the nearest names to list in a message. Shared by the contract checks, the
// history readers and the command line.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace slaudit::grammar {

/// The closest of `candidates` to `word` when it is close enough to be a likely typo.
std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates);
/// Up to `n` of `candidates` nearest to `word` (fewest edits first, then in their order), for
/// a message that names what there is: "nearest: A-1, A-12".
std::vector<std::string> nearest(const std::string& word, const std::vector<std::string>& candidates,
                                 std::size_t n = 3);

}  // namespace slaudit::grammar
