/*
 * Ingenic JZ4770 TCU: eight timer channels, the 64-bit OST and the watchdog,
 * all in one 0x1000 register window at 0x10002000.
 *
 * Hardware facts: docs/hardware/tcu.md (sections 1-6: the TCU as Linux
 * 6.12's irq-ingenic-tcu.c, clk/ingenic/tcu.c, clocksource/ingenic-timer.c,
 * ingenic-ost.c and pwm-jz4740.c use it; 7: watchdog/jz4740_wdt.c and the
 * reboot). No JZ4770 manual is available; where the sources are silent
 * this model chooses (tcu.md section 8):
 *
 * - Counting. A channel counts while TER.n = 1 and TSR.n = 0 and its TCSR
 *   selects a running clock; its tick rate is the selected clock / 4^PRESCALE.
 *   When the counter *becomes* TDFR (by counting, not by a TCNT write) TFR.n
 *   is set; on the next tick the counter goes to 0 and counting goes on, so
 *   the period is TDFR + 1 ticks and TFR.n is set again every period until
 *   the guest stops the channel. With TDFR = 0xffff a channel therefore runs
 *   like a plain 16-bit counter (the ingenic-timer clocksource). If TCNT is
 *   above TDFR the counter runs up to 0xffff and overflows to 0 first.
 *   TDFR = 0 (written by the PWM disable path) gives a one-tick period; the
 *   flag is level-like state and is only scheduled while clear, so this
 *   cannot flood the host with timer callbacks.
 *   When the counter becomes TDHR the half flag TFR.(16+n) is set.
 * - Writing TCNT (or OST CNTL/CNTH, WDT TCNT) restarts the prescaler phase:
 *   the next tick comes one full tick period after the write. Starting a
 *   unit (TER/TSR/TCER or clock change) does the same.
 * - Counter values are computed from QEMU_CLOCK_VIRTUAL exactly: tick k of a
 *   unit happens at t0 + ceil(k * period), period in the Clock's 2^-32 ns
 *   units, so TCNT/TFR read at any time are exact and one QEMUTimer per
 *   unit is only armed for the next flag (or watchdog) event that matters.
 *   (Not a ptimer: a ptimer counts down to 0 and reloads, while a TCU unit
 *   counts up, wraps at TDFR, raises a second (half) match on the way, and
 *   the OST is a 64-bit free-running up-counter; the counter read back
 *   must be exact at any virtual time for the clocksource.)
 * - Clock select is one-hot (bit 0 PCLK, bit 1 RTC, bit 2 EXT). Several bits
 *   set is a guest error; the lowest set bit wins (which is what Linux's
 *   tcu_clk_get_parent reads back). No bit set: the unit does not count.
 *   PRESCALE values 6 and 7 are a guest error and act as 5 (/1024).
 * - TCSR keeps bits [15:0] as written. PWM_EN (output pins) is LOG_UNIMP;
 *   the pins are not modelled. TCU2-mode status (TSTR/TSTSR/TSTCR) is
 *   LOG_UNIMP and reads 0.
 * - Reset: every register 0 (so every channel is stopped, unmasked, no
 *   clock selected); Linux masks everything itself (TMSR = 0xffffffff).
 * - IRQs. The Linux handler is the same on all three lines and dispatches
 *   TFR & ~TMR, so any split is valid. Following the irq-ingenic-tcu.c
 *   comment (timer 5 has its own line on JZ4770+), sysbus IRQ 1 (INTC 26,
 *   "TCU1") carries channel 5, IRQ 2 (INTC 25, "TCU2") the OST flag (bit 15)
 *   and IRQ 0 (INTC 27, "TCU0") everything else, including channel 0 (the
 *   Linux clockevent). Each line is high while its share of TFR & ~TMR is
 *   non-zero.
 * - OST: a 64-bit up-counter at its OST_TCSR clock, enabled by TER bit 15
 *   and TSR bit 15. It is compared with OST_DR (32-bit, zero-extended) and
 *   sets TFR bit 15 when it becomes OST_DR; with CNT_MD = 0 it then restarts
 *   from 0, with CNT_MD = 1 (what Linux sets) it runs free. Reading OST_CNTL
 *   latches the high word into OST_CNTHBUF; OST_CNTH reads the live high
 *   word.
 * - Watchdog: TCNT counts up at the WDT_TCSR clock while TCER.TCEN = 1 and
 *   TSR bit 16 = 0. At the first tick at which TCNT >= TDR the model calls
 *   qemu_system_reset_request(SHUTDOWN_CAUSE_GUEST_RESET), once (re-armed
 *   by a write to TDR, TCNT or TCER). Linux's restart handler (TDR = 0,
 *   TCNT = 0, TCEN = 1, RTC / 1024 = 32 Hz) thus resets after 31.25 ms.
 * - TER, TSR, TFR, TMR are read-only (a write is a guest error); they are
 *   changed through their set/clear aliases. 16-bit accesses are accepted
 *   everywhere (the other half of a storage register is kept); 8-bit and
 *   unaligned accesses are rejected by the memory core.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/log.h"
#include "qemu/module.h"
#include "qemu/host-utils.h"
#include "qemu/timer.h"
#include "qapi/error.h"
#include "hw/sysbus.h"
#include "hw/irq.h"
#include "hw/qdev-clock.h"
#include "hw/registerfields.h"
#include "hw/timer/ingenic_tcu.h"
#include "migration/vmstate.h"
#include "system/runstate.h"
#include "trace.h"

#define TICKS_NEVER UINT64_MAX
#define MAX_PRESCALE 5

static const char *const unit_name[INGENIC_TCU_NUM_UNITS] = {
    "ch0", "ch1", "ch2", "ch3", "ch4", "ch5", "ch6", "ch7", "ost", "wdt",
};

/*
 * Counter arithmetic. A unit with compare value @cmp and counter width mask
 * @mask, in "wrap" mode, runs c, c+1, ..., cmp, 0, 1, ..., cmp, 0, ... (and,
 * when it starts above cmp, up to mask and over to 0 first). Without wrap it
 * simply counts modulo mask + 1.
 */
