// lab_ipu.hpp: the driver's scaling tables (values derived by hand from the published formula)
// and the model's picture (identity, flat colours, recipes).
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cstdlib>

#include "lab_ipu.hpp"
#include "lab_pattern.hpp"

namespace utf = boost::unit_test;
using namespace lab;

namespace {

std::vector<std::array<int32_t, 5>> table(ipu::Ratio r, unsigned sharpness)
{
    std::vector<std::array<int32_t, 5>> out;
    for (const auto &c : ipu::coefs(r, sharpness)) {
        out.push_back({c.w[0], c.w[1], c.w[2], c.w[3], int32_t(c.offset)});
    }
    return out;
}

using Row = std::array<int32_t, 5>;

ipu::Picture render_pattern(pattern::Format f, uint32_t sw, uint32_t sh, uint32_t dw, uint32_t dh, unsigned sharp,
                            uint64_t seed, std::vector<uint8_t> *bytes = nullptr)
{
    pattern::Layout l = pattern::layout(f, sw, sh);
    std::vector<uint8_t> buf = pattern::generate(l, seed);
    ipu::Source s;
    s.fourcc = pattern::info(f).fourcc;
    s.width = sw, s.height = sh;
    s.base = buf.data(), s.size = buf.size();
    for (unsigned i = 0; i < 3; i++) {
        s.offset[i] = l.planes[i].offset;
    }
    auto p = ipu::render(s, dw, dh, 320, 240, sharp);
    BOOST_REQUIRE(p.has_value());
    if (bytes) {
        *bytes = buf;
    }
    return *p;
}

} // namespace

BOOST_AUTO_TEST_SUITE(ipu_tests, *utf::label("ipu"))

BOOST_AUTO_TEST_CASE(ratios, *utf::description("atomic_check's reduced fractions, num <= 31, up to 102%"))
{
    auto r = ipu::ratio(320, 240, 320);
    BOOST_TEST((r && r->num == 3 && r->denom == 4));
    r = ipu::ratio(128, 320, 320);
    BOOST_TEST((r && r->num == 5 && r->denom == 2 && r->upscale()));
    r = ipu::ratio(160, 320, 320);
    BOOST_TEST((r && r->num == 2 && r->denom == 1));
    r = ipu::ratio(240, 240, 240);
    BOOST_TEST((r && !r->resize()));
    // 97/100 and 98/100 (=49/50) do not reduce below 32; 99/100 neither; 100/100 = 1/1
    r = ipu::ratio(100, 97, 320);
    BOOST_TEST((r && r->num == 1 && r->denom == 1));
    // x/7 needs a multiple of 7 up to 217: none in 300..306
    BOOST_TEST(!ipu::ratio(7, 300, 300));
}

BOOST_AUTO_TEST_CASE(integer_upscale, *utf::description("integer ratios force nearest: step on the last entry"))
{
    BOOST_TEST((table({2, 1}, 8) == std::vector<Row>{{0, 512, 0, 0, 0}, {0, 512, 0, 0, 1}}));
    auto w = ipu::lut_words({2, 1}, 8);
    BOOST_TEST((w == std::vector<uint32_t>{0x04000000u, 0x0u, 0x04000000u, 0x2u}));
}

BOOST_AUTO_TEST_CASE(bilinear_tables, *utf::description("sharpness 1: bilinear weights of the walks"))
{
    // 1/2: weight_num = 1 + (2-1)%2 = 2, weight = 512 - 512*1/2 = 256, offset (2+4-1)/2 = 2
    BOOST_TEST((table({1, 2}, 1) == std::vector<Row>{{0, 256, 256, 0, 2}}));
    BOOST_TEST((ipu::lut_words({1, 2}, 1) == std::vector<uint32_t>{0x02000000u, 0x4004u}));
    // 3/2 up: 512 (stay), 512-341=171 (step), 512-170=342 (step)
    BOOST_TEST((table({3, 2}, 1) == std::vector<Row>{{0, 512, 0, 0, 0}, {0, 171, 341, 0, 1}, {0, 342, 170, 0, 1}}));
    // 2/3 down: weights 384 (step 1), 128 (step 2)
    BOOST_TEST((table({2, 3}, 1) == std::vector<Row>{{0, 384, 128, 0, 1}, {0, 128, 384, 0, 2}}));
    // sharpness 0 snaps to 512/0
    BOOST_TEST((table({2, 3}, 0) == std::vector<Row>{{0, 512, 0, 0, 1}, {0, 0, 512, 0, 2}}));
}

