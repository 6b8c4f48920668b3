#include "http_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

#include <stdexcept>

namespace hall::testing {

namespace http = boost::beast::http;

struct HttpConnection::State {
    boost::asio::io_context io;
    boost::asio::ip::tcp::socket socket{io};
    boost::beast::flat_buffer buffer;
};

HttpConnection::HttpConnection(unsigned short port) : state_(std::make_unique<State>()) {
    state_->socket.connect({boost::asio::ip::make_address("127.0.0.1"), port});
}

HttpConnection::~HttpConnection() = default;

HttpReply HttpConnection::send(std::string_view method, const std::string& target,
                               const std::string& body, const std::string& token) {
    const auto verb = http::string_to_verb({method.data(), method.size()});
    if (verb == http::verb::unknown)
        throw std::invalid_argument("unknown HTTP method " + std::string(method));
    http::request<http::string_body> request(verb, target, 11);
    request.set(http::field::host, "127.0.0.1");
    if (!token.empty())
        request.set(http::field::authorization, "Bearer " + token);
    if (!body.empty()) {
        request.set(http::field::content_type, "application/json");
        request.body() = body;
    }
    request.prepare_payload();
    http::write(state_->socket, request);
    http::response<http::string_body> response;
    http::read(state_->socket, state_->buffer, response);
    return {response.result_int(), response.body()};
}

HttpReply http_request(unsigned short port, std::string_view method, const std::string& target,
                       const std::string& body, const std::string& token) {
    HttpConnection connection(port);
    return connection.send(method, target, body, token);
}

}  // namespace hall::testing
