// A WebSocket device for end-to-end tests: connects to a real hall_server over loopback.
#pragma once

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>

#include <nlohmann/json.hpp>

#include <chrono>
#include <deque>
#include <stdexcept>
#include <string>

namespace hall::testing {

// Synchronous on purpose: each test thread drives its own devices step by step. Events that
// arrive while waiting for a reply are kept, in order, for next_event().
class WsDevice {
  public:
    explicit WsDevice(unsigned short port) : ws_(io_) {
        auto& socket = boost::beast::get_lowest_layer(ws_);
        socket.connect({boost::asio::ip::make_address("127.0.0.1"), port});
        socket.expires_after(std::chrono::seconds(10));
        ws_.handshake("127.0.0.1", "/ws");
    }

    void send_text(const std::string& text, bool binary = false) {
        boost::beast::get_lowest_layer(ws_).expires_after(std::chrono::seconds(10));
        ws_.binary(binary);
        ws_.write(boost::asio::buffer(text));
    }

    // Reads the next message of any kind.
    nlohmann::json read() {
        boost::beast::get_lowest_layer(ws_).expires_after(std::chrono::seconds(10));
        boost::beast::flat_buffer buffer;
        ws_.read(buffer);
        return nlohmann::json::parse(boost::beast::buffers_to_string(buffer.data()));
    }

    // Sends a request and returns its reply; events read meanwhile are kept.
    nlohmann::json request(nlohmann::json message) {
        auto id = ++next_id_;
        message["id"] = id;
        send_text(message.dump());
        return reply_to(id);
    }

    nlohmann::json reply_to(const nlohmann::json& id) {
        for (;;) {
            auto message = read();
            if (message.contains("event")) {
                events_.push_back(std::move(message));
                continue;
            }
            if (message["id"] == id)
                return message;
            throw std::runtime_error("unexpected reply " + message.dump());
        }
    }

    // hello, then the snapshot event that follows it.
    nlohmann::json hello(const std::string& token) {
        auto reply = request({{"op", "hello"}, {"token", token}});
        if (reply["ok"] == true)
            snapshot = next_event("snapshot");
        return reply;
    }

    // The next event of the given name (earlier events of other names are skipped).
    nlohmann::json next_event(const std::string& name) {
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

    bool is_open() const { return ws_.is_open(); }
    boost::beast::websocket::close_reason close_reason() const { return ws_.reason(); }

    nlohmann::json snapshot;

  private:
    boost::asio::io_context io_;
    boost::beast::websocket::stream<boost::beast::tcp_stream> ws_;
    std::deque<nlohmann::json> events_;
    int next_id_ = 0;
};

}  // namespace hall::testing
