// Staff PIN hashing over libsodium's argon2id.
#include "pin_hash.hpp"

#include <sodium.h>

#include <charconv>
#include <limits>
#include <stdexcept>

namespace hall {

namespace {

// A function-local static is initialised once even when several threads arrive together.
void ensure_sodium() {
    static const bool ready = sodium_init() >= 0;
    if (!ready)
        throw std::runtime_error("libsodium could not be initialised");
}

// libsodium wants NUL-terminated hashes that fit its fixed buffer.
bool fits(std::string_view hash) {
    return !hash.empty() && hash.size() < crypto_pwhash_STRBYTES &&
           hash.find('\0') == std::string_view::npos;
}

// Every login verifies against the stored hash, so an imported hash may not ask for more than a
// few times the interactive cost: 256 MiB and 8 passes.
constexpr unsigned long max_memory_kib = 256 * 1024;
constexpr unsigned long max_passes = 8;

// The value of "name=" in the parameter part "$v=19$m=65536,t=2,p=1$...", or 0 when absent.
unsigned long parameter(std::string_view hash, std::string_view name) {
    auto at = hash.find(name);
    if (at == std::string_view::npos)
        return 0;
    auto digits = hash.substr(at + name.size());
    unsigned long value = 0;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (ec == std::errc::result_out_of_range)
        return std::numeric_limits<unsigned long>::max();
    return ec == std::errc() ? value : 0;
}

std::string hash_pin_at(std::string_view pin, unsigned long long passes, std::size_t memory) {
    ensure_sodium();
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str_alg(out, pin.data(), pin.size(), passes, memory,
                              crypto_pwhash_ALG_ARGON2ID13) != 0) {
        throw std::runtime_error("hashing a PIN failed (out of memory)");
    }
    return std::string(out);
}

}  // namespace

std::string hash_pin(std::string_view pin) {
    return hash_pin_at(pin, crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE);
}

std::string hash_pin_for_simulation(std::string_view pin) {
    return hash_pin_at(pin, crypto_pwhash_argon2id_OPSLIMIT_MIN,
                       crypto_pwhash_argon2id_MEMLIMIT_MIN);
}

bool verify_pin(std::string_view hash, std::string_view pin) {
    ensure_sodium();
    if (!is_pin_hash(hash))
        return false;
    std::string terminated(hash);
    return crypto_pwhash_str_verify(terminated.c_str(), pin.data(), pin.size()) == 0;
}

bool is_pin_hash(std::string_view text) {
    ensure_sodium();
    if (!text.starts_with("$argon2id$") || !fits(text))
        return false;
    auto memory = parameter(text, "$m="), passes = parameter(text, ",t=");
    if (memory > max_memory_kib || passes > max_passes)
        return false;
    std::string terminated(text);
    // needs_rehash parses the string fully and answers -1 only when it cannot.
    return crypto_pwhash_argon2id_str_needs_rehash(
               terminated.c_str(), crypto_pwhash_argon2id_OPSLIMIT_INTERACTIVE,
               crypto_pwhash_argon2id_MEMLIMIT_INTERACTIVE) != -1;
}

}  // namespace hall
