// The counter's searchable lists against the real server: the items handled found by their code
// on the keypad, a transfer target found by name or code, an enterprise package picked from a
// searchable list at an agency window; and the day's served count, which the server keeps, is
// the same after the counter program restarts.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <map>

#include "app.hpp"
#include "hall_fixture.hpp"
#include "kiosk/app_steps.hpp"
#include "server_process.hpp"
#include "ws_client.hpp"

using namespace hall::testing;
using namespace kiosk::testing;
using namespace std::chrono_literals;

namespace {

void call_and_start(kiosk::App& app) {
    press(app, "呼叫下一位");
    REQUIRE(app.run_until([&] { return my_window(app).current.has_value(); }, 10s));
    press(app, "开始办理");
    REQUIRE(app.run_until([&] { return my_window(app).current_state == "serving"; }, 10s));
}

}  // namespace

TEST_CASE(
    "items and transfer targets are found by search, and the served count outlives a restart") {
    setenv("SDL_VIDEODRIVER", "dummy", 1);
    TempDir dir;
    auto db = dir.file("hall.db");
    import_demo_catalog(db);
    auto counter_token = register_device(db, "counter", 1, "counter-pick");
    auto kiosk_token = register_device(db, "kiosk", 0, "kiosk-pick");
    RunningServer server(db);
    WsDevice kiosk(server.port());
    REQUIRE(kiosk.hello(kiosk_token)["ok"] == true);
    for (int i = 0; i < 3; ++i)
        REQUIRE(kiosk.request({{"op", "issue"}, {"queue", "Q01"}})["ok"] == true);

    {
        kiosk::App app(config_for(kiosk::Role::counter, server.port(), counter_token));
        REQUIRE(app.start().empty());
        sign_in(app, "S001");
        CHECK(my_window(app).served_today == 0);

        // Two visits finished, each with an item found by its code on the keypad.
        for (int visit = 0; visit < 2; ++visit) {
            call_and_start(app);
            press(app, "办结");
            wait_screen(app, "counter_items");
            for (const char* key : {"D", "0", "1", "-", "0", "0", "2"})
                press(app, key);
            // Only D01-002 is left in the list.
            CHECK_FALSE(app.tap_button("D01-001 结婚登记"));
            press(app, "D01-002 离婚登记");
            if (visit == 0)
                CHECK(app.screenshot(shots("counter_items_search.png")));
            press(app, "办结");
            wait_screen(app, "counter_main");
            REQUIRE(app.run_until([&] { return my_window(app).served_today == visit + 1; }, 10s));
        }

        // A transfer target typed by name on a keyboard, then by queue code on the keypad.
        call_and_start(app);
        press(app, "转移");
        wait_screen(app, "counter_transfer");
        const auto& catalog = app.client().catalog();
        const auto* q02 = catalog.queue("Q02");
        const auto* q03 = catalog.queue("Q03");
        REQUIRE(q02);
        REQUIRE(q03);
        std::string q02_title = q02->prefix + " " + q02->name;
        std::string q03_title = q03->prefix + " " + q03->name;
        app.type_text(q03->name);
        app.run_until([] { return false; }, 50ms);
        CHECK_FALSE(app.tap_button(q02_title));
        CHECK(app.screenshot(shots("counter_transfer_search.png")));
        for (std::size_t i = 0; i < q03->name.size(); ++i)
            press(app, "←");  // more than enough: one press removes one character
        // A window number typed whole lists that window first, before the queue codes and
        // other windows holding the digit (Q02, Q12, 12, 20...).
        const auto* window_2 = catalog.window(2);
        REQUIRE(window_2);
        press(app, "2");
        app.run_until([] { return false; }, 50ms);
        const auto window_button = app.button_at(window_2->name);
        const auto queue_button = app.button_at(q02_title);
        REQUIRE(window_button);
        if (queue_button)  // on the same page: the window comes before the queue
            CHECK(std::pair(window_button->y, window_button->x) <
                  std::pair(queue_button->y, queue_button->x));
        press(app, "←");
        for (const char* key : {"Q", "0", "2"})
            press(app, key);
        press(app, q02_title);
        wait_screen(app, "counter_main");
        REQUIRE(app.run_until([&] { return !my_window(app).current.has_value(); }, 10s));
        CHECK(my_window(app).served_today == 2);  // a transfer is no visit served
    }

    // The counter program starts again: the count comes from the server, not from memory.
    kiosk::App again(config_for(kiosk::Role::counter, server.port(), counter_token));
    REQUIRE(again.start().empty());
    REQUIRE(again.run_until([&] { return again.client().online() && again.client().has_catalog(); },
                            20s));
    wait_screen(again, "counter_main");
    CHECK(my_window(again).served_today == 2);
    CHECK(again.screenshot(shots("counter_served_after_restart.png")));
}

