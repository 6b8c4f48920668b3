// Protocol handling: requests with ids, replies to handlers, events into the hall model.
#include "hall_client.hpp"

#include <algorithm>
#include <cstdio>
#include <random>

namespace kiosk {

using nlohmann::json;

namespace {

// Replaces the entry of `list` with the same `key` as `item`, or adds `item`.
template <class T, class Key>
void put_by(std::vector<T>& list, T item, Key T::*key) {
    auto it =
        std::find_if(list.begin(), list.end(), [&](const T& x) { return x.*key == item.*key; });
    if (it != list.end())
        *it = std::move(item);
    else
        list.push_back(std::move(item));
}

std::string str(const json& j, const char* key, std::string fallback = {}) {
    auto found = j.find(key);
    if (found == j.end() || !found->is_string())
        return fallback;
    return found->get<std::string>();
}

template <typename T>
T num(const json& j, const char* key, T fallback = {}) {
    auto found = j.find(key);
    if (found == j.end() || !found->is_number())
        return fallback;
    return found->get<T>();
}

bool flag(const json& j, const char* key) {
    auto found = j.find(key);
    return found != j.end() && found->is_boolean() && found->get<bool>();
}

// A list of codes, written either as strings or as objects with a "code".
std::vector<std::string> codes(const json& j, const char* key) {
    std::vector<std::string> out;
    auto found = j.find(key);
    if (found == j.end() || !found->is_array())
        return out;
    for (const auto& v : *found) {
        if (v.is_string())
            out.push_back(v.get<std::string>());
        else if (v.is_object())
            out.push_back(str(v, "code"));
    }
    return out;
}

// An idempotency key no other request of this device will have: 64 random bits in hex. The
// server scopes keys by device, so they need not name it.
std::string fresh_idempotency_key() {
    static thread_local std::mt19937_64 random{std::random_device{}()};
    char key[17];
    std::snprintf(key, sizeof key, "%016llx", static_cast<unsigned long long>(random()));
    return key;
}

const json& array_at(const json& j, const char* key) {
    static const json empty = json::array();
    auto found = j.find(key);
    return found != j.end() && found->is_array() ? *found : empty;
}

}  // namespace

const QueueInfo* HallModel::queue(std::string_view code) const {
    for (const auto& q : queues)
        if (q.queue == code)
            return &q;
    return nullptr;
}

const WindowInfo* HallModel::window(int number) const {
    for (const auto& w : windows)
        if (w.window == number)
            return &w;
    return nullptr;
}

QueueInfo queue_from_json(const json& j) {
    QueueInfo q;
    q.queue = str(j, "queue");
    q.name = str(j, "name");
    q.zone = str(j, "zone");
    q.prefix = str(j, "prefix");
    q.waiting = num<int>(j, "waiting");
    q.priority_waiting = num<int>(j, "priority_waiting");
    q.open_windows = num<int>(j, "open_windows");
    q.longest_wait_ms = num<std::int64_t>(j, "longest_wait_ms");
    return q;
}

std::string staff_shown(const WindowInfo& window) {
    if (window.staff.empty() || window.staff_name.empty())
        return window.staff;
    return window.staff_name + " (" + window.staff + ")";
}

WindowInfo window_from_json(const json& j) {
    WindowInfo w;
    w.window = num<int>(j, "window");
    w.name = str(j, "name");
    w.zone = str(j, "zone");
    w.open = flag(j, "open");
    w.on_break = flag(j, "on_break");
    w.staff = str(j, "staff");
    w.staff_name = str(j, "staff_name");
    if (auto current = j.find("current"); current != j.end() && current->is_object()) {
        w.current = str(*current, "number");
        w.current_state = str(*current, "state");
        w.current_queue = str(*current, "queue");
        w.current_priority = str(*current, "priority", "none");
        w.current_item = str(*current, "item");
        w.current_recalls_since_call = num<int>(*current, "recalls_since_call");
    }
    w.parked = codes(j, "parked");
    w.served_today = num<int>(j, "served_today");
    if (auto unrated = j.find("unrated"); unrated != j.end() && unrated->is_object())
        w.unrated = visit_finished_from_json(*unrated);
    return w;
}

CallInfo call_from_json(const json& j) {
    CallInfo c;
    c.number = str(j, "number");
    c.window = num<int>(j, "window");
    c.window_name = str(j, "window_name");
    c.queue = str(j, "queue");
    c.recall = flag(j, "recall");
    c.at_ms = num<std::int64_t>(j, "at_ms");
    return c;
}

VisitFinished visit_finished_from_json(const json& j) {
    return {num<int>(j, "window"), str(j, "number"), str(j, "staff"), str(j, "staff_name"),
            num<std::int64_t>(j, "at_ms")};
}

hall::Catalog catalog_from_json(const json& j) {
    hall::Catalog catalog;
    if (auto hall = j.find("hall"); hall != j.end()) {
        if (hall->is_object()) {
            catalog.hall.name = str(*hall, "name");
            catalog.hall.time_zone = str(*hall, "time_zone", catalog.hall.time_zone);
            catalog.hall.review_reasons = codes(*hall, "review_reasons");
            // A server that does not say its limit: the counter never guesses one.
            catalog.hall.recall_limit = num<int>(*hall, "recall_limit", -1);
        } else if (hall->is_string())
            catalog.hall.name = hall->get<std::string>();
    }
    for (const auto& z : array_at(j, "zones"))
        catalog.zones.push_back({str(z, "code"), str(z, "name"), str(z, "prefix")});
    for (const auto& d : array_at(j, "departments"))
        catalog.departments.push_back(
            {str(d, "code"), str(d, "name"), str(d, "zone"), str(d, "stationed_on")});
    for (const auto& i : array_at(j, "items")) {
        hall::Item item;
        item.code = str(i, "code");
        item.name = str(i, "name");
        item.department = str(i, "department");
        item.high_frequency = flag(i, "high_frequency");
        item.time_limit_days = num<int>(i, "time_limit_days");
        item.materials = codes(i, "materials");
        item.guide_url = str(i, "guide_url");
        catalog.items.push_back(std::move(item));
    }
    for (const auto& q : array_at(j, "queues")) {
        hall::Queue queue;
        queue.code = str(q, "code");
        queue.name = str(q, "name");
        queue.zone = str(q, "zone");
        queue.prefix = str(q, "prefix");
        queue.service_min = num<int>(q, "service_min", 8);
        queue.target_wait_min = num<int>(q, "target_wait_min", 20);
        for (const auto& p : codes(q, "priority_classes"))
            if (auto priority = hall::parse_priority(p))
                queue.priority_classes.push_back(*priority);
        queue.items = codes(q, "items");
        catalog.queues.push_back(std::move(queue));
    }
    for (const auto& w : array_at(j, "windows")) {
        hall::Window window;
        window.number = num<int>(w, "number", num<int>(w, "window"));
        window.name = str(w, "name");
        window.zone = str(w, "zone");
        window.queues = codes(w, "queues");
        window.agency = flag(w, "agency");
        catalog.windows.push_back(std::move(window));
    }
    for (const auto& p : array_at(j, "packages"))
        catalog.packages.push_back(
            {str(p, "code"), str(p, "name"), str(p, "category"), codes(p, "items")});
    catalog.index();
    return catalog;
}

void HallClient::on_connected() {
    connected_ = true;
    ready_ = false;
    hello_error_.clear();
    send_request("hello", {{"token", token_}}, [this](const Reply& reply) {
        if (!reply.ok) {
            hello_error_ = reply.code;
            return;
        }
        ready_ = true;
        device_.device = str(reply.result, "device");
        device_.role = str(reply.result, "role");
        device_.window = num<int>(reply.result, "window");
        model_.hall = str(reply.result, "hall", model_.hall);
        model_.day = str(reply.result, "day", model_.day);
        model_.now_ms = num<std::int64_t>(reply.result, "now_ms");
        resend_unanswered();
        send_request("catalog", json::object(), [this](const Reply& catalog) {
            if (!catalog.ok)
                return;
            catalog_ = catalog_from_json(catalog.result);
            catalog_loaded_ = true;
        });
    });
}

void HallClient::on_disconnected() {
    connected_ = false;
    ready_ = false;
    // Their replies may have been lost after the server acted on them: they are asked again,
    // with the same key, after the next hello.
    for (auto& [id, retained] : retained_)
        unanswered_.push_back(std::move(retained));
    retained_.clear();
    auto handlers = std::move(handlers_);
    handlers_.clear();
    Reply offline{false, nullptr, "offline", "the server cannot be reached"};
    for (auto& [id, handler] : handlers)
        if (handler)
            handler(offline);
}

void HallClient::request(const std::string& op, json fields, Handler handler) {
    if (!ready_) {
        if (handler)
            handler(Reply{false, nullptr, "offline", "the server cannot be reached"});
        return;
    }
    send_request(op, std::move(fields), std::move(handler));
}

void HallClient::request_once(const std::string& op, json fields, Handler handler) {
    if (!ready_) {
        if (handler)
            handler(Reply{false, nullptr, "offline", "the server cannot be reached"});
        return;
    }
    if (!fields.is_object())
        fields = json::object();
    fields["idempotency_key"] = fresh_idempotency_key();
    send_retained({op, std::move(fields), std::move(handler), now_()});
}

std::int64_t HallClient::send_request(const std::string& op, json fields, Handler handler) {
    if (!fields.is_object())
        fields = json::object();
    auto id = next_id_++;
    fields["id"] = id;
    fields["op"] = op;
    if (handler)
        handlers_[id] = std::move(handler);
    send_(fields.dump());
    return id;
}

void HallClient::send_retained(Retained retained) {
    auto id = send_request(retained.op, retained.fields, nullptr);
    retained_.emplace(id, std::move(retained));
}

void HallClient::resend_unanswered() {
    auto waiting = std::move(unanswered_);
    unanswered_.clear();
    auto now = now_();
    for (auto& retained : waiting) {
        if (now - retained.first_sent > retry_window) {
            // Too late to hand a ticket to someone who has most likely walked away.
            if (retained.handler)
                retained.handler(
                    Reply{false, nullptr, "offline", "the server could not be reached in time"});
            continue;
        }
        send_retained(std::move(retained));
    }
}

std::vector<Event> HallClient::on_message(std::string_view text) {
    std::vector<Event> events;
    json message = json::parse(text, nullptr, false);
    if (!message.is_object())
        return events;
    if (auto name = message.find("event"); name != message.end() && name->is_string()) {
        Event event{name->get<std::string>(), message.value("data", json::object())};
        apply(event);
        events.push_back(std::move(event));
        return events;
    }
    auto id = message.find("id");
    if (id == message.end() || !id->is_number_integer())
        return events;
    Handler handler;
    if (auto found = handlers_.find(id->get<std::int64_t>()); found != handlers_.end()) {
        handler = std::move(found->second);
        handlers_.erase(found);
    } else if (auto kept = retained_.find(id->get<std::int64_t>()); kept != retained_.end()) {
        handler = std::move(kept->second.handler);
        retained_.erase(kept);
    } else {
        return events;
    }
    Reply reply;
    reply.ok = flag(message, "ok");
    if (reply.ok) {
        reply.result = message.value("result", json());
    } else if (auto error = message.find("error"); error != message.end() && error->is_object()) {
        reply.code = str(*error, "code", "error");
        reply.message = str(*error, "message");
    } else {
        reply.code = "error";
    }
    if (handler)
        handler(reply);
    return events;
}

void HallClient::apply(const Event& event) {
    const json& d = event.data;
    if (event.name == "snapshot") {
        model_.hall = str(d, "hall", model_.hall);
        model_.day = str(d, "day", model_.day);
        model_.day_closed = flag(d, "day_closed");
        model_.queues.clear();
        for (const auto& q : array_at(d, "queues"))
            model_.queues.push_back(queue_from_json(q));
        model_.windows.clear();
        for (const auto& w : array_at(d, "windows"))
            model_.windows.push_back(window_from_json(w));
        model_.recent_calls.clear();
        for (const auto& c : array_at(d, "recent_calls"))
            model_.recent_calls.push_back(call_from_json(c));
        // The snapshot lists them newest first; the model keeps them in the order they came.
        model_.notices.clear();
        const auto& notices = array_at(d, "notices");
        for (auto n = notices.rbegin(); n != notices.rend(); ++n)
            model_.notices.push_back(n->is_string() ? n->get<std::string>() : str(*n, "text"));
    } else if (event.name == "call") {
        model_.recent_calls.push_front(call_from_json(d));
        while (model_.recent_calls.size() > 10)
            model_.recent_calls.pop_back();
        // The window holds the number it calls now, before its status says so.
        const auto& call = model_.recent_calls.front();
        auto window = std::find_if(model_.windows.begin(), model_.windows.end(),
                                   [&](const WindowInfo& w) { return w.window == call.window; });
        if (window != model_.windows.end()) {
            window->current = call.number;
            window->current_state = "called";
        }
    } else if (event.name == "status") {
        for (const auto& j : array_at(d, "windows"))
            put_by(model_.windows, window_from_json(j), &WindowInfo::window);
        for (const auto& j : array_at(d, "queues"))
            put_by(model_.queues, queue_from_json(j), &QueueInfo::queue);
    } else if (event.name == "notice") {
        model_.notices.push_back(str(d, "text"));
        // The board shows the latest few; older ones scroll away.
        if (model_.notices.size() > 5)
            model_.notices.erase(model_.notices.begin());
    } else if (event.name == "day_closed") {
        model_.day_closed = true;
    }
}

}  // namespace kiosk
