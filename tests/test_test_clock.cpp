// The test clock of `hall_server serve --test-clock`: refused in service, forward only, and the
// day's close and the next day follow it, on the real server over its real protocol.
#include <catch2/catch.hpp>

#include "hall_calendar.hpp"
#include "hall_fixture.hpp"
#include "http_client.hpp"
#include "server_process.hpp"
#include "ws_client.hpp"

using namespace hall::testing;
using nlohmann::json;

namespace {

const std::string demo_catalog = std::string(HALL_SOURCE_DIR) + "/assets/demo-catalog";

struct ClockHall {
    explicit ClockHall(const std::vector<std::string>& serve_args,
                       ServerClock clock = ServerClock::test) {
        db = dir.file("hall.db");
        auto imported = run_server_command({"import", "--db", db, demo_catalog});
        if (imported.status != 0)
            throw std::runtime_error(imported.output);
        manager_token = add_device(db, "manager-1", "manager");
        kiosk_token = add_device(db, "kiosk-1", "kiosk");
        server = std::make_unique<RunningServer>(db, serve_args, "http", clock);
    }
    TempDir dir;
    std::string db, manager_token, kiosk_token;
    std::unique_ptr<RunningServer> server;
};

json set_clock(WsDevice& manager, const json& at) {
    return manager.request({{"op", "test_clock"}, {"at", at}});
}

}  // namespace

TEST_CASE("a server on the real clock refuses the test clock, and changes nothing") {
    ClockHall hall({}, ServerClock::system);
    WsDevice manager(hall.server->port());
    REQUIRE(manager.hello(hall.manager_token)["ok"] == true);
    auto reply = set_clock(manager, "2030-01-01T09:00");
    CHECK(reply["ok"] == false);
    CHECK(reply["error"]["code"] == "test_clock_disabled");

    WsDevice kiosk(hall.server->port());
    REQUIRE(kiosk.hello(hall.kiosk_token)["ok"] == true);
    CHECK(set_clock(kiosk, "2030-01-01T09:00")["error"]["code"] == "forbidden");
    // Still the system clock's day.
    CHECK(kiosk.request({{"op", "state"}})["result"]["day"] != "2030-01-01");
}

TEST_CASE("the test clock moves only forward, times what the hall records, and closes the day") {
    const hall::HallCalendar calendar("Asia/Shanghai");
    ClockHall hall({"--test-clock", "2019-01-02T08:00"});
    WsDevice manager(hall.server->port());
    auto hello = manager.hello(hall.manager_token);
    REQUIRE(hello["ok"] == true);
    CHECK(hello["result"]["day"] == "2019-01-02");
    CHECK(hello["result"]["time_zone"] == "Asia/Shanghai");
    CHECK(hello["result"]["now_ms"] == calendar.at("2019-01-02", 8 * 60));
    WsDevice kiosk(hall.server->port());
    REQUIRE(kiosk.hello(hall.kiosk_token)["ok"] == true);

    auto moved = set_clock(manager, "2019-01-02T09:15:30");
    REQUIRE(moved["ok"] == true);
    const std::int64_t nine_fifteen = calendar.at("2019-01-02", 9 * 60 + 15) + 30'000;
    CHECK(moved["result"]["now_ms"] == nine_fifteen);
    CHECK(moved["result"]["day_closed"] == false);
    auto issued = kiosk.request({{"op", "issue"}, {"queue", "Q01"}});
    REQUIRE(issued["ok"] == true);
    CHECK(issued["result"]["ticket"]["issued_ms"] == nine_fifteen);
    CHECK(issued["result"]["ticket"]["day"] == "2019-01-02");

    SECTION("backwards and malformed times are refused and change nothing") {
        CHECK(set_clock(manager, "2019-01-02T09:00")["error"]["code"] == "clock_backwards");
        CHECK(set_clock(manager, nine_fifteen - 1)["error"]["code"] == "clock_backwards");
        CHECK(set_clock(manager, "tomorrow")["error"]["code"] == "bad_request");
        CHECK(set_clock(manager, "2019-02-30T09:00")["error"]["code"] == "bad_request");
        CHECK(set_clock(manager, true)["error"]["code"] == "bad_request");
        // Past the last day a hall can have (9999-12-30), or past any 64-bit time: refused, and
        // the server goes on.
        CHECK(set_clock(manager, "9999-12-31T10:00")["error"]["code"] == "bad_request");
        CHECK(set_clock(manager, 253402300799999)["error"]["code"] == "bad_request");
        CHECK(set_clock(manager, json(9223372036854775808ULL))["error"]["code"] == "bad_request");
        CHECK(set_clock(manager, nine_fifteen)["ok"] == true);  // the same time: nothing moves
        auto again = kiosk.request({{"op", "issue"}, {"queue", "Q01"}});
        CHECK(again["result"]["ticket"]["issued_ms"] == nine_fifteen);
    }

    SECTION("passing the day's close closes it, and the next day starts afresh") {
        // The demo hall closes its day at 23:59 (assets/demo-catalog/hall.csv).
        auto closed = set_clock(manager, "2019-01-02T23:59:30");
        REQUIRE(closed["ok"] == true);
        CHECK(closed["result"]["day_closed"] == true);
        auto day_closed = kiosk.next_event("day_closed");
        CHECK(day_closed["day"] == "2019-01-02");
        CHECK(day_closed["unserved"] == 1);
        auto refused = kiosk.request({{"op", "issue"}, {"queue", "Q01"}});
        CHECK(refused["ok"] == false);

        auto next = set_clock(manager, "2019-01-03T08:45");
        REQUIRE(next["ok"] == true);
        CHECK(next["result"]["day"] == "2019-01-03");
        CHECK(next["result"]["day_closed"] == false);
        auto fresh = kiosk.request({{"op", "issue"}, {"queue", "Q01"}});
        REQUIRE(fresh["ok"] == true);
        CHECK(fresh["result"]["ticket"]["day"] == "2019-01-03");
        CHECK(fresh["result"]["ticket"]["number"] == issued["result"]["ticket"]["number"]);

        SECTION("a restart on the test clock never starts before the log's last event") {
            hall.server.reset();
            hall.server = std::make_unique<RunningServer>(
                hall.db, std::vector<std::string>{"--test-clock", "2019-01-01T08:00"});
            WsDevice again(hall.server->port());
            auto resumed = again.hello(hall.manager_token);
            REQUIRE(resumed["ok"] == true);
            CHECK(resumed["result"]["day"] == "2019-01-03");
            CHECK(resumed["result"]["now_ms"] == calendar.at("2019-01-03", 8 * 60 + 45));
        }
    }
}

