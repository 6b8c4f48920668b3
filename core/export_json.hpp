// The export as JSON, in the documented shape "counterhall.statistics/1" (docs/export.md).
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "statistics.hpp"
#include "supplied_figures.hpp"

namespace hall {

// The statistics as one JSON object; the same for a day (hall_server stats) and a year.
nlohmann::ordered_json statistics_json(const Statistics& statistics,
                                       const std::vector<SuppliedFigure>& supplied);

// statistics_json, dumped with two-space indentation and a final newline.
std::string render_json(const Statistics& statistics, const std::vector<SuppliedFigure>& supplied);

inline constexpr const char* statistics_schema = "counterhall.statistics/1";

}  // namespace hall
