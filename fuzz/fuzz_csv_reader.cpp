// libFuzzer: any bytes as a catalog CSV file; the reader either reads records whose places make
// sense or stops at an error with a place, and never crashes.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "csv_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    auto document = hall::csv::parse(text);
    int line = 0;
    for (const auto& record : document.records) {
        if (record.line <= line || record.fields.empty())
            std::abort();
        line = record.line;
        int column = 0;
        for (const auto& field : record.fields) {
            if (field.column != ++column || field.line < record.line)
                std::abort();
            line = field.line;
        }
    }
    if (document.error && (document.error->reason.empty() || document.error->line < line))
        std::abort();
    return 0;
}
