// Runs the real kiosk binary in tests, its output kept in a file, killed if it outlives a bound.
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace kiosk::testing {

class KioskProcess {
  public:
    // `settings` replace these variables of the environment; by default the program runs headless,
    // with the dummy video and audio drivers, as on a server without a display.
    KioskProcess(const std::vector<std::string>& args, std::string log_path,
                 const std::vector<std::string>& settings = {"SDL_VIDEODRIVER=dummy",
                                                             "SDL_AUDIODRIVER=dummy"})
        : log_(std::move(log_path)) {
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_addopen(&actions, 1, log_.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                         0644);
        posix_spawn_file_actions_adddup2(&actions, 1, 2);
        std::vector<std::string> all{KIOSK_BINARY};
        all.insert(all.end(), args.begin(), args.end());
        std::vector<char*> argv;
        for (auto& a : all)
            argv.push_back(a.data());
        argv.push_back(nullptr);
        std::vector<std::string> env_strings = settings;
        for (char** e = environ; *e; ++e) {
            std::string entry = *e;
            bool replaced = false;
            for (const auto& setting : settings)
                replaced = replaced || entry.starts_with(setting.substr(0, setting.find('=') + 1));
            if (!replaced)
                env_strings.push_back(entry);
        }
        std::vector<char*> env;
        for (auto& e : env_strings)
            env.push_back(e.data());
        env.push_back(nullptr);
        int rc = posix_spawn(&pid_, KIOSK_BINARY, &actions, nullptr, argv.data(), env.data());
        posix_spawn_file_actions_destroy(&actions);
        if (rc != 0)
            throw std::runtime_error("cannot start " KIOSK_BINARY);
    }
    ~KioskProcess() {
        if (pid_ > 0) {
            kill(pid_, SIGKILL);
            waitpid(pid_, nullptr, 0);
        }
    }
    KioskProcess(const KioskProcess&) = delete;
    KioskProcess& operator=(const KioskProcess&) = delete;

    // The exit status, or -1 if it had to be killed after `bound`.
    int wait(std::chrono::seconds bound = std::chrono::seconds(90)) {
        auto deadline = std::chrono::steady_clock::now() + bound;
        while (std::chrono::steady_clock::now() < deadline) {
            int status = 0;
            if (waitpid(pid_, &status, WNOHANG) == pid_) {
                pid_ = -1;
                return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        kill(pid_, SIGKILL);
        waitpid(pid_, nullptr, 0);
        pid_ = -1;
        return -1;
    }

    pid_t pid() const { return pid_; }

    std::string output() const {
        std::ifstream in(log_);
        return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    }

  private:
    std::string log_;
    pid_t pid_ = -1;
};

}  // namespace kiosk::testing
