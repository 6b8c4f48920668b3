// Writes the export's tables into an .xlsx workbook with libxlsxwriter.
#include "export_xlsx.hpp"

#include <unistd.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace hall {

namespace {

// Removes the temporary file however the function is left.
class TemporaryFile {
  public:
    TemporaryFile() {
        auto pattern =
            (std::filesystem::temp_directory_path() / "counterhall-export-XXXXXX").string();
        int fd = mkstemp(pattern.data());
        if (fd < 0)
            throw std::runtime_error("cannot create a temporary file for the workbook");
        close(fd);
        path_ = pattern;
    }
    ~TemporaryFile() {
        std::error_code ignored;
        std::filesystem::remove(path_, ignored);
    }
    TemporaryFile(const TemporaryFile&) = delete;
    TemporaryFile& operator=(const TemporaryFile&) = delete;
    const std::string& path() const { return path_; }

  private:
    std::string path_;
};

void check(lxw_error error, const char* what) {
    if (error != LXW_NO_ERROR)
        throw std::runtime_error(std::string("cannot write the workbook (") + what +
                                 "): " + lxw_strerror(error));
}

lxw_row_t row_index(std::size_t row) {
    return static_cast<lxw_row_t>(row);
}

lxw_col_t column_index(std::size_t column) {
    return static_cast<lxw_col_t>(column);
}

// Column widths in characters: a CJK character is about two wide.
double display_width(const std::string& text) {
    double width = 0;
    for (std::size_t i = 0; i < text.size();) {
        const auto lead = static_cast<unsigned char>(text[i]);
        const std::size_t length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
        width += length >= 3 ? 2.0 : 1.0;
        i += length;
    }
    return width;
}

}  // namespace

std::string render_xlsx(const std::vector<Table>& tables) {
    TemporaryFile file;
    {
        lxw_workbook* workbook = workbook_new(file.path().c_str());
        if (!workbook)
            throw std::runtime_error("cannot start the workbook");
        lxw_format* title = workbook_add_format(workbook);
        format_set_bold(title);
        format_set_font_size(title, 13);
        lxw_format* header = workbook_add_format(workbook);
        format_set_bold(header);
        format_set_bottom(header, LXW_BORDER_THIN);
        format_set_text_wrap(header);
        lxw_format* integer = workbook_add_format(workbook);
        format_set_num_format(integer, "0");
        lxw_format* one_decimal = workbook_add_format(workbook);
        format_set_num_format(one_decimal, "0.0");
        lxw_format* two_decimals = workbook_add_format(workbook);
        format_set_num_format(two_decimals, "0.00");

        for (const auto& table : tables) {
            lxw_worksheet* sheet = workbook_add_worksheet(workbook, table.sheet.c_str());
            if (!sheet) {
                workbook_close(workbook);
                throw std::runtime_error("cannot add the sheet " + table.sheet);
            }
            worksheet_write_string(sheet, 0, 0, table.title.c_str(), title);
            std::vector<double> widths(table.headers.size(), 6.0);
            for (std::size_t c = 0; c < table.headers.size(); ++c) {
                worksheet_write_string(sheet, 1, column_index(c), table.headers[c].c_str(), header);
                widths[c] = std::max(widths[c], std::min(display_width(table.headers[c]), 16.0));
            }
            for (std::size_t r = 0; r < table.rows.size(); ++r) {
                const auto& row = table.rows[r];
                for (std::size_t c = 0; c < row.size(); ++c) {
                    const auto& cell = row[c];
                    const auto x = row_index(r + 2);
                    const auto y = column_index(c);
                    switch (cell.kind) {
                        case Cell::Kind::empty:
                            break;
                        case Cell::Kind::integer:
                            worksheet_write_number(sheet, x, y, static_cast<double>(cell.integer),
                                                   integer);
                            break;
                        case Cell::Kind::decimal:
                            worksheet_write_number(sheet, x, y, cell.decimal,
                                                   cell.decimals == 0   ? integer
                                                   : cell.decimals == 1 ? one_decimal
                                                                        : two_decimals);
                            break;
                        case Cell::Kind::text:
                            // A string cell is never read as a formula, whatever it holds.
                            worksheet_write_string(sheet, x, y, cell.text.c_str(), nullptr);
                            if (c < widths.size())
                                widths[c] =
                                    std::max(widths[c], std::min(display_width(cell.text), 40.0));
                            break;
                    }
                }
            }
            for (std::size_t c = 0; c < widths.size(); ++c)
                worksheet_set_column(sheet, column_index(c), column_index(c), widths[c] + 1,
                                     nullptr);
            worksheet_freeze_panes(sheet, 2, 0);
        }
        check(workbook_close(workbook), "closing");
    }
    std::ifstream in(file.path(), std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
}

}  // namespace hall
