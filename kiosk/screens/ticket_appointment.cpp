// Appointment check-in: the booking code on an on-screen keypad, then the queue it was booked for.
#include <algorithm>
#include <cctype>

#include "common.hpp"

namespace kiosk {

namespace {

class TicketAppointment : public Screen {
  public:
    explicit TicketAppointment(Context& context) : Screen(context) {
        for (const auto& q : ctx_.client.catalog().queues)
            if (std::find(q.priority_classes.begin(), q.priority_classes.end(),
                          hall::Priority::appointment) != q.priority_classes.end())
                queues_.push_back(q.code);
        pager_.count = static_cast<int>(queues_.size());
    }
    std::string name() const override {
        return code_entered_ ? "ticket_appointment_queue" : "ticket_appointment";
    }
    void on_event(const Event&) override {}

    bool input(const Input& input) override {
        if (input.kind == Input::Kind::text && !code_entered_) {
            for (char c : input.text)
                if (std::isalnum(static_cast<unsigned char>(c)) && code_.size() < 16)
                    code_ += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
            invalidate();
            return true;
        }
        return Screen::input(input);
    }

  protected:
    void build(Size size) override {
        const auto& s = ctx_.text;
        int unit = std::min(size.w, size.h * 9 / 16);
        Rect area = add_header(widgets_, ctx_, {0, 0, size.w, size.h}, s.appointment, unit / 8);
        area = area.inset(unit / 30);
        Rect nav = take_bottom(area, unit / 9);
        auto nav_parts = columns(nav, 2, unit / 30);
        widgets_.add<Button>(
            nav_parts[0], s.back,
            [this] {
                if (code_entered_) {
                    code_entered_ = false;
                    invalidate();
                } else {
                    ctx_.nav.pop();
                }
            },
            secondary_look(unit / 22));
        widgets_.add<Button>(
            nav_parts[1], s.home, [this] { ctx_.nav.pop_to_root(); }, secondary_look(unit / 22));
        take_bottom(area, unit / 30);
        add_message(widgets_, take_bottom(area, unit / 14), error_, theme::primary);
        if (!code_entered_)
            build_keypad(area, unit);
        else
            build_queues(area, unit);
    }

  private:
    void build_keypad(Rect area, int unit) {
        const auto& s = ctx_.text;
        widgets_.add<Label>(take_top(area, unit / 10), s.booking_code,
                            TextStyle{unit / 20, true, theme::ink});
        Rect field = take_top(area, unit / 6);
        widgets_.add<Panel>(field, theme::panel, theme::line);
        widgets_.add<Label>(field, code_, TextStyle{unit / 12, true, theme::ink}, Align::center);
        take_top(area, unit / 30);
        Rect confirm = take_bottom(area, unit / 7);
        take_bottom(area, unit / 30);
        // Four rows of three keys, as tall as fits and never over the confirm button.
        int side = std::min(area.w, area.h * 3 / 4);
        Rect pad{area.x + (area.w - side) / 2, area.y, side, side * 4 / 3};
        const char* keys[] = {"1", "2", "3", "4", "5", "6", "7", "8", "9", s.clear, "0", "←"};
        auto cells = grid(pad, 12, 3, unit / 40);
        for (std::size_t i = 0; i < 12; ++i) {
            std::string key = keys[i];
            widgets_.add<Button>(
                cells[i], key, [this, key, i] { press(key, i); }, secondary_look(unit / 14));
        }
        widgets_
            .add<Button>(
                confirm, s.confirm,
                [this] {
                    code_entered_ = true;
                    error_.clear();
                    invalidate();
                },
                primary_look(unit / 18))
            .enabled(!code_.empty());
    }

    void build_queues(Rect area, int unit) {
        const auto& s = ctx_.text;
        const auto& catalog = ctx_.client.catalog();
        widgets_.add<Label>(take_top(area, unit / 10), format(s.booking_queue, {code_}),
                            TextStyle{unit / 20, true, theme::ink});
        Rect pages = take_bottom(area, unit / 10);
        int row_h = unit / 8;
        pager_.per_page = std::max(1, area.h / row_h);
        pager_.clamp();
        auto cells = rows(area, pager_.per_page, unit / 60);
        // One size for the queues' rows, the largest at which every name fits.
        Button::Look look = tile_look(theme::green, unit / 24);
        if (!cells.empty())
            look = shared_look(ctx_.text_cache, look, queue_names(catalog, queues_), cells[0], true,
                               unit / 36);
        for (int i = pager_.first(); i < pager_.last(); ++i) {
            const auto* q = catalog.queue(queues_[static_cast<std::size_t>(i)]);
            if (!q)
                continue;
            std::string code = q->code;
            const auto* zone = catalog.zone(q->zone);
            widgets_
                .add<Button>(
                    cells[static_cast<std::size_t>(i - pager_.first())], q->name,
                    [this, code] { check_in(code); }, look)
                .subtitle(zone ? zone->name : "")
                .enabled(!busy_);
        }
        add_pager(widgets_, ctx_, pages, pager_, *this);
    }

    void press(const std::string& key, std::size_t index) {
        if (index == 9)
            code_.clear();
        else if (index == 11) {
            if (!code_.empty())
                code_.pop_back();
        } else if (code_.size() < 16) {
            code_ += key;
        }
        invalidate();
    }

    void check_in(const std::string& queue) {
        busy_ = true;
        error_ = ctx_.text.please_wait;
        invalidate();
        request_ticket(ctx_, {queue, hall::Priority::appointment, code_, {}},
                       guarded([this](const Reply& r) {
                           busy_ = false;
                           show_error(r);
                       }));
    }

    std::string code_;
    bool code_entered_ = false;
    std::vector<std::string> queues_;
    Pager pager_;
    bool busy_ = false;
};

}  // namespace

std::unique_ptr<Screen> make_ticket_appointment(Context& context) {
    return std::make_unique<TicketAppointment>(context);
}

}  // namespace kiosk
