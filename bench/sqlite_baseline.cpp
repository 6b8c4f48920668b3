// The baseline for durable issuing: SQLite's own rate of durable batched inserts (WAL,
// synchronous=FULL, as the hall's store opens it) on the same disk, without the hall.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>

#include "bench_args.hpp"
#include "latency.hpp"
#include "sqlite.hpp"

namespace {

constexpr const char* help = R"(usage: hall_bench_sqlite_baseline --db PATH [options]

Creates PATH (it must not exist) through the hall's own SQLite wrapper (WAL, synchronous=FULL)
and inserts rows in transactions of --batch rows, one after the other, for --seconds. Prints
rows/s, commits/s and the commit latency.

  --db PATH         the database to create (removed afterwards)
  --batch N         rows per transaction (default 64)
  --row-bytes N     bytes of text per row (default 300, about a ticket's event)
  --seconds S       seconds measured (default 3)
)";

}  // namespace

int main(int argc, char** argv) {
    using hall::bench::Args;
    Args args(argc, argv, help, {"db", "batch", "row-bytes", "seconds"});
    const std::string path = args.required("db");
    const long batch = std::max(1L, args.integer("batch", 64));
    const auto row_bytes = static_cast<std::size_t>(std::max(1L, args.integer("row-bytes", 300)));
    const double seconds = args.number("seconds", 3);
    if (std::filesystem::exists(path)) {
        std::fprintf(stderr, "%s exists already: give a new path\n", path.c_str());
        return 2;
    }
    long long rows = 0;
    long long commits = 0;
    hall::bench::Latencies latencies;
    double elapsed = 0;
    {
        hall::sql::Database db(path);
        db.exec(
            "CREATE TABLE rows (seq INTEGER PRIMARY KEY, day TEXT NOT NULL, data TEXT NOT NULL)");
        auto insert = db.prepare("INSERT INTO rows (seq, day, data) VALUES (?1, ?2, ?3)");
        const std::string data(row_bytes, 'x');
        using Clock = std::chrono::steady_clock;
        const auto start = Clock::now();
        const auto end = start + std::chrono::duration_cast<Clock::duration>(
                                     std::chrono::duration<double>(seconds));
        while (Clock::now() < end) {
            const auto began = Clock::now();
            hall::sql::Transaction tx(db);
            for (long i = 0; i < batch; ++i)
                insert.bind(1, static_cast<std::int64_t>(++rows))
                    .bind(2, "2026-11-27")
                    .bind(3, data)
                    .run();
            tx.commit();
            latencies.add(Clock::now() - began);
            ++commits;
        }
        elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    }
    std::filesystem::remove(path);
    std::filesystem::remove(path + "-wal");
    std::filesystem::remove(path + "-shm");
    std::printf(
        "sqlite_baseline batch=%ld row_bytes=%zu seconds=%.2f rows=%lld rate=%.0f "
        "commits_per_s=%.0f commit_p50_ms=%.3f commit_p99_ms=%.3f\n",
        batch, row_bytes, elapsed, rows, static_cast<double>(rows) / elapsed,
        static_cast<double>(commits) / elapsed, latencies.percentile_ms(0.5),
        latencies.percentile_ms(0.99));
    return 0;
}
