// The queue board: the latest call large and highlighted, recent calls, every window with what
// it serves, waiting counts, and a scrolling notice line; or, with --layout strip, the LED bar
// over one window. Each call is announced through the speaker.
#include <algorithm>
#include <cctype>

#include "common.hpp"
#include "rotation.hpp"
#include "speech.hpp"

namespace kiosk {

namespace {

constexpr auto highlight_for = std::chrono::seconds(8);
constexpr auto scroll_step = std::chrono::milliseconds(40);
// How long a page of the windows or of the waiting counts stays up when they do not fit on one.
constexpr auto page_for = std::chrono::seconds(8);

class Board : public Screen {
  public:
    explicit Board(Context& context) : Screen(context) { background_ = theme::board_bg; }
    std::string name() const override { return ctx_.config.strip ? "board_strip" : "board"; }

    void on_event(const Event& event) override {
        if (event.name == "call") {
            auto call = call_from_json(event.data);
            // A strip over one window announces and shows only that window's calls.
            if (!ctx_.config.strip || ctx_.client.device().window == 0 ||
                call.window == ctx_.client.device().window) {
                highlight_until_ = ctx_.steady_now() + highlight_for;
                if (ctx_.speaker)
                    ctx_.speaker->announce(call.window, call.number,
                                           call_phrase(ctx_.config.lang, call.number, call.window));
            }
        }
        // A call not yet spoken that its window has moved on from is not spoken at all.
        if (event.name == "status" && ctx_.speaker) {
            const auto windows = event.data.find("windows");
            if (windows != event.data.end() && windows->is_array())
                for (const auto& j : *windows)
                    if (const auto* w = j.is_object()
                                            ? ctx_.client.model().window(j.value("window", 0))
                                            : nullptr)
                        ctx_.speaker->withdraw_stale(w->window, w->current.value_or(""),
                                                     w->current_state);
        }
        if (event.name == "notice" || event.name == "snapshot")
            restart_scroll_ = true;
        invalidate();
    }

    std::optional<SteadyTime> deadline() const override {
        std::optional<SteadyTime> next;
        if (highlight_until_ != SteadyTime{})
            next = highlight_until_;
        if (scrolling_) {
            auto step = last_scroll_ + scroll_step;
            if (!next || step < *next)
                next = step;
        }
        for (const auto* rotation : {&windows_, &queues_})
            if (rotation->until && (!next || *rotation->until < *next))
                next = rotation->until;
        return next;
    }

    void tick(SteadyTime now) override {
        if (highlight_until_ != SteadyTime{} && now >= highlight_until_) {
            highlight_until_ = {};
            invalidate();
        }
        if (scrolling_ && now >= last_scroll_ + scroll_step) {
            last_scroll_ = now;
            scroll_ += std::max(2, size_.h / 300);
            if (scroll_ > notice_width_ + notice_text_area_.w)
                scroll_ = 0;
        }
        bool turned = windows_.turn_if_due(now);
        if (queues_.turn_if_due(now) || turned)
            invalidate();
    }

    void draw(const Painter& painter) const override {
        Screen::draw(painter);
        if (!notice_text_.empty()) {
            // The notice line scrolls under a clip, moved by tick(), never by draw().
            const Rect& area = notice_text_area_;
            SDL_Rect clip{area.x, area.y, area.w, area.h};
            SDL_RenderSetClipRect(painter.renderer(), &clip);
            int x = scrolling_ ? area.x + area.w - scroll_ : area.x;
            painter.text({x, area.y, notice_width_ + 4, area.h}, notice_text_, notice_style_);
            SDL_RenderSetClipRect(painter.renderer(), nullptr);
        }
    }

  protected:
    void build(Size size) override {
        if (ctx_.config.strip)
            build_strip(size);
        else
            build_full(size);
    }

  private:
    // A window the board lists: staffed now.
    static bool shown(const WindowInfo& w) { return w.open || w.on_break || w.current; }
    static int window_row(int unit) { return std::max(14, unit / 16); }

    bool highlighted() const { return highlight_until_ != SteadyTime{}; }

    // The newest call its window still holds (calling or serving it); nullptr when every window
    // has moved on from its calls (finished, no-show, transfer, set aside, closed).
    const CallInfo* active_call() const {
        const auto& model = ctx_.client.model();
        for (const auto& call : model.recent_calls) {
            const auto* w = model.window(call.window);
            if (w && w->current == call.number)
                return &call;
        }
        return nullptr;
    }

