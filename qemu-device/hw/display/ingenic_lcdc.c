/*
 * Ingenic JZ47xx LCD controller (LCDC), JZ4770 first
 *
 * What this models: the LCDC of the JZ4770 (and, through the "variant"
 * property, the JZ4780's 8-word descriptors and global alpha): the register
 * file ingenic-drm touches, the descriptor
 * DMA of foreground 0 and 1 (4- and 8-word descriptors, palette descriptors,
 * chains), the frame engine paced by the panel timing registers and the
 * pixel clock, the EOF/SOF/LDD/QD status bits and their interrupt enables,
 * OSD composition (background, F1, F0 on top) and scanout to a QEMU graphic
 * console.
 *
 * Hardware facts: docs/hardware/lcdc.md: what
 * drivers/gpu/drm/ingenic/ingenic-drm-drv.c of Linux 6.12 expects and what
 * Ingenic's own drivers show where it is silent (sections 2 registers, 3
 * descriptors, 4 enable/disable, 5 interrupts and flags, 6 pixel clock, 7
 * composition, 8 F1 fed by the IPU, 9 other SoCs). No programming manual is
 * available; section 10 lists what no source says.
 *
 * Choices made where those sources are silent:
 *  - Frame engine. The controller is "running" whenever CTRL.ENA=1 and
 *    CTRL.DIS=0 is observed, whatever the write edge (lcdc.md 4); it then
 *    runs frames of HT x VT pixel clocks (LCDVAT) on QEMU_CLOCK_VIRTUAL,
 *    never slower than the timing says and never faster than 10 kHz. The
 *    first frame starts at once. At each frame start every active channel
 *    walks its chain from DAn, re-reading the descriptors from guest memory
 *    (never cached); DAn then holds the NEXT of the last descriptor used,
 *    SAn/FIDn/CMDn (and the JZ4780 OFFS/PW/CNUM/DESSIZE) the last descriptor
 *    read. At frame end STATE.EOF is set if a frame descriptor of that frame
 *    had CMD bit 30 (SOF at frame start for CMD bit 31), LCDIID takes its
 *    FID. No descriptor (e.g. only F1 from the IPU) means no EOF (lcdc.md 3).
 *  - A frame of one foreground may be assembled from several frame
 *    descriptors (lcdc.md 3): the walk goes on until LEN covers the plane
 *    (width x height x bytes per pixel, packed lines), at most 8 frame and
 *    32 descriptors in all, at most 4 palette descriptors; reaching a frame
 *    descriptor twice in one frame ends the walk. Each overrun is a
 *    "malformed-chain" finding; missing data shows as black. LEN larger
 *    than the plane is truncated silently. The driver's LEN is rounded down
 *    to whole words, so up to 3 missing bytes are read past LEN silently.
 *  - Disable: DIS=1 while running completes at the end of the current frame
 *    (LDD, scanning stops), at once when not running. Clearing ENA while
 *    running stops at once and sets QD (lcdc.md 4). LDD/QD stay set until
 *    software clears them. LCDSTATE and LCDOSDS are write-0-to-clear:
 *    the new value is old AND written (lcdc.md 5); a 1 never sets a bit.
 *  - IRQ line = OR of (STATE bit n && CTRL bit n+8) for n = 0..5, (QD &&
 *    CTRL.QDM), and (OSDS & OSDC) for SOF/EOF of F0/F1 (lcdc.md 5), i.e.
 *    a level while (EOF && CTRL bit 13) for the driver.
 *  - Pixel clock ("pclk" Clock input, the CGU's "lcd-pclk"): while it is
 *    stopped no frame progresses (lcdc.md 6, an inference). Register access
 *    still works but is a "gated-access" finding. A disable that cannot
 *    complete because the clock is stopped is completed at once with a
 *    "gated-disable" finding (so the driver's endless LDD poll goes on),
 *    unless the "strict-clock" property is set: then nothing happens until
 *    the clock returns. A clock input with no source (no CGU wired) counts
 *    as running at 60 frames per second and is never reported.
 *  - The first frame after the clock returns starts at once.
 *  - Pixel formats follow the DRM fourcc each BPP code stands for in the
 *    driver: BPP 3 = C8 (palette of RGB565), 4 = RGB565 or XRGB1555 (CTRL
 *    bit 27 / OSDCTRL bit 4), 5 = XRGB8888, 6 = RGB888 packed (bytes B,G,R
 *    in memory), 7 = XRGB2101010. 5/6 bit components are widened by
 *    replicating their top bits, 10 bit ones keep their top 8 bits.
 *    BPP 0..2 (1/2/4 bpp, not used by the driver) are not modelled: the
 *    layer is not shown. C8 on F1 is not supported by the hardware (lcdc.md
 *    7) and not shown.
 *  - OSD (LCDOSDC.OSDEN): BGC fills the display area
 *    (reset 0, black), F1 at XYP1/SIZE1 over it, F0 at XYP0/SIZE0 on top,
 *    clipped to the display area (HDE-HDS x VDE-VDS). Without OSD only
 *    channel 0 is shown and covers the display area. Colour keys and JZ4770
 *    alpha are not modelled (LOG_UNIMP); JZ4780 global alpha (OSDC.ALPHAEN
 *    with DESSIZE[31:24] of the 8-word descriptor) is.
 *  - JZ4780 with LCDCFG bit 28: 8-word descriptors, the foreground size
 *    comes from DESSIZE and its BPP/RGB555 from CPOS (the driver updates
 *    only the descriptor on a format change without modeset).
 *  - Frame data or descriptors outside RAM (or a failed read): the
 *    descriptor walk of that channel stops, the layer is not shown, and a
 *    "dma-outside-ram" finding is emitted.
 *  - OSDCTRL.CHANGE is cleared at the next frame start (at once when not
 *    running); OSDS.READY always reads 1 (lcdc.md 7).
 *  - Reset values: all registers 0 (none known, lcdc.md 2).
 *  - The display shows black once scanning stops, and the QEMU placeholder
 *    until the first mode is scanned out.
 *  - Findings: "active-at-reset" when a system reset hits a running
 *    controller; "active-at-poweroff" when the guest powers the machine off
 *    (or resets it under -no-reboot) while it is running; host-initiated
 *    shutdowns (signals, QMP quit) are not reported.
 *  - Findings are trace events (ingenic_lcdc_finding "KIND: DETAIL"). A
 *    walk finding that the next frame's walk would repeat word for word is
 *    not repeated: a chain that stays wrong is one finding.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/log.h"
#include "qemu/module.h"
#include "qemu/units.h"
#include "qapi/error.h"
#include "qapi/util.h"
#include "qapi/qapi-types-run-state.h"
#include "hw/sysbus.h"
#include "hw/irq.h"
#include "hw/registerfields.h"
#include "hw/qdev-clock.h"
#include "hw/qdev-properties.h"
#include "hw/display/ingenic_lcdc.h"
#include "hw/display/ingenic_lcdc_regs.h"
#include "migration/vmstate.h"
#include "system/runstate.h"
#include "ui/console.h"
#include "framebuffer.h"
#include "trace.h"

/*
 * A device-side finding: trace event ingenic_lcdc_finding "KIND: DETAIL",
 * the detail formatted only when the event is enabled.
 */
#define lcdc_finding(kind, ...)                                         \
    do {                                                                \
        if (trace_event_get_state_backends(TRACE_INGENIC_LCDC_FINDING)) { \
            g_autofree char *detail_ = g_strdup_printf(__VA_ARGS__);   \
            trace_ingenic_lcdc_finding(kind, detail_);                  \
        }                                                               \
    } while (0)

/* LCDSTATE bits that exist */
#define STATE_VALID             0xbf
/* LCDOSDS flags, at the same positions as their LCDOSDC enables */
#define OSDS_FLAGS  (R_LCDC_OSDS_SOF1_MASK | R_LCDC_OSDS_EOF1_MASK | \
                     R_LCDC_OSDS_SOF0_MASK | R_LCDC_OSDS_EOF0_MASK)
/* JZ4770 LCDOSDC: bits 5..9 read 0 */
#define OSDC_MASK_JZ4770        0xcc1f

/* Bounds of one channel's descriptor walk in one frame */
#define LCDC_MAX_HOPS           32
#define LCDC_MAX_PAL_HOPS       4
#define LCDC_MIN_FRAME_NS       (100 * SCALE_US)

enum {
    LCDC_FMT_NONE,
    LCDC_FMT_C8,
    LCDC_FMT_XRGB1555,
    LCDC_FMT_RGB565,
    LCDC_FMT_XRGB8888,
    LCDC_FMT_RGB888,
    LCDC_FMT_XRGB2101010,
    LCDC_FMT_IPU,
    LCDC_FMT_COUNT
};

static const uint8_t lcdc_fmt_bytes[LCDC_FMT_COUNT] = {
    [LCDC_FMT_C8] = 1,
    [LCDC_FMT_XRGB1555] = 2,
    [LCDC_FMT_RGB565] = 2,
    [LCDC_FMT_XRGB8888] = 4,
    [LCDC_FMT_RGB888] = 3,
    [LCDC_FMT_XRGB2101010] = 4,
    [LCDC_FMT_IPU] = 4,
};

static const char *const lcdc_fmt_names[LCDC_FMT_COUNT] = {
    [LCDC_FMT_NONE] = "none",
    [LCDC_FMT_C8] = "C8",
    [LCDC_FMT_XRGB1555] = "XRGB1555",
    [LCDC_FMT_RGB565] = "RGB565",
    [LCDC_FMT_XRGB8888] = "XRGB8888",
    [LCDC_FMT_RGB888] = "RGB888",
    [LCDC_FMT_XRGB2101010] = "XRGB2101010",
    [LCDC_FMT_IPU] = "IPU",
};

