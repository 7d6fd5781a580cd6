#include <boost/test/unit_test.hpp>

#include <set>

#include "lab_pattern.hpp"

namespace utf = boost::unit_test;
using namespace lab::pattern;

BOOST_AUTO_TEST_SUITE(pattern_tests, *utf::label("pattern"))

BOOST_AUTO_TEST_CASE(format_table, *utf::description("every format round-trips by name and fourcc"))
{
    for (size_t i = 0; i < kFormats.size(); i++) {
        const FormatInfo &fi = kFormats[i];
        BOOST_TEST(size_t(fi.format) == i);
        BOOST_TEST((format_from_name(fi.name).value() == fi.format));
        BOOST_TEST((format_from_fourcc(fi.fourcc).value() == fi.format));
    }
    BOOST_TEST(info(Format::XRGB8888).fourcc == 0x34325258u); // 'XR24' as in drm_fourcc.h
    BOOST_TEST(info(Format::RGB565).fourcc == 0x36314752u);   // 'RG16'
    BOOST_TEST(info(Format::YUV420).fourcc == 0x32315559u);   // 'YU12'
    BOOST_TEST(!format_from_name("rgba8888"));
}

BOOST_AUTO_TEST_CASE(deterministic, *utf::description("same size and seed, same bytes; other seed, other bytes"))
{
    for (const auto &fi : kFormats) {
        Layout l = layout(fi.format, 64, 48);
        auto a = generate(l, 42), b = generate(l, 42), c = generate(l, 43);
        BOOST_TEST_CONTEXT(fi.name)
        {
            BOOST_TEST(a == b);
            BOOST_TEST(a != c);
        }
    }
}

BOOST_AUTO_TEST_CASE(golden_values, *utf::description("fixed pixels of the reference pattern never change"))
{
    // Border, corner markers and the seed-rotated bars: what the host comparison relies on.
    BOOST_TEST((reference(320, 240, 7, 0, 0) == Rgb{255, 255, 255}));
    BOOST_TEST((reference(320, 240, 7, 319, 239) == Rgb{255, 255, 255}));
    BOOST_TEST((reference(320, 240, 7, 4, 4) == Rgb{255, 0, 0}));
    BOOST_TEST((reference(320, 240, 7, 315, 4) == Rgb{0, 255, 0}));
    BOOST_TEST((reference(320, 240, 0, 20, 30) == Rgb{255, 255, 255})); // bar 0, seed 0: white
    BOOST_TEST((reference(320, 240, 1, 20, 30) == Rgb{255, 255, 0}));   // bar 0, seed 1: yellow
    BOOST_TEST((reference(320, 240, 0, 300, 30) == Rgb{0, 0, 0}));      // bar 7, seed 0: black
    // Gradient region: red follows x.
    BOOST_TEST(reference(320, 240, 0, 160, 120).r == 127);
    // Mixer value pinned (splitmix64 of 0).
    BOOST_TEST(mix64(0) == 0xe220a8397b1dcdafull);
}

BOOST_AUTO_TEST_CASE(rgb_round_trip, *utf::description("packed RGB formats decode to the quantised reference"))
{
    for (Format f : {Format::XRGB8888, Format::XBGR8888, Format::RGB888, Format::RGB565, Format::BGR565,
                     Format::XRGB1555, Format::XBGR1555, Format::XRGB2101010}) {
        Layout l = layout(f, 50, 30, 0);
        auto buf = generate(l, 9);
        size_t bad = 0;
        for (uint32_t y = 0; y < 30; y++) {
            for (uint32_t x = 0; x < 50; x++) {
                Rgb got = decode_at(l, buf.data(), x, y);
                bad += got != expected(f, 50, 30, 9, x, y);
                bad += !same_at_precision(f, got, reference(50, 30, 9, x, y));
            }
        }
        BOOST_TEST_CONTEXT(info(f).name) { BOOST_TEST(bad == 0u); }
    }
    // 8-bit formats are exact.
    Layout l = layout(Format::XRGB8888, 16, 16);
    auto buf = generate(l, 1);
    BOOST_TEST((decode_at(l, buf.data(), 3, 9) == reference(16, 16, 1, 3, 9)));
}

