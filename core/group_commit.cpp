// The single writer: batches requests into transactions and reports each one's fate.
#include "group_commit.hpp"

#include <chrono>

#include "event_store.hpp"
#include "migrations.hpp"
#include "sqlite.hpp"

namespace hall {

GroupCommitter::GroupCommitter(std::string db_path, std::size_t max_batch)
    : db_path_(std::move(db_path)), max_batch_(max_batch), writer_([this] { run(); }) {}

GroupCommitter::~GroupCommitter() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    writer_.join();
}

void GroupCommitter::submit(std::vector<Event> events, Done done) {
    {
        std::lock_guard lock(mutex_);
        pending_.push_back({std::move(events), std::move(done), false});
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
            store = std::make_unique<EventStore>(*db);
        }
    };

    std::vector<Request> batch;
    for (;;) {
        std::exception_ptr failure;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [&] { return stopping_ || !pending_.empty(); });
            if (pending_.empty())
                return;  // stopping, and nothing left to commit
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
                for (const auto& request : batch) {
                    store->append(request.events);
                    events += request.events.size();
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
