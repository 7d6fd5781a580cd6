/*
 * Ingenic JZ4770 TCU (timer/counter unit with watchdog and OST)
 *
 * Register map and QEMU interface, shared by hw/timer/ingenic_tcu.c and
 * tests/qtest/ingenic-tcu-test.c. See the model for the behaviour.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef HW_TIMER_INGENIC_TCU_H
#define HW_TIMER_INGENIC_TCU_H

#include "hw/sysbus.h"
#include "hw/clock.h"
#include "hw/registerfields.h"
#include "qemu/timer.h"
#include "qom/object.h"

#define TYPE_INGENIC_TCU "ingenic-tcu"
OBJECT_DECLARE_SIMPLE_TYPE(IngenicTCUState, INGENIC_TCU)

#define INGENIC_TCU_MMIO_SIZE       0x1000
#define INGENIC_TCU_NUM_CHANNELS    8
#define INGENIC_TCU_NUM_IRQS        3

/* Counter units: channels 0..7, then the OST, then the watchdog */
#define INGENIC_TCU_UNIT_OST        INGENIC_TCU_NUM_CHANNELS
#define INGENIC_TCU_UNIT_WDT        (INGENIC_TCU_NUM_CHANNELS + 1)
#define INGENIC_TCU_NUM_UNITS       (INGENIC_TCU_NUM_CHANNELS + 2)

/* Bit positions shared by TER/TSR/TFR/TMR */
#define INGENIC_TCU_OST_BIT         15
#define INGENIC_TCU_WDT_BIT         16  /* TSR only */
#define INGENIC_TCU_HALF_SHIFT      16  /* TFR/TMR: half match of channel n */

#define INGENIC_TCU_TER_MASK        0x000080ffu
#define INGENIC_TCU_TSR_MASK        0x000180ffu
#define INGENIC_TCU_TFR_MASK        0x00ff80ffu

/*
 * IRQ routing (sysbus IRQ index -> JZ4770 INTC input, see ingenic_tcu.c):
 *   0 -> INTC 27 "TCU0": channels 0-4, 6, 7 (full and half flags)
 *   1 -> INTC 26 "TCU1": channel 5
 *   2 -> INTC 25 "TCU2": OST
 */
#define INGENIC_TCU_IRQ1_FLAGS      (BIT(5) | BIT(INGENIC_TCU_HALF_SHIFT + 5))
#define INGENIC_TCU_IRQ2_FLAGS      BIT(INGENIC_TCU_OST_BIT)

/* Watchdog */
REG32(WDT_TDR, 0x00)
REG32(WDT_TCER, 0x04)
    FIELD(WDT_TCER, TCEN, 0, 1)
REG32(WDT_TCNT, 0x08)
REG32(WDT_TCSR, 0x0c)

/* Global enable / stop / flag / mask registers with set and clear aliases */
REG32(TER, 0x10)
REG32(TESR, 0x14)
REG32(TECR, 0x18)
REG32(TSR, 0x1c)
REG32(TFR, 0x20)
REG32(TFSR, 0x24)
REG32(TFCR, 0x28)
REG32(TSSR, 0x2c)
REG32(TMR, 0x30)
REG32(TMSR, 0x34)
REG32(TMCR, 0x38)
REG32(TSCR, 0x3c)

/* Channel n registers live at these offsets + INGENIC_TCU_CHANNEL_STRIDE * n */
#define INGENIC_TCU_CHANNEL_STRIDE  0x10
REG32(TDFR0, 0x40)
REG32(TDHR0, 0x44)
REG32(TCNT0, 0x48)
REG32(TCSR0, 0x4c)
#define INGENIC_TCU_CHANNEL_END     0xc0

/* Clock control, same layout in TCSRn, OST_TCSR and WDT_TCSR */
REG32(TCSR, 0x4c)
    FIELD(TCSR, PCK_EN, 0, 1)
    FIELD(TCSR, RTC_EN, 1, 1)
    FIELD(TCSR, EXT_EN, 2, 1)
    FIELD(TCSR, CLK_SEL, 0, 3)
    FIELD(TCSR, PRESCALE, 3, 3)
    FIELD(TCSR, PWM_EN, 7, 1)
    FIELD(TCSR, PWM_INITL_HIGH, 8, 1)
    FIELD(TCSR, PWM_SD, 9, 1)

/* OST */
REG32(OST_DR, 0xe0)
REG32(OST_CNTL, 0xe4)
REG32(OST_CNTH, 0xe8)
REG32(OST_TCSR, 0xec)
    FIELD(OST_TCSR, CNT_MD, 15, 1)
REG32(TSTR, 0xf0)
REG32(TSTSR, 0xf4)
REG32(TSTCR, 0xf8)
REG32(OST_CNTHBUF, 0xfc)

#define INGENIC_TCU_REGS_END        0x100

/*
 * One up-counter (a channel, the OST or the watchdog). While counting, the
 * value at virtual time t is derived from @count, which was the value at
 * tick number @base_tick, where tick k happens at t0 + k * period (period
 * in 2^-32 ns units, as a Clock's). @period == 0 means not counting and
 * @count is the held value.
 */
typedef struct IngenicTCUCounter {
    IngenicTCUState *tcu;
    unsigned index;
    QEMUTimer *timer;
    uint64_t count;
    uint64_t base_tick;
    int64_t t0;
    uint64_t period;
} IngenicTCUCounter;

/*
 * QEMU interface:
 *  + Clock inputs "ext", "rtc", "pclk" (selected by TCSR bits 2, 1, 0)
 *  + sysbus MMIO region 0: the 0x1000 TCU window (WDT, channels, OST)
 *  + sysbus IRQs 0, 1, 2: the TCU0/TCU1/TCU2 lines (INTC 27, 26, 25)
 *  + the watchdog requests a guest reset
 */
struct IngenicTCUState {
    SysBusDevice parent_obj;

    MemoryRegion iomem;
    qemu_irq irq[INGENIC_TCU_NUM_IRQS];
    bool irq_level[INGENIC_TCU_NUM_IRQS];
    Clock *clk_ext;
    Clock *clk_rtc;
    Clock *clk_pclk;

    IngenicTCUCounter unit[INGENIC_TCU_NUM_UNITS];

    uint32_t ter;
    uint32_t tsr;
    uint32_t tfr;
    uint32_t tmr;
    uint32_t tdfr[INGENIC_TCU_NUM_CHANNELS];
    uint32_t tdhr[INGENIC_TCU_NUM_CHANNELS];
    uint32_t tcsr[INGENIC_TCU_NUM_CHANNELS];

    uint32_t ost_dr;
    uint32_t ost_tcsr;
    uint32_t ost_cnthbuf;

    uint32_t wdt_tdr;
    uint32_t wdt_tcer;
    uint32_t wdt_tcsr;
    bool wdt_fired;
};

#endif
