// The widget tree of the screens: labels, buttons, panels. A widget is placed by layout, draws
// without changing anything, and says whether it consumed an input.
#pragma once

#include <SDL.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "layout.hpp"
#include "text_cache.hpp"

namespace kiosk {

namespace theme {
inline constexpr Color background{244, 246, 250, 255};
inline constexpr Color ink{25, 32, 45, 255};
inline constexpr Color muted{100, 110, 125, 255};
inline constexpr Color white{255, 255, 255, 255};
inline constexpr Color primary{176, 30, 35, 255};  // the hall's red
inline constexpr Color primary_dark{130, 20, 24, 255};
inline constexpr Color accent{20, 96, 170, 255};
inline constexpr Color green{24, 128, 72, 255};
inline constexpr Color amber{214, 140, 0, 255};
inline constexpr Color panel{255, 255, 255, 255};
inline constexpr Color line{210, 215, 224, 255};
inline constexpr Color disabled{190, 195, 205, 255};
inline constexpr Color board_bg{8, 18, 40, 255};
inline constexpr Color board_panel{20, 36, 70, 255};
inline constexpr Color board_text{235, 240, 250, 255};
inline constexpr Color board_hot{255, 210, 60, 255};
}  // namespace theme

enum class Align { left, center, right };

// Touch and mouse become these at one boundary (the App), so widgets never see SDL events.
struct Input {
    enum class Kind { tap, swipe, key, text };
    Kind kind = Kind::tap;
    int x = 0, y = 0;    // tap position, or swipe start
    int dx = 0, dy = 0;  // swipe travel
    SDL_Keycode key = 0;
    std::string text;
};

// Drawing primitives over the renderer and the text cache. Used only inside draw().
class Painter {
  public:
    Painter(SDL_Renderer* renderer, TextCache& text) : renderer_(renderer), text_(text) {}
    void fill(const Rect& r, Color c) const;
    void frame(const Rect& r, Color c, int thickness = 2) const;
    // One line of text inside r, vertically centred.
    void text(const Rect& r, std::string_view s, const TextStyle& style,
              Align align = Align::left) const;
    void texture(SDL_Texture* t, const Rect& r) const;
    SDL_Renderer* renderer() const { return renderer_; }
    TextCache& text_cache() const { return text_; }

  private:
    SDL_Renderer* renderer_;
    TextCache& text_;
};

class Widget {
  public:
    explicit Widget(Rect rect) : rect_(rect) {}
    virtual ~Widget() = default;
    Widget(const Widget&) = delete;
    Widget& operator=(const Widget&) = delete;

    virtual void draw(const Painter& painter) const = 0;
    // True when the widget used the input; the screen then stops offering it to others.
    virtual bool input(const Input&) { return false; }
    const Rect& rect() const { return rect_; }

  protected:
    Rect rect_;
};

class Label : public Widget {
  public:
    Label(Rect rect, std::string text, TextStyle style, Align align = Align::left)
        : Widget(rect), text_(std::move(text)), style_(style), align_(align) {}
    void draw(const Painter& painter) const override;
    const std::string& text() const { return text_; }

  private:
    std::string text_;
    TextStyle style_;
    Align align_;
};

// Several lines, wrapped at layout time so that draw() only blits.
class Paragraph : public Widget {
  public:
    Paragraph(Rect rect, std::vector<std::string> lines, TextStyle style, int line_height)
        : Widget(rect), lines_(std::move(lines)), style_(style), line_height_(line_height) {}
    void draw(const Painter& painter) const override;

  private:
    std::vector<std::string> lines_;
    TextStyle style_;
    int line_height_;
};

class Panel : public Widget {
  public:
    Panel(Rect rect, Color fill, Color border = {0, 0, 0, 0})
        : Widget(rect), fill_(fill), border_(border) {}
    void draw(const Painter& painter) const override;

