// A hall device's WebSocket for the benchmark programs: asynchronous, one io thread, no parsing
// on the hot path.
#pragma once

#include <utility>  // before Asio's awaitable.hpp: Boost 1.74 uses std::exchange without it

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/websocket.hpp>

#include <nlohmann/json.hpp>

#include <charconv>
#include <cstdint>
#include <fstream>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace hall::bench {

namespace net = boost::asio;
namespace beast = boost::beast;

// What a reply says, read without a JSON parser; nullopt for a pushed event.
struct ReplyInfo {
    std::uint64_t id = 0;
    bool ok = false;
};

// The server writes object keys in sorted order, so a reply starts `{"id":N,"ok":...` and an
// event `{"data":`. Anything else is parsed in full.
inline std::optional<ReplyInfo> read_reply(std::string_view text) {
    constexpr std::string_view id_prefix = "{\"id\":";
    if (text.starts_with(id_prefix)) {
        ReplyInfo info;
        const char* begin = text.data() + id_prefix.size();
        auto [end, error] = std::from_chars(begin, text.data() + text.size(), info.id);
        if (error == std::errc()) {
            info.ok =
                std::string_view(end, static_cast<std::size_t>(text.data() + text.size() - end))
                    .starts_with(",\"ok\":true");
            return info;
        }
    }
    if (text.starts_with("{\"data\":"))
        return std::nullopt;
    auto message = nlohmann::json::parse(text, nullptr, false);
    if (message.is_object() && message.contains("event"))
        return std::nullopt;
    if (!message.is_object() || !message.contains("id") || !message["id"].is_number_unsigned())
        throw std::runtime_error("unexpected message: " + std::string(text.substr(0, 200)));
    return ReplyInfo{message["id"].get<std::uint64_t>(), message.value("ok", false)};
}

// One device's connection. send() and receive() may run at once (one of each).
class DeviceLink {
  public:
    explicit DeviceLink(net::any_io_executor executor) : ws_(std::move(executor)) {}

    // Connects, says hello with the token, and returns once the hello is accepted.
    net::awaitable<void> open(net::ip::tcp::endpoint server, const std::string& token) {
        auto& tcp = beast::get_lowest_layer(ws_);
        tcp.expires_after(std::chrono::seconds(30));
        co_await tcp.async_connect(server, net::use_awaitable);
        tcp.socket().set_option(net::ip::tcp::no_delay(true));
        tcp.expires_never();
        co_await ws_.async_handshake("127.0.0.1", "/ws", net::use_awaitable);
        ws_.text(true);
        // Named first: g++ 12 cannot keep a braced list alive across co_await.
        nlohmann::json hello = {{"op", "hello"}, {"token", token}};
        auto reply = co_await request(std::move(hello));
        if (reply.value("ok", false) != true)
            throw std::runtime_error("hello refused: " + reply.dump());
        role_ = reply["result"].value("role", "");
        if (reply["result"]["window"].is_number_integer())
            window_ = reply["result"]["window"].get<int>();
    }

    // A request answered before anything else is sent (setup only): events meanwhile are
    // skipped, the reply is parsed.
    net::awaitable<nlohmann::json> request(nlohmann::json message) {
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

    net::awaitable<void> send(const std::string& text) {
        co_await ws_.async_write(net::buffer(text), net::use_awaitable);
    }

    // The next message; the view is valid until the next receive().
    net::awaitable<std::string_view> receive() {
        buffer_.clear();
        co_await ws_.async_read(buffer_, net::use_awaitable);
        auto data = buffer_.cdata();
        co_return std::string_view(static_cast<const char*>(data.data()), data.size());
    }

    const std::string& role() const { return role_; }
    int window() const { return window_; }  // a counter's or rating pad's window, else 0

  private:
    beast::websocket::stream<beast::tcp_stream> ws_;
    beast::flat_buffer buffer_;
    std::string role_;
    int window_ = 0;
    int setup_requests_ = 0;
};

// Device tokens, one a line (as `hall_server device add` prints them).
inline std::vector<std::string> read_tokens(const std::string& path) {
    std::ifstream in(path);
    if (!in)
        throw std::runtime_error("cannot read " + path);
    std::vector<std::string> tokens;
    for (std::string line; std::getline(in, line);)
        if (!line.empty())
            tokens.push_back(line);
    return tokens;
}

}  // namespace hall::bench
