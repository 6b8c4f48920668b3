// hall_server's subcommands. Each takes argv after its own name and returns the exit status.
#pragma once

#include <optional>
#include <string>

namespace hall::server {

int import_command(int argc, char** argv);
int verify_command(int argc, char** argv);
int serve_command(int argc, char** argv);
int device_command(int argc, char** argv);
int stats_command(int argc, char** argv);
int export_command(int argc, char** argv);
int backup_command(int argc, char** argv);

// Writes an export's bytes to FILE (beside it, then renamed over it) or to standard output.
int write_export(const std::string& bytes, const std::optional<std::string>& out);

// Exit statuses shared by the subcommands.
inline constexpr int exit_ok = 0;
inline constexpr int exit_failed = 1;  // the command ran and found a problem (bad file, mismatch)
inline constexpr int exit_usage = 2;   // bad options

}  // namespace hall::server
