// The sync's loop: connect, ship batch after batch, record progress, back off on failure.
#include "sync_loop.hpp"

#include <algorithm>
#include <chrono>
#include <memory>
#include <thread>

#include "central_schema.hpp"
#include "hall_shipper.hpp"
#include "pg.hpp"
#include "sqlite.hpp"
#include "sync_progress.hpp"

namespace hall::central {

namespace {

std::int64_t now_ms() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

// Sleeps in short steps so that a stop request is seen within a tenth of a second.
void sleep_for(std::int64_t ms, const std::atomic<bool>& stop) {
    const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
    while (!stop && std::chrono::steady_clock::now() < until)
        std::this_thread::sleep_for(std::chrono::milliseconds(std::min<std::int64_t>(ms, 100)));
}

}  // namespace

SyncTotals run_sync(const SyncOptions& options, const std::atomic<bool>& stop,
                    const std::function<void(const std::string&)>& log) {
    SyncTotals totals;
    sql::Database hall(options.db_path);
    const std::string progress_path =
        options.progress_path.empty() ? progress_path_for(options.db_path) : options.progress_path;
    SyncProgress progress;
    if (auto previous = read_progress(progress_path))
        progress = *previous;

    // The progress, for /metrics: what the central has, and what the hall has that it lacks.
    auto record = [&](const std::string& error) {
        progress.checked_ms = now_ms();
        progress.last_error = error;
        progress.local_seq = last_event_seq(hall);
        progress.first_pending_at_ms = first_event_after(hall, progress.shipped_seq);
        write_progress(progress_path, progress);
    };
    auto shipped = [&](const HallShipper& shipper, std::int64_t high_water) {
        progress.hall_id = shipper.hall_id();
        progress.shipped_seq = high_water;
        progress.shipped_ms = now_ms();
        record("");
    };

    std::int64_t backoff_ms = options.backoff_first_ms;
    int failures_in_a_row = 0;
    while (!stop) {
        try {
            pg::Connection central(options.central_uri);
            migrate_central(central);
            HallShipper shipper(hall, central);
            progress.central = central.describe();
            std::int64_t high_water = shipper.start();
            if (failures_in_a_row > 0)
                log("the central is back after " + std::to_string(failures_in_a_row) +
                    " failed attempt(s); resuming after event " + std::to_string(high_water));
            failures_in_a_row = 0;
            backoff_ms = options.backoff_first_ms;
            shipped(shipper, high_water);
            while (!stop) {
                const auto batch = shipper.read_log(high_water, options.batch);
                if (batch.empty()) {
                    totals.high_water = high_water;
                    if (!options.follow)
                        return totals;
                    sleep_for(options.poll_ms, stop);
                    // A catalog imported meanwhile ships before the next events.
                    high_water = shipper.start();
                    shipped(shipper, high_water);
                    continue;
                }
                const auto result = shipper.ship(batch);
                ++totals.batches;
                totals.events_sent += result.sent;
                totals.events_added += result.added;
                high_water = result.high_water;
                totals.high_water = high_water;
                shipped(shipper, high_water);
            }
        } catch (const pg::Error& e) {
            ++totals.failures;
            ++failures_in_a_row;
            log(e.what());
            record(e.what());
            if (!options.follow && options.attempts > 0 && failures_in_a_row >= options.attempts)
                throw;
            sleep_for(backoff_ms, stop);
            backoff_ms = std::min(backoff_ms * 2, options.backoff_max_ms);
        }
    }
    return totals;
}

}  // namespace hall::central
