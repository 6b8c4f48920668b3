// A rating pad restarted (or reconnected) while the visit it was to rate waits: the window's
// `unrated` visit in the snapshot brings the rating screen back, for what is left of its wait,
// and never for a visit already rated or finished too long ago. A real server on the test clock.
#include <catch2/catch.hpp>

#include <chrono>
#include <cstdlib>
#include <string>

#include "app.hpp"
#include "hall_fixture.hpp"
#include "kiosk/app_steps.hpp"
#include "server_process.hpp"
#include "ws_client.hpp"

using namespace hall::testing;
using namespace kiosk::testing;
using namespace std::chrono_literals;
using nlohmann::json;

namespace {

struct RatingHall {
    TempDir dir;
    std::string db = dir.file("hall.db");
    std::string rating_token, counter_token, kiosk_token, manager_token;
    std::unique_ptr<RunningServer> server;
    std::unique_ptr<WsDevice> counter, manager;

    RatingHall() {
        import_demo_catalog(db);
        rating_token = register_device(db, "rating", 1, "rating-resume");
        counter_token = register_device(db, "counter", 1, "counter-resume");
        kiosk_token = register_device(db, "kiosk", 0, "kiosk-resume");
        manager_token = register_device(db, "manager", 0, "manager-resume");
        server = std::make_unique<RunningServer>(
            db, std::vector<std::string>{"--test-clock", "2019-01-02T09:00"});
        counter = std::make_unique<WsDevice>(server->port());
        REQUIRE(counter->hello(counter_token)["ok"] == true);
        manager = std::make_unique<WsDevice>(server->port());
        REQUIRE(manager->hello(manager_token)["ok"] == true);
        REQUIRE(counter->request({{"op", "login"}, {"staff", "S001"}, {"pin", "1234"}})["ok"] ==
                true);
    }

    // A visit at window 1 from issue to finish; its number.
    std::string serve_one() {
        WsDevice kiosk(server->port());
        REQUIRE(kiosk.hello(kiosk_token)["ok"] == true);
        auto issued = kiosk.request({{"op", "issue"}, {"queue", "Q01"}});
        REQUIRE(issued["ok"] == true);
        REQUIRE(counter->request({{"op", "call_next"}})["ok"] == true);
        REQUIRE(counter->request({{"op", "start"}})["ok"] == true);
        REQUIRE(counter->request({{"op", "finish"}, {"items", {"D01-001"}}})["ok"] == true);
        return issued["result"]["ticket"]["number"];
    }

    void clock(const std::string& at) {
        REQUIRE(manager->request({{"op", "test_clock"}, {"at", at}})["ok"] == true);
    }
};

std::string unrated_number(kiosk::App& app) {
    const auto* w = app.client().model().window(1);
    return w && w->unrated ? w->unrated->number : "";
}

}  // namespace

TEST_CASE("a rating pad that comes back within the wait shows the unrated visit again") {
    setenv("SDL_VIDEODRIVER", "dummy", 1);
    RatingHall hall;
    const auto number = hall.serve_one();
    hall.clock("2019-01-02T09:00:40");  // 40 of the rating's 60 seconds gone

    kiosk::App pad(config_for(kiosk::Role::rating, hall.server->port(), hall.rating_token));
    REQUIRE(pad.start().empty());
    REQUIRE(pad.run_until([&] { return online(pad); }, 20s));
    wait_screen(pad, "rating_rate");
    CHECK(unrated_number(pad) == number);
    // Rated from the restored screen: the visit is no longer unrated, on every device.
    press(pad, "满意");
    wait_screen(pad, "rating_thanks");
    REQUIRE(pad.run_until([&] { return unrated_number(pad).empty(); }, 10s));
    auto state = hall.counter->request({{"op", "state"}});
    for (const auto& w : state["result"]["windows"])
        if (w["window"] == 1)
            CHECK(w["unrated"].is_null());

    // A pad that starts again now has nothing to rate.
    kiosk::App again(config_for(kiosk::Role::rating, hall.server->port(), hall.rating_token));
    REQUIRE(again.start().empty());
    REQUIRE(again.run_until([&] { return online(again); }, 20s));
    again.run_until([] { return false; }, 300ms);
    CHECK(again.screen_name() == "rating_idle");
}

TEST_CASE(
    "a rating pad that comes back after the wait stays at rest, and the visit can still be "
    "rated") {
    setenv("SDL_VIDEODRIVER", "dummy", 1);
    RatingHall hall;
    const auto number = hall.serve_one();
    hall.clock("2019-01-02T09:01:05");  // past the 60 seconds

    kiosk::App pad(config_for(kiosk::Role::rating, hall.server->port(), hall.rating_token));
    REQUIRE(pad.start().empty());
    REQUIRE(pad.run_until([&] { return online(pad); }, 20s));
    pad.run_until([] { return false; }, 300ms);
    CHECK(pad.screen_name() == "rating_idle");
    CHECK(unrated_number(pad) == number);  // the snapshot still names it
}