static uint64_t seq_value(uint64_t c, uint64_t k, uint64_t cmp, uint64_t mask,
                          bool wrap)
{
    uint64_t n, d;

    if (!wrap) {
        return (c + k) & mask;
    }
    n = cmp + 1; /* cmp is at most 32 bits wide, n cannot overflow */
    if (c <= cmp) {
        return (c + k % n) % n;
    }
    d = (mask - c) + 1; /* ticks until the overflow to 0 */
    if (k < d) {
        return c + k;
    }
    return (k - d) % n;
}

/* Ticks (>= 1) from value @c until the counter becomes @h, or TICKS_NEVER */
static uint64_t seq_ticks_to(uint64_t c, uint64_t h, uint64_t cmp,
                             uint64_t mask, bool wrap)
{
    uint64_t j, d;

    if (h > mask) {
        return TICKS_NEVER;
    }
    if (!wrap) {
        j = (h - c) & mask;
        if (j == 0) {
            return mask == UINT64_MAX ? TICKS_NEVER : mask + 1;
        }
        return j;
    }
    if (c <= cmp) {
        if (h > cmp) {
            return TICKS_NEVER;
        }
        return h > c ? h - c : (cmp - c) + 1 + h;
    }
    if (h > c) {
        return h - c;
    }
    if (h > cmp) {
        return TICKS_NEVER;
    }
    d = (mask - c) + 1;
    return d > TICKS_NEVER - h ? TICKS_NEVER : d + h;
}

/* Number of whole ticks of @u between its t0 and @now */
static uint64_t unit_ticks_at(IngenicTCUCounter *u, int64_t now)
{
    uint64_t elapsed, lo, hi;

    if (!u->period || now <= u->t0) {
        return 0;
    }
    elapsed = now - u->t0;
    lo = elapsed << 32;
    hi = elapsed >> 32;
    divu128(&lo, &hi, u->period);
    return hi ? TICKS_NEVER : lo;
}

/* Virtual time of tick @tick of @u (rounded up to whole ns), or INT64_MAX */
static int64_t unit_tick_time(IngenicTCUCounter *u, uint64_t tick)
{
    uint64_t lo, hi, ns;

    mulu64(&lo, &hi, tick, u->period);
    /* round up to a whole ns: add 2^32 - 1 to the 128-bit product */
    if (lo > UINT64_MAX - 0xffffffffu) {
        hi++;
    }
    lo += 0xffffffffu;
    if (hi >> 31) {
        return INT64_MAX;
    }
    ns = (hi << 32) | (lo >> 32);
    if (ns > (uint64_t)(INT64_MAX - u->t0)) {
        return INT64_MAX;
    }
    return u->t0 + ns;
}

/* Description of what a unit counts against */
typedef struct UnitRule {
    uint64_t mask;
    uint64_t cmp;
    bool wrap;
} UnitRule;

static UnitRule unit_rule(IngenicTCUState *s, int n)
{
    UnitRule r;

    if (n < INGENIC_TCU_NUM_CHANNELS) {
        r.mask = 0xffff;
        r.cmp = s->tdfr[n];
        r.wrap = true;
    } else if (n == INGENIC_TCU_UNIT_OST) {
        r.mask = UINT64_MAX;
        r.cmp = s->ost_dr;
        r.wrap = !FIELD_EX32(s->ost_tcsr, TCU_OST_TCSR, CNT_MD);
    } else {
        r.mask = 0xffff;
        r.cmp = s->wdt_tdr;
        r.wrap = false;
    }
    return r;
}

