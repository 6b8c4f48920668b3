// The annual report's rounding: down to a round figure, "余" or "以上" saying so.
#include "report_numbers.hpp"

#include <cmath>

namespace hall {

namespace {
// "68" tenths -> "6.8", "110" tenths -> "11": a trailing ".0" is not written.
std::string tenths(std::int64_t t) {
    std::string text = std::to_string(t / 10);
    if (t % 10 != 0)
        text += "." + std::to_string(t % 10);
    return text;
}
}  // namespace

std::string approximate_count(std::int64_t n) {
    if (n < 10'000)
        return std::to_string(n);
    if (n < 1'000'000)
        return tenths(n / 1'000) + "万" + (n % 1'000 != 0 ? "余" : "");
    return std::to_string(n / 10'000) + "万" + (n % 10'000 != 0 ? "余" : "");
}

std::string round_figure_below(double value) {
    if (!(value > 0))
        return "0";
    const auto n = static_cast<std::int64_t>(std::floor(value));
    if (n < 100)
        return std::to_string(n);
    if (n < 1'000)
        return std::to_string(n / 10 * 10);
    if (n < 10'000)
        return std::to_string(n / 100 * 100);
    return tenths(n / 1'000) + "万";
}

std::string percent(std::int64_t part, std::int64_t whole) {
    if (whole <= 0)
        return "—";
    // Tenths of a percent, rounded half up, in integers so that 99.95 never prints as 99.9.
    const std::int64_t t = (part * 2'000 + whole) / (2 * whole);
    return tenths(t) + "%";
}

}  // namespace hall
