// hall_server backup: a consistent copy of the live database (SQLite's online backup API),
// named by its time, keeping the newest N.
#include <fcntl.h>
#include <unistd.h>

#include <sqlite3.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <regex>
#include <stdexcept>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

#include "command_line.hpp"
#include "commands.hpp"
#include "log.hpp"

namespace hall::server {

namespace fs = std::filesystem;

namespace {
constexpr const char* help = R"(usage: hall_server backup [--db PATH] [--keep N] DEST_DIR

Copies the hall's database into DEST_DIR as hall-YYYYMMDDTHHMMSSZ.db (UTC), consistently and
while the server runs: the copy is one moment of the database, taken with SQLite's online
backup API, checked (PRAGMA quick_check) and made durable before it gets its name. Then only
the newest N copies in DEST_DIR are kept (default 14; 0 keeps all).

Restore: stop the server, copy a backup over the database, run hall_server verify --db on
it, start the server (docs/operations.md).
)";

// The name a backup gets; only such files are ever removed by --keep.
const std::regex backup_name(R"(hall-\d{8}T\d{6}Z\.db)");

std::string utc_stamp() {
    std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    char text[32];
    std::strftime(text, sizeof text, "%Y%m%dT%H%M%SZ", &utc);
    return text;
}

class Handle {
  public:
    Handle(const std::string& path, int flags) {
        if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK)
            throw std::runtime_error("cannot open " + path + ": " + message());
        sqlite3_busy_timeout(db_, 10000);
    }
    ~Handle() { sqlite3_close_v2(db_); }
    Handle(const Handle&) = delete;
    Handle& operator=(const Handle&) = delete;
    sqlite3* get() const { return db_; }
    std::string message() const { return db_ ? sqlite3_errmsg(db_) : "out of memory"; }
    std::string single_text(const char* sql) const {
        sqlite3_stmt* statement = nullptr;
        if (sqlite3_prepare_v2(db_, sql, -1, &statement, nullptr) != SQLITE_OK)
            throw std::runtime_error(std::string(sql) + ": " + message());
        std::string out;
        if (sqlite3_step(statement) == SQLITE_ROW)
            out = reinterpret_cast<const char*>(sqlite3_column_text(statement, 0));
        sqlite3_finalize(statement);
        return out;
    }

  private:
    sqlite3* db_ = nullptr;
};

void fsync_path(const fs::path& path, int flags) {
    int fd = ::open(path.c_str(), flags);
    if (fd < 0 || ::fsync(fd) != 0) {
        if (fd >= 0)
            ::close(fd);
        throw std::runtime_error("cannot sync " + path.string());
    }
    ::close(fd);
}

// Copies every page in one step: one read transaction, so one moment of the database. In WAL
// mode the server's writer goes on committing meanwhile.
void copy_database(const std::string& source_path, const fs::path& target) {
    if (!fs::exists(source_path))
        throw std::runtime_error("no database at " + source_path);
    Handle source(source_path, SQLITE_OPEN_READONLY);
    {
        Handle copy(target.string(), SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
        sqlite3_backup* backup = sqlite3_backup_init(copy.get(), "main", source.get(), "main");
        if (!backup)
            throw std::runtime_error("cannot start the backup: " + copy.message());
        int rc = SQLITE_OK;
        for (int attempt = 0; attempt < 100; ++attempt) {
            rc = sqlite3_backup_step(backup, -1);
            if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED)
                break;
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        sqlite3_backup_finish(backup);
        if (rc != SQLITE_DONE)
            throw std::runtime_error(std::string("the backup failed: ") + sqlite3_errstr(rc));
        // A backup is one self-contained file: no -wal beside it.
        copy.single_text("PRAGMA journal_mode = DELETE");
        auto check = copy.single_text("PRAGMA quick_check");
        if (check != "ok")
            throw std::runtime_error("the copy does not pass quick_check: " + check);
    }
    fsync_path(target, O_RDONLY);
}

void keep_newest(const fs::path& dir, long keep) {
    std::vector<fs::path> backups;
    for (const auto& entry : fs::directory_iterator(dir))
        if (entry.is_regular_file() &&
            std::regex_match(entry.path().filename().string(), backup_name))
            backups.push_back(entry.path());
    std::sort(backups.begin(), backups.end());  // the names sort by time
    if (keep <= 0 || backups.size() <= static_cast<std::size_t>(keep))
        return;
    for (std::size_t i = 0; i + static_cast<std::size_t>(keep) < backups.size(); ++i) {
        fs::remove(backups[i]);
        log::info("backup: removed the old copy " + backups[i].string());
    }
}
}  // namespace

int backup_command(int argc, char** argv) {
    CommandLine args(argc, argv, 2, {"db", "keep"}, {"help"});
    if (args.has("help")) {
        std::fputs(help, stdout);
        return exit_ok;
    }
    if (args.positionals().size() != 1) {
        std::fputs(help, stderr);
        return exit_usage;
    }
    long keep = 14;
    if (auto text = args.value("keep")) {
        if (text->empty() || text->size() > 6 ||
            text->find_first_not_of("0123456789") != std::string::npos) {
            std::fprintf(stderr, "hall_server backup: --keep wants a count, such as 14\n");
            return exit_usage;
        }
        keep = std::stol(*text);
    }
    fs::path dir = args.positionals().front();
    fs::create_directories(dir);
    auto final_path = dir / ("hall-" + utc_stamp() + ".db");
    const auto one_a_second = [&] {
        return std::runtime_error(final_path.string() +
                                  " exists already: one backup a second; try again");
    };
    if (fs::exists(final_path))
        throw one_a_second();
    // The copy's own name while it is made: two backups started in the same second (the timer's
    // and one by hand) never write into one file.
    auto partial = final_path;
    partial += "." + std::to_string(::getpid()) + ".partial";
    auto remove_partial = [&] {
        std::error_code ignored;
        for (const char* suffix : {"", "-wal", "-shm", "-journal"})
            fs::remove(partial.string() + suffix, ignored);
    };
    remove_partial();
    try {
        copy_database(args.db_path(), partial);
        // link() refuses to replace a copy another backup finished meanwhile; rename would not.
        if (::link(partial.c_str(), final_path.c_str()) != 0) {
            if (errno == EEXIST)
                throw one_a_second();
            throw std::system_error(errno, std::generic_category(),
                                    "cannot name the copy " + final_path.string());
        }
        remove_partial();
        fsync_path(dir, O_RDONLY | O_DIRECTORY);
    } catch (...) {
        remove_partial();
        throw;
    }
    log::notice("backup: " + args.db_path() + " copied to " + final_path.string());
    std::printf("%s\n", final_path.c_str());
    keep_newest(dir, keep);
    return exit_ok;
}

}  // namespace hall::server
