// Writes the export's tables as one CSV file, the layout docs/export.md describes.
#include "export_csv.hpp"

namespace hall {

namespace {
constexpr std::string_view bom = "\xEF\xBB\xBF";
// RFC 4180 ends every record with CRLF, which is also what Excel writes.
constexpr std::string_view line_end = "\r\n";

void write_record(std::string& out, const std::vector<std::string>& fields) {
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (i > 0)
            out += ',';
        out += csv_field(fields[i]);
    }
    out += line_end;
}

// Text that a spreadsheet would run as a formula (a bad review's reason is typed by anyone)
// gets a leading apostrophe, as OWASP advises for CSV files; numbers are written as numbers.
std::string inert_text(const std::string& text) {
    if (!text.empty() && std::string_view("=+-@\t\r").find(text.front()) != std::string_view::npos)
        return "'" + text;
    return text;
}
}  // namespace

std::string csv_field(std::string_view text) {
    const bool quote = text.find_first_of(",\"\r\n") != std::string_view::npos ||
                       (!text.empty() && (text.front() == ' ' || text.back() == ' '));
    if (!quote)
        return std::string(text);
    std::string out = "\"";
    for (char c : text) {
        if (c == '"')
            out += '"';
        out += c;
    }
    out += '"';
    return out;
}

std::string render_csv(const std::vector<Table>& tables) {
    std::string out(bom);
    bool first = true;
    for (const auto& table : tables) {
        if (!first)
            out += line_end;
        first = false;
        write_record(out, {table.title});
        write_record(out, table.headers);
        std::vector<std::string> fields;
        for (const auto& row : table.rows) {
            fields.clear();
            for (const auto& cell : row)
                fields.push_back(cell.kind == Cell::Kind::text ? inert_text(cell.text)
                                                               : cell.to_text());
            write_record(out, fields);
        }
    }
    return out;
}

}  // namespace hall
