// The counter terminal: the staff login keypad while nobody is at the window, then the window's
// controls: call, recall, start, finish, no-show, park, call back, transfer, break, logout;
// always with the current ticket, the window's waiting counts and the day's served count.
#include <algorithm>
#include <cctype>

#include "common.hpp"
#include "rotation.hpp"

namespace kiosk {

namespace {

class CounterRoot : public Screen {
  public:
    using Screen::Screen;
    std::string name() const override { return logged_in() ? "counter_main" : "counter_login"; }

    void on_event(const Event& event) override {
        if (event.name == "snapshot" && !logged_in())
            staff_name_.clear();
        invalidate();
    }

    // The waiting counts turn their page by themselves when they have more than one.
    std::optional<SteadyTime> deadline() const override { return waiting_.until; }
    void tick(SteadyTime now) override {
        if (waiting_.turn_if_due(now))
            invalidate();
    }

    bool input(const Input& input) override {
        // A physical keyboard types into the focused login field too.
        if (input.kind == Input::Kind::text && !logged_in()) {
            for (char c : input.text)
                if (std::isalnum(static_cast<unsigned char>(c)))
                    type(std::string(
                        1, static_cast<char>(std::toupper(static_cast<unsigned char>(c)))));
            return true;
        }
        return Screen::input(input);
    }

  protected:
    void build(Size size) override {
        if (logged_in())
            build_main(size);
        else
            build_login(size);
    }

  private:
    const WindowInfo* window() const {
        return ctx_.client.model().window(ctx_.client.device().window);
    }
    bool logged_in() const {
        const auto* w = window();
        return w && !w->staff.empty();
    }

    Rect header(Size size, int unit) {
        std::string title = device_window_title(ctx_);
        if (const auto* w = window(); w && !w->name.empty())
            title = w->name;
        return add_header(widgets_, ctx_, {0, 0, size.w, size.h}, title, unit / 9);
    }

    void build_login(Size size) {
        const auto& s = ctx_.text;
        waiting_.until.reset();
        int unit = std::min(size.h, size.w * 3 / 5);
        Rect area = header(size, unit).inset(unit / 40);
        add_message(widgets_, take_bottom(area, unit / 12), error_, theme::primary);
        Rect form = take_left(area, area.w * 45 / 100);
        take_left(area, unit / 30);
        auto fields = rows(take_top(form, form.h * 6 / 10), 2, unit / 30);
        add_field(fields[0], s.staff_id, staff_id_, !pin_focus_, false, unit);
        add_field(fields[1], s.pin, pin_, pin_focus_, true, unit);
        take_top(form, unit / 30);
        widgets_
            .add<Button>(
                form, s.login, [this] { login(); }, primary_look(unit / 14))
            .enabled(!staff_id_.empty() && pin_.size() >= 4 && !busy_);
        const char* keys[] = {"1", "2", "3", "4", "5", "6", "7", "8", "9", "S", "0", "←"};
        auto cells = grid(area, 12, 3, unit / 60);
        for (std::size_t i = 0; i < 12; ++i) {
            std::string key = keys[i];
            widgets_.add<Button>(
                cells[i], key, [this, key] { type(key); }, secondary_look(unit / 12));
        }
    }

    void add_field(Rect r, const char* label, const std::string& value, bool focused, bool secret,
                   int unit) {
        Rect caption = take_top(r, r.h / 3);
        bool pin = secret;
        auto focus = [this, pin] {
            pin_focus_ = pin;
            invalidate();
        };
        // The caption and the field both move the keypad's focus here. The caption is as wide as
        // its words, so that they line up with the field's left edge.
        Button::Look caption_look{{0, 0, 0, 0}, theme::muted, unit / 22, false};
        const int caption_w = ctx_.text_cache.measure(label, caption_look.text_size, false).w + 16;
        widgets_.add<Button>(Rect{caption.x, caption.y, std::min(caption_w, caption.w), caption.h},
                             label, focus, caption_look);
        widgets_.add<Panel>(r, theme::panel, focused ? theme::accent : theme::line);
        std::string shown = secret ? std::string(value.size(), '*') : value;
        widgets_.add<Button>(r, shown, focus,
                             Button::Look{{0, 0, 0, 0}, theme::ink, unit / 14, true});
    }

