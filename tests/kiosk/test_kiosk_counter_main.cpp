// The counter's main screen against the real server: every queue the window serves shows its
// waiting count, whatever else the screen holds, at the terminal's size and a larger one.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "app.hpp"
#include "hall_fixture.hpp"
#include "kiosk/app_steps.hpp"
#include "server_process.hpp"
#include "ws_client.hpp"

using namespace hall::testing;
using namespace kiosk::testing;
using namespace std::chrono_literals;

namespace {

// "G 立项用地规划许可  等候 2": a queue's line on the main screen, with the model's count.
std::string waiting_line(kiosk::App& app, const std::string& code) {
    const auto* q = app.client().model().queue(code);
    REQUIRE(q);
    return q->prefix + " " + q->name + "  等候 " + std::to_string(q->waiting);
}

std::vector<std::string> window_queues(kiosk::App& app) {
    const auto* w = app.client().catalog().window(app.client().device().window);
    REQUIRE(w);
    return w->queues;
}

// The queues of the window whose line the screen does not show now.
std::vector<std::string> missing_lines(kiosk::App& app) {
    std::vector<std::string> missing;
    for (const auto& code : window_queues(app))
        if (!app.shows_label(waiting_line(app, code)))
            missing.push_back(code);
    return missing;
}

std::string joined(const std::vector<std::string>& codes) {
    std::string text;
    for (const auto& code : codes)
        text += code + " ";
    return text;
}

// Every line of the window's queues is on the screen; says which are not when some are missing.
void check_every_queue_shown(kiosk::App& app) {
    std::vector<std::string> missing;
    app.run_until(
        [&] {
            missing = missing_lines(app);
            return missing.empty();
        },
        5s);
    INFO("at " << app.size().w << "x" << app.size().h << ", missing: " << joined(missing));
    CHECK(missing.empty());
}

}  // namespace

TEST_CASE("a counter shows the waiting count of every queue its window serves") {
    setenv("SDL_VIDEODRIVER", "dummy", 1);
    TempDir dir;
    auto db = dir.file("hall.db");
    import_demo_catalog(db);
    // Window 25 serves Q07, Q10 and Q08; window 2 serves Q01 and Q03.
    auto counter_25 = register_device(db, "counter", 25, "counter-25");
    auto counter_2 = register_device(db, "counter", 2, "counter-2");
    auto kiosk_token = register_device(db, "kiosk", 0, "kiosk-main");
    RunningServer server(db);
    WsDevice kiosk(server.port());
    REQUIRE(kiosk.hello(kiosk_token)["ok"] == true);
    for (const char* queue : {"Q07", "Q07", "Q07", "Q10", "Q08", "Q08", "Q01", "Q01", "Q03", "Q03"})
        REQUIRE(kiosk.request({{"op", "issue"}, {"queue", queue}})["ok"] == true);

    struct Case {
        std::string token, staff, name;
    };
    for (const auto& c : {Case{counter_25, "S050", "w25"}, Case{counter_2, "S002", "w2"}}) {
        for (const kiosk::Size size : {kiosk::Size{800, 480}, kiosk::Size{1280, 800}}) {
            const bool first = size.w == 800;
            const std::string at = c.name + "_" + std::to_string(size.w);
            kiosk::Config config = config_for(kiosk::Role::counter, server.port(), c.token);
            config.size = size;
            kiosk::App app(config);
            REQUIRE(app.start().empty());
            sign_in(app, c.staff);
            if (first) {  // idle
                check_every_queue_shown(app);
                CHECK(app.screenshot(shots("counter_waiting_" + at + "_idle.png")));
                // A ticket set aside: its line is on the screen beside every queue's.
                press(app, "呼叫下一位");
                REQUIRE(app.run_until([&] { return my_window(app).current.has_value(); }, 10s));
                press(app, "挂起");
                REQUIRE(app.run_until([&] { return !my_window(app).parked.empty(); }, 10s));
                REQUIRE(app.run_until([&] { return !my_window(app).current.has_value(); }, 10s));
                check_every_queue_shown(app);
                CHECK(app.screenshot(shots("counter_waiting_" + at + "_parked.png")));
                // ... and with one called as well.
                press(app, "呼叫下一位");
                REQUIRE(app.run_until([&] { return my_window(app).current.has_value(); }, 10s));
            }
            check_every_queue_shown(app);
            CHECK(app.screenshot(shots("counter_waiting_" + at + "_parked_called.png")));
        }
    }
}

