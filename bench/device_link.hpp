// A hall device's WebSocket for the benchmark programs: asynchronous, one io thread, no parsing
// on the hot path.
#pragma once

#include <utility>  // before Asio's awaitable.hpp: Boost 1.74 uses std::exchange without it

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>

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

// One device's connection. send() and receive() may run at once (one of each). Its Beast stream
// is compiled once, in device_link.cpp.
class DeviceLink {
  public:
    explicit DeviceLink(net::any_io_executor executor);
    ~DeviceLink();
    DeviceLink(const DeviceLink&) = delete;
    DeviceLink& operator=(const DeviceLink&) = delete;

    // Connects, says hello with the token, and returns once the hello is accepted.
    net::awaitable<void> open(net::ip::tcp::endpoint server, const std::string& token);

    // A request answered before anything else is sent (setup only): events meanwhile are
    // skipped, the reply is parsed.
    net::awaitable<nlohmann::json> request(nlohmann::json message);

    net::awaitable<void> send(const std::string& text);

    // The next message; the view is valid until the next receive().
    net::awaitable<std::string_view> receive();

    const std::string& role() const { return role_; }
    int window() const { return window_; }  // a counter's or rating pad's window, else 0

  private:
    struct Stream;
    std::unique_ptr<Stream> stream_;
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
