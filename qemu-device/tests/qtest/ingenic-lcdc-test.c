/*
 * QTest for the Ingenic JZ4770 LCD controller (hw/display/ingenic_lcdc.c)
 *
 * Each case starts a fresh "-M jz4770", programs the CGU for a 1 MHz pixel
 * clock (PLL1 = 432 MHz, LPCDR / 432), a 16x8 mode with small porches
 * (HT 20 x VT 10 = 200 us per frame), builds descriptors and frames in
 * guest RAM at 0x01000000, and checks: EOF timing to the nanosecond, the
 * INTC line (ICPR bit 31), normal / quick disable, the ENA && !DIS running
 * rule, per-frame descriptor re-fetch, palettes, chains, OSD composition
 * and every pixel format on F0 and F1 (pixel-exact through QMP screendump),
 * and each device-side finding (trace event ingenic_lcdc_finding) in the
 * -D log.
 *
 * Screendump needs QEMU built with pixman; without it the pixel checks are
 * skipped (g_test_skip), the rest still runs.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "libqtest.h"
#include "qobject/qdict.h"
#include "qemu/bswap.h"
#include "hw/intc/ingenic_intc_regs.h"
#include "hw/rtc/ingenic_rtc_regs.h"
#include "ingenic-display.h"

#define LCDC            INGENIC_TEST_LCDC
#define INTC            0x10001000
#define RTC             0x10003000
#define LCD_IRQ         (1u << 31)      /* INTC input 31 */

/* Guest memory */
#define DESC0           0x01000000
#define DESC1           0x01000020
#define DESCP           0x01000040
#define PALETTE         0x01000060
#define DESCX           0x01000400
#define DESCY           0x01000420
#define FB0             0x01100000
#define FB1             0x01200000
#define FB2             0x01300000

#define W               INGENIC_TEST_W
#define H               INGENIC_TEST_H
#define FRAME_NS        INGENIC_TEST_FRAME_NS

typedef IngenicTest Lab;

static Lab lab_start(const char *extra)
{
    return ingenic_test_start("lcdc", extra);
}

static void cgu_pixclk(Lab *lab, uint32_t div)
{
    ingenic_test_clocks(lab, div, INGENIC_CGU_CLKGR0_LCD);
}

static void cgu_gate(Lab *lab, bool gated)
{
    ingenic_test_gate(lab, INGENIC_CGU_CLKGR0_LCD, gated);
}

static void wl(Lab *lab, uint32_t reg, uint32_t val)
{
    qtest_writel(lab->qts, LCDC + reg, val);
}

static uint32_t rl(Lab *lab, uint32_t reg)
{
    return qtest_readl(lab->qts, LCDC + reg);
}

/* The LCDC's INTC input (31) is pending */
static uint32_t lcd_pending(Lab *lab)
{
    return qtest_readl(lab->qts, INTC + A_INTC_ICPR) & LCD_IRQ;
}

static void step(Lab *lab, int64_t ns)
{
    qtest_clock_step(lab->qts, ns);
}

/* Register values from their fields */
static uint32_t vat(uint32_t ht, uint32_t vt)
{
    return FIELD_DP32(0, LCDC_VAT, HT, ht) | FIELD_DP32(0, LCDC_VAT, VT, vt);
}

/* LCDDAH (HDS, HDE) and LCDDAV (VDS, VDE) share a layout */
static uint32_t area(uint32_t start, uint32_t end)
{
    return FIELD_DP32(0, LCDC_DAH, HDS, start) | FIELD_DP32(0, LCDC_DAH, HDE,
                                                            end);
}

static uint32_t xyp(uint32_t x, uint32_t y)
{
    return FIELD_DP32(0, LCDC_XYP, X, x) | FIELD_DP32(0, LCDC_XYP, Y, y);
}

static uint32_t size(uint32_t w, uint32_t h)
{
    return FIELD_DP32(0, LCDC_SIZE, W, w) | FIELD_DP32(0, LCDC_SIZE, H, h);
}

static uint32_t dessize(uint32_t w, uint32_t h, uint32_t alpha)
{
    uint32_t v = FIELD_DP32(0, LCDC_DESC_DESSIZE, W, w - 1);

    v = FIELD_DP32(v, LCDC_DESC_DESSIZE, H, h - 1);
    return FIELD_DP32(v, LCDC_DESC_DESSIZE, ALPHA, alpha);
}

static void put_desc(Lab *lab, uint32_t addr, uint32_t next, uint32_t sa,
                     uint32_t fid, uint32_t cmd)
{
    uint32_t d[4] = {
        cpu_to_le32(next), cpu_to_le32(sa), cpu_to_le32(fid), cpu_to_le32(cmd)
    };

    qtest_memwrite(lab->qts, addr, d, sizeof(d));
}

static void put32(Lab *lab, uint32_t addr, uint32_t v)
{
    qtest_writel(lab->qts, addr, v);
}

/* Driver-style enable: LCDSTATE := 0, then ENA = 1, DIS = 0 */
static void lcdc_enable(Lab *lab)
{
    wl(lab, A_LCDC_STATE, 0);
    wl(lab, A_LCDC_CTRL, (rl(lab, A_LCDC_CTRL) & ~R_LCDC_CTRL_DIS_MASK) |
       R_LCDC_CTRL_ENA_MASK);
}

/* F1 as the driver's fbdev sets it up: XRGB8888, full screen, self loop */
static void setup_f1_xrgb8888(Lab *lab, uint32_t fb)
{
    ingenic_test_mode_16x8(lab);
    wl(lab, A_LCDC_OSDC, R_LCDC_OSDC_OSDEN_MASK | R_LCDC_OSDC_F1EN_MASK);
    wl(lab, A_LCDC_OSDCTRL, INGENIC_LCDC_BPP_18_24);
    wl(lab, A_LCDC_XYP1, 0);
    wl(lab, A_LCDC_SIZE1, size(W, H));
    put_desc(lab, DESC1, DESC1, fb, 0xf1, R_LCDC_DESC_CMD_EOFINT_MASK |
             (W * H));
    put_desc(lab, DESC0, DESC0, 0, 0xf0, 0);
    wl(lab, A_LCDC_DA0, DESC0);
    wl(lab, A_LCDC_DA1, DESC1);
}

static void fill32(Lab *lab, uint32_t fb, unsigned n, uint32_t v)
{
    g_autofree uint32_t *buf = g_new(uint32_t, n);

    for (unsigned i = 0; i < n; i++) {
        buf[i] = cpu_to_le32(v);
    }
    qtest_memwrite(lab->qts, fb, buf, n * 4);
}

/* Standard start: clock, F1 XRGB8888 of solid @colour, enabled */
static Lab start_running(const char *extra, uint32_t colour)
{
    Lab lab = lab_start(extra);

    cgu_pixclk(&lab, INGENIC_TEST_PCLK_DIV);
    setup_f1_xrgb8888(&lab, FB1);
    fill32(&lab, FB1, W * H, colour);
    lcdc_enable(&lab);
    return lab;
}

/* ------------------------------------------------------------------------ */
/* Screendump                                                                */

