/*
 * QTest for the Ingenic JZ4770 TCU (hw/timer/ingenic_tcu.c) on -M jz4770
 *
 * Every case starts a fresh machine. Times are virtual and stepped exactly:
 * tick k of a clock of f Hz happens at k / f s, and the tests look 1 ns
 * before and 1 ns after it (the model may round the tick up to a whole ns).
 * The clocks come from the CGU at its boot-loader defaults: EXT 12 MHz,
 * RTC = EXT / 512 (OPCR bit 2 clear), PCLK = 1020 MHz / 6 = 170 MHz.
 * MIPS CPU interrupt lines can't be intercepted, so interrupts are checked
 * in the INTC's bank 0 pending register (TCU0/1/2 = INTC 27/26/25).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "libqtest.h"
#include "hw/intc/ingenic_intc_regs.h"
#include "hw/misc/ingenic_cgu_regs.h"
#include "hw/timer/ingenic_tcu_regs.h"

#define TCU_BASE        0x10002000
#define CGU_BASE        0x10000000
#define INTC_BASE       0x10001000

#define IRQ_TCU0        27
#define IRQ_TCU1        26
#define IRQ_TCU2        25

#define EXT_HZ          12000000ull
#define PCLK_HZ         170000000ull
#define NS_PER_S        1000000000ull

#define TDFR(n)         (A_TCU_TDFR0 + INGENIC_TCU_CHANNEL_STRIDE * (n))
#define TDHR(n)         (A_TCU_TDHR0 + INGENIC_TCU_CHANNEL_STRIDE * (n))
#define TCNT(n)         (A_TCU_TCNT0 + INGENIC_TCU_CHANNEL_STRIDE * (n))
#define TCSR_CH(n)      (A_TCU_TCSR0 + INGENIC_TCU_CHANNEL_STRIDE * (n))

#define CLK_PCLK        R_TCU_TCSR_PCK_EN_MASK
#define CLK_RTC         R_TCU_TCSR_RTC_EN_MASK
#define CLK_EXT         R_TCU_TCSR_EXT_EN_MASK
#define PRESCALE(p)     FIELD_DP32(0, TCU_TCSR, PRESCALE, p)

/* A machine and the virtual time elapsed since the case's reference point */
typedef struct TestCtx {
    QTestState *qts;
    uint64_t now;
} TestCtx;

static TestCtx start(void)
{
    TestCtx t = { qtest_init("-machine jz4770"), 0 };

    return t;
}

static uint32_t rd(TestCtx *t, uint32_t off)
{
    return qtest_readl(t->qts, TCU_BASE + off);
}

static void wr(TestCtx *t, uint32_t off, uint32_t val)
{
    qtest_writel(t->qts, TCU_BASE + off, val);
}

/* Step the virtual clock to @ns after the reference point */
static void step_to(TestCtx *t, uint64_t ns)
{
    g_assert_cmpuint(ns, >=, t->now);
    if (ns > t->now) {
        qtest_clock_step(t->qts, ns - t->now);
        t->now = ns;
    }
}

/* Start a new reference point at the current time */
static void rebase(TestCtx *t)
{
    t->now = 0;
}

/*
 * Time of tick @k of a clock of @num / @den Hz, rounded up to a whole ns:
 * ceil(k * den * 1e9 / num). Operands are kept small enough for 64 bits.
 */
static uint64_t tick_ns(uint64_t k, uint64_t num, uint64_t den)
{
    uint64_t a = k * den;

    g_assert(a == 0 || NS_PER_S <= UINT64_MAX / a);
    return (a * NS_PER_S + num - 1) / num;
}

/* EXT / 4^p */
static uint64_t ext_tick(uint64_t k, unsigned p)
{
    return tick_ns(k, EXT_HZ, 1ull << (2 * p));
}

/* Step to 1 ns before tick @at and check @reg, then 1 ns after it */
static void check_around(TestCtx *t, uint64_t at, uint32_t reg,
                         uint32_t mask, uint32_t before, uint32_t after)
{
    step_to(t, at - 1);
    g_assert_cmphex(rd(t, reg) & mask, ==, before);
    step_to(t, at + 1);
    g_assert_cmphex(rd(t, reg) & mask, ==, after);
}

static bool intc_pending(TestCtx *t, int irq)
{
    return qtest_readl(t->qts, INTC_BASE + A_INTC_ICPR) & BIT(irq);
}

