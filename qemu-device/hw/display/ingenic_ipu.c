/*
 * Ingenic JZ4760/JZ4770 Image Processing Unit (IPU)
 *
 * What this models: the IPU of the JZ4770 as mainline Linux's ingenic-ipu
 * driver uses it: the register file (CTRL, STATUS, D_FMT, Y/U/V_ADDR,
 * IN_GS, strides, OUT_GS, RSZ_COEF_INDEX, CSC C0..C4 and offsets, the two
 * resize LUT write ports), the "output straight to the LCDC" mode
 * (CTRL.LCDC_SEL) in which the IPU feeds LCDC foreground 1 once per LCDC
 * frame, the OUT_END status and its interrupt, colour space conversion from
 * the programmed coefficients and scaling from the programmed LUTs.
 *
 * Hardware facts: docs/hardware/ipu.md: what
 * drivers/gpu/drm/ingenic/ingenic-ipu.c of Linux 6.12 expects (sections 1
 * bind, 2 frame start and interrupt, 3 registers, 5 LUTs) and Ingenic's own
 * code (CTRL, STATUS and D_FMT fields, the CSC formula of section 4, the LUT
 * layout, section 6 stop and reset), and docs/hardware/lcdc.md section 8
 * (F1 fed by the IPU). No programming manual; ipu.md section 8 lists what
 * no source says.
 *
 * Frame engine:
 *  - The LCDC calls frame_start/frame_end (hw/display/ingenic_lcdc.h) for
 *    each of its frames in which F1 is fed by the IPU. The IPU runs in a
 *    frame when, at its start, CTRL.CHIP_EN && RUN && LCDC_SEL && !STOP and
 *    the "clk" input runs. It then latches all registers and both LUTs; the
 *    picture of that frame is computed from the latched copy.
 *  - At the normal end of such a frame STATUS.OUT_END is set if CHIP_EN is
 *    still set (RST or CHIP_EN := 0 during the frame cancel it). RUN stays
 *    set (JZ4760/70 restart automatically, ipu.md 2) unless STOP is set:
 *    then the stop completes and RUN is cleared. STOP itself is a plain bit,
 *    cleared by RST.
 *  - The interrupt (sysbus IRQ 0, INTC 29) is a level: OUT_END && FM_IRQ_EN.
 *    STATUS is write-0-to-clear (new = old AND written), so both "STATUS :=
 *    0" and "STATUS &= ~OUT_END" clear it.
 *  - RST (CTRL bit 6) reads 0. Writing CTRL with RST set resets the whole
 *    block: every register including CTRL and STATUS reads 0 afterwards,
 *    the LUT write pointers go back to 0 and any frame under way is
 *    cancelled; the other bits of that write are ignored (the driver's RMW
 *    would otherwise keep stale SPKG_SEL/CSC_EN, ipu.md 2). ipu.md 6
 *    hints that OUT_END may read 1 after a reset; that is not modelled.
 *  - Memory-to-memory mode (LCDC_SEL = 0, OUT_ADDR) and the TLB/page-map,
 *    field and burst bits are not modelled (LOG_UNIMP). OUT_FMT other than
 *    RGB888 is logged as unimplemented and treated as RGB888 (F1 is always
 *    XRGB8888 in IPU mode).
 *
 * Input (D_FMT, CTRL.SPKG_SEL, CTRL.CSC_EN):
 *  - SPKG_SEL = 1, one packed plane at Y_ADDR, line pitch Y_STRIDE; the
 *    width field of IN_GS is the line length in bytes (as the driver
 *    writes it): IN_FMT 0 = 16-bit xRGB 1555, 1 = 4:2:2 YUV in the byte
 *    order of D_FMT[3:2] (0 = V Y0 U Y1, 1 = U Y0 V Y1, 2 = Y0 V Y1 U, 3 =
 *    Y0 U Y1 V in memory), 2 = 32-bit word with components in bits 23:16,
 *    15:8, 7:0 (xRGB8888, or Y U V for XYUV8888), 3 = 16-bit RGB 565.
 *    5- and 6-bit components are widened by replicating their top bits.
 *  - SPKG_SEL = 0, planar Y/U/V at Y/U/V_ADDR with Y_STRIDE and
 *    UV_STRIDE[28:16] (U) / [12:0] (V); the width field of IN_GS is in
 *    pixels: IN_FMT 0 = 4:2:0, 1 = 4:2:2, 2 = 4:4:4, 3 = 4:1:1.
 *  - Chroma siting (silent source): luma pixel (x, y) takes the chroma
 *    sample (x / hsub, y / vsub), i.e. nearest, co-sited with the top-left
 *    luma sample of its block; chroma planes are (w + hsub - 1) / hsub by
 *    (h + vsub - 1) / vsub samples.
 *
 * CSC (when CTRL.CSC_EN): with y = Y - L, u = U - C, v = V - C (L/C from
 * CSC_OFFSET bits 7:0 / 23:16) and the 12-bit Q10 coefficients C0..C4:
 *   R = C0*y + C1*v, G = C0*y - C2*u - C3*v, B = C0*y + C4*u,
 * each rounded as (sum + 512) >> 10 (floor) and clamped to 0..255 (ipu.md 4,
 * the natural reading). Without CSC_EN the three input components are
 * taken as R, G, B. The conversion happens per source pixel, BEFORE
 * scaling (silent source; chosen so that scaling works on 8-bit RGB).
 *
 * Scaling (CTRL.HRSZ_EN / VRSZ_EN; RSZ_COEF_INDEX[20:16] / [4:0] = number
 * of LUT entries - 1):
 *  - LUT ports (0x48 H, 0x4c V) are write-only FIFOs: a word with bit 0 set
 *    (the driver writes 0xffffffff) restarts the write pointer; each other
 *    word is stored (at most 64 per LUT; more is a guest error). Reads
 *    return 0 (guest error).
 *  - ZOOM_SEL = 1 (bicubic): entry k is words 2k, 2k+1: w0 = [16:6] and w1
 *    = [27:17] of the first, w2 = [16:6], w3 = [27:17], offset = [5:1] of
 *    the second; w0..w3 are signed 11-bit weights (512 = 1.0) of the source
 *    samples p-1, p, p+1, p+2. ZOOM_SEL = 0 (bilinear): entry k is word k,
 *    weight W = [16:6] (signed 11 bits), offset = [5:1]; it is taken as the
 *    bicubic entry {0, W, 512 - W, 0}.
 *  - Walk (cyclic): the source position p starts at 0 for the first output
 *    sample of a line (column) - no phase offset. Output sample i uses
 *    entry i mod (index + 1), then p advances by that entry's offset.
 *  - Without HRSZ_EN (VRSZ_EN) output sample i is source sample i.
 *    CTRL.HSCALE/VSCALE ("removed in jz47xx", ipu.md 3) are stored and
 *    ignored: the LUT alone says how the source is walked.
 *  - Edges (silent source): taps outside the source are clamped to the
 *    first / last sample of that line or column. (The GCW authors saw the
 *    hardware read the next line's first pixel at the right edge, ipu.md
 *    5; not modelled.)
 *  - Order and precision (silent source): horizontal pass first, then
 *    vertical; each pass computes sum(w_k * s_k) in 32 bits and rounds as
 *    (sum + 256) >> 9 (floor), clamped to 0..255, so the intermediate is
 *    8 bits per component.
 *  - Output order: D_FMT[24:22] names the components from bit 23 down: 0
 *    RGB, 1 RBG, 2 GBR, 3 GRB, 4 BRG, 5 BGR (6, 7: guest error, RGB).
 *  - The output is OUT_GS[30:16] / 4 pixels by OUT_GS[12:0] lines. It
 *    should equal the LCDC's LCDSIZE1; a mismatch is logged as a guest error
 *    and the part of F1 outside the output shows black.
 *
 * Migration: registers, LUTs and the latched frame are migrated; the LCDC
 * does not migrate a frame under way to its source, so OUT_END of the frame
 * in flight at migration time is lost (the next frame raises it).
 *
 * Display: frame_start latches; the picture is computed from guest RAM at
 * display refresh into a host cache, which reads RAM only. It is computed
 * again only when it may have changed: the latched frame differs from the
 * one rendered (a page flip is a new Y_ADDR), or the guest wrote to one of
 * the planes (dirty logging of their memory, DIRTY_MEMORY_VGA, as the LCDC
 * does for its layers); the LCDC asks through the layer source's "changed"
 * callback. Before latching, every plane's extent is checked to lie in
 * RAM; if not, a "dma-outside-ram" finding (trace event ingenic_ipu_finding)
 * is emitted, once while the same plane stays outside RAM, nothing is read
 * and F1 shows the background; the frame engine and OUT_END go on as
 * usual.
 *
 * Clock ("clk" input, the CGU's "ipu-clk", gated by CLKGR0 bit 29): while it
 * is stopped register accesses still work but are "gated-access" findings,
 * and the IPU does not run in frames that start then. A clock input with no
 * source counts as running. A system reset while CHIP_EN && RUN is an
 * "active-at-reset" finding. All registers reset to 0.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/log.h"
#include "qemu/module.h"
#include "qapi/error.h"
#include "hw/sysbus.h"
#include "hw/irq.h"
#include "hw/registerfields.h"
#include "hw/qdev-clock.h"
#include "hw/qdev-properties.h"
#include "hw/display/ingenic_ipu.h"
#include "hw/display/ingenic_ipu_regs.h"
#include "migration/vmstate.h"
#include "ui/console.h"
#include "framebuffer.h"
#include "trace.h"

#define CTRL_VALID      0x007fffffu
#define STATUS_VALID    0x00000037u
#define FIXED_ONE       512

/* One-time log bits (log_once) */
enum {
    ONCE_UNIMP_CTRL = 1 << 0,
    ONCE_MEM_MODE = 1 << 1,
    ONCE_OUT_FMT = 1 << 2,
    ONCE_OUT_OFT = 1 << 3,
    ONCE_SIZE = 1 << 4,
    ONCE_LUT_FULL = 1 << 5,
    ONCE_LUT_SHORT = 1 << 6,
    ONCE_GEOMETRY = 1 << 7,
    ONCE_LUT_READ = 1 << 8,
    ONCE_BAD_OFFSET = 1 << 9,
};

