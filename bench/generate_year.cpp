// hall_generate_year: fills a database with years of a hall at the annual report's scale, through
// the real queue engine and event store, for the statistics and export benchmarks.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <optional>
#include <queue>
#include <random>
#include <stdexcept>
#include <string>
#include <tuple>
#include <vector>

#include "catalog_import.hpp"
#include "catalog_store.hpp"
#include "clock.hpp"
#include "event_store.hpp"
#include "hall_calendar.hpp"
#include "hall_day_shape.hpp"
#include "migrations.hpp"
#include "queue_engine.hpp"
#include "sqlite.hpp"

namespace {

using namespace hall;

constexpr const char* help = R"(usage: hall_generate_year --db PATH [options]

Simulates a citizen service hall day by day through the real queue engine and event store and
writes every event to a new database: tickets from kiosks and appointments, calls, recalls,
no-shows, transfers, cancellations, visits handling one to three items (the demo catalog's, with
a skew towards high-frequency ones), enterprise packages at the agency windows, ratings (mostly
good, a few bad with reasons), staff logging in, taking breaks and leaving.

  --db PATH                  the database to create (it must not exist)
  --catalog DIR              the catalog to import (default: the demo catalog)
  --years N                  years to simulate (default 1)
  --first-year Y             the first year (default 2019)
  --days-per-year N          open days a year, weekdays first (default 250)
  --visits-per-day N         visits on an average open day (default 3000)
  --history-visits-per-day N visits a day in every year but the last (default: --visits-per-day),
                             for a long history at less cost
  --seed N                   random seed (default 1); the same seed gives the same hall
)";

constexpr std::int64_t minute = 60'000;

struct Options {
    std::string db;
    std::string catalog = std::string(HALL_SOURCE_DIR) + "/assets/demo-catalog";
    int years = 1;
    int first_year = 2019;
    int days_per_year = 250;
    int visits_per_day = 3000;
    std::optional<int> history_visits_per_day;
    std::uint64_t seed = 1;
};

Options parse(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i];
        if (arg == "--help" || arg == "-h") {
            std::fputs(help, stdout);
            std::exit(0);
        }
        if (i + 1 >= argc)
            throw std::invalid_argument(arg + " needs a value (see --help)");
        std::string value = argv[++i];
        auto number = [&] {
            std::size_t used = 0;
            long n = std::stol(value, &used);
            if (used != value.size() || n < 0)
                throw std::invalid_argument(arg + " wants a number, not " + value);
            return static_cast<int>(n);
        };
        if (arg == "--db")
            o.db = value;
        else if (arg == "--catalog")
            o.catalog = value;
        else if (arg == "--years")
            o.years = number();
        else if (arg == "--first-year")
            o.first_year = number();
        else if (arg == "--days-per-year")
            o.days_per_year = number();
        else if (arg == "--visits-per-day")
            o.visits_per_day = number();
        else if (arg == "--history-visits-per-day")
            o.history_visits_per_day = number();
        else if (arg == "--seed")
            o.seed = static_cast<std::uint64_t>(number());
        else
            throw std::invalid_argument("unknown option " + arg + " (see --help)");
    }
    if (o.db.empty())
        throw std::invalid_argument("--db PATH is required (see --help)");
    if (o.years < 1 || o.days_per_year < 1 || o.days_per_year > 366 || o.visits_per_day < 1)
        throw std::invalid_argument(
            "--years, --days-per-year and --visits-per-day must be positive");
    return o;
}

// One simulated hall: the engine, the random choices, and the day's scheduled happenings.
class Simulation {
  public:
    Simulation(const Catalog& catalog, std::uint64_t seed)
        : catalog_(catalog), calendar_(catalog.hall.time_zone), shape_(catalog, seed) {}

