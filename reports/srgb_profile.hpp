// An sRGB ICC profile, made here (no file to ship or find): the output intent a PDF/A
// document names for the colours it draws (ISO 19005-2, 6.2.3).
#pragma once

#include <string>

namespace slaudit::reports {

/// An ICC version 2.1 display profile of sRGB (IEC 61966-2.1): its D50-adapted primaries
/// (Bradford), D50 white, and the sRGB transfer curve as a table of 1,024 entries. The same
/// bytes every time (its date is fixed).
const std::string& srgb_icc_profile();

}  // namespace slaudit::reports
