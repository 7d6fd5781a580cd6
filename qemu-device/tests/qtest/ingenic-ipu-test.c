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
#include "ingenic-screen.h"

#define LCDC            0x13050000
#define IPU             0x13080000
#define CGU             0x10000000
#define CGU_CLKGR0      (CGU + 0x20)
#define CGU_CPPCR1      (CGU + 0x30)
#define CGU_LPCDR       (CGU + 0x64)
#define INTC_ICMCR      0x1000100c
#define INTC_ICPR       0x10001010
#define IPU_IRQ         (1u << 29)
#define GATE_LCD        (1u << 28)
#define GATE_IPU        (1u << 29)

/* LCDC registers */
#define L_VSYNC         0x04
#define L_HSYNC         0x08
#define L_VAT           0x0c
#define L_DAH           0x10
#define L_DAV           0x14
#define L_CTRL          0x30
#define L_STATE         0x34
#define L_OSDC          0x100
#define L_OSDCTRL       0x104
#define L_BGC           0x10c
#define L_IPUR          0x11c
#define L_XYP1          0x124
#define L_SIZE1         0x12c
#define L_CTRL_ENA      (1u << 3)
#define L_OSDC_OSDEN    (1u << 0)
#define L_OSDC_F1EN     (1u << 4)
#define L_OSDCTRL_IPU   (1u << 15)

/* IPU registers */
#define CTRL            0x00
#define STATUS          0x04
#define D_FMT           0x08
#define Y_ADDR          0x0c
#define U_ADDR          0x10
#define V_ADDR          0x14
#define IN_GS           0x18
#define Y_STRIDE        0x1c
#define UV_STRIDE       0x20
#define OUT_GS          0x28
#define OUT_STRIDE      0x2c
#define RSZ_COEF_INDEX  0x30
#define CSC_C0          0x34
#define HRSZ_LUT        0x48
#define VRSZ_LUT        0x4c
#define CSC_OFFSET      0x50

#define CHIP_EN         (1u << 0)
#define RUN             (1u << 1)
#define HRSZ_EN         (1u << 2)
#define VRSZ_EN         (1u << 3)
#define CSC_EN          (1u << 4)
#define FM_IRQ_EN       (1u << 5)
#define RST             (1u << 6)
#define STOP            (1u << 7)
#define HSCALE          (1u << 8)
#define VSCALE          (1u << 9)
#define SPKG_SEL        (1u << 10)
#define LCDC_SEL        (1u << 11)
#define ZOOM_SEL        (1u << 18)
#define OUT_END         (1u << 0)

#define FMT_OUT_RGB888  (2u << 19)
#define FMT_OUT_BGR     (5u << 22)

/* Guest memory */
#define FB_Y            0x01000000
#define FB_U            0x01100000
#define FB_V            0x01200000

#define W               16
#define H               8
#define PCLK_DIV        432
#define FRAME_NS        (20 * 10 * 1000)

#define FINDING         "ingenic-lab finding: ipu: "

typedef struct Lab {
    QTestState *qts;
    char *log;
} Lab;

static Lab lab_start(void)
{
    Lab lab;
    int fd = g_file_open_tmp("ingenic-ipu-test-XXXXXX.log", &lab.log, NULL);

    g_assert(fd >= 0);
    close(fd);
    lab.qts = qtest_initf("-M jz4770 -D %s", lab.log);
    return lab;
}

static void lab_end(Lab *lab)
{
    qtest_quit(lab->qts);
    if (g_getenv("INGENIC_IPU_TEST_KEEP_LOG")) {
        g_test_message("log kept: %s", lab->log);
    } else {
        unlink(lab->log);
    }
    g_free(lab->log);
}

static bool log_has(Lab *lab, const char *needle)
{
    g_autofree char *text = NULL;

    g_assert(g_file_get_contents(lab->log, &text, NULL, NULL));
    return strstr(text, needle) != NULL;
}

