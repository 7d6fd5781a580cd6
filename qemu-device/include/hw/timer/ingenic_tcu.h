/*
 * Ingenic JZ4770 TCU (timer/counter unit with watchdog and OST)
 *
 * QEMU interface; the registers are in ingenic_tcu_regs.h. See
 * hw/timer/ingenic_tcu.c for the behaviour.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef HW_TIMER_INGENIC_TCU_H
#define HW_TIMER_INGENIC_TCU_H

#include "hw/sysbus.h"
#include "hw/clock.h"
#include "hw/timer/ingenic_tcu_regs.h"
#include "qemu/timer.h"
#include "qom/object.h"

#define TYPE_INGENIC_TCU "ingenic-tcu"
OBJECT_DECLARE_SIMPLE_TYPE(IngenicTCUState, INGENIC_TCU)

#define INGENIC_TCU_NUM_IRQS        3

/* Counter units: channels 0..7, then the OST, then the watchdog */
#define INGENIC_TCU_UNIT_OST        INGENIC_TCU_NUM_CHANNELS
#define INGENIC_TCU_UNIT_WDT        (INGENIC_TCU_NUM_CHANNELS + 1)
#define INGENIC_TCU_NUM_UNITS       (INGENIC_TCU_NUM_CHANNELS + 2)

/*
 * IRQ routing (sysbus IRQ index -> JZ4770 INTC input, see ingenic_tcu.c):
 *   0 -> INTC 27 "TCU0": channels 0-4, 6, 7 (full and half flags)
 *   1 -> INTC 26 "TCU1": channel 5
 *   2 -> INTC 25 "TCU2": OST
 */
#define INGENIC_TCU_IRQ1_FLAGS      (BIT(5) | BIT(INGENIC_TCU_HALF_SHIFT + 5))
#define INGENIC_TCU_IRQ2_FLAGS      BIT(INGENIC_TCU_OST_BIT)

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
