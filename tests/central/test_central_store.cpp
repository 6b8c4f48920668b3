// The region's central store on a real PostgreSQL: halls shipping their logs, at once, through
// failures, twice; the central's figures against each hall's own; the export over many halls.
#include <signal.h>
#include <sys/wait.h>

#include <nlohmann/json.hpp>

#include <atomic>
#include <map>

#include "central_fixture.hpp"
#include "central_schema.hpp"
#include "central_verify.hpp"
#include "event_store.hpp"
#include "hall_shipper.hpp"
#include "migrations.hpp"
#include "sqlite.hpp"
#include "sync_progress.hpp"

using namespace hall;
using namespace hall::testing;

namespace {

// A generated hall and a fresh central database, connected and migrated: what a shipper needs.
struct HallAndCentral {
    HallAndCentral(const std::string& database, const std::string& id, int seed)
        : uri(postgres().new_database(database)),
          db(generate_hall(dir, id, 1, 150, seed)),
          hall(db),
          central(uri) {
        central::migrate_central(central);
    }
    std::string uri;
    ScratchDir dir;
    std::string db;
    sql::Database hall;
    pg::Connection central;
};

std::int64_t hall_figure(const std::string& db, const std::string& metric) {
    sql::Database hall(db);
    auto q = hall.prepare(
        "SELECT COALESCE(SUM(value), 0) FROM yearly_tallies WHERE year = '2019' AND dimension = "
        "'hall' AND metric = ?1");
    q.bind(1, metric);
    q.step();
    return q.int64(0);
}

std::int64_t last_seq(const std::string& db) {
    sql::Database hall(db);
    auto q = hall.prepare("SELECT COALESCE(MAX(seq), 0) FROM events");
    q.step();
    return q.int64(0);
}

std::int64_t central_mark(const std::string& uri, const std::string& hall_id) {
    try {
        pg::Connection central(uri);
        auto r = central.exec("SELECT last_seq FROM halls WHERE hall_id = $1", {hall_id});
        return r.rows() ? r.int64(0, 0) : 0;
    } catch (const pg::Error&) {
        return -1;  // down
    }
}

RunResult verify_central(const std::string& uri, const std::string& db) {
    return run_server_command({"verify", "--central", uri, "--year", "2019", "--db", db});
}

// A background `hall_server sync --follow`, stopped with SIGTERM at the end of the test.
struct FollowingSync {
    pid_t pid = -1;
    int fd = -1;
    std::string output;
    FollowingSync(const std::string& uri, const std::string& db, const std::string& batch) {
        pid = spawn_server({"sync", "--to", uri, "--db", db, "--follow", "--batch", batch,
                            "--poll-ms", "50", "--backoff-max-ms", "200"},
                           fd);
    }
    int stop() {
        kill(pid, SIGTERM);
        char buffer[4096];
        for (ssize_t n; (n = read(fd, buffer, sizeof buffer)) > 0;)
            output.append(buffer, static_cast<std::size_t>(n));
        close(fd);
        int status = 0;
        waitpid(pid, &status, 0);
        pid = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }
    ~FollowingSync() {
        if (pid > 0)
            stop();
    }
};

}  // namespace

TEST_CASE("several halls syncing at once reach the central, each counted as the hall counts",
          "[central]") {
    const auto uri = postgres().new_database("several_halls");
    ScratchDir dir;
    const std::vector<std::string> ids = {"640104", "640105", "640106"};
    std::vector<std::string> dbs;
    for (std::size_t i = 0; i < ids.size(); ++i)
        dbs.push_back(generate_hall(dir, ids[i], 2, 120, static_cast<int>(i) + 7));

    // All at once, into a central that does not have its schema yet.
    std::string command;
    for (const auto& db : dbs)
        command += std::string(HALL_SERVER_BINARY) + " sync --to " + uri + " --db " + db +
                   " --batch 700 > " + db + ".out 2>&1 & ";
    REQUIRE(shell(command + "wait").status == 0);
    for (std::size_t i = 0; i < dbs.size(); ++i) {
        CHECK(central_mark(uri, ids[i]) == last_seq(dbs[i]));
        auto verified = verify_central(uri, dbs[i]);
        INFO(verified.output);
        CHECK(verified.status == 0);
        CHECK(verified.output.find("0 differences") != std::string::npos);
    }

    // The export over all halls adds them up, and compares them side by side.
    auto json =
        run_server_command({"export", "--central", uri, "--year", "2019", "--format", "json"});
    REQUIRE(json.status == 0);
    const auto all = nlohmann::json::parse(json.output);
    REQUIRE(all["halls"].size() == 3);
    std::int64_t issued = 0, items = 0;
    for (std::size_t i = 0; i < dbs.size(); ++i) {
        CHECK(all["halls"][i]["hall_id"] == ids[i]);
        CHECK(all["halls"][i]["totals"]["issued"].get<std::int64_t>() ==
              hall_figure(dbs[i], "issued"));
        issued += hall_figure(dbs[i], "issued");
        items += hall_figure(dbs[i], "items_handled");
    }
    CHECK(all["totals"]["issued"].get<std::int64_t>() == issued);
    CHECK(all["totals"]["items_handled"].get<std::int64_t>() == items);

    // One hall's central export is that hall's own export, byte for byte, but for the
    // comparison table in front.
    auto own = run_server_command({"export", "--db", dbs[1], "--year", "2019", "--format", "md"});
    auto central = run_server_command(
        {"export", "--central", uri, "--hall", ids[1], "--year", "2019", "--format", "md"});
    REQUIRE(own.status == 0);
    REQUIRE(central.status == 0);
    const auto comparison = central.output.find("## 各大厅对比");
    REQUIRE(comparison != std::string::npos);
    const auto after = central.output.find("\n## ", comparison + 1);
    REQUIRE(after != std::string::npos);
    CHECK(central.output.substr(0, comparison) + central.output.substr(after + 1) == own.output);

    auto csv = run_server_command({"export", "--central", uri, "--hall", ids[0] + "," + ids[2],
                                   "--year", "2019", "--format", "csv"});
    REQUIRE(csv.status == 0);
    CHECK(csv.output.find("各大厅对比") != std::string::npos);
    CHECK(csv.output.find("合计") != std::string::npos);

    auto unknown = run_server_command(
        {"export", "--central", uri, "--hall", "nowhere", "--year", "2019", "--format", "md"});
    CHECK(unknown.status == 1);
    CHECK(unknown.output.find("holds no hall \"nowhere\"") != std::string::npos);
}

