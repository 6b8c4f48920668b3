// Starting another program as a child process, its output into a file descriptor: the simulator
// and the end-to-end tests both run the real hall_server binary this way.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace hall {

// Starts `binary` with `args` (after its own name), its stdout and stderr both into `output_fd`
// and the environment of this process. `close_in_child`, if not -1, is closed in the child (the
// read end of the pipe `output_fd` writes to). Throws std::runtime_error if it cannot start.
pid_t spawn_process(const std::string& binary, const std::vector<std::string>& args, int output_fd,
                    int close_in_child = -1);

}  // namespace hall
