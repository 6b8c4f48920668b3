// The simulator's hall: catalog import, device registration and the server, as separate runs of
// the real hall_server binary.
#include "scratch_hall.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "child_process.hpp"
#include "csv_reader.hpp"
#include "pin_hash.hpp"

namespace hall::sim {

namespace fs = std::filesystem;

namespace {

std::string csv_field(const std::string& text) {
    if (text.find_first_of(",\"\r\n") == std::string::npos)
        return text;
    std::string quoted = "\"";
    for (char c : text) {
        if (c == '"')
            quoted += '"';
        quoted += c;
    }
    return quoted + "\"";
}

std::string read_text(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace

ScratchHall::ScratchHall(std::string server_binary, std::string db, std::string work_dir)
    : server_binary_(std::move(server_binary)), db_(std::move(db)), work_dir_(std::move(work_dir)) {
    fs::create_directories(work_dir_);
}

ScratchHall::~ScratchHall() {
    if (server_pid_ > 0) {
        kill(server_pid_, SIGKILL);
        waitpid(server_pid_, nullptr, 0);
    }
}

std::string ScratchHall::run(const std::vector<std::string>& args) {
    const auto log = fs::path(work_dir_) / "command.out";
    const int fd = open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0)
        throw std::runtime_error("cannot write " + log.string());
    const pid_t pid = spawn_process(server_binary_, args, fd);
    ::close(fd);
    int status = 0;
    waitpid(pid, &status, 0);
    auto output = read_text(log);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        throw std::runtime_error("hall_server " + args.front() + " failed: " + output);
    return output;
}

void ScratchHall::import_catalog(const std::string& catalog_dir, const std::string& pin) {
    const auto copy = fs::path(work_dir_) / "catalog";
    fs::create_directories(copy);
    for (const auto& entry : fs::directory_iterator(catalog_dir))
        if (entry.path().extension() == ".csv" && entry.path().filename() != "staff.csv")
            fs::copy_file(entry.path(), copy / entry.path().filename(),
                          fs::copy_options::overwrite_existing);
    // staff.csv again, with the PIN column replaced; one hash serves everyone (it is salted
    // once, which is fine for a hall that exists only in a simulation).
    auto staff = csv::read_file(fs::path(catalog_dir) / "staff.csv");
    if (staff.error || staff.records.empty())
        throw std::runtime_error("cannot read " + catalog_dir + "/staff.csv");
    const auto& header = staff.records.front().fields;
    std::size_t pin_column = header.size();
    for (std::size_t i = 0; i < header.size(); ++i)
        if (header[i].text == "pin")
            pin_column = i;
    if (pin_column == header.size())
        throw std::runtime_error(catalog_dir + "/staff.csv has no pin column");
    const auto hash = hash_pin_for_simulation(pin);
    std::ofstream out(copy / "staff.csv", std::ios::binary);
    for (std::size_t r = 0; r < staff.records.size(); ++r) {
        const auto& fields = staff.records[r].fields;
        for (std::size_t i = 0; i < fields.size(); ++i) {
            if (i)
                out << ',';
            out << csv_field(r > 0 && i == pin_column ? hash : fields[i].text);
        }
        out << "\r\n";
    }
    out.close();
    run({"import", "--db", db_, copy.string()});
}

DeviceTokens ScratchHall::register_devices(const Catalog& catalog, int kiosks, int boards) {
    auto add = [&](const std::string& role, int window, const std::string& name) {
        std::vector<std::string> args{"device", "add", "--db", db_, "--role", role};
        if (window > 0) {
            args.push_back("--window");
            args.push_back(std::to_string(window));
        }
        args.push_back(name);
        auto token = run(args);
        while (!token.empty() && (token.back() == '\n' || token.back() == '\r'))
            token.pop_back();
        if (token.find('.') == std::string::npos || token.find('\n') != std::string::npos)
            throw std::runtime_error("hall_server device add printed no token: " + token);
        return token;
    };
    DeviceTokens tokens;
    tokens.manager = add("manager", 0, "sim-manager");
    for (int k = 1; k <= kiosks; ++k)
        tokens.kiosks.push_back(add("kiosk", 0, "sim-kiosk-" + std::to_string(k)));
    for (int b = 1; b <= boards; ++b)
        tokens.boards.push_back(add("board", 0, "sim-board-" + std::to_string(b)));
    for (const auto& w : catalog.windows) {
        tokens.counters[w.number] =
            add("counter", w.number, "sim-counter-" + std::to_string(w.number));
        tokens.ratings[w.number] =
            add("rating", w.number, "sim-rating-" + std::to_string(w.number));
    }
    return tokens;
}

unsigned short ScratchHall::start_server(const std::string& test_clock_start,
                                         const std::optional<std::string>& config_file) {
    const auto log = fs::path(work_dir_) / "hall_server.log";
    const int fd = open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0)
        throw std::runtime_error("cannot write " + log.string());
    std::vector<std::string> args{"serve",        "--db",          db_, "--listen", "127.0.0.1:0",
                                  "--test-clock", test_clock_start};
    if (config_file) {
        args.push_back("--config");
        args.push_back(*config_file);
    }
    server_pid_ = spawn_process(server_binary_, args, fd);
    ::close(fd);
    // "hall_server: NAME, day D, serving on http://127.0.0.1:PORT"
    static const std::regex serving("serving on https?://127\\.0\\.0\\.1:([0-9]+)");
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (std::chrono::steady_clock::now() < deadline) {
        std::smatch match;
        const auto text = read_text(log);
        if (std::regex_search(text, match, serving))
            return static_cast<unsigned short>(std::stoi(match[1].str()));
        int status = 0;
        if (waitpid(server_pid_, &status, WNOHANG) == server_pid_) {
            server_pid_ = -1;
            throw std::runtime_error("hall_server serve stopped at start: " + text);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    throw std::runtime_error("hall_server serve did not start within 30 s; see " + log.string());
}

bool ScratchHall::stop_server() {
    if (server_pid_ <= 0)
        return false;
    kill(server_pid_, SIGTERM);
    int status = 0;
    waitpid(server_pid_, &status, 0);
    server_pid_ = -1;
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

}  // namespace hall::sim