static void assert_finding(Lab *lab, const char *kind)
{
    g_autofree char *needle = g_strdup_printf(FINDING "%s: ", kind);

    for (int i = 0; i < 50 && !log_has(lab, needle); i++) {
        g_usleep(20 * 1000);
    }
    g_assert_true(log_has(lab, needle));
}

static void assert_no_finding(Lab *lab)
{
    g_assert_false(log_has(lab, FINDING));
}

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
    uint32_t v = qtest_readl(lab->qts, CGU_CLKGR0);

    qtest_writel(lab->qts, CGU_CLKGR0, gated ? v | GATE_IPU : v & ~GATE_IPU);
}

/* Pixel clock 1 MHz, LCD and IPU clocks ungated */
static void clocks_on(Lab *lab)
{
    qtest_writel(lab->qts, CGU_CPPCR1, 35u << 24 | 1u << 7);
    qtest_writel(lab->qts, CGU_LPCDR, 1u << 29 | (PCLK_DIV - 1));
    qtest_writel(lab->qts, CGU_CLKGR0, qtest_readl(lab->qts, CGU_CLKGR0) &
                 ~(GATE_LCD | GATE_IPU));
}

/* The 16x8 mode with F1 fed by the IPU over a magenta background */
static void lcdc_ipu_mode(Lab *lab)
{
    lw(lab, L_VSYNC, 1);
    lw(lab, L_HSYNC, 2);
    lw(lab, L_VAT, 20u << 16 | 10);
    lw(lab, L_DAH, 2u << 16 | (2 + W));
    lw(lab, L_DAV, 1u << 16 | (1 + H));
    lw(lab, L_IPUR, 1u << 31 | (20 * 1 / 3));
    lw(lab, L_BGC, 0xff00ff);
    lw(lab, L_OSDC, L_OSDC_OSDEN | L_OSDC_F1EN);
    lw(lab, L_OSDCTRL, L_OSDCTRL_IPU | 5);
    lw(lab, L_XYP1, 0);
    lw(lab, L_SIZE1, H << 16 | W);
    lw(lab, L_STATE, 0);
    lw(lab, L_CTRL, L_CTRL_ENA);
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
    iset(lab, CTRL, RST);
    iset(lab, CTRL, CHIP_EN | LCDC_SEL);
    iw(lab, Y_ADDR, FB_Y);
    iw(lab, U_ADDR, FB_U);
    iw(lab, V_ADDR, FB_V);
    if (s->packed) {
        iset(lab, CTRL, SPKG_SEL);
    }
    iw(lab, UV_STRIDE, s->uv_stride);
    iw(lab, Y_STRIDE, s->y_stride);
    iw(lab, IN_GS, s->in_w_bytes << 16 | s->in_h);
    iw(lab, D_FMT, s->d_fmt | FMT_OUT_RGB888);
    iw(lab, OUT_GS, (W * 4) << 16 | H);
    iw(lab, OUT_STRIDE, W * 4);
    if (s->csc) {
        iset(lab, CTRL, CSC_EN);
        iw(lab, CSC_OFFSET, 128 << 16);
        for (int i = 0; i < 5; i++) {
            iw(lab, CSC_C0 + 4 * i, csc_coef[i]);
        }
    }
    iw(lab, CTRL, (ir(lab, CTRL) & ~(ZOOM_SEL | HRSZ_EN | VRSZ_EN | HSCALE |
                                     VSCALE)) | s->ctrl);
    iw(lab, RSZ_COEF_INDEX, s->coef_index);
    if (s->hlut_n) {
        iw(lab, HRSZ_LUT, 0xffffffff);
        for (unsigned i = 0; i < s->hlut_n; i++) {
            iw(lab, HRSZ_LUT, s->hlut[i]);
        }
    }
    if (s->vlut_n) {
        iw(lab, VRSZ_LUT, 0xffffffff);
        for (unsigned i = 0; i < s->vlut_n; i++) {
            iw(lab, VRSZ_LUT, s->vlut[i]);
        }
    }
    iw(lab, STATUS, 0);
    iset(lab, CTRL, RUN | FM_IRQ_EN);
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
    w[0] = ((uint32_t)w1 & 0x7ff) << 17 | ((uint32_t)w0 & 0x7ff) << 6;
    w[1] = ((uint32_t)w3 & 0x7ff) << 17 | ((uint32_t)w2 & 0x7ff) << 6 |
           (off & 0x1f) << 1;
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
            lab_end(lab);                                               \
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
    Lab lab = lab_start();

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
    Lab lab = lab_start();

    clocks_on(&lab);
    for (uint32_t off = 0; off <= 0x60; off += 4) {
        g_assert_cmphex(ir(&lab, off), ==, 0);
    }
    assert_no_finding(&lab);
    lab_end(&lab);
}

