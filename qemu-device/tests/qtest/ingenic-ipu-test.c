/*
 * QTest for the Ingenic JZ4770 IPU (hw/display/ingenic_ipu.c)
 *
 * Each case starts a fresh "-M jz4770", programs the CGU (1 MHz pixel
 * clock, IPU clock ungated), the LCDC with a 16x8 mode (HT 20 x VT 10 =
 * 200 us per frame) whose F1 is fed by the IPU (OSDCTRL.IPU), and the IPU
 * as ingenic-ipu does (RST, CHIP_EN | LCDC_SEL, addresses, strides, D_FMT,
 * OUT_GS, CSC, LUTs, STATUS := 0, RUN | FM_IRQ_EN), with small frames in
 * guest RAM at 0x01000000. It checks: reset values and RST, the write-only
 * LUT ports, OUT_END once per LCDC frame and the INTC line 29 (level,
 * cleared by STATUS := 0), STOP, converted and scaled pixels through QMP
 * screendump (YUV420 with an integer 2x LUT, the four packed YUV 4:2:2
 * byte orders, XYUV8888, RGB565 with BGR output order, planar 4:4:4/4:2:2/
 * 4:1:1, a bilinear ZOOM_SEL=0 LUT and the driver's bicubic 1/2 LUT with
 * edge clamping), and the device-side findings in the -D log (gated-access,
 * dma-outside-ram, active-at-reset).
 *
 * Expected pixels are computed here from the formulas of the model's header
 * comment (CSC (sum + 512) >> 10, filter (sum + 256) >> 9, clamped).
 * Screendump needs QEMU built with pixman; without it the pixel checks are
 * skipped.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "libqtest.h"
#include "qobject/qdict.h"
#include "qemu/bswap.h"
#include "hw/display/ingenic_ipu_regs.h"
#include "hw/intc/ingenic_intc_regs.h"
#include "ingenic-display.h"

#define LCDC            INGENIC_TEST_LCDC
#define IPU             0x13080000
#define INTC            0x10001000
#define IPU_IRQ         (1u << 29)      /* INTC input 29 */
#define GATE_LCD        INGENIC_CGU_CLKGR0_LCD
#define GATE_IPU        INGENIC_CGU_CLKGR0_IPU
/* A bit of the IPU's CTRL, e.g. CTRL(CHIP_EN) */
#define CTRL(bit)       R_IPU_CTRL_##bit##_MASK

/* Guest memory */
#define FB_Y            0x01000000
#define FB_U            0x01100000
#define FB_V            0x01200000

#define W               INGENIC_TEST_W
#define H               INGENIC_TEST_H
#define FRAME_NS        INGENIC_TEST_FRAME_NS

typedef IngenicTest Lab;

static void iw(Lab *lab, uint32_t reg, uint32_t val)
{
    qtest_writel(lab->qts, IPU + reg, val);
}

static uint32_t ir(Lab *lab, uint32_t reg)
{
    return qtest_readl(lab->qts, IPU + reg);
}

static void iset(Lab *lab, uint32_t reg, uint32_t bits)
{
    iw(lab, reg, ir(lab, reg) | bits);
}

static void lw(Lab *lab, uint32_t reg, uint32_t val)
{
    qtest_writel(lab->qts, LCDC + reg, val);
}

static void step(Lab *lab, int64_t ns)
{
    qtest_clock_step(lab->qts, ns);
}

static void ipu_gate(Lab *lab, bool gated)
{
    ingenic_test_gate(lab, GATE_IPU, gated);
}

/* Pixel clock 1 MHz, LCD and IPU clocks ungated */
static void clocks_on(Lab *lab)
{
    ingenic_test_clocks(lab, INGENIC_TEST_PCLK_DIV, GATE_LCD | GATE_IPU);
}

/* The 16x8 mode with F1 fed by the IPU over a magenta background */
static void lcdc_ipu_mode(Lab *lab)
{
    ingenic_test_mode_16x8(lab);
    lw(lab, A_LCDC_BGC, 0xff00ff);
    lw(lab, A_LCDC_OSDC, R_LCDC_OSDC_OSDEN_MASK | R_LCDC_OSDC_F1EN_MASK);
    lw(lab, A_LCDC_OSDCTRL, R_LCDC_OSDCTRL_IPU_MASK | INGENIC_LCDC_BPP_18_24);
    lw(lab, A_LCDC_XYP1, 0);
    lw(lab, A_LCDC_SIZE1, FIELD_DP32(0, LCDC_SIZE, W, W) |
       FIELD_DP32(0, LCDC_SIZE, H, H));
    lw(lab, A_LCDC_STATE, 0);
    lw(lab, A_LCDC_CTRL, R_LCDC_CTRL_ENA_MASK);
}

/* Register values from their fields */
static uint32_t in_gs(uint32_t w, uint32_t h)
{
    return FIELD_DP32(0, IPU_IN_GS, W, w) | FIELD_DP32(0, IPU_IN_GS, H, h);
}

static uint32_t uv_stride(uint32_t u, uint32_t v)
{
    return FIELD_DP32(0, IPU_UV_STRIDE, U, u) | FIELD_DP32(0, IPU_UV_STRIDE,
                                                           V, v);
}

static uint32_t coef_index(uint32_t he, uint32_t ve)
{
    return FIELD_DP32(0, IPU_RSZ_COEF_INDEX, HE, he) | FIELD_DP32(0,
        IPU_RSZ_COEF_INDEX, VE, ve);
}

