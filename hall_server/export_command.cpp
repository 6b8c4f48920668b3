// hall_server export: the manager's yearly export, as CSV, XLSX, JSON or Markdown.
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "catalog_store.hpp"
#include "central_commands.hpp"
#include "command_line.hpp"
#include "commands.hpp"
#include "event_store.hpp"
#include "export.hpp"
#include "migrations.hpp"
#include "sqlite.hpp"

namespace hall::server {

namespace {
constexpr const char* help = R"(usage: hall_server export --year YEAR --format csv|xlsx|json|md
                          [--out FILE] [--supplied FILE] [--db PATH]

Writes the figures of a calendar year as the annual report prints them, and the detail behind
them (docs/export.md):

  csv    one CSV file (RFC 4180, UTF-8 with a byte-order mark, for Excel): every table under
         its title row, tables apart by a blank line
  xlsx   an Excel workbook, one sheet per table
  json   one JSON object, the "counterhall.statistics/1" shape
  md     Markdown: the report's paragraph in Chinese, then the exact figures in tables

  --out FILE       write to FILE (replaced whole, never left half written); else standard output
  --supplied FILE  figures from channels outside the hall (online cases, townships, hotline):
                   a CSV file with the columns key,label,value,unit,source, printed apart and
                   marked as supplied, never added to the measured figures

The export reads the database while the server runs.
)";
}  // namespace

int export_command(int argc, char** argv) {
    if (wants_central(argc, argv))
        return central_export_command(argc, argv);
    CommandLine args(argc, argv, 2, {"db", "year", "format", "out", "supplied"}, {"help"});
    if (args.has("help")) {
        std::fputs(help, stdout);
        return exit_ok;
    }
    const auto year_text = args.value("year");
    const auto format = parse_export_format(args.value("format").value_or(""));
    // What is wrong first, then how it is used.
    const char* problem = !args.positionals().empty() ? "export takes no word, only options"
                          : !year_text                ? "--year is needed"
                          : !args.has("format")       ? "--format is needed"
                          : !format                   ? "--format is csv, xlsx, json or md"
                                                      : nullptr;
    if (problem) {
        std::fprintf(stderr, "hall_server export: %s\n\n", problem);
        std::fputs(help, stderr);
        return exit_usage;
    }
    ExportRequest request;
    request.format = *format;
    if (year_text->size() != 4 || year_text->find_first_not_of("0123456789") != std::string::npos) {
        std::fprintf(stderr, "hall_server export: --year %s is not a year such as 2019\n",
                     year_text->c_str());
        return exit_usage;
    }
    request.year = std::stoi(*year_text);
    if (auto supplied = args.value("supplied"))
        request.supplied_file = *supplied;
    const auto out = args.value("out");
    if (!out && request.format == ExportFormat::xlsx && isatty(STDOUT_FILENO)) {
        std::fputs("hall_server export: an XLSX workbook is not for a terminal; use --out FILE\n",
                   stderr);
        return exit_usage;
    }

    const auto path = args.db_path();
    if (!std::filesystem::exists(path)) {
        std::fprintf(stderr, "hall_server export: there is no database at %s\n", path.c_str());
        return exit_failed;
    }
    sql::Database db(path);
    migrate(db);
    catch_up_tallies(db);  // a running server may keep the latest counts in memory
    if (!has_catalog(db)) {
        std::fprintf(stderr, "hall_server export: %s holds no catalog (hall_server import)\n",
                     path.c_str());
        return exit_failed;
    }
    return write_export(render_export(db, request), out);
}

// Written beside the target and renamed over it: a reader never sees half an export.
int write_export(const std::string& bytes, const std::optional<std::string>& out) {
    if (!out) {
        std::fwrite(bytes.data(), 1, bytes.size(), stdout);
        return std::fflush(stdout) == 0 ? exit_ok : exit_failed;
    }
    const std::string partial = *out + ".partial";
    {
        std::ofstream file(partial, std::ios::binary | std::ios::trunc);
        file.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        file.close();
        if (!file) {
            std::filesystem::remove(partial);
            std::fprintf(stderr, "hall_server export: cannot write %s\n", out->c_str());
            return exit_failed;
        }
    }
    std::filesystem::rename(partial, *out);
    std::fprintf(stderr, "wrote %s (%zu bytes)\n", out->c_str(), bytes.size());
    return exit_ok;
}

}  // namespace hall::server