static void test_rst(void)
{
    Lab lab = lab_start();

    clocks_on(&lab);
    iw(&lab, CTRL, CHIP_EN | SPKG_SEL | CSC_EN | STOP | LCDC_SEL | ZOOM_SEL);
    iw(&lab, D_FMT, 0x00500002);
    iw(&lab, Y_ADDR, 0x01234560);
    iw(&lab, CSC_C0, 0x4a8);
    g_assert_cmphex(ir(&lab, CTRL), ==,
                    CHIP_EN | SPKG_SEL | CSC_EN | STOP | LCDC_SEL | ZOOM_SEL);
    g_assert_cmphex(ir(&lab, D_FMT), ==, 0x00500002);
    /* The driver's RMW: all old bits plus RST */
    iset(&lab, CTRL, RST);
    g_assert_cmphex(ir(&lab, CTRL), ==, 0);
    g_assert_cmphex(ir(&lab, D_FMT), ==, 0);
    g_assert_cmphex(ir(&lab, Y_ADDR), ==, 0);
    g_assert_cmphex(ir(&lab, CSC_C0), ==, 0);
    /* Then CHIP_EN | LCDC_SEL sticks, RST does not */
    iset(&lab, CTRL, CHIP_EN | LCDC_SEL);
    g_assert_cmphex(ir(&lab, CTRL), ==, CHIP_EN | LCDC_SEL);
    lab_end(&lab);
}

static void test_lut_write_only(void)
{
    Lab lab = lab_start();

    clocks_on(&lab);
    iw(&lab, HRSZ_LUT, 0xffffffff);
    iw(&lab, HRSZ_LUT, 0x04000000);
    iw(&lab, VRSZ_LUT, 0x12345678 & ~1u);
    g_assert_cmphex(ir(&lab, HRSZ_LUT), ==, 0);
    g_assert_cmphex(ir(&lab, VRSZ_LUT), ==, 0);
    /* Overfilling is a guest error, not a crash */
    for (int i = 0; i < 100; i++) {
        iw(&lab, VRSZ_LUT, 2);
    }
    g_assert_cmphex(ir(&lab, CTRL), ==, 0);
    lab_end(&lab);
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
    Lab lab = lab_start();

    clocks_on(&lab);
    put_flat32(&lab, FB_Y, W * H, 0x123456);
    qtest_writel(lab.qts, INTC_ICMCR, IPU_IRQ);
    lcdc_ipu_mode(&lab);
    /* The LCDC's first frame started at ENA: the IPU was not running yet */
    ipu_program(&lab, &setup_xrgb_1to1);
    step(&lab, FRAME_NS - 1);
    g_assert_cmphex(ir(&lab, STATUS), ==, 0);
    g_assert_cmphex(qtest_readl(lab.qts, INTC_ICPR) & IPU_IRQ, ==, 0);
    step(&lab, 1);      /* frame 1 ends; frame 2 (IPU running) starts */
    g_assert_cmphex(ir(&lab, STATUS), ==, 0);
    step(&lab, FRAME_NS);
    g_assert_cmphex(ir(&lab, STATUS), ==, OUT_END);
    g_assert_cmphex(qtest_readl(lab.qts, INTC_ICPR) & IPU_IRQ, ==, IPU_IRQ);
    /* Level: stays until STATUS := 0 */
    step(&lab, FRAME_NS / 2);
    g_assert_cmphex(qtest_readl(lab.qts, INTC_ICPR) & IPU_IRQ, ==, IPU_IRQ);
    iw(&lab, STATUS, 0);
    g_assert_cmphex(ir(&lab, STATUS), ==, 0);
    g_assert_cmphex(qtest_readl(lab.qts, INTC_ICPR) & IPU_IRQ, ==, 0);
    /* RUN stays set: once per frame */
    g_assert_cmphex(ir(&lab, CTRL) & RUN, ==, RUN);
    step(&lab, FRAME_NS / 2);
    g_assert_cmphex(ir(&lab, STATUS), ==, OUT_END);
    /* Writing 1 does not set, writing 0 clears; no IRQ without FM_IRQ_EN */
    iw(&lab, CTRL, ir(&lab, CTRL) & ~FM_IRQ_EN);
    g_assert_cmphex(qtest_readl(lab.qts, INTC_ICPR) & IPU_IRQ, ==, 0);
    iw(&lab, STATUS, OUT_END);
    g_assert_cmphex(ir(&lab, STATUS), ==, OUT_END);
    iw(&lab, STATUS, 0);
    step(&lab, FRAME_NS);
    g_assert_cmphex(ir(&lab, STATUS), ==, OUT_END);
    g_assert_cmphex(qtest_readl(lab.qts, INTC_ICPR) & IPU_IRQ, ==, 0);
    assert_no_finding(&lab);
    lab_end(&lab);
}