typedef struct Setup {
    bool packed, csc;
    uint32_t d_fmt;
    uint32_t in_w_bytes, in_h;      /* IN_GS */
    uint32_t y_stride, uv_stride;
    uint32_t ctrl;                  /* extra: HRSZ_EN, ZOOM_SEL, ... */
    uint32_t coef_index;
    const uint32_t *hlut, *vlut;
    unsigned hlut_n, vlut_n;        /* words */
} Setup;

static const uint32_t csc_coef[5] = { 0x4a8, 0x662, 0x191, 0x341, 0x811 };

/* ingenic_ipu_plane_atomic_update, full modeset path */
static void ipu_program(Lab *lab, const Setup *s)
{
    iset(lab, A_IPU_CTRL, CTRL(RST));
    iset(lab, A_IPU_CTRL, CTRL(CHIP_EN) | CTRL(LCDC_SEL));
    iw(lab, A_IPU_Y_ADDR, FB_Y);
    iw(lab, A_IPU_U_ADDR, FB_U);
    iw(lab, A_IPU_V_ADDR, FB_V);
    if (s->packed) {
        iset(lab, A_IPU_CTRL, CTRL(SPKG_SEL));
    }
    iw(lab, A_IPU_UV_STRIDE, s->uv_stride);
    iw(lab, A_IPU_Y_STRIDE, s->y_stride);
    iw(lab, A_IPU_IN_GS, in_gs(s->in_w_bytes, s->in_h));
    iw(lab, A_IPU_D_FMT, s->d_fmt |
       FIELD_DP32(0, IPU_D_FMT, OUT_FMT, INGENIC_IPU_OUT_FMT_RGB888));
    iw(lab, A_IPU_OUT_GS, FIELD_DP32(0, IPU_OUT_GS, W, W * 4) |
       FIELD_DP32(0, IPU_OUT_GS, H, H));
    iw(lab, A_IPU_OUT_STRIDE, W * 4);
    if (s->csc) {
        iset(lab, A_IPU_CTRL, CTRL(CSC_EN));
        iw(lab, A_IPU_CSC_OFFSET, FIELD_DP32(0, IPU_CSC_OFFSET, CHROMA, 128));
        for (int i = 0; i < 5; i++) {
            iw(lab, A_IPU_CSC_C0 + 4 * i, csc_coef[i]);
        }
    }
    iw(lab, A_IPU_CTRL, (ir(lab, A_IPU_CTRL) &
                         ~(CTRL(ZOOM_SEL) | CTRL(HRSZ_EN) | CTRL(VRSZ_EN) |
                           CTRL(HSCALE) | CTRL(VSCALE))) | s->ctrl);
    iw(lab, A_IPU_RSZ_COEF_INDEX, s->coef_index);
    if (s->hlut_n) {
        iw(lab, A_IPU_HRSZ_LUT, 0xffffffff);
        for (unsigned i = 0; i < s->hlut_n; i++) {
            iw(lab, A_IPU_HRSZ_LUT, s->hlut[i]);
        }
    }
    if (s->vlut_n) {
        iw(lab, A_IPU_VRSZ_LUT, 0xffffffff);
        for (unsigned i = 0; i < s->vlut_n; i++) {
            iw(lab, A_IPU_VRSZ_LUT, s->vlut[i]);
        }
    }
    iw(lab, A_IPU_STATUS, 0);
    iset(lab, A_IPU_CTRL, CTRL(RUN) | CTRL(FM_IRQ_EN));
}

/* ------------------------------------------------------------------------ */
/* Expected colours                                                          */

static uint32_t clamp8(int32_t v)
{
    return v < 0 ? 0 : v > 255 ? 255 : v;
}

static uint32_t csc_chan(int32_t sum)
{
    sum += 512;
    return sum < 0 ? 0 : clamp8(sum >> 10);
}

static uint32_t yuv_rgb(int y, int u, int v)
{
    u -= 128;
    v -= 128;
    return csc_chan(0x4a8 * y + 0x662 * v) << 16 |
           csc_chan(0x4a8 * y - 0x191 * u - 0x341 * v) << 8 |
           csc_chan(0x4a8 * y + 0x811 * u);
}

static uint32_t filter_chan(int32_t sum)
{
    sum += 256;
    return sum < 0 ? 0 : clamp8(sum >> 9);
}

/* Bicubic LUT word pair of (w0, w1, w2, w3, offset) */
static void lut_entry(uint32_t *w, int w0, int w1, int w2, int w3,
                      unsigned off)
{
    w[0] = FIELD_DP32(0, IPU_LUT, W1, w1) | FIELD_DP32(0, IPU_LUT, W0, w0);
    w[1] = FIELD_DP32(0, IPU_LUT, W1, w3) | FIELD_DP32(0, IPU_LUT, W0, w2);
    w[1] = FIELD_DP32(w[1], IPU_LUT, OFFSET, off);
}

/* ------------------------------------------------------------------------ */
/* Screendump                                                                */

/* Dump the screen; every IPU case drives the same 16x8 mode */
static bool screendump(Lab *lab, IngenicScreen *img)
{
    if (!ingenic_screen_dump(lab->qts, img)) {
        return false;
    }
    g_assert_cmpint(img->w, ==, W);
    g_assert_cmpint(img->h, ==, H);
    return true;
}