static void test_reset_values(void)
{
    TestCtx t = start();
    int n;

    g_assert_cmphex(rd(&t, A_TCU_TER), ==, 0);
    g_assert_cmphex(rd(&t, A_TCU_TSR), ==, 0);
    g_assert_cmphex(rd(&t, A_TCU_TFR), ==, 0);
    g_assert_cmphex(rd(&t, A_TCU_TMR), ==, 0);
    for (n = 0; n < INGENIC_TCU_NUM_CHANNELS; n++) {
        g_assert_cmphex(rd(&t, TDFR(n)), ==, 0);
        g_assert_cmphex(rd(&t, TCNT(n)), ==, 0);
        g_assert_cmphex(rd(&t, TCSR_CH(n)), ==, 0);
    }
    g_assert_cmphex(rd(&t, A_TCU_OST_CNTL), ==, 0);
    g_assert_cmphex(rd(&t, A_TCU_OST_CNTH), ==, 0);
    g_assert_cmphex(rd(&t, A_TCU_WDT_TCER), ==, 0);
    /* Nothing counts without enable and clock select */
    step_to(&t, NS_PER_S);
    g_assert_cmphex(rd(&t, TCNT(0)), ==, 0);
    g_assert_cmphex(rd(&t, A_TCU_TFR), ==, 0);
    qtest_quit(t.qts);
}

/*
 * The Linux clockevent: channel 0 at EXT / 16 (750 kHz). Match at TDFR,
 * wrap to 0 on the next tick, keep counting and flag again every TDFR + 1
 * ticks until the channel is stopped.
 */
static void test_match_wrap(void)
{
    TestCtx t = start();

    wr(&t, TCSR_CH(0), CLK_EXT | PRESCALE(2));
    g_assert_cmphex(rd(&t, TCSR_CH(0)), ==, CLK_EXT | PRESCALE(2));
    wr(&t, TDFR(0), 100);
    wr(&t, TDHR(0), 40);
    wr(&t, TCNT(0), 0);
    wr(&t, A_TCU_TESR, BIT(0));
    g_assert_cmphex(rd(&t, A_TCU_TER), ==, BIT(0));

    /* The half match at TDHR */
    check_around(&t, ext_tick(40, 2), A_TCU_TFR, 0xffffffff, 0, BIT(16));
    g_assert_cmpuint(rd(&t, TCNT(0)), ==, 40);

    /* The full match at TDFR */
    step_to(&t, ext_tick(100, 2) - 1);
    g_assert_cmpuint(rd(&t, TCNT(0)), ==, 99);
    g_assert_cmphex(rd(&t, A_TCU_TFR), ==, BIT(16));
    step_to(&t, ext_tick(100, 2) + 1);
    g_assert_cmpuint(rd(&t, TCNT(0)), ==, 100);
    g_assert_cmphex(rd(&t, A_TCU_TFR), ==, BIT(16) | BIT(0));

    /* Wrap to 0 one tick later */
    check_around(&t, ext_tick(101, 2), TCNT(0), 0xffff, 100, 0);
    wr(&t, A_TCU_TFCR, BIT(0) | BIT(16));
    g_assert_cmphex(rd(&t, A_TCU_TFR), ==, 0);

    /* Keeps counting and flags again, one period (101 ticks) later */
    check_around(&t, ext_tick(141, 2), A_TCU_TFR, 0xffffffff, 0, BIT(16));
    check_around(&t, ext_tick(201, 2), A_TCU_TFR, BIT(0), 0, BIT(0));
    g_assert_cmpuint(rd(&t, TCNT(0)), ==, 100);
    wr(&t, A_TCU_TFCR, BIT(0));
    check_around(&t, ext_tick(302, 2), A_TCU_TFR, BIT(0), 0, BIT(0));

    /* TECR stops the channel; TCNT holds */
    step_to(&t, ext_tick(310, 2) + 1);
    wr(&t, A_TCU_TECR, BIT(0));
    g_assert_cmphex(rd(&t, A_TCU_TER), ==, 0);
    g_assert_cmpuint(rd(&t, TCNT(0)), ==, 7);   /* 0 at tick 303 */
    wr(&t, A_TCU_TFCR, BIT(0));
    step_to(&t, ext_tick(1000, 2));
    g_assert_cmpuint(rd(&t, TCNT(0)), ==, 7);
    g_assert_cmphex(rd(&t, A_TCU_TFR) & BIT(0), ==, 0);
    qtest_quit(t.qts);
}

