// The kiosk's clock shows the hall's time, from the catalog's hall profile, whatever zone the
// machine it runs on is set to.
#include <catch2/catch.hpp>

#include <cstdlib>

#include "app.hpp"
#include "hall_fixture.hpp"
#include "hall_time_zone.hpp"
#include "kiosk/in_process_kiosk.hpp"
#include "screens/common.hpp"
#include "server_process.hpp"

using namespace hall::testing;
using kiosk::testing::config_for;
using kiosk::testing::online;

TEST_CASE("local time follows the hall's zone once it is applied") {
    kiosk::prepare_time_zone();
    CHECK(kiosk::use_hall_time_zone("America/New_York"));
    CHECK(kiosk::clock_text(0) == "1969-12-31 19:00");
    CHECK_FALSE(kiosk::use_hall_time_zone("America/New_York"));  // already in force
    CHECK_FALSE(kiosk::use_hall_time_zone(""));
    CHECK(kiosk::use_hall_time_zone("Asia/Shanghai"));
    CHECK(kiosk::clock_text(0) == "1970-01-01 08:00");
    CHECK(kiosk::time_of_day(0) == "08:00");
}

TEST_CASE("a kiosk on a machine set to another zone shows the hall's time") {
    setenv("SDL_VIDEODRIVER", "dummy", 1);
    TempDir dir;
    auto db = dir.file("hall.db");
    import_demo_catalog(db);
    auto token = register_device(db, "board", 0, "board-zone");
    RunningServer server(db);

    setenv("TZ", "America/New_York", 1);  // the machine's own zone
    tzset();
    kiosk::Config config = config_for(kiosk::Role::board, server.port(), token);
    config.size = {1280, 720};
    kiosk::App app(config);
    REQUIRE(app.start().empty());
    CHECK(kiosk::clock_text(0) == "1969-12-31 19:00");
    REQUIRE(app.run_until([&] { return online(app); }, std::chrono::seconds(20)));
    app.run_until([] { return false; }, std::chrono::milliseconds(100));
    CHECK(app.client().catalog().hall.time_zone == "Asia/Shanghai");
    CHECK(kiosk::clock_text(0) == "1970-01-01 08:00");
}
