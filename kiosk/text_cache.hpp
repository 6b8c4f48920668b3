// Rendered text kept as textures: a string is rasterised once and drawn from then on, because
// rendering CJK glyphs every frame is what makes kiosks warm and slow.
#pragma once

#include <SDL.h>

#include <cstdint>
#include <list>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "fonts.hpp"
#include "layout.hpp"

namespace kiosk {

// The text's characters, each the bytes of one UTF-8 sequence.
std::vector<std::string> characters(std::string_view text);

struct Color {
    std::uint8_t r = 0, g = 0, b = 0, a = 255;
    bool operator==(const Color&) const = default;
};

struct TextStyle {
    int size = 32;
    bool bold = false;
    Color color{20, 20, 20, 255};
};

struct TextTexture {
    SDL_Texture* texture = nullptr;  // nullptr for empty text or a font failure
    int w = 0;
    int h = 0;
};

// Owns the textures; a bounded number stays cached, least recently used go first. SDL thread.
class TextCache {
  public:
    TextCache(SDL_Renderer* renderer, Fonts& fonts, std::size_t capacity = 600)
        : renderer_(renderer), fonts_(fonts), capacity_(capacity) {}
    ~TextCache();
    TextCache(const TextCache&) = delete;
    TextCache& operator=(const TextCache&) = delete;

    const TextTexture& get(std::string_view text, const TextStyle& style);
    // Width and height without creating a texture; remembered, because shaping a CJK string
    // again on every frame cost more than drawing it.
    Size measure(std::string_view text, int size, bool bold);
    // Splits text into lines no wider than max_width, breaking between characters (CJK has no
    // spaces) and preferring spaces for Latin text.
    std::vector<std::string> wrap(std::string_view text, int size, bool bold, int max_width);
    // The text cut with "…" so that it fits max_width.
    std::string fit(std::string_view text, int size, bool bold, int max_width);

  private:
    struct Entry {
        std::string key;
        TextTexture value;
    };
    struct Measured {
        std::string key;
        Size value;
    };
    SDL_Renderer* renderer_;
    Fonts& fonts_;
    std::size_t capacity_;
    std::list<Entry> entries_;  // most recent first
    std::unordered_map<std::string, std::list<Entry>::iterator> index_;
    std::list<Measured> measured_;  // most recent first, at most measured_capacity
    std::unordered_map<std::string, std::list<Measured>::iterator> measured_index_;
};

}  // namespace kiosk
