// The board's voice: each call as a chime and a phrase spoken twice, synthesised by espeak-ng on
// the speaker's own thread and queued to SDL audio, so that one call never cuts off another.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
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
    void announce(std::string phrase);

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
    std::deque<std::string> pending_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace kiosk
