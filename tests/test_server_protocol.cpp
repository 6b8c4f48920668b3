// The real hall_server over its real protocol: devices at once, boards, bad input, roles, kills.
#include <catch2/catch.hpp>

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <map>
#include <mutex>
#include <set>
#include <thread>
#include <utility>
#include <vector>

#include "hall_fixture.hpp"
#include "raw_connection.hpp"
#include "server_process.hpp"
#include "sqlite.hpp"
#include "ws_client.hpp"

using namespace hall::testing;
using nlohmann::json;

namespace {

const std::string demo_catalog = std::string(HALL_SOURCE_DIR) + "/assets/demo-catalog";

// A final text frame as a client sends it: masked, its length in the shortest form RFC 6455
// allows (a longer form is a protocol error).
// A client's frame: `first` is FIN and the opcode (0x81 text, 0x88 close).
std::string masked_frame(char first, const std::string& payload) {
    std::string frame = {first};
    const auto size = payload.size();
    const int length_bytes = size < 126 ? 0 : size < 65536 ? 2 : 8;
    frame += static_cast<char>(0x80 | (length_bytes == 0 ? size : length_bytes == 2 ? 126 : 127));
    for (int i = length_bytes - 1; i >= 0; --i)
        frame += static_cast<char>((size >> (8 * i)) & 0xFF);
    const char mask[4] = {'\x12', '\x34', '\x56', '\x78'};
    frame.append(mask, 4);
    for (std::size_t i = 0; i < payload.size(); ++i)
        frame += static_cast<char>(payload[i] ^ mask[i % 4]);
    return frame;
}

std::string masked_text_frame(const std::string& payload) {
    return masked_frame('\x81', payload);
}

// The frames a server sent (unmasked), as (first byte, payload), in order; a frame cut short
// at the end is left out.
std::vector<std::pair<unsigned char, std::string>> server_frames(const std::string& bytes) {
    std::vector<std::pair<unsigned char, std::string>> frames;
    std::size_t at = 0;
    while (at + 2 <= bytes.size()) {
        const auto first = static_cast<unsigned char>(bytes[at]);
        std::uint64_t length = static_cast<unsigned char>(bytes[at + 1]) & 0x7F;
        std::size_t header = 2;
        const std::size_t extra = length == 126 ? 2 : length == 127 ? 8 : 0;
        if (at + header + extra > bytes.size())
            break;
        if (extra != 0) {
            length = 0;
            for (std::size_t i = 0; i < extra; ++i)
                length = length << 8 | static_cast<unsigned char>(bytes[at + header + i]);
            header += extra;
        }
        if (at + header + length > bytes.size())
            break;
        frames.emplace_back(first, bytes.substr(at + header, length));
        at += header + length;
    }
    return frames;
}

// A fresh demo hall in a temp dir, with its server running.
struct Hall {
    Hall() {
        db = dir.file("hall.db");
        auto imported = run_server_command({"import", "--db", db, demo_catalog});
        if (imported.status != 0)
            throw std::runtime_error(imported.output);
        board_token = add_device(db, "board-1", "board");
        manager_token = add_device(db, "manager-1", "manager");
        server = std::make_unique<RunningServer>(db);
        WsDevice probe(server->port());
        probe.hello(board_token);
        catalog = probe.request({{"op", "catalog"}})["result"];
    }
    unsigned short port() const { return server->port(); }
    std::vector<int> windows_serving(const std::string& queue) const {
        std::vector<int> found;
        for (const auto& w : catalog["windows"])
            for (const auto& q : w["queues"])
                if (q == queue && w["agency"] == false)
                    found.push_back(w["number"].get<int>());
        return found;
    }
    std::string first_item(const std::string& queue) const {
        for (const auto& q : catalog["queues"])
            if (q["code"] == queue)
                return q["items"][0];
        return {};
    }
    std::int64_t count(const std::string& query) const {
        hall::sql::Database database(db);
        auto s = database.prepare(query);
        s.step();
        return s.int64(0);
    }
    void restart() {
        server.reset();
        server = std::make_unique<RunningServer>(db);
    }

    TempDir dir;
    std::string db;
    std::string board_token, manager_token;
    std::unique_ptr<RunningServer> server;
    json catalog;
};

// A counter terminal at a window with a staff member logged in.
std::unique_ptr<WsDevice> open_counter(Hall& hall, int window, const std::string& staff) {
    auto token = add_device(hall.db, "counter-" + std::to_string(window), "counter", window);
    auto device = std::make_unique<WsDevice>(hall.port());
    REQUIRE(device->hello(token)["ok"] == true);
    auto login = device->request({{"op", "login"}, {"staff", staff}, {"pin", "1234"}});
    INFO(login.dump());
    REQUIRE(login["ok"] == true);
    return device;
}

}  // namespace

