// hall_server stats: the figures of a day or a range of days, live for the day still open.
#include <cstdio>
#include <filesystem>
#include <string>

#include "catalog_store.hpp"
#include "civil_days.hpp"
#include "clock.hpp"
#include "command_line.hpp"
#include "commands.hpp"
#include "event_store.hpp"
#include "export_json.hpp"
#include "export_markdown.hpp"
#include "hall_calendar.hpp"
#include "migrations.hpp"
#include "sqlite.hpp"
#include "statistics.hpp"

namespace hall::server {

namespace {
constexpr const char* help =
    R"(usage: hall_server stats [--db PATH] [--day DAY | --from DAY --to DAY]
                         [--format md|json]

Prints the hall's figures for a day (today by default, in the hall's time zone), or for the
days from --from to --to (both included). Days are written YYYY-MM-DD. The figures of the day
still open are live: the command reads the database while the server runs. docs/export.md says
what each figure counts.

  --format md     the figures as Markdown tables (the default)
  --format json   the figures as JSON (the "counterhall.statistics/1" shape of docs/export.md)
)";

std::string hall_time_zone(sql::Database& db) {
    auto q = db.prepare("SELECT value FROM hall_profile WHERE key = 'time_zone'");
    return q.step() ? q.text(0) : std::string("Asia/Shanghai");
}
}  // namespace

int stats_command(int argc, char** argv) {
    CommandLine args(argc, argv, 2, {"db", "day", "from", "to", "format"}, {"help"});
    if (args.has("help")) {
        std::fputs(help, stdout);
        return exit_ok;
    }
    const bool range = args.has("from") || args.has("to");
    const auto format = args.value("format").value_or("md");
    // What is wrong first, then how it is used.
    const char* problem = !args.positionals().empty()  ? "stats takes no word, only options"
                          : range && args.has("day")   ? "--day goes without --from and --to"
                          : range && !args.has("from") ? "--to needs --from"
                          : range && !args.has("to")   ? "--from needs --to"
                          : format != "md" && format != "json" ? "--format is md or json"
                                                               : nullptr;
    if (problem) {
        std::fprintf(stderr, "hall_server stats: %s\n\n", problem);
        std::fputs(help, stderr);
        return exit_usage;
    }
    for (const char* flag : {"day", "from", "to"}) {
        if (auto day = args.value(flag); day && !is_valid_day(*day)) {
            std::fprintf(stderr, "hall_server stats: --%s %s is not a day (YYYY-MM-DD)\n", flag,
                         day->c_str());
            return exit_usage;
        }
    }
    const auto path = args.db_path();
    if (!std::filesystem::exists(path)) {
        std::fprintf(stderr, "hall_server stats: there is no database at %s\n", path.c_str());
        return exit_failed;
    }
    sql::Database db(path);
    migrate(db);
    catch_up_tallies(db);  // a running server may keep the latest counts in memory
    if (!has_catalog(db)) {
        std::fprintf(stderr, "hall_server stats: %s holds no catalog (hall_server import)\n",
                     path.c_str());
        return exit_failed;
    }
    SystemClock clock;
    Period period;
    if (range) {
        period = {*args.value("from"), *args.value("to")};
    } else {
        const auto day =
            args.value("day").value_or(HallCalendar(hall_time_zone(db)).day_of(clock.now_ms()));
        period = {day, day};
    }
    if (period.to < period.from) {
        std::fputs("hall_server stats: --to comes before --from\n", stderr);
        return exit_usage;
    }
    StatisticsOptions options;
    options.now_ms = clock.now_ms();
    const auto statistics = compute_statistics(db, period, options);
    const auto text =
        format == "json" ? render_json(statistics, {}) : render_markdown(statistics, {});
    std::fwrite(text.data(), 1, text.size(), stdout);
    return exit_ok;
}

}  // namespace hall::server
