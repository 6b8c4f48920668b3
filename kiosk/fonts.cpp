// fontconfig lookup of a Simplified Chinese face and SDL_ttf fonts opened from it.
#include "fonts.hpp"

#include <SDL_ttf.h>
#include <fontconfig/fontconfig.h>

#include <vector>

namespace kiosk {

namespace {

struct Candidate {
    FontFace face;
    std::string style;
    bool mono = false;
};

std::vector<Candidate> list_zh_fonts() {
    std::vector<Candidate> out;
    if (!FcInit())
        return out;
    FcPattern* pattern = FcPatternCreate();
    // Plain fc-match falls back silently to a font without Chinese glyphs; asking for the
    // language keeps only faces that really cover Simplified Chinese.
    FcLangSet* langs = FcLangSetCreate();
    FcLangSetAdd(langs, reinterpret_cast<const FcChar8*>("zh-cn"));
    FcPatternAddLangSet(pattern, FC_LANG, langs);
    FcObjectSet* objects = FcObjectSetBuild(FC_FILE, FC_INDEX, FC_FAMILY, FC_STYLE, FC_SPACING,
                                            static_cast<char*>(nullptr));
    FcFontSet* set = FcFontList(nullptr, pattern, objects);
    if (set) {
        for (int i = 0; i < set->nfont; ++i) {
            FcChar8* file = nullptr;
            FcChar8* family = nullptr;
            FcChar8* style = nullptr;
            int index = 0;
            int spacing = 0;
            if (FcPatternGetString(set->fonts[i], FC_FILE, 0, &file) != FcResultMatch)
                continue;
            FcPatternGetInteger(set->fonts[i], FC_INDEX, 0, &index);
            FcPatternGetString(set->fonts[i], FC_FAMILY, 0, &family);
            FcPatternGetString(set->fonts[i], FC_STYLE, 0, &style);
            Candidate c;
            c.face.file = reinterpret_cast<const char*>(file);
            c.face.index = index;
            c.face.family = family ? reinterpret_cast<const char*>(family) : "";
            c.style = style ? reinterpret_cast<const char*>(style) : "";
            c.mono = FcPatternGetInteger(set->fonts[i], FC_SPACING, 0, &spacing) == FcResultMatch &&
                     spacing == FC_MONO;
            out.push_back(std::move(c));
        }
        FcFontSetDestroy(set);
    }
    FcObjectSetDestroy(objects);
    FcLangSetDestroy(langs);
    FcPatternDestroy(pattern);
    return out;
}

std::optional<FontFace> pick(const std::vector<Candidate>& fonts, const std::string& family,
                             const std::string& style) {
    for (const auto& c : fonts)
        if (!c.mono && c.face.family == family && c.style == style)
            return c.face;
    return std::nullopt;
}

}  // namespace

std::optional<FontChoice> find_chinese_fonts() {
    auto fonts = list_zh_fonts();
    if (fonts.empty())
        return std::nullopt;
    for (const char* family : {"Noto Sans CJK SC", "WenQuanYi Micro Hei"}) {
        auto regular = pick(fonts, family, "Regular");
        if (!regular)
            continue;
        auto bold = pick(fonts, family, "Bold");
        return FontChoice{*regular, bold.value_or(*regular)};
    }
    for (const auto& c : fonts)
        if (!c.mono)
            return FontChoice{c.face, c.face};
    return FontChoice{fonts.front().face, fonts.front().face};
}

std::string fonts_missing_message() {
    return "kiosk: no Simplified Chinese font found through fontconfig (lang=zh-cn). Install "
           "one: apt-get install fonts-noto-cjk (or the smaller fonts-wqy-microhei)";
}

Fonts::~Fonts() {
    for (auto& [key, font] : open_)
        if (font)
            TTF_CloseFont(font);
}

TTF_Font* Fonts::get(int pixel_size, bool bold) {
    auto key = std::pair(pixel_size, bold);
    if (auto found = open_.find(key); found != open_.end())
        return found->second;
    const FontFace& face = bold ? choice_.bold : choice_.regular;
    TTF_Font* font = TTF_OpenFontIndex(face.file.c_str(), pixel_size, face.index);
    open_[key] = font;
    return font;
}

}  // namespace kiosk