/* The Linux set_next_event sequence, repeated as its IRQ handler does */
static void test_oneshot_sequence(void)
{
    TestCtx t = start();
    int i;

    wr(&t, TCSR_CH(0), CLK_EXT | PRESCALE(2));
    wr(&t, A_TCU_TMSR, 0xffffffff);
    wr(&t, A_TCU_TFCR, BIT(0));
    wr(&t, A_TCU_TMCR, BIT(0));
    for (i = 0; i < 3; i++) {
        uint32_t delta = 10 + 1000 * i;

        wr(&t, TDFR(0), delta);
        wr(&t, TCNT(0), 0);
        wr(&t, A_TCU_TESR, BIT(0));
        rebase(&t);
        check_around(&t, ext_tick(delta, 2), A_TCU_TFR, BIT(0), 0, BIT(0));
        /* handler: stop; unmask: clear the flag */
        wr(&t, A_TCU_TECR, BIT(0));
        wr(&t, A_TCU_TFCR, BIT(0));
    }
    qtest_quit(t.qts);
}

/* Counting rate is EXT / 4^p, p = 0..5 */
static void test_prescale(const void *data)
{
    unsigned p = GPOINTER_TO_UINT(data);
    TestCtx t = start();
    const uint64_t k = 37;

    wr(&t, TCSR_CH(3), CLK_EXT | PRESCALE(p));
    wr(&t, TDFR(3), 0xffff);
    wr(&t, A_TCU_TESR, BIT(3));
    check_around(&t, ext_tick(1, p), TCNT(3), 0xffff, 0, 1);
    check_around(&t, ext_tick(k, p), TCNT(3), 0xffff, k - 1, k);
    qtest_quit(t.qts);
}

/* One-hot clock select: PCLK, RTC, EXT; none; several (lowest wins) */
static void test_clock_select(void)
{
    TestCtx t = start();

    wr(&t, TDFR(1), 0xffff);
    wr(&t, TDFR(2), 0xffff);
    wr(&t, TDFR(4), 0xffff);
    wr(&t, TDFR(6), 0xffff);
    wr(&t, TCSR_CH(1), CLK_PCLK);
    wr(&t, TCSR_CH(2), CLK_RTC);
    wr(&t, TCSR_CH(4), 0);
    wr(&t, TCSR_CH(6), CLK_PCLK | CLK_EXT);
    wr(&t, A_TCU_TESR, BIT(1) | BIT(2) | BIT(4) | BIT(6));

    /* PCLK 170 MHz */
    check_around(&t, tick_ns(1000, PCLK_HZ, 1), TCNT(1), 0xffff, 999, 1000);
    g_assert_cmpuint(rd(&t, TCNT(6)), ==, 1000);
    /* RTC = EXT / 512 = 23437.5 Hz */
    check_around(&t, tick_ns(3, EXT_HZ, 512), TCNT(2), 0xffff, 2, 3);
    /* No clock selected: does not count */
    g_assert_cmpuint(rd(&t, TCNT(4)), ==, 0);
    qtest_quit(t.qts);
}

/* TSR gates the channel clock; TCNT is R/W any time, 16-bit access works */
static void test_stop_and_tcnt(void)
{
    TestCtx t = start();

    wr(&t, TCSR_CH(7), CLK_EXT);
    wr(&t, TDFR(7), 0xffff);
    wr(&t, A_TCU_TESR, BIT(7));
    step_to(&t, ext_tick(50, 0) + 1);
    g_assert_cmpuint(rd(&t, TCNT(7)), ==, 50);

    wr(&t, A_TCU_TSSR, BIT(7) | BIT(INGENIC_TCU_OST_BIT) |
       BIT(INGENIC_TCU_WDT_BIT));
    g_assert_cmphex(rd(&t, A_TCU_TSR), ==, BIT(7) | BIT(INGENIC_TCU_OST_BIT) |
                    BIT(INGENIC_TCU_WDT_BIT));
    step_to(&t, ext_tick(500, 0));
    g_assert_cmpuint(rd(&t, TCNT(7)), ==, 50);
    wr(&t, A_TCU_TSCR, BIT(7));
    g_assert_cmphex(rd(&t, A_TCU_TSR), ==, BIT(INGENIC_TCU_OST_BIT) |
                    BIT(INGENIC_TCU_WDT_BIT));
    rebase(&t);
    check_around(&t, ext_tick(10, 0), TCNT(7), 0xffff, 59, 60);

    /* A TCNT write while running restarts counting from the new value */
    wr(&t, TCNT(7), 0x1234);
    rebase(&t);
    g_assert_cmphex(rd(&t, TCNT(7)), ==, 0x1234);
    check_around(&t, ext_tick(1, 0), TCNT(7), 0xffff, 0x1234, 0x1235);

    /* 16-bit accesses */
    qtest_writew(t.qts, TCU_BASE + TDFR(7), 0x4321);
    g_assert_cmphex(rd(&t, TDFR(7)), ==, 0x4321);
    g_assert_cmphex(qtest_readw(t.qts, TCU_BASE + TCNT(7)), ==, 0x1235);
    qtest_writew(t.qts, TCU_BASE + A_TCU_TECR, BIT(7));
    g_assert_cmphex(rd(&t, A_TCU_TER), ==, 0);
    qtest_quit(t.qts);
}

