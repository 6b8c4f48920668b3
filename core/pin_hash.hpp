// Staff PINs at rest: argon2id hashes in libsodium's crypto_pwhash_str format.
#pragma once

#include <string>
#include <string_view>

namespace hall {

// Hashes a PIN with argon2id at libsodium's interactive limits (64 MiB, 2 passes, ~0.1 s): a
// 4-8 digit PIN has few values, so each guess must cost. Thread-safe; throws std::runtime_error
// if libsodium cannot initialise or runs out of memory.
std::string hash_pin(std::string_view pin);

// The same at libsodium's least cost (8 KiB, 1 pass): only for simulated halls, whose staff log
// in a hundred times a simulated day; never for a real hall's staff.
std::string hash_pin_for_simulation(std::string_view pin);

// True if pin matches hash. A malformed hash is a mismatch, never an exception.
bool verify_pin(std::string_view hash, std::string_view pin);

// True for an "$argon2id$..." string libsodium can parse (for instance one made by the argon2
// command-line tool), so that a catalog may carry hashes instead of PINs. Hashes asking for more
// than 256 MiB or 8 passes are refused: every login pays that cost again.
bool is_pin_hash(std::string_view text);

}  // namespace hall
