// Text textures rendered with SDL_ttf and kept in an LRU cache.
#include "text_cache.hpp"

#include <SDL_ttf.h>

namespace kiosk {

namespace {

// Wrapping measures every prefix of a paragraph, so this holds a few screens' worth.
constexpr std::size_t measured_capacity = 8192;

// Byte length of the UTF-8 sequence starting with this byte.
std::size_t utf8_length(unsigned char lead) {
    if (lead < 0x80)
        return 1;
    if ((lead >> 5) == 0x6)
        return 2;
    if ((lead >> 4) == 0xe)
        return 3;
    if ((lead >> 3) == 0x1e)
        return 4;
    return 1;
}

}  // namespace

std::vector<std::string> characters(std::string_view text) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < text.size();) {
        std::size_t n = std::min(utf8_length(static_cast<unsigned char>(text[i])), text.size() - i);
        out.emplace_back(text.substr(i, n));
        i += n;
    }
    return out;
}

TextCache::~TextCache() {
    for (auto& entry : entries_)
        if (entry.value.texture)
            SDL_DestroyTexture(entry.value.texture);
}

const TextTexture& TextCache::get(std::string_view text, const TextStyle& style) {
    std::string key = std::to_string(style.size) + (style.bold ? "b" : "r") +
                      std::to_string(style.color.r) + "," + std::to_string(style.color.g) + "," +
                      std::to_string(style.color.b) + "," + std::to_string(style.color.a) + "|";
    key += text;
    if (auto found = index_.find(key); found != index_.end()) {
        entries_.splice(entries_.begin(), entries_, found->second);
        return found->second->value;
    }
    TextTexture value;
    TTF_Font* font = fonts_.get(style.size, style.bold);
    if (font && !text.empty()) {
        std::string copy(text);
        SDL_Color color{style.color.r, style.color.g, style.color.b, style.color.a};
        if (SDL_Surface* surface = TTF_RenderUTF8_Blended(font, copy.c_str(), color)) {
            value.texture = SDL_CreateTextureFromSurface(renderer_, surface);
            value.w = surface->w;
            value.h = surface->h;
            SDL_FreeSurface(surface);
        }
    }
    entries_.push_front({key, value});
    index_[key] = entries_.begin();
    while (entries_.size() > capacity_) {
        auto& oldest = entries_.back();
        if (oldest.value.texture)
            SDL_DestroyTexture(oldest.value.texture);
        index_.erase(oldest.key);
        entries_.pop_back();
    }
    return entries_.front().value;
}

Size TextCache::measure(std::string_view text, int size, bool bold) {
    std::string key = std::to_string(size) + (bold ? "b|" : "r|");
    key += text;
    if (auto found = measured_index_.find(key); found != measured_index_.end()) {
        measured_.splice(measured_.begin(), measured_, found->second);
        return found->second->value;
    }
    TTF_Font* font = fonts_.get(size, bold);
    Size value{0, font ? TTF_FontHeight(font) : 0};
    if (font && !text.empty()) {
        std::string copy(text);
        int w = 0;
        int h = 0;
        TTF_SizeUTF8(font, copy.c_str(), &w, &h);
        value = {w, h};
    }
    measured_.push_front({key, value});
    measured_index_[std::move(key)] = measured_.begin();
    if (measured_.size() > measured_capacity) {
        measured_index_.erase(measured_.back().key);
        measured_.pop_back();
    }
    return value;
}

std::vector<std::string> TextCache::wrap(std::string_view text, int size, bool bold,
                                         int max_width) {
    std::vector<std::string> lines;
    std::string line;
    for (const auto& c : characters(text)) {
        if (c == "\n") {
            lines.push_back(line);
            line.clear();
            continue;
        }
        std::string candidate = line + c;
        if (!line.empty() && measure(candidate, size, bold).w > max_width) {
            // Break Latin text at the last space; CJK text breaks between any two characters.
            auto space = line.rfind(' ');
            if (c.size() == 1 && c != " " && space != std::string::npos && space > 0) {
                lines.push_back(line.substr(0, space));
                line = line.substr(space + 1) + c;
            } else {
                lines.push_back(line);
                line = c == " " ? "" : c;
            }
        } else {
            line = std::move(candidate);
        }
    }
    if (!line.empty())
        lines.push_back(line);
    return lines;
}

std::string TextCache::fit(std::string_view text, int size, bool bold, int max_width) {
    if (measure(text, size, bold).w <= max_width)
        return std::string(text);
    std::string out;
    for (const auto& c : characters(text)) {
        if (measure(out + c + "…", size, bold).w > max_width)
            break;
        out += c;
    }
    return out + "…";
}

}  // namespace kiosk