  private:
    Color fill_;
    Color border_;
};

// Text set in a box of at most `max_lines` lines, `line_height(size)` apart: tile titles.
struct TextBox {
    int width = 0;
    int height = 0;  // 0: as tall as the lines need
    int max_lines = 1;
};
inline int line_height(int size) {
    return size * 5 / 4;
}

struct SetText {
    int size = 0;
    std::vector<std::string> lines;
    bool whole = true;  // false: it did not fit, and the last line ends in "…"
    // false: in two lines broken between two characters, though a word's edge was there
    bool at_edge = true;
};

// The text at this size, wrapped into the box (never one character alone on the last line).
SetText set_text(TextCache& cache, std::string_view text, int size, bool bold, const TextBox& box);

// One size for texts shown side by side, such as the tiles of a screen, so that short names are
// not huge beside small long ones: the largest from `largest` down to `smallest`, in steps of 2,
// at which every text fits the box whole; `smallest` when some text does not fit even then. Up to
// a sixth smaller than that where every text in two lines then breaks at a word's edge.
int shared_text_size(TextCache& cache, const std::vector<std::string>& texts, bool bold,
                     const TextBox& box, int largest, int smallest);

class Button : public Widget {
  public:
    struct Look {
        Color fill = theme::primary;
        Color text = theme::white;
        int text_size = 36;
        bool bold = true;
        // A longer title wraps onto up to this many lines before it shrinks (to 2/3 at most)
        // and is cut; with one line it only shrinks and is cut.
        int lines = 1;
        // The subtitle's size; 0: 6/10 of the title's, at least 14.
        int subtitle_size = 0;
    };
    Button(Rect rect, std::string title, std::function<void()> on_tap, Look look)
        : Widget(rect), title_(std::move(title)), on_tap_(std::move(on_tap)), look_(look) {}
    // A second, smaller line under the title (a zone's prefix, an item's code).
    Button& subtitle(std::string text) {
        subtitle_ = std::move(text);
        return *this;
    }
    Button& enabled(bool on) {
        enabled_ = on;
        return *this;
    }
    void draw(const Painter& painter) const override;
    bool input(const Input& input) override;
    const std::string& title() const { return title_; }
    bool is_enabled() const { return enabled_; }
    // The box the title of a button of this size and look gets: screens pass it to
    // shared_text_size() for one size across their tiles.
    static TextBox title_box(const Rect& rect, const Look& look, bool with_subtitle);

  private:
    std::string title_;
    std::string subtitle_;
    std::function<void()> on_tap_;
    Look look_;
    bool enabled_ = true;
};

class Image : public Widget {
  public:
    Image(Rect rect, SDL_Texture* texture) : Widget(rect), texture_(texture) {}
    void draw(const Painter& painter) const override { painter.texture(texture_, rect_); }

  private:
    SDL_Texture* texture_;  // owned by the screen
};

// A screen's widgets, drawn in order and offered input from the top down.
class WidgetList {
  public:
    template <typename W, typename... Args>
    W& add(Args&&... args) {
        auto widget = std::make_unique<W>(std::forward<Args>(args)...);
        W& ref = *widget;
        widgets_.push_back(std::move(widget));
        return ref;
    }
    void clear() {
        widgets_.clear();
        header_height_ = 0;
    }
    // The height of the bar across the top of the screen (its title and clock), for what is
    // drawn over it (the offline banner); 0 without one.
    void set_header_height(int height) { header_height_ = height; }
    int header_height() const { return header_height_; }
    void draw(const Painter& painter) const;
    bool input(const Input& input);
    std::size_t size() const { return widgets_.size(); }
    // The last-added button with this title, for tests that tap by label.
    const Button* find(std::string_view title) const;
    // Whether a one-line label says exactly this, for tests.
    bool has_label(std::string_view text) const;
    // What the one-line labels say, in the order they were added, for tests.
    std::vector<std::string> label_texts() const;

  private:
    std::vector<std::unique_ptr<Widget>> widgets_;
    int header_height_ = 0;
};

// Looks for common buttons, so that screens stay consistent.
Button::Look primary_look(int text_size = 36);
Button::Look secondary_look(int text_size = 32);
Button::Look tile_look(Color fill, int text_size = 40);
// The look of a screen's tiles (or list rows) of this size: titles wrap onto up to `lines` lines,
// at one size for all of them, the largest from look.text_size down to `smallest` at which every
// title fits.
Button::Look shared_look(TextCache& cache, Button::Look look,
                         const std::vector<std::string>& titles, const Rect& cell,
                         bool with_subtitle, int smallest, int lines = 2);

}  // namespace kiosk
