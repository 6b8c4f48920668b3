// The text forms of calling rules and priority classes.
#include <catch2/catch.hpp>

#include "catalog.hpp"

using namespace hall;

TEST_CASE("calling rules parse from their text form and print back the same") {
    for (const char* text :
         {"strict", "interleave 2:1", "interleave 3:2", "weighted 2", "weighted 1.5"}) {
        auto rule = parse_calling_rule(text);
        REQUIRE(rule);
        CHECK(to_string(*rule) == text);
    }
}

TEST_CASE("a malformed calling rule is refused with a reason") {
    for (const char* text : {"", "fifo", "interleave", "interleave 2", "interleave 0:1",
                             "interleave a:b", "weighted", "weighted 0.5", "weighted x"}) {
        std::string why;
        CHECK_FALSE(parse_calling_rule(text, &why));
        CHECK_FALSE(why.empty());
    }
}

TEST_CASE("priority classes round-trip through their names") {
    for (auto p : {Priority::none, Priority::elderly, Priority::disabled, Priority::military,
                   Priority::appointment}) {
        CHECK(parse_priority(to_string(p)) == p);
    }
    CHECK_FALSE(parse_priority("vip"));
}
