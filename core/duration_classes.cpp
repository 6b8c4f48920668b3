// Histogram classes of durations and quantiles interpolated inside a class.
#include "duration_classes.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>

namespace hall {

namespace {
// Each band: classes of `width` minutes from `from` up to the next band's start.
struct Band {
    int from;
    int width;
};
constexpr std::array<Band, 6> bands{{{0, 1}, {20, 2}, {40, 5}, {90, 15}, {180, 60}, {480, 0}}};
constexpr int open_class_min = 480;
}  // namespace

int duration_class_min(std::int64_t ms) {
    if (ms <= 0)
        return 0;
    const std::int64_t minutes = ms / 60'000;
    if (minutes >= open_class_min)
        return open_class_min;
    const int m = static_cast<int>(minutes);
    for (std::size_t i = bands.size() - 1; i-- > 0;) {
        if (m >= bands[i].from)
            return bands[i].from + (m - bands[i].from) / bands[i].width * bands[i].width;
    }
    return 0;
}

std::optional<int> next_class_min(int lower_min) {
    if (lower_min >= open_class_min)
        return std::nullopt;
    for (std::size_t i = bands.size() - 1; i-- > 0;)
        if (lower_min >= bands[i].from)
            return lower_min + bands[i].width;
    return lower_min + 1;
}

std::string duration_class_metric(std::string_view prefix, std::int64_t ms) {
    return std::string(prefix) + std::to_string(duration_class_min(ms));
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

void DurationHistogram::add(int lower_min, std::int64_t count) {
    if (count == 0)
        return;
    for (auto& [lower, n] : classes_) {
        if (lower == lower_min) {
            n += count;
            total_ += count;
            return;
        }
    }
    if (!classes_.empty() && classes_.back().first > lower_min)
        sorted_ = false;
    classes_.emplace_back(lower_min, count);
    total_ += count;
}

const std::vector<std::pair<int, std::int64_t>>& DurationHistogram::classes() const {
    if (!sorted_) {
        std::sort(classes_.begin(), classes_.end());
        sorted_ = true;
    }
    return classes_;
}

std::optional<std::int64_t> DurationHistogram::quantile_ms(double p) const {
    if (total_ <= 0)
        return std::nullopt;
    const double rank = std::clamp(p, 0.0, 1.0) * static_cast<double>(total_);
    std::int64_t before = 0;
    for (const auto& [lower, n] : classes()) {
        if (static_cast<double>(before + n) >= rank) {
            const auto upper = next_class_min(lower);
            const double width = upper ? *upper - lower : 0;
            const double minutes =
                lower + (rank - static_cast<double>(before)) / static_cast<double>(n) * width;
            return std::llround(minutes * 60'000.0);
        }
        before += n;
    }
    return static_cast<std::int64_t>(classes().back().first) * 60'000;
}

}  // namespace hall