/*
 * A device-side finding: trace event ingenic_ipu_finding "KIND: DETAIL",
 * the detail formatted only when the event is enabled.
 */
#define ipu_finding(kind, ...)                                          \
    do {                                                                \
        if (trace_event_get_state_backends(TRACE_INGENIC_IPU_FINDING)) { \
            g_autofree char *detail_ = g_strdup_printf(__VA_ARGS__);   \
            trace_ingenic_ipu_finding(kind, detail_);                   \
        }                                                               \
    } while (0)

static const char *const ipu_reg_names[INGENIC_IPU_NUM_REGS] = {
    [R_IPU_CTRL] = "CTRL",
    [R_IPU_STATUS] = "STATUS",
    [R_IPU_D_FMT] = "D_FMT",
    [R_IPU_Y_ADDR] = "Y_ADDR",
    [R_IPU_U_ADDR] = "U_ADDR",
    [R_IPU_V_ADDR] = "V_ADDR",
    [R_IPU_IN_GS] = "IN_GS",
    [R_IPU_Y_STRIDE] = "Y_STRIDE",
    [R_IPU_UV_STRIDE] = "UV_STRIDE",
    [R_IPU_OUT_ADDR] = "OUT_ADDR",
    [R_IPU_OUT_GS] = "OUT_GS",
    [R_IPU_OUT_STRIDE] = "OUT_STRIDE",
    [R_IPU_RSZ_COEF_INDEX] = "RSZ_COEF_INDEX",
    [R_IPU_CSC_C0] = "CSC_C0",
    [R_IPU_CSC_C1] = "CSC_C1",
    [R_IPU_CSC_C2] = "CSC_C2",
    [R_IPU_CSC_C3] = "CSC_C3",
    [R_IPU_CSC_C4] = "CSC_C4",
    [R_IPU_HRSZ_LUT] = "HRSZ_COEF_LUT",
    [R_IPU_VRSZ_LUT] = "VRSZ_COEF_LUT",
    [R_IPU_CSC_OFFSET] = "CSC_OFFSET",
    [R_IPU_Y_PHY_T_ADDR] = "Y_PHY_T_ADDR",
    [R_IPU_U_PHY_T_ADDR] = "U_PHY_T_ADDR",
    [R_IPU_V_PHY_T_ADDR] = "V_PHY_T_ADDR",
    [R_IPU_OUT_PHY_T_ADDR] = "OUT_PHY_T_ADDR",
};

