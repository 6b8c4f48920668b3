#include "ws_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>

#include <chrono>
#include <stdexcept>

namespace hall::testing {

struct WsDevice::Link {
    boost::asio::io_context io;
    boost::beast::websocket::stream<boost::beast::tcp_stream> ws{io};

    void arm() { boost::beast::get_lowest_layer(ws).expires_after(std::chrono::seconds(10)); }
};

WsDevice::WsDevice(unsigned short port) : link_(std::make_unique<Link>()) {
    auto& socket = boost::beast::get_lowest_layer(link_->ws);
    socket.connect({boost::asio::ip::make_address("127.0.0.1"), port});
    // Each message goes out at once, as from a device: Nagle would hold a second small message
    // until the first is acknowledged, and tests of requests in flight need both on the wire.
    socket.socket().set_option(boost::asio::ip::tcp::no_delay(true));
    link_->arm();
    link_->ws.handshake("127.0.0.1", "/ws");
}

WsDevice::~WsDevice() = default;

void WsDevice::send_text(const std::string& text, bool binary) {
    link_->arm();
    link_->ws.binary(binary);
    link_->ws.write(boost::asio::buffer(text));
}

std::string WsDevice::read_text() {
    link_->arm();
    boost::beast::flat_buffer buffer;
    link_->ws.read(buffer);
    return boost::beast::buffers_to_string(buffer.data());
}

nlohmann::json WsDevice::read() {
    return nlohmann::json::parse(read_text());
}

nlohmann::json WsDevice::request(nlohmann::json message) {
    auto id = ++next_id_;
    message["id"] = id;
    send_text(message.dump());
    return reply_to(id);
}

nlohmann::json WsDevice::reply_to(const nlohmann::json& id) {
    for (;;) {
        auto text = read_text();
        // An event not kept is dropped unparsed: the server writes an object's keys in sorted
        // order, so an event starts with "data" and a reply with "id".
        if (!keep_events_ && text.starts_with("{\"data\":"))
            continue;
        auto message = nlohmann::json::parse(text);
        if (message.contains("event")) {
            if (keep_events_)
                events_.push_back(std::move(message));
            continue;
        }
        if (message["id"] == id)
            return message;
        throw std::runtime_error("unexpected reply " + message.dump());
    }
}

nlohmann::json WsDevice::hello(const std::string& token) {
    auto reply = request({{"op", "hello"}, {"token", token}});
    if (reply["ok"] == true)
        snapshot = next_event("snapshot");
    return reply;
}

nlohmann::json WsDevice::next_event(const std::string& name) {
    for (;;) {
        nlohmann::json message;
        if (!events_.empty()) {
            message = std::move(events_.front());
            events_.pop_front();
        } else {
            message = read();
        }
        if (message.value("event", "") == name)
            return message["data"];
    }
}

std::vector<nlohmann::json> WsDevice::events_until(const std::string& name) {
    std::vector<nlohmann::json> events;
    for (;;) {
        if (!events_.empty()) {
            events.push_back(std::move(events_.front()));
            events_.pop_front();
        } else {
            events.push_back(read());
        }
        if (events.back().value("event", "") == name)
            return events;
    }
}

bool WsDevice::is_open() const {
    return link_->ws.is_open();
}

CloseReason WsDevice::close_reason() const {
    const auto& reason = link_->ws.reason();
    return {static_cast<int>(reason.code), std::string(reason.reason.data(), reason.reason.size())};
}

}  // namespace hall::testing
