// hall_server verify: recounts every daily tally from the event log and compares.
#include <cstdio>
#include <filesystem>
#include <string>

#include "central_commands.hpp"
#include "command_line.hpp"
#include "commands.hpp"
#include "event_store.hpp"
#include "migrations.hpp"
#include "sqlite.hpp"
#include "tally_audit.hpp"

namespace hall::server {

namespace {
constexpr const char* help = R"(usage: hall_server verify [--db PATH] [--year YEAR]

Recounts every daily tally from the raw event log and compares it with the stored tallies
the exports read, and the yearly sums with the days'. Prints each difference with its day
(or year) and figure; exits 0 when everything agrees, 1 otherwise.

  --year YEAR   recount only that year's days (and its yearly sums)
)";
}  // namespace

int verify_command(int argc, char** argv) {
    if (wants_central(argc, argv))
        return central_verify_command(argc, argv);
    CommandLine args(argc, argv, 2, {"db", "year"}, {"help"});
    if (args.has("help")) {
        std::fputs(help, stdout);
        return exit_ok;
    }
    if (!args.positionals().empty()) {
        std::fputs(help, stderr);
        return exit_usage;
    }
    std::optional<int> year;
    if (auto text = args.value("year")) {
        if (text->size() != 4 || text->find_first_not_of("0123456789") != std::string::npos) {
            std::fprintf(stderr, "hall_server verify: --year %s is not a year such as 2019\n",
                         text->c_str());
            return exit_usage;
        }
        year = std::stoi(*text);
    }
    const auto path = args.db_path();
    if (!std::filesystem::exists(path)) {
        std::fprintf(stderr, "hall_server verify: there is no database at %s\n", path.c_str());
        return exit_failed;
    }
    sql::Database db(path);
    migrate(db);
    catch_up_tallies(db);  // a running server may keep the latest counts in memory
    auto summary =
        audit_tallies(db, year, [](const std::string& line) { std::printf("%s\n", line.c_str()); });
    std::printf("%zu events, %zu days, %zu tallies, %zu differences\n", summary.events,
                summary.days, summary.tallies, summary.differences);
    return summary.differences == 0 ? exit_ok : exit_failed;
}

}  // namespace hall::server
