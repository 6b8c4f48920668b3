// Latency samples of a benchmark run and their percentiles.
#pragma once

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
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

}  // namespace hall::bench
