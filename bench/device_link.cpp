#include "device_link.hpp"

#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/websocket.hpp>

#include <chrono>

namespace hall::bench {

namespace beast = boost::beast;

struct DeviceLink::Stream {
    explicit Stream(net::any_io_executor executor) : ws(std::move(executor)) {}
    beast::websocket::stream<beast::tcp_stream> ws;
    beast::flat_buffer buffer;
};

DeviceLink::DeviceLink(net::any_io_executor executor)
    : stream_(std::make_unique<Stream>(std::move(executor))) {}

DeviceLink::~DeviceLink() = default;

net::awaitable<void> DeviceLink::open(net::ip::tcp::endpoint server, const std::string& token) {
    auto& ws = stream_->ws;
    auto& tcp = beast::get_lowest_layer(ws);
    tcp.expires_after(std::chrono::seconds(30));
    co_await tcp.async_connect(server, net::use_awaitable);
    tcp.socket().set_option(net::ip::tcp::no_delay(true));
    tcp.expires_never();
    co_await ws.async_handshake("127.0.0.1", "/ws", net::use_awaitable);
    ws.text(true);
    // Named first: g++ 12 cannot keep a braced list alive across co_await.
    nlohmann::json hello = {{"op", "hello"}, {"token", token}};
    auto reply = co_await request(std::move(hello));
    if (reply.value("ok", false) != true)
        throw std::runtime_error("hello refused: " + reply.dump());
    role_ = reply["result"].value("role", "");
    if (reply["result"]["window"].is_number_integer())
        window_ = reply["result"]["window"].get<int>();
}

net::awaitable<nlohmann::json> DeviceLink::request(nlohmann::json message) {
    const std::string id = "setup-" + std::to_string(++setup_requests_);
    message["id"] = id;
    co_await send(message.dump());
    for (;;) {
        auto text = co_await receive();
        if (text.starts_with("{\"data\":"))
            continue;
        auto reply = nlohmann::json::parse(text);
        if (reply.value("id", nlohmann::json()) == id)
            co_return reply;
    }
}

net::awaitable<void> DeviceLink::send(const std::string& text) {
    co_await stream_->ws.async_write(net::buffer(text), net::use_awaitable);
}

net::awaitable<std::string_view> DeviceLink::receive() {
    auto& buffer = stream_->buffer;
    buffer.clear();
    co_await stream_->ws.async_read(buffer, net::use_awaitable);
    auto data = buffer.cdata();
    co_return std::string_view(static_cast<const char*>(data.data()), data.size());
}

}  // namespace hall::bench
