// lab_ipu.hpp: what the JZ4760/JZ4770 IPU shows for a frame buffer, shared by the guest test
// binary and host tools. Pure C++17, header-only, no dependencies.
//
// Two parts:
//  (a) The scaling tables exactly as mainline Linux 6.12's ingenic-ipu driver programs them
//      (drivers/gpu/drm/ingenic/ingenic-ipu.c; our own implementation of its published
//      arithmetic): `ratio` is the atomic_check search for a reduced num/denom (num <= 31, the
//      scaled size may grow up to 102% of the display), `lut_words` the words written to a LUT
//      port after the "begin" word (jz4760_set_coefs with the downscale / integer upscale /
//      upscale walks; sharpness 0 = nearest, 1 = bilinear, 2..32 = bicubic with a = -sharpness/8
//      in the driver's signed 15.16 fixed point).
//  (b) `render`: the picture ingenic-lab's QEMU model (qemu-device/hw/display/ingenic_ipu.c)
//      computes from those registers, bit for bit: decode the source format, CSC with the
//      driver's coefficients (C0..C4 = 0x4a8 0x662 0x191 0x341 0x811, offsets luma 0 chroma 128,
//      (sum + 512) >> 10 clamped), then the LUT walk horizontally, then vertically (taps at
//      p-1..p+2 clamped to the edges, (sum + 256) >> 9 clamped to 8 bits after each pass), then
//      the D_FMT output order. Keep this in step with the model's header comment.
#pragma once

#include <array>
#include <cstdint>
#include <cstddef>
#include <optional>
#include <vector>

