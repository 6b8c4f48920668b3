// simdjson's DOM parser over a padded copy of each event's data, both reused.
#include "event_data_decoder.hpp"

#include <simdjson.h>

#include <stdexcept>
#include <string>
#include <vector>

namespace hall {

struct EventDataDecoder::State {
    simdjson::dom::parser parser;
    std::vector<char> padded;  // simdjson reads up to SIMDJSON_PADDING bytes past the end
    simdjson::dom::object object;
};

EventDataDecoder::EventDataDecoder() : state_(std::make_unique<State>()) {}
EventDataDecoder::~EventDataDecoder() = default;

void EventDataDecoder::decode(std::string_view json) {
    auto& s = *state_;
    if (s.padded.size() < json.size() + simdjson::SIMDJSON_PADDING)
        s.padded.resize(json.size() + simdjson::SIMDJSON_PADDING);
    std::copy(json.begin(), json.end(), s.padded.begin());
    simdjson::dom::element root;
    auto error = s.parser.parse(s.padded.data(), json.size(), false).get(root);
    if (!error)
        error = root.get_object().get(s.object);
    if (error)
        throw std::runtime_error(std::string("the event's data is not a JSON object (") +
                                 simdjson::error_message(error) + ")");
}

namespace {
[[noreturn]] void wrong_type(const char* name, const char* type) {
    throw std::runtime_error(std::string("the event's field \"") + name + "\" is not " + type);
}
}  // namespace

std::optional<std::string_view> EventDataDecoder::text(const char* name) const {
    simdjson::dom::element field;
    if (state_->object.at_key(name).get(field))
        return std::nullopt;
    std::string_view value;
    if (field.get_string().get(value))
        wrong_type(name, "text");
    return value;
}

std::optional<std::int64_t> EventDataDecoder::integer(const char* name) const {
    simdjson::dom::element field;
    if (state_->object.at_key(name).get(field))
        return std::nullopt;
    std::int64_t value = 0;
    if (field.get_int64().get(value)) {
        bool flag = false;  // nlohmann-json, which wrote the data, reads true as 1 too
        if (field.get_bool().get(flag))
            wrong_type(name, "an integer");
        value = flag ? 1 : 0;
    }
    return value;
}

std::optional<bool> EventDataDecoder::boolean(const char* name) const {
    simdjson::dom::element field;
    if (state_->object.at_key(name).get(field))
        return std::nullopt;
    bool value = false;
    if (field.get_bool().get(value))
        wrong_type(name, "true or false");
    return value;
}

}  // namespace hall
