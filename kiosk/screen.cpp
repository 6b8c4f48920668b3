// The shared behaviour of screens.
#include "screen.hpp"

namespace kiosk {

void Screen::layout(Size size) {
    size_ = size;
    widgets_.clear();
    build(size);
    needs_layout_ = false;
}

void Screen::draw(const Painter& painter) const {
    painter.fill({0, 0, size_.w, size_.h}, background_);
    widgets_.draw(painter);
}

bool Screen::input(const Input& input) {
    return widgets_.input(input);
}

void Screen::on_event(const Event&) {
    invalidate();
}

void Screen::show_error(const Reply& reply) {
    error_ = error_text(ctx_.config.lang, reply.code, reply.message);
    link_error_ = reply.code == "offline" ? error_ : std::string();
    invalidate();
}

void Screen::link_restored() {
    // Only while the line still says so: a later message of the screen's own stays.
    if (!link_error_.empty() && error_ == link_error_) {
        error_.clear();
        invalidate();
    }
    link_error_.clear();
}

}  // namespace kiosk
