// lab-screen-check: compares a screendump (PNG, as QEMU's screendump writes it) with the frame a
// recipe describes (guest-tests/include/lab_pattern.hpp, shared with the guest binary; the guest
// prints the recipe next to each SCREEN request as "# <case>: screen <name> <recipe>").
//
//   lab-screen-check SCREEN.png RECIPE                exit 0: equal, 1: different, 2: bad input
//   lab-screen-check --write-expected OUT.png RECIPE  the frame the recipe describes, as a PNG
//   lab-screen-check --stats SCREEN.png WIDTH HEIGHT  exit 0: that size and not a flat image (at
//                                                     least 8 distinct colours), 1 otherwise
//
// RGB layers are compared on the bits their format stores, YUV layers within a tolerance, IPU
// layers (",ipu=<sharpness>", computed as the IPU model does: lab_ipu.hpp) exactly; a recipe with
// scaled layers without the IPU marker is only approximate, so mismatches there are reported but
// the exit status is 0 unless more than 5% of the pixels differ. PNGs are read and written with
// libpng.
#include <cstdio>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "lab_cli.hpp"
#include <png.h>

#include "lab_pattern.hpp"

using namespace lab::pattern;

namespace {

// Any PNG libpng reads, as 8-bit RGB.
bool read_png(const std::string &path, uint32_t &w, uint32_t &h, std::vector<Rgb> &px, std::string &err)
{
    png_image img{};
    img.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_file(&img, path.c_str())) {
        err = img.message;
        return false;
    }
    img.format = PNG_FORMAT_RGB;
    std::vector<uint8_t> buf(PNG_IMAGE_SIZE(img));
    if (!png_image_finish_read(&img, nullptr, buf.data(), 0, nullptr)) {
        err = img.message;
        png_image_free(&img);
        return false;
    }
    w = img.width, h = img.height;
    px.resize(size_t(w) * h);
    for (size_t i = 0; i < px.size(); i++) {
        px[i] = {buf[3 * i], buf[3 * i + 1], buf[3 * i + 2]};
    }
    return true;
}

bool write_png(const std::string &path, const Screen &s)
{
    std::vector<uint8_t> buf;
    buf.reserve(size_t(s.width) * s.height * 3);
    for (uint32_t y = 0; y < s.height; y++) {
        for (uint32_t x = 0; x < s.width; x++) {
            Rgb c = s.at(x, y);
            buf.insert(buf.end(), {c.r, c.g, c.b});
        }
    }
    png_image img{};
    img.version = PNG_IMAGE_VERSION;
    img.width = s.width;
    img.height = s.height;
    img.format = PNG_FORMAT_RGB;
    return png_image_write_to_file(&img, path.c_str(), 0, buf.data(), 0, nullptr) != 0;
}

// --stats: the size, and whether the frame shows a pattern at all (modetest's, say).
int stats(const std::string &path, uint32_t want_w, uint32_t want_h)
{
    uint32_t w = 0, h = 0;
    std::vector<Rgb> px;
    std::string err;
    if (!read_png(path, w, h, px, err)) {
        std::fprintf(stderr, "lab-screen-check: %s: %s\n", path.c_str(), err.c_str());
        return 2;
    }
    std::set<std::tuple<uint8_t, uint8_t, uint8_t>> colours;
    for (const Rgb &c : px) {
        colours.insert({c.r, c.g, c.b});
    }
    std::printf("%s: %ux%u, %zu distinct colours\n", path.c_str(), w, h, colours.size());
    if (w != want_w || h != want_h) {
        std::printf("%s: size %ux%u, expected %ux%u\n", path.c_str(), w, h, want_w, want_h);
        return 1;
    }
    if (colours.size() < 8) {
        std::printf("%s: the frame is (nearly) flat: no pattern on the panel\n", path.c_str());
        return 1;
    }
    return 0;
}

// SCREEN.png against RECIPE.
int compare(const std::string &path, const Recipe &r)
{
    uint32_t w = 0, h = 0;
    std::vector<Rgb> shown;
    std::string err;
    if (!read_png(path, w, h, shown, err)) {
        std::fprintf(stderr, "lab-screen-check: %s: %s\n", path.c_str(), err.c_str());
        return 2;
    }
    if (w != r.width || h != r.height) {
        std::printf("%s: size %ux%u, expected %ux%u\n", path.c_str(), w, h, r.width, r.height);
        return 1;
    }
    Screen s = compose(r);
    size_t bad = count_mismatches(s, shown);
    std::printf("%s: %zu of %zu pixels differ%s\n", path.c_str(), bad, shown.size(), s.exact ? "" : " (scaled: approximate)");
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

} // namespace

int main(int argc, char **argv)
{
    CLI::App app("lab-screen-check: a screendump against the frame its recipe describes", "lab-screen-check");
    std::string write_expected, stats_png, recipe_text;
    std::vector<std::string> args;
    app.add_option("--write-expected", write_expected, "write the frame RECIPE describes to this PNG");
    app.add_option("--stats", stats_png, "check that this PNG has the size WIDTH HEIGHT and shows a pattern");
    app.add_option("args", args, "SCREEN.png RECIPE | RECIPE | WIDTH HEIGHT");
    if (auto rc = lab::cli::parse(app, "", argc, argv)) {
        return *rc;
    }
    if (!stats_png.empty()) {
        unsigned long w = 0, h = 0;
        if (args.size() != 2 || std::sscanf(args[0].c_str(), "%lu", &w) != 1 || std::sscanf(args[1].c_str(), "%lu", &h) != 1) {
            std::fprintf(stderr, "lab-screen-check: --stats SCREEN.png WIDTH HEIGHT\n");
            return 2;
        }
        return stats(stats_png, uint32_t(w), uint32_t(h));
    }
    if (args.size() != (write_expected.empty() ? 2u : 1u)) {
        std::fprintf(stderr, "lab-screen-check: SCREEN.png RECIPE, or --write-expected OUT.png RECIPE (see --help)\n");
        return 2;
    }
    recipe_text = args.back();
    auto r = parse_recipe(recipe_text);
    if (!r) {
        std::fprintf(stderr, "lab-screen-check: bad recipe '%s'\n", recipe_text.c_str());
        return 2;
    }
    if (!write_expected.empty()) {
        if (!write_png(write_expected, compose(*r))) {
            std::fprintf(stderr, "lab-screen-check: cannot write %s\n", write_expected.c_str());
            return 2;
        }
        return 0;
    }
    return compare(args[0], *r);
}
