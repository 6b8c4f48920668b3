// A full disk and a database that cannot be written, on the real server: writes are refused
// with storage_unavailable and change nothing, reads and the board go on, service resumes.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <sys/mount.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <thread>
#include <vector>

#include "faults/fault_hall.hpp"
#include "group_commit.hpp"
#include "hall_fixture.hpp"
#include "queue_engine.hpp"
#include "ws_client.hpp"

using namespace hall::testing;
using nlohmann::json;

namespace {

// A small tmpfs of its own, a real filesystem that fills up. Needs root (CI runs as root).
class SmallFilesystem {
  public:
    SmallFilesystem(const std::filesystem::path& at, const char* size) : path_(at) {
        std::filesystem::create_directories(path_);
        std::string options = std::string("size=") + size;
        mounted_ = ::mount("tmpfs", path_.c_str(), "tmpfs", 0, options.c_str()) == 0;
    }
    ~SmallFilesystem() {
        if (mounted_)
            ::umount2(path_.c_str(), MNT_DETACH);
    }
    SmallFilesystem(const SmallFilesystem&) = delete;
    SmallFilesystem& operator=(const SmallFilesystem&) = delete;
    bool mounted() const { return mounted_; }
    std::string file(const std::string& name) const { return (path_ / name).string(); }

    // Writes a filler file until the filesystem has no byte left.
    void fill() {
        int fd = ::open(file("filler").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        REQUIRE(fd >= 0);
        std::vector<char> chunk(64 * 1024, 'x');
        for (std::size_t size = chunk.size(); size >= 512; size /= 2)
            while (::write(fd, chunk.data(), size) == static_cast<ssize_t>(size)) {
            }
        CHECK(errno == ENOSPC);
        ::close(fd);
    }
    void free_space() { std::filesystem::remove(file("filler")); }

  private:
    std::filesystem::path path_;
    bool mounted_ = false;
};

// Sets or clears the immutable attribute (chattr +i): the file can no longer be written, even by
// root, even through a descriptor that was open before. False where the filesystem has no such
// attribute.
bool set_immutable(const std::string& path, bool on) {
    std::string command = std::string("chattr ") + (on ? "+i " : "-i ") + path + " 2>/dev/null";
    return std::system(command.c_str()) == 0;
}

// The immutable attribute on files for a while; cleared at the end, whatever happens.
class ReadOnly {
  public:
    explicit ReadOnly(std::vector<std::string> paths) : paths_(std::move(paths)) {
        for (const auto& path : paths_)
            REQUIRE(set_immutable(path, true));
    }
    ~ReadOnly() { end(); }
    ReadOnly(const ReadOnly&) = delete;
    ReadOnly& operator=(const ReadOnly&) = delete;
    void end() {
        for (const auto& path : paths_)
            set_immutable(path, false);
        paths_.clear();
    }

