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

namespace {

int subtitle_size(const Button::Look& look) {
    return look.subtitle_size > 0 ? look.subtitle_size : std::max(14, look.text_size * 6 / 10);
}

bool ascii(char c) {
    return (static_cast<unsigned char>(c) & 0x80) == 0;
}

bool one_of(const std::string& c, std::initializer_list<std::string_view> set) {
    return std::find(set.begin(), set.end(), c) != set.end();
}

// Two lines of at most `width` for a text that needs two, broken where a reader would: lines of
// about equal length, and at a word's edge where one is plain ("公共资源与/公用事业服务区",
// "建设项目审批/服务专区"). Chinese has no spaces, so the edges are the joining words and the
// words names in a service hall end with. No lines when no break gives two lines that fit.
struct TwoLines {
    std::vector<std::string> lines;
    bool at_edge = false;   // the lines break at a word's edge
    bool has_edge = false;  // the text has an edge for two lines of about equal length
};
TwoLines two_lines(TextCache& cache, std::string_view text, int size, bool bold, int width) {
    static constexpr std::string_view word_starts[] = {
        "服务", "专区", "业务", "登记", "办理", "申请", "审批", "许可", "中心", "窗口", "备案",
        "核发", "变更", "注销", "设立", "验收", "工程", "证明", "补贴", "认定", "查询", "缴纳"};
    auto chars = characters(text);
    TwoLines best;
    int best_score = 0;
    std::string first;
    for (std::size_t k = 1; k < chars.size(); ++k) {
        first += chars[k - 1];
        const std::string& a = chars[k - 1];
        const std::string& b = chars[k];
        // Latin words break only at spaces; no line starts with closing punctuation or ends
        // with opening punctuation.
        if (a.size() == 1 && b.size() == 1 && a != " " && b != " ")
            continue;
        if (one_of(b, {"）", "，", "、", "。", "：", "；", ")", ",", "."}) ||
            one_of(a, {"（", "("}))
            continue;
        std::string line1 = first;
        std::string line2(text.substr(first.size()));
        while (!line1.empty() && line1.back() == ' ')
            line1.pop_back();
        while (!line2.empty() && line2.front() == ' ')
            line2.erase(0, 1);
        if (line1.empty() || line2.empty())
            continue;
        int w1 = cache.measure(line1, size, bold).w;
        int w2 = cache.measure(line2, size, bold).w;
        bool edge = a == " " || b == " " || one_of(a, {"与", "和", "及", "、", "，", "）"}) ||
                    one_of(b, {"（", "("}) ||
                    std::any_of(std::begin(word_starts), std::end(word_starts),
                                [&](std::string_view w) { return line2.starts_with(w); });
        // A word's edge wins unless it leaves a line under a third of the text.
        bool balanced_edge = edge && std::min(w1, w2) * 10 >= (w1 + w2) * 3;
        best.has_edge = best.has_edge || balanced_edge;
        if (w1 > width || w2 > width)
            continue;
        int score = std::abs(w1 - w2) - (balanced_edge ? 100000 : 0);
        // On a tie, the longer first line.
        if (best.lines.empty() || score <= best_score) {
            best.lines = {line1, line2};
            best.at_edge = balanced_edge;
            best_score = score;
        }
    }
    return best;
}

}  // namespace

SetText set_text(TextCache& cache, std::string_view text, int size, bool bold, const TextBox& box) {
    SetText out{size, {}, true};
    int max_lines = std::max(1, box.max_lines);
    if (box.height > 0)
        max_lines = std::clamp(box.height / line_height(size), 1, max_lines);
    if (cache.measure(text, size, bold).w <= box.width) {
        out.lines.emplace_back(text);
        return out;
    }
    if (max_lines == 1) {
        out.lines.push_back(cache.fit(text, size, bold, box.width));
        out.whole = false;
        return out;
    }
    auto lines = cache.wrap(text, size, bold, box.width);
    if (lines.size() > static_cast<std::size_t>(max_lines)) {
        // What does not fit goes onto the last line, cut.
        std::string rest;
        for (std::size_t i = static_cast<std::size_t>(max_lines) - 1; i < lines.size(); ++i) {
            if (!rest.empty() && !lines[i].empty() && ascii(rest.back()) && ascii(lines[i][0]))
                rest += ' ';
            rest += lines[i];
        }
        lines.resize(static_cast<std::size_t>(max_lines) - 1);
        lines.push_back(cache.fit(rest, size, bold, box.width));
        out.whole = false;
    } else if (lines.size() == 2) {
        auto better = two_lines(cache, text, size, bold, box.width);
        if (!better.lines.empty())
            lines = std::move(better.lines);
        out.at_edge = better.at_edge || !better.has_edge;
    }
    out.lines = std::move(lines);
    return out;
}

