// In-process kiosks against the real server: a board scrolls a manager's notice, and a ticket
// kiosk whose printer is offline still shows the ticket with a clear message.
#include <catch2/catch.hpp>

#include <cstdlib>

#include "app.hpp"
#include "hall_fixture.hpp"
#include "kiosk/app_steps.hpp"
#include "server_process.hpp"
#include "ws_client.hpp"

using namespace hall::testing;
using namespace kiosk::testing;

TEST_CASE("a manager's notice reaches the board's scrolling line") {
    setenv("SDL_VIDEODRIVER", "dummy", 1);
    TempDir dir;
    auto db = dir.file("hall.db");
    import_demo_catalog(db);
    auto board_token = register_device(db, "board", 0, "board-notice");
    auto manager_token = register_device(db, "manager", 0, "manager-1");
    RunningServer server(db);

    kiosk::App board(config_for(kiosk::Role::board, server.port(), board_token));
    REQUIRE(board.start().empty());
    REQUIRE(board.run_until([&] { return online(board); }, std::chrono::seconds(20)));

    WsDevice manager(server.port());
    REQUIRE(manager.hello(manager_token)["ok"] == true);
    std::string text =
        "今日下午 14:00 至 15:00 系统维护，社保业务暂停办理，请合理安排时间。"
        "办理不动产登记的群众请携带身份证原件。";
    auto reply = manager.request({{"op", "notice"}, {"text", text}});
    REQUIRE(reply["ok"] == true);
    REQUIRE(
        board.run_until([&] { return board.events_seen("notice") > 0; }, std::chrono::seconds(10)));
    REQUIRE(!board.client().model().notices.empty());
    CHECK(board.client().model().notices.back() == text);
    board.run_until([] { return false; }, std::chrono::milliseconds(300));
    CHECK(board.screenshot(shots("board_notice.png")));
}

TEST_CASE("a ticket is still shown when the printer is offline, with the fault said plainly") {
    setenv("SDL_VIDEODRIVER", "dummy", 1);
    TempDir dir;
    auto db = dir.file("hall.db");
    import_demo_catalog(db);
    auto token = register_device(db, "kiosk", 0, "kiosk-printer");
    RunningServer server(db);

    auto config = config_for(kiosk::Role::ticket, server.port(), token);
    config.printer = "tcp:127.0.0.1:1";  // nothing listens there: the printer is offline
    kiosk::App app(config);
    REQUIRE(app.start().empty());
    REQUIRE(app.run_until([&] { return online(app); }, std::chrono::seconds(20)));
    REQUIRE(app.tap_button("商事服务专区"));
    REQUIRE(
        app.run_until([&] { return app.screen_name() == "ticket_zone"; }, std::chrono::seconds(5)));
    // Queues of this zone may offer the green channel; either way a normal ticket is taken.
    const auto& catalog = app.client().catalog();
    const hall::Queue* queue = nullptr;
    for (const auto& q : catalog.queues)
        if (q.zone == "Z2") {
            queue = &q;
            break;
        }
    REQUIRE(queue);
    REQUIRE(app.tap_button(queue->name));
    app.run_until([&] { return app.screen_name() != "ticket_zone"; }, std::chrono::seconds(5));
    if (app.screen_name() == "ticket_priority")
        REQUIRE(app.tap_button("普通取号"));
    REQUIRE(app.run_until([&] { return app.screen_name() == "ticket_issued"; },
                          std::chrono::seconds(10)));
    REQUIRE(app.run_until([&] { return app.print_results() > 0; }, std::chrono::seconds(10)));
    CHECK(app.screen_name() == "ticket_issued");
    CHECK(app.screenshot(shots("ticket_printer_fault.png")));
}
