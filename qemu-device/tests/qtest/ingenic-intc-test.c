/*
 * QTest for the Ingenic JZ4770 interrupt controller (ingenic-intc)
 *
 * Checks docs/hardware/intc.md on the jz4770 machine: reset state (all
 * masked), ICMSR/ICMCR set/clear the mask, ICPR = ICSR & ~ICMR in both
 * banks, level inputs (ICSR follows the line), and sources wired through
 * real devices (a GPIO port on INTC 15 and the RTC on INTC 32).  The MIPS
 * CPU's interrupt lines cannot be intercepted, so ICPR is the observable.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/timer.h"
#include "libqtest.h"
#include "hw/intc/ingenic_intc_regs.h"
#include "hw/rtc/ingenic_rtc_regs.h"
#include "hw/gpio/ingenic_gpio_regs.h"

#define INTC_BASE       0x10001000
/* Register @reg of bank @b */
#define INTC(b, reg)    (INTC_BASE + INGENIC_INTC_BANK_STRIDE * (b) + \
                         A_INTC_##reg)
#define INTC_PATH       "/machine/soc/intc"

#define GPIO_C_BASE     0x10010200
#define GPIO_C_PATH     "/machine/soc/gpio-c"
#define GPIO_C_IRQ      15      /* 17 - port 2 */

#define RTC_BASE        0x10003000
#define RTC_IRQ         32

static QTestState *start(void)
{
    return qtest_init("-M jz4770");
}

static void set_input(QTestState *qts, int n, int level)
{
    qtest_set_irq_in(qts, INTC_PATH, NULL, n, level);
}

static void check_icpr(QTestState *qts)
{
    int b;

    for (b = 0; b < 2; b++) {
        uint32_t icsr = qtest_readl(qts, INTC(b, ICSR));
        uint32_t icmr = qtest_readl(qts, INTC(b, ICMR));

        g_assert_cmphex(qtest_readl(qts, INTC(b, ICPR)), ==, icsr & ~icmr);
    }
}

static void test_reset(void)
{
    QTestState *qts = start();
    int b;

    for (b = 0; b < 2; b++) {
        g_assert_cmphex(qtest_readl(qts, INTC(b, ICMR)), ==, 0xffffffff);
        g_assert_cmphex(qtest_readl(qts, INTC(b, ICPR)), ==, 0);
    }
    qtest_quit(qts);
}

/* Input n: raise, unmask (ICMCR), mask (ICMSR), lower */
static void test_mask_unmask(const void *data)
{
    int n = GPOINTER_TO_INT(data);
    int b = n / 32;
    uint32_t bit = 1u << (n % 32);
    QTestState *qts = start();

    set_input(qts, n, 1);
    g_assert_cmphex(qtest_readl(qts, INTC(b, ICSR)) & bit, ==, bit);
    g_assert_cmphex(qtest_readl(qts, INTC(b, ICPR)) & bit, ==, 0);

    qtest_writel(qts, INTC(b, ICMCR), bit);
    g_assert_cmphex(qtest_readl(qts, INTC(b, ICMR)), ==, ~bit);
    g_assert_cmphex(qtest_readl(qts, INTC(b, ICPR)) & bit, ==, bit);
    /* The other bank is not affected */
    g_assert_cmphex(qtest_readl(qts, INTC(!b, ICMR)), ==, 0xffffffff);

    qtest_writel(qts, INTC(b, ICMSR), bit);
    g_assert_cmphex(qtest_readl(qts, INTC(b, ICMR)), ==, 0xffffffff);
    g_assert_cmphex(qtest_readl(qts, INTC(b, ICPR)) & bit, ==, 0);

    /* Level sensitive: pending follows the line, no latching */
    qtest_writel(qts, INTC(b, ICMCR), bit);
    set_input(qts, n, 0);
    g_assert_cmphex(qtest_readl(qts, INTC(b, ICSR)) & bit, ==, 0);
    g_assert_cmphex(qtest_readl(qts, INTC(b, ICPR)) & bit, ==, 0);
    set_input(qts, n, 1);
    g_assert_cmphex(qtest_readl(qts, INTC(b, ICPR)) & bit, ==, bit);
    qtest_quit(qts);
}

/* ICPR = ICSR & ~ICMR for a mix of lines and masks in both banks */
static void test_icpr_formula(void)
{
    static const int lines[] = { 1, 7, 8, 19, 30, 33, 45, 50, 62, 63 };
    QTestState *qts = start();
    size_t i;

    for (i = 0; i < ARRAY_SIZE(lines); i++) {
        set_input(qts, lines[i], 1);
    }
    check_icpr(qts);
    qtest_writel(qts, INTC(0, ICMCR), 0x40000182);
    qtest_writel(qts, INTC(1, ICMCR), 0xc0002002);
    check_icpr(qts);
    g_assert_cmphex(qtest_readl(qts, INTC(0, ICPR)), ==,
                    0x40000182 & 0x40080182);
    g_assert_cmphex(qtest_readl(qts, INTC(1, ICPR)), ==,
                    0xc0002002 & 0xc0042002);
    qtest_writel(qts, INTC(0, ICMSR), 0x00000100);
    set_input(qts, 62, 0);
    check_icpr(qts);
    g_assert_cmphex(qtest_readl(qts, INTC(0, ICPR)), ==, 0x40000082);
    g_assert_cmphex(qtest_readl(qts, INTC(1, ICPR)), ==, 0x80002002);
    qtest_quit(qts);
}

