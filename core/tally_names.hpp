// The dimensions and metrics of the tallies, by name (as stored) and by number (as recounted).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace hall {

enum class TallyDimension : std::uint8_t {
    hall,
    zone,
    department,
    queue,
    item,
    window,
    staff,
    package,
    hour,
};
inline constexpr std::size_t tally_dimension_count = 9;

std::string_view to_string(TallyDimension dimension);
std::optional<TallyDimension> parse_tally_dimension(std::string_view name);

// A metric by number: the named figures first, in this order, then one number for each class of
// the four duration histograms (wait_min_N, service_min_N, wait_band_N, service_band_N). Numbers
// let `verify` add 80 million figures a year into arrays instead of a hash table of strings.
enum class TallyMetric : std::uint16_t {
    issued,
    issued_priority,
    issued_appointment,
    called,
    wait_ms,
    within_target,
    recalls,
    started,
    walk_ms,
    served,
    service_ms,
    items_handled,
    agency_cases,
    packages,
    packages_multi_department,
    no_show,
    cancelled,
    transferred,
    parked,
    unserved,
    rating_1,
    rating_2,
    rating_3,
    rating_4,
    rating_5,
    rating_invalid,  // a grade outside 1-5, which the engine refuses: only a damaged log has one
    good_reviews,
    bad_reviews,
    logged_in_ms,
    break_ms,
    visits,
};

// Which histogram a duration is counted in (duration_classes.hpp).
enum class DurationTally : std::uint8_t { wait_class, service_class, wait_band, service_band };

// The metric of the histogram class holding a duration.
TallyMetric duration_tally(DurationTally histogram, std::int64_t ms);

// How many metric numbers there are, named and classes.
std::size_t tally_metric_count();
std::string_view to_string(TallyMetric metric);
std::optional<TallyMetric> parse_tally_metric(std::string_view name);

}  // namespace hall
