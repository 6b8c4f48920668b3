// The kiosk's command line and config file: which role, which server, which device.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "i18n.hpp"
#include "layout.hpp"

namespace kiosk {

enum class Role { ticket, board, counter, rating };

// Where a window's top left corner goes on the desktop.
struct WindowPosition {
    int x = 0;
    int y = 0;
    bool operator==(const WindowPosition&) const = default;
};

struct Config {
    Role role = Role::ticket;
    std::string server = "ws://127.0.0.1:8080";
    std::string token;
    std::string device;  // for the window title and idempotency keys; the token's name if empty
    Size size{};         // 0x0: the role's default
    bool size_given = false;  // --size: a window of that size, not the whole display
    bool windowed = false;
    std::optional<WindowPosition> position;  // --position X,Y: the top left; centred without it
    bool strip = false;                      // --layout strip: the LED bar over a window
    bool mute = false;
    // SDL's software renderer onto a plain X11 image (the default): the kiosk's frames take a
    // few ms with it, and without a GPU the accelerated renderer is Mesa's llvmpipe, which costs
    // about 100 MB and draws slower. --renderer accelerated chooses SDL's GPU renderer.
    bool software_renderer = true;
    Lang lang = Lang::zh;
    std::string ca;          // wss://: the CA file the server's certificate must chain to
    std::string printer;     // empty: no printer
    std::string screenshot;  // render once to this PNG and exit
    std::string script;      // a file of test steps (tap, wait, screenshot)
    int wait_ms = 5000;      // --screenshot: how long to wait for the server first
    // Ticket kiosk: a page past the first goes home this long after the last touch.
    int home_after_s = 60;

    // Full screen at the display's size, unless a window was asked for (--windowed, or a
    // --size of its own).
    bool fills_display() const { return !windowed && !size_given; }
};

std::optional<Role> parse_role(std::string_view text);
std::string_view to_string(Role role);
Size default_size(Role role, bool strip);

// Parses argv (and a --config FILE, and HALL_DEVICE_TOKEN when there is no --token of "key = value"
// lines, the same names as the options); returns the reason when the arguments are wrong.
std::optional<Config> parse_command_line(const std::vector<std::string>& args, std::string& error);
std::string usage();

}  // namespace kiosk
