// hall_export_timing: times render_export in each format inside one process, as the HTTP endpoint
// calls it, and the year's recount; no process start, the page cache warm after a first run.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
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
            const auto start = std::chrono::steady_clock::now();
            const auto cpu_start = std::clock();  // the process's CPU time, all threads
            auto summary = hall::audit_tallies(db, year, [](const std::string&) {});
            const double cpu_ms =
                1000.0 * static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;
            std::printf(
                "\nrecount of %d: %.0f ms (CPU %.0f ms), %zu events, %zu tallies, %zu "
                "differences\n",
                year, since(start), cpu_ms, summary.events, summary.tallies, summary.differences);
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "hall_export_timing: %s\n", e.what());
        return 1;
    }
    return 0;
}
