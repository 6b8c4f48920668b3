// hall_generate_year: fills a database with years of a hall at the annual report's scale, through
// the real queue engine and event store, for the statistics and export benchmarks.
#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <map>
#include <numeric>
#include <optional>
#include <queue>
#include <random>
#include <set>
#include <stdexcept>
#include <string>
#include <tuple>
#include <vector>

#include "catalog_import.hpp"
#include "catalog_store.hpp"
#include "civil_days.hpp"
#include "clock.hpp"
#include "event_store.hpp"
#include "hall_calendar.hpp"
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

// The open days of a year: weekdays outside the long holidays (Spring Festival, Labour Day,
// National Day weeks), then Saturdays if more are asked for, evenly thinned if fewer.
std::vector<std::string> open_days(int year, int wanted) {
    const auto y = std::to_string(year);
    auto holiday = [&](const std::string& day) {
        const auto md = day.substr(5);
        return (md >= "02-10" && md <= "02-16") || (md >= "05-01" && md <= "05-03") ||
               (md >= "10-01" && md <= "10-07") || md == "01-01";
    };
    std::vector<std::string> weekdays, saturdays;
    for (std::string d = y + "-01-01"; d.starts_with(y); d = day_after(d)) {
        const int w = weekday_of_day(d);
        if (w < 5 && !holiday(d))
            weekdays.push_back(d);
        else if (w == 5 && !holiday(d))
            saturdays.push_back(d);
    }
    std::vector<std::string> days = weekdays;
    for (std::size_t i = 0; days.size() < static_cast<std::size_t>(wanted) && i < saturdays.size();
         ++i)
        days.push_back(saturdays[i]);
    std::sort(days.begin(), days.end());
    if (days.size() > static_cast<std::size_t>(wanted)) {
        std::vector<std::string> kept;
        const double step = static_cast<double>(days.size()) / wanted;
        for (int i = 0; i < wanted; ++i)
            kept.push_back(days[static_cast<std::size_t>(i * step)]);
        days = std::move(kept);
    }
    return days;
}

// One simulated hall: the engine, the random choices, and the day's scheduled happenings.
class Simulation {
  public:
    Simulation(const Catalog& catalog, std::uint64_t seed)
        : catalog_(catalog), calendar_(catalog.hall.time_zone), random_(seed) {
        // A fixed skew: items in a random order, weights falling with rank, high-frequency
        // ones (with their QR guide) eight times as asked for.
        std::vector<std::size_t> order(catalog.items.size());
        for (std::size_t i = 0; i < order.size(); ++i)
            order[i] = i;
        std::shuffle(order.begin(), order.end(), random_);
        item_weight_.resize(catalog.items.size());
        for (std::size_t rank = 0; rank < order.size(); ++rank) {
            const auto& item = catalog.items[order[rank]];
            item_weight_[order[rank]] =
                (item.high_frequency ? 8.0 : 1.0) / std::pow(static_cast<double>(rank + 1), 0.8);
        }
        for (std::size_t i = 0; i < catalog.items.size(); ++i)
            item_index_[catalog.items[i].code] = i;
        for (const auto& w : catalog.windows)
            for (const auto& q : w.queues) {
                windows_of_[q].push_back(w.number);
                capacity_[q] += 1.0 / static_cast<double>(w.queues.size());
            }
        // Some business lines are busier than their windows suggest, some quieter.
        for (const auto& q : catalog.queues)
            variety_[q.code] = 0.8 + 0.4 * std::uniform_real_distribution<double>(0, 1)(random_);
    }

