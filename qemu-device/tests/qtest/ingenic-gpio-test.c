/*
 * QTest for the Ingenic JZ4770 GPIO ports (ingenic-gpio)
 *
 * Checks docs/hardware/gpio.md on the jz4770 machine: reset state,
 * the GCW0 idle levels (all 1s, PD18 = 0), set/clear aliases, outputs
 * reading back PAT0 on PIN, inputs following the device's GPIO inputs, and
 * the four trigger modes of pinctrl-ingenic's JZ4770 encoding (PAT1 = edge,
 * PAT0 = high/rising) with FLAG, MSK and the port's INTC line (17 - port).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "libqtest.h"
#include "hw/gpio/ingenic_gpio_regs.h"
#include "hw/intc/ingenic_intc_regs.h"

#define GPIO_BASE(p)    (0x10010000 + 0x100 * (p))
#define INTC_BASE       0x10001000

#define PORT_A 0
#define PORT_B 1
#define PORT_D 3
#define PORT_E 4

static uint32_t gpio_read(QTestState *qts, int port, int reg)
{
    return qtest_readl(qts, GPIO_BASE(port) + reg);
}

static void gpio_write(QTestState *qts, int port, int reg, uint32_t val)
{
    qtest_writel(qts, GPIO_BASE(port) + reg, val);
}

/* The set (+4) and clear (+8) aliases of register @reg */
static void gpio_set(QTestState *qts, int port, int reg, uint32_t bits)
{
    gpio_write(qts, port, reg + INGENIC_GPIO_ALIAS_SET, bits);
}

static void gpio_clear(QTestState *qts, int port, int reg, uint32_t bits)
{
    gpio_write(qts, port, reg + INGENIC_GPIO_ALIAS_CLEAR, bits);
}

static void gpio_drive(QTestState *qts, int port, int pin, int level)
{
    g_autofree char *path = g_strdup_printf("/machine/soc/gpio-%c",
                                            'a' + port);

    qtest_set_irq_in(qts, path, NULL, pin, level);
}

static bool intc_pending(QTestState *qts, int port)
{
    return qtest_readl(qts, INTC_BASE + A_INTC_ICPR) & (1u << (17 - port));
}

static void test_reset(void)
{
    QTestState *qts = qtest_init("-M jz4770");
    int port;

    for (port = 0; port < 6; port++) {
        g_assert_cmphex(gpio_read(qts, port, A_GPIO_INT), ==, 0);
        g_assert_cmphex(gpio_read(qts, port, A_GPIO_MSK), ==, 0xffffffff);
        g_assert_cmphex(gpio_read(qts, port, A_GPIO_PAT1), ==, 0xffffffff);
        g_assert_cmphex(gpio_read(qts, port, A_GPIO_PAT0), ==, 0);
        g_assert_cmphex(gpio_read(qts, port, A_GPIO_FLAG), ==, 0);
        g_assert_cmphex(gpio_read(qts, port, A_GPIO_PEN), ==, 0);
        /* GCW0: active-low keys idle high, PD18 (Select) idles low */
        g_assert_cmphex(gpio_read(qts, port, A_GPIO_PIN), ==,
                        port == PORT_D ? ~(1u << 18) : 0xffffffff);
    }
    qtest_quit(qts);
}

static void test_aliases(void)
{
    static const int regs[] = { A_GPIO_INT, A_GPIO_MSK, A_GPIO_PAT1,
                               A_GPIO_PAT0, A_GPIO_PEN };
    QTestState *qts = qtest_init("-M jz4770");
    size_t i;

    for (i = 0; i < ARRAY_SIZE(regs); i++) {
        uint32_t v = gpio_read(qts, PORT_E, regs[i]);

        gpio_set(qts, PORT_E, regs[i], 0x00ff0001);
        g_assert_cmphex(gpio_read(qts, PORT_E, regs[i]), ==, v | 0x00ff0001);
        gpio_clear(qts, PORT_E, regs[i], 0x0f0f0f0f);
        g_assert_cmphex(gpio_read(qts, PORT_E, regs[i]), ==,
                        (v | 0x00ff0001) & ~0x0f0f0f0f);
        /* The base register is read-only */
        gpio_write(qts, PORT_E, regs[i], 0x12345678);
        g_assert_cmphex(gpio_read(qts, PORT_E, regs[i]), ==,
                        (v | 0x00ff0001) & ~0x0f0f0f0f);
    }
    /* PIN is read-only; FLAG has no set alias */
    gpio_write(qts, PORT_E, A_GPIO_PIN, 0);
    gpio_set(qts, PORT_E, A_GPIO_FLAG, 0xffffffff);
    g_assert_cmphex(gpio_read(qts, PORT_E, A_GPIO_FLAG), ==, 0);
    qtest_quit(qts);
}

static void test_output(void)
{
    QTestState *qts = qtest_init("-M jz4770");
    uint32_t bit = 1u << 3;

    gpio_set(qts, PORT_B, A_GPIO_PAT0, bit);
    gpio_clear(qts, PORT_B, A_GPIO_PAT1, bit);           /* output */
    g_assert_cmphex(gpio_read(qts, PORT_B, A_GPIO_PIN), ==, 0xffffffff);
    gpio_clear(qts, PORT_B, A_GPIO_PAT0, bit);
    g_assert_cmphex(gpio_read(qts, PORT_B, A_GPIO_PIN), ==, ~bit);
    /* The external level does not show through an output */
    gpio_drive(qts, PORT_B, 3, 1);
    g_assert_cmphex(gpio_read(qts, PORT_B, A_GPIO_PIN), ==, ~bit);
    /* Back to input: the pin reads the external level again */
    gpio_set(qts, PORT_B, A_GPIO_PAT1, bit);
    g_assert_cmphex(gpio_read(qts, PORT_B, A_GPIO_PIN), ==, 0xffffffff);
    /* A function pin (MSK = 0) reads the external level, not PAT0 */
    gpio_clear(qts, PORT_B, A_GPIO_PAT1, bit);
    gpio_clear(qts, PORT_B, A_GPIO_MSK, bit);
    g_assert_cmphex(gpio_read(qts, PORT_B, A_GPIO_PIN), ==, 0xffffffff);
    qtest_quit(qts);
}

