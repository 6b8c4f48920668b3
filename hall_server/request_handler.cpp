// The protocol's operations over the queue engine (docs/protocol.md).
#include "request_handler.hpp"

#include <pthread.h>
#include <sodium.h>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>
#include <limits>
#include <map>
#include <set>

#include "civil_days.hpp"
#include "event_hub.hpp"
#include "hall_service.hpp"
#include "json_writer.hpp"
#include "local_time.hpp"
#include "metrics.hpp"
#include "pin_hash.hpp"
#include "protocol_json.hpp"
#include "staff_guard.hpp"

namespace hall::server {

namespace net = boost::asio;
using nlohmann::json;

namespace {

// A request whose fields are missing or of the wrong type.
struct BadRequest {
    std::string message;
};

const json& field(const json& request, const char* name) {
    auto it = request.find(name);
    if (it == request.end() || it->is_null())
        throw BadRequest{std::string("the field \"") + name + "\" is required"};
    return *it;
}

std::string need_string(const json& request, const char* name, std::size_t max = 200) {
    const auto& value = field(request, name);
    if (!value.is_string())
        throw BadRequest{std::string("the field \"") + name + "\" must be a string"};
    auto text = value.get<std::string>();
    if (text.empty() || text.size() > max)
        throw BadRequest{std::string("the field \"") + name + "\" must have 1 to " +
                         std::to_string(max) + " bytes"};
    return text;
}

std::string opt_string(const json& request, const char* name, std::size_t max = 200) {
    auto it = request.find(name);
    if (it == request.end() || it->is_null())
        return {};
    return need_string(request, name, max);
}

// A booking code as the hall keeps it: without the spaces around it and with ASCII letters in
// capitals, so that " yy1" checks in the booking YY1, once.
std::string booking_code(std::string code) {
    const auto first = code.find_first_not_of(" \t");
    const auto last = code.find_last_not_of(" \t");
    if (first == std::string::npos)
        throw BadRequest{"the field \"appointment\" must have a booking code"};
    code = code.substr(first, last - first + 1);
    for (auto& c : code)
        if (c >= 'a' && c <= 'z')
            c = static_cast<char>(c - 'a' + 'A');
    return code;
}

int need_int(const json& request, const char* name) {
    const auto& value = field(request, name);
    if (!value.is_number_integer())
        throw BadRequest{std::string("the field \"") + name + "\" must be an integer"};
    auto n = value.get<std::int64_t>();
    if (n < -1'000'000 || n > 1'000'000)
        throw BadRequest{std::string("the field \"") + name + "\" is out of range"};
    return static_cast<int>(n);
}

std::optional<int> opt_int(const json& request, const char* name) {
    auto it = request.find(name);
    if (it == request.end() || it->is_null())
        return std::nullopt;
    return need_int(request, name);
}

std::vector<std::string> opt_strings(const json& request, const char* name) {
    std::vector<std::string> list;
    auto it = request.find(name);
    if (it == request.end() || it->is_null())
        return list;
    if (!it->is_array() || it->size() > 50)
        throw BadRequest{std::string("the field \"") + name +
                         "\" must be a list of at most 50 strings"};
    for (const auto& value : *it) {
        if (!value.is_string() || value.get_ref<const std::string&>().empty())
            throw BadRequest{std::string("the field \"") + name + "\" must hold strings"};
        list.push_back(value.get<std::string>());
    }
    return list;
}

Reply ok_reply(json result) {
    return reply_of({{"ok", true}, {"result", std::move(result)}});
}

Reply refused(const std::string& code, const std::string& message) {
    return {error_reply(code, message).dump(), code};
}

const std::map<std::string, std::set<Role>>& permissions() {
    using enum Role;
    static const std::map<std::string, std::set<Role>> table = {
        {"catalog", {kiosk, board, counter, rating, manager}},
        {"state", {kiosk, board, counter, rating, manager}},
        {"ticket", {kiosk, board, counter, rating, manager}},
        {"issue", {kiosk, counter}},
        {"check_in", {kiosk}},
        {"cancel", {counter, manager}},
        {"login", {counter}},
        {"logout", {counter}},
        {"break_start", {counter}},
        {"break_end", {counter}},
        {"call_next", {counter}},
        {"call", {counter}},
        {"recall", {counter}},
        {"start", {counter}},
        {"finish", {counter}},
        {"no_show", {counter}},
        {"park", {counter}},
        {"call_parked", {counter}},
        {"transfer", {counter}},
        {"rate", {rating}},
        {"stats", {manager}},
        {"close_day", {manager}},
        {"notice", {manager}},
        {"test_clock", {manager}},
    };
    return table;
}

std::string random_key() {
    std::array<unsigned char, 18> random{};
    randombytes_buf(random.data(), random.size());
    std::array<char, 32> text{};
    sodium_bin2base64(text.data(), text.size(), random.data(), random.size(),
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    return text.data();
}

}  // namespace

std::string metric_op_name(std::string_view op) {
    return permissions().count(std::string(op)) ? std::string(op) : "unknown";
}

bool is_window_operation(std::string_view op) {
    auto allowed = permissions().find(std::string(op));
    if (allowed == permissions().end())
        return false;
    return std::all_of(allowed->second.begin(), allowed->second.end(),
                       [](Role role) { return role == Role::counter || role == Role::rating; });
}

json error_reply(const std::string& code, const std::string& message) {
    return {{"ok", false}, {"error", {{"code", code}, {"message", message}}}};
}

Reply reply_of(const json& reply) {
    if (reply.value("ok", false))
        return {reply.dump(), {}};
    // A refusal without its code still counts as one.
    auto error = reply.find("error");
    auto code = error != reply.end() && error->is_object() ? error->value("code", "") : "";
    // A refusal's message may quote what the client sent: bytes that are not UTF-8 are written
    // as U+FFFD rather than failing the reply.
    return {reply.dump(-1, ' ', false, json::error_handler_t::replace),
            code.empty() ? "internal" : code};
}

Reply ticket_reply(const QueueEngine& engine, const Ticket& ticket, std::string_view status_url) {
    JsonWriter w;
    w.begin_object().field("ok", true).key("result").begin_object().key("ticket");
    write_ticket_status(w, engine, ticket, status_url);
    w.end_object().end_object();
    return {w.take(), {}};
}

unsigned http_status_of(const std::string& code) {
    static const std::map<std::string, unsigned> statuses = {
        {"bad_json", 400},      {"invalid_utf8", 400},   {"bad_request", 400},
        {"unknown_op", 400},    {"too_large", 413},      {"unauthenticated", 401},
        {"forbidden", 403},     {"wrong_pin", 403},      {"staff_locked", 423},
        {"rate_limited", 429},  {"not_found", 404},      {"internal", 500},
        {"unknown_queue", 404}, {"unknown_window", 404}, {"unknown_ticket", 404},
        {"unknown_staff", 404}, {"unknown_item", 404},   {"unknown_package", 404},
    };
    if (code == "storage_unavailable")
        return 503;  // the server is there, its disk is not: a retry later will do
    auto it = statuses.find(code);
    return it == statuses.end() ? 409 : it->second;
}

RequestHandler::RequestHandler(HallService& hall, EventHub& hub, Metrics& metrics)
    : hall_(hall),
      hub_(hub),
      metrics_(metrics),
      guard_(std::make_unique<StaffGuard>()),
      pin_pool_(1),
      catalog_(ok_reply(catalog_json(hall.catalog()))) {
    net::post(pin_pool_, [] { pthread_setname_np(pthread_self(), "hall-pin"); });
}

RequestHandler::~RequestHandler() {
    pin_pool_.join();
}

net::awaitable<Reply> RequestHandler::handle(const Device& device, const json& request) {
    std::string op;
    Reply reply;
    try {
        auto it = request.find("op");
        if (it == request.end() || !it->is_string())
            throw BadRequest{"the field \"op\" is required and must be a string"};
        op = it->get<std::string>();
        auto allowed = permissions().find(op);
        if (allowed == permissions().end()) {
            reply = refused("unknown_op", "there is no operation \"" + op.substr(0, 64) + "\"");
        } else if (!allowed->second.count(device.role)) {
            reply = refused("forbidden",
                            "a " + std::string(to_string(device.role)) + " device may not " + op);
        } else {
            reply = co_await run(device, op, request);
        }
    } catch (const BadRequest& bad) {
        reply = refused("bad_request", bad.message);
    } catch (const StorageUnavailable& failed) {
        reply = refused("storage_unavailable", failed.what());
    }
    metrics_.count_request(metric_op_name(op), reply.ok() ? "ok" : reply.error);
    co_return reply;
}

net::awaitable<Reply> RequestHandler::login(const Device& device, const json& request) {
    auto staff = need_string(request, "staff", 64);
    auto pin = need_string(request, "pin", 16);
    const auto* member = hall_.catalog().staff_member(staff);
    if (!member)
        co_return refused("unknown_staff", "there is no staff member " + staff);
    if (guard_->locked(staff, hall_.now_ms()))
        co_return refused("staff_locked", "too many wrong PINs: staff member " + staff +
                                              " is locked for a few minutes");
    // argon2id on the pool, then back to the io thread.
    auto hash = member->pin_hash;
    bool matches = false;
    co_await net::post(pin_pool_, net::use_awaitable);
    matches = verify_pin(hash, pin);
    co_await net::post(hall_.io(), net::use_awaitable);
    if (!matches) {
        bool locked = guard_->failed(staff, hall_.now_ms());
        co_return locked ? refused("staff_locked", "too many wrong PINs: staff member " + staff +
                                                       " is locked for 5 minutes")
                         : refused("wrong_pin", "the PIN does not match");
    }
    guard_->succeeded(staff);
    auto outcome = hall_.engine().login(*device.window, staff, device.name);
    co_await hall_.commit(std::move(outcome.events));
    if (!outcome.ok())
        co_return refused(outcome.refusal->code, outcome.refusal->message);
    co_return ok_reply(
        {{"staff",
          {{"id", member->id}, {"name", member->name}, {"department", member->department}}}});
}

net::awaitable<Reply> RequestHandler::test_clock(const json& request) {
    if (!hall_.has_test_clock())
        co_return refused("test_clock_disabled",
                          "the hall follows the real clock: test_clock needs a server started "
                          "with --test-clock");
    const auto& at = field(request, "at");
    const auto& calendar = hall_.engine().calendar();
    // An integer past 2^63 - 1 is past any clock, not wrapped round to a negative time.
    const bool too_large =
        at.is_number_unsigned() &&
        at.get<std::uint64_t>() > std::uint64_t{std::numeric_limits<std::int64_t>::max()};
    std::optional<std::int64_t> ms;
    if (at.is_number_integer() && !too_large)
        ms = at.get<std::int64_t>();
    else if (at.is_string())
        ms = parse_local_time(calendar, at.get<std::string>());
    if (!ms)
        throw BadRequest{
            "the field \"at\" must be Unix milliseconds or a local time YYYY-MM-DDTHH:MM[:SS]"};
    if (*ms >= test_clock_end_ms(calendar))
        throw BadRequest{"the field \"at\" must be before 9999-12-31 in the hall's time zone"};
    if (*ms < hall_.now_ms())
        co_return refused("clock_backwards", "the test clock only moves forward: it is at " +
                                                 std::to_string(hall_.now_ms()) + " ms");
    co_await hall_.advance_test_clock(*ms);
    co_return ok_reply({{"now_ms", hall_.now_ms()},
                        {"day", hall_.engine().day()},
                        {"day_closed", hall_.engine().day_closed()}});
}

net::awaitable<Reply> RequestHandler::run(const Device& device, const std::string& op,
                                          const json& request) {
    auto& engine = hall_.engine();
    const std::string& name = device.name;
    if (op == "catalog")
        co_return catalog_;
    if (op == "state")
        co_return ok_reply(hub_.snapshot());
    if (op == "ticket") {
        auto number = need_string(request, "number", 16);
        const auto* t = engine.find_ticket(number);
        if (!t)
            co_return refused("unknown_ticket", "there is no ticket " + number + " today");
        co_return ticket_reply(engine, *t);
    }
    if (op == "stats") {
        auto day = opt_string(request, "day", 10);
        if (day.empty())
            day = engine.day();
        else if (!is_valid_day(day))
            throw BadRequest{"the field \"day\" must be a date YYYY-MM-DD"};
        co_await hall_.flush_tallies();
        json figures = {{"hall", json::object()}, {"zones", json::object()}};
        auto query = hall_.reader().prepare(
            "SELECT dimension, key, metric, value FROM daily_tallies WHERE day = ?1 AND dimension "
            "IN ('hall', 'zone')");
        query.bind(1, day);
        while (query.step()) {
            auto dimension = query.text(0);
            auto& target = dimension == "hall" ? figures["hall"] : figures["zones"][query.text(1)];
            target[query.text(2)] = query.int64(3);
        }
        figures["day"] = day;
        co_return ok_reply(figures);
    }
    if (op == "login")
        co_return co_await login(device, request);
    if (op == "test_clock")
        co_return co_await test_clock(request);

    // Everything else goes through the engine and is answered once durable: refused at once
    // while the database cannot be written, before the engine changes.
    if (!hall_.storage_available())
        co_return refused("storage_unavailable",
                          "the hall's database cannot be written now (disk full or "
                          "read-only): nothing was changed; try again later");
    Outcome outcome;
    std::string status_key;
    const int window = device.window.value_or(0);
    if (op == "issue" || op == "check_in") {
        IssueRequest r;
        r.queue = need_string(request, "queue", 32);
        // A check-in's class is the appointment's: it has no `priority` field, and a field an
        // operation does not use is ignored.
        auto priority = op == "issue" ? opt_string(request, "priority", 16) : std::string();
        if (!priority.empty()) {
            auto parsed = parse_priority(priority);
            if (!parsed || *parsed == Priority::appointment)
                throw BadRequest{
                    "the field \"priority\" must be elderly, disabled, military or "
                    "none"};
            r.priority = *parsed;
        }
        auto key = opt_string(request, "idempotency_key", 128);
        // Keys are the device's own: two kiosks can never collide.
        if (!key.empty())
            r.idempotency_key = name + ":" + key;
        r.device = name;
        r.item = opt_string(request, "item", 64);
        if (op == "check_in") {
            r.channel = Channel::appointment;
            r.appointment = booking_code(need_string(request, "appointment", 64));
        } else if (device.role == Role::counter) {
            r.channel = Channel::staff;
            r.staff = engine.window_status(window).staff;
            if (r.staff.empty())
                co_return refused("not_logged_in", "nobody is logged in at this window");
        }
        status_key = random_key();
        r.status_key = status_key;
        outcome = engine.issue(r);
    } else if (op == "cancel") {
        auto number = need_string(request, "number", 16);
        // A counter terminal acts for the staff member logged in at it, as for every other
        // command of its window: an unattended one cancels nobody's ticket.
        if (device.role == Role::counter && engine.window_status(window).staff.empty())
            co_return refused("not_logged_in", "nobody is logged in at this window");
        outcome = engine.cancel(number, name);
    } else if (op == "logout") {
        outcome = engine.logout(window, name);
    } else if (op == "break_start") {
        outcome = engine.start_break(window, need_string(request, "reason", 200), name);
    } else if (op == "break_end") {
        outcome = engine.end_break(window, name);
    } else if (op == "call_next") {
        outcome = engine.call_next(window, name);
    } else if (op == "call") {
        outcome = engine.call_ticket(window, need_string(request, "number", 16), name);
    } else if (op == "recall") {
        outcome = engine.recall(window, name);
    } else if (op == "start") {
        outcome = engine.start_service(window, name);
    } else if (op == "finish") {
        FinishRequest r;
        r.items = opt_strings(request, "items");
        r.package = opt_string(request, "package", 32);
        outcome = engine.finish(window, r, name);
    } else if (op == "no_show") {
        outcome = engine.no_show(window, name);
    } else if (op == "park") {
        outcome = engine.park(window, name);
    } else if (op == "call_parked") {
        outcome = engine.call_parked(window, need_string(request, "number", 16), name);
    } else if (op == "transfer") {
        TransferRequest r;
        r.to_queue = opt_string(request, "to_queue", 32);
        r.to_window = opt_int(request, "to_window");
        r.items = opt_strings(request, "items");
        outcome = engine.transfer(window, r, name);
    } else if (op == "rate") {
        auto reason = opt_string(request, "reason", 200);
        outcome = engine.rate(window, need_int(request, "grade"), reason, name);
    } else if (op == "close_day") {
        outcome = engine.close_day(name);
    } else if (op == "notice") {
        auto text = need_string(request, "text", 600);
        if (!is_valid_utf8(text))
            throw BadRequest{"the notice is not valid UTF-8"};
        outcome = engine.post_notice(text, name);
    }

    // A refused command may still carry the day's close that happened before it.
    const auto event_count = outcome.events.size();
    co_await hall_.commit(std::move(outcome.events));
    if (!outcome.ok())
        co_return refused(outcome.refusal->code, outcome.refusal->message);
    if (op == "close_day")
        co_return ok_reply({{"day", engine.day()}, {"events", event_count}});
    if (op == "notice")
        co_return ok_reply(json::object());
    if (!outcome.ticket)
        co_return ok_reply({{"ticket", nullptr}});
    // The engine's ticket as it stands now (a day's close may have passed while committing).
    const auto* now = engine.find_ticket(outcome.ticket->id);
    const Ticket& current = now ? *now : *outcome.ticket;
    if (op == "issue" || op == "check_in")
        co_return ticket_reply(
            engine, current,
            public_url_ + "/t/" + std::to_string(current.id) + "?k=" + current.status_key);
    co_return ticket_reply(engine, current);
}

}  // namespace hall::server