/* Dump the screen or skip the rest of the case (no pixman) */
#define SCREENDUMP_OR_SKIP(lab, img)                                     \
    do {                                                                \
        if (!ingenic_screen_dump((lab)->qts, img)) {                    \
            g_test_skip("QMP screendump unavailable (QEMU without "     \
                        "pixman?)");                                    \
            ingenic_test_end(lab);                                      \
            return;                                                     \
        }                                                               \
    } while (0)

static void assert_image(IngenicScreen *img, const uint32_t *expect)
{
    ingenic_screen_assert(img, W, H, expect);
}

static void assert_solid(IngenicScreen *img, uint32_t rgb)
{
    uint32_t expect[W * H];

    for (int i = 0; i < W * H; i++) {
        expect[i] = rgb;
    }
    assert_image(img, expect);
}

/* ------------------------------------------------------------------------ */
/* Pixel formats: raw value for pixel i and the RGB the panel should show    */

typedef struct Format {
    const char *name;
    uint32_t bpp;           /* BPP code */
    bool rgb555;
    unsigned bytes;         /* per pixel in memory */
} Format;

static const Format formats[] = {
    { "c8", INGENIC_LCDC_BPP_8, false, 1 },
    { "xrgb1555", INGENIC_LCDC_BPP_16, true, 2 },
    { "rgb565", INGENIC_LCDC_BPP_16, false, 2 },
    { "xrgb8888", INGENIC_LCDC_BPP_18_24, false, 4 },
    { "rgb888", INGENIC_LCDC_BPP_24_PACKED, false, 3 },
    { "xrgb2101010", INGENIC_LCDC_BPP_30, false, 4 },
};

static uint32_t e5(uint32_t v)
{
    return (v << 3) | (v >> 2);
}

static uint32_t e6(uint32_t v)
{
    return (v << 2) | (v >> 4);
}

static uint32_t rgb565_to_rgb(uint32_t v)
{
    return e5(v >> 11 & 31) << 16 | e6(v >> 5 & 63) << 8 | e5(v & 31);
}

static uint32_t raw_pixel(const Format *f, unsigned i)
{
    uint32_t v = i * 0x9e3779b1u + 0x2545f491u;

    v ^= v >> 13;
    switch (f->bytes) {
    case 1:
        return (i * 37 + 11) & 0xff;
    case 2:
        return v & 0xffff;
    case 3:
        return v & 0xffffff;
    default:
        return v;
    }
}

static uint32_t palette_entry(unsigned idx)
{
    return (idx * 0x1a3u + 0x0841u) & 0xffff;
}

static uint32_t expect_pixel(const Format *f, uint32_t v)
{
    switch (f->bpp) {
    case INGENIC_LCDC_BPP_8:
        return rgb565_to_rgb(palette_entry(v));
    case INGENIC_LCDC_BPP_16:
        if (f->rgb555) {
            return e5(v >> 10 & 31) << 16 | e5(v >> 5 & 31) << 8 | e5(v & 31);
        }
        return rgb565_to_rgb(v);
    case INGENIC_LCDC_BPP_18_24:
        return v & 0xffffff;
    case INGENIC_LCDC_BPP_24_PACKED:
        return v & 0xffffff;       /* bytes B, G, R in memory */
    default:
        return (v >> 22 & 0xff) << 16 | (v >> 12 & 0xff) << 8 | (v >> 2 & 0xff);
    }
}

/* Write a @w x @h frame of format @f at @fb; fill @expect if not NULL */
static void put_frame(Lab *lab, const Format *f, uint32_t fb, unsigned w,
                      unsigned h, unsigned seed, uint32_t *expect)
{
    g_autofree uint8_t *buf = g_malloc0(w * h * f->bytes + 4);

    for (unsigned i = 0; i < w * h; i++) {
        uint32_t v = raw_pixel(f, i + seed);
        for (unsigned b = 0; b < f->bytes; b++) {
            buf[i * f->bytes + b] = v >> (8 * b);
        }
        if (expect) {
            expect[i] = expect_pixel(f, v);
        }
    }
    qtest_memwrite(lab->qts, fb, buf, w * h * f->bytes);
}

static void put_palette(Lab *lab)
{
    uint16_t pal[256];

    for (int i = 0; i < 256; i++) {
        pal[i] = cpu_to_le16(palette_entry(i));
    }
    qtest_memwrite(lab->qts, PALETTE, pal, sizeof(pal));
}

/* ------------------------------------------------------------------------ */
/* Registers                                                                 */

static void test_reset_values(void)
{
    static const uint32_t regs[] = {
        A_LCDC_CFG, A_LCDC_VSYNC, A_LCDC_HSYNC, A_LCDC_VAT, A_LCDC_DAH,
        A_LCDC_DAV, A_LCDC_CTRL, A_LCDC_STATE, A_LCDC_IID, A_LCDC_DA0,
        A_LCDC_SA0, A_LCDC_FID0, A_LCDC_CMD0, A_LCDC_DA1, A_LCDC_SA1,
        A_LCDC_FID1, A_LCDC_CMD1, A_LCDC_RGBC, A_LCDC_OSDC, A_LCDC_OSDCTRL,
        A_LCDC_BGC, A_LCDC_IPUR, A_LCDC_XYP0, A_LCDC_XYP1, A_LCDC_SIZE0,
        A_LCDC_SIZE1,
    };
    Lab lab = lab_start(NULL);

    cgu_pixclk(&lab, INGENIC_TEST_PCLK_DIV);
    for (int i = 0; i < ARRAY_SIZE(regs); i++) {
        g_assert_cmphex(rl(&lab, regs[i]), ==, 0);
    }
    g_assert_cmphex(rl(&lab, A_LCDC_OSDS), ==, 1);       /* READY */
    /* Plain storage round-trips */
    wl(&lab, A_LCDC_VAT, 0x01900fa0);
    g_assert_cmphex(rl(&lab, A_LCDC_VAT), ==, 0x01900fa0);
    wl(&lab, A_LCDC_BGC, 0xff123456);
    g_assert_cmphex(rl(&lab, A_LCDC_BGC), ==, 0x123456);
    /* Nothing runs: no IRQ */
    qtest_writel(lab.qts, INTC + A_INTC_ICMCR, LCD_IRQ);
    g_assert_cmphex(lcd_pending(&lab), ==, 0);
    ingenic_test_assert_no_finding(&lab);
    ingenic_test_end(&lab);
}

static void test_state_write0_clear(void)
{
    Lab lab = start_running(NULL, 0);

    step(&lab, FRAME_NS);
    g_assert_cmphex(rl(&lab, A_LCDC_STATE), ==, R_LCDC_STATE_EOF_MASK);
    wl(&lab, A_LCDC_STATE, 0xffffffff);                /* 1s change nothing */
    g_assert_cmphex(rl(&lab, A_LCDC_STATE), ==, R_LCDC_STATE_EOF_MASK);
    wl(&lab, A_LCDC_STATE,
       ~R_LCDC_STATE_EOF_MASK);                /* 0 clears */
    g_assert_cmphex(rl(&lab, A_LCDC_STATE), ==, 0);
    wl(&lab, A_LCDC_STATE, 0xff);                      /* 1 never sets */
    g_assert_cmphex(rl(&lab, A_LCDC_STATE), ==, 0);
    ingenic_test_assert_no_finding(&lab);
    ingenic_test_end(&lab);
}

