// A moment written as the hall's local time, as people and test scripts type it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "hall_calendar.hpp"

namespace hall {

// "YYYY-MM-DDTHH:MM[:SS]" (or with a space for the T), local to the calendar's time zone, as
// Unix milliseconds; nullopt if the text is not one.
std::optional<std::int64_t> parse_local_time(const HallCalendar& calendar, const std::string& text);

}  // namespace hall
