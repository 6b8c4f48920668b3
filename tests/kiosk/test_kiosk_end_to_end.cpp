// The four roles as real kiosk processes against the real hall_server on loopback, driven by
// scripted taps, each screen saved as a PNG in the build tree.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <thread>

#include "escpos_printer.hpp"
#include "hall_fixture.hpp"
#include "i18n.hpp"
#include "kiosk/app_steps.hpp"
#include "kiosk_process.hpp"
#include "server_process.hpp"
#include "sqlite.hpp"

using namespace hall::testing;
using namespace kiosk::testing;
using kiosk::testing::KioskProcess;
namespace fs = std::filesystem;

namespace {

std::string write_script(const TempDir& dir, const std::string& name, const std::string& text) {
    auto path = dir.file(name);
    std::ofstream(path) << text;
    return path;
}

// Waits for a file that a kiosk writes once it is online (its first screenshot).
bool appears(const std::string& path, KioskProcess& process) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (std::chrono::steady_clock::now() < deadline) {
        if (fs::exists(path) && fs::file_size(path) > 0)
            return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    INFO(process.output());
    return false;
}

std::int64_t count(const std::string& db_path, const std::string& query) {
    hall::sql::Database db(db_path);
    auto s = db.prepare(query);
    s.step();
    return s.int64(0);
}

struct Hall {
    TempDir dir;
    std::string db = dir.file("hall.db");
    Hall() { import_demo_catalog(db); }
    std::vector<std::string> kiosk_args(const RunningServer& server, const std::string& role,
                                        const std::string& token) {
        return {"--role",  role,  "--server", "ws://127.0.0.1:" + std::to_string(server.port()),
                "--token", token, "--mute"};
    }
};

}  // namespace