    void type(const std::string& key) {
        std::string& field = pin_focus_ ? pin_ : staff_id_;
        if (key == "←") {
            if (!field.empty())
                field.pop_back();
        } else if (pin_focus_ ? (key != "S" && field.size() < 8) : field.size() < 16) {
            field += key;
        }
        invalidate();
    }

    void login() {
        busy_ = true;
        error_.clear();
        invalidate();
        ctx_.client.request(
            "login", {{"staff", staff_id_}, {"pin", pin_}}, guarded([this](const Reply& r) {
                busy_ = false;
                pin_.clear();
                if (!r.ok) {
                    show_error(r);
                    return;
                }
                staff_name_ =
                    r.result.value("staff", nlohmann::json::object()).value("name", std::string());
                staff_id_.clear();
                pin_focus_ = false;
                invalidate();
            }));
    }

    void act(const std::string& op, nlohmann::json fields = nlohmann::json::object()) {
        busy_ = true;
        error_.clear();
        done_.clear();
        invalidate();
        ctx_.client.request(op, std::move(fields), guarded([this, op](const Reply& r) {
                                busy_ = false;
                                if (!r.ok)
                                    show_error(r);
                                else if (op == "call_next" && !called_someone(r.result))
                                    error_ = ctx_.text.nobody_waiting;
                                else
                                    done_ = done_text(op, r.result);
                                invalidate();
                            }));
    }

    // Recalls left for the ticket called here: at the hall's limit, the next step is a no-show.
    bool may_recall(const WindowInfo& w) const {
        const int limit = ctx_.client.catalog().hall.recall_limit;
        return limit < 0 || w.current_recalls_since_call < limit;
    }

    // call_next answers {"ticket": null} when nobody waits for this window.
    static bool called_someone(const nlohmann::json& result) {
        const auto ticket = result.is_object() ? result.find("ticket") : result.end();
        return ticket != result.end() && ticket->is_object();
    }

    // For a screen pushed over this one, to say what its action did once it is done: the
    // message line shows the latest action's words only ("" where the window shows what it did;
    // a transfer leaves it empty, so its words are all there is), and only while this screen is
    // there. A list left with Cancel did nothing and changes nothing.
    std::function<void(const std::string&)> told() {
        return [this, alive = lifetime()](const std::string& done) {
            if (!alive.lock())
                return;
            error_.clear();
            done_ = done;
            invalidate();
        };
    }

    // What an action did, where the screen would not show it otherwise: a recall looks like the
    // call before it, and a no-show or a set-aside leaves the window empty.
    std::string done_text(const std::string& op, const nlohmann::json& result) const {
        const auto& s = ctx_.text;
        const auto found = result.is_object() ? result.find("ticket") : result.end();
        if (found == result.end() || !found->is_object())
            return {};
        const auto& ticket = *found;
        const std::string number = ticket.value("number", "");
        if (op == "recall")
            return format(s.done_recall,
                          {number, std::to_string(ticket.value("recalls_since_call", 0))});
        if (op == "no_show")
            return format(s.done_no_show, {number});
        if (op == "park")
            return format(s.done_park, {number});
        return {};
    }

