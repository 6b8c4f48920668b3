// Accept loop and HTTP/1.1 sessions as coroutines on the io thread.
#include "http_server.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <list>
#include <optional>
#include <string_view>

#include "log.hpp"
#include "rate_limit.hpp"

namespace hall::server {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;

namespace {

// RFC 6455 4.2.1: the key is a 16-byte nonce in base64, so 22 base64 digits and "==". Beast
// checks only its length, and would open a WebSocket for a client that sent anything shorter.
bool valid_websocket_key(std::string_view key) {
    constexpr std::string_view digits =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    if (key.size() != 24 || !key.ends_with("=="))
        return false;
    for (std::size_t i = 0; i < 22; ++i)
        if (digits.find(key[i]) == std::string_view::npos)
            return false;
    // The last digit holds the 16th byte's low 2 bits and 4 bits of padding, which must be 0.
    return digits.find(key[21]) % 16 == 0;
}

// A request the server refuses before any route sees it: answered with the JSON error object
// of every refusal, then the connection is closed.
struct Refusal {
    http::status status = http::status::bad_request;
    std::string code = "bad_request";
    std::string message;
};

HttpResponse refusal_response(const HttpRequest& request, const Refusal& refusal) {
    nlohmann::json body = {{"ok", false},
                           {"error", {{"code", refusal.code}, {"message", refusal.message}}}};
    auto response = json_response(request, refusal.status, body.dump());
    if (refusal.status == http::status::upgrade_required)
        response.set(http::field::sec_websocket_version, "13");
    response.keep_alive(false);
    return response;
}

// Why a request that was read is refused before routing, if it is. RFC 3986: a request target is
// ASCII, other bytes percent-encoded; a raw byte of 0x80 or above would also be quoted back in a
// message that is no longer UTF-8. An upgrade to the WebSocket at /ws is checked here rather than
// by Beast, whose refusals are plain text. `early_bytes` counts what the client sent after its
// request: before the 101 RFC 6455 4.1 forbids that, and those bytes, already read, would never
// reach the WebSocket.
std::optional<Refusal> refusal_of(const HttpRequest& request, bool websocket,
                                  std::size_t early_bytes) {
    const auto target = request.target();
    if (std::any_of(target.begin(), target.end(),
                    [](char c) { return static_cast<unsigned char>(c) >= 0x80; }))
        return Refusal{.message =
                           "the request target must be ASCII, other bytes percent-encoded "
                           "(RFC 3986)"};
    const bool has_host = request.find(http::field::host) != request.end();
    if (!websocket) {
        if (!has_host && request.version() >= 11)
            return Refusal{.message = "an HTTP/1.1 request must name its Host (RFC 9112 3.2)"};
        return std::nullopt;
    }
    if (!has_host)
        return Refusal{.message = "an upgrade request must name its Host (RFC 6455 4.1)"};
    const auto key = request[http::field::sec_websocket_key];
    if (!valid_websocket_key(std::string_view(key.data(), key.size())))
        return Refusal{.message = "Sec-WebSocket-Key must be 16 bytes in base64 (RFC 6455 4.1)"};
    if (request[http::field::sec_websocket_version] != "13")
        return Refusal{.status = http::status::upgrade_required,
                       .message = "the server speaks Sec-WebSocket-Version 13 only (RFC 6455 4.4)"};
    if (early_bytes != 0)
        return Refusal{.message =
                           "nothing may be sent after the upgrade request before its "
                           "answer (RFC 6455 4.1)"};
    return std::nullopt;
}

}  // namespace

struct HttpServer::State : std::enable_shared_from_this<HttpServer::State> {
    State(net::io_context& io, const tcp::endpoint& endpoint, HttpHandler h, UpgradeHandler u,
          ServerLimits l)
        : acceptor(io, endpoint), handler(std::move(h)), upgrade(std::move(u)), limits(l) {}

    tcp::acceptor acceptor;
    HttpHandler handler;
    UpgradeHandler upgrade;
    std::shared_ptr<net::ssl::context> tls;
    TlsUpgradeHandler tls_upgrade;
    ServerLimits limits;
    // Every open connection: its lowest layer, and whether it is busy with a request (read,
    // being handled or being answered) rather than waiting for the next one.
    struct Connection {
        beast::tcp_stream* stream;
        bool busy = false;
    };
    std::list<Connection> sessions;
    const std::uint64_t* websockets_open = nullptr;
    std::uint64_t* refused = nullptr;
    bool stopping = false;

