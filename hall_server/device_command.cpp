// hall_server device: registers, lists and revokes the hall's devices.
#include <cstdio>
#include <stdexcept>

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
one window (--window N); a board may name the window whose LED strip it drives.
NAME is 1-64 characters of A-Z a-z 0-9 - _.
)";
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
    sql::Database db(args.db_path());
    migrate(db);
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
