/*
 * QTest for the Ingenic JZ4770 interrupt controller (ingenic-intc)
 *
 * Checks hw-contract.md section 3 on the jz4770 machine: reset state (all
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

#define INTC_BASE       0x10001000
#define ICSR(b)         (INTC_BASE + 0x20 * (b) + 0x00)
#define ICMR(b)         (INTC_BASE + 0x20 * (b) + 0x04)
#define ICMSR(b)        (INTC_BASE + 0x20 * (b) + 0x08)
#define ICMCR(b)        (INTC_BASE + 0x20 * (b) + 0x0c)
#define ICPR(b)         (INTC_BASE + 0x20 * (b) + 0x10)

#define INTC_PATH       "/machine/soc/intc"

#define GPIO_C_BASE     0x10010200
#define GPIO_C_PATH     "/machine/soc/gpio-c"
#define GPIO_C_IRQ      15      /* 17 - port 2 */

#define RTC_BASE        0x10003000
#define RTC_CTRL        (RTC_BASE + 0x00)
#define RTC_SEC         (RTC_BASE + 0x04)
#define RTC_WENR        (RTC_BASE + 0x3c)
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
        uint32_t icsr = qtest_readl(qts, ICSR(b));
        uint32_t icmr = qtest_readl(qts, ICMR(b));

        g_assert_cmphex(qtest_readl(qts, ICPR(b)), ==, icsr & ~icmr);
    }
}

static void test_reset(void)
{
    QTestState *qts = start();
    int b;

    for (b = 0; b < 2; b++) {
        g_assert_cmphex(qtest_readl(qts, ICMR(b)), ==, 0xffffffff);
        g_assert_cmphex(qtest_readl(qts, ICPR(b)), ==, 0);
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
    g_assert_cmphex(qtest_readl(qts, ICSR(b)) & bit, ==, bit);
    g_assert_cmphex(qtest_readl(qts, ICPR(b)) & bit, ==, 0);

    qtest_writel(qts, ICMCR(b), bit);
    g_assert_cmphex(qtest_readl(qts, ICMR(b)), ==, ~bit);
    g_assert_cmphex(qtest_readl(qts, ICPR(b)) & bit, ==, bit);
    /* The other bank is not affected */
    g_assert_cmphex(qtest_readl(qts, ICMR(!b)), ==, 0xffffffff);

    qtest_writel(qts, ICMSR(b), bit);
    g_assert_cmphex(qtest_readl(qts, ICMR(b)), ==, 0xffffffff);
    g_assert_cmphex(qtest_readl(qts, ICPR(b)) & bit, ==, 0);

    /* Level sensitive: pending follows the line, no latching */
    qtest_writel(qts, ICMCR(b), bit);
    set_input(qts, n, 0);
    g_assert_cmphex(qtest_readl(qts, ICSR(b)) & bit, ==, 0);
    g_assert_cmphex(qtest_readl(qts, ICPR(b)) & bit, ==, 0);
    set_input(qts, n, 1);
    g_assert_cmphex(qtest_readl(qts, ICPR(b)) & bit, ==, bit);
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
    qtest_writel(qts, ICMCR(0), 0x40000182);
    qtest_writel(qts, ICMCR(1), 0xc0002002);
    check_icpr(qts);
    g_assert_cmphex(qtest_readl(qts, ICPR(0)), ==, 0x40000182 & 0x40080182);
    g_assert_cmphex(qtest_readl(qts, ICPR(1)), ==, 0xc0002002 & 0xc0042002);
    qtest_writel(qts, ICMSR(0), 0x00000100);
    set_input(qts, 62, 0);
    check_icpr(qts);
    g_assert_cmphex(qtest_readl(qts, ICPR(0)), ==, 0x40000082);
    g_assert_cmphex(qtest_readl(qts, ICPR(1)), ==, 0x80002002);
    qtest_quit(qts);
}

/* Read-only and write-only registers */
static void test_register_access(void)
{
    QTestState *qts = start();

    set_input(qts, 3, 1);
    qtest_writel(qts, ICSR(0), 0);
    qtest_writel(qts, ICPR(0), 0xffffffff);
    g_assert_cmphex(qtest_readl(qts, ICSR(0)) & 8, ==, 8);
    g_assert_cmphex(qtest_readl(qts, ICMSR(0)), ==, 0);
    g_assert_cmphex(qtest_readl(qts, ICMCR(0)), ==, 0);
    g_assert_cmphex(qtest_readl(qts, INTC_BASE + 0x14), ==, 0);
    /* ICMR itself is writable */
    qtest_writel(qts, ICMR(0), 0xfffffff7);
    g_assert_cmphex(qtest_readl(qts, ICPR(0)), ==, 8);
    qtest_quit(qts);
}

/* A GPIO port C interrupt (level low on pin 5) reaches INTC 15 */
static void test_source_gpio(void)
{
    QTestState *qts = start();
    uint32_t pin = 1u << 5;

    qtest_writel(qts, GPIO_C_BASE + 0x14, pin);      /* INT set */
    qtest_writel(qts, GPIO_C_BASE + 0x38, pin);      /* PAT1 clear: level */
    qtest_writel(qts, GPIO_C_BASE + 0x48, pin);      /* PAT0 clear: low */
    qtest_writel(qts, GPIO_C_BASE + 0x28, pin);      /* MSK clear */
    qtest_writel(qts, ICMCR(0), 1u << GPIO_C_IRQ);
    g_assert_cmphex(qtest_readl(qts, ICPR(0)), ==, 0);

    qtest_set_irq_in(qts, GPIO_C_PATH, NULL, 5, 0);
    g_assert_cmphex(qtest_readl(qts, ICSR(0)) & (1u << GPIO_C_IRQ), ==,
                    1u << GPIO_C_IRQ);
    g_assert_cmphex(qtest_readl(qts, ICPR(0)), ==, 1u << GPIO_C_IRQ);

    /* Released and the flag cleared: the line drops */
    qtest_set_irq_in(qts, GPIO_C_PATH, NULL, 5, 1);
    qtest_writel(qts, GPIO_C_BASE + 0x58, pin);
    g_assert_cmphex(qtest_readl(qts, ICPR(0)), ==, 0);
    qtest_quit(qts);
}

/* The RTC's 1 Hz interrupt reaches INTC 32 (bank 1 bit 0) */
static void test_source_rtc(void)
{
    QTestState *qts = start();

    qtest_writel(qts, RTC_WENR, 0xa55a);
    /* 1HZ_IRQ on; 1 written to the flag bits leaves them alone */
    qtest_writel(qts, RTC_CTRL, 0x61);
    qtest_writel(qts, ICMCR(1), 1);
    qtest_writel(qts, RTC_SEC, 0);      /* restart the 1 Hz prescaler */
    qtest_clock_step(qts, NANOSECONDS_PER_SECOND - 1);
    g_assert_cmphex(qtest_readl(qts, ICPR(1)), ==, 0);
    qtest_clock_step(qts, 1);
    g_assert_cmphex(qtest_readl(qts, ICPR(1)), ==, 1);
    g_assert_cmphex(qtest_readl(qts, ICSR(1)) & 1, ==, 1);
    qtest_writel(qts, RTC_CTRL, 0x21);  /* write 0 to 1HZ: clears it */
    g_assert_cmphex(qtest_readl(qts, ICPR(1)), ==, 0);
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