    net::awaitable<void> accept_loop() {
        auto self = shared_from_this();
        while (!stopping) {
            boost::system::error_code ec;
            tcp::socket socket =
                co_await acceptor.async_accept(net::redirect_error(net::use_awaitable, ec));
            if (ec) {
                if (stopping || ec == net::error::operation_aborted)
                    co_return;
                // Out of descriptors and the like: wait a moment and go on accepting.
                net::steady_timer pause(acceptor.get_executor(), std::chrono::milliseconds(50));
                co_await pause.async_wait(net::redirect_error(net::use_awaitable, ec));
                continue;
            }
            if (sessions.size() + (websockets_open ? *websockets_open : 0) >= limits.connections) {
                if (refused)
                    ++*refused;
                socket.close(ec);
                continue;
            }
            // Replies and events are small writes: without this, Nagle holds a reply behind an
            // unacknowledged event until the device's delayed ACK (40 ms) comes.
            socket.set_option(tcp::no_delay(true), ec);
            net::co_spawn(acceptor.get_executor(), session(std::move(socket)), net::detached);
        }
    }

    net::awaitable<void> session(tcp::socket socket) {
        auto self = shared_from_this();
        beast::tcp_stream stream(std::move(socket));
        if (!tls) {
            co_await serve(stream);
            co_return;
        }
        TlsStream secure(std::move(stream), *tls);
        // A handshake gets the same time as an idle request; then the session runs as usual.
        beast::get_lowest_layer(secure).expires_after(std::chrono::seconds(limits.idle_seconds));
        auto registration =
            sessions.insert(sessions.end(), Connection{&beast::get_lowest_layer(secure)});
        boost::system::error_code ec;
        co_await secure.async_handshake(net::ssl::stream_base::server,
                                        net::redirect_error(net::use_awaitable, ec));
        sessions.erase(registration);
        if (ec) {
            log::debug("TLS handshake refused: " + ec.message());
            co_return;
        }
        co_await serve(secure);
    }

    void hand_over(beast::tcp_stream& stream, HttpRequest request) {
        upgrade(std::move(stream), std::move(request));
    }
    void hand_over(TlsStream& stream, HttpRequest request) {
        tls_upgrade(std::move(stream), std::move(request));
    }

