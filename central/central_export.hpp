// `hall_server export --central`: the yearly export of one hall, or of many halls as one, from the
// central store, through the hall's own statistics and renderers, plus the halls side by side.
#pragma once

#include <string>
#include <vector>

#include "export.hpp"
#include "export_tables.hpp"
#include "pg.hpp"

namespace hall::central {

struct CentralExportRequest {
    int year = 0;
    ExportFormat format = ExportFormat::csv;
    std::vector<std::string> halls;  // hall ids; empty: every hall the central holds
};

// The export's bytes. The central's figures are loaded into an in-memory SQLite database with
// the hall's own schema, and the hall's statistics and writers run on it, so every figure is
// defined and laid out exactly as in one hall's export. Over several halls the figures add up:
// zones, departments, queues, windows, staff and packages stay each hall's own (codes prefixed
// "HALL/", window numbers by 10000 × the hall's place), items with a national item code are
// summed across halls under it. A table "各大厅对比" (JSON: "halls") compares the halls.
// Reads the central in one repeatable-read snapshot. Throws std::invalid_argument for a year
// outside 1900-9999 or a hall the central does not know, pg::Error otherwise.
std::string render_central_export(pg::Connection& central, const CentralExportRequest& request);

}  // namespace hall::central