enum {
    LCDC_DRAW_NONE,
    LCDC_DRAW_BLANK,
    LCDC_DRAW_FAST,
    LCDC_DRAW_COMPOSE,
};

static const QEnumLookup lcdc_variant_lookup = {
    .array = (const char *const[]) {
        [INGENIC_LCDC_JZ4770] = "jz4770",
        [INGENIC_LCDC_JZ4780] = "jz4780",
    },
    .size = INGENIC_LCDC_VARIANT__MAX,
};

static const char *const lcdc_reg_names[INGENIC_LCDC_NUM_REGS] = {
    [R_LCDC_CFG] = "LCDCFG", [R_LCDC_VSYNC] = "LCDVSYNC",
    [R_LCDC_HSYNC] = "LCDHSYNC", [R_LCDC_VAT] = "LCDVAT",
    [R_LCDC_DAH] = "LCDDAH", [R_LCDC_DAV] = "LCDDAV", [R_LCDC_PS] = "LCDPS",
    [R_LCDC_CLS] = "LCDCLS", [R_LCDC_SPL] = "LCDSPL", [R_LCDC_REV] = "LCDREV",
    [R_LCDC_CTRL] = "LCDCTRL", [R_LCDC_STATE] = "LCDSTATE",
    [R_LCDC_IID] = "LCDIID", [R_LCDC_DA0] = "LCDDA0", [R_LCDC_SA0] = "LCDSA0",
    [R_LCDC_FID0] = "LCDFID0", [R_LCDC_CMD0] = "LCDCMD0",
    [R_LCDC_DA1] = "LCDDA1", [R_LCDC_SA1] = "LCDSA1",
    [R_LCDC_FID1] = "LCDFID1", [R_LCDC_CMD1] = "LCDCMD1",
    [R_LCDC_OFFS0] = "LCDOFFS0", [R_LCDC_PW0] = "LCDPW0",
    [R_LCDC_CNUM0] = "LCDCNUM0", [R_LCDC_DESSIZE0] = "LCDDESSIZE0",
    [R_LCDC_OFFS1] = "LCDOFFS1", [R_LCDC_PW1] = "LCDPW1",
    [R_LCDC_CNUM1] = "LCDCNUM1", [R_LCDC_DESSIZE1] = "LCDDESSIZE1",
    [R_LCDC_RGBC] = "LCDRGBC", [R_LCDC_OSDC] = "LCDOSDC",
    [R_LCDC_OSDCTRL] = "LCDOSDCTRL", [R_LCDC_OSDS] = "LCDOSDS",
    [R_LCDC_BGC] = "LCDBGC", [R_LCDC_KEY0] = "LCDKEY0",
    [R_LCDC_KEY1] = "LCDKEY1", [R_LCDC_ALPHA] = "LCDALPHA",
    [R_LCDC_IPUR] = "LCDIPUR", [R_LCDC_XYP0] = "LCDXYP0",
    [R_LCDC_XYP1] = "LCDXYP1", [R_LCDC_SIZE0] = "LCDSIZE0",
    [R_LCDC_SIZE1] = "LCDSIZE1",
};

/* ------------------------------------------------------------------------ */
/* Helpers                                                                   */

static bool lcdc_osd_mode(IngenicLCDCState *s)
{
    return s->regs[R_LCDC_OSDC] & R_LCDC_OSDC_OSDEN_MASK;
}

static bool lcdc_ext_desc(IngenicLCDCState *s)
{
    return s->variant == INGENIC_LCDC_JZ4780 &&
           (s->regs[R_LCDC_CFG] & R_LCDC_CFG_NEWDES_MASK);
}

/* Register name for @offset on this variant, NULL if there is none */
static const char *lcdc_reg_name(IngenicLCDCState *s, hwaddr offset)
{
    unsigned idx = offset >> 2;

    if ((offset & 3) || idx >= INGENIC_LCDC_NUM_REGS || !lcdc_reg_names[idx]) {
        return NULL;
    }
    if (offset >= A_LCDC_OFFS0 && offset <= A_LCDC_DESSIZE1 &&
        s->variant != INGENIC_LCDC_JZ4780) {
        return NULL;
    }
    return lcdc_reg_names[idx];
}

static bool lcdc_reg_readonly(hwaddr offset)
{
    switch (offset) {
    case A_LCDC_IID:
    case A_LCDC_SA0: case A_LCDC_FID0: case A_LCDC_CMD0:
    case A_LCDC_SA1: case A_LCDC_FID1: case A_LCDC_CMD1:
    case A_LCDC_OFFS0 ... A_LCDC_DESSIZE1:
        return true;
    default:
        return false;
    }
}

/* The pixel clock is wired and stopped (gated, or its PLL is off) */
static bool lcdc_clock_gated(IngenicLCDCState *s)
{
    return clock_has_source(s->pclk) && !clock_is_enabled(s->pclk);
}

static bool lcdc_timing_valid(IngenicLCDCState *s)
{
    return FIELD_EX32(s->regs[R_LCDC_VAT], LCDC_VAT, HT) &&
           FIELD_EX32(s->regs[R_LCDC_VAT], LCDC_VAT, VT);
}

static bool lcdc_can_tick(IngenicLCDCState *s)
{
    return !lcdc_clock_gated(s) && lcdc_timing_valid(s);
}

static int64_t lcdc_frame_period_ns(IngenicLCDCState *s)
{
    uint64_t ticks = (uint64_t)FIELD_EX32(s->regs[R_LCDC_VAT], LCDC_VAT, HT) *
                     FIELD_EX32(s->regs[R_LCDC_VAT], LCDC_VAT, VT);
    int64_t ns;

    if (clock_has_source(s->pclk)) {
        ns = clock_ticks_to_ns(s->pclk, ticks);
    } else {
        ns = NANOSECONDS_PER_SECOND / 60;
    }
    return MAX(ns, LCDC_MIN_FRAME_NS);
}

static void lcdc_display_area(IngenicLCDCState *s, uint32_t *w, uint32_t *h)
{
    uint32_t hds = FIELD_EX32(s->regs[R_LCDC_DAH], LCDC_DAH, HDS);
    uint32_t hde = FIELD_EX32(s->regs[R_LCDC_DAH], LCDC_DAH, HDE);
    uint32_t vds = FIELD_EX32(s->regs[R_LCDC_DAV], LCDC_DAV, VDS);
    uint32_t vde = FIELD_EX32(s->regs[R_LCDC_DAV], LCDC_DAV, VDE);

    *w = *h = 0;
    if (hde <= hds || vde <= vds) {
        return;
    }
    if (hde - hds > INGENIC_LCDC_MAX_DIM || vde - vds > INGENIC_LCDC_MAX_DIM) {
        qemu_log_mask(LOG_GUEST_ERROR, "%s: display area %ux%u too large\n",
                      __func__, hde - hds, vde - vds);
        return;
    }
    *w = hde - hds;
    *h = vde - vds;
}

static void lcdc_update_irq(IngenicLCDCState *s)
{
    uint32_t ctrl = s->regs[R_LCDC_CTRL];
    uint32_t state = s->regs[R_LCDC_STATE];
    int level;

    level = (state & 0x3f & (ctrl >> R_LCDC_CTRL_IRQ_EN_SHIFT)) ||
            ((state & R_LCDC_STATE_QD_MASK) && (ctrl & R_LCDC_CTRL_QDM_MASK));
    level |= !!(s->regs[R_LCDC_OSDS] & s->regs[R_LCDC_OSDC] & OSDS_FLAGS);
    if (level != s->irq_level) {
        trace_ingenic_lcdc_irq(level);
        s->irq_level = level;
    }
    qemu_set_irq(s->irq, level);
}

/* True if [addr, addr + len) is RAM reachable through dma-mr */
static bool lcdc_dma_is_ram(IngenicLCDCState *s, hwaddr addr, hwaddr len)
{
    MemoryRegionSection sec;
    bool ok;

    if (!len) {
        return true;
    }
    sec = memory_region_find(s->dma_mr, addr, len);
    ok = sec.mr && memory_region_is_ram(sec.mr) &&
         int128_ge(sec.size, int128_make64(len));
    if (sec.mr) {
        memory_region_unref(sec.mr);
    }
    return ok;
}

static bool lcdc_dma_read(IngenicLCDCState *s, hwaddr addr, void *buf,
                          hwaddr len)
{
    MemTxResult r;

    if (!lcdc_dma_is_ram(s, addr, len)) {
        return false;
    }
    r = address_space_read(&s->dma_as, addr, MEMTXATTRS_UNSPECIFIED, buf, len);
    return r == MEMTX_OK;
}

/* Log an unmodelled feature / guest mistake once per reset */
static bool lcdc_once(IngenicLCDCState *s, uint32_t bit)
{
    bool first = !(s->log_once & bit);

    s->log_once |= bit;
    return first;
}

/*
 * A finding of channel @ch's descriptor walk. The walk is repeated every
 * frame: the same finding as in the walk before is not repeated.
 */
