// Catalog lookups and the text forms of priorities and calling rules.
#include "catalog.hpp"

#include <charconv>
#include <cmath>

namespace hall {

std::string_view to_string(Priority priority) {
    switch (priority) {
        case Priority::none:
            return "none";
        case Priority::elderly:
            return "elderly";
        case Priority::disabled:
            return "disabled";
        case Priority::military:
            return "military";
        case Priority::appointment:
            return "appointment";
    }
    return "none";
}

std::optional<Priority> parse_priority(std::string_view text) {
    for (auto p : {Priority::none, Priority::elderly, Priority::disabled, Priority::military,
                   Priority::appointment}) {
        if (text == to_string(p))
            return p;
    }
    return std::nullopt;
}

namespace {
std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    return s;
}

bool parse_positive_int(std::string_view s, int& out) {
    s = trim(s);
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc() && ptr == s.data() + s.size() && out > 0 && out <= 1000;
}
}  // namespace

std::optional<CallingRule> parse_calling_rule(std::string_view text, std::string* error) {
    auto refuse = [&](std::string why) -> std::optional<CallingRule> {
        if (error)
            *error = std::move(why);
        return std::nullopt;
    };
    text = trim(text);
    CallingRule rule;
    if (text == "strict") {
        rule.kind = CallingRule::Kind::strict;
        return rule;
    }
    if (text.starts_with("interleave")) {
        auto args = trim(text.substr(10));
        auto colon = args.find(':');
        if (colon == std::string_view::npos ||
            !parse_positive_int(args.substr(0, colon), rule.normal_run) ||
            !parse_positive_int(args.substr(colon + 1), rule.priority_run)) {
            return refuse("interleave needs two positive counts, as in \"interleave 2:1\"");
        }
        rule.kind = CallingRule::Kind::interleave;
        return rule;
    }
    if (text.starts_with("weighted")) {
        auto arg = std::string(trim(text.substr(8)));
        char* end = nullptr;
        double weight = arg.empty() ? 0.0 : std::strtod(arg.c_str(), &end);
        if (arg.empty() || end != arg.c_str() + arg.size() || !std::isfinite(weight) ||
            weight < 1.0 || weight > 100.0) {
            return refuse("weighted needs a weight from 1 to 100, as in \"weighted 2\"");
        }
        rule.kind = CallingRule::Kind::weighted;
        rule.weight = weight;
        return rule;
    }
    return refuse("unknown calling rule \"" + std::string(text) +
                  "\" (use strict, interleave N:M or weighted W)");
}

std::string to_string(const CallingRule& rule) {
    switch (rule.kind) {
        case CallingRule::Kind::strict:
            return "strict";
        case CallingRule::Kind::interleave:
            return "interleave " + std::to_string(rule.normal_run) + ":" +
                   std::to_string(rule.priority_run);
        case CallingRule::Kind::weighted: {
            auto text = std::to_string(rule.weight);
            while (text.back() == '0')
                text.pop_back();
            if (text.back() == '.')
                text.pop_back();
            return "weighted " + text;
        }
    }
    return "strict";
}

void Catalog::index() {
    auto build = [](auto& index, const auto& rows, auto key) {
        index.clear();
        for (std::size_t i = 0; i < rows.size(); ++i)
            index.emplace(key(rows[i]), i);
    };
    build(zone_index_, zones, [](const Zone& z) { return z.code; });
    build(department_index_, departments, [](const Department& d) { return d.code; });
    build(item_index_, items, [](const Item& i) { return i.code; });
    build(queue_index_, queues, [](const Queue& q) { return q.code; });
    build(staff_index_, staff, [](const Staff& s) { return s.id; });
    build(package_index_, packages, [](const Package& p) { return p.code; });
    build(window_index_, windows, [](const Window& w) { return w.number; });
}

namespace {
template <typename Row, typename Index, typename Key>
const Row* find(const std::vector<Row>& rows, const Index& index, const Key& key) {
    auto it = index.find(key);
    return it == index.end() ? nullptr : &rows[it->second];
}
}  // namespace

const Zone* Catalog::zone(std::string_view code) const {
    return find(zones, zone_index_, code);
}
const Department* Catalog::department(std::string_view code) const {
    return find(departments, department_index_, code);
}
const Item* Catalog::item(std::string_view code) const {
    return find(items, item_index_, code);
}
const Queue* Catalog::queue(std::string_view code) const {
    return find(queues, queue_index_, code);
}
const Window* Catalog::window(int number) const {
    return find(windows, window_index_, number);
}
const Staff* Catalog::staff_member(std::string_view id) const {
    return find(staff, staff_index_, id);
}
const Package* Catalog::package(std::string_view code) const {
    return find(packages, package_index_, code);
}

}  // namespace hall