int shared_text_size(TextCache& cache, const std::vector<std::string>& texts, bool bold,
                     const TextBox& box, int largest, int smallest) {
    auto all_whole = [&](int size) {
        return std::all_of(texts.begin(), texts.end(), [&](const std::string& text) {
            return set_text(cache, text, size, bold, box).whole;
        });
    };
    int size = largest;
    while (size > smallest && !all_whole(size))
        size -= 2;
    size = std::max(size, std::min(smallest, largest));
    // A little smaller, if that lets every title in two lines break at a word's edge
    // ("公共资源与/公用事业服务区", not "公共资源与公/用事业服务区"): at most a sixth smaller.
    for (int smaller = size; smaller >= std::max(smallest, size * 5 / 6); smaller -= 2) {
        const bool at_edges = std::all_of(texts.begin(), texts.end(), [&](const std::string& t) {
            const auto set = set_text(cache, t, smaller, bold, box);
            return set.whole && set.at_edge;
        });
        if (at_edges)
            return smaller;
    }
    return size;
}

TextBox Button::title_box(const Rect& rect, const Look& look, bool with_subtitle) {
    TextBox box{rect.w - 16, 0, std::max(1, look.lines)};
    if (box.max_lines > 1) {
        // Tiles keep a margin around a wrapped title, and room for the subtitle under it.
        box.width = rect.w - std::max(16, rect.w / 10);
        box.height = rect.h - rect.h / 16 - (with_subtitle ? subtitle_size(look) * 3 / 2 : 0);
    }
    return box;
}

void Button::draw(const Painter& painter) const {
    Color fill = enabled_ ? look_.fill : theme::disabled;
    painter.fill(rect_, fill);
    // A title that does not fit wraps (tiles), then shrinks a little before it is cut:
    // "非常不满意" should read whole.
    TextCache& cache = painter.text_cache();
    TextBox box = title_box(rect_, look_, !subtitle_.empty());
    int size = shared_text_size(cache, {title_}, look_.bold, box, look_.text_size,
                                look_.text_size * 2 / 3);
    SetText set = set_text(cache, title_, size, look_.bold, box);
    // Disabled buttons fade their text too, so that grey buttons never look tappable.
    Color ink = enabled_ ? look_.text : Color{140, 146, 158, 255};
    TextStyle title{size, look_.bold, ink};
    if (subtitle_.empty() && set.lines.size() == 1) {
        painter.text(rect_, set.lines.front(), title, Align::center);
        return;
    }
    // The title's lines and the subtitle as one block, centred in the button.
    int sub_size = subtitle_size(look_);
    int step = line_height(size);
    int sub_h = subtitle_.empty() ? 0 : sub_size * 3 / 2;
    int block = static_cast<int>(set.lines.size()) * step + sub_h;
    int y = rect_.y + (rect_.h - block) / 2;
    for (const auto& line : set.lines) {
        painter.text({rect_.x, y, rect_.w, step}, line, title, Align::center);
        y += step;
    }
    if (subtitle_.empty())
        return;
    TextStyle sub{sub_size, false, ink};
    painter.text({rect_.x, y, rect_.w, sub_h}, cache.fit(subtitle_, sub_size, false, rect_.w - 16),
                 sub, Align::center);
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

bool WidgetList::has_label(std::string_view text) const {
    return std::any_of(widgets_.begin(), widgets_.end(), [text](const auto& widget) {
        const auto* label = dynamic_cast<const Label*>(widget.get());
        return label && label->text() == text;
    });
}

std::vector<std::string> WidgetList::label_texts() const {
    std::vector<std::string> texts;
    for (const auto& widget : widgets_)
        if (const auto* label = dynamic_cast<const Label*>(widget.get()))
            texts.push_back(label->text());
    return texts;
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

Button::Look shared_look(TextCache& cache, Button::Look look,
                         const std::vector<std::string>& titles, const Rect& cell,
                         bool with_subtitle, int smallest, int lines) {
    look.lines = lines;
    look.text_size =
        shared_text_size(cache, titles, look.bold, Button::title_box(cell, look, with_subtitle),
                         look.text_size, smallest);
    return look;
}

}  // namespace kiosk
