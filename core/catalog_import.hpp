// Reading a catalog directory (docs/catalog.md) into a Catalog, checking every value and
// reference and naming each mistake by file, line and column.
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalog.hpp"

namespace hall {

struct ImportError {
    std::string file;  // "items.csv"; empty for a note about the error list itself
    int line = 0;      // physical line; 0 when the whole file is meant
    int column = 0;    // 1-based field position; 0 when the whole line is meant
    std::string reason;

    // "items.csv:17:3: reason", leaving out a line or column of 0.
    std::string to_string() const;
};

// Staff id -> the PIN as written in staff.csv, for save_catalog to hash. Kept out of
// Staff::pin_hash so that a plaintext PIN can never be stored or verified as if it were a hash.
using PlainPins = std::map<std::string, std::string, std::less<>>;

struct ImportResult {
    // Set only when errors is empty. Staff::pin_hash holds a hash given in staff.csv, or is
    // empty: then plain_pins holds the PIN to hash, or, when it holds none, the stored PIN stays.
    std::optional<Catalog> catalog;
    std::vector<ImportError> errors;
    PlainPins plain_pins;
};

// A hall fixing its files wants every mistake at once, but not thousands caused by one.
inline constexpr std::size_t max_import_errors = 50;

// Reads and checks the ten catalog files in dir. Does not touch any database and hashes nothing.
ImportResult read_catalog_dir(const std::filesystem::path& dir);

// The catalog's text forms, shared with the store so that hall_profile reads like hall.csv.
std::optional<int> parse_time_of_day(std::string_view text);  // "08:30" -> 510 minutes
std::string format_time_of_day(int minutes);                  // 510 -> "08:30"
std::optional<bool> parse_boolean(std::string_view text);     // yes/no, 1/0, true/false, 是/否
bool is_date(std::string_view text);                          // YYYY-MM-DD, a real day

}  // namespace hall