TEST_CASE("kiosks issuing at once never get the same number, and every ticket is stored") {
    Hall hall;
    constexpr int kiosks = 4, each = 60;
    std::vector<std::string> tokens;
    for (int k = 0; k < kiosks; ++k)
        tokens.push_back(add_device(hall.db, "kiosk-" + std::to_string(k), "kiosk"));
    std::mutex mutex;
    std::multiset<std::string> numbers;
    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    for (int k = 0; k < kiosks; ++k) {
        threads.emplace_back([&, k] {
            try {
                WsDevice kiosk(hall.port());
                kiosk.hello(tokens[static_cast<std::size_t>(k)]);
                for (int i = 0; i < each; ++i) {
                    auto reply = kiosk.request({{"op", "issue"}, {"queue", i % 2 ? "Q01" : "Q02"}});
                    if (reply["ok"] != true) {
                        ++failures;
                        continue;
                    }
                    std::lock_guard lock(mutex);
                    numbers.insert(reply["result"]["ticket"]["number"].get<std::string>());
                }
            } catch (const std::exception&) {
                ++failures;
            }
        });
    }
    for (auto& t : threads)
        t.join();
    CHECK(failures == 0);
    CHECK(numbers.size() == kiosks * each);
    CHECK(std::set<std::string>(numbers.begin(), numbers.end()).size() == numbers.size());
    CHECK(hall.count("SELECT COUNT(*) FROM tickets") == kiosks * each);
}

TEST_CASE("a retried issue with the same idempotency key gets the same ticket over the wire") {
    Hall hall;
    WsDevice kiosk(hall.port());
    kiosk.hello(add_device(hall.db, "kiosk-1", "kiosk"));
    json request = {{"op", "issue"}, {"queue", "Q01"}, {"idempotency_key", "tap-77"}};
    auto first = kiosk.request(request);
    auto again = kiosk.request(request);
    REQUIRE(first["ok"] == true);
    CHECK(again["result"]["ticket"]["number"] == first["result"]["ticket"]["number"]);
    CHECK(again["result"]["ticket"]["status_url"] == first["result"]["ticket"]["status_url"]);
    CHECK(hall.count("SELECT COUNT(*) FROM tickets") == 1);
}

TEST_CASE("a retried appointment check-in with the same key gets the same ticket") {
    Hall hall;
    WsDevice kiosk(hall.port());
    kiosk.hello(add_device(hall.db, "kiosk-1", "kiosk"));
    json request = {{"op", "check_in"},
                    {"appointment", "BK000123"},
                    {"queue", "Q01"},
                    {"idempotency_key", "tap-78"}};
    auto first = kiosk.request(request);
    auto again = kiosk.request(request);
    REQUIRE(first["ok"] == true);
    CHECK(first["result"]["ticket"]["priority"] == "appointment");
    REQUIRE(again["ok"] == true);
    CHECK(again["result"]["ticket"]["number"] == first["result"]["ticket"]["number"]);
    CHECK(hall.count("SELECT COUNT(*) FROM tickets") == 1);
    // The same key for a plain issue is another request.
    auto other = kiosk.request({{"op", "issue"}, {"queue", "Q01"}, {"idempotency_key", "tap-78"}});
    CHECK(other["error"]["code"] == "idempotency_conflict");
}

TEST_CASE("a booking code checks in once whatever its spaces and letter case") {
    Hall hall;
    WsDevice kiosk(hall.port());
    kiosk.hello(add_device(hall.db, "kiosk-1", "kiosk"));
    auto first = kiosk.request({{"op", "check_in"}, {"appointment", "yy1"}, {"queue", "Q01"}});
    REQUIRE(first["ok"] == true);
    for (const char* again : {"YY1", " yy1", "Yy1\t"}) {
        CAPTURE(again);
        CHECK(kiosk.request({{"op", "check_in"},
                             {"appointment", again},
                             {"queue", "Q01"}})["error"]["code"] == "appointment_used");
    }
    CHECK(kiosk.request(
              {{"op", "check_in"}, {"appointment", "  "}, {"queue", "Q01"}})["error"]["code"] ==
          "bad_request");
    CHECK(hall.count("SELECT COUNT(*) FROM tickets WHERE appointment = 'YY1'") == 1);
}

TEST_CASE("a ticket carries the item chosen with it, one its queue handles") {
    Hall hall;
    WsDevice kiosk(hall.port());
    kiosk.hello(add_device(hall.db, "kiosk-1", "kiosk"));
    auto plain = kiosk.request({{"op", "issue"}, {"queue", "Q01"}});
    REQUIRE(plain["ok"] == true);
    CHECK(plain["result"]["ticket"]["item"].is_null());
    auto chosen = kiosk.request({{"op", "issue"}, {"queue", "Q01"}, {"item", "D01-001"}});
    REQUIRE(chosen["ok"] == true);
    CHECK(chosen["result"]["ticket"]["item"] == "D01-001");
    // An item of another queue, or none of the catalog's, issues nothing.
    CHECK(
        kiosk.request({{"op", "issue"}, {"queue", "Q01"}, {"item", "D12-003"}})["error"]["code"] ==
        "item_not_in_queue");
    CHECK(
        kiosk.request({{"op", "issue"}, {"queue", "Q01"}, {"item", "D99-999"}})["error"]["code"] ==
        "unknown_item");
    CHECK(kiosk.request({{"op", "issue"}, {"queue", "Q01"}, {"item", 7}})["error"]["code"] ==
          "bad_request");
    CHECK(hall.count("SELECT COUNT(*) FROM tickets") == 2);
    // The item is the ticket's after a restart too, and the `ticket` operation says it.
    auto number = chosen["result"]["ticket"]["number"].get<std::string>();
    hall.restart();
    WsDevice again(hall.port());
    again.hello(add_device(hall.db, "kiosk-2", "kiosk"));
    CHECK(again.request({{"op", "ticket"}, {"number", number}})["result"]["ticket"]["item"] ==
          "D01-001");
}

