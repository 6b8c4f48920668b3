// Tile titles: one size for a screen's tiles, two lines broken where a reader would, never cut
// while they fit. Measured with the real Chinese font on a software renderer.
#include <SDL.h>
#include <SDL_ttf.h>
#include <catch2/catch.hpp>

#include <memory>
#include <string>
#include <vector>

#include "fonts.hpp"
#include "text_cache.hpp"
#include "widgets.hpp"

using namespace kiosk;

namespace {

// A text cache over a software renderer drawing into memory: no window, no display.
struct Measuring {
    Measuring() {
        REQUIRE(TTF_Init() == 0);
        auto choice = find_chinese_fonts();
        REQUIRE(choice);
        surface = SDL_CreateRGBSurfaceWithFormat(0, 64, 64, 32, SDL_PIXELFORMAT_ARGB8888);
        REQUIRE(surface);
        renderer = SDL_CreateSoftwareRenderer(surface);
        REQUIRE(renderer);
        fonts = std::make_unique<Fonts>(*choice);
        cache = std::make_unique<TextCache>(renderer, *fonts);
    }
    ~Measuring() {
        cache.reset();
        fonts.reset();
        SDL_DestroyRenderer(renderer);
        SDL_FreeSurface(surface);
        TTF_Quit();
    }
    SDL_Surface* surface = nullptr;
    SDL_Renderer* renderer = nullptr;
    std::unique_ptr<Fonts> fonts;
    std::unique_ptr<TextCache> cache;
};

// The demo hall's zones, as on the ticket kiosk's home.
const std::vector<std::string> zones = {
    "社会民生服务专区",  "商事服务专区",     "建设项目审批服务专区", "税务办税区",
    "社保医保服务区",    "不动产交易登记区", "公安服务专区",         "公共资源与公用事业服务区",
    "综合受理与代办专区"};

}  // namespace

TEST_CASE(
    "every zone tile shares the largest size at which each name fits in two lines, "
    "broken at a word's edge") {
    Measuring m;
    Rect tile{0, 0, 311, 438};  // a tile of the portrait home screen
    Button::Look look = shared_look(*m.cache, tile_look(theme::primary, 60), zones, tile, true, 30);
    CHECK(look.lines == 2);
    CHECK(look.text_size < 60);
    CHECK(look.text_size >= 30);
    TextBox box = Button::title_box(tile, look, true);
    for (const auto& name : zones) {
        INFO(name);
        SetText set = set_text(*m.cache, name, look.text_size, true, box);
        CHECK(set.whole);
        CHECK(set.lines.size() <= 2);
        std::string joined;
        for (const auto& line : set.lines) {
            CHECK(m.cache->measure(line, look.text_size, true).w <= box.width);
            joined += line;
        }
        CHECK(joined == name);  // nothing cut, nothing added
        CHECK(set.at_edge);
    }
    CHECK(set_text(*m.cache, "公共资源与公用事业服务区", look.text_size, true, box).lines ==
          std::vector<std::string>{"公共资源与", "公用事业服务区"});
    // Two steps larger, some name would not fit whole, or not at its edge: the size is the
    // largest that does.
    bool all_at_edges = true;
    for (const auto& name : zones) {
        const auto larger = set_text(*m.cache, name, look.text_size + 2, true, box);
        all_at_edges = all_at_edges && larger.whole && larger.at_edge;
    }
    CHECK_FALSE(all_at_edges);
}

TEST_CASE("a title in two lines breaks at a word's edge, or else evenly") {
    Measuring m;
    int size = 40;
    auto width_of = [&](const char* s) { return m.cache->measure(s, size, true).w; };
    TextBox box{width_of("建设项目审批"), 0, 2};
    CHECK(set_text(*m.cache, "建设项目审批服务专区", size, true, box).lines ==
          std::vector<std::string>{"建设项目审批", "服务专区"});
    box.width = width_of("公用事业服务区");
    CHECK(set_text(*m.cache, "公共资源与公用事业服务区", size, true, box).lines ==
          std::vector<std::string>{"公共资源与", "公用事业服务区"});
    // No edge: two halves, the longer one first.
    box.width = width_of("甲乙丙丁戊");
    CHECK(set_text(*m.cache, "甲乙丙丁戊己庚辛壬", size, true, box).lines ==
          std::vector<std::string>{"甲乙丙丁戊", "己庚辛壬"});
    // What fits on one line stays on one.
    CHECK(set_text(*m.cache, "税务办税区", size, true, box).lines.size() == 1);
}

TEST_CASE("a title too long for its lines is cut on the last one, and says so") {
    Measuring m;
    int size = 40;
    TextBox box{m.cache->measure("甲乙丙丁", size, true).w, 0, 2};
    SetText set = set_text(*m.cache, "甲乙丙丁戊己庚辛壬癸子丑", size, true, box);
    CHECK_FALSE(set.whole);
    REQUIRE(set.lines.size() == 2);
    CHECK(set.lines[0] == "甲乙丙丁");
    CHECK(set.lines[1].ends_with("…"));
    // A box too short for two lines holds one.
    box.height = line_height(size) * 3 / 2;
    CHECK(set_text(*m.cache, "甲乙丙丁戊己", size, true, box).lines.size() == 1);
}
