// Numbers written the way the hall's annual report writes them: "110万余件", "3000人以上", "99.5%".
#pragma once

#include <cstdint>
#include <string>

namespace hall {

// A count as the report rounds it, without its unit: below 10,000 exactly ("8027"); below a
// million in tenths of 万 ("6.8万"); from a million in whole 万 ("110万"). Rounded down, with
// "余" when something was dropped: 1,103,456 -> "110万余", 1,100,000 -> "110万",
// 68,123 -> "6.8万余".
std::string approximate_count(std::int64_t n);

// A round figure at or below the value, for "…人以上": below 100 whole numbers, below 1,000
// tens, below 10,000 hundreds, then tenths of 万. 3012.4 -> "3000", 345.6 -> "340",
// 12,345 -> "1.2万".
std::string round_figure_below(double value);

// part / whole as a percentage to one decimal, rounded half up, as the report writes it:
// 5579 of 5606 -> "99.5%", all -> "100%" (no ".0"). "—" when whole is 0.
std::string percent(std::int64_t part, std::int64_t whole);

}  // namespace hall