#define SCREENDUMP_OR_SKIP(lab, img)                                     \
    do {                                                                \
        if (!screendump(lab, img)) {                                    \
            g_test_skip("QMP screendump unavailable (no pixman?)");     \
            ingenic_test_end(lab);                                      \
            return;                                                     \
        }                                                               \
    } while (0)

static void assert_image(IngenicScreen *img, const uint32_t *expect)
{
    ingenic_screen_assert(img, W, H, expect);
}

/* Start: clocks, LCDC mode, IPU programmed, two frames run */
static Lab start_ipu(const Setup *s)
{
    Lab lab = ingenic_test_start("ipu", NULL);

    clocks_on(&lab);
    lcdc_ipu_mode(&lab);
    ipu_program(&lab, s);
    step(&lab, 3 * FRAME_NS);
    return lab;
}

/* ------------------------------------------------------------------------ */
/* Registers                                                                 */

static void test_reset_values(void)
{
    Lab lab = ingenic_test_start("ipu", NULL);

    clocks_on(&lab);
    for (uint32_t off = 0; off <= 0x60; off += 4) {
        g_assert_cmphex(ir(&lab, off), ==, 0);
    }
    ingenic_test_assert_no_finding(&lab);
    ingenic_test_end(&lab);
}

static void test_rst(void)
{
    Lab lab = ingenic_test_start("ipu", NULL);

    clocks_on(&lab);
    iw(&lab, A_IPU_CTRL, CTRL(CHIP_EN) | CTRL(SPKG_SEL) |
       CTRL(CSC_EN) | CTRL(STOP) | CTRL(LCDC_SEL) | CTRL(ZOOM_SEL));
    iw(&lab, A_IPU_D_FMT, 0x00500002);
    iw(&lab, A_IPU_Y_ADDR, 0x01234560);
    iw(&lab, A_IPU_CSC_C0, 0x4a8);
    g_assert_cmphex(ir(&lab, A_IPU_CTRL), ==,
                    CTRL(CHIP_EN) | CTRL(SPKG_SEL) | CTRL(CSC_EN) | CTRL(STOP) |
                    CTRL(LCDC_SEL) | CTRL(ZOOM_SEL));
    g_assert_cmphex(ir(&lab, A_IPU_D_FMT), ==, 0x00500002);
    /* The driver's RMW: all old bits plus RST */
    iset(&lab, A_IPU_CTRL, CTRL(RST));
    g_assert_cmphex(ir(&lab, A_IPU_CTRL), ==, 0);
    g_assert_cmphex(ir(&lab, A_IPU_D_FMT), ==, 0);
    g_assert_cmphex(ir(&lab, A_IPU_Y_ADDR), ==, 0);
    g_assert_cmphex(ir(&lab, A_IPU_CSC_C0), ==, 0);
    /* Then CHIP_EN | LCDC_SEL sticks, RST does not */
    iset(&lab, A_IPU_CTRL, CTRL(CHIP_EN) | CTRL(LCDC_SEL));
    g_assert_cmphex(ir(&lab, A_IPU_CTRL), ==, CTRL(CHIP_EN) |
                    CTRL(LCDC_SEL));
    ingenic_test_end(&lab);
}

static void test_lut_write_only(void)
{
    Lab lab = ingenic_test_start("ipu", NULL);

    clocks_on(&lab);
    iw(&lab, A_IPU_HRSZ_LUT, 0xffffffff);
    iw(&lab, A_IPU_HRSZ_LUT, 0x04000000);
    iw(&lab, A_IPU_VRSZ_LUT, 0x12345678 & ~1u);
    g_assert_cmphex(ir(&lab, A_IPU_HRSZ_LUT), ==, 0);
    g_assert_cmphex(ir(&lab, A_IPU_VRSZ_LUT), ==, 0);
    /* Overfilling is a guest error, not a crash */
    for (int i = 0; i < 100; i++) {
        iw(&lab, A_IPU_VRSZ_LUT, 2);
    }
    g_assert_cmphex(ir(&lab, A_IPU_CTRL), ==, 0);
    ingenic_test_end(&lab);
}

/* ------------------------------------------------------------------------ */
/* Frames and interrupts                                                     */

/* A flat XRGB8888 16x8 frame shown 1:1 */
static const Setup setup_xrgb_1to1 = {
    .packed = true, .d_fmt = 2, .in_w_bytes = W * 4, .in_h = H,
    .y_stride = W * 4,
};

static void put_flat32(Lab *lab, uint32_t addr, unsigned n, uint32_t v)
{
    g_autofree uint32_t *buf = g_new(uint32_t, n);

    for (unsigned i = 0; i < n; i++) {
        buf[i] = cpu_to_le32(v);
    }
    qtest_memwrite(lab->qts, addr, buf, n * 4);
}

