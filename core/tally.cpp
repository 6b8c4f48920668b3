// The tally rule applied to an event in memory, as the store and the shipper use it.
#include "tally.hpp"

#include <boost/container_hash/hash.hpp>

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

std::size_t TallyKeyHash::operator()(const TallyKeyView& key) const noexcept {
    const std::hash<std::string_view> hash;
    std::size_t h = hash(std::get<0>(key));
    for (auto part : {std::get<1>(key), std::get<2>(key), std::get<3>(key)})
        boost::hash_combine(h, hash(part));
    return h;
}

std::size_t TallyKeyHash::operator()(const TallyKey& key) const noexcept {
    return (*this)(TallyKeyView(key));
}

void add_to(TallyTable& table, const Event& event) {
    count_event(
        {event.type, event.queue, event.window, event.staff}, JsonData{event.data},
        [&](TallyDimension dimension, std::string_view key, TallyMetric metric,
            std::int64_t value) {
            const TallyKeyView view{event.day, to_string(dimension), key, to_string(metric)};
            auto it = table.find(view);
            if (it == table.end())
                it = table.emplace(TallyKey(view), 0).first;
            it->second += value;
        });
}

}  // namespace hall