static uint32_t unit_tcsr(IngenicTCUState *s, int n)
{
    if (n < INGENIC_TCU_NUM_CHANNELS) {
        return s->tcsr[n];
    }
    return n == INGENIC_TCU_UNIT_OST ? s->ost_tcsr : s->wdt_tcsr;
}

static bool unit_enabled(IngenicTCUState *s, int n)
{
    if (n < INGENIC_TCU_NUM_CHANNELS || n == INGENIC_TCU_UNIT_OST) {
        int bit = n < INGENIC_TCU_NUM_CHANNELS ? n : INGENIC_TCU_OST_BIT;

        return (s->ter & BIT(bit)) && !(s->tsr & BIT(bit));
    }
    return FIELD_EX32(s->wdt_tcer, TCU_WDT_TCER, TCEN) &&
           !(s->tsr & BIT(INGENIC_TCU_WDT_BIT));
}

/* Tick period of unit @n in 2^-32 ns units, 0 if it does not count */
static uint64_t unit_compute_period(IngenicTCUState *s, int n)
{
    uint32_t tcsr = unit_tcsr(s, n);
    unsigned sel = FIELD_EX32(tcsr, TCU_TCSR, CLK_SEL);
    unsigned pre = MIN(FIELD_EX32(tcsr, TCU_TCSR, PRESCALE), MAX_PRESCALE);
    uint64_t period;

    if (!unit_enabled(s, n) || !sel) {
        return 0;
    }
    if (sel & 1) {
        period = clock_get(s->clk_pclk);
    } else if (sel & 2) {
        period = clock_get(s->clk_rtc);
    } else {
        period = clock_get(s->clk_ext);
    }
    if (period > (UINT64_MAX >> (2 * pre))) {
        return UINT64_MAX;
    }
    return period << (2 * pre);
}

static void ingenic_tcu_update_irq(IngenicTCUState *s)
{
    uint32_t pending = s->tfr & ~s->tmr;
    uint32_t line[INGENIC_TCU_NUM_IRQS] = {
        pending & ~(INGENIC_TCU_IRQ1_FLAGS | INGENIC_TCU_IRQ2_FLAGS),
        pending & INGENIC_TCU_IRQ1_FLAGS,
        pending & INGENIC_TCU_IRQ2_FLAGS,
    };
    int i;

    for (i = 0; i < INGENIC_TCU_NUM_IRQS; i++) {
        bool level = line[i] != 0;

        if (level != s->irq_level[i]) {
            trace_ingenic_tcu_irq(i, level);
            s->irq_level[i] = level;
        }
        qemu_set_irq(s->irq[i], level);
    }
}

static void ingenic_tcu_set_flag(IngenicTCUState *s, int bit)
{
    s->tfr |= BIT(bit);
    trace_ingenic_tcu_flag(bit, s->tfr);
}

/*
 * Bring unit @n up to date at @now: raise the flags of the matches that
 * happened since the last sync (or fire the watchdog) and move the base of
 * the counter to the current tick.
 */
static void unit_sync(IngenicTCUState *s, int n, int64_t now)
{
    IngenicTCUCounter *u = &s->unit[n];
    UnitRule r = unit_rule(s, n);
    uint64_t k, dk;

    if (!u->period) {
        return;
    }
    k = unit_ticks_at(u, now);
    if (k <= u->base_tick) {
        return;
    }
    dk = k - u->base_tick;

    if (n < INGENIC_TCU_NUM_CHANNELS) {
        int half = INGENIC_TCU_HALF_SHIFT + n;

        if (!(s->tfr & BIT(n)) &&
            seq_ticks_to(u->count, r.cmp, r.cmp, r.mask, r.wrap) <= dk) {
            ingenic_tcu_set_flag(s, n);
        }
        if (!(s->tfr & BIT(half)) &&
            seq_ticks_to(u->count, s->tdhr[n], r.cmp, r.mask, r.wrap) <= dk) {
            ingenic_tcu_set_flag(s, half);
        }
    } else if (n == INGENIC_TCU_UNIT_OST) {
        if (!(s->tfr & BIT(INGENIC_TCU_OST_BIT)) &&
            seq_ticks_to(u->count, r.cmp, r.cmp, r.mask, r.wrap) <= dk) {
            ingenic_tcu_set_flag(s, INGENIC_TCU_OST_BIT);
        }
    } else if (!s->wdt_fired) {
        uint64_t j = u->count >= r.cmp ? 1 : r.cmp - u->count;

        if (j <= dk) {
            s->wdt_fired = true;
            trace_ingenic_tcu_wdt_reset(seq_value(u->count, j, 0, r.mask,
                                                  false), s->wdt_tdr);
            qemu_system_reset_request(SHUTDOWN_CAUSE_GUEST_RESET);
        }
    }

    u->count = seq_value(u->count, dk, r.cmp, r.mask, r.wrap);
    u->base_tick = k;
}