BOOST_AUTO_TEST_CASE(byte_order, *utf::description("little-endian DRM byte order of packed formats"))
{
    Rgb c{0x12, 0x34, 0x56};
    uint8_t px[4];
    store_le(px, pack_rgb(Format::XRGB8888, c), 4);
    BOOST_TEST(px[0] == 0x56);
    BOOST_TEST(px[1] == 0x34);
    BOOST_TEST(px[2] == 0x12);
    store_le(px, pack_rgb(Format::RGB888, c), 3);
    BOOST_TEST(px[0] == 0x56); // RG24: B, G, R in memory
    BOOST_TEST(px[2] == 0x12);
    store_le(px, pack_rgb(Format::RGB565, Rgb{255, 0, 0}), 2);
    BOOST_TEST(px[0] == 0x00);
    BOOST_TEST(px[1] == 0xf8);
    BOOST_TEST(pack_rgb(Format::XRGB2101010, Rgb{255, 255, 255}) == 0x3fffffffu);
}

BOOST_AUTO_TEST_CASE(pitch_respected, *utf::description("a padded pitch leaves the padding untouched"))
{
    Layout tight = layout(Format::RGB565, 30, 10);
    Layout padded = layout(Format::RGB565, 30, 10, 64);
    BOOST_TEST(tight.planes[0].pitch == 60u);
    BOOST_TEST(padded.size == 640u);
    std::vector<uint8_t> buf(padded.size, 0xaa);
    fill(padded, buf.data(), 5);
    for (uint32_t y = 0; y < 10; y++) {
        BOOST_TEST(buf[y * 64 + 60] == 0xaa);
        BOOST_TEST(buf[y * 64 + 63] == 0xaa);
        BOOST_TEST((decode_at(padded, buf.data(), 29, y) == expected(Format::RGB565, 30, 10, 5, 29, y)));
    }
}

BOOST_AUTO_TEST_CASE(yuv_close_to_rgb, *utf::description("YUV formats stay within tolerance of the reference"))
{
    for (Format f : {Format::YUYV, Format::UYVY, Format::YUV420}) {
        const uint32_t w = 64, h = 48;
        Layout l = layout(f, w, h);
        BOOST_TEST(alloc_rows(f, h) * l.planes[0].pitch >= l.size);
        auto buf = generate(l, 3);
        size_t exact_bad = 0, far = 0;
        for (uint32_t y = 0; y < h; y++) {
            for (uint32_t x = 0; x < w; x++) {
                Rgb got = decode_at(l, buf.data(), x, y);
                exact_bad += got != expected(f, w, h, 3, x, y);
                // Flat areas (same colour in the chroma block) stay close to the RGB reference.
                Rgb ref = reference(w, h, 3, x, y);
                Rgb nb = reference(w, h, 3, x ^ 1, y);
                if (ref == nb && (f != Format::YUV420 || (ref == reference(w, h, 3, x, y ^ 1) &&
                                                    ref == reference(w, h, 3, x ^ 1, y ^ 1)))) {
                    far += !same_at_precision(f, got, ref);
                }
            }
        }
        BOOST_TEST_CONTEXT(info(f).name)
        {
            BOOST_TEST(exact_bad == 0u); // expected() models fill()'s chroma sampling exactly
            BOOST_TEST(far == 0u);
        }
    }
    // Primary colours survive the conversion within tolerance.
    for (Rgb c : {Rgb{255, 0, 0}, Rgb{0, 255, 0}, Rgb{0, 0, 255}, Rgb{255, 255, 255}, Rgb{0, 0, 0}}) {
        Yuv y = to_yuv(c);
        BOOST_TEST(same_at_precision(Format::YUYV, from_yuv(y.y, y.u, y.v), c));
    }
}

