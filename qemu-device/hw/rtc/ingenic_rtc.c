/*
 * Ingenic JZ4770 real-time clock (RTC)
 *
 * Models the RTC of the JZ4770 at 0x10003000 as the mainline Linux driver
 * drivers/rtc/rtc-jz4740.c uses it ("ingenic,jz4770-rtc" matches ID_JZ4780,
 * so every register write goes through the WRDY/WENR handshake). Hardware
 * facts: docs/hardware/rtc.md (registers, the write handshake, flags and
 * interrupt, power-off).
 *
 * Registers:
 *   0x00 CTRL       7 WRDY (always 1), 6 1HZ flag, 5 1HZ IRQ enable, 4 AF
 *                   (alarm flag), 3 AF IRQ enable, 2 AE (alarm enable),
 *                   0 RTC enable
 *   0x04 SEC        seconds counter, 1 Hz in QEMU virtual time
 *   0x08 SEC_ALARM  alarm seconds
 *   0x0c REGULATOR  stored (the 32768 Hz divider adjust; not applied)
 *   0x20 HIBERNATE  bit 0 powers the machine down
 *   0x24 WAKEUP_FILTER, 0x28 RESET_COUNTER (stored, masked to their fields)
 *   0x2c HWCR, 0x30 HWRSR, 0x40 CKPCR (stored only)
 *   0x34 SCRATCHPAD preset 0x12345678, so the driver's read_time accepts SEC
 *   0x3c WENR       writing 0xA55A sets WEN (bit 31)
 *
 * 1HZ and AF are write-0-to-clear: a CTRL write leaves them set where the
 * written value has a 1 (the driver writes 1s there on every CTRL update so
 * as not to clear them).  Each SEC increment sets 1HZ, and sets AF when AE
 * is set and SEC reaches SEC_ALARM.  The interrupt (sysbus IRQ 0, INTC 32)
 * is (AF && AF_IRQ) || (1HZ && 1HZ_IRQ).  Writing HIBERNATE with bit 0 set
 * calls qemu_system_shutdown_request(SHUTDOWN_CAUSE_GUEST_SHUTDOWN).
 *
 * Choices where the source is silent:
 *  - As on JZ4780-class parts, any write other than the WENR pattern is
 *    ignored (and logged as a guest error) until WEN is set.  Once set, WEN
 *    stays set until reset: the driver repeats the handshake before every
 *    write anyway.  A WENR write of another value is ignored.
 *  - WRDY always reads 1: writes take effect at once.
 *  - SEC starts from the host time (qemu_get_timedate, so -rtc base/clock
 *    apply) at every reset; the RTC is not kept across a machine reset.
 *  - The 1 Hz prescaler restarts on reset, on a SEC write and when CTRL's
 *    enable bit is set, so the first increment is exactly 1 s later.
 *  - Reset: CTRL = RTC enable only, WEN = 0, other registers 0 except
 *    SCRATCHPAD.  Only 32-bit accesses are accepted, as the driver uses.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/cutils.h"
#include "qemu/log.h"
#include "qemu/module.h"
#include "qemu/timer.h"
#include "hw/irq.h"
#include "hw/registerfields.h"
#include "hw/rtc/ingenic_rtc.h"
#include "hw/rtc/ingenic_rtc_regs.h"
#include "migration/vmstate.h"
#include "system/rtc.h"
#include "system/runstate.h"
#include "trace.h"

#define WAKEUP_FILTER_MASK      0x0000ffe0
#define RESET_COUNTER_MASK      0x00000fe0
#define CTRL_FLAGS              (R_RTC_CTRL_AF_MASK | R_RTC_CTRL_1HZ_MASK)
#define CTRL_WRITABLE           (R_RTC_CTRL_ENABLE_MASK | R_RTC_CTRL_AE_MASK | \
                                 R_RTC_CTRL_AF_IRQ_MASK | \
                                 R_RTC_CTRL_1HZ_IRQ_MASK)

static const char *ingenic_rtc_reg_name(hwaddr addr)
{
    switch (addr) {
    case A_RTC_CTRL:
        return "CTRL";
    case A_RTC_SEC:
        return "SEC";
    case A_RTC_SEC_ALARM:
        return "SEC_ALARM";
    case A_RTC_REGULATOR:
        return "REGULATOR";
    case A_RTC_HIBERNATE:
        return "HIBERNATE";
    case A_RTC_WAKEUP_FILTER:
        return "WAKEUP_FILTER";
    case A_RTC_RESET_COUNTER:
        return "RESET_COUNTER";
    case A_RTC_HWCR:
        return "HWCR";
    case A_RTC_HWRSR:
        return "HWRSR";
    case A_RTC_SCRATCHPAD:
        return "SCRATCHPAD";
    case A_RTC_WENR:
        return "WENR";
    case A_RTC_CKPCR:
        return "CKPCR";
    default:
        return "?";
    }
}

static void ingenic_rtc_update_irq(IngenicRTCState *s)
{
    bool level = (FIELD_EX32(s->ctrl, RTC_CTRL, AF) &&
                  FIELD_EX32(s->ctrl, RTC_CTRL, AF_IRQ)) ||
                 (FIELD_EX32(s->ctrl, RTC_CTRL, 1HZ) &&
                  FIELD_EX32(s->ctrl, RTC_CTRL, 1HZ_IRQ));

    trace_ingenic_rtc_irq(s->ctrl, level);
    qemu_set_irq(s->irq, level);
}

/* (Re)start the 1 Hz prescaler: the next increment is one second from now */
static void ingenic_rtc_restart_prescaler(IngenicRTCState *s)
{
    if (FIELD_EX32(s->ctrl, RTC_CTRL, ENABLE)) {
        s->next_tick_ns = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) +
                          NANOSECONDS_PER_SECOND;
        timer_mod(&s->tick_timer, s->next_tick_ns);
    } else {
        timer_del(&s->tick_timer);
    }
}