static void test_out_end_irq(void)
{
    Lab lab = ingenic_test_start("ipu", NULL);

    clocks_on(&lab);
    put_flat32(&lab, FB_Y, W * H, 0x123456);
    qtest_writel(lab.qts, INTC + A_INTC_ICMCR, IPU_IRQ);
    lcdc_ipu_mode(&lab);
    /* The LCDC's first frame started at ENA: the IPU was not running yet */
    ipu_program(&lab, &setup_xrgb_1to1);
    step(&lab, FRAME_NS - 1);
    g_assert_cmphex(ir(&lab, A_IPU_STATUS), ==, 0);
    g_assert_cmphex(qtest_readl(lab.qts, INTC + A_INTC_ICPR) & IPU_IRQ, ==, 0);
    step(&lab, 1);      /* frame 1 ends; frame 2 (IPU running) starts */
    g_assert_cmphex(ir(&lab, A_IPU_STATUS), ==, 0);
    step(&lab, FRAME_NS);
    g_assert_cmphex(ir(&lab, A_IPU_STATUS), ==, R_IPU_STATUS_OUT_END_MASK);
    g_assert_cmphex(qtest_readl(lab.qts, INTC + A_INTC_ICPR) & IPU_IRQ, ==,
                    IPU_IRQ);
    /* Level: stays until STATUS := 0 */
    step(&lab, FRAME_NS / 2);
    g_assert_cmphex(qtest_readl(lab.qts, INTC + A_INTC_ICPR) & IPU_IRQ, ==,
                    IPU_IRQ);
    iw(&lab, A_IPU_STATUS, 0);
    g_assert_cmphex(ir(&lab, A_IPU_STATUS), ==, 0);
    g_assert_cmphex(qtest_readl(lab.qts, INTC + A_INTC_ICPR) & IPU_IRQ, ==, 0);
    /* RUN stays set: once per frame */
    g_assert_cmphex(ir(&lab, A_IPU_CTRL) & CTRL(RUN), ==,
                    CTRL(RUN));
    step(&lab, FRAME_NS / 2);
    g_assert_cmphex(ir(&lab, A_IPU_STATUS), ==, R_IPU_STATUS_OUT_END_MASK);
    /* Writing 1 does not set, writing 0 clears; no IRQ without FM_IRQ_EN */
    iw(&lab, A_IPU_CTRL, ir(&lab, A_IPU_CTRL) & ~CTRL(FM_IRQ_EN));
    g_assert_cmphex(qtest_readl(lab.qts, INTC + A_INTC_ICPR) & IPU_IRQ, ==, 0);
    iw(&lab, A_IPU_STATUS, R_IPU_STATUS_OUT_END_MASK);
    g_assert_cmphex(ir(&lab, A_IPU_STATUS), ==, R_IPU_STATUS_OUT_END_MASK);
    iw(&lab, A_IPU_STATUS, 0);
    step(&lab, FRAME_NS);
    g_assert_cmphex(ir(&lab, A_IPU_STATUS), ==, R_IPU_STATUS_OUT_END_MASK);
    g_assert_cmphex(qtest_readl(lab.qts, INTC + A_INTC_ICPR) & IPU_IRQ, ==, 0);
    ingenic_test_assert_no_finding(&lab);
    ingenic_test_end(&lab);
}

static void test_not_running(void)
{
    Lab lab = ingenic_test_start("ipu", NULL);

    clocks_on(&lab);
    lcdc_ipu_mode(&lab);
    ipu_program(&lab, &setup_xrgb_1to1);
    /* Without LCDC_SEL, without CHIP_EN: no OUT_END */
    iw(&lab, A_IPU_CTRL, ir(&lab, A_IPU_CTRL) & ~CTRL(LCDC_SEL));
    step(&lab, 3 * FRAME_NS);
    g_assert_cmphex(ir(&lab, A_IPU_STATUS), ==, 0);
    iw(&lab, A_IPU_CTRL, (ir(&lab, A_IPU_CTRL) |
                          CTRL(LCDC_SEL)) & ~CTRL(CHIP_EN));
    step(&lab, 3 * FRAME_NS);
    g_assert_cmphex(ir(&lab, A_IPU_STATUS), ==, 0);
    /* The driver's disable: STOP, CHIP_EN := 0 */
    iw(&lab, A_IPU_CTRL, ir(&lab, A_IPU_CTRL) | CTRL(CHIP_EN));
    step(&lab, 2 * FRAME_NS);
    g_assert_cmphex(ir(&lab, A_IPU_STATUS), ==, R_IPU_STATUS_OUT_END_MASK);
    iw(&lab, A_IPU_STATUS, 0);
    iset(&lab, A_IPU_CTRL, CTRL(STOP));
    step(&lab, 3 * FRAME_NS);
    /* The frame under way ends with OUT_END, then RUN is cleared */
    g_assert_cmphex(ir(&lab, A_IPU_STATUS), ==, R_IPU_STATUS_OUT_END_MASK);
    g_assert_cmphex(ir(&lab, A_IPU_CTRL) & CTRL(RUN), ==, 0);
    iw(&lab, A_IPU_STATUS, 0);
    step(&lab, 3 * FRAME_NS);
    g_assert_cmphex(ir(&lab, A_IPU_STATUS), ==, 0);
    ingenic_test_end(&lab);
}

/* ------------------------------------------------------------------------ */
/* Pixels                                                                    */