static void G_GNUC_PRINTF(4, 5)
lcdc_walk_finding(IngenicLCDCState *s, unsigned ch, const char *kind,
                  const char *fmt, ...)
{
    g_autofree char *detail = NULL, *line = NULL;
    va_list ap;

    s->walk_failed[ch] = true;
    if (!trace_event_get_state_backends(TRACE_INGENIC_LCDC_FINDING)) {
        return;
    }
    va_start(ap, fmt);
    detail = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    line = g_strdup_printf("%s: %s", kind, detail);
    if (!g_strcmp0(s->walk_last[ch], line)) {
        return;
    }
    g_free(s->walk_last[ch]);
    s->walk_last[ch] = g_steal_pointer(&line);
    trace_ingenic_lcdc_finding(kind, detail);
}

/* Forget channel @ch's last walk finding: a new chain, or one that works */
static void lcdc_walk_ok(IngenicLCDCState *s, unsigned ch)
{
    g_free(s->walk_last[ch]);
    s->walk_last[ch] = NULL;
}

#define ONCE_F1_C8          (1u << 0)
#define ONCE_ALPHA          (1u << 1)
#define ONCE_KEYS           (1u << 2)
#define ONCE_PIXEL_ALPHA    (1u << 3)
#define ONCE_ENDIAN         (1u << 4)
#define ONCE_BPP(ch)        (1u << (8 + (ch)))

static uint32_t lcdc_decode_bpp(IngenicLCDCState *s, unsigned ch,
                                uint32_t bpp, bool rgb555)
{
    switch (bpp) {
    case 3:
        if (ch == 1) {
            if (lcdc_once(s, ONCE_F1_C8)) {
                qemu_log_mask(LOG_GUEST_ERROR,
                              "ingenic-lcdc: F1 cannot show 8 bpp (C8)\n");
            }
            return LCDC_FMT_NONE;
        }
        return LCDC_FMT_C8;
    case 4:
        return rgb555 ? LCDC_FMT_XRGB1555 : LCDC_FMT_RGB565;
    case 5:
        return LCDC_FMT_XRGB8888;
    case 6:
        return LCDC_FMT_RGB888;
    case 7:
        return LCDC_FMT_XRGB2101010;
    default:
        if (lcdc_once(s, ONCE_BPP(ch))) {
            qemu_log_mask(LOG_UNIMP, "ingenic-lcdc: %u bpp (BPP code %u) on "
                          "channel %u not modelled\n", 1u << bpp, bpp, ch);
        }
        return LCDC_FMT_NONE;
    }
}

static inline uint32_t lcdc_expand5(uint32_t v)
{
    return (v << 3) | (v >> 2);
}

static inline uint32_t lcdc_expand6(uint32_t v)
{
    return (v << 2) | (v >> 4);
}

static inline uint32_t lcdc_rgb565(uint32_t v)
{
    return lcdc_expand5((v >> 11) & 0x1f) << 16 |
           lcdc_expand6((v >> 5) & 0x3f) << 8 |
           lcdc_expand5(v & 0x1f);
}

static inline uint32_t lcdc_xrgb1555(uint32_t v)
{
    return lcdc_expand5((v >> 10) & 0x1f) << 16 |
           lcdc_expand5((v >> 5) & 0x1f) << 8 |
           lcdc_expand5(v & 0x1f);
}

/* ------------------------------------------------------------------------ */
/* Line drawing: source line in a guest format -> XRGB8888 pixels           */

static void lcdc_draw_c8(void *opaque, uint8_t *d, const uint8_t *src,
                         int width, int deststep)
{
    IngenicLCDCState *s = opaque;
    uint32_t *dst = (uint32_t *)d;

    for (int i = 0; i < width; i++) {
        dst[i] = s->palette32[src[i]];
    }
}

static void lcdc_draw_xrgb1555(void *opaque, uint8_t *d, const uint8_t *src,
                               int width, int deststep)
{
    uint32_t *dst = (uint32_t *)d;

    for (int i = 0; i < width; i++) {
        dst[i] = lcdc_xrgb1555(lduw_le_p(src + 2 * i));
    }
}

static void lcdc_draw_rgb565(void *opaque, uint8_t *d, const uint8_t *src,
                             int width, int deststep)
{
    uint32_t *dst = (uint32_t *)d;

    for (int i = 0; i < width; i++) {
        dst[i] = lcdc_rgb565(lduw_le_p(src + 2 * i));
    }
}

static void lcdc_draw_xrgb8888(void *opaque, uint8_t *d, const uint8_t *src,
                               int width, int deststep)
{
    uint32_t *dst = (uint32_t *)d;

    for (int i = 0; i < width; i++) {
        dst[i] = ldl_le_p(src + 4 * i) & 0xffffff;
    }
}

