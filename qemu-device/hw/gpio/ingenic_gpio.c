/*
 * Ingenic JZ4770 GPIO port
 *
 * Models one GPIO/pinctrl port of the JZ4770 (six of them at 0x10010000 +
 * 0x100 * n, property "port" = n) as the mainline Linux driver
 * drivers/pinctrl/pinctrl-ingenic.c (ID_JZ4770) uses it. Hardware facts:
 * docs/hardware/gpio.md (section 1 register layout, 2 why the port must
 * exist, 3 gpio-keys and the idle input levels); the pin mode and trigger
 * encodings are those pinctrl-ingenic.c programs.
 *
 * Registers (each base register is read-only; +4 sets and +8 clears bits):
 *   0x00 PIN   pin level (read-only, no aliases)
 *   0x10 INT   1 = interrupt mode
 *   0x20 MSK   GPIO mode when INT = 0; interrupt mask when INT = 1
 *   0x30 PAT1  INT = 0: 1 = input, 0 = output; INT = 1: 1 = edge, 0 = level
 *   0x40 PAT0  INT = 0: output value; INT = 1: 1 = high/rising, 0 = low/falling
 *   0x50 FLAG  interrupt flags (read-only; cleared by writing 1s to 0x58)
 *   0x70 PEN   pull disable
 *
 * A pin is a GPIO output when INT = 0, MSK = 1 and PAT1 = 0: PIN then reads
 * back PAT0.  Every other pin reads its external input level, which is
 * driven through this device's 32 GPIO inputs and otherwise stays at the
 * "idle-level" property (default all 1s: nothing pressed on an active-low
 * key; the board clears PD18 for the active-high Select key).
 *
 * In interrupt mode (INT = 1) a level-triggered pin sets its FLAG bit for as
 * long as its input is at the PAT0 level (so a cleared flag comes straight
 * back while the level persists, which is what the driver's handle_level_irq
 * and its both-edges emulation through level triggers expect), and an
 * edge-triggered pin sets it on the input edge selected by PAT0.  The port's
 * interrupt line (sysbus IRQ 0, to INTC 17 - n) is high while any FLAG bit
 * is set with INT = 1 and MSK = 0.
 *
 * Choices where the source is silent:
 *  - Reset state: INT = 0, MSK = 1, PAT1 = 1 (every pin a GPIO input),
 *    PAT0 = FLAG = PEN = 0.  The external input levels are not reset: they
 *    belong to whatever drives the pins.
 *  - FLAG is latched whether or not MSK masks the pin; MSK only gates the
 *    interrupt line.  Flags are only raised for pins in interrupt mode.
 *  - Edges are only detected on changes of the external input, not on
 *    configuration writes.
 *  - PEN is stored but does not change the idle level.
 *  - Writes to a base register, reads of a set/clear alias and accesses to
 *    other offsets are guest errors (ignored / read as 0).  Only 32-bit
 *    accesses are accepted, as the driver uses.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/log.h"
#include "qemu/module.h"
#include "qapi/error.h"
#include "hw/irq.h"
#include "hw/qdev-properties.h"
#include "hw/registerfields.h"
#include "hw/gpio/ingenic_gpio.h"
#include "hw/gpio/ingenic_gpio_regs.h"
#include "migration/vmstate.h"
#include "trace.h"


static const char *ingenic_gpio_reg_name(hwaddr addr)
{
    static const char *const names[] = {
        "PIN", "INT", "MSK", "PAT1", "PAT0", "FLAG", "?", "PEN",
    };

    return addr < 0x80 ? names[addr >> 4] : "?";
}

static char ingenic_gpio_port_char(IngenicGPIOState *s)
{
    return 'A' + s->port;
}

/* Pins in GPIO output mode: INT = 0, MSK = 1, PAT1 = 0 */
static uint32_t ingenic_gpio_output_mask(IngenicGPIOState *s)
{
    return ~s->intr & s->msk & ~s->pat1;
}

static uint32_t ingenic_gpio_pin_level(IngenicGPIOState *s)
{
    uint32_t out = ingenic_gpio_output_mask(s);

    return (s->pat0 & out) | (s->ext_level & ~out);
}

