// Turns a device's WebSocket message into a request object, or into the refusal that answers it.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace hall::server {

// True if the bytes are valid UTF-8 (no overlongs, no surrogates, at most U+10FFFF).
bool is_valid_utf8(std::string_view text);

// The text as a JSON object, or nullopt if it is not one: a message or a REST body. A zero byte
// anywhere is refused before parsing: JSON has none outside escapes, and the parser would take
// it for the end of the text and carry out what came before it.
std::optional<nlohmann::json> parse_json_object(std::string_view text);

struct DecodedMessage {
    nlohmann::json id;       // the request's id (an integer or a string); null if it has none
    nlohmann::json request;  // the message's JSON object, when it was decoded
    std::string error;       // invalid_utf8, bad_json or bad_request; empty when decoded
    std::string message;     // with an error: what is wrong, for people
    bool ok() const { return error.empty(); }
};

// The checks every message passes before it is a request (docs/protocol.md): valid UTF-8, a JSON
// object, an `id` that is an integer or a string. Pure: no I/O, no state, any bytes in.
DecodedMessage decode_message(std::string_view text);

}  // namespace hall::server
