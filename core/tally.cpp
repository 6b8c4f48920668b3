// The tally rule applied to an event in memory, as the store and the shipper use it.
#include "tally.hpp"

#include "tally_rules.hpp"

namespace hall {

namespace {
// An event's data as count_event reads it, from the nlohmann-json object the event carries.
struct JsonData {
    const nlohmann::json& json;

    const nlohmann::json* field(const char* name) const {
        if (!json.is_object())
            return nullptr;
        auto it = json.find(name);
        return it == json.end() ? nullptr : &*it;
    }
    std::optional<std::string_view> text(const char* name) const {
        if (auto f = field(name))
            return std::string_view(f->get_ref<const std::string&>());
        return std::nullopt;
    }
    std::optional<std::int64_t> integer(const char* name) const {
        if (auto f = field(name))
            return f->get<std::int64_t>();
        return std::nullopt;
    }
    std::optional<bool> boolean(const char* name) const {
        if (auto f = field(name))
            return f->get<bool>();
        return std::nullopt;
    }
};
}  // namespace

std::vector<TallyDelta> tally_deltas(const Event& e) {
    std::vector<TallyDelta> out;
    count_event({e.type, e.queue, e.window, e.staff}, JsonData{e.data},
                [&](TallyDimension dimension, std::string_view key, TallyMetric metric,
                    std::int64_t value) {
                    out.push_back({std::string(to_string(dimension)), std::string(key),
                                   std::string(to_string(metric)), value});
                });
    return out;
}

void add_to(TallyTable& table, const Event& event) {
    for (auto& delta : tally_deltas(event))
        table[{event.day, delta.dimension, delta.key, delta.metric}] += delta.value;
}

}  // namespace hall
