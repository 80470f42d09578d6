#include "engine/pro_rata.hpp"

#include <algorithm>
#include <functional>
#include <string_view>

#include "engine/money.hpp"

namespace slaudit::engine {
namespace {

/// The versions of a contract in force during [first, end), each with its days.
struct share {
  const contract* terms;
  std::int64_t days;
};

const service* service_of(const contract& c, const std::string& id) {
  for (auto& s : c.services)
    if (s.id == id) return &s;
  return nullptr;
}

/// "a × d1/D + b × d2/D": each version's value, by its days.
std::string weights(const std::vector<share>& parts, std::int64_t all_days,
                    const std::function<std::string(const contract&)>& value) {
  std::string text;
  for (auto& p : parts)
    text += (text.empty() ? "" : " + ") + value(*p.terms) + " × " + std::to_string(p.days) + "/" + std::to_string(all_days);
  return text;
}

/// A target shared by days, rounded half up to four decimals of a percent (or the targets'
/// own, when they have more).
decimal shared_target(const std::vector<decimal>& targets, const std::vector<share>& parts, std::int64_t all_days) {
  int scale = 4;
  for (auto& t : targets) scale = std::max(scale, t.scale);
  __int128 sum = 0;
  for (std::size_t k = 0; k < targets.size(); ++k) {
    __int128 units = targets[k].units;
    for (int j = targets[k].scale; j < scale; ++j) units *= 10;
    sum += units * parts[k].days;
  }
  // Half up: targets are positive.
  return {static_cast<std::int64_t>((2 * sum + all_days) / (2 * all_days)), scale};
}

}  // namespace

std::optional<contract> pro_rated_terms(const contract& whole, const period& p, std::vector<finding>& trail) {
  civil_day first = p.first_day(), end = p.end_day();
  bool asked = false;
  for (auto& a : whole.amendments) asked = asked || (a.pro_rata && a.effective > first && a.effective < end);
  if (!asked) return std::nullopt;

  std::vector<share> parts;
  civil_day from = first;
  const contract* terms = &whole.in_force(first);
  for (auto& a : whole.amendments) {
    if (a.effective <= first || a.effective >= end) continue;
    parts.push_back({terms, a.effective - from});
    from = a.effective, terms = a.terms.get();
  }
  parts.push_back({terms, end - from});
  const std::int64_t days = end - first;

  contract out = *parts.front().terms;
  const std::string& cur = out.currency;
  // The working in numbers only; the finding's text, per language, says how it was rounded.
  auto note = [&](const char* figure, const std::string& service, const std::string& working, int decimals) {
    std::string_view f = figure;
    std::string what = f == "monthly_fee" ? "the monthly fee"
                       : f == "fee_share" ? "the fee share of " + service
                                          : "the availability target of " + service;
    std::string rounded = f == "availability_target" ? "rounded half up to " + std::to_string(decimals) + " decimals"
                                                     : "rounded half up to the minor unit";
    trail.push_back({{}, "", "pro rata by days: " + what + " is " + working + " (" + rounded + ")", finding::kind::pro_rated,
                     {figure, service, working, std::to_string(decimals)}});
  };
  // Money: the exact sum of each version's by its days, rounded half up to the minor unit.
  auto money_shared = [&](const std::function<minor_units(const contract&)>& value) {
    exact_money sum{0, days};
    for (auto& part : parts) sum.num += static_cast<__int128>(value(*part.terms)) * part.days;
    return round_money(sum, rounding_mode::half_up, 1);
  };
  auto all_same = [&](const std::function<bool(const contract&, const contract&)>& same) {
    return std::all_of(parts.begin(), parts.end(), [&](const share& s) { return same(*s.terms, *parts.front().terms); });
  };

  if (!all_same([](const contract& a, const contract& b) { return a.monthly_fee == b.monthly_fee; })) {
    out.monthly_fee = money_shared([](const contract& c) { return c.monthly_fee; });
    note("monthly_fee", "",
         weights(parts, days, [&](const contract& c) { return money_text(c.monthly_fee, cur); }) + " = " +
             money_text(out.monthly_fee, cur) + " " + cur,
         0);
  }
  for (auto& s : out.services) {
    // A service every version in force has, with the figure in each.
    std::vector<const service*> in;
    for (auto& part : parts) in.push_back(service_of(*part.terms, s.id));
    if (std::find(in.begin(), in.end(), nullptr) != in.end()) continue;
    auto each = [&](auto get) { return std::all_of(in.begin(), in.end(), [&](const service* x) { return bool(get(*x)); }); };
    auto differ = [&](auto get) { return std::any_of(in.begin(), in.end(), [&](const service* x) { return get(*x) != get(*in.front()); }); };
    auto share_of = [](const service& x) { return x.fee_share; };
    if (each(share_of) && differ(share_of)) {
      s.fee_share = money_shared([&](const contract& c) { return *service_of(c, s.id)->fee_share; });
      note("fee_share", s.id,
           weights(parts, days, [&](const contract& c) { return money_text(*service_of(c, s.id)->fee_share, cur); }) +
               " = " + money_text(*s.fee_share, cur) + " " + cur,
           0);
    }
    auto target_of = [](const service& x) { return x.availability_pct; };
    if (each(target_of) && differ(target_of)) {
      std::vector<decimal> targets;
      for (auto* x : in) targets.push_back(*x->availability_pct);
      s.availability_pct = shared_target(targets, parts, days);
      // It rests on each version's clause.
      for (auto* x : in)
        for (auto& clause : x->availability_where.clauses)
          if (std::find(s.availability_where.clauses.begin(), s.availability_where.clauses.end(), clause) ==
              s.availability_where.clauses.end())
            s.availability_where.clauses.push_back(clause);
      note("availability_target", s.id,
           weights(parts, days, [&](const contract& c) { return service_of(c, s.id)->availability_pct->str() + "%"; }) +
               " = " + s.availability_pct->str() + "%",
           s.availability_pct->scale);
    }
  }
  return out;
}

}  // namespace slaudit::engine
