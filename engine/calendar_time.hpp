// A contract calendar (or 7×24) as the UTC intervals its clock runs in, for a window.
#pragma once

#include "engine/interval_set.hpp"
#include "engine/model.hpp"
#include "engine/zone.hpp"

namespace slaudit::engine {

/// How a local day counts in a calendar.
enum class day_kind { working, weekend, holiday, makeup_working };

day_kind kind_of(const calendar& cal, civil_day day);

/// The calendar's working time inside UTC [w.from, w.to): the weekly hours of each local
/// day, none on holidays, the first working weekday's hours on make-up working days.
interval_set calendar_time(const calendar& cal, const zone& z, interval w);

/// Coverage time inside `w`: wall time for 7×24 (`cal` null), else calendar_time.
interval_set coverage_time(const calendar* cal, const zone& z, interval w);

/// Monday = 0 … Sunday = 6.
int weekday_of(civil_day day);

}  // namespace slaudit::engine
