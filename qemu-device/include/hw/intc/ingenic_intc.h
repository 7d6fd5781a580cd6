/*
 * Ingenic JZ4770 interrupt controller (INTC)
 *
 * See hw/intc/ingenic_intc.c for what is modelled.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef HW_INTC_INGENIC_INTC_H
#define HW_INTC_INGENIC_INTC_H

#include "hw/sysbus.h"
#include "hw/intc/ingenic_intc_regs.h"
#include "qom/object.h"

#define TYPE_INGENIC_INTC "ingenic-intc"
OBJECT_DECLARE_SIMPLE_TYPE(IngenicINTCState, INGENIC_INTC)

/* JZ4770: two banks of 32 sources; input n is bit n % 32 of bank n / 32 */
#define INGENIC_INTC_NUM_BANKS  2
#define INGENIC_INTC_NUM_IRQS   (INGENIC_INTC_NUM_BANKS * 32)
#define INGENIC_INTC_MMIO_SIZE \
    (INGENIC_INTC_NUM_BANKS * INGENIC_INTC_BANK_STRIDE)

struct IngenicINTCState {
    SysBusDevice parent_obj;

    MemoryRegion iomem;
    qemu_irq parent_irq;

    /* ICSR: raw level of each source, driven by the GPIO inputs */
    uint32_t icsr[INGENIC_INTC_NUM_BANKS];
    /* ICMR: 1 = masked */
    uint32_t icmr[INGENIC_INTC_NUM_BANKS];

    /* statistics for "info irq": rising edges seen on each input */
    uint64_t stats_irq_count[INGENIC_INTC_NUM_IRQS];
};

#endif
