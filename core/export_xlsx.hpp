// The export as an Excel workbook (libxlsxwriter): one sheet per table, a title row, a header row.
#pragma once

#include <string>
#include <vector>

#include "export_tables.hpp"

namespace hall {

// The .xlsx file's bytes. libxlsxwriter writes only to files, so the workbook passes through
// a private temporary file that is removed before returning. Throws std::runtime_error.
std::string render_xlsx(const std::vector<Table>& tables);

}  // namespace hall
