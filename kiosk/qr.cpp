// libqrencode to an SDL texture.
#include "qr.hpp"

#include <SDL.h>
#include <qrencode.h>

#include <string>

namespace kiosk {

QrMatrix encode_qr(std::string_view text) {
    QrMatrix matrix;
    std::string copy(text);
    QRcode* code = QRcode_encodeString(copy.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    if (!code)
        return matrix;
    matrix.size = code->width;
    auto count = static_cast<std::size_t>(code->width) * static_cast<std::size_t>(code->width);
    matrix.dark.resize(count);
    for (std::size_t i = 0; i < count; ++i)
        matrix.dark[i] = (code->data[i] & 1) != 0;
    QRcode_free(code);
    return matrix;
}

SDL_Texture* qr_texture(SDL_Renderer* renderer, const QrMatrix& matrix) {
    if (matrix.size == 0)
        return nullptr;
    const int quiet = 4;
    const int side = matrix.size + 2 * quiet;
    SDL_Surface* surface =
        SDL_CreateRGBSurfaceWithFormat(0, side, side, 32, SDL_PIXELFORMAT_ARGB8888);
    if (!surface)
        return nullptr;
    SDL_FillRect(surface, nullptr, SDL_MapRGB(surface->format, 255, 255, 255));
    const Uint32 black = SDL_MapRGB(surface->format, 0, 0, 0);
    for (int y = 0; y < matrix.size; ++y)
        for (int x = 0; x < matrix.size; ++x)
            if (matrix.at(x, y)) {
                SDL_Rect module{x + quiet, y + quiet, 1, 1};
                SDL_FillRect(surface, &module, black);
            }
    SDL_SetHint(SDL_HINT_RENDER_SCALE_QUALITY, "0");
    SDL_Texture* texture = SDL_CreateTextureFromSurface(renderer, surface);
    SDL_FreeSurface(surface);
    return texture;
}

}  // namespace kiosk