TEST_CASE("a batch sent twice never counts twice", "[central]") {
    HallAndCentral setup("batch_twice", "640221", 3);
    const auto& uri = setup.uri;
    auto& hall = setup.hall;
    auto& central = setup.central;
    central::HallShipper shipper(hall, central);
    REQUIRE(shipper.start() == 0);

    const auto first = shipper.read_log(0, 400);
    REQUIRE(first.events.size() == 400);
    auto shipped = shipper.ship(first);
    CHECK(shipped.added == 400);
    CHECK(shipped.high_water == 400);
    auto served = [&] {
        auto r = central.exec(
            "SELECT COALESCE(SUM(value), 0) FROM daily_tallies WHERE hall_id = '640221' AND "
            "dimension = 'hall' AND metric = 'issued'");
        return r.int64(0, 0);
    };
    const auto issued_once = served();
    CHECK(issued_once > 0);

    // The same batch again, as after a reply lost on the way back: nothing new.
    auto again = shipper.ship(first);
    CHECK(again.added == 0);
    CHECK(again.high_water == 400);
    CHECK(served() == issued_once);

    // A batch overlapping what the central has: only its new half counts.
    const auto overlapping = shipper.read_log(200, 400);
    auto half = shipper.ship(overlapping);
    CHECK(half.added == 200);
    CHECK(half.high_water == 600);

    // A batch that would leave a hole is refused and changes nothing.
    const auto ahead = shipper.read_log(700, 10);
    CHECK_THROWS_WITH(shipper.ship(ahead), Catch::Contains("would leave a hole"));
    CHECK(central_mark(uri, "640221") == 600);

    for (auto batch = shipper.read_log(600, 1000); !batch.empty();
         batch = shipper.read_log(shipper.ship(batch).high_water, 1000)) {
    }
    std::vector<std::string> differences;
    auto audit = central::verify_central(hall, central, 2019,
                                         [&](const std::string& d) { differences.push_back(d); });
    CHECK(differences.empty());
    CHECK(audit.differences == 0);
    CHECK(audit.figures > 100);

    // A figure changed behind the hall's back is found, with its day and figure.
    central.exec(
        "UPDATE daily_tallies SET value = value + 1 WHERE hall_id = '640221' AND dimension = "
        "'hall' AND metric = 'served'");
    differences.clear();
    central::verify_central(hall, central, 2019,
                            [&](const std::string& d) { differences.push_back(d); });
    REQUIRE(differences.size() == 1);
    CHECK_THAT(differences[0], Catch::Contains("hall served: the hall says"));
}

TEST_CASE(
    "a hall restored from a backup behind the central's mark is refused, not silently "
    "skipped",
    "[central]") {
    HallAndCentral setup("restored_hall", "640404", 7);
    const auto& uri = setup.uri;
    const auto& db = setup.db;
    auto& hall = setup.hall;
    auto& central = setup.central;
    {
        central::HallShipper shipper(hall, central);
        for (auto batch = shipper.read_log(shipper.start(), 1000); !batch.empty();
             batch = shipper.read_log(shipper.ship(batch).high_water, 1000)) {
        }
    }
    const auto mark = central_mark(uri, "640404");
    REQUIRE(mark == last_seq(db));
    // The same log again: the sync starts as before.
    CHECK(central::HallShipper(hall, central).start() == mark);

    // Restored to an earlier moment, then the hall went on: its events of the central's last
    // numbers are other events.
    hall.exec("UPDATE events SET at_ms = at_ms + 1000 WHERE seq = " + std::to_string(mark));
    CHECK_THROWS_WITH(central::HallShipper(hall, central).start(),
                      Catch::Contains("is not this hall's event of that number") &&
                          Catch::Contains("restored from a backup"));
    // Restored, and the hall has not yet reached the central's mark again.
    hall.exec("DELETE FROM events WHERE seq > " + std::to_string(mark - 5));
    CHECK_THROWS_WITH(central::HallShipper(hall, central).start(),
                      Catch::Contains("this hall's log ends before that"));
    CHECK(central_mark(uri, "640404") == mark);  // nothing shipped, nothing changed
}

