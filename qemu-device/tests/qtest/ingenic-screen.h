/*
 * Ingenic display qtests: the emulated screen through QMP screendump
 *
 * Shared by the LCDC and IPU tests: dump the console to a PPM, check its
 * header and hand out pixels as 0xRRGGBB.
 *
 * Copyright (c) 2026 ingenic-lab contributors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef INGENIC_SCREEN_H
#define INGENIC_SCREEN_H

#include "libqtest.h"
#include "qobject/qdict.h"

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