/* Re-latch level-triggered flags and recompute the interrupt line */
static void ingenic_gpio_update(IngenicGPIOState *s)
{
    uint32_t level_pins = s->intr & ~s->pat1;
    uint32_t active = ~(s->ext_level ^ s->pat0);
    uint32_t pending;

    s->flag |= level_pins & active;
    pending = s->flag & s->intr & ~s->msk;
    trace_ingenic_gpio_update(ingenic_gpio_port_char(s), s->flag, pending);
    qemu_set_irq(s->irq, pending != 0);
}

static void ingenic_gpio_set_input(void *opaque, int pin, int level)
{
    IngenicGPIOState *s = INGENIC_GPIO(opaque);
    uint32_t bit = 1u << pin;
    uint32_t old = s->ext_level;
    uint32_t edge_pins = s->intr & s->pat1;

    trace_ingenic_gpio_set_input(ingenic_gpio_port_char(s), pin, level);

    if (level) {
        s->ext_level |= bit;
    } else {
        s->ext_level &= ~bit;
    }
    if ((old ^ s->ext_level) & edge_pins & bit) {
        /* PAT0 = 1: rising edge; PAT0 = 0: falling edge */
        if (!!(s->ext_level & bit) == !!(s->pat0 & bit)) {
            s->flag |= bit;
        }
    }
    ingenic_gpio_update(s);
}

static uint32_t *ingenic_gpio_reg_ptr(IngenicGPIOState *s, hwaddr base)
{
    switch (base) {
    case A_GPIO_INT:
        return &s->intr;
    case A_GPIO_MSK:
        return &s->msk;
    case A_GPIO_PAT1:
        return &s->pat1;
    case A_GPIO_PAT0:
        return &s->pat0;
    case A_GPIO_FLAG:
        return &s->flag;
    case A_GPIO_PEN:
        return &s->pen;
    default:
        return NULL;
    }
}

static uint64_t ingenic_gpio_read(void *opaque, hwaddr addr, unsigned size)
{
    IngenicGPIOState *s = INGENIC_GPIO(opaque);
    hwaddr base = addr & ~0xf;
    uint32_t *reg = ingenic_gpio_reg_ptr(s, base);
    uint64_t value = 0;

    if (addr == A_GPIO_PIN) {
        value = ingenic_gpio_pin_level(s);
    } else if (reg && addr == base) {
        value = *reg;
    } else if (reg || base == A_GPIO_PIN) {
        qemu_log_mask(LOG_GUEST_ERROR, "%s: port %c: read of write-only "
                      "alias 0x%02" HWADDR_PRIx " of %s\n", __func__,
                      ingenic_gpio_port_char(s), addr,
                      ingenic_gpio_reg_name(base));
    } else {
        qemu_log_mask(LOG_GUEST_ERROR, "%s: port %c: bad offset 0x%02"
                      HWADDR_PRIx "\n", __func__, ingenic_gpio_port_char(s),
                      addr);
    }

    trace_ingenic_gpio_read(ingenic_gpio_port_char(s), addr,
                            ingenic_gpio_reg_name(base), value);
    return value;
}

static void ingenic_gpio_write(void *opaque, hwaddr addr, uint64_t value,
                               unsigned size)
{
    IngenicGPIOState *s = INGENIC_GPIO(opaque);
    hwaddr base = addr & ~0xf;
    hwaddr alias = addr & 0xf;
    uint32_t *reg = ingenic_gpio_reg_ptr(s, base);

    trace_ingenic_gpio_write(ingenic_gpio_port_char(s), addr,
                             ingenic_gpio_reg_name(base), value);

    if (!reg || base == A_GPIO_PIN ||
        (alias != INGENIC_GPIO_ALIAS_SET &&
         alias != INGENIC_GPIO_ALIAS_CLEAR) ||
        (base == A_GPIO_FLAG && alias != INGENIC_GPIO_ALIAS_CLEAR)) {
        qemu_log_mask(LOG_GUEST_ERROR, "%s: port %c: write 0x%" PRIx64
                      " to read-only or invalid offset 0x%02" HWADDR_PRIx
                      " (%s)\n", __func__, ingenic_gpio_port_char(s), value,
                      addr, ingenic_gpio_reg_name(base));
        return;
    }

    if (alias == INGENIC_GPIO_ALIAS_SET) {
        *reg |= value;
    } else {
        *reg &= ~value;
    }
    ingenic_gpio_update(s);
}

