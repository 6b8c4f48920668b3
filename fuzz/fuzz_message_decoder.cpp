// libFuzzer: any bytes as a device's WebSocket message; decoding never fails other than by its
// documented refusals, and what it accepts is a request object with a usable id.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "message_decoder.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    auto decoded = hall::server::decode_message(text);
    if (!decoded.ok()) {
        if (decoded.error != "invalid_utf8" && decoded.error != "bad_json" &&
            decoded.error != "bad_request")
            std::abort();
        if (decoded.message.empty() || !decoded.id.is_null())
            std::abort();
        return 0;
    }
    if (!hall::server::is_valid_utf8(text) || !decoded.request.is_object())
        std::abort();
    if (!decoded.id.is_number_integer() && !decoded.id.is_string())
        std::abort();
    // What was accepted writes back out and reads in again as the same request.
    auto again = nlohmann::json::parse(decoded.request.dump(), nullptr, false);
    if (again != decoded.request)
        std::abort();
    return 0;
}