TEST_CASE("the central stopped mid-sync and started again: the sync resumes, nothing twice",
          "[central]") {
    const auto uri = postgres().new_database("stopped_mid_sync");
    ScratchDir dir;
    const auto db = generate_hall(dir, "640303", 2, 150, 5);
    const auto total = last_seq(db);
    FollowingSync sync(uri, db, "20");
    REQUIRE(wait_until([&] { return central_mark(uri, "640303") > 0; }));
    postgres().stop("immediate");
    const auto before = central_mark(uri, "640303");
    CHECK(before == -1);
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    postgres().restart();
    const auto at_restart = central_mark(uri, "640303");
    CHECK(at_restart < total);  // it stopped mid-way
    REQUIRE(wait_until([&] { return central_mark(uri, "640303") == total; }));
    sync.stop();
    INFO(sync.output);
    CHECK(sync.output.find("the central is back") != std::string::npos);
    auto verified = verify_central(uri, db);
    INFO(verified.output);
    CHECK(verified.status == 0);
}

TEST_CASE("a hall offline for a day catches up, and its lag shows while it is behind",
          "[central]") {
    const auto uri = postgres().new_database("offline_day");
    ScratchDir dir;
    // The events of two days, played into a hall one day at a time through its real store.
    const auto source = generate_hall(dir, "source", 2, 150, 9);
    const auto db = dir.file("hall.db");
    auto imported = run_server_command(
        {"import", "--db", db, std::string(HALL_SOURCE_DIR) + "/assets/demo-catalog"});
    REQUIRE(imported.status == 0);
    REQUIRE(run_server_command({"central", "hall-id", "640402", "--db", db}).status == 0);
    std::map<std::string, std::vector<Event>> days;
    {
        sql::Database from(source);
        EventStore log(from);
        for (auto& e : log.events_from(1))
            days[e.day].push_back(std::move(e));
    }
    REQUIRE(days.size() == 2);
    auto play = [&](const std::vector<Event>& events) {
        sql::Database hall(db);
        EventStore store(hall);
        store.append_durably(events);
    };
    play(days.begin()->second);

    FollowingSync sync(uri, db, "500");
    REQUIRE(wait_until([&] { return central_mark(uri, "640402") == last_seq(db); }));

    // The link goes down; the hall works a whole day meanwhile, and never waits for it.
    postgres().stop("immediate");
    play(std::next(days.begin())->second);
    const auto progress_path = central::progress_path_for(db);
    REQUIRE(wait_until([&] {
        auto p = central::read_progress(progress_path);
        return p && !p->last_error.empty() && p->local_seq == last_seq(db);
    }));
    auto progress = central::read_progress(progress_path);
    REQUIRE(progress);
    const auto lag = central::sync_lag(*progress, last_seq(db), progress->checked_ms);
    CHECK(lag.events == last_seq(db) - static_cast<std::int64_t>(days.begin()->second.size()));
    CHECK(lag.seconds > 0);

    postgres().restart();
    REQUIRE(wait_until([&] { return central_mark(uri, "640402") == last_seq(db); }));
    REQUIRE(wait_until([&] {
        auto p = central::read_progress(progress_path);
        return p && p->last_error.empty() && p->shipped_seq == last_seq(db);
    }));
    progress = central::read_progress(progress_path);
    CHECK(central::sync_lag(*progress, last_seq(db), progress->checked_ms).events == 0);
    CHECK(sync.stop() == 0);
    auto verified = verify_central(uri, db);
    INFO(verified.output);
    CHECK(verified.status == 0);
}

TEST_CASE("a central that cannot be reached is a clear error, and the hall is left as it was",
          "[central]") {
    ScratchDir dir;
    const auto db = generate_hall(dir, "640500", 1, 30, 2);
    const auto before = last_seq(db);
    auto r = run_server_command({"sync", "--to", "postgresql://hall@127.0.0.1:1/central", "--db",
                                 db, "--attempts", "2", "--backoff-max-ms", "10"});
    CHECK(r.status == 1);
    CHECK(r.output.find("cannot connect to the central PostgreSQL") != std::string::npos);
    CHECK(last_seq(db) == before);
    auto bad_id = run_server_command({"central", "hall-id", "no spaces", "--db", db});
    CHECK(bad_id.status == 2);
    CHECK(bad_id.output.find("bad_hall_id") != std::string::npos);
    auto usage = run_server_command({"sync", "--db", db});
    CHECK(usage.status == 2);
}