/* Edge cases: TDFR = 0 (PWM disable path) and TCNT above TDFR */
static void test_tdfr_edges(void)
{
    TestCtx t = start();

    /* TDFR = 0: one-tick period, counter stays 0, no storm, no hang */
    wr(&t, TCSR_CH(1), CLK_EXT);
    wr(&t, TDFR(1), 0);
    wr(&t, TDHR(1), 0xffff);
    wr(&t, A_TCU_TESR, BIT(1));
    check_around(&t, ext_tick(1, 0), A_TCU_TFR, BIT(1), 0, BIT(1));
    step_to(&t, 10 * NS_PER_S);
    g_assert_cmpuint(rd(&t, TCNT(1)), ==, 0);
    wr(&t, A_TCU_TFCR, BIT(1));
    rebase(&t);
    g_assert_cmphex(rd(&t, A_TCU_TFR) & BIT(1), ==, 0);
    step_to(&t, 1000);
    g_assert_cmphex(rd(&t, A_TCU_TFR) & BIT(1), ==, BIT(1));
    wr(&t, A_TCU_TECR, BIT(1));

    /* TCNT > TDFR: runs up to 0xffff, overflows, then matches TDFR */
    wr(&t, TCSR_CH(2), CLK_EXT);
    wr(&t, TDFR(2), 0x10);
    wr(&t, TCNT(2), 0xfff0);
    wr(&t, A_TCU_TESR, BIT(2));
    rebase(&t);
    check_around(&t, ext_tick(0x10, 0), TCNT(2), 0xffff, 0xffff, 0);
    check_around(&t, ext_tick(0x20, 0), A_TCU_TFR, BIT(2), 0, BIT(2));
    g_assert_cmpuint(rd(&t, TCNT(2)), ==, 0x10);
    qtest_quit(t.qts);
}

/*
 * Interrupts: TFR & ~TMR drives INTC 27 (channels 0-4, 6, 7), 26
 * (channel 5) and 25 (OST); TMR masks, TFCR acknowledges.
 */