namespace lab::ipu {

// ---------------------------------------------------------------------------------------------
// (a) Scaling coefficients as the driver computes them.

struct Ratio {
    unsigned num = 1, denom = 1; // output : input, reduced
    bool resize() const { return num != 1 || denom != 1; }
    bool upscale() const { return num > denom; }
};

inline unsigned gcd(unsigned a, unsigned b)
{
    while (b) {
        unsigned t = a % b;
        a = b;
        b = t;
    }
    return a;
}

// reduce_fraction(): false (and no change) when the reduced numerator would exceed 31.
inline bool reduce_fraction(unsigned &num, unsigned &denom)
{
    unsigned d = gcd(num, denom);
    if (num > 31 * d) {
        return false;
    }
    num /= d;
    denom /= d;
    return true;
}

// atomic_check: from src pixels to dst pixels on a display of `display` pixels (hdisplay or
// vdisplay), growing the scaled size until the fraction reduces, up to display * 102 / 100.
inline std::optional<Ratio> ratio(unsigned src, unsigned dst, unsigned display)
{
    unsigned max = display * 102 / 100;
    unsigned num = dst, denom = src;
    for (; num <= max; num++) {
        if (reduce_fraction(num, denom)) {
            break;
        }
    }
    if (num > max) {
        return std::nullopt;
    }
    return Ratio{num, denom};
}

// The driver's signed 15.16 fixed point (C semantics: division truncates toward zero).
inline int32_t i2f(int32_t i)
{
    return int32_t(uint32_t(i) * 65536u);
}

inline int32_t f2i(int32_t f)
{
    return f / 65536;
}

inline int32_t fmul(int32_t a, int32_t b)
{
    return int32_t((int64_t(a) * int64_t(b)) / 65536);
}

inline int32_t cubic_conv(int32_t a, int32_t x)
{
    const int32_t one = i2f(1), two = i2f(2), three = i2f(3), four = i2f(4);
    const int32_t x2 = fmul(x, x), x3 = fmul(x, x2);
    if (x <= one) {
        return fmul(a + two, x3) - fmul(a + three, x2) + one;
    }
    if (x <= two) {
        return fmul(a, x3 - 5 * x2 + 8 * x - four);
    }
    return 0;
}

inline int32_t clamp_weight(int32_t w)
{
    return w < -1024 ? -1024 : w > 1023 ? 1023 : w;
}

struct Coef {
    int32_t w[4] = {0, 0, 0, 0}; // source pixels -1, 0, +1, +2 (512 = 1.0)
    unsigned offset = 0;         // source pixels to advance after this output pixel
};

// jz4760_set_coefs: `weight` is the bilinear weight of pixel 0 (512 = all of it).
inline Coef jz4760_coef(unsigned sharpness, unsigned weight, unsigned offset)
{
    Coef c;
    c.offset = offset;
    weight = weight > 512 ? 512 : weight;
    if (sharpness < 2) {
        if (sharpness == 0) {
            weight = weight >= 256 ? 512 : 0;
        }
        c.w[0] = 0;
        c.w[1] = int32_t(weight);
        c.w[2] = int32_t(512 - weight);
        c.w[3] = 0;
        return c;
    }
    const int32_t a = int32_t(uint32_t(i2f(-1) / 8) * sharpness);
    const int32_t half = i2f(1) / 2;
    const int32_t wt = int32_t(512 - weight);
    c.w[0] = clamp_weight(f2i(half + 512 * cubic_conv(a, i2f(512 + wt) / 512)));
    c.w[1] = clamp_weight(f2i(half + 512 * cubic_conv(a, i2f(0 + wt) / 512)));
    c.w[2] = clamp_weight(f2i(half + 512 * cubic_conv(a, i2f(512 - wt) / 512)));
    c.w[3] = clamp_weight(f2i(half + 512 * cubic_conv(a, i2f(1024 - wt) / 512)));
    return c;
}

// The `num` entries of one LUT (ingenic_ipu_set_coefs for JZ4760/70).
inline std::vector<Coef> coefs(Ratio r, unsigned sharpness)
{
    std::vector<Coef> out;
    const unsigned num = r.num, denom = r.denom;
    if (denom > num) {
        unsigned weight_num = denom;
        for (unsigned i = 0; i < num; i++) {
            weight_num = num + (weight_num - num) % (num * 2);
            unsigned weight = 512 - 512 * (weight_num - num) / (num * 2);
            weight_num += denom * 2;
            unsigned offset = (weight_num - num) / (num * 2);
            out.push_back(jz4760_coef(sharpness, weight, offset));
        }
    } else if (denom == 1) {
        for (unsigned i = 0; i < num; i++) {
            out.push_back(jz4760_coef(0, 512, i == num - 1));
        }
    } else {
        unsigned weight_num = 0;
        for (unsigned i = 0; i < num; i++) {
            unsigned weight = 512 - 512 * weight_num / num;
            weight_num += denom;
            unsigned offset = weight_num >= num;
            if (offset) {
                weight_num -= num;
            }
            out.push_back(jz4760_coef(sharpness, weight, offset));
        }
    }
    return out;
}

// The two port words of one entry (bicubic layout, ZOOM_SEL = 1).
inline std::array<uint32_t, 2> entry_words(const Coef &c)
{
    return {(uint32_t(c.w[1]) & 0x7ff) << 17 | (uint32_t(c.w[0]) & 0x7ff) << 6,
            (uint32_t(c.w[3]) & 0x7ff) << 17 | (uint32_t(c.w[2]) & 0x7ff) << 6 | (c.offset & 0x1f) << 1};
}

// Everything written to a LUT port after the 0xffffffff "begin" word.
inline std::vector<uint32_t> lut_words(Ratio r, unsigned sharpness)
{
    std::vector<uint32_t> words;
    for (const Coef &c : coefs(r, sharpness)) {
        auto w = entry_words(c);
        words.push_back(w[0]);
        words.push_back(w[1]);
    }
    return words;
}

// ---------------------------------------------------------------------------------------------
// (b) The model's picture.

// What the hardware (model) takes from one LUT entry: signed 11-bit weights, 5-bit offset.
inline int32_t sext11(uint32_t v)
{
    v &= 0x7ff;
    return (v & 0x400) ? int32_t(v) - 2048 : int32_t(v);
}

struct Tap {
    int32_t pos = 0;
    int32_t w[4] = {0, 512, 0, 0};
};

// Output sample i: entry i mod n, position p from 0, p += offset after each sample.
inline std::vector<Tap> walk(const std::vector<uint32_t> *words, unsigned out_n)
{
    std::vector<Tap> taps(out_n);
    if (!words) {
        for (unsigned i = 0; i < out_n; i++) {
            taps[i].pos = int32_t(i);
        }
        return taps;
    }
    const unsigned n = unsigned(words->size() / 2);
    int32_t p = 0;
    for (unsigned i = 0; i < out_n; i++) {
        uint32_t a = (*words)[2 * (i % n)], b = (*words)[2 * (i % n) + 1];
        taps[i].pos = p;
        taps[i].w[0] = sext11(a >> 6);
        taps[i].w[1] = sext11(a >> 17);
        taps[i].w[2] = sext11(b >> 6);
        taps[i].w[3] = sext11(b >> 17);
        p += int32_t((b >> 1) & 0x1f);
    }
    return taps;
}

constexpr uint32_t fourcc(char a, char b, char c, char d)
{
    return uint32_t(uint8_t(a)) | uint32_t(uint8_t(b)) << 8 | uint32_t(uint8_t(c)) << 16 |
           uint32_t(uint8_t(d)) << 24;
}

// How the driver programs the IPU for a DRM format (D_FMT, CTRL.SPKG_SEL / CSC_EN).
struct InputFormat {
    uint32_t fourcc;
    bool packed;
    unsigned in_fmt;  // D_FMT[1:0]
    unsigned yuv_oft; // D_FMT[3:2] (packed YUV 4:2:2)
    unsigned out_oft; // D_FMT[24:22]: 0 RGB, 5 BGR
    bool csc;
    unsigned cpp0;    // bytes per pixel of plane 0
    unsigned hsub, vsub;
};

inline constexpr std::array<InputFormat, 15> kInputFormats{{
    {fourcc('X', 'R', '1', '5'), true, 0, 0, 0, false, 2, 1, 1},
    {fourcc('X', 'B', '1', '5'), true, 0, 0, 5, false, 2, 1, 1},
    {fourcc('R', 'G', '1', '6'), true, 3, 0, 0, false, 2, 1, 1},
    {fourcc('B', 'G', '1', '6'), true, 3, 0, 5, false, 2, 1, 1},
    {fourcc('X', 'R', '2', '4'), true, 2, 0, 0, false, 4, 1, 1},
    {fourcc('X', 'B', '2', '4'), true, 2, 0, 5, false, 4, 1, 1},
    {fourcc('X', 'Y', 'U', 'V'), true, 2, 0, 0, true, 4, 1, 1},
    {fourcc('Y', 'U', 'Y', 'V'), true, 1, 3, 0, true, 2, 2, 1},
    {fourcc('Y', 'V', 'Y', 'U'), true, 1, 2, 0, true, 2, 2, 1},
    {fourcc('U', 'Y', 'V', 'Y'), true, 1, 1, 0, true, 2, 2, 1},
    {fourcc('V', 'Y', 'U', 'Y'), true, 1, 0, 0, true, 2, 2, 1},
    {fourcc('Y', 'U', '1', '1'), false, 3, 0, 0, true, 1, 4, 1},
    {fourcc('Y', 'U', '1', '2'), false, 0, 0, 0, true, 1, 2, 2},
    {fourcc('Y', 'U', '1', '6'), false, 1, 0, 0, true, 1, 2, 1},
    {fourcc('Y', 'U', '2', '4'), false, 2, 0, 0, true, 1, 1, 1},
}};

inline const InputFormat *input_format(uint32_t code)
{
    for (const auto &f : kInputFormats) {
        if (f.fourcc == code) {
            return &f;
        }
    }
    return nullptr;
}

// The driver's CSC programming.
struct Csc {
    int32_t c[5] = {0x4a8, 0x662, 0x191, 0x341, 0x811};
    int32_t luma = 0, chroma = 128;
};

inline uint8_t clamp8(int32_t v)
{
    return uint8_t(v < 0 ? 0 : v > 255 ? 255 : v);
}

inline uint8_t csc_round(int32_t sum)
{
    sum += 512;
    return sum < 0 ? 0 : clamp8(sum >> 10);
}

inline uint8_t filter_round(int32_t sum)
{
    sum += 256;
    return sum < 0 ? 0 : clamp8(sum >> 9);
}

inline uint32_t e5(uint32_t v)
{
    return (v << 3) | (v >> 2);
}

inline uint32_t e6(uint32_t v)
{
    return (v << 2) | (v >> 4);
}

// A frame buffer as the driver hands it to the IPU (src_x = src_y = 0, whole buffer).
struct Source {
    uint32_t fourcc = 0;
    uint32_t width = 0, height = 0;
    const uint8_t *base = nullptr;
    size_t size = 0;                 // bytes readable at base
    std::array<size_t, 3> offset{}; // plane offsets (fb->offsets)
};

struct Picture {
    uint32_t width = 0, height = 0;
    std::vector<uint32_t> pixels; // XRGB8888, row-major
    uint32_t at(uint32_t x, uint32_t y) const { return pixels[size_t(y) * width + x]; }
};

namespace detail {

inline uint8_t byte_at(const Source &s, size_t off)
{
    return off < s.size ? s.base[off] : 0;
}

} // namespace detail

// The picture the model shows for `src` on an IPU plane of dst_w x dst_h (crtc size) on a
// display_w x display_h mode, with the plane's sharpness property. nullopt when the driver
// would reject the configuration (ratio search, format, size rules).
inline std::optional<Picture> render(const Source &src, uint32_t dst_w, uint32_t dst_h, uint32_t display_w,
                                     uint32_t display_h, unsigned sharpness = 8)
{
    const InputFormat *f = input_format(src.fourcc);
    if (!f || src.width < 4 || src.height < 4 || (src.width & 1) || (dst_w & 1) || !dst_w || !dst_h) {
        return std::nullopt;
    }
    auto rw = ratio(src.width, dst_w, display_w);
    auto rh = ratio(src.height, dst_h, display_h);
    if (!rw || !rh) {
        return std::nullopt;
    }
    std::vector<uint32_t> hwords, vwords;
    if (rw->resize()) {
        hwords = lut_words(*rw, sharpness);
    }
    if (rh->resize()) {
        vwords = lut_words(*rh, sharpness);
    }
    const std::vector<Tap> htaps = walk(rw->resize() ? &hwords : nullptr, dst_w);
    const std::vector<Tap> vtaps = walk(rh->resize() ? &vwords : nullptr, dst_h);

    // Registers as the driver writes them
    const uint32_t in_w = src.width, in_h = src.height;
    const size_t ystride = size_t(src.width) * f->cpp0;
    const size_t cstride = size_t(src.width) / f->hsub; // U and V (cpp 1)
    static const Csc csc;
    static const uint8_t order[4][4] = {{1, 3, 2, 0}, {1, 3, 0, 2}, {0, 2, 3, 1}, {0, 2, 1, 3}};
    static const uint8_t shift[6][3] = {{16, 8, 0}, {16, 0, 8}, {0, 16, 8}, {8, 16, 0}, {8, 0, 16}, {0, 8, 16}};

    auto convert_line = [&](uint32_t y, std::vector<uint8_t> &out) {
        out.resize(size_t(in_w) * 3);
        const size_t row = src.offset[0] + size_t(y) * ystride;
        for (uint32_t x = 0; x < in_w; x++) {
            uint32_t k0, k1, k2;
            if (!f->packed) {
                size_t crow = size_t(y / f->vsub) * cstride + x / f->hsub;
                k0 = detail::byte_at(src, row + x);
                k1 = detail::byte_at(src, src.offset[1] + crow);
                k2 = detail::byte_at(src, src.offset[2] + crow);
            } else if (f->in_fmt == 1) {
                size_t g = row + size_t(x / 2) * 4;
                const uint8_t *o = order[f->yuv_oft];
                k0 = detail::byte_at(src, g + o[x & 1]);
                k1 = detail::byte_at(src, g + o[2]);
                k2 = detail::byte_at(src, g + o[3]);
            } else if (f->in_fmt == 2) {
                size_t p = row + size_t(x) * 4;
                k0 = detail::byte_at(src, p + 2);
                k1 = detail::byte_at(src, p + 1);
                k2 = detail::byte_at(src, p);
            } else {
                size_t p = row + size_t(x) * 2;
                uint32_t v = detail::byte_at(src, p) | uint32_t(detail::byte_at(src, p + 1)) << 8;
                if (f->in_fmt == 0) {
                    k0 = e5(v >> 10 & 31), k1 = e5(v >> 5 & 31), k2 = e5(v & 31);
                } else {
                    k0 = e5(v >> 11 & 31), k1 = e6(v >> 5 & 63), k2 = e5(v & 31);
                }
            }
            uint8_t *d = &out[size_t(x) * 3];
            if (f->csc) {
                int32_t yy = int32_t(k0) - csc.luma, uu = int32_t(k1) - csc.chroma, vv = int32_t(k2) - csc.chroma;
                d[0] = csc_round(csc.c[0] * yy + csc.c[1] * vv);
                d[1] = csc_round(csc.c[0] * yy - csc.c[2] * uu - csc.c[3] * vv);
                d[2] = csc_round(csc.c[0] * yy + csc.c[4] * uu);
            } else {
                d[0] = uint8_t(k0), d[1] = uint8_t(k1), d[2] = uint8_t(k2);
            }
        }
    };
    auto clamp_pos = [](int64_t p, uint32_t n) { return uint32_t(p < 0 ? 0 : p >= n ? n - 1 : p); };

    // Horizontal pass of every source line (all of them: simpler than the model's line cache,
    // same arithmetic).
    std::vector<std::vector<uint8_t>> hlines(in_h);
    std::vector<uint8_t> line;
    for (uint32_t y = 0; y < in_h; y++) {
        convert_line(y, line);
        auto &d = hlines[y];
        d.resize(size_t(dst_w) * 3);
        for (uint32_t x = 0; x < dst_w; x++) {
            const Tap &t = htaps[x];
            for (int c = 0; c < 3; c++) {
                int32_t sum = 0;
                for (int k = 0; k < 4; k++) {
                    sum += t.w[k] * line[size_t(clamp_pos(int64_t(t.pos) - 1 + k, in_w)) * 3 + c];
                }
                d[size_t(x) * 3 + c] = filter_round(sum);
            }
        }
    }
    Picture pic;
    pic.width = dst_w;
    pic.height = dst_h;
    pic.pixels.resize(size_t(dst_w) * dst_h);
    for (uint32_t y = 0; y < dst_h; y++) {
        const Tap &t = vtaps[y];
        for (uint32_t x = 0; x < dst_w; x++) {
            uint32_t px = 0;
            for (int c = 0; c < 3; c++) {
                int32_t sum = 0;
                for (int k = 0; k < 4; k++) {
                    sum += t.w[k] * hlines[clamp_pos(int64_t(t.pos) - 1 + k, in_h)][size_t(x) * 3 + c];
                }
                px |= uint32_t(filter_round(sum)) << shift[f->out_oft][c];
            }
            pic.pixels[size_t(y) * dst_w + x] = px;
        }
    }
    return pic;
}

} // namespace lab::ipu
