// The export as one CSV file: RFC 4180, UTF-8 with a byte-order mark so that Excel shows the
// Chinese, every table a section under its title row, sections apart by a blank line.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "export_tables.hpp"

namespace hall {

std::string render_csv(const std::vector<Table>& tables);

// One RFC 4180 field: quoted when it holds a comma, a quote, a line break or leading or
// trailing spaces; quotes inside are doubled.
std::string csv_field(std::string_view text);

}  // namespace hall
