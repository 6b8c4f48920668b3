// The script runner.
#include "script.hpp"

#include <fstream>
#include <sstream>

#include "app.hpp"

namespace kiosk {

std::string run_script(App& app, const std::string& path) {
    std::ifstream in(path);
    if (!in)
        return "cannot read " + path;
    const auto patience = std::chrono::seconds(30);
    std::string line;
    int number = 0;
    while (std::getline(in, line)) {
        ++number;
        std::istringstream words(line);
        std::string verb;
        words >> verb;
        if (verb.empty() || verb[0] == '#')
            continue;
        std::string rest;
        std::getline(words >> std::ws, rest);
        auto fail = [&](const std::string& why) {
            return path + ":" + std::to_string(number) + ": " + why + " (screen " +
                   app.screen_name() + ")";
        };
        if (verb == "tap") {
            int x = 0;
            int y = 0;
            std::istringstream xy(rest);
            if (!(xy >> x >> y))
                return fail("tap wants X Y");
            app.tap(x, y);
        } else if (verb == "tap-button") {
            if (!app.run_until([&] { return app.tap_button(rest); }, patience))
                return fail("no button \"" + rest + "\"");
        } else if (verb == "type") {
            app.type_text(rest);
        } else if (verb == "wait-screen") {
            if (!app.run_until([&] { return app.screen_name() == rest; }, patience))
                return fail("screen " + rest + " did not appear");
        } else if (verb == "wait-event") {
            int seen = app.events_seen(rest);
            if (!app.run_until([&] { return app.events_seen(rest) > seen; }, patience))
                return fail("no " + rest + " event");
        } else if (verb == "wait-online") {
            if (!app.run_until([&] { return app.client().online() && app.client().has_catalog(); },
                               patience))
                return fail("the server did not answer");
        } else if (verb == "sleep") {
            auto until =
                std::chrono::steady_clock::now() + std::chrono::milliseconds(std::stoi(rest));
            app.run_until([&] { return std::chrono::steady_clock::now() >= until; },
                          std::chrono::milliseconds(std::stoi(rest)) + std::chrono::seconds(1));
        } else if (verb == "screenshot") {
            if (!app.screenshot(rest))
                return fail("cannot write " + rest);
        } else {
            return fail("unknown step \"" + verb + "\"");
        }
    }
    return {};
}

}  // namespace kiosk