static void lcdc_draw_rgb888(void *opaque, uint8_t *d, const uint8_t *src,
                             int width, int deststep)
{
    uint32_t *dst = (uint32_t *)d;

    for (int i = 0; i < width; i++) {
        const uint8_t *p = src + 3 * i;
        dst[i] = (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
    }
}

static void lcdc_draw_xrgb2101010(void *opaque, uint8_t *d,
                                  const uint8_t *src, int width, int deststep)
{
    uint32_t *dst = (uint32_t *)d;

    for (int i = 0; i < width; i++) {
        uint32_t v = ldl_le_p(src + 4 * i);
        dst[i] = ((v >> 22) & 0xff) << 16 | ((v >> 12) & 0xff) << 8 |
                 ((v >> 2) & 0xff);
    }
}

static const drawfn lcdc_drawfn[LCDC_FMT_COUNT] = {
    [LCDC_FMT_C8] = lcdc_draw_c8,
    [LCDC_FMT_XRGB1555] = lcdc_draw_xrgb1555,
    [LCDC_FMT_RGB565] = lcdc_draw_rgb565,
    [LCDC_FMT_XRGB8888] = lcdc_draw_xrgb8888,
    [LCDC_FMT_RGB888] = lcdc_draw_rgb888,
    [LCDC_FMT_XRGB2101010] = lcdc_draw_xrgb2101010,
};

/* ------------------------------------------------------------------------ */
/* Descriptor DMA                                                            */

static void lcdc_load_palette(IngenicLCDCState *s, unsigned ch, uint32_t sa,
                              uint32_t len_words)
{
    uint16_t pal[256];
    uint32_t bytes = MIN(len_words, 128u) * 4;
    unsigned n = bytes / 2;

    if (len_words > 128) {
        qemu_log_mask(LOG_GUEST_ERROR, "ingenic-lcdc: palette descriptor "
                      "LEN %u words > 128, loading 256 entries\n", len_words);
    }
    if (!bytes) {
        return;
    }
    if (!lcdc_dma_read(s, sa, pal, bytes)) {
        lcdc_walk_finding(s, ch, "dma-outside-ram", "ch%u palette fetch "
                          "0x%08x+0x%x is not RAM or failed", ch, sa, bytes);
        return;
    }
    for (unsigned i = 0; i < n; i++) {
        uint16_t v = le16_to_cpu(pal[i]);
        if (v != s->palette[i]) {
            s->palette[i] = v;
            s->palette32[i] = lcdc_rgb565(v);
            s->palette_gen++;
        }
    }
}

/*
 * One channel's descriptor walk in one frame, from DAn: palettes are
 * loaded on the way, the frame descriptors feeding the foreground become
 * the layer's segments.
 */
typedef struct LCDCWalk {
    unsigned ch;
    bool osd;                   /* OSD mode: the plane's geometry from SIZEn */
    bool ext;                   /* JZ4780 8-word descriptors */
    uint32_t addr;              /* the next descriptor */
    uint32_t d[INGENIC_LCDC_DESC_WORDS_EXT];    /* the one read last */
    uint32_t visited[INGENIC_LCDC_MAX_SEGS];
    unsigned hops, pal_hops, nframes;
    uint64_t need, got;         /* bytes the plane needs, bytes LEN gave */
    uint32_t fmt, w, h, alpha;
} LCDCWalk;

/* Read the descriptor at w->addr into w->d and its shadow registers */
static bool lcdc_read_desc(IngenicLCDCState *s, LCDCWalk *w)
{
    const unsigned nwords = w->ext ? INGENIC_LCDC_DESC_WORDS_EXT
                                   : INGENIC_LCDC_DESC_WORDS;
    uint32_t *d = w->d;

    if (!lcdc_dma_read(s, w->addr, d, nwords * 4)) {
        lcdc_walk_finding(s, w->ch, "dma-outside-ram", "ch%u descriptor fetch "
                          "at 0x%08x is not RAM or failed", w->ch, w->addr);
        return false;
    }
    for (unsigned i = 0; i < nwords; i++) {
        d[i] = le32_to_cpu(d[i]);
    }
    trace_ingenic_lcdc_desc(w->ch, w->addr, d[R_LCDC_DESC_NEXT],
                            d[R_LCDC_DESC_SA], d[R_LCDC_DESC_FID],
                            d[R_LCDC_DESC_CMD]);
    s->regs[w->ch ? R_LCDC_SA1 : R_LCDC_SA0] = d[R_LCDC_DESC_SA];
    s->regs[w->ch ? R_LCDC_FID1 : R_LCDC_FID0] = d[R_LCDC_DESC_FID];
    s->regs[w->ch ? R_LCDC_CMD1 : R_LCDC_CMD0] = d[R_LCDC_DESC_CMD];
    if (w->ext) {
        for (unsigned i = 0; i < 4; i++) {
            s->regs[(w->ch ? R_LCDC_OFFS1 : R_LCDC_OFFS0) + i] =
                d[R_LCDC_DESC_OFFS + i];
        }
    }
    return true;
}

/* A palette descriptor: load it and go on with NEXT (false: give up) */
static bool lcdc_walk_palette(IngenicLCDCState *s, LCDCWalk *w)
{
    if (++w->pal_hops > LCDC_MAX_PAL_HOPS) {
        lcdc_walk_finding(s, w->ch, "malformed-chain", "ch%u: more than %u "
                          "palette descriptors in one frame (at 0x%08x; a "
                          "loop without a frame descriptor?)", w->ch,
                          LCDC_MAX_PAL_HOPS, w->addr);
        return false;
    }
    lcdc_load_palette(s, w->ch, w->d[R_LCDC_DESC_SA],
                      FIELD_EX32(w->d[R_LCDC_DESC_CMD], LCDC_DESC_CMD, LEN));
    w->addr = w->d[R_LCDC_DESC_NEXT];
    return true;
}

/* JZ4780 global alpha of an 8-word descriptor's plane (255 = opaque) */
static uint32_t lcdc_global_alpha(IngenicLCDCState *s, unsigned ch,
                                  uint32_t dessize)
{
    uint32_t osdc = s->regs[R_LCDC_OSDC];

    if (!(osdc & R_LCDC_OSDC_ALPHAEN_MASK)) {
        return 255;
    }
    if (osdc & (ch ? R_LCDC_OSDC_ALPHAMD1_MASK : R_LCDC_OSDC_ALPHAMD_MASK)) {
        if (lcdc_once(s, ONCE_PIXEL_ALPHA)) {
            qemu_log_mask(LOG_UNIMP, "ingenic-lcdc: per-pixel alpha not "
                          "modelled\n");
        }
        return 255;
    }
    return FIELD_EX32(dessize, LCDC_DESC_DESSIZE, ALPHA);
}

/* The plane's format and size, from the first frame descriptor */
static void lcdc_walk_geometry(IngenicLCDCState *s, LCDCWalk *w)
{
    uint32_t osdctrl = s->regs[R_LCDC_OSDCTRL], ctrl = s->regs[R_LCDC_CTRL];
    bool f1 = w->ch && w->osd;
    uint32_t bpp = f1 ? FIELD_EX32(osdctrl, LCDC_OSDCTRL, BPP)
                      : FIELD_EX32(ctrl, LCDC_CTRL, BPP);
    bool rgb555 = f1 ? FIELD_EX32(osdctrl, LCDC_OSDCTRL, RGB555)
                     : FIELD_EX32(ctrl, LCDC_CTRL, RGB555);
    uint32_t dessize = w->d[R_LCDC_DESC_DESSIZE];
    uint32_t size = s->regs[w->ch ? R_LCDC_SIZE1 : R_LCDC_SIZE0];

    if (w->ext) {
        bpp = FIELD_EX32(w->d[R_LCDC_DESC_CPOS], LCDC_DESC_CPOS, BPP);
        rgb555 = FIELD_EX32(w->d[R_LCDC_DESC_CPOS], LCDC_DESC_CPOS, RGB555);
    }
    w->fmt = lcdc_decode_bpp(s, w->ch, bpp, rgb555);
    if (!w->osd) {
        lcdc_display_area(s, &w->w, &w->h);
    } else if (w->ext) {
        w->w = FIELD_EX32(dessize, LCDC_DESC_DESSIZE, W) + 1;
        w->h = FIELD_EX32(dessize, LCDC_DESC_DESSIZE, H) + 1;
        w->alpha = lcdc_global_alpha(s, w->ch, dessize);
    } else {
        w->w = FIELD_EX32(size, LCDC_SIZE, W);
        w->h = FIELD_EX32(size, LCDC_SIZE, H);
    }
    w->need = (uint64_t)w->w * w->h * lcdc_fmt_bytes[w->fmt];
}

/*
 * A frame descriptor: its LEN words from SA become the next segment of
 * the layer. False: the walk ends here.
 */
static bool lcdc_walk_frame(IngenicLCDCState *s, LCDCWalk *w,
                            IngenicLCDCLayer *l)
{
    uint32_t cmd = w->d[R_LCDC_DESC_CMD];
    uint32_t len = FIELD_EX32(cmd, LCDC_DESC_CMD, LEN);

    for (unsigned i = 0; i < w->nframes; i++) {
        if (w->visited[i] == w->addr) {
            lcdc_walk_finding(s, w->ch, "malformed-chain", "ch%u: frame "
                              "descriptor 0x%08x reached again in one frame: "
                              "LEN gives %" PRIu64 " words, the %ux%u %s plane "
                              "needs %" PRIu64, w->ch, w->addr, w->got / 4,
                              w->w, w->h, lcdc_fmt_names[w->fmt], w->need / 4);
            return false;
        }
    }
    if (!w->nframes) {
        lcdc_walk_geometry(s, w);
    }
    w->visited[w->nframes] = w->addr;
    l->seg[w->nframes].addr = w->d[R_LCDC_DESC_SA];
    l->seg[w->nframes].len = len * 4;
    w->nframes++;
    w->got += (uint64_t)len * 4;
    if (cmd & R_LCDC_DESC_CMD_EOFINT_MASK) {
        s->frame_events |= R_LCDC_STATE_EOF_MASK;
        s->frame_iid = w->d[R_LCDC_DESC_FID];
    }
    if (cmd & R_LCDC_DESC_CMD_SOFINT_MASK) {
        s->regs[R_LCDC_STATE] |= R_LCDC_STATE_SOF_MASK;
        s->regs[R_LCDC_IID] = w->d[R_LCDC_DESC_FID];
    }
    if (w->osd) {
        s->frame_events |= w->ch ? R_LCDC_OSDS_EOF1_MASK
                                 : R_LCDC_OSDS_EOF0_MASK;
        s->regs[R_LCDC_OSDS] |= w->ch ? R_LCDC_OSDS_SOF1_MASK
                                      : R_LCDC_OSDS_SOF0_MASK;
    }
    w->addr = w->d[R_LCDC_DESC_NEXT];
    if (w->nframes == INGENIC_LCDC_MAX_SEGS && w->got < (w->need & ~3ull)) {
        lcdc_walk_finding(s, w->ch, "malformed-chain", "ch%u: %u frame "
                          "descriptors give %" PRIu64 " of the %" PRIu64
                          " words the %ux%u %s plane needs", w->ch, w->nframes,
                          w->got / 4, w->need / 4, w->w, w->h,
                          lcdc_fmt_names[w->fmt]);
        return false;
    }
    return true;
}

/* The walk is over: describe the layer, or hide it (false) */
static bool lcdc_walk_layer(IngenicLCDCState *s, LCDCWalk *w,
                            IngenicLCDCLayer *l)
{
    uint64_t got = 0;

    if (!w->nframes || w->fmt == LCDC_FMT_NONE || !w->w || !w->h) {
        return false;
    }
    /* Read the last (< 4) bytes a word-rounded LEN leaves out */
    if (w->got < w->need && w->need - w->got < 4) {
        l->seg[w->nframes - 1].len += w->need - w->got;
    }
    /* Every byte the plane uses must be RAM */
    for (unsigned i = 0; i < w->nframes && got < w->need; i++) {
        uint32_t use = MIN(l->seg[i].len, w->need - got);

        if (!lcdc_dma_is_ram(s, l->seg[i].addr, use)) {
            lcdc_walk_finding(s, w->ch, "dma-outside-ram", "ch%u frame data "
                              "0x%08x+0x%x (FID0x%02x) is not RAM", w->ch,
                              l->seg[i].addr, use,
                              s->regs[w->ch ? R_LCDC_FID1 : R_LCDC_FID0]);
            return false;
        }
        got += use;
    }
    l->fmt = w->fmt;
    l->x = w->osd ? FIELD_EX32(s->regs[w->ch ? R_LCDC_XYP1 : R_LCDC_XYP0],
                               LCDC_XYP, X) : 0;
    l->y = w->osd ? FIELD_EX32(s->regs[w->ch ? R_LCDC_XYP1 : R_LCDC_XYP0],
                               LCDC_XYP, Y) : 0;
    l->w = w->w;
    l->h = w->h;
    l->stride = w->w * lcdc_fmt_bytes[w->fmt];
    l->alpha = w->alpha;
    return true;
}

/* Walk channel @ch's chain for one frame and describe its layer in @l */
static void lcdc_fetch_channel(IngenicLCDCState *s, unsigned ch,
                               IngenicLCDCLayer *l, bool osd)
{
    const unsigned da = ch ? R_LCDC_DA1 : R_LCDC_DA0;
    LCDCWalk w = {
        .ch = ch, .osd = osd, .ext = lcdc_ext_desc(s), .addr = s->regs[da],
        .fmt = LCDC_FMT_NONE, .alpha = 255,
    };
    bool ok = true;

    s->walk_failed[ch] = false;
    for (;;) {
        /* Whole words: the driver's LEN is w * h * cpp / 4 rounded down */
        if (w.nframes && w.got >= (w.need & ~3ull)) {
            break;
        }
        if (w.hops++ >= LCDC_MAX_HOPS) {
            lcdc_walk_finding(s, ch, "malformed-chain", "ch%u: %u descriptors "
                              "from DA%u=0x%08x give no complete frame (%"
                              PRIu64 " of %" PRIu64 " bytes)", ch,
                              LCDC_MAX_HOPS, ch, s->regs[da], w.got, w.need);
            break;
        }
        if (!lcdc_read_desc(s, &w)) {
            ok = false;
            break;
        }
        if (w.d[R_LCDC_DESC_CMD] & R_LCDC_DESC_CMD_PAL_MASK ?
            !lcdc_walk_palette(s, &w) : !lcdc_walk_frame(s, &w, l)) {
            break;
        }
    }
    s->regs[da] = w.addr;
    l->nsegs = w.nframes;
    if (!ok || !lcdc_walk_layer(s, &w, l)) {
        l->fmt = LCDC_FMT_NONE;
    }
    if (!s->walk_failed[ch]) {
        lcdc_walk_ok(s, ch);
    }
}

static bool lcdc_f1_from_ipu(IngenicLCDCState *s)
{
    return lcdc_osd_mode(s) && (s->regs[R_LCDC_OSDC] & R_LCDC_OSDC_F1EN_MASK) &&
           (s->regs[R_LCDC_OSDCTRL] & R_LCDC_OSDCTRL_IPU_MASK);
}

/* Frame start: fetch what every active channel shows in this frame */
static void lcdc_fetch_frame(IngenicLCDCState *s)
{
    IngenicLCDCScan *sc = &s->scan;
    bool osd = lcdc_osd_mode(s);

    memset(sc, 0, sizeof(*sc));
    lcdc_display_area(s, &sc->disp_w, &sc->disp_h);
    sc->bgc = osd ? s->regs[R_LCDC_BGC] & 0xffffff : 0;

    if (osd) {
        if (s->regs[R_LCDC_OSDC] & R_LCDC_OSDC_F1EN_MASK) {
            if (s->regs[R_LCDC_OSDCTRL] & R_LCDC_OSDCTRL_IPU_MASK) {
                IngenicLCDCLayer *l = &sc->layer[1];
                l->fmt = LCDC_FMT_IPU;
                l->x = FIELD_EX32(s->regs[R_LCDC_XYP1], LCDC_XYP, X);
                l->y = FIELD_EX32(s->regs[R_LCDC_XYP1], LCDC_XYP, Y);
                l->w = FIELD_EX32(s->regs[R_LCDC_SIZE1], LCDC_SIZE, W);
                l->h = FIELD_EX32(s->regs[R_LCDC_SIZE1], LCDC_SIZE, H);
                l->stride = l->w * 4;
                l->alpha = 255;
            } else {
                lcdc_fetch_channel(s, 1, &sc->layer[1], true);
            }
        }
        if (s->regs[R_LCDC_OSDC] & R_LCDC_OSDC_F0EN_MASK) {
            lcdc_fetch_channel(s, 0, &sc->layer[0], true);
        }
        if (s->regs[R_LCDC_OSDC] & R_LCDC_OSDC_ALPHAEN_MASK &&
            s->variant != INGENIC_LCDC_JZ4780 && lcdc_once(s, ONCE_ALPHA)) {
            qemu_log_mask(LOG_UNIMP, "ingenic-lcdc: OSD alpha not modelled "
                          "on this variant\n");
        }
        if ((s->regs[R_LCDC_KEY0] | s->regs[R_LCDC_KEY1]) &
            R_LCDC_KEY0_KEYEN_MASK && lcdc_once(s, ONCE_KEYS)) {
            qemu_log_mask(LOG_UNIMP, "ingenic-lcdc: colour keys not "
                          "modelled\n");
        }
    } else {
        lcdc_fetch_channel(s, 0, &sc->layer[0], false);
    }
    if (sc->layer[0].fmt == LCDC_FMT_C8) {
        sc->palette_gen = s->palette_gen;
    }
}

/* ------------------------------------------------------------------------ */
/* Frame engine                                                              */

static void lcdc_ipu_frame_end(IngenicLCDCState *s, bool completed)
{
    if (s->ipu_frame) {
        s->ipu_frame = false;
        if (s->ipu && s->ipu->frame_end) {
            s->ipu->frame_end(s->ipu->opaque, completed);
        }
    }
}

static void lcdc_frame_begin(IngenicLCDCState *s, int64_t start)
{
    int64_t period = lcdc_frame_period_ns(s);

    s->frame_events = 0;
    s->frame_end_ns = start + period;
    timer_mod(s->frame_timer, s->frame_end_ns);
    trace_ingenic_lcdc_frame_start(start, period, s->regs[R_LCDC_DA0],
                                   s->regs[R_LCDC_DA1]);

    lcdc_fetch_frame(s);
    s->regs[R_LCDC_OSDCTRL] &= ~R_LCDC_OSDCTRL_CHANGE_MASK;

    if (lcdc_f1_from_ipu(s)) {
        if (s->ipu && s->ipu->frame_start) {
            s->ipu_frame = true;
            s->ipu->frame_start(s->ipu->opaque, s->scan.layer[1].w,
                                s->scan.layer[1].h);
        } else if (!s->ipu_missing_logged) {
            s->ipu_missing_logged = true;
            qemu_log_mask(LOG_GUEST_ERROR, "ingenic-lcdc: F1 is fed by the "
                          "IPU (OSDCTRL.IPU) but no IPU is attached: F1 "
                          "shows the background\n");
        }
    }
}

/* Stop scanning (disable done, quick disable, reset) */
static void lcdc_stop(IngenicLCDCState *s, const char *why)
{
    timer_del(s->frame_timer);
    lcdc_ipu_frame_end(s, false);
    s->frame_events = 0;
    s->running = false;
    s->invalidate = true;
    trace_ingenic_lcdc_run(why, s->regs[R_LCDC_CTRL], s->regs[R_LCDC_STATE]);
}

static void lcdc_frame_end(void *opaque)
{
    IngenicLCDCState *s = opaque;
    int64_t now = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    int64_t next;

    if (!s->running) {
        return;
    }
    s->regs[R_LCDC_STATE] |= s->frame_events & STATE_VALID;
    s->regs[R_LCDC_OSDS] |= s->frame_events & OSDS_FLAGS;
    if (s->frame_events & R_LCDC_STATE_EOF_MASK) {
        s->regs[R_LCDC_IID] = s->frame_iid;
    }
    s->frame_events = 0;
    lcdc_ipu_frame_end(s, true);
    trace_ingenic_lcdc_frame_end(now, s->regs[R_LCDC_STATE]);

    if (s->regs[R_LCDC_CTRL] & R_LCDC_CTRL_DIS_MASK) {
        s->regs[R_LCDC_STATE] |= R_LCDC_STATE_LDD_MASK;
        lcdc_stop(s, "disable done at frame end");
    } else {
        next = s->frame_end_ns;
        if (now - next >= lcdc_frame_period_ns(s)) {
            next = now;     /* far behind (e.g. host stall): skip frames */
        }
        lcdc_frame_begin(s, next);
    }
    lcdc_update_irq(s);
}

/*
 * Bring the frame engine in line with CTRL, the clock and the timing.
 * Called after every change of any of them.
 */
static void lcdc_update_run(IngenicLCDCState *s)
{
    uint32_t ctrl = s->regs[R_LCDC_CTRL];
    bool ena = ctrl & R_LCDC_CTRL_ENA_MASK;
    bool dis = ctrl & R_LCDC_CTRL_DIS_MASK;
    bool started = false;

    if (!s->running) {
        if (!ena || dis) {
            return;
        }
        s->running = true;
        started = true;
        s->invalidate = true;
        lcdc_walk_ok(s, 0);
        lcdc_walk_ok(s, 1);
        trace_ingenic_lcdc_run("start", ctrl, s->regs[R_LCDC_STATE]);
    }
    if (!ena) {
        s->regs[R_LCDC_STATE] |= R_LCDC_STATE_QD_MASK;
        lcdc_stop(s, "quick disable");
        return;
    }
    if (timer_pending(s->frame_timer)) {
        return;     /* a frame is under way; a pending DIS ends with it */
    }
    if (lcdc_can_tick(s)) {
        lcdc_frame_begin(s, qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL));
        return;
    }
    if (!lcdc_timing_valid(s)) {
        if (started) {
            qemu_log_mask(LOG_GUEST_ERROR, "ingenic-lcdc: enabled with HT or "
                          "VT = 0 (LCDVAT 0x%08x): no frames\n",
                          s->regs[R_LCDC_VAT]);
        }
        if (dis) {
            s->regs[R_LCDC_STATE] |= R_LCDC_STATE_LDD_MASK;
            lcdc_stop(s, "disable without timing");
        }
        return;
    }
    /* The pixel clock is stopped */
    if (dis && !s->strict_clock) {
        lcdc_finding("gated-disable", "disable pending (LCDCTRL=0x%08x) while "
                     "the pixel clock is stopped: no frame can end, hardware "
                     "would never set LCDSTATE.LDD; setting it now "
                     "(strict-clock=off)", ctrl);
        s->regs[R_LCDC_STATE] |= R_LCDC_STATE_LDD_MASK;
        lcdc_stop(s, "disable completed while clock stopped");
    }
}

