// hall_export_timing: times render_export in each format inside one process, as the HTTP endpoint
// calls it, and the year's recount; no process start, the page cache warm after a first run.
// With --verify it also times SQLite alone reading the rows the recount reads (the year's events
// by seq and its daily tallies, the same columns, on one thread, nothing done with them): the
// floor under the recount's CPU time, measured in the same run.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <initializer_list>
#include <stdexcept>
#include <string>
#include <vector>

#include "export.hpp"
#include "sqlite.hpp"
#include "tally_audit.hpp"

namespace {

double since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
        .count();
}

double cpu_since(std::clock_t start) {  // the process's CPU time, all threads
    return 1000.0 * static_cast<double>(std::clock() - start) / CLOCKS_PER_SEC;
}

// Steps through the year's events and daily tallies as the recount reads them, reading each
// column it reads; returns the rows read.
std::size_t read_rows_only(hall::sql::Database& db, int year) {
    db.exec("PRAGMA mmap_size = 2147483648");  // as the recount maps the file
    const std::string from = std::to_string(year) + "-01-01", to = std::to_string(year) + "-12-31";
    std::size_t rows = 0, bytes = 0;
    auto span = db.prepare(
        "SELECT (SELECT seq FROM events WHERE day >= ?1 ORDER BY day, seq LIMIT 1), (SELECT seq "
        "FROM events WHERE day <= ?2 ORDER BY day DESC, seq DESC LIMIT 1)");
    span.bind(1, from).bind(2, to);
    span.step();
    auto events = db.prepare(
        "SELECT seq, day, type, queue, window_number, staff, data FROM events WHERE seq BETWEEN "
        "?1 AND ?2");
    events.bind(1, span.is_null(0) ? 1 : span.int64(0))
        .bind(2, span.is_null(1) ? 0 : span.int64(1));
    while (events.step()) {
        ++rows;
        bytes += static_cast<std::size_t>(events.int64(0));
        for (int column : {1, 2, 3, 5, 6})
            bytes += events.text_view(column).size();
        if (!events.is_null(4))
            bytes += static_cast<std::size_t>(events.int32(4));
    }
    auto tallies = db.prepare(
        "SELECT day, dimension, key, metric, value FROM daily_tallies WHERE day BETWEEN ?1 AND ?2 "
        "ORDER BY day, dimension, key, metric");
    tallies.bind(1, from).bind(2, to);
    while (tallies.step()) {
        ++rows;
        for (int column : {0, 1, 2, 3})
            bytes += tallies.text_view(column).size();
        bytes += static_cast<std::size_t>(tallies.int64(4));
    }
    return bytes == 0 ? 0 : rows;  // bytes only keeps the reads from being optimised away
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fputs("usage: hall_export_timing DATABASE YEAR [RUNS] [--verify]\n", stderr);
        return 2;
    }
    const std::string path = argv[1];
    const int year = std::stoi(argv[2]);
    const int runs = argc > 3 && argv[3][0] != '-' ? std::stoi(argv[3]) : 9;
    const bool verify = std::string(argv[argc - 1]) == "--verify";
    try {
        std::printf("| format | median | fastest | slowest | bytes |\n|---|---:|---:|---:|---:|\n");
        for (auto format : {hall::ExportFormat::csv, hall::ExportFormat::json,
                            hall::ExportFormat::markdown, hall::ExportFormat::xlsx}) {
            if (runs < 1)  // 0 runs: only the recount
                break;
            hall::ExportRequest request;
            request.year = year;
            request.format = format;
            std::vector<double> times;
            std::size_t bytes = 0;
            for (int i = 0; i <= runs; ++i) {
                // A connection of its own each time, as a request would have.
                const auto start = std::chrono::steady_clock::now();
                hall::sql::Database db(path);
                bytes = hall::render_export(db, request).size();
                if (i > 0)  // the first run warms the page cache
                    times.push_back(since(start));
            }
            std::sort(times.begin(), times.end());
            std::printf("| %s | %.1f ms | %.1f ms | %.1f ms | %zu |\n",
                        std::string(hall::file_extension(format)).c_str(), times[times.size() / 2],
                        times.front(), times.back(), bytes);
        }
        if (verify) {
            hall::sql::Database db(path);
            auto start = std::chrono::steady_clock::now();
            auto cpu_start = std::clock();
            auto summary = hall::audit_tallies(db, year, [](const std::string&) {});
            const double wall_ms = since(start), cpu_ms = cpu_since(cpu_start);
            std::printf(
                "\nrecount of %d: %.0f ms (CPU %.0f ms), %zu events, %zu tallies, %zu "
                "differences\n",
                year, wall_ms, cpu_ms, summary.events, summary.tallies, summary.differences);
            hall::sql::Database plain(path);
            start = std::chrono::steady_clock::now();
            cpu_start = std::clock();
            const auto rows = read_rows_only(plain, year);
            const double rows_cpu_ms = cpu_since(cpu_start);
            std::printf(
                "SQLite alone reading the same %zu rows: %.0f ms (CPU %.0f ms); the recount's CPU "
                "time is %.1f times that\n",
                rows, since(start), rows_cpu_ms, cpu_ms / rows_cpu_ms);
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "hall_export_timing: %s\n", e.what());
        return 1;
    }
    return 0;
}
