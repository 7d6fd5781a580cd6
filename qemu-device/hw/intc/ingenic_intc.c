/*
 * Ingenic JZ4770 interrupt controller (INTC)
 *
 * Models the two-bank INTC of the JZ4770 at 0x10001000 as the mainline
 * Linux driver (drivers/irqchip/irq-ingenic.c, "ingenic,jz4770-intc",
 * intc_2chip_of_init) uses it. Hardware facts: docs/hardware/intc.md
 * (sections 1-3: registers, how the driver uses them, the output) and
 * docs/hardware/board-jz4770.md section 1 (the interrupt numbering).
 *
 * Each bank i (i = 0, 1) has five registers at 0x20 * i:
 *   +0x00 ICSR   raw source status (read-only)
 *   +0x04 ICMR   mask, 1 = masked
 *   +0x08 ICMSR  write 1 to set mask bits (write-only)
 *   +0x0c ICMCR  write 1 to clear mask bits (write-only)
 *   +0x10 ICPR   pending = ICSR & ~ICMR (read-only)
 *
 * The 64 sources are level-sensitive GPIO inputs of this device (input n is
 * bit n % 32 of bank n / 32); the only output (sysbus IRQ 0) is the OR over
 * both banks of ICSR & ~ICMR and goes to the CPU's IP2 line.
 *
 * Choices where the source is silent:
 *  - ICMR is readable and directly writable (the driver only uses the
 *    set/clear aliases, so this cannot matter to it).
 *  - Reads of the write-only ICMSR/ICMCR return 0 and writes to the
 *    read-only ICSR/ICPR are ignored; both are logged as guest errors.
 *  - Only 32-bit accesses are accepted; the driver never uses others.
 *  - Reset masks every source but leaves ICSR alone: ICSR follows the
 *    input lines, which belong to the devices driving them.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/log.h"
#include "qemu/module.h"
#include "hw/irq.h"
#include "hw/registerfields.h"
#include "hw/intc/intc.h"
#include "hw/intc/ingenic_intc.h"
#include "hw/intc/ingenic_intc_regs.h"
#include "migration/vmstate.h"
#include "trace.h"

static const char *ingenic_intc_reg_name(hwaddr reg)
{
    switch (reg) {
    case A_INTC_ICSR:
        return "ICSR";
    case A_INTC_ICMR:
        return "ICMR";
    case A_INTC_ICMSR:
        return "ICMSR";
    case A_INTC_ICMCR:
        return "ICMCR";
    case A_INTC_ICPR:
        return "ICPR";
    default:
        return "?";
    }
}

static uint32_t ingenic_intc_pending(IngenicINTCState *s, unsigned bank)
{
    return s->icsr[bank] & ~s->icmr[bank];
}

static void ingenic_intc_update(IngenicINTCState *s)
{
    bool level = false;
    unsigned i;

    for (i = 0; i < INGENIC_INTC_NUM_BANKS; i++) {
        if (ingenic_intc_pending(s, i)) {
            level = true;
        }
    }
    trace_ingenic_intc_update(s->icsr[0], s->icmr[0], s->icsr[1], s->icmr[1],
                              level);
    qemu_set_irq(s->parent_irq, level);
}

static void ingenic_intc_set_irq(void *opaque, int irq, int level)
{
    IngenicINTCState *s = INGENIC_INTC(opaque);
    unsigned bank = irq / 32;
    uint32_t bit = 1u << (irq % 32);

    trace_ingenic_intc_set_irq(irq, level);

    if (level) {
        if (!(s->icsr[bank] & bit)) {
            s->stats_irq_count[irq]++;
        }
        s->icsr[bank] |= bit;
    } else {
        s->icsr[bank] &= ~bit;
    }
    ingenic_intc_update(s);
}

static uint64_t ingenic_intc_read(void *opaque, hwaddr addr, unsigned size)
{
    IngenicINTCState *s = INGENIC_INTC(opaque);
    unsigned bank = addr / INGENIC_INTC_BANK_STRIDE;
    hwaddr reg = addr % INGENIC_INTC_BANK_STRIDE;
    uint64_t value = 0;

    switch (reg) {
    case A_INTC_ICSR:
        value = s->icsr[bank];
        break;
    case A_INTC_ICMR:
        value = s->icmr[bank];
        break;
    case A_INTC_ICPR:
        value = ingenic_intc_pending(s, bank);
        break;
    case A_INTC_ICMSR:
    case A_INTC_ICMCR:
        qemu_log_mask(LOG_GUEST_ERROR,
                      "%s: read of write-only register %s (bank %u)\n",
                      __func__, ingenic_intc_reg_name(reg), bank);
        break;
    default:
        qemu_log_mask(LOG_GUEST_ERROR, "%s: bad offset 0x%" HWADDR_PRIx "\n",
                      __func__, addr);
        break;
    }

    trace_ingenic_intc_read(addr, ingenic_intc_reg_name(reg), value);
    return value;
}

static void ingenic_intc_write(void *opaque, hwaddr addr, uint64_t value,
                               unsigned size)
{
    IngenicINTCState *s = INGENIC_INTC(opaque);
    unsigned bank = addr / INGENIC_INTC_BANK_STRIDE;
    hwaddr reg = addr % INGENIC_INTC_BANK_STRIDE;

    trace_ingenic_intc_write(addr, ingenic_intc_reg_name(reg), value);

    switch (reg) {
    case A_INTC_ICMR:
        s->icmr[bank] = value;
        break;
    case A_INTC_ICMSR:
        s->icmr[bank] |= value;
        break;
    case A_INTC_ICMCR:
        s->icmr[bank] &= ~value;
        break;
    case A_INTC_ICSR:
    case A_INTC_ICPR:
        qemu_log_mask(LOG_GUEST_ERROR,
                      "%s: write 0x%" PRIx64 " to read-only register %s "
                      "(bank %u)\n", __func__, value,
                      ingenic_intc_reg_name(reg), bank);
        return;
    default:
        qemu_log_mask(LOG_GUEST_ERROR, "%s: bad offset 0x%" HWADDR_PRIx "\n",
                      __func__, addr);
        return;
    }
    ingenic_intc_update(s);
}

static const MemoryRegionOps ingenic_intc_ops = {
    .read = ingenic_intc_read,
    .write = ingenic_intc_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid.min_access_size = 4,
    .valid.max_access_size = 4,
    .impl.min_access_size = 4,
    .impl.max_access_size = 4,
};

static bool ingenic_intc_get_statistics(InterruptStatsProvider *obj,
                                        uint64_t **irq_counts,
                                        unsigned int *nb_irqs)
{
    IngenicINTCState *s = INGENIC_INTC(obj);

    *irq_counts = s->stats_irq_count;
    *nb_irqs = ARRAY_SIZE(s->stats_irq_count);
    return true;
}

static void ingenic_intc_print_info(InterruptStatsProvider *obj, GString *buf)
{
    IngenicINTCState *s = INGENIC_INTC(obj);
    unsigned i;

    for (i = 0; i < INGENIC_INTC_NUM_BANKS; i++) {
        g_string_append_printf(buf, "ingenic-intc bank %u: ICSR=0x%08x "
                               "ICMR=0x%08x ICPR=0x%08x\n", i, s->icsr[i],
                               s->icmr[i], ingenic_intc_pending(s, i));
    }
}

static void ingenic_intc_reset_enter(Object *obj, ResetType type)
{
    IngenicINTCState *s = INGENIC_INTC(obj);
    unsigned i;

    trace_ingenic_intc_reset();
    for (i = 0; i < INGENIC_INTC_NUM_BANKS; i++) {
        s->icmr[i] = 0xffffffff;
    }
}

static void ingenic_intc_reset_hold(Object *obj, ResetType type)
{
    ingenic_intc_update(INGENIC_INTC(obj));
}

static void ingenic_intc_init(Object *obj)
{
    IngenicINTCState *s = INGENIC_INTC(obj);

    memory_region_init_io(&s->iomem, obj, &ingenic_intc_ops, s,
                          TYPE_INGENIC_INTC, INGENIC_INTC_MMIO_SIZE);
    sysbus_init_mmio(SYS_BUS_DEVICE(obj), &s->iomem);
    sysbus_init_irq(SYS_BUS_DEVICE(obj), &s->parent_irq);
    qdev_init_gpio_in(DEVICE(obj), ingenic_intc_set_irq,
                      INGENIC_INTC_NUM_IRQS);
}

static const VMStateDescription vmstate_ingenic_intc = {
    .name = TYPE_INGENIC_INTC,
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32_ARRAY(icsr, IngenicINTCState, INGENIC_INTC_NUM_BANKS),
        VMSTATE_UINT32_ARRAY(icmr, IngenicINTCState, INGENIC_INTC_NUM_BANKS),
        VMSTATE_END_OF_LIST()
    }
};

static void ingenic_intc_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);
    ResettableClass *rc = RESETTABLE_CLASS(oc);
    InterruptStatsProviderClass *ic = INTERRUPT_STATS_PROVIDER_CLASS(oc);

    dc->desc = "Ingenic JZ4770 interrupt controller";
    dc->vmsd = &vmstate_ingenic_intc;
    rc->phases.enter = ingenic_intc_reset_enter;
    rc->phases.hold = ingenic_intc_reset_hold;
    ic->get_statistics = ingenic_intc_get_statistics;
    ic->print_info = ingenic_intc_print_info;
}

static const TypeInfo ingenic_intc_info = {
    .name = TYPE_INGENIC_INTC,
    .parent = TYPE_SYS_BUS_DEVICE,
    .instance_size = sizeof(IngenicINTCState),
    .instance_init = ingenic_intc_init,
    .class_init = ingenic_intc_class_init,
    .interfaces = (InterfaceInfo[]) {
        { TYPE_INTERRUPT_STATS_PROVIDER },
        { }
    },
};

static void ingenic_intc_register_types(void)
{
    type_register_static(&ingenic_intc_info);
}

type_init(ingenic_intc_register_types)
