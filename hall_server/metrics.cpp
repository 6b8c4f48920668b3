// Prometheus text exposition of the server's counters.
#include "metrics.hpp"

#include <chrono>
#include <sstream>

#include "hall_service.hpp"
#include "sync_progress.hpp"

namespace hall::server {

// The central sync's lag, when the hall syncs (its progress file exists): a small file read.
void Metrics::render_sync_lag(std::ostream& out, std::int64_t last_seq) const {
    if (sync_progress_path.empty())
        return;
    const auto progress = central::read_progress(sync_progress_path);
    if (!progress)
        return;
    const auto now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count();
    const auto lag = central::sync_lag(*progress, last_seq, now_ms);
    out << "# HELP hall_central_sync_lag_events Events the central store does not have yet.\n"
           "# TYPE hall_central_sync_lag_events gauge\n"
           "hall_central_sync_lag_events "
        << lag.events
        << "\n# HELP hall_central_sync_lag_seconds Age of the oldest event the central store "
           "does not have; 0 when it has all.\n# TYPE hall_central_sync_lag_seconds gauge\n"
           "hall_central_sync_lag_seconds "
        << lag.seconds
        << "\n# HELP hall_central_sync_shipped_seq The central's high-water mark for this hall.\n"
           "# TYPE hall_central_sync_shipped_seq gauge\nhall_central_sync_shipped_seq "
        << progress->shipped_seq
        << "\n# HELP hall_central_sync_failing 1 while the sync's last attempt failed.\n"
           "# TYPE hall_central_sync_failing gauge\nhall_central_sync_failing "
        << (progress->last_error.empty() ? 0 : 1) << '\n';
}

std::string Metrics::render(const HallService& hall) const {
    std::ostringstream out;
    auto metric = [&](const char* name, const char* type, const char* help) {
        out << "# HELP " << name << ' ' << help << "\n# TYPE " << name << ' ' << type << '\n';
    };
    metric("hall_connections_open", "gauge", "WebSocket connections open now.");
    out << "hall_connections_open " << connections_open << '\n';
    metric("hall_connections_total", "counter", "WebSocket connections accepted.");
    out << "hall_connections_total " << connections_total << '\n';
    metric("hall_connections_refused_total", "counter",
           "Connections closed at once: over the limit.");
    out << "hall_connections_refused_total " << connections_refused << '\n';
    metric("hall_slow_devices_dropped_total", "counter",
           "Devices disconnected because they stopped reading.");
    out << "hall_slow_devices_dropped_total " << slow_devices_dropped << '\n';
    metric("hall_events_pushed_total", "counter", "Event messages queued to devices.");
    out << "hall_events_pushed_total " << events_pushed << '\n';
    metric("hall_requests_total", "counter", "Requests by operation and result code.");
    for (const auto& [key, count] : requests)
        out << "hall_requests_total{op=\"" << key.first << "\",result=\"" << key.second << "\"} "
            << count << '\n';

    auto commits = hall.committer().stats();
    metric("hall_commit_transactions_total", "counter", "Transactions committed by the writer.");
    out << "hall_commit_transactions_total " << commits.transactions << '\n';
    metric("hall_commit_requests_total", "counter", "Requests made durable.");
    out << "hall_commit_requests_total " << commits.requests << '\n';
    metric("hall_commit_events_total", "counter", "Events made durable.");
    out << "hall_commit_events_total " << commits.events << '\n';
    metric("hall_commit_latency_seconds", "histogram", "Time to commit one transaction.");
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i < GroupCommitter::latency_bounds_s.size(); ++i) {
        cumulative += commits.latency_buckets[i];
        out << "hall_commit_latency_seconds_bucket{le=\"" << GroupCommitter::latency_bounds_s[i]
            << "\"} " << cumulative << '\n';
    }
    out << "hall_commit_latency_seconds_bucket{le=\"+Inf\"} " << commits.transactions << '\n';
    out << "hall_commit_latency_seconds_sum " << static_cast<double>(commits.commit_ns_total) / 1e9
        << '\n';
    out << "hall_commit_latency_seconds_count " << commits.transactions << '\n';
    metric("hall_commit_batch_requests", "histogram", "Requests made durable by one transaction.");
    cumulative = 0;
    for (std::size_t i = 0; i < GroupCommitter::batch_bounds.size(); ++i) {
        cumulative += commits.batch_buckets[i];
        out << "hall_commit_batch_requests_bucket{le=\"" << GroupCommitter::batch_bounds[i]
            << "\"} " << cumulative << '\n';
    }
    out << "hall_commit_batch_requests_bucket{le=\"+Inf\"} " << commits.transactions << '\n';
    out << "hall_commit_batch_requests_sum " << commits.requests << '\n';
    out << "hall_commit_batch_requests_count " << commits.transactions << '\n';
    metric("hall_commit_batch_largest", "gauge", "The most requests one transaction held.");
    out << "hall_commit_batch_largest " << commits.largest_batch << '\n';

    metric("hall_queue_waiting", "gauge", "Tickets waiting, per queue.");
    for (const auto& q : hall.engine().queue_statuses())
        out << "hall_queue_waiting{queue=\"" << q.queue << "\"} " << q.waiting << '\n';
    metric("hall_event_seq", "gauge", "The next sequence number of the hall's log.");
    out << "hall_event_seq " << hall.engine().next_seq() << '\n';
    render_sync_lag(out, hall.engine().next_seq() - 1);
    return out.str();
}

}  // namespace hall::server
