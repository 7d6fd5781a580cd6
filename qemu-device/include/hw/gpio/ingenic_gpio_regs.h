/*
 * Ingenic JZ4770 GPIO port: registers
 *
 * Shared by hw/gpio/ingenic_gpio.c and the qtests.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef HW_GPIO_INGENIC_GPIO_REGS_H
#define HW_GPIO_INGENIC_GPIO_REGS_H

#include "hw/registerfields.h"

REG32(GPIO_PIN, 0x00)
REG32(GPIO_INT, 0x10)
REG32(GPIO_MSK, 0x20)
REG32(GPIO_PAT1, 0x30)
REG32(GPIO_PAT0, 0x40)
REG32(GPIO_FLAG, 0x50)
REG32(GPIO_PEN, 0x70)

/* Every register but PIN has a set (+4) and a clear (+8) alias */
#define INGENIC_GPIO_ALIAS_SET      0x4
#define INGENIC_GPIO_ALIAS_CLEAR    0x8

#endif
