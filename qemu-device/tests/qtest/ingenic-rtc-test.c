/*
 * QTest for the Ingenic JZ4770 RTC (ingenic-rtc)
 *
 * Checks docs/hardware/rtc.md on the jz4770 machine: reset values
 * (WRDY, SCRATCHPAD, SEC from host time), the WENR write-enable handshake
 * (writes before it are ignored), SEC counting exactly once per second of
 * virtual time, the alarm (AF, AE, AF_IRQ -> INTC 32 = ICPR bank 1 bit 0),
 * the 1 Hz flag, write-0-to-clear flags, and HIBERNATE bit 0 shutting
 * QEMU down.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/timer.h"
#include "libqtest.h"
#include "hw/intc/ingenic_intc_regs.h"
#include "hw/rtc/ingenic_rtc_regs.h"

#define RTC_BASE        0x10003000
#define INTC_BASE       0x10001000
/* RTC: INTC input 32, bank 1 bit 0 */
#define INTC_ICMCR1     (INTC_BASE + INGENIC_INTC_BANK_STRIDE + A_INTC_ICMCR)
#define INTC_ICPR1      (INTC_BASE + INGENIC_INTC_BANK_STRIDE + A_INTC_ICPR)

static uint32_t rtc_read(QTestState *qts, int reg)
{
    return qtest_readl(qts, RTC_BASE + reg);
}

/* The driver's jz4740_rtc_reg_write for ID_JZ4780 */
static void rtc_write(QTestState *qts, int reg, uint32_t val)
{
    g_assert_true(rtc_read(qts, A_RTC_CTRL) & R_RTC_CTRL_WRDY_MASK);
    qtest_writel(qts, RTC_BASE + A_RTC_WENR, INGENIC_RTC_WENR_MAGIC);
    g_assert_true(rtc_read(qts, A_RTC_WENR) & R_RTC_WENR_WEN_MASK);
    g_assert_true(rtc_read(qts, A_RTC_CTRL) & R_RTC_CTRL_WRDY_MASK);
    qtest_writel(qts, RTC_BASE + reg, val);
}

static void test_reset(void)
{
    QTestState *qts = qtest_init("-M jz4770");
    int64_t now = time(NULL);
    int64_t sec;

    g_assert_cmphex(rtc_read(qts, A_RTC_CTRL), ==, R_RTC_CTRL_WRDY_MASK |
                    R_RTC_CTRL_ENABLE_MASK);
    g_assert_cmphex(rtc_read(qts, A_RTC_SCRATCHPAD), ==, 0x12345678);
    g_assert_cmphex(rtc_read(qts, A_RTC_WENR), ==, 0);
    g_assert_cmphex(rtc_read(qts, A_RTC_HIBERNATE), ==, 0);
    /* SEC starts from the host's UTC time */
    sec = rtc_read(qts, A_RTC_SEC);
    g_assert_cmpint(sec, >=, now - 60);
    g_assert_cmpint(sec, <=, now + 60);
    qtest_quit(qts);
}

static void test_write_enable(void)
{
    QTestState *qts = qtest_init("-M jz4770");

    /* Before the WENR pattern, writes are ignored */
    qtest_writel(qts, RTC_BASE + A_RTC_SCRATCHPAD, 0xdeadbeef);
    qtest_writel(qts, RTC_BASE + A_RTC_SEC_ALARM, 42);
    g_assert_cmphex(rtc_read(qts, A_RTC_SCRATCHPAD), ==, 0x12345678);
    g_assert_cmphex(rtc_read(qts, A_RTC_SEC_ALARM), ==, 0);
    /* A wrong pattern does not enable them either */
    qtest_writel(qts, RTC_BASE + A_RTC_WENR, 0x1234);
    g_assert_cmphex(rtc_read(qts, A_RTC_WENR), ==, 0);

    rtc_write(qts, A_RTC_SCRATCHPAD, 0xdeadbeef);
    g_assert_cmphex(rtc_read(qts, A_RTC_SCRATCHPAD), ==, 0xdeadbeef);
    rtc_write(qts, A_RTC_SEC_ALARM, 42);
    g_assert_cmphex(rtc_read(qts, A_RTC_SEC_ALARM), ==, 42);
    /* The probe-time writes (rtc-jz4740.c) */
    rtc_write(qts, A_RTC_WAKEUP_FILTER, 0x7a0);
    rtc_write(qts, A_RTC_RESET_COUNTER, 0xcc0);
    rtc_write(qts, A_RTC_REGULATOR, 32767);
    g_assert_cmphex(rtc_read(qts, A_RTC_WAKEUP_FILTER), ==, 0x7a0);
    g_assert_cmphex(rtc_read(qts, A_RTC_RESET_COUNTER), ==, 0xcc0);
    g_assert_cmphex(rtc_read(qts, A_RTC_REGULATOR), ==, 32767);
    /* WRDY is read-only */
    rtc_write(qts, A_RTC_CTRL, R_RTC_CTRL_ENABLE_MASK);
    g_assert_cmphex(rtc_read(qts, A_RTC_CTRL), ==, R_RTC_CTRL_WRDY_MASK |
                    R_RTC_CTRL_ENABLE_MASK);
    qtest_quit(qts);
}

