// Latency samples of a benchmark run and their percentiles.
#pragma once

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <vector>

namespace hall::bench {

class Latencies {
  public:
    void add(std::chrono::steady_clock::duration d) {
        samples_.push_back(std::chrono::duration_cast<std::chrono::nanoseconds>(d).count());
        sorted_ = false;
    }
    std::size_t count() const { return samples_.size(); }

    // The q-quantile (0 < q <= 1) by nearest rank, in milliseconds; 0 without samples.
    double percentile_ms(double q) {
        if (samples_.empty())
            return 0;
        if (!sorted_) {
            std::sort(samples_.begin(), samples_.end());
            sorted_ = true;
        }
        auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(samples_.size())));
        rank = std::clamp<std::size_t>(rank, 1, samples_.size());
        return static_cast<double>(samples_[rank - 1]) / 1e6;
    }

  private:
    std::vector<std::int64_t> samples_;
    bool sorted_ = true;
};

// The first part of a fan-out program's result line (hall_bench_board_fanout and its baseline):
// the rounds' times to the last board, and to the caller's own reply. No newline.
inline void print_fanout(const char* name, std::size_t boards, int rounds, Latencies& to_boards,
                         Latencies& to_reply, int missed, std::size_t lost) {
    std::printf(
        "%s boards=%zu rounds=%d p50_ms=%.3f p99_ms=%.3f max_ms=%.3f call_reply_p50_ms=%.3f "
        "call_reply_p99_ms=%.3f missed=%d lost=%zu",
        name, boards, rounds, to_boards.percentile_ms(0.5), to_boards.percentile_ms(0.99),
        to_boards.percentile_ms(1.0), to_reply.percentile_ms(0.5), to_reply.percentile_ms(0.99),
        missed, lost);
}

}  // namespace hall::bench
