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