static void test_sec_counting(void)
{
    QTestState *qts = qtest_init("-M jz4770");

    rtc_write(qts, A_RTC_SEC, 1000);      /* the next tick is 1 s from here */
    g_assert_cmpuint(rtc_read(qts, A_RTC_SEC), ==, 1000);
    qtest_clock_step(qts, NANOSECONDS_PER_SECOND - 1);
    g_assert_cmpuint(rtc_read(qts, A_RTC_SEC), ==, 1000);
    qtest_clock_step(qts, 1);
    g_assert_cmpuint(rtc_read(qts, A_RTC_SEC), ==, 1001);
    qtest_clock_step(qts, 5 * NANOSECONDS_PER_SECOND);
    g_assert_cmpuint(rtc_read(qts, A_RTC_SEC), ==, 1006);
    /* Each second sets the 1 Hz flag */
    g_assert_cmphex(rtc_read(qts, A_RTC_CTRL) & R_RTC_CTRL_1HZ_MASK, ==,
                    R_RTC_CTRL_1HZ_MASK);

    /* RTC disabled: SEC holds */
    rtc_write(qts, A_RTC_CTRL, 0);
    qtest_clock_step(qts, 3 * NANOSECONDS_PER_SECOND);
    g_assert_cmpuint(rtc_read(qts, A_RTC_SEC), ==, 1006);
    rtc_write(qts, A_RTC_CTRL, R_RTC_CTRL_ENABLE_MASK);
    qtest_clock_step(qts, NANOSECONDS_PER_SECOND);
    g_assert_cmpuint(rtc_read(qts, A_RTC_SEC), ==, 1007);
    qtest_quit(qts);
}

static void test_alarm(void)
{
    QTestState *qts = qtest_init("-M jz4770");

    qtest_writel(qts, INTC_ICMCR1, 1);
    rtc_write(qts, A_RTC_SEC_ALARM, 103);
    rtc_write(qts, A_RTC_SEC, 100);
    /* As jz4740_rtc_ctrl_set_bits: flags written as 1 so as to keep them */
    rtc_write(qts, A_RTC_CTRL, R_RTC_CTRL_ENABLE_MASK | R_RTC_CTRL_AE_MASK |
              R_RTC_CTRL_AF_IRQ_MASK | R_RTC_CTRL_AF_MASK |
              R_RTC_CTRL_1HZ_MASK);
    g_assert_cmphex(rtc_read(qts, A_RTC_CTRL) & R_RTC_CTRL_AF_MASK, ==, 0);

    qtest_clock_step(qts, 3 * NANOSECONDS_PER_SECOND - 1);
    g_assert_cmpuint(rtc_read(qts, A_RTC_SEC), ==, 102);
    g_assert_cmphex(rtc_read(qts, A_RTC_CTRL) & R_RTC_CTRL_AF_MASK, ==, 0);
    g_assert_cmphex(qtest_readl(qts, INTC_ICPR1) & 1, ==, 0);

    qtest_clock_step(qts, 1);
    g_assert_cmpuint(rtc_read(qts, A_RTC_SEC), ==, 103);
    g_assert_cmphex(rtc_read(qts, A_RTC_CTRL) & R_RTC_CTRL_AF_MASK, ==,
                    R_RTC_CTRL_AF_MASK);
    g_assert_cmphex(qtest_readl(qts, INTC_ICPR1) & 1, ==, 1);

    /* Writing 1 to AF leaves it set */
    rtc_write(qts, A_RTC_CTRL, rtc_read(qts, A_RTC_CTRL));
    g_assert_cmphex(rtc_read(qts, A_RTC_CTRL) & R_RTC_CTRL_AF_MASK, ==,
                    R_RTC_CTRL_AF_MASK);
    /* The IRQ handler writes AF = 0: cleared, line drops */
    rtc_write(qts, A_RTC_CTRL, rtc_read(qts, A_RTC_CTRL) & ~R_RTC_CTRL_AF_MASK);
    g_assert_cmphex(rtc_read(qts, A_RTC_CTRL) & R_RTC_CTRL_AF_MASK, ==, 0);
    g_assert_cmphex(qtest_readl(qts, INTC_ICPR1) & 1, ==, 0);

    /* AF without AF_IRQ: flag but no interrupt */
    rtc_write(qts, A_RTC_SEC, 102);
    rtc_write(qts, A_RTC_CTRL, R_RTC_CTRL_ENABLE_MASK | R_RTC_CTRL_AE_MASK |
              R_RTC_CTRL_1HZ_MASK);
    qtest_clock_step(qts, NANOSECONDS_PER_SECOND);
    g_assert_cmphex(rtc_read(qts, A_RTC_CTRL) & R_RTC_CTRL_AF_MASK, ==,
                    R_RTC_CTRL_AF_MASK);
    g_assert_cmphex(qtest_readl(qts, INTC_ICPR1) & 1, ==, 0);

    /* No alarm while AE is clear */
    rtc_write(qts, A_RTC_CTRL, R_RTC_CTRL_ENABLE_MASK | R_RTC_CTRL_AF_IRQ_MASK);
    rtc_write(qts, A_RTC_SEC, 102);
    qtest_clock_step(qts, NANOSECONDS_PER_SECOND);
    g_assert_cmphex(rtc_read(qts, A_RTC_CTRL) & R_RTC_CTRL_AF_MASK, ==, 0);
    qtest_quit(qts);
}

