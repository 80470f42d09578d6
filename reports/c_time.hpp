// The C library's gmtime and localtime, per thread, for the libraries that call them while the
// batch's workers write reports (reports/c_time.cpp says why).
#pragma once

namespace slaudit::reports {

/// Links reports/c_time.cpp into the program.
bool c_time_per_thread();

}  // namespace slaudit::reports
