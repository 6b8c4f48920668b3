// Chooses the export's writer; the figures are computed once, the same for every format.
#include "export.hpp"

#include <chrono>
#include <stdexcept>

#include "export_csv.hpp"
#include "export_json.hpp"
#include "export_markdown.hpp"
#include "export_tables.hpp"
#include "export_xlsx.hpp"
#include "statistics.hpp"

namespace hall {

std::optional<ExportFormat> parse_export_format(std::string_view text) {
    if (text == "csv")
        return ExportFormat::csv;
    if (text == "xlsx")
        return ExportFormat::xlsx;
    if (text == "json")
        return ExportFormat::json;
    if (text == "md" || text == "markdown")
        return ExportFormat::markdown;
    return std::nullopt;
}

std::string_view file_extension(ExportFormat format) {
    switch (format) {
        case ExportFormat::csv:
            return "csv";
        case ExportFormat::xlsx:
            return "xlsx";
        case ExportFormat::json:
            return "json";
        case ExportFormat::markdown:
            return "md";
    }
    return "";
}

std::string_view content_type(ExportFormat format) {
    switch (format) {
        case ExportFormat::csv:
            return "text/csv; charset=utf-8";
        case ExportFormat::xlsx:
            return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
        case ExportFormat::json:
            return "application/json";
        case ExportFormat::markdown:
            return "text/markdown; charset=utf-8";
    }
    return "application/octet-stream";
}

std::string render_export(sql::Database& db, const ExportRequest& request) {
    // 9999 is left out: its period's end has no next day to count to.
    if (request.year < 1900 || request.year > 9998)
        throw std::invalid_argument("the year is one from 1900 to 9998, e.g. 2019");
    std::vector<SuppliedFigure> supplied;
    if (request.supplied_file)
        supplied = read_supplied_figures(*request.supplied_file);
    supplied.insert(supplied.end(), request.supplied.begin(), request.supplied.end());

    StatisticsOptions options;
    options.now_ms =
        request.now_ms.value_or(std::chrono::duration_cast<std::chrono::milliseconds>(
                                    std::chrono::system_clock::now().time_since_epoch())
                                    .count());
    const auto statistics = compute_statistics(db, year_period(request.year), options);
    switch (request.format) {
        case ExportFormat::csv:
            return render_csv(export_tables(statistics, supplied, {}));
        case ExportFormat::xlsx:
            return render_xlsx(export_tables(statistics, supplied, {}));
        case ExportFormat::json:
            return render_json(statistics, supplied);
        case ExportFormat::markdown:
            return render_markdown(statistics, supplied);
    }
    throw std::invalid_argument("unknown export format");
}

}  // namespace hall
