// lab-screen-check: compares a screendump (PNG, as QEMU's screendump writes it) with the frame a
// recipe describes (see include/lab_pattern.hpp; the guest prints the recipe next to each SCREEN
// request as "# <case>: screen <name> <recipe>").
//
//   lab-screen-check SCREEN.png RECIPE        exit 0: equal, 1: different, 2: bad input
//   lab-screen-check --write-expected OUT.png RECIPE
//
// RGB layers are compared on the bits their format stores, YUV layers within a tolerance, IPU
// layers (",ipu=<sharpness>", computed as the IPU model does: lab_ipu.hpp) exactly; a recipe with
// scaled layers without the IPU marker is only approximate, so mismatches there are reported but
// the exit status is 0 unless more than 5% of the pixels differ.
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <zlib.h>

#include "lab_pattern.hpp"

using namespace lab::pattern;

namespace {

uint32_t be32(const uint8_t *p)
{
    return uint32_t(p[0]) << 24 | uint32_t(p[1]) << 16 | uint32_t(p[2]) << 8 | p[3];
}

void put_be32(std::vector<uint8_t> &v, uint32_t x)
{
    for (int s = 24; s >= 0; s -= 8) {
        v.push_back(uint8_t(x >> s));
    }
}

uint8_t paeth(int a, int b, int c)
{
    int p = a + b - c, pa = std::abs(p - a), pb = std::abs(p - b), pc = std::abs(p - c);
    return uint8_t(pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
}

// 8-bit RGB or RGBA, non-interlaced.
bool read_png(const std::string &path, uint32_t &w, uint32_t &h, std::vector<Rgb> &px, std::string &err)
{
    std::ifstream f(path, std::ios::binary);
    std::vector<uint8_t> d((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    static const uint8_t sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    if (d.size() < 8 || std::memcmp(d.data(), sig, 8) != 0) {
        err = "not a PNG file";
        return false;
    }
    std::vector<uint8_t> idat;
    unsigned channels = 0;
    for (size_t off = 8; off + 12 <= d.size();) {
        uint32_t len = be32(&d[off]);
        if (off + 12 + len > d.size()) {
            err = "truncated chunk";
            return false;
        }
        std::string type(reinterpret_cast<const char *>(&d[off + 4]), 4);
        const uint8_t *data = &d[off + 8];
        if (type == "IHDR") {
            w = be32(data), h = be32(data + 4);
            uint8_t depth = data[8], ctype = data[9], interlace = data[12];
            if (depth != 8 || (ctype != 2 && ctype != 6) || interlace) {
                err = "only 8-bit RGB/RGBA non-interlaced PNGs are supported";
                return false;
            }
            channels = ctype == 2 ? 3 : 4;
        } else if (type == "IDAT") {
            idat.insert(idat.end(), data, data + len);
        }
        off += 12 + len;
    }
    if (!channels || !w || !h) {
        err = "no IHDR";
        return false;
    }
    size_t stride = size_t(w) * channels;
    std::vector<uint8_t> raw((stride + 1) * h);
    uLongf rawlen = raw.size();
    if (uncompress(raw.data(), &rawlen, idat.data(), idat.size()) != Z_OK || rawlen != raw.size()) {
        err = "bad image data";
        return false;
    }
    std::vector<uint8_t> prev(stride, 0), cur(stride);
    px.resize(size_t(w) * h);
    for (uint32_t y = 0; y < h; y++) {
        const uint8_t *line = &raw[y * (stride + 1)];
        uint8_t filter = line[0];
        for (size_t i = 0; i < stride; i++) {
            int a = i >= channels ? cur[i - channels] : 0, b = prev[i], c = i >= channels ? prev[i - channels] : 0;
            int x = line[1 + i];
            switch (filter) {
            case 0: cur[i] = uint8_t(x); break;
            case 1: cur[i] = uint8_t(x + a); break;
            case 2: cur[i] = uint8_t(x + b); break;
            case 3: cur[i] = uint8_t(x + (a + b) / 2); break;
            case 4: cur[i] = uint8_t(x + paeth(a, b, c)); break;
            default: err = "bad filter type"; return false;
            }
        }
        for (uint32_t x = 0; x < w; x++) {
            px[size_t(y) * w + x] = {cur[x * channels], cur[x * channels + 1], cur[x * channels + 2]};
        }
        prev.swap(cur);
    }
    return true;
}

void chunk(std::vector<uint8_t> &out, const char *type, const std::vector<uint8_t> &data)
{
    put_be32(out, uint32_t(data.size()));
    size_t start = out.size();
    out.insert(out.end(), type, type + 4);
    out.insert(out.end(), data.begin(), data.end());
    put_be32(out, uint32_t(crc32(0, &out[start], uInt(out.size() - start))));
}

bool write_png(const std::string &path, const Screen &s)
{
    std::vector<uint8_t> raw;
    for (uint32_t y = 0; y < s.height; y++) {
        raw.push_back(0);
        for (uint32_t x = 0; x < s.width; x++) {
            Rgb c = s.at(x, y);
            raw.insert(raw.end(), {c.r, c.g, c.b});
        }
    }
    uLongf zlen = compressBound(raw.size());
    std::vector<uint8_t> z(zlen);
    if (compress(z.data(), &zlen, raw.data(), raw.size()) != Z_OK) {
        return false;
    }
    z.resize(zlen);
    std::vector<uint8_t> out = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    std::vector<uint8_t> ihdr;
    put_be32(ihdr, s.width);
    put_be32(ihdr, s.height);
    ihdr.insert(ihdr.end(), {8, 2, 0, 0, 0});
    chunk(out, "IHDR", ihdr);
    chunk(out, "IDAT", z);
    chunk(out, "IEND", {});
    std::ofstream f(path, std::ios::binary);
    f.write(reinterpret_cast<const char *>(out.data()), std::streamsize(out.size()));
    return bool(f);
}

} // namespace

int main(int argc, char **argv)
{
    if (argc == 4 && std::string(argv[1]) == "--write-expected") {
        auto r = parse_recipe(argv[3]);
        if (!r) {
            std::fprintf(stderr, "lab-screen-check: bad recipe\n");
            return 2;
        }
        return write_png(argv[2], compose(*r)) ? 0 : 2;
    }
    if (argc != 3) {
        std::fprintf(stderr, "usage: lab-screen-check SCREEN.png RECIPE\n"
                             "       lab-screen-check --write-expected OUT.png RECIPE\n");
        return 2;
    }
    auto r = parse_recipe(argv[2]);
    if (!r) {
        std::fprintf(stderr, "lab-screen-check: bad recipe '%s'\n", argv[2]);
        return 2;
    }
    uint32_t w = 0, h = 0;
    std::vector<Rgb> shown;
    std::string err;
    if (!read_png(argv[1], w, h, shown, err)) {
        std::fprintf(stderr, "lab-screen-check: %s: %s\n", argv[1], err.c_str());
        return 2;
    }
    if (w != r->width || h != r->height) {
        std::printf("%s: size %ux%u, expected %ux%u\n", argv[1], w, h, r->width, r->height);
        return 1;
    }
    Screen s = compose(*r);
    size_t bad = count_mismatches(s, shown);
    std::printf("%s: %zu of %zu pixels differ%s\n", argv[1], bad, shown.size(), s.exact ? "" : " (scaled: approximate)");
    unsigned listed = 0;
    for (uint32_t y = 0; y < h && listed < 5 && bad; y++) {
        for (uint32_t x = 0; x < w && listed < 5; x++) {
            size_t i = size_t(y) * w + x;
            Rgb e = s.pixels[i], g = shown[i];
            if (!pixel_matches(s, i, g)) {
                std::printf("  (%u,%u): shown %02x%02x%02x, expected %02x%02x%02x\n", x, y, g.r, g.g, g.b, e.r, e.g,
                            e.b);
                listed++;
            }
        }
    }
    if (!s.exact) {
        return bad * 20 > shown.size() ? 1 : 0;
    }
    return bad ? 1 : 0;
}