static void ingenic_rtc_tick(void *opaque)
{
    IngenicRTCState *s = INGENIC_RTC(opaque);

    s->sec++;
    s->ctrl = FIELD_DP32(s->ctrl, RTC_CTRL, 1HZ, 1);
    if (FIELD_EX32(s->ctrl, RTC_CTRL, AE) && s->sec == s->sec_alarm) {
        s->ctrl = FIELD_DP32(s->ctrl, RTC_CTRL, AF, 1);
    }
    trace_ingenic_rtc_tick(s->sec, s->ctrl);
    ingenic_rtc_update_irq(s);

    s->next_tick_ns += NANOSECONDS_PER_SECOND;
    timer_mod(&s->tick_timer, s->next_tick_ns);
}

static uint64_t ingenic_rtc_read(void *opaque, hwaddr addr, unsigned size)
{
    IngenicRTCState *s = INGENIC_RTC(opaque);
    uint64_t value = 0;

    switch (addr) {
    case A_RTC_CTRL:
        value = s->ctrl | R_RTC_CTRL_WRDY_MASK;
        break;
    case A_RTC_SEC:
        value = s->sec;
        break;
    case A_RTC_SEC_ALARM:
        value = s->sec_alarm;
        break;
    case A_RTC_REGULATOR:
        value = s->regulator;
        break;
    case A_RTC_HIBERNATE:
        value = s->hibernate;
        break;
    case A_RTC_WAKEUP_FILTER:
        value = s->wakeup_filter;
        break;
    case A_RTC_RESET_COUNTER:
        value = s->reset_counter;
        break;
    case A_RTC_HWCR:
        value = s->wakeup_ctrl;
        break;
    case A_RTC_HWRSR:
        value = s->reset_status;
        break;
    case A_RTC_SCRATCHPAD:
        value = s->scratchpad;
        break;
    case A_RTC_WENR:
        value = s->wen ? R_RTC_WENR_WEN_MASK : 0;
        break;
    case A_RTC_CKPCR:
        value = s->ckpcr;
        break;
    default:
        qemu_log_mask(LOG_GUEST_ERROR, "%s: bad offset 0x%" HWADDR_PRIx "\n",
                      __func__, addr);
        break;
    }

    trace_ingenic_rtc_read(addr, ingenic_rtc_reg_name(addr), value);
    return value;
}

