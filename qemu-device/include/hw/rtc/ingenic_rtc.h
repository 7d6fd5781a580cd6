/*
 * Ingenic JZ4770 real-time clock (RTC)
 *
 * See hw/rtc/ingenic_rtc.c for what is modelled.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef HW_RTC_INGENIC_RTC_H
#define HW_RTC_INGENIC_RTC_H

#include "hw/sysbus.h"
#include "qemu/timer.h"
#include "qom/object.h"

#define TYPE_INGENIC_RTC "ingenic-rtc"
OBJECT_DECLARE_SIMPLE_TYPE(IngenicRTCState, INGENIC_RTC)

#define INGENIC_RTC_MMIO_SIZE   0x100
#define INGENIC_RTC_SCRATCHPAD_RESET 0x12345678

struct IngenicRTCState {
    SysBusDevice parent_obj;

    MemoryRegion iomem;
    qemu_irq irq;
    QEMUTimer tick_timer;
    /* QEMU_CLOCK_VIRTUAL time of the next SEC increment */
    int64_t next_tick_ns;

    bool wen;               /* WENR.WEN: register writes enabled */
    uint32_t ctrl;          /* CTRL without the read-only WRDY bit */
    uint32_t sec;
    uint32_t sec_alarm;
    uint32_t regulator;
    uint32_t hibernate;
    uint32_t wakeup_filter;
    uint32_t reset_counter;
    uint32_t wakeup_ctrl;   /* HWCR, stored only */
    uint32_t reset_status;  /* HWRSR, stored only */
    uint32_t scratchpad;
    uint32_t ckpcr;         /* stored only */
};

#endif
