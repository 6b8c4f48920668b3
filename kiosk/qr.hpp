// QR codes for the screens: libqrencode's matrix, and that matrix as an SDL texture.
#pragma once

#include <string_view>
#include <vector>

struct SDL_Renderer;
struct SDL_Texture;

namespace kiosk {

struct QrMatrix {
    int size = 0;            // modules per side; 0 when encoding failed
    std::vector<bool> dark;  // row-major, size*size
    bool at(int x, int y) const {
        return dark[static_cast<std::size_t>(y) * static_cast<std::size_t>(size) +
                    static_cast<std::size_t>(x)];
    }
};

QrMatrix encode_qr(std::string_view text);

// Black modules on white with a four-module quiet zone, one pixel per module: draw it scaled
// with nearest-neighbour sampling. The caller owns the texture.
SDL_Texture* qr_texture(SDL_Renderer* renderer, const QrMatrix& matrix);

}  // namespace kiosk
