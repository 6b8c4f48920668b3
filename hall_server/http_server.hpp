// The listening socket and HTTP/1.1 sessions (Boost.Beast), with every resource bounded.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>

#include "server_config.hpp"

namespace hall::server {

using HttpRequest = boost::beast::http::request<boost::beast::http::string_body>;
using HttpResponse = boost::beast::http::response<boost::beast::http::string_body>;
// Answers a request; `within_rate` is false when its connection has sent more than the
// request rate allows (ServerLimits), and the answer should say so.
using HttpHandler =
    std::function<boost::asio::awaitable<HttpResponse>(const HttpRequest&, bool within_rate)>;
// Takes over a connection whose request asks for a WebSocket upgrade.
using UpgradeHandler = std::function<void(boost::beast::tcp_stream, HttpRequest)>;
using TlsStream = boost::beast::ssl_stream<boost::beast::tcp_stream>;
using TlsUpgradeHandler = std::function<void(TlsStream, HttpRequest)>;

// The server's TLS context from its certificate chain and key (PEM); TLS 1.2 or newer.
// Throws std::runtime_error naming the file that could not be used.
std::shared_ptr<boost::asio::ssl::context> make_tls_context(const TlsFiles& files);

// Accepts connections and serves each on its own coroutine on the io thread. A failed accept
// never ends the accept loop. stop() closes the acceptor and every connection waiting for a
// request; one busy with a request answers it (with `Connection: close`), then closes.
class HttpServer {
  public:
    HttpServer(boost::asio::io_context& io, const boost::asio::ip::tcp::endpoint& endpoint,
               HttpHandler handler, UpgradeHandler upgrade, ServerLimits limits = {});
    ~HttpServer();
    // Every connection then speaks TLS (HTTPS, and WSS through `upgrade`). Before start().
    void enable_tls(std::shared_ptr<boost::asio::ssl::context> context, TlsUpgradeHandler upgrade);
    void start();
    void stop();
    // HTTP connections still open (a WebSocket is no longer one once upgraded).
    std::size_t open_connections() const;
    // The WebSocket connections open, which count toward [limits] connections with the HTTP
    // ones, and the counter of connections closed at once for that limit. Before start().
    void count_connections(const std::uint64_t* websockets_open, std::uint64_t* refused);
    boost::asio::ip::tcp::endpoint local_endpoint() const;

  private:
    struct State;
    std::shared_ptr<State> state_;
};

HttpResponse json_response(const HttpRequest& request, boost::beast::http::status status,
                           const std::string& body);
HttpResponse text_response(const HttpRequest& request, boost::beast::http::status status,
                           const std::string& body, const std::string& content_type);

}  // namespace hall::server
