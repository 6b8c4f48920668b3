// The device's side of the protocol (docs/protocol.md) without any I/O: it writes requests with
// ids, matches replies to their handlers, and keeps the hall as the server's events describe it.
// The App feeds it what the ServerLink receives; tests feed it strings.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "catalog.hpp"

namespace kiosk {

struct Reply {
    bool ok = false;
    nlohmann::json result;
    std::string code;  // error code when !ok; "offline" when the link dropped before the reply
    std::string message;
};

struct QueueInfo {
    std::string queue, name, zone, prefix;
    int waiting = 0;
    int priority_waiting = 0;
    int open_windows = 0;
    std::int64_t longest_wait_ms = 0;
};

struct VisitFinished {
    int window = 0;
    std::string number;
    std::string staff;
    std::string staff_name;
    std::int64_t at_ms = 0;  // when it finished, by the server's clock
};

struct WindowInfo {
    int window = 0;
    std::string name, zone;
    bool open = false;
    bool on_break = false;
    std::string staff;
    std::string staff_name;              // the staff member's name, when someone is logged in
    std::optional<std::string> current;  // the number it holds
    std::string current_state;           // "called" or "serving"
    std::string current_queue;           // the queue of the ticket it holds
    std::string current_priority;        // its priority class: "none", "elderly", ...
    std::string current_item;            // the item chosen with it at the kiosk, if any
    int current_recalls_since_call = 0;  // what the hall's recall_limit bounds
    std::vector<std::string> parked;
    int served_today = 0;  // visits finished at this window today (the server's count)
    std::optional<VisitFinished> unrated;  // the last visit finished here, not rated yet
};

// "张娜 (S001)", or the staff id alone when the name is not known; "" when nobody is there.
std::string staff_shown(const WindowInfo& window);

struct CallInfo {
    std::string number;
    int window = 0;
    std::string window_name;
    std::string queue;
    bool recall = false;
    std::int64_t at_ms = 0;
};

// What the server says about the hall right now.
struct HallModel {
    std::string hall;
    std::string day;
    bool day_closed = false;
    std::vector<QueueInfo> queues;
    std::vector<WindowInfo> windows;
    std::deque<CallInfo> recent_calls;  // newest first, at most 10
    std::vector<std::string> notices;   // oldest first, at most 5
    std::int64_t now_ms = 0;            // the server's time at hello, for the kiosk's clock offset

    const QueueInfo* queue(std::string_view code) const;
    const WindowInfo* window(int number) const;
};

struct DeviceInfo {
    std::string device;
    std::string role;
    int window = 0;  // 0 when the device has none
};

// One event as the App and screens see it.
struct Event {
    std::string name;
    nlohmann::json data;
};

// Reads the `catalog` result into the core's Catalog; fields it does not know are ignored.
hall::Catalog catalog_from_json(const nlohmann::json& json);

class HallClient {
  public:
    using Send = std::function<void(std::string)>;
    using Handler = std::function<void(const Reply&)>;

    using SteadyClock = std::function<std::chrono::steady_clock::time_point()>;

    // How long a request that must take effect once is kept for resending while the link is down.
    static constexpr std::chrono::seconds retry_window{60};

    HallClient(
        std::string token, Send send,
        SteadyClock now = [] { return std::chrono::steady_clock::now(); })
        : token_(std::move(token)), send_(std::move(send)), now_(std::move(now)) {}

    // The link is up: say hello, then fetch the catalog.
    void on_connected();
    // The link is down: every pending request fails with "offline", but for those sent with
    // request_once, which wait to be sent again.
    void on_disconnected();
    // One text frame from the server; returns the events it carried (already applied).
    std::vector<Event> on_message(std::string_view text);

    // Sends {"id": n, "op": op, ...fields}; the handler runs once with the reply. Refused at
    // once (code "offline") when the device is not signed in.
    void request(const std::string& op, nlohmann::json fields, Handler handler);
    // For a request that must take effect at most once (issue, check_in): it carries a fresh
    // idempotency key, and if the link drops before its reply it is sent again with the SAME key
    // once the device is signed in again, so the server answers with what the first one did.
    // The handler runs once. A request still unanswered after retry_window gives up ("offline").
    void request_once(const std::string& op, nlohmann::json fields, Handler handler);

    bool online() const { return ready_; }
    bool has_catalog() const { return catalog_loaded_; }
    const HallModel& model() const { return model_; }
    const DeviceInfo& device() const { return device_; }
    const hall::Catalog& catalog() const { return catalog_; }
    // The refusal of the last hello (e.g. "unauthenticated"), shown on screen.
    const std::string& hello_error() const { return hello_error_; }
    std::size_t pending() const { return handlers_.size() + unanswered_.size(); }

  private:
    // A request_once request: kept until it is answered, to be sent again after a reconnect.
    struct Retained {
        std::string op;
        nlohmann::json fields;  // with its idempotency key
        Handler handler;
        std::chrono::steady_clock::time_point first_sent;
    };

    void apply(const Event& event);
    std::int64_t send_request(const std::string& op, nlohmann::json fields, Handler handler);
    void send_retained(Retained retained);
    void resend_unanswered();

    std::string token_;
    Send send_;
    bool connected_ = false;
    bool ready_ = false;
    bool catalog_loaded_ = false;
    std::int64_t next_id_ = 1;
    SteadyClock now_;
    std::map<std::int64_t, Handler> handlers_;
    std::map<std::int64_t, Retained> retained_;  // by the id of their latest send
    std::vector<Retained> unanswered_;           // sent before the link dropped, not answered
    HallModel model_;
    DeviceInfo device_;
    hall::Catalog catalog_;
    std::string hello_error_;
};

QueueInfo queue_from_json(const nlohmann::json& json);
WindowInfo window_from_json(const nlohmann::json& json);
CallInfo call_from_json(const nlohmann::json& json);
VisitFinished visit_finished_from_json(const nlohmann::json& json);

}  // namespace kiosk