/* ------------------------------------------------------------------------ */
/* Timing and interrupts                                                     */

static void test_eof_one_frame(void)
{
    Lab lab = start_running(NULL, 0);

    step(&lab, FRAME_NS - 1);
    g_assert_cmphex(rl(&lab, A_LCDC_STATE) & R_LCDC_STATE_EOF_MASK, ==, 0);
    step(&lab, 1);
    g_assert_cmphex(rl(&lab, A_LCDC_STATE) & R_LCDC_STATE_EOF_MASK, ==,
                    R_LCDC_STATE_EOF_MASK);
    g_assert_cmphex(rl(&lab, A_LCDC_IID), ==, 0xf1);
    /* The next frame follows back to back */
    wl(&lab, A_LCDC_STATE, 0);
    step(&lab, FRAME_NS - 1);
    g_assert_cmphex(rl(&lab, A_LCDC_STATE) & R_LCDC_STATE_EOF_MASK, ==, 0);
    step(&lab, 1);
    g_assert_cmphex(rl(&lab, A_LCDC_STATE) & R_LCDC_STATE_EOF_MASK, ==,
                    R_LCDC_STATE_EOF_MASK);
    g_assert_cmphex(rl(&lab, A_LCDC_STATE) & R_LCDC_STATE_SOF_MASK, ==, 0);
    ingenic_test_assert_no_finding(&lab);
    ingenic_test_end(&lab);
}

static void test_eof_pixel_clock(void)
{
    Lab lab = lab_start(NULL);

    /* 500 kHz: the frame takes twice as long */
    cgu_pixclk(&lab, INGENIC_TEST_PCLK_DIV * 2);
    setup_f1_xrgb8888(&lab, FB1);
    lcdc_enable(&lab);
    step(&lab, 2 * FRAME_NS - 1);
    g_assert_cmphex(rl(&lab, A_LCDC_STATE) & R_LCDC_STATE_EOF_MASK, ==, 0);
    step(&lab, 1);
    g_assert_cmphex(rl(&lab, A_LCDC_STATE) & R_LCDC_STATE_EOF_MASK, ==,
                    R_LCDC_STATE_EOF_MASK);
    ingenic_test_end(&lab);
}

static void test_irq_eof(void)
{
    Lab lab = start_running(NULL, 0);

    qtest_writel(lab.qts, INTC + A_INTC_ICMCR, LCD_IRQ);
    step(&lab, FRAME_NS);
    g_assert_cmphex(rl(&lab, A_LCDC_STATE) & R_LCDC_STATE_EOF_MASK, ==,
                    R_LCDC_STATE_EOF_MASK);
    /* EOF alone: no interrupt */
    g_assert_cmphex(lcd_pending(&lab), ==, 0);
    /* Vblank on: level while EOF && LCDCTRL bit 13 */
    wl(&lab, A_LCDC_CTRL, rl(&lab, A_LCDC_CTRL) | R_LCDC_CTRL_EOFM_MASK);
    g_assert_cmphex(lcd_pending(&lab), ==, LCD_IRQ);
    /* The driver's handler: RMW LCDSTATE with EOF cleared */
    wl(&lab, A_LCDC_STATE, rl(&lab, A_LCDC_STATE) & ~R_LCDC_STATE_EOF_MASK);
    g_assert_cmphex(lcd_pending(&lab), ==, 0);
    step(&lab, FRAME_NS);
    g_assert_cmphex(lcd_pending(&lab), ==, LCD_IRQ);
    /* Vblank off drops the line although EOF stays */
    wl(&lab, A_LCDC_CTRL, rl(&lab, A_LCDC_CTRL) & ~R_LCDC_CTRL_EOFM_MASK);
    g_assert_cmphex(lcd_pending(&lab), ==, 0);
    g_assert_cmphex(rl(&lab, A_LCDC_STATE) & R_LCDC_STATE_EOF_MASK, ==,
                    R_LCDC_STATE_EOF_MASK);
    ingenic_test_end(&lab);
}

static void test_irq_descriptor_bits(void)
{
    Lab lab = lab_start(NULL);

    cgu_pixclk(&lab, INGENIC_TEST_PCLK_DIV);
    setup_f1_xrgb8888(&lab, FB1);
    /* No EOF bit in CMD: frames run, EOF never comes; SOF at frame start */
    put_desc(&lab, DESC1, DESC1, FB1, 0xf1, R_LCDC_DESC_CMD_SOFINT_MASK |
             (W * H));
    wl(&lab, A_LCDC_CTRL, R_LCDC_CTRL_EOFM_MASK);
    qtest_writel(lab.qts, INTC + A_INTC_ICMCR, LCD_IRQ);
    lcdc_enable(&lab);
    g_assert_cmphex(rl(&lab, A_LCDC_STATE), ==, R_LCDC_STATE_SOF_MASK);
    g_assert_cmphex(lcd_pending(&lab), ==, 0);
    step(&lab, 3 * FRAME_NS);
    g_assert_cmphex(rl(&lab, A_LCDC_STATE), ==, R_LCDC_STATE_SOF_MASK);
    /* SOF is only an interrupt with its own enable (LCDCTRL bit 12) */
    wl(&lab, A_LCDC_CTRL, rl(&lab, A_LCDC_CTRL) | R_LCDC_CTRL_SOFM_MASK);
    g_assert_cmphex(lcd_pending(&lab), ==, LCD_IRQ);
    wl(&lab, A_LCDC_STATE, 0);
    g_assert_cmphex(lcd_pending(&lab), ==, 0);
    ingenic_test_end(&lab);
}

/* ------------------------------------------------------------------------ */
/* Enable and disable                                                        */

static void test_disable_at_frame_end(void)
{
    Lab lab = start_running(NULL, 0);

    step(&lab, FRAME_NS / 2);
    wl(&lab, A_LCDC_CTRL, rl(&lab, A_LCDC_CTRL) |
       R_LCDC_CTRL_DIS_MASK);      /* ENA stays set */
    g_assert_cmphex(rl(&lab, A_LCDC_STATE) & R_LCDC_STATE_LDD_MASK, ==, 0);
    step(&lab, FRAME_NS / 2 - 1);
    g_assert_cmphex(rl(&lab, A_LCDC_STATE) & R_LCDC_STATE_LDD_MASK, ==, 0);
    step(&lab, 1);
    g_assert_cmphex(rl(&lab, A_LCDC_STATE), ==, R_LCDC_STATE_LDD_MASK |
                    R_LCDC_STATE_EOF_MASK);
    /* LDD stays until cleared; no frames after the disable */
    step(&lab, 5 * FRAME_NS);
    g_assert_cmphex(rl(&lab, A_LCDC_STATE), ==, R_LCDC_STATE_LDD_MASK |
                    R_LCDC_STATE_EOF_MASK);
    wl(&lab, A_LCDC_STATE, 0);
    step(&lab, 5 * FRAME_NS);
    g_assert_cmphex(rl(&lab, A_LCDC_STATE), ==, 0);
    /* Re-enable as the driver does: frames again */
    lcdc_enable(&lab);
    step(&lab, FRAME_NS);
    g_assert_cmphex(rl(&lab, A_LCDC_STATE), ==, R_LCDC_STATE_EOF_MASK);
    ingenic_test_assert_no_finding(&lab);
    ingenic_test_end(&lab);
}