static void lcdc_clock_update(void *opaque, ClockEvent event)
{
    IngenicLCDCState *s = opaque;

    if (!DEVICE(s)->realized) {
        return;
    }
    trace_ingenic_lcdc_clock(clock_get_hz(s->pclk), clock_is_enabled(s->pclk));
    if (lcdc_clock_gated(s) && s->running && timer_pending(s->frame_timer)) {
        /* No pixel clock: the frame under way never ends */
        timer_del(s->frame_timer);
        lcdc_ipu_frame_end(s, false);
        s->frame_events = 0;
        trace_ingenic_lcdc_run("stalled: pixel clock stopped",
                               s->regs[R_LCDC_CTRL], s->regs[R_LCDC_STATE]);
    }
    lcdc_update_run(s);
    lcdc_update_irq(s);
}

/* ------------------------------------------------------------------------ */
/* Register access                                                           */

static uint64_t lcdc_read(void *opaque, hwaddr offset, unsigned size)
{
    IngenicLCDCState *s = opaque;
    const char *name = lcdc_reg_name(s, offset);
    uint32_t val = 0;

    if (name) {
        val = s->regs[offset >> 2];
        if (offset == A_LCDC_OSDS) {
            val |= R_LCDC_OSDS_READY_MASK;
        }
    } else if (s->variant == INGENIC_LCDC_JZ4780 &&
               (offset == A_LCDC_PCFG || offset == A_LCDC_BGC1)) {
        qemu_log_mask(LOG_UNIMP, "%s: JZ4780 register 0x%03" HWADDR_PRIx
                      " not modelled\n", __func__, offset);
    } else {
        qemu_log_mask(LOG_GUEST_ERROR, "%s: bad offset 0x%03" HWADDR_PRIx "\n",
                      __func__, offset);
    }
    trace_ingenic_lcdc_read(offset, name ? name : "?", val);
    if (lcdc_clock_gated(s)) {
        lcdc_finding("gated-access", "read %s (0x%03x) = 0x%08x while the "
                     "pixel clock is stopped", name ? name : "?",
                     (unsigned)offset, val);
    }
    return val;
}