/* Arm the unit's QEMUTimer for the next event that would change state */
static void unit_schedule(IngenicTCUState *s, int n)
{
    IngenicTCUCounter *u = &s->unit[n];
    UnitRule r = unit_rule(s, n);
    uint64_t j = TICKS_NEVER;
    int64_t when;

    if (!u->timer) {
        return;
    }
    if (!u->period) {
        timer_del(u->timer);
        return;
    }
    if (n < INGENIC_TCU_NUM_CHANNELS) {
        if (!(s->tfr & BIT(n))) {
            j = seq_ticks_to(u->count, r.cmp, r.cmp, r.mask, r.wrap);
        }
        if (!(s->tfr & BIT(INGENIC_TCU_HALF_SHIFT + n))) {
            j = MIN(j, seq_ticks_to(u->count, s->tdhr[n], r.cmp, r.mask,
                                    r.wrap));
        }
    } else if (n == INGENIC_TCU_UNIT_OST) {
        if (!(s->tfr & BIT(INGENIC_TCU_OST_BIT))) {
            j = seq_ticks_to(u->count, r.cmp, r.cmp, r.mask, r.wrap);
        }
    } else if (!s->wdt_fired) {
        j = u->count >= r.cmp ? 1 : r.cmp - u->count;
    }

    if (j == TICKS_NEVER || j > TICKS_NEVER - u->base_tick) {
        timer_del(u->timer);
        return;
    }
    when = unit_tick_time(u, u->base_tick + j);
    if (when == INT64_MAX) {
        timer_del(u->timer);
        return;
    }
    timer_mod(u->timer, when);
}

/*
 * After a configuration change of unit @n (already synced at @now): pick
 * up the new tick period; a changed period, or @restart, starts a new tick
 * phase at @now.
 */
static void unit_reconfigure(IngenicTCUState *s, int n, int64_t now,
                             bool restart)
{
    IngenicTCUCounter *u = &s->unit[n];
    uint64_t period = unit_compute_period(s, n);

    if (period != u->period || restart) {
        u->period = period;
        u->t0 = now;
        u->base_tick = 0;
        trace_ingenic_tcu_counter(unit_name[n], u->count, period);
    }
    unit_schedule(s, n);
}

static void sync_all(IngenicTCUState *s, int64_t now)
{
    int n;

    for (n = 0; n < INGENIC_TCU_NUM_UNITS; n++) {
        unit_sync(s, n, now);
    }
}

static void reconfigure_all(IngenicTCUState *s, int64_t now)
{
    int n;

    for (n = 0; n < INGENIC_TCU_NUM_UNITS; n++) {
        unit_reconfigure(s, n, now, false);
    }
}

static void ingenic_tcu_timer_cb(void *opaque)
{
    IngenicTCUCounter *u = opaque;
    IngenicTCUState *s = u->tcu;
    int64_t now = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    int n = u->index;

    unit_sync(s, n, now);
    unit_schedule(s, n);
    ingenic_tcu_update_irq(s);
}

static uint32_t check_tcsr(IngenicTCUState *s, const char *what,
                           uint32_t value, bool pwm)
{
    unsigned sel = FIELD_EX32(value, TCU_TCSR, CLK_SEL);

    if (sel & (sel - 1)) {
        qemu_log_mask(LOG_GUEST_ERROR, "ingenic-tcu: %s TCSR 0x%x selects "
                      "several clocks; using the lowest\n", what, value);
    }
    if (FIELD_EX32(value, TCU_TCSR, PRESCALE) > MAX_PRESCALE) {
        qemu_log_mask(LOG_GUEST_ERROR, "ingenic-tcu: %s TCSR 0x%x: invalid "
                      "prescale, using /1024\n", what, value);
    }
    if (pwm && FIELD_EX32(value, TCU_TCSR, PWM_EN)) {
        qemu_log_mask(LOG_UNIMP, "ingenic-tcu: %s: PWM output pins are not "
                      "modelled\n", what);
    }
    return value & 0xffff;
}

