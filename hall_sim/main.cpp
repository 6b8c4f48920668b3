// hall_sim: plays days of a hall at the annual report's scale against a real hall_server, over
// the real protocol, and checks its own count of everything against the server's export.
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "catalog_import.hpp"
#include "export_check.hpp"
#include "hall_calendar.hpp"
#include "hall_day_shape.hpp"
#include "scratch_hall.hpp"
#include "simulated_hall.hpp"

namespace {

using namespace hall;
using namespace hall::sim;
namespace net = boost::asio;
namespace fs = std::filesystem;

constexpr const char* help =
    R"(usage: hall_sim --db PATH (--fast | --realtime | --speed X) [options]

Plays open days of a citizen service hall against a real hall_server over its protocol: kiosks
issue tickets and check in appointments, staff log in with their PIN at one counter terminal per
window and call, recall, serve, transfer and mark no-shows, rating pads rate (bad reviews with
reasons), agency windows handle enterprise packages, boards watch every call. The day's shape
is the year generator's (core/hall_day_shape.hpp): ~3,000 visits and ~4,400 items a day, a
morning and an early-afternoon peak. At the end it fetches the year's JSON export as a manager
and compares every figure it counted; any difference is printed and the exit status is 1.

It makes its own hall: a new database at --db with the catalog (every PIN set to 1234, hashed at
the least cost), its devices registered with `hall_server device add`, and `hall_server serve
--test-clock` on a free loopback port, stopped at the end.

  --db PATH              the database to create (it must not exist)
  --fast                 as fast as the server takes it (the test clock moves in steps)
  --realtime             hall time runs at the real clock's pace (a day takes a day)
  --speed X              hall time runs X times the real clock's pace
  --year Y               the year to play (default 2019)
  --days N               play the year's first N open days (default: all of them)
  --days-per-year N      open days in the year (default 250)
  --visits-per-day N     visits on an average open day (default 3000)
  --seed N               random seed (default 1)
  --kiosks N             ticket kiosks (default 8)
  --boards N             queue boards (default 4)
  --step-s S             hall seconds per step of the test clock (default 30)
  --catalog DIR          the catalog (default: the demo catalog)
  --hall-server PATH     the hall_server binary (default: the one built beside this)
  --server-config FILE   a configuration file for hall_server serve (--config); without it, a
                         run faster than real time lifts the server's per-device rate limit
                         ([limits] requests_per_second = 100000): its devices ask as fast as
                         hall time runs, which no real device does
  --work-dir DIR         where the catalog copy and the server's log go (default: --db's dir)
)";

struct Options {
    std::string db;
    std::optional<double> speed;  // 0: fast
    int year = 2019;
    std::optional<int> days;
    int days_per_year = 250;
    int visits_per_day = 3000;
    std::uint64_t seed = 1;
    int kiosks = 8;
    int boards = 4;
    int step_s = 30;
    std::string catalog = std::string(HALL_SOURCE_DIR) + "/assets/demo-catalog";
    std::string hall_server = HALL_SERVER_BINARY;
    std::optional<std::string> server_config;
    std::string work_dir;
};

Options parse(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--help" || arg == "-h") {
            std::fputs(help, stdout);
            std::exit(0);
        }
        if (arg == "--fast") {
            o.speed = 0;
            continue;
        }
        if (arg == "--realtime") {
            o.speed = 1;
            continue;
        }
        if (i + 1 >= argc)
            throw std::invalid_argument(arg + " needs a value (see --help)");
        const std::string value = argv[++i];
        auto number = [&](long least) {
            std::size_t used = 0;
            long n = 0;
            try {
                n = std::stol(value, &used);
            } catch (const std::exception&) {
                used = 0;
            }
            if (used != value.size() || n < least)
                throw std::invalid_argument(arg + " wants a number of at least " +
                                            std::to_string(least) + ", not " + value);
            return static_cast<int>(n);
        };
        if (arg == "--db")
            o.db = value;
        else if (arg == "--speed") {
            std::size_t used = 0;
            o.speed = std::stod(value, &used);
            if (used != value.size() || *o.speed <= 0)
                throw std::invalid_argument("--speed wants a positive number, not " + value);
        } else if (arg == "--year")
            o.year = number(1971);
        else if (arg == "--days")
            o.days = number(1);
        else if (arg == "--days-per-year")
            o.days_per_year = number(1);
        else if (arg == "--visits-per-day")
            o.visits_per_day = number(1);
        else if (arg == "--seed")
            o.seed = static_cast<std::uint64_t>(number(0));
        else if (arg == "--kiosks")
            o.kiosks = number(1);
        else if (arg == "--boards")
            o.boards = number(0);
        else if (arg == "--step-s")
            o.step_s = number(1);
        else if (arg == "--catalog")
            o.catalog = value;
        else if (arg == "--hall-server")
            o.hall_server = value;
        else if (arg == "--server-config")
            o.server_config = value;
        else if (arg == "--work-dir")
            o.work_dir = value;
        else
            throw std::invalid_argument("unknown option " + arg + " (see --help)");
    }
    if (o.db.empty())
        throw std::invalid_argument("--db PATH is required (see --help)");
    if (!o.speed)
        throw std::invalid_argument("say --fast, --realtime or --speed X (see --help)");
    if (o.days_per_year > 366)
        throw std::invalid_argument("--days-per-year is at most 366");
    if (o.work_dir.empty())
        o.work_dir =
            (fs::absolute(o.db).parent_path() / (fs::path(o.db).filename().string() + ".sim"))
                .string();
    return o;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Connects every device and waits until each has said hello.