static void test_disable_when_stopped(void)
{
    Lab lab = lab_start(NULL);

    cgu_pixclk(&lab, INGENIC_TEST_PCLK_DIV);
    wl(&lab, A_LCDC_CTRL, R_LCDC_CTRL_DIS_MASK);
    g_assert_cmphex(rl(&lab, A_LCDC_STATE), ==, R_LCDC_STATE_LDD_MASK);
    ingenic_test_end(&lab);
}

static void test_quick_disable(void)
{
    Lab lab = start_running(NULL, 0);

    step(&lab, FRAME_NS / 2);
    wl(&lab, A_LCDC_CTRL, rl(&lab, A_LCDC_CTRL) & ~R_LCDC_CTRL_ENA_MASK);
    g_assert_cmphex(rl(&lab, A_LCDC_STATE), ==, R_LCDC_STATE_QD_MASK);
    step(&lab, 5 * FRAME_NS);
    g_assert_cmphex(rl(&lab, A_LCDC_STATE), ==, R_LCDC_STATE_QD_MASK);
    /* QD raises the IRQ only with its enable (LCDCTRL bit 7) */
    qtest_writel(lab.qts, INTC + A_INTC_ICMCR, LCD_IRQ);
    g_assert_cmphex(lcd_pending(&lab), ==, 0);
    wl(&lab, A_LCDC_CTRL, rl(&lab, A_LCDC_CTRL) | R_LCDC_CTRL_QDM_MASK);
    g_assert_cmphex(lcd_pending(&lab), ==, LCD_IRQ);
    ingenic_test_end(&lab);
}

/* Running is the level ENA=1 && DIS=0, not the write edge (lcdc.md 4) */
static void test_running_is_a_level(void)
{
    Lab lab = lab_start(NULL);

    cgu_pixclk(&lab, INGENIC_TEST_PCLK_DIV);
    setup_f1_xrgb8888(&lab, FB1);
    /* Enabled before the timing is there: no frame yet */
    wl(&lab, A_LCDC_VAT, 0);
    lcdc_enable(&lab);
    step(&lab, 3 * FRAME_NS);
    g_assert_cmphex(rl(&lab, A_LCDC_STATE), ==, 0);
    wl(&lab, A_LCDC_VAT, vat(20, 10));              /* frames start now */
    step(&lab, FRAME_NS - 1);
    g_assert_cmphex(rl(&lab, A_LCDC_STATE), ==, 0);
    step(&lab, 1);
    g_assert_cmphex(rl(&lab, A_LCDC_STATE), ==, R_LCDC_STATE_EOF_MASK);

    /* Pixel clock gated: no progress; ungating resumes, no LCDCTRL write */
    cgu_gate(&lab, true);
    wl(&lab, A_LCDC_STATE, 0);
    step(&lab, 3 * FRAME_NS);
    g_assert_cmphex(rl(&lab, A_LCDC_STATE), ==, 0);
    cgu_gate(&lab, false);
    step(&lab, FRAME_NS - 1);
    g_assert_cmphex(rl(&lab, A_LCDC_STATE), ==, 0);
    step(&lab, 1);
    g_assert_cmphex(rl(&lab, A_LCDC_STATE), ==, R_LCDC_STATE_EOF_MASK);
    ingenic_test_end(&lab);
}

/* ------------------------------------------------------------------------ */
/* Descriptor DMA                                                            */

static void test_refetch_every_frame(void)
{
    Lab lab = start_running(NULL, 0x00ff0000);
    IngenicScreen img;

    fill32(&lab, FB2, W * H, 0x000000ff);
    step(&lab, 1);
    g_assert_cmphex(rl(&lab, A_LCDC_SA1), ==, FB1);
    g_assert_cmphex(rl(&lab, A_LCDC_FID1), ==, 0xf1);
    g_assert_cmphex(rl(&lab, A_LCDC_CMD1), ==, R_LCDC_DESC_CMD_EOFINT_MASK |
                    (W * H));
    g_assert_cmphex(rl(&lab, A_LCDC_DA1), ==, DESC1);
    /* A page flip rewrites the descriptor in memory only */
    put_desc(&lab, DESC1, DESC1, FB2, 0xf1, R_LCDC_DESC_CMD_EOFINT_MASK |
             (W * H));
    g_assert_cmphex(rl(&lab, A_LCDC_SA1), ==, FB1);
    step(&lab, FRAME_NS - 2);
    g_assert_cmphex(rl(&lab, A_LCDC_SA1), ==, FB1);
    step(&lab, 1);
    g_assert_cmphex(rl(&lab, A_LCDC_SA1), ==, FB2);
    SCREENDUMP_OR_SKIP(&lab, &img);
    assert_solid(&img, 0x0000ff);
    g_free(img.buf);
    /* Back: the frame after shows the first buffer again */
    put_desc(&lab, DESC1, DESC1, FB1, 0xf1, R_LCDC_DESC_CMD_EOFINT_MASK |
             (W * H));
    SCREENDUMP_OR_SKIP(&lab, &img);
    assert_solid(&img, 0x0000ff);
    g_free(img.buf);
    step(&lab, FRAME_NS);
    SCREENDUMP_OR_SKIP(&lab, &img);
    assert_solid(&img, 0xff0000);
    g_free(img.buf);
    ingenic_test_assert_no_finding(&lab);
    ingenic_test_end(&lab);
}

/* F0 C8 as the driver chains it: LCDDA0 -> palette desc -> frame desc -> ... */
static void test_palette_c8(void)
{
    const Format *c8 = &formats[0];
    uint32_t expect[W * H];
    Lab lab = lab_start(NULL);
    IngenicScreen img;

    cgu_pixclk(&lab, INGENIC_TEST_PCLK_DIV);
    ingenic_test_mode_16x8(&lab);
    wl(&lab, A_LCDC_OSDC, R_LCDC_OSDC_OSDEN_MASK | R_LCDC_OSDC_F0EN_MASK);
    wl(&lab, A_LCDC_CTRL, INGENIC_LCDC_BPP_8);
    wl(&lab, A_LCDC_XYP0, 0);
    wl(&lab, A_LCDC_SIZE0, size(W, H));
    put_palette(&lab);
    put_frame(&lab, c8, FB0, W, H, 0, expect);
    put_desc(&lab, DESCP, DESC0, PALETTE, 0xc0, R_LCDC_DESC_CMD_PAL_MASK | 128);
    put_desc(&lab, DESC0, DESCP, FB0, 0xf0, R_LCDC_DESC_CMD_EOFINT_MASK |
             (W * H / 4));
    wl(&lab, A_LCDC_DA0, DESCP);
    wl(&lab, A_LCDC_DA1, DESC1);
    lcdc_enable(&lab);
    g_assert_cmphex(rl(&lab, A_LCDC_DA0), ==, DESCP);  /* next frame: palette */
    g_assert_cmphex(rl(&lab, A_LCDC_SA0), ==, FB0);
    step(&lab, FRAME_NS);
    g_assert_cmphex(rl(&lab, A_LCDC_STATE), ==, R_LCDC_STATE_EOF_MASK);
    SCREENDUMP_OR_SKIP(&lab, &img);
    assert_image(&img, expect);
    g_free(img.buf);
    /* The palette is reloaded every frame */
    qtest_writew(lab.qts, PALETTE + 2 * (11), 0xf800);      /* red */
    step(&lab, FRAME_NS);
    SCREENDUMP_OR_SKIP(&lab, &img);
    /* index 11 */
    g_assert_cmphex(ingenic_screen_px(&img, 0, 0), ==, 0xff0000);
    g_free(img.buf);
    ingenic_test_assert_no_finding(&lab);
    ingenic_test_end(&lab);
}

