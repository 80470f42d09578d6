// A canonical text of a contract model, for tests and debugging: two contracts that mean
// the same have the same text. Source lines are left out (formatting moves them).
#pragma once

#include <string>

#include "engine/model.hpp"

namespace slaudit::engine {

std::string model_text(const contract& c);
/// yyyy-mm-dd
std::string day_text(civil_day d);

}  // namespace slaudit::engine
