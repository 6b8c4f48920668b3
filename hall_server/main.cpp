// hall_server's entry point: dispatches to the subcommands.
#include <sys/stat.h>

#include <cstdio>
#include <exception>
#include <string_view>

#include "central_commands.hpp"
#include "commands.hpp"

namespace {

constexpr const char* usage = R"(usage: hall_server COMMAND [options]

The server of a citizen service hall, and the manager's commands.

Commands:
  serve     run the hall server (HTTP and WebSocket on one port)
  import    load or update the catalog from a folder of CSV files
  verify    recount every tally from the event log and compare
  device    register, list and revoke the hall's devices (kiosks, boards, ...)
  stats     the figures of a day or a range of days, live for today
  export    the year's figures for the annual report: csv, xlsx, json or md
  sync      ship the event log and catalog to the region's central PostgreSQL
  central   the central store: create its schema; the hall's id in it
  backup    a consistent copy of the database while the server runs, keeping the newest N

Every command takes --db PATH: the hall's SQLite database. Without it: the database
of /etc/counterhall/hall-server.toml if that file names one, else $STATE_DIRECTORY/hall.db
when run by systemd, else ./hall.db.

Run "hall_server COMMAND --help" for a command's options.
)";

}  // namespace

int main(int argc, char** argv) {
    using namespace hall::server;
    // The database, its backups and exports hold PIN and token hashes and the hall's figures:
    // whatever the caller's umask, nothing this program makes is readable by other users or
    // writable by its group (systemd's units set 0077 themselves).
    ::umask(::umask(0) | 027);
    if (argc < 2) {
        std::fputs(usage, stderr);
        return exit_usage;
    }
    std::string_view command = argv[1];
    if (command == "--help" || command == "-h" || command == "help") {
        std::fputs(usage, stdout);
        return exit_ok;
    }
    struct Subcommand {
        std::string_view name;
        int (*run)(int, char**);
    };
    static constexpr Subcommand subcommands[] = {
        {"sync", sync_command},     {"central", central_command}, {"serve", serve_command},
        {"import", import_command}, {"verify", verify_command},   {"device", device_command},
        {"stats", stats_command},   {"export", export_command},   {"backup", backup_command},
    };
    for (const auto& subcommand : subcommands) {
        if (command != subcommand.name)
            continue;
        try {
            return subcommand.run(argc, argv);
        } catch (const std::exception& e) {
            std::fprintf(stderr, "hall_server %s: %s\n", argv[1], e.what());
            return exit_failed;
        }
    }
    std::fprintf(stderr, "hall_server: unknown command \"%s\"\n\n%s", argv[1], usage);
    return exit_usage;
}