TEST_CASE("a counter whose window serves more queues than fit shows them all, a page at a time") {
    setenv("SDL_VIDEODRIVER", "dummy", 1);
    TempDir dir;
    // The demo catalog, with window 25 serving ten queues.
    const auto catalog = dir.path() / "catalog";
    std::filesystem::copy(std::string(HALL_SOURCE_DIR) + "/assets/demo-catalog", catalog);
    {
        std::ifstream in(catalog / "windows.csv");
        std::stringstream text;
        text << in.rdbuf();
        std::string csv = text.str();
        const std::string row = "25,25号窗口 立项用地规划,Z3,Q07;Q10;Q08,";
        const auto at = csv.find(row);
        REQUIRE(at != std::string::npos);
        csv.replace(at, row.size(),
                    "25,25号窗口 立项用地规划,Z3,Q07;Q10;Q08;Q09;Q01;Q02;Q03;Q04;Q05;Q06,");
        std::ofstream(catalog / "windows.csv") << csv;
    }
    auto db = dir.file("hall.db");
    REQUIRE(run_server_command({"import", "--db", db, catalog.string()}).status == 0);
    auto counter_token = register_device(db, "counter", 25, "counter-many");
    auto kiosk_token = register_device(db, "kiosk", 0, "kiosk-many");
    RunningServer server(db);
    WsDevice kiosk(server.port());
    REQUIRE(kiosk.hello(kiosk_token)["ok"] == true);
    for (const char* queue : {"Q07", "Q07", "Q09", "Q01", "Q06"})
        REQUIRE(kiosk.request({{"op", "issue"}, {"queue", queue}})["ok"] == true);

    kiosk::App app(config_for(kiosk::Role::counter, server.port(), counter_token));
    REQUIRE(app.start().empty());
    sign_in(app, "S050");
    press(app, "呼叫下一位");
    REQUIRE(app.run_until([&] { return my_window(app).current.has_value(); }, 10s));
    press(app, "挂起");
    REQUIRE(app.run_until([&] { return !my_window(app).parked.empty(); }, 10s));
    press(app, "呼叫下一位");
    REQUIRE(app.run_until([&] { return my_window(app).current.has_value(); }, 10s));
    app.run_until([] { return false; }, 300ms);

    // The lines come a page at a time; the page button turns them, and every queue comes.
    int pages = 0;
    for (int n = 2; n <= 10 && pages == 0; ++n)
        if (app.button_at("1 / " + std::to_string(n)))
            pages = n;
    REQUIRE(pages > 1);
    std::set<std::string> seen;
    for (int page = 1; page <= pages; ++page) {
        const std::string title = std::to_string(page) + " / " + std::to_string(pages);
        REQUIRE(app.button_at(title));
        for (const auto& code : window_queues(app))
            if (app.shows_label(waiting_line(app, code)))
                seen.insert(code);
        if (page == 1)
            CHECK(app.screenshot(shots("counter_waiting_paged.png")));
        press(app, title);
    }
    CHECK(app.button_at("1 / " + std::to_string(pages)));  // round again
    CHECK(seen.size() == window_queues(app).size());
}

TEST_CASE("a counter's call with nobody waiting says so") {
    setenv("SDL_VIDEODRIVER", "dummy", 1);
    TempDir dir;
    auto db = dir.file("hall.db");
    import_demo_catalog(db);
    auto token = register_device(db, "counter", 1, "counter-empty");
    RunningServer server(db);

    kiosk::App app(config_for(kiosk::Role::counter, server.port(), token));
    REQUIRE(app.start().empty());
    sign_in(app, "s001");
    press(app, "呼叫下一位");
    REQUIRE(app.run_until([&] { return app.shows_label("当前无人等候"); }, 10s));
    CHECK_FALSE(my_window(app).current);
}

TEST_CASE("a counter's recall button stops at the hall's recall limit") {
    setenv("SDL_VIDEODRIVER", "dummy", 1);
    TempDir dir;
    auto db = dir.file("hall.db");
    import_demo_catalog(db);
    auto token = register_device(db, "counter", 1, "counter-recalls");
    auto kiosk_token = register_device(db, "kiosk", 0, "kiosk-recalls");
    RunningServer server(db);
    WsDevice kiosk(server.port());
    REQUIRE(kiosk.hello(kiosk_token)["ok"] == true);
    REQUIRE(kiosk.request({{"op", "issue"}, {"queue", "Q01"}})["ok"] == true);

    kiosk::App app(config_for(kiosk::Role::counter, server.port(), token));
    REQUIRE(app.start().empty());
    sign_in(app, "s001");
    const int limit = app.client().catalog().hall.recall_limit;
    REQUIRE(limit > 0);
    press(app, "呼叫下一位");
    REQUIRE(app.run_until([&] { return my_window(app).current.has_value(); }, 10s));
    for (int i = 1; i <= limit; ++i) {
        press(app, "重呼");
        REQUIRE(app.run_until([&] { return my_window(app).current_recalls_since_call == i; }, 10s));
        CHECK(app.shows_label("已重呼 A001（第 " + std::to_string(i) + " 次）"));
    }
    // At the limit the button is off: a tap sends nothing, so nothing is refused.
    app.run_until([] { return false; }, 200ms);
    app.tap_button("重呼");
    app.run_until([] { return false; }, 500ms);
    CHECK_FALSE(app.shows_label("重呼次数已满，请标记过号"));
    CHECK(my_window(app).current_recalls_since_call == limit);
}