static void test_irq_lines(void)
{
    TestCtx t = start();

    qtest_writel(t.qts, INTC_BASE + A_INTC_ICMCR,
                 BIT(IRQ_TCU0) | BIT(IRQ_TCU1) | BIT(IRQ_TCU2));
    /* Linux TCU irqchip init: everything masked */
    wr(&t, A_TCU_TMSR, 0xffffffff);
    g_assert_cmphex(rd(&t, A_TCU_TMR), ==, INGENIC_TCU_TFR_MASK);

    wr(&t, TCSR_CH(0), CLK_EXT | PRESCALE(2));
    wr(&t, TDFR(0), 30);
    wr(&t, TCSR_CH(5), CLK_EXT | PRESCALE(2));
    wr(&t, TDFR(5), 60);
    wr(&t, A_TCU_OST_TCSR, CLK_EXT | PRESCALE(2));
    wr(&t, A_TCU_OST_DR, 90);
    /* unmask = TFCR then TMCR */
    wr(&t, A_TCU_TFCR, BIT(0) | BIT(5) | BIT(INGENIC_TCU_OST_BIT));
    wr(&t, A_TCU_TMCR, BIT(0) | BIT(5) | BIT(INGENIC_TCU_OST_BIT));
    wr(&t, A_TCU_TESR, BIT(0) | BIT(5) | BIT(INGENIC_TCU_OST_BIT));

    step_to(&t, ext_tick(30, 2) - 1);
    g_assert_false(intc_pending(&t, IRQ_TCU0));
    step_to(&t, ext_tick(30, 2) + 1);
    g_assert_true(intc_pending(&t, IRQ_TCU0));
    g_assert_false(intc_pending(&t, IRQ_TCU1));
    g_assert_false(intc_pending(&t, IRQ_TCU2));

    /* mask drops the line with the flag still set, unmask raises it */
    wr(&t, A_TCU_TMSR, BIT(0));
    g_assert_false(intc_pending(&t, IRQ_TCU0));
    g_assert_cmphex(qtest_readl(t.qts, INTC_BASE + A_INTC_ICSR) &
                    BIT(IRQ_TCU0), ==, 0);
    g_assert_cmphex(rd(&t, A_TCU_TFR) & BIT(0), ==, BIT(0));
    wr(&t, A_TCU_TMCR, BIT(0));
    g_assert_true(intc_pending(&t, IRQ_TCU0));
    /* the handler's ack (stop + clear) drops it */
    wr(&t, A_TCU_TECR, BIT(0));
    wr(&t, A_TCU_TFCR, BIT(0));
    g_assert_false(intc_pending(&t, IRQ_TCU0));

    step_to(&t, ext_tick(60, 2) - 1);
    g_assert_false(intc_pending(&t, IRQ_TCU1));
    step_to(&t, ext_tick(60, 2) + 1);
    g_assert_true(intc_pending(&t, IRQ_TCU1));
    g_assert_false(intc_pending(&t, IRQ_TCU0));
    g_assert_false(intc_pending(&t, IRQ_TCU2));
    wr(&t, A_TCU_TFCR, BIT(5));
    g_assert_false(intc_pending(&t, IRQ_TCU1));

    step_to(&t, ext_tick(90, 2) - 1);
    g_assert_false(intc_pending(&t, IRQ_TCU2));
    step_to(&t, ext_tick(90, 2) + 1);
    g_assert_true(intc_pending(&t, IRQ_TCU2));
    g_assert_false(intc_pending(&t, IRQ_TCU0));
    g_assert_false(intc_pending(&t, IRQ_TCU1));
    wr(&t, A_TCU_TFCR, BIT(INGENIC_TCU_OST_BIT));
    g_assert_false(intc_pending(&t, IRQ_TCU2));

    /* A flag set by software through TFSR interrupts as well */
    wr(&t, A_TCU_TFSR, BIT(3));
    wr(&t, A_TCU_TMCR, BIT(3));
    g_assert_true(intc_pending(&t, IRQ_TCU0));
    wr(&t, A_TCU_TFCR, BIT(3));
    g_assert_false(intc_pending(&t, IRQ_TCU0));
    qtest_quit(t.qts);
}

/* OST: 64-bit counting through CNTL/CNTH, free-running (Linux) mode */
static void test_ost_count64(void)
{
    TestCtx t = start();

    /* Linux probe: CNTL = CNTH = 0, CNT_MD = 1, EXT, enable */
    wr(&t, A_TCU_OST_TCSR, CLK_EXT | R_TCU_OST_TCSR_CNT_MD_MASK);
    wr(&t, A_TCU_OST_CNTL, 0xfffffff0);
    wr(&t, A_TCU_OST_CNTH, 0x5);
    g_assert_cmphex(rd(&t, A_TCU_OST_CNTL), ==, 0xfffffff0);
    g_assert_cmphex(rd(&t, A_TCU_OST_CNTH), ==, 0x5);
    wr(&t, A_TCU_TESR, BIT(INGENIC_TCU_OST_BIT));

    check_around(&t, ext_tick(0xf, 0), A_TCU_OST_CNTL, 0xffffffff,
                 0xfffffffe, 0xffffffff);
    g_assert_cmphex(rd(&t, A_TCU_OST_CNTH), ==, 0x5);
    check_around(&t, ext_tick(0x10, 0), A_TCU_OST_CNTL, 0xffffffff,
                 0xffffffff, 0);
    g_assert_cmphex(rd(&t, A_TCU_OST_CNTH), ==, 0x6);
    g_assert_cmphex(rd(&t, A_TCU_OST_CNTHBUF), ==, 0x6);

    /* 1 s at 12 MHz */
    step_to(&t, ext_tick(0x10, 0) + NS_PER_S);
    g_assert_cmphex(rd(&t, A_TCU_OST_CNTL), ==, (uint32_t)EXT_HZ);
    g_assert_cmphex(rd(&t, A_TCU_OST_CNTH), ==, 0x6);
    /* DR = 0 never matched in free-running mode within this range */
    g_assert_cmphex(rd(&t, A_TCU_TFR) & BIT(INGENIC_TCU_OST_BIT), ==, 0);
    qtest_quit(t.qts);
}