static void lcdc_write_ctrl(IngenicLCDCState *s, uint32_t value)
{
    uint32_t old = s->regs[R_LCDC_CTRL];

    s->regs[R_LCDC_CTRL] = value;
    if (value & (R_LCDC_CTRL_LSB_FIRST_MASK |
                 R_LCDC_CTRL_REVERSE_ENDIAN_MASK) &&
        lcdc_once(s, ONCE_ENDIAN)) {
        qemu_log_mask(LOG_UNIMP, "ingenic-lcdc: LCDCTRL LSB_FIRST/"
                      "REVERSE_ENDIAN not modelled\n");
    }
    if (!(old & R_LCDC_CTRL_DIS_MASK) && (value & R_LCDC_CTRL_DIS_MASK) &&
        !s->running) {
        /* Nothing to finish: the disable is done at once */
        s->regs[R_LCDC_STATE] |= R_LCDC_STATE_LDD_MASK;
        trace_ingenic_lcdc_run("disable while stopped", value,
                               s->regs[R_LCDC_STATE]);
    }
    lcdc_update_run(s);
}

static void lcdc_write(void *opaque, hwaddr offset, uint64_t value64,
                       unsigned size)
{
    IngenicLCDCState *s = opaque;
    const char *name = lcdc_reg_name(s, offset);
    uint32_t value = value64;

    trace_ingenic_lcdc_write(offset, name ? name : "?", value);
    if (lcdc_clock_gated(s)) {
        lcdc_finding("gated-access", "write 0x%08x to %s (0x%03x) while the "
                     "pixel clock is stopped", value, name ? name : "?",
                     (unsigned)offset);
    }
    if (!name) {
        if (s->variant == INGENIC_LCDC_JZ4780 &&
            (offset == A_LCDC_PCFG || offset == A_LCDC_BGC1)) {
            qemu_log_mask(LOG_UNIMP, "%s: JZ4780 register 0x%03" HWADDR_PRIx
                          " not modelled\n", __func__, offset);
        } else {
            qemu_log_mask(LOG_GUEST_ERROR, "%s: bad offset 0x%03" HWADDR_PRIx
                          "\n", __func__, offset);
        }
        return;
    }
    if (lcdc_reg_readonly(offset)) {
        lcdc_finding("readonly-write", "write 0x%08x to read-only %s (0x%03x) "
                     "ignored", value, name, (unsigned)offset);
        return;
    }

    switch (offset) {
    case A_LCDC_CTRL:
        lcdc_write_ctrl(s, value);
        break;
    case A_LCDC_STATE:
        s->regs[R_LCDC_STATE] &= value & STATE_VALID;
        break;
    case A_LCDC_VAT:
    case A_LCDC_DAH:
    case A_LCDC_DAV:
        s->regs[offset >> 2] = value;
        lcdc_update_run(s);     /* the timing may just have become valid */
        break;
    case A_LCDC_DA0:
    case A_LCDC_DA1:
        s->regs[offset >> 2] = value;
        lcdc_walk_ok(s, offset == A_LCDC_DA1);      /* a new chain */
        break;
    case A_LCDC_OSDC:
        if (s->variant != INGENIC_LCDC_JZ4780) {
            value &= OSDC_MASK_JZ4770;
        }
        s->regs[R_LCDC_OSDC] = value;
        break;
    case A_LCDC_OSDCTRL:
        if (!s->running) {
            value &= ~R_LCDC_OSDCTRL_CHANGE_MASK;    /* nothing to wait for */
        }
        s->regs[R_LCDC_OSDCTRL] = value;
        break;
    case A_LCDC_OSDS:
        s->regs[R_LCDC_OSDS] &= value & OSDS_FLAGS;
        break;
    case A_LCDC_BGC:
        s->regs[R_LCDC_BGC] = value & 0xffffff;
        break;
    default:
        s->regs[offset >> 2] = value;
        break;
    }
    lcdc_update_irq(s);
}

static const MemoryRegionOps lcdc_ops = {
    .read = lcdc_read,
    .write = lcdc_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = {
        .min_access_size = 4,
        .max_access_size = 4,
    },
    .impl = {
        .min_access_size = 4,
        .max_access_size = 4,
    },
};

/* ------------------------------------------------------------------------ */
/* Display                                                                   */

static void lcdc_release_section(MemoryRegionSection *sec)
{
    if (sec->mr) {
        memory_region_set_log(sec->mr, false, DIRTY_MEMORY_VGA);
        memory_region_unref(sec->mr);
        sec->mr = NULL;
    }
}

static void lcdc_release_sections(IngenicLCDCState *s)
{
    lcdc_release_section(&s->fbsection);
    lcdc_release_section(&s->lsec[0]);
    lcdc_release_section(&s->lsec[1]);
}

static bool lcdc_layer_visible(IngenicLCDCScan *sc, IngenicLCDCLayer *l)
{
    return l->fmt != LCDC_FMT_NONE && l->w && l->h &&
           l->x < sc->disp_w && l->y < sc->disp_h;
}

/* Rows of the display area the layer covers: [y, y + *rows) */
static uint32_t lcdc_layer_rows(IngenicLCDCScan *sc, IngenicLCDCLayer *l)
{
    return MIN(l->h, sc->disp_h - l->y);
}

static uint32_t lcdc_layer_cols(IngenicLCDCScan *sc, IngenicLCDCLayer *l)
{
    return MIN(l->w, sc->disp_w - l->x);
}

/* Copy @len bytes at offset @off of the layer's data stream into @buf */
static void lcdc_read_layer(IngenicLCDCState *s, IngenicLCDCLayer *l,
                            uint64_t off, uint8_t *buf, uint32_t len)
{
    uint64_t pos = 0;

    memset(buf, 0, len);
    for (unsigned i = 0; i < l->nsegs; i++) {
        uint64_t s0 = pos, s1 = pos + l->seg[i].len;
        uint64_t lo = MAX(off, s0), hi = MIN(off + len, s1);

        pos = s1;
        if (lo >= hi) {
            continue;
        }
        if (address_space_read(&s->dma_as, l->seg[i].addr + (lo - s0),
                               MEMTXATTRS_UNSPECIFIED, buf + (lo - off),
                               hi - lo) != MEMTX_OK) {
            memset(buf + (lo - off), 0, hi - lo);
        }
    }
}

static void lcdc_compose_row(IngenicLCDCState *s, uint32_t y, uint32_t *dst)
{
    IngenicLCDCScan *sc = &s->scan;

    for (uint32_t x = 0; x < sc->disp_w; x++) {
        dst[x] = sc->bgc;
    }
    for (int i = 1; i >= 0; i--) {
        IngenicLCDCLayer *l = &sc->layer[i];
        uint32_t *px = s->pixbuf;
        uint32_t line, n;

        if (!lcdc_layer_visible(sc, l) || y < l->y || y - l->y >= l->h) {
            continue;
        }
        line = y - l->y;
        n = lcdc_layer_cols(sc, l);
        if (l->fmt == LCDC_FMT_IPU) {
            if (!s->ipu || !s->ipu->draw_line ||
                !s->ipu->draw_line(s->ipu->opaque, line, n, px)) {
                continue;
            }
            for (uint32_t x = 0; x < n; x++) {
                px[x] &= 0xffffff;
            }
        } else {
            lcdc_read_layer(s, l, (uint64_t)line * l->stride, s->linebuf,
                            n * lcdc_fmt_bytes[l->fmt]);
            lcdc_drawfn[l->fmt](s, (uint8_t *)px, s->linebuf, n, 4);
        }
        if (l->alpha == 255) {
            memcpy(dst + l->x, px, n * 4);
        } else {
            uint32_t a = l->alpha;
            uint32_t *d = dst + l->x;
            for (uint32_t x = 0; x < n; x++) {
                uint32_t r = 0;
                for (int c = 0; c < 24; c += 8) {
                    uint32_t f = (px[x] >> c) & 0xff, b = (d[x] >> c) & 0xff;
                    r |= ((f * a + b * (255 - a) + 127) / 255) << c;
                }
                d[x] = r;
            }
        }
    }
}

