// Translation of the hall's log into pushed events, and their fan-out.
#include "event_hub.hpp"

#include <algorithm>
#include <map>

#include "hall_service.hpp"
#include "metrics.hpp"
#include "protocol_json.hpp"

namespace hall::server {

namespace {
constexpr int device_check_ticks = 5;  // check for revoked devices every 5 seconds
// Queue counts and window states at most 20 times a second: quicker than a board redraws.
constexpr auto status_interval = std::chrono::milliseconds(50);
}  // namespace

EventHub::EventHub(HallService& hall, Metrics& metrics)
    : hall_(hall),
      metrics_(metrics),
      day_(hall.engine().day()),
      published_seq_(hall.engine().next_seq() - 1),  // the engine holds only the log yet
      status_timer_(hall.io()) {
    hall_.subscribe([this](const std::vector<Event>& events) { on_events(events); });
    hall_.on_tick([this] { on_tick(); });
}

nlohmann::json EventHub::snapshot() const {
    return hall_state_json(hall_.engine(), published_seq_);
}

void EventHub::broadcast(PushedEvent kind, const char* event, const PushedAbout& about,
                         nlohmann::json data) {
    const auto& catalog = hall_.engine().catalog();
    std::vector<Subscriber*> receivers;
    receivers.reserve(subscribers_.size());
    for (const auto& [subscriber, audience] : subscribers_)
        if (receives(audience, kind, about, catalog))
            receivers.push_back(subscriber);
    if (receivers.empty())
        return;
    nlohmann::json message = {{"event", event}, {"data", std::move(data)}};
    auto text = std::make_shared<const std::string>(message.dump());
    // A subscriber may drop itself while delivering: check that it is still there.
    for (auto* subscriber : receivers) {
        if (subscribers_.count(subscriber))
            subscriber->deliver(text);
    }
    metrics_.events_pushed += receivers.size();
}

std::vector<Subscriber*> EventHub::connected() const {
    std::vector<Subscriber*> list;
    list.reserve(subscribers_.size());
    for (const auto& entry : subscribers_)
        list.push_back(entry.first);
    return list;
}

void EventHub::on_events(const std::vector<Event>& events) {
    if (!events.empty())
        published_seq_ = std::max(published_seq_, events.back().seq);
    const auto& engine = hall_.engine();
    const auto& catalog = engine.catalog();
    std::set<std::string> queues;
    std::set<int> windows;
    auto staff_changed = [&](const Event& e) {
        if (!e.window)
            return;
        windows.insert(*e.window);
        // The number of open windows of each of its queues changed.
        if (const auto* w = catalog.window(*e.window))
            queues.insert(w->queues.begin(), w->queues.end());
    };
    for (const auto& e : events) {
        switch (e.type) {
            case EventType::ticket_called:
            case EventType::ticket_recalled: {
                broadcast(PushedEvent::call, "call", {e.window, e.queue},
                          call_json(shown_call(e), catalog));
                if (e.window)
                    windows.insert(*e.window);
                queues.insert(e.queue);
                break;
            }
            case EventType::visit_finished: {
                broadcast(PushedEvent::visit_finished, "visit_finished", {e.window, {}},
                          visit_json(e.window.value_or(0), e.data.value("number", ""), e.staff,
                                     e.at_ms, catalog));
                if (e.window)
                    windows.insert(*e.window);
                break;
            }
            case EventType::ticket_issued:
            case EventType::ticket_cancelled:
            case EventType::ticket_unserved:
                queues.insert(e.queue);
                if (e.window)
                    windows.insert(*e.window);
                break;
            case EventType::ticket_transferred:
                queues.insert(e.data.value("to_queue", e.queue));
                if (e.window)
                    windows.insert(*e.window);
                break;
            case EventType::service_started:
            case EventType::ticket_no_show:
            case EventType::ticket_parked:
            case EventType::ticket_rated:  // the window's `unrated` is gone
                if (e.window)
                    windows.insert(*e.window);
                break;
            case EventType::staff_login:
            case EventType::staff_logout:
            case EventType::break_started:
            case EventType::break_ended:
                staff_changed(e);
                break;
            case EventType::day_closed:
                broadcast(PushedEvent::day_closed, "day_closed", {},
                          {{"day", e.day}, {"unserved", e.data.value("unserved", 0)}});
                break;
            case EventType::notice_posted:
                broadcast(PushedEvent::notice, "notice", {}, notice_json(posted_notice(e)));
                break;
            case EventType::item_handled:
                break;
        }
    }
    if (windows.empty() && queues.empty())
        return;
    dirty_windows_.merge(windows);
    dirty_queues_.merge(queues);
    schedule_status_flush();
}

void EventHub::schedule_status_flush() {
    if (status_flush_scheduled_)
        return;
    status_flush_scheduled_ = true;
    // Through the timer even when due now: the rest of a committed batch, already posted to the
    // io thread, is published before the flush and shares it.
    status_timer_.expires_at(
        std::max(std::chrono::steady_clock::now(), last_status_flush_ + status_interval));
    status_timer_.async_wait([this](boost::system::error_code ec) {
        if (!ec)
            flush_statuses();
    });
}

void EventHub::flush_statuses() {
    status_flush_scheduled_ = false;
    last_status_flush_ = std::chrono::steady_clock::now();
    const auto& engine = hall_.engine();
    const auto& catalog = engine.catalog();
    auto windows = std::move(dirty_windows_);
    auto queues = std::move(dirty_queues_);
    dirty_windows_.clear();
    dirty_queues_.clear();

    // Each changed state is rendered once; each device then gets one `status` event holding
    // those of them it receives, and devices that receive the same ones share its text.
    struct State {
        PushedEvent kind;
        PushedAbout about;
        nlohmann::json json;
    };
    std::vector<State> states;
    for (int number : windows)
        states.push_back({PushedEvent::window,
                          {number, {}},
                          window_status_json(engine.window_status(number), catalog)});
    const auto statuses = queues.empty() ? std::vector<QueueStatus>{} : engine.queue_statuses();
    for (const auto& status : statuses)
        if (queues.count(status.queue))
            states.push_back({PushedEvent::queue,
                              {std::nullopt, status.queue},
                              queue_status_json(status, catalog)});
    if (states.empty())
        return;

    std::map<std::vector<bool>, std::shared_ptr<const std::string>> texts;
    std::vector<std::pair<Subscriber*, std::shared_ptr<const std::string>>> deliveries;
    for (const auto& [subscriber, audience] : subscribers_) {
        std::vector<bool> picked(states.size());
        bool any = false;
        for (std::size_t i = 0; i < states.size(); ++i) {
            picked[i] = receives(audience, states[i].kind, states[i].about, catalog);
            any = any || picked[i];
        }
        if (!any)
            continue;
        auto& text = texts[picked];
        if (!text) {
            nlohmann::json data = {{"queues", nlohmann::json::array()},
                                   {"windows", nlohmann::json::array()}};
            for (std::size_t i = 0; i < states.size(); ++i)
                if (picked[i])
                    data[states[i].kind == PushedEvent::queue ? "queues" : "windows"].push_back(
                        states[i].json);
            text = std::make_shared<const std::string>(
                nlohmann::json{{"event", "status"}, {"data", std::move(data)}}.dump());
        }
        deliveries.emplace_back(subscriber, text);
    }
    // A subscriber may drop itself while delivering: check that it is still there.
    for (auto& [subscriber, text] : deliveries)
        if (subscribers_.count(subscriber))
            subscriber->deliver(std::move(text));
    metrics_.events_pushed += deliveries.size();
}

void EventHub::on_tick() {
    if (hall_.engine().day() != day_) {
        // A new day: every device starts again from a fresh snapshot.
        day_ = hall_.engine().day();
        broadcast(PushedEvent::snapshot, "snapshot", {}, snapshot());
    }
    if (++ticks_ % device_check_ticks == 0) {
        std::set<std::string> active;
        for (const auto& device : hall_.devices().list())
            if (!device.revoked_ms)
                active.insert(device.name);
        for (auto* subscriber : connected())
            if (subscribers_.count(subscriber) && !subscriber->device_name().empty() &&
                !active.count(subscriber->device_name()))
                subscriber->end(1008, "device revoked");
    }
}

}  // namespace hall::server
