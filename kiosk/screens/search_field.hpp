// The search line of the counter's long lists (items handled, transfer targets, packages): a
// query typed on an on-screen keypad of the list's code characters, or on a keyboard (names,
// through the input method), matched against each entry's codes and names.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "screen.hpp"

namespace kiosk {

class SearchField {
  public:
    // `keys`: the keypad's characters, e.g. "D0123456789-" for item codes; a ← key is added.
    explicit SearchField(std::string keys) : keys_(std::move(keys)) {}

    // The search line on the left of `area`, the keypad on its right. `changed` runs after a
    // key changed the query (the screen filters its list and lays out again).
    void add_to(WidgetList& widgets, const Strings& text, Rect area, int unit,
                std::function<void()> changed);
    // Typed text and Backspace from a keyboard; true if the input was used (then `changed` ran).
    bool input(const Input& input);

    // True when the query is empty or found in one of the texts, ignoring ASCII case.
    bool matches(std::initializer_list<std::string_view> texts) const;
    const std::string& query() const { return query_; }

  private:
    void type(const std::string& key);
    void erase_last();

    std::string keys_;
    std::string query_;
    std::function<void()> changed_;
};

}  // namespace kiosk
