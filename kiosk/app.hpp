// The kiosk program's loop on the SDL thread: it owns the window, renderer, fonts, text cache,
// the server link and protocol client, the speaker and the printer, and the stack of screens.
// It sleeps in SDL_WaitEvent until input, a server message, a print result or a screen's own
// deadline, and draws only when something changed.
#pragma once

#include <SDL.h>

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "config.hpp"
#include "fonts.hpp"
#include "hall_client.hpp"
#include "print_service.hpp"
#include "screen.hpp"
#include "server_link.hpp"
#include "speech.hpp"
#include "text_cache.hpp"

namespace kiosk {

class App : public Navigator {
  public:
    explicit App(Config config);
    ~App() override;
    App(const App&) = delete;
    App& operator=(const App&) = delete;

    // Opens SDL, the window, the fonts, audio, the printer and the link. Returns why it could not,
    // or an empty string.
    std::string start();
    // Runs until the window is closed.
    int run();
    // One turn of the loop, waiting at most max_wait for something to happen.
    // False once the program should quit.
    bool step(std::chrono::milliseconds max_wait);
    // Steps until done() holds or the timeout passes; returns done().
    bool run_until(const std::function<bool()>& done, std::chrono::milliseconds timeout);

    // Test and script hooks: the same path as a finger or mouse.
    void tap(int x, int y);
    // Taps the middle of the visible button with this title; false if there is none.
    bool tap_button(std::string_view title);
    // Where the button with this title is shown now (enabled or not), without tapping it.
    std::optional<Rect> button_at(std::string_view title);
    // Whether the current screen has a one-line label saying exactly this (a message line).
    bool shows_label(std::string_view text);
    // What the current screen's one-line labels say, in layout order.
    std::vector<std::string> label_texts();
    void type_text(const std::string& text);
    void swipe(int x, int y, int dx, int dy);
    bool screenshot(const std::string& path);
    // Lays out and draws the current screen again from scratch and presents it; returns how long
    // that took (for the benchmarks' frame time).
    std::chrono::nanoseconds redraw();
    std::string screen_name() const;
    std::size_t depth() const { return screens_.size(); }
    HallClient& client() { return *client_; }
    // Why the link to the server last went down ("" if it never did).
    const std::string& link_problem() const { return link_problem_; }
    int events_seen(std::string_view name) const;
    int print_results() const { return print_results_; }
    // The words the last print result put on screen ("缺纸"); empty after a clean print.
    const std::string& last_print_message() const { return last_print_message_; }
    Size size() const { return size_; }

    // Navigator
    void push(std::unique_ptr<Screen> screen) override;
    void pop() override;
    void pop_to_root() override;
    bool shows(const Screen& screen) const override;

  private:
    void wake();
    void handle(const SDL_Event& event);
    void deliver(const Input& input);
    void drain_link();
    void drain_printer();
    void apply_navigation();
    void prepare();
    void render();
    void draw_offline_overlay(const Painter& painter) const;
    std::optional<SteadyTime> next_deadline() const;
    // When an untouched ticket kiosk goes home; nullopt when it is home or another role.
    std::optional<SteadyTime> idle_home_at() const;

    Config config_;
    SDL_Window* window_ = nullptr;
    SDL_Renderer* renderer_ = nullptr;
    Uint32 wake_event_ = 0;
    Size size_{};
    std::unique_ptr<Fonts> fonts_;
    std::unique_ptr<TextCache> text_cache_;
    std::unique_ptr<ServerLink> link_;
    std::unique_ptr<HallClient> client_;
    std::unique_ptr<Speaker> speaker_;
    std::unique_ptr<PrintService> printer_;
    std::unique_ptr<Context> context_;
    std::vector<std::unique_ptr<Screen>> screens_;
    std::vector<std::function<void()>> pending_navigation_;
    std::map<std::string, int, std::less<>> event_counts_;
    int print_results_ = 0;
    std::string last_print_message_;
    std::string link_problem_;          // why the link last went down
    std::string reported_hello_error_;  // the hello's refusal last written to standard error
    bool dirty_ = true;
    bool was_online_ = false;
    bool had_catalog_ = false;
    bool quit_ = false;
    bool pointer_down_ = false;
    int down_x_ = 0, down_y_ = 0;
    std::int64_t shown_minute_ = -1;
    // A ticket kiosk left on a page past its first goes home this long after its last touch,
    // so that the next visitor does not find someone else's guide or booking code.
    SteadyTime last_input_{};
    bool sdl_started_ = false;
};

}  // namespace kiosk
