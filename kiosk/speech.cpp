// espeak-ng synthesis into buffers, chime generation, and the announcement queue over SDL audio.
#include "speech.hpp"

#include <SDL.h>
#include <espeak-ng/speak_lib.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numbers>

namespace kiosk {

std::string spell_digits(std::string_view text) {
    std::string out;
    for (char c : text) {
        if (!out.empty() && out.back() != ' ')
            out += ' ';
        out += c;
    }
    return out;
}

std::string call_phrase(Lang lang, std::string_view number, int window) {
    return format(strings(lang).call_phrase,
                  {spell_digits(number), spell_digits(std::to_string(window))});
}

std::vector<std::int16_t> chime(int sample_rate) {
    std::vector<std::int16_t> out;
    auto tone = [&](double frequency, double seconds) {
        auto count = static_cast<std::size_t>(seconds * sample_rate);
        for (std::size_t i = 0; i < count; ++i) {
            double t = static_cast<double>(i) / sample_rate;
            double envelope = std::exp(-3.0 * t);
            double value = 9000.0 * envelope * std::sin(2.0 * std::numbers::pi * frequency * t);
            out.push_back(static_cast<std::int16_t>(value));
        }
    };
    tone(880.0, 0.45);
    tone(659.25, 0.7);
    return out;
}

namespace {

// espeak-ng's callback has no closure: the target buffer rides in the event's user_data.
int collect_samples(short* samples, int count, espeak_EVENT* events) {
    if (samples && count > 0 && events) {
        auto* buffer = static_cast<std::vector<std::int16_t>*>(events->user_data);
        if (buffer)
            buffer->insert(buffer->end(), samples, samples + count);
    }
    return 0;
}

}  // namespace

Speaker::Speaker(Lang lang) : lang_(lang) {
    int rate = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, nullptr, 0);
    if (rate <= 0) {
        problem_ = "espeak-ng did not start (install espeak-ng-data)";
        return;
    }
    sample_rate_ = rate;
    espeak_SetSynthCallback(collect_samples);
    const char* voice = lang_ == Lang::en ? "en" : "cmn-latn-pinyin";
    if (espeak_SetVoiceByName(voice) != EE_OK) {
        problem_ = std::string("espeak-ng has no voice ") + voice + " (install espeak-ng-data)";
        return;
    }
    espeak_SetParameter(espeakRATE, 150, 0);
    if (SDL_WasInit(SDL_INIT_AUDIO) == 0 && SDL_InitSubSystem(SDL_INIT_AUDIO) != 0) {
        problem_ = std::string("no audio: ") + SDL_GetError();
        return;
    }
    SDL_AudioSpec want{};
    want.freq = sample_rate_;
    want.format = AUDIO_S16SYS;
    want.channels = 1;
    want.samples = 2048;
    SDL_AudioSpec have{};
    device_ = SDL_OpenAudioDevice(nullptr, 0, &want, &have, 0);
    if (device_ == 0) {
        problem_ = std::string("no audio device: ") + SDL_GetError();
        return;
    }
    SDL_PauseAudioDevice(device_, 0);
    available_ = true;
    thread_ = std::thread([this] { run(); });
}

Speaker::~Speaker() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable())
        thread_.join();
    if (device_ != 0)
        SDL_CloseAudioDevice(device_);
    espeak_Terminate();
}

void AnnouncementQueue::add(Announcement announcement) {
    for (auto& waiting : pending_)
        if (waiting.window == announcement.window) {
            waiting = std::move(announcement);
            return;
        }
    if (pending_.size() >= limit)
        pending_.pop_front();
    pending_.push_back(std::move(announcement));
}

void AnnouncementQueue::withdraw_stale(int window, std::string_view current,
                                       std::string_view state) {
    std::erase_if(pending_, [&](const Announcement& waiting) {
        return waiting.window == window && (waiting.number != current || state != "called");
    });
}

std::optional<AnnouncementQueue::Announcement> AnnouncementQueue::take() {
    if (pending_.empty())
        return std::nullopt;
    auto next = std::move(pending_.front());
    pending_.pop_front();
    return next;
}

void Speaker::announce(int window, std::string number, std::string phrase) {
    if (!available_)
        return;
    {
        std::lock_guard lock(mutex_);
        queue_.add({window, std::move(number), std::move(phrase)});
    }
    wake_.notify_one();
}

void Speaker::withdraw_stale(int window, std::string_view current, std::string_view state) {
    if (!available_)
        return;
    std::lock_guard lock(mutex_);
    queue_.withdraw_stale(window, current, state);
}

std::vector<std::int16_t> Speaker::synthesise(const std::string& phrase) {
    std::vector<std::int16_t> samples;
    espeak_Synth(phrase.c_str(), phrase.size() + 1, 0, POS_CHARACTER, 0, espeakCHARS_UTF8, nullptr,
                 &samples);
    espeak_Synchronize();
    return samples;
}

void Speaker::run() {
    // The next call is taken when less than this much is left to play: enough to synthesise it
    // (a few hundred ms) without a gap, late enough that the choice is the latest.
    const Uint32 lead_bytes = static_cast<Uint32>(sample_rate_) * sizeof(std::int16_t);
    for (;;) {
        std::string phrase;
        {
            std::unique_lock lock(mutex_);
            for (;;) {
                if (stopping_)
                    return;
                if (queue_.pending().empty())
                    wake_.wait(lock);  // until a call comes
                else if (SDL_GetQueuedAudioSize(device_) <= lead_bytes)
                    break;
                else  // a call waits for the one playing: look again in a while
                    wake_.wait_for(lock, std::chrono::milliseconds(100));
            }
            phrase = std::move(queue_.take()->phrase);
        }
        // Chime, the phrase, a pause, the phrase again: one buffer, so SDL plays it whole and
        // queues the next call's buffer behind it.
        auto buffer = chime(sample_rate_);
        auto spoken = synthesise(phrase);
        buffer.insert(buffer.end(), spoken.begin(), spoken.end());
        buffer.insert(buffer.end(), static_cast<std::size_t>(sample_rate_) * 6 / 10, 0);
        buffer.insert(buffer.end(), spoken.begin(), spoken.end());
        buffer.insert(buffer.end(), static_cast<std::size_t>(sample_rate_), 0);
        SDL_QueueAudio(device_, buffer.data(),
                       static_cast<Uint32>(buffer.size() * sizeof(std::int16_t)));
    }
}

}  // namespace kiosk
