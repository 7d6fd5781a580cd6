/*
 * Ingenic JZ4770 CGU/CPM: clock generation, PLLs, dividers and gates.
 *
 * Hardware facts: docs/hardware/cgu.md (sections 1-2: what Linux 6.12
 * drivers/clk/ingenic/jz4770-cgu.c and cgu.c read, write and poll; 3: the
 * reset values, the GCW Zero boot loader's settings; 4: the LCD pixel
 * clock) and docs/hardware/tcu.md section 6 (the clocks the TCU takes from
 * here). The register window also holds the USB PHY registers 0x3c-0x4c
 * (phy-ingenic-usb); they are plain storage.
 *
 * What is modelled:
 * - CPCCR: the divider fields index the table {1, 2, 3, 4, 6, 8, 12};
 *   CE (bit 22) is plain storage (no JZ4770 divider has a busy bit).
 * - CPPCR0 (PLL0) and CPPCR1 (PLL1): rate = EXT * (M + 1) / ((N + 1) * 2^OD)
 *   while enabled (bit 8 / bit 7); PLL0 gives EXT while bypassed (bit 9,
 *   whether or not enabled). The stable bits (10 / 6) are read-only and
 *   read as the enable bit: the PLL locks at once. A disabled PLL gives no
 *   clock (period 0) to what it feeds.
 * - CLKGR0/CLKGR1 gates (1 = stopped), OPCR bit 2 (RTC clock from the
 *   32768 Hz oscillator instead of EXT / 512), LPCDR (pixel clock mux bit
 *   29 and divider [10:0] + 1).
 * - Every other register of the window is plain storage; offsets that no
 *   JZ4770 driver uses are LOG_UNIMP when written.
 *
 * Choices where the sources are silent:
 * - A CPCCR divider index of 7..15 is a guest error (Linux would index
 *   past its table); the value is stored and reads back, the clock is
 *   computed with index 6 (/12).
 * - Clock outputs are exact rationals turned into a period with a single
 *   rounding (period = round(1 s * den / num) in 2^-32 ns units), so
 *   consumers see e.g. EXT / 16 as exactly 16 times the EXT period give or
 *   take one 2^-32 ns unit. This is why the outputs are computed here and
 *   not as a tree of child clocks with clock_set_mul_div(): every level of
 *   such a tree rounds its period again, a gate or a stopped PLL must give
 *   period 0 (which a multiplier/divider cannot express), and LPCDR's mux
 *   would have to move the pixel clock between parents.
 * - "pclk" is PLL0 / PDIV and "ipu-clk" is h0clk = PLL0 / H0DIV as Linux
 *   computes them; the memory/C1 clocks are not produced.
 * - Reset (3-phase): registers go back to the boot-loader values in the
 *   enter phase, the outputs are updated and propagated in the exit phase
 *   (as stm32l4x5_rcc does). Realize sets the outputs without propagating.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/log.h"
#include "qemu/module.h"
#include "qemu/host-utils.h"
#include "qapi/error.h"
#include "hw/sysbus.h"
#include "hw/qdev-clock.h"
#include "hw/qdev-properties.h"
#include "hw/registerfields.h"
#include "hw/misc/ingenic_cgu.h"
#include "migration/vmstate.h"
#include "trace.h"

#define RTC_OSC_HZ 32768
#define EXT_RTC_DIV 512

static const unsigned cpccr_div_table[] = { 1, 2, 3, 4, 6, 8, 12 };

/* Offsets that only storage is expected at */
static bool cgu_reg_is_known(hwaddr addr)
{
    switch (addr) {
    case A_CGU_CPCCR:
    case A_CGU_LCR:
    case A_CGU_CPPCR0:
    case A_CGU_CLKGR0:
    case A_CGU_OPCR:
    case A_CGU_CLKGR1:
    case A_CGU_CPPCR1:
    case A_CGU_USBPCR ... A_CGU_USB_RSVD:
    case A_CGU_USBCDR:
    case A_CGU_I2SCDR:
    case A_CGU_LPCDR:
    case A_CGU_MSC0CDR:
    case A_CGU_UHCCDR:
    case A_CGU_SSICDR:
    case A_CGU_CIMCDR:
    case A_CGU_GPSCDR:
    case A_CGU_PCMCDR:
    case A_CGU_GPUCDR:
    case A_CGU_MSC1CDR:
    case A_CGU_MSC2CDR:
    case A_CGU_BCHCDR:
        return true;
    default:
        return false;
    }
}

