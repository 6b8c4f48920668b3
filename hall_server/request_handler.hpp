// The operations of the protocol: checks a request's role and fields, runs it on the engine,
// waits until it is durable, and builds the reply. Shared by the WebSocket and REST.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/thread_pool.hpp>

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

#include "device_registry.hpp"
#include "message_decoder.hpp"

namespace hall {
class QueueEngine;
struct Ticket;
}  // namespace hall

namespace hall::server {

class EventHub;
class HallService;
class StaffGuard;
struct Metrics;

// A reply without its id: {"ok": true, "result": ...} or {"ok": false, "error": {...}}.
nlohmann::json error_reply(const std::string& code, const std::string& message);

// A reply as it is sent, less its id: its JSON text, one of the two objects above, and the
// error's code (empty when it is ok).
struct Reply {
    std::string text;
    std::string error;
    bool ok() const { return error.empty(); }
};
// The text and code of a reply built as a tree.
Reply reply_of(const nlohmann::json& reply);
// {"ok": true, "result": {"ticket": ...}}, written straight as text (write_ticket_status).
Reply ticket_reply(const QueueEngine& engine, const Ticket& ticket,
                   std::string_view status_url = {});

// The HTTP status that goes with an error code.
unsigned http_status_of(const std::string& code);

// The name a request is counted under in /metrics: the operation's, or "unknown" for a name that
// is no operation (a name sent by a device is not a label of its own).
std::string metric_op_name(std::string_view op);
// Whether POST /api/windows/<n>/<op> takes it: an operation only counters and rating pads do.
bool is_window_operation(std::string_view op);

// Lives on the io thread. PIN checks run on a small thread pool: argon2id takes ~0.1 s of CPU
// and must not stall the hall.
class RequestHandler {
  public:
    RequestHandler(HallService& hall, EventHub& hub, Metrics& metrics);
    ~RequestHandler();

    // Runs one request (a JSON object with "op") for an authenticated device.
    boost::asio::awaitable<Reply> handle(const Device& device, const nlohmann::json& request);
    // The catalog reply, prepared once.
    const Reply& catalog() const { return catalog_; }
    // "https://hall.example.cn": ticket status links become absolute (the QR code on paper).
    void set_public_url(std::string url) { public_url_ = std::move(url); }

  private:
    boost::asio::awaitable<Reply> run(const Device& device, const std::string& op,
                                      const nlohmann::json& request);
    boost::asio::awaitable<Reply> login(const Device& device, const nlohmann::json& request);
    boost::asio::awaitable<Reply> test_clock(const nlohmann::json& request);

    HallService& hall_;
    EventHub& hub_;
    Metrics& metrics_;
    std::unique_ptr<StaffGuard> guard_;
    boost::asio::thread_pool pin_pool_;
    Reply catalog_;
    std::string public_url_;
};

}  // namespace hall::server
