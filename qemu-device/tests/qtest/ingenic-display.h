/*
 * Ingenic display qtests: common set-up, findings and the emulated screen
 *
 * Shared by the LCDC and IPU tests: a "-M jz4770" with a -D log in which
 * the device-side findings (trace events ingenic_<dev>_finding) land, the
 * CGU clocks and the small 16x8 mode both use, and the screen through QMP
 * screendump (a PPM, pixels handed out as 0xRRGGBB).
 *
 * Copyright (c) 2026 ingenic-lab contributors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef INGENIC_DISPLAY_H
#define INGENIC_DISPLAY_H

#include "libqtest.h"
#include "qobject/qdict.h"
#include "hw/display/ingenic_lcdc_regs.h"
#include "hw/misc/ingenic_cgu_regs.h"

#define INGENIC_TEST_LCDC       0x13050000
#define INGENIC_TEST_CGU        0x10000000

/* The mode: 16x8 visible, 20x10 total, 1 MHz pixel clock: 200 us a frame */
#define INGENIC_TEST_W          16
#define INGENIC_TEST_H          8
#define INGENIC_TEST_PCLK_DIV   432     /* PLL1 432 MHz / 432 = 1 MHz */
#define INGENIC_TEST_FRAME_NS   (20 * 10 * 1000)

typedef struct IngenicTest {
    QTestState *qts;
    char *log;
    char *finding;          /* "ingenic_<dev>_finding " */
} IngenicTest;

/* A fresh jz4770 machine whose -D log gets device @dev's findings */
static inline IngenicTest ingenic_test_start(const char *dev,
                                             const char *extra)
{
    IngenicTest t;
    int fd = g_file_open_tmp("ingenic-display-test-XXXXXX.log", &t.log, NULL);

    g_assert(fd >= 0);
    close(fd);
    t.finding = g_strdup_printf("ingenic_%s_finding ", dev);
    t.qts = qtest_initf("-M jz4770 -D %s -trace enable=ingenic_%s_finding %s",
                        t.log, dev, extra ? extra : "");
    return t;
}

/* INGENIC_TEST_KEEP_LOG=1 keeps the -D logs (e.g. with QTEST_TRACE) */
static inline void ingenic_test_drop_log(IngenicTest *t)
{
    if (g_getenv("INGENIC_TEST_KEEP_LOG")) {
        g_test_message("log kept: %s", t->log);
    } else {
        unlink(t->log);
    }
    g_free(t->log);
    g_free(t->finding);
}

static inline void ingenic_test_end(IngenicTest *t)
{
    qtest_quit(t->qts);
    ingenic_test_drop_log(t);
}

static inline char *ingenic_test_log(IngenicTest *t)
{
    char *text = NULL;

    g_assert(g_file_get_contents(t->log, &text, NULL, NULL));
    return text;
}

static inline bool ingenic_test_log_has(IngenicTest *t, const char *needle)
{
    g_autofree char *text = ingenic_test_log(t);

    return strstr(text, needle) != NULL;
}

/* The log has a finding "@kind: @detail..." */
static inline bool ingenic_test_has_finding(IngenicTest *t, const char *kind,
                                            const char *detail)
{
    g_autofree char *needle = g_strdup_printf("%s%s: %s", t->finding, kind,
                                              detail);

    return ingenic_test_log_has(t, needle);
}

/* The log has a finding of @kind, e.g. "ingenic_lcdc_finding gated-access: " */
static inline void ingenic_test_assert_finding(IngenicTest *t,
                                               const char *kind)
{
    g_autofree char *needle = g_strdup_printf("%s%s: ", t->finding, kind);
    g_autofree char *text = NULL;

    /* A shutdown notifier may write it a moment after the event */
    for (int i = 0; i < 50 && !ingenic_test_log_has(t, needle); i++) {
        g_usleep(20 * 1000);
    }
    text = ingenic_test_log(t);
    if (!strstr(text, needle)) {
        g_test_message("log: %s", text);
    }
    g_assert_nonnull(strstr(text, needle));
}

static inline void ingenic_test_assert_no_finding(IngenicTest *t)
{
    g_autofree char *text = ingenic_test_log(t);

    if (strstr(text, t->finding)) {
        g_test_message("log: %s", text);
    }
    g_assert_null(strstr(text, t->finding));
}

/* PLL1 = 12 MHz * 36 = 432 MHz, pixel clock PLL1 / @div, @gates opened */
static inline void ingenic_test_clocks(IngenicTest *t, uint32_t div,
                                       uint32_t gates)
{
    QTestState *qts = t->qts;
    uint32_t cgu = INGENIC_TEST_CGU;

    qtest_writel(qts, cgu + A_CGU_CPPCR1,
                 FIELD_DP32(R_CGU_CPPCR1_EN_MASK, CGU_CPPCR, M, 35));
    g_assert_cmphex(qtest_readl(qts, cgu + A_CGU_CPPCR1) &
                    R_CGU_CPPCR1_STABLE_MASK, ==, R_CGU_CPPCR1_STABLE_MASK);
    qtest_writel(qts, cgu + A_CGU_LPCDR,
                 FIELD_DP32(R_CGU_LPCDR_PLL1_MASK, CGU_LPCDR, DIV, div - 1));
    qtest_writel(qts, cgu + A_CGU_CLKGR0,
                 qtest_readl(qts, cgu + A_CGU_CLKGR0) & ~gates);
}