/* YUV420 8x4 -> 16x8 with the driver's integer 2x LUT (nearest) */
static void test_yuv420_upscale(void)
{
    uint32_t lut[4], expect[W * H];
    uint8_t y[8 * 4], u[4 * 2], v[4 * 2];
    Setup s = {
        .packed = false, .csc = true, .d_fmt = 0, .in_w_bytes = 8, .in_h = 4,
        .y_stride = 8, .uv_stride = uv_stride(4, 4),
        .ctrl = CTRL(ZOOM_SEL) | CTRL(HSCALE) | CTRL(VSCALE) | CTRL(HRSZ_EN) |
                CTRL(VRSZ_EN),
        .coef_index = coef_index(1, 1), .hlut = lut, .vlut = lut,
        .hlut_n = 4, .vlut_n = 4,
    };
    Lab lab;
    IngenicScreen img;

    lut_entry(&lut[0], 0, 512, 0, 0, 0);
    lut_entry(&lut[2], 0, 512, 0, 0, 1);
    for (int i = 0; i < 32; i++) {
        y[i] = 16 + i * 7;
    }
    for (int i = 0; i < 8; i++) {
        u[i] = 40 + i * 25;
        v[i] = 230 - i * 23;
    }
    lab = ingenic_test_start("ipu", NULL);
    qtest_memwrite(lab.qts, FB_Y, y, sizeof(y));
    qtest_memwrite(lab.qts, FB_U, u, sizeof(u));
    qtest_memwrite(lab.qts, FB_V, v, sizeof(v));
    clocks_on(&lab);
    lcdc_ipu_mode(&lab);
    ipu_program(&lab, &s);
    step(&lab, 3 * FRAME_NS);
    for (int oy = 0; oy < H; oy++) {
        for (int ox = 0; ox < W; ox++) {
            int sx = ox / 2, sy = oy / 2;
            int c = (sy / 2) * 4 + sx / 2;

            expect[oy * W + ox] = yuv_rgb(y[sy * 8 + sx], u[c], v[c]);
        }
    }
    SCREENDUMP_OR_SKIP(&lab, &img);
    assert_image(&img, expect);
    g_free(img.buf);
    ingenic_test_assert_no_finding(&lab);
    ingenic_test_end(&lab);
}

/* Packed YUV 4:2:2, all four byte orders (D_FMT[3:2]) and XYUV8888, 1:1 */
static void test_packed_yuv(const void *opaque)
{
    unsigned order = GPOINTER_TO_UINT(opaque);
    /* byte index of Y0, Y1, U, V per order */
    static const int pos[4][4] = {
        { 1, 3, 2, 0 }, { 1, 3, 0, 2 }, { 0, 2, 3, 1 }, { 0, 2, 1, 3 },
    };
    uint8_t buf[W * H * 4];
    uint32_t expect[W * H];
    Setup s = { .packed = true, .csc = true, .in_h = H };
    Lab lab;
    IngenicScreen img;

    for (int i = 0; i < W * H; i++) {
        int yy = (i * 37 + 5) & 0xff, uu = (i * 53 + 100) & 0xff;
        int vv = (i * 71 + 30) & 0xff;

        if (order < 4) {
            /* pixel pair i/2 shares the chroma of its first pixel */
            uint8_t *g = buf + (i / 2) * 4;
            int c = i & ~1;

            g[pos[order][i & 1]] = yy;
            g[pos[order][2]] = (c * 53 + 100) & 0xff;
            g[pos[order][3]] = (c * 71 + 30) & 0xff;
            expect[i] = yuv_rgb(yy, (c * 53 + 100) & 0xff,
                                (c * 71 + 30) & 0xff);
        } else {
            buf[i * 4 + 0] = vv;
            buf[i * 4 + 1] = uu;
            buf[i * 4 + 2] = yy;
            buf[i * 4 + 3] = 0xee;
            expect[i] = yuv_rgb(yy, uu, vv);
        }
    }
    if (order < 4) {
        s.d_fmt = FIELD_DP32(INGENIC_IPU_IN_FMT_PACKED_YUV422, IPU_D_FMT,
                             YUV_OFT, order);
        s.in_w_bytes = s.y_stride = W * 2;
    } else {
        s.d_fmt = 2;
        s.in_w_bytes = s.y_stride = W * 4;
    }
    lab = ingenic_test_start("ipu", NULL);
    qtest_memwrite(lab.qts, FB_Y, buf, sizeof(buf));
    clocks_on(&lab);
    lcdc_ipu_mode(&lab);
    ipu_program(&lab, &s);
    step(&lab, 3 * FRAME_NS);
    SCREENDUMP_OR_SKIP(&lab, &img);
    assert_image(&img, expect);
    g_free(img.buf);
    ingenic_test_end(&lab);
}

/* Planar 4:4:4 (2), 4:2:2 (1), 4:1:1 (3), 1:1 */
static void test_planar(const void *opaque)
{
    unsigned fmt = GPOINTER_TO_UINT(opaque);
    unsigned hsub = fmt == 2 ? 1 : fmt == 1 ? 2 : 4;
    uint8_t y[W * H], u[W * H], v[W * H];
    uint32_t expect[W * H];
    Setup s = {
        .packed = false, .csc = true, .d_fmt = fmt, .in_w_bytes = W,
        .in_h = H, .y_stride = W, .uv_stride = uv_stride(W / hsub, W / hsub),
    };
    Lab lab;
    IngenicScreen img;

    for (int i = 0; i < W * H; i++) {
        y[i] = (i * 29 + 3) & 0xff;
        u[i] = (i * 13 + 90) & 0xff;
        v[i] = (i * 41 + 7) & 0xff;
    }
    for (int yy = 0; yy < H; yy++) {
        for (int x = 0; x < W; x++) {
            int c = yy * (W / hsub) + x / hsub;
            expect[yy * W + x] = yuv_rgb(y[yy * W + x], u[c], v[c]);
        }
    }
    lab = ingenic_test_start("ipu", NULL);
    qtest_memwrite(lab.qts, FB_Y, y, sizeof(y));
    qtest_memwrite(lab.qts, FB_U, u, sizeof(u));
    qtest_memwrite(lab.qts, FB_V, v, sizeof(v));
    clocks_on(&lab);
    lcdc_ipu_mode(&lab);
    ipu_program(&lab, &s);
    step(&lab, 3 * FRAME_NS);
    SCREENDUMP_OR_SKIP(&lab, &img);
    assert_image(&img, expect);
    g_free(img.buf);
    ingenic_test_end(&lab);
}

