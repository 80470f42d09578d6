// Times the engine's phases on a history folder: read, ingest (decode + CSV + checks),
// replay (availability, clocks, escalations, rates, money), JSON. Prints one line each.
#include <chrono>
#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>

#include "bench/bench_support.hpp"
#include "engine/replay.hpp"
#include "history/ingest.hpp"
#include "io/files.hpp"
#include "reports/json_writer.hpp"

using namespace slaudit;
using clock_type = std::chrono::steady_clock;

namespace {
double seconds_since(clock_type::time_point t) {
  return std::chrono::duration<double>(clock_type::now() - t).count();
}
}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: bench_engine CONTRACT.sla HISTORY_DIR PERIOD\n");
    return 2;
  }
  auto in = bench::load(argv[1], argv[3]);
  const engine::contract* c = &in.contract;
  const engine::zone& z = in.zone;
  const engine::period& p = in.period;
  io::disk_reader disk;

  // Read once first, so the files are in the page cache and ingest is timed without the
  // disk; ingest then reads them as `slaudit run` does, a megabyte at a time.
  std::size_t bytes = 0;
  for (auto& name : history::canonical_files())
    disk.read_pieces(std::string(argv[2]) + "/" + name, [&](std::string_view piece) {
      bytes += piece.size();
      return true;
    });
  history::ingest_options opt;
  opt.period = engine::period_bounds(p, z);  // as slaudit run ingests
  // Best of 3, as the replay: one run on a shared machine says little.
  double ingest_s = 1e9;
  history::ingest_result h;
  for (int run = 0; run < 3; ++run) {
    h = {};  // the previous run's history is freed outside the timing
    auto t0 = clock_type::now();
    h = history::ingest_folder(argv[2], disk, *c, z, opt);
    ingest_s = std::min(ingest_s, seconds_since(t0));
    if (h.error) break;
  }
  if (h.error) {
    std::fprintf(stderr, "%s\n", h.error->str().c_str());
    return 3;
  }
  std::size_t n = h.events.incidents.size();
  double best_replay = 1e9, first_replay = 0;
  engine::period_result r;
  for (int run = 0; run < 3; ++run) {
    r = {};  // as is the previous result
    auto t1 = clock_type::now();
    r = engine::replay(*c, z, p, h.events);
    double took = seconds_since(t1);
    if (run == 0) first_replay = took;
    best_replay = std::min(best_replay, took);
  }
  // The split of one replay by phase: the same calls `replay` makes, each timed best of 3,
  // its output freed outside the timing (as the replay's above).
  {
    auto bounds = engine::period_bounds(p, z);
    std::vector<engine::finding> findings;
    std::vector<engine::clock_result> late;
    // Late clocks are collected, as `replay` does, only for a late-by-time clause that charges them.
    auto late_for = [&](bool tickets) -> std::vector<engine::clock_result>* {
      for (auto& pen : c->penalties)
        if (pen.type == engine::penalty::kind::late && (pen.target == engine::breach_target::ticket_respond) == tickets)
          return &late;
      return nullptr;
    };
    auto best_of_3 = [](auto&& phase) {
      double best = 1e9;
      for (int run = 0; run < 3; ++run) {
        auto t = clock_type::now();
        auto output = phase();
        best = std::min(best, seconds_since(t));
      }  // `output` is freed here, after the clock was read
      return best;
    };
    std::size_t outages = 0, clocks = 0, tickets = 0, steps = 0;
    double index_s = best_of_3([&] { return std::make_unique<engine::replay_index>(*c, z, bounds, h.events); });
    engine::replay_index index(*c, z, bounds, h.events);
    double availability_s = best_of_3([&] {
      std::vector<engine::availability_result> v;
      for (auto& s : c->services) v.push_back(engine::replay_availability(*c, s, z, bounds, h.events, index));
      outages = 0;
      for (auto& a : v) outages += a.downtime.size();
      return v;
    });
    double clocks_s = best_of_3([&] {
      findings.clear(), late.clear();
      auto v = engine::replay_clocks(*c, z, bounds, h.events, index, findings, late_for(false));
      clocks = v.size();
      return v;
    });
    double tickets_s = best_of_3([&] {
      findings.clear(), late.clear();
      auto v = engine::replay_tickets(*c, z, bounds, h.events, index, findings, late_for(true));
      tickets = v.size();
      return v;
    });
    double escalations_s = best_of_3([&] {
      auto v = engine::replay_escalations(*c, z, bounds, h.events, index);
      steps = v.size();
      return v;
    });
    std::printf("phases  index %.3f s, availability %.3f s (%zu outages), clocks %.3f s (%zu), tickets %.3f s (%zu), "
                "escalations %.3f s (%zu steps) (each best of 3)\n",
                index_s, availability_s, outages, clocks_s, clocks, tickets_s, tickets, escalations_s, steps);
  }
  std::printf("incidents %zu, history %.1f MB\n", n, bytes / 1e6);
  std::printf("ingest  %.3f s  %.1f MB/s  %.0f incidents/s (best of 3, one core)\n", ingest_s, bytes / 1e6 / ingest_s,
              n / ingest_s);
  std::printf("replay  %.3f s  %.0f incidents/s (best of 3, one core)\n", best_replay, n / best_replay);
  // The first replay writes its results into memory the process has not used yet: the
  // kernel clears each page first. Later ones reuse what the allocator kept, as a batch's
  // next contract-period of that size does.
  std::printf("replay  %.3f s  first in this process (its memory new)\n", first_replay);
  if (n <= 200000) {  // the full trail of a million incidents is gigabytes of JSON
    auto t2 = clock_type::now();
    auto json = reports::results_json(r, "bench");
    std::printf("json    %.3f s  %.1f MB\n", seconds_since(t2), json.size() / 1e6);
  }
  return 0;
}
