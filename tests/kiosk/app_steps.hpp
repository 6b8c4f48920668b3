// Test steps on an in-process kiosk: tap a button once it is there, wait for a screen, and the
// path of a screenshot.
#pragma once

#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <string>

#include "kiosk/in_process_kiosk.hpp"

namespace kiosk::testing {

// KIOSK_TEST_OUTPUT_DIR/name, the directory made if needed.
inline std::string shots(const std::string& name) {
    std::filesystem::create_directories(KIOSK_TEST_OUTPUT_DIR);
    return (std::filesystem::path(KIOSK_TEST_OUTPUT_DIR) / name).string();
}

// Taps a button once it is shown and enabled (a reply may still be on its way).
inline void press(App& app, const std::string& title) {
    INFO("button " << title << " on " << app.screen_name());
    REQUIRE(app.run_until([&] { return app.tap_button(title); }, std::chrono::seconds(10)));
}

inline void wait_screen(App& app, const std::string& name) {
    INFO("waiting for " << name << ", on " << app.screen_name());
    REQUIRE(app.run_until([&] { return app.screen_name() == name; }, std::chrono::seconds(10)));
}

// A counter terminal's window, as its model has it.
inline const WindowInfo& my_window(App& app) {
    const auto* w = app.client().model().window(app.client().device().window);
    REQUIRE(w);
    return *w;
}

// Logs a counter in on its keypad with PIN 1234 (staff typed as on a keyboard), unless the
// window's session is there already (a terminal started again).
inline void sign_in(App& app, const std::string& staff) {
    REQUIRE(app.run_until([&] { return online(app); }, std::chrono::seconds(20)));
    REQUIRE(app.run_until(
        [&] { return app.screen_name() == "counter_login" || app.screen_name() == "counter_main"; },
        std::chrono::seconds(10)));
    if (app.screen_name() == "counter_main")
        return;
    app.type_text(staff);
    press(app, "密码");
    for (const char* digit : {"1", "2", "3", "4"})
        press(app, digit);
    press(app, "登录");
    wait_screen(app, "counter_main");
}

}  // namespace kiosk::testing