/* Stop (or start again) the clocks of CLKGR0 bits @gates */
static inline void ingenic_test_gate(IngenicTest *t, uint32_t gates,
                                     bool gated)
{
    uint32_t a = INGENIC_TEST_CGU + A_CGU_CLKGR0;
    uint32_t v = qtest_readl(t->qts, a);

    qtest_writel(t->qts, a, gated ? v | gates : v & ~gates);
}

/* The 16x8 mode, as ingenic_drm_crtc_update_timings would program it */
static inline void ingenic_test_mode_16x8(IngenicTest *t)
{
    uint32_t lcdc = INGENIC_TEST_LCDC;
    uint32_t ht = 20, vt = 10;

    qtest_writel(t->qts, lcdc + A_LCDC_VSYNC, 1);
    qtest_writel(t->qts, lcdc + A_LCDC_HSYNC, 2);
    qtest_writel(t->qts, lcdc + A_LCDC_VAT,
                 FIELD_DP32(0, LCDC_VAT, HT, ht) |
                 FIELD_DP32(0, LCDC_VAT, VT, vt));
    qtest_writel(t->qts, lcdc + A_LCDC_DAH,
                 FIELD_DP32(0, LCDC_DAH, HDS, 2) |
                 FIELD_DP32(0, LCDC_DAH, HDE, 2 + INGENIC_TEST_W));
    qtest_writel(t->qts, lcdc + A_LCDC_DAV,
                 FIELD_DP32(0, LCDC_DAV, VDS, 1) |
                 FIELD_DP32(0, LCDC_DAV, VDE, 1 + INGENIC_TEST_H));
    qtest_writel(t->qts, lcdc + A_LCDC_IPUR,
                 FIELD_DP32(R_LCDC_IPUR_IPUREN_MASK, LCDC_IPUR, TIME, ht / 3));
}

typedef struct IngenicScreen {
    int w, h;
    char *buf;              /* the whole PPM file, g_free() it */
    const uint8_t *rgb;     /* its pixels, 3 bytes each */
} IngenicScreen;

/*
 * Dump the screen into @scr. Returns false when QEMU cannot (built without
 * pixman, no console yet); the caller skips the rest of its case.
 */
static inline bool ingenic_screen_dump(QTestState *qts, IngenicScreen *scr)
{
    g_autofree char *path = NULL;
    int fd = g_file_open_tmp("ingenic-screen-XXXXXX.ppm", &path, NULL);
    QDict *resp;
    gsize len;
    int maxval, off = 0;

    g_assert(fd >= 0);
    close(fd);
    resp = qtest_qmp(qts, "{'execute': 'screendump',"
                     " 'arguments': {'filename': %s}}", path);
    if (qdict_haskey(resp, "error")) {
        QDict *err = qdict_get_qdict(resp, "error");
        g_test_message("screendump: %s", qdict_get_try_str(err, "desc"));
        qobject_unref(resp);
        unlink(path);
        return false;
    }
    qobject_unref(resp);
    g_assert(g_file_get_contents(path, &scr->buf, &len, NULL));
    unlink(path);
    g_assert_cmpint(sscanf(scr->buf, "P6 %d %d %d%n", &scr->w, &scr->h,
                           &maxval, &off), ==, 3);
    g_assert_cmpint(maxval, ==, 255);
    off++;      /* the single whitespace after maxval */
    g_assert_cmpuint(len, ==, off + (gsize)scr->w * scr->h * 3);
    scr->rgb = (const uint8_t *)scr->buf + off;
    return true;
}

static inline uint32_t ingenic_screen_px(const IngenicScreen *scr, int x, int y)
{
    const uint8_t *p = scr->rgb + (y * scr->w + x) * 3;

    return (uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 | p[2];
}

/* The screen is exactly @w x @h and equal to @expect (row-major 0xRRGGBB) */
static inline void ingenic_screen_assert(const IngenicScreen *scr, int w, int h,
                                         const uint32_t *expect)
{
    g_assert_cmpint(scr->w, ==, w);
    g_assert_cmpint(scr->h, ==, h);
    for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
            uint32_t got = ingenic_screen_px(scr, x, y);

            if (got != expect[y * w + x]) {
                g_test_message("pixel (%d,%d) = %06x, expected %06x", x, y,
                               got, expect[y * w + x]);
            }
            g_assert_cmphex(got, ==, expect[y * w + x]);
        }
    }
}

#endif
