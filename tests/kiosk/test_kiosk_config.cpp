// The kiosk's command line and config file.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "config.hpp"

using namespace kiosk;

TEST_CASE("the command line picks the role, the server and the token") {
    std::string error;
    auto config = parse_command_line({"--role", "board", "--server", "ws://10.0.0.2:8080",
                                      "--token", "board-1.secret", "--layout", "strip", "--mute"},
                                     error);
    REQUIRE(config);
    CHECK(config->role == Role::board);
    CHECK(config->device == "board-1");
    CHECK(config->strip);
    CHECK(config->mute);
    CHECK(config->size == Size{384, 64});
}

TEST_CASE("each role has its default screen size, and --size overrides it") {
    std::string error;
    CHECK(parse_command_line({"--role", "ticket", "--token", "k.s"}, error)->size ==
          Size{1080, 1920});
    CHECK(parse_command_line({"--role", "counter", "--token", "k.s"}, error)->size ==
          Size{800, 480});
    CHECK(parse_command_line({"--role", "rating", "--token", "k.s", "--size", "1024x600"}, error)
              ->size == Size{1024, 600});
}

TEST_CASE("a kiosk fills the display unless --windowed or --size asks for a window") {
    std::string error;
    CHECK(parse_command_line({"--role", "ticket", "--token", "k.s"}, error)->fills_display());
    CHECK_FALSE(parse_command_line({"--role", "ticket", "--token", "k.s", "--windowed"}, error)
                    ->fills_display());
    auto sized =
        parse_command_line({"--role", "ticket", "--token", "k.s", "--size", "1080x1920"}, error);
    REQUIRE(sized);
    CHECK_FALSE(sized->fills_display());
    CHECK(sized->size == Size{1080, 1920});
}

TEST_CASE("a window is placed by --position, and centred without it") {
    std::string error;
    CHECK_FALSE(parse_command_line({"--role", "board", "--token", "k.s"}, error)->position);
    auto placed =
        parse_command_line({"--role", "board", "--token", "k.s", "--position", "540,-20"}, error);
    REQUIRE(placed);
    CHECK(placed->position == WindowPosition{540, -20});
    for (const char* wrong : {"540", "540,", ",20", "a,b", "1,2,3", "1x2"}) {
        CAPTURE(wrong);
        CHECK_FALSE(
            parse_command_line({"--role", "board", "--token", "k.s", "--position", wrong}, error));
        CHECK_THAT(error, Catch::Contains("--position"));
    }
}

TEST_CASE("the software renderer is the default, and --renderer accelerated chooses the other") {
    std::string error;
    CHECK(parse_command_line({"--role", "ticket", "--token", "k.s"}, error)->software_renderer);
    CHECK_FALSE(parse_command_line(
                    {"--role", "ticket", "--token", "k.s", "--renderer", "accelerated"}, error)
                    ->software_renderer);
    CHECK(
        parse_command_line({"--role", "ticket", "--token", "k.s", "--renderer", "software"}, error)
            ->software_renderer);
    CHECK_FALSE(
        parse_command_line({"--role", "ticket", "--token", "k.s", "--renderer", "gpu"}, error));
    CHECK_THAT(error, Catch::Contains("--renderer"));
}

TEST_CASE("a ticket kiosk goes home after 60 s untouched, or --home-after seconds") {
    std::string error;
    CHECK(parse_command_line({"--role", "ticket", "--token", "k.s"}, error)->home_after_s == 60);
    CHECK(parse_command_line({"--role", "ticket", "--token", "k.s", "--home-after", "90"}, error)
              ->home_after_s == 90);
    for (const char* wrong : {"4", "3601", "60s", "", "-60"}) {
        CAPTURE(wrong);
        CHECK_FALSE(parse_command_line(
            {"--role", "ticket", "--token", "k.s", "--home-after", wrong}, error));
        CHECK_THAT(error, Catch::Contains("--home-after"));
    }
}

TEST_CASE("wrong arguments are refused with a reason") {
    std::string error;
    CHECK_FALSE(parse_command_line({"--role", "printer", "--token", "k.s"}, error));
    CHECK_THAT(error, Catch::Contains("printer"));
    unsetenv("HALL_DEVICE_TOKEN");
    CHECK_FALSE(parse_command_line({"--role", "ticket"}, error));
    CHECK_THAT(error, Catch::Contains("--token"));
    CHECK_FALSE(parse_command_line({"--role", "ticket", "--token", "k.s", "--size", "big"}, error));
    CHECK_FALSE(parse_command_line({"--role", "ticket", "--token", "k.s", "--lang", "fr"}, error));
}

TEST_CASE("a config file gives the same options, and the command line overrides it") {
    auto path = std::filesystem::temp_directory_path() / "kiosk-test.conf";
    {
        std::ofstream out(path);
        out << "# the kiosk by the door\nrole = ticket\ntoken = kiosk-1.abc\nlang = en\n"
               "printer = tcp:192.168.1.50:9100\n";
    }
    std::string error;
    auto config = parse_command_line({"--config", path.string(), "--lang", "zh"}, error);
    std::filesystem::remove(path);
    REQUIRE(config);
    CHECK(config->token == "kiosk-1.abc");
    CHECK(config->printer == "tcp:192.168.1.50:9100");
    CHECK(config->lang == Lang::zh);
}

TEST_CASE("the token may come from the environment, out of sight of ps") {
    setenv("HALL_DEVICE_TOKEN", "board-9.secret", 1);
    std::string error;
    auto config = parse_command_line({"--role", "board"}, error);
    unsetenv("HALL_DEVICE_TOKEN");
    REQUIRE(config);
    CHECK(config->token == "board-9.secret");
    CHECK(config->device == "board-9");
}