    void build_strip(Size size) {
        const auto& s = ctx_.text;
        const auto& model = ctx_.client.model();
        int window = ctx_.client.device().window;
        Rect area{0, 0, size.w, size.h};
        notice_text_.clear();
        scrolling_ = false;
        const WindowInfo* info = window ? model.window(window) : nullptr;
        std::string first = window ? format(s.window_label, {std::to_string(window)}) : model.hall;
        std::string second;
        if (info && info->current)
            second = std::string(info->current_state == "serving" ? s.now_serving : s.now_calling) +
                     " " + *info->current;
        else if (info && info->on_break)
            second = s.on_break;
        else if (info && !info->open)
            second = s.closed;
        else if (const auto* call = window ? nullptr : active_call())
            second = call->number + " → " + format(s.window_label, {std::to_string(call->window)});
        else
            second = s.idle_window;
        Color hot = highlighted() ? theme::board_hot : theme::board_text;
        if (size.h < 48) {
            widgets_.add<Label>(area, first + "  " + second, TextStyle{size.h * 7 / 10, true, hot},
                                Align::center);
            return;
        }
        auto lines = rows(area, 2, 0);
        widgets_.add<Label>(lines[0], first,
                            TextStyle{lines[0].h * 7 / 10, false, theme::board_text},
                            Align::center);
        widgets_.add<Label>(lines[1], second, TextStyle{lines[1].h * 8 / 10, true, hot},
                            Align::center);
    }

    void build_full(Size size) {
        const auto& s = ctx_.text;
        const auto& model = ctx_.client.model();
        int unit = std::min(size.h, size.w * 9 / 16);
        Rect area{0, 0, size.w, size.h};
        Rect header = take_top(area, unit / 11);
        widgets_.add<Panel>(header, theme::primary);
        widgets_.set_header_height(header.h);
        Rect header_inner = header.inset(unit / 80);
        Rect clock = take_right(header_inner, header_inner.w / 4);
        widgets_.add<Label>(header_inner, model.hall, TextStyle{header.h / 2, true, theme::white});
        widgets_.add<Label>(clock, clock_text(ctx_.now_ms()),
                            TextStyle{header.h * 4 / 10, false, theme::white}, Align::right);

        Rect notice_area = take_bottom(area, unit / 14);
        widgets_.add<Panel>(notice_area, theme::board_panel);
        // The text keeps off the screen's edges, in line with the panels' text above it.
        int margin = unit / 60 + unit / 80;
        notice_text_area_ = {notice_area.x + margin, notice_area.y, notice_area.w - 2 * margin,
                             notice_area.h};
        notice_style_ = {notice_area.h * 6 / 10, false, theme::board_hot};
        notice_text_.clear();
        for (const auto& n : model.notices)
            notice_text_ += (notice_text_.empty() ? "" : "    ·    ") + n;
        notice_width_ = ctx_.text_cache.measure(notice_text_, notice_style_.size, false).w;
        bool was_scrolling = scrolling_;
        scrolling_ = notice_width_ > notice_text_area_.w;
        if (scrolling_ && !was_scrolling)
            last_scroll_ = ctx_.steady_now();
        // A new notice starts readable at the left edge, then moves on.
        if (restart_scroll_) {
            scroll_ = notice_text_area_.w;
            restart_scroll_ = false;
        }

        area = area.inset(unit / 60);
        int gap = unit / 60;
        Rect left = take_left(area, area.w * 38 / 100);
        take_left(area, gap);
        // The latest call still held by its window, with the recent ones under it.
        Rect latest = take_top(left, left.h * 45 / 100);
        const CallInfo* active = active_call();
        bool hot = highlighted() && active;
        widgets_.add<Panel>(latest, hot ? theme::primary : theme::board_panel);
        Rect latest_inner = latest.inset(unit / 60);
        widgets_.add<Label>(take_top(latest_inner, latest.h / 6), s.now_calling,
                            TextStyle{latest.h / 10, true, theme::board_text}, Align::center);
        if (!active)
            widgets_.add<Label>(latest_inner, s.watch_calls,
                                TextStyle{latest.h / 9, false, theme::muted}, Align::center);
        if (active) {
            const auto& call = *active;
            Rect window_line = take_bottom(latest_inner, latest.h / 5);
            widgets_.add<Label>(
                latest_inner, call.number,
                TextStyle{latest_inner.h * 7 / 10, true, hot ? theme::board_hot : theme::white},
                Align::center);
            std::string where = call.window_name.empty()
                                    ? format(s.window_label, {std::to_string(call.window)})
                                    : call.window_name;
            widgets_.add<Label>(window_line,
                                ctx_.text_cache.fit(where, latest.h / 9, true, window_line.w),
                                TextStyle{latest.h / 9, true, theme::board_text}, Align::center);
        }
        take_top(left, gap);
        widgets_.add<Panel>(left, theme::board_panel);
        Rect recent = left.inset(unit / 80);
        int line_h = std::max(16, unit / 22);
        widgets_.add<Label>(take_top(recent, line_h), s.recent_calls,
                            TextStyle{line_h * 7 / 10, true, theme::board_hot});
        // Every recent call but the one shown large above.
        for (const auto& call : model.recent_calls) {
            if (&call == active)
                continue;
            if (recent.h < line_h)
                break;
            Rect line = take_top(recent, line_h);
            Rect number = take_left(line, line.w * 35 / 100);
            widgets_.add<Label>(number, call.number,
                                TextStyle{line_h * 7 / 10, true, theme::board_text});
            // A recall or a call back is a call again of a number already listed: marked so.
            std::string where = format(s.window_label, {std::to_string(call.window)});
            if (call.recall)
                where += std::string("  ") + s.recall;
            widgets_.add<Label>(line, where, TextStyle{line_h * 6 / 10, false, theme::board_text});
        }

        // Windows on top, waiting counts under them. The windows take the rows their staffed
        // windows need (three to a row), from 30 % up to 62 % of the height; the waiting counts,
        // paged when they do not fit, get the rest.
        int staffed = static_cast<int>(std::count_if(model.windows.begin(), model.windows.end(),
                                                     [](const auto& w) { return shown(w); }));
        int window_rows = std::max(2, (staffed + 2) / 3);
        int windows_h = 2 * (unit / 80) + std::max(16, unit / 24) + window_rows * window_row(unit);
        Rect windows = take_top(area, std::clamp(windows_h, area.h * 30 / 100, area.h * 62 / 100));
        take_top(area, gap);
        build_windows(windows, unit);
        build_queues(area, unit);
    }

