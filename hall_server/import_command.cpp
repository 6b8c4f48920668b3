// hall_server import: loads or updates the catalog from CSV files, all or nothing.
#include <cstdio>

#include "catalog_import.hpp"
#include "catalog_store.hpp"
#include "clock.hpp"
#include "command_line.hpp"
#include "commands.hpp"
#include "hall_calendar.hpp"
#include "migrations.hpp"
#include "sqlite.hpp"

namespace hall::server {

namespace {
constexpr const char* help = R"(usage: hall_server import [--db PATH] CATALOG_DIR

Loads the hall's catalog from the CSV files in CATALOG_DIR (docs/catalog.md): zones,
departments, items, queues, windows, staff, packages and the hall profile. The import is
all or nothing: a bad file is refused with FILE:LINE:COLUMN and the reason, and the database
is left as it was. Re-importing updates the catalog; rows no longer listed are retired, never
deleted, so past records keep their names.
)";
}  // namespace

int import_command(int argc, char** argv) {
    CommandLine args(argc, argv, 2, {"db"}, {"help"});
    if (args.has("help")) {
        std::fputs(help, stdout);
        return exit_ok;
    }
    if (args.positionals().size() != 1) {
        std::fputs(help, stderr);
        return exit_usage;
    }
    const auto& dir = args.positionals().front();
    auto result = read_catalog_dir(dir);
    if (!result.errors.empty()) {
        for (const auto& error : result.errors)
            std::fprintf(stderr, "%s\n", error.to_string().c_str());
        std::fprintf(stderr, "hall_server import: %zu error(s) in %s; nothing was imported\n",
                     result.errors.size(), dir.c_str());
        return exit_failed;
    }
    sql::Database db(args.db_path());
    migrate(db);
    SystemClock clock;
    HallCalendar calendar(result.catalog->hall.time_zone);
    auto now = clock.now_ms();
    auto summary =
        save_catalog(db, *result.catalog, result.plain_pins, dir, calendar.day_of(now), now);
    std::printf("imported %s into %s\n%s\n", dir.c_str(), args.db_path().c_str(),
                summary.to_string().c_str());
    return exit_ok;
}

}  // namespace hall::server
