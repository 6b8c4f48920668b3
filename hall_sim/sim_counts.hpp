// What the simulator did, counted by itself the way docs/export.md defines the figures, so that
// the server's export can be checked against it.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <tuple>
#include <vector>

namespace hall::sim {

struct DayCounts {
    std::int64_t issued = 0;
    std::int64_t served = 0;
    std::int64_t no_show = 0;
    std::int64_t cancelled = 0;
    std::int64_t unserved = 0;
    std::int64_t items_handled = 0;
};

struct BadReview {
    std::string day;
    int window = 0;
    std::string staff;
    int grade = 0;
    std::string reason;
    auto operator<=>(const BadReview&) const = default;
};

// Figures by the export's dimensions (hall, zone, queue, department, item, window, staff,
// package, hour), keys and metric names (docs/storage.md).
struct SimCounts {
    using Figure = std::tuple<std::string, std::string, std::string>;  // dimension, key, metric

    void add(const std::string& dimension, const std::string& key, const std::string& metric,
             std::int64_t value = 1) {
        figures[{dimension, key, metric}] += value;
    }
    std::int64_t get(const std::string& dimension, const std::string& key,
                     const std::string& metric) const {
        auto it = figures.find({dimension, key, metric});
        return it == figures.end() ? 0 : it->second;
    }

    std::map<Figure, std::int64_t> figures;
    std::map<std::string, DayCounts> days;
    std::vector<BadReview> bad_reviews;
    std::int64_t calls = 0;  // calls and recalls: every board must have been shown each
    std::int64_t requests = 0;
};

}  // namespace hall::sim