/* RGB565 (IN_FMT 3) read as BGR565 (output order BGR), 1:1 */
static void test_rgb565_bgr(void)
{
    uint16_t buf[W * H];
    uint32_t expect[W * H];
    Setup s = {
        .packed = true, .d_fmt = 3 | FIELD_DP32(0, IPU_D_FMT, RGB_OUT_OFT,
                                                5), .in_w_bytes = W * 2,
        .in_h = H, .y_stride = W * 2,
    };
    Lab lab;
    IngenicScreen img;

    for (int i = 0; i < W * H; i++) {
        uint32_t val = (i * 0x9e37u + 0x1234u) & 0xffff;
        uint32_t b = val >> 11, g = (val >> 5) & 63, r = val & 31;

        buf[i] = cpu_to_le16(val);
        expect[i] = ((r << 3) | (r >> 2)) << 16 | ((g << 2) | (g >> 4)) << 8 |
                    ((b << 3) | (b >> 2));
    }
    lab = ingenic_test_start("ipu", NULL);
    qtest_memwrite(lab.qts, FB_Y, buf, sizeof(buf));
    clocks_on(&lab);
    lcdc_ipu_mode(&lab);
    ipu_program(&lab, &s);
    step(&lab, 3 * FRAME_NS);
    SCREENDUMP_OR_SKIP(&lab, &img);
    assert_image(&img, expect);
    g_free(img.buf);
    ingenic_test_end(&lab);
}

/*
 * XRGB8888 32x8 -> 16x8 horizontally:
 *  bilinear (ZOOM_SEL = 0, one word per entry: weight 256, offset 2) and
 *  bicubic with the driver's 1/2 table at sharpness 8 (-63, 320, 320, -63,
 *  offset 2); the first output's tap -1 is clamped to source column 0.
 */
static void test_downscale(const void *opaque)
{
    bool bicubic = GPOINTER_TO_UINT(opaque);
    uint32_t src[32 * H], expect[W * H], lut[2];
    Setup s = {
        .packed = true, .d_fmt = 2, .in_w_bytes = 32 * 4, .in_h = H,
        .y_stride = 32 * 4,
        .ctrl = CTRL(HRSZ_EN) | (bicubic ? CTRL(ZOOM_SEL) : 0),
        .coef_index = 0, .hlut = lut, .hlut_n = bicubic ? 2 : 1,
    };
    static const int wb[4] = { -63, 320, 320, -63 };
    static const int wl[4] = { 0, 256, 256, 0 };
    const int *wt = bicubic ? wb : wl;
    Lab lab;
    IngenicScreen img;

    if (bicubic) {
        lut_entry(lut, -63, 320, 320, -63, 2);
    } else {
        lut[0] = FIELD_DP32(0, IPU_LUT, W0, 256) | FIELD_DP32(0, IPU_LUT,
                                                              OFFSET, 2);
    }
    for (int i = 0; i < 32 * H; i++) {
        src[i] = cpu_to_le32(((i * 0x51u) & 0xff) << 16 |
                             ((i * 0x33u + 9) & 0xff) << 8 |
                             ((i * 0x7fu + 200) & 0xff));
    }
    for (int y = 0; y < H; y++) {
        for (int x = 0; x < W; x++) {
            uint32_t p = 0;

            for (int c = 0; c < 24; c += 8) {
                int32_t sum = 0;
                for (int k = 0; k < 4; k++) {
                    int sx = MIN(MAX(2 * x - 1 + k, 0), 31);
                    uint32_t px = le32_to_cpu(src[y * 32 + sx]);

                    sum += wt[k] * ((px >> c) & 0xff);
                }
                p |= filter_chan(sum) << c;
            }
            expect[y * W + x] = p;
        }
    }
    lab = ingenic_test_start("ipu", NULL);
    qtest_memwrite(lab.qts, FB_Y, src, sizeof(src));
    clocks_on(&lab);
    lcdc_ipu_mode(&lab);
    ipu_program(&lab, &s);
    step(&lab, 3 * FRAME_NS);
    SCREENDUMP_OR_SKIP(&lab, &img);
    assert_image(&img, expect);
    g_free(img.buf);
    ingenic_test_end(&lab);
}

/* XRGB8888 at 1:1 from FB_Y (0x112233); FB_U (0x445566) to flip to */
static void show_two_buffers(Lab *lab)
{
    put_flat32(lab, FB_Y, W * H, 0x112233);
    put_flat32(lab, FB_U, W * H, 0x445566);
    clocks_on(lab);
    lcdc_ipu_mode(lab);
    ipu_program(lab, &setup_xrgb_1to1);
    step(lab, 3 * FRAME_NS);
}

/* Address update between frames (what the IRQ handler does on a flip) */
static void test_flip(void)
{
    Lab lab = ingenic_test_start("ipu", NULL);
    IngenicScreen img;

    show_two_buffers(&lab);
    SCREENDUMP_OR_SKIP(&lab, &img);
    g_assert_cmphex(ingenic_screen_px(&img, 5, 5), ==, 0x112233);
    g_free(img.buf);
    iw(&lab, A_IPU_Y_ADDR, FB_U);
    /* Latched at frame start: the frame under way still shows the old one */
    SCREENDUMP_OR_SKIP(&lab, &img);
    g_assert_cmphex(ingenic_screen_px(&img, 5, 5), ==, 0x112233);
    g_free(img.buf);
    step(&lab, FRAME_NS);
    SCREENDUMP_OR_SKIP(&lab, &img);
    g_assert_cmphex(ingenic_screen_px(&img, 5, 5), ==, 0x445566);
    g_free(img.buf);
    ingenic_test_end(&lab);
}

