// hall_server device: registers, lists and revokes the hall's devices.
#include <cstdio>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>

#include "catalog_store.hpp"
#include "clock.hpp"
#include "command_line.hpp"
#include "commands.hpp"
#include "device_registry.hpp"
#include "migrations.hpp"
#include "sqlite.hpp"

namespace hall::server {

namespace {
constexpr const char* help =
    R"(usage: hall_server device add --role ROLE [--window N] [--db PATH] NAME
       hall_server device list [--db PATH]
       hall_server device remove [--db PATH] NAME

Registers a device of the hall and prints its token once (only a hash is kept); lists the
devices; revokes one (a running server closes its connections within seconds).
ROLE is kiosk, board, counter, rating or manager. Counter terminals and rating pads belong to
one window (--window N); a board may name the window whose LED strip it drives; kiosks and
managers have none. The window must be one of the catalog's, so import the catalog first.
NAME is 1-64 characters of A-Z a-z 0-9 - _.
)";

// Why --window does not fit the role, if it does not: counter terminals and rating pads need a
// window of the catalog, a board may name one (its LED strip's), kiosks and managers have none.
std::optional<std::string> window_problem(sql::Database& db, Role role, std::optional<int> window) {
    if (!window)
        return std::nullopt;  // a counter or rating pad without one is the registry's to refuse
    if (role == Role::kiosk || role == Role::manager)
        return std::string(to_string(role)) + " devices belong to no window: leave out --window";
    auto q = db.prepare("SELECT 1 FROM windows WHERE number = ?1 AND retired_on IS NULL");
    q.bind(1, *window);
    if (!q.step())
        return "the catalog has no window " + std::to_string(*window) + " in service";
    return std::nullopt;
}

}  // namespace

int device_command(int argc, char** argv) {
    CommandLine args(argc, argv, 2, {"db", "role", "window"}, {"help"});
    if (args.has("help")) {
        std::fputs(help, stdout);
        return exit_ok;
    }
    const auto& words = args.positionals();
    if (words.empty()) {
        std::fputs(help, stderr);
        return exit_usage;
    }
    // Devices belong to a hall whose catalog is loaded: a command run in the wrong directory
    // must not register them in a new, empty database.
    const auto path = args.db_path();
    if (!std::filesystem::exists(path)) {
        std::fprintf(stderr, "hall_server device: there is no database at %s\n", path.c_str());
        return exit_failed;
    }
    sql::Database db(path);
    migrate(db);
    if (!has_catalog(db)) {
        std::fprintf(stderr, "hall_server device: %s holds no catalog yet (hall_server import)\n",
                     path.c_str());
        return exit_failed;
    }
    DeviceRegistry registry(db);
    SystemClock clock;
    const auto& action = words[0];
    if (action == "add" && words.size() == 2) {
        auto role_text = args.value("role");
        auto role = role_text ? parse_role(*role_text) : std::nullopt;
        if (!role) {
            std::fputs(
                "hall_server device add: --role must be kiosk, board, counter, rating or "
                "manager\n",
                stderr);
            return exit_usage;
        }
        std::optional<int> window;
        if (auto text = args.value("window")) {
            try {
                std::size_t used = 0;
                window = std::stoi(*text, &used);
                if (used != text->size() || *window < 1)
                    throw std::invalid_argument("window");
            } catch (const std::exception&) {
                std::fprintf(stderr, "hall_server device add: --window wants a window number\n");
                return exit_usage;
            }
        }
        if (auto problem = window_problem(db, *role, window)) {
            std::fprintf(stderr, "hall_server device add: %s\n", problem->c_str());
            return exit_failed;
        }
        try {
            auto token = registry.add(words[1], *role, window, clock.now_ms());
            std::printf("%s\n", token.c_str());
        } catch (const std::invalid_argument& e) {
            std::fprintf(stderr, "hall_server device add: %s\n", e.what());
            return exit_failed;
        }
        return exit_ok;
    }
    if (action == "list" && words.size() == 1) {
        for (const auto& d : registry.list()) {
            std::printf("%-24s %-8s %-6s %s\n", d.name.c_str(),
                        std::string(to_string(d.role)).c_str(),
                        d.window ? std::to_string(*d.window).c_str() : "-",
                        d.revoked_ms ? "revoked" : "active");
        }
        return exit_ok;
    }
    if (action == "remove" && words.size() == 2) {
        if (!registry.remove(words[1], clock.now_ms())) {
            std::fprintf(stderr, "hall_server device remove: no active device named %s\n",
                         words[1].c_str());
            return exit_failed;
        }
        std::printf("revoked %s\n", words[1].c_str());
        return exit_ok;
    }
    std::fputs(help, stderr);
    return exit_usage;
}

}  // namespace hall::server
