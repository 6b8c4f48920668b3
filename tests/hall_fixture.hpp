// A small hall for tests: two zones, three queues, five windows, six staff, one package.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>

#include "catalog.hpp"
#include "clock.hpp"
#include "hall_calendar.hpp"

namespace hall::testing {

inline Catalog small_hall() {
    Catalog c;
    c.hall.name = "测试大厅";
    c.hall.time_zone = "Asia/Shanghai";
    c.hall.day_close_min = 18 * 60;
    c.hall.recall_limit = 2;
    c.zones = {{"Z1", "社会民生服务专区", "A"}, {"Z2", "商事服务专区", "C"}};
    c.departments = {{"D1", "人社局", "Z1", "2018-01-01"},
                     {"D2", "市场监督管理局", "Z2", "2019-05-01"}};
    c.items = {{"I1",
                "城乡居民养老保险参保登记",
                "D1",
                true,
                0,
                {"居民身份证"},
                "https://g/1",
                "2018-01-01",
                ""},
               {"I2", "失业保险金申领", "D1", false, 5, {"居民身份证"}, "", "2018-01-01", ""},
               {"I3",
                "个体工商户设立登记",
                "D2",
                true,
                1,
                {"居民身份证", "经营场所证明"},
                "https://g/3",
                "2019-05-01",
                ""}};
    auto all = std::vector<Priority>{Priority::elderly, Priority::disabled, Priority::military,
                                     Priority::appointment};
    c.queues = {{"QA", "社保业务", "Z1", "A", 15, 5, all, {"I1", "I2"}},
                {"QB", "就业业务", "Z1", "B", 20, 6, all, {"I2"}},
                {"QC", "企业开办", "Z2", "C", 20, 10, {}, {"I3"}}};
    auto rule = [](const char* text) { return *parse_calling_rule(text); };
    c.windows = {{1, "1号窗口", "Z1", {"QA"}, rule("strict"), {}, false},
                 {2, "2号窗口", "Z1", {"QA", "QB"}, rule("interleave 2:1"), {}, false},
                 {3, "3号窗口", "Z1", {"QA"}, rule("weighted 2"), {}, false},
                 {4, "4号窗口", "Z1", {"QB", "QA"}, rule("strict"), {{"QA", 20}}, false},
                 {5, "5号窗口", "Z2", {"QC"}, rule("strict"), {}, true}};
    for (int i = 1; i <= 6; ++i)
        c.staff.push_back({"S" + std::to_string(i), "职员" + std::to_string(i), "D1", ""});
    c.packages = {{"P1", "开办餐饮店", "餐饮", {"I1", "I3"}}};
    c.index();
    return c;
}

// 09:00 on 2026-11-27 in the hall's time zone.
inline std::int64_t morning(const Catalog& catalog, const std::string& day = "2026-11-27",
                            int minute = 9 * 60) {
    return HallCalendar(catalog.hall.time_zone).at(day, minute);
}

// A scratch directory removed when the test ends.
class TempDir {
  public:
    TempDir() {
        std::random_device rd;
        path_ = std::filesystem::temp_directory_path() /
                ("counterhall-test-" + std::to_string(rd()) + std::to_string(rd()));
        std::filesystem::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return path_; }
    std::string file(const std::string& name) const { return (path_ / name).string(); }

  private:
    std::filesystem::path path_;
};

}  // namespace hall::testing
