// Turns a device's WebSocket message into a request object, or into the refusal that answers it.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace hall::server {

// True if the bytes are valid UTF-8 (no overlongs, no surrogates, at most U+10FFFF).
bool is_valid_utf8(std::string_view text);

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
