// hall_server verify: recounts every daily tally from the event log and compares.
#include <cstdio>

#include "command_line.hpp"
#include "commands.hpp"
#include "event_store.hpp"
#include "migrations.hpp"
#include "sqlite.hpp"
#include "tally.hpp"

namespace hall::server {

namespace {
constexpr const char* help = R"(usage: hall_server verify [--db PATH]

Recounts every daily tally from the raw event log and compares it with the stored tallies
the exports read. Prints each difference; exits 0 when everything agrees, 1 otherwise.
)";
}  // namespace

int verify_command(int argc, char** argv) {
    CommandLine args(argc, argv, 2, {"db"}, {"help"});
    if (args.has("help")) {
        std::fputs(help, stdout);
        return exit_ok;
    }
    if (!args.positionals().empty()) {
        std::fputs(help, stderr);
        return exit_usage;
    }
    sql::Database db(args.db_path());
    migrate(db);
    EventStore store(db);
    TallyTable recount;
    std::size_t events = 0;
    std::size_t differences = 0;
    std::int64_t expected_seq = 1;
    for (const auto& event : store.events_from(1)) {
        if (event.seq != expected_seq) {
            std::printf("the log jumps from event %lld to %lld\n",
                        static_cast<long long>(expected_seq - 1),
                        static_cast<long long>(event.seq));
            ++differences;
        }
        expected_seq = event.seq + 1;
        add_to(recount, event);
        ++events;
    }
    auto stored = store.tallies();
    auto report = [&](const TallyTable::key_type& key, std::int64_t want, std::int64_t have) {
        const auto& [day, dimension, code, metric] = key;
        std::printf("%s %s %s %s: log says %lld, tally says %lld\n", day.c_str(), dimension.c_str(),
                    code.c_str(), metric.c_str(), static_cast<long long>(want),
                    static_cast<long long>(have));
        ++differences;
    };
    for (const auto& [key, value] : recount) {
        auto it = stored.find(key);
        std::int64_t have = it == stored.end() ? 0 : it->second;
        if (have != value)
            report(key, value, have);
    }
    for (const auto& [key, value] : stored)
        if (!recount.count(key) && value != 0)
            report(key, 0, value);
    std::printf("%zu events, %zu tallies, %zu differences\n", events, stored.size(), differences);
    return differences == 0 ? exit_ok : exit_failed;
}

}  // namespace hall::server
