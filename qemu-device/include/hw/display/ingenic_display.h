/*
 * Ingenic JZ4770 display pipeline: the LCDC and the IPU as the boards wire
 * them
 *
 * Both boards (hw/mips/ingenic_jz4770.c and hw/arm/ingenic_arm64.c) have
 * the JZ4770's LCDC and IPU at their JZ4770 addresses, clocked by the CGU,
 * DMA through the system memory and the IPU feeding the LCDC's foreground
 * 1; only the interrupt controller they report to differs.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef HW_DISPLAY_INGENIC_DISPLAY_H
#define HW_DISPLAY_INGENIC_DISPLAY_H

#include "hw/display/ingenic_ipu.h"
#include "hw/display/ingenic_lcdc.h"
#include "hw/misc/ingenic_cgu.h"

/* JZ4770 addresses */
#define INGENIC_JZ4770_CGU_BASE     0x10000000
#define INGENIC_JZ4770_LCDC_BASE    0x13050000
#define INGENIC_JZ4770_IPU_BASE     0x13080000

typedef struct IngenicDisplay {
    IngenicLCDCState lcdc;
    IngenicIPUState ipu;
} IngenicDisplay;

/* Add the LCDC and the IPU as children "lcdc" and "ipu" of @parent */
void ingenic_display_init(Object *parent, IngenicDisplay *d);

/*
 * Realize and map them: LCDC Clock "pclk" from @cgu's "lcd-pclk", IPU
 * "clk" from its "ipu-clk", both DMA-ing through @dma, the IPU linked to
 * the LCDC, their interrupts to @lcdc_irq and @ipu_irq.
 */
bool ingenic_display_realize(IngenicDisplay *d, IngenicCGUState *cgu,
                             MemoryRegion *dma, qemu_irq lcdc_irq,
                             qemu_irq ipu_irq, Error **errp);

#endif