TEST_CASE("an agency window picks an enterprise package from a searchable list") {
    setenv("SDL_VIDEODRIVER", "dummy", 1);
    TempDir dir;
    auto db = dir.file("hall.db");
    import_demo_catalog(db);
    auto counter_token = register_device(db, "counter", 90, "counter-agency");
    auto kiosk_token = register_device(db, "kiosk", 0, "kiosk-agency");
    RunningServer server(db);
    WsDevice kiosk(server.port());
    REQUIRE(kiosk.hello(kiosk_token)["ok"] == true);
    REQUIRE(kiosk.request({{"op", "issue"}, {"queue", "Q24"}})["ok"] == true);

    kiosk::App app(config_for(kiosk::Role::counter, server.port(), counter_token));
    REQUIRE(app.start().empty());
    sign_in(app, "S002");
    call_and_start(app);
    press(app, "办结");
    wait_screen(app, "counter_items");
    press(app, "企业套餐");
    wait_screen(app, "counter_package");
    const auto& packages = app.client().catalog().packages;
    REQUIRE(packages.size() > 10);
    // A package shows its code, the one the keypad searches by, as an item shows its own.
    auto title = [](const hall::Package& p) { return p.code + " " + p.name; };
    CHECK(app.button_at(title(packages[0])));
    CHECK(app.screenshot(shots("counter_package.png")));
    const auto& wanted = packages[9];  // P10: past the first page
    for (char key : wanted.code)
        press(app, std::string(1, key));
    CHECK_FALSE(app.button_at(title(packages[0])));
    CHECK(app.screenshot(shots("counter_package_search.png")));
    press(app, title(wanted));
    wait_screen(app, "counter_items");
    CHECK(app.button_at(title(wanted)));  // the package chosen, on its button
    CHECK(app.screenshot(shots("counter_package_chosen.png")));
    press(app, "办结");
    wait_screen(app, "counter_main");
    REQUIRE(app.run_until([&] { return my_window(app).served_today == 1; }, 10s));
}

TEST_CASE("a counter's list shows more choices on a larger screen, down to its Cancel row") {
    setenv("SDL_VIDEODRIVER", "dummy", 1);
    TempDir dir;
    auto db = dir.file("hall.db");
    import_demo_catalog(db);
    auto counter_token = register_device(db, "counter", 1, "counter-sizes");
    auto kiosk_token = register_device(db, "kiosk", 0, "kiosk-sizes");
    RunningServer server(db);
    WsDevice kiosk(server.port());
    REQUIRE(kiosk.hello(kiosk_token)["ok"] == true);
    REQUIRE(kiosk.request({{"op", "issue"}, {"queue", "Q01"}})["ok"] == true);

    std::map<int, int> shown;  // choices on the transfer list's first page, by screen width
    for (const kiosk::Size size : {kiosk::Size{800, 480}, kiosk::Size{1280, 800}}) {
        kiosk::Config config = config_for(kiosk::Role::counter, server.port(), counter_token);
        config.size = size;
        kiosk::App app(config);
        REQUIRE(app.start().empty());
        REQUIRE(app.run_until([&] { return app.client().online() && app.client().has_catalog(); },
                              20s));
        if (size.w == 800) {
            sign_in(app, "S001");
            press(app, "呼叫下一位");
        } else {
            wait_screen(app, "counter_main");
        }
        REQUIRE(app.run_until([&] { return my_window(app).current.has_value(); }, 10s));
        press(app, "转移");
        wait_screen(app, "counter_transfer");
        CHECK(app.screenshot(shots("counter_transfer_" + std::to_string(size.w) + ".png")));
        int lowest = 0;
        for (const auto& q : app.client().catalog().queues)
            if (const auto at = app.button_at(q.prefix + " " + q.name)) {
                ++shown[size.w];
                lowest = std::max(lowest, at->y + at->h);
            }
        const auto cancel = app.button_at("取消");
        REQUIRE(cancel);
        // Nothing but the message line between the last row of choices and the Cancel row.
        INFO("at " << size.w << ": choices end at " << lowest << ", Cancel at " << cancel->y);
        CHECK(cancel->y - lowest < size.h / 8);
        press(app, "取消");
        wait_screen(app, "counter_main");
    }
    CHECK(shown[800] >= 9);
    CHECK(shown[1280] > shown[800]);
}