    void build_windows(Rect area, int unit) {
        const auto& s = ctx_.text;
        const auto& model = ctx_.client.model();
        widgets_.add<Panel>(area, theme::board_panel);
        area = area.inset(unit / 80);
        int title_h = std::max(16, unit / 24);
        Rect title = take_top(area, title_h);
        // A hall has a hundred windows; the board lists those staffed now, as halls do, a page
        // at a time when they do not fit.
        std::vector<const WindowInfo*> active;
        for (const auto& w : model.windows)
            if (shown(w))
                active.push_back(&w);
        int count = static_cast<int>(active.size());
        // As many columns as it takes for rows of a readable height, three at most.
        int min_row = window_row(unit);
        int per_column = std::max(1, area.h / min_row);
        int cols = std::min(3, std::max(1, (count + per_column - 1) / per_column));
        auto& pager = windows_.pager;
        windows_.lay_out(count, cols * per_column, ctx_.steady_now());
        add_title(title, s.windows, pager);
        if (count == 0) {
            if (!ctx_.client.has_catalog())
                return;  // not heard from the server yet: nothing is known to be closed
            widgets_.add<Label>(take_top(area, title_h * 2), s.closed,
                                TextStyle{title_h * 7 / 10, false, theme::muted});
            return;
        }
        auto cells = grid(area, pager.last() - pager.first(), cols, unit / 120, per_column);
        for (int i = pager.first(); i < pager.last(); ++i) {
            const auto& w = *active[static_cast<std::size_t>(i)];
            Rect cell = cells[static_cast<std::size_t>(i - pager.first())];
            int text = std::max(10, cell.h * 62 / 100);
            // A name that says its number already ("1号窗口 民政残联") is not preceded by it.
            const std::string label = std::to_string(w.window);
            const bool named_by_number =
                w.name.starts_with(label) &&
                !std::isdigit(static_cast<unsigned char>(
                    w.name.size() > label.size() ? w.name[label.size()] : ' '));
            Rect number = take_left(cell, named_by_number ? 0 : cell.w * 18 / 100);
            // The state as wide as its longest words need, the name the rest, a gap between.
            Rect state = take_right(cell, std::min(state_w(text), cell.w * 40 / 100));
            take_right(cell, text / 3);
            if (!named_by_number)
                widgets_.add<Label>(number, label, TextStyle{text, true, theme::board_text});
            // A name too long for its row keeps its first word ("19号窗口"), not "19号窗口 …".
            std::string name = w.name;
            if (const auto space = name.find(' ');
                space != std::string::npos &&
                ctx_.text_cache.measure(name, text * 8 / 10, false).w > cell.w)
                name.resize(space);
            widgets_.add<Label>(cell, ctx_.text_cache.fit(name, text * 8 / 10, false, cell.w),
                                TextStyle{text * 8 / 10, false, theme::board_text});
            std::string what = w.current    ? *w.current
                               : w.on_break ? s.on_break
                               : w.open     ? s.idle_window
                                            : s.closed;
            Color color = w.current ? theme::board_hot : theme::muted;
            widgets_.add<Label>(state, what, TextStyle{text, w.current.has_value(), color},
                                Align::right);
        }
    }

