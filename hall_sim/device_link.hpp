// One simulated device's WebSocket to the hall server: pipelined requests matched to their
// replies by id, pushed events counted, and a new connection when the link drops.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/websocket/stream.hpp>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <string>

namespace hall::sim {

// Lives on the simulator's one io thread; callbacks run there. Requests sent before the link is
// up wait in order. A `rate_limited` reply changed nothing, so the request is sent again a
// little later. When the link drops, requests with an idempotency key are sent again on the new
// link (the server gives the same ticket); any other unanswered request is answered with the
// code `link_lost`, since whether the server carried it out is unknown.
class DeviceLink : public std::enable_shared_from_this<DeviceLink> {
  public:
    using OnReply = std::function<void(const nlohmann::json& reply)>;

    DeviceLink(boost::asio::io_context& io, boost::asio::ip::tcp::endpoint server,
               std::string token);

    // Connects, says hello, and keeps the link up until close().
    void start();
    void close();
    void request(nlohmann::json message, OnReply on_reply);

    bool ready() const { return ready_; }
    // Requests sent and not answered yet, over every link: the simulator's step waits for 0.
    static std::int64_t in_flight() { return in_flight_; }
    // Requests the server refused as rate_limited and that were sent again, over every link.
    static std::int64_t resent() { return resent_; }
    // Called whenever the last request in flight is answered.
    static void when_all_answered(std::function<void()> hook) { all_answered_ = std::move(hook); }
    std::int64_t calls_seen() const { return calls_seen_; }
    std::int64_t events_seen() const { return events_seen_; }
    int reconnects() const { return reconnects_; }
    const std::string& device() const { return device_; }

  private:
    struct Pending {
        nlohmann::json message;
        OnReply on_reply;
        bool sent = false;
    };

    boost::asio::awaitable<void> run(std::shared_ptr<DeviceLink> self);
    using Stream = boost::beast::websocket::stream<boost::beast::tcp_stream>;
    boost::asio::awaitable<void> writer(std::shared_ptr<DeviceLink> self,
                                        std::shared_ptr<Stream> ws);
    void on_message(const std::string& text);
    void answer(std::int64_t id, const nlohmann::json& reply);
    void resend_later(std::int64_t id);
    void link_lost();

    boost::asio::io_context& io_;
    boost::asio::ip::tcp::endpoint server_;
    std::string token_;
    std::string device_;
    std::shared_ptr<Stream> ws_;  // the writer of a dropped link keeps its own until it ends
    boost::asio::steady_timer wake_;
    std::map<std::int64_t, Pending> pending_;  // by id
    std::deque<std::int64_t> outbox_;          // ids to send, in order
    std::int64_t next_id_ = 1;
    std::int64_t hello_id_ = 0;
    bool ready_ = false;
    bool closing_ = false;
    int reconnects_ = 0;
    std::int64_t calls_seen_ = 0;
    std::int64_t events_seen_ = 0;
    static inline std::int64_t in_flight_ = 0;
    static inline std::int64_t resent_ = 0;
    static inline std::function<void()> all_answered_;
};

}  // namespace hall::sim