BOOST_AUTO_TEST_CASE(bicubic_tables, *utf::description("sharpness 8 (a = -1): Keys kernel, the driver's rounding"))
{
    // 1/2 down, distance 0.5: cubic(0.5) = 0.625 -> 320.5 -> 320; cubic(1.5) = -0.125 -> -63.5 -> -63
    // (F2I truncates toward zero): the weights sum to 514, not 512.
    BOOST_TEST((table({1, 2}, 8) == std::vector<Row>{{-63, 320, 320, -63, 2}}));
    // distance 0 is the identity whatever a is
    for (unsigned s = 2; s <= 32; s++) {
        BOOST_TEST((table({3, 2}, s)[0] == Row{0, 512, 0, 0, 0}));
    }
    // sharpness 4 (a = -0.5), distance 0.5: (1.5*0.125 - 2.5*0.25 + 1) = 0.5625 -> 288;
    // -0.5*(0.125) = -0.0625 -> -32 + 0.5 -> -31
    BOOST_TEST((table({1, 2}, 4) == std::vector<Row>{{-31, 288, 288, -31, 2}}));
    // 11-bit fields, signed: -63 = 0x7c1
    auto w = ipu::lut_words({1, 2}, 8);
    BOOST_TEST(w[0] == (320u << 17 | 0x7c1u << 6));
    BOOST_TEST(w[1] == (0x7c1u << 17 | 320u << 6 | 2u << 1));
    // the model reads them back
    auto taps = ipu::walk(&w, 3);
    BOOST_TEST((taps[1].pos == 2 && taps[1].w[0] == -63 && taps[1].w[1] == 320 && taps[2].pos == 4));
}

BOOST_AUTO_TEST_CASE(identity, *utf::description("1:1: the IPU shows the buffer as it is (RGB exact)"))
{
    for (pattern::Format f : {pattern::Format::XRGB8888, pattern::Format::XBGR8888, pattern::Format::RGB565,
                              pattern::Format::XRGB1555}) {
        auto pic = render_pattern(f, 64, 48, 64, 48, 8, 5);
        size_t bad = 0;
        for (uint32_t y = 0; y < 48; y++) {
            for (uint32_t x = 0; x < 64; x++) {
                pattern::Rgb e = pattern::expected(f, 64, 48, 5, x, y);
                uint32_t v = pic.at(x, y);
                pattern::Rgb g{uint8_t(v >> 16), uint8_t(v >> 8), uint8_t(v)};
                bad += !pattern::same_at_precision(f, g, e);
            }
        }
        BOOST_TEST_CONTEXT(pattern::info(f).name) { BOOST_TEST(bad == 0u); }
    }
}

BOOST_AUTO_TEST_CASE(yuv_identity, *utf::description("1:1 YUV: each pixel is the CSC of its own samples"))
{
    std::vector<uint8_t> buf;
    auto pic = render_pattern(pattern::Format::YUYV, 32, 8, 32, 8, 8, 3, &buf);
    for (uint32_t y = 0; y < 8; y++) {
        for (uint32_t x = 0; x < 32; x++) {
            const uint8_t *g = &buf[size_t(y) * 64 + (x & ~1u) * 2];
            int yy = g[(x & 1) ? 2 : 0], u = g[1] - 128, v = g[3] - 128;
            auto rd = [](int s) { return uint32_t(ipu::csc_round(s)); };
            uint32_t e = rd(0x4a8 * yy + 0x662 * v) << 16 | rd(0x4a8 * yy - 0x191 * u - 0x341 * v) << 8 |
                         rd(0x4a8 * yy + 0x811 * u);
            BOOST_TEST(pic.at(x, y) == e);
        }
    }
}