    void build_main(Size size) {
        const auto& s = ctx_.text;
        const auto* w = window();
        int unit = std::min(size.h, size.w * 3 / 5);
        Rect area = header(size, unit).inset(unit / 40);
        if (error_.empty())
            add_message(widgets_, take_bottom(area, unit / 12), done_, theme::green);
        else
            add_message(widgets_, take_bottom(area, unit / 12), error_, theme::primary);
        Rect info = take_left(area, area.w * 36 / 100);
        take_left(area, unit / 40);
        widgets_.add<Panel>(info, theme::panel, theme::line);
        info = info.inset(unit / 50);
        int text = unit / 22;
        // The name from this terminal's login, or else the window's state: a terminal that
        // (re)connects to a window where someone is logged in knows the name from there.
        std::string who =
            staff_name_.empty() ? staff_shown(*w) : staff_name_ + " (" + w->staff + ")";
        widgets_.add<Label>(take_top(info, text * 2), format(s.staff_label, {who}),
                            TextStyle{text, false, theme::muted});
        widgets_.add<Label>(take_top(info, text * 2), s.current_ticket,
                            TextStyle{text, false, theme::muted});
        widgets_.add<Label>(take_top(info, unit / 6), w->current ? *w->current : s.no_ticket,
                            TextStyle{unit / 8, true, w->current ? theme::primary : theme::muted},
                            Align::center);
        if (w->current) {  // a priority ticket's class, for the staff serving it
            if (const auto mark = priority_mark(s, w->current_priority); !mark.empty())
                widgets_.add<Label>(take_top(info, text * 2), mark,
                                    TextStyle{text, true, theme::green}, Align::center);
            // The item the visitor chose at the kiosk.
            if (const auto* item = ctx_.client.catalog().item(w->current_item))
                widgets_.add<Label>(
                    take_top(info, text * 2),
                    ctx_.text_cache.fit(format(s.item_line, {item->name}), text, false, info.w),
                    TextStyle{text, false, theme::ink}, Align::center);
        }
        std::string state = w->on_break                     ? s.on_break
                            : w->current_state == "serving" ? s.now_serving
                            : w->current_state == "called"  ? s.now_calling
                                                            : "";
        widgets_.add<Label>(take_top(info, text * 2), state, TextStyle{text, true, theme::accent},
                            Align::center);
        if (!w->parked.empty()) {  // the tickets set aside here, to call back
            std::string numbers;
            for (const auto& number : w->parked)
                numbers += (numbers.empty() ? "" : "、") + number;
            widgets_.add<Label>(
                take_top(info, text * 2),
                ctx_.text_cache.fit(format(s.parked_list, {numbers}), text, false, info.w),
                TextStyle{text, false, theme::accent}, Align::center);
        }
        widgets_.add<Label>(take_bottom(info, text * 2),
                            format(s.served_today, {std::to_string(w->served_today)}),
                            TextStyle{text, true, theme::ink});

        bool holding = w->current.has_value();
        bool called = holding && w->current_state == "called";
        bool serving = holding && w->current_state == "serving";
        bool on_break = w->on_break;
        // Ten buttons in four rows of three: the last row's two free cells hold the waiting
        // counts, which thus never compete with the ticket's lines for room.
        auto cells = grid(area, 12, 3, unit / 60, 4);
        add_waiting(
            {cells[10].x, cells[10].y, cells[11].x + cells[11].w - cells[10].x, cells[10].h}, unit);
        int t = unit / 20;
        auto add = [&](std::size_t i, const char* title, std::function<void()> fn, bool on,
                       Button::Look look) {
            widgets_.add<Button>(cells[i], title, std::move(fn), look).enabled(on && !busy_);
        };
        add(
            0, s.call_next, [this] { act("call_next"); }, !holding && !on_break, primary_look(t));
        add(
            1, s.recall, [this] { act("recall"); }, called && may_recall(*w),
            tile_look(theme::accent, t));
        add(
            2, s.start, [this] { act("start"); }, called, tile_look(theme::green, t));
        add(
            3, s.finish, [this] { ctx_.nav.push(make_counter_items(ctx_, told())); }, serving,
            tile_look(theme::green, t));
        add(
            4, s.no_show, [this] { act("no_show"); }, called, tile_look(theme::amber, t));
        add(
            5, s.park, [this] { act("park"); }, holding, tile_look(theme::amber, t));
        add(
            6, s.call_parked, [this] { ctx_.nav.push(make_counter_parked(ctx_, told())); },
            !holding && !w->parked.empty() && !on_break, tile_look(theme::accent, t));
        add(
            7, s.transfer, [this] { ctx_.nav.push(make_counter_transfer(ctx_, told())); }, holding,
            tile_look(theme::accent, t));
        if (on_break)
            add(
                8, s.break_end, [this] { act("break_end"); }, true, tile_look(theme::green, t));
        else
            add(
                8, s.break_start, [this] { ctx_.nav.push(make_counter_break(ctx_, told())); },
                !holding, secondary_look(t));
        add(
            9, s.logout, [this] { act("logout"); }, !holding, secondary_look(t));
    }

