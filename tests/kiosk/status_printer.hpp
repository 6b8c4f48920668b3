// A thermal printer's network port for tests: a real TCP listener on loopback that answers
// ESC/POS real-time status requests (DLE EOT 1, 2, 4) with the bytes it is given and keeps
// everything else it receives, as the ticket it would have printed.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>

namespace kiosk::testing {

class StatusPrinter {
  public:
    // The answers to DLE EOT 1, 2 and 4; 0x12 is "all well" for each.
    StatusPrinter(unsigned char printer, unsigned char offline_cause, unsigned char paper)
        : answers_{printer, offline_cause, paper} {
        listener_ = socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
            listen(listener_, 4) != 0)
            throw std::runtime_error("the test printer cannot listen");
        socklen_t length = sizeof address;
        getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length);
        port_ = ntohs(address.sin_port);
        thread_ = std::thread([this] { serve(); });
    }
    ~StatusPrinter() {
        stopping_ = true;
        thread_.join();
        close(listener_);
    }
    StatusPrinter(const StatusPrinter&) = delete;
    StatusPrinter& operator=(const StatusPrinter&) = delete;

    std::string target() const { return "tcp:127.0.0.1:" + std::to_string(port_); }
    int status_requests() const { return status_requests_; }
    std::string printed() const {
        std::lock_guard lock(mutex_);
        return printed_;
    }

  private:
    void serve() {
        while (!stopping_) {
            pollfd p{listener_, POLLIN, 0};
            if (poll(&p, 1, 50) <= 0)
                continue;
            int fd = accept(listener_, nullptr, nullptr);
            if (fd >= 0)
                talk(fd);
        }
    }

    void talk(int fd) {
        std::string pending;
        char buffer[4096];
        while (!stopping_) {
            pollfd p{fd, POLLIN, 0};
            if (poll(&p, 1, 50) <= 0)
                continue;
            ssize_t n = read(fd, buffer, sizeof buffer);
            if (n <= 0)
                break;
            pending.append(buffer, static_cast<std::size_t>(n));
            // DLE EOT n is answered at once, wherever it stands in the stream.
            for (auto at = pending.find("\x10\x04");
                 at != std::string::npos && at + 2 < pending.size();
                 at = pending.find("\x10\x04")) {
                int which = pending[at + 2];
                unsigned char answer = which == 1   ? answers_[0]
                                       : which == 2 ? answers_[1]
                                                    : answers_[2];
                ++status_requests_;
                if (write(fd, &answer, 1) != 1)
                    break;
                pending.erase(at, 3);
            }
            std::lock_guard lock(mutex_);
            printed_ += pending.substr(0, pending.find("\x10\x04"));
            pending.erase(0, pending.find("\x10\x04") == std::string::npos
                                 ? pending.size()
                                 : pending.find("\x10\x04"));
        }
        close(fd);
    }

    unsigned char answers_[3];
    unsigned short port_ = 0;
    int listener_ = -1;
    std::atomic<bool> stopping_{false};
    std::atomic<int> status_requests_{0};
    mutable std::mutex mutex_;
    std::string printed_;
    std::thread thread_;
};

}  // namespace kiosk::testing
