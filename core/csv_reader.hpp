// RFC 4180 CSV reading for the catalog files: UTF-8 only, every field with its line and column.
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hall::csv {

struct Field {
    std::string text;  // unquoted; a line break inside quotes reads as "\n" whatever the file used
    int line = 0;      // physical line (1-based) where the field starts
    int column = 0;    // 1-based position in its record, as a spreadsheet numbers its columns
};

struct Record {
    int line = 0;  // physical line (1-based) where the record starts
    std::vector<Field> fields;
};

// Where reading stopped: column is the field's position in its record, as in Field.
struct Error {
    int line = 0;
    int column = 0;
    std::string reason;
};

struct Document {
    std::vector<Record> records;
    std::optional<Error> error;  // when set, records holds only those before the error
};

// Catalog files are a few hundred kilobytes; anything this large is not one.
inline constexpr std::size_t max_file_bytes = 64 * 1024 * 1024;

// Reads a whole text, stopping at the first error. An optional UTF-8 byte-order mark is skipped;
// CRLF, LF and a lone CR all end a line. Blank lines (nothing between two line ends) are skipped
// but counted, since editors and spreadsheets leave them and they carry nothing.
Document parse(std::string_view text);

// Reads and parses a file; a file that cannot be read is an error on line 0.
Document read_file(const std::filesystem::path& path);

}  // namespace hall::csv
