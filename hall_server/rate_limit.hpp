// The request rate a connection may keep up: a token bucket refilled at a steady rate.
#pragma once

#include <algorithm>
#include <chrono>

namespace hall::server {

// `per_second` on average, bursts of `burst`; docs/protocol.md, "Bounds". One per connection,
// WebSocket or HTTP, on the io thread.
class RateLimit {
  public:
    RateLimit(double per_second, double burst)
        : per_second_(per_second), burst_(burst), tokens_(burst) {}

    // Takes one request's token, if there is one.
    bool allow(std::chrono::steady_clock::time_point now) {
        const double elapsed = std::chrono::duration<double>(now - last_).count();
        last_ = now;
        tokens_ = std::min(burst_, tokens_ + elapsed * per_second_);
        if (tokens_ < 1)
            return false;
        tokens_ -= 1;
        return true;
    }

  private:
    double per_second_;
    double burst_;
    double tokens_;
    std::chrono::steady_clock::time_point last_ = std::chrono::steady_clock::now();
};

}  // namespace hall::server