TEST_CASE("a hall's day through all four roles: ticket, board, counter and rating pad") {
    Hall hall;
    auto ticket_token = register_device(hall.db, "kiosk", 0, "kiosk-1");
    auto board_token = register_device(hall.db, "board", 0, "board-1");
    auto strip_token = register_device(hall.db, "board", 1, "strip-1");
    auto counter_token = register_device(hall.db, "counter", 1, "counter-1");
    auto rating_token = register_device(hall.db, "rating", 1, "rating-1");
    RunningServer server(hall.db);

    // The board and the rating pad wait for what the counter will do.
    auto board_args = hall.kiosk_args(server, "board", board_token);
    board_args.insert(board_args.end(),
                      {"--script", write_script(hall.dir, "board.script",
                                                "wait-online\n"
                                                "screenshot " +
                                                    shots("board_idle.png") +
                                                    "\n"
                                                    "wait-event call\n"
                                                    "sleep 300\n"
                                                    "screenshot " +
                                                    shots("board_call.png") + "\n")});
    KioskProcess board(board_args, hall.dir.file("board.log"));

    auto rating_args = hall.kiosk_args(server, "rating", rating_token);
    rating_args.insert(rating_args.end(),
                       {"--script", write_script(hall.dir, "rating.script",
                                                 "wait-online\n"
                                                 "screenshot " +
                                                     shots("rating_idle.png") +
                                                     "\n"
                                                     "wait-screen rating_rate\n"
                                                     "screenshot " +
                                                     shots("rating_rate.png") +
                                                     "\n"
                                                     "tap-button 不满意\n"
                                                     "wait-screen rating_reason\n"
                                                     "screenshot " +
                                                     shots("rating_reason.png") +
                                                     "\n"
                                                     "tap-button 等候时间长\n"
                                                     "wait-screen rating_thanks\n"
                                                     "screenshot " +
                                                     shots("rating_thanks.png") + "\n")});
    KioskProcess rating(rating_args, hall.dir.file("rating.log"));

    // A visitor takes tickets through every kiosk screen; the printer is a file.
    auto printed = hall.dir.file("printer.bin");
    auto ticket_args = hall.kiosk_args(server, "ticket", ticket_token);
    ticket_args.insert(ticket_args.end(),
                       {"--printer", "file:" + printed, "--script",
                        write_script(hall.dir, "ticket.script",
                                     "wait-online\n"
                                     "screenshot " +
                                         shots("ticket_home.png") +
                                         "\n"
                                         "tap-button 社会民生服务专区\n"
                                         "wait-screen ticket_zone\n"
                                         "screenshot " +
                                         shots("ticket_zone.png") +
                                         "\n"
                                         "tap-button 民政残联业务\n"
                                         "wait-screen ticket_priority\n"
                                         "screenshot " +
                                         shots("ticket_priority.png") +
                                         "\n"
                                         "tap-button 普通取号\n"
                                         "wait-screen ticket_issued\n"
                                         "sleep 300\n"
                                         "screenshot " +
                                         shots("ticket_issued.png") +
                                         "\n"
                                         "tap-button 首页\n"
                                         "wait-screen ticket_home\n"
                                         "tap-button 高频事项\n"
                                         "wait-screen ticket_high_frequency\n"
                                         "screenshot " +
                                         shots("ticket_high_frequency.png") +
                                         "\n"
                                         "tap-button 结婚登记\n"
                                         "wait-screen ticket_guide\n"
                                         "screenshot " +
                                         shots("ticket_guide.png") +
                                         "\n"
                                         "tap-button 取号\n"
                                         "wait-screen ticket_priority\n"
                                         "tap-button 老年人\n"
                                         "wait-screen ticket_issued\n"
                                         "tap-button 首页\n"
                                         "wait-screen ticket_home\n"
                                         "tap-button 预约取号\n"
                                         "wait-screen ticket_appointment\n"
                                         "tap-button 2\n"
                                         "tap-button 0\n"
                                         "tap-button 2\n"
                                         "tap-button 6\n"
                                         "screenshot " +
                                         shots("ticket_appointment.png") +
                                         "\n"
                                         "tap-button 确定\n"
                                         "wait-screen ticket_appointment_queue\n"
                                         "screenshot " +
                                         shots("ticket_appointment_queue.png") +
                                         "\n"
                                         "tap-button 民政残联业务\n"
                                         "wait-screen ticket_issued\n"
                                         "screenshot " +
                                         shots("ticket_appointment_issued.png") + "\n")});
    KioskProcess ticket(ticket_args, hall.dir.file("ticket.log"));
    int ticket_status = ticket.wait();
    INFO(ticket.output());
    REQUIRE(ticket_status == 0);
    CHECK(count(hall.db, "SELECT COUNT(*) FROM tickets") == 3);
    CHECK(count(hall.db, "SELECT COUNT(*) FROM tickets WHERE priority = 'elderly'") == 1);
    CHECK(count(hall.db, "SELECT COUNT(*) FROM tickets WHERE channel = 'appointment'") == 1);

    // The printer got ESC/POS bytes: the ticket in GB18030, its QR code, the cut.
    std::ifstream printer_file(printed, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(printer_file)),
                      std::istreambuf_iterator<char>());
    CHECK(bytes.starts_with(kiosk::escpos::init));
    CHECK(bytes.find(*kiosk::to_gb18030("民政残联业务")) != std::string::npos);
    CHECK(bytes.find("\x1d\x28\x6b") != std::string::npos);
    CHECK(bytes.ends_with(kiosk::escpos::cut));

    REQUIRE(appears(shots("board_idle.png"), board));
    REQUIRE(appears(shots("rating_idle.png"), rating));

    // The window's staff logs in, calls, recalls, serves and finishes with two items.
    auto counter_args = hall.kiosk_args(server, "counter", counter_token);
    counter_args.insert(counter_args.end(),
                        {"--script", write_script(hall.dir, "counter.script",
                                                  "wait-online\n"
                                                  "screenshot " +
                                                      shots("counter_login.png") +
                                                      "\n"
                                                      "tap-button S\n"
                                                      "tap-button 0\n"
                                                      "tap-button 0\n"
                                                      "tap-button 1\n"
                                                      "tap-button 密码\n"
                                                      "tap-button 1\n"
                                                      "tap-button 2\n"
                                                      "tap-button 3\n"
                                                      "tap-button 4\n"
                                                      "tap-button 登录\n"
                                                      "wait-screen counter_main\n"
                                                      "screenshot " +
                                                      shots("counter_main.png") +
                                                      "\n"
                                                      "tap-button 呼叫下一位\n"
                                                      "tap-button 重呼\n"
                                                      "wait-event call\n"
                                                      "screenshot " +
                                                      shots("counter_called.png") +
                                                      "\n"
                                                      "tap-button 开始办理\n"
                                                      "tap-button 办结\n"
                                                      "wait-screen counter_items\n"
                                                      // The elderly visitor's ticket came from
                                                      // 结婚登记's guide: picked already.
                                                      "tap-button D01-002 离婚登记\n"
                                                      "screenshot " +
                                                      shots("counter_items.png") +
                                                      "\n"
                                                      "tap-button 办结\n"
                                                      "wait-screen counter_main\n"
                                                      "tap-button 呼叫下一位\n"
                                                      "screenshot " +
                                                      shots("counter_next.png") + "\n")});
    KioskProcess counter(counter_args, hall.dir.file("counter.log"));
    int counter_status = counter.wait();
    INFO(counter.output());
    REQUIRE(counter_status == 0);

    int rating_status = rating.wait();
    INFO(rating.output());
    CHECK(rating_status == 0);
    int board_status = board.wait();
    INFO(board.output());
    CHECK(board_status == 0);

    CHECK(count(hall.db, "SELECT COUNT(*) FROM items_handled WHERE window_number = 1") == 2);
    CHECK(count(hall.db, "SELECT COUNT(*) FROM ratings WHERE grade = 4 AND reason IS NOT NULL") ==
          1);

    // The LED strip over window 1 shows the window's current call.
    auto strip_args = hall.kiosk_args(server, "board", strip_token);
    strip_args.insert(strip_args.end(),
                      {"--layout", "strip", "--screenshot", shots("board_strip.png")});
    KioskProcess strip(strip_args, hall.dir.file("strip.log"));
    CHECK(strip.wait() == 0);
    CHECK(fs::file_size(shots("board_strip.png")) > 0);

    for (const char* name :
         {"ticket_home.png", "ticket_zone.png", "ticket_priority.png", "ticket_issued.png",
          "ticket_high_frequency.png", "ticket_guide.png", "ticket_appointment.png",
          "ticket_appointment_issued.png", "board_call.png", "counter_main.png",
          "counter_items.png", "rating_rate.png", "rating_reason.png", "rating_thanks.png"})
        CHECK(fs::file_size(shots(name)) > 1000);
}