TEST_CASE("a check-in's class is the appointment's, whatever priority field it carries") {
    Hall hall;
    WsDevice kiosk(hall.port());
    kiosk.hello(add_device(hall.db, "kiosk-1", "kiosk"));
    // check_in has no priority field: one sent along is ignored, as any unused field is, even
    // a value issue would refuse.
    for (const char* priority : {"elderly", "military", "vip"}) {
        CAPTURE(priority);
        auto reply = kiosk.request({{"op", "check_in"},
                                    {"appointment", std::string("BK-") + priority},
                                    {"queue", "Q01"},
                                    {"priority", priority}});
        REQUIRE(reply["ok"] == true);
        CHECK(reply["result"]["ticket"]["priority"] == "appointment");
        CHECK(reply["result"]["ticket"]["channel"] == "appointment");
    }
}

TEST_CASE(
    "counters calling at once never call one ticket twice, and boards see every call in order") {
    Hall hall;
    const std::string queue = "Q01";
    auto windows = hall.windows_serving(queue);
    REQUIRE(windows.size() >= 2);
    if (windows.size() > 4)
        windows.resize(4);
    const auto item = hall.first_item(queue);
    WsDevice kiosk(hall.port());
    kiosk.hello(add_device(hall.db, "kiosk-1", "kiosk"));
    constexpr int tickets = 40;
    for (int i = 0; i < tickets; ++i)
        REQUIRE(kiosk.request({{"op", "issue"}, {"queue", queue}})["ok"] == true);

    WsDevice board_a(hall.port()), board_b(hall.port());
    board_a.hello(hall.board_token);
    board_b.hello(add_device(hall.db, "board-2", "board"));
    CHECK(board_a.snapshot["queues"][0]["waiting"].get<int>() >= 0);

    std::vector<std::unique_ptr<WsDevice>> counters;
    for (std::size_t i = 0; i < windows.size(); ++i)
        counters.push_back(open_counter(hall, windows[i], "S00" + std::to_string(i + 1)));
    std::mutex mutex;
    std::vector<std::string> called;
    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    for (auto& counter : counters) {
        threads.emplace_back([&, device = counter.get()] {
            for (;;) {
                auto reply = device->request({{"op", "call_next"}});
                if (reply["ok"] != true) {
                    ++failures;
                    return;
                }
                if (reply["result"]["ticket"].is_null())
                    return;
                {
                    std::lock_guard lock(mutex);
                    called.push_back(reply["result"]["ticket"]["number"]);
                }
                if (device->request({{"op", "start"}})["ok"] != true)
                    ++failures;
                if (device->request({{"op", "finish"}, {"items", {item}}})["ok"] != true)
                    ++failures;
            }
        });
    }
    for (auto& t : threads)
        t.join();
    CHECK(failures == 0);
    CHECK(called.size() == tickets);
    CHECK(std::set<std::string>(called.begin(), called.end()).size() == tickets);

    // Both boards got every call, in the order of the hall's log.
    std::vector<std::string> logged;
    {
        hall::sql::Database db(hall.db);
        auto q = db.prepare(
            "SELECT json_extract(data, '$.number') FROM events WHERE type = "
            "'ticket_called' ORDER BY seq");
        while (q.step())
            logged.push_back(q.text(0));
    }
    for (auto* board : {&board_a, &board_b}) {
        std::vector<std::string> seen;
        for (int i = 0; i < tickets; ++i)
            seen.push_back(board->next_event("call")["number"]);
        CHECK(seen == logged);
    }
}

TEST_CASE("a board that reconnects gets a snapshot with the calls it missed") {
    Hall hall;
    WsDevice kiosk(hall.port());
    kiosk.hello(add_device(hall.db, "kiosk-1", "kiosk"));
    REQUIRE(kiosk.request({{"op", "issue"}, {"queue", "Q01"}})["ok"] == true);
    auto windows = hall.windows_serving("Q01");
    auto counter = open_counter(hall, windows.front(), "S001");
    {
        WsDevice board(hall.port());
        board.hello(hall.board_token);
    }  // the board goes away
    auto called = counter->request({{"op", "call_next"}});
    REQUIRE(called["ok"] == true);
    WsDevice board(hall.port());
    REQUIRE(board.hello(hall.board_token)["ok"] == true);
    REQUIRE(board.snapshot["recent_calls"].size() == 1);
    CHECK(board.snapshot["recent_calls"][0]["number"] == called["result"]["ticket"]["number"]);
    CHECK(board.snapshot["recent_calls"][0]["window"] == windows.front());
    bool shown = false;
    for (const auto& w : board.snapshot["windows"])
        if (w["window"] == windows.front())
            shown = w["current"]["number"] == called["result"]["ticket"]["number"];
    CHECK(shown);
}

