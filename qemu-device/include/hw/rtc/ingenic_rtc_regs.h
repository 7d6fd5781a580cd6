/*
 * Ingenic JZ4770 real-time clock (RTC): registers
 *
 * Shared by hw/rtc/ingenic_rtc.c and the qtests.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef HW_RTC_INGENIC_RTC_REGS_H
#define HW_RTC_INGENIC_RTC_REGS_H

#include "hw/registerfields.h"

REG32(RTC_CTRL, 0x00)
    FIELD(RTC_CTRL, ENABLE, 0, 1)
    FIELD(RTC_CTRL, AE, 2, 1)
    FIELD(RTC_CTRL, AF_IRQ, 3, 1)
    FIELD(RTC_CTRL, AF, 4, 1)
    FIELD(RTC_CTRL, 1HZ_IRQ, 5, 1)
    FIELD(RTC_CTRL, 1HZ, 6, 1)
    FIELD(RTC_CTRL, WRDY, 7, 1)
REG32(RTC_SEC, 0x04)
REG32(RTC_SEC_ALARM, 0x08)
REG32(RTC_REGULATOR, 0x0c)
REG32(RTC_HIBERNATE, 0x20)
    FIELD(RTC_HIBERNATE, PD, 0, 1)
REG32(RTC_WAKEUP_FILTER, 0x24)
REG32(RTC_RESET_COUNTER, 0x28)
REG32(RTC_HWCR, 0x2c)
REG32(RTC_HWRSR, 0x30)
REG32(RTC_SCRATCHPAD, 0x34)
REG32(RTC_WENR, 0x3c)
    FIELD(RTC_WENR, PATTERN, 0, 16)
    FIELD(RTC_WENR, WEN, 31, 1)
REG32(RTC_CKPCR, 0x40)

/* WENR.PATTERN that sets WENR.WEN (register writes enabled) */
#define INGENIC_RTC_WENR_MAGIC      0xa55a

#endif
