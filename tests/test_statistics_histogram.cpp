// The duration classes behind the wait and service percentiles, and the quantiles read from them.
#include <catch2/catch.hpp>

#include "duration_classes.hpp"

using namespace hall;

namespace {
constexpr std::int64_t minute = 60'000;
}

TEST_CASE("durations fall in 1-minute classes below 20 minutes, coarser ones above") {
    CHECK(duration_class_min(-5) == 0);
    CHECK(duration_class_min(0) == 0);
    CHECK(duration_class_min(59'999) == 0);
    CHECK(duration_class_min(minute) == 1);
    CHECK(duration_class_min(19 * minute + 59'999) == 19);
    CHECK(duration_class_min(20 * minute) == 20);
    CHECK(duration_class_min(23 * minute) == 22);
    CHECK(duration_class_min(44 * minute) == 40);
    CHECK(duration_class_min(95 * minute) == 90);
    CHECK(duration_class_min(200 * minute) == 180);
    CHECK(duration_class_min(479 * minute) == 420);
    CHECK(duration_class_min(480 * minute) == 480);
    CHECK(duration_class_min(5000 * minute) == 480);
    CHECK(next_class_min(0) == 1);
    CHECK(next_class_min(22) == 24);
    CHECK(next_class_min(85) == 90);
    CHECK(next_class_min(420) == 480);
    CHECK_FALSE(next_class_min(480));
}

TEST_CASE("bands, for items and staff, are wider: 2 minutes below 10, then 5, 10, 30 and 60") {
    const auto coarse = DurationScale::coarse;
    CHECK(duration_class_min(59'999, coarse) == 0);
    CHECK(duration_class_min(3 * minute, coarse) == 2);
    CHECK(duration_class_min(9 * minute + 59'999, coarse) == 8);
    CHECK(duration_class_min(14 * minute, coarse) == 10);
    CHECK(duration_class_min(31 * minute, coarse) == 30);
    CHECK(duration_class_min(119 * minute, coarse) == 90);
    CHECK(duration_class_min(200 * minute, coarse) == 180);
    CHECK(duration_class_min(240 * minute, coarse) == 240);
    CHECK(next_class_min(8, coarse) == 10);
    CHECK(next_class_min(25, coarse) == 30);
    CHECK(next_class_min(90, coarse) == 120);
    CHECK_FALSE(next_class_min(240, coarse));
    CHECK(duration_class_metric(service_band_prefix, 12 * minute, coarse) == "service_band_10");
}

TEST_CASE("a class's metric names its prefix and lower bound, and reads back") {
    CHECK(duration_class_metric(wait_class_prefix, 23 * minute) == "wait_min_22");
    CHECK(duration_class_metric(service_class_prefix, 90 * minute) == "service_min_90");
    CHECK(parse_duration_class_metric(wait_class_prefix, "wait_min_22") == 22);
    CHECK_FALSE(parse_duration_class_metric(wait_class_prefix, "wait_ms"));
    CHECK_FALSE(parse_duration_class_metric(wait_class_prefix, "service_min_3"));
    CHECK_FALSE(parse_duration_class_metric(wait_class_prefix, "wait_min_"));
    CHECK_FALSE(parse_duration_class_metric(wait_class_prefix, "wait_min_3x"));
}

TEST_CASE("a quantile is interpolated inside the class holding its rank") {
    DurationHistogram h;
    CHECK_FALSE(h.quantile_ms(0.5));
    h.add(5, 6, 1);
    // One wait in [5, 6) minutes: its median is the class's middle.
    CHECK(h.quantile_ms(0.5) == 5 * minute + 30'000);
    CHECK(h.quantile_ms(0.9) == 5 * minute + 54'000);
    // Four waits: classes added out of order are sorted before reading.
    h.add(2, 3, 2);
    h.add(22, 24, 1);
    CHECK(h.count() == 4);
    // Rank 2 of 4 is the second of the two in [2, 3): the class's upper bound.
    CHECK(h.quantile_ms(0.5) == 3 * minute);
    // Rank 3.6 lies 0.6 into the single wait of [22, 24): 22 + 0.6 x 2 minutes.
    CHECK(h.quantile_ms(0.9) == 23 * minute + 12'000);
    // The open class has no upper bound: its lower bound is the answer.
    DurationHistogram open;
    open.add(480, std::nullopt, 3);
    CHECK(open.quantile_ms(0.5) == 480 * minute);
    // A band spreads its rank over its own width: rank 1.5 of 2 in [10, 15) is 10 + 3.75.
    DurationHistogram band;
    band.add(10, 15, 2);
    CHECK(band.quantile_ms(0.75) == 13 * minute + 45'000);
}
