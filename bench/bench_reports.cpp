// Times the report writers on one contract-period: the workbook and the PDF (best of 5,
// one core), after the history is ingested and replayed once. Prints sizes too. A fifth
// argument, xlsx or pdf, times that writer alone (for a profiler).
#include <chrono>
#include <cstdio>
#include <filesystem>

#include "bench/bench_support.hpp"
#include "engine/replay.hpp"
#include "history/digest.hpp"
#include "history/ingest.hpp"
#include "io/files.hpp"
#include "reports/pdf_writer.hpp"
#include "reports/penalty_text.hpp"
#include "reports/xlsx_writer.hpp"

using namespace slaudit;
using clock_type = std::chrono::steady_clock;

static std::uintmax_t size_of(const std::string& path) {
  std::error_code ec;
  auto size = std::filesystem::file_size(path, ec);
  return ec ? 0 : size;
}

int main(int argc, char** argv) {
  if (argc < 5) {
    std::fprintf(stderr,
                 "usage: bench_reports CONTRACT.sla HISTORY_DIR PERIOD OUT_DIR [xlsx|pdf]\n");
    return 2;
  }
  std::string only = argc > 5 ? argv[5] : "";
  auto in = bench::load(argv[1], argv[3]);
  const engine::contract* c = &in.contract;
  const engine::zone& z = in.zone;
  const engine::period& p = in.period;
  std::string why, digest = history::sha256_hex(in.contract_text);
  io::disk_reader disk;
  history::ingest_options opt;
  opt.period = engine::period_bounds(p, z);
  auto h = history::ingest_folder(argv[2], disk, *c, z, opt);
  if (h.error) {
    std::fprintf(stderr, "%s\n", h.error->str().c_str());
    return 3;
  }
  auto r = engine::replay(*c, z, p, h.events);
  std::filesystem::create_directories(argv[4]);
  for (const char* lang : {"zh", "en"}) {
    auto texts = reports::texts::load(*reports::parse_language(lang), nullptr, "", why);
    reports::report_context ctx{*c, z, r, &h.events, *texts, "bench", digest, r.bounds.to};
    std::string xlsx = std::string(argv[4]) + "/report-" + lang + ".xlsx";
    std::string pdf = std::string(argv[4]) + "/report-" + lang + ".pdf";
    double best_x = 1e9, best_p = 1e9;
    for (int run = 0; run < 5; ++run) {
      auto t0 = clock_type::now();
      // As the batch does: the penalty lines phrased once for both (counted in the workbook's time).
      auto phrased = reports::phrase_penalties(r, *texts);
      ctx.phrased = &phrased;
      if (only != "pdf" && !reports::write_xlsx(ctx, xlsx, why))
        return std::fprintf(stderr, "xlsx: %s\n", why.c_str()), 4;
      auto t1 = clock_type::now();
      if (only != "xlsx" && !reports::write_pdf(ctx, pdf, why))
        return std::fprintf(stderr, "pdf: %s\n", why.c_str()), 4;
      auto t2 = clock_type::now();
      best_x = std::min(best_x, std::chrono::duration<double>(t1 - t0).count());
      best_p = std::min(best_p, std::chrono::duration<double>(t2 - t1).count());
    }
    std::printf("%s: %zu incidents, %zu clocks, %zu escalation steps, %zu penalty lines\n", lang,
                h.events.incidents.size(), r.clocks.size(), r.escalations.size(),
                r.money.lines.size());
    std::printf(
        "  xlsx %.1f ms (%ju bytes), pdf %.1f ms (%ju bytes), pair %.1f ms (best of 5, one core)\n",
        best_x * 1e3, size_of(xlsx), best_p * 1e3, size_of(pdf), (best_x + best_p) * 1e3);
  }
  return 0;
}
