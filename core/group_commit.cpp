// The single writer: batches requests into transactions and reports each one's fate.
#include "group_commit.hpp"

#include <pthread.h>

#include <chrono>

#include "event_store.hpp"
#include "migrations.hpp"
#include "sqlite.hpp"

namespace hall {

GroupCommitter::GroupCommitter(std::string db_path, std::size_t max_batch,
                               std::chrono::milliseconds tally_interval)
    : db_path_(std::move(db_path)),
      max_batch_(max_batch),
      tally_interval_(tally_interval),
      checkpointer_([this] { run_checkpoints(); }),
      writer_([this] { run(); }) {
    // The names `top -H`, perf and /proc show for the two threads.
    pthread_setname_np(checkpointer_.native_handle(), "hall-checkpoint");
    pthread_setname_np(writer_.native_handle(), "hall-writer");
}

GroupCommitter::~GroupCommitter() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    writer_.join();
    {
        std::lock_guard lock(checkpoint_mutex_);
        checkpoints_stopping_ = true;
    }
    checkpoint_wake_.notify_all();
    checkpointer_.join();
}

int GroupCommitter::on_wal_commit(void* self, sqlite3* db, const char* name, int frames) {
    auto& committer = *static_cast<GroupCommitter*>(self);
    if (frames >= inline_checkpoint_frames) {
        sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
    } else if (frames >= checkpoint_frames) {
        {
            std::lock_guard lock(committer.checkpoint_mutex_);
            committer.checkpoint_wanted_ = true;
        }
        committer.checkpoint_wake_.notify_one();
    }
    return SQLITE_OK;
}

void GroupCommitter::run_checkpoints() {
    std::unique_ptr<sql::Database> db;
    for (;;) {
        {
            std::unique_lock lock(checkpoint_mutex_);
            checkpoint_wake_.wait(lock,
                                  [&] { return checkpoint_wanted_ || checkpoints_stopping_; });
            if (checkpoints_stopping_)
                return;
            checkpoint_wanted_ = false;
        }
        try {
            if (!db)
                db = std::make_unique<sql::Database>(db_path_);
            // PASSIVE: copies what no reader still needs, without waiting for anyone.
            db->exec("PRAGMA wal_checkpoint(PASSIVE)");
        } catch (...) {
            // A full disk or a failing file: the WAL keeps the pages, and the next commit over
            // the threshold asks again, on a fresh connection.
            db.reset();
        }
    }
}

void GroupCommitter::submit(std::vector<Event> events, Done done) {
    submit(std::make_shared<const std::vector<Event>>(std::move(events)), std::move(done));
}

void GroupCommitter::submit(std::shared_ptr<const std::vector<Event>> events, Done done) {
    {
        std::lock_guard lock(mutex_);
        pending_.push_back({std::move(events), std::move(done), false});
        ++submitted_;
    }
    wake_.notify_one();
}

void GroupCommitter::flush_tallies(Done done) {
    {
        std::lock_guard lock(mutex_);
        pending_.push_back({{}, std::move(done), false, true});
        ++submitted_;
    }
    wake_.notify_one();
}

void GroupCommitter::probe(Done done) {
    {
        std::lock_guard lock(mutex_);
        pending_.push_back({{}, std::move(done), true});
        ++submitted_;
    }
    wake_.notify_one();
}

void GroupCommitter::reopen() {
    std::lock_guard lock(mutex_);
    failure_ = nullptr;
}

void GroupCommitter::flush() {
    std::unique_lock lock(mutex_);
    auto target = submitted_;
    drained_.wait(lock, [&] { return completed_ >= target; });
}

GroupCommitter::Stats GroupCommitter::stats() const {
    std::lock_guard lock(mutex_);
    return stats_;
}

