// The printer's real-time status read over a real TCP connection on loopback: a printer that
// says it is out of paper, has its cover open or is offline gets no ticket and the fault is
// named; a ready printer gets the ticket; and the kiosk still shows the ticket on screen.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>

#include "app.hpp"
#include "escpos_printer.hpp"
#include "hall_fixture.hpp"
#include "kiosk/in_process_kiosk.hpp"
#include "server_process.hpp"
#include "status_printer.hpp"

using namespace hall::testing;
using kiosk::testing::config_for;
using kiosk::testing::online;
using kiosk::testing::StatusPrinter;
namespace fs = std::filesystem;

namespace {

const std::string ticket_bytes =
    std::string(kiosk::escpos::init) + "A001" + std::string(kiosk::escpos::cut);

kiosk::PrintOutcome print_to(const StatusPrinter& printer) {
    return kiosk::send_to_printer(*kiosk::parse_printer_target(printer.target()), ticket_bytes);
}

}  // namespace

TEST_CASE("a ready printer answers its status and gets the ticket") {
    StatusPrinter printer(0x12, 0x12, 0x12);
    auto outcome = print_to(printer);
    CHECK(outcome.ok);
    CHECK_FALSE(outcome.paper_low);
    CHECK(printer.status_requests() == 3);
    for (int i = 0; i < 100 && printer.printed().size() < ticket_bytes.size(); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    CHECK(printer.printed() == ticket_bytes);
}

TEST_CASE("a printer out of paper, with its cover open or offline gets nothing, and says why") {
    SECTION("out of paper") {
        StatusPrinter printer(0x1A, 0x32, 0x72);
        auto outcome = print_to(printer);
        CHECK_FALSE(outcome.ok);
        CHECK(outcome.paper_out);
        CHECK(outcome.error == "paper out");
        CHECK(printer.printed().empty());
    }
    SECTION("cover open") {
        StatusPrinter printer(0x1A, 0x16, 0x12);
        auto outcome = print_to(printer);
        CHECK_FALSE(outcome.ok);
        CHECK(outcome.cover_open);
        CHECK(printer.printed().empty());
    }
    SECTION("offline for another reason") {
        StatusPrinter printer(0x1A, 0x12, 0x12);
        auto outcome = print_to(printer);
        CHECK_FALSE(outcome.ok);
        CHECK(outcome.offline);
        CHECK(outcome.error == "printer offline");
    }
    SECTION("paper low still prints") {
        StatusPrinter printer(0x12, 0x12, 0x1E);
        auto outcome = print_to(printer);
        CHECK(outcome.ok);
        CHECK(outcome.paper_low);
    }
}

TEST_CASE("a kiosk whose printer is out of paper shows the ticket and says so") {
    setenv("SDL_VIDEODRIVER", "dummy", 1);
    TempDir dir;
    auto db = dir.file("hall.db");
    import_demo_catalog(db);
    auto token = register_device(db, "kiosk", 0, "kiosk-paper");
    RunningServer server(db);
    StatusPrinter printer(0x1A, 0x32, 0x72);

    kiosk::Config config = config_for(kiosk::Role::ticket, server.port(), token);
    config.printer = printer.target();
    config.size = {540, 960};
    kiosk::App app(config);
    REQUIRE(app.start().empty());
    REQUIRE(app.run_until([&] { return online(app); }, std::chrono::seconds(20)));
    REQUIRE(app.tap_button("社会民生服务专区"));
    REQUIRE(
        app.run_until([&] { return app.screen_name() == "ticket_zone"; }, std::chrono::seconds(5)));
    REQUIRE(app.tap_button("民政残联业务"));
    REQUIRE(app.run_until([&] { return app.tap_button("普通取号"); }, std::chrono::seconds(5)));
    REQUIRE(app.run_until([&] { return app.screen_name() == "ticket_issued"; },
                          std::chrono::seconds(10)));
    REQUIRE(app.run_until([&] { return app.print_results() > 0; }, std::chrono::seconds(10)));
    CHECK(app.screen_name() == "ticket_issued");
    CHECK(app.last_print_message() == "缺纸");
    CHECK(printer.printed().empty());
    fs::create_directories(KIOSK_TEST_OUTPUT_DIR);
    CHECK(app.screenshot((fs::path(KIOSK_TEST_OUTPUT_DIR) / "ticket_paper_out.png").string()));
}
