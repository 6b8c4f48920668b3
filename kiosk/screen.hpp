// A screen of a role, the stack that holds screens, and what screens may use (the Context).
// Nothing here is global: the App owns every part and passes the Context in.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "config.hpp"
#include "hall_client.hpp"
#include "i18n.hpp"
#include "widgets.hpp"

namespace kiosk {

class Screen;
class Speaker;
class PrintService;

using SteadyTime = std::chrono::steady_clock::time_point;

// Push and pop are recorded and applied by the App between frames, so a screen can pop itself
// from inside its own button's callback.
class Navigator {
  public:
    virtual ~Navigator() = default;
    virtual void push(std::unique_ptr<Screen> screen) = 0;
    virtual void pop() = 0;
    virtual void pop_to_root() = 0;
    // Whether `screen` is the one shown, with no change of screen pending.
    virtual bool shows(const Screen& screen) const = 0;
};

struct Context {
    const Config& config;
    const Strings& text;
    HallClient& client;
    Navigator& nav;
    SDL_Renderer* renderer;
    TextCache& text_cache;
    Speaker* speaker;                      // nullptr when muted or without audio
    PrintService* printer;                 // nullptr without --printer
    std::function<std::int64_t()> now_ms;  // wall-clock time shown on screens
    std::function<SteadyTime()> steady_now;
};

class Screen {
  public:
    explicit Screen(Context& context) : ctx_(context) {}
    virtual ~Screen() = default;
    Screen(const Screen&) = delete;
    Screen& operator=(const Screen&) = delete;

    // A short stable name, for tests and screenshot files ("ticket_home", "board").
    virtual std::string name() const = 0;

    // Builds the widgets for this size from the current state. Never called while drawing.
    void layout(Size size);
    // Draws the background and widgets; changes nothing.
    virtual void draw(const Painter& painter) const;
    // Offers an input to the widgets; true when consumed.
    virtual bool input(const Input& input);
    // A server event (already applied to the model). Default: lay out again.
    virtual void on_event(const Event& event);
    // A print job finished (ticket screens show it).
    virtual void on_print_result(bool /*ok*/, const std::string& /*message*/) {}
    // When this screen next changes by itself (a timeout, an animation); nullopt if never.
    virtual std::optional<SteadyTime> deadline() const { return std::nullopt; }
    // Called once the deadline has passed.
    virtual void tick(SteadyTime /*now*/) {}

    // The link to the server is back: a message that said it was lost goes.
    void link_restored();

    void invalidate() { needs_layout_ = true; }
    bool needs_layout() const { return needs_layout_; }
    // For tests: the button with this title, if shown.
    const Button* find_button(std::string_view title) const { return widgets_.find(title); }
    // For tests: whether a one-line label says exactly this.
    bool shows_label(std::string_view text) const { return widgets_.has_label(text); }
    std::vector<std::string> label_texts() const { return widgets_.label_texts(); }
    // The height of the bar across the top, as last laid out; 0 without one.
    int header_height() const { return widgets_.header_height(); }

  protected:
    virtual void build(Size size) = 0;
    // For refusals and other one-line messages shown until the next layout of a new state.
    void show_error(const Reply& reply);
    // A reply handler that does nothing once this screen is gone (popped before the reply).
    HallClient::Handler guarded(std::function<void(const Reply&)> handler) const {
        return [alive = std::weak_ptr<int>(alive_), handler = std::move(handler)](const Reply& r) {
            if (alive.lock())
                handler(r);
        };
    }

    // Expires when this screen is gone: for callbacks from screens pushed on top of it.
    std::weak_ptr<int> lifetime() const { return alive_; }

    Context& ctx_;
    WidgetList widgets_;
    Size size_{};
    Color background_ = theme::background;
    std::string error_;  // shown by screens that have a message line

  private:
    std::string link_error_;  // error_ as show_error() set it for a lost link
    bool needs_layout_ = true;
    std::shared_ptr<int> alive_ = std::make_shared<int>(0);
};

// The roles' first screens.
std::unique_ptr<Screen> make_ticket_home(Context& context);
std::unique_ptr<Screen> make_board(Context& context);
std::unique_ptr<Screen> make_counter_root(Context& context);
std::unique_ptr<Screen> make_rating_idle(Context& context);

}  // namespace kiosk
