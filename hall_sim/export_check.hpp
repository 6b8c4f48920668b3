// The simulator's check: its own counts against the server's yearly export (JSON over HTTP).
#pragma once

#include <boost/asio/ip/tcp.hpp>

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "sim_counts.hpp"

namespace hall::sim {

// GET /api/export?year=Y&format=json as a manager device; throws with the server's error.
nlohmann::json fetch_export(const boost::asio::ip::tcp::endpoint& server, const std::string& token,
                            int year);

// Every figure the simulator counted, compared with the export: each difference is one line
// naming the figure, the simulator's count and the export's. `checked` counts the comparisons.
std::vector<std::string> compare_with_export(const SimCounts& counts,
                                             const nlohmann::json& exported, std::size_t& checked);

}  // namespace hall::sim