static void ingenic_rtc_write_ctrl(IngenicRTCState *s, uint32_t value)
{
    bool was_enabled = FIELD_EX32(s->ctrl, RTC_CTRL, ENABLE);
    /* AF and 1HZ: writing 0 clears, writing 1 keeps the current state */
    uint32_t flags = s->ctrl & value & CTRL_FLAGS;

    s->ctrl = (value & CTRL_WRITABLE) | flags;
    if (was_enabled != FIELD_EX32(s->ctrl, RTC_CTRL, ENABLE)) {
        ingenic_rtc_restart_prescaler(s);
    }
    ingenic_rtc_update_irq(s);
}

static void ingenic_rtc_write(void *opaque, hwaddr addr, uint64_t value,
                              unsigned size)
{
    IngenicRTCState *s = INGENIC_RTC(opaque);

    trace_ingenic_rtc_write(addr, ingenic_rtc_reg_name(addr), value);

    if (addr == A_RTC_WENR) {
        if (FIELD_EX32(value, RTC_WENR, PATTERN) == INGENIC_RTC_WENR_MAGIC) {
            s->wen = true;
        } else {
            qemu_log_mask(LOG_GUEST_ERROR, "%s: WENR write 0x%" PRIx64
                          " is not the write-enable pattern\n", __func__,
                          value);
        }
        return;
    }

    if (!s->wen) {
        qemu_log_mask(LOG_GUEST_ERROR, "%s: write 0x%" PRIx64 " to %s (0x%"
                      HWADDR_PRIx ") while WENR.WEN is clear: ignored\n",
                      __func__, value, ingenic_rtc_reg_name(addr), addr);
        return;
    }

    switch (addr) {
    case A_RTC_CTRL:
        ingenic_rtc_write_ctrl(s, value);
        break;
    case A_RTC_SEC:
        s->sec = value;
        ingenic_rtc_restart_prescaler(s);
        break;
    case A_RTC_SEC_ALARM:
        s->sec_alarm = value;
        break;
    case A_RTC_REGULATOR:
        s->regulator = value;
        break;
    case A_RTC_HIBERNATE:
        s->hibernate = value;
        if (FIELD_EX32(value, RTC_HIBERNATE, PD)) {
            trace_ingenic_rtc_power_down();
            qemu_system_shutdown_request(SHUTDOWN_CAUSE_GUEST_SHUTDOWN);
        }
        break;
    case A_RTC_WAKEUP_FILTER:
        s->wakeup_filter = value & WAKEUP_FILTER_MASK;
        break;
    case A_RTC_RESET_COUNTER:
        s->reset_counter = value & RESET_COUNTER_MASK;
        break;
    case A_RTC_HWCR:
        qemu_log_mask(LOG_UNIMP, "%s: HWCR (wakeup control) is stored only\n",
                      __func__);
        s->wakeup_ctrl = value;
        break;
    case A_RTC_HWRSR:
        s->reset_status = value;
        break;
    case A_RTC_SCRATCHPAD:
        s->scratchpad = value;
        break;
    case A_RTC_CKPCR:
        qemu_log_mask(LOG_UNIMP, "%s: CKPCR (CLK32K output) is stored only\n",
                      __func__);
        s->ckpcr = value;
        break;
    default:
        qemu_log_mask(LOG_GUEST_ERROR, "%s: bad offset 0x%" HWADDR_PRIx "\n",
                      __func__, addr);
        break;
    }
}

static const MemoryRegionOps ingenic_rtc_ops = {
    .read = ingenic_rtc_read,
    .write = ingenic_rtc_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid.min_access_size = 4,
    .valid.max_access_size = 4,
    .impl.min_access_size = 4,
    .impl.max_access_size = 4,
};

