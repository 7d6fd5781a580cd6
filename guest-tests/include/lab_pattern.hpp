// lab_pattern.hpp: deterministic test patterns for ingenic-lab, shared by the guest test binary
// (which fills frame buffers with them) and host tools (which compute the frame QEMU should show
// and compare a screendump against it). Pure C++17, header-only, no dependencies.
//
// The pattern is defined once, in 8-bit RGB, for a given size and seed (`reference`). A buffer of
// some pixel format holds that pattern encoded in the format (`fill`); what a display shows is the
// encoded value expanded back to 8 bits (`expected`): the low bits a format does not store are
// zero ("shift" expansion, as QEMU's pixel conversion helpers do). `same_at_precision` compares
// two 8-bit colours only on the bits the format stores, so a host comparing a screendump does not
// depend on whether the display model expands by shifting or by replicating the top bits.
// YUV formats go through BT.601 limited-range integer conversion; they are not bit-exact after a
// colour-space converter (`tolerance` says by how much a channel may differ).
//
// A screen is described by a recipe (background + layers bottom to top, each a pattern of some
// format/size/seed shown at a position and size; a size different from the source means scaling),
// with a one-line text form the guest prints next to its SCREEN request, e.g.
//   screen=320x240;bg=000000;layer=xrgb8888,320x240,0,0,320x240,7;layer=rgb565,128x96,96,72,128x96,8
// A layer shown through the IPU carries an ",ipu=<sharpness>" suffix, e.g.
//   layer=yuv420,128x96,0,0,320x240,9,ipu=8
// `compose` renders a recipe: IPU layers exactly as the IPU model computes them (lab_ipu.hpp:
// the driver's LUTs and CSC, the model's arithmetic), other layers 1:1; a scaled layer without
// the IPU marker is drawn nearest-neighbour and only approximate (Screen::exact is false).
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lab_ipu.hpp"

