// The C library's gmtime and localtime, thread-safe. Both return one static struct tm that
// every thread shares: libxlsxwriter calls gmtime while closing a workbook (the document's
// created date), PoDoFo calls localtime while creating a document (its information dates).
// In the batch, one worker's PDF could overwrite another's workbook date between the call
// and its use: a workbook whose bytes depend on timing (found by ThreadSanitizer, a batch of
// three workers).
//
// Defined here, exported from the executable, these are the ones the shared libraries reach
// (they call them through the dynamic linker, as deflate.cpp relies on); each thread gets its
// own result, which the standard allows (a later call may overwrite it). slaudit's own code
// uses neither.
#include <ctime>

#include "reports/c_time.hpp"

extern "C" struct tm* gmtime(const time_t* t) noexcept {
  thread_local struct tm result;
  return gmtime_r(t, &result);
}

extern "C" struct tm* localtime(const time_t* t) noexcept {
  thread_local struct tm result;
  return localtime_r(t, &result);
}

namespace slaudit::reports {

bool c_time_per_thread() { return true; }

}  // namespace slaudit::reports
