// Histogram classes of durations and quantiles interpolated inside a class.
#include "duration_classes.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <span>

namespace hall {

namespace {
// Each band of classes: classes of `width` minutes from `from` up to the next band's start;
// the last entry starts the open class.
struct Band {
    int from;
    int width;
};
constexpr std::array<Band, 6> fine_bands{{{0, 1}, {20, 2}, {40, 5}, {90, 15}, {180, 60}, {480, 0}}};
constexpr std::array<Band, 6> coarse_bands{
    {{0, 2}, {10, 5}, {30, 10}, {60, 30}, {120, 60}, {240, 0}}};

std::span<const Band> bands_of(DurationScale scale) {
    return scale == DurationScale::fine ? std::span<const Band>(fine_bands)
                                        : std::span<const Band>(coarse_bands);
}
}  // namespace

int duration_class_min(std::int64_t ms, DurationScale scale) {
    const auto bands = bands_of(scale);
    const int open = bands.back().from;
    if (ms <= 0)
        return 0;
    const std::int64_t minutes = ms / 60'000;
    if (minutes >= open)
        return open;
    const int m = static_cast<int>(minutes);
    for (std::size_t i = bands.size() - 1; i-- > 0;) {
        if (m >= bands[i].from)
            return bands[i].from + (m - bands[i].from) / bands[i].width * bands[i].width;
    }
    return 0;
}

std::optional<int> next_class_min(int lower_min, DurationScale scale) {
    const auto bands = bands_of(scale);
    if (lower_min >= bands.back().from)
        return std::nullopt;
    for (std::size_t i = bands.size() - 1; i-- > 0;)
        if (lower_min >= bands[i].from)
            return lower_min + bands[i].width;
    return lower_min + bands.front().width;
}

std::string duration_class_metric(std::string_view prefix, std::int64_t ms, DurationScale scale) {
    return std::string(prefix) + std::to_string(duration_class_min(ms, scale));
}

std::optional<int> parse_duration_class_metric(std::string_view prefix, std::string_view metric) {
    if (!metric.starts_with(prefix))
        return std::nullopt;
    metric.remove_prefix(prefix.size());
    int value = 0;
    auto [end, ec] = std::from_chars(metric.data(), metric.data() + metric.size(), value);
    if (ec != std::errc() || end != metric.data() + metric.size() || metric.empty())
        return std::nullopt;
    return value;
}

void DurationHistogram::add(int lower_min, std::optional<int> upper_min, std::int64_t count) {
    if (count == 0)
        return;
    total_ += count;
    for (auto& c : classes_) {
        if (c.lower_min == lower_min) {
            c.count += count;
            return;
        }
    }
    if (!classes_.empty() && classes_.back().lower_min > lower_min)
        sorted_ = false;
    classes_.push_back({lower_min, upper_min, count});
}

const std::vector<DurationHistogram::Class>& DurationHistogram::classes() const {
    if (!sorted_) {
        std::sort(classes_.begin(), classes_.end(),
                  [](const Class& a, const Class& b) { return a.lower_min < b.lower_min; });
        sorted_ = true;
    }
    return classes_;
}

std::optional<std::int64_t> DurationHistogram::quantile_ms(double p) const {
    if (total_ <= 0)
        return std::nullopt;
    const double rank = std::clamp(p, 0.0, 1.0) * static_cast<double>(total_);
    std::int64_t before = 0;
    for (const auto& c : classes()) {
        if (static_cast<double>(before + c.count) >= rank) {
            const double width = c.upper_min ? *c.upper_min - c.lower_min : 0;
            const double minutes = c.lower_min + (rank - static_cast<double>(before)) /
                                                     static_cast<double>(c.count) * width;
            return std::llround(minutes * 60'000.0);
        }
        before += c.count;
    }
    return static_cast<std::int64_t>(classes().back().lower_min) * 60'000;
}

}  // namespace hall
