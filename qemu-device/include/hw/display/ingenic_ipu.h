/*
 * Ingenic JZ4760/JZ4770 Image Processing Unit (IPU)
 *
 * See hw/display/ingenic_ipu.c for what is modelled and the choices made.
 * This header exports the device state for the board.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef HW_DISPLAY_INGENIC_IPU_H
#define HW_DISPLAY_INGENIC_IPU_H

#include "hw/sysbus.h"
#include "exec/memory.h"
#include "hw/display/ingenic_lcdc.h"
#include "hw/display/ingenic_ipu_regs.h"
#include "qom/object.h"

#define TYPE_INGENIC_IPU "ingenic-ipu"
OBJECT_DECLARE_SIMPLE_TYPE(IngenicIPUState, INGENIC_IPU)

/* Register file 0x00..0x60 (the driver's regmap max_register is 0x60) */
#define INGENIC_IPU_NUM_REGS        (0x64 / 4)
/* Resize LUT: up to 32 entries of two words (bicubic) per direction */
#define INGENIC_IPU_LUT_WORDS       64

/* What one frame converts: the registers and LUTs latched at frame start */
typedef struct IngenicIPUFrame {
    bool valid;                 /* the IPU runs in this LCDC frame */
    uint32_t f1_w, f1_h;        /* the LCDC's F1 size (LCDSIZE1) */
    uint32_t regs[INGENIC_IPU_NUM_REGS];
    uint32_t lut[2][INGENIC_IPU_LUT_WORDS];     /* [0] = H, [1] = V */
} IngenicIPUFrame;

struct IngenicIPUState {
    SysBusDevice parent_obj;

    MemoryRegion iomem;
    qemu_irq irq;
    Clock *clk;

    /* links */
    MemoryRegion *dma_mr;
    AddressSpace dma_as;
    IngenicLCDCState *lcdc;
    IngenicLCDCLayerSource source;

    /* guest-visible state */
    uint32_t regs[INGENIC_IPU_NUM_REGS];
    uint32_t lut[2][INGENIC_IPU_LUT_WORDS];
    uint32_t lut_wp[2];         /* words written since the last START */

    /* frame engine */
    bool frame_active;          /* the IPU runs in this LCDC frame */
    IngenicIPUFrame frame;

    /* display (host side, not migrated) */
    uint32_t *out;              /* rendered frame, out_w x out_h XRGB8888 */
    uint32_t out_w, out_h;
    bool out_valid;             /* @out shows @rendered */
    bool stale;                 /* ... but the planes' RAM changed since */
    IngenicIPUFrame rendered;
    MemoryRegionSection plane_sec[3];   /* dirty tracking of the planes */
    uint32_t plane_addr[3], plane_len[3];
    int irq_level;
    bool dma_reported;          /* the last frame's plane at ... */
    uint32_t dma_bad_addr;      /* ... was not RAM */
    uint32_t log_once;
};

#endif