TEST_CASE("after a kill -9, a board's snapshot still has the day's last calls and notices") {
    Hall hall;
    WsDevice kiosk(hall.port());
    kiosk.hello(add_device(hall.db, "kiosk-1", "kiosk"));
    REQUIRE(kiosk.request({{"op", "issue"}, {"queue", "Q01"}})["ok"] == true);
    auto windows = hall.windows_serving("Q01");
    auto counter = open_counter(hall, windows.front(), "S001");
    auto called = counter->request({{"op", "call_next"}});
    REQUIRE(called["ok"] == true);
    WsDevice manager(hall.port());
    manager.hello(hall.manager_token);
    const std::string text = "请保管好随身物品";
    REQUIRE(manager.request({{"op", "notice"}, {"text", text}})["ok"] == true);
    CHECK(hall.server->stop(SIGKILL) == -SIGKILL);
    hall.restart();

    WsDevice board(hall.port());
    REQUIRE(board.hello(hall.board_token)["ok"] == true);
    REQUIRE(board.snapshot["recent_calls"].size() == 1);
    CHECK(board.snapshot["recent_calls"][0]["number"] == called["result"]["ticket"]["number"]);
    CHECK(board.snapshot["recent_calls"][0]["window"] == windows.front());
    REQUIRE(board.snapshot["notices"].size() == 1);
    CHECK(board.snapshot["notices"][0]["text"] == text);
    CHECK(hall.count("SELECT COUNT(*) FROM events WHERE type = 'notice_posted'") == 1);
    auto verified = run_server_command({"verify", "--db", hall.db});
    INFO(verified.output);
    CHECK(verified.status == 0);
}

TEST_CASE("each role is sent the events its screen shows, boards and managers all of them") {
    Hall hall;
    auto windows = hall.windows_serving("Q01");
    REQUIRE(windows.size() >= 2);
    const int mine = windows[0], other = windows[1];
    std::set<std::string> mine_serves;
    for (const auto& w : hall.catalog["windows"])
        if (w["number"] == mine)
            for (const auto& q : w["queues"])
                mine_serves.insert(q.get<std::string>());
    std::string foreign;  // a queue the window `mine` does not serve
    for (const auto& q : hall.catalog["queues"])
        if (foreign.empty() && !mine_serves.count(q["code"].get<std::string>()))
            foreign = q["code"];
    REQUIRE(!foreign.empty());

    WsDevice board(hall.port()), kiosk(hall.port()), pad_mine(hall.port()), pad_other(hall.port()),
        manager(hall.port());
    board.hello(hall.board_token);
    kiosk.hello(add_device(hall.db, "kiosk-1", "kiosk"));
    pad_mine.hello(add_device(hall.db, "rating-mine", "rating", mine));
    pad_other.hello(add_device(hall.db, "rating-other", "rating", other));
    manager.hello(hall.manager_token);
    auto counter = open_counter(hall, mine, "S001");
    auto other_counter = open_counter(hall, other, "S002");

    REQUIRE(kiosk.request({{"op", "issue"}, {"queue", "Q01"}})["ok"] == true);
    REQUIRE(kiosk.request({{"op", "issue"}, {"queue", "Q01"}})["ok"] == true);
    REQUIRE(kiosk.request({{"op", "issue"}, {"queue", foreign}})["ok"] == true);
    REQUIRE(other_counter->request({{"op", "call_next"}})["ok"] == true);
    REQUIRE(counter->request({{"op", "call_next"}})["ok"] == true);
    REQUIRE(counter->request({{"op", "start"}})["ok"] == true);
    REQUIRE(counter->request({{"op", "finish"}, {"items", {hall.first_item("Q01")}}})["ok"] ==
            true);
    // Once the board has the window's state after the finished visit, every device's share of
    // that flush is in its outbox; the notice that follows goes to everyone, after it.
    std::vector<json> board_events;
    for (bool flushed = false; !flushed;) {
        auto events = board.events_until("status");
        for (const auto& w : events.back()["data"]["windows"])
            flushed = flushed ||
                      (w["window"] == mine && w["current"].is_null() && w["served_today"] == 1);
        board_events.insert(board_events.end(), events.begin(), events.end());
    }
    REQUIRE(manager.request({{"op", "notice"}, {"text", "fence"}})["ok"] == true);

    struct Seen {
        std::multiset<std::string> names;
        std::set<int> windows;         // of call and visit_finished events, and in status
        std::set<std::string> queues;  // in status events
    };
    auto seen_by = [](WsDevice& device, std::vector<json> events = {}) {
        Seen seen;
        auto rest = device.events_until("notice");
        events.insert(events.end(), rest.begin(), rest.end());
        for (const auto& e : events) {
            std::string name = e["event"];
            seen.names.insert(name);
            if (name == "call" || name == "visit_finished")
                seen.windows.insert(e["data"]["window"].get<int>());
            if (name == "status") {
                CHECK(e["data"]["windows"].size() + e["data"]["queues"].size() > 0);
                for (const auto& w : e["data"]["windows"])
                    seen.windows.insert(w["window"].get<int>());
                for (const auto& q : e["data"]["queues"])
                    seen.queues.insert(q["queue"].get<std::string>());
            }
        }
        return seen;
    };
    auto on_board = seen_by(board, board_events);
    CHECK(on_board.names.count("call") == 2);
    CHECK(on_board.names.count("visit_finished") == 1);
    CHECK(on_board.windows.count(mine) == 1);
    CHECK(on_board.windows.count(other) == 1);
    CHECK(on_board.queues.count(foreign) == 1);
    CHECK(seen_by(manager).names.count("call") == 2);

    auto on_kiosk = seen_by(kiosk);
    CHECK(on_kiosk.names.count("status") >= 1);
    CHECK(on_kiosk.queues.count(foreign) == 1);
    CHECK(on_kiosk.windows.empty());
    CHECK(on_kiosk.names.size() == on_kiosk.names.count("status") + 1);  // and the notice

    auto on_counter = seen_by(*counter);
    CHECK(on_counter.names.count("call") == 1);
    CHECK(on_counter.names.count("visit_finished") == 1);
    CHECK(on_counter.windows == std::set<int>{mine});
    CHECK(on_counter.queues.count(foreign) == 0);
    for (const auto& q : on_counter.queues)
        CHECK(mine_serves.count(q) == 1);

    auto on_pad = seen_by(pad_mine);
    CHECK(on_pad.names.count("call") == 1);
    CHECK(on_pad.names.count("visit_finished") == 1);
    CHECK(on_pad.queues.empty());
    CHECK(on_pad.windows == std::set<int>{mine});

    auto on_other_pad = seen_by(pad_other);
    CHECK(on_other_pad.names.count("call") == 1);
    CHECK(on_other_pad.names.count("visit_finished") == 0);
    CHECK(on_other_pad.windows == std::set<int>{other});
}