/* Writable bits of each register (CTRL, STATUS and the LUTs are special) */
static const uint32_t ipu_reg_mask[INGENIC_IPU_NUM_REGS] = {
    [R_IPU_D_FMT] = 0x03ff003f,
    [R_IPU_Y_ADDR] = 0xffffffff,
    [R_IPU_U_ADDR] = 0xffffffff,
    [R_IPU_V_ADDR] = 0xffffffff,
    [R_IPU_IN_GS] = R_IPU_IN_GS_W_MASK | R_IPU_IN_GS_H_MASK,
    [R_IPU_Y_STRIDE] = R_IPU_Y_STRIDE_Y_MASK,
    [R_IPU_UV_STRIDE] = R_IPU_UV_STRIDE_U_MASK | R_IPU_UV_STRIDE_V_MASK,
    [R_IPU_OUT_ADDR] = 0xffffffff,
    [R_IPU_OUT_GS] = R_IPU_OUT_GS_W_MASK | R_IPU_OUT_GS_H_MASK,
    [R_IPU_OUT_STRIDE] = 0x0000ffff,
    [R_IPU_RSZ_COEF_INDEX] = R_IPU_RSZ_COEF_INDEX_HE_MASK |
                             R_IPU_RSZ_COEF_INDEX_VE_MASK,
    [R_IPU_CSC_C0] = 0xfff,
    [R_IPU_CSC_C1] = 0xfff,
    [R_IPU_CSC_C2] = 0xfff,
    [R_IPU_CSC_C3] = 0xfff,
    [R_IPU_CSC_C4] = 0xfff,
    [R_IPU_CSC_OFFSET] = R_IPU_CSC_OFFSET_LUMA_MASK |
                         R_IPU_CSC_OFFSET_CHROMA_MASK,
    [R_IPU_Y_PHY_T_ADDR] = 0xffffffff,
    [R_IPU_U_PHY_T_ADDR] = 0xffffffff,
    [R_IPU_V_PHY_T_ADDR] = 0xffffffff,
    [R_IPU_OUT_PHY_T_ADDR] = 0xffffffff,
};

static bool ipu_once(IngenicIPUState *s, uint32_t bit)
{
    if (s->log_once & bit) {
        return false;
    }
    s->log_once |= bit;
    return true;
}

static bool ipu_clock_gated(IngenicIPUState *s)
{
    return clock_has_source(s->clk) && !clock_is_enabled(s->clk);
}

static void ipu_update_irq(IngenicIPUState *s)
{
    int level = (s->regs[R_IPU_STATUS] & R_IPU_STATUS_OUT_END_MASK) &&
                (s->regs[R_IPU_CTRL] & R_IPU_CTRL_FM_IRQ_EN_MASK);

    if (level != s->irq_level) {
        trace_ingenic_ipu_irq(level);
        s->irq_level = level;
        qemu_set_irq(s->irq, level);
    }
}

/* ------------------------------------------------------------------------ */
/* Input geometry                                                            */

typedef struct IPUGeom {
    bool packed;
    unsigned in_fmt;
    unsigned bpp;               /* packed: bytes per pixel */
    unsigned hsub, vsub;        /* planar: chroma subsampling */
    uint32_t in_w, in_h, out_w, out_h;
    unsigned nplanes;
    uint32_t addr[3], stride[3], rows[3], row_bytes[3];
} IPUGeom;

static const unsigned ipu_packed_bpp[4] = { 2, 2, 4, 2 };
static const unsigned ipu_planar_hsub[4] = { 2, 2, 1, 4 };
static const unsigned ipu_planar_vsub[4] = { 2, 1, 1, 1 };

/* Decode the geometry of @regs; NULL on success, else what is wrong */
static const char *ipu_geometry(const uint32_t *regs, IPUGeom *g)
{
    uint32_t ctrl = regs[R_IPU_CTRL];
    uint32_t w = FIELD_EX32(regs[R_IPU_IN_GS], IPU_IN_GS, W);

    memset(g, 0, sizeof(*g));
    g->packed = ctrl & R_IPU_CTRL_SPKG_SEL_MASK;
    g->in_fmt = FIELD_EX32(regs[R_IPU_D_FMT], IPU_D_FMT, IN_FMT);
    g->in_h = FIELD_EX32(regs[R_IPU_IN_GS], IPU_IN_GS, H);
    g->out_w = FIELD_EX32(regs[R_IPU_OUT_GS], IPU_OUT_GS, W) / 4;
    g->out_h = FIELD_EX32(regs[R_IPU_OUT_GS], IPU_OUT_GS, H);
    g->addr[0] = regs[R_IPU_Y_ADDR];
    g->stride[0] = FIELD_EX32(regs[R_IPU_Y_STRIDE], IPU_Y_STRIDE, Y);
    if (g->packed) {
        g->bpp = ipu_packed_bpp[g->in_fmt];
        g->in_w = w / g->bpp;
        g->nplanes = 1;
        g->rows[0] = g->in_h;
        if (g->in_fmt == INGENIC_IPU_IN_FMT_PACKED_YUV422) {
            g->row_bytes[0] = DIV_ROUND_UP(g->in_w, 2) * 4;
        } else {
            g->row_bytes[0] = g->in_w * g->bpp;
        }
    } else {
        g->hsub = ipu_planar_hsub[g->in_fmt];
        g->vsub = ipu_planar_vsub[g->in_fmt];
        g->in_w = w;
        g->nplanes = 3;
        g->rows[0] = g->in_h;
        g->row_bytes[0] = g->in_w;
        g->addr[1] = regs[R_IPU_U_ADDR];
        g->addr[2] = regs[R_IPU_V_ADDR];
        g->stride[1] = FIELD_EX32(regs[R_IPU_UV_STRIDE], IPU_UV_STRIDE, U);
        g->stride[2] = FIELD_EX32(regs[R_IPU_UV_STRIDE], IPU_UV_STRIDE, V);
        for (int p = 1; p < 3; p++) {
            g->rows[p] = DIV_ROUND_UP(g->in_h, g->vsub);
            g->row_bytes[p] = DIV_ROUND_UP(g->in_w, g->hsub);
        }
    }
    if (!g->in_w || !g->in_h) {
        return "empty input (IN_GS)";
    }
    if (!g->out_w || !g->out_h) {
        return "empty output (OUT_GS)";
    }
    return NULL;
}

/* Is [addr, addr + len) plain RAM of the DMA address space? */
static bool ipu_range_is_ram(IngenicIPUState *s, uint64_t addr, uint64_t len)
{
    MemoryRegionSection sec;
    bool ok;

    if (addr + len > (1ull << 32)) {
        return false;
    }
    sec = memory_region_find(s->dma_mr, addr, len);
    if (!sec.mr) {
        return false;
    }
    ok = memory_region_is_ram(sec.mr) && int128_get64(sec.size) == len;
    memory_region_unref(sec.mr);
    return ok;
}

/* ------------------------------------------------------------------------ */
/* Frame engine (called by the LCDC)                                         */

static bool ipu_runs(IngenicIPUState *s)
{
    uint32_t ctrl = s->regs[R_IPU_CTRL];

    return (ctrl & R_IPU_CTRL_CHIP_EN_MASK) && (ctrl & R_IPU_CTRL_RUN_MASK) &&
           (ctrl & R_IPU_CTRL_LCDC_SEL_MASK) &&
           !(ctrl & R_IPU_CTRL_STOP_MASK) &&
           !ipu_clock_gated(s);
}

