// Names and numbers of tally dimensions and metrics, the histogram classes' built once.
#include "tally_names.hpp"

#include <array>
#include <string>
#include <unordered_map>
#include <vector>

#include "duration_classes.hpp"

namespace hall {

namespace {

constexpr std::array<std::string_view, tally_dimension_count> dimension_names{
    "hall", "zone", "department", "queue", "item", "window", "staff", "package", "hour"};

// In the order of TallyMetric's named values.
constexpr std::array<std::string_view, 31> named_metrics{
    "issued",       "issued_priority", "issued_appointment",
    "called",       "wait_ms",         "within_target",
    "recalls",      "started",         "walk_ms",
    "served",       "service_ms",      "items_handled",
    "agency_cases", "packages",        "packages_multi_department",
    "no_show",      "cancelled",       "transferred",
    "parked",       "unserved",        "rating_1",
    "rating_2",     "rating_3",        "rating_4",
    "rating_5",     "rating_invalid",  "good_reviews",
    "bad_reviews",  "logged_in_ms",    "break_ms",
    "visits",
};
static_assert(named_metrics.size() == static_cast<std::size_t>(TallyMetric::visits) + 1);

struct MetricTable {
    std::vector<std::string> names;
    // Per histogram: a class's lower bound in minutes -> its metric number.
    std::array<std::vector<std::uint16_t>, 4> by_lower_min;
    std::unordered_map<std::string_view, TallyMetric> by_name;  // views into `names`

    MetricTable() {
        names.assign(named_metrics.begin(), named_metrics.end());
        struct Histogram {
            std::string_view prefix;
            DurationScale scale;
        };
        constexpr std::array<Histogram, 4> histograms{{
            {wait_class_prefix, DurationScale::fine},
            {service_class_prefix, DurationScale::fine},
            {wait_band_prefix, DurationScale::coarse},
            {service_band_prefix, DurationScale::coarse},
        }};
        for (std::size_t h = 0; h < histograms.size(); ++h) {
            auto& index = by_lower_min[h];
            for (std::optional<int> lower = 0; lower;
                 lower = next_class_min(*lower, histograms[h].scale)) {
                index.resize(static_cast<std::size_t>(*lower) + 1);
                index[static_cast<std::size_t>(*lower)] = static_cast<std::uint16_t>(names.size());
                names.push_back(std::string(histograms[h].prefix) + std::to_string(*lower));
            }
        }
        for (std::size_t i = 0; i < names.size(); ++i)
            by_name.emplace(names[i], static_cast<TallyMetric>(i));
    }
};

const MetricTable& metric_table() {
    static const MetricTable table;
    return table;
}

}  // namespace

std::string_view to_string(TallyDimension dimension) {
    return dimension_names[static_cast<std::size_t>(dimension)];
}

std::optional<TallyDimension> parse_tally_dimension(std::string_view name) {
    for (std::size_t i = 0; i < dimension_names.size(); ++i)
        if (dimension_names[i] == name)
            return static_cast<TallyDimension>(i);
    return std::nullopt;
}

TallyMetric duration_tally(DurationTally histogram, std::int64_t ms) {
    const auto scale =
        histogram == DurationTally::wait_class || histogram == DurationTally::service_class
            ? DurationScale::fine
            : DurationScale::coarse;
    const auto& index = metric_table().by_lower_min[static_cast<std::size_t>(histogram)];
    return static_cast<TallyMetric>(index[static_cast<std::size_t>(duration_class_min(ms, scale))]);
}

std::size_t tally_metric_count() {
    return metric_table().names.size();
}

std::string_view to_string(TallyMetric metric) {
    return metric_table().names[static_cast<std::size_t>(metric)];
}

std::optional<TallyMetric> parse_tally_metric(std::string_view name) {
    const auto& by_name = metric_table().by_name;
    if (auto it = by_name.find(name); it != by_name.end())
        return it->second;
    return std::nullopt;
}

}  // namespace hall
