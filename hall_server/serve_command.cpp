// hall_server serve: runs the hall on one port until stopped.
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/thread_pool.hpp>

#include <cstdio>
#include <stdexcept>

#include "command_line.hpp"
#include "commands.hpp"
#include "event_hub.hpp"
#include "hall_service.hpp"
#include "http_routes.hpp"
#include "http_server.hpp"
#include "metrics.hpp"
#include "request_handler.hpp"
#include "websocket_session.hpp"

namespace hall::server {

namespace net = boost::asio;

namespace {
constexpr const char* help = R"(usage: hall_server serve [--db PATH] [--listen ADDR:PORT]

Runs the hall server: HTTP and WebSocket on one port (default 127.0.0.1:8080).
The database must hold a catalog (hall_server import). Today's queues are rebuilt from
the event log at start. Stops cleanly on SIGINT or SIGTERM.
)";

net::ip::tcp::endpoint parse_listen(const std::string& text) {
    auto colon = text.rfind(':');
    if (colon == std::string::npos || colon + 1 == text.size())
        throw std::invalid_argument("--listen wants ADDR:PORT, as in 127.0.0.1:8080");
    std::string host = text.substr(0, colon);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
        host = host.substr(1, host.size() - 2);
    int port = 0;
    try {
        std::size_t used = 0;
        port = std::stoi(text.substr(colon + 1), &used);
        if (used != text.size() - colon - 1)
            throw std::invalid_argument("port");
    } catch (const std::exception&) {
        throw std::invalid_argument("--listen: \"" + text.substr(colon + 1) + "\" is not a port");
    }
    if (port < 0 || port > 65535)
        throw std::invalid_argument("--listen: port out of range");
    boost::system::error_code ec;
    auto address = net::ip::make_address(host, ec);
    if (ec)
        throw std::invalid_argument("--listen: \"" + host + "\" is not an IP address");
    return {address, static_cast<unsigned short>(port)};
}
}  // namespace

int serve_command(int argc, char** argv) {
    CommandLine args(argc, argv, 2, {"db", "listen"}, {"help"});
    if (args.has("help")) {
        std::fputs(help, stdout);
        return exit_ok;
    }
    if (!args.positionals().empty()) {
        std::fputs(help, stderr);
        return exit_usage;
    }
    auto endpoint = parse_listen(args.value("listen").value_or("127.0.0.1:8080"));

    net::io_context io(1);
    HallService hall(io, args.db_path());
    Metrics metrics;
    EventHub hub(hall, metrics);
    RequestHandler handler(hall, hub, metrics);
    WebSocketContext sockets{hall, hub, handler, metrics, {}};
    net::thread_pool exports(1);
    RouteContext routes{hall, hub, handler, metrics, exports};
    HttpServer http(io, endpoint, make_http_routes(routes),
                    [&sockets](boost::beast::tcp_stream stream, HttpRequest request) {
                        start_websocket_session(sockets, std::move(stream), std::move(request));
                    });
    http.start();
    hall.start_clock();

    // Stop accepting, let the writer finish what it holds, close every session, exit 0.
    net::signal_set signals(io, SIGINT, SIGTERM);
    signals.async_wait([&](boost::system::error_code, int) {
        std::fprintf(stderr, "hall_server: stopping\n");
        http.stop();
        hall.stop();
        close_all_websocket_sessions(sockets);
        io.stop();
    });

    auto local = http.local_endpoint();
    std::printf("hall_server: %s, day %s, serving on http://%s:%u\n",
                hall.catalog().hall.name.c_str(), hall.engine().day().c_str(),
                local.address().to_string().c_str(), local.port());
    std::fflush(stdout);
    io.run();
    return exit_ok;
}

}  // namespace hall::server
