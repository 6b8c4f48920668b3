// How far the hall's log has reached the central store: written by `hall_server sync` beside the
// hall's database, read by the server for /metrics. A file, so the sync never takes the hall
// database's write lock.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace hall::central {

struct SyncProgress {
    std::string hall_id;
    std::string central;                              // host:port/database, no password
    std::int64_t shipped_seq = 0;                     // the central's high-water mark for this hall
    std::int64_t local_seq = 0;                       // the hall's last event when last looked at
    std::optional<std::int64_t> first_pending_at_ms;  // the oldest event not yet shipped, if any
    std::int64_t checked_ms = 0;                      // when the sync last looked (Unix ms)
    std::optional<std::int64_t>
        shipped_ms;          // when the central last took a batch or said "have all"
    std::string last_error;  // empty while the link works
};

// "<db>-central.json", beside the database.
std::string progress_path_for(const std::string& db_path);

// Written beside and renamed over the file: a reader never sees half of it.
void write_progress(const std::string& path, const SyncProgress& progress);
// nullopt when there is no file (the hall does not sync) or it cannot be read.
std::optional<SyncProgress> read_progress(const std::string& path);

// The lag /metrics shows, given the hall's last event number now.
struct SyncLag {
    std::int64_t events = 0;
    double seconds = 0;  // age of the oldest event the central does not have; 0 when none
};
SyncLag sync_lag(const SyncProgress& progress, std::int64_t local_last_seq, std::int64_t now_ms);

}  // namespace hall::central
