// The ticket kiosk's guides, as a visitor reaches them: a zone lists its departments (not its
// hundreds of items), a department lists its items a page at a time, an item opens its guide.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <memory>

#include "app.hpp"
#include "hall_fixture.hpp"
#include "kiosk/app_steps.hpp"
#include "server_process.hpp"

using namespace hall::testing;
using namespace kiosk::testing;

namespace {

// A demo hall's server and one ticket kiosk signed in to it.
struct TicketKiosk {
    explicit TicketKiosk(int home_after_s = 60) {
        setenv("SDL_VIDEODRIVER", "dummy", 1);
        import_demo_catalog(db);
        auto token = register_device(db, "kiosk", 0, "kiosk-guides");
        server = std::make_unique<RunningServer>(db);
        auto config = config_for(kiosk::Role::ticket, server->port(), token);
        config.home_after_s = home_after_s;
        app = std::make_unique<kiosk::App>(config);
        REQUIRE(app->start().empty());
        REQUIRE(app->run_until([&] { return online(*app); }, std::chrono::seconds(20)));
    }
    TempDir dir;
    std::string db = dir.file("hall.db");
    std::unique_ptr<RunningServer> server;
    std::unique_ptr<kiosk::App> app;
};

}  // namespace

TEST_CASE("a zone's guides are reached through its departments") {
    TicketKiosk kiosk;
    auto& app = *kiosk.app;

    press(app, "建设项目审批服务专区");
    wait_screen(app, "ticket_zone");
    // The zone's 14 departments, eight to a page at this size; no item is listed here.
    CHECK(app.button_at("县住房和城乡建设局"));
    CHECK(app.button_at("县自然资源局"));
    CHECK_FALSE(app.button_at("建设用地规划许可证核发"));
    CHECK_FALSE(app.button_at("县交通运输局"));
    press(app, "下一页");
    CHECK(app.button_at("县交通运输局"));
    CHECK_FALSE(app.button_at("县自然资源局"));
    press(app, "上一页");

    press(app, "县自然资源局");
    wait_screen(app, "ticket_department");
    CHECK(app.screenshot(shots("ticket_department.png")));
    // 45 items: the first page starts with the department's first item, the next page goes on.
    CHECK(app.button_at("建设用地规划许可证核发"));
    CHECK(app.shows_label("1 / 5"));
    auto first_page_item = app.button_at("临时建设工程规划许可证核发");
    CHECK(first_page_item);
    press(app, "下一页");
    CHECK(app.shows_label("2 / 5"));
    CHECK_FALSE(app.button_at("建设用地规划许可证核发"));
    // A swipe to the right turns back.
    app.swipe(500, 900, 300, 0);
    app.run_until([] { return false; }, std::chrono::milliseconds(50));
    CHECK(app.shows_label("1 / 5"));

    press(app, "建设用地规划许可证核发");
    wait_screen(app, "ticket_guide");
    CHECK(app.shows_label("承诺时限：5 个工作日"));
    press(app, "返回");
    wait_screen(app, "ticket_department");
    press(app, "返回");
    wait_screen(app, "ticket_zone");
}

TEST_CASE("an item's name too long for the guide's header is given whole under it") {
    TicketKiosk kiosk;
    auto& app = *kiosk.app;
    press(app, "建设项目审批服务专区");
    wait_screen(app, "ticket_zone");
    press(app, "下一页");
    press(app, "县林业和草原局");
    wait_screen(app, "ticket_department");
    const std::string name = "草原上修建直接为草原保护和畜牧业生产服务的工程设施审批";
    press(app, name);
    wait_screen(app, "ticket_guide");
    // The header cuts it; the lines under the header, read one after another, hold all of it.
    std::string all;
    for (const auto& text : app.label_texts())
        all += text;
    CHECK_FALSE(app.shows_label(name));
    CHECK(all.find(name) != std::string::npos);
}

TEST_CASE("a ticket kiosk left untouched on a guide goes home by itself") {
    TicketKiosk kiosk(5);
    auto& app = *kiosk.app;
    press(app, "社会民生服务专区");
    wait_screen(app, "ticket_zone");
    press(app, "县民政局");
    wait_screen(app, "ticket_department");
    press(app, "结婚登记");
    wait_screen(app, "ticket_guide");
    // A touch 3 s in keeps the page 5 s more: still there at 6 s, home by 10 s.
    const auto start = std::chrono::steady_clock::now();
    app.run_until([] { return false; }, std::chrono::seconds(3));
    app.swipe(500, 900, 0, 10);
    app.run_until([] { return false; }, std::chrono::seconds(3));
    CHECK(app.screen_name() == "ticket_guide");
    REQUIRE(
        app.run_until([&] { return app.screen_name() == "ticket_home"; }, std::chrono::seconds(6)));
    CHECK(std::chrono::steady_clock::now() - start >= std::chrono::seconds(7));
}