    // Simulates one open day with about `visits` visits; returns the events to store, in order.
    std::vector<Event> run_day(const std::string& day, int visits, ManualClock& clock,
                               int day_index) {
        day_ = day;
        events_.clear();
        happenings_ = {};
        windows_.clear();
        shape_.prepare_day(day);
        clock_ = &clock;
        // The engine starts on the first open day, so no empty day is closed before it.
        if (!engine_) {
            clock.set(calendar_.at(day, 8 * 60));
            engine_.emplace(catalog_, clock, QueueEngine::Start{});
        }

        // Staff at every window from 08:25, a different rotation each day; half take a lunch
        // break at the first free moment after 12:00.
        for (std::size_t i = 0; i < catalog_.windows.size(); ++i) {
            const int number = catalog_.windows[i].number;
            auto& w = windows_[number];
            w.lunch = HallDayShape::takes_lunch(i, day_index);
            const auto& staff = shape_.staff_at(i, day_index);
            at(HallDayShape::login_minute(i), [this, number, id = staff.id] {
                keep(engine_->login(number, id));
                poll(number);
            });
        }
        // Arrivals from 08:30 to 17:30, shaped like a hall's day: a morning peak, a lunch dip.
        for (int v = 0; v < visits; ++v) {
            const double m = shape_.arrival_minute();
            at_ms(calendar_.at(day, 0) + static_cast<std::int64_t>(m * minute),
                  [this] { arrive(); });
        }
        at(18 * 60, [this] { keep(engine_->close_day()); });
        while (!happenings_.empty()) {
            auto next = happenings_.top();
            happenings_.pop();
            clock.set(next.at_ms);
            actions_[next.action]();
        }
        actions_.clear();
        return std::move(events_);
    }

  private:
    struct Happening {
        std::int64_t at_ms;
        std::uint64_t order;
        std::size_t action;
        bool operator>(const Happening& other) const {
            return std::tie(at_ms, order) > std::tie(other.at_ms, other.order);
        }
    };
    struct WindowState {
        bool idle = false;
        bool lunch = false;
        bool had_lunch = false;
    };

    template <typename F>
    void at_ms(std::int64_t when, F action) {
        actions_.emplace_back(std::move(action));
        happenings_.push({when, next_order_++, actions_.size() - 1});
    }
    template <typename F>
    void at(int minute_of_day, F action) {
        at_ms(calendar_.at(day_, minute_of_day), std::move(action));
    }
    template <typename F>
    void after(double minutes, F action) {
        at_ms(clock_->now_ms() + static_cast<std::int64_t>(minutes * minute), std::move(action));
    }

    void keep(Outcome outcome) {
        for (auto& e : outcome.events)
            events_.push_back(std::move(e));
    }

    void arrive() {
        const auto a = shape_.arrival();
        IssueRequest r;
        r.queue = a.queue;
        r.priority = a.priority;
        if (a.appointment) {
            r.channel = Channel::appointment;
            r.appointment = "YY" + std::to_string(next_order_);
        }
        auto outcome = engine_->issue(r);
        if (!outcome.ok() || !outcome.ticket)
            return;
        const std::string number = outcome.ticket->number;
        keep(std::move(outcome));
        if (auto cancel = shape_.cancel_after_min())
            after(*cancel, [this, number] { keep(engine_->cancel(number)); });
        wake(a.queue);
    }

    void wake(const std::string& queue) {
        auto it = shape_.windows_of().find(queue);
        if (it == shape_.windows_of().end())
            return;
        for (int number : it->second) {
            auto& w = windows_[number];
            if (w.idle) {
                w.idle = false;
                poll(number);
                return;
            }
        }
    }

    // The window is free: a lunch break, or call the next ticket, or wait to be woken.
    void poll(int number) {
        auto& w = windows_[number];
        const int now_minute = calendar_.minute_of_day(clock_->now_ms());
        if (w.lunch && !w.had_lunch && now_minute >= HallDayShape::lunch_from_minute) {
            w.had_lunch = true;
            keep(engine_->start_break(number, "午休"));
            after(shape_.lunch_minutes(), [this, number] {
                keep(engine_->end_break(number));
                poll(number);
            });
            return;
        }
        auto outcome = engine_->call_next(number);
        if (!outcome.ok() || !outcome.ticket) {
            w.idle = true;
            return;
        }
        const std::string queue = outcome.ticket->queue;
        keep(std::move(outcome));
        if (shape_.no_show()) {
            after(HallDayShape::recall_after_min,
                  [this, number] { keep(engine_->recall(number)); });
            after(HallDayShape::no_show_after_min, [this, number] {
                keep(engine_->no_show(number));
                poll(number);
            });
            return;
        }
        const double walk = shape_.walk_minutes();
        after(walk, [this, number] { keep(engine_->start_service(number)); });
        const double minutes = shape_.service_minutes(queue);
        after(walk + minutes, [this, number, queue] { end_service(number, queue); });
    }

