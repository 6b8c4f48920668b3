// Staff PIN hashing: argon2id through libsodium, and hashes made by other argon2 tools.
#include <catch2/catch.hpp>

#include <thread>
#include <vector>

#include "pin_hash.hpp"

using namespace hall;

namespace {
// echo -n 1234 | argon2 somesalt1234 -id -t 2 -m 16 -p 1 -e   (Debian's argon2 package)
constexpr const char* cli_hash_of_1234 =
    "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQxMjM0$KYQIPflGW83A/15iF+7n46RDpVsWrsSreZdcbpcc5hs";
}  // namespace

TEST_CASE("a hashed PIN verifies and a wrong one does not") {
    auto hash = hash_pin("2468");
    CHECK(hash.starts_with("$argon2id$"));
    CHECK(is_pin_hash(hash));
    CHECK(verify_pin(hash, "2468"));
    CHECK_FALSE(verify_pin(hash, "2469"));
    CHECK_FALSE(verify_pin(hash, ""));
}

TEST_CASE("hashing the same PIN twice gives different hashes") {
    CHECK(hash_pin("1234") != hash_pin("1234"));
}

TEST_CASE("a hash made by the argon2 command-line tool verifies") {
    CHECK(is_pin_hash(cli_hash_of_1234));
    CHECK(verify_pin(cli_hash_of_1234, "1234"));
    CHECK_FALSE(verify_pin(cli_hash_of_1234, "4321"));
}

TEST_CASE("only argon2id hashes libsodium can parse count as PIN hashes") {
    std::string good = cli_hash_of_1234;
    CHECK_FALSE(is_pin_hash(""));
    CHECK_FALSE(is_pin_hash("1234"));
    CHECK_FALSE(is_pin_hash("$argon2id$"));
    CHECK_FALSE(is_pin_hash(good.substr(0, 40)));
    // The same hash as argon2i (echo -n 1234 | argon2 somesalt1234 -i -t 2 -m 16 -p 1 -e).
    CHECK_FALSE(
        is_pin_hash("$argon2i$v=19$m=65536,t=2,p=1$c29tZXNhbHQxMjM0$"
                    "EujF6zC6oavAXpOafC6eKcCKlzKvLYaHIk2prcxf5/w"));
    CHECK_FALSE(is_pin_hash("$2b$12$abcdefghijklmnopqrstuu5G2Hh9gpYlH4DlVqb0V8hPzYxAqmzaO"));
    CHECK_FALSE(is_pin_hash(good + std::string(200, 'A')));
}

TEST_CASE("a hash asking for more memory than a login may spend is refused") {
    // 4 GiB per verification would let one catalog line exhaust the server.
    std::string greedy = cli_hash_of_1234;
    greedy.replace(greedy.find("m=65536"), 7, "m=4194304");
    CHECK_FALSE(is_pin_hash(greedy));
    CHECK_FALSE(verify_pin(greedy, "1234"));
    std::string overflowing = cli_hash_of_1234;
    overflowing.replace(overflowing.find("m=65536"), 7, "m=99999999999999999999999");
    CHECK_FALSE(is_pin_hash(overflowing));
}

TEST_CASE("a malformed hash is a mismatch, not an exception") {
    CHECK_NOTHROW(verify_pin("garbage", "1234"));
    CHECK_FALSE(verify_pin("garbage", "1234"));
    CHECK_FALSE(verify_pin(std::string("$argon2id$\0x", 12), "1234"));
}

TEST_CASE("PINs may be hashed from several threads at once") {
    std::vector<std::string> hashes(4);
    {
        std::vector<std::jthread> threads;
        for (std::size_t i = 0; i < hashes.size(); ++i) {
            threads.emplace_back([&hashes, i] { hashes[i] = hash_pin(std::to_string(1000 + i)); });
        }
    }
    for (std::size_t i = 0; i < hashes.size(); ++i) {
        CHECK(verify_pin(hashes[i], std::to_string(1000 + i)));
    }
}
