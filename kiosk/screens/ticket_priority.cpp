// The green channel (绿色通道): a normal ticket, or one of the priority classes the queue takes.
#include "common.hpp"

namespace kiosk {

namespace {

class TicketPriority : public Screen {
  public:
    TicketPriority(Context& context, std::string queue, std::string item)
        : Screen(context), queue_(std::move(queue)), item_(std::move(item)) {}
    std::string name() const override { return "ticket_priority"; }
    void on_event(const Event&) override {}

  protected:
    void build(Size size) override {
        const auto& s = ctx_.text;
        const auto* q = ctx_.client.catalog().queue(queue_);
        int unit = std::min(size.w, size.h * 9 / 16);
        Rect area =
            add_header(widgets_, ctx_, {0, 0, size.w, size.h}, q ? q->name : queue_, unit / 8);
        area = area.inset(unit / 30);
        add_back_home(widgets_, ctx_, area, unit);
        add_message(widgets_, take_bottom(area, unit / 14), error_, theme::primary);
        widgets_
            .add<Button>(
                take_top(area, unit / 5), s.priority_none, [this] { take(hall::Priority::none); },
                primary_look(unit / 16))
            .enabled(!busy_);
        take_top(area, unit / 20);
        widgets_.add<Label>(take_top(area, unit / 10), s.green_channel,
                            TextStyle{unit / 20, true, theme::green});
        auto classes = q ? green_channel_classes(*q) : std::vector<hall::Priority>{};
        auto cells = rows(take_top(area, static_cast<int>(classes.size()) * unit / 6),
                          static_cast<int>(classes.size()), unit / 30);
        std::vector<std::string> labels;
        for (auto priority : classes)
            labels.push_back(priority_label(s, priority));
        Button::Look look = tile_look(theme::green, unit / 18);
        if (!cells.empty())
            look = shared_look(ctx_.text_cache, look, labels, cells[0], false, unit / 30);
        for (std::size_t i = 0; i < classes.size(); ++i) {
            auto priority = classes[i];
            widgets_
                .add<Button>(
                    cells[i], labels[i], [this, priority] { take(priority); }, look)
                .enabled(!busy_);
        }
    }

  private:
    void take(hall::Priority priority) {
        busy_ = true;
        error_ = ctx_.text.please_wait;
        invalidate();
        request_ticket(ctx_, {queue_, priority, {}, item_}, guarded([this](const Reply& r) {
                           busy_ = false;
                           show_error(r);
                       }));
    }

    std::string queue_;
    std::string item_;
    bool busy_ = false;
};

}  // namespace

std::unique_ptr<Screen> make_ticket_priority(Context& context, std::string queue,
                                             std::string item) {
    return std::make_unique<TicketPriority>(context, std::move(queue), std::move(item));
}

}  // namespace kiosk
