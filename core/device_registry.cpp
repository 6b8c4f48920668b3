// Device registration and token checks over the devices table.
#include "device_registry.hpp"

#include <sodium.h>

#include <array>
#include <stdexcept>

namespace hall {

namespace {
constexpr std::array<std::pair<Role, std::string_view>, 5> role_names{{
    {Role::kiosk, "kiosk"},
    {Role::board, "board"},
    {Role::counter, "counter"},
    {Role::rating, "rating"},
    {Role::manager, "manager"},
}};

void init_sodium() {
    if (sodium_init() < 0)
        throw std::runtime_error("libsodium failed to initialise");
}

std::string hash_secret(std::string_view secret) {
    std::array<unsigned char, crypto_generichash_BYTES> digest{};
    crypto_generichash(digest.data(), digest.size(),
                       reinterpret_cast<const unsigned char*>(secret.data()), secret.size(),
                       nullptr, 0);
    std::array<char, crypto_generichash_BYTES * 2 + 1> hex{};
    sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
    return std::string(hex.data());
}

Device device_from_row(sql::Statement& row) {
    Device d;
    d.name = row.text(0);
    d.role = parse_role(row.text(1)).value_or(Role::board);
    if (!row.is_null(2))
        d.window = row.int32(2);
    d.created_ms = row.int64(3);
    d.revoked_ms = row.optional_int64(4);
    return d;
}
}  // namespace

std::string_view to_string(Role role) {
    for (auto [r, name] : role_names)
        if (r == role)
            return name;
    return "board";
}

std::optional<Role> parse_role(std::string_view text) {
    for (auto [r, name] : role_names)
        if (name == text)
            return r;
    return std::nullopt;
}

bool is_valid_device_name(std::string_view name) {
    if (name.empty() || name.size() > 64)
        return false;
    for (char c : name) {
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '-' || c == '_';
        if (!ok)
            return false;
    }
    return true;
}

DeviceRegistry::DeviceRegistry(sql::Database& db) : db_(db) {
    init_sodium();
}

std::string DeviceRegistry::add(std::string_view name, Role role, std::optional<int> window,
                                std::int64_t now_ms) {
    if (!is_valid_device_name(name))
        throw std::invalid_argument("a device name is 1-64 characters of A-Z a-z 0-9 - _");
    if ((role == Role::counter || role == Role::rating) && !window)
        throw std::invalid_argument(std::string(to_string(role)) +
                                    " devices belong to a window: give --window N");
    std::array<unsigned char, 32> random{};
    randombytes_buf(random.data(), random.size());
    std::array<char, 64> secret{};
    sodium_bin2base64(secret.data(), secret.size(), random.data(), random.size(),
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sql::Transaction tx(db_);
    auto existing = db_.prepare("SELECT revoked_ms FROM devices WHERE name = ?1");
    existing.bind(1, name);
    if (existing.step()) {
        if (existing.is_null(0))
            throw std::invalid_argument("there is already a device named " + std::string(name));
        existing.reset();
        auto drop = db_.prepare("DELETE FROM devices WHERE name = ?1");
        drop.bind(1, name).run();
    }
    auto insert = db_.prepare(
        "INSERT INTO devices (name, role, window_number, token_hash, created_ms) VALUES (?1, ?2, "
        "?3, ?4, ?5)");
    insert.bind(1, name)
        .bind(2, to_string(role))
        .bind(3, window)
        .bind(4, hash_secret(secret.data()))
        .bind(5, now_ms)
        .run();
    tx.commit();
    return std::string(name) + "." + secret.data();
}

bool DeviceRegistry::remove(std::string_view name, std::int64_t now_ms) {
    auto revoke =
        db_.prepare("UPDATE devices SET revoked_ms = ?2 WHERE name = ?1 AND revoked_ms IS NULL");
    revoke.bind(1, name).bind(2, now_ms).run();
    return db_.changes() > 0;
}

std::vector<Device> DeviceRegistry::list() {
    std::vector<Device> devices;
    auto query = db_.prepare(
        "SELECT name, role, window_number, created_ms, revoked_ms FROM devices ORDER BY name");
    while (query.step())
        devices.push_back(device_from_row(query));
    return devices;
}

std::optional<Device> DeviceRegistry::authenticate(std::string_view token) {
    auto dot = token.find('.');
    if (dot == std::string_view::npos || token.size() > 200)
        return std::nullopt;
    auto name = token.substr(0, dot);
    auto secret = token.substr(dot + 1);
    auto query = db_.prepare(
        "SELECT name, role, window_number, created_ms, revoked_ms, token_hash FROM devices WHERE "
        "name = ?1 AND revoked_ms IS NULL");
    query.bind(1, name);
    if (!query.step())
        return std::nullopt;
    auto stored = query.text(5);
    auto given = hash_secret(secret);
    if (stored.size() != given.size() ||
        sodium_memcmp(stored.data(), given.data(), stored.size()) != 0)
        return std::nullopt;
    return device_from_row(query);
}

}  // namespace hall
