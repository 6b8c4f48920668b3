// A kiosk driven in-process: out of service while its server is down, back by itself after.
#include <signal.h>
#include <sys/wait.h>

#include <catch2/catch.hpp>

#include <cstdlib>

#include "app.hpp"
#include "hall_fixture.hpp"
#include "kiosk/app_steps.hpp"
#include "server_process.hpp"

using namespace hall::testing;
using namespace kiosk::testing;

TEST_CASE("a ticket kiosk refuses taps while its server is down and comes back by itself") {
    setenv("SDL_VIDEODRIVER", "dummy", 1);
    setenv("SDL_AUDIODRIVER", "dummy", 1);
    TempDir dir;
    auto db = dir.file("hall.db");
    import_demo_catalog(db);
    auto token = register_device(db, "kiosk", 0, "kiosk-reconnect");
    auto server = std::make_unique<RunningServer>(db);
    auto port = server->port();

    kiosk::Config config = config_for(kiosk::Role::ticket, port, token);
    config.size = {540, 960};  // any size lays out
    kiosk::App app(config);
    REQUIRE(app.start().empty());
    REQUIRE(app.run_until([&] { return online(app); }, std::chrono::seconds(20)));
    CHECK(app.screen_name() == "ticket_home");

    server->stop(SIGTERM);
    server.reset();
    REQUIRE(app.run_until([&] { return !app.client().online(); }, std::chrono::seconds(20)));
    CHECK(app.screenshot(shots("ticket_out_of_service.png")));
    // Out of service, a tap takes nobody anywhere: no ticket can be promised.
    app.tap_button("高频事项");
    app.run_until([] { return false; }, std::chrono::milliseconds(100));
    CHECK(app.screen_name() == "ticket_home");

    // The same port again, as after a server restart, on the same clock.
    int fd = -1;
    pid_t pid = spawn_server({"serve", "--db", db, "--listen", "127.0.0.1:" + std::to_string(port),
                              "--test-clock", test_clock_start},
                             fd);
    bool back = app.run_until([&] { return online(app); }, std::chrono::seconds(30));
    kill(pid, SIGTERM);
    waitpid(pid, nullptr, 0);
    close(fd);
    REQUIRE(back);
    CHECK(app.tap_button("高频事项"));
    CHECK(app.run_until([&] { return app.screen_name() == "ticket_high_frequency"; },
                        std::chrono::seconds(5)));
}

TEST_CASE("the LED strip over a window and an English board lay out at their own sizes") {
    setenv("SDL_VIDEODRIVER", "dummy", 1);
    TempDir dir;
    auto db = dir.file("hall.db");
    import_demo_catalog(db);
    auto strip_token = register_device(db, "board", 7, "strip-7");
    auto board_token = register_device(db, "board", 0, "board-en");
    RunningServer server(db);

    auto strip_config = config_for(kiosk::Role::board, server.port(), strip_token);
    strip_config.strip = true;
    strip_config.size = kiosk::default_size(kiosk::Role::board, true);
    {
        kiosk::App strip(strip_config);
        REQUIRE(strip.start().empty());
        REQUIRE(strip.run_until([&] { return online(strip); }, std::chrono::seconds(20)));
        CHECK(strip.screen_name() == "board_strip");
        CHECK(strip.size() == kiosk::Size{384, 64});
        CHECK(strip.screenshot(shots("board_strip_idle.png")));
    }
    auto board_config = config_for(kiosk::Role::board, server.port(), board_token);
    board_config.lang = kiosk::Lang::en;
    board_config.size = {1280, 720};
    kiosk::App board(board_config);
    REQUIRE(board.start().empty());
    REQUIRE(board.run_until([&] { return online(board); }, std::chrono::seconds(20)));
    CHECK(board.screen_name() == "board");
    CHECK(board.screenshot(shots("board_english.png")));
}

TEST_CASE("a counter's message of a lost link goes once the link is back") {
    setenv("SDL_VIDEODRIVER", "dummy", 1);
    TempDir dir;
    auto db = dir.file("hall.db");
    import_demo_catalog(db);
    auto token = register_device(db, "counter", 1, "counter-reconnect");
    auto server = std::make_unique<RunningServer>(db);
    auto port = server->port();

    kiosk::App app(config_for(kiosk::Role::counter, port, token));
    REQUIRE(app.start().empty());
    sign_in(app, "S001");
    wait_screen(app, "counter_main");

    server->stop(SIGTERM);
    server.reset();
    REQUIRE(app.run_until([&] { return !app.client().online(); }, std::chrono::seconds(20)));
    // A tap while the link is down says so on the message line.
    const std::string lost = "与服务器的连接已断开";
    press(app, "呼叫下一位");
    REQUIRE(app.run_until([&] { return app.shows_label(lost); }, std::chrono::seconds(5)));

    int fd = -1;
    pid_t pid = spawn_server({"serve", "--db", db, "--listen", "127.0.0.1:" + std::to_string(port),
                              "--test-clock", test_clock_start},
                             fd);
    bool back = app.run_until([&] { return online(app); }, std::chrono::seconds(30));
    app.run_until([] { return false; }, std::chrono::milliseconds(300));
    const bool still_said = app.shows_label(lost);
    const std::string screen = app.screen_name();
    CHECK(app.screenshot(shots("counter_link_back.png")));
    kill(pid, SIGTERM);
    waitpid(pid, nullptr, 0);
    close(fd);
    REQUIRE(back);
    CHECK(screen == "counter_main");
    CHECK_FALSE(still_said);
}
