// hall_server serve: runs the hall on one port until stopped.
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>

#include <pthread.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <stdexcept>

#include "allocator.hpp"
#include "command_line.hpp"
#include "commands.hpp"
#include "event_hub.hpp"
#include "hall_service.hpp"
#include "http_routes.hpp"
#include "http_server.hpp"
#include "metrics.hpp"
#include "request_handler.hpp"
#include "serve_config.hpp"
#include "sync_progress.hpp"
#include "systemd_notifier.hpp"
#include "websocket_session.hpp"

namespace hall::server {

namespace net = boost::asio;

namespace {
constexpr const char* help =
    R"(usage: hall_server serve [--config FILE] [--db PATH] [--listen ADDR:PORT]
                         [--log-level error|warning|notice|info|debug]

Runs the hall server: HTTP and WebSocket on one port (default 127.0.0.1:8080).
Settings come from --config FILE, else /etc/counterhall/hall-server.toml when it exists
(docs/operations.md lists its keys); the flags override the file.
The database must hold a catalog (hall_server import). Today's queues are rebuilt from
the event log at start. Stops cleanly on SIGINT or SIGTERM.

--test-clock START (tests and hall_sim only, never in service): the hall follows a clock that
starts at START (local YYYY-MM-DDTHH:MM[:SS], or Unix ms) and moves only by a manager's
test_clock request (docs/protocol.md).
)";

// How long a stopping server waits for its devices to answer their close frames.
constexpr auto stop_wait = std::chrono::seconds(2);

// Every connection is a file descriptor: up to `connections` HTTP and as many WebSocket ones,
// and some for the database. Under systemd (and most shells) the soft limit is 1,024, so past
// about 1,000 connections accept() failed and new clients waited unanswered instead of being
// served or closed at once. The soft limit is raised as far as the hard limit allows.
void raise_open_files_limit(std::size_t connections) {
    const rlim_t wanted = 2 * static_cast<rlim_t>(connections) + 256;
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur >= wanted)
        return;
    const rlim_t before = limit.rlim_cur;
    limit.rlim_cur = limit.rlim_max == RLIM_INFINITY ? wanted : std::min(wanted, limit.rlim_max);
    if (limit.rlim_cur > before && ::setrlimit(RLIMIT_NOFILE, &limit) != 0)
        limit.rlim_cur = before;
    if (limit.rlim_cur < wanted)
        log::warning("only " + std::to_string(limit.rlim_cur) +
                     " open files allowed (LimitNOFILE): fewer connections than [limits] "
                     "connections can be served");
}

net::ip::tcp::endpoint to_endpoint(const std::string& listen) {
    auto address = parse_listen_address(listen);
    return {net::ip::make_address(address.host), address.port};
}
}  // namespace

int serve_command(int argc, char** argv) {
    CommandLine args(argc, argv, 2, {"db", "listen", "config", "log-level", "test-clock"},
                     {"help"});
    if (args.has("help")) {
        std::fputs(help, stdout);
        return exit_ok;
    }
    if (!args.positionals().empty()) {
        std::fputs(help, stderr);
        return exit_usage;
    }
    auto config = serve_config(args);
    log::set_level(config.log_level);
    raise_open_files_limit(config.limits.connections);
    auto endpoint = to_endpoint(config.listen);

    net::io_context io(1);
    HallService hall(io, serve_db_path(args, config), args.value("test-clock"));
    Metrics metrics;
    metrics.sync_progress_path = central::progress_path_for(serve_db_path(args, config));
    EventHub hub(hall, metrics);
    RequestHandler handler(hall, hub, metrics);
    handler.set_public_url(config.public_url);
    WebSocketContext sockets{hall, hub, handler, metrics, {}, config.limits};
    net::thread_pool exports(1);
    net::post(exports, [] { pthread_setname_np(pthread_self(), "hall-export"); });
    RouteContext routes{hall, hub, handler, metrics, exports};
    HttpServer http(
        io, endpoint, make_http_routes(routes),
        [&sockets](boost::beast::tcp_stream stream, HttpRequest request) {
            start_websocket_session(sockets, std::move(stream), std::move(request));
        },
        config.limits);
    if (config.tls.enabled())
        http.enable_tls(make_tls_context(config.tls),
                        [&sockets](TlsStream stream, HttpRequest request) {
                            start_websocket_session(sockets, std::move(stream), std::move(request));
                        });
    http.count_connections(&metrics.connections_open, &metrics.connections_refused);
    http.start();
    hall.start_clock();

    // Stop accepting; each device and REST client gets the answers to what it asked, then the
    // devices a close frame, 1001 "server stopping"; once they are gone (at most stop_wait), the
    // writer finishes what it holds, and the server exits 0.
    net::signal_set signals(io, SIGINT, SIGTERM);
    SystemdNotifier systemd(io);
    net::steady_timer stopping(io);
    std::chrono::steady_clock::time_point stop_by;
    std::function<void()> stop_when_ended = [&] {
        const bool open = !sockets.sessions.empty() || http.open_connections() > 0;
        if (open && std::chrono::steady_clock::now() < stop_by) {
            stopping.expires_after(std::chrono::milliseconds(10));
            stopping.async_wait([&](boost::system::error_code) { stop_when_ended(); });
            return;
        }
        hall.stop();
        close_all_websocket_sessions(sockets);
        io.stop();
    };
    signals.async_wait([&](boost::system::error_code, int signal) {
        log::notice(std::string("stopping on ") + (signal == SIGINT ? "SIGINT" : "SIGTERM"));
        systemd.stopping();
        http.stop();
        end_all_websocket_sessions(sockets, 1001, "server stopping");
        stop_by = std::chrono::steady_clock::now() + stop_wait;
        stop_when_ended();
    });

    auto local = http.local_endpoint();
    std::printf("hall_server: %s, day %s, serving on %s://%s:%u\n",
                hall.catalog().hall.name.c_str(), hall.engine().day().c_str(),
                config.tls.enabled() ? "https" : "http", local.address().to_string().c_str(),
                local.port());
    std::fflush(stdout);
    log::notice("serving " + hall.catalog().hall.name + " on " + local.address().to_string() + ":" +
                std::to_string(local.port()) + ", day " + hall.engine().day() +
                (config.source.empty() ? "" : ", settings from " + config.source) + ", memory by " +
                allocator_name());
    systemd.ready("serving on port " + std::to_string(local.port()));
    io.run();
    log::notice("stopped");
    return exit_ok;
}

}  // namespace hall::server