/* One plane from two frame descriptors (the GCW Zero kernel's trick) */
static void test_chained_frame(void)
{
    Lab lab = lab_start(NULL);
    uint32_t expect[W * H];
    IngenicScreen img;

    cgu_pixclk(&lab, INGENIC_TEST_PCLK_DIV);
    setup_f1_xrgb8888(&lab, FB1);
    fill32(&lab, FB2, W, 0x00ffff00);                       /* line 0 */
    fill32(&lab, FB1, W * (H - 1), 0x0000ff00);             /* lines 1.. */
    put_desc(&lab, DESCX, DESCY, FB2, 0x11, W);
    put_desc(&lab, DESCY, DESCX, FB1, 0x12, R_LCDC_DESC_CMD_EOFINT_MASK |
             W * (H - 1));
    wl(&lab, A_LCDC_DA1, DESCX);
    lcdc_enable(&lab);
    g_assert_cmphex(rl(&lab, A_LCDC_DA1), ==, DESCX);
    g_assert_cmphex(rl(&lab, A_LCDC_FID1), ==, 0x12);
    step(&lab, FRAME_NS);
    g_assert_cmphex(rl(&lab, A_LCDC_STATE), ==, R_LCDC_STATE_EOF_MASK);
    g_assert_cmphex(rl(&lab, A_LCDC_IID), ==, 0x12);
    for (int i = 0; i < W * H; i++) {
        expect[i] = i < W ? 0xffff00 : 0x00ff00;
    }
    SCREENDUMP_OR_SKIP(&lab, &img);
    assert_image(&img, expect);
    g_free(img.buf);
    ingenic_test_assert_no_finding(&lab);
    ingenic_test_end(&lab);
}

/* ------------------------------------------------------------------------ */
/* Composition and formats                                                   */

/* BG, F1 (RGB565) at (2,1) 8x4, F0 (XRGB8888) at (6,3) 12x4 clipped right */
static void test_compose(void)
{
    const Format *f565 = &formats[2], *f8888 = &formats[3];
    uint32_t e1[8 * 4], e0[12 * 4], expect[W * H];
    Lab lab = lab_start(NULL);
    IngenicScreen img;

    cgu_pixclk(&lab, INGENIC_TEST_PCLK_DIV);
    ingenic_test_mode_16x8(&lab);
    wl(&lab, A_LCDC_BGC, 0x123456);
    wl(&lab, A_LCDC_OSDC, R_LCDC_OSDC_OSDEN_MASK | R_LCDC_OSDC_F0EN_MASK |
       R_LCDC_OSDC_F1EN_MASK);
    wl(&lab, A_LCDC_OSDCTRL, INGENIC_LCDC_BPP_16);
    wl(&lab, A_LCDC_CTRL, INGENIC_LCDC_BPP_18_24);
    wl(&lab, A_LCDC_XYP1, xyp(2, 1));
    wl(&lab, A_LCDC_SIZE1, size(8, 4));
    wl(&lab, A_LCDC_XYP0, xyp(6, 3));
    wl(&lab, A_LCDC_SIZE0, size(12, 4));
    put_frame(&lab, f565, FB1, 8, 4, 0, e1);
    put_frame(&lab, f8888, FB0, 12, 4, 100, e0);
    put_desc(&lab, DESC1, DESC1, FB1, 0xf1, R_LCDC_DESC_CMD_EOFINT_MASK |
             (8 * 4 * 2 / 4));
    put_desc(&lab, DESC0, DESC0, FB0, 0xf0, R_LCDC_DESC_CMD_EOFINT_MASK |
             (12 * 4));
    wl(&lab, A_LCDC_DA0, DESC0);
    wl(&lab, A_LCDC_DA1, DESC1);
    lcdc_enable(&lab);
    step(&lab, FRAME_NS);
    g_assert_cmphex(rl(&lab, A_LCDC_STATE), ==, R_LCDC_STATE_EOF_MASK);

    for (int y = 0; y < H; y++) {
        for (int x = 0; x < W; x++) {
            uint32_t v = 0x123456;
            if (x >= 2 && x < 10 && y >= 1 && y < 5) {
                v = e1[(y - 1) * 8 + (x - 2)];
            }
            if (x >= 6 && y >= 3 && y < 7) {
                v = e0[(y - 3) * 12 + (x - 6)];
            }
            expect[y * W + x] = v;
        }
    }
    SCREENDUMP_OR_SKIP(&lab, &img);
    assert_image(&img, expect);
    g_free(img.buf);

    /* Change one F1 pixel under nothing and one under F0: dirty tracking */
    qtest_writew(lab.qts, FB1, 0xffff);                     /* (2,1) */
    qtest_writew(lab.qts, FB1 + 2 * (3 * 8 + 7), 0x0000);   /* (9,4) */
    expect[1 * W + 2] = 0xffffff;
    SCREENDUMP_OR_SKIP(&lab, &img);
    assert_image(&img, expect);
    g_free(img.buf);

    /* F0 off: F1 alone does not cover the screen, background shows */
    wl(&lab, A_LCDC_OSDC, R_LCDC_OSDC_OSDEN_MASK | R_LCDC_OSDC_F1EN_MASK);
    step(&lab, FRAME_NS);
    for (int y = 0; y < H; y++) {
        for (int x = 0; x < W; x++) {
            bool in_f1 = x >= 2 && x < 10 && y >= 1 && y < 5;
            expect[y * W + x] = in_f1 ? e1[(y - 1) * 8 + x - 2] : 0x123456;
        }
    }
    expect[1 * W + 2] = 0xffffff;
    expect[4 * W + 9] = 0;
    SCREENDUMP_OR_SKIP(&lab, &img);
    assert_image(&img, expect);
    g_free(img.buf);
    ingenic_test_assert_no_finding(&lab);
    ingenic_test_end(&lab);
}

/* RGB888 5x3: LEN = 45 bytes / 4 rounded down, as the driver computes it */
static void test_odd_size_rgb888(void)
{
    const Format *f888 = &formats[4];
    uint32_t e[5 * 3];
    Lab lab = lab_start(NULL);
    IngenicScreen img;

    cgu_pixclk(&lab, INGENIC_TEST_PCLK_DIV);
    ingenic_test_mode_16x8(&lab);
    wl(&lab, A_LCDC_OSDC, R_LCDC_OSDC_OSDEN_MASK | R_LCDC_OSDC_F1EN_MASK);
    wl(&lab, A_LCDC_OSDCTRL, INGENIC_LCDC_BPP_24_PACKED);
    wl(&lab, A_LCDC_XYP1, xyp(1, 1));
    wl(&lab, A_LCDC_SIZE1, size(5, 3));
    put_frame(&lab, f888, FB1, 5, 3, 9, e);
    put_desc(&lab, DESC1, DESC1, FB1, 0xf1, R_LCDC_DESC_CMD_EOFINT_MASK |
             (5 * 3 * 3 / 4));
    wl(&lab, A_LCDC_DA1, DESC1);
    lcdc_enable(&lab);
    step(&lab, FRAME_NS);
    g_assert_cmphex(rl(&lab, A_LCDC_STATE), ==, R_LCDC_STATE_EOF_MASK);
    SCREENDUMP_OR_SKIP(&lab, &img);
    for (int y = 0; y < H; y++) {
        for (int x = 0; x < W; x++) {
            bool in = x >= 1 && x < 6 && y >= 1 && y < 4;
            g_assert_cmphex(ingenic_screen_px(&img, x, y), ==,
                            in ? e[(y - 1) * 5 + x - 1] : 0);
        }
    }
    g_free(img.buf);
    ingenic_test_assert_no_finding(&lab);
    ingenic_test_end(&lab);
}

