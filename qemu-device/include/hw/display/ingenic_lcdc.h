/*
 * Ingenic JZ47xx LCD controller (LCDC)
 *
 * See hw/display/ingenic_lcdc.c for what is modelled and the choices made.
 * This header exports the state (for the board and the IPU's "lcdc" link)
 * and the small hook through which the IPU feeds foreground 1.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef HW_DISPLAY_INGENIC_LCDC_H
#define HW_DISPLAY_INGENIC_LCDC_H

#include "hw/sysbus.h"
#include "exec/memory.h"
#include "qemu/notify.h"
#include "qemu/timer.h"
#include "hw/display/ingenic_lcdc_regs.h"
#include "qom/object.h"

#define TYPE_INGENIC_LCDC "ingenic-lcdc"
OBJECT_DECLARE_SIMPLE_TYPE(IngenicLCDCState, INGENIC_LCDC)

/* Register file 0x000..0x12c (one word per 32-bit register slot) */
#define INGENIC_LCDC_NUM_REGS       (0x130 / 4)
/* Frame descriptors that may feed one foreground in one frame */
#define INGENIC_LCDC_MAX_SEGS       8
/* Largest display area / foreground drawn (JZ4780: 4096x2048) */
#define INGENIC_LCDC_MAX_DIM        4096

/*
 * F1 fed by the IPU (LCDOSDCTRL bit 15, "IPU" mode).
 *
 * The IPU fills in one of these (it owns the storage, which must outlive the
 * attachment) and calls ingenic_lcdc_set_ipu_source(); NULL detaches it.
 * All callbacks run with the BQL held.
 *
 * @frame_start: virtual time, start of an LCDC frame in which F1 is enabled
 *     (OSDC.F1EN), fed by the IPU (OSDCTRL.IPU) and the controller is
 *     scanning. @width x @height is F1's size (LCDSIZE1), i.e. what the IPU
 *     output must match. The IPU latches its inputs (Y/U/V_ADDR ...) here.
 * @frame_end: virtual time; called exactly once after each @frame_start:
 *     @completed is true at the normal end of the frame (the IPU sets
 *     OUT_END and raises its IRQ), false when the frame was cut short
 *     (quick disable, reset, pixel clock gated) and never ended.
 * @draw_line: display refresh (host time, also for QMP screendump): write
 *     pixels [0, @width) of F1 line @y (0 <= y < height) as XRGB8888 into
 *     @dst. Return false if there is no image (F1 then shows the background
 *     colour). Must not change guest-visible state.
 * @changed: optional, display refresh: called once per refresh that shows
 *     F1 (full redraws included), before any @draw_line of it; return true
 *     if what @draw_line would draw may differ from the previous refresh.
 *     NULL = always redraw F1.
 * @opaque: passed to every callback.
 *
 * While OSDCTRL.IPU is set and no source is attached, F1 shows the
 * background colour (logged once as a guest error).
 */
typedef struct IngenicLCDCLayerSource {
    void *opaque;
    void (*frame_start)(void *opaque, uint32_t width, uint32_t height);
    void (*frame_end)(void *opaque, bool completed);
    bool (*draw_line)(void *opaque, uint32_t y, uint32_t width, uint32_t *dst);
    bool (*changed)(void *opaque);
} IngenicLCDCLayerSource;

void ingenic_lcdc_set_ipu_source(IngenicLCDCState *s,
                                 const IngenicLCDCLayerSource *src);

/* Property "variant": the SoC the controller is of */
typedef enum IngenicLCDCVariant {
    INGENIC_LCDC_JZ4770,
    INGENIC_LCDC_JZ4780,        /* 8-word descriptors, global alpha */
    INGENIC_LCDC_VARIANT__MAX,
} IngenicLCDCVariant;

/* One run of frame data: LEN words from SA of one frame descriptor */
typedef struct IngenicLCDCSegment {
    uint32_t addr;          /* physical (JZ47xx DMA addresses are 32-bit) */
    uint32_t len;           /* bytes */
} IngenicLCDCSegment;

/* What one foreground shows in the current frame (latched at frame start) */
typedef struct IngenicLCDCLayer {
    uint32_t fmt;           /* LCDC_FMT_*, 0 = not shown */
    uint32_t x, y, w, h;    /* position and size in the display area */
    uint32_t stride;        /* bytes per source line (packed lines) */
    uint32_t alpha;         /* 255 = opaque */
    uint32_t nsegs;
    IngenicLCDCSegment seg[INGENIC_LCDC_MAX_SEGS];
} IngenicLCDCLayer;

typedef struct IngenicLCDCScan {
    uint32_t disp_w, disp_h;    /* 0 = no valid display area */
    uint32_t bgc;               /* XRGB8888 */
    uint32_t palette_gen;       /* palette generation, when a C8 layer shows */
    IngenicLCDCLayer layer[2];  /* [0] = F0 (top), [1] = F1 */
} IngenicLCDCScan;

struct IngenicLCDCState {
    SysBusDevice parent_obj;

    MemoryRegion iomem;
    qemu_irq irq;
    Clock *pclk;
    QEMUTimer *frame_timer;
    Notifier shutdown_notifier;

    /* DMA */
    MemoryRegion *dma_mr;
    AddressSpace dma_as;

    /* properties */
    IngenicLCDCVariant variant;
    bool strict_clock;

    /* guest-visible state */
    uint32_t regs[INGENIC_LCDC_NUM_REGS];
    uint16_t palette[256];      /* RGB565, as loaded by a PAL descriptor */

    /* frame engine */
    bool running;               /* scanning: ENA=1 and no disable done */
    bool ipu_frame;             /* frame_start sent to the IPU source */
    uint32_t frame_events;      /* STATE/OSDS bits to set at frame end */
    uint32_t frame_iid;         /* FID for LCDIID at frame end */
    int64_t frame_end_ns;       /* deadline of the current frame */
    uint32_t palette_gen;
    IngenicLCDCScan scan;       /* what the current frame shows */

    /* display (host side, not migrated) */
    QemuConsole *con;
    const IngenicLCDCLayerSource *ipu;
    uint32_t palette32[256];
    IngenicLCDCScan drawn;
    int draw_mode;
    bool invalidate;
    MemoryRegionSection fbsection;
    MemoryRegionSection lsec[2];
    uint8_t *linebuf;
    uint32_t *pixbuf;
    bool ipu_missing_logged;
    uint32_t log_once;
    bool compose_overlap;
    int irq_level;
    bool walk_failed[2];        /* a finding in this frame's walk of ch n */
    char *walk_last[2];         /* the last walk finding of ch n */
};

#endif
