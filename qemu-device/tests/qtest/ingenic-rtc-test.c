/*
 * QTest for the Ingenic JZ4770 RTC (ingenic-rtc)
 *
 * Checks hw-contract.md section 7.2 on the jz4770 machine: reset values
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

#define RTC_BASE        0x10003000
#define CTRL            0x00
#define SEC             0x04
#define SEC_ALARM       0x08
#define REGULATOR       0x0c
#define HIBERNATE       0x20
#define WAKEUP_FILTER   0x24
#define RESET_COUNTER   0x28
#define SCRATCHPAD      0x34
#define WENR            0x3c

#define CTRL_WRDY       (1u << 7)
#define CTRL_1HZ        (1u << 6)
#define CTRL_1HZ_IRQ    (1u << 5)
#define CTRL_AF         (1u << 4)
#define CTRL_AF_IRQ     (1u << 3)
#define CTRL_AE         (1u << 2)
#define CTRL_ENABLE     (1u << 0)
#define WENR_WEN        (1u << 31)

#define INTC_ICMCR1     0x1000102c
#define INTC_ICPR1      0x10001030

static uint32_t rtc_read(QTestState *qts, int reg)
{
    return qtest_readl(qts, RTC_BASE + reg);
}

/* The driver's jz4740_rtc_reg_write for ID_JZ4780 */
static void rtc_write(QTestState *qts, int reg, uint32_t val)
{
    g_assert_true(rtc_read(qts, CTRL) & CTRL_WRDY);
    qtest_writel(qts, RTC_BASE + WENR, 0xa55a);
    g_assert_true(rtc_read(qts, WENR) & WENR_WEN);
    g_assert_true(rtc_read(qts, CTRL) & CTRL_WRDY);
    qtest_writel(qts, RTC_BASE + reg, val);
}

static void test_reset(void)
{
    QTestState *qts = qtest_init("-M jz4770");
    int64_t now = time(NULL);
    int64_t sec;

    g_assert_cmphex(rtc_read(qts, CTRL), ==, CTRL_WRDY | CTRL_ENABLE);
    g_assert_cmphex(rtc_read(qts, SCRATCHPAD), ==, 0x12345678);
    g_assert_cmphex(rtc_read(qts, WENR), ==, 0);
    g_assert_cmphex(rtc_read(qts, HIBERNATE), ==, 0);
    /* SEC starts from the host's UTC time */
    sec = rtc_read(qts, SEC);
    g_assert_cmpint(sec, >=, now - 60);
    g_assert_cmpint(sec, <=, now + 60);
    qtest_quit(qts);
}

static void test_write_enable(void)
{
    QTestState *qts = qtest_init("-M jz4770");

    /* Before the WENR pattern, writes are ignored */
    qtest_writel(qts, RTC_BASE + SCRATCHPAD, 0xdeadbeef);
    qtest_writel(qts, RTC_BASE + SEC_ALARM, 42);
    g_assert_cmphex(rtc_read(qts, SCRATCHPAD), ==, 0x12345678);
    g_assert_cmphex(rtc_read(qts, SEC_ALARM), ==, 0);
    /* A wrong pattern does not enable them either */
    qtest_writel(qts, RTC_BASE + WENR, 0x1234);
    g_assert_cmphex(rtc_read(qts, WENR), ==, 0);

    rtc_write(qts, SCRATCHPAD, 0xdeadbeef);
    g_assert_cmphex(rtc_read(qts, SCRATCHPAD), ==, 0xdeadbeef);
    rtc_write(qts, SEC_ALARM, 42);
    g_assert_cmphex(rtc_read(qts, SEC_ALARM), ==, 42);
    /* The probe-time writes (rtc-jz4740.c) */
    rtc_write(qts, WAKEUP_FILTER, 0x7a0);
    rtc_write(qts, RESET_COUNTER, 0xcc0);
    rtc_write(qts, REGULATOR, 32767);
    g_assert_cmphex(rtc_read(qts, WAKEUP_FILTER), ==, 0x7a0);
    g_assert_cmphex(rtc_read(qts, RESET_COUNTER), ==, 0xcc0);
    g_assert_cmphex(rtc_read(qts, REGULATOR), ==, 32767);
    /* WRDY is read-only */
    rtc_write(qts, CTRL, CTRL_ENABLE);
    g_assert_cmphex(rtc_read(qts, CTRL), ==, CTRL_WRDY | CTRL_ENABLE);
    qtest_quit(qts);
}

static void test_sec_counting(void)
{
    QTestState *qts = qtest_init("-M jz4770");

    rtc_write(qts, SEC, 1000);      /* the next tick is 1 s from here */
    g_assert_cmpuint(rtc_read(qts, SEC), ==, 1000);
    qtest_clock_step(qts, NANOSECONDS_PER_SECOND - 1);
    g_assert_cmpuint(rtc_read(qts, SEC), ==, 1000);
    qtest_clock_step(qts, 1);
    g_assert_cmpuint(rtc_read(qts, SEC), ==, 1001);
    qtest_clock_step(qts, 5 * NANOSECONDS_PER_SECOND);
    g_assert_cmpuint(rtc_read(qts, SEC), ==, 1006);
    /* Each second sets the 1 Hz flag */
    g_assert_cmphex(rtc_read(qts, CTRL) & CTRL_1HZ, ==, CTRL_1HZ);

    /* RTC disabled: SEC holds */
    rtc_write(qts, CTRL, 0);
    qtest_clock_step(qts, 3 * NANOSECONDS_PER_SECOND);
    g_assert_cmpuint(rtc_read(qts, SEC), ==, 1006);
    rtc_write(qts, CTRL, CTRL_ENABLE);
    qtest_clock_step(qts, NANOSECONDS_PER_SECOND);
    g_assert_cmpuint(rtc_read(qts, SEC), ==, 1007);
    qtest_quit(qts);
}

