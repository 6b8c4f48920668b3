// The printing thread.
#include "print_service.hpp"

namespace kiosk {

PrintService::PrintService(PrinterTarget target, std::function<void()> wake)
    : target_(std::move(target)), wake_(std::move(wake)), thread_([this] { run(); }) {}

PrintService::~PrintService() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    changed_.notify_all();
    thread_.join();
}

void PrintService::print(std::string bytes) {
    {
        std::lock_guard lock(mutex_);
        jobs_.push_back(std::move(bytes));
    }
    changed_.notify_all();
}

std::deque<PrintOutcome> PrintService::take() {
    std::lock_guard lock(mutex_);
    return std::exchange(done_, {});
}

void PrintService::run() {
    for (;;) {
        std::string job;
        {
            std::unique_lock lock(mutex_);
            changed_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
            if (stopping_)
                return;
            job = std::move(jobs_.front());
            jobs_.pop_front();
        }
        auto outcome = send_to_printer(target_, job);
        {
            std::lock_guard lock(mutex_);
            done_.push_back(std::move(outcome));
        }
        wake_();
    }
}

}  // namespace kiosk
