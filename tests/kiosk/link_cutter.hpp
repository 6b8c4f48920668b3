// A TCP relay on loopback between a device and its server that can cut the link at the worst
// moment for a request: after the device's request went through, before any answer came back.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

namespace kiosk::testing {

class LinkCutter {
  public:
    explicit LinkCutter(unsigned short upstream_port) : upstream_port_(upstream_port) {
        listener_ = socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address = loopback(0);
        int on = 1;
        setsockopt(listener_, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
        if (bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
            listen(listener_, 16) != 0)
            throw std::runtime_error("the link cutter cannot listen");
        socklen_t length = sizeof address;
        getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length);
        port_ = ntohs(address.sin_port);
        acceptor_ = std::thread([this] { accept_loop(); });
    }
    ~LinkCutter() {
        stopping_ = true;
        acceptor_.join();
        std::lock_guard lock(mutex_);
        for (auto& relay : relays_)
            relay.join();
        close(listener_);
    }
    LinkCutter(const LinkCutter&) = delete;
    LinkCutter& operator=(const LinkCutter&) = delete;

    unsigned short port() const { return port_; }
    // The next bytes the device sends go through; the link is then cut as soon as the server
    // answers anything, so that answer is lost.
    void cut_before_next_answer() { armed_ = true; }
    int cuts() const { return cuts_; }

  private:
    static sockaddr_in loopback(unsigned short port) {
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(port);
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        return address;
    }

    void accept_loop() {
        while (!stopping_) {
            pollfd p{listener_, POLLIN, 0};
            if (poll(&p, 1, 50) <= 0)
                continue;
            int device = accept(listener_, nullptr, nullptr);
            if (device < 0)
                continue;
            int server = socket(AF_INET, SOCK_STREAM, 0);
            sockaddr_in address = loopback(upstream_port_);
            if (connect(server, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
                // The server is down: the device sees its connection close and tries again.
                close(server);
                close(device);
                continue;
            }
            std::lock_guard lock(mutex_);
            relays_.emplace_back([this, device, server] { relay(device, server); });
        }
    }

    void relay(int device, int server) {
        bool request_through = false;
        char buffer[65536];
        while (!stopping_) {
            pollfd p[2] = {{device, POLLIN, 0}, {server, POLLIN, 0}};
            if (poll(p, 2, 50) <= 0)
                continue;
            if (p[0].revents != 0) {
                ssize_t n = read(device, buffer, sizeof buffer);
                if (n <= 0 || write(server, buffer, static_cast<std::size_t>(n)) != n)
                    break;
                request_through = armed_;
            }
            if (p[1].revents != 0) {
                if (request_through) {
                    armed_ = false;
                    ++cuts_;
                    break;  // the answer is dropped with the link
                }
                ssize_t n = read(server, buffer, sizeof buffer);
                if (n <= 0 || write(device, buffer, static_cast<std::size_t>(n)) != n)
                    break;
            }
        }
        close(device);
        close(server);
    }

    unsigned short upstream_port_;
    unsigned short port_ = 0;
    int listener_ = -1;
    std::atomic<bool> stopping_{false};
    std::atomic<bool> armed_{false};
    std::atomic<int> cuts_{0};
    std::mutex mutex_;
    std::vector<std::thread> relays_;
    std::thread acceptor_;
};

}  // namespace kiosk::testing
