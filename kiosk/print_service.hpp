// Prints tickets on its own thread, because a device file or a TCP printer can block for
// seconds; each outcome comes back through take(), with `wake` rousing the SDL thread.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "escpos_printer.hpp"

namespace kiosk {

class PrintService {
  public:
    PrintService(PrinterTarget target, std::function<void()> wake);
    ~PrintService();
    PrintService(const PrintService&) = delete;
    PrintService& operator=(const PrintService&) = delete;

    void print(std::string bytes);
    std::deque<PrintOutcome> take();

  private:
    void run();

    PrinterTarget target_;
    std::function<void()> wake_;
    std::mutex mutex_;
    std::condition_variable changed_;
    std::deque<std::string> jobs_;
    std::deque<PrintOutcome> done_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace kiosk
