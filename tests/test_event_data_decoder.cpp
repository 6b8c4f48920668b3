// The decoder that reads events' data back from the log: a restart replays the last day through
// its tree, so the tree must be exactly what nlohmann-json's own parse gives, and the fields
// verify reads must keep their types.
#include <catch2/catch.hpp>

#include <stdexcept>
#include <string>

#include "event_data_decoder.hpp"

using hall::EventDataDecoder;

TEST_CASE("the decoder's tree is the one nlohmann-json parses, value for value and type for type") {
    const std::string texts[] = {
        R"({})",
        R"({"number":"A001","n":1,"zone":"Z1","priority":"elderly","channel":"kiosk"})",
        R"({"first":true,"wait_ms":0,"within_target":false,"to_window":12})",
        R"({"items":["I1","I2"],"package":null,"service_ms":-5,"big":18446744073709551615})",
        R"({"text":"系统升级，下午暂停取号\n\"引号\"","nested":{"a":[1,[2,{"b":2.5}]]}})",
    };
    EventDataDecoder decoder;
    for (const auto& text : texts) {
        decoder.decode(text);
        const auto tree = decoder.tree();
        const auto parsed = nlohmann::json::parse(text);
        CHECK(tree == parsed);
        CHECK(tree.dump() == parsed.dump());
    }
    decoder.decode(R"({"n":7,"service_ms":-5})");
    CHECK(decoder.tree()["n"].is_number_unsigned());  // as nlohmann-json reads it
    CHECK(decoder.tree()["service_ms"].is_number_integer());
    CHECK(decoder.tree()["service_ms"].get<long>() == -5);
}

TEST_CASE("the decoder refuses data that is not a JSON object") {
    EventDataDecoder decoder;
    CHECK_THROWS_AS(decoder.decode("[1,2]"), std::runtime_error);
    CHECK_THROWS_AS(decoder.decode("{\"a\":"), std::runtime_error);
}
