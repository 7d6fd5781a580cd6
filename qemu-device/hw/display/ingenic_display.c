/*
 * Ingenic JZ4770 display pipeline: the LCDC and the IPU as the boards wire
 * them (see include/hw/display/ingenic_display.h)
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qapi/error.h"
#include "hw/display/ingenic_display.h"
#include "hw/qdev-clock.h"
#include "hw/sysbus.h"

void ingenic_display_init(Object *parent, IngenicDisplay *d)
{
    object_initialize_child(parent, "lcdc", &d->lcdc, TYPE_INGENIC_LCDC);
    object_initialize_child(parent, "ipu", &d->ipu, TYPE_INGENIC_IPU);
}

static bool ingenic_display_map(SysBusDevice *sbd, hwaddr base, qemu_irq irq,
                                Error **errp)
{
    if (!sysbus_realize(sbd, errp)) {
        return false;
    }
    sysbus_mmio_map(sbd, 0, base);
    sysbus_connect_irq(sbd, 0, irq);
    return true;
}

bool ingenic_display_realize(IngenicDisplay *d, IngenicCGUState *cgu,
                             MemoryRegion *dma, qemu_irq lcdc_irq,
                             qemu_irq ipu_irq, Error **errp)
{
    DeviceState *lcdc = DEVICE(&d->lcdc), *ipu = DEVICE(&d->ipu);

    qdev_connect_clock_in(lcdc, "pclk",
                          qdev_get_clock_out(DEVICE(cgu), "lcd-pclk"));
    object_property_set_link(OBJECT(lcdc), "dma-mr", OBJECT(dma),
                             &error_abort);
    if (!ingenic_display_map(SYS_BUS_DEVICE(lcdc), INGENIC_JZ4770_LCDC_BASE,
                             lcdc_irq, errp)) {
        return false;
    }

    qdev_connect_clock_in(ipu, "clk",
                          qdev_get_clock_out(DEVICE(cgu), "ipu-clk"));
    object_property_set_link(OBJECT(ipu), "dma-mr", OBJECT(dma),
                             &error_abort);
    object_property_set_link(OBJECT(ipu), "lcdc", OBJECT(lcdc), &error_abort);
    return ingenic_display_map(SYS_BUS_DEVICE(ipu), INGENIC_JZ4770_IPU_BASE,
                               ipu_irq, errp);
}
