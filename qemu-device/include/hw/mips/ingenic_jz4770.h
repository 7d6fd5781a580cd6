/*
 * Ingenic JZ4770 SoC
 *
 * See hw/mips/ingenic_jz4770.c for what is modelled.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef HW_MIPS_INGENIC_JZ4770_H
#define HW_MIPS_INGENIC_JZ4770_H

#include "hw/qdev-core.h"
#include "hw/clock.h"
#include "hw/display/ingenic_display.h"
#include "hw/gpio/ingenic_gpio.h"
#include "hw/intc/ingenic_intc.h"
#include "hw/misc/ingenic_cgu.h"
#include "hw/rtc/ingenic_rtc.h"
#include "hw/timer/ingenic_tcu.h"
#include "target/mips/cpu.h"
#include "qom/object.h"

#define TYPE_INGENIC_JZ4770 "ingenic-jz4770"
OBJECT_DECLARE_SIMPLE_TYPE(IngenicJZ4770State, INGENIC_JZ4770)

/* Physical memory map */
#define JZ4770_CGU_BASE         INGENIC_JZ4770_CGU_BASE
#define JZ4770_INTC_BASE        0x10001000
#define JZ4770_TCU_BASE         0x10002000
#define JZ4770_RTC_BASE         0x10003000
#define JZ4770_GPIO_BASE        0x10010000
#define JZ4770_GPIO_STRIDE      0x100
#define JZ4770_UART_BASE        0x10030000
#define JZ4770_UART_STRIDE      0x1000
#define JZ4770_BOOT_ROM_BASE    0x1fc00000
#define JZ4770_BOOT_ROM_SIZE    0x2000
#define JZ4770_PERIPH_BASE      0x10000000
#define JZ4770_PERIPH_SIZE      0x04000000

/* INTC input numbers */
#define JZ4770_IRQ_UART(n)      (5 - (n))
#define JZ4770_IRQ_GPIO(n)      (17 - (n))
#define JZ4770_IRQ_TCU0         27
#define JZ4770_IRQ_TCU1         26
#define JZ4770_IRQ_TCU2         25
#define JZ4770_IRQ_IPU          29
#define JZ4770_IRQ_LCDC         31
#define JZ4770_IRQ_RTC          32

#define JZ4770_NUM_GPIO_PORTS   6
#define JZ4770_NUM_UARTS        4
#define JZ4770_EXT_HZ           12000000
#define JZ4770_CPU_HZ           1020000000

struct IngenicJZ4770State {
    DeviceState parent_obj;

    /* properties */
    char *cpu_type;

    MIPSCPU *cpu;
    Clock *cpu_clk;

    IngenicINTCState intc;
    IngenicCGUState cgu;
    IngenicTCUState tcu;
    IngenicRTCState rtc;
    IngenicGPIOState gpio[JZ4770_NUM_GPIO_PORTS];
    IngenicDisplay display;     /* LCDC and IPU */

    MemoryRegion boot_rom;
};

#endif