/* OST compare mode (CNT_MD = 0): flag at OST_DR, restart from 0 */
static void test_ost_compare(void)
{
    TestCtx t = start();

    wr(&t, A_TCU_OST_TCSR, CLK_EXT | PRESCALE(1));
    wr(&t, A_TCU_OST_DR, 1000);
    wr(&t, A_TCU_TESR, BIT(INGENIC_TCU_OST_BIT));
    check_around(&t, ext_tick(1000, 1), A_TCU_TFR, BIT(INGENIC_TCU_OST_BIT),
                 0, BIT(INGENIC_TCU_OST_BIT));
    check_around(&t, ext_tick(1001, 1), A_TCU_OST_CNTL, 0xffffffff, 1000, 0);
    g_assert_cmphex(rd(&t, A_TCU_OST_CNTH), ==, 0);
    qtest_quit(t.qts);
}

/*
 * Linux's watchdog restart: WDT clock RTC (OPCR bit 2 -> 32768 Hz) / 1024
 * = 32 Hz, TDR = 0, TCNT = 0, TCEN = 1: the reset must come at the first
 * tick, 31.25 ms later.
 */
static void test_wdt_restart(void)
{
    TestCtx t = start();

    qtest_writel(t.qts, CGU_BASE + A_CGU_OPCR, R_CGU_OPCR_RTC_OSC32K_MASK);
    wr(&t, A_TCU_TSCR, BIT(INGENIC_TCU_WDT_BIT));
    wr(&t, A_TCU_WDT_TCSR, CLK_RTC | PRESCALE(5));
    wr(&t, A_TCU_WDT_TCER, 0);
    wr(&t, A_TCU_WDT_TDR, 0);
    wr(&t, A_TCU_WDT_TCNT, 0);
    wr(&t, A_TCU_WDT_TCER, R_TCU_WDT_TCER_TCEN_MASK);

    step_to(&t, NS_PER_S / 32 - 1);
    g_assert_cmphex(rd(&t, A_TCU_WDT_TCER), ==, 1);
    g_assert_cmphex(rd(&t, A_TCU_WDT_TCNT), ==, 0);
    step_to(&t, NS_PER_S / 32 + 1);
    /*
     * The main loop handles the reset request before the next qtest
     * command, so a missing reset fails here instead of hanging below.
     */
    g_assert_cmphex(rd(&t, A_TCU_WDT_TCER), ==, 0);
    qtest_qmp_eventwait(t.qts, "RESET");

    /* The whole machine was reset */
    g_assert_cmphex(rd(&t, A_TCU_WDT_TCSR), ==, 0);
    g_assert_cmphex(rd(&t, A_TCU_TSR), ==, 0);
    g_assert_cmphex(qtest_readl(t.qts, CGU_BASE + A_CGU_OPCR), ==, 0);
    qtest_quit(t.qts);
}