/* Check the latched frame: geometry, LUTs, DMA. False: show nothing. */
static bool ipu_check_frame(IngenicIPUState *s)
{
    IngenicIPUFrame *f = &s->frame;
    uint32_t ctrl = f->regs[R_IPU_CTRL];
    const char *why;
    IPUGeom g;

    why = ipu_geometry(f->regs, &g);
    if (why) {
        if (ipu_once(s, ONCE_GEOMETRY)) {
            qemu_log_mask(LOG_GUEST_ERROR, "ingenic-ipu: %s: nothing shown\n",
                          why);
        }
        return false;
    }
    if ((g.out_w != f->f1_w || g.out_h != f->f1_h) &&
        ipu_once(s, ONCE_SIZE)) {
        qemu_log_mask(LOG_GUEST_ERROR, "ingenic-ipu: output %ux%u (OUT_GS) "
                      "differs from the LCDC's F1 size %ux%u\n", g.out_w,
                      g.out_h, f->f1_w, f->f1_h);
    }
    if (FIELD_EX32(f->regs[R_IPU_D_FMT], IPU_D_FMT, OUT_FMT) !=
        INGENIC_IPU_OUT_FMT_RGB888 &&
        ipu_once(s, ONCE_OUT_FMT)) {
        qemu_log_mask(LOG_UNIMP, "ingenic-ipu: D_FMT.OUT_FMT %u not "
                      "modelled, RGB888 used\n",
                      FIELD_EX32(f->regs[R_IPU_D_FMT], IPU_D_FMT, OUT_FMT));
    }
    for (int d = 0; d < 2; d++) {
        bool en = ctrl & (d ? R_IPU_CTRL_VRSZ_EN_MASK
                            : R_IPU_CTRL_HRSZ_EN_MASK);
        uint32_t n = 1 + (d ? FIELD_EX32(f->regs[R_IPU_RSZ_COEF_INDEX],
                                         IPU_RSZ_COEF_INDEX, VE)
                            : FIELD_EX32(f->regs[R_IPU_RSZ_COEF_INDEX],
                                         IPU_RSZ_COEF_INDEX, HE));
        uint32_t words = ctrl & R_IPU_CTRL_ZOOM_SEL_MASK ? 2 * n : n;

        if (en && s->lut_wp[d] < words && ipu_once(s, ONCE_LUT_SHORT)) {
            qemu_log_mask(LOG_GUEST_ERROR, "ingenic-ipu: %s resize uses %u "
                          "LUT words, only %u written\n", d ? "V" : "H",
                          words, s->lut_wp[d]);
        }
    }
    for (unsigned p = 0; p < g.nplanes; p++) {
        uint64_t len = (uint64_t)(g.rows[p] - 1) * g.stride[p] +
                       g.row_bytes[p];

        if (!ipu_range_is_ram(s, g.addr[p], len)) {
            /* Frame after frame the same plane: one finding */
            if (!s->dma_reported || s->dma_bad_addr != g.addr[p]) {
                ipu_finding("dma-outside-ram", "plane %u at 0x%08x (+0x%"
                            PRIx64 " bytes) is not RAM: frame not shown", p,
                            g.addr[p], len);
            }
            s->dma_reported = true;
            s->dma_bad_addr = g.addr[p];
            return false;
        }
    }
    s->dma_reported = false;
    return true;
}

static void ipu_frame_start(void *opaque, uint32_t width, uint32_t height)
{
    IngenicIPUState *s = opaque;
    uint32_t ctrl = s->regs[R_IPU_CTRL];

    s->frame_active = ipu_runs(s);
    trace_ingenic_ipu_frame_start(s->frame_active, width, height,
                                  s->regs[R_IPU_Y_ADDR], s->regs[R_IPU_U_ADDR],
                                  s->regs[R_IPU_V_ADDR]);
    if (!s->frame_active) {
        if ((ctrl & R_IPU_CTRL_CHIP_EN_MASK) && (ctrl & R_IPU_CTRL_RUN_MASK) &&
            !(ctrl & R_IPU_CTRL_LCDC_SEL_MASK) && ipu_once(s, ONCE_MEM_MODE)) {
            qemu_log_mask(LOG_UNIMP, "ingenic-ipu: memory output mode "
                          "(CTRL.LCDC_SEL = 0) not modelled\n");
        }
        s->frame.valid = false;
        return;
    }
    memcpy(s->frame.regs, s->regs, sizeof(s->frame.regs));
    memcpy(s->frame.lut, s->lut, sizeof(s->frame.lut));
    s->frame.f1_w = width;
    s->frame.f1_h = height;
    s->frame.valid = ipu_check_frame(s);
}

static void ipu_frame_end(void *opaque, bool completed)
{
    IngenicIPUState *s = opaque;

    if (!s->frame_active) {
        return;
    }
    s->frame_active = false;
    if (completed && (s->regs[R_IPU_CTRL] & R_IPU_CTRL_CHIP_EN_MASK) &&
        !ipu_clock_gated(s)) {
        s->regs[R_IPU_STATUS] |= R_IPU_STATUS_OUT_END_MASK;
        if (s->regs[R_IPU_CTRL] & R_IPU_CTRL_STOP_MASK) {
            s->regs[R_IPU_CTRL] &= ~R_IPU_CTRL_RUN_MASK;
        }
    }
    trace_ingenic_ipu_frame_end(completed, s->regs[R_IPU_STATUS]);
    ipu_update_irq(s);
}

/* ------------------------------------------------------------------------ */
/* Rendering (display refresh; reads guest RAM only)                         */

typedef struct IPUTaps {
    int32_t pos;                /* source sample p */
    int16_t w[4];               /* weights of p-1, p, p+1, p+2 */
} IPUTaps;

