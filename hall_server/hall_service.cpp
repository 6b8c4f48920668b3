// The running hall: resumes from the log, commits through the group committer, keeps the day.
#include "hall_service.hpp"

#include <boost/asio/async_result.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <chrono>
#include <cstdlib>
#include <stdexcept>

#include "catalog_store.hpp"
#include "event_store.hpp"
#include "local_time.hpp"
#include "log.hpp"
#include "migrations.hpp"
#include "sqlite.hpp"

namespace hall::server {

namespace net = boost::asio;

std::int64_t test_clock_end_ms(const HallCalendar& calendar) {
    return calendar.at("9999-12-31", 0);
}

namespace {
std::string describe(std::exception_ptr error) {
    try {
        std::rethrow_exception(error);
    } catch (const std::exception& e) {
        return e.what();
    } catch (...) {
        return "unknown error";
    }
}

StorageUnavailable storage_unavailable() {
    return StorageUnavailable(
        "the hall's database cannot be written now (disk full or read-only): nothing was "
        "changed; try again later");
}

// Where the test clock starts: the given local time or Unix milliseconds, or the latest event
// of the log's last day if that is later, so that the hall's time never runs backwards.
std::int64_t test_clock_start_ms(sql::Database& db, const std::string& time_zone,
                                 const std::string& text) {
    const HallCalendar calendar(time_zone);
    std::optional<std::int64_t> start = parse_local_time(calendar, text);
    if (!start && !text.empty() && text.find_first_not_of("0123456789") == std::string::npos &&
        text.size() <= 15)
        start = std::stoll(text);
    if (start && *start >= test_clock_end_ms(calendar))
        start.reset();
    if (!start)
        throw std::invalid_argument(
            "--test-clock wants a local time YYYY-MM-DDTHH:MM[:SS] or "
            "Unix milliseconds, not \"" +
            text + "\"");
    // The latest time is on the log's last day: its events are found through the day index,
    // where MAX over the whole log would read every event of every year.
    auto last = db.prepare(
        "SELECT COALESCE(MAX(at_ms), 0) FROM events WHERE day = (SELECT day FROM events ORDER "
        "BY seq DESC LIMIT 1)");
    last.step();
    return std::max(*start, last.int64(0));
}
}  // namespace

HallService::HallService(net::io_context& io, const std::string& db_path,
                         const std::optional<std::string>& test_clock_start)
    : io_(io), timer_(io) {
    reader_ = std::make_unique<sql::Database>(db_path);
    auto& db = *reader_;
    if (db.read_only())
        throw std::runtime_error("cannot open database " + db_path +
                                 " for writing: the file is read-only, and the hall records "
                                 "every ticket in it");
    migrate(db);
    devices_ = std::make_unique<DeviceRegistry>(db);
    if (!has_catalog(db))
        throw std::runtime_error("the database " + db_path +
                                 " has no catalog yet: run hall_server import --db " + db_path +
                                 " CATALOG_DIR first");
    catalog_ = load_catalog(db);
    if (test_clock_start) {
        auto test_clock = std::make_unique<ManualClock>(
            test_clock_start_ms(db, catalog_.hall.time_zone, *test_clock_start));
        test_clock_ = test_clock.get();
        clock_ = std::move(test_clock);
    } else {
        clock_ = std::make_unique<SystemClock>();
    }
    EventStore store(db);
    const auto start = store.resume();
    engine_ = std::make_unique<QueueEngine>(catalog_, *clock_, start);
    store.replay_day(start.day, *engine_);
    committer_ = std::make_unique<GroupCommitter>(db_path);
}

HallService::~HallService() = default;

net::awaitable<void> HallService::commit(std::vector<Event> events) {
    if (events.empty())
        co_return;
    if (!storage_available_) {
        // The engine took a change that cannot be kept: back to what is durable.
        rebuild_engine();
        throw storage_unavailable();
    }
    co_await net::async_initiate<decltype(net::use_awaitable), void(std::exception_ptr)>(
        [this, &events](auto handler) {
            // The committer's callback must be copyable; the awaitable's handler is not.
            auto resume = std::make_shared<decltype(handler)>(std::move(handler));
            auto shared = std::make_shared<const std::vector<Event>>(std::move(events));
            committer_->submit(shared, [this, resume, events = shared](std::exception_ptr error) {
                // Published before the caller resumes, in commit order.
                net::post(io_, [this, resume, events, error] {
                    if (error) {
                        storage_failed(error);
                        (*resume)(std::make_exception_ptr(storage_unavailable()));
                        return;
                    }
                    publish(*events);
                    (*resume)(nullptr);
                });
            });
        },
        net::use_awaitable);
}

net::awaitable<void> HallService::flush_tallies() {
    co_await net::async_initiate<decltype(net::use_awaitable), void()>(
        [this](auto handler) {
            auto resume = std::make_shared<decltype(handler)>(std::move(handler));
            committer_->flush_tallies(
                [this, resume](std::exception_ptr) { net::post(io_, [resume] { (*resume)(); }); });
        },
        net::use_awaitable);
}

void HallService::commit_detached(std::vector<Event> events) {
    if (events.empty())
        return;
    auto shared = std::make_shared<const std::vector<Event>>(std::move(events));
    committer_->submit(shared, [this, events = shared](std::exception_ptr error) {
        net::post(io_, [this, events, error] {
            if (error)
                storage_failed(error);
            else
                publish(*events);
        });
    });
}

void HallService::storage_failed(std::exception_ptr error) {
    if (!storage_available_)
        return;  // a later request of the same failure
    storage_available_ = false;
    log::error("a commit failed (" + describe(error) +
               "); writes are refused until the database takes them again, reads go on");
    // The engine went ahead of the disk with every change since the failed one, none of which
    // was acknowledged: it starts again from the log.
    rebuild_engine();
}

void HallService::probe_storage() {
    if (probing_)
        return;
    probing_ = true;
    committer_->probe([this](std::exception_ptr error) {
        net::post(io_, [this, error] {
            probing_ = false;
            if (error)
                return;
            committer_->reopen();
            storage_available_ = true;
            log::notice("the database takes writes again");
        });
    });
}

void HallService::rebuild_engine() {
    try {
        EventStore store(*reader_);
        const auto start = store.resume();
        engine_ = std::make_unique<QueueEngine>(catalog_, *clock_, start);
        store.replay_day(start.day, *engine_);
    } catch (const std::exception& e) {
        // Unreadable as well: only a restart can recover from what is durable.
        log::error(std::string("cannot read the hall's log back: ") + e.what());
        std::_Exit(75);
    }
}

void HallService::publish(const std::vector<Event>& events) {
    for (const auto& listener : listeners_)
        listener(events);
}

void HallService::start_clock() {
    tick();
}

void HallService::tick() {
    if (storage_available_)
        commit_detached(engine_->tick().events);
    else
        probe_storage();
    for (const auto& listener : tick_listeners_)
        listener();
    timer_.expires_after(std::chrono::seconds(1));
    timer_.async_wait([this](boost::system::error_code ec) {
        if (!ec)
            tick();
    });
}

net::awaitable<void> HallService::advance_test_clock(std::int64_t ms) {
    test_clock_->set(ms);
    co_await commit(engine_->tick().events);
    for (const auto& listener : tick_listeners_)
        listener();
}

void HallService::stop() {
    timer_.cancel();
    committer_->flush();
}

}  // namespace hall::server
