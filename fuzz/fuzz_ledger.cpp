// libFuzzer target: any bytes as a ledger file. Opening it (migration, quick_check, the
// chain and every month's digests) must never crash: a damaged ledger is refused with a
// reason; one that opens is read as the commands read it. `slaudit ledger verify` agrees:
// a ledger that opens has no problem.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "ledger/ledger.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using slaudit::ledger::book;
  // In memory where the machine has /dev/shm: SQLite opens a real file, without a disk.
  static const std::string path = std::string(access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp") +
                                  "/slaudit-fuzz-ledger-" + std::to_string(getpid()) + ".sqlite";
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) std::remove((path + suffix).c_str());
  if (std::FILE* f = std::fopen(path.c_str(), "wb")) {
    std::fwrite(data, 1, size, f);
    std::fclose(f);
  } else {
    return 0;
  }
  std::string why;
  if (auto seen = book::inspect(path, why)) {
    auto check = seen->verify();
    if (!check.intact() && check.problems.front().text.empty()) std::abort();
  } else if (why.empty()) {
    std::abort();
  }
  why.clear();
  auto opened = book::open(path, false, why);
  if (!opened) {
    if (why.empty()) std::abort();
    return 0;
  }
  if (!opened->verify().intact()) std::abort();  // what opened was checked
  std::string ignored;
  opened->runs(ignored);
  opened->rows({"2026-10", "2026-11", "2026-12"}, {}, ignored);
  opened->credits("PF-A", {"2026-10", "2026-11"}, "CNY", ignored);
  return 0;
}