/* Source positions and weights of @out_n output samples along one axis */
static void ipu_axis(const IngenicIPUFrame *f, int dir, uint32_t out_n,
                     IPUTaps *t)
{
    uint32_t ctrl = f->regs[R_IPU_CTRL];
    bool en = ctrl & (dir ? R_IPU_CTRL_VRSZ_EN_MASK : R_IPU_CTRL_HRSZ_EN_MASK);
    bool bicubic = ctrl & R_IPU_CTRL_ZOOM_SEL_MASK;
    uint32_t n = 1 + (dir ? FIELD_EX32(f->regs[R_IPU_RSZ_COEF_INDEX],
                                       IPU_RSZ_COEF_INDEX, VE)
                          : FIELD_EX32(f->regs[R_IPU_RSZ_COEF_INDEX],
                                       IPU_RSZ_COEF_INDEX, HE));
    const uint32_t *lut = f->lut[dir];
    int32_t p = 0;

    for (uint32_t i = 0; i < out_n; i++) {
        uint32_t e = i % n, off;

        if (!en) {
            t[i].pos = i;
            t[i].w[0] = 0;
            t[i].w[1] = FIXED_ONE;
            t[i].w[2] = 0;
            t[i].w[3] = 0;
            continue;
        }
        if (bicubic) {
            uint32_t a = lut[2 * e], b = lut[2 * e + 1];

            t[i].w[0] = FIELD_SEX32(a, IPU_LUT, W0);
            t[i].w[1] = FIELD_SEX32(a, IPU_LUT, W1);
            t[i].w[2] = FIELD_SEX32(b, IPU_LUT, W0);
            t[i].w[3] = FIELD_SEX32(b, IPU_LUT, W1);
            off = FIELD_EX32(b, IPU_LUT, OFFSET);
        } else {
            uint32_t a = lut[e];
            int32_t w = FIELD_SEX32(a, IPU_LUT, W0);

            t[i].w[0] = 0;
            t[i].w[1] = w;
            t[i].w[2] = FIXED_ONE - w;
            t[i].w[3] = 0;
            off = FIELD_EX32(a, IPU_LUT, OFFSET);
        }
        t[i].pos = p;
        p += off;
    }
}

static inline uint8_t ipu_clamp8(int32_t v)
{
    return v < 0 ? 0 : v > 255 ? 255 : v;
}

static inline uint8_t ipu_filter_round(int32_t sum)
{
    sum += 256;
    return sum < 0 ? 0 : ipu_clamp8(sum >> 9);
}

static inline uint8_t ipu_csc_round(int32_t sum)
{
    sum += 512;
    return sum < 0 ? 0 : ipu_clamp8(sum >> 10);
}

static inline uint32_t ipu_e5(uint32_t v)
{
    return (v << 3) | (v >> 2);
}

static inline uint32_t ipu_e6(uint32_t v)
{
    return (v << 2) | (v >> 4);
}

/* Byte index of Y0, Y1, U, V in a 4-byte group, per D_FMT[3:2] */
static const uint8_t ipu_yuv422_order[4][4] = {
    { 1, 3, 2, 0 },     /* V Y0 U Y1 */
    { 1, 3, 0, 2 },     /* U Y0 V Y1 */
    { 0, 2, 3, 1 },     /* Y0 V Y1 U */
    { 0, 2, 1, 3 },     /* Y0 U Y1 V */
};

typedef struct IPURender {
    IngenicIPUState *s;
    const IngenicIPUFrame *f;
    IPUGeom g;
    uint8_t *raw[3];            /* one line of each plane */
    uint8_t *src;               /* converted source line, in_w x 3 */
    uint8_t *slot[4];           /* H-scaled lines, out_w x 3 */
    int64_t tag[4];
    IPUTaps *h, *v;
    uint32_t out_w;
} IPURender;

static void ipu_read_line(IPURender *r, unsigned p, uint32_t line)
{
    uint64_t a = r->g.addr[p] + (uint64_t)line * r->g.stride[p];

    if (address_space_read(&r->s->dma_as, a, MEMTXATTRS_UNSPECIFIED,
                           r->raw[p], r->g.row_bytes[p]) != MEMTX_OK) {
        memset(r->raw[p], 0, r->g.row_bytes[p]);
    }
}

/* Source line @y -> r->src (8-bit R, G, B per pixel) */
static void ipu_convert_line(IPURender *r, uint32_t y)
{
    const uint32_t *regs = r->f->regs;
    const IPUGeom *g = &r->g;
    bool csc = regs[R_IPU_CTRL] & R_IPU_CTRL_CSC_EN_MASK;
    int32_t c0 = regs[R_IPU_CSC_C0], c1 = regs[R_IPU_CSC_C1];
    int32_t c2 = regs[R_IPU_CSC_C2], c3 = regs[R_IPU_CSC_C3];
    int32_t c4 = regs[R_IPU_CSC_C4];
    int32_t luma = FIELD_EX32(regs[R_IPU_CSC_OFFSET], IPU_CSC_OFFSET, LUMA);
    int32_t chroma = FIELD_EX32(regs[R_IPU_CSC_OFFSET], IPU_CSC_OFFSET, CHROMA);
    const uint8_t *ord =
        ipu_yuv422_order[FIELD_EX32(regs[R_IPU_D_FMT], IPU_D_FMT, YUV_OFT)];

    ipu_read_line(r, 0, y);
    if (!g->packed) {
        ipu_read_line(r, 1, y / g->vsub);
        ipu_read_line(r, 2, y / g->vsub);
    }
    for (uint32_t x = 0; x < g->in_w; x++) {
        const uint8_t *b;
        uint32_t v, k0, k1, k2;
        uint8_t *d = r->src + 3 * x;

        if (!g->packed) {
            k0 = r->raw[0][x];
            k1 = r->raw[1][x / g->hsub];
            k2 = r->raw[2][x / g->hsub];
        } else {
            switch (g->in_fmt) {
            case INGENIC_IPU_IN_FMT_RGB555:
                v = lduw_le_p(r->raw[0] + 2 * x);
                k0 = ipu_e5(v >> 10 & 31);
                k1 = ipu_e5(v >> 5 & 31);
                k2 = ipu_e5(v & 31);
                break;
            case INGENIC_IPU_IN_FMT_PACKED_YUV422:
                b = r->raw[0] + 4 * (x / 2);
                k0 = b[ord[x & 1]];
                k1 = b[ord[2]];
                k2 = b[ord[3]];
                break;
            case INGENIC_IPU_IN_FMT_RGB888:
                b = r->raw[0] + 4 * x;
                k0 = b[2];
                k1 = b[1];
                k2 = b[0];
                break;
            default:
                v = lduw_le_p(r->raw[0] + 2 * x);
                k0 = ipu_e5(v >> 11 & 31);
                k1 = ipu_e6(v >> 5 & 63);
                k2 = ipu_e5(v & 31);
                break;
            }
        }
        if (csc) {
            int32_t yy = (int32_t)k0 - luma;
            int32_t uu = (int32_t)k1 - chroma;
            int32_t vv = (int32_t)k2 - chroma;

            d[0] = ipu_csc_round(c0 * yy + c1 * vv);
            d[1] = ipu_csc_round(c0 * yy - c2 * uu - c3 * vv);
            d[2] = ipu_csc_round(c0 * yy + c4 * uu);
        } else {
            d[0] = k0;
            d[1] = k1;
            d[2] = k2;
        }
    }
}

