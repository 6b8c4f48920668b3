#include "child_process.hpp"

#include <spawn.h>

#include <stdexcept>

extern char** environ;

namespace hall {

pid_t spawn_process(const std::string& binary, const std::vector<std::string>& args, int output_fd,
                    int close_in_child) {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, output_fd, 1);
    posix_spawn_file_actions_adddup2(&actions, output_fd, 2);
    if (close_in_child >= 0)
        posix_spawn_file_actions_addclose(&actions, close_in_child);
    std::vector<std::string> all{binary};
    all.insert(all.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : all)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    pid_t pid = 0;
    const int rc = posix_spawn(&pid, binary.c_str(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0)
        throw std::runtime_error("cannot start " + binary);
    return pid;
}

}  // namespace hall