/* Single opaque layer covering the whole area, contiguous in memory */
static IngenicLCDCLayer *lcdc_fast_layer(IngenicLCDCState *s)
{
    IngenicLCDCScan *sc = &s->scan;
    IngenicLCDCLayer *l = NULL;

    for (int i = 0; i < 2; i++) {
        if (lcdc_layer_visible(sc, &sc->layer[i])) {
            if (l) {
                return NULL;
            }
            l = &sc->layer[i];
        }
    }
    if (!l || l->fmt == LCDC_FMT_IPU || l->nsegs != 1 || l->alpha != 255 ||
        l->x || l->y || l->w < sc->disp_w || l->h < sc->disp_h) {
        return NULL;
    }
    if (l->seg[0].len < (uint64_t)(sc->disp_h - 1) * l->stride +
                        sc->disp_w * lcdc_fmt_bytes[l->fmt]) {
        return NULL;
    }
    return l;
}

static bool lcdc_draw_fast(IngenicLCDCState *s, DisplaySurface *ds,
                           IngenicLCDCLayer *l)
{
    IngenicLCDCScan *sc = &s->scan;
    int first = 0, last = 0;

    if (s->invalidate || s->draw_mode != LCDC_DRAW_FAST) {
        lcdc_release_sections(s);
        framebuffer_update_memory_section(&s->fbsection, s->dma_mr,
                                          l->seg[0].addr, sc->disp_h,
                                          l->stride);
        s->invalidate = true;
        s->draw_mode = LCDC_DRAW_FAST;
    }
    if (!s->fbsection.mr) {
        return false;
    }
    framebuffer_update_display(ds, &s->fbsection, sc->disp_w, sc->disp_h,
                               l->stride, surface_stride(ds), 0,
                               s->invalidate, lcdc_drawfn[l->fmt], s,
                               &first, &last);
    trace_ingenic_lcdc_display("fast", sc->disp_w, sc->disp_h, first, last);
    if (first >= 0) {
        dpy_gfx_update(s->con, 0, first, sc->disp_w, last - first + 1);
    }
    return true;
}

/* A full redraw: dirty tracking sections for the layers, and their overlap */
static void lcdc_compose_sections(IngenicLCDCState *s)
{
    IngenicLCDCScan *sc = &s->scan;
    IngenicLCDCLayer *l0 = &sc->layer[0], *l1 = &sc->layer[1];

    lcdc_release_sections(s);
    s->compose_overlap = false;
    for (int i = 0; i < 2; i++) {
        IngenicLCDCLayer *l = &sc->layer[i];

        if (lcdc_layer_visible(sc, l) && l->fmt != LCDC_FMT_IPU &&
            l->nsegs == 1) {
            framebuffer_update_memory_section(&s->lsec[i], s->dma_mr,
                                              l->seg[0].addr,
                                              lcdc_layer_rows(sc, l),
                                              l->stride);
        }
    }
    if (s->lsec[0].mr && s->lsec[1].mr) {
        uint64_t e0 = (uint64_t)l0->seg[0].addr +
                      (uint64_t)lcdc_layer_rows(sc, l0) * l0->stride;
        uint64_t e1 = (uint64_t)l1->seg[0].addr +
                      (uint64_t)lcdc_layer_rows(sc, l1) * l1->stride;

        s->compose_overlap = l0->seg[0].addr < e1 && l1->seg[0].addr < e0;
    }
    s->draw_mode = LCDC_DRAW_COMPOSE;
}

/* Mark the display rows layer @i changed since the last refresh */
static void lcdc_layer_dirty_rows(IngenicLCDCState *s, int i, bool full,
                                  uint8_t *dirty)
{
    IngenicLCDCScan *sc = &s->scan;
    IngenicLCDCLayer *l = &sc->layer[i];
    uint32_t rows = lcdc_layer_rows(sc, l);
    uint32_t bytes = lcdc_layer_cols(sc, l) * lcdc_fmt_bytes[l->fmt];
    MemoryRegion *mr = s->lsec[i].mr;
    hwaddr off = s->lsec[i].offset_within_region;
    DirtyBitmapSnapshot *snap;

    if (l->fmt == LCDC_FMT_IPU) {
        /* Asked even on a full redraw: it keeps the source's state */
        bool changed = !s->ipu || !s->ipu->changed ||
                       s->ipu->changed(s->ipu->opaque);

        if (full || changed) {
            memset(dirty + l->y, 1, rows);
        }
        return;
    }
    if (!mr) {
        memset(dirty + l->y, 1, rows);      /* several segments: no tracking */
        return;
    }
    snap = memory_region_snapshot_and_clear_dirty(mr, off,
                                                  (hwaddr)rows * l->stride,
                                                  DIRTY_MEMORY_VGA);
    for (uint32_t r = 0; r < rows; r++) {
        if (memory_region_snapshot_get_dirty(mr, snap,
                                             off + (hwaddr)r * l->stride,
                                             bytes)) {
            dirty[l->y + r] = 1;
        }
    }
    g_free(snap);
}

static void lcdc_draw_composed(IngenicLCDCState *s, DisplaySurface *ds)
{
    IngenicLCDCScan *sc = &s->scan;
    bool full = s->invalidate || s->draw_mode != LCDC_DRAW_COMPOSE;
    g_autofree uint8_t *dirty = g_malloc0(sc->disp_h);
    int first = -1, last = -1;

    if (full) {
        lcdc_compose_sections(s);
    }
    for (int i = 0; i < 2; i++) {
        if (lcdc_layer_visible(sc, &sc->layer[i])) {
            lcdc_layer_dirty_rows(s, i, full, dirty);
        }
    }
    if (full || s->compose_overlap) {
        memset(dirty, 1, sc->disp_h);
    }

    for (uint32_t y = 0; y < sc->disp_h; y++) {
        if (!dirty[y]) {
            continue;
        }
        lcdc_compose_row(s, y, (uint32_t *)((uint8_t *)surface_data(ds) +
                                             y * surface_stride(ds)));
        if (first < 0) {
            first = y;
        }
        last = y;
    }
    trace_ingenic_lcdc_display("compose", sc->disp_w, sc->disp_h, first, last);
    if (first >= 0) {
        dpy_gfx_update(s->con, 0, first, sc->disp_w, last - first + 1);
    }
}

static void lcdc_draw_blank(IngenicLCDCState *s)
{
    DisplaySurface *ds = qemu_console_surface(s->con);

    if (!ds || surface_is_placeholder(ds) ||
        (s->draw_mode == LCDC_DRAW_BLANK && !s->invalidate)) {
        return;
    }
    lcdc_release_sections(s);
    memset(surface_data(ds), 0, surface_stride(ds) * surface_height(ds));
    dpy_gfx_update_full(s->con);
    trace_ingenic_lcdc_display("blank", surface_width(ds), surface_height(ds),
                               0, surface_height(ds) - 1);
    s->draw_mode = LCDC_DRAW_BLANK;
    s->invalidate = false;
}

static void lcdc_gfx_update(void *opaque)
{
    IngenicLCDCState *s = opaque;
    IngenicLCDCScan *sc = &s->scan;
    DisplaySurface *ds = qemu_console_surface(s->con);
    IngenicLCDCLayer *l;

    if (!s->running || !sc->disp_w || !sc->disp_h) {
        lcdc_draw_blank(s);
        return;
    }
    if (!ds || surface_is_placeholder(ds) || surface_width(ds) != sc->disp_w ||
        surface_height(ds) != sc->disp_h) {
        qemu_console_resize(s->con, sc->disp_w, sc->disp_h);
        ds = qemu_console_surface(s->con);
        s->invalidate = true;
    }
    if (memcmp(sc, &s->drawn, sizeof(*sc))) {
        memcpy(&s->drawn, sc, sizeof(*sc));
        s->invalidate = true;
    }
    l = lcdc_fast_layer(s);
    if (!l || !lcdc_draw_fast(s, ds, l)) {
        lcdc_draw_composed(s, ds);
    }
    s->invalidate = false;
}

static void lcdc_invalidate_display(void *opaque)
{
    IngenicLCDCState *s = opaque;

    s->invalidate = true;
}

static const GraphicHwOps lcdc_gfx_ops = {
    .invalidate = lcdc_invalidate_display,
    .gfx_update = lcdc_gfx_update,
};

/* ------------------------------------------------------------------------ */
/* Exported API                                                              */

void ingenic_lcdc_set_ipu_source(IngenicLCDCState *s,
                                 const IngenicLCDCLayerSource *src)
{
    lcdc_ipu_frame_end(s, false);
    s->ipu = src;
    s->ipu_missing_logged = false;
    s->invalidate = true;
}

/* ------------------------------------------------------------------------ */
/* Reset, power-off, migration, QOM                                          */

static void lcdc_reset_enter(Object *obj, ResetType type)
{
    IngenicLCDCState *s = INGENIC_LCDC(obj);

    if (s->running) {
        lcdc_finding("active-at-reset", "system reset while the controller is "
                     "scanning (LCDCTRL=0x%08x LCDSTATE=0x%08x LCDOSDC=0x%08x "
                     "DA0=0x%08x DA1=0x%08x%s)", s->regs[R_LCDC_CTRL],
                     s->regs[R_LCDC_STATE], s->regs[R_LCDC_OSDC],
                     s->regs[R_LCDC_DA0], s->regs[R_LCDC_DA1],
                     (s->regs[R_LCDC_CTRL] & R_LCDC_CTRL_DIS_MASK) ?
                     ", disable pending" : "");
    }
    if (s->frame_timer) {
        timer_del(s->frame_timer);
    }
    lcdc_ipu_frame_end(s, false);
    memset(s->regs, 0, sizeof(s->regs));
    memset(s->palette, 0, sizeof(s->palette));
    memset(s->palette32, 0, sizeof(s->palette32));
    memset(&s->scan, 0, sizeof(s->scan));
    s->running = false;
    s->frame_events = 0;
    s->frame_iid = 0;
    s->frame_end_ns = 0;
    s->palette_gen++;
    s->ipu_missing_logged = false;
    s->log_once = 0;
}

