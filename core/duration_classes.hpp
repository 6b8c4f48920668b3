// The classes of the wait and service-time histograms kept as tallies, and percentiles read back.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hall {

// A histogram of durations, kept as daily tallies so that a year's median and 90th percentile
// cost a few thousand rows to read, not a million raw ones. Classes are whole minutes.
//
// Fine classes, for the hall, zones, queues, windows and departments: 1 minute below 20 min,
// then 2 minutes to 40, 5 to 90, 15 to 180, 60 to 480, and one open class from 480.
// Coarse classes ("bands"), for the long lists (items, staff), where a minute's precision would
// cost tens of thousands of rows a year: 2 minutes below 10, 5 to 30, 10 to 60, 30 to 120, 60
// to 240, and one open band from 240.
//
// A class's tally metric is its prefix and lower bound: "wait_min_22" counts waits of 22 min or
// more and under 24; "service_band_10" service periods from 10 to under 15 minutes.
enum class DurationScale { fine, coarse };

// The lower bound, in minutes, of the class holding a duration (negative counts as 0).
int duration_class_min(std::int64_t ms, DurationScale scale = DurationScale::fine);
// The lower bound of the next class; nullopt for the open class.
std::optional<int> next_class_min(int lower_min, DurationScale scale = DurationScale::fine);

inline constexpr std::string_view wait_class_prefix = "wait_min_";
inline constexpr std::string_view service_class_prefix = "service_min_";
inline constexpr std::string_view wait_band_prefix = "wait_band_";
inline constexpr std::string_view service_band_prefix = "service_band_";

// The metric for a duration: fine classes with the "_min_" prefixes, bands with "_band_".
std::string duration_class_metric(std::string_view prefix, std::int64_t ms,
                                  DurationScale scale = DurationScale::fine);
// The lower bound of a metric with that prefix ("wait_min_22" -> 22), else nullopt.
std::optional<int> parse_duration_class_metric(std::string_view prefix, std::string_view metric);

// Counts per class, in any order. Each class knows its bounds, so fine classes and bands read
// back alike.
class DurationHistogram {
  public:
    // A class from lower_min to upper_min (nullopt: the open class).
    void add(int lower_min, std::optional<int> upper_min, std::int64_t count);
    std::int64_t count() const { return total_; }
    // The p-quantile (0 < p <= 1) in milliseconds: the class holding rank p x count, and
    // within it a straight line from its lower to its upper bound (the lower bound in the
    // open class). nullopt when empty. Within one class width of the exact value.
    std::optional<std::int64_t> quantile_ms(double p) const;

    struct Class {
        int lower_min = 0;
        std::optional<int> upper_min;
        std::int64_t count = 0;
    };
    // Classes with a count, by lower bound.
    const std::vector<Class>& classes() const;

  private:
    mutable std::vector<Class> classes_;
    mutable bool sorted_ = true;
    std::int64_t total_ = 0;
};

}  // namespace hall
