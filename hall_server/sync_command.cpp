// hall_server sync: ships the hall's event log and catalog to the region's central PostgreSQL.
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <string>

#include "command_line.hpp"
#include "commands.hpp"
#include "pg.hpp"
#include "sync_loop.hpp"

namespace hall::server {

namespace {
constexpr const char* help = R"(usage: hall_server sync --to URL [--follow] [--db PATH] [options]

Ships the hall's event log, in order, and its catalog to the region's central PostgreSQL
(docs/scale.md): each event named by the hall's id and its sequence number, in batches of one
transaction each, with the figures they add counted as the hall counts them. The central keeps
a high-water mark per hall, so a batch sent twice never counts twice, and a sync that stopped
anywhere resumes where the central says. The hall's server never waits for it: the sync reads
the database through its own connection and never writes to it.

  --to URL          the central store, a libpq connection URI, e.g.
                    postgresql://hall@central.example/region (a password from ~/.pgpass)
  --follow          keep running: ship new events as they come (every --poll-ms), and retry
                    for ever with back-off while the central or the link is down
  --batch N         events a transaction (default 5000)
  --poll-ms N       following: how often to look for new events (default 1000)
  --attempts N      without --follow: tries before giving up (default 5)
  --backoff-max-ms N  longest wait between tries (default 30000)
  --progress FILE   where to record progress for /metrics (default: the database path
                    followed by -central.json)

Without --follow it ships everything there is and exits 0 (run it from a timer), or exits 1
after --attempts failed tries in a row. The hall's id is `hall_server central hall-id`.
)";

std::atomic<bool> stop_requested{false};

void request_stop(int) {
    stop_requested = true;
}

std::int64_t number(const CommandLine& args, const std::string& flag, std::int64_t fallback,
                    std::int64_t least) {
    auto text = args.value(flag);
    if (!text)
        return fallback;
    std::size_t used = 0;
    long long value = 0;
    try {
        value = std::stoll(*text, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used != text->size() || value < least)
        throw std::invalid_argument("--" + flag + " " + *text + " is not a number of at least " +
                                    std::to_string(least));
    return value;
}
}  // namespace

int sync_command(int argc, char** argv) {
    CommandLine args(argc, argv, 2,
                     {"db", "to", "batch", "poll-ms", "attempts", "backoff-max-ms", "progress"},
                     {"help", "follow"});
    if (args.has("help")) {
        std::fputs(help, stdout);
        return exit_ok;
    }
    if (!args.positionals().empty() || !args.value("to")) {
        std::fputs(help, stderr);
        return exit_usage;
    }
    central::SyncOptions options;
    options.db_path = args.db_path();
    options.central_uri = *args.value("to");
    options.follow = args.has("follow");
    options.batch = static_cast<std::size_t>(number(args, "batch", 5000, 1));
    options.poll_ms = number(args, "poll-ms", 1000, 10);
    options.attempts = static_cast<int>(number(args, "attempts", 5, 0));
    options.backoff_max_ms = number(args, "backoff-max-ms", 30'000, 10);
    options.backoff_first_ms = std::min<std::int64_t>(500, options.backoff_max_ms);
    options.progress_path = args.value("progress").value_or("");
    if (!std::filesystem::exists(options.db_path)) {
        std::fprintf(stderr, "hall_server sync: there is no database at %s\n",
                     options.db_path.c_str());
        return exit_failed;
    }
    std::signal(SIGINT, request_stop);
    std::signal(SIGTERM, request_stop);
    try {
        const auto totals = central::run_sync(options, stop_requested, [](const std::string& line) {
            std::fprintf(stderr, "hall_server sync: %s\n", line.c_str());
        });
        std::printf(
            "%zu events sent in %zu batches, %zu new to the central; it holds the hall's "
            "events up to %lld\n",
            totals.events_sent, totals.batches, totals.events_added,
            static_cast<long long>(totals.high_water));
        return exit_ok;
    } catch (const pg::Error& e) {
        std::fprintf(stderr, "hall_server sync: gave up after %s failed attempts: %s\n",
                     std::to_string(options.attempts).c_str(), e.what());
        return exit_failed;
    }
}

}  // namespace hall::server
