// The export's tables: the statistics laid out as titled tables with Chinese headers, which the
// CSV, XLSX and Markdown writers print each in their own way.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "statistics.hpp"
#include "supplied_figures.hpp"

namespace hall {

// One cell: empty (no value, e.g. a mean of nothing), a whole number, a number shown with a
// fixed number of decimals, or text.
struct Cell {
    enum class Kind { empty, integer, decimal, text };
    Kind kind = Kind::empty;
    std::int64_t integer = 0;
    double decimal = 0;
    int decimals = 0;
    std::string text;

    static Cell none() { return {}; }
    static Cell of(std::int64_t value) { return {Kind::integer, value, 0, 0, {}}; }
    static Cell of(std::string value) { return {Kind::text, 0, 0, 0, std::move(value)}; }
    static Cell number(double value, int decimals) {
        return {Kind::decimal, 0, value, decimals, {}};
    }
    // The cell as text: integers in plain digits, decimals fixed, empty as "".
    std::string to_text() const;
};

// `value` with `decimals` decimals, rounded half away from zero as its shortest decimal form is
// written (65.25 → "65.3", 0.15 → "0.2"): as a spreadsheet shows it, and as the report rounds.
std::string decimal_half_up(double value, int decimals);

struct Table {
    std::string id;     // stable name: "zones", "items", ... (docs/export.md)
    std::string title;  // 按服务专区, ...
    std::string sheet;  // the XLSX sheet's name: short, fixed, unique
    std::vector<std::string> headers;
    std::vector<std::vector<Cell>> rows;
};

struct TableOptions {
    // Markdown prints the busiest items only, no day-by-day table, and bad reviews grouped by
    // reason; CSV and XLSX print everything.
    bool for_reading = false;
    std::size_t top_items = 20;
};

std::vector<Table> export_tables(const Statistics& statistics,
                                 const std::vector<SuppliedFigure>& supplied,
                                 const TableOptions& options);

// 0 = Monday -> "星期一".
std::string weekday_name(int weekday);
// 1 -> "非常满意" ... 5 -> "非常不满意".
std::string grade_name(int grade);

}  // namespace hall
