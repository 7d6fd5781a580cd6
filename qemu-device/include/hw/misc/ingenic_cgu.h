/*
 * Ingenic JZ4770 CGU/CPM (clock generation unit)
 *
 * QEMU interface and a small C API; the registers are in
 * ingenic_cgu_regs.h. See hw/misc/ingenic_cgu.c for the behaviour.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef HW_MISC_INGENIC_CGU_H
#define HW_MISC_INGENIC_CGU_H

#include "hw/sysbus.h"
#include "hw/clock.h"
#include "hw/misc/ingenic_cgu_regs.h"
#include "qom/object.h"

#define TYPE_INGENIC_CGU "ingenic-jz4770-cgu"
OBJECT_DECLARE_SIMPLE_TYPE(IngenicCGUState, INGENIC_CGU)

#define INGENIC_CGU_NUM_REGS    (INGENIC_CGU_MMIO_SIZE / 4)
#define INGENIC_CGU_EXT_HZ_DEFAULT  12000000

/*
 * QEMU interface:
 *  + property "ext-freq": EXT oscillator in Hz (default 12 MHz)
 *  + sysbus MMIO region 0: the 0x100 CPM window (USB PHY regs included)
 *  + Clock outputs:
 *    "ext"      the EXT oscillator
 *    "rtc"      EXT / 512, or 32768 Hz while OPCR bit 2 is set
 *    "pclk"     PLL0 / PDIV (APB peripheral clock)
 *    "lcd-pclk" PLL0 or PLL1 (LPCDR bit 29) / (LPCDR[10:0] + 1); period 0
 *               while CLKGR0 bit 28 is set or the selected PLL is off
 *    "ipu-clk"  h0clk = PLL0 / H0DIV; period 0 while CLKGR0 bit 29 is set
 */
struct IngenicCGUState {
    SysBusDevice parent_obj;

    MemoryRegion iomem;
    Clock *clk_ext;
    Clock *clk_rtc;
    Clock *clk_pclk;
    Clock *clk_lcd;
    Clock *clk_ipu;

    uint32_t ext_freq;
    uint32_t regs[INGENIC_CGU_NUM_REGS];
};

#endif
