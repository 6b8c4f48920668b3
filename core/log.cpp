// The server's log lines on stderr.
#include "log.hpp"

#include <unistd.h>

#include <atomic>
#include <string>

namespace hall::log {

namespace {
std::atomic<Level> current{Level::info};

constexpr std::pair<Level, std::string_view> names[] = {{Level::error, "error"},
                                                        {Level::warning, "warning"},
                                                        {Level::notice, "notice"},
                                                        {Level::info, "info"},
                                                        {Level::debug, "debug"}};
}  // namespace

std::optional<Level> parse_level(std::string_view text) {
    for (const auto& [level, name] : names)
        if (text == name)
            return level;
    return std::nullopt;
}

std::string_view to_string(Level level) {
    for (const auto& [l, name] : names)
        if (l == level)
            return name;
    return "info";
}

void set_level(Level level) {
    current = level;
}

Level level() {
    return current;
}

void write(Level level, std::string_view message) {
    if (static_cast<int>(level) > static_cast<int>(current.load()))
        return;
    // Appended piece by piece: GCC 12 at -O3 warns (-Wrestrict) on "<" + std::to_string(...),
    // which failed a Release build with HALL_WERROR.
    std::string line = "<";
    line += std::to_string(static_cast<int>(level));
    line += '>';
    line += message;
    line += '\n';
    std::size_t done = 0;
    while (done < line.size()) {
        auto n = ::write(STDERR_FILENO, line.data() + done, line.size() - done);
        if (n <= 0)
            return;  // stderr is gone: nothing better to do with a log line
        done += static_cast<std::size_t>(n);
    }
}

}  // namespace hall::log
