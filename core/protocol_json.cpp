// JSON forms of tickets, queues, windows and refusals.
#include "protocol_json.hpp"

namespace hall {

namespace {
template <typename T>
nlohmann::json optional_json(const std::optional<T>& value) {
    return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}
}  // namespace

nlohmann::json ticket_json(const Ticket& t) {
    return {{"id", t.id},
            {"day", t.day},
            {"number", t.number},
            {"queue", t.queue},
            {"zone", t.zone},
            {"priority", to_string(t.priority)},
            {"channel", to_string(t.channel)},
            {"state", to_string(t.state)},
            {"issued_ms", t.issued_ms},
            {"called_ms", optional_json(t.called_ms)},
            {"started_ms", optional_json(t.started_ms)},
            {"finished_ms", optional_json(t.finished_ms)},
            {"window", optional_json(t.window)},
            {"recalls", t.recalls},
            {"transfers", t.transfers}};
}

nlohmann::json ticket_status_json(const QueueEngine& engine, const Ticket& t) {
    auto json = ticket_json(t);
    auto estimate = engine.estimate(t);
    json["ahead"] = estimate.ahead;
    json["expected_wait_ms"] = estimate.expected_wait_ms;
    json["open_windows"] = estimate.open_windows;
    if (const auto* q = engine.catalog().queue(t.queue))
        json["queue_name"] = q->name;
    if (const auto* z = engine.catalog().zone(t.zone))
        json["zone_name"] = z->name;
    return json;
}

nlohmann::json queue_status_json(const QueueStatus& s, const Catalog& catalog) {
    nlohmann::json json = {{"queue", s.queue},
                           {"waiting", s.waiting},
                           {"priority_waiting", s.priority_waiting},
                           {"open_windows", s.open_windows},
                           {"longest_wait_ms", s.longest_wait_ms},
                           {"mean_service_ms", s.mean_service_ms}};
    if (const auto* q = catalog.queue(s.queue)) {
        json["name"] = q->name;
        json["zone"] = q->zone;
        json["prefix"] = q->prefix;
    }
    return json;
}

nlohmann::json window_status_json(const WindowStatus& s, const Catalog& catalog) {
    nlohmann::json json = {
        {"window", s.number},
        {"open", !s.staff.empty() && !s.on_break},
        {"staff", s.staff.empty() ? nlohmann::json(nullptr) : nlohmann::json(s.staff)},
        {"on_break", s.on_break},
        {"current", s.current ? ticket_json(*s.current) : nlohmann::json(nullptr)},
        {"parked", nlohmann::json::array()}};
    for (const auto& t : s.parked)
        json["parked"].push_back(t.number);
    if (const auto* w = catalog.window(s.number)) {
        json["name"] = w->name;
        json["zone"] = w->zone;
    }
    return json;
}

nlohmann::json refusal_json(const Refusal& refusal) {
    return {{"code", refusal.code}, {"message", refusal.message}};
}

nlohmann::json hall_state_json(const QueueEngine& engine) {
    const auto& catalog = engine.catalog();
    nlohmann::json json = {{"hall", catalog.hall.name},
                           {"day", engine.day()},
                           {"day_closed", engine.day_closed()},
                           {"queues", nlohmann::json::array()},
                           {"windows", nlohmann::json::array()}};
    for (const auto& s : engine.queue_statuses())
        json["queues"].push_back(queue_status_json(s, catalog));
    for (const auto& w : catalog.windows)
        json["windows"].push_back(window_status_json(engine.window_status(w.number), catalog));
    return json;
}

}  // namespace hall