BOOST_AUTO_TEST_CASE(flat_colour, *utf::description("a flat buffer stays flat (nearest, bilinear) or nearly "
                                                   "so (bicubic: the driver's weights may sum to 511..514)"))
{
    const uint32_t sw = 40, sh = 30;
    std::vector<uint8_t> buf(size_t(sw) * sh * 4);
    for (size_t i = 0; i < buf.size(); i += 4) {
        buf[i] = 0x20, buf[i + 1] = 0x80, buf[i + 2] = 0xc8, buf[i + 3] = 0;
    }
    ipu::Source s;
    s.fourcc = ipu::fourcc('X', 'R', '2', '4');
    s.width = sw, s.height = sh, s.base = buf.data(), s.size = buf.size();
    for (unsigned sharp : {0u, 1u, 2u, 8u, 32u}) {
        for (auto [dw, dh] : {std::pair{40u, 30u}, {100u, 75u}, {30u, 20u}, {80u, 60u}, {16u, 12u}}) {
            auto p = ipu::render(s, dw, dh, 320, 240, sharp);
            BOOST_REQUIRE(p);
            unsigned worst = 0;
            for (uint32_t v : p->pixels) {
                for (int c = 0; c < 24; c += 8) {
                    int d = int((v >> c) & 0xff) - int((0xc88020u >> c) & 0xff);
                    worst = std::max(worst, unsigned(std::abs(d)));
                }
            }
            BOOST_TEST_CONTEXT("sharpness " << sharp << " " << dw << "x" << dh)
            {
                BOOST_TEST(worst <= (sharp < 2 ? 0u : 2u));
            }
        }
    }
    // integer ratios and 1:1 are exact at any sharpness (nearest / no resize)
    for (auto [dw, dh] : {std::pair{40u, 30u}, {80u, 60u}, {120u, 90u}}) {
        auto p = ipu::render(s, dw, dh, 320, 240, 8);
        BOOST_REQUIRE(p);
        BOOST_TEST(std::all_of(p->pixels.begin(), p->pixels.end(), [](uint32_t v) { return v == 0xc88020u; }));
    }
}

BOOST_AUTO_TEST_CASE(recipe_ipu_marker, *utf::description("IPU layers print, parse and compose exactly"))
{
    pattern::Recipe r;
    r.width = 320, r.height = 240;
    r.layers.push_back({pattern::Format::YUV420, 128, 96, 0, 0, 320, 240, 9, 8});
    std::string text = pattern::to_string(r);
    BOOST_TEST(text == "screen=320x240;bg=000000;layer=yuv420,128x96,0,0,320x240,9,ipu=8");
    auto p = pattern::parse_recipe(text);
    BOOST_REQUIRE(p);
    BOOST_TEST(p->layers[0].ipu == 8);
    BOOST_TEST(!pattern::parse_recipe("screen=320x240;layer=yuv420,128x96,0,0,320x240,9,ipu=33"));
    pattern::Screen s = pattern::compose(*p);
    BOOST_TEST(s.exact);
    BOOST_TEST(s.format_of[0] == pattern::kExactPixel);
    auto pic = render_pattern(pattern::Format::YUV420, 128, 96, 320, 240, 8, 9);
    BOOST_TEST((s.at(100, 100) == pattern::Rgb{uint8_t(pic.at(100, 100) >> 16), uint8_t(pic.at(100, 100) >> 8),
                                              uint8_t(pic.at(100, 100))}));
    // Without the marker a scaled layer stays approximate
    p->layers[0].ipu = -1;
    BOOST_TEST(!pattern::compose(*p).exact);
}

BOOST_AUTO_TEST_SUITE_END()