static inline uint32_t ipu_clamp_pos(int64_t p, uint32_t n)
{
    return p < 0 ? 0 : p >= n ? n - 1 : p;
}

/* Source line @y, converted and scaled horizontally, from the line cache */
static const uint8_t *ipu_hline(IPURender *r, uint32_t y)
{
    unsigned k = y & 3;
    uint8_t *d = r->slot[k];

    if (r->tag[k] == y) {
        return d;
    }
    ipu_convert_line(r, y);
    for (uint32_t x = 0; x < r->out_w; x++) {
        const IPUTaps *t = &r->h[x];
        const uint8_t *s[4];

        for (int i = 0; i < 4; i++) {
            s[i] = r->src + 3 * ipu_clamp_pos((int64_t)t->pos - 1 + i,
                                              r->g.in_w);
        }
        for (int c = 0; c < 3; c++) {
            d[3 * x + c] = ipu_filter_round(t->w[0] * s[0][c] +
                                            t->w[1] * s[1][c] +
                                            t->w[2] * s[2][c] +
                                            t->w[3] * s[3][c]);
        }
    }
    r->tag[k] = y;
    return d;
}

/* Bit position (23, 15, 7 down) of output components R, G, B, per D_FMT */
static const uint8_t ipu_out_shift[6][3] = {
    { 16, 8, 0 },   /* RGB */
    { 16, 0, 8 },   /* RBG */
    { 0, 16, 8 },   /* GBR */
    { 8, 16, 0 },   /* GRB */
    { 8, 0, 16 },   /* BRG */
    { 0, 8, 16 },   /* BGR */
};

/* Output line @y: scale vertically the H-scaled source lines around it */
static void ipu_render_line(IPURender *r, uint32_t y, unsigned oft,
                            uint32_t *d)
{
    const IPUTaps *t = &r->v[y];
    const uint8_t *l[4];

    for (int i = 0; i < 4; i++) {
        l[i] = ipu_hline(r, ipu_clamp_pos((int64_t)t->pos - 1 + i,
                                          r->g.in_h));
    }
    for (uint32_t x = 0; x < r->out_w; x++) {
        uint32_t px = 0;

        for (int c = 0; c < 3; c++) {
            uint32_t i = 3 * x + c;

            px |= (uint32_t)ipu_filter_round(t->w[0] * l[0][i] +
                                             t->w[1] * l[1][i] +
                                             t->w[2] * l[2][i] +
                                             t->w[3] * l[3][i])
                  << ipu_out_shift[oft][c];
        }
        d[x] = px;
    }
}

/* Line buffers and taps of a render of @out_h lines */
static void ipu_render_alloc(IPURender *r, uint32_t out_h)
{
    for (unsigned p = 0; p < r->g.nplanes; p++) {
        r->raw[p] = g_malloc(r->g.row_bytes[p]);
    }
    r->src = g_malloc(r->g.in_w * 3);
    for (int k = 0; k < 4; k++) {
        r->slot[k] = g_malloc(r->out_w * 3);
        r->tag[k] = -1;
    }
    r->h = g_new(IPUTaps, r->out_w);
    r->v = g_new(IPUTaps, out_h);
    ipu_axis(r->f, 0, r->out_w, r->h);
    ipu_axis(r->f, 1, out_h, r->v);
}

static void ipu_render_free(IPURender *r)
{
    for (unsigned p = 0; p < r->g.nplanes; p++) {
        g_free(r->raw[p]);
    }
    g_free(r->src);
    for (int k = 0; k < 4; k++) {
        g_free(r->slot[k]);
    }
    g_free(r->h);
    g_free(r->v);
}

/* Render the latched frame into s->out; false if there is nothing to show */
static bool ipu_render(IngenicIPUState *s)
{
    const IngenicIPUFrame *f = &s->frame;
    IPURender r = { .s = s, .f = f };
    unsigned oft = FIELD_EX32(f->regs[R_IPU_D_FMT], IPU_D_FMT, RGB_OUT_OFT);
    uint32_t out_h;

    if (!f->valid || ipu_geometry(f->regs, &r.g)) {
        return false;
    }
    if (oft >= ARRAY_SIZE(ipu_out_shift)) {
        if (ipu_once(s, ONCE_OUT_OFT)) {
            qemu_log_mask(LOG_GUEST_ERROR, "ingenic-ipu: reserved D_FMT."
                          "RGB_OUT_OFT %u, RGB used\n", oft);
        }
        oft = 0;
    }
    r.out_w = MIN(MIN(r.g.out_w, f->f1_w), INGENIC_LCDC_MAX_DIM);
    out_h = MIN(MIN(r.g.out_h, f->f1_h), INGENIC_LCDC_MAX_DIM);
    if (!r.out_w || !out_h) {
        return false;
    }
    trace_ingenic_ipu_render(r.g.in_w, r.g.in_h, r.out_w, out_h);

    ipu_render_alloc(&r, out_h);
    if (s->out_w * s->out_h != r.out_w * out_h) {
        g_free(s->out);
        s->out = g_new(uint32_t, r.out_w * out_h);
    }
    s->out_w = r.out_w;
    s->out_h = out_h;
    for (uint32_t y = 0; y < out_h; y++) {
        ipu_render_line(&r, y, oft, s->out + y * r.out_w);
    }
    ipu_render_free(&r);
    return true;
}

/*
 * Dirty tracking of the input planes: a memory section per plane of the
 * latched frame, with dirty logging (DIRTY_MEMORY_VGA) on its RAM.
 */
static void ipu_track_planes(IngenicIPUState *s, const IPUGeom *g)
{
    for (unsigned p = 0; p < ARRAY_SIZE(s->plane_sec); p++) {
        uint32_t addr = 0, len = 0;

        if (p < g->nplanes) {
            addr = g->addr[p];
            len = (g->rows[p] - 1) * g->stride[p] + g->row_bytes[p];
        }
        if (addr == s->plane_addr[p] && len == s->plane_len[p] &&
            (!len || s->plane_sec[p].mr)) {
            continue;
        }
        if (len) {
            framebuffer_update_memory_section(&s->plane_sec[p], s->dma_mr,
                                              addr, 1, len);
        } else if (s->plane_sec[p].mr) {
            memory_region_set_log(s->plane_sec[p].mr, false,
                                  DIRTY_MEMORY_VGA);
            memory_region_unref(s->plane_sec[p].mr);
            s->plane_sec[p].mr = NULL;
        }
        s->plane_addr[p] = addr;
        s->plane_len[p] = len;
        s->stale = true;        /* no dirty history for a new section */
    }
}

