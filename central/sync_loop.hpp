// `hall_server sync`: ships the hall's log to the central store until caught up (or, following,
// for as long as it runs), and comes back by itself after the link or the central was down.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

namespace hall::central {

struct SyncOptions {
    std::string db_path;
    std::string central_uri;
    std::size_t batch = 5000;             // events a transaction
    bool follow = false;                  // keep running, shipping new events as they come
    std::int64_t poll_ms = 1000;          // following: how often to look for new events
    int attempts = 5;                     // not following: tries before giving up (0 = no limit)
    std::int64_t backoff_first_ms = 500;  // after a failure: 0.5 s, doubling up to the cap
    std::int64_t backoff_max_ms = 30'000;
    std::string progress_path;  // where the progress goes (progress_path_for by default)
};

struct SyncTotals {
    std::size_t batches = 0;
    std::size_t events_sent = 0;
    std::size_t events_added = 0;
    std::int64_t high_water = 0;
    int failures = 0;
};

// Returns when caught up (not following), after `attempts` failures in a row (not following:
// throws the last error), or when `stop` becomes true. `log` gets one line per thing that
// matters (a failure, a recovery, a batch when asked).
SyncTotals run_sync(const SyncOptions& options, const std::atomic<bool>& stop,
                    const std::function<void(const std::string&)>& log);

}  // namespace hall::central
