// The manager's yearly export: one function that the CLI and the HTTP endpoint both call.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sqlite.hpp"
#include "supplied_figures.hpp"

namespace hall {

enum class ExportFormat { csv, xlsx, json, markdown };

// "csv", "xlsx", "json", "md" (or "markdown"); nullopt otherwise.
std::optional<ExportFormat> parse_export_format(std::string_view text);
std::string_view file_extension(ExportFormat format);  // without the dot
std::string_view content_type(ExportFormat format);    // for an HTTP reply

struct ExportRequest {
    int year = 0;
    ExportFormat format = ExportFormat::csv;
    // Figures from channels outside the hall: a file to read (docs/export.md), and/or figures
    // already parsed (parse_supplied_figures on an uploaded text). Both are printed, file first.
    std::optional<std::filesystem::path> supplied_file;
    std::vector<SuppliedFigure> supplied;
    // The hall's time, which times the sessions still running on the day still open: the
    // server passes its own clock (a test clock when it runs on one); the system's clock when
    // not given.
    std::optional<std::int64_t> now_ms;
};

// The export's bytes for the year. Reads the database in one read transaction, so it may run
// while the server writes; give it a connection of its own (not the group committer's, and
// none with a transaction open), used by one thread at a time. Throws std::invalid_argument for a
// year outside 1900-9999, SuppliedFiguresError for a bad supplied file, sql::Error and
// std::runtime_error otherwise.
std::string render_export(sql::Database& db, const ExportRequest& request);

}  // namespace hall
