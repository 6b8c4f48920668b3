// hall_server's commands on the region's central store (central_command.cpp, sync_command.cpp).
#pragma once

namespace hall::server {

int sync_command(int argc, char** argv);
int central_command(int argc, char** argv);
// verify and export hand over to these when given --central.
int central_verify_command(int argc, char** argv);
int central_export_command(int argc, char** argv);
bool wants_central(int argc, char** argv);

}  // namespace hall::server
