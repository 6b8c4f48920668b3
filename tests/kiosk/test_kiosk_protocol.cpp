// The device's protocol client without a network: hello, replies by id, events into the model.
#include <catch2/catch.hpp>

#include "hall_client.hpp"
#include "hall_fixture.hpp"
#include "i18n.hpp"
#include "protocol_json.hpp"
#include "screens/common.hpp"

using namespace kiosk;
using nlohmann::json;

namespace {

struct Wire {
    std::vector<json> sent;
    std::chrono::steady_clock::time_point now{};
    HallClient client{"kiosk-1.secret",
                      [this](std::string text) { sent.push_back(json::parse(text)); },
                      [this] { return now; }};
    // Answers the last request sent.
    void reply(json result) {
        client.on_message(json{{"id", sent.back()["id"]}, {"ok", true}, {"result", result}}.dump());
    }
    void refuse(const std::string& code) {
        client.on_message(json{{"id", sent.back()["id"]},
                               {"ok", false},
                               {"error", {{"code", code}, {"message", "no"}}}}
                              .dump());
    }
    void connect_and_sign_in(int window = 1) {
        client.on_connected();
        reply({{"device", "kiosk-1"},
               {"role", "counter"},
               {"window", window},
               {"hall", "测试大厅"},
               {"day", "2026-11-27"},
               {"now_ms", 1795740000000}});
    }
};

}  // namespace

TEST_CASE("the first request on a connection is hello with the token") {
    Wire wire;
    wire.client.on_connected();
    REQUIRE(wire.sent.size() == 1);
    CHECK(wire.sent[0]["op"] == "hello");
    CHECK(wire.sent[0]["token"] == "kiosk-1.secret");
    CHECK_FALSE(wire.client.online());
}

TEST_CASE("after hello the device is online, knows its window and asks for the catalog") {
    Wire wire;
    wire.connect_and_sign_in(12);
    CHECK(wire.client.online());
    CHECK(wire.client.device().window == 12);
    CHECK(wire.client.model().hall == "测试大厅");
    REQUIRE(wire.sent.size() == 2);
    CHECK(wire.sent[1]["op"] == "catalog");
}

TEST_CASE("a refused hello keeps the device offline and says why") {
    Wire wire;
    wire.client.on_connected();
    wire.refuse("unauthenticated");
    CHECK_FALSE(wire.client.online());
    CHECK(wire.client.hello_error() == "unauthenticated");
}

TEST_CASE("the server's catalog JSON reads back into the same catalog") {
    auto original = hall::testing::small_hall();
    original.index();
    auto read = catalog_from_json(hall::catalog_json(original));
    REQUIRE(read.zones.size() == original.zones.size());
    REQUIRE(read.queues.size() == original.queues.size());
    REQUIRE(read.items.size() == original.items.size());
    REQUIRE(read.windows.size() == original.windows.size());
    CHECK(read.zones[0].name == original.zones[0].name);
    CHECK(read.queues[0].items == original.queues[0].items);
    CHECK(read.queues[0].priority_classes == original.queues[0].priority_classes);
    CHECK(read.items[0].materials == original.items[0].materials);
    CHECK(read.items[0].high_frequency == original.items[0].high_frequency);
    CHECK(read.windows[0].number == original.windows[0].number);
    CHECK(read.windows[0].queues == original.windows[0].queues);
    CHECK(read.item(original.items[1].code) != nullptr);
}

TEST_CASE("each reply reaches the handler of its request, once") {
    Wire wire;
    wire.connect_and_sign_in();
    wire.reply(json::object());  // the catalog
    std::vector<std::string> seen;
    wire.client.request("call_next", json::object(),
                        [&](const Reply& r) { seen.push_back(r.ok ? "ok" : r.code); });
    auto first = wire.sent.back()["id"];
    wire.client.request("recall", json::object(),
                        [&](const Reply& r) { seen.push_back(r.ok ? "ok" : r.code); });
    wire.refuse("recall_limit_reached");
    wire.client.on_message(json{{"id", first}, {"ok", true}, {"result", nullptr}}.dump());
    wire.client.on_message(json{{"id", first}, {"ok", true}, {"result", nullptr}}.dump());
    CHECK(seen == std::vector<std::string>{"recall_limit_reached", "ok"});
    CHECK(wire.client.pending() == 0);
}

TEST_CASE("a dropped link fails every pending request, and requests while offline fail at once") {
    Wire wire;
    wire.connect_and_sign_in();
    std::string code;
    wire.client.request("issue", {{"queue", "Q1"}}, [&](const Reply& r) { code = r.code; });
    wire.client.on_disconnected();
    CHECK(code == "offline");
    CHECK_FALSE(wire.client.online());
    auto sent = wire.sent.size();
    code.clear();
    wire.client.request("issue", {{"queue", "Q1"}}, [&](const Reply& r) { code = r.code; });
    CHECK(code == "offline");
    CHECK(wire.sent.size() == sent);
}

