// hall_server's entry point: dispatches to the subcommands.
#include <cstdio>
#include <string_view>

int main(int argc, char** argv) {
    if (argc < 2 || std::string_view(argv[1]) == "--help") {
        std::puts("usage: hall_server COMMAND [--db PATH] [options]");
        return argc < 2 ? 2 : 0;
    }
    return 2;
}
