// The queue board as the hall sees it, in-process against the real server: more staffed windows
// than fit are shown a page at a time, and the latest-call panel shows only a call its window
// still holds.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <memory>
#include <set>

#include "app.hpp"
#include "hall_fixture.hpp"
#include "kiosk/app_steps.hpp"
#include "server_process.hpp"
#include "ws_client.hpp"

using namespace hall::testing;
using namespace kiosk::testing;

namespace {

// The numbers of the windows the board lists now, read from their labels ("12号窗口 …").
std::set<int> listed_windows(kiosk::App& board) {
    std::set<int> numbers;
    for (const auto& text : board.label_texts()) {
        auto end = text.find("号窗口");
        if (end == 0 || end == std::string::npos || text.find_first_not_of("0123456789") != end)
            continue;
        numbers.insert(std::stoi(text.substr(0, end)));
    }
    return numbers;
}

}  // namespace

TEST_CASE("the board shows its staffed windows a page at a time when they do not fit") {
    setenv("SDL_VIDEODRIVER", "dummy", 1);
    TempDir dir;
    auto db = dir.file("hall.db");
    import_demo_catalog(db);
    auto board_token = register_device(db, "board", 0, "board-pages");
    constexpr int staffed = 30;
    std::vector<std::string> counter_tokens;
    for (int window = 1; window <= staffed; ++window)
        counter_tokens.push_back(
            register_device(db, "counter", window, "counter-" + std::to_string(window)));
    RunningServer server(db);

    kiosk::App board(config_for(kiosk::Role::board, server.port(), board_token));
    REQUIRE(board.start().empty());
    REQUIRE(board.run_until([&] { return online(board); }, std::chrono::seconds(20)));

    std::vector<std::unique_ptr<WsDevice>> counters;
    for (int window = 1; window <= staffed; ++window) {
        auto& counter = counters.emplace_back(std::make_unique<WsDevice>(server.port()));
        counter->keep_events(false);
        REQUIRE(counter->hello(counter_tokens[static_cast<std::size_t>(window - 1)])["ok"] == true);
        char staff[8];
        std::snprintf(staff, sizeof staff, "S%03d", window);
        REQUIRE(counter->request({{"op", "login"}, {"staff", staff}, {"pin", "1234"}})["ok"] ==
                true);
    }
    REQUIRE(board.run_until(
        [&] {
            const auto* last = board.client().model().window(staffed);
            return last && last->open;
        },
        std::chrono::seconds(10)));

    // Not all of them fit at 1920x1080: the first page lists some, and the pages that follow,
    // every 8 s, list the others; every staffed window is listed on some page.
    auto first_page = listed_windows(board);
    CHECK(first_page.count(1) == 1);
    CHECK(first_page.size() < staffed);
    std::set<int> seen = first_page;
    board.run_until(
        [&] {
            auto page = listed_windows(board);
            seen.insert(page.begin(), page.end());
            return seen.size() == staffed;
        },
        std::chrono::seconds(30));
    CHECK(seen.size() == staffed);
    CHECK(board.screenshot(shots("board_windows_paged.png")));
}

TEST_CASE("the board's latest-call panel shows a call only while its window holds it") {
    setenv("SDL_VIDEODRIVER", "dummy", 1);
    TempDir dir;
    auto db = dir.file("hall.db");
    import_demo_catalog(db);
    auto board_token = register_device(db, "board", 0, "board-latest");
    auto kiosk_token = register_device(db, "kiosk", 0, "kiosk-latest");
    auto counter_token = register_device(db, "counter", 1, "counter-latest");
    RunningServer server(db);

    kiosk::App board(config_for(kiosk::Role::board, server.port(), board_token));
    REQUIRE(board.start().empty());
    REQUIRE(board.run_until([&] { return online(board); }, std::chrono::seconds(20)));
    CHECK(board.shows_label("请留意叫号"));

    WsDevice kiosk(server.port());
    REQUIRE(kiosk.hello(kiosk_token)["ok"] == true);
    REQUIRE(kiosk.request({{"op", "issue"}, {"queue", "Q01"}})["ok"] == true);
    WsDevice counter(server.port());
    REQUIRE(counter.hello(counter_token)["ok"] == true);
    REQUIRE(counter.request({{"op", "login"}, {"staff", "S001"}, {"pin", "1234"}})["ok"] == true);
    REQUIRE(counter.request({{"op", "call_next"}})["ok"] == true);
    REQUIRE(board.run_until([&] { return !board.shows_label("请留意叫号"); },
                            std::chrono::seconds(10)));
    CHECK(board.shows_label("A001"));

    // A no-show: window 1 holds nothing now, so the panel no longer says A001 is called; the
    // call stays in the recent calls.
    REQUIRE(counter.request({{"op", "no_show"}})["ok"] == true);
    REQUIRE(
        board.run_until([&] { return board.shows_label("请留意叫号"); }, std::chrono::seconds(10)));
    CHECK(board.shows_label("A001"));
}
