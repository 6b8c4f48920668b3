// Compares the simulator's counts with the export, figure by figure, in both directions: a
// figure the export has and the simulator did not make is a difference too.
#include "export_check.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <algorithm>
#include <map>
#include <set>
#include <stdexcept>

namespace hall::sim {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using nlohmann::json;

json fetch_export(const net::ip::tcp::endpoint& server, const std::string& token, int year) {
    net::io_context io;
    beast::tcp_stream stream(io);
    stream.expires_after(std::chrono::minutes(5));
    stream.connect(server);
    http::request<http::empty_body> request{
        http::verb::get, "/api/export?year=" + std::to_string(year) + "&format=json", 11};
    request.set(http::field::host, server.address().to_string());
    request.set(http::field::authorization, "Bearer " + token);
    http::write(stream, request);
    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(1024 * 1024 * 1024);
    http::read(stream, buffer, parser);
    const auto& response = parser.get();
    if (response.result() != http::status::ok)
        throw std::runtime_error("the export was refused: HTTP " +
                                 std::to_string(response.result_int()) + " " + response.body());
    return json::parse(response.body());
}

namespace {

std::string code_of(const json& entry) {
    const auto& code = entry["code"];
    return code.is_string() ? code.get<std::string>() : code.dump();
}

std::int64_t metric_of(const json& metrics, const std::string& metric) {
    auto it = metrics.find(metric);
    return it == metrics.end() || it->is_null() ? 0 : it->get<std::int64_t>();
}

class Comparison {
  public:
    void same(const std::string& figure, std::int64_t simulated, std::int64_t exported) {
        ++checked;
        if (simulated != exported)
            differences.push_back(figure + ": the simulator counted " + std::to_string(simulated) +
                                  ", the export says " + std::to_string(exported));
    }
    std::vector<std::string> differences;
    std::size_t checked = 0;
};

}  // namespace

std::vector<std::string> compare_with_export(const SimCounts& counts, const json& exported,
                                             std::size_t& checked) {
    Comparison c;
    // Which metrics the simulator counted per dimension, and under which keys.
    std::map<std::string, std::set<std::string>> metrics, keys;
    for (const auto& [figure, value] : counts.figures) {
        const auto& [dimension, key, metric] = figure;
        if (metric == "service_periods")
            continue;
        metrics[dimension].insert(metric);
        keys[dimension].insert(key);
    }

    // The hall.
    const auto& totals = exported["totals"];
    for (const auto& metric : metrics["hall"])
        c.same("hall " + metric, counts.get("hall", "", metric),
               metric_of(totals["metrics"], metric));
    c.same("hall wait count", counts.get("hall", "", "called"), totals["wait"]["count"]);
    c.same("hall wait total_ms", counts.get("hall", "", "wait_ms"), totals["wait"]["total_ms"]);
    c.same("hall service count", counts.get("hall", "", "service_periods"),
           totals["service"]["count"]);
    c.same("hall service total_ms", counts.get("hall", "", "service_ms"),
           totals["service"]["total_ms"]);

    // Zones, queues, departments, items, windows, staff, packages: every entry of the export
    // and every key the simulator counted.
    static const std::map<std::string, std::string> lists = {
        {"zone", "zones"},      {"queue", "queues"},   {"department", "departments"},
        {"item", "items"},      {"window", "windows"}, {"staff", "staff"},
        {"package", "packages"}};
    for (const auto& [dimension, list] : lists) {
        std::map<std::string, const json*> entries;
        for (const auto& entry : exported[list])
            entries[code_of(entry)] = &entry;
        std::set<std::string> all = keys[dimension];
        for (const auto& [code, entry] : entries)
            all.insert(code);
        for (const auto& key : all) {
            auto it = entries.find(key);
            for (const auto& metric : metrics[dimension]) {
                const std::int64_t value =
                    it == entries.end() ? 0 : metric_of((*it->second)["metrics"], metric);
                c.same(dimension + " " + key + " " + metric, counts.get(dimension, key, metric),
                       value);
            }
        }
    }

    // By hour of issue.
    std::map<std::string, std::int64_t> hours;
    for (const auto& h : exported["by_hour"]) {
        char key[16];
        std::snprintf(key, sizeof key, "%02d", h["hour"].get<int>());
        hours[key] = h["issued"].get<std::int64_t>();
    }
    for (int hour = 0; hour < 24; ++hour) {
        char key[16];
        std::snprintf(key, sizeof key, "%02d", hour);
        c.same(std::string("hour ") + key + " issued", counts.get("hour", key, "issued"),
               hours[key]);
    }

    // By day and month, and the open days.
    std::map<std::string, DayCounts> months;
    std::int64_t open_days = 0;
    for (const auto& [day, d] : counts.days) {
        auto& m = months[day.substr(0, 7)];
        m.issued += d.issued;
        m.served += d.served;
        m.items_handled += d.items_handled;
        if (d.issued > 0)
            ++open_days;
    }
    std::set<std::string> days_seen;
    for (const auto& d : exported["by_day"]) {
        const auto day = d["day"].get<std::string>();
        days_seen.insert(day);
        auto it = counts.days.find(day);
        const DayCounts mine = it == counts.days.end() ? DayCounts{} : it->second;
        c.same(day + " issued", mine.issued, d["issued"]);
        c.same(day + " served", mine.served, d["served"]);
        c.same(day + " no_show", mine.no_show, d["no_show"]);
        c.same(day + " cancelled", mine.cancelled, d["cancelled"]);
        c.same(day + " unserved", mine.unserved, d["unserved"]);
        c.same(day + " items_handled", mine.items_handled, d["items_handled"]);
    }
    for (const auto& [day, d] : counts.days)
        if (!days_seen.count(day))
            c.differences.push_back(day + ": the simulator played it, the export has no such day");
    for (const auto& m : exported["by_month"]) {
        const auto month = m["month"].get<std::string>();
        const DayCounts mine = months.count(month) ? months[month] : DayCounts{};
        c.same(month + " issued", mine.issued, m["issued"]);
        c.same(month + " served", mine.served, m["served"]);
        c.same(month + " items_handled", mine.items_handled, m["items_handled"]);
    }
    c.same("open days", open_days, totals["open_days"]);

    // Satisfaction: the grades, and every bad review with its reason.
    const auto& satisfaction = exported["satisfaction"];
    for (int grade = 1; grade <= 5; ++grade)
        c.same("grade " + std::to_string(grade),
               counts.get("hall", "", "rating_" + std::to_string(grade)),
               satisfaction["grades"][static_cast<std::size_t>(grade - 1)]);
    std::vector<BadReview> theirs;
    for (const auto& r : satisfaction["bad_review_list"])
        theirs.push_back({r["day"].get<std::string>(), r["window"].get<int>(),
                          r["staff"].get<std::string>(), r["grade"].get<int>(),
                          r["reason"].get<std::string>()});
    auto mine = counts.bad_reviews;
    std::sort(mine.begin(), mine.end());
    std::sort(theirs.begin(), theirs.end());
    ++c.checked;
    if (mine != theirs)
        c.differences.push_back("bad reviews: the simulator made " + std::to_string(mine.size()) +
                                ", the export lists " + std::to_string(theirs.size()) +
                                (mine.size() == theirs.size() ? " (different days, windows, "
                                                                "staff, grades or reasons)"
                                                              : ""));
    checked = c.checked;
    return c.differences;
}

}  // namespace hall::sim
