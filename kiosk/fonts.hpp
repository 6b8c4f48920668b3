// The Simplified Chinese font, found through fontconfig and opened at the sizes screens ask for.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>

typedef struct _TTF_Font TTF_Font;

namespace kiosk {

struct FontFace {
    std::string file;
    int index = 0;  // face inside a .ttc: Noto Sans CJK SC is 2 (0 is Japanese)
    std::string family;
};

struct FontChoice {
    FontFace regular;
    FontFace bold;  // the regular face again when no bold one is installed
};

// Asks fontconfig for fonts covering lang=zh-cn: Noto Sans CJK SC first, then WenQuanYi Micro
// Hei, then any. nullopt when none is installed; fonts_missing_message() says what to install.
std::optional<FontChoice> find_chinese_fonts();
std::string fonts_missing_message();

// Opened fonts by pixel size, owned here and closed in the destructor. SDL thread only.
class Fonts {
  public:
    explicit Fonts(FontChoice choice) : choice_(std::move(choice)) {}
    ~Fonts();
    Fonts(const Fonts&) = delete;
    Fonts& operator=(const Fonts&) = delete;

    // nullptr when the file cannot be opened at that size.
    TTF_Font* get(int pixel_size, bool bold);
    const FontChoice& choice() const { return choice_; }

  private:
    FontChoice choice_;
    std::map<std::pair<int, bool>, TTF_Font*> open_;
};

}  // namespace kiosk
