// A WebSocket device for end-to-end tests: connects to a real hall_server over loopback. Beast
// stays inside ws_client.cpp so that each test file need not compile it again.
#pragma once

#include <nlohmann/json.hpp>

#include <deque>
#include <memory>
#include <string>
#include <vector>

namespace hall::testing {

// How the server closed the connection (RFC 6455 code, 0 while open or when none was sent).
struct CloseReason {
    int code = 0;
    std::string reason;
};

// Synchronous on purpose: each test thread drives its own devices step by step. Events that
// arrive while waiting for a reply are kept, in order, for next_event(). Every read and write
// gives up after 10 s.
class WsDevice {
  public:
    explicit WsDevice(unsigned short port);
    ~WsDevice();
    WsDevice(const WsDevice&) = delete;
    WsDevice& operator=(const WsDevice&) = delete;

    void send_text(const std::string& text, bool binary = false);

    // Reads the next message of any kind.
    nlohmann::json read();

    // Sends a request and returns its reply; events read meanwhile are kept.
    nlohmann::json request(nlohmann::json message);

    nlohmann::json reply_to(const nlohmann::json& id);

    // hello, then the snapshot event that follows it.
    nlohmann::json hello(const std::string& token);

    // The next event of the given name (earlier events of other names are skipped).
    nlohmann::json next_event(const std::string& name);
    // Every event up to and including the next one of the given name, in the order received.
    std::vector<nlohmann::json> events_until(const std::string& name);

    // A device that never asks for events (a load generator) should not keep them: a board or a
    // kiosk gets an event for most changes, and over a long run they would fill the memory.
    void keep_events(bool keep) {
        keep_events_ = keep;
        if (!keep)
            events_.clear();
    }

    bool is_open() const;
    CloseReason close_reason() const;

    nlohmann::json snapshot;

  private:
    std::string read_text();  // the next message, as sent

    struct Link;
    std::unique_ptr<Link> link_;
    std::deque<nlohmann::json> events_;
    int next_id_ = 0;
    bool keep_events_ = true;
};

}  // namespace hall::testing
