// Service levels, severities with their targets, the escalation steps and matrix, maintenance rules.
#include "engine/validator.hpp"

namespace slaudit::engine::validation {

void validator::level_block(const ast::node& n, const ast::level_head& h) {
  auto id = integer(h.id, 1, 99, "service level");
  if (!id || !first_definition(levels_seen_, std::to_string(*id), h.id, "service level")) return;
  service_level l;
  l.id = *id;
  l.label = h.label ? h.label->value : "";
  l.where = where(n, h.clause);
  bool has_coverage = false;
  for (auto& b : n.body) {
    if (auto* s = ast::get_if<ast::coverage_stmt>(&b.stmt)) {
      if (has_coverage) {
        error("E0201", *s, "service level " + std::to_string(l.id) + " states its coverage twice");
        continue;
      }
      has_coverage = true;
      if (auto cov = coverage_of(s->calendar)) l.hours = *cov;
    } else if (auto* m = ast::get_if<ast::mode_stmt>(&b.stmt)) {
      for (auto& w : m->modes) {
        auto mode = w.text == "onsite" ? response_mode::onsite : response_mode::remote;
        if (std::find(l.modes.begin(), l.modes.end(), mode) != l.modes.end())
          error("E0201", w, "response mode '" + w.text + "' is given twice");
        else l.modes.push_back(mode);
      }
    }
  }
  if (!has_coverage)
    error("E0208", h.id, "service level " + std::to_string(l.id) + " has no coverage")
        .notes.push_back(hint("add 'coverage 7x24' or 'coverage <calendar>'"));
  c_.levels.push_back(std::move(l));
}

void validator::severity_block(const ast::node& n, const ast::severity_head& h) {
  auto id = integer(h.id, 1, 99, "severity");
  if (!id || !first_definition(severities_seen_, std::to_string(*id), h.id, "severity")) return;
  severity sv;
  sv.id = *id;
  sv.label = h.label ? h.label->value : "";
  sv.where = where(n, h.clause);
  for (auto& b : n.body) {
    auto* t = ast::get_if<ast::target_stmt>(&b.stmt);
    if (!t) continue;
    auto& slot = t->kind.text == "respond" ? sv.respond : sv.restore;
    if (slot) {
      error("E0201", *t, "severity " + std::to_string(sv.id) + " states its " + t->kind.text + " target twice");
      continue;
    }
    auto s = seconds(t->within);
    if (!s) continue;
    clock_target ct{*s, std::nullopt, where(b, t->clause)};
    // The block's clauses cite the target too: severity 1 "…" clause "4.1" "4.2" { respond … }
    ct.where.clauses.insert(ct.where.clauses.begin(), sv.where.clauses.begin(), sv.where.clauses.end());
    if (t->on) ct.on = coverage_of(*t->on);
    slot = ct;
  }
  if (sv.respond && sv.restore && sv.restore->within_s < sv.respond->within_s)
    warning("W0604", h.id, "severity " + std::to_string(sv.id) + " must be restored sooner than it must be responded to");
  c_.severities.push_back(std::move(sv));
}

void validator::escalation_block(const ast::node& n) {
  if (!once("escalation", ast::get<ast::escalation_head>(n.stmt))) return;
  escalation e;
  e.where = where(n, ast::get<ast::escalation_head>(n.stmt).clause);
  std::map<std::string, std::uint32_t> handling_seen;
  const ast::node* matrix = nullptr;
  for (auto& b : n.body) {
    if (auto* g = ast::get_if<ast::grace_stmt>(&b.stmt)) {
      if (auto s = seconds(g->grace, true)) e.grace_s = *s;
    } else if (ast::get_if<ast::matrix_head>(&b.stmt)) {
      if (matrix) {
        error("E0201", ast::get<ast::matrix_head>(b.stmt), "the escalation matrix is given twice")
            .notes.push_back(see("first given here", matrix->at));
        continue;
      }
      matrix = &b;
    } else if (auto* h = ast::get_if<ast::handling_head>(&b.stmt)) {
      auto id = integer(h->id, 1, 99, "handling level");
      if (!id || !first_definition(handling_seen, std::to_string(*id), h->id, "handling level")) continue;
      auto& steps = e.steps[*id];
      std::int64_t last = -1;
      for (auto& sb : b.body) {
        auto* st = ast::get_if<ast::step_stmt>(&sb.stmt);
        if (!st) continue;
        auto s = seconds(st->after);
        if (!s) continue;
        if (*s <= last) {
          error("E0405", st->after, "escalation steps must be in increasing time order")
              .notes.push_back(hint("the step before this one is at " + std::to_string(last / 60) + "min"));
          continue;
        }
        last = *s;
        escalation_step step{*s, {}, where(sb, st->clause)};
        // A step without clauses of its own cites the escalation block's: every breach it
        // makes is charged under a clause the report names.
        if (step.where.clauses.empty()) step.where.clauses = e.where.clauses;
        for (auto& r : st->roles) {
          if (r.value.empty()) error("E0301", r, "a role to notify is empty");
          else step.roles.push_back(r.value);
        }
        steps.push_back(std::move(step));
      }
    }
  }
  // The matrix: one row per severity, one cell per service level (in level order).
  std::vector<int> level_ids, severity_ids;
  for (auto& l : c_.levels) level_ids.push_back(l.id);
  for (auto& s : c_.severities) severity_ids.push_back(s.id);
  std::sort(level_ids.begin(), level_ids.end());
  std::sort(severity_ids.begin(), severity_ids.end());
  if (matrix) {
    std::map<std::string, std::uint32_t> rows_seen;
    for (auto& rb : matrix->body) {
      auto* row = ast::get_if<ast::matrix_row>(&rb.stmt);
      if (!row) continue;
      auto sev = integer(row->severity, 1, 99, "severity");
      if (!sev) continue;
      if (!std::binary_search(severity_ids.begin(), severity_ids.end(), *sev)) {
        auto& d = error("E0203", row->severity, "unknown severity '" + row->severity.digits + "'");
        std::string defined;
        for (int s : severity_ids) defined += (defined.empty() ? "" : ", ") + std::to_string(s);
        d.notes.push_back(hint(defined.empty() ? "no severity is defined" : "defined severities: " + defined));
        continue;
      }
      if (!first_definition(rows_seen, row->severity.digits, row->severity, "matrix row for severity")) continue;
      if (row->handling.size() != level_ids.size()) {
        error("E0402", *row,
              "this row has " + std::to_string(row->handling.size()) +
                  (row->handling.size() == 1 ? " cell" : " cells") + " but there are " +
                  std::to_string(level_ids.size()) + " service levels")
            .notes.push_back(hint("one handling level per service level, in level order"));
        continue;
      }
      for (std::size_t i = 0; i < row->handling.size(); ++i) {
        auto h = integer(row->handling[i], 1, 99, "handling level");
        if (!h) continue;
        if (!e.steps.empty() && !e.steps.count(*h)) {
          error("E0205", row->handling[i], "handling level " + row->handling[i].digits + " has no steps")
              .notes.push_back(hint("define 'handling " + row->handling[i].digits + " { after … notify … }'"));
          continue;
        }
        e.matrix[*sev][level_ids[i]] = *h;
      }
    }
    std::string missing;
    for (int s : severity_ids)
      if (!rows_seen.count(std::to_string(s))) missing += (missing.empty() ? "" : ", ") + std::to_string(s);
    if (!missing.empty())
      error("E0401", ast::get<ast::matrix_head>(matrix->stmt),
            "the escalation matrix has no row for severity " + missing)
          .notes.push_back(hint("every severity × service level needs a handling level"));
  } else if (!e.steps.empty()) {
    error("E0401", ast::get<ast::escalation_head>(n.stmt), "escalation steps without a matrix")
        .notes.push_back(hint("add 'matrix { severity 1: … }' mapping severity × service level to a handling level"));
  }
  c_.escalation_rules = std::move(e);
}

void validator::maintenance_block(const ast::node& n) {
  if (!once("maintenance", ast::get<ast::maintenance_head>(n.stmt))) return;
  c_.maintenance.where = where(n, ast::get<ast::maintenance_head>(n.stmt).clause);
  for (auto& b : n.body) {
    if (auto* w = ast::get_if<ast::window_stmt>(&b.stmt)) {
      auto ds = days(w->days);
      auto sp = span(w->range);
      if (ds && sp) c_.maintenance.windows.push_back({*ds, *sp, where(b, w->clause)});
    } else if (auto* no = ast::get_if<ast::notice_stmt>(&b.stmt)) {
      if (!once("notice", *no)) continue;
      if (auto s = seconds(no->notice, true)) c_.maintenance.notice_s = *s;
    } else if (auto* em = ast::get_if<ast::emergency_stmt>(&b.stmt)) {
      if (!once("emergency", *em)) continue;
      static const choices<emergency_rule> rules = {{"needs_approval", emergency_rule::needs_approval},
                                                    {"allowed", emergency_rule::allowed},
                                                    {"not_allowed", emergency_rule::not_allowed}};
      if (auto r = choose(em->rule, rules, "emergency rule")) c_.maintenance.emergency = *r;
    }
  }
}

}  // namespace slaudit::engine::validation
