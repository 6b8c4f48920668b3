// Gregorian day numbers after Howard Hinnant's days_from_civil and civil_from_days.
#include "civil_days.hpp"

#include <charconv>
#include <cstdio>
#include <stdexcept>

namespace hall {

namespace {
long days_from_civil(long y, unsigned m, unsigned d) {
    y -= m <= 2 ? 1 : 0;
    const long era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<long>(doe) - 719468;
}

bool is_leap(long y) {
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

unsigned days_in_month(long y, unsigned m) {
    constexpr unsigned lengths[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : lengths[m - 1];
}

template <typename T>
bool read_number(std::string_view text, T& out) {
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc() && end == text.data() + text.size();
}
}  // namespace

std::optional<long> day_number(std::string_view day) {
    if (day.size() != 10 || day[4] != '-' || day[7] != '-')
        return std::nullopt;
    long y = 0;
    unsigned m = 0, d = 0;
    if (!read_number(day.substr(0, 4), y) || !read_number(day.substr(5, 2), m) ||
        !read_number(day.substr(8, 2), d))
        return std::nullopt;
    if (m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
        return std::nullopt;
    return days_from_civil(y, m, d);
}

std::string day_from_number(long z) {
    z += 719468;
    const long era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    const long y = static_cast<long>(yoe) + era * 400 + (m <= 2 ? 1 : 0);
    char text[32];
    std::snprintf(text, sizeof text, "%04ld-%02u-%02u", y, m, d);
    return text;
}

std::string day_after(std::string_view day) {
    auto n = day_number(day);
    if (!n)
        throw std::invalid_argument("not a day: " + std::string(day));
    return day_from_number(*n + 1);
}

int weekday_of_day(std::string_view day) {
    auto n = day_number(day);
    if (!n)
        throw std::invalid_argument("not a day: " + std::string(day));
    // 1970-01-01 was a Thursday (3 when Monday is 0).
    return static_cast<int>(((*n % 7) + 7 + 3) % 7);
}

bool is_valid_day(std::string_view day) {
    return day_number(day).has_value();
}

}  // namespace hall
