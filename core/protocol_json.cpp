// JSON forms of tickets, queues, windows and refusals.
#include "protocol_json.hpp"

#include <cstdio>

#include "json_writer.hpp"

namespace hall {

namespace {
// A ticket's own fields, inside an object being written.
void ticket_fields(JsonWriter& w, const Ticket& t) {
    w.field("id", t.id)
        .field("day", t.day)
        .field("number", t.number)
        .field("queue", t.queue)
        .field("zone", t.zone)
        .field("priority", to_string(t.priority))
        .field("channel", to_string(t.channel))
        .field("state", to_string(t.state))
        .field("issued_ms", t.issued_ms)
        .field("called_ms", t.called_ms)
        .field("started_ms", t.started_ms)
        .field("finished_ms", t.finished_ms)
        .field("window", t.window)
        .field("recalls", t.recalls)
        .field("recalls_since_call", t.recalls_since_call)
        .field("transfers", t.transfers)
        .field("item", t.item.empty() ? std::nullopt : std::optional<std::string>(t.item));
}
}  // namespace

void write_ticket_status(JsonWriter& w, const QueueEngine& engine, const Ticket& t,
                         std::string_view status_url) {
    w.begin_object();
    ticket_fields(w, t);
    const auto estimate = engine.estimate(t);
    w.field("ahead", estimate.ahead)
        .field("expected_wait_ms", estimate.expected_wait_ms)
        .field("open_windows", estimate.open_windows);
    if (const auto* q = engine.catalog().queue(t.queue))
        w.field("queue_name", q->name);
    if (const auto* z = engine.catalog().zone(t.zone))
        w.field("zone_name", z->name);
    if (!status_url.empty())
        w.field("status_url", status_url);
    w.end_object();
}

nlohmann::json ticket_json(const Ticket& t) {
    JsonWriter w;
    w.begin_object();
    ticket_fields(w, t);
    w.end_object();
    return nlohmann::json::parse(w.take());
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
        {"parked", nlohmann::json::array()},
        {"served_today", s.served_today}};
    for (const auto& t : s.parked)
        json["parked"].push_back(t.number);
    if (const auto* w = catalog.window(s.number)) {
        json["name"] = w->name;
        json["zone"] = w->zone;
    }
    const auto* staff = s.staff.empty() ? nullptr : catalog.staff_member(s.staff);
    json["staff_name"] = staff ? nlohmann::json(staff->name) : nlohmann::json(nullptr);
    json["unrated"] = s.unrated
                          ? visit_json(s.number, s.unrated->number, s.unrated->staff.value_or(""),
                                       s.unrated->finished_ms.value_or(0), catalog)
                          : nlohmann::json(nullptr);
    return json;
}

nlohmann::json visit_json(int window, const std::string& number, const std::string& staff,
                          std::int64_t at_ms, const Catalog& catalog) {
    const auto* member = catalog.staff_member(staff);
    return {{"window", window},
            {"number", number},
            {"staff", staff},
            {"staff_name", member ? member->name : std::string()},
            {"at_ms", at_ms}};
}

nlohmann::json refusal_json(const Refusal& refusal) {
    return {{"code", refusal.code}, {"message", refusal.message}};
}

nlohmann::json catalog_json(const Catalog& c) {
    auto hhmm = [](int minutes) {
        char text[8];
        std::snprintf(text, sizeof text, "%02d:%02d", (minutes / 60) % 24, minutes % 60);
        return std::string(text);
    };
    nlohmann::json json = {
        {"hall",
         {{"name", c.hall.name},
          {"time_zone", c.hall.time_zone},
          {"opens", hhmm(c.hall.opens_min)},
          {"closes", hhmm(c.hall.closes_min)},
          {"day_close", hhmm(c.hall.day_close_min)},
          {"demo", c.hall.demo},
          {"recall_limit", c.hall.recall_limit},
          {"review_reasons",
           c.hall.review_reasons.empty() ? default_review_reasons() : c.hall.review_reasons}}},
        {"zones", nlohmann::json::array()},
        {"departments", nlohmann::json::array()},
        {"queues", nlohmann::json::array()},
        {"items", nlohmann::json::array()},
        {"windows", nlohmann::json::array()},
        {"packages", nlohmann::json::array()}};
    for (const auto& z : c.zones)
        json["zones"].push_back({{"code", z.code}, {"name", z.name}, {"prefix", z.prefix}});
    for (const auto& d : c.departments)
        json["departments"].push_back({{"code", d.code}, {"name", d.name}, {"zone", d.zone}});
    for (const auto& q : c.queues) {
        nlohmann::json priorities = nlohmann::json::array();
        for (auto p : q.priority_classes)
            priorities.push_back(to_string(p));
        json["queues"].push_back({{"code", q.code},
                                  {"name", q.name},
                                  {"zone", q.zone},
                                  {"prefix", q.prefix},
                                  {"target_wait_min", q.target_wait_min},
                                  {"priority_classes", priorities},
                                  {"items", q.items}});
    }
    for (const auto& i : c.items)
        json["items"].push_back({{"code", i.code},
                                 {"name", i.name},
                                 {"department", i.department},
                                 {"high_frequency", i.high_frequency},
                                 {"time_limit_days", i.time_limit_days},
                                 {"materials", i.materials},
                                 {"guide_url", i.guide_url}});
    for (const auto& w : c.windows)
        json["windows"].push_back({{"number", w.number},
                                   {"name", w.name},
                                   {"zone", w.zone},
                                   {"queues", w.queues},
                                   {"agency", w.agency}});
    for (const auto& p : c.packages)
        json["packages"].push_back(
            {{"code", p.code}, {"name", p.name}, {"category", p.category}, {"items", p.items}});
    return json;
}

nlohmann::json call_json(const ShownCall& call, const Catalog& catalog) {
    const auto* window = catalog.window(call.window);
    return {{"number", call.number},
            {"window", call.window},
            {"window_name", window ? window->name : std::string()},
            {"zone", call.zone},
            {"queue", call.queue},
            {"recall", call.recall},
            {"at_ms", call.at_ms}};
}

nlohmann::json notice_json(const Notice& notice) {
    return {{"text", notice.text}, {"at_ms", notice.at_ms}};
}

nlohmann::json hall_state_json(const QueueEngine& engine, std::int64_t published_seq) {
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
    json["recent_calls"] = nlohmann::json::array();
    for (const auto& call : engine.recent_calls())
        if (call.seq <= published_seq)
            json["recent_calls"].push_back(call_json(call, catalog));
    json["notices"] = nlohmann::json::array();
    for (const auto& notice : engine.notices())
        if (notice.seq <= published_seq)
            json["notices"].push_back(notice_json(notice));
    return json;
}

}  // namespace hall