static void ingenic_rtc_reset_enter(Object *obj, ResetType type)
{
    IngenicRTCState *s = INGENIC_RTC(obj);
    struct tm tm;

    qemu_get_timedate(&tm, 0);
    s->sec = mktimegm(&tm);
    s->wen = false;
    s->ctrl = R_RTC_CTRL_ENABLE_MASK;
    s->sec_alarm = 0;
    s->regulator = 0;
    s->hibernate = 0;
    s->wakeup_filter = 0;
    s->reset_counter = 0;
    s->wakeup_ctrl = 0;
    s->reset_status = 0;
    s->scratchpad = INGENIC_RTC_SCRATCHPAD_RESET;
    s->ckpcr = 0;
    trace_ingenic_rtc_reset(s->sec);
}

static void ingenic_rtc_reset_hold(Object *obj, ResetType type)
{
    IngenicRTCState *s = INGENIC_RTC(obj);

    ingenic_rtc_restart_prescaler(s);
    ingenic_rtc_update_irq(s);
}

static void ingenic_rtc_init(Object *obj)
{
    IngenicRTCState *s = INGENIC_RTC(obj);

    memory_region_init_io(&s->iomem, obj, &ingenic_rtc_ops, s,
                          TYPE_INGENIC_RTC, INGENIC_RTC_MMIO_SIZE);
    sysbus_init_mmio(SYS_BUS_DEVICE(obj), &s->iomem);
    sysbus_init_irq(SYS_BUS_DEVICE(obj), &s->irq);
}

static void ingenic_rtc_realize(DeviceState *dev, Error **errp)
{
    IngenicRTCState *s = INGENIC_RTC(dev);

    timer_init_ns(&s->tick_timer, QEMU_CLOCK_VIRTUAL, ingenic_rtc_tick, s);
}

static void ingenic_rtc_unrealize(DeviceState *dev)
{
    IngenicRTCState *s = INGENIC_RTC(dev);

    timer_del(&s->tick_timer);
}

static const VMStateDescription vmstate_ingenic_rtc = {
    .name = TYPE_INGENIC_RTC,
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_TIMER(tick_timer, IngenicRTCState),
        VMSTATE_INT64(next_tick_ns, IngenicRTCState),
        VMSTATE_BOOL(wen, IngenicRTCState),
        VMSTATE_UINT32(ctrl, IngenicRTCState),
        VMSTATE_UINT32(sec, IngenicRTCState),
        VMSTATE_UINT32(sec_alarm, IngenicRTCState),
        VMSTATE_UINT32(regulator, IngenicRTCState),
        VMSTATE_UINT32(hibernate, IngenicRTCState),
        VMSTATE_UINT32(wakeup_filter, IngenicRTCState),
        VMSTATE_UINT32(reset_counter, IngenicRTCState),
        VMSTATE_UINT32(wakeup_ctrl, IngenicRTCState),
        VMSTATE_UINT32(reset_status, IngenicRTCState),
        VMSTATE_UINT32(scratchpad, IngenicRTCState),
        VMSTATE_UINT32(ckpcr, IngenicRTCState),
        VMSTATE_END_OF_LIST()
    }
};

static void ingenic_rtc_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);
    ResettableClass *rc = RESETTABLE_CLASS(oc);

    dc->desc = "Ingenic JZ4770 real-time clock";
    dc->realize = ingenic_rtc_realize;
    dc->unrealize = ingenic_rtc_unrealize;
    dc->vmsd = &vmstate_ingenic_rtc;
    rc->phases.enter = ingenic_rtc_reset_enter;
    rc->phases.hold = ingenic_rtc_reset_hold;
}

static const TypeInfo ingenic_rtc_info = {
    .name = TYPE_INGENIC_RTC,
    .parent = TYPE_SYS_BUS_DEVICE,
    .instance_size = sizeof(IngenicRTCState),
    .instance_init = ingenic_rtc_init,
    .class_init = ingenic_rtc_class_init,
};

static void ingenic_rtc_register_types(void)
{
    type_register_static(&ingenic_rtc_info);
}

type_init(ingenic_rtc_register_types)