/* A rate of num / den Hz; num == 0 means no clock */
typedef struct CGURate {
    uint64_t num;
    uint64_t den;
} CGURate;

static CGURate rate_div(CGURate r, uint64_t div)
{
    r.den *= div;
    return r;
}

static uint64_t rate_to_period(CGURate r)
{
    uint64_t lo, hi;

    if (!r.num || !r.den) {
        return 0;
    }
    mulu64(&lo, &hi, CLOCK_PERIOD_1SEC, r.den);
    /* round to nearest: add num / 2 to the 128-bit dividend */
    if (lo > UINT64_MAX - r.num / 2) {
        hi++;
    }
    lo += r.num / 2;
    divu128(&lo, &hi, r.num);
    if (hi) {
        return UINT64_MAX;
    }
    return lo ? lo : 1;
}

static unsigned cpccr_div(IngenicCGUState *s, unsigned shift)
{
    unsigned idx = extract32(s->regs[R_CGU_CPCCR], shift, 4);

    return cpccr_div_table[MIN(idx, ARRAY_SIZE(cpccr_div_table) - 1)];
}

static bool pll_enabled(IngenicCGUState *s, unsigned pll)
{
    return pll ? FIELD_EX32(s->regs[R_CGU_CPPCR1], CGU_CPPCR1, EN)
               : FIELD_EX32(s->regs[R_CGU_CPPCR0], CGU_CPPCR0, EN);
}

static CGURate pll_rate(IngenicCGUState *s, unsigned pll)
{
    uint32_t r = pll ? s->regs[R_CGU_CPPCR1] : s->regs[R_CGU_CPPCR0];
    CGURate rate = { 0, 1 };

    if (!pll && FIELD_EX32(r, CGU_CPPCR0, BYPASS)) {
        rate.num = s->ext_freq;
        return rate;
    }
    if (!pll_enabled(s, pll)) {
        return rate;
    }
    rate.num = (uint64_t)s->ext_freq * (FIELD_EX32(r, CGU_CPPCR, M) + 1);
    rate.den = (FIELD_EX32(r, CGU_CPPCR, N) + 1) <<
               FIELD_EX32(r, CGU_CPPCR, OD);
    return rate;
}

/* A CLKGR0 gate (1 = stopped) lets its clock through */
static bool cgu_gate_open(IngenicCGUState *s, uint32_t clkgr0_bit)
{
    return !(s->regs[R_CGU_CLKGR0] & clkgr0_bit);
}

static void cgu_set_clock(Clock *clk, const char *name, CGURate r,
                          bool propagate)
{
    if (clock_set(clk, rate_to_period(r))) {
        trace_ingenic_cgu_clock(name, r.num ? r.num / r.den : 0,
                                clock_get(clk));
        if (propagate) {
            clock_propagate(clk);
        }
    }
}

