/*
 * QTest for the Ingenic JZ4770 CGU/CPM (hw/misc/ingenic_cgu.c) on -M jz4770
 *
 * Registers are checked directly; the clock outputs through their
 * qtest-only "qtest-clock-period" QOM property (period in 2^-32 ns) and
 * through their effect on a TCU channel, which counts at the CGU's clocks.
 * Every case starts a fresh machine.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/host-utils.h"
#include "qobject/qdict.h"
#include "libqtest.h"
#include "hw/misc/ingenic_cgu_regs.h"
#include "hw/timer/ingenic_tcu_regs.h"

#define CGU_BASE        0x10000000
#define CGU_PATH        "/machine/soc/cgu"

#define TCU_BASE        0x10002000
/* Register @reg (TDFR0, TCNT0 ...) of TCU channel @n */
#define TCU_CH(reg, n)  (TCU_BASE + A_TCU_##reg##0 + \
                         INGENIC_TCU_CHANNEL_STRIDE * (n))

#define EXT_HZ          12000000ull
#define NS_PER_S        1000000000ull

/* gcw0: PLL1 = 12 MHz * 36 / 1 / 1 = 432 MHz (M field 35, N field 0, OD /1) */
#define CPPCR1_432MHZ   (FIELD_DP32(0, CGU_CPPCR, M, 35) | \
                         FIELD_DP32(0, CGU_CPPCR, N, 0) | \
                         FIELD_DP32(0, CGU_CPPCR, OD, 0))

static uint32_t rd(QTestState *qts, uint32_t off)
{
    return qtest_readl(qts, CGU_BASE + off);
}

static void wr(QTestState *qts, uint32_t off, uint32_t val)
{
    qtest_writel(qts, CGU_BASE + off, val);
}

static uint64_t clock_period(QTestState *qts, const char *name)
{
    g_autofree char *path = g_strdup_printf("%s/%s", CGU_PATH, name);
    QDict *r;
    uint64_t period;

    r = qtest_qmp(qts, "{ 'execute': 'qom-get', 'arguments':"
                  " { 'path': %s, 'property': 'qtest-clock-period' } }",
                  path);
    g_assert_false(qdict_haskey(r, "error"));
    period = qdict_get_int(r, "return");
    qobject_unref(r);
    return period;
}

/* The period of a num / den Hz clock, 2^-32 ns units, rounded to nearest */
static uint64_t period_of(uint64_t num, uint64_t den)
{
    uint64_t lo, hi;

    mulu64(&lo, &hi, 1000000000ull << 32, den);
    if (lo > UINT64_MAX - num / 2) {
        hi++;
    }
    lo += num / 2;
    divu128(&lo, &hi, num);
    g_assert_cmpuint(hi, ==, 0);
    return lo;
}

/* ceil(k * den * 1e9 / num): tick k of a num / den Hz clock, in ns */
static uint64_t tick_ns(uint64_t k, uint64_t num, uint64_t den)
{
    return (k * den * NS_PER_S + num - 1) / num;
}

static uint32_t tcnt(QTestState *qts, int n)
{
    return qtest_readl(qts, TCU_CH(TCNT, n));
}

static void start_channel(QTestState *qts, int n, uint32_t tcsr)
{
    qtest_writel(qts, TCU_CH(TCSR, n), tcsr);
    qtest_writel(qts, TCU_CH(TDFR, n), 0xffff);
    qtest_writel(qts, TCU_BASE + A_TCU_TESR, BIT(n));
}