/* Read-only and write-only registers */
static void test_register_access(void)
{
    QTestState *qts = start();

    set_input(qts, 3, 1);
    qtest_writel(qts, INTC(0, ICSR), 0);
    qtest_writel(qts, INTC(0, ICPR), 0xffffffff);
    g_assert_cmphex(qtest_readl(qts, INTC(0, ICSR)) & 8, ==, 8);
    g_assert_cmphex(qtest_readl(qts, INTC(0, ICMSR)), ==, 0);
    g_assert_cmphex(qtest_readl(qts, INTC(0, ICMCR)), ==, 0);
    /* Past ICPR: no register */
    g_assert_cmphex(qtest_readl(qts, INTC_BASE + A_INTC_ICPR + 4), ==, 0);
    /* ICMR itself is writable */
    qtest_writel(qts, INTC(0, ICMR), 0xfffffff7);
    g_assert_cmphex(qtest_readl(qts, INTC(0, ICPR)), ==, 8);
    qtest_quit(qts);
}

/* A GPIO port C interrupt (level low on pin 5) reaches INTC 15 */
static void test_source_gpio(void)
{
    QTestState *qts = start();
    uint32_t pin = 1u << 5;

    /* Interrupt mode, level low, unmasked */
    qtest_writel(qts, GPIO_C_BASE + A_GPIO_INT + INGENIC_GPIO_ALIAS_SET, pin);
    qtest_writel(qts, GPIO_C_BASE + A_GPIO_PAT1 + INGENIC_GPIO_ALIAS_CLEAR,
                 pin);
    qtest_writel(qts, GPIO_C_BASE + A_GPIO_PAT0 + INGENIC_GPIO_ALIAS_CLEAR,
                 pin);
    qtest_writel(qts, GPIO_C_BASE + A_GPIO_MSK + INGENIC_GPIO_ALIAS_CLEAR, pin);
    qtest_writel(qts, INTC(0, ICMCR), 1u << GPIO_C_IRQ);
    g_assert_cmphex(qtest_readl(qts, INTC(0, ICPR)), ==, 0);

    qtest_set_irq_in(qts, GPIO_C_PATH, NULL, 5, 0);
    g_assert_cmphex(qtest_readl(qts, INTC(0, ICSR)) & (1u << GPIO_C_IRQ), ==,
                    1u << GPIO_C_IRQ);
    g_assert_cmphex(qtest_readl(qts, INTC(0, ICPR)), ==, 1u << GPIO_C_IRQ);

    /* Released and the flag cleared: the line drops */
    qtest_set_irq_in(qts, GPIO_C_PATH, NULL, 5, 1);
    qtest_writel(qts, GPIO_C_BASE + A_GPIO_FLAG + INGENIC_GPIO_ALIAS_CLEAR,
                 pin);
    g_assert_cmphex(qtest_readl(qts, INTC(0, ICPR)), ==, 0);
    qtest_quit(qts);
}

/* The RTC's 1 Hz interrupt reaches INTC 32 (bank 1 bit 0) */
static void test_source_rtc(void)
{
    QTestState *qts = start();

    qtest_writel(qts, RTC_BASE + A_RTC_WENR, INGENIC_RTC_WENR_MAGIC);
    /* 1HZ_IRQ on; 1 written to the flag bits leaves them alone */
    qtest_writel(qts, RTC_BASE + A_RTC_CTRL, R_RTC_CTRL_1HZ_MASK |
                 R_RTC_CTRL_1HZ_IRQ_MASK | R_RTC_CTRL_ENABLE_MASK);
    qtest_writel(qts, INTC(1, ICMCR), 1);
    /* Restart the 1 Hz prescaler */
    qtest_writel(qts, RTC_BASE + A_RTC_SEC, 0);
    qtest_clock_step(qts, NANOSECONDS_PER_SECOND - 1);
    g_assert_cmphex(qtest_readl(qts, INTC(1, ICPR)), ==, 0);
    qtest_clock_step(qts, 1);
    g_assert_cmphex(qtest_readl(qts, INTC(1, ICPR)), ==, 1);
    g_assert_cmphex(qtest_readl(qts, INTC(1, ICSR)) & 1, ==, 1);
    /* Write 0 to 1HZ: clears it */
    qtest_writel(qts, RTC_BASE + A_RTC_CTRL,
                 R_RTC_CTRL_1HZ_IRQ_MASK | R_RTC_CTRL_ENABLE_MASK);
    g_assert_cmphex(qtest_readl(qts, INTC(1, ICPR)), ==, 0);
    qtest_quit(qts);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);

    qtest_add_func("/ingenic-intc/reset", test_reset);
    qtest_add_data_func("/ingenic-intc/mask-unmask/bank0",
                        GINT_TO_POINTER(7), test_mask_unmask);
    qtest_add_data_func("/ingenic-intc/mask-unmask/bank1",
                        GINT_TO_POINTER(40), test_mask_unmask);
    qtest_add_func("/ingenic-intc/icpr", test_icpr_formula);
    qtest_add_func("/ingenic-intc/register-access", test_register_access);
    qtest_add_func("/ingenic-intc/source/gpio", test_source_gpio);
    qtest_add_func("/ingenic-intc/source/rtc", test_source_rtc);

    return g_test_run();
}
