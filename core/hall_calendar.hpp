// The hall's local calendar: which day and minute a moment falls on in the hall's time zone.
#pragma once

#include <cstdint>
#include <string>

namespace hall {

// Converts between Unix milliseconds and the hall's local day ("YYYY-MM-DD") and minute of day.
// It uses the C library's time-zone database through the TZ variable, which is process-wide:
// one process serves one hall, and every calendar in a process must name the same zone.
class HallCalendar {
  public:
    explicit HallCalendar(const std::string& time_zone);

    std::string day_of(std::int64_t ms) const;
    int minute_of_day(std::int64_t ms) const;
    // 0 = Monday ... 6 = Sunday.
    int weekday_of(std::int64_t ms) const;
    // The moment a local day's minute begins.
    std::int64_t at(const std::string& day, int minute_of_day) const;
    // The local day after the given one.
    std::string next_day(const std::string& day) const;
    const std::string& time_zone() const { return time_zone_; }

  private:
    std::string time_zone_;
};

}  // namespace hall