static void test_reset_values(void)
{
    QTestState *qts = qtest_init("-machine jz4770");

    g_assert_cmphex(rd(qts, A_CGU_CPCCR), ==, 0x42441440);
    /* PLL0 enabled, so its stable bit 10 reads 1 */
    g_assert_cmphex(rd(qts, A_CGU_CPPCR0), ==, 0xd4000100 | BIT(10));
    g_assert_cmphex(rd(qts, A_CGU_CPPCR1), ==, 0);
    g_assert_cmphex(rd(qts, A_CGU_LPCDR), ==, 0);
    g_assert_cmphex(rd(qts, A_CGU_CLKGR0), ==, 0);
    g_assert_cmphex(rd(qts, A_CGU_CLKGR1), ==, 0);
    g_assert_cmphex(rd(qts, A_CGU_OPCR), ==, 0);
    g_assert_cmphex(rd(qts, A_CGU_LCR), ==, 0);

    /* 1020 MHz PLL0: pclk = h0clk = 170 MHz, RTC = EXT / 512 */
    g_assert_cmpuint(clock_period(qts, "ext"), ==, period_of(EXT_HZ, 1));
    g_assert_cmpuint(clock_period(qts, "rtc"), ==, period_of(EXT_HZ, 512));
    g_assert_cmpuint(clock_period(qts, "pclk"), ==, period_of(170000000, 1));
    g_assert_cmpuint(clock_period(qts, "ipu-clk"), ==,
                     period_of(170000000, 1));
    g_assert_cmpuint(clock_period(qts, "lcd-pclk"), ==,
                     period_of(1020000000, 1));
    qtest_quit(qts);
}

/* Linux polls the stable bits after enabling a PLL: they follow enable */
static void test_pll_stable(void)
{
    QTestState *qts = qtest_init("-machine jz4770");

    /* PLL1 as gcw0 sets it, enabled, then polled */
    wr(qts, A_CGU_CPPCR1, CPPCR1_432MHZ);
    g_assert_cmphex(rd(qts, A_CGU_CPPCR1), ==, CPPCR1_432MHZ);
    wr(qts, A_CGU_CPPCR1, CPPCR1_432MHZ | R_CGU_CPPCR1_EN_MASK);
    g_assert_cmphex(rd(qts, A_CGU_CPPCR1), ==,
                    CPPCR1_432MHZ | R_CGU_CPPCR1_EN_MASK |
                    R_CGU_CPPCR1_STABLE_MASK);
    /* writing the stable bit does nothing */
    wr(qts, A_CGU_CPPCR1, CPPCR1_432MHZ | R_CGU_CPPCR1_STABLE_MASK);
    g_assert_cmphex(rd(qts, A_CGU_CPPCR1), ==, CPPCR1_432MHZ);

    /* PLL0: ingenic_pll_enable clears bypass, sets enable, polls bit 10 */
    wr(qts, A_CGU_CPPCR0, 0xd4000000 | R_CGU_CPPCR0_BYPASS_MASK);
    g_assert_cmphex(rd(qts, A_CGU_CPPCR0), ==, 0xd4000000 | BIT(9));
    g_assert_cmpuint(clock_period(qts, "pclk"), ==, period_of(EXT_HZ, 6));
    wr(qts, A_CGU_CPPCR0, 0xd4000000);
    g_assert_cmpuint(clock_period(qts, "pclk"), ==, 0);
    wr(qts, A_CGU_CPPCR0, 0xd4000000 | R_CGU_CPPCR0_EN_MASK);
    g_assert_cmphex(rd(qts, A_CGU_CPPCR0), ==, 0xd4000000 | BIT(8) | BIT(10));
    g_assert_cmpuint(clock_period(qts, "pclk"), ==, period_of(170000000, 1));
    qtest_quit(qts);
}

/*
 * The LCD pixel clock: mux PLL0/PLL1 (LPCDR bit 29), divider + 1, gate
 * CLKGR0 bit 28, off while its PLL is off. The gcw0 setting gives 6 MHz.
 */