    // A panel's title, with "2 / 3" on its right while its list is paged.
    void add_title(Rect title, const char* text, const Pager& pager) {
        Rect page = take_right(title, pager.pages() > 1 ? title.w / 4 : 0);
        widgets_.add<Label>(title, text, TextStyle{title.h * 7 / 10, true, theme::board_hot});
        if (pager.pages() > 1)
            widgets_.add<Label>(
                page,
                format(ctx_.text.page_of,
                       {std::to_string(pager.page + 1), std::to_string(pager.pages())}),
                TextStyle{title.h * 6 / 10, false, theme::board_text}, Align::right);
    }

    // The width of a window row's state column at this text size: a number being called (bold)
    // or the longest of the words for no ticket.
    int state_w(int text) const {
        const auto& s = ctx_.text;
        int w = ctx_.text_cache.measure("A000", text, true).w;
        for (const char* words : {s.on_break, s.idle_window, s.closed})
            w = std::max(w, ctx_.text_cache.measure(words, text, false).w);
        return w;
    }

    void build_queues(Rect area, int unit) {
        const auto& s = ctx_.text;
        const auto& model = ctx_.client.model();
        widgets_.add<Panel>(area, theme::board_panel);
        area = area.inset(unit / 80);
        int title_h = std::max(16, unit / 24);
        Rect title = take_top(area, title_h);
        int count = static_cast<int>(model.queues.size());
        // Read from across the hall: names at least 3 % of the screen's height, counts larger.
        // What does not fit on one page is paged through, a page every few seconds.
        int name_size = std::max(14, unit * 33 / 1000);
        int count_size = name_size * 5 / 4;
        int row_h = name_size * 17 / 10;
        int row_gap = unit / 120;
        int column_gap = name_size;
        int count_w = ctx_.text_cache.measure("000", count_size, true).w;
        int widest = 0;
        for (const auto& q : model.queues)
            widest = std::max(widest,
                              ctx_.text_cache.measure(q.prefix + " " + q.name, name_size, false).w);
        int spacing = name_size / 2;  // between a name and its count
        int cols = std::clamp((area.w + column_gap) / (widest + spacing + count_w + column_gap), 1,
                              std::max(1, count));
        int row_count = std::max(1, (area.h + row_gap) / (row_h + row_gap));
        auto& pager = queues_.pager;
        queues_.lay_out(count, cols * row_count, ctx_.steady_now());
        add_title(title, s.waiting, pager);
        if (count == 0)
            return;
        // Filled column by column, so that the queues read down in their order.
        auto column_rects = columns(area, cols, column_gap);
        for (int i = pager.first(); i < pager.last(); ++i) {
            int at = i - pager.first();
            Rect column = column_rects[static_cast<std::size_t>(at / row_count)];
            Rect cell{column.x, column.y + (at % row_count) * (row_h + row_gap), column.w, row_h};
            const auto& q = model.queues[static_cast<std::size_t>(i)];
            Rect count_rect = take_right(cell, count_w);
            take_right(cell, spacing);
            std::string label = q.prefix + " " + q.name;
            widgets_.add<Label>(cell, ctx_.text_cache.fit(label, name_size, false, cell.w),
                                TextStyle{name_size, false, theme::board_text});
            widgets_.add<Label>(
                count_rect, std::to_string(q.waiting),
                TextStyle{count_size, true, q.waiting > 0 ? theme::board_hot : theme::board_text},
                Align::right);
        }
    }

    SteadyTime highlight_until_{};
    Rect notice_text_area_{};
    std::string notice_text_;
    TextStyle notice_style_{};
    int notice_width_ = 0;
    bool scrolling_ = false;
    int scroll_ = 0;
    bool restart_scroll_ = true;
    SteadyTime last_scroll_{};
    Rotation windows_{page_for};
    Rotation queues_{page_for};
};

}  // namespace

std::unique_ptr<Screen> make_board(Context& context) {
    return std::make_unique<Board>(context);
}

}  // namespace kiosk
