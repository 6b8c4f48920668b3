// A kiosk run in-process against a hall_server on loopback, for the tests and the benchmark: its
// config for a role, and whether it is signed in with the catalog.
#pragma once

#include <string>

#include "app.hpp"
#include "config.hpp"

namespace kiosk::testing {

// Muted, at the role's default size, named after the token's device.
inline Config config_for(Role role, unsigned short port, const std::string& token) {
    Config config;
    config.role = role;
    config.server = "ws://127.0.0.1:" + std::to_string(port);
    config.token = token;
    config.device = token.substr(0, token.find('.'));
    config.mute = true;
    config.size = default_size(role, false);
    return config;
}

inline bool online(App& app) {
    return app.client().online() && app.client().has_catalog();
}

}  // namespace kiosk::testing
