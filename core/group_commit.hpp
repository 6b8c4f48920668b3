// Group commit: one writer thread makes events durable, many requests to one transaction.
#pragma once

#include <array>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "event.hpp"

struct sqlite3;

namespace hall {

// Owns its own SQLite connection, used only on its writer thread. submit() may be called
// from any thread; each request's `done` runs on the writer thread once the transaction
// holding it is committed (nullptr) or has failed (the exception). Requests are committed in
// the order they were submitted, and everything that arrived while the previous transaction
// was being committed goes into the next one: throughput does not fall to one fsync per
// request.
//
// The tallies' counts are kept in memory between transactions and written with the transaction
// that follows a tally interval, a day close, a flush_tallies() or many counts (EventStore): most
// transactions write only the events' own rows. A crash loses nothing, as the counts come back
// from the log.
//
// The WAL is checkpointed into the database file by a thread of its own, on a connection of its
// own, once it holds `checkpoint_frames` pages: the writer does not stop to copy pages and wait
// for the database file's fsync, which SQLite's automatic checkpoint makes the commit that
// crosses the threshold do. Only a WAL that grew to `inline_checkpoint_frames` (a checkpointer
// that cannot keep up) is checkpointed by the writer itself.
//
// A failed transaction (a full disk, a read-only file) fails every request submitted after it
// too, without trying them: they were decided on top of changes that never became durable. The
// committer stays failed until a probe() write succeeded and its owner, having rebuilt its
// state from what is durable, calls reopen().
class GroupCommitter {
  public:
    using Done = std::function<void(std::exception_ptr)>;

    // Upper bounds of the histogram buckets (the last bucket is everything above).
    static constexpr std::array<double, 8> latency_bounds_s = {0.0005, 0.001, 0.002, 0.005,
                                                               0.01,   0.02,  0.05,  0.1};
    static constexpr std::array<std::uint64_t, 8> batch_bounds = {1, 2, 4, 16, 64, 256, 1024, 4096};

    struct Stats {
        std::uint64_t transactions = 0;
        std::uint64_t requests = 0;
        std::uint64_t events = 0;
        std::uint64_t largest_batch = 0;  // requests in one transaction
        std::uint64_t commit_ns_total = 0;
        std::array<std::uint64_t, 9> latency_buckets{};  // transactions per latency bucket
        std::array<std::uint64_t, 9> batch_buckets{};    // transactions per batch-size bucket
    };

    // How long the tallies' counts may wait in memory, and how many tally rows they may touch
    // before they are written whatever the time.
    static constexpr std::chrono::milliseconds default_tally_interval{1000};
    static constexpr std::size_t max_counted_rows = 50'000;
    static constexpr int checkpoint_frames = 1000;  // SQLite's own default threshold
    static constexpr int inline_checkpoint_frames = 20'000;

    explicit GroupCommitter(std::string db_path, std::size_t max_batch = 4096,
                            std::chrono::milliseconds tally_interval = default_tally_interval);
    ~GroupCommitter();  // commits what was submitted and the tallies, then stops
    GroupCommitter(const GroupCommitter&) = delete;
    GroupCommitter& operator=(const GroupCommitter&) = delete;

    void submit(std::vector<Event> events, Done done);
    // The same for events that someone else keeps too (the server publishes them once durable):
    // shared, not copied.
    void submit(std::shared_ptr<const std::vector<Event>> events, Done done);
    // Writes the tallies' counts of everything submitted before it; `done` gets nullptr once they
    // are committed, so that a read of the tallies on another connection sees them all.
    void flush_tallies(Done done);
    // Tries a small durable write of its own (storage_probe), in order after what was submitted;
    // `done` gets nullptr if it committed. Runs even while the committer is failed.
    void probe(Done done);
    // Accepts requests again after a failure; call it once a probe succeeded.
    void reopen();
    // Blocks until everything submitted before the call is committed (or failed).
    void flush();
    Stats stats() const;

  private:
    struct Request {
        std::shared_ptr<const std::vector<Event>> events;  // none for a probe or tallies alone
        Done done;
        bool probe = false;
        bool tallies = false;  // write the tallies with this transaction
    };
    void run();
    void run_checkpoints();
    // Called by SQLite on the writer's thread after each commit, with the WAL's size in pages.
    static int on_wal_commit(void* self, sqlite3* db, const char* name, int frames);

    std::string db_path_;
    std::size_t max_batch_;
    std::chrono::milliseconds tally_interval_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::condition_variable drained_;
    std::vector<Request> pending_;
    std::uint64_t submitted_ = 0;
    std::uint64_t completed_ = 0;
    bool stopping_ = false;
    std::exception_ptr failure_;  // the failure that every request now gets, until reopen()
    Stats stats_;
    std::mutex checkpoint_mutex_;
    std::condition_variable checkpoint_wake_;
    bool checkpoint_wanted_ = false;
    bool checkpoints_stopping_ = false;
    std::thread checkpointer_;
    std::thread writer_;
};

}  // namespace hall