/* Register value without side effects (counters are synced to @now) */
static uint32_t tcu_reg_value(IngenicTCUState *s, hwaddr addr, int64_t now,
                              bool *ok)
{
    *ok = true;

    if (addr >= A_TCU_TDFR0 && addr < INGENIC_TCU_CHANNEL_END) {
        int n = (addr - A_TCU_TDFR0) / INGENIC_TCU_CHANNEL_STRIDE;

        switch ((addr - A_TCU_TDFR0) % INGENIC_TCU_CHANNEL_STRIDE) {
        case A_TCU_TDFR0 - A_TCU_TDFR0:
            return s->tdfr[n];
        case A_TCU_TDHR0 - A_TCU_TDFR0:
            return s->tdhr[n];
        case A_TCU_TCNT0 - A_TCU_TDFR0:
            unit_sync(s, n, now);
            return s->unit[n].count;
        default:
            return s->tcsr[n];
        }
    }

    switch (addr) {
    case A_TCU_WDT_TDR:
        return s->wdt_tdr;
    case A_TCU_WDT_TCER:
        return s->wdt_tcer;
    case A_TCU_WDT_TCNT:
        unit_sync(s, INGENIC_TCU_UNIT_WDT, now);
        return s->unit[INGENIC_TCU_UNIT_WDT].count;
    case A_TCU_WDT_TCSR:
        return s->wdt_tcsr;
    case A_TCU_TER:
        return s->ter;
    case A_TCU_TSR:
        return s->tsr;
    case A_TCU_TFR:
        sync_all(s, now);
        return s->tfr;
    case A_TCU_TMR:
        return s->tmr;
    case A_TCU_OST_DR:
        return s->ost_dr;
    case A_TCU_OST_CNTL:
        unit_sync(s, INGENIC_TCU_UNIT_OST, now);
        return s->unit[INGENIC_TCU_UNIT_OST].count;
    case A_TCU_OST_CNTH:
        unit_sync(s, INGENIC_TCU_UNIT_OST, now);
        return s->unit[INGENIC_TCU_UNIT_OST].count >> 32;
    case A_TCU_OST_TCSR:
        return s->ost_tcsr;
    case A_TCU_OST_CNTHBUF:
        return s->ost_cnthbuf;
    case A_TCU_TSTR:
        qemu_log_mask(LOG_UNIMP, "ingenic-tcu: TCU2 mode status (TSTR) "
                      "is not modelled\n");
        return 0;
    case A_TCU_TESR:
    case A_TCU_TECR:
    case A_TCU_TFSR:
    case A_TCU_TFCR:
    case A_TCU_TSSR:
    case A_TCU_TSCR:
    case A_TCU_TMSR:
    case A_TCU_TMCR:
    case A_TCU_TSTSR:
    case A_TCU_TSTCR:
        /* write-only aliases */
        return 0;
    default:
        *ok = false;
        return 0;
    }
}

static uint64_t ingenic_tcu_read(void *opaque, hwaddr addr, unsigned size)
{
    IngenicTCUState *s = INGENIC_TCU(opaque);
    int64_t now = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    hwaddr reg = addr & ~3;
    unsigned shift = (addr & 3) * 8;
    uint32_t value;
    bool ok;

    value = tcu_reg_value(s, reg, now, &ok);
    if (!ok) {
        qemu_log_mask(LOG_GUEST_ERROR, "ingenic-tcu: read of unknown "
                      "register 0x%" HWADDR_PRIx "\n", addr);
    } else if (reg == A_TCU_OST_CNTL && shift == 0) {
        s->ost_cnthbuf = s->unit[INGENIC_TCU_UNIT_OST].count >> 32;
    } else if (reg == A_TCU_TESR || reg == A_TCU_TECR || reg == A_TCU_TFSR ||
               reg == A_TCU_TFCR || reg == A_TCU_TSSR || reg == A_TCU_TSCR ||
               reg == A_TCU_TMSR || reg == A_TCU_TMCR) {
        qemu_log_mask(LOG_GUEST_ERROR, "ingenic-tcu: read of write-only "
                      "register 0x%" HWADDR_PRIx "\n", addr);
    }
    /* TCNT/TFR reads may have raised flags that were due */
    ingenic_tcu_update_irq(s);

    value = extract32(value, shift, size * 8);
    trace_ingenic_tcu_read(addr, value, size);
    return value;
}

/* Write to one of TER/TSR/TFR/TMR through its set or clear alias */
static void tcu_write_setclr(IngenicTCUState *s, uint32_t *reg, uint32_t mask,
                             uint32_t value, bool set, int64_t now)
{
    sync_all(s, now);
    if (set) {
        *reg |= value & mask;
    } else {
        *reg &= ~(value & mask);
    }
    reconfigure_all(s, now);
}

/* The set/clear aliases: false if @reg is none of them */
static bool tcu_write_alias(IngenicTCUState *s, hwaddr reg, uint32_t value,
                            int64_t now)
{
    switch (reg) {
    case A_TCU_TESR:
    case A_TCU_TECR:
        tcu_write_setclr(s, &s->ter, INGENIC_TCU_TER_MASK, value,
                         reg == A_TCU_TESR, now);
        return true;
    case A_TCU_TSSR:
    case A_TCU_TSCR:
        tcu_write_setclr(s, &s->tsr, INGENIC_TCU_TSR_MASK, value,
                         reg == A_TCU_TSSR, now);
        return true;
    case A_TCU_TFSR:
    case A_TCU_TFCR:
        tcu_write_setclr(s, &s->tfr, INGENIC_TCU_TFR_MASK, value,
                         reg == A_TCU_TFSR, now);
        return true;
    case A_TCU_TMSR:
    case A_TCU_TMCR:
        tcu_write_setclr(s, &s->tmr, INGENIC_TCU_TFR_MASK, value,
                         reg == A_TCU_TMSR, now);
        return true;
    default:
        return false;
    }
}