    void end_service(int number, const std::string& queue) {
        if (auto to_queue = shape_.transfer_to(queue)) {
            // Sent on to another business line of the same zone.
            TransferRequest t;
            t.to_queue = *to_queue;
            keep(engine_->transfer(number, t));
            wake(t.to_queue);
            after(HallDayShape::next_call_after_min, [this, number] { poll(number); });
            return;
        }
        const auto done = shape_.finish(queue);
        FinishRequest finish;
        finish.items = done.items;
        finish.package = done.package;
        keep(engine_->finish(number, finish));
        if (auto rating = shape_.rating())
            keep(engine_->rate(number, rating->grade, rating->reason));
        after(HallDayShape::next_call_after_min, [this, number] { poll(number); });
    }

    const Catalog& catalog_;
    HallCalendar calendar_;
    HallDayShape shape_;
    std::optional<QueueEngine> engine_;

    std::string day_;
    ManualClock* clock_ = nullptr;
    std::map<int, WindowState> windows_;
    std::vector<std::function<void()>> actions_;
    std::priority_queue<Happening, std::vector<Happening>, std::greater<>> happenings_;
    std::uint64_t next_order_ = 0;
    std::vector<Event> events_;
};

int run(const Options& o) {
    if (std::filesystem::exists(o.db))
        throw std::runtime_error(o.db + " exists already; the generator writes a new database");
    auto imported = read_catalog_dir(o.catalog);
    if (!imported.errors.empty())
        throw std::runtime_error("the catalog in " + o.catalog +
                                 " has errors: " + imported.errors.front().to_string());
    const Catalog catalog = *imported.catalog;
    const auto first_day = std::to_string(o.first_year) + "-01-01";

    sql::Database db(o.db);
    // A generated database is rebuilt, not recovered: commit without waiting for the disk, and
    // keep the tallies' pages in memory.
    db.exec("PRAGMA synchronous = OFF");
    db.exec("PRAGMA cache_size = -524288");
    migrate(db);
    HallCalendar calendar(catalog.hall.time_zone);
    save_catalog(db, catalog, imported.plain_pins, o.catalog, "2015-01-01",
                 calendar.at(first_day, 0));

    ManualClock clock(calendar.at(first_day, 8 * 60));
    Simulation hall(catalog, o.seed);
    EventStore store(db);
    std::mt19937_64 random(o.seed + 1);
    int day_index = 0;
    for (int y = 0; y < o.years; ++y) {
        const int year = o.first_year + y;
        const bool last = y == o.years - 1;
        const int per_day =
            last ? o.visits_per_day : o.history_visits_per_day.value_or(o.visits_per_day);
        const auto started = std::chrono::steady_clock::now();
        std::int64_t events = 0;
        double simulate_s = 0, store_s = 0;
        const auto days = simulated_open_days(year, o.days_per_year);
        const auto visits = simulated_visits(days, per_day, random);
        for (std::size_t d = 0; d < days.size(); ++d) {
            const auto& day = days[d];
            const auto simulated = std::chrono::steady_clock::now();
            auto day_events = hall.run_day(day, visits[d], clock, day_index++);
            const auto stored = std::chrono::steady_clock::now();
            sql::Transaction tx(db);
            store.append(day_events);
            store.write_tallies();
            tx.commit();
            simulate_s += std::chrono::duration<double>(stored - simulated).count();
            store_s +=
                std::chrono::duration<double>(std::chrono::steady_clock::now() - stored).count();
            events += static_cast<std::int64_t>(day_events.size());
        }
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        auto count = [&](const std::string& metric) {
            auto q = db.prepare(
                "SELECT COALESCE(SUM(value), 0) FROM yearly_tallies WHERE year = ?1 AND dimension "
                "= 'hall' AND metric = ?2");
            q.bind(1, std::to_string(year)).bind(2, metric);
            q.step();
            return static_cast<long long>(q.int64(0));
        };
        std::fprintf(stderr,
                     "%d: %zu open days, %lld visits issued, %lld served, %lld items handled, "
                     "%lld events, %.1f s (engine %.1f s, store %.1f s)\n",
                     year, days.size(), count("issued"), count("served"), count("items_handled"),
                     static_cast<long long>(events), seconds, simulate_s, store_s);
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    try {
        return run(parse(argc, argv));
    } catch (const std::exception& e) {
        std::fprintf(stderr, "hall_generate_year: %s\n", e.what());
        return 1;
    }
}
