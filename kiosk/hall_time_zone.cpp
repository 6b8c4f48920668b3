// The hall's time zone for the kiosk's clock.
#include "hall_time_zone.hpp"

#include <cstdlib>
#include <ctime>

namespace kiosk {

void prepare_time_zone() {
    if (!std::getenv("TZ"))
        setenv("TZ", ":/etc/localtime", 1);  // what glibc reads when TZ is unset
    tzset();
}

bool use_hall_time_zone(const std::string& zone) {
    const char* now = std::getenv("TZ");
    if (zone.empty() || (now && zone == now))
        return false;
    setenv("TZ", zone.c_str(), 1);
    tzset();
    return true;
}

}  // namespace kiosk