static void ingenic_cgu_update_clocks(IngenicCGUState *s, bool propagate)
{
    CGURate ext = { s->ext_freq, 1 };
    CGURate rtc = { RTC_OSC_HZ, 1 };
    CGURate off = { 0, 1 };
    CGURate pll0 = pll_rate(s, 0);
    uint32_t lpcdr = s->regs[R_CGU_LPCDR];
    CGURate lcd = rate_div(pll_rate(s, FIELD_EX32(lpcdr, CGU_LPCDR, PLL1)),
                           FIELD_EX32(lpcdr, CGU_LPCDR, DIV) + 1);

    if (!FIELD_EX32(s->regs[R_CGU_OPCR], CGU_OPCR, RTC_OSC32K)) {
        rtc = rate_div(ext, EXT_RTC_DIV);
    }
    if (!cgu_gate_open(s, INGENIC_CGU_CLKGR0_LCD)) {
        lcd = off;
    }

    cgu_set_clock(s->clk_ext, "ext", ext, propagate);
    cgu_set_clock(s->clk_rtc, "rtc", rtc, propagate);
    cgu_set_clock(s->clk_pclk, "pclk",
                  rate_div(pll0, cpccr_div(s, R_CGU_CPCCR_PDIV_SHIFT)),
                  propagate);
    cgu_set_clock(s->clk_lcd, "lcd-pclk", lcd, propagate);
    cgu_set_clock(s->clk_ipu, "ipu-clk",
                  cgu_gate_open(s, INGENIC_CGU_CLKGR0_IPU) ?
                  rate_div(pll0, cpccr_div(s, R_CGU_CPCCR_H0DIV_SHIFT)) : off,
                  propagate);
}

static uint64_t ingenic_cgu_read(void *opaque, hwaddr addr, unsigned size)
{
    IngenicCGUState *s = INGENIC_CGU(opaque);
    uint32_t value = s->regs[addr / 4];

    switch (addr) {
    case A_CGU_CPPCR0:
        value = FIELD_DP32(value, CGU_CPPCR0, STABLE, pll_enabled(s, 0));
        break;
    case A_CGU_CPPCR1:
        value = FIELD_DP32(value, CGU_CPPCR1, STABLE, pll_enabled(s, 1));
        break;
    }
    trace_ingenic_cgu_read(addr, value);
    return value;
}

static void check_cpccr(uint32_t value)
{
    static const struct {
        const char *name;
        unsigned shift;
    } fields[] = {
        { "CDIV", R_CGU_CPCCR_CDIV_SHIFT },
        { "H0DIV", R_CGU_CPCCR_H0DIV_SHIFT },
        { "PDIV", R_CGU_CPCCR_PDIV_SHIFT },
        { "C1DIV", R_CGU_CPCCR_C1DIV_SHIFT },
        { "H2DIV", R_CGU_CPCCR_H2DIV_SHIFT },
        { "H1DIV", R_CGU_CPCCR_H1DIV_SHIFT },
    };
    int i;

    for (i = 0; i < ARRAY_SIZE(fields); i++) {
        unsigned idx = extract32(value, fields[i].shift, 4);

        if (idx >= ARRAY_SIZE(cpccr_div_table)) {
            qemu_log_mask(LOG_GUEST_ERROR, "ingenic-cgu: CPCCR 0x%08x: %s "
                          "index %u is outside the divider table; using "
                          "/%u\n", value, fields[i].name, idx,
                          cpccr_div_table[ARRAY_SIZE(cpccr_div_table) - 1]);
        }
    }
}

static void ingenic_cgu_write(void *opaque, hwaddr addr, uint64_t val64,
                              unsigned size)
{
    IngenicCGUState *s = INGENIC_CGU(opaque);
    uint32_t value = val64;

    trace_ingenic_cgu_write(addr, value);

    switch (addr) {
    case A_CGU_CPCCR:
        check_cpccr(value);
        break;
    case A_CGU_CPPCR0:
        value = FIELD_DP32(value, CGU_CPPCR0, STABLE, 0);
        break;
    case A_CGU_CPPCR1:
        value = FIELD_DP32(value, CGU_CPPCR1, STABLE, 0);
        break;
    default:
        if (!cgu_reg_is_known(addr)) {
            qemu_log_mask(LOG_UNIMP, "ingenic-cgu: write 0x%08x to unknown "
                          "register 0x%02" HWADDR_PRIx " (stored)\n",
                          value, addr);
        }
        break;
    }
    s->regs[addr / 4] = value;

    switch (addr) {
    case A_CGU_CPCCR:
    case A_CGU_CPPCR0:
    case A_CGU_CPPCR1:
    case A_CGU_CLKGR0:
    case A_CGU_OPCR:
    case A_CGU_LPCDR:
        ingenic_cgu_update_clocks(s, true);
        break;
    }
}