static void test_1hz(void)
{
    QTestState *qts = qtest_init("-M jz4770");

    qtest_writel(qts, INTC_ICMCR1, 1);
    rtc_write(qts, A_RTC_SEC, 0);
    rtc_write(qts, A_RTC_CTRL, R_RTC_CTRL_ENABLE_MASK |
              R_RTC_CTRL_1HZ_IRQ_MASK);
    qtest_clock_step(qts, NANOSECONDS_PER_SECOND - 1);
    g_assert_cmphex(qtest_readl(qts, INTC_ICPR1) & 1, ==, 0);
    qtest_clock_step(qts, 1);
    g_assert_cmphex(rtc_read(qts, A_RTC_CTRL) & R_RTC_CTRL_1HZ_MASK, ==,
                    R_RTC_CTRL_1HZ_MASK);
    g_assert_cmphex(qtest_readl(qts, INTC_ICPR1) & 1, ==, 1);
    rtc_write(qts, A_RTC_CTRL, R_RTC_CTRL_ENABLE_MASK |
              R_RTC_CTRL_1HZ_IRQ_MASK);  /* 1HZ written 0 */
    g_assert_cmphex(rtc_read(qts, A_RTC_CTRL) & R_RTC_CTRL_1HZ_MASK, ==, 0);
    g_assert_cmphex(qtest_readl(qts, INTC_ICPR1) & 1, ==, 0);
    qtest_quit(qts);
}

static void test_hibernate(void)
{
    QTestState *qts = qtest_init("-M jz4770");

    /* Without the handshake the write is ignored and QEMU keeps running */
    qtest_writel(qts, RTC_BASE + A_RTC_HIBERNATE, 1);
    qtest_clock_step(qts, 1000);
    g_assert_true(qtest_probe_child(qts));
    g_assert_cmphex(rtc_read(qts, A_RTC_HIBERNATE), ==, 0);

    /* jz4740_rtc_power_off: HCR := 1 shuts the machine down */
    rtc_write(qts, A_RTC_HIBERNATE, 1);
    qtest_wait_qemu(qts);
    g_assert_false(qtest_probe_child(qts));
    qtest_quit(qts);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);

    qtest_add_func("/ingenic-rtc/reset", test_reset);
    qtest_add_func("/ingenic-rtc/write-enable", test_write_enable);
    qtest_add_func("/ingenic-rtc/sec/counting", test_sec_counting);
    qtest_add_func("/ingenic-rtc/irq/alarm", test_alarm);
    qtest_add_func("/ingenic-rtc/irq/1hz", test_1hz);
    qtest_add_func("/ingenic-rtc/hibernate", test_hibernate);

    return g_test_run();
}