/* Renders of the IPU's picture so far (trace event ingenic_ipu_render) */
static int renders(Lab *lab)
{
    g_autofree char *text = ingenic_test_log(lab);
    int n = 0;

    for (const char *p = text; (p = strstr(p, "ingenic_ipu_render ")); p++) {
        n++;
    }
    return n;
}

static uint32_t screen_px(Lab *lab, int x, int y)
{
    IngenicScreen img;
    uint32_t px;

    g_assert_true(ingenic_screen_dump(lab->qts, &img));
    px = ingenic_screen_px(&img, x, y);
    g_free(img.buf);
    return px;
}

/*
 * Dirty tracking of the planes: a display refresh with nothing changed
 * shows the picture it has; a write to a plane or a page flip renders it
 * again.
 */
static void test_dirty_tracking(void)
{
    Lab lab = ingenic_test_start("ipu", "-trace enable=ingenic_ipu_render");
    IngenicScreen img;
    int n;

    show_two_buffers(&lab);
    SCREENDUMP_OR_SKIP(&lab, &img);
    g_assert_cmphex(ingenic_screen_px(&img, 5, 5), ==, 0x112233);
    g_free(img.buf);
    n = renders(&lab);
    g_assert_cmpint(n, >=, 1);

    /* Frames go on, the planes stay as they are: no render */
    step(&lab, 3 * FRAME_NS);
    g_assert_cmphex(screen_px(&lab, 5, 5), ==, 0x112233);
    g_assert_cmpint(renders(&lab), ==, n);

    /* One pixel of the Y plane changes */
    qtest_writel(lab.qts, FB_Y + 4 * (5 * W + 5), 0x00abcdef);
    g_assert_cmphex(screen_px(&lab, 5, 5), ==, 0xabcdef);
    g_assert_cmphex(screen_px(&lab, 6, 5), ==, 0x112233);
    g_assert_cmpint(renders(&lab), ==, n + 1);

    /* A page flip: another Y_ADDR latched at the next frame */
    iw(&lab, A_IPU_Y_ADDR, FB_U);
    step(&lab, FRAME_NS);
    g_assert_cmphex(screen_px(&lab, 5, 5), ==, 0x445566);
    g_assert_cmpint(renders(&lab), ==, n + 2);
    ingenic_test_end(&lab);
}

/* ------------------------------------------------------------------------ */
/* Findings                                                                  */

static void test_finding_gated_access(void)
{
    Lab lab = ingenic_test_start("ipu", NULL);

    clocks_on(&lab);
    ir(&lab, A_IPU_CTRL);
    ingenic_test_assert_no_finding(&lab);
    ipu_gate(&lab, true);
    ir(&lab, A_IPU_STATUS);
    iw(&lab, A_IPU_Y_ADDR, 0x42);
    ingenic_test_assert_finding(&lab, "gated-access");
    g_assert_true(ingenic_test_has_finding(&lab, "gated-access",
                                           "read STATUS"));
    g_assert_true(ingenic_test_has_finding(&lab, "gated-access",
                                           "write 0x00000042 to Y_ADDR"));
    ingenic_test_end(&lab);
}

static void test_gated_no_frames(void)
{
    Setup s = setup_xrgb_1to1;
    Lab lab = start_ipu(&s);

    g_assert_cmphex(ir(&lab, A_IPU_STATUS), ==, R_IPU_STATUS_OUT_END_MASK);
    iw(&lab, A_IPU_STATUS, 0);
    ipu_gate(&lab, true);
    step(&lab, 3 * FRAME_NS);
    ipu_gate(&lab, false);
    g_assert_cmphex(ir(&lab, A_IPU_STATUS), ==, 0);
    step(&lab, 2 * FRAME_NS);
    g_assert_cmphex(ir(&lab, A_IPU_STATUS), ==, R_IPU_STATUS_OUT_END_MASK);
    ingenic_test_end(&lab);
}

static void test_finding_dma_outside_ram(void)
{
    Setup s = setup_xrgb_1to1;
    Lab lab = start_ipu(&s);
    IngenicScreen img;

    ingenic_test_assert_no_finding(&lab);
    /* The IPU's own registers, then the top of the address space */
    iw(&lab, A_IPU_Y_ADDR, IPU);
    iw(&lab, A_IPU_STATUS, 0);
    step(&lab, 2 * FRAME_NS);
    ingenic_test_assert_finding(&lab, "dma-outside-ram");
    g_assert_true(ingenic_test_log_has(&lab, "plane 0 at 0x13080000"));
    /* The frame engine goes on; F1 shows the background */
    g_assert_cmphex(ir(&lab, A_IPU_STATUS), ==, R_IPU_STATUS_OUT_END_MASK);
    SCREENDUMP_OR_SKIP(&lab, &img);
    g_assert_cmphex(ingenic_screen_px(&img, 0, 0), ==, 0xff00ff);
    g_free(img.buf);
    iw(&lab, A_IPU_Y_ADDR, 0xfffffff0);
    step(&lab, 2 * FRAME_NS);
    g_assert_true(ingenic_test_log_has(&lab, "plane 0 at 0xfffffff0"));
    g_assert_cmphex(ir(&lab, A_IPU_CTRL) & CTRL(RUN), ==,
                    CTRL(RUN));
    ingenic_test_end(&lab);
}