static void test_not_running(void)
{
    Lab lab = lab_start();

    clocks_on(&lab);
    lcdc_ipu_mode(&lab);
    ipu_program(&lab, &setup_xrgb_1to1);
    /* Without LCDC_SEL, without CHIP_EN: no OUT_END */
    iw(&lab, CTRL, ir(&lab, CTRL) & ~LCDC_SEL);
    step(&lab, 3 * FRAME_NS);
    g_assert_cmphex(ir(&lab, STATUS), ==, 0);
    iw(&lab, CTRL, (ir(&lab, CTRL) | LCDC_SEL) & ~CHIP_EN);
    step(&lab, 3 * FRAME_NS);
    g_assert_cmphex(ir(&lab, STATUS), ==, 0);
    /* The driver's disable: STOP, CHIP_EN := 0 */
    iw(&lab, CTRL, ir(&lab, CTRL) | CHIP_EN);
    step(&lab, 2 * FRAME_NS);
    g_assert_cmphex(ir(&lab, STATUS), ==, OUT_END);
    iw(&lab, STATUS, 0);
    iset(&lab, CTRL, STOP);
    step(&lab, 3 * FRAME_NS);
    /* The frame under way ends with OUT_END, then RUN is cleared */
    g_assert_cmphex(ir(&lab, STATUS), ==, OUT_END);
    g_assert_cmphex(ir(&lab, CTRL) & RUN, ==, 0);
    iw(&lab, STATUS, 0);
    step(&lab, 3 * FRAME_NS);
    g_assert_cmphex(ir(&lab, STATUS), ==, 0);
    lab_end(&lab);
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
        .y_stride = 8, .uv_stride = 4 << 16 | 4,
        .ctrl = ZOOM_SEL | HSCALE | VSCALE | HRSZ_EN | VRSZ_EN,
        .coef_index = 1 << 16 | 1, .hlut = lut, .vlut = lut,
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
    lab = lab_start();
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
    assert_no_finding(&lab);
    lab_end(&lab);
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
        s.d_fmt = 1 | order << 2;
        s.in_w_bytes = s.y_stride = W * 2;
    } else {
        s.d_fmt = 2;
        s.in_w_bytes = s.y_stride = W * 4;
    }
    lab = lab_start();
    qtest_memwrite(lab.qts, FB_Y, buf, sizeof(buf));
    clocks_on(&lab);
    lcdc_ipu_mode(&lab);
    ipu_program(&lab, &s);
    step(&lab, 3 * FRAME_NS);
    SCREENDUMP_OR_SKIP(&lab, &img);
    assert_image(&img, expect);
    g_free(img.buf);
    lab_end(&lab);
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
        .in_h = H, .y_stride = W, .uv_stride = (W / hsub) << 16 | (W / hsub),
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
    lab = lab_start();
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
    lab_end(&lab);
}