TEST_CASE("bad input gets its documented code, changes nothing, and others are still served") {
    Hall hall;
    auto kiosk_token = add_device(hall.db, "kiosk-1", "kiosk");
    WsDevice kiosk(hall.port());

    auto code_of = [](const json& reply) { return reply["error"]["code"].get<std::string>(); };
    // Before hello, nothing but hello.
    CHECK(code_of(kiosk.request({{"op", "issue"}, {"queue", "Q01"}})) == "unauthenticated");
    CHECK(code_of(kiosk.request({{"op", "hello"}, {"token", "kiosk-1.wrong"}})) ==
          "unauthenticated");
    CHECK(code_of(kiosk.request({{"op", "hello"}, {"token", 42}})) == "unauthenticated");
    REQUIRE(kiosk.hello(kiosk_token)["ok"] == true);

    kiosk.send_text("{not json");
    auto bad_json = kiosk.read();
    CHECK(bad_json["id"].is_null());
    CHECK(code_of(bad_json) == "bad_json");
    kiosk.send_text("[1,2,3]");
    CHECK(code_of(kiosk.read()) == "bad_json");
    // A zero byte is no end of the text: what comes before it is not carried out.
    const std::string nul(1, '\0');
    kiosk.send_text(R"({"id":2,"op":"issue","queue":"Q01"})" + nul + "garbage");
    CHECK(code_of(kiosk.read()) == "bad_json");
    kiosk.send_text(R"({"id":3,"op":"issue","queue":"Q01"})" + nul);
    CHECK(code_of(kiosk.read()) == "bad_json");
    kiosk.send_text(std::string("{\"id\":1,\"op\":\"issue\",\"queue\":\"\xC3\x28\"}"), true);
    CHECK(code_of(kiosk.read()) == "invalid_utf8");
    kiosk.send_text(R"({"op":"issue","queue":"Q01"})");
    CHECK(code_of(kiosk.read()) == "bad_request");  // no id
    CHECK(code_of(kiosk.request({{"op", "fly"}})) == "unknown_op");
    CHECK(code_of(kiosk.request({{"queue", "Q01"}})) == "bad_request");
    CHECK(code_of(kiosk.request({{"op", "issue"}})) == "bad_request");
    CHECK(code_of(kiosk.request({{"op", "issue"}, {"queue", 7}})) == "bad_request");
    CHECK(code_of(kiosk.request({{"op", "issue"}, {"queue", "Q01"}, {"priority", "vip"}})) ==
          "bad_request");
    CHECK(code_of(kiosk.request({{"op", "issue"}, {"queue", "Q99"}})) == "unknown_queue");
    CHECK(code_of(kiosk.request({{"op", "ticket"}, {"number", "Z999"}})) == "unknown_ticket");
    CHECK(code_of(kiosk.request({{"op", "call_next"}})) == "forbidden");
    CHECK(hall.count("SELECT COUNT(*) FROM events") == 0);

    // A message over 64 KiB closes that connection with RFC 6455 code 1009; others go on. Raw
    // bytes: the server closes as soon as it reads the frame's length, which may be before the
    // rest is sent, and a client library then reports the broken write instead of the close.
    RawConnection big(hall.port());
    big.send(
        "GET /ws HTTP/1.1\r\nHost: hall\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n");
    REQUIRE(big.read_until_seen("\r\n\r\n").starts_with("HTTP/1.1 101"));
    big.send_until_closed(masked_text_frame(
        json{{"id", 1}, {"op", "issue"}, {"queue", std::string(70 * 1024, 'x')}}.dump()));
    const auto close_frame = big.read_until_closed();
    REQUIRE(close_frame.size() >= 4);
    CHECK(close_frame[0] == '\x88');  // a close frame
    CHECK((static_cast<unsigned char>(close_frame[2]) << 8 |
           static_cast<unsigned char>(close_frame[3])) == 1009);
    auto still = kiosk.request({{"op", "issue"}, {"queue", "Q01"}});
    CHECK(still["ok"] == true);
    CHECK(hall.count("SELECT COUNT(*) FROM tickets") == 1);
}

