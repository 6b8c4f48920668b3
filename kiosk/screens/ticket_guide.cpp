// An item's one-time-notice guide (一次性告知): materials, time limit, a QR code to the full
// guide, and the button to take a ticket for it.
#include <SDL.h>

#include <algorithm>

#include "common.hpp"
#include "qr.hpp"

namespace kiosk {

namespace {

class TicketGuide : public Screen {
  public:
    TicketGuide(Context& context, std::string item) : Screen(context), item_(std::move(item)) {
        const auto* found = ctx_.client.catalog().item(item_);
        if (found && !found->guide_url.empty())
            qr_ = qr_texture(ctx_.renderer, encode_qr(found->guide_url));
        // The first queue that serves the item takes its tickets.
        for (const auto& q : ctx_.client.catalog().queues)
            if (std::find(q.items.begin(), q.items.end(), item_) != q.items.end()) {
                queue_ = q.code;
                break;
            }
    }
    ~TicketGuide() override {
        if (qr_)
            SDL_DestroyTexture(qr_);
    }
    std::string name() const override { return "ticket_guide"; }
    void on_event(const Event&) override {}

  protected:
    void build(Size size) override {
        const auto& s = ctx_.text;
        const auto& catalog = ctx_.client.catalog();
        const auto* item = catalog.item(item_);
        int unit = std::min(size.w, size.h * 9 / 16);
        bool title_whole = true;
        Rect area = add_header(widgets_, ctx_, {0, 0, size.w, size.h}, item ? item->name : item_,
                               unit / 8, &title_whole);
        area = area.inset(unit / 30);
        auto nav_parts = add_back_home(widgets_, ctx_, area, unit, 3);
        widgets_
            .add<Button>(
                nav_parts[2], s.take_ticket, [this] { take(); }, primary_look(unit / 20))
            .enabled(!queue_.empty() && !busy_);
        add_message(widgets_, take_bottom(area, unit / 14), error_, theme::primary);
        if (!item)
            return;
        const auto* department = catalog.department(item->department);
        int text = unit / 28;
        // A name too long for the header, cut there, is given whole here.
        if (!title_whole)
            for (const auto& line :
                 set_text(ctx_.text_cache, item->name, text, true, TextBox{area.w, 0, 3}).lines)
                widgets_.add<Label>(take_top(area, text * 3 / 2), line,
                                    TextStyle{text, true, theme::ink});
        widgets_.add<Label>(take_top(area, text * 2), department ? department->name : "",
                            TextStyle{text, false, theme::muted});
        widgets_.add<Label>(take_top(area, text * 2), time_limit_text(s, *item),
                            TextStyle{text, true, theme::ink});
        take_top(area, text / 2);
        widgets_.add<Label>(take_top(area, text * 2), s.materials,
                            TextStyle{text, true, theme::ink});
        if (qr_) {
            int side = std::min(area.w / 2, unit * 4 / 10);
            Rect qr_area = take_bottom(area, side + text * 2);
            take_bottom(area, text);  // a gap between the materials and the code
            Rect image{qr_area.x + (qr_area.w - side) / 2, qr_area.y, side, side};
            widgets_.add<Image>(image, qr_);
            widgets_.add<Label>(Rect{qr_area.x, image.y + side, qr_area.w, text * 2}, s.scan_guide,
                                TextStyle{text * 8 / 10, false, theme::muted}, Align::center);
        }
        std::vector<std::string> lines;
        int n = 1;
        for (const auto& material : item->materials) {
            auto wrapped =
                ctx_.text_cache.wrap(std::to_string(n++) + ". " + material, text, false, area.w);
            lines.insert(lines.end(), wrapped.begin(), wrapped.end());
        }
        widgets_.add<Panel>(area, theme::panel, theme::line);
        widgets_.add<Paragraph>(area.inset(text / 2), std::move(lines),
                                TextStyle{text, false, theme::ink}, text * 16 / 10);
    }

  private:
    void take() {
        const auto* q = ctx_.client.catalog().queue(queue_);
        if (q && !green_channel_classes(*q).empty()) {
            ctx_.nav.push(make_ticket_priority(ctx_, queue_, item_));
            return;
        }
        busy_ = true;
        error_ = ctx_.text.please_wait;
        invalidate();
        request_ticket(ctx_, {queue_, hall::Priority::none, {}, item_},
                       guarded([this](const Reply& r) {
                           busy_ = false;
                           show_error(r);
                       }));
    }

    std::string item_;
    std::string queue_;
    SDL_Texture* qr_ = nullptr;
    bool busy_ = false;
};

}  // namespace

std::unique_ptr<Screen> make_ticket_guide(Context& context, std::string item) {
    return std::make_unique<TicketGuide>(context, std::move(item));
}

}  // namespace kiosk
