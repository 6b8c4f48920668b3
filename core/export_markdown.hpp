// The export as Markdown: the paragraph the annual report would print, then the exact figures.
#pragma once

#include <string>
#include <vector>

#include "export_tables.hpp"
#include "statistics.hpp"
#include "supplied_figures.hpp"

namespace hall {

// The report's paragraph, in Chinese and its rounding: "截至2019年底，市民大厅共进驻单位61家，
// …年办件量达110万余件，日均接待群众3000人以上。…" For a period that is not a whole year, a
// plain summary of the period's exact figures instead.
std::string report_paragraph(const Statistics& statistics);

// A heading, the paragraph, then the tables (the busiest items only; bad reviews by reason),
// and the supplied figures apart under their own heading.
std::string render_markdown(const Statistics& statistics,
                            const std::vector<SuppliedFigure>& supplied);

// One table as Markdown: its title as a heading, then the rows (numbers aligned right).
void write_markdown_table(std::string& out, const Table& table);

}  // namespace hall
