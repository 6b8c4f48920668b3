// The counter lists' search line and keypad.
#include "search_field.hpp"

#include <algorithm>
#include <cctype>

namespace kiosk {

namespace {

std::string ascii_upper(std::string_view text) {
    std::string out(text);
    for (char& c : out)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

}  // namespace

void SearchField::add_to(WidgetList& widgets, const Strings& text, Rect area, int unit,
                         std::function<void()> changed) {
    changed_ = std::move(changed);
    std::size_t count = keys_.size() + 1;
    Rect keys = take_right(area, std::min(area.w * 55 / 100, static_cast<int>(count) * unit / 9));
    widgets.add<Panel>(area, theme::panel, theme::accent);
    widgets.add<Label>(
        area.inset(unit / 80), query_.empty() ? std::string(text.search) + "…" : query_,
        TextStyle{unit / 22, !query_.empty(), query_.empty() ? theme::muted : theme::ink});
    auto cells = columns(keys, static_cast<int>(count), 2);
    for (std::size_t i = 0; i < count; ++i) {
        std::string key = i < keys_.size() ? std::string(1, keys_[i]) : std::string("←");
        widgets.add<Button>(
            cells[i], key, [this, key] { type(key); }, secondary_look(unit / 26));
    }
}

bool SearchField::input(const Input& input) {
    if (input.kind == Input::Kind::text) {
        query_ += input.text;
        if (changed_)
            changed_();
        return true;
    }
    if (input.kind == Input::Kind::key && input.key == SDLK_BACKSPACE) {
        erase_last();
        return true;
    }
    return false;
}

bool SearchField::matches(std::initializer_list<std::string_view> texts) const {
    if (query_.empty())
        return true;
    std::string wanted = ascii_upper(query_);
    return std::any_of(texts.begin(), texts.end(), [&](std::string_view text) {
        return ascii_upper(text).find(wanted) != std::string::npos;
    });
}

void SearchField::type(const std::string& key) {
    if (key == "←") {
        erase_last();
        return;
    }
    query_ += key;
    if (changed_)
        changed_();
}

void SearchField::erase_last() {
    if (query_.empty())
        return;
    // One UTF-8 character, not one byte.
    std::size_t at = query_.size() - 1;
    while (at > 0 && (static_cast<unsigned char>(query_[at]) & 0xC0) == 0x80)
        --at;
    query_.erase(at);
    if (changed_)
        changed_();
}

}  // namespace kiosk
