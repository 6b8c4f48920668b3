// Figures from channels outside the hall (online cases, townships, the hotline), supplied in a
// CSV file and kept apart from the measured ones (docs/export.md, "Supplied figures").
#pragma once

#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace hall {

struct SuppliedFigure {
    std::string key;     // online_cases, hotline_received, ... or any [a-z0-9_] name
    std::string label;   // the Chinese name printed; a known key's own when the file gives none
    std::string value;   // the number as written: "68000", "99.5"
    std::string unit;    // 件, 人次, %, ...
    std::string source;  // who supplied it
};

// A supplied file that cannot be used; the message names file:line:column and the reason.
class SuppliedFiguresError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// Parses the CSV text (UTF-8, an optional BOM; a header naming the columns key, value and
// optionally label, unit, source in any order). `name` labels error messages.
std::vector<SuppliedFigure> parse_supplied_figures(std::string_view text,
                                                   std::string_view name = "supplied");
std::vector<SuppliedFigure> read_supplied_figures(const std::filesystem::path& path);

// The label of a known key ("online_cases" -> "网上办件"), else empty.
std::string known_supplied_label(std::string_view key);

}  // namespace hall
