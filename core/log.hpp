// The server's log: one line per event to stderr, with the <N> level prefix journald reads.
#pragma once

#include <optional>
#include <string_view>

namespace hall::log {

// syslog's numbers, which journald takes from a "<N>" prefix.
enum class Level { error = 3, warning = 4, notice = 5, info = 6, debug = 7 };

std::optional<Level> parse_level(std::string_view text);
std::string_view to_string(Level level);

// Lines above this level are dropped. Set once at start, before other threads run.
void set_level(Level level);
Level level();

// Writes "<N>message\n" with one write(2), so lines from several threads never mix. Never pass
// tokens, PINs or ID numbers.
void write(Level level, std::string_view message);
inline void error(std::string_view message) {
    write(Level::error, message);
}
inline void warning(std::string_view message) {
    write(Level::warning, message);
}
inline void notice(std::string_view message) {
    write(Level::notice, message);
}
inline void info(std::string_view message) {
    write(Level::info, message);
}
inline void debug(std::string_view message) {
    write(Level::debug, message);
}

}  // namespace hall::log
