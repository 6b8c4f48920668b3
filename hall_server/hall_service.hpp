// The running hall: the queue engine, its durable log and the day's clock, on the io thread.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "catalog.hpp"
#include "clock.hpp"
#include "device_registry.hpp"
#include "group_commit.hpp"
#include "queue_engine.hpp"
#include "sqlite.hpp"

namespace hall::server {

// What commit() throws when the store did not take a change (a full disk, a read-only or
// failing database): nothing of the request was kept, and writes are refused until the store
// takes them again.
class StorageUnavailable : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// The first moment a test clock may not reach: the hall's days are dates of four-digit years,
// and each day knows the next, so the last day is 9999-12-30.
std::int64_t test_clock_end_ms(const HallCalendar& calendar);

// The first moment a test clock may not reach: the hall's days are dates of four-digit years,
// and each day knows the next, so the last day is 9999-12-30.
std::int64_t test_clock_end_ms(const HallCalendar& calendar);

// Owned by the io thread: every engine call and every listener runs there. The group
// committer's writer thread makes events durable and posts each completion back here, in
// order; only then is a request answered and its events published.
class HallService {
  public:
    using Listener = std::function<void(const std::vector<Event>&)>;

    // With `test_clock_start` (serve --test-clock), the hall follows a clock that only
    // advance_test_clock moves, starting there (or at the log's last event, if later).
    HallService(boost::asio::io_context& io, const std::string& db_path,
                const std::optional<std::string>& test_clock_start = std::nullopt);
    ~HallService();

    QueueEngine& engine() { return *engine_; }
    const QueueEngine& engine() const { return *engine_; }
    // A connection for the io thread's own reads (devices, tallies); the writer has its own.
    sql::Database& reader() { return *reader_; }
    DeviceRegistry& devices() { return *devices_; }
    const Catalog& catalog() const { return catalog_; }
    boost::asio::io_context& io() { return io_; }
    std::int64_t now_ms() const { return clock_->now_ms(); }
    bool has_test_clock() const { return test_clock_ != nullptr; }
    const GroupCommitter& committer() const { return *committer_; }

    // Makes an outcome's events durable, then publishes them; resumes the caller after. The
    // events are taken, not copied: they go to the writer and on to the devices as they are.
    // If the commit fails, the engine is rebuilt from what is durable (it was ahead of the
    // disk), nothing is published, and StorageUnavailable is thrown; from then on writes are
    // refused until a probe write succeeds (tried once a second).
    boost::asio::awaitable<void> commit(std::vector<Event> events);
    // False from a failed commit until the database takes writes again. Reads go on meanwhile.
    bool storage_available() const { return storage_available_; }
    // Resumes the caller once the tallies count every event committed before the call, so that
    // a read of them (stats, the export) is exact. While the store is failing the tallies stay
    // as they are, and the caller resumes all the same.
    boost::asio::awaitable<void> flush_tallies();
    // Commits events nobody waits for (the day's close from the timer).
    void commit_detached(std::vector<Event> events);

    // Called on the io thread with every batch of committed events, in log order.
    void subscribe(Listener listener) { listeners_.push_back(std::move(listener)); }
    // Called on the io thread once a second, after the day's clock was checked.
    void on_tick(std::function<void()> listener) { tick_listeners_.push_back(std::move(listener)); }

    // Starts the timer that closes the day at its close time and rolls over at midnight.
    void start_clock();
    // Test only: moves the test clock forward to `ms`, and closes the day or rolls over, durably,
    // as the timer would. Needs has_test_clock() and ms >= now_ms().
    boost::asio::awaitable<void> advance_test_clock(std::int64_t ms);
    void stop();

  private:
    void publish(const std::vector<Event>& events);
    void tick();
    // Today's engine as the log has it: at start, and after a failed commit.
    void rebuild_engine();
    void storage_failed(std::exception_ptr error);
    void probe_storage();

    boost::asio::io_context& io_;
    std::unique_ptr<Clock> clock_;
    ManualClock* test_clock_ = nullptr;  // the clock_ itself, when it is the test clock
    Catalog catalog_;
    std::unique_ptr<sql::Database> reader_;
    std::unique_ptr<DeviceRegistry> devices_;
    std::unique_ptr<QueueEngine> engine_;
    std::unique_ptr<GroupCommitter> committer_;
    boost::asio::steady_timer timer_;
    std::vector<Listener> listeners_;
    std::vector<std::function<void()>> tick_listeners_;
    bool storage_available_ = true;
    bool probing_ = false;
};

}  // namespace hall::server