void GroupCommitter::run() {
    // The connection is opened when first needed and dropped after a failure, so that a probe
    // starts from a fresh one (a database that could not be opened at start is tried again).
    std::unique_ptr<sql::Database> db;
    std::unique_ptr<EventStore> store;
    auto open = [&] {
        if (!db) {
            db = std::make_unique<sql::Database>(db_path_);
            migrate(*db);
            // Replaces SQLite's automatic checkpoint (see the header).
            sqlite3_wal_hook(db->handle(), &GroupCommitter::on_wal_commit, this);
            store = std::make_unique<EventStore>(*db);
        }
    };

    auto tallies_due = std::chrono::steady_clock::now() + tally_interval_;
    // The counts kept in memory, written in a transaction of their own: when the interval ran
    // out with nothing submitted, and before stopping.
    auto write_kept_tallies = [&] {
        if (!store || store->counted_events() == 0)
            return;
        try {
            sql::Transaction tx(*db);
            store->write_tallies();
            tx.commit();
        } catch (...) {
            // The counts stay in the log: the next write_tallies() counts them from there.
            store.reset();
            db.reset();
        }
        tallies_due = std::chrono::steady_clock::now() + tally_interval_;
    };

    std::vector<Request> batch;
    for (;;) {
        std::exception_ptr failure;
        {
            std::unique_lock lock(mutex_);
            auto ready = [&] { return stopping_ || !pending_.empty(); };
            if (store && store->counted_events() > 0) {
                if (!wake_.wait_until(lock, tallies_due, ready)) {
                    lock.unlock();
                    write_kept_tallies();
                    continue;
                }
            } else {
                wake_.wait(lock, ready);
            }
            if (pending_.empty()) {
                lock.unlock();
                write_kept_tallies();
                return;  // stopping, and nothing left to commit
            }
            failure = failure_;
            // A probe goes alone; requests up to the next probe go together.
            std::size_t take = 0;
            if (pending_.front().probe) {
                take = 1;
            } else {
                while (take < pending_.size() && take < max_batch_ && !pending_[take].probe)
                    ++take;
            }
            auto split = pending_.begin() + static_cast<std::ptrdiff_t>(take);
            batch.assign(std::make_move_iterator(pending_.begin()), std::make_move_iterator(split));
            pending_.erase(pending_.begin(), split);
        }

        std::exception_ptr error;
        std::uint64_t events = 0;
        auto started = std::chrono::steady_clock::now();
        if (batch.front().probe) {
            try {
                open();
                sql::Transaction tx(*db);
                db->prepare("INSERT OR REPLACE INTO storage_probe (id, at_ms) VALUES (1, ?1)")
                    .bind(1, std::chrono::duration_cast<std::chrono::milliseconds>(
                                 std::chrono::system_clock::now().time_since_epoch())
                                 .count())
                    .run();
                tx.commit();
            } catch (...) {
                error = std::current_exception();
            }
        } else if (failure) {
            // Decided on top of changes that failed: never tried.
            error = failure;
        } else {
            try {
                open();
                sql::Transaction tx(*db);
                bool write_tallies = false;
                for (const auto& request : batch) {
                    write_tallies = write_tallies || request.tallies;
                    if (!request.events)
                        continue;
                    store->append(*request.events);
                    events += request.events->size();
                    for (const auto& e : *request.events)
                        write_tallies = write_tallies || e.type == EventType::day_closed;
                }
                // A closed day's tallies are final at once; the rest wait for the interval.
                if (write_tallies || started >= tallies_due ||
                    store->counted_rows() >= max_counted_rows) {
                    store->write_tallies();
                    tallies_due = started + tally_interval_;
                }
                tx.commit();
            } catch (...) {
                error = std::current_exception();
            }
        }
        auto elapsed = std::chrono::steady_clock::now() - started;
        if (error) {
            store.reset();
            db.reset();
        }

        {
            std::lock_guard lock(mutex_);
            if (error && !batch.front().probe)
                failure_ = error;
        }
        for (auto& request : batch) {
            if (request.done)
                request.done(error);
        }
        if (batch.front().probe) {
            std::lock_guard lock(mutex_);
            completed_ += 1;
            drained_.notify_all();
            batch.clear();
            continue;
        }
        {
            std::lock_guard lock(mutex_);
            completed_ += batch.size();
            stats_.transactions += 1;
            stats_.requests += batch.size();
            stats_.events += events;
            stats_.largest_batch = std::max<std::uint64_t>(stats_.largest_batch, batch.size());
            auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(elapsed).count();
            stats_.commit_ns_total += static_cast<std::uint64_t>(ns);
            std::size_t bucket = 0;
            while (bucket < latency_bounds_s.size() &&
                   static_cast<double>(ns) / 1e9 > latency_bounds_s[bucket])
                ++bucket;
            ++stats_.latency_buckets[bucket];
            bucket = 0;
            while (bucket < batch_bounds.size() && batch.size() > batch_bounds[bucket])
                ++bucket;
            ++stats_.batch_buckets[bucket];
        }
        drained_.notify_all();
        batch.clear();
    }
}

}  // namespace hall
