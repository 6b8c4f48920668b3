// Turns committed events into the protocol's pushed events and hands each to the devices
// that receive it.
#pragma once

#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "event.hpp"
#include "event_audience.hpp"

namespace hall::server {

class HallService;
struct Metrics;

// A connected device that receives pushed events (a WebSocket session).
class Subscriber {
  public:
    virtual ~Subscriber() = default;
    // Queues a message; the subscriber drops itself if it cannot keep up.
    virtual void deliver(std::shared_ptr<const std::string> message) = 0;
    virtual const std::string& device_name() const = 0;
    // Drops the connection at once (a device that stopped reading, or one still open when the
    // stopping server exits).
    virtual void close() = 0;
    // Leaves the hub and ends the connection with a WebSocket close frame once what is queued and
    // the answers to the requests in flight are written (a revoked device, the server stopping):
    // code and reason as RFC 6455 has them, e.g. 1008 "device revoked".
    virtual void end(int code, std::string reason) = 0;
};

// Lives on the io thread. A broadcast is one immutable string shared by the outboxes of the
// devices whose role receives it (event_audience.hpp). Calls,
// finished visits, notices and the day's close go out at once; the queue and window states they
// change are sent after them, at most once per `status_interval`, as one `status` event per
// device holding every changed state it receives: under load a device then gets one message per
// interval instead of one per ticket, queue and window.
class EventHub {
  public:
    EventHub(HallService& hall, Metrics& metrics);

    void join(Subscriber* subscriber, Audience audience) { subscribers_[subscriber] = audience; }
    void leave(Subscriber* subscriber) { subscribers_.erase(subscriber); }
    std::size_t size() const { return subscribers_.size(); }

    // What a device shows on (re)connecting: the `snapshot` event's data.
    nlohmann::json snapshot() const;

  private:
    // The subscribers now, to walk while closing some of them (which leaves the map).
    std::vector<Subscriber*> connected() const;
    void on_events(const std::vector<Event>& events);
    void on_tick();
    void broadcast(PushedEvent kind, const char* event, const PushedAbout& about,
                   nlohmann::json data);
    void schedule_status_flush();
    void flush_statuses();

    HallService& hall_;
    Metrics& metrics_;
    std::map<Subscriber*, Audience> subscribers_;
    std::string day_;
    std::int64_t published_seq_;  // the last event published
    int ticks_ = 0;
    std::set<std::string> dirty_queues_;  // changed since the last flush
    std::set<int> dirty_windows_;
    boost::asio::steady_timer status_timer_;
    bool status_flush_scheduled_ = false;
    std::chrono::steady_clock::time_point last_status_flush_;
};

}  // namespace hall::server
