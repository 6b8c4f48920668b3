// The registered devices and their tokens: who may connect, in which role, at which window.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sqlite.hpp"

namespace hall {

enum class Role { kiosk, board, counter, rating, manager };

std::string_view to_string(Role role);
std::optional<Role> parse_role(std::string_view text);

struct Device {
    std::string name;
    Role role = Role::kiosk;
    std::optional<int> window;
    std::int64_t created_ms = 0;
    std::optional<std::int64_t> revoked_ms;
};

// A device's token is "NAME.SECRET": the name finds the device, the secret (32 random bytes,
// URL-safe base64) is checked against the stored hash. A token has 256 bits of entropy, so a
// fast hash is enough; PINs, which have few values, get argon2id instead.
class DeviceRegistry {
  public:
    explicit DeviceRegistry(sql::Database& db);

    // Registers a device and returns its token, which is shown once and never stored.
    // Throws std::invalid_argument for a bad name, a taken name or a missing window.
    std::string add(std::string_view name, Role role, std::optional<int> window,
                    std::int64_t now_ms);
    // Revokes a device; false if there is no such active device.
    bool remove(std::string_view name, std::int64_t now_ms);
    std::vector<Device> list();
    // The active device the token belongs to, or nullopt.
    std::optional<Device> authenticate(std::string_view token);

  private:
    sql::Database& db_;
};

bool is_valid_device_name(std::string_view name);

}  // namespace hall
