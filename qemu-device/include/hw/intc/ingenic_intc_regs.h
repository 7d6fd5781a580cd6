/*
 * Ingenic JZ4770 interrupt controller (INTC): registers
 *
 * Shared by hw/intc/ingenic_intc.c and the qtests.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef HW_INTC_INGENIC_INTC_REGS_H
#define HW_INTC_INGENIC_INTC_REGS_H

#include "hw/registerfields.h"

/* Register offsets inside one bank */
REG32(INTC_ICSR, 0x00)
REG32(INTC_ICMR, 0x04)
REG32(INTC_ICMSR, 0x08)
REG32(INTC_ICMCR, 0x0c)
REG32(INTC_ICPR, 0x10)

/* Bank n's registers are at these offsets + INGENIC_INTC_BANK_STRIDE * n */
#define INGENIC_INTC_BANK_STRIDE    0x20

#endif