TEST_CASE("a close frame's code is answered in kind, and one that RFC 6455 has not ends it") {
    Hall hall;
    // Each (code sent, whether the server answers with a close frame of that code).
    for (const auto& [code, echoed] : std::vector<std::pair<unsigned, bool>>{
             {1000, true}, {4000, true}, {4999, true}, {5000, false}, {65535, false}}) {
        CAPTURE(code);
        RawConnection device(hall.port());
        device.send(
            "GET /ws HTTP/1.1\r\nHost: hall\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n");
        REQUIRE(device.read_until_seen("\r\n\r\n").starts_with("HTTP/1.1 101"));
        const std::string payload = {static_cast<char>(code >> 8), static_cast<char>(code & 0xFF)};
        device.send(masked_frame('\x88', payload));
        const auto frames = server_frames(device.read_until_closed());
        if (echoed) {
            REQUIRE(frames.size() == 1);
            CHECK(frames[0].first == 0x88);
            CHECK(frames[0].second == payload);
        } else {
            // Failed, as RFC 6455 7.1.7 allows: the connection closes without a close frame.
            CHECK(frames.empty());
        }
    }
    CHECK(WsDevice(hall.port()).hello(hall.board_token)["ok"] == true);  // others are served
}

TEST_CASE("every message comes in one frame, a snapshot of many kilobytes too") {
    Hall hall;
    RawConnection board(hall.port());
    board.send(
        "GET /ws HTTP/1.1\r\nHost: hall\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n");
    REQUIRE(board.read_until_seen("\r\n\r\n").starts_with("HTTP/1.1 101"));
    board.send(
        masked_text_frame(json{{"id", 1}, {"op", "hello"}, {"token", hall.board_token}}.dump()));
    // The reply, then the snapshot; the server keeps the connection, so reading stops when
    // nothing more comes.
    const auto frames = server_frames(board.read_until_closed_or(1'000));
    REQUIRE(frames.size() == 2);
    for (const auto& [first, payload] : frames)
        CHECK(first == 0x81);  // final, text: not a fragment
    CHECK(json::parse(frames[0].second)["ok"] == true);
    const auto snapshot = json::parse(frames[1].second);
    CHECK(snapshot["event"] == "snapshot");
    CHECK(frames[1].second.size() > 4096);  // more than Beast's fragment size
}

TEST_CASE(
    "a request in flight is carried out for the device that sent it, whatever hello follows") {
    Hall hall;
    auto counter_1 = add_device(hall.db, "counter-1", "counter", 1);
    auto counter_2 = add_device(hall.db, "counter-2", "counter", 2);
    WsDevice device(hall.port());
    REQUIRE(device.hello(counter_1)["ok"] == true);
    // The PIN check takes a while off the io thread: the second hello is read and done meanwhile.
    device.send_text(
        json{{"id", "login"}, {"op", "login"}, {"staff", "S001"}, {"pin", "1234"}}.dump());
    device.send_text(json{{"id", "hello"}, {"op", "hello"}, {"token", counter_2}}.dump());
    CHECK(device.reply_to("hello")["result"]["window"] == 2);
    auto login = device.reply_to("login");
    INFO(login.dump());
    CHECK(login["ok"] == true);
    auto state = device.request({{"op", "state"}});
    std::map<int, std::string> staff_at;
    for (const auto& w : state["result"]["windows"])
        if (w["staff"].is_string())
            staff_at[w["window"].get<int>()] = w["staff"].get<std::string>();
    CHECK(staff_at == std::map<int, std::string>{{1, "S001"}});
}

TEST_CASE("a counter with nobody logged in at its window cancels no ticket") {
    Hall hall;
    auto kiosk_token = add_device(hall.db, "kiosk-1", "kiosk");
    auto counter_token = add_device(hall.db, "counter-2", "counter", 2);
    WsDevice kiosk(hall.port());
    kiosk.hello(kiosk_token);
    auto number = kiosk.request({{"op", "issue"}, {"queue", "Q01"}})["result"]["ticket"]["number"];
    WsDevice counter(hall.port());
    counter.hello(counter_token);
    auto cancel = counter.request({{"op", "cancel"}, {"number", number}});
    CHECK(cancel["error"]["code"] == "not_logged_in");
    CHECK(kiosk.request({{"op", "ticket"}, {"number", number}})["result"]["ticket"]["state"] ==
          "waiting");
    REQUIRE(counter.request({{"op", "login"}, {"staff", "S002"}, {"pin", "1234"}})["ok"] == true);
    CHECK(counter.request({{"op", "cancel"}, {"number", number}})["ok"] == true);
}

TEST_CASE("a device that sends too fast is told to slow down") {
    Hall hall;
    WsDevice kiosk(hall.port());
    kiosk.hello(add_device(hall.db, "kiosk-1", "kiosk"));
    // 600 small requests at once: the burst of 200 (less the one the hello took) passes, and
    // unless the server took over eight seconds to read them, some of the rest are refused.
    // Each gets exactly one reply.
    constexpr int sent = 600;
    for (int i = 0; i < sent; ++i)
        kiosk.send_text(json{{"id", i}, {"op", "ticket"}, {"number", "Z999"}}.dump());
    int limited = 0, answered = 0;
    std::set<int> ids;
    while (static_cast<int>(ids.size()) < sent) {
        auto reply = kiosk.read();
        if (reply.contains("event"))
            continue;
        ids.insert(reply["id"].get<int>());
        auto code = reply["error"]["code"];
        if (code == "rate_limited")
            ++limited;
        if (code == "unknown_ticket")
            ++answered;
    }
    CHECK(limited > 0);
    CHECK(answered >= 199);
    CHECK(limited + answered == sent);
}

TEST_CASE("each role may do only its own operations: the whole matrix") {
    Hall hall;
    const std::vector<std::string> ops = {
        "catalog",  "state",  "ticket",      "issue",     "check_in",  "cancel",
        "login",    "logout", "break_start", "break_end", "call_next", "call",
        "recall",   "start",  "finish",      "no_show",   "park",      "call_parked",
        "transfer", "rate",   "stats",       "close_day", "notice"};
    const std::map<std::string, std::set<std::string>> allowed = {
        {"kiosk", {"catalog", "state", "ticket", "issue", "check_in"}},
        {"board", {"catalog", "state", "ticket"}},
        {"counter",
         {"catalog", "state", "ticket", "issue", "cancel", "login", "logout", "break_start",
          "break_end", "call_next", "call", "recall", "start", "finish", "no_show", "park",
          "call_parked", "transfer"}},
        {"rating", {"catalog", "state", "ticket", "rate"}},
        {"manager", {"catalog", "state", "ticket", "cancel", "stats", "close_day", "notice"}},
    };
    for (const auto& [role, permitted] : allowed) {
        int window = role == "counter" || role == "rating" ? 2 : 0;
        WsDevice device(hall.port());
        REQUIRE(device.hello(add_device(hall.db, "matrix-" + role, role, window))["ok"] == true);
        for (const auto& op : ops) {
            if (op == "close_day")
                continue;  // would end the day for the ops after it
            auto reply = device.request({{"op", op}});
            bool forbidden = reply["ok"] == false && reply["error"]["code"] == "forbidden";
            INFO(role << " " << op << " " << reply.dump());
            CHECK(forbidden == !permitted.count(op));
        }
    }
    // No forbidden request changed anything: only what the permitted ones did is in the log.
    CHECK(hall.count("SELECT COUNT(*) FROM events WHERE type NOT IN ('staff_login')") == 0);
}

TEST_CASE("a wrong PIN is refused, and five in a row lock the staff member") {
    Hall hall;
    auto token = add_device(hall.db, "counter-3", "counter", 3);
    WsDevice counter(hall.port());
    counter.hello(token);
    for (int i = 0; i < 4; ++i)
        CHECK(counter.request(
                  {{"op", "login"}, {"staff", "S010"}, {"pin", "0000"}})["error"]["code"] ==
              "wrong_pin");
    CHECK(counter.request({{"op", "login"}, {"staff", "S010"}, {"pin", "0000"}})["error"]["code"] ==
          "staff_locked");
    CHECK(counter.request({{"op", "login"}, {"staff", "S010"}, {"pin", "1234"}})["error"]["code"] ==
          "staff_locked");
    CHECK(counter.request({{"op", "login"}, {"staff", "S011"}, {"pin", "1234"}})["ok"] == true);
    CHECK(hall.count("SELECT COUNT(*) FROM events WHERE type = 'staff_login'") == 1);
}

TEST_CASE("nothing acknowledged is lost when the server is killed, and numbers go on") {
    Hall hall;
    auto token = add_device(hall.db, "kiosk-1", "kiosk");
    std::vector<std::string> acknowledged;
    {
        WsDevice kiosk(hall.port());
        kiosk.hello(token);
        for (int i = 0; i < 50; ++i) {
            auto reply = kiosk.request({{"op", "issue"}, {"queue", "Q03"}});
            REQUIRE(reply["ok"] == true);
            acknowledged.push_back(reply["result"]["ticket"]["number"]);
        }
        // Requests in flight when the server dies may or may not be stored; none was answered.
        for (int i = 0; i < 20; ++i)
            kiosk.send_text(json{{"id", 1000 + i}, {"op", "issue"}, {"queue", "Q03"}}.dump());
        CHECK(hall.server->stop(SIGKILL) == -SIGKILL);
    }
    hall.restart();
    for (const auto& number : acknowledged)
        CHECK(hall.count("SELECT COUNT(*) FROM tickets WHERE number = '" + number + "'") == 1);
    WsDevice kiosk(hall.port());
    kiosk.hello(token);
    auto next = kiosk.request({{"op", "issue"}, {"queue", "Q03"}});
    REQUIRE(next["ok"] == true);
    auto stored = hall.count("SELECT COUNT(*) FROM tickets");
    CHECK(stored >= 51);
    CHECK(hall.count("SELECT COUNT(DISTINCT number) FROM tickets") == stored);
    auto verified = run_server_command({"verify", "--db", hall.db});
    INFO(verified.output);
    CHECK(verified.status == 0);
}

TEST_CASE("a stopping server answers what devices asked, then closes with 1001") {
    Hall hall;
    WsDevice kiosk(hall.port());
    REQUIRE(kiosk.hello(add_device(hall.db, "kiosk-1", "kiosk"))["ok"] == true);
    constexpr int sent = 40;
    for (int i = 0; i < sent; ++i)
        kiosk.send_text(json{{"id", i}, {"op", "issue"}, {"queue", "Q01"}}.dump());
    int status = -1;
    std::thread stopper([&] { status = hall.server->stop(SIGTERM); });
    // Requests read after the stop are not taken; every one answered was done and kept.
    std::vector<std::string> answered;
    try {
        for (;;) {
            auto message = kiosk.read();
            if (!message.contains("id"))
                continue;
            INFO(message.dump());
            CHECK(message["ok"] == true);
            answered.push_back(message["result"]["ticket"]["number"]);
        }
    } catch (const std::exception&) {
        // the close
    }
    stopper.join();
    CHECK(status == 0);
    CHECK(kiosk.close_reason().code == 1001);
    CHECK(kiosk.close_reason().reason == "server stopping");
    // Every ticket kept was answered: nothing was done without its reply.
    CHECK(hall.count("SELECT COUNT(*) FROM tickets") == static_cast<std::int64_t>(answered.size()));
    for (const auto& number : answered)
        CHECK(hall.count("SELECT COUNT(*) FROM tickets WHERE number = '" + number + "'") == 1);
}

TEST_CASE("a stopping server answers the REST requests it is handling") {
    Hall hall;
    const auto token = add_device(hall.db, "kiosk-1", "kiosk");
    constexpr int clients = 4;
    std::mutex mutex;
    std::vector<std::string> answered;
    std::atomic<int> refused{0};
    std::vector<std::thread> threads;
    for (int c = 0; c < clients; ++c)
        threads.emplace_back([&, c] {
            try {
                HttpConnection connection(hall.port());
                for (;;) {
                    auto reply =
                        connection.send("POST", "/api/tickets",
                                        json{{"queue", c % 2 ? "Q01" : "Q02"}}.dump(), token);
                    // Past the connection's request rate: wait, as a client would.
                    if (reply.status == 429) {
                        std::this_thread::sleep_for(std::chrono::milliseconds(20));
                        continue;
                    }
                    if (reply.status != 200) {
                        ++refused;
                        continue;
                    }
                    std::lock_guard lock(mutex);
                    answered.push_back(json::parse(reply.body)["result"]["ticket"]["number"]);
                }
            } catch (const std::exception&) {
                // the server closed the connection
            }
        });
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    CHECK(hall.server->stop(SIGTERM) == 0);
    for (auto& t : threads)
        t.join();
    CHECK(refused == 0);
    CHECK_FALSE(answered.empty());
    CHECK(hall.count("SELECT COUNT(*) FROM tickets") == static_cast<std::int64_t>(answered.size()));
}

TEST_CASE("device add checks the window against the catalog, and needs a hall's database") {
    Hall hall;
    auto add = [&](std::vector<std::string> args) {
        args.insert(args.begin(), {"device", "add", "--db", hall.db});
        return run_server_command(args);
    };
    // The demo catalog has windows 1 to 95.
    auto beyond = add({"--role", "counter", "--window", "500", "counter-500"});
    CHECK(beyond.status != 0);
    CHECK_THAT(beyond.output, Catch::Contains("no window 500"));
    CHECK(add({"--role", "board", "--window", "12345", "strip-x"}).status != 0);
    auto kiosk = add({"--role", "kiosk", "--window", "3", "kiosk-w3"});
    CHECK(kiosk.status != 0);
    CHECK_THAT(kiosk.output, Catch::Contains("belong to no window"));
    CHECK(add({"--role", "counter", "--window", "95", "counter-95"}).status == 0);
    CHECK(add({"--role", "board", "--window", "7", "strip-7"}).status == 0);
    auto listed = run_server_command({"device", "list", "--db", hall.db});
    CHECK_THAT(listed.output, Catch::Contains("counter-95"));
    CHECK_THAT(listed.output, !Catch::Contains("counter-500"));

    // Run where there is no database, it says so and makes none.
    TempDir elsewhere;
    const auto missing = elsewhere.file("hall.db");
    auto none = run_server_command({"device", "list", "--db", missing});
    CHECK(none.status != 0);
    CHECK_THAT(none.output, Catch::Contains("there is no database"));
    CHECK_FALSE(std::filesystem::exists(missing));
}

TEST_CASE("a revoked device is disconnected and cannot come back") {
    Hall hall;
    auto token = add_device(hall.db, "kiosk-9", "kiosk");
    WsDevice kiosk(hall.port());
    REQUIRE(kiosk.hello(token)["ok"] == true);
    REQUIRE(run_server_command({"device", "remove", "--db", hall.db, "kiosk-9"}).status == 0);
    // The server checks for revoked devices every few seconds, and says why it ends the session.
    CHECK_THROWS(kiosk.next_event("never"));
    CHECK(kiosk.close_reason().code == 1008);
    CHECK(kiosk.close_reason().reason == "device revoked");
    WsDevice again(hall.port());
    CHECK(again.request({{"op", "hello"}, {"token", token}})["error"]["code"] == "unauthenticated");
}