static void test_finding_active_at_reset(void)
{
    Setup s = setup_xrgb_1to1;
    Lab lab = start_ipu(&s);
    QDict *resp;

    ingenic_test_assert_no_finding(&lab);
    resp = qtest_qmp(lab.qts, "{'execute': 'system_reset'}");
    g_assert(qdict_haskey(resp, "return"));
    qobject_unref(resp);
    qtest_qmp_eventwait(lab.qts, "RESET");
    ingenic_test_assert_finding(&lab, "active-at-reset");
    g_assert_cmphex(ir(&lab, A_IPU_CTRL), ==, 0);
    g_assert_cmphex(ir(&lab, A_IPU_STATUS), ==, 0);
    ingenic_test_end(&lab);
}

/* Garbage geometry and formats from the guest: logged, never a crash */
static void test_garbage(void)
{
    Lab lab = ingenic_test_start("ipu", NULL);
    IngenicScreen img;

    clocks_on(&lab);
    lcdc_ipu_mode(&lab);
    for (uint32_t i = 0; i < 64; i++) {
        uint32_t r = i * 0x9e3779b1u;

        iw(&lab, A_IPU_CTRL, (r & 0x7fffbf) | CTRL(CHIP_EN) |
           CTRL(RUN) | CTRL(LCDC_SEL));
        iw(&lab, A_IPU_D_FMT, r >> 3);
        iw(&lab, A_IPU_IN_GS, r ^ 0x0fff0fff);
        iw(&lab, A_IPU_OUT_GS, r * 7);
        iw(&lab, A_IPU_Y_STRIDE, r >> 9);
        iw(&lab, A_IPU_UV_STRIDE, r >> 5);
        iw(&lab, A_IPU_RSZ_COEF_INDEX, r);
        iw(&lab, A_IPU_Y_ADDR, FB_Y + (r & 0xfff));
        iw(&lab, A_IPU_U_ADDR, r & 1 ? FB_U : r);
        iw(&lab, A_IPU_V_ADDR, FB_V);
        iw(&lab, A_IPU_HRSZ_LUT, r & ~1u);
        iw(&lab, A_IPU_VRSZ_LUT, r * 3 & ~1u);
        step(&lab, FRAME_NS);
        if ((i & 15) == 0 && screendump(&lab, &img)) {
            g_free(img.buf);
        }
    }
    iw(&lab, A_IPU_CTRL, CTRL(RST));
    g_assert_cmphex(ir(&lab, A_IPU_CTRL), ==, 0);
    ingenic_test_end(&lab);
}

int main(int argc, char **argv)
{
    static const char *const orders[] = {
        "vyuy", "uyvy", "yvyu", "yuyv", "xyuv8888",
    };
    static const char *const planar[] = { NULL, "yuv422", "yuv444",
                                          "yuv411" };

    g_test_init(&argc, &argv, NULL);

    qtest_add_func("/ingenic-ipu/regs/reset-values", test_reset_values);
    qtest_add_func("/ingenic-ipu/regs/rst", test_rst);
    qtest_add_func("/ingenic-ipu/regs/lut-write-only", test_lut_write_only);
    qtest_add_func("/ingenic-ipu/frame/out-end-irq", test_out_end_irq);
    qtest_add_func("/ingenic-ipu/frame/not-running-and-stop",
                   test_not_running);
    qtest_add_func("/ingenic-ipu/frame/gated-no-frames",
                   test_gated_no_frames);
    qtest_add_func("/ingenic-ipu/frame/flip", test_flip);
    qtest_add_func("/ingenic-ipu/display/dirty-tracking",
                   test_dirty_tracking);
    qtest_add_func("/ingenic-ipu/pixels/yuv420-upscale-2x",
                   test_yuv420_upscale);
    for (unsigned i = 0; i < ARRAY_SIZE(orders); i++) {
        g_autofree char *name = g_strdup_printf("/ingenic-ipu/pixels/packed-%s",
                                                orders[i]);
        qtest_add_data_func(name, GUINT_TO_POINTER(i), test_packed_yuv);
    }
    for (unsigned i = 1; i < ARRAY_SIZE(planar); i++) {
        g_autofree char *name = g_strdup_printf("/ingenic-ipu/pixels/planar-%s",
                                                planar[i]);
        qtest_add_data_func(name, GUINT_TO_POINTER(i), test_planar);
    }
    qtest_add_func("/ingenic-ipu/pixels/rgb565-bgr", test_rgb565_bgr);
    qtest_add_data_func("/ingenic-ipu/pixels/downscale-bilinear",
                        GUINT_TO_POINTER(0), test_downscale);
    qtest_add_data_func("/ingenic-ipu/pixels/downscale-bicubic",
                        GUINT_TO_POINTER(1), test_downscale);
    qtest_add_func("/ingenic-ipu/finding/gated-access",
                   test_finding_gated_access);
    qtest_add_func("/ingenic-ipu/finding/dma-outside-ram",
                   test_finding_dma_outside_ram);
    qtest_add_func("/ingenic-ipu/finding/active-at-reset",
                   test_finding_active_at_reset);
    qtest_add_func("/ingenic-ipu/robust/garbage", test_garbage);

    return g_test_run();
}
