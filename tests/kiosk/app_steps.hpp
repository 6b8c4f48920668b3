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

}  // namespace kiosk::testing