    // The waiting count of each queue this window serves, a line each, as large as they all
    // fit; when even the smallest size cannot hold them all, a page at a time, turned by a tap
    // on the page button or every few seconds.
    void add_waiting(Rect panel, int unit) {
        const auto& s = ctx_.text;
        const auto* catalog_window = ctx_.client.catalog().window(ctx_.client.device().window);
        if (!catalog_window || catalog_window->queues.empty()) {
            waiting_.until.reset();
            return;
        }
        const auto& codes = catalog_window->queues;
        widgets_.add<Panel>(panel, theme::panel, theme::line);
        const int pad = std::max(4, unit / 60);
        Rect inner{panel.x + pad, panel.y + pad / 2, panel.w - pad * 2, panel.h - pad};
        const int count = static_cast<int>(codes.size());
        auto step = [](int size) { return size * 6 / 5; };
        const int smallest = std::max(14, unit / 32);
        int size = std::min(unit / 20, inner.h / count * 5 / 6);
        int per_page = count;
        if (size < smallest) {
            size = smallest;
            per_page = std::max(1, inner.h / step(size));
        }
        waiting_.lay_out(count, per_page, ctx_.steady_now());
        const auto& pager = waiting_.pager;
        if (pager.pages() > 1) {
            std::string page =
                format(s.page_of, {std::to_string(pager.page + 1), std::to_string(pager.pages())});
            int page_w = ctx_.text_cache.measure(page, size, false).w + pad * 4;
            widgets_.add<Button>(
                take_right(inner, page_w), page,
                [this] {
                    waiting_.turn(ctx_.steady_now());
                    invalidate();
                },
                secondary_look(size));
            take_right(inner, pad);
        }
        std::vector<std::pair<std::string, std::string>> lines;  // name, "  等候 2"
        for (const auto& code : codes) {
            const auto* q = ctx_.client.model().queue(code);
            lines.emplace_back(
                q ? q->prefix + " " + q->name : code,
                std::string("  ") + s.waiting + " " + std::to_string(q ? q->waiting : 0));
        }
        // One size for every line, smaller until each is whole.
        auto whole = [&](int at) {
            return std::all_of(lines.begin(), lines.end(), [&](const auto& line) {
                return ctx_.text_cache.measure(line.first + line.second, at, false).w <= inner.w;
            });
        };
        while (size > smallest && !whole(size))
            --size;
        const int shown = pager.last() - pager.first();
        take_top(inner, (inner.h - shown * step(size)) / 2);  // the lines in the middle
        for (int i = pager.first(); i < pager.last(); ++i) {
            const auto& [name, tail] = lines[static_cast<std::size_t>(i)];
            // Still too long: the count is never cut, the name gives way to it.
            int room = inner.w - ctx_.text_cache.measure(tail, size, false).w;
            widgets_.add<Label>(take_top(inner, step(size)),
                                ctx_.text_cache.fit(name, size, false, std::max(0, room)) + tail,
                                TextStyle{size, false, theme::ink});
        }
    }

    std::string staff_id_;
    std::string pin_;
    bool pin_focus_ = false;
    std::string staff_name_;
    std::string done_;  // what the last action did, when the screen does not show it
    bool busy_ = false;
    // The waiting counts, turned every 6 s when they do not fit on one page.
    Rotation waiting_{std::chrono::seconds(6)};
};

}  // namespace

std::unique_ptr<Screen> make_counter_root(Context& context) {
    return std::make_unique<CounterRoot>(context);
}

}  // namespace kiosk
