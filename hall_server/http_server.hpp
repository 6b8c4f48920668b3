// The listening socket and HTTP/1.1 sessions (Boost.Beast), with every resource bounded.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>

#include <functional>
#include <memory>

namespace hall::server {

using HttpRequest = boost::beast::http::request<boost::beast::http::string_body>;
using HttpResponse = boost::beast::http::response<boost::beast::http::string_body>;
using HttpHandler = std::function<boost::asio::awaitable<HttpResponse>(const HttpRequest&)>;
// Takes over a connection whose request asks for a WebSocket upgrade.
using UpgradeHandler = std::function<void(boost::beast::tcp_stream, HttpRequest)>;

struct HttpLimits {
    std::size_t body_bytes = 64 * 1024;
    std::size_t header_bytes = 16 * 1024;
    int idle_seconds = 60;
    std::size_t connections = 4096;
};

// Accepts connections and serves each on its own coroutine on the io thread. A failed accept
// never ends the accept loop; stop() closes the acceptor and every open session.
class HttpServer {
  public:
    HttpServer(boost::asio::io_context& io, const boost::asio::ip::tcp::endpoint& endpoint,
               HttpHandler handler, UpgradeHandler upgrade, HttpLimits limits = {});
    ~HttpServer();
    void start();
    void stop();
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
