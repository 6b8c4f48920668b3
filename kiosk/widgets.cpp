// Widget drawing and hit testing.
#include "widgets.hpp"

#include <algorithm>

namespace kiosk {

namespace {

// An opaque colour gives the same pixels with or without blending, but the software renderer
// blends every pixel it is asked to: a full-screen background cost most of a frame.
void set_draw_color(SDL_Renderer* renderer, Color c) {
    SDL_SetRenderDrawBlendMode(renderer, c.a == 255 ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND);
    SDL_SetRenderDrawColor(renderer, c.r, c.g, c.b, c.a);
}

}  // namespace

void Painter::fill(const Rect& r, Color c) const {
    set_draw_color(renderer_, c);
    SDL_Rect rect{r.x, r.y, r.w, r.h};
    SDL_RenderFillRect(renderer_, &rect);
}

void Painter::frame(const Rect& r, Color c, int thickness) const {
    set_draw_color(renderer_, c);
    for (int i = 0; i < thickness; ++i) {
        SDL_Rect rect{r.x + i, r.y + i, r.w - 2 * i, r.h - 2 * i};
        SDL_RenderDrawRect(renderer_, &rect);
    }
}

void Painter::text(const Rect& r, std::string_view s, const TextStyle& style, Align align) const {
    const TextTexture& t = text_.get(s, style);
    if (!t.texture)
        return;
    int x = r.x;
    if (align == Align::center)
        x = r.x + (r.w - t.w) / 2;
    else if (align == Align::right)
        x = r.x + r.w - t.w;
    int y = r.y + (r.h - t.h) / 2;
    SDL_Rect source{0, 0, std::min(t.w, r.w), t.h};
    if (align != Align::left && t.w > r.w) {
        x = r.x;
    }
    SDL_Rect target{x, y, source.w, t.h};
    SDL_RenderCopy(renderer_, t.texture, &source, &target);
}

void Painter::texture(SDL_Texture* t, const Rect& r) const {
    if (!t)
        return;
    SDL_Rect target{r.x, r.y, r.w, r.h};
    SDL_RenderCopy(renderer_, t, nullptr, &target);
}

void Label::draw(const Painter& painter) const {
    // A line a little too long (a long message, an English word) shrinks rather than loses its end.
    TextStyle style = style_;
    while (style.size > style_.size * 6 / 10 &&
           painter.text_cache().measure(text_, style.size, style.bold).w > rect_.w)
        style.size -= 2;
    painter.text(rect_, text_, style, align_);
}

void Paragraph::draw(const Painter& painter) const {
    int y = rect_.y;
    for (const auto& line : lines_) {
        if (y + line_height_ > rect_.y + rect_.h)
            break;
        painter.text({rect_.x, y, rect_.w, line_height_}, line, style_);
        y += line_height_;
    }
}

void Panel::draw(const Painter& painter) const {
    painter.fill(rect_, fill_);
    if (border_.a != 0)
        painter.frame(rect_, border_);
}

void Button::draw(const Painter& painter) const {
    Color fill = enabled_ ? look_.fill : theme::disabled;
    painter.fill(rect_, fill);
    // A title that does not fit shrinks a little before it is cut: "非常不满意" should read whole.
    int size = look_.text_size;
    int room = rect_.w - 16;
    while (size > look_.text_size * 2 / 3 &&
           painter.text_cache().measure(title_, size, look_.bold).w > room)
        size -= 2;
    // Disabled buttons fade their text too, so that grey buttons never look tappable.
    Color ink = enabled_ ? look_.text : Color{140, 146, 158, 255};
    TextStyle title{size, look_.bold, ink};
    std::string shown = painter.text_cache().fit(title_, size, look_.bold, room);
    if (subtitle_.empty()) {
        painter.text(rect_, shown, title, Align::center);
        return;
    }
    int sub_size = std::max(14, look_.text_size * 6 / 10);
    Rect top{rect_.x, rect_.y + rect_.h / 2 - look_.text_size, rect_.w, look_.text_size * 3 / 2};
    Rect bottom{rect_.x, top.y + top.h, rect_.w, sub_size * 3 / 2};
    painter.text(top, shown, title, Align::center);
    TextStyle sub{sub_size, false, ink};
    painter.text(bottom, painter.text_cache().fit(subtitle_, sub_size, false, rect_.w - 16), sub,
                 Align::center);
}

bool Button::input(const Input& input) {
    if (input.kind != Input::Kind::tap || !rect_.contains(input.x, input.y))
        return false;
    if (enabled_ && on_tap_)
        on_tap_();
    return true;
}

void WidgetList::draw(const Painter& painter) const {
    for (const auto& w : widgets_)
        w->draw(painter);
}

bool WidgetList::input(const Input& input) {
    for (auto it = widgets_.rbegin(); it != widgets_.rend(); ++it)
        if ((*it)->input(input))
            return true;
    return false;
}

const Button* WidgetList::find(std::string_view title) const {
    for (auto it = widgets_.rbegin(); it != widgets_.rend(); ++it)
        if (const auto* button = dynamic_cast<const Button*>(it->get());
            button && button->title() == title)
            return button;
    return nullptr;
}

Button::Look primary_look(int text_size) {
    return {theme::primary, theme::white, text_size, true};
}
Button::Look secondary_look(int text_size) {
    return {theme::line, theme::ink, text_size, false};
}
Button::Look tile_look(Color fill, int text_size) {
    return {fill, theme::white, text_size, true};
}

}  // namespace kiosk