static void test_lcd_pclk(void)
{
    QTestState *qts = qtest_init("-machine jz4770");

    /* PLL1 still off: the PLL1-fed pixel clock is off */
    wr(qts, A_CGU_LPCDR, 0x20000047);
    g_assert_cmphex(rd(qts, A_CGU_LPCDR), ==, 0x20000047);
    g_assert_cmpuint(clock_period(qts, "lcd-pclk"), ==, 0);

    wr(qts, A_CGU_CPPCR1, CPPCR1_432MHZ | R_CGU_CPPCR1_EN_MASK);
    g_assert_cmpuint(clock_period(qts, "lcd-pclk"), ==,
                     period_of(6000000, 1));

    /* divider: 432 MHz / (0x7ff + 1) */
    wr(qts, A_CGU_LPCDR, 0x200007ff);
    g_assert_cmpuint(clock_period(qts, "lcd-pclk"), ==,
                     period_of(432000000, 2048));
    /* back to PLL0 / 3 = 340 MHz */
    wr(qts, A_CGU_LPCDR, 2);
    g_assert_cmpuint(clock_period(qts, "lcd-pclk"), ==,
                     period_of(1020000000, 3));
    wr(qts, A_CGU_LPCDR, 0x20000047);

    /* the gate, and nothing else gates it */
    wr(qts, A_CGU_CLKGR0, BIT(28));
    g_assert_cmpuint(clock_period(qts, "lcd-pclk"), ==, 0);
    g_assert_cmpuint(clock_period(qts, "ipu-clk"), ==,
                     period_of(170000000, 1));
    wr(qts, A_CGU_CLKGR0, (uint32_t)~BIT(28));
    g_assert_cmphex(rd(qts, A_CGU_CLKGR0), ==, (uint32_t)~BIT(28));
    g_assert_cmpuint(clock_period(qts, "lcd-pclk"), ==,
                     period_of(6000000, 1));
    g_assert_cmpuint(clock_period(qts, "ipu-clk"), ==, 0);
    wr(qts, A_CGU_CLKGR0, 0);
    g_assert_cmpuint(clock_period(qts, "ipu-clk"), ==,
                     period_of(170000000, 1));

    /* PLL1 off again */
    wr(qts, A_CGU_CPPCR1, CPPCR1_432MHZ);
    g_assert_cmpuint(clock_period(qts, "lcd-pclk"), ==, 0);

    /* CLKGR1 is storage */
    wr(qts, A_CGU_CLKGR1, 0xffff);
    g_assert_cmphex(rd(qts, A_CGU_CLKGR1), ==, 0xffff);
    qtest_quit(qts);
}

/*
 * The TCU counts at the CGU's clocks and follows a rate change at once,
 * keeping the count reached at the old rate.
 */
static void test_timer_follows_clocks(void)
{
    QTestState *qts = qtest_init("-machine jz4770");
    const uint64_t pclk = 170000000;
    uint64_t t;

    /* RTC = EXT / 512 = 23437.5 Hz, then the 32768 Hz oscillator */
    start_channel(qts, 2, R_TCU_TCSR_RTC_EN_MASK);
    t = tick_ns(10, EXT_HZ, 512) + 1;
    qtest_clock_step(qts, t);
    g_assert_cmpuint(tcnt(qts, 2), ==, 10);
    wr(qts, A_CGU_OPCR, R_CGU_OPCR_RTC_OSC32K_MASK);
    g_assert_cmpuint(clock_period(qts, "rtc"), ==, period_of(32768, 1));
    qtest_clock_step(qts, tick_ns(5, 32768, 1) - 1);
    g_assert_cmpuint(tcnt(qts, 2), ==, 14);
    qtest_clock_step(qts, 2);
    g_assert_cmpuint(tcnt(qts, 2), ==, 15);

    /* PCLK: PDIV index 4 (/6) -> 170 MHz, index 2 (/3) -> 340 MHz */
    start_channel(qts, 1, R_TCU_TCSR_PCK_EN_MASK);
    qtest_clock_step(qts, tick_ns(1700, pclk, 1) + 1);
    g_assert_cmpuint(tcnt(qts, 1), ==, 1700);
    wr(qts, A_CGU_CPCCR, 0x42441240);
    g_assert_cmpuint(clock_period(qts, "pclk"), ==, period_of(2 * pclk, 1));
    qtest_clock_step(qts, tick_ns(3400, 2 * pclk, 1) - 1);
    g_assert_cmpuint(tcnt(qts, 1), ==, 1700 + 3399);
    qtest_clock_step(qts, 2);
    g_assert_cmpuint(tcnt(qts, 1), ==, 1700 + 3400);

    /* PLL0 off: PCLK stops, the channel holds */
    wr(qts, A_CGU_CPPCR0, 0xd4000000);
    qtest_clock_step(qts, 1000000);
    g_assert_cmpuint(tcnt(qts, 1), ==, 5100);
    qtest_quit(qts);
}

