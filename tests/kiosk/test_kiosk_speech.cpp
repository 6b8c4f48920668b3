// The board's announcements: the phrase, digits read one by one, the chime, the voice.
#include <catch2/catch.hpp>

#include "speech.hpp"

using namespace kiosk;

TEST_CASE("ticket and window numbers are spelled digit by digit") {
    CHECK(spell_digits("B023") == "B 0 2 3");
    CHECK(spell_digits("12") == "1 2");
}

TEST_CASE("a call is announced with the hall's phrase template") {
    CHECK(call_phrase(Lang::zh, "B023", 12) == "请 B 0 2 3 号到 1 2 号窗口办理");
    CHECK(call_phrase(Lang::en, "A001", 3) == "Number A 0 0 1, please go to window 3");
}

TEST_CASE("calls wait to be spoken one a window, and a call the window moved on from is dropped") {
    AnnouncementQueue queue;
    queue.add({1, "A001", "A001 to 1"});
    queue.add({2, "B001", "B001 to 2"});
    queue.add({1, "A001", "A001 to 1 again"});  // a recall while the call still waits
    queue.add({1, "A002", "A002 to 1"});        // window 1 moved on: its newer call, same place
    REQUIRE(queue.pending().size() == 2);
    CHECK(queue.pending()[0].phrase == "A002 to 1");
    CHECK(queue.pending()[1].phrase == "B001 to 2");

    queue.withdraw_stale(1, "A002", "called");  // still called: stays
    queue.withdraw_stale(3, "", "");            // another window: nothing to do
    CHECK(queue.pending().size() == 2);
    queue.withdraw_stale(2, "B001", "serving");  // the visitor is at the window already
    queue.withdraw_stale(1, "", "");             // a no-show: the window holds nobody
    CHECK(queue.pending().empty());
    CHECK_FALSE(queue.take());

    for (int window = 1; window <= 10; ++window)
        queue.add({window, "A00" + std::to_string(window), "call " + std::to_string(window)});
    CHECK(queue.pending().size() == AnnouncementQueue::limit);
    CHECK(queue.take()->window == 3);  // a burst keeps the latest calls
}

TEST_CASE("the chime is a short sound that starts loud and fades") {
    auto samples = chime(22050);
    CHECK(samples.size() > 22050 / 2);
    CHECK(samples.size() < 22050 * 2);
    int peak_start = 0;
    int peak_end = 0;
    for (std::size_t i = 0; i < 2000; ++i)
        peak_start = std::max(peak_start, std::abs(static_cast<int>(samples[i])));
    for (std::size_t i = samples.size() - 2000; i < samples.size(); ++i)
        peak_end = std::max(peak_end, std::abs(static_cast<int>(samples[i])));
    CHECK(peak_start > peak_end);
}

TEST_CASE("espeak-ng's pinyin voice synthesises a call into a buffer") {
    Speaker speaker(Lang::zh);
    if (!speaker.available())
        WARN("no audio here: " << speaker.problem());
    auto samples = speaker.synthesise(call_phrase(Lang::zh, "B023", 12));
    // Some seconds of speech at the engine's rate.
    CHECK(samples.size() > static_cast<std::size_t>(speaker.sample_rate()));
}
