// The ticket, once the server confirmed it: number, queue, people ahead, expected wait, a QR
// code to its status page; printed if there is a printer; back home after a while.
#include <SDL.h>

#include "common.hpp"
#include "escpos_printer.hpp"
#include "print_service.hpp"
#include "qr.hpp"

namespace kiosk {

namespace {

constexpr auto shown_for = std::chrono::seconds(30);

class TicketIssued : public Screen {
  public:
    TicketIssued(Context& context, nlohmann::json ticket, std::string status_url)
        : Screen(context), ticket_(std::move(ticket)), url_(std::move(status_url)) {
        if (!url_.empty())
            qr_ = qr_texture(ctx_.renderer, encode_qr(url_));
        until_ = ctx_.steady_now() + shown_for;
        if (ctx_.printer) {
            ctx_.printer->print(encode_ticket(printed()));
            print_state_ = ctx_.text.printing;
        }
    }
    ~TicketIssued() override {
        if (qr_)
            SDL_DestroyTexture(qr_);
    }
    std::string name() const override { return "ticket_issued"; }
    void on_event(const Event&) override {}
    std::optional<SteadyTime> deadline() const override { return until_; }
    void tick(SteadyTime now) override {
        if (now >= until_) {
            until_ = SteadyTime::max();
            ctx_.nav.pop_to_root();
        }
    }
    void on_print_result(bool ok, const std::string& message) override {
        print_state_ = !ok               ? format(ctx_.text.printer_fault, {message})
                       : message.empty() ? std::string(ctx_.text.printed)
                                         : std::string(ctx_.text.printed) + " · " + message;
        print_failed_ = !ok;
        invalidate();
    }

  protected:
    void build(Size size) override {
        const auto& s = ctx_.text;
        int unit = std::min(size.w, size.h * 9 / 16);
        std::string hall = ctx_.client.model().hall;
        Rect area = add_header(widgets_, ctx_, {0, 0, size.w, size.h}, hall, unit / 8);
        area = area.inset(unit / 30);
        Rect done = take_bottom(area, unit / 8);
        widgets_.add<Button>(
            done, s.home, [this] { ctx_.nav.pop_to_root(); }, primary_look(unit / 18));
        take_bottom(area, unit / 30);
        add_message(widgets_, take_bottom(area, unit / 12), print_state_,
                    print_failed_ ? theme::primary : theme::green);
        Rect card = area;
        widgets_.add<Panel>(card, theme::panel, theme::line);
        card = card.inset(unit / 30);
        int text = unit / 24;
        widgets_.add<Label>(take_top(card, text * 2), s.your_number,
                            TextStyle{text, false, theme::muted}, Align::center);
        widgets_.add<Label>(take_top(card, unit / 4), field("number"),
                            TextStyle{unit / 6, true, theme::primary}, Align::center);
        // A priority ticket says so, for the visitor and for the staff who call it.
        if (const auto mark = priority_mark(s, field("priority")); !mark.empty())
            widgets_.add<Label>(take_top(card, text * 2), mark,
                                TextStyle{text * 12 / 10, true, theme::green}, Align::center);
        widgets_.add<Label>(take_top(card, text * 2), field("queue_name"),
                            TextStyle{text * 12 / 10, true, theme::ink}, Align::center);
        if (const auto item = item_text(); !item.empty())
            widgets_.add<Label>(take_top(card, text * 2),
                                ctx_.text_cache.fit(item, text, false, card.w),
                                TextStyle{text, false, theme::ink}, Align::center);
        widgets_.add<Label>(take_top(card, text * 2), field("zone_name"),
                            TextStyle{text, false, theme::muted}, Align::center);
        take_top(card, text);
        widgets_.add<Label>(take_top(card, text * 2), ahead_text(),
                            TextStyle{text * 12 / 10, true, theme::ink}, Align::center);
        widgets_.add<Label>(take_top(card, text * 2), wait_text(),
                            TextStyle{text * 12 / 10, true, theme::ink}, Align::center);
        widgets_.add<Label>(take_top(card, text * 2), issued_text(),
                            TextStyle{text, false, theme::muted}, Align::center);
        if (qr_) {
            Rect caption = take_bottom(card, text * 2);
            int side = std::min(card.h, card.w / 2);
            widgets_.add<Image>(
                Rect{card.x + (card.w - side) / 2, card.y + (card.h - side) / 2, side, side}, qr_);
            widgets_.add<Label>(caption, s.scan_status, TextStyle{text, false, theme::muted},
                                Align::center);
        }
    }

  private:
    std::string field(const char* key) const {
        auto found = ticket_.find(key);
        return found != ticket_.end() && found->is_string() ? found->get<std::string>() : "";
    }
    // "办理事项：结婚登记" for a ticket taken from an item's guide.
    std::string item_text() const {
        const auto* item = ctx_.client.catalog().item(field("item"));
        return item ? format(ctx_.text.item_line, {item->name}) : std::string();
    }
    std::string ahead_text() const {
        return format(ctx_.text.people_ahead, {std::to_string(ticket_.value("ahead", 0))});
    }
    std::string wait_text() const {
        // With no window open for the queue (before the doors open, after hours) the estimate
        // would say 0 minutes: the ticket says that nobody serves it now instead.
        if (ticket_.value("open_windows", 1) == 0)
            return ctx_.text.no_open_window;
        auto ms = ticket_.value("expected_wait_ms", std::int64_t{0});
        return format(ctx_.text.expected_wait, {std::to_string(minutes_rounded_up(ms))});
    }
    std::string issued_text() const {
        auto ms = ticket_.value("issued_ms", ctx_.now_ms());
        return format(ctx_.text.issued_at, {clock_text(ms)});
    }
    PrintedTicket printed() const {
        return {ctx_.client.model().hall,
                field("number"),
                field("queue_name"),
                item_text(),
                priority_mark(ctx_.text, field("priority")).empty()
                    ? field("zone_name")
                    : field("zone_name") + " · " + priority_mark(ctx_.text, field("priority")),
                ahead_text(),
                wait_text(),
                issued_text(),
                url_,
                ctx_.text.scan_status};
    }

    nlohmann::json ticket_;
    std::string url_;
    SDL_Texture* qr_ = nullptr;
    SteadyTime until_;
    std::string print_state_;
    bool print_failed_ = false;
};

}  // namespace

std::unique_ptr<Screen> make_ticket_issued(Context& context, nlohmann::json ticket,
                                           std::string status_url) {
    return std::make_unique<TicketIssued>(context, std::move(ticket), std::move(status_url));
}

}  // namespace kiosk