static void test_input(void)
{
    QTestState *qts = qtest_init("-M jz4770");

    gpio_drive(qts, PORT_A, 30, 0);
    g_assert_cmphex(gpio_read(qts, PORT_A, A_GPIO_PIN), ==, ~(1u << 30));
    gpio_drive(qts, PORT_D, 18, 1);
    g_assert_cmphex(gpio_read(qts, PORT_D, A_GPIO_PIN), ==, 0xffffffff);
    gpio_drive(qts, PORT_A, 30, 1);
    g_assert_cmphex(gpio_read(qts, PORT_A, A_GPIO_PIN), ==, 0xffffffff);
    /* An input change is no interrupt while INT = 0 */
    g_assert_cmphex(gpio_read(qts, PORT_A, A_GPIO_FLAG), ==, 0);
    qtest_quit(qts);
}

typedef struct TriggerCase {
    bool edge;          /* PAT1 */
    bool high;          /* PAT0: high level / rising edge */
} TriggerCase;

/*
 * Port B pin 9 in interrupt mode with the given trigger; the test drives
 * the inactive level, then the active one, checks FLAG and INTC 16, then
 * masks, clears the flag and returns to the inactive level.
 */
static void test_trigger(const void *data)
{
    const TriggerCase *tc = data;
    QTestState *qts = qtest_init("-M jz4770");
    const int pin = 9;
    uint32_t bit = 1u << pin;
    int active = tc->high, inactive = !tc->high;

    gpio_drive(qts, PORT_B, pin, inactive);
    (tc->edge ? gpio_set : gpio_clear)(qts, PORT_B, A_GPIO_PAT1, bit);
    (tc->high ? gpio_set : gpio_clear)(qts, PORT_B, A_GPIO_PAT0, bit);
    gpio_set(qts, PORT_B, A_GPIO_INT, bit);
    gpio_clear(qts, PORT_B, A_GPIO_MSK, bit);
    qtest_writel(qts, INTC_BASE + A_INTC_ICMCR, 1u << 16);
    g_assert_cmphex(gpio_read(qts, PORT_B, A_GPIO_FLAG), ==, 0);
    g_assert_false(intc_pending(qts, PORT_B));

    gpio_drive(qts, PORT_B, pin, active);
    g_assert_cmphex(gpio_read(qts, PORT_B, A_GPIO_FLAG), ==, bit);
    g_assert_true(intc_pending(qts, PORT_B));

    /* Clearing the flag while the input stays active */
    gpio_clear(qts, PORT_B, A_GPIO_FLAG, bit);
    if (tc->edge) {
        g_assert_cmphex(gpio_read(qts, PORT_B, A_GPIO_FLAG), ==, 0);
        g_assert_false(intc_pending(qts, PORT_B));
    } else {
        /* level: the flag comes straight back */
        g_assert_cmphex(gpio_read(qts, PORT_B, A_GPIO_FLAG), ==, bit);
        g_assert_true(intc_pending(qts, PORT_B));
    }

    /* Back to inactive: a level flag can now be cleared for good */
    gpio_drive(qts, PORT_B, pin, inactive);
    gpio_clear(qts, PORT_B, A_GPIO_FLAG, bit);
    g_assert_cmphex(gpio_read(qts, PORT_B, A_GPIO_FLAG), ==, 0);
    g_assert_false(intc_pending(qts, PORT_B));

    /* Masked: FLAG still latches, the line stays low */
    gpio_set(qts, PORT_B, A_GPIO_MSK, bit);
    gpio_drive(qts, PORT_B, pin, active);
    g_assert_cmphex(gpio_read(qts, PORT_B, A_GPIO_FLAG), ==, bit);
    g_assert_false(intc_pending(qts, PORT_B));
    gpio_clear(qts, PORT_B, A_GPIO_MSK, bit);
    g_assert_true(intc_pending(qts, PORT_B));

    /* The opposite edge never sets an edge flag */
    if (tc->edge) {
        gpio_clear(qts, PORT_B, A_GPIO_FLAG, bit);
        gpio_drive(qts, PORT_B, pin, inactive);
        g_assert_cmphex(gpio_read(qts, PORT_B, A_GPIO_FLAG), ==, 0);
    }
    qtest_quit(qts);
}

int main(int argc, char **argv)
{
    static const TriggerCase level_low = { false, false };
    static const TriggerCase level_high = { false, true };
    static const TriggerCase edge_falling = { true, false };
    static const TriggerCase edge_rising = { true, true };

    g_test_init(&argc, &argv, NULL);

    qtest_add_func("/ingenic-gpio/reset", test_reset);
    qtest_add_func("/ingenic-gpio/aliases", test_aliases);
    qtest_add_func("/ingenic-gpio/output", test_output);
    qtest_add_func("/ingenic-gpio/input", test_input);
    qtest_add_data_func("/ingenic-gpio/irq/level-low", &level_low,
                        test_trigger);
    qtest_add_data_func("/ingenic-gpio/irq/level-high", &level_high,
                        test_trigger);
    qtest_add_data_func("/ingenic-gpio/irq/edge-falling", &edge_falling,
                        test_trigger);
    qtest_add_data_func("/ingenic-gpio/irq/edge-rising", &edge_rising,
                        test_trigger);

    return g_test_run();
}
