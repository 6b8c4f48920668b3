// hall_server central (init, hall-id), and the --central forms of verify and export: the
// region's central PostgreSQL store (issue 8, docs/scale.md).
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>

#include "central_commands.hpp"
#include "central_export.hpp"
#include "central_schema.hpp"
#include "central_verify.hpp"
#include "command_line.hpp"
#include "commands.hpp"
#include "event_store.hpp"
#include "hall_identity.hpp"
#include "migrations.hpp"
#include "pg.hpp"
#include "sync_progress.hpp"

namespace hall::server {

namespace {

constexpr const char* central_help = R"(usage: hall_server central init URL
       hall_server central hall-id [ID] [--db PATH]

  init URL     creates or migrates the central store's schema in the PostgreSQL database at URL
               (a libpq connection URI); `hall_server sync` also does this by itself
  hall-id      prints the hall's id in the central store; with ID, sets it (a code such as the
               county's: ASCII letters, digits, - and _). Set it before the first sync: once the
               hall has shipped events, its id is refused to change.
)";

constexpr const char* verify_help =
    R"(usage: hall_server verify --central URL --year YEAR [--db PATH]

Checks that the central store's figures for this hall equal the hall's own, for the year: that
the central holds every event of the year, the same number each day, and every daily and yearly
tally with the same value. Prints each difference with its day and figure; exits 0 when all
agree, 1 otherwise.
)";

constexpr const char* export_help =
    R"(usage: hall_server export --central URL --year YEAR --format csv|xlsx|json|md
                          [--hall ID ...] [--out FILE]

The yearly export (as `hall_server export`, docs/export.md) from the region's central store: of
one hall, or of several (every hall without --hall) counted as one, with a table comparing the
halls side by side first ("各大厅对比"; in JSON, "halls"). --hall may be repeated or take a
comma-separated list.
)";

int parse_year(const CommandLine& args, const char* command) {
    const auto text = args.value("year");
    if (!text || text->size() != 4 || text->find_first_not_of("0123456789") != std::string::npos) {
        std::fprintf(stderr, "hall_server %s: --year is a year such as 2019\n", command);
        return 0;
    }
    return std::stoi(*text);
}

}  // namespace

bool wants_central(int argc, char** argv) {
    for (int i = 2; i < argc; ++i)
        if (std::strcmp(argv[i], "--central") == 0 || std::strncmp(argv[i], "--central=", 10) == 0)
            return true;
    return false;
}

int central_command(int argc, char** argv) {
    CommandLine args(argc, argv, 2, {"db"}, {"help"});
    const auto& words = args.positionals();
    if (args.has("help")) {
        std::fputs(central_help, stdout);
        return exit_ok;
    }
    if (words.size() == 2 && words[0] == "init") {
        pg::Connection central(words[1]);
        central::migrate_central(central);
        std::printf("the central schema is ready at %s\n", central.describe().c_str());
        return exit_ok;
    }
    if (!words.empty() && words[0] == "hall-id" && words.size() <= 2) {
        const auto path = args.db_path();
        if (!std::filesystem::exists(path)) {
            std::fprintf(stderr, "hall_server central: there is no database at %s\n", path.c_str());
            return exit_failed;
        }
        sql::Database db(path);
        migrate(db);
        if (words.size() == 2) {
            const auto progress = central::read_progress(central::progress_path_for(path));
            const auto current = central::read_hall_id(db);
            if (progress && progress->shipped_seq > 0 && words[1] != current) {
                std::fprintf(stderr,
                             "hall_server central: hall %s has shipped events to %s; its id "
                             "does not change (code hall_id_in_use)\n",
                             current.c_str(), progress->central.c_str());
                return exit_failed;
            }
            if (!central::is_hall_id(words[1])) {
                std::fprintf(stderr,
                             "hall_server central: \"%s\" is not a hall id: ASCII letters, digits, "
                             "- and _, 1 to 32 characters (code bad_hall_id)\n",
                             words[1].c_str());
                return exit_usage;
            }
            central::set_hall_id(db, words[1]);
        }
        std::printf("%s\n", central::read_hall_id(db).c_str());
        return exit_ok;
    }
    std::fputs(central_help, stderr);
    return exit_usage;
}

int central_verify_command(int argc, char** argv) {
    CommandLine args(argc, argv, 2, {"db", "central", "year"}, {"help"});
    if (args.has("help")) {
        std::fputs(verify_help, stdout);
        return exit_ok;
    }
    const int year = parse_year(args, "verify");
    if (!args.positionals().empty() || !args.value("central") || year == 0) {
        std::fputs(verify_help, stderr);
        return exit_usage;
    }
    const auto path = args.db_path();
    if (!std::filesystem::exists(path)) {
        std::fprintf(stderr, "hall_server verify: there is no database at %s\n", path.c_str());
        return exit_failed;
    }
    sql::Database db(path);
    migrate(db);
    catch_up_tallies(db);  // a running server may keep the latest counts in memory
    pg::Connection central(*args.value("central"));
    const auto summary = central::verify_central(
        db, central, year, [](const std::string& line) { std::printf("%s\n", line.c_str()); });
    std::printf(
        "hall %s, %d: %zu events, %zu days, %zu figures compared with the central, %zu "
        "differences\n",
        summary.hall_id.c_str(), year, summary.events, summary.days, summary.figures,
        summary.differences);
    return summary.differences == 0 ? exit_ok : exit_failed;
}

int central_export_command(int argc, char** argv) {
    // --hall may repeat: gathered here, the rest parsed as usual.
    central::CentralExportRequest request;
    std::vector<char*> rest;
    for (int i = 0; i < argc; ++i) {
        std::string arg = argv[i];
        std::optional<std::string> value;
        if (arg == "--hall" && i + 1 < argc)
            value = argv[++i];
        else if (arg.starts_with("--hall="))
            value = arg.substr(7);
        if (!value) {
            rest.push_back(argv[i]);
            continue;
        }
        std::size_t start = 0;
        while (start <= value->size()) {
            auto comma = value->find(',', start);
            auto id = value->substr(start,
                                    comma == std::string::npos ? std::string::npos : comma - start);
            if (!id.empty())
                request.halls.push_back(id);
            if (comma == std::string::npos)
                break;
            start = comma + 1;
        }
    }
    CommandLine args(static_cast<int>(rest.size()), rest.data(), 2,
                     {"central", "year", "format", "out"}, {"help"});
    if (args.has("help")) {
        std::fputs(export_help, stdout);
        return exit_ok;
    }
    request.year = parse_year(args, "export");
    const auto format = parse_export_format(args.value("format").value_or(""));
    if (!args.positionals().empty() || !args.value("central") || request.year == 0 || !format) {
        std::fputs(export_help, stderr);
        return exit_usage;
    }
    request.format = *format;
    const auto out = args.value("out");
    if (!out && request.format == ExportFormat::xlsx && isatty(STDOUT_FILENO)) {
        std::fputs("hall_server export: an XLSX workbook is not for a terminal; use --out FILE\n",
                   stderr);
        return exit_usage;
    }
    pg::Connection central(*args.value("central"));
    std::string bytes;
    try {
        bytes = central::render_central_export(central, request);
    } catch (const std::invalid_argument& e) {
        std::fprintf(stderr, "hall_server export: %s\n", e.what());
        return exit_failed;
    }
    return write_export(bytes, out);
}

}  // namespace hall::server
