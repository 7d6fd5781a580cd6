/*
 * Ingenic JZ4770 TCU (timer/counter unit with watchdog and OST): registers
 *
 * Shared by hw/timer/ingenic_tcu.c and the qtests.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef HW_TIMER_INGENIC_TCU_REGS_H
#define HW_TIMER_INGENIC_TCU_REGS_H

#include "hw/registerfields.h"

#define INGENIC_TCU_MMIO_SIZE       0x1000
#define INGENIC_TCU_NUM_CHANNELS    8

/* Bit positions shared by TER/TSR/TFR/TMR */
#define INGENIC_TCU_OST_BIT         15
#define INGENIC_TCU_WDT_BIT         16  /* TSR only */
#define INGENIC_TCU_HALF_SHIFT      16  /* TFR/TMR: half match of channel n */

#define INGENIC_TCU_TER_MASK        0x000080ffu
#define INGENIC_TCU_TSR_MASK        0x000180ffu
#define INGENIC_TCU_TFR_MASK        0x00ff80ffu

/* Watchdog */
REG32(TCU_WDT_TDR, 0x00)
REG32(TCU_WDT_TCER, 0x04)
    FIELD(TCU_WDT_TCER, TCEN, 0, 1)
REG32(TCU_WDT_TCNT, 0x08)
REG32(TCU_WDT_TCSR, 0x0c)

/* Global enable / stop / flag / mask registers with set and clear aliases */
REG32(TCU_TER, 0x10)
REG32(TCU_TESR, 0x14)
REG32(TCU_TECR, 0x18)
REG32(TCU_TSR, 0x1c)
REG32(TCU_TFR, 0x20)
REG32(TCU_TFSR, 0x24)
REG32(TCU_TFCR, 0x28)
REG32(TCU_TSSR, 0x2c)
REG32(TCU_TMR, 0x30)
REG32(TCU_TMSR, 0x34)
REG32(TCU_TMCR, 0x38)
REG32(TCU_TSCR, 0x3c)

/* Channel n registers live at these offsets + INGENIC_TCU_CHANNEL_STRIDE * n */
#define INGENIC_TCU_CHANNEL_STRIDE  0x10
REG32(TCU_TDFR0, 0x40)
REG32(TCU_TDHR0, 0x44)
REG32(TCU_TCNT0, 0x48)
REG32(TCU_TCSR0, 0x4c)
#define INGENIC_TCU_CHANNEL_END     0xc0

/* Clock control, same layout in TCSRn, OST_TCSR and WDT_TCSR */
REG32(TCU_TCSR, 0x4c)
    FIELD(TCU_TCSR, PCK_EN, 0, 1)
    FIELD(TCU_TCSR, RTC_EN, 1, 1)
    FIELD(TCU_TCSR, EXT_EN, 2, 1)
    FIELD(TCU_TCSR, CLK_SEL, 0, 3)
    FIELD(TCU_TCSR, PRESCALE, 3, 3)
    FIELD(TCU_TCSR, PWM_EN, 7, 1)
    FIELD(TCU_TCSR, PWM_INITL_HIGH, 8, 1)
    FIELD(TCU_TCSR, PWM_SD, 9, 1)

/* OST */
REG32(TCU_OST_DR, 0xe0)
REG32(TCU_OST_CNTL, 0xe4)
REG32(TCU_OST_CNTH, 0xe8)
REG32(TCU_OST_TCSR, 0xec)
    FIELD(TCU_OST_TCSR, CNT_MD, 15, 1)
REG32(TCU_TSTR, 0xf0)
REG32(TCU_TSTSR, 0xf4)
REG32(TCU_TSTCR, 0xf8)
REG32(TCU_OST_CNTHBUF, 0xfc)

#define INGENIC_TCU_REGS_END        0x100

#endif
