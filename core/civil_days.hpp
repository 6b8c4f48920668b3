// Calendar arithmetic on the hall's local days ("YYYY-MM-DD"), with no time zone involved.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace hall {

// Days since 1970-01-01 of a valid day, else nullopt (the month and day must exist).
std::optional<long> day_number(std::string_view day);
// The day of a day number.
std::string day_from_number(long number);
// The day after, and the weekday (0 = Monday ... 6 = Sunday) of a valid day.
std::string day_after(std::string_view day);
int weekday_of_day(std::string_view day);
bool is_valid_day(std::string_view day);

}  // namespace hall