/* Out-of-table divider indices are logged, never crash, and act as /12 */
static void test_bad_divider(void)
{
    QTestState *qts = qtest_init("-machine jz4770");

    wr(qts, A_CGU_CPCCR, 0x42441f40);
    g_assert_cmphex(rd(qts, A_CGU_CPCCR), ==, 0x42441f40);
    g_assert_cmpuint(clock_period(qts, "pclk"), ==,
                     period_of(1020000000, 12));
    wr(qts, A_CGU_CPCCR, 0xffffffff);
    g_assert_cmphex(rd(qts, A_CGU_CPCCR), ==, 0xffffffff);
    g_assert_cmpuint(clock_period(qts, "ipu-clk"), ==,
                     period_of(1020000000, 12));
    /* PLL fields at their extremes */
    wr(qts, A_CGU_CPPCR0, 0xffffffff & ~BIT(9));
    wr(qts, A_CGU_CPPCR1, 0xffffffff);
    g_assert_cmpuint(clock_period(qts, "pclk"), ==,
                     period_of(EXT_HZ * 128, 32 * 8 * 12));
    wr(qts, A_CGU_CPPCR0, 0);
    g_assert_cmpuint(clock_period(qts, "pclk"), ==, 0);
    /* still alive and answering */
    g_assert_cmphex(rd(qts, A_CGU_CPPCR0), ==, 0);
    qtest_quit(qts);
}

/* Plain storage registers, and a machine reset restores everything */
static void test_storage_and_reset(void)
{
    QTestState *qts = qtest_init("-machine jz4770");
    static const uint32_t regs[] = {
        A_CGU_LCR, A_CGU_USBPCR, A_CGU_USBRDT, A_CGU_USBVBFIL, A_CGU_USBPCR1,
        A_CGU_USBCDR, A_CGU_I2SCDR, A_CGU_MSC0CDR, A_CGU_UHCCDR, A_CGU_SSICDR,
        A_CGU_CIMCDR, A_CGU_GPSCDR,
        A_CGU_PCMCDR, A_CGU_GPUCDR, A_CGU_MSC1CDR, A_CGU_MSC2CDR, A_CGU_BCHCDR,
    };
    QDict *r;
    int i;

    for (i = 0; i < ARRAY_SIZE(regs); i++) {
        wr(qts, regs[i], 0x80000000 | (regs[i] << 8) | i);
    }
    for (i = 0; i < ARRAY_SIZE(regs); i++) {
        g_assert_cmphex(rd(qts, regs[i]), ==, 0x80000000 | (regs[i] << 8) | i);
    }
    wr(qts, A_CGU_OPCR, R_CGU_OPCR_RTC_OSC32K_MASK);
    wr(qts, A_CGU_CPCCR, 0x42441240);
    wr(qts, A_CGU_CLKGR0, BIT(29));

    r = qtest_qmp(qts, "{ 'execute': 'system_reset' }");
    g_assert_false(qdict_haskey(r, "error"));
    qobject_unref(r);
    qtest_qmp_eventwait(qts, "RESET");

    g_assert_cmphex(rd(qts, A_CGU_CPCCR), ==, 0x42441440);
    g_assert_cmphex(rd(qts, A_CGU_OPCR), ==, 0);
    g_assert_cmphex(rd(qts, A_CGU_LCR), ==, 0);
    g_assert_cmphex(rd(qts, A_CGU_CLKGR0), ==, 0);
    g_assert_cmpuint(clock_period(qts, "rtc"), ==, period_of(EXT_HZ, 512));
    g_assert_cmpuint(clock_period(qts, "pclk"), ==, period_of(170000000, 1));
    g_assert_cmpuint(clock_period(qts, "ipu-clk"), ==,
                     period_of(170000000, 1));
    qtest_quit(qts);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);

    qtest_add_func("/ingenic-cgu/reset-values", test_reset_values);
    qtest_add_func("/ingenic-cgu/pll-stable", test_pll_stable);
    qtest_add_func("/ingenic-cgu/lcd-pclk", test_lcd_pclk);
    qtest_add_func("/ingenic-cgu/timer-follows-clocks",
                   test_timer_follows_clocks);
    qtest_add_func("/ingenic-cgu/bad-divider", test_bad_divider);
    qtest_add_func("/ingenic-cgu/storage-and-reset", test_storage_and_reset);

    return g_test_run();
}
