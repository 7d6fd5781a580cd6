/*
 * Ingenic JZ4770 CGU/CPM (clock generation unit)
 *
 * Register map, QEMU interface and a small C API, shared by
 * hw/misc/ingenic_cgu.c, the other JZ4770 models and
 * tests/qtest/ingenic-cgu-test.c. See the model for the behaviour.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef HW_MISC_INGENIC_CGU_H
#define HW_MISC_INGENIC_CGU_H

#include "hw/sysbus.h"
#include "hw/clock.h"
#include "hw/registerfields.h"
#include "qom/object.h"

#define TYPE_INGENIC_JZ4770_CGU "ingenic-jz4770-cgu"
#define TYPE_INGENIC_CGU TYPE_INGENIC_JZ4770_CGU
OBJECT_DECLARE_SIMPLE_TYPE(IngenicCGUState, INGENIC_CGU)

#define INGENIC_CGU_MMIO_SIZE   0x100
#define INGENIC_CGU_NUM_REGS    (INGENIC_CGU_MMIO_SIZE / 4)
#define INGENIC_CGU_EXT_HZ_DEFAULT  12000000

REG32(CPCCR, 0x00)
    FIELD(CPCCR, CDIV, 0, 4)
    FIELD(CPCCR, H0DIV, 4, 4)
    FIELD(CPCCR, PDIV, 8, 4)
    FIELD(CPCCR, C1DIV, 12, 4)
    FIELD(CPCCR, H2DIV, 16, 4)
    FIELD(CPCCR, CE, 22, 1)
    FIELD(CPCCR, H1DIV, 24, 4)
    FIELD(CPCCR, MEM, 30, 1)
REG32(LCR, 0x04)
REG32(CPPCR0, 0x10)
    FIELD(CPPCR0, EN, 8, 1)
    FIELD(CPPCR0, BYPASS, 9, 1)
    FIELD(CPPCR0, STABLE, 10, 1)
    FIELD(CPPCR0, BS, 31, 1)
/* PLL M/N/OD fields, the same in CPPCR0 and CPPCR1 */
REG32(CPPCR, 0x10)
    FIELD(CPPCR, OD, 16, 2)
    FIELD(CPPCR, N, 18, 5)
    FIELD(CPPCR, M, 24, 7)
REG32(CLKGR0, 0x20)
REG32(OPCR, 0x24)
    FIELD(OPCR, SPENDH, 5, 1)
    FIELD(OPCR, OTGPHY, 7, 1)
    FIELD(OPCR, RTC_OSC32K, 2, 1)
    FIELD(OPCR, C1CLK, 31, 1)
REG32(CLKGR1, 0x28)
REG32(CPPCR1, 0x30)
    FIELD(CPPCR1, STABLE, 6, 1)
    FIELD(CPPCR1, EN, 7, 1)
REG32(USBPCR, 0x3c)
REG32(USBRDT, 0x40)
REG32(USBVBFIL, 0x44)
REG32(USBPCR1, 0x48)
REG32(USB_RSVD, 0x4c)
REG32(USBCDR, 0x50)
REG32(I2SCDR, 0x60)
REG32(LPCDR, 0x64)
    FIELD(LPCDR, DIV, 0, 11)
    FIELD(LPCDR, PLL1, 29, 1)
REG32(MSC0CDR, 0x68)
REG32(UHCCDR, 0x6c)
REG32(SSICDR, 0x74)
REG32(CIMCDR, 0x7c)
REG32(GPSCDR, 0x80)
REG32(PCMCDR, 0x84)
REG32(GPUCDR, 0x88)
REG32(MSC1CDR, 0xa4)
REG32(MSC2CDR, 0xa8)
REG32(BCHCDR, 0xac)

/* Reset values: what the GCW Zero boot loader leaves (hw-contract 5.3) */
#define INGENIC_CGU_CPCCR_RESET     0x42441440u
#define INGENIC_CGU_CPPCR0_RESET    0xd4000100u /* + STABLE on reads */

/*
 * Gate numbers for ingenic_cgu_gate_is_open(): 0..31 are CLKGR0 bits,
 * 32..63 are CLKGR1 bits (1 = stopped in the registers).
 */
#define INGENIC_CGU_GATE_CLKGR1(bit)    (32 + (bit))
#define INGENIC_CGU_GATE_LCD            28
#define INGENIC_CGU_GATE_IPU            29

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

/* True if gate @gate (see INGENIC_CGU_GATE_*) lets its clock through */
bool ingenic_cgu_gate_is_open(IngenicCGUState *s, unsigned gate);

/* Current output rate of PLL @pll (0 or 1) in Hz, 0 if off */
uint64_t ingenic_cgu_pll_hz(IngenicCGUState *s, unsigned pll);

#endif