TEST_CASE("a malformed --test-clock start stops the server with a clear message") {
    TempDir dir;
    const auto db = dir.file("hall.db");
    REQUIRE(run_server_command({"import", "--db", db, demo_catalog}).status == 0);
    auto result = run_server_command(
        {"serve", "--db", db, "--listen", "127.0.0.1:0", "--test-clock", "next tuesday"});
    CHECK(result.status != 0);
    CHECK_THAT(result.output, Catch::Contains("--test-clock wants a local time"));
}

TEST_CASE("the export over HTTP times the sessions still running by the hall's test clock") {
    // A session is counted when it ends; for the day still open the export adds the time so far,
    // which is the hall's time (here the test clock's), not the machine's.
    ClockHall hall({"--test-clock", "2019-01-02T08:00"});
    const auto counter_token = register_device(hall.db, "counter", 1, "counter-1");
    WsDevice manager(hall.server->port());
    REQUIRE(manager.hello(hall.manager_token)["ok"] == true);
    WsDevice counter(hall.server->port());
    REQUIRE(counter.hello(counter_token)["ok"] == true);
    REQUIRE(counter.request({{"op", "login"}, {"staff", "S001"}, {"pin", "1234"}})["ok"] == true);
    REQUIRE(set_clock(manager, "2019-01-02T09:00")["ok"] == true);
    REQUIRE(counter.request({{"op", "break_start"}, {"reason", "meeting"}})["ok"] == true);
    REQUIRE(set_clock(manager, "2019-01-02T09:30")["ok"] == true);

    auto reply = http_request(hall.server->port(), "GET", "/api/export?year=2019&format=json", {},
                              hall.manager_token);
    REQUIRE(reply.status == 200);
    const auto exported = json::parse(reply.body);
    CHECK(exported["period"]["open_day"] == "2019-01-02");
    auto window = exported["windows"][0];
    REQUIRE(window["code"] == "1");
    CHECK(window["logged_in_ms"] == 90 * 60'000);
    CHECK(window["break_ms"] == 30 * 60'000);
    CHECK(window["idle_ms"] == 60 * 60'000);
    for (const auto& staff : exported["staff"])
        if (staff["code"] == "S001")
            CHECK(staff["logged_in_ms"] == 90 * 60'000);

    // The command knows only the machine's clock, years past this day: the sessions still
    // running count up to the day's close time (23:59), where the close will end them, and no
    // further.
    auto stats =
        run_server_command({"stats", "--db", hall.db, "--day", "2019-01-02", "--format", "json"});
    REQUIRE(stats.status == 0);
    const auto counted = json::parse(stats.output);
    REQUIRE(counted["windows"][0]["code"] == "1");
    CHECK(counted["windows"][0]["logged_in_ms"] == (23 * 60 + 59 - 8 * 60) * 60'000);
    CHECK(counted["windows"][0]["break_ms"] == (23 * 60 + 59 - 9 * 60) * 60'000);
}
