// A ticket kiosk whose link drops after its "issue" went out and before the reply came back:
// it asks again with the same idempotency key, and the hall gets one ticket, not two; also when
// the server was killed and restarted in between.
#include <signal.h>
#include <sys/wait.h>

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>

#include "app.hpp"
#include "hall_fixture.hpp"
#include "link_cutter.hpp"
#include "server_process.hpp"
#include "sqlite.hpp"

using namespace hall::testing;
using kiosk::testing::LinkCutter;

namespace {

std::int64_t tickets_in(const std::string& db_path) {
    hall::sql::Database db(db_path);
    auto s = db.prepare("SELECT COUNT(*) FROM tickets");
    s.step();
    return s.int64(0);
}

// From the home screen to the green-channel choice of 民政残联业务, where one tap issues.
void walk_to_normal_ticket(kiosk::App& app) {
    REQUIRE(app.tap_button("社会民生服务专区"));
    REQUIRE(
        app.run_until([&] { return app.screen_name() == "ticket_zone"; }, std::chrono::seconds(5)));
    REQUIRE(app.tap_button("民政残联业务"));
    REQUIRE(app.run_until([&] { return app.screen_name() == "ticket_priority"; },
                          std::chrono::seconds(5)));
}

}  // namespace

TEST_CASE("an issue whose reply was lost is asked again with its key and makes one ticket") {
    setenv("SDL_VIDEODRIVER", "dummy", 1);
    setenv("SDL_AUDIODRIVER", "dummy", 1);
    TempDir dir;
    auto db = dir.file("hall.db");
    import_demo_catalog(db);
    auto token = register_device(db, "kiosk", 0, "kiosk-retry");
    auto server = std::make_unique<RunningServer>(db);
    const auto port = server->port();
    LinkCutter cutter(port);

    kiosk::Config config;
    config.role = kiosk::Role::ticket;
    config.server = "ws://127.0.0.1:" + std::to_string(cutter.port());
    config.token = token;
    config.device = "kiosk-retry";
    config.mute = true;
    config.size = {540, 960};
    kiosk::App app(config);
    REQUIRE(app.start().empty());
    auto online = [&] { return app.client().online() && app.client().has_catalog(); };
    REQUIRE(app.run_until(online, std::chrono::seconds(20)));

    SECTION("the link drops; the server keeps running") {
        walk_to_normal_ticket(app);
        cutter.cut_before_next_answer();
        REQUIRE(app.tap_button("普通取号"));
        REQUIRE(app.run_until([&] { return app.screen_name() == "ticket_issued"; },
                              std::chrono::seconds(30)));
        CHECK(cutter.cuts() == 1);
        CHECK(tickets_in(db) == 1);
        // The next visitor's tap is a new request: a second ticket, as it should be.
        REQUIRE(app.tap_button("首页"));
        REQUIRE(app.run_until([&] { return app.screen_name() == "ticket_home"; },
                              std::chrono::seconds(5)));
        walk_to_normal_ticket(app);
        REQUIRE(app.tap_button("普通取号"));
        REQUIRE(app.run_until([&] { return app.screen_name() == "ticket_issued"; },
                              std::chrono::seconds(10)));
        CHECK(tickets_in(db) == 2);
    }

    SECTION("the link drops and the server is killed and restarted before the retry") {
        walk_to_normal_ticket(app);
        cutter.cut_before_next_answer();
        REQUIRE(app.tap_button("普通取号"));
        // Stop stepping the kiosk the moment the answer is lost, so that its retry can only
        // reach the restarted server.
        REQUIRE(app.run_until([&] { return cutter.cuts() == 1; }, std::chrono::seconds(10)));
        CHECK(server->stop(SIGKILL) == -SIGKILL);
        server.reset();
        int fd = -1;
        pid_t pid =
            spawn_server({"serve", "--db", db, "--listen", "127.0.0.1:" + std::to_string(port),
                          "--test-clock", test_clock_start},
                         fd);
        bool shown = app.run_until([&] { return app.screen_name() == "ticket_issued"; },
                                   std::chrono::seconds(30));
        kill(pid, SIGTERM);
        waitpid(pid, nullptr, 0);
        close(fd);
        REQUIRE(shown);
        CHECK(tickets_in(db) == 1);
    }
}