BOOST_AUTO_TEST_CASE(recipe_text, *utf::description("recipes print and parse back, bad ones are rejected"))
{
    Recipe r;
    r.width = 320, r.height = 240;
    r.background = {1, 2, 3};
    r.layers.push_back({Format::XRGB8888, 320, 240, 0, 0, 320, 240, 7});
    r.layers.push_back({Format::YUV420, 160, 120, -4, 30, 240, 180, 123456789012ull});
    std::string s = to_string(r);
    BOOST_TEST(s == "screen=320x240;bg=010203;layer=xrgb8888,320x240,0,0,320x240,7;"
                    "layer=yuv420,160x120,-4,30,240x180,123456789012");
    auto p = parse_recipe(s);
    BOOST_TEST_REQUIRE(p.has_value());
    BOOST_TEST(to_string(*p) == s);
    BOOST_TEST(!parse_recipe("bg=000000"));                              // no screen size
    BOOST_TEST(!parse_recipe("screen=320x240;layer=nv12,1x1,0,0,1x1,0")); // unknown format
    BOOST_TEST(!parse_recipe("screen=320x240;junk"));
    BOOST_TEST(!parse_recipe("screen=320x240x"));
}

BOOST_AUTO_TEST_CASE(compose_screen, *utf::description("composition: background, layers bottom to top, clipping"))
{
    Recipe r;
    r.width = 32, r.height = 24;
    r.background = {9, 9, 9};
    r.layers.push_back({Format::XRGB8888, 32, 24, 0, 0, 32, 24, 1});
    r.layers.push_back({Format::RGB565, 8, 8, 28, 20, 8, 8, 2}); // hangs over the corner
    Screen s = compose(r);
    BOOST_TEST(s.exact);
    BOOST_TEST((s.at(5, 5) == expected(Format::XRGB8888, 32, 24, 1, 5, 5)));
    BOOST_TEST((s.at(29, 21) == expected(Format::RGB565, 8, 8, 2, 1, 1)));
    BOOST_TEST(count_mismatches(s, s.pixels) == 0u);
    auto shown = s.pixels;
    shown[0].r ^= 0x80;
    shown[size_t(21) * 32 + 29].b ^= 0x01; // below RGB565's precision: still equal
    BOOST_TEST(count_mismatches(s, shown) == 1u);

    Recipe bg;
    bg.width = 4, bg.height = 4;
    bg.background = {0, 0, 0};
    Screen e = compose(bg);
    BOOST_TEST((e.at(3, 3) == Rgb{0, 0, 0}));

    Recipe scaled = r;
    scaled.layers[1].w = 16;
    BOOST_TEST(!compose(scaled).exact);
}

BOOST_AUTO_TEST_CASE(pattern_regions_distinct, *utf::description("the pattern is not flat: many distinct colours"))
{
    std::set<uint32_t> colours;
    for (uint32_t y = 0; y < 240; y += 3) {
        for (uint32_t x = 0; x < 320; x += 3) {
            Rgb c = reference(320, 240, 11, x, y);
            colours.insert(uint32_t(c.r) << 16 | uint32_t(c.g) << 8 | c.b);
        }
    }
    BOOST_TEST(colours.size() > 500u);
}

BOOST_AUTO_TEST_CASE(c8_palette_through_gamma_lut,
                     *utf::description("C8: every palette entry survives the driver's gamma LUT rounding"))
{
    // drm_color_lut_extract() in 6.12: DIV_ROUND_CLOSEST(x * (2^bits - 1), 0xffff).
    auto extract = [](unsigned x, unsigned bits) { unsigned m = (1u << bits) - 1; return (x * m + 0x7fff) / 0xffff; };
    for (unsigned i = 0; i < 256; i++) {
        Rgb565 p = c8_palette(uint8_t(i));
        BOOST_TEST_CONTEXT("index " << i)
        {
            BOOST_TEST(extract(lut16(p.r5, 5), 5) == p.r5);
            BOOST_TEST(extract(lut16(p.g6, 6), 6) == p.g6);
            BOOST_TEST(extract(lut16(p.b5, 5), 5) == p.b5);
        }
    }
    // Index = the colour quantised to RGB332; black, white and pure red map to the ends.
    BOOST_TEST(pack_rgb(Format::C8, Rgb{0, 0, 0}) == 0u);
    BOOST_TEST(pack_rgb(Format::C8, Rgb{255, 255, 255}) == 255u);
    BOOST_TEST(pack_rgb(Format::C8, Rgb{255, 0, 0}) == 0xe0u);
    BOOST_TEST((unpack_rgb(Format::C8, 0xe0) == Rgb{0xf8, 0, 0}));
    BOOST_TEST((unpack_rgb(Format::C8, 0xff) == Rgb{0xf8, 0xfc, 0xf8}));
}

BOOST_AUTO_TEST_SUITE_END()
