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
    simdjson::dom::element root;
    simdjson::dom::object object;
};

EventDataDecoder::EventDataDecoder() : state_(std::make_unique<State>()) {}
EventDataDecoder::~EventDataDecoder() = default;

void EventDataDecoder::decode(std::string_view json) {
    auto& s = *state_;
    if (s.padded.size() < json.size() + simdjson::SIMDJSON_PADDING)
        s.padded.resize(json.size() + simdjson::SIMDJSON_PADDING);
    std::copy(json.begin(), json.end(), s.padded.begin());
    auto error = s.parser.parse(s.padded.data(), json.size(), false).get(s.root);
    if (!error)
        error = s.root.get_object().get(s.object);
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

namespace {
nlohmann::json tree_of(simdjson::dom::element element) {
    switch (element.type()) {
        case simdjson::dom::element_type::OBJECT: {
            auto tree = nlohmann::json::object();
            for (auto field : simdjson::dom::object(element))
                tree.emplace(std::string(field.key), tree_of(field.value));
            return tree;
        }
        case simdjson::dom::element_type::ARRAY: {
            auto tree = nlohmann::json::array();
            for (auto value : simdjson::dom::array(element))
                tree.push_back(tree_of(value));
            return tree;
        }
        case simdjson::dom::element_type::STRING:
            return std::string(std::string_view(element));
        case simdjson::dom::element_type::INT64: {
            const auto value = std::int64_t(element);
            if (value >= 0)
                return static_cast<std::uint64_t>(value);
            return value;
        }
        case simdjson::dom::element_type::UINT64:
            return std::uint64_t(element);
        case simdjson::dom::element_type::DOUBLE:
            return double(element);
        case simdjson::dom::element_type::BOOL:
            return bool(element);
        case simdjson::dom::element_type::NULL_VALUE:
            return nullptr;
    }
    return nullptr;
}
}  // namespace

nlohmann::json EventDataDecoder::tree() const {
    return tree_of(state_->root);
}

}  // namespace hall