/* A running watchdog: pings keep it quiet, expiry resets at TCNT >= TDR */
static void test_wdt_heartbeat(void)
{
    TestCtx t = start();
    const uint64_t tick = NS_PER_S / 32;

    qtest_writel(t.qts, CGU_BASE + A_CGU_OPCR, R_CGU_OPCR_RTC_OSC32K_MASK);
    wr(&t, A_TCU_TSCR, BIT(INGENIC_TCU_WDT_BIT));
    wr(&t, A_TCU_WDT_TCSR, CLK_RTC | PRESCALE(5));
    wr(&t, A_TCU_WDT_TDR, 160);     /* 5 s */
    wr(&t, A_TCU_WDT_TCNT, 0);
    wr(&t, A_TCU_WDT_TCER, R_TCU_WDT_TCER_TCEN_MASK);

    check_around(&t, NS_PER_S, A_TCU_WDT_TCNT, 0xffff, 31, 32);
    /* ping at 4 s */
    step_to(&t, 4 * NS_PER_S);
    g_assert_cmpuint(rd(&t, A_TCU_WDT_TCNT), ==, 128);
    wr(&t, A_TCU_WDT_TCNT, 0);
    rebase(&t);
    /* no reset at 5 s after the start, nor just before 160 ticks */
    step_to(&t, 160 * tick - 1);
    g_assert_cmphex(rd(&t, A_TCU_WDT_TCER), ==, 1);
    g_assert_cmpuint(rd(&t, A_TCU_WDT_TCNT), ==, 159);

    /* stopping its clock (TSR bit 16) holds it */
    wr(&t, A_TCU_TSSR, BIT(INGENIC_TCU_WDT_BIT));
    step_to(&t, 200 * tick);
    g_assert_cmpuint(rd(&t, A_TCU_WDT_TCNT), ==, 159);
    g_assert_cmphex(rd(&t, A_TCU_WDT_TCER), ==, 1);
    wr(&t, A_TCU_TSCR, BIT(INGENIC_TCU_WDT_BIT));
    rebase(&t);
    step_to(&t, tick + 1);
    g_assert_cmphex(rd(&t, A_TCU_WDT_TCER), ==, 0);
    qtest_qmp_eventwait(t.qts, "RESET");
    qtest_quit(t.qts);
}

/* Guest nonsense must not crash the model */
static void test_guest_errors(void)
{
    TestCtx t = start();
    uint32_t off;

    wr(&t, A_TCU_TER, 0xffffffff);         /* read-only */
    wr(&t, A_TCU_TFR, 0xffffffff);
    g_assert_cmphex(rd(&t, A_TCU_TER), ==, 0);
    g_assert_cmphex(rd(&t, A_TCU_TFR), ==, 0);
    wr(&t, TCSR_CH(0), 0x3f | R_TCU_TCSR_PWM_EN_MASK); /* all clocks, /4^7 */
    wr(&t, TDFR(0), 5);
    wr(&t, A_TCU_TESR, 0xffffffff);
    g_assert_cmphex(rd(&t, A_TCU_TER), ==, INGENIC_TCU_TER_MASK);
    wr(&t, A_TCU_TSTR, 1);
    wr(&t, A_TCU_TSTSR, 1);
    g_assert_cmphex(rd(&t, A_TCU_TSTR), ==, 0);
    for (off = INGENIC_TCU_REGS_END; off < INGENIC_TCU_MMIO_SIZE;
         off += 0x100) {
        wr(&t, off, 0xdeadbeef);
        g_assert_cmphex(rd(&t, off), ==, 0);
    }
    /* PCLK (lowest of several) / 1024 (prescale 7 clamped to 5) */
    step_to(&t, tick_ns(5 * 1024, PCLK_HZ, 1) + 1);
    g_assert_cmphex(rd(&t, A_TCU_TFR) & BIT(0), ==, BIT(0));
    qtest_quit(t.qts);
}

int main(int argc, char **argv)
{
    unsigned p;

    g_test_init(&argc, &argv, NULL);

    qtest_add_func("/ingenic-tcu/reset-values", test_reset_values);
    qtest_add_func("/ingenic-tcu/channel/match-wrap", test_match_wrap);
    qtest_add_func("/ingenic-tcu/channel/oneshot-sequence",
                   test_oneshot_sequence);
    for (p = 0; p <= 5; p++) {
        g_autofree char *name =
            g_strdup_printf("/ingenic-tcu/channel/prescale/%u", 1u << (2 * p));

        qtest_add_data_func(name, GUINT_TO_POINTER(p), test_prescale);
    }
    qtest_add_func("/ingenic-tcu/channel/clock-select", test_clock_select);
    qtest_add_func("/ingenic-tcu/channel/stop-and-tcnt", test_stop_and_tcnt);
    qtest_add_func("/ingenic-tcu/channel/tdfr-edges", test_tdfr_edges);
    qtest_add_func("/ingenic-tcu/irq/lines", test_irq_lines);
    qtest_add_func("/ingenic-tcu/ost/count64", test_ost_count64);
    qtest_add_func("/ingenic-tcu/ost/compare", test_ost_compare);
    qtest_add_func("/ingenic-tcu/wdt/restart", test_wdt_restart);
    qtest_add_func("/ingenic-tcu/wdt/heartbeat", test_wdt_heartbeat);
    qtest_add_func("/ingenic-tcu/guest-errors", test_guest_errors);

    return g_test_run();
}
