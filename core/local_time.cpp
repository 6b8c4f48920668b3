// Reads a local time strictly: fixed positions, digits only, a day that exists.
#include "local_time.hpp"

#include "civil_days.hpp"

namespace hall {

std::optional<std::int64_t> parse_local_time(const HallCalendar& calendar,
                                             const std::string& text) {
    const bool with_seconds = text.size() == 19;
    if (text.size() != 16 && !with_seconds)
        return std::nullopt;
    if ((text[10] != 'T' && text[10] != ' ') || text[13] != ':' ||
        (with_seconds && text[16] != ':'))
        return std::nullopt;
    auto two_digits = [&](std::size_t at) -> int {
        const char a = text[at], b = text[at + 1];
        if (a < '0' || a > '9' || b < '0' || b > '9')
            return -1;
        return (a - '0') * 10 + (b - '0');
    };
    const int hour = two_digits(11), minute = two_digits(14);
    const int second = with_seconds ? two_digits(17) : 0;
    const std::string day = text.substr(0, 10);
    if (!is_valid_day(day) || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 ||
        second > 59)
        return std::nullopt;
    return calendar.at(day, hour * 60 + minute) + second * 1000LL;
}

}  // namespace hall
