// The time source the queue engine is given: the system clock in service, a manual one in tests.
#pragma once

#include <chrono>
#include <cstdint>

namespace hall {

class Clock {
  public:
    virtual ~Clock() = default;
    // Unix time in milliseconds.
    virtual std::int64_t now_ms() const = 0;
};

class SystemClock final : public Clock {
  public:
    std::int64_t now_ms() const override {
        using namespace std::chrono;
        return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
    }
};

// A clock that moves only when told to: for tests and simulated days.
class ManualClock final : public Clock {
  public:
    explicit ManualClock(std::int64_t start_ms) : now_(start_ms) {}
    std::int64_t now_ms() const override { return now_; }
    void set(std::int64_t ms) { now_ = ms; }
    void advance_ms(std::int64_t ms) { now_ += ms; }
    void advance_min(std::int64_t minutes) { now_ += minutes * 60'000; }

  private:
    std::int64_t now_;
};

}  // namespace hall
