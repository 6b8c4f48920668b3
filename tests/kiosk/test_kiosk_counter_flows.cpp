// The counter terminal's less frequent paths against the real server: park and call back,
// transfer, a break with its reason, logout; and the kiosk's lists turn pages by swipe.
#include <catch2/catch.hpp>

#include <cstdlib>

#include "app.hpp"
#include "hall_fixture.hpp"
#include "kiosk/app_steps.hpp"
#include "server_process.hpp"
#include "ws_client.hpp"

using namespace hall::testing;
using namespace kiosk::testing;
using namespace std::chrono_literals;

namespace {

std::string current(kiosk::App& app) {
    const auto* w = app.client().model().window(app.client().device().window);
    return w && w->current ? *w->current : "";
}

}  // namespace

TEST_CASE("a counter parks and calls back, transfers, takes a break and logs out") {
    setenv("SDL_VIDEODRIVER", "dummy", 1);
    TempDir dir;
    auto db = dir.file("hall.db");
    import_demo_catalog(db);
    auto counter_token = register_device(db, "counter", 1, "counter-flows");
    auto kiosk_token = register_device(db, "kiosk", 0, "kiosk-flows");
    RunningServer server(db);

    // Two visitors wait in window 1's queue.
    WsDevice kiosk(server.port());
    REQUIRE(kiosk.hello(kiosk_token)["ok"] == true);
    for (int i = 0; i < 2; ++i)
        REQUIRE(kiosk.request({{"op", "issue"}, {"queue", "Q01"}})["ok"] == true);

    kiosk::App app(config_for(kiosk::Role::counter, server.port(), counter_token));
    REQUIRE(app.start().empty());
    sign_in(app, "s001");
    wait_screen(app, "counter_main");

    press(app, "呼叫下一位");
    REQUIRE(app.run_until([&] { return current(app) == "A001"; }, 10s));
    press(app, "挂起");
    REQUIRE(app.run_until([&] { return current(app).empty(); }, 10s));
    // The main screen lists the ticket set aside, and says what the tap did.
    app.run_until([] { return false; }, 300ms);
    CHECK(app.screenshot(shots("counter_main_parked.png")));
    press(app, "回呼挂起");
    wait_screen(app, "counter_parked");
    CHECK(app.screenshot(shots("counter_parked.png")));
    press(app, "A001");
    wait_screen(app, "counter_main");
    REQUIRE(app.run_until([&] { return current(app) == "A001"; }, 10s));

    press(app, "转移");
    wait_screen(app, "counter_transfer");
    CHECK(app.screenshot(shots("counter_transfer.png")));
    press(app, "B 卫生健康与教育");
    wait_screen(app, "counter_main");
    REQUIRE(app.run_until([&] { return current(app).empty(); }, 10s));
    // The window is empty now: the message line says where the visitor went.
    CHECK(app.shows_label("A001 已转至 B 卫生健康与教育"));
    // The visitor now waits in Q02, as a kiosk (which is sent every queue's count) sees.
    for (bool waiting = false; !waiting;) {
        const auto status = kiosk.next_event("status");  // kept: the loop reads into it
        for (const auto& queue : status["queues"])
            waiting = waiting || (queue["queue"] == "Q02" && queue["waiting"] == 1);
    }

    press(app, "暂停");
    wait_screen(app, "counter_break");
    CHECK(app.screenshot(shots("counter_break.png")));
    press(app, "会议");
    wait_screen(app, "counter_main");
    press(app, "恢复服务");
    press(app, "退出");
    wait_screen(app, "counter_login");
}

TEST_CASE("a swipe turns the page of the high-frequency items") {
    setenv("SDL_VIDEODRIVER", "dummy", 1);
    TempDir dir;
    auto db = dir.file("hall.db");
    import_demo_catalog(db);
    auto token = register_device(db, "kiosk", 0, "kiosk-swipe");
    RunningServer server(db);
    kiosk::App app(config_for(kiosk::Role::ticket, server.port(), token));
    REQUIRE(app.start().empty());
    REQUIRE(app.run_until([&] { return online(app); }, 20s));
    press(app, "高频事项");
    wait_screen(app, "ticket_high_frequency");
    REQUIRE(app.tap_button("下一页"));
    CHECK(app.tap_button("上一页"));  // back on page one
    CHECK_FALSE(app.tap_button("上一页"));
    app.swipe(800, 1000, -400, 0);
    CHECK(app.tap_button("上一页"));  // the swipe went to page two
}

TEST_CASE("the counter's message line says what the latest action did, never an older one") {
    setenv("SDL_VIDEODRIVER", "dummy", 1);
    TempDir dir;
    auto db = dir.file("hall.db");
    import_demo_catalog(db);
    auto counter_token = register_device(db, "counter", 1, "counter-message");
    auto kiosk_token = register_device(db, "kiosk", 0, "kiosk-message");
    RunningServer server(db);
    WsDevice kiosk(server.port());
    REQUIRE(kiosk.hello(kiosk_token)["ok"] == true);
    for (int i = 0; i < 3; ++i)
        REQUIRE(kiosk.request({{"op", "issue"}, {"queue", "Q01"}})["ok"] == true);

    kiosk::App app(config_for(kiosk::Role::counter, server.port(), counter_token));
    REQUIRE(app.start().empty());
    sign_in(app, "S001");
    wait_screen(app, "counter_main");

    press(app, "呼叫下一位");
    REQUIRE(app.run_until([&] { return current(app) == "A001"; }, 10s));
    press(app, "挂起");
    REQUIRE(app.run_until([&] { return app.shows_label("A001 已挂起"); }, 10s));
    // A break, chosen on a list of its own, is the latest action now.
    press(app, "暂停");
    wait_screen(app, "counter_break");
    press(app, "会议");
    wait_screen(app, "counter_main");
    REQUIRE(app.run_until(
        [&] {
            const auto* w = app.client().model().window(1);
            return w && w->on_break;
        },
        10s));
    CHECK_FALSE(app.shows_label("A001 已挂起"));
    press(app, "恢复服务");

    press(app, "呼叫下一位");
    REQUIRE(app.run_until([&] { return current(app) == "A002"; }, 10s));
    press(app, "转移");
    wait_screen(app, "counter_transfer");
    press(app, "C 司法公证与法律援助");
    wait_screen(app, "counter_main");
    const std::string transferred = "A002 已转至 C 司法公证与法律援助";
    REQUIRE(app.run_until([&] { return app.shows_label(transferred); }, 10s));
    // The ticket called back from the list of parked ones is what the window shows now: the
    // transfer's words are gone.
    press(app, "回呼挂起");
    wait_screen(app, "counter_parked");
    press(app, "A001");
    wait_screen(app, "counter_main");
    REQUIRE(app.run_until([&] { return current(app) == "A001"; }, 10s));
    CHECK_FALSE(app.shows_label(transferred));
    CHECK(app.screenshot(shots("counter_called_back_after_transfer.png")));
    // A list left with Cancel did nothing: the last action's words stay.
    press(app, "重呼");
    const std::string recalled = "已重呼 A001（第 1 次）";
    REQUIRE(app.run_until([&] { return app.shows_label(recalled); }, 10s));
    press(app, "转移");
    wait_screen(app, "counter_transfer");
    press(app, "取消");
    wait_screen(app, "counter_main");
    CHECK(app.shows_label(recalled));
}