/* Did the guest write to an input plane since the last check? */
static bool ipu_planes_dirty(IngenicIPUState *s)
{
    bool dirty = false;

    for (unsigned p = 0; p < ARRAY_SIZE(s->plane_sec); p++) {
        MemoryRegionSection *sec = &s->plane_sec[p];
        DirtyBitmapSnapshot *snap;

        if (!sec->mr) {
            continue;
        }
        snap = memory_region_snapshot_and_clear_dirty(sec->mr,
                                                      sec->offset_within_region,
                                                      s->plane_len[p],
                                                      DIRTY_MEMORY_VGA);
        dirty |= memory_region_snapshot_get_dirty(sec->mr, snap,
                                                  sec->offset_within_region,
                                                  s->plane_len[p]);
        g_free(snap);
    }
    return dirty;
}

/* Is s->out what the latched frame shows now? */
static bool ipu_out_current(IngenicIPUState *s)
{
    return s->out_valid && !s->stale &&
           !memcmp(&s->frame, &s->rendered, sizeof(s->frame));
}

/*
 * Display refresh (the LCDC's "changed" callback): true if F1 may differ
 * from the last refresh: another frame configuration (a page flip is a new
 * Y_ADDR), a write to the planes' memory, or the picture going away.
 */
static bool ipu_changed(void *opaque)
{
    IngenicIPUState *s = opaque;
    IPUGeom g;

    if (!s->frame.valid || ipu_geometry(s->frame.regs, &g)) {
        bool shown = s->out_valid;

        s->out_valid = false;
        return shown;
    }
    ipu_track_planes(s, &g);
    if (ipu_planes_dirty(s)) {
        s->stale = true;
    }
    return !ipu_out_current(s);
}

static bool ipu_draw_line(void *opaque, uint32_t y, uint32_t width,
                          uint32_t *dst)
{
    IngenicIPUState *s = opaque;

    if (!s->frame.valid) {
        return false;
    }
    if (!ipu_out_current(s)) {
        s->out_valid = ipu_render(s);
        s->stale = false;
        memcpy(&s->rendered, &s->frame, sizeof(s->rendered));
    }
    if (!s->out_valid) {
        return false;
    }
    for (uint32_t x = 0; x < width; x++) {
        dst[x] = (y < s->out_h && x < s->out_w) ? s->out[y * s->out_w + x]
                                                : 0;
    }
    return true;
}

/* ------------------------------------------------------------------------ */
/* Register access                                                           */

static void ipu_block_reset(IngenicIPUState *s)
{
    s->dma_reported = false;
    memset(s->regs, 0, sizeof(s->regs));
    memset(s->lut, 0, sizeof(s->lut));
    s->lut_wp[0] = s->lut_wp[1] = 0;
    s->frame_active = false;
}

static void ipu_write_ctrl(IngenicIPUState *s, uint32_t value)
{
    if (value & R_IPU_CTRL_RST_MASK) {
        trace_ingenic_ipu_reset("CTRL.RST");
        ipu_block_reset(s);
        return;
    }
    value &= CTRL_VALID;
    if (value & (R_IPU_CTRL_UNIMP_MASK | R_IPU_CTRL_UNIMP2_MASK) &&
        ipu_once(s, ONCE_UNIMP_CTRL)) {
        qemu_log_mask(LOG_UNIMP, "ingenic-ipu: CTRL bits 0x%08x (page maps, "
                      "field, burst, address modes) not modelled\n",
                      value & (R_IPU_CTRL_UNIMP_MASK | R_IPU_CTRL_UNIMP2_MASK));
    }
    s->regs[R_IPU_CTRL] = value;
}

static void ipu_write_lut(IngenicIPUState *s, int dir, uint32_t value)
{
    if (value & R_IPU_LUT_START_MASK) {
        s->lut_wp[dir] = 0;
        s->log_once &= ~(ONCE_LUT_FULL | ONCE_LUT_SHORT);
        return;
    }
    if (s->lut_wp[dir] >= INGENIC_IPU_LUT_WORDS) {
        if (ipu_once(s, ONCE_LUT_FULL)) {
            qemu_log_mask(LOG_GUEST_ERROR, "ingenic-ipu: %s resize LUT full "
                          "(%d words), write 0x%08x ignored\n",
                          dir ? "V" : "H", INGENIC_IPU_LUT_WORDS, value);
        }
        return;
    }
    s->lut[dir][s->lut_wp[dir]++] = value;
}

static const char *ipu_reg_name(hwaddr offset)
{
    if ((offset & 3) || offset >= INGENIC_IPU_NUM_REGS * 4) {
        return NULL;
    }
    return ipu_reg_names[offset >> 2];
}

static uint64_t ipu_read(void *opaque, hwaddr offset, unsigned size)
{
    IngenicIPUState *s = opaque;
    const char *name = ipu_reg_name(offset);
    uint32_t val = 0;

    if (!name) {
        qemu_log_mask(LOG_GUEST_ERROR, "%s: bad offset 0x%03" HWADDR_PRIx
                      "\n", __func__, offset);
    } else if (offset == A_IPU_HRSZ_LUT || offset == A_IPU_VRSZ_LUT) {
        qemu_log_mask(LOG_GUEST_ERROR, "%s: %s is write-only\n", __func__,
                      name);
    } else {
        val = s->regs[offset >> 2];
    }
    trace_ingenic_ipu_read(offset, name ? name : "?", val);
    if (ipu_clock_gated(s)) {
        ipu_finding("gated-access",
                    "read %s (0x%03x) = 0x%08x while the IPU clock "
                    "is stopped", name ? name : "?",
                    (unsigned)offset, val);
    }
    return val;
}

static void ipu_write(void *opaque, hwaddr offset, uint64_t value64,
                      unsigned size)
{
    IngenicIPUState *s = opaque;
    const char *name = ipu_reg_name(offset);
    uint32_t value = value64;

    trace_ingenic_ipu_write(offset, name ? name : "?", value);
    if (ipu_clock_gated(s)) {
        ipu_finding("gated-access",
                    "write 0x%08x to %s (0x%03x) while the IPU clock "
                    "is stopped", value, name ? name : "?",
                    (unsigned)offset);
    }
    if (!name) {
        qemu_log_mask(LOG_GUEST_ERROR, "%s: bad offset 0x%03" HWADDR_PRIx
                      " (value 0x%08x)\n", __func__, offset, value);
        return;
    }
    switch (offset) {
    case A_IPU_CTRL:
        ipu_write_ctrl(s, value);
        break;
    case A_IPU_STATUS:
        s->regs[R_IPU_STATUS] &= value & STATUS_VALID;
        break;
    case A_IPU_HRSZ_LUT:
        ipu_write_lut(s, 0, value);
        break;
    case A_IPU_VRSZ_LUT:
        ipu_write_lut(s, 1, value);
        break;
    default:
        if (value & ~ipu_reg_mask[offset >> 2]) {
            qemu_log_mask(LOG_GUEST_ERROR, "%s: %s: bits 0x%08x are not "
                          "defined, ignored\n", __func__, name,
                          value & ~ipu_reg_mask[offset >> 2]);
        }
        s->regs[offset >> 2] = value & ipu_reg_mask[offset >> 2];
        break;
    }
    ipu_update_irq(s);
}

