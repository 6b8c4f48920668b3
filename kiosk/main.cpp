// kiosk: the program on the hall's touchscreens and displays, one of four roles.
#include <iostream>

#include "app.hpp"
#include "script.hpp"

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    for (const auto& arg : args)
        if (arg == "--help" || arg == "-h") {
            std::cout << kiosk::usage();
            return 0;
        }
    std::string error;
    auto config = kiosk::parse_command_line(args, error);
    if (!config) {
        std::cerr << "kiosk: " << error << "\n" << kiosk::usage();
        return 2;
    }
    // --screenshot renders without a display, whatever the environment says.
    if (!config->screenshot.empty())
        setenv("SDL_VIDEODRIVER", "dummy", 1);
    kiosk::App app(*config);
    if (auto problem = app.start(); !problem.empty()) {
        std::cerr << "kiosk: " << problem << "\n";
        return 1;
    }
    if (!config->script.empty()) {
        if (auto failed = kiosk::run_script(app, config->script); !failed.empty()) {
            std::cerr << "kiosk: " << failed << "\n";
            return 1;
        }
        if (config->screenshot.empty())
            return 0;
    }
    if (!config->screenshot.empty()) {
        // Show the hall as the server describes it, or the offline screen if it does not answer.
        app.run_until([&] { return app.client().online() && app.client().has_catalog(); },
                      std::chrono::milliseconds(config->wait_ms));
        app.run_until([] { return false; }, std::chrono::milliseconds(200));
        if (!app.screenshot(config->screenshot)) {
            std::cerr << "kiosk: cannot write " << config->screenshot << "\n";
            return 1;
        }
        // A picture of the offline screen is still written, but the caller is told why.
        if (!app.client().online() || !app.client().has_catalog()) {
            std::cerr << "kiosk: " << config->screenshot << " shows the offline screen: ";
            if (!app.client().hello_error().empty()) {
                std::cerr << "the server refused this device (" << app.client().hello_error()
                          << ")\n";
            } else {
                const auto& why = app.link_problem();
                std::cerr << "the server did not answer within " << config->wait_ms << " ms"
                          << (why.empty() ? "" : " (" + why + ")") << "\n";
            }
            return 3;
        }
        return 0;
    }
    return app.run();
}