typedef struct FormatCase {
    unsigned plane;
    const Format *fmt;
} FormatCase;

/* One full-screen plane in one format; the other plane off */
static void test_format(const void *opaque)
{
    const FormatCase *fc = opaque;
    const Format *f = fc->fmt;
    uint32_t expect[W * H];
    uint32_t len = W * H * f->bytes / 4;
    Lab lab = lab_start(NULL);
    IngenicScreen img;

    cgu_pixclk(&lab, INGENIC_TEST_PCLK_DIV);
    ingenic_test_mode_16x8(&lab);
    put_frame(&lab, f, FB0, W, H, fc->plane * 1000, expect);
    put_palette(&lab);
    if (fc->plane == 0) {
        wl(&lab, A_LCDC_OSDC, R_LCDC_OSDC_OSDEN_MASK | R_LCDC_OSDC_F0EN_MASK);
        wl(&lab, A_LCDC_CTRL, f->bpp |
           (f->rgb555 ? R_LCDC_CTRL_RGB555_MASK : 0));
        wl(&lab, A_LCDC_XYP0, 0);
        wl(&lab, A_LCDC_SIZE0, size(W, H));
        if (f->bpp == INGENIC_LCDC_BPP_8) {
            put_desc(&lab, DESCP, DESC0, PALETTE, 0xc0,
                     R_LCDC_DESC_CMD_PAL_MASK | 128);
            put_desc(&lab, DESC0, DESCP, FB0, 0xf0,
                     R_LCDC_DESC_CMD_EOFINT_MASK | len);
            wl(&lab, A_LCDC_DA0, DESCP);
        } else {
            put_desc(&lab, DESC0, DESC0, FB0, 0xf0,
                     R_LCDC_DESC_CMD_EOFINT_MASK | len);
            wl(&lab, A_LCDC_DA0, DESC0);
        }
    } else {
        wl(&lab, A_LCDC_OSDC, R_LCDC_OSDC_OSDEN_MASK | R_LCDC_OSDC_F1EN_MASK);
        wl(&lab, A_LCDC_OSDCTRL, f->bpp |
           (f->rgb555 ? R_LCDC_OSDCTRL_RGB555_MASK : 0));
        wl(&lab, A_LCDC_XYP1, 0);
        wl(&lab, A_LCDC_SIZE1, size(W, H));
        put_desc(&lab, DESC1, DESC1, FB0, 0xf1, R_LCDC_DESC_CMD_EOFINT_MASK |
                 len);
        wl(&lab, A_LCDC_DA1, DESC1);
    }
    lcdc_enable(&lab);
    step(&lab, FRAME_NS);
    g_assert_cmphex(rl(&lab, A_LCDC_STATE), ==, R_LCDC_STATE_EOF_MASK);
    SCREENDUMP_OR_SKIP(&lab, &img);
    assert_image(&img, expect);
    g_free(img.buf);
    /* A write to the frame shows at the next refresh (dirty tracking) */
    put_frame(&lab, f, FB0, W, H, 77, expect);
    SCREENDUMP_OR_SKIP(&lab, &img);
    assert_image(&img, expect);
    g_free(img.buf);
    ingenic_test_assert_no_finding(&lab);
    ingenic_test_end(&lab);
}

/* Without OSD (OSDEN = 0) channel 0 covers the display area */
static void test_no_osd(void)
{
    const Format *f = &formats[2];
    uint32_t expect[W * H];
    Lab lab = lab_start(NULL);
    IngenicScreen img;

    cgu_pixclk(&lab, INGENIC_TEST_PCLK_DIV);
    ingenic_test_mode_16x8(&lab);
    put_frame(&lab, f, FB0, W, H, 5, expect);
    wl(&lab, A_LCDC_CTRL, INGENIC_LCDC_BPP_16);
    put_desc(&lab, DESC0, DESC0, FB0, 0xf0, R_LCDC_DESC_CMD_EOFINT_MASK |
             (W * H / 2));
    wl(&lab, A_LCDC_DA0, DESC0);
    lcdc_enable(&lab);
    step(&lab, FRAME_NS);
    g_assert_cmphex(rl(&lab, A_LCDC_STATE), ==, R_LCDC_STATE_EOF_MASK);
    SCREENDUMP_OR_SKIP(&lab, &img);
    assert_image(&img, expect);
    g_free(img.buf);
    ingenic_test_end(&lab);
}

static bool board_has_ipu(Lab *lab)
{
    QDict *resp = qtest_qmp(lab->qts, "{'execute': 'qom-get', 'arguments':"
                            " {'path': '/machine/soc/ipu',"
                            " 'property': 'type'}}");
    bool has = !qdict_haskey(resp, "error");

    qobject_unref(resp);
    return has;
}

/* F1 from the IPU with no IPU attached: background; no DMA, no EOF */
static void test_ipu_source_missing(void)
{
    Lab lab = lab_start(NULL);
    IngenicScreen img;

    if (board_has_ipu(&lab)) {
        g_test_skip("the board has an IPU model attached");
        ingenic_test_end(&lab);
        return;
    }
    cgu_pixclk(&lab, INGENIC_TEST_PCLK_DIV);
    ingenic_test_mode_16x8(&lab);
    wl(&lab, A_LCDC_BGC, 0x00ff00);
    wl(&lab, A_LCDC_OSDC, R_LCDC_OSDC_OSDEN_MASK | R_LCDC_OSDC_F1EN_MASK);
    wl(&lab, A_LCDC_OSDCTRL, R_LCDC_OSDCTRL_IPU_MASK | INGENIC_LCDC_BPP_18_24);
    wl(&lab, A_LCDC_SIZE1, size(W, H));
    lcdc_enable(&lab);
    step(&lab, 3 * FRAME_NS);
    g_assert_cmphex(rl(&lab, A_LCDC_STATE), ==, 0);
    SCREENDUMP_OR_SKIP(&lab, &img);
    assert_solid(&img, 0x00ff00);
    g_free(img.buf);
    ingenic_test_end(&lab);
}