TEST_CASE("a snapshot replaces the model and events update it") {
    Wire wire;
    wire.connect_and_sign_in();
    json snapshot = {
        {"hall", "测试大厅"},
        {"day", "2026-11-27"},
        {"day_closed", false},
        {"queues", {{{"queue", "Q1"}, {"name", "社保"}, {"prefix", "A"}, {"waiting", 3}}}},
        {"windows",
         {{{"window", 1},
           {"name", "1号窗口"},
           {"open", true},
           {"staff", "S001"},
           {"staff_name", "张娜"},
           {"current", nullptr},
           {"parked", json::array()}}}},
        {"recent_calls", json::array()},
        {"notices", {{{"text", "新通知"}, {"at_ms", 2}}, {{"text", "旧通知"}, {"at_ms", 1}}}}};
    auto events = wire.client.on_message(json{{"event", "snapshot"}, {"data", snapshot}}.dump());
    REQUIRE(events.size() == 1);
    CHECK(wire.client.model().queue("Q1")->waiting == 3);
    // A terminal that connects to a window where someone is logged in shows who, by name.
    CHECK(staff_shown(*wire.client.model().window(1)) == "张娜 (S001)");
    // The ticket a window holds carries its priority class, which the counter shows.
    CHECK(wire.client.model().window(1)->current_priority.empty());
    // The snapshot lists notices newest first; the board shows them in the order they came.
    CHECK(wire.client.model().notices == std::vector<std::string>{"旧通知", "新通知"});

    wire.client.on_message(
        json{{"event", "call"},
             {"data", {{"number", "A001"}, {"window", 1}, {"recall", false}, {"at_ms", 1}}}}
            .dump());
    wire.client.on_message(json{{"event", "status"},
                                {"data",
                                 {{"windows",
                                   {{{"window", 1},
                                     {"open", true},
                                     {"staff", "S001"},
                                     {"current", {{"number", "A001"}, {"state", "called"}}},
                                     {"parked", json::array()}}}},
                                  {"queues", {{{"queue", "Q1"}, {"waiting", 2}}}}}}}
                               .dump());
    wire.client.on_message(json{{"event", "notice"}, {"data", {{"text", "午休时间调整"}}}}.dump());
    const auto& model = wire.client.model();
    REQUIRE(model.recent_calls.size() == 1);
    CHECK(model.recent_calls.front().number == "A001");
    CHECK(model.window(1)->current == std::optional<std::string>("A001"));
    CHECK(model.window(1)->current_state == "called");
    CHECK(model.queue("Q1")->waiting == 2);
    CHECK(model.notices == std::vector<std::string>{"旧通知", "新通知", "午休时间调整"});

    wire.client.on_message(json{{"event", "day_closed"}, {"data", {{"day", "2026-11-27"}}}}.dump());
    CHECK(model.day_closed);
}

TEST_CASE("messages that are not JSON objects are ignored") {
    Wire wire;
    wire.connect_and_sign_in();
    CHECK(wire.client.on_message("not json").empty());
    CHECK(wire.client.on_message("[1,2]").empty());
    CHECK(wire.client.on_message(R"({"id": 999, "ok": true})").empty());
}

TEST_CASE("an issue whose reply was lost is sent again after the reconnect with the same key") {
    Wire wire;
    wire.connect_and_sign_in();
    wire.reply(json::object());  // the catalog
    std::vector<std::string> seen;
    wire.client.request_once("issue", {{"queue", "Q1"}},
                             [&](const Reply& r) { seen.push_back(r.ok ? "ok" : r.code); });
    json first = wire.sent.back();
    REQUIRE(first["op"] == "issue");
    REQUIRE(first["idempotency_key"].is_string());
    CHECK_FALSE(first["idempotency_key"].get<std::string>().empty());

    // The link drops before the reply: the visitor is not told "failed", the request waits.
    wire.client.on_disconnected();
    CHECK(seen.empty());
    CHECK(wire.client.pending() == 1);

    wire.now += std::chrono::seconds(5);
    wire.connect_and_sign_in();
    json again = wire.sent[wire.sent.size() - 2];  // hello's reply sends it, then the catalog
    REQUIRE(again["op"] == "issue");
    CHECK(again["idempotency_key"] == first["idempotency_key"]);
    CHECK(again["queue"] == "Q1");
    CHECK(again["id"] != first["id"]);
    // A late reply to the first send (a new connection never carries one) is ignored.
    wire.client.on_message(json{{"id", first["id"]}, {"ok", true}, {"result", nullptr}}.dump());
    CHECK(seen.empty());
    wire.client.on_message(
        json{{"id", again["id"]}, {"ok", true}, {"result", {{"ticket", {{"number", "A001"}}}}}}
            .dump());
    CHECK(seen == std::vector<std::string>{"ok"});
    CHECK(wire.client.pending() == 1);  // only the catalog request
}

TEST_CASE("each tap gets its own key, and a request unanswered too long gives up at reconnect") {
    Wire wire;
    wire.connect_and_sign_in();
    std::string code;
    wire.client.request_once("issue", {{"queue", "Q1"}}, [&](const Reply& r) { code = r.code; });
    auto first_key = wire.sent.back()["idempotency_key"];
    wire.client.request_once("issue", {{"queue", "Q1"}}, [](const Reply&) {});
    CHECK(wire.sent.back()["idempotency_key"] != first_key);

    wire.client.on_disconnected();
    CHECK(code.empty());
    wire.now += HallClient::retry_window + std::chrono::seconds(1);
    auto sent = wire.sent.size();
    wire.connect_and_sign_in();
    CHECK(code == "offline");
    // Only hello and the catalog went out: nothing was issued for someone long gone.
    CHECK(wire.sent.size() == sent + 2);
    CHECK(wire.client.pending() == 1);
}

TEST_CASE("a request_once while offline fails at once and sends nothing") {
    Wire wire;
    std::string code;
    wire.client.request_once("issue", {{"queue", "Q1"}}, [&](const Reply& r) { code = r.code; });
    CHECK(code == "offline");
    CHECK(wire.sent.empty());
}

TEST_CASE("a priority ticket is marked with its class, an ordinary one not at all") {
    const auto& s = strings(Lang::zh);
    CHECK(priority_mark(s, "none").empty());
    CHECK(priority_mark(s, "").empty());
    CHECK(priority_mark(s, "elderly") == "绿色通道 · 老年人");
    CHECK(priority_mark(s, "appointment") == "预约取号");
}