static void test_alarm(void)
{
    QTestState *qts = qtest_init("-M jz4770");

    qtest_writel(qts, INTC_ICMCR1, 1);
    rtc_write(qts, SEC_ALARM, 103);
    rtc_write(qts, SEC, 100);
    /* As jz4740_rtc_ctrl_set_bits: flags written as 1 so as to keep them */
    rtc_write(qts, CTRL, CTRL_ENABLE | CTRL_AE | CTRL_AF_IRQ | CTRL_AF |
              CTRL_1HZ);
    g_assert_cmphex(rtc_read(qts, CTRL) & CTRL_AF, ==, 0);

    qtest_clock_step(qts, 3 * NANOSECONDS_PER_SECOND - 1);
    g_assert_cmpuint(rtc_read(qts, SEC), ==, 102);
    g_assert_cmphex(rtc_read(qts, CTRL) & CTRL_AF, ==, 0);
    g_assert_cmphex(qtest_readl(qts, INTC_ICPR1) & 1, ==, 0);

    qtest_clock_step(qts, 1);
    g_assert_cmpuint(rtc_read(qts, SEC), ==, 103);
    g_assert_cmphex(rtc_read(qts, CTRL) & CTRL_AF, ==, CTRL_AF);
    g_assert_cmphex(qtest_readl(qts, INTC_ICPR1) & 1, ==, 1);

    /* Writing 1 to AF leaves it set */
    rtc_write(qts, CTRL, rtc_read(qts, CTRL));
    g_assert_cmphex(rtc_read(qts, CTRL) & CTRL_AF, ==, CTRL_AF);
    /* The IRQ handler writes AF = 0: cleared, line drops */
    rtc_write(qts, CTRL, rtc_read(qts, CTRL) & ~CTRL_AF);
    g_assert_cmphex(rtc_read(qts, CTRL) & CTRL_AF, ==, 0);
    g_assert_cmphex(qtest_readl(qts, INTC_ICPR1) & 1, ==, 0);

    /* AF without AF_IRQ: flag but no interrupt */
    rtc_write(qts, SEC, 102);
    rtc_write(qts, CTRL, CTRL_ENABLE | CTRL_AE | CTRL_1HZ);
    qtest_clock_step(qts, NANOSECONDS_PER_SECOND);
    g_assert_cmphex(rtc_read(qts, CTRL) & CTRL_AF, ==, CTRL_AF);
    g_assert_cmphex(qtest_readl(qts, INTC_ICPR1) & 1, ==, 0);

    /* No alarm while AE is clear */
    rtc_write(qts, CTRL, CTRL_ENABLE | CTRL_AF_IRQ);
    rtc_write(qts, SEC, 102);
    qtest_clock_step(qts, NANOSECONDS_PER_SECOND);
    g_assert_cmphex(rtc_read(qts, CTRL) & CTRL_AF, ==, 0);
    qtest_quit(qts);
}

static void test_1hz(void)
{
    QTestState *qts = qtest_init("-M jz4770");

    qtest_writel(qts, INTC_ICMCR1, 1);
    rtc_write(qts, SEC, 0);
    rtc_write(qts, CTRL, CTRL_ENABLE | CTRL_1HZ_IRQ);
    qtest_clock_step(qts, NANOSECONDS_PER_SECOND - 1);
    g_assert_cmphex(qtest_readl(qts, INTC_ICPR1) & 1, ==, 0);
    qtest_clock_step(qts, 1);
    g_assert_cmphex(rtc_read(qts, CTRL) & CTRL_1HZ, ==, CTRL_1HZ);
    g_assert_cmphex(qtest_readl(qts, INTC_ICPR1) & 1, ==, 1);
    rtc_write(qts, CTRL, CTRL_ENABLE | CTRL_1HZ_IRQ);  /* 1HZ written 0 */
    g_assert_cmphex(rtc_read(qts, CTRL) & CTRL_1HZ, ==, 0);
    g_assert_cmphex(qtest_readl(qts, INTC_ICPR1) & 1, ==, 0);
    qtest_quit(qts);
}

static void test_hibernate(void)
{
    QTestState *qts = qtest_init("-M jz4770");

    /* Without the handshake the write is ignored and QEMU keeps running */
    qtest_writel(qts, RTC_BASE + HIBERNATE, 1);
    qtest_clock_step(qts, 1000);
    g_assert_true(qtest_probe_child(qts));
    g_assert_cmphex(rtc_read(qts, HIBERNATE), ==, 0);

    /* jz4740_rtc_power_off: HCR := 1 shuts the machine down */
    rtc_write(qts, HIBERNATE, 1);
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