static const MemoryRegionOps ipu_ops = {
    .read = ipu_read,
    .write = ipu_write,
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

static void ipu_clock_update(void *opaque, ClockEvent event)
{
    IngenicIPUState *s = opaque;

    trace_ingenic_ipu_clock(clock_get_hz(s->clk), clock_is_enabled(s->clk));
}

/* ------------------------------------------------------------------------ */
/* Reset, migration, QOM                                                     */

static void ipu_reset_enter(Object *obj, ResetType type)
{
    IngenicIPUState *s = INGENIC_IPU(obj);
    uint32_t ctrl = s->regs[R_IPU_CTRL];

    if ((ctrl & R_IPU_CTRL_CHIP_EN_MASK) && (ctrl & R_IPU_CTRL_RUN_MASK)) {
        ipu_finding("active-at-reset",
                    "system reset while the IPU runs (CTRL=0x%08x "
                    "STATUS=0x%08x Y_ADDR=0x%08x%s)", ctrl,
                    s->regs[R_IPU_STATUS], s->regs[R_IPU_Y_ADDR],
                    (ctrl & R_IPU_CTRL_STOP_MASK) ? ", stop pending" : "");
    }
    trace_ingenic_ipu_reset("system reset");
    ipu_block_reset(s);
    s->frame.valid = false;
    s->out_valid = false;
    s->log_once = 0;
}

static void ipu_reset_hold(Object *obj, ResetType type)
{
    IngenicIPUState *s = INGENIC_IPU(obj);

    ipu_update_irq(s);
}

static int ipu_post_load(void *opaque, int version_id)
{
    IngenicIPUState *s = opaque;

    if (s->lut_wp[0] > INGENIC_IPU_LUT_WORDS ||
        s->lut_wp[1] > INGENIC_IPU_LUT_WORDS) {
        return -EINVAL;
    }
    s->out_valid = false;
    s->irq_level = -1;
    ipu_update_irq(s);
    return 0;
}

static const VMStateDescription vmstate_ipu_frame = {
    .name = "ingenic-ipu/frame",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_BOOL(valid, IngenicIPUFrame),
        VMSTATE_UINT32(f1_w, IngenicIPUFrame),
        VMSTATE_UINT32(f1_h, IngenicIPUFrame),
        VMSTATE_UINT32_ARRAY(regs, IngenicIPUFrame, INGENIC_IPU_NUM_REGS),
        VMSTATE_UINT32_2DARRAY(lut, IngenicIPUFrame, 2,
                               INGENIC_IPU_LUT_WORDS),
        VMSTATE_END_OF_LIST()
    }
};

static const VMStateDescription vmstate_ipu = {
    .name = TYPE_INGENIC_IPU,
    .version_id = 1,
    .minimum_version_id = 1,
    .post_load = ipu_post_load,
    .fields = (const VMStateField[]) {
        VMSTATE_CLOCK(clk, IngenicIPUState),
        VMSTATE_UINT32_ARRAY(regs, IngenicIPUState, INGENIC_IPU_NUM_REGS),
        VMSTATE_UINT32_2DARRAY(lut, IngenicIPUState, 2,
                               INGENIC_IPU_LUT_WORDS),
        VMSTATE_UINT32_ARRAY(lut_wp, IngenicIPUState, 2),
        VMSTATE_BOOL(frame_active, IngenicIPUState),
        VMSTATE_STRUCT(frame, IngenicIPUState, 1, vmstate_ipu_frame,
                       IngenicIPUFrame),
        VMSTATE_END_OF_LIST()
    }
};

static void ipu_init(Object *obj)
{
    IngenicIPUState *s = INGENIC_IPU(obj);
    SysBusDevice *sbd = SYS_BUS_DEVICE(obj);

    memory_region_init_io(&s->iomem, obj, &ipu_ops, s, TYPE_INGENIC_IPU,
                          INGENIC_IPU_MMIO_SIZE);
    sysbus_init_mmio(sbd, &s->iomem);
    sysbus_init_irq(sbd, &s->irq);
    s->clk = qdev_init_clock_in(DEVICE(obj), "clk", ipu_clock_update, s,
                                ClockUpdate);
    s->irq_level = -1;
}

static void ipu_realize(DeviceState *dev, Error **errp)
{
    IngenicIPUState *s = INGENIC_IPU(dev);

    if (!s->dma_mr) {
        error_setg(errp, "%s: link property 'dma-mr' not set",
                   TYPE_INGENIC_IPU);
        return;
    }
    address_space_init(&s->dma_as, s->dma_mr, TYPE_INGENIC_IPU "-dma");
    s->source.opaque = s;
    s->source.frame_start = ipu_frame_start;
    s->source.frame_end = ipu_frame_end;
    s->source.draw_line = ipu_draw_line;
    s->source.changed = ipu_changed;
    if (s->lcdc) {
        ingenic_lcdc_set_ipu_source(s->lcdc, &s->source);
    }
}

static const Property ipu_properties[] = {
    DEFINE_PROP_LINK("dma-mr", IngenicIPUState, dma_mr, TYPE_MEMORY_REGION,
                     MemoryRegion *),
    DEFINE_PROP_LINK("lcdc", IngenicIPUState, lcdc, TYPE_INGENIC_LCDC,
                     IngenicLCDCState *),
};

static void ipu_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    ResettableClass *rc = RESETTABLE_CLASS(klass);

    dc->desc = "Ingenic JZ4760/JZ4770 image processing unit";
    dc->realize = ipu_realize;
    dc->vmsd = &vmstate_ipu;
    set_bit(DEVICE_CATEGORY_DISPLAY, dc->categories);
    device_class_set_props(dc, ipu_properties);
    rc->phases.enter = ipu_reset_enter;
    rc->phases.hold = ipu_reset_hold;
}

static const TypeInfo ipu_info = {
    .name = TYPE_INGENIC_IPU,
    .parent = TYPE_SYS_BUS_DEVICE,
    .instance_size = sizeof(IngenicIPUState),
    .instance_init = ipu_init,
    .class_init = ipu_class_init,
};

static void ipu_register_types(void)
{
    type_register_static(&ipu_info);
}

type_init(ipu_register_types)