    // Simulates one open day with about `visits` visits; returns the events to store, in order.
    std::vector<Event> run_day(const std::string& day, int visits, ManualClock& clock,
                               int day_index) {
        day_ = day;
        events_.clear();
        happenings_ = {};
        windows_.clear();
        prepare_queues(day);
        clock_ = &clock;
        // The engine starts on the first open day, so no empty day is closed before it.
        if (!engine_) {
            clock.set(calendar_.at(day, 8 * 60));
            engine_.emplace(catalog_, clock, QueueEngine::Start{});
        }

        // Staff at every window from 08:25, a different rotation each day; half take a lunch
        // break at the first free moment after 12:00.
        const auto staff_count = catalog_.staff.size();
        for (std::size_t i = 0; i < catalog_.windows.size(); ++i) {
            const int number = catalog_.windows[i].number;
            auto& w = windows_[number];
            w.lunch = (i + static_cast<std::size_t>(day_index)) % 2 == 0;
            const auto& staff =
                catalog_.staff[(i * 7 + static_cast<std::size_t>(day_index) * 37) % staff_count];
            at(8 * 60 + 25 + static_cast<int>(i % 5), [this, number, id = staff.id] {
                keep(engine_->login(number, id));
                poll(number);
            });
        }
        // Arrivals from 08:30 to 17:30, shaped like a hall's day: a morning peak, a lunch dip.
        static const std::array<double, 18> half_hours{0.5, 1.2, 1.5, 1.6, 1.6, 1.5, 1.2, 0.9, 0.5,
                                                       0.4, 0.6, 0.9, 1.2, 1.3, 1.2, 1.0, 0.8, 0.4};
        std::discrete_distribution<int> slot(half_hours.begin(), half_hours.end());
        std::uniform_real_distribution<double> within(0, 30);
        for (int v = 0; v < visits; ++v) {
            const double m = 8 * 60 + 30 + slot(random_) * 30 + within(random_);
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

    bool chance(double p) { return std::uniform_real_distribution<double>(0, 1)(random_) < p; }

    // Queue weights follow the windows a queue has (a hall staffs its busy lines), the items
    // stationed by this day decide which lines are open at all; the agency queue gets about
    // two visits a day and the enquiries queue a few dozen, as a county hall sees.
    void prepare_queues(const std::string& day) {
        std::vector<double> weights;
        queue_codes_.clear();
        queue_items_.clear();
        for (const auto& q : catalog_.queues) {
            std::vector<std::size_t> items;
            for (const auto& code : q.items) {
                auto it = item_index_.find(code);
                if (it == item_index_.end() || catalog_.items[it->second].stationed_on > day)
                    continue;
                items.push_back(it->second);
            }
            if (items.empty() || !windows_of_.count(q.code))
                continue;
            queue_codes_.push_back(q.code);
            queue_items_.push_back(std::move(items));
            weights.push_back(capacity_[q.code] / q.service_min * variety_[q.code]);
        }
        const double total = std::accumulate(weights.begin(), weights.end(), 0.0);
        for (std::size_t i = 0; i < queue_codes_.size(); ++i) {
            if (queue_codes_[i] == "Q24")
                weights[i] = total * 0.0007;
            else if (queue_codes_[i] == "Q25")
                weights[i] = total * 0.012;
        }
        pick_queue_ = std::discrete_distribution<std::size_t>(weights.begin(), weights.end());
    }

    void arrive() {
        const auto q = pick_queue_(random_);
        const auto& code = queue_codes_[q];
        const auto* queue = catalog_.queue(code);
        IssueRequest r;
        r.queue = code;
        if (chance(0.1)) {
            r.channel = Channel::appointment;
            r.appointment = "YY" + std::to_string(next_order_);
        } else if (chance(0.06)) {
            for (auto p : {Priority::elderly, Priority::disabled, Priority::military})
                if (std::find(queue->priority_classes.begin(), queue->priority_classes.end(), p) !=
                    queue->priority_classes.end()) {
                    r.priority = p;
                    break;
                }
        }
        auto outcome = engine_->issue(r);
        if (!outcome.ok() || !outcome.ticket)
            return;
        const std::string number = outcome.ticket->number;
        keep(std::move(outcome));
        if (chance(0.012))
            after(15 + 25 * std::uniform_real_distribution<double>(0, 1)(random_),
                  [this, number] { keep(engine_->cancel(number)); });
        wake(code);
    }

    void wake(const std::string& queue) {
        auto it = windows_of_.find(queue);
        if (it == windows_of_.end())
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
        if (w.lunch && !w.had_lunch && now_minute >= 12 * 60) {
            w.had_lunch = true;
            keep(engine_->start_break(number, "午休"));
            after(40 + 20 * std::uniform_real_distribution<double>(0, 1)(random_), [this, number] {
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
        if (chance(0.03)) {
            after(1, [this, number] { keep(engine_->recall(number)); });
            after(2.5, [this, number] {
                keep(engine_->no_show(number));
                poll(number);
            });
            return;
        }
        const double walk = 0.2 + 1.3 * std::uniform_real_distribution<double>(0, 1)(random_);
        after(walk, [this, number] { keep(engine_->start_service(number)); });
        const auto* q = catalog_.queue(queue);
        std::lognormal_distribution<double> service(std::log(q->service_min * 1.0), 0.45);
        const double minutes = std::clamp(service(random_), 1.0, 90.0);
        after(walk + minutes, [this, number, queue] { end_service(number, queue); });
    }

    void end_service(int number, const std::string& queue) {
        const auto index = static_cast<std::size_t>(
            std::find(queue_codes_.begin(), queue_codes_.end(), queue) - queue_codes_.begin());
        if (queue != "Q24" && queue != "Q25" && chance(0.015) && index < queue_codes_.size()) {
            // Sent on to another business line of the same zone, if there is one.
            const auto zone = catalog_.queue(queue)->zone;
            std::vector<std::string> others;
            for (const auto& code : queue_codes_)
                if (code != queue && catalog_.queue(code)->zone == zone)
                    others.push_back(code);
            if (!others.empty()) {
                TransferRequest t;
                t.to_queue = others[std::uniform_int_distribution<std::size_t>(
                    0, others.size() - 1)(random_)];
                keep(engine_->transfer(number, t));
                wake(t.to_queue);
                after(0.3, [this, number] { poll(number); });
                return;
            }
        }
        FinishRequest finish;
        if (queue == "Q24" && chance(0.5) && !catalog_.packages.empty()) {
            finish.package = catalog_
                                 .packages[std::uniform_int_distribution<std::size_t>(
                                     0, catalog_.packages.size() - 1)(random_)]
                                 .code;
        } else if (index < queue_items_.size()) {
            const auto& items = queue_items_[index];
            std::vector<double> weights;
            for (auto i : items)
                weights.push_back(item_weight_[i]);
            std::discrete_distribution<std::size_t> pick(weights.begin(), weights.end());
            const double u = std::uniform_real_distribution<double>(0, 1)(random_);
            const std::size_t count = std::min<std::size_t>(items.size(), u < 0.55  ? 1
                                                                          : u < 0.9 ? 2
                                                                                    : 3);
            std::set<std::size_t> chosen;
            while (chosen.size() < count)
                chosen.insert(items[pick(random_)]);
            for (auto i : chosen)
                finish.items.push_back(catalog_.items[i].code);
        }
        keep(engine_->finish(number, finish));
        if (chance(0.35)) {
            static const std::array<const char*, 6> reasons{"等候时间长",     "工作人员态度不好",
                                                            "办事指南不清楚", "材料要求反复",
                                                            "系统故障办理慢", "窗口人员不在岗"};
            std::discrete_distribution<int> grade({0.0, 72.0, 19.0, 7.0, 1.5, 0.5});
            const int g = grade(random_);
            const char* reason = g >= 4 ? reasons[std::uniform_int_distribution<std::size_t>(
                                              0, reasons.size() - 1)(random_)]
                                        : "";
            keep(engine_->rate(number, g, reason));
        }
        after(0.3, [this, number] { poll(number); });
    }

    const Catalog& catalog_;
    HallCalendar calendar_;
    std::mt19937_64 random_;
    std::optional<QueueEngine> engine_;
    std::vector<double> item_weight_;
    std::map<std::string, std::size_t> item_index_;
    std::map<std::string, std::vector<int>> windows_of_;
    std::map<std::string, double> capacity_;  // windows serving the queue, shared ones in part
    std::map<std::string, double> variety_;
    std::vector<std::string> queue_codes_;
    std::vector<std::vector<std::size_t>> queue_items_;
    std::discrete_distribution<std::size_t> pick_queue_;

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
        // Busier in spring and before the year's end, quieter around the Spring Festival, and
        // Mondays busiest: the average stays at --visits-per-day.
        static const std::array<double, 12> by_month{1.0,  0.85, 1.1, 1.05, 1.0,  1.0,
                                                     0.95, 0.95, 1.0, 0.95, 1.05, 1.1};
        static const std::array<double, 7> by_weekday{1.15, 1.0, 1.0, 0.95, 0.9, 0.6, 0.6};
        const auto days = open_days(year, o.days_per_year);
        double sum = 0;
        for (const auto& d : days)
            sum += by_month[static_cast<std::size_t>(std::stoi(d.substr(5, 2)) - 1)] *
                   by_weekday[static_cast<std::size_t>(weekday_of_day(d))];
        const double scale = static_cast<double>(days.size()) / sum;
        std::normal_distribution<double> noise(1.0, 0.04);
        for (const auto& day : days) {
            const double factor =
                by_month[static_cast<std::size_t>(std::stoi(day.substr(5, 2)) - 1)] *
                by_weekday[static_cast<std::size_t>(weekday_of_day(day))] * scale * noise(random);
            const int visits = std::max(1, static_cast<int>(std::lround(per_day * factor)));
            const auto simulated = std::chrono::steady_clock::now();
            auto day_events = hall.run_day(day, visits, clock, day_index++);
            const auto stored = std::chrono::steady_clock::now();
            sql::Transaction tx(db);
            store.append(day_events);
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