/* RGB565 (IN_FMT 3) read as BGR565 (output order BGR), 1:1 */
static void test_rgb565_bgr(void)
{
    uint16_t buf[W * H];
    uint32_t expect[W * H];
    Setup s = {
        .packed = true, .d_fmt = 3 | FMT_OUT_BGR, .in_w_bytes = W * 2,
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
    lab = lab_start();
    qtest_memwrite(lab.qts, FB_Y, buf, sizeof(buf));
    clocks_on(&lab);
    lcdc_ipu_mode(&lab);
    ipu_program(&lab, &s);
    step(&lab, 3 * FRAME_NS);
    SCREENDUMP_OR_SKIP(&lab, &img);
    assert_image(&img, expect);
    g_free(img.buf);
    lab_end(&lab);
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
        .y_stride = 32 * 4, .ctrl = HRSZ_EN | (bicubic ? ZOOM_SEL : 0),
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
        lut[0] = 256u << 6 | 2u << 1;
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
                    sum += wt[k] * ((le32_to_cpu(src[y * 32 + sx]) >> c) & 0xff);
                }
                p |= filter_chan(sum) << c;
            }
            expect[y * W + x] = p;
        }
    }
    lab = lab_start();
    qtest_memwrite(lab.qts, FB_Y, src, sizeof(src));
    clocks_on(&lab);
    lcdc_ipu_mode(&lab);
    ipu_program(&lab, &s);
    step(&lab, 3 * FRAME_NS);
    SCREENDUMP_OR_SKIP(&lab, &img);
    assert_image(&img, expect);
    g_free(img.buf);
    lab_end(&lab);
}

/* Address update between frames (what the IRQ handler does on a flip) */
static void test_flip(void)
{
    Lab lab = lab_start();
    IngenicScreen img;

    put_flat32(&lab, FB_Y, W * H, 0x112233);
    put_flat32(&lab, FB_U, W * H, 0x445566);
    clocks_on(&lab);
    lcdc_ipu_mode(&lab);
    ipu_program(&lab, &setup_xrgb_1to1);
    step(&lab, 3 * FRAME_NS);
    SCREENDUMP_OR_SKIP(&lab, &img);
    g_assert_cmphex(ingenic_screen_px(&img, 5, 5), ==, 0x112233);
    g_free(img.buf);
    iw(&lab, Y_ADDR, FB_U);
    /* Latched at frame start: the frame under way still shows the old one */
    SCREENDUMP_OR_SKIP(&lab, &img);
    g_assert_cmphex(ingenic_screen_px(&img, 5, 5), ==, 0x112233);
    g_free(img.buf);
    step(&lab, FRAME_NS);
    SCREENDUMP_OR_SKIP(&lab, &img);
    g_assert_cmphex(ingenic_screen_px(&img, 5, 5), ==, 0x445566);
    g_free(img.buf);
    lab_end(&lab);
}

/* ------------------------------------------------------------------------ */
/* Findings                                                                  */

static void test_finding_gated_access(void)
{
    Lab lab = lab_start();

    clocks_on(&lab);
    ir(&lab, CTRL);
    assert_no_finding(&lab);
    ipu_gate(&lab, true);
    ir(&lab, STATUS);
    iw(&lab, Y_ADDR, 0x42);
    assert_finding(&lab, "gated-access");
    g_assert_true(log_has(&lab, FINDING "gated-access: read STATUS"));
    g_assert_true(log_has(&lab, FINDING "gated-access: write 0x00000042 to "
                          "Y_ADDR"));
    lab_end(&lab);
}