TEST_CASE(
    "a ticket kiosk without its server says it is out of service, and its screenshot shows it") {
    TempDir dir;
    std::string path = shots("ticket_offline.png");
    fs::remove(path);
    KioskProcess kiosk({"--role", "ticket", "--server", "ws://127.0.0.1:1", "--token", "kiosk-1.x",
                        "--screenshot", path, "--wait", "300"},
                       dir.file("offline.log"));
    // The picture is written, and the exit status and message say it is the offline screen.
    CHECK(kiosk.wait() == 3);
    CHECK(fs::file_size(path) > 1000);
    std::ifstream log(dir.file("offline.log"));
    const std::string said((std::istreambuf_iterator<char>(log)), {});
    CHECK_THAT(said, Catch::Contains("shows the offline screen"));
    CHECK_THAT(said, Catch::Contains("Connection refused"));
}

TEST_CASE("a revoked or wrong token keeps the device offline with the reason on screen") {
    Hall hall;
    RunningServer server(hall.db);
    std::string path = shots("counter_unauthenticated.png");
    auto args = hall.kiosk_args(server, "counter", "nobody.wrong");
    args.insert(args.end(), {"--screenshot", path, "--wait", "1500"});
    KioskProcess kiosk(args, hall.dir.file("bad-token.log"));
    CHECK(kiosk.wait() == 3);  // the offline screen, with the reason
    CHECK(fs::file_size(path) > 1000);
    // The staff's log says the token was refused, not that the server was silent.
    std::ifstream log(hall.dir.file("bad-token.log"));
    const std::string said((std::istreambuf_iterator<char>(log)), {});
    CHECK_THAT(said, Catch::Contains("the server refused this device (unauthenticated)"));
    CHECK_THAT(said, Catch::Contains("hall_server device add"));
    CHECK_THAT(said, !Catch::Contains("did not answer"));
    // On screen the reason is in words, not the protocol's code.
    CHECK(kiosk::error_text(kiosk::Lang::zh, "unauthenticated", "") ==
          "本设备未登记或已停用，请联系工作人员");
}