/* JZ4780: 8-word descriptors (LCDCFG bit 28), CPOS format, DESSIZE, alpha */
static void test_jz4780_desc8(void)
{
    const Format *f565 = &formats[2];
    uint32_t e[W * H], expect[W * H];
    Lab lab = lab_start("-global ingenic-lcdc.variant=jz4780");
    uint32_t d[8];
    IngenicScreen img;

    cgu_pixclk(&lab, INGENIC_TEST_PCLK_DIV);
    ingenic_test_mode_16x8(&lab);
    wl(&lab, A_LCDC_CFG, R_LCDC_CFG_NEWDES_MASK);
    wl(&lab, A_LCDC_BGC, 0x0000ff);
    wl(&lab, A_LCDC_OSDC, R_LCDC_OSDC_OSDEN_MASK | R_LCDC_OSDC_ALPHAEN_MASK |
       R_LCDC_OSDC_F1EN_MASK);
    /* stale: the descriptor's CPOS rules */
    wl(&lab, A_LCDC_OSDCTRL, INGENIC_LCDC_BPP_18_24);
    wl(&lab, A_LCDC_SIZE1, size(W, H));
    put_frame(&lab, f565, FB1, W, H, 3, e);
    d[0] = DESC1;
    d[1] = FB1;
    d[2] = 0xf1;
    d[3] = R_LCDC_DESC_CMD_EOFINT_MASK | R_LCDC_DESC_CMD_FRM_EN_MASK |
           (W * H / 2);
    d[4] = 0;
    d[5] = 0;
    d[6] = FIELD_DP32(0, LCDC_DESC_CPOS, BPP,
                      INGENIC_LCDC_BPP_16) | FIELD_DP32(0, LCDC_DESC_CPOS,
                                                        COEF_SLE, 1);
    d[7] = dessize(W, H, 0xff);
    for (int i = 0; i < 8; i++) {
        d[i] = cpu_to_le32(d[i]);
    }
    qtest_memwrite(lab.qts, DESC1, d, sizeof(d));
    wl(&lab, A_LCDC_DA1, DESC1);
    lcdc_enable(&lab);
    g_assert_cmphex(rl(&lab, A_LCDC_DESSIZE1), ==, dessize(W, H, 0xff));
    step(&lab, FRAME_NS);
    g_assert_cmphex(rl(&lab, A_LCDC_STATE), ==, R_LCDC_STATE_EOF_MASK);
    SCREENDUMP_OR_SKIP(&lab, &img);
    assert_image(&img, e);
    g_free(img.buf);

    /* Global alpha 0x80 over a blue background */
    qtest_writel(lab.qts, DESC1 + A_LCDC_DESC_DESSIZE, dessize(W, H, 0x80));
    step(&lab, FRAME_NS);
    for (int i = 0; i < W * H; i++) {
        uint32_t r = 0;
        for (int c = 0; c < 24; c += 8) {
            uint32_t fg = e[i] >> c & 0xff, bg = 0x0000ff >> c & 0xff;
            r |= ((fg * 0x80 + bg * (255 - 0x80) + 127) / 255) << c;
        }
        expect[i] = r;
    }
    SCREENDUMP_OR_SKIP(&lab, &img);
    assert_image(&img, expect);
    g_free(img.buf);
    ingenic_test_end(&lab);
}

/* ------------------------------------------------------------------------ */
/* Findings                                                                  */

static void test_finding_gated_access(void)
{
    Lab lab = lab_start(NULL);

    cgu_pixclk(&lab, INGENIC_TEST_PCLK_DIV);
    rl(&lab, A_LCDC_CTRL);
    ingenic_test_assert_no_finding(&lab);
    cgu_gate(&lab, true);
    rl(&lab, A_LCDC_STATE);
    wl(&lab, A_LCDC_BGC, 0x42);
    ingenic_test_assert_finding(&lab, "gated-access");
    g_assert_true(ingenic_test_has_finding(&lab, "gated-access",
                                           "read LCDSTATE"));
    g_assert_true(ingenic_test_has_finding(&lab, "gated-access",
                                           "write 0x00000042 to LCDBGC"));
    ingenic_test_end(&lab);
}

/* The unbind order: clock off first, then the disable polls LDD */
static void test_finding_gated_disable(void)
{
    Lab lab = start_running(NULL, 0);

    step(&lab, FRAME_NS / 2);
    cgu_gate(&lab, true);
    wl(&lab, A_LCDC_CTRL, rl(&lab, A_LCDC_CTRL) | R_LCDC_CTRL_DIS_MASK);
    g_assert_cmphex(rl(&lab, A_LCDC_STATE) & R_LCDC_STATE_LDD_MASK, ==,
                    R_LCDC_STATE_LDD_MASK);
    ingenic_test_assert_finding(&lab, "gated-disable");
    ingenic_test_assert_finding(&lab, "gated-access");
    ingenic_test_end(&lab);
}

static void test_strict_clock(void)
{
    Lab lab = start_running("-global ingenic-lcdc.strict-clock=on", 0);

    step(&lab, FRAME_NS / 2);
    cgu_gate(&lab, true);
    wl(&lab, A_LCDC_CTRL, rl(&lab, A_LCDC_CTRL) | R_LCDC_CTRL_DIS_MASK);
    step(&lab, 10 * FRAME_NS);
    g_assert_cmphex(rl(&lab, A_LCDC_STATE), ==, 0);        /* no EOF, no LDD */
    cgu_gate(&lab, false);
    step(&lab, FRAME_NS - 1);
    g_assert_cmphex(rl(&lab, A_LCDC_STATE), ==, 0);
    step(&lab, 1);
    g_assert_cmphex(rl(&lab, A_LCDC_STATE), ==, R_LCDC_STATE_EOF_MASK |
                    R_LCDC_STATE_LDD_MASK);
    g_assert_false(ingenic_test_has_finding(&lab, "gated-disable", ""));
    ingenic_test_end(&lab);
}

static void test_finding_active_at_reset(void)
{
    Lab lab = start_running(NULL, 0);
    QDict *resp;

    step(&lab, FRAME_NS);
    resp = qtest_qmp(lab.qts, "{'execute': 'system_reset'}");
    g_assert(qdict_haskey(resp, "return"));
    qobject_unref(resp);
    qtest_qmp_eventwait(lab.qts, "RESET");
    ingenic_test_assert_finding(&lab, "active-at-reset");
    g_assert_cmphex(rl(&lab, A_LCDC_CTRL), ==, 0);
    g_assert_cmphex(rl(&lab, A_LCDC_STATE), ==, 0);
    ingenic_test_end(&lab);
}

static void test_finding_active_at_poweroff(void)
{
    Lab lab = start_running("-action shutdown=pause", 0);

    step(&lab, FRAME_NS);
    /* rtc-jz4740's power-off: WENR unlock, then HIBERNATE.PD */
    put32(&lab, RTC + A_RTC_WENR, 0xa55a);
    put32(&lab, RTC + A_RTC_HIBERNATE, 1);
    qtest_qmp_eventwait(lab.qts, "SHUTDOWN");
    ingenic_test_assert_finding(&lab, "active-at-poweroff");
    ingenic_test_end(&lab);
}

/* A host quitting QEMU (SIGTERM, as qtest_quit does) is no finding */
static void test_no_finding_host_quit(void)
{
    Lab lab = start_running(NULL, 0);
    g_autofree char *text = NULL;

    step(&lab, FRAME_NS);
    qtest_quit(lab.qts);
    g_assert(g_file_get_contents(lab.log, &text, NULL, NULL));
    g_assert_null(strstr(text, "ingenic_lcdc_finding "));
    ingenic_test_drop_log(&lab);
}

