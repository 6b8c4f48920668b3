// The hall's local calendar over the C library's time-zone database.
#include "hall_calendar.hpp"

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <mutex>
#include <stdexcept>

namespace hall {

namespace {
std::mutex tz_mutex;
std::string tz_in_force;

std::tm local_tm(std::int64_t ms) {
    std::time_t seconds = static_cast<std::time_t>(ms >= 0 ? ms / 1000 : (ms - 999) / 1000);
    std::tm tm{};
    localtime_r(&seconds, &tm);
    return tm;
}

bool parse_day(const std::string& day, int& y, int& m, int& d) {
    return day.size() == 10 && std::sscanf(day.c_str(), "%4d-%2d-%2d", &y, &m, &d) == 3;
}
}  // namespace

HallCalendar::HallCalendar(const std::string& time_zone) : time_zone_(time_zone) {
    std::lock_guard lock(tz_mutex);
    if (!tz_in_force.empty() && tz_in_force != time_zone) {
        throw std::logic_error("one process serves one hall time zone: " + tz_in_force +
                               " is already in force, not " + time_zone);
    }
    if (tz_in_force.empty()) {
        setenv("TZ", time_zone.c_str(), 1);
        tzset();
        tz_in_force = time_zone;
    }
}

std::string HallCalendar::day_of(std::int64_t ms) const {
    auto tm = local_tm(ms);
    char text[48];
    std::snprintf(text, sizeof text, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1,
                  tm.tm_mday);
    return text;
}

int HallCalendar::minute_of_day(std::int64_t ms) const {
    auto tm = local_tm(ms);
    return tm.tm_hour * 60 + tm.tm_min;
}

int HallCalendar::weekday_of(std::int64_t ms) const {
    return (local_tm(ms).tm_wday + 6) % 7;
}

std::int64_t HallCalendar::at(const std::string& day, int minute_of_day) const {
    int y = 0, m = 0, d = 0;
    if (!parse_day(day, y, m, d))
        throw std::invalid_argument("not a day: " + day);
    std::tm tm{};
    tm.tm_year = y - 1900;
    tm.tm_mon = m - 1;
    tm.tm_mday = d;
    tm.tm_hour = minute_of_day / 60;
    tm.tm_min = minute_of_day % 60;
    tm.tm_isdst = -1;
    return static_cast<std::int64_t>(mktime(&tm)) * 1000;
}

std::string HallCalendar::next_day(const std::string& day) const {
    // Noon avoids any daylight-saving edge.
    return day_of(at(day, 12 * 60) + 24LL * 3600 * 1000);
}

}  // namespace hall
