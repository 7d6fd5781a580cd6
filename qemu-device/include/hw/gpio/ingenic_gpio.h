/*
 * Ingenic JZ4770 GPIO port
 *
 * See hw/gpio/ingenic_gpio.c for what is modelled.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef HW_GPIO_INGENIC_GPIO_H
#define HW_GPIO_INGENIC_GPIO_H

#include "hw/sysbus.h"
#include "qom/object.h"

#define TYPE_INGENIC_GPIO "ingenic-gpio"
OBJECT_DECLARE_SIMPLE_TYPE(IngenicGPIOState, INGENIC_GPIO)

#define INGENIC_GPIO_NUM_PINS   32
#define INGENIC_GPIO_MMIO_SIZE  0x100

struct IngenicGPIOState {
    SysBusDevice parent_obj;

    MemoryRegion iomem;
    qemu_irq irq;

    /* properties */
    uint32_t port;          /* 0 = port A ... 5 = port F; naming only */
    uint32_t idle_level;    /* level of the undriven input pins */

    /* level of each pin's external input (starts at idle_level) */
    uint32_t ext_level;

    /* registers */
    uint32_t intr;          /* INT */
    uint32_t msk;           /* MSK */
    uint32_t pat1;          /* PAT1 */
    uint32_t pat0;          /* PAT0 */
    uint32_t flag;          /* FLAG */
    uint32_t pen;           /* PEN */
};

#endif