    template <class Stream>
    net::awaitable<void> serve(Stream& stream) {
        auto& lowest = beast::get_lowest_layer(stream);
        auto registration = sessions.insert(sessions.end(), Connection{&lowest});
        beast::flat_buffer buffer;
        RateLimit rate(limits.requests_per_second, limits.request_burst);
        try {
            while (!stopping) {
                registration->busy = false;
                http::request_parser<http::string_body> parser;
                parser.body_limit(limits.message_bytes);
                parser.header_limit(static_cast<std::uint32_t>(limits.header_bytes));
                lowest.expires_after(std::chrono::seconds(limits.idle_seconds));
                boost::system::error_code ec;
                co_await http::async_read(stream, buffer, parser,
                                          net::redirect_error(net::use_awaitable, ec));
                registration->busy = true;
                // stop() closed it while idle, though a request may have been read meanwhile:
                // it is not taken, since its answer could no longer be sent.
                if (!lowest.socket().is_open())
                    break;
                if (ec == http::error::end_of_stream || ec == beast::error::timeout ||
                    ec == net::error::operation_aborted || ec == net::error::eof ||
                    ec == net::error::connection_reset || ec == net::ssl::error::stream_truncated)
                    break;
                if (ec) {
                    // Malformed or too large: answer once, then close.
                    HttpRequest bad;
                    bad.version(11);
                    Refusal refusal{.message = "the request could not be read: " + ec.message()};
                    if (ec == http::error::body_limit) {
                        refusal.status = http::status::payload_too_large;
                        refusal.code = "too_large";
                    }
                    auto response = refusal_response(bad, refusal);
                    co_await http::async_write(stream, response,
                                               net::redirect_error(net::use_awaitable, ec));
                    break;
                }
                HttpRequest request = parser.release();
                // The path decides, whatever query follows it ("/ws?v=2" is the WebSocket too).
                const auto target = request.target();
                const bool websocket = beast::websocket::is_upgrade(request) &&
                                       target.substr(0, target.find('?')) == "/ws";
                if (const auto refusal = refusal_of(request, websocket, buffer.size())) {
                    auto response = refusal_response(request, *refusal);
                    co_await http::async_write(stream, response,
                                               net::redirect_error(net::use_awaitable, ec));
                    break;
                }
                if (websocket) {
                    sessions.erase(registration);
                    lowest.expires_never();
                    hand_over(stream, std::move(request));
                    co_return;
                }
                const bool within_rate = rate.allow(std::chrono::steady_clock::now());
                HttpResponse response = co_await handler(request, within_rate);
                response.keep_alive(request.keep_alive() && !stopping);
                response.prepare_payload();
                // An answer to HEAD has the head of GET's, Content-Length included, and no body:
                // one would be read as the start of the next answer on this connection.
                if (request.method() == http::verb::head)
                    response.body().clear();
                co_await http::async_write(stream, response,
                                           net::redirect_error(net::use_awaitable, ec));
                if (ec || !response.keep_alive())
                    break;
            }
        } catch (const std::exception& e) {
            log::warning(std::string("an HTTP session ended: ") + e.what());
        }
        boost::system::error_code ignored;
        lowest.socket().shutdown(tcp::socket::shutdown_both, ignored);
        sessions.erase(registration);
    }
};

HttpServer::HttpServer(net::io_context& io, const tcp::endpoint& endpoint, HttpHandler handler,
                       UpgradeHandler upgrade, ServerLimits limits)
    : state_(
          std::make_shared<State>(io, endpoint, std::move(handler), std::move(upgrade), limits)) {}

HttpServer::~HttpServer() {
    stop();
}

void HttpServer::enable_tls(std::shared_ptr<net::ssl::context> context, TlsUpgradeHandler upgrade) {
    state_->tls = std::move(context);
    state_->tls_upgrade = std::move(upgrade);
}

std::shared_ptr<net::ssl::context> make_tls_context(const TlsFiles& files) {
    auto context = std::make_shared<net::ssl::context>(net::ssl::context::tls_server);
    context->set_options(net::ssl::context::default_workarounds | net::ssl::context::no_sslv2 |
                         net::ssl::context::no_sslv3 | net::ssl::context::no_tlsv1 |
                         net::ssl::context::no_tlsv1_1 | net::ssl::context::single_dh_use);
    boost::system::error_code ec;
    context->use_certificate_chain_file(files.cert, ec);
    if (ec)
        throw std::runtime_error("TLS certificate " + files.cert + ": " + ec.message());
    context->use_private_key_file(files.key, net::ssl::context::pem, ec);
    if (ec)
        throw std::runtime_error("TLS key " + files.key + ": " + ec.message());
    if (SSL_CTX_check_private_key(context->native_handle()) != 1)
        throw std::runtime_error("TLS key " + files.key + " does not belong to the certificate " +
                                 files.cert);
    return context;
}

void HttpServer::start() {
    net::co_spawn(state_->acceptor.get_executor(), state_->accept_loop(), net::detached);
}

void HttpServer::stop() {
    if (state_->stopping)
        return;
    state_->stopping = true;
    boost::system::error_code ec;
    state_->acceptor.close(ec);
    for (auto& connection : state_->sessions)
        if (!connection.busy)
            connection.stream->socket().close(ec);
}

void HttpServer::count_connections(const std::uint64_t* websockets_open, std::uint64_t* refused) {
    state_->websockets_open = websockets_open;
    state_->refused = refused;
}

std::size_t HttpServer::open_connections() const {
    return state_->sessions.size();
}

tcp::endpoint HttpServer::local_endpoint() const {
    return state_->acceptor.local_endpoint();
}

HttpResponse text_response(const HttpRequest& request, http::status status, const std::string& body,
                           const std::string& content_type) {
    HttpResponse response(status, request.version());
    response.set(http::field::server, "counterhall");
    response.set(http::field::content_type, content_type);
    response.set(http::field::cache_control, "no-store");
    response.body() = body;
    response.prepare_payload();
    return response;
}

HttpResponse json_response(const HttpRequest& request, http::status status,
                           const std::string& body) {
    return text_response(request, status, body, "application/json; charset=utf-8");
}

}  // namespace hall::server