/* TDFRn, TDHRn, TCNTn, TCSRn of channel @n (@off: the register's offset) */
static void tcu_write_channel(IngenicTCUState *s, int n, hwaddr off,
                              uint32_t value, int64_t now)
{
    unit_sync(s, n, now);
    switch (off) {
    case A_TCU_TDFR0 - A_TCU_TDFR0:
        s->tdfr[n] = value & 0xffff;
        unit_reconfigure(s, n, now, false);
        break;
    case A_TCU_TDHR0 - A_TCU_TDFR0:
        s->tdhr[n] = value & 0xffff;
        unit_reconfigure(s, n, now, false);
        break;
    case A_TCU_TCNT0 - A_TCU_TDFR0:
        s->unit[n].count = value & 0xffff;
        unit_reconfigure(s, n, now, true);
        break;
    default:
        s->tcsr[n] = check_tcsr(s, unit_name[n], value, true);
        unit_reconfigure(s, n, now, false);
        break;
    }
}

/* WDT_TDR, WDT_TCER, WDT_TCNT, WDT_TCSR */
static void tcu_write_wdt(IngenicTCUState *s, hwaddr reg, uint32_t value,
                          int64_t now)
{
    const int n = INGENIC_TCU_UNIT_WDT;

    unit_sync(s, n, now);
    switch (reg) {
    case A_TCU_WDT_TDR:
        s->wdt_tdr = value & 0xffff;
        break;
    case A_TCU_WDT_TCER:
        s->wdt_tcer = value & R_TCU_WDT_TCER_TCEN_MASK;
        break;
    case A_TCU_WDT_TCNT:
        s->unit[n].count = value & 0xffff;
        break;
    default:
        s->wdt_tcsr = check_tcsr(s, "wdt", value, false);
        break;
    }
    /* A new timeout arms the watchdog again */
    if (reg != A_TCU_WDT_TCSR) {
        s->wdt_fired = false;
    }
    unit_reconfigure(s, n, now, reg == A_TCU_WDT_TCNT);
}

/* OST_DR, OST_CNTL, OST_CNTH, OST_TCSR */
static void tcu_write_ost(IngenicTCUState *s, hwaddr reg, uint32_t value,
                          int64_t now)
{
    const int n = INGENIC_TCU_UNIT_OST;
    bool restart = false;

    unit_sync(s, n, now);
    switch (reg) {
    case A_TCU_OST_DR:
        s->ost_dr = value;
        break;
    case A_TCU_OST_CNTL:
    case A_TCU_OST_CNTH:
        s->unit[n].count = deposit64(s->unit[n].count,
                                     reg == A_TCU_OST_CNTL ? 0 : 32, 32, value);
        restart = true;
        break;
    default:
        s->ost_tcsr = check_tcsr(s, "ost", value, false);
        break;
    }
    unit_reconfigure(s, n, now, restart);
}

/* A register that does not take a write */
static void tcu_write_other(IngenicTCUState *s, hwaddr addr, uint32_t value)
{
    switch (addr & ~3) {
    case A_TCU_TER:
    case A_TCU_TSR:
    case A_TCU_TFR:
    case A_TCU_TMR:
        qemu_log_mask(LOG_GUEST_ERROR, "ingenic-tcu: write 0x%x to read-only "
                      "register 0x%" HWADDR_PRIx " (use its set/clear "
                      "aliases)\n", value, addr);
        break;
    case A_TCU_OST_CNTHBUF:
        qemu_log_mask(LOG_GUEST_ERROR, "ingenic-tcu: write 0x%x to read-only "
                      "OST_CNTHBUF\n", value);
        break;
    case A_TCU_TSTR:
    case A_TCU_TSTSR:
    case A_TCU_TSTCR:
        qemu_log_mask(LOG_UNIMP, "ingenic-tcu: TCU2 mode (write 0x%x to "
                      "0x%" HWADDR_PRIx ") is not modelled\n", value, addr);
        break;
    default:
        qemu_log_mask(LOG_GUEST_ERROR, "ingenic-tcu: write 0x%x to unknown "
                      "register 0x%" HWADDR_PRIx "\n", value, addr);
        break;
    }
}