static void test_gated_no_frames(void)
{
    Setup s = setup_xrgb_1to1;
    Lab lab = start_ipu(&s);

    g_assert_cmphex(ir(&lab, STATUS), ==, OUT_END);
    iw(&lab, STATUS, 0);
    ipu_gate(&lab, true);
    step(&lab, 3 * FRAME_NS);
    ipu_gate(&lab, false);
    g_assert_cmphex(ir(&lab, STATUS), ==, 0);
    step(&lab, 2 * FRAME_NS);
    g_assert_cmphex(ir(&lab, STATUS), ==, OUT_END);
    lab_end(&lab);
}

static void test_finding_dma_outside_ram(void)
{
    Setup s = setup_xrgb_1to1;
    Lab lab = start_ipu(&s);
    IngenicScreen img;

    assert_no_finding(&lab);
    /* The IPU's own registers, then the top of the address space */
    iw(&lab, Y_ADDR, IPU);
    iw(&lab, STATUS, 0);
    step(&lab, 2 * FRAME_NS);
    assert_finding(&lab, "dma-outside-ram");
    g_assert_true(log_has(&lab, "plane 0 at 0x13080000"));
    /* The frame engine goes on; F1 shows the background */
    g_assert_cmphex(ir(&lab, STATUS), ==, OUT_END);
    SCREENDUMP_OR_SKIP(&lab, &img);
    g_assert_cmphex(ingenic_screen_px(&img, 0, 0), ==, 0xff00ff);
    g_free(img.buf);
    iw(&lab, Y_ADDR, 0xfffffff0);
    step(&lab, 2 * FRAME_NS);
    g_assert_true(log_has(&lab, "plane 0 at 0xfffffff0"));
    g_assert_cmphex(ir(&lab, CTRL) & RUN, ==, RUN);
    lab_end(&lab);
}

static void test_finding_active_at_reset(void)
{
    Setup s = setup_xrgb_1to1;
    Lab lab = start_ipu(&s);
    QDict *resp;

    assert_no_finding(&lab);
    resp = qtest_qmp(lab.qts, "{'execute': 'system_reset'}");
    g_assert(qdict_haskey(resp, "return"));
    qobject_unref(resp);
    qtest_qmp_eventwait(lab.qts, "RESET");
    assert_finding(&lab, "active-at-reset");
    g_assert_cmphex(ir(&lab, CTRL), ==, 0);
    g_assert_cmphex(ir(&lab, STATUS), ==, 0);
    lab_end(&lab);
}

/* Garbage geometry and formats from the guest: logged, never a crash */
static void test_garbage(void)
{
    Lab lab = lab_start();
    IngenicScreen img;

    clocks_on(&lab);
    lcdc_ipu_mode(&lab);
    for (uint32_t i = 0; i < 64; i++) {
        uint32_t r = i * 0x9e3779b1u;

        iw(&lab, CTRL, (r & 0x7fffbf) | CHIP_EN | RUN | LCDC_SEL);
        iw(&lab, D_FMT, r >> 3);
        iw(&lab, IN_GS, r ^ 0x0fff0fff);
        iw(&lab, OUT_GS, r * 7);
        iw(&lab, Y_STRIDE, r >> 9);
        iw(&lab, UV_STRIDE, r >> 5);
        iw(&lab, RSZ_COEF_INDEX, r);
        iw(&lab, Y_ADDR, FB_Y + (r & 0xfff));
        iw(&lab, U_ADDR, r & 1 ? FB_U : r);
        iw(&lab, V_ADDR, FB_V);
        iw(&lab, HRSZ_LUT, r & ~1u);
        iw(&lab, VRSZ_LUT, r * 3 & ~1u);
        step(&lab, FRAME_NS);
        if ((i & 15) == 0 && screendump(&lab, &img)) {
            g_free(img.buf);
        }
    }
    iw(&lab, CTRL, RST);
    g_assert_cmphex(ir(&lab, CTRL), ==, 0);
    lab_end(&lab);
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