namespace lab::pattern {

enum class Format {
    XRGB8888,
    XBGR8888,
    RGB888,
    RGB565,
    BGR565,
    XRGB1555,
    XBGR1555,
    XRGB2101010,
    YUYV,
    UYVY,
    YUV420,
    C8,
};

constexpr uint32_t fourcc(char a, char b, char c, char d)
{
    return uint32_t(uint8_t(a)) | uint32_t(uint8_t(b)) << 8 | uint32_t(uint8_t(c)) << 16 |
           uint32_t(uint8_t(d)) << 24;
}

struct FormatInfo {
    Format format;
    const char *name;    // lowercase, as used in case names and recipes
    uint32_t fourcc;     // DRM fourcc
    unsigned cpp;        // bytes per pixel of plane 0 (packed formats), 1 for planar YUV
    unsigned planes;
    unsigned rbits, gbits, bbits; // stored precision (8 for YUV)
    bool yuv;
};

inline constexpr std::array<FormatInfo, 12> kFormats{{
    {Format::XRGB8888, "xrgb8888", fourcc('X', 'R', '2', '4'), 4, 1, 8, 8, 8, false},
    {Format::XBGR8888, "xbgr8888", fourcc('X', 'B', '2', '4'), 4, 1, 8, 8, 8, false},
    {Format::RGB888, "rgb888", fourcc('R', 'G', '2', '4'), 3, 1, 8, 8, 8, false},
    {Format::RGB565, "rgb565", fourcc('R', 'G', '1', '6'), 2, 1, 5, 6, 5, false},
    {Format::BGR565, "bgr565", fourcc('B', 'G', '1', '6'), 2, 1, 5, 6, 5, false},
    {Format::XRGB1555, "xrgb1555", fourcc('X', 'R', '1', '5'), 2, 1, 5, 5, 5, false},
    {Format::XBGR1555, "xbgr1555", fourcc('X', 'B', '1', '5'), 2, 1, 5, 5, 5, false},
    {Format::XRGB2101010, "xrgb2101010", fourcc('X', 'R', '3', '0'), 4, 1, 10, 10, 10, false},
    {Format::YUYV, "yuyv", fourcc('Y', 'U', 'Y', 'V'), 2, 1, 8, 8, 8, true},
    {Format::UYVY, "uyvy", fourcc('U', 'Y', 'V', 'Y'), 2, 1, 8, 8, 8, true},
    {Format::YUV420, "yuv420", fourcc('Y', 'U', '1', '2'), 1, 3, 8, 8, 8, true},
    // 8-bit indices into the CRTC's 256-entry gamma LUT, which ingenic-drm turns into the LCDC's
    // RGB565 palette: stored precision is the palette's.
    {Format::C8, "c8", fourcc('C', '8', ' ', ' '), 1, 1, 5, 6, 5, false},
}};

inline const FormatInfo &info(Format f)
{
    return kFormats[size_t(f)];
}

inline std::optional<Format> format_from_name(std::string_view name)
{
    for (const auto &i : kFormats) {
        if (name == i.name) {
            return i.format;
        }
    }
    return std::nullopt;
}

inline std::optional<Format> format_from_fourcc(uint32_t code)
{
    for (const auto &i : kFormats) {
        if (code == i.fourcc) {
            return i.format;
        }
    }
    return std::nullopt;
}

struct Rgb {
    uint8_t r = 0, g = 0, b = 0;
    friend bool operator==(const Rgb &a, const Rgb &b) { return a.r == b.r && a.g == b.g && a.b == b.b; }
    friend bool operator!=(const Rgb &a, const Rgb &b) { return !(a == b); }
};

// splitmix64: the one generator everything derives from (also used by the guest for schedules).
inline uint64_t mix64(uint64_t x)
{
    x += 0x9e3779b97f4a7c15ull;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}

// ---------------------------------------------------------------------------------------------
// The reference pattern (8-bit RGB). Regions, top to bottom:
//  - a 1-pixel white border (cropping, offset and size errors show at the edges);
//  - rows [0, h/4): eight colour bars, rotated by the seed;
//  - rows [h/4, 3h/4): red ramp along x, green ramp along y, blue 8x8 checker with a seed phase;
//  - rows [3h/4, h): 16x16 blocks of seed-derived colours;
//  - an 8x8 solid red marker at (1,1) and a green one at the top-right, so mirroring shows.
inline Rgb reference(uint32_t w, uint32_t h, uint64_t seed, uint32_t x, uint32_t y)
{
    if (w == 0 || h == 0) {
        return {};
    }
    if (x == 0 || y == 0 || x == w - 1 || y == h - 1) {
        return {255, 255, 255};
    }
    if (y >= 1 && y < 9 && x >= 1 && x < 9) {
        return {255, 0, 0};
    }
    if (y >= 1 && y < 9 && w > 10 && x + 9 >= w && x + 1 < w) {
        return {0, 255, 0};
    }
    if (y < h / 4) {
        static constexpr Rgb bars[8] = {{255, 255, 255}, {255, 255, 0}, {0, 255, 255}, {0, 255, 0},
                                        {255, 0, 255},   {255, 0, 0},   {0, 0, 255},   {0, 0, 0}};
        uint32_t bar = uint32_t((uint64_t(x) * 8) / w);
        return bars[(bar + seed) % 8];
    }
    if (y < 3 * h / 4) {
        uint32_t span = 3 * h / 4 - h / 4;
        uint8_t r = uint8_t(w > 1 ? (uint64_t(x) * 255) / (w - 1) : 0);
        uint8_t g = uint8_t(span > 1 ? (uint64_t(y - h / 4) * 255) / (span - 1) : 0);
        uint32_t phase = uint32_t(seed >> 8) & 7;
        uint8_t b = (((x + phase) / 8 + (y + phase) / 8) & 1) ? 224 : 32;
        return {r, g, b};
    }
    uint64_t block = uint64_t(y / 16) * 4096 + x / 16;
    uint64_t v = mix64(seed ^ (block * 0x100000001b3ull));
    return {uint8_t(v), uint8_t(v >> 8), uint8_t(v >> 16)};
}

// ---------------------------------------------------------------------------------------------
// YUV (BT.601, limited range, integer arithmetic).
struct Yuv {
    uint8_t y, u, v;
};

inline uint8_t clamp8(int v)
{
    return uint8_t(v < 0 ? 0 : v > 255 ? 255 : v);
}

inline Yuv to_yuv(Rgb c)
{
    int r = c.r, g = c.g, b = c.b;
    return {clamp8(((66 * r + 129 * g + 25 * b + 128) >> 8) + 16),
            clamp8(((-38 * r - 74 * g + 112 * b + 128) >> 8) + 128),
            clamp8(((112 * r - 94 * g - 18 * b + 128) >> 8) + 128)};
}

inline Rgb from_yuv(uint8_t y, uint8_t u, uint8_t v)
{
    int c = int(y) - 16, d = int(u) - 128, e = int(v) - 128;
    return {clamp8((298 * c + 409 * e + 128) >> 8), clamp8((298 * c - 100 * d - 208 * e + 128) >> 8),
            clamp8((298 * c + 516 * d + 128) >> 8)};
}

// ---------------------------------------------------------------------------------------------
// Packed RGB encoding. Pixel values are stored little-endian, as DRM fourccs specify.
inline uint32_t top_bits(uint8_t v, unsigned bits)
{
    return bits >= 8 ? (uint32_t(v) << (bits - 8)) | (uint32_t(v) >> (16 - bits)) : uint32_t(v) >> (8 - bits);
}

inline uint8_t expand_bits(uint32_t v, unsigned bits)
{
    return bits >= 8 ? uint8_t(v >> (bits - 8)) : uint8_t(v << (8 - bits));
}

// C8: the pattern's colour quantised to RGB332 is the index; palette entry i is that RGB332
// colour as RGB565 (what the LCDC's palette holds). The guest loads the palette as a gamma LUT of
// 16-bit channels chosen so that the driver's rounding to 5/6/5 bits gives back these values.
struct Rgb565 {
    uint8_t r5 = 0, g6 = 0, b5 = 0;
};

inline Rgb565 c8_palette(uint8_t index)
{
    unsigned r3 = index >> 5, g3 = (index >> 2) & 7, b2 = index & 3;
    return {uint8_t((r3 * 31 + 3) / 7), uint8_t((g3 * 63 + 3) / 7), uint8_t((b2 * 31 + 1) / 3)};
}

// A 5/6-bit channel as the 16-bit gamma LUT value that rounds back to it: round(v * 65535 / max),
// which drm_color_lut_extract() (6.12: round(x * max / 65535)) maps back to v exactly.
inline uint16_t lut16(unsigned v, unsigned bits)
{
    unsigned max = (1u << bits) - 1;
    return uint16_t((v * 65535u + max / 2) / max);
}

inline uint32_t pack_rgb(Format f, Rgb c)
{
    switch (f) {
    case Format::C8:
        return uint32_t(c.r >> 5) << 5 | uint32_t(c.g >> 5) << 2 | uint32_t(c.b >> 6);
    case Format::XRGB8888:
    case Format::RGB888:
        return uint32_t(c.r) << 16 | uint32_t(c.g) << 8 | c.b;
    case Format::XBGR8888:
        return uint32_t(c.b) << 16 | uint32_t(c.g) << 8 | c.r;
    case Format::RGB565:
        return top_bits(c.r, 5) << 11 | top_bits(c.g, 6) << 5 | top_bits(c.b, 5);
    case Format::BGR565:
        return top_bits(c.b, 5) << 11 | top_bits(c.g, 6) << 5 | top_bits(c.r, 5);
    case Format::XRGB1555:
        return top_bits(c.r, 5) << 10 | top_bits(c.g, 5) << 5 | top_bits(c.b, 5);
    case Format::XBGR1555:
        return top_bits(c.b, 5) << 10 | top_bits(c.g, 5) << 5 | top_bits(c.r, 5);
    case Format::XRGB2101010:
        return top_bits(c.r, 10) << 20 | top_bits(c.g, 10) << 10 | top_bits(c.b, 10);
    default:
        return 0;
    }
}

inline Rgb unpack_rgb(Format f, uint32_t v)
{
    switch (f) {
    case Format::C8: {
        Rgb565 p = c8_palette(uint8_t(v));
        return {expand_bits(p.r5, 5), expand_bits(p.g6, 6), expand_bits(p.b5, 5)};
    }
    case Format::XRGB8888:
    case Format::RGB888:
        return {uint8_t(v >> 16), uint8_t(v >> 8), uint8_t(v)};
    case Format::XBGR8888:
        return {uint8_t(v), uint8_t(v >> 8), uint8_t(v >> 16)};
    case Format::RGB565:
        return {expand_bits((v >> 11) & 31, 5), expand_bits((v >> 5) & 63, 6), expand_bits(v & 31, 5)};
    case Format::BGR565:
        return {expand_bits(v & 31, 5), expand_bits((v >> 5) & 63, 6), expand_bits((v >> 11) & 31, 5)};
    case Format::XRGB1555:
        return {expand_bits((v >> 10) & 31, 5), expand_bits((v >> 5) & 31, 5), expand_bits(v & 31, 5)};
    case Format::XBGR1555:
        return {expand_bits(v & 31, 5), expand_bits((v >> 5) & 31, 5), expand_bits((v >> 10) & 31, 5)};
    case Format::XRGB2101010:
        return {expand_bits((v >> 20) & 1023, 10), expand_bits((v >> 10) & 1023, 10),
                expand_bits(v & 1023, 10)};
    default:
        return {};
    }
}

// ---------------------------------------------------------------------------------------------
// Buffer layout: where each plane starts and its pitch. For YUV420 the three planes live in one
// buffer (Y, then U, then V), as the guest allocates them from one dumb buffer.
struct PlaneLayout {
    size_t offset = 0;
    uint32_t pitch = 0;
};

struct Layout {
    Format format = Format::XRGB8888;
    uint32_t width = 0, height = 0;
    unsigned nplanes = 1;
    std::array<PlaneLayout, 3> planes{};
    size_t size = 0; // bytes needed
};

// pitch0: the pitch of plane 0 (e.g. what the kernel chose for a dumb buffer); 0 = tight.
inline Layout layout(Format f, uint32_t w, uint32_t h, uint32_t pitch0 = 0)
{
    const FormatInfo &fi = info(f);
    Layout l;
    l.format = f;
    l.width = w;
    l.height = h;
    l.nplanes = fi.planes;
    uint32_t tight = w * fi.cpp;
    l.planes[0] = {0, pitch0 ? pitch0 : tight};
    l.size = size_t(l.planes[0].pitch) * h;
    if (f == Format::YUV420) {
        uint32_t cp = l.planes[0].pitch / 2;
        size_t ch = (h + 1) / 2;
        l.planes[1] = {l.size, cp};
        l.planes[2] = {l.size + cp * ch, cp};
        l.size += 2 * cp * ch;
    }
    return l;
}

// Height in rows of `cpp`-byte pixels (of plane 0's pitch) a single allocation needs to hold the
// layout: what the guest asks a dumb buffer for.
inline uint32_t alloc_rows(Format f, uint32_t h)
{
    return f == Format::YUV420 ? h + (h + 1) / 2 : h;
}

inline void store_le(uint8_t *p, uint32_t v, unsigned bytes)
{
    for (unsigned i = 0; i < bytes; i++) {
        p[i] = uint8_t(v >> (8 * i));
    }
}

inline uint32_t load_le(const uint8_t *p, unsigned bytes)
{
    uint32_t v = 0;
    for (unsigned i = 0; i < bytes; i++) {
        v |= uint32_t(p[i]) << (8 * i);
    }
    return v;
}

// Write the pattern (size = the layout's size, seed) into a buffer laid out as `l`.
inline void fill(const Layout &l, uint8_t *base, uint64_t seed)
{
    const uint32_t w = l.width, h = l.height;
    switch (l.format) {
    case Format::YUYV:
    case Format::UYVY:
        for (uint32_t y = 0; y < h; y++) {
            uint8_t *row = base + l.planes[0].offset + size_t(y) * l.planes[0].pitch;
            for (uint32_t x = 0; x < w; x += 2) {
                Yuv a = to_yuv(reference(w, h, seed, x, y));
                Yuv b = x + 1 < w ? to_yuv(reference(w, h, seed, x + 1, y)) : a;
                uint8_t u = uint8_t((a.u + b.u + 1) / 2), v = uint8_t((a.v + b.v + 1) / 2);
                uint8_t *p = row + size_t(x) * 2;
                if (l.format == Format::YUYV) {
                    p[0] = a.y, p[1] = u, p[2] = b.y, p[3] = v;
                } else {
                    p[0] = u, p[1] = a.y, p[2] = v, p[3] = b.y;
                }
            }
        }
        return;
    case Format::YUV420:
        for (uint32_t y = 0; y < h; y += 2) {
            for (uint32_t x = 0; x < w; x += 2) {
                int su = 0, sv = 0, n = 0;
                for (uint32_t dy = 0; dy < 2 && y + dy < h; dy++) {
                    for (uint32_t dx = 0; dx < 2 && x + dx < w; dx++) {
                        Yuv c = to_yuv(reference(w, h, seed, x + dx, y + dy));
                        base[l.planes[0].offset + size_t(y + dy) * l.planes[0].pitch + x + dx] = c.y;
                        su += c.u, sv += c.v, n++;
                    }
                }
                size_t ci = size_t(y / 2) * l.planes[1].pitch + x / 2;
                base[l.planes[1].offset + ci] = uint8_t((su + n / 2) / n);
                base[l.planes[2].offset + ci] = uint8_t((sv + n / 2) / n);
            }
        }
        return;
    default:
        break;
    }
    const unsigned cpp = info(l.format).cpp;
    for (uint32_t y = 0; y < h; y++) {
        uint8_t *row = base + l.planes[0].offset + size_t(y) * l.planes[0].pitch;
        for (uint32_t x = 0; x < w; x++) {
            store_le(row + size_t(x) * cpp, pack_rgb(l.format, reference(w, h, seed, x, y)), cpp);
        }
    }
}

inline std::vector<uint8_t> generate(const Layout &l, uint64_t seed)
{
    std::vector<uint8_t> buf(l.size, 0);
    fill(l, buf.data(), seed);
    return buf;
}

// What a buffer laid out as `l` holds at (x, y), expanded to 8-bit RGB.
inline Rgb decode_at(const Layout &l, const uint8_t *base, uint32_t x, uint32_t y)
{
    switch (l.format) {
    case Format::YUYV:
    case Format::UYVY: {
        const uint8_t *p = base + l.planes[0].offset + size_t(y) * l.planes[0].pitch + size_t(x & ~1u) * 2;
        bool yuyv = l.format == Format::YUYV;
        uint8_t yy = yuyv ? p[(x & 1) ? 2 : 0] : p[(x & 1) ? 3 : 1];
        uint8_t u = yuyv ? p[1] : p[0], v = yuyv ? p[3] : p[2];
        return from_yuv(yy, u, v);
    }
    case Format::YUV420: {
        uint8_t yy = base[l.planes[0].offset + size_t(y) * l.planes[0].pitch + x];
        size_t ci = size_t(y / 2) * l.planes[1].pitch + x / 2;
        return from_yuv(yy, base[l.planes[1].offset + ci], base[l.planes[2].offset + ci]);
    }
    default: {
        unsigned cpp = info(l.format).cpp;
        const uint8_t *p = base + l.planes[0].offset + size_t(y) * l.planes[0].pitch + size_t(x) * cpp;
        return unpack_rgb(l.format, load_le(p, cpp));
    }
    }
}

// The colour a display should show for the pattern of (format, w, h, seed) at (x, y).
// For YUV formats this is the round trip through this header's conversion (see `tolerance`).
inline Rgb expected(Format f, uint32_t w, uint32_t h, uint64_t seed, uint32_t x, uint32_t y)
{
    if (!info(f).yuv) {
        return unpack_rgb(f, pack_rgb(f, reference(w, h, seed, x, y)));
    }
    // Recompute just the chroma sample that covers (x, y), as fill() does.
    if (f == Format::YUV420) {
        uint32_t x0 = x & ~1u, y0 = y & ~1u;
        int su = 0, sv = 0, n = 0;
        for (uint32_t dy = 0; dy < 2 && y0 + dy < h; dy++) {
            for (uint32_t dx = 0; dx < 2 && x0 + dx < w; dx++) {
                Yuv c = to_yuv(reference(w, h, seed, x0 + dx, y0 + dy));
                su += c.u, sv += c.v, n++;
            }
        }
        Yuv c = to_yuv(reference(w, h, seed, x, y));
        return from_yuv(c.y, uint8_t((su + n / 2) / n), uint8_t((sv + n / 2) / n));
    }
    uint32_t x0 = x & ~1u;
    Yuv a = to_yuv(reference(w, h, seed, x0, y));
    Yuv b = x0 + 1 < w ? to_yuv(reference(w, h, seed, x0 + 1, y)) : a;
    Yuv c = to_yuv(reference(w, h, seed, x, y));
    return from_yuv(c.y, uint8_t((a.u + b.u + 1) / 2), uint8_t((a.v + b.v + 1) / 2));
}

// How far (per 8-bit channel) a shown pixel may be from `expected` and still count as equal.
inline unsigned tolerance(Format f)
{
    return info(f).yuv ? 8 : 0;
}

// Equal on the bits the format stores (RGB formats) or within `tolerance` (YUV formats).
inline bool same_at_precision(Format f, Rgb a, Rgb b)
{
    const FormatInfo &fi = info(f);
    if (fi.yuv) {
        unsigned t = tolerance(f);
        return unsigned(std::abs(a.r - b.r)) <= t && unsigned(std::abs(a.g - b.g)) <= t &&
               unsigned(std::abs(a.b - b.b)) <= t;
    }
    auto top = [](uint8_t v, unsigned bits) { return bits >= 8 ? v : uint8_t(v >> (8 - bits)); };
    return top(a.r, fi.rbits) == top(b.r, fi.rbits) && top(a.g, fi.gbits) == top(b.g, fi.gbits) &&
           top(a.b, fi.bbits) == top(b.b, fi.bbits);
}

// ---------------------------------------------------------------------------------------------
// Screen recipes.
struct Layer {
    Format format = Format::XRGB8888;
    uint32_t src_w = 0, src_h = 0; // pattern size (the frame buffer)
    int32_t x = 0, y = 0;          // position on screen
    uint32_t w = 0, h = 0;         // size on screen (scaled if different from src)
    uint64_t seed = 0;
    int ipu = -1;                  // shown through the IPU with this sharpness; -1: not
};

struct Recipe {
    uint32_t width = 0, height = 0;
    Rgb background{};
    std::vector<Layer> layers; // bottom to top
};

inline std::string to_string(const Recipe &r)
{
    char buf[160];
    std::snprintf(buf, sizeof buf, "screen=%ux%u;bg=%02x%02x%02x", r.width, r.height, r.background.r,
                  r.background.g, r.background.b);
    std::string s = buf;
    for (const Layer &l : r.layers) {
        std::snprintf(buf, sizeof buf, ";layer=%s,%ux%u,%d,%d,%ux%u,%llu", info(l.format).name, l.src_w,
                      l.src_h, l.x, l.y, l.w, l.h, (unsigned long long)l.seed);
        s += buf;
        if (l.ipu >= 0) {
            std::snprintf(buf, sizeof buf, ",ipu=%d", l.ipu);
            s += buf;
        }
    }
    return s;
}

inline std::optional<Recipe> parse_recipe(std::string_view text)
{
    Recipe r;
    bool have_screen = false;
    while (!text.empty()) {
        size_t semi = text.find(';');
        std::string item(text.substr(0, semi));
        text = semi == std::string_view::npos ? std::string_view() : text.substr(semi + 1);
        if (item.empty()) {
            continue;
        }
        unsigned a, b, c, d, sharp = 0;
        int x, y, n = 0;
        unsigned long long seed;
        char fmt[32];
        if (std::sscanf(item.c_str(), "screen=%ux%u%n", &a, &b, &n) == 2 && size_t(n) == item.size()) {
            r.width = a, r.height = b, have_screen = true;
        } else if (std::sscanf(item.c_str(), "bg=%2x%2x%2x%n", &a, &b, &c, &n) == 3 && size_t(n) == item.size()) {
            r.background = {uint8_t(a), uint8_t(b), uint8_t(c)};
        } else if (std::sscanf(item.c_str(), "layer=%31[a-z0-9],%ux%u,%d,%d,%ux%u,%llu%n", fmt, &a, &b, &x, &y,
                               &c, &d, &seed, &n) == 8 &&
                   size_t(n) == item.size()) {
            auto f = format_from_name(fmt);
            if (!f) {
                return std::nullopt;
            }
            r.layers.push_back({*f, a, b, x, y, c, d, seed});
        } else if (std::sscanf(item.c_str(), "layer=%31[a-z0-9],%ux%u,%d,%d,%ux%u,%llu,ipu=%u%n", fmt, &a, &b, &x,
                               &y, &c, &d, &seed, &sharp, &n) == 9 &&
                   size_t(n) == item.size() && sharp <= 32) {
            auto f = format_from_name(fmt);
            if (!f) {
                return std::nullopt;
            }
            r.layers.push_back({*f, a, b, x, y, c, d, seed, int(sharp)});
        } else {
            return std::nullopt;
        }
    }
    if (!have_screen) {
        return std::nullopt;
    }
    return r;
}

// Screen::format_of values that are not a Format: compared exactly.
constexpr uint8_t kBackground = 0xff;
constexpr uint8_t kExactPixel = 0xfe; // computed bit-exactly (IPU layers)

struct Screen {
    uint32_t width = 0, height = 0;
    std::vector<Rgb> pixels;        // row-major
    std::vector<uint8_t> format_of; // per pixel: kBackground, kExactPixel, else index of Format
    bool exact = true;              // false when a scaled layer without the IPU marker is present
    Rgb at(uint32_t x, uint32_t y) const { return pixels[size_t(y) * width + x]; }
};

// The IPU's picture of a layer (nullopt: the driver would reject it, or not an IPU format).
inline std::optional<ipu::Picture> ipu_picture(const Recipe &r, const Layer &l)
{
    Layout lay = layout(l.format, l.src_w, l.src_h);
    std::vector<uint8_t> buf = generate(lay, l.seed);
    ipu::Source src;
    src.fourcc = info(l.format).fourcc;
    src.width = l.src_w;
    src.height = l.src_h;
    src.base = buf.data();
    src.size = buf.size();
    for (unsigned i = 0; i < 3; i++) {
        src.offset[i] = lay.planes[i].offset;
    }
    return ipu::render(src, l.w, l.h, r.width, r.height, unsigned(l.ipu));
}

inline Screen compose(const Recipe &r)
{
    Screen s;
    s.width = r.width;
    s.height = r.height;
    s.pixels.assign(size_t(r.width) * r.height, r.background);
    s.format_of.assign(size_t(r.width) * r.height, 0xff);
    for (const Layer &l : r.layers) {
        if (l.w == 0 || l.h == 0 || l.src_w == 0 || l.src_h == 0) {
            continue;
        }
        if (l.ipu >= 0) {
            if (auto pic = ipu_picture(r, l)) {
                for (uint32_t dy = 0; dy < l.h; dy++) {
                    int64_t py = int64_t(l.y) + dy;
                    for (uint32_t dx = 0; dx < l.w && py >= 0 && py < int64_t(r.height); dx++) {
                        int64_t px = int64_t(l.x) + dx;
                        if (px < 0 || px >= int64_t(r.width)) {
                            continue;
                        }
                        uint32_t v = pic->at(dx, dy);
                        size_t i = size_t(py) * r.width + size_t(px);
                        s.pixels[i] = {uint8_t(v >> 16), uint8_t(v >> 8), uint8_t(v)};
                        s.format_of[i] = kExactPixel;
                    }
                }
                continue;
            }
        }
        bool scaled = l.w != l.src_w || l.h != l.src_h;
        s.exact = s.exact && !scaled;
        for (uint32_t dy = 0; dy < l.h; dy++) {
            int64_t py = int64_t(l.y) + dy;
            if (py < 0 || py >= int64_t(r.height)) {
                continue;
            }
            uint32_t sy = uint32_t((uint64_t(dy) * l.src_h) / l.h);
            for (uint32_t dx = 0; dx < l.w; dx++) {
                int64_t px = int64_t(l.x) + dx;
                if (px < 0 || px >= int64_t(r.width)) {
                    continue;
                }
                uint32_t sx = uint32_t((uint64_t(dx) * l.src_w) / l.w);
                size_t i = size_t(py) * r.width + size_t(px);
                s.pixels[i] = expected(l.format, l.src_w, l.src_h, l.seed, sx, sy);
                s.format_of[i] = uint8_t(l.format);
            }
        }
    }
    return s;
}

// Does the shown colour of pixel i match the screen (exactly, or at the layer format's precision)?
inline bool pixel_matches(const Screen &s, size_t i, Rgb shown)
{
    uint8_t f = s.format_of[i];
    return f == kBackground || f == kExactPixel ? shown == s.pixels[i]
                                                : same_at_precision(Format(f), shown, s.pixels[i]);
}

// Count of pixels of `shown` (row-major 8-bit RGB of the same size) that differ from `s`.
inline size_t count_mismatches(const Screen &s, const std::vector<Rgb> &shown)
{
    if (shown.size() != s.pixels.size()) {
        return s.pixels.size();
    }
    size_t bad = 0;
    for (size_t i = 0; i < shown.size(); i++) {
        bad += !pixel_matches(s, i, shown[i]);
    }
    return bad;
}

} // namespace lab::pattern