/* A 16-bit write: merged with the register's other half (aliases: 0) */
static uint32_t tcu_merge_narrow(IngenicTCUState *s, hwaddr addr,
                                 uint32_t value, unsigned size, int64_t now)
{
    hwaddr reg = addr & ~3;
    uint32_t old = 0;
    bool ok;

    switch (reg) {
    case A_TCU_TESR: case A_TCU_TECR: case A_TCU_TFSR: case A_TCU_TFCR:
    case A_TCU_TSSR: case A_TCU_TSCR: case A_TCU_TMSR: case A_TCU_TMCR:
        break;
    default:
        old = tcu_reg_value(s, reg, now, &ok);
        break;
    }
    return deposit32(old, (addr & 3) * 8, size * 8, value);
}

static void ingenic_tcu_write(void *opaque, hwaddr addr, uint64_t val64,
                              unsigned size)
{
    IngenicTCUState *s = INGENIC_TCU(opaque);
    int64_t now = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    hwaddr reg = addr & ~3;
    uint32_t value = val64;

    trace_ingenic_tcu_write(addr, val64, size);
    if (size < 4) {
        value = tcu_merge_narrow(s, addr, value, size, now);
    }

    if (reg >= A_TCU_TDFR0 && reg < INGENIC_TCU_CHANNEL_END) {
        tcu_write_channel(s, (reg - A_TCU_TDFR0) / INGENIC_TCU_CHANNEL_STRIDE,
                          (reg - A_TCU_TDFR0) % INGENIC_TCU_CHANNEL_STRIDE,
                          value, now);
    } else if (reg <= A_TCU_WDT_TCSR) {
        tcu_write_wdt(s, reg, value, now);
    } else if (reg >= A_TCU_OST_DR && reg <= A_TCU_OST_TCSR) {
        tcu_write_ost(s, reg, value, now);
    } else if (!tcu_write_alias(s, reg, value, now)) {
        tcu_write_other(s, addr, value);
    }
    ingenic_tcu_update_irq(s);
}

static const MemoryRegionOps ingenic_tcu_ops = {
    .read = ingenic_tcu_read,
    .write = ingenic_tcu_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = {
        .min_access_size = 2,
        .max_access_size = 4,
    },
};

/*
 * A clock input is about to change (sync every unit with the old period)
 * or has changed (take up the new one).
 */
static void ingenic_tcu_clk_update(void *opaque, ClockEvent event)
{
    IngenicTCUState *s = INGENIC_TCU(opaque);
    int64_t now = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);

    if (event == ClockPreUpdate) {
        sync_all(s, now);
        return;
    }
    reconfigure_all(s, now);
    ingenic_tcu_update_irq(s);
}

static void ingenic_tcu_reset_enter(Object *obj, ResetType type)
{
    IngenicTCUState *s = INGENIC_TCU(obj);
    int n;

    trace_ingenic_tcu_reset();
    for (n = 0; n < INGENIC_TCU_NUM_UNITS; n++) {
        IngenicTCUCounter *u = &s->unit[n];

        if (u->timer) {
            timer_del(u->timer);
        }
        u->count = 0;
        u->base_tick = 0;
        u->t0 = 0;
        u->period = 0;
    }
    s->ter = 0;
    s->tsr = 0;
    s->tfr = 0;
    s->tmr = 0;
    memset(s->tdfr, 0, sizeof(s->tdfr));
    memset(s->tdhr, 0, sizeof(s->tdhr));
    memset(s->tcsr, 0, sizeof(s->tcsr));
    s->ost_dr = 0;
    s->ost_tcsr = 0;
    s->ost_cnthbuf = 0;
    s->wdt_tdr = 0;
    s->wdt_tcer = 0;
    s->wdt_tcsr = 0;
    s->wdt_fired = false;
}

static void ingenic_tcu_reset_hold(Object *obj, ResetType type)
{
    ingenic_tcu_update_irq(INGENIC_TCU(obj));
}

static void ingenic_tcu_init(Object *obj)
{
    IngenicTCUState *s = INGENIC_TCU(obj);
    SysBusDevice *sbd = SYS_BUS_DEVICE(obj);
    int i;

    memory_region_init_io(&s->iomem, obj, &ingenic_tcu_ops, s,
                          TYPE_INGENIC_TCU, INGENIC_TCU_MMIO_SIZE);
    sysbus_init_mmio(sbd, &s->iomem);
    for (i = 0; i < INGENIC_TCU_NUM_IRQS; i++) {
        sysbus_init_irq(sbd, &s->irq[i]);
    }
    s->clk_ext = qdev_init_clock_in(DEVICE(obj), "ext", ingenic_tcu_clk_update,
                                    s, ClockPreUpdate | ClockUpdate);
    s->clk_rtc = qdev_init_clock_in(DEVICE(obj), "rtc", ingenic_tcu_clk_update,
                                    s, ClockPreUpdate | ClockUpdate);
    s->clk_pclk = qdev_init_clock_in(DEVICE(obj), "pclk",
                                     ingenic_tcu_clk_update, s,
                                     ClockPreUpdate | ClockUpdate);
}