net::awaitable<void> connect_all(net::io_context& io, Links& links) {
    std::vector<std::shared_ptr<DeviceLink>> all{links.manager};
    all.insert(all.end(), links.kiosks.begin(), links.kiosks.end());
    all.insert(all.end(), links.boards.begin(), links.boards.end());
    for (auto& [w, link] : links.counters)
        all.push_back(link);
    for (auto& [w, link] : links.ratings)
        all.push_back(link);
    for (auto& link : all)
        link->start();
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    for (auto& link : all) {
        while (!link->ready()) {
            if (std::chrono::steady_clock::now() > deadline)
                throw std::runtime_error(link->device() + " could not connect and say hello");
            net::steady_timer pause(io, std::chrono::milliseconds(5));
            co_await pause.async_wait(net::use_awaitable);
        }
    }
}

int run(const Options& o) {
    if (fs::exists(o.db))
        throw std::runtime_error(o.db + " exists already; hall_sim makes a new hall");
    auto imported = read_catalog_dir(o.catalog);
    if (!imported.errors.empty())
        throw std::runtime_error("the catalog in " + o.catalog +
                                 " has errors: " + imported.errors.front().to_string());
    const Catalog catalog = *imported.catalog;
    HallCalendar calendar(catalog.hall.time_zone);

    auto days = simulated_open_days(o.year, o.days_per_year);
    std::mt19937_64 day_random(o.seed + 1);
    auto visits = simulated_visits(days, o.visits_per_day, day_random);
    if (o.days && static_cast<std::size_t>(*o.days) < days.size()) {
        days.resize(static_cast<std::size_t>(*o.days));
        visits.resize(days.size());
    }

    const auto setup_started = std::chrono::steady_clock::now();
    const std::string pin = "1234";
    ScratchHall scratch(o.hall_server, o.db, o.work_dir);
    scratch.import_catalog(o.catalog, pin);
    const auto tokens = scratch.register_devices(catalog, o.kiosks, o.boards);
    auto server_config = o.server_config;
    const bool faster_than_real_time = *o.speed == 0 || *o.speed > 1;  // 0: --fast
    if (!server_config && faster_than_real_time) {
        server_config = (fs::path(o.work_dir) / "hall_server.toml").string();
        std::ofstream(*server_config)
            << "[limits]\nrequests_per_second = 100000\nrequest_burst = 100000\n";
    }
    const auto port = scratch.start_server(days.front() + "T08:00", server_config);
    const net::ip::tcp::endpoint server{net::ip::make_address("127.0.0.1"), port};
    std::fprintf(stderr, "hall_sim: hall ready on port %u in %.1f s: %zu devices, %zu days\n", port,
                 seconds_since(setup_started),
                 1 + tokens.kiosks.size() + tokens.boards.size() + 2 * tokens.counters.size(),
                 days.size());

    net::io_context io(1);
    Links links;
    links.manager = std::make_shared<DeviceLink>(io, server, tokens.manager);
    for (const auto& t : tokens.kiosks)
        links.kiosks.push_back(std::make_shared<DeviceLink>(io, server, t));
    for (const auto& t : tokens.boards)
        links.boards.push_back(std::make_shared<DeviceLink>(io, server, t));
    for (const auto& [w, t] : tokens.counters)
        links.counters[w] = std::make_shared<DeviceLink>(io, server, t);
    for (const auto& [w, t] : tokens.ratings)
        links.ratings[w] = std::make_shared<DeviceLink>(io, server, t);

    HallDayShape shape(catalog, o.seed);
    SimCounts counts;
    PlayOptions play{static_cast<std::int64_t>(o.step_s) * 1000, *o.speed, pin};
    SimulatedHall hall(io, catalog, shape, links, counts, play);

    const auto started = std::chrono::steady_clock::now();
    std::exception_ptr failure;
    net::co_spawn(
        io,
        [&]() -> net::awaitable<void> {
            co_await connect_all(io, links);
            for (std::size_t d = 0; d < days.size(); ++d) {
                const auto day_started = std::chrono::steady_clock::now();
                co_await hall.play_day(days[d], visits[d], static_cast<int>(d));
                const auto& c = counts.days[days[d]];
                std::fprintf(stderr,
                             "hall_sim: %s: %lld issued, %lld served, %lld no-show, %lld "
                             "cancelled, %lld unserved, %lld items, %.2f s\n",
                             days[d].c_str(), static_cast<long long>(c.issued),
                             static_cast<long long>(c.served), static_cast<long long>(c.no_show),
                             static_cast<long long>(c.cancelled),
                             static_cast<long long>(c.unserved),
                             static_cast<long long>(c.items_handled), seconds_since(day_started));
            }
            // Move past the last day so that nothing of it is still open.
            co_await hall.set_clock(calendar.at(days.back(), 23 * 60 + 59));
        },
        [&](std::exception_ptr e) {
            failure = e;
            links.manager->close();
            for (auto& l : links.kiosks)
                l->close();
            for (auto& l : links.boards)
                l->close();
            for (auto& [w, l] : links.counters)
                l->close();
            for (auto& [w, l] : links.ratings)
                l->close();
        });
    io.run();
    if (failure)
        std::rethrow_exception(failure);
    const double played_s = seconds_since(started);

    int reconnects = 0;
    std::vector<std::string> problems = hall.problems();
    for (const auto& board : links.boards) {
        reconnects += board->reconnects();
        // A board that never lost its link was shown every call and recall.
        if (board->reconnects() == 0 && board->calls_seen() != counts.calls)
            problems.push_back(board->device() + " was shown " +
                               std::to_string(board->calls_seen()) + " calls; " +
                               std::to_string(counts.calls) + " were made");
    }

    const auto checking = std::chrono::steady_clock::now();
    std::size_t checked = 0;
    auto exported = fetch_export(server, tokens.manager, o.year);
    auto differences = compare_with_export(counts, exported, checked);
    const double check_s = seconds_since(checking);
    const bool stopped = scratch.stop_server();

    long long issued = 0, served = 0, items = 0;
    for (const auto& [day, c] : counts.days) {
        issued += c.issued;
        served += c.served;
        items += c.items_handled;
    }
    std::printf(
        "hall_sim: %zu days played in %.1f s (%.2f s a day): %lld visits issued, %lld served, "
        "%lld items handled, %lld requests (%.0f a second), %lld calls shown on %zu boards\n",
        days.size(), played_s, played_s / static_cast<double>(days.size()), issued, served, items,
        static_cast<long long>(counts.requests), static_cast<double>(counts.requests) / played_s,
        static_cast<long long>(counts.calls), links.boards.size());
    const auto& steps = hall.step_times();
    if (steps.steps > 0)
        std::printf(
            "hall_sim: %lld clock steps: %.1f s moving the test clock (%.2f ms a step), "
            "%.1f s sending requests and waiting for their replies (%.2f ms a step)\n",
            static_cast<long long>(steps.steps), steps.clock_s,
            steps.clock_s * 1000 / static_cast<double>(steps.steps), steps.replies_s,
            steps.replies_s * 1000 / static_cast<double>(steps.steps));
    if (DeviceLink::resent() > 0)
        std::printf("hall_sim: %lld requests were refused as rate_limited and sent again\n",
                    static_cast<long long>(DeviceLink::resent()));
    std::printf("hall_sim: check: %zu figures compared with the %d export in %.1f s: %zu differ\n",
                checked, o.year, check_s, differences.size());
    for (const auto& d : differences)
        std::printf("  DIFFERENT %s\n", d.c_str());
    for (const auto& p : problems)
        std::printf("  PROBLEM %s\n", p.c_str());
    if (!stopped)
        std::printf("  PROBLEM hall_server did not stop cleanly (see %s/hall_server.log)\n",
                    o.work_dir.c_str());
    std::fflush(stdout);
    return differences.empty() && problems.empty() && stopped ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
    try {
        return run(parse(argc, argv));
    } catch (const std::exception& e) {
        std::fprintf(stderr, "hall_sim: %s\n", e.what());
        return 2;
    }
}