static const MemoryRegionOps ingenic_cgu_ops = {
    .read = ingenic_cgu_read,
    .write = ingenic_cgu_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = {
        .min_access_size = 4,
        .max_access_size = 4,
    },
};

static void ingenic_cgu_reset_enter(Object *obj, ResetType type)
{
    IngenicCGUState *s = INGENIC_CGU(obj);

    trace_ingenic_cgu_reset();
    memset(s->regs, 0, sizeof(s->regs));
    s->regs[R_CGU_CPCCR] = INGENIC_CGU_CPCCR_RESET;
    s->regs[R_CGU_CPPCR0] = INGENIC_CGU_CPPCR0_RESET;
}

static void ingenic_cgu_reset_exit(Object *obj, ResetType type)
{
    ingenic_cgu_update_clocks(INGENIC_CGU(obj), true);
}

static void ingenic_cgu_init(Object *obj)
{
    IngenicCGUState *s = INGENIC_CGU(obj);
    DeviceState *dev = DEVICE(obj);

    memory_region_init_io(&s->iomem, obj, &ingenic_cgu_ops, s,
                          TYPE_INGENIC_CGU, INGENIC_CGU_MMIO_SIZE);
    sysbus_init_mmio(SYS_BUS_DEVICE(obj), &s->iomem);
    s->clk_ext = qdev_init_clock_out(dev, "ext");
    s->clk_rtc = qdev_init_clock_out(dev, "rtc");
    s->clk_pclk = qdev_init_clock_out(dev, "pclk");
    s->clk_lcd = qdev_init_clock_out(dev, "lcd-pclk");
    s->clk_ipu = qdev_init_clock_out(dev, "ipu-clk");
}

static void ingenic_cgu_realize(DeviceState *dev, Error **errp)
{
    IngenicCGUState *s = INGENIC_CGU(dev);

    if (!s->ext_freq) {
        error_setg(errp, "ingenic-cgu: ext-freq must not be 0");
        return;
    }
    /* Outputs valid before the first reset; reset exit propagates them */
    ingenic_cgu_reset_enter(OBJECT(dev), RESET_TYPE_COLD);
    ingenic_cgu_update_clocks(s, false);
}

static const Property ingenic_cgu_properties[] = {
    DEFINE_PROP_UINT32("ext-freq", IngenicCGUState, ext_freq,
                       INGENIC_CGU_EXT_HZ_DEFAULT),
};

static const VMStateDescription vmstate_ingenic_cgu = {
    .name = TYPE_INGENIC_CGU,
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32_ARRAY(regs, IngenicCGUState, INGENIC_CGU_NUM_REGS),
        VMSTATE_CLOCK(clk_ext, IngenicCGUState),
        VMSTATE_CLOCK(clk_rtc, IngenicCGUState),
        VMSTATE_CLOCK(clk_pclk, IngenicCGUState),
        VMSTATE_CLOCK(clk_lcd, IngenicCGUState),
        VMSTATE_CLOCK(clk_ipu, IngenicCGUState),
        VMSTATE_END_OF_LIST()
    }
};

static void ingenic_cgu_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    ResettableClass *rc = RESETTABLE_CLASS(klass);

    dc->desc = "Ingenic JZ4770 CGU/CPM clock generation unit";
    dc->realize = ingenic_cgu_realize;
    dc->vmsd = &vmstate_ingenic_cgu;
    device_class_set_props(dc, ingenic_cgu_properties);
    rc->phases.enter = ingenic_cgu_reset_enter;
    rc->phases.exit = ingenic_cgu_reset_exit;
}

static const TypeInfo ingenic_cgu_info = {
    .name = TYPE_INGENIC_CGU,
    .parent = TYPE_SYS_BUS_DEVICE,
    .instance_size = sizeof(IngenicCGUState),
    .instance_init = ingenic_cgu_init,
    .class_init = ingenic_cgu_class_init,
};

static void ingenic_cgu_register_types(void)
{
    type_register_static(&ingenic_cgu_info);
}

type_init(ingenic_cgu_register_types);
