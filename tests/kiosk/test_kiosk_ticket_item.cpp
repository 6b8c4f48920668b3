// A ticket taken from an item's guide carries the item: on the ticket screen, on the printed
// ticket, at the counter that calls it, and picked already when the visit is finished.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <iterator>

#include "app.hpp"
#include "escpos_printer.hpp"
#include "hall_fixture.hpp"
#include "kiosk/app_steps.hpp"
#include "server_process.hpp"

using namespace hall::testing;
using namespace kiosk::testing;
using namespace std::chrono_literals;

TEST_CASE("a ticket taken from an item's guide names the item from kiosk to counter") {
    setenv("SDL_VIDEODRIVER", "dummy", 1);
    TempDir dir;
    auto db = dir.file("hall.db");
    import_demo_catalog(db);
    auto kiosk_token = register_device(db, "kiosk", 0, "kiosk-item");
    auto counter_token = register_device(db, "counter", 1, "counter-item");
    RunningServer server(db);

    auto printed = dir.file("printer.bin");
    auto config = config_for(kiosk::Role::ticket, server.port(), kiosk_token);
    config.printer = "file:" + printed;
    kiosk::App ticket(config);
    REQUIRE(ticket.start().empty());
    REQUIRE(ticket.run_until([&] { return online(ticket); }, 20s));
    press(ticket, "社会民生服务专区");
    wait_screen(ticket, "ticket_zone");
    press(ticket, "县民政局");
    wait_screen(ticket, "ticket_department");
    press(ticket, "结婚登记");
    wait_screen(ticket, "ticket_guide");
    press(ticket, "取号");
    wait_screen(ticket, "ticket_priority");  // 民政残联业务 has a green channel
    press(ticket, "普通取号");
    wait_screen(ticket, "ticket_issued");
    CHECK(ticket.shows_label("办理事项：结婚登记"));
    REQUIRE(ticket.run_until([&] { return ticket.print_results() > 0; }, 10s));
    std::ifstream file(printed, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
    CHECK(bytes.find(*kiosk::to_gb18030("办理事项：结婚登记")) != std::string::npos);

    kiosk::App counter(config_for(kiosk::Role::counter, server.port(), counter_token));
    REQUIRE(counter.start().empty());
    sign_in(counter, "s001");
    wait_screen(counter, "counter_main");
    press(counter, "呼叫下一位");
    REQUIRE(counter.run_until([&] { return counter.shows_label("办理事项：结婚登记"); }, 10s));
    press(counter, "开始办理");
    press(counter, "办结");
    wait_screen(counter, "counter_items");
    CHECK(counter.button_at("✓ D01-001 结婚登记"));
}
