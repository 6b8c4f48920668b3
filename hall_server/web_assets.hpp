// The browser pages (assets/web/), compiled into the server so that it serves what it was
// built with.
#pragma once

#include <string_view>

namespace hall::server {

struct WebAsset {
    std::string_view content;
    std::string_view content_type;
};

// The asset served at path ("/board.html", "/board.js", ...), or nullptr.
const WebAsset* find_web_asset(std::string_view path);

}  // namespace hall::server