static const MemoryRegionOps ingenic_gpio_ops = {
    .read = ingenic_gpio_read,
    .write = ingenic_gpio_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid.min_access_size = 4,
    .valid.max_access_size = 4,
    .impl.min_access_size = 4,
    .impl.max_access_size = 4,
};

static void ingenic_gpio_reset_enter(Object *obj, ResetType type)
{
    IngenicGPIOState *s = INGENIC_GPIO(obj);

    trace_ingenic_gpio_reset(ingenic_gpio_port_char(s));
    s->intr = 0;
    s->msk = 0xffffffff;
    s->pat1 = 0xffffffff;
    s->pat0 = 0;
    s->flag = 0;
    s->pen = 0;
}

static void ingenic_gpio_reset_hold(Object *obj, ResetType type)
{
    ingenic_gpio_update(INGENIC_GPIO(obj));
}

static void ingenic_gpio_init(Object *obj)
{
    IngenicGPIOState *s = INGENIC_GPIO(obj);

    memory_region_init_io(&s->iomem, obj, &ingenic_gpio_ops, s,
                          TYPE_INGENIC_GPIO, INGENIC_GPIO_MMIO_SIZE);
    sysbus_init_mmio(SYS_BUS_DEVICE(obj), &s->iomem);
    sysbus_init_irq(SYS_BUS_DEVICE(obj), &s->irq);
    qdev_init_gpio_in(DEVICE(obj), ingenic_gpio_set_input,
                      INGENIC_GPIO_NUM_PINS);
}

static void ingenic_gpio_realize(DeviceState *dev, Error **errp)
{
    IngenicGPIOState *s = INGENIC_GPIO(dev);

    if (s->port > 5) {
        error_setg(errp, "%s: port %u out of range (0..5)", TYPE_INGENIC_GPIO,
                   s->port);
        return;
    }
    s->ext_level = s->idle_level;
}

static const VMStateDescription vmstate_ingenic_gpio = {
    .name = TYPE_INGENIC_GPIO,
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(ext_level, IngenicGPIOState),
        VMSTATE_UINT32(intr, IngenicGPIOState),
        VMSTATE_UINT32(msk, IngenicGPIOState),
        VMSTATE_UINT32(pat1, IngenicGPIOState),
        VMSTATE_UINT32(pat0, IngenicGPIOState),
        VMSTATE_UINT32(flag, IngenicGPIOState),
        VMSTATE_UINT32(pen, IngenicGPIOState),
        VMSTATE_END_OF_LIST()
    }
};

static const Property ingenic_gpio_properties[] = {
    DEFINE_PROP_UINT32("port", IngenicGPIOState, port, 0),
    DEFINE_PROP_UINT32("idle-level", IngenicGPIOState, idle_level, 0xffffffff),
};

static void ingenic_gpio_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);
    ResettableClass *rc = RESETTABLE_CLASS(oc);

    dc->desc = "Ingenic JZ4770 GPIO port";
    dc->realize = ingenic_gpio_realize;
    dc->vmsd = &vmstate_ingenic_gpio;
    device_class_set_props(dc, ingenic_gpio_properties);
    rc->phases.enter = ingenic_gpio_reset_enter;
    rc->phases.hold = ingenic_gpio_reset_hold;
}

static const TypeInfo ingenic_gpio_info = {
    .name = TYPE_INGENIC_GPIO,
    .parent = TYPE_SYS_BUS_DEVICE,
    .instance_size = sizeof(IngenicGPIOState),
    .instance_init = ingenic_gpio_init,
    .class_init = ingenic_gpio_class_init,
};

static void ingenic_gpio_register_types(void)
{
    type_register_static(&ingenic_gpio_info);
}

type_init(ingenic_gpio_register_types)
