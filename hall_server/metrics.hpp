// The server's counters, rendered for Prometheus at /metrics.
#pragma once

#include <cstdint>
#include <map>
#include <ostream>
#include <string>
#include <utility>

namespace hall::server {

class HallService;

// Lives on the io thread; plain counters, no locks.
struct Metrics {
    std::uint64_t connections_open = 0;
    std::uint64_t connections_total = 0;
    std::uint64_t connections_refused = 0;
    std::uint64_t slow_devices_dropped = 0;
    std::uint64_t events_pushed = 0;
    std::map<std::pair<std::string, std::string>, std::uint64_t> requests;  // (op, result)
    // The central sync's progress file (hall_server sync), read at each scrape for the lag.
    std::string sync_progress_path;

    void count_request(const std::string& op, const std::string& result) {
        ++requests[{op, result}];
    }
    std::string render(const HallService& hall) const;
    void render_sync_lag(std::ostream& out, std::int64_t last_seq) const;
};

}  // namespace hall::server