static void ingenic_tcu_realize(DeviceState *dev, Error **errp)
{
    IngenicTCUState *s = INGENIC_TCU(dev);
    int n;

    if (!clock_has_source(s->clk_ext) || !clock_has_source(s->clk_rtc) ||
        !clock_has_source(s->clk_pclk)) {
        error_setg(errp, "ingenic-tcu: clocks \"ext\", \"rtc\" and \"pclk\" "
                   "must be connected");
        return;
    }
    for (n = 0; n < INGENIC_TCU_NUM_UNITS; n++) {
        s->unit[n].tcu = s;
        s->unit[n].index = n;
        s->unit[n].timer = timer_new_ns(QEMU_CLOCK_VIRTUAL,
                                        ingenic_tcu_timer_cb, &s->unit[n]);
    }
}

static void ingenic_tcu_unrealize(DeviceState *dev)
{
    IngenicTCUState *s = INGENIC_TCU(dev);
    int n;

    for (n = 0; n < INGENIC_TCU_NUM_UNITS; n++) {
        timer_free(s->unit[n].timer);
        s->unit[n].timer = NULL;
    }
}

static const VMStateDescription vmstate_ingenic_tcu_counter = {
    .name = "ingenic-tcu-counter",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_TIMER_PTR(timer, IngenicTCUCounter),
        VMSTATE_UINT64(count, IngenicTCUCounter),
        VMSTATE_UINT64(base_tick, IngenicTCUCounter),
        VMSTATE_INT64(t0, IngenicTCUCounter),
        VMSTATE_UINT64(period, IngenicTCUCounter),
        VMSTATE_END_OF_LIST()
    }
};

static const VMStateDescription vmstate_ingenic_tcu = {
    .name = TYPE_INGENIC_TCU,
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_CLOCK(clk_ext, IngenicTCUState),
        VMSTATE_CLOCK(clk_rtc, IngenicTCUState),
        VMSTATE_CLOCK(clk_pclk, IngenicTCUState),
        VMSTATE_STRUCT_ARRAY(unit, IngenicTCUState, INGENIC_TCU_NUM_UNITS, 1,
                             vmstate_ingenic_tcu_counter, IngenicTCUCounter),
        VMSTATE_BOOL_ARRAY(irq_level, IngenicTCUState, INGENIC_TCU_NUM_IRQS),
        VMSTATE_UINT32(ter, IngenicTCUState),
        VMSTATE_UINT32(tsr, IngenicTCUState),
        VMSTATE_UINT32(tfr, IngenicTCUState),
        VMSTATE_UINT32(tmr, IngenicTCUState),
        VMSTATE_UINT32_ARRAY(tdfr, IngenicTCUState, INGENIC_TCU_NUM_CHANNELS),
        VMSTATE_UINT32_ARRAY(tdhr, IngenicTCUState, INGENIC_TCU_NUM_CHANNELS),
        VMSTATE_UINT32_ARRAY(tcsr, IngenicTCUState, INGENIC_TCU_NUM_CHANNELS),
        VMSTATE_UINT32(ost_dr, IngenicTCUState),
        VMSTATE_UINT32(ost_tcsr, IngenicTCUState),
        VMSTATE_UINT32(ost_cnthbuf, IngenicTCUState),
        VMSTATE_UINT32(wdt_tdr, IngenicTCUState),
        VMSTATE_UINT32(wdt_tcer, IngenicTCUState),
        VMSTATE_UINT32(wdt_tcsr, IngenicTCUState),
        VMSTATE_BOOL(wdt_fired, IngenicTCUState),
        VMSTATE_END_OF_LIST()
    }
};

static void ingenic_tcu_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    ResettableClass *rc = RESETTABLE_CLASS(klass);

    dc->desc = "Ingenic JZ4770 TCU (timers, OST, watchdog)";
    dc->realize = ingenic_tcu_realize;
    dc->unrealize = ingenic_tcu_unrealize;
    dc->vmsd = &vmstate_ingenic_tcu;
    rc->phases.enter = ingenic_tcu_reset_enter;
    rc->phases.hold = ingenic_tcu_reset_hold;
}

static const TypeInfo ingenic_tcu_info = {
    .name = TYPE_INGENIC_TCU,
    .parent = TYPE_SYS_BUS_DEVICE,
    .instance_size = sizeof(IngenicTCUState),
    .instance_init = ingenic_tcu_init,
    .class_init = ingenic_tcu_class_init,
};

static void ingenic_tcu_register_types(void)
{
    type_register_static(&ingenic_tcu_info);
}

type_init(ingenic_tcu_register_types);
