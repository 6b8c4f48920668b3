// The kiosk's clock and dates in the hall's time zone (the catalog's hall profile), whatever
// zone the machine itself is set to. Like the server's HallCalendar it uses the C library's
// zone database through TZ, which is process-wide: one kiosk shows one hall.
#pragma once

#include <string>

namespace kiosk {

// Puts TZ in the environment (the machine's own zone if it had none). Call it at start, before
// any other thread runs: a later change then only replaces the variable's value, never the
// environment's array under another thread's getenv.
void prepare_time_zone();

// Makes local time the hall's zone (an IANA name such as "Asia/Shanghai"). Returns true when
// this changed the zone in force. On the SDL thread.
bool use_hall_time_zone(const std::string& zone);

}  // namespace kiosk