static void lcdc_reset_hold(Object *obj, ResetType type)
{
    IngenicLCDCState *s = INGENIC_LCDC(obj);

    lcdc_update_irq(s);
}

static void lcdc_reset_exit(Object *obj, ResetType type)
{
    IngenicLCDCState *s = INGENIC_LCDC(obj);

    s->invalidate = true;
}

static void lcdc_shutdown_notify(Notifier *n, void *data)
{
    IngenicLCDCState *s = container_of(n, IngenicLCDCState, shutdown_notifier);
    ShutdownCause cause = *(ShutdownCause *)data;

    /* Only the guest powering off: hosts quitting QEMU are no finding */
    if (cause != SHUTDOWN_CAUSE_GUEST_SHUTDOWN &&
        cause != SHUTDOWN_CAUSE_GUEST_RESET) {
        return;
    }
    if (s->running) {
        lcdc_finding("active-at-poweroff", "machine powers off (%s) while the "
                     "controller is scanning (LCDCTRL=0x%08x "
                     "LCDSTATE=0x%08x%s)", ShutdownCause_str(cause),
                     s->regs[R_LCDC_CTRL], s->regs[R_LCDC_STATE],
                     (s->regs[R_LCDC_CTRL] & R_LCDC_CTRL_DIS_MASK) ?
                     ", disable pending" : "");
    }
}

static int lcdc_post_load(void *opaque, int version_id)
{
    IngenicLCDCState *s = opaque;

    for (int i = 0; i < 2; i++) {
        IngenicLCDCLayer *l = &s->scan.layer[i];
        if (l->nsegs > INGENIC_LCDC_MAX_SEGS || l->fmt >= LCDC_FMT_COUNT ||
            (l->fmt != LCDC_FMT_NONE &&
             l->stride != l->w * lcdc_fmt_bytes[l->fmt])) {
            return -EINVAL;
        }
    }
    if (s->scan.disp_w > INGENIC_LCDC_MAX_DIM ||
        s->scan.disp_h > INGENIC_LCDC_MAX_DIM) {
        return -EINVAL;
    }
    for (int i = 0; i < 256; i++) {
        s->palette32[i] = lcdc_rgb565(s->palette[i]);
    }
    s->ipu_frame = false;
    s->draw_mode = LCDC_DRAW_NONE;
    s->invalidate = true;
    s->irq_level = -1;
    return 0;
}

static const VMStateDescription vmstate_lcdc_segment = {
    .name = "ingenic-lcdc/segment",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(addr, IngenicLCDCSegment),
        VMSTATE_UINT32(len, IngenicLCDCSegment),
        VMSTATE_END_OF_LIST()
    }
};

static const VMStateDescription vmstate_lcdc_layer = {
    .name = "ingenic-lcdc/layer",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(fmt, IngenicLCDCLayer),
        VMSTATE_UINT32(x, IngenicLCDCLayer),
        VMSTATE_UINT32(y, IngenicLCDCLayer),
        VMSTATE_UINT32(w, IngenicLCDCLayer),
        VMSTATE_UINT32(h, IngenicLCDCLayer),
        VMSTATE_UINT32(stride, IngenicLCDCLayer),
        VMSTATE_UINT32(alpha, IngenicLCDCLayer),
        VMSTATE_UINT32(nsegs, IngenicLCDCLayer),
        VMSTATE_STRUCT_ARRAY(seg, IngenicLCDCLayer, INGENIC_LCDC_MAX_SEGS, 1,
                             vmstate_lcdc_segment, IngenicLCDCSegment),
        VMSTATE_END_OF_LIST()
    }
};

static const VMStateDescription vmstate_lcdc_scan = {
    .name = "ingenic-lcdc/scan",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(disp_w, IngenicLCDCScan),
        VMSTATE_UINT32(disp_h, IngenicLCDCScan),
        VMSTATE_UINT32(bgc, IngenicLCDCScan),
        VMSTATE_UINT32(palette_gen, IngenicLCDCScan),
        VMSTATE_STRUCT_ARRAY(layer, IngenicLCDCScan, 2, 1,
                             vmstate_lcdc_layer, IngenicLCDCLayer),
        VMSTATE_END_OF_LIST()
    }
};

static const VMStateDescription vmstate_lcdc = {
    .name = TYPE_INGENIC_LCDC,
    .version_id = 1,
    .minimum_version_id = 1,
    .post_load = lcdc_post_load,
    .fields = (const VMStateField[]) {
        VMSTATE_CLOCK(pclk, IngenicLCDCState),
        VMSTATE_TIMER_PTR(frame_timer, IngenicLCDCState),
        VMSTATE_UINT32_ARRAY(regs, IngenicLCDCState, INGENIC_LCDC_NUM_REGS),
        VMSTATE_UINT16_ARRAY(palette, IngenicLCDCState, 256),
        VMSTATE_BOOL(running, IngenicLCDCState),
        VMSTATE_UINT32(frame_events, IngenicLCDCState),
        VMSTATE_UINT32(frame_iid, IngenicLCDCState),
        VMSTATE_INT64(frame_end_ns, IngenicLCDCState),
        VMSTATE_UINT32(palette_gen, IngenicLCDCState),
        VMSTATE_STRUCT(scan, IngenicLCDCState, 1, vmstate_lcdc_scan,
                       IngenicLCDCScan),
        VMSTATE_END_OF_LIST()
    }
};

static void lcdc_init(Object *obj)
{
    IngenicLCDCState *s = INGENIC_LCDC(obj);
    SysBusDevice *sbd = SYS_BUS_DEVICE(obj);

    memory_region_init_io(&s->iomem, obj, &lcdc_ops, s, TYPE_INGENIC_LCDC,
                          INGENIC_LCDC_MMIO_SIZE);
    sysbus_init_mmio(sbd, &s->iomem);
    sysbus_init_irq(sbd, &s->irq);
    s->pclk = qdev_init_clock_in(DEVICE(obj), "pclk", lcdc_clock_update, s,
                                 ClockUpdate);
    s->irq_level = -1;
}

static void lcdc_realize(DeviceState *dev, Error **errp)
{
    IngenicLCDCState *s = INGENIC_LCDC(dev);

    if (!s->dma_mr) {
        error_setg(errp, "%s: link property 'dma-mr' not set",
                   TYPE_INGENIC_LCDC);
        return;
    }
    address_space_init(&s->dma_as, s->dma_mr, TYPE_INGENIC_LCDC "-dma");
    s->frame_timer = timer_new_ns(QEMU_CLOCK_VIRTUAL, lcdc_frame_end, s);
    s->linebuf = g_malloc(INGENIC_LCDC_MAX_DIM * 4);
    s->pixbuf = g_new(uint32_t, INGENIC_LCDC_MAX_DIM);
    s->shutdown_notifier.notify = lcdc_shutdown_notify;
    qemu_register_shutdown_notifier(&s->shutdown_notifier);
    s->con = graphic_console_init(dev, 0, &lcdc_gfx_ops, s);
}

static const Property lcdc_properties[] = {
    DEFINE_PROP_BOOL("strict-clock", IngenicLCDCState, strict_clock, false),
    DEFINE_PROP_LINK("dma-mr", IngenicLCDCState, dma_mr, TYPE_MEMORY_REGION,
                     MemoryRegion *),
};

static int lcdc_get_variant(Object *obj, Error **errp)
{
    return INGENIC_LCDC(obj)->variant;
}

static void lcdc_set_variant(Object *obj, int value, Error **errp)
{
    if (DEVICE(obj)->realized) {
        error_setg(errp, "%s: the variant cannot change after realize",
                   TYPE_INGENIC_LCDC);
        return;
    }
    INGENIC_LCDC(obj)->variant = value;
}

static void lcdc_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    ResettableClass *rc = RESETTABLE_CLASS(klass);

    dc->desc = "Ingenic JZ47xx LCD controller";
    dc->realize = lcdc_realize;
    dc->vmsd = &vmstate_lcdc;
    set_bit(DEVICE_CATEGORY_DISPLAY, dc->categories);
    device_class_set_props(dc, lcdc_properties);
    rc->phases.enter = lcdc_reset_enter;
    rc->phases.hold = lcdc_reset_hold;
    rc->phases.exit = lcdc_reset_exit;
    object_class_property_add_enum(klass, "variant", "IngenicLCDCVariant",
                                   &lcdc_variant_lookup, lcdc_get_variant,
                                   lcdc_set_variant);
    object_class_property_set_description(klass, "variant",
                                          "the SoC: jz4770 (default), jz4780");
}

static const TypeInfo lcdc_info = {
    .name = TYPE_INGENIC_LCDC,
    .parent = TYPE_SYS_BUS_DEVICE,
    .instance_size = sizeof(IngenicLCDCState),
    .instance_init = lcdc_init,
    .class_init = lcdc_class_init,
};

static void lcdc_register_types(void)
{
    type_register_static(&lcdc_info);
}

type_init(lcdc_register_types)
