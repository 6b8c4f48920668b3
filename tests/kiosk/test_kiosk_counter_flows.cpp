// The counter terminal's less frequent paths against the real server: park and call back,
// transfer, a break with its reason, logout; and the kiosk's lists turn pages by swipe.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>

#include "app.hpp"
#include "hall_fixture.hpp"
#include "server_process.hpp"
#include "ws_client.hpp"

using namespace hall::testing;
namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

const std::string demo_catalog = std::string(HALL_SOURCE_DIR) + "/assets/demo-catalog";

std::string shots(const std::string& name) {
    fs::create_directories(KIOSK_TEST_OUTPUT_DIR);
    return (fs::path(KIOSK_TEST_OUTPUT_DIR) / name).string();
}

kiosk::Config config_for(kiosk::Role role, unsigned short port, const std::string& token) {
    kiosk::Config config;
    config.role = role;
    config.server = "ws://127.0.0.1:" + std::to_string(port);
    config.token = token;
    config.device = token.substr(0, token.find('.'));
    config.mute = true;
    config.size = kiosk::default_size(role, false);
    return config;
}

bool online(kiosk::App& app) {
    return app.client().online() && app.client().has_catalog();
}

// Taps a button once it is shown and enabled (a reply may still be on its way).
void press(kiosk::App& app, const std::string& title) {
    INFO("button " << title << " on " << app.screen_name());
    REQUIRE(app.run_until([&] { return app.tap_button(title); }, 10s));
}

void wait_screen(kiosk::App& app, const std::string& name) {
    INFO("waiting for " << name << ", on " << app.screen_name());
    REQUIRE(app.run_until([&] { return app.screen_name() == name; }, 10s));
}

std::string current(kiosk::App& app) {
    const auto* w = app.client().model().window(app.client().device().window);
    return w && w->current ? *w->current : "";
}

}  // namespace

TEST_CASE("a counter parks and calls back, transfers, takes a break and logs out") {
    setenv("SDL_VIDEODRIVER", "dummy", 1);
    TempDir dir;
    auto db = dir.file("hall.db");
    REQUIRE(run_server_command({"import", "--db", db, demo_catalog}).status == 0);
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
    REQUIRE(app.run_until([&] { return online(app); }, 20s));
    wait_screen(app, "counter_login");
    app.type_text("s001");  // a keyboard types into the focused field as well
    press(app, "密码");
    for (const char* digit : {"1", "2", "3", "4"})
        press(app, digit);
    press(app, "登录");
    wait_screen(app, "counter_main");

    press(app, "呼叫下一位");
    REQUIRE(app.run_until([&] { return current(app) == "A001"; }, 10s));
    press(app, "挂起");
    REQUIRE(app.run_until([&] { return current(app).empty(); }, 10s));
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
    // The visitor now waits in Q02, as a kiosk (which is sent every queue's count) sees.
    for (bool waiting = false; !waiting;) {
        auto queue = kiosk.next_event("queue");
        waiting = queue["queue"] == "Q02" && queue["waiting"] == 1;
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
    REQUIRE(run_server_command({"import", "--db", db, demo_catalog}).status == 0);
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