  private:
    std::vector<std::string> paths_;
};

// A kiosk, a board and a counter with its staff logged in, on a started server.
struct Devices {
    explicit Devices(FaultHall& hall)
        : kiosk_token(hall.add_device("kiosk-1", "kiosk")),
          board_token(hall.add_device("board-1", "board")),
          counter_token(hall.add_device("counter-1", "counter", 1)),
          kiosk((hall.start(), hall.port())),
          board(hall.port()),
          counter(hall.port()) {
        REQUIRE(kiosk.hello(kiosk_token)["ok"] == true);
        REQUIRE(board.hello(board_token)["ok"] == true);
        REQUIRE(counter.hello(counter_token)["ok"] == true);
        auto login = counter.request({{"op", "login"}, {"staff", "S001"}, {"pin", "1234"}});
        REQUIRE(login["ok"] == true);
    }
    std::string kiosk_token, board_token, counter_token;
    WsDevice kiosk, board, counter;
};

std::string code_of(const json& reply) {
    return reply["ok"] == true ? "ok" : reply["error"]["code"].get<std::string>();
}

json issue(WsDevice& kiosk, const std::string& key) {
    return kiosk.request({{"op", "issue"}, {"queue", "Q01"}, {"idempotency_key", key}});
}

// Retries the same request (same idempotency key, as a kiosk does) until it is served, for at
// most 30 s: the server probes the disk once a second.
json issue_until_served(WsDevice& kiosk, const std::string& key) {
    json reply;
    for (int attempt = 0; attempt < 300; ++attempt) {
        reply = issue(kiosk, key);
        if (code_of(reply) != "storage_unavailable")
            return reply;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return reply;
}

int waiting_in(const json& snapshot, const std::string& queue) {
    for (const auto& q : snapshot["queues"])
        if (q["queue"] == queue)
            return q["waiting"].get<int>();
    return -1;
}

// What a write-refusing hall must do, whatever made the database refuse: checked by both cases.
void check_refusing_hall(FaultHall& hall, Devices& devices,
                         const std::vector<std::string>& numbers) {
    auto& kiosk = devices.kiosk;
    const auto stored = static_cast<std::int64_t>(numbers.size());
    // Further writes are refused at once and change nothing.
    CHECK(code_of(issue(kiosk, "while-down")) == "storage_unavailable");
    CHECK(code_of(devices.counter.request({{"op", "call_next"}})) == "storage_unavailable");
    auto health = hall.server().http("GET", "/healthz");
    CHECK(json::parse(health.body)["storage_available"] == false);
    auto rest = hall.server().http("GET", "/api/state");
    CHECK(rest.status == 200);
    // Reads go on: a ticket, the state, and a board that connects now gets the last state.
    auto ticket = kiosk.request({{"op", "ticket"}, {"number", numbers.back()}});
    CHECK(ticket["ok"] == true);
    WsDevice late_board(hall.port());
    REQUIRE(late_board.hello(devices.board_token)["ok"] == true);
    CHECK(waiting_in(late_board.snapshot, "Q01") == stored);
    // Nothing half-written: the database holds exactly what was acknowledged.
    CHECK(hall.count("SELECT COUNT(*) FROM tickets") == stored);
    CHECK(hall.count("SELECT COUNT(*) FROM events WHERE type = 'ticket_issued'") == stored);
    CHECK(hall.count("SELECT MAX(seq) - MIN(seq) + 1 - COUNT(*) FROM events") == 0);
}

// After service resumed: the next number follows the last acknowledged one, boards see it, and
// the tallies agree with the log.
void check_resumed_hall(FaultHall& hall, Devices& devices, const std::vector<std::string>& numbers,
                        const std::string& key) {
    auto& kiosk = devices.kiosk;
    auto resumed = issue_until_served(kiosk, key);
    INFO(resumed.dump());
    REQUIRE(resumed["ok"] == true);
    auto number = resumed["result"]["ticket"]["number"].get<std::string>();
    CHECK(number > numbers.back());
    CHECK(number.size() == numbers.back().size());
    CHECK(hall.count("SELECT COUNT(*) FROM tickets") == static_cast<int>(numbers.size()) + 1);
    // A retry of the served request gets the same ticket.
    CHECK(issue(kiosk, key)["result"]["ticket"]["number"] == number);
    // The board that stayed connected through it all sees the new count.
    for (bool seen = false; !seen;) {
        const auto status = devices.board.next_event("status");  // kept: the loop reads into it
        for (const auto& queue : status["queues"])
            seen = seen || (queue["queue"] == "Q01" &&
                            queue["waiting"].get<int>() == static_cast<int>(numbers.size()) + 1);
    }
    CHECK(hall.stop() == 0);
    auto verified = run_server_command({"verify", "--db", hall.db()});
    INFO(verified.output);
    CHECK(verified.status == 0);
}

}  // namespace

TEST_CASE(
    "after a failed commit the committer tries nothing more until a probe wrote and it reopened") {
    TempDir dir;
    auto path = dir.file("hall.db");
    auto catalog = small_hall();
    hall::ManualClock clock(morning(catalog));
    hall::QueueEngine engine(catalog, clock, {});
    hall::IssueRequest r;
    r.queue = "QA";
    auto first = engine.issue(r).events;
    auto second = engine.issue(r).events;
    auto third = engine.issue(r).events;
    hall::GroupCommitter committer(path);
    auto submit = [&](const std::vector<hall::Event>& events) {
        bool failed = false;
        committer.submit(events, [&](std::exception_ptr e) { failed = e != nullptr; });
        committer.flush();
        return !failed;
    };
    auto probe = [&] {
        bool failed = false;
        committer.probe([&](std::exception_ptr e) { failed = e != nullptr; });
        committer.flush();
        return !failed;
    };
    REQUIRE(submit(first));
    CHECK_FALSE(submit(first));   // the same sequence number again: the transaction fails
    CHECK_FALSE(submit(second));  // decided after the failure: never tried
    CHECK(probe());
    CHECK_FALSE(submit(second));  // still failed until its owner reopens it
    committer.reopen();
    CHECK(submit(second));
    CHECK(submit(third));
    hall::sql::Database db(path);
    auto count = db.prepare("SELECT COUNT(*), MAX(seq) FROM events");
    count.step();
    CHECK(count.int64(0) == 3);
    CHECK(count.int64(1) == 3);
}

TEST_CASE("a full disk refuses writes with storage_unavailable, reads go on, and service resumes") {
    TempDir dir;
    SmallFilesystem disk(dir.path() / "disk", "16m");
    if (!disk.mounted()) {
        WARN("cannot mount a tmpfs here (not root?): the full-disk case is not run");
        return;
    }
    FaultHall hall(disk.file("hall.db"));
    Devices devices(hall);
    auto& kiosk = devices.kiosk;
    std::vector<std::string> numbers;
    for (int i = 0; i < 3; ++i)
        numbers.push_back(issue(kiosk, "early-" + std::to_string(i))["result"]["ticket"]["number"]);

    disk.fill();
    // The log's file grows with each commit until one finds no space: that one is refused.
    json refused;
    for (int i = 0; i < 5000 && refused.is_null(); ++i) {
        auto reply = issue(kiosk, "tap-" + std::to_string(i));
        if (reply["ok"] == true)
            numbers.push_back(reply["result"]["ticket"]["number"]);
        else
            refused = reply;
    }
    INFO(refused.dump());
    REQUIRE(code_of(refused) == "storage_unavailable");
    CHECK(refused["error"]["message"].get<std::string>().find("disk full") != std::string::npos);
    check_refusing_hall(hall, devices, numbers);

    disk.free_space();
    check_resumed_hall(hall, devices, numbers, "after-space-returned");
}

TEST_CASE("a database that cannot be written refuses writes, keeps serving reads, and resumes") {
    TempDir dir;
    FaultHall hall(dir.file("hall.db"));
    if (!set_immutable(dir.file("hall.db"), true)) {
        WARN("this filesystem has no immutable attribute: the read-only case is not run");
        return;
    }
    set_immutable(dir.file("hall.db"), false);
    Devices devices(hall);
    auto& kiosk = devices.kiosk;
    std::vector<std::string> numbers;
    for (int i = 0; i < 5; ++i)
        numbers.push_back(issue(kiosk, "tap-" + std::to_string(i))["result"]["ticket"]["number"]);

    // The database and its log become read-only under the running server.
    ReadOnly read_only({dir.file("hall.db"), dir.file("hall.db-wal")});
    auto refused = issue(kiosk, "tap-refused");
    INFO(refused.dump());
    CHECK(code_of(refused) == "storage_unavailable");
    check_refusing_hall(hall, devices, numbers);

    read_only.end();
    check_resumed_hall(hall, devices, numbers, "tap-refused");
}

TEST_CASE("a server on a database it cannot write does not start, and says which database") {
    TempDir dir;
    const auto folder = dir.file("hall");
    std::filesystem::create_directory(folder);
    const auto db = folder + "/hall.db";
    import_demo_catalog(db);
    if (!set_immutable(db, true)) {
        WARN("this filesystem has no immutable attribute: the read-only cases are not run");
        return;
    }
    set_immutable(db, false);
    const std::vector<std::string> serve{"serve", "--db", db, "--listen", "127.0.0.1:0"};

    SECTION("a read-only file: SQLite would open it for reading alone, without a word") {
        ReadOnly read_only({db});
        auto result = run_server_command(serve);
        INFO(result.output);
        CHECK(result.status != 0);
        CHECK(result.output.find("cannot open database " + db +
                                 " for writing: the file is read-only") != std::string::npos);
    }
    SECTION("a directory it cannot write, where the write-ahead log goes") {
        ReadOnly read_only({folder});
        const std::string said = "cannot open database " + db +
                                 ": SQLite needs to write to the file and to its directory";
        auto result = run_server_command(serve);
        INFO(result.output);
        CHECK(result.status != 0);
        CHECK(result.output.find(said) != std::string::npos);
        // The reading commands need the same, and say the same.
        auto stats = run_server_command({"stats", "--db", db});
        INFO(stats.output);
        CHECK(stats.status != 0);
        CHECK(stats.output.find(said) != std::string::npos);
    }
}
