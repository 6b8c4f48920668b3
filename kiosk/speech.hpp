// The board's voice: each call as a chime and a phrase spoken twice, synthesised by espeak-ng on
// the speaker's own thread and played through SDL audio one after another, so that one call
// never cuts off another.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "i18n.hpp"

namespace kiosk {

// "B023" -> "B 0 2 3": espeak reads a run of digits as one number; digit by digit is how halls
// announce tickets.
std::string spell_digits(std::string_view text);

// The phrase to speak for a call, e.g. "请 B 0 2 3 号到 1 2 号窗口办理".
std::string call_phrase(Lang lang, std::string_view number, int window);

// A short two-tone chime (ding-dong) at the sample rate, mono signed 16-bit.
std::vector<std::int16_t> chime(int sample_rate);

// The calls waiting to be spoken. An announcement takes about 10 s, so calls made quicker than
// that wait here, at most one a window: a window's newer call (or recall) takes its older one's
// place in line, and a call the window has moved on from (a no-show, the visitor already being
// served) is dropped unspoken.
class AnnouncementQueue {
  public:
    struct Announcement {
        int window = 0;
        std::string number;
        std::string phrase;
    };
    static constexpr std::size_t limit = 8;  // a longer burst keeps the latest calls

    void add(Announcement announcement);
    // The window now holds `current` ("" for none) in `state` ("called", "serving"): its
    // waiting announcement stays only if that is the same ticket, still called.
    void withdraw_stale(int window, std::string_view current, std::string_view state);
    std::optional<Announcement> take();
    const std::deque<Announcement>& pending() const { return pending_; }

  private:
    std::deque<Announcement> pending_;
};

// Owns the espeak-ng engine and an SDL audio device. announce() may be called from the SDL
// thread; synthesis and queueing happen on the speaker's thread.
class Speaker {
  public:
    explicit Speaker(Lang lang);
    ~Speaker();
    Speaker(const Speaker&) = delete;
    Speaker& operator=(const Speaker&) = delete;

    bool available() const { return available_; }
    const std::string& problem() const { return problem_; }
    // Queues a call to be spoken once what is playing has (nearly) ended.
    void announce(int window, std::string number, std::string phrase);
    // A window's state changed: see AnnouncementQueue::withdraw_stale.
    void withdraw_stale(int window, std::string_view current, std::string_view state);

    // Synthesises a phrase to samples (the speaker thread's work, exposed for tests).
    std::vector<std::int16_t> synthesise(const std::string& phrase);
    int sample_rate() const { return sample_rate_; }

  private:
    void run();

    Lang lang_;
    bool available_ = false;
    std::string problem_;
    int sample_rate_ = 22050;
    std::uint32_t device_ = 0;
    std::mutex mutex_;
    std::condition_variable wake_;
    AnnouncementQueue queue_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace kiosk
