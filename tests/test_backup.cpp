// hall_server backup: a copy taken while a real server is under write load restores to a
// database that verify accepts and a server serves; only the newest N copies are kept.
#include <catch2/catch.hpp>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "hall_fixture.hpp"
#include "server_process.hpp"
#include "sqlite.hpp"

using namespace hall::testing;
namespace fs = std::filesystem;

namespace {
std::int64_t tickets_in(const std::string& db_path) {
    hall::sql::Database db(db_path);
    auto s = db.prepare("SELECT COUNT(*) FROM events WHERE type = 'ticket_issued'");
    s.step();
    return s.int64(0);
}

// Issues tickets over one keep-alive REST connection until told to stop.
void issue_tickets(unsigned short port, const std::string& token, std::atomic<bool>& stop,
                   std::atomic<int>& answered, std::atomic<int>& issued) {
    HttpConnection connection(port);
    for (int i = 0; !stop; ++i) {
        const auto reply = connection.send(
            "POST", "/api/tickets", i % 2 ? R"({"queue":"Q01"})" : R"({"queue":"Q02"})", token);
        ++answered;
        // The demo hall closes its day at 23:59: in that minute every issue is refused.
        if (reply.status == 200)
            ++issued;
    }
}
}  // namespace

TEST_CASE("a backup taken under write load restores to a database verify accepts") {
    TempDir dir;
    auto db = dir.file("hall.db");
    import_demo_catalog(db);
    auto token = register_device(db, "kiosk", 0, "kiosk-load");
    auto backups = dir.path() / "backups";
    fs::create_directories(backups);
    // Older copies, and a file that is not a backup: --keep 2 removes the two oldest copies.
    for (const char* old :
         {"hall-20250101T183000Z.db", "hall-20250102T183000Z.db", "hall-20250103T183000Z.db"})
        std::ofstream(backups / old) << "old";
    std::ofstream(backups / "notes.txt") << "mine";

    std::string backup;
    int issued_before = 0;
    {
        RunningServer server(db);
        std::atomic<bool> stop{false};
        std::atomic<int> answered{0};
        std::atomic<int> issued{0};
        std::vector<std::thread> load;
        for (int i = 0; i < 3; ++i)
            load.emplace_back(issue_tickets, server.port(), token, std::ref(stop),
                              std::ref(answered), std::ref(issued));
        while (answered < 100)
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        issued_before = issued;
        int answered_before = answered;
        auto result = run_server_command({"backup", "--db", db, "--keep", "2", backups.string()});
        int answered_during = answered - answered_before;
        stop = true;
        for (auto& t : load)
            t.join();
        INFO(result.output);
        REQUIRE(result.status == 0);
        // The server went on answering while the copy was taken.
        CHECK(answered_during > 0);
        // The command prints the copy's path alone on a line.
        std::istringstream lines(result.output);
        for (std::string line; std::getline(lines, line);)
            if (line.starts_with(backups.string()))
                backup = line;
        CHECK(server.stop(SIGTERM) == 0);
    }
    REQUIRE(fs::exists(backup));
    CHECK_FALSE(fs::exists(backup + "-wal"));
    std::vector<std::string> left;
    for (const auto& entry : fs::directory_iterator(backups))
        left.push_back(entry.path().filename().string());
    std::sort(left.begin(), left.end());
    REQUIRE(left.size() == 3);
    CHECK(left[0] == "hall-20250103T183000Z.db");
    CHECK(left[1] == fs::path(backup).filename().string());
    CHECK(left[2] == "notes.txt");

    // The copy holds what was durable when it was taken: at least the tickets before it, at
    // most all of them.
    auto in_backup = tickets_in(backup);
    CHECK(in_backup >= issued_before);
    CHECK(in_backup <= tickets_in(db));

    // Restore as docs/operations.md says: copy, verify, start.
    auto restored = dir.file("restored.db");
    fs::copy_file(backup, restored);
    auto verify = run_server_command({"verify", "--db", restored});
    INFO(verify.output);
    CHECK(verify.status == 0);
    RunningServer again(restored);
    auto state = nlohmann::json::parse(again.http("GET", "/healthz").body);
    CHECK(state["ok"] == true);
    CHECK(state["next_seq"].get<std::int64_t>() > in_backup);
}

TEST_CASE("backup refuses a missing database and a bad --keep, and leaves nothing behind") {
    TempDir dir;
    auto missing = run_server_command({"backup", "--db", dir.file("none.db"), dir.file("backups")});
    CHECK(missing.status == 1);
    CHECK(missing.output.find("no database at") != std::string::npos);
    CHECK(fs::is_empty(dir.file("backups")));
    auto keep = run_server_command({"backup", "--keep", "many", dir.file("backups")});
    CHECK(keep.status == 2);
    CHECK(keep.output.find("--keep wants a count") != std::string::npos);
}

TEST_CASE("backups started together each make a whole copy or say why not, and leave no parts") {
    TempDir dir;
    const auto db = dir.file("hall.db");
    import_demo_catalog(db);
    const auto backups = dir.file("backups");
    for (int round = 0; round < 3; ++round) {
        std::vector<RunResult> results(3);
        std::vector<std::thread> threads;
        for (auto& result : results)
            threads.emplace_back([&] {
                result = run_server_command({"backup", "--db", db, "--keep", "100", backups});
            });
        for (auto& t : threads)
            t.join();
        for (const auto& result : results) {
            INFO(result.output);
            CHECK((result.status == 0 ||
                   result.output.find("one backup a second") != std::string::npos));
        }
    }
    int copies = 0;
    for (const auto& entry : fs::directory_iterator(backups)) {
        const auto name = entry.path().filename().string();
        INFO(name);
        CHECK(name.find("partial") == std::string::npos);
        CHECK_FALSE(name.ends_with("-wal"));
        CHECK_FALSE(name.ends_with("-shm"));
        ++copies;
        CHECK(run_server_command({"verify", "--db", entry.path().string()}).status == 0);
    }
    CHECK(copies >= 1);
}
