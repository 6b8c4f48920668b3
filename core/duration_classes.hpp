// The classes of the wait and service-time histograms kept as tallies, and percentiles read back.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hall {

// A histogram of durations, kept as daily tallies so that a year's median and 90th percentile
// cost a few thousand rows to read, not a million raw ones. Classes are in whole minutes,
// finest where most waits and services fall: 1-minute classes below 20 min, 2-minute classes
// to 40, 5-minute to 90, 15-minute to 180, 60-minute to 480, then one open class.
// The tally metric of a class is the prefix and the class's lower bound: "wait_min_22" counts
// waits of 22 min or more and under 24 min.

// The lower bound, in minutes, of the class holding a duration (negative counts as 0).
int duration_class_min(std::int64_t ms);
// The lower bound of the class after the one starting at lower_min; nullopt for the open class.
std::optional<int> next_class_min(int lower_min);
// The metric name for a duration: prefix "wait_min_" or "service_min_" and its class.
std::string duration_class_metric(std::string_view prefix, std::int64_t ms);
// The class lower bound of a metric with that prefix ("wait_min_22" -> 22), else nullopt.
std::optional<int> parse_duration_class_metric(std::string_view prefix, std::string_view metric);

inline constexpr std::string_view wait_class_prefix = "wait_min_";
inline constexpr std::string_view service_class_prefix = "service_min_";

// Counts per class lower bound (minutes), in any order; classes may be missing (count 0).
class DurationHistogram {
  public:
    void add(int lower_min, std::int64_t count);
    std::int64_t count() const { return total_; }
    // The p-quantile (0 < p <= 1) in milliseconds: the class holding rank p x count, and
    // within it a straight line from its lower to its upper bound (the lower bound in the
    // open class). nullopt when empty. Within one class width of the exact value.
    std::optional<std::int64_t> quantile_ms(double p) const;
    // Classes with a count, by lower bound.
    const std::vector<std::pair<int, std::int64_t>>& classes() const;

  private:
    mutable std::vector<std::pair<int, std::int64_t>> classes_;
    mutable bool sorted_ = true;
    std::int64_t total_ = 0;
};

}  // namespace hall
