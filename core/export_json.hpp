// The export as JSON, in the documented shape "counterhall.statistics/1" (docs/export.md).
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "statistics.hpp"
#include "supplied_figures.hpp"

namespace hall {

// The statistics as one compact JSON text with a final newline.
std::string render_json(const Statistics& statistics, const std::vector<SuppliedFigure>& supplied);

// The same, as a JSON value (for a caller that adds to it, such as an HTTP reply); the same for
// a day (hall_server stats) and a year.
nlohmann::ordered_json statistics_json(const Statistics& statistics,
                                       const std::vector<SuppliedFigure>& supplied);

inline constexpr const char* statistics_schema = "counterhall.statistics/1";

}  // namespace hall
