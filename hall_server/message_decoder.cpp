// The checks of a device's message before it becomes a request.
#include "message_decoder.hpp"

#include <cstdint>

namespace hall::server {

bool is_valid_utf8(std::string_view text) {
    const auto* s = reinterpret_cast<const unsigned char*>(text.data());
    std::size_t n = text.size();
    for (std::size_t i = 0; i < n;) {
        unsigned char c = s[i];
        std::size_t length = c < 0x80           ? 1
                             : (c >> 5) == 0x6  ? 2
                             : (c >> 4) == 0xE  ? 3
                             : (c >> 3) == 0x1E ? 4
                                                : 0;
        if (length == 0 || i + length > n)
            return false;
        std::uint32_t code = length == 1 ? c : c & (0x7Fu >> length);
        for (std::size_t k = 1; k < length; ++k) {
            if ((s[i + k] & 0xC0) != 0x80)
                return false;
            code = (code << 6) | (s[i + k] & 0x3F);
        }
        static constexpr std::uint32_t least[] = {0, 0, 0x80, 0x800, 0x10000};
        if (code < least[length] || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF))
            return false;
        i += length;
    }
    return true;
}

std::optional<nlohmann::json> parse_json_object(std::string_view text) {
    if (text.find('\0') != std::string_view::npos)
        return std::nullopt;
    auto parsed = nlohmann::json::parse(text, nullptr, false);
    if (parsed.is_discarded() || !parsed.is_object())
        return std::nullopt;
    return parsed;
}

DecodedMessage decode_message(std::string_view text) {
    DecodedMessage decoded;
    if (!is_valid_utf8(text)) {
        decoded.error = "invalid_utf8";
        decoded.message = "the message is not valid UTF-8";
        return decoded;
    }
    auto message = parse_json_object(text);
    if (!message) {
        decoded.error = "bad_json";
        decoded.message = "the message is not a JSON object";
        return decoded;
    }
    auto id = message->find("id");
    if (id == message->end() || (!id->is_number_integer() && !id->is_string())) {
        decoded.error = "bad_request";
        decoded.message = "the field \"id\" is required: an integer or a string";
        return decoded;
    }
    decoded.id = *id;
    decoded.request = std::move(*message);
    return decoded;
}

}  // namespace hall::server