static void test_finding_dma_outside_ram(void)
{
    Lab lab = start_running(NULL, 0);

    /* Descriptor in MMIO (the LCDC's own window) */
    wl(&lab, A_LCDC_DA1, LCDC);
    step(&lab, FRAME_NS);
    ingenic_test_assert_finding(&lab, "dma-outside-ram");
    g_assert_true(ingenic_test_log_has(&lab, "descriptor fetch at 0x13050000"));
    /* Frame data in MMIO (the INTC) */
    put_desc(&lab, DESC1, DESC1, 0x10001000, 0xf1,
             R_LCDC_DESC_CMD_EOFINT_MASK | (W * H));
    wl(&lab, A_LCDC_DA1, DESC1);
    step(&lab, FRAME_NS);
    g_assert_true(ingenic_test_log_has(&lab, "frame data 0x10001000"));
    /* Still running; EOF of the processed descriptor still comes */
    wl(&lab, A_LCDC_STATE, 0);
    step(&lab, FRAME_NS);
    g_assert_cmphex(rl(&lab, A_LCDC_STATE), ==, R_LCDC_STATE_EOF_MASK);
    ingenic_test_end(&lab);
}

static void test_finding_malformed_palette_loop(void)
{
    Lab lab = lab_start(NULL);

    cgu_pixclk(&lab, INGENIC_TEST_PCLK_DIV);
    ingenic_test_mode_16x8(&lab);
    wl(&lab, A_LCDC_OSDC, R_LCDC_OSDC_OSDEN_MASK | R_LCDC_OSDC_F0EN_MASK);
    wl(&lab, A_LCDC_CTRL, INGENIC_LCDC_BPP_8);
    wl(&lab, A_LCDC_SIZE0, size(W, H));
    put_palette(&lab);
    put_desc(&lab, DESCP, DESCP, PALETTE, 0xc0, R_LCDC_DESC_CMD_PAL_MASK | 128);
    wl(&lab, A_LCDC_DA0, DESCP);
    lcdc_enable(&lab);
    step(&lab, 2 * FRAME_NS);
    ingenic_test_assert_finding(&lab, "malformed-chain");
    g_assert_true(ingenic_test_log_has(&lab, "palette descriptors"));
    g_assert_cmphex(rl(&lab, A_LCDC_STATE) & R_LCDC_STATE_EOF_MASK, ==, 0);
    ingenic_test_end(&lab);
}

static void test_finding_malformed_short_len(void)
{
    Lab lab = start_running(NULL, 0);

    /* LEN half of what LCDSIZE1 needs, looping on itself */
    put_desc(&lab, DESC1, DESC1, FB1, 0xf1, R_LCDC_DESC_CMD_EOFINT_MASK |
             (W * H / 2));
    step(&lab, FRAME_NS);
    ingenic_test_assert_finding(&lab, "malformed-chain");
    g_assert_true(ingenic_test_log_has(&lab, "reached again"));
    ingenic_test_end(&lab);
}

static void test_finding_readonly_write(void)
{
    Lab lab = start_running(NULL, 0);

    step(&lab, 1);
    wl(&lab, A_LCDC_SA1, 0xdead0000);
    g_assert_cmphex(rl(&lab, A_LCDC_SA1), ==, FB1);
    ingenic_test_assert_finding(&lab, "readonly-write");
    g_assert_true(ingenic_test_log_has(&lab, "read-only LCDSA1"));
    ingenic_test_end(&lab);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);

    qtest_add_func("/ingenic-lcdc/regs/reset-values", test_reset_values);
    qtest_add_func("/ingenic-lcdc/regs/state-write0-clear",
                   test_state_write0_clear);
    qtest_add_func("/ingenic-lcdc/timing/eof-after-one-frame",
                   test_eof_one_frame);
    qtest_add_func("/ingenic-lcdc/timing/pixel-clock-divider",
                   test_eof_pixel_clock);
    qtest_add_func("/ingenic-lcdc/irq/eof-level", test_irq_eof);
    qtest_add_func("/ingenic-lcdc/irq/descriptor-bits",
                   test_irq_descriptor_bits);
    qtest_add_func("/ingenic-lcdc/disable/ldd-at-frame-end",
                   test_disable_at_frame_end);
    qtest_add_func("/ingenic-lcdc/disable/when-stopped",
                   test_disable_when_stopped);
    qtest_add_func("/ingenic-lcdc/disable/quick", test_quick_disable);
    qtest_add_func("/ingenic-lcdc/enable/running-is-a-level",
                   test_running_is_a_level);
    qtest_add_func("/ingenic-lcdc/dma/refetch-every-frame",
                   test_refetch_every_frame);
    qtest_add_func("/ingenic-lcdc/dma/palette-c8", test_palette_c8);
    qtest_add_func("/ingenic-lcdc/dma/chained-frame", test_chained_frame);
    qtest_add_func("/ingenic-lcdc/dma/jz4780-desc8", test_jz4780_desc8);
    qtest_add_func("/ingenic-lcdc/osd/compose", test_compose);
    qtest_add_func("/ingenic-lcdc/osd/no-osd", test_no_osd);
    qtest_add_func("/ingenic-lcdc/osd/rgb888-odd-size", test_odd_size_rgb888);
    qtest_add_func("/ingenic-lcdc/osd/ipu-source-missing",
                   test_ipu_source_missing);
    for (unsigned plane = 0; plane < 2; plane++) {
        for (unsigned i = 0; i < ARRAY_SIZE(formats); i++) {
            FormatCase *fc;
            g_autofree char *name = NULL;

            if (plane == 1 && formats[i].bpp == INGENIC_LCDC_BPP_8) {
                continue;       /* F1 has no C8 */
            }
            fc = g_new(FormatCase, 1);
            fc->plane = plane;
            fc->fmt = &formats[i];
            name = g_strdup_printf("/ingenic-lcdc/format/f%u/%s", plane,
                                   formats[i].name);
            qtest_add_data_func_full(name, fc, test_format, g_free);
        }
    }
    qtest_add_func("/ingenic-lcdc/finding/gated-access",
                   test_finding_gated_access);
    qtest_add_func("/ingenic-lcdc/finding/gated-disable",
                   test_finding_gated_disable);
    qtest_add_func("/ingenic-lcdc/finding/strict-clock", test_strict_clock);
    qtest_add_func("/ingenic-lcdc/finding/active-at-reset",
                   test_finding_active_at_reset);
    qtest_add_func("/ingenic-lcdc/finding/active-at-poweroff",
                   test_finding_active_at_poweroff);
    qtest_add_func("/ingenic-lcdc/finding/none-on-host-quit",
                   test_no_finding_host_quit);
    qtest_add_func("/ingenic-lcdc/finding/dma-outside-ram",
                   test_finding_dma_outside_ram);
    qtest_add_func("/ingenic-lcdc/finding/malformed-chain/palette-loop",
                   test_finding_malformed_palette_loop);
    qtest_add_func("/ingenic-lcdc/finding/malformed-chain/short-len",
                   test_finding_malformed_short_len);
    qtest_add_func("/ingenic-lcdc/finding/readonly-write",
                   test_finding_readonly_write);

    return g_test_run();
}
