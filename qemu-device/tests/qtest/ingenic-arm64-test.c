/*
 * QTest for the ingenic-lab "ingenic-arm64" machine (hw/arm/ingenic_arm64.c)
 *
 * The KASAN lane's board: each case starts a fresh "-M ingenic-arm64"
 * without a kernel (or with a dummy one where -append / -initrd need it)
 * and checks that the machine comes up, that the GICv3, the PL011s and our
 * CGU / LCDC models answer at their addresses with their reset values, that
 * an LCDC interrupt reaches the GIC as SPI 31 (GICD_ISPENDR, with the SPI
 * configured edge-triggered so that the distributor latches it), that
 * oversized RAM is refused, and that the generated device tree (QMP
 * "dumpdtb", and -machine dumpdtb=FILE) holds what Linux's drivers need:
 * CPU and cache nodes, GIC, timer, PSCI, PL011s, memory, /chosen, the CGU
 * with its EXT and OSC32K parents, the LCD controller with its ports linked
 * both ways to the panel and (when the IPU model exists) to the IPU; and
 * that -smp 1..4 (2 by default) gives each CPU a node started by PSCI and
 * its own GICv3 redistributor, and -smp 5 is refused.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "libqtest.h"
#include "qobject/qdict.h"
#include "qobject/qlist.h"
#include "qemu/bswap.h"
#include "hw/display/ingenic_lcdc_regs.h"
#include "hw/misc/ingenic_cgu_regs.h"

#include <libfdt.h>

#define MACHINE         "-M ingenic-arm64"

#define RAM_BASE        0x40000000ull
#define RAM_DEFAULT     (512ull << 20)
#define GICD            0x08000000
#define GICR            0x080a0000
#define GICR_STRIDE     0x20000     /* RD + SGI frames */
#define GICR_TYPER      0x0008
#define UART0           0x09000000
#define UART1           0x09001000
#define CGU             0x10000000
#define LCDC            0x13050000
#define SPI_LCDC        31

/* GICv3 distributor */
#define GICD_TYPER      0x0004
#define GICD_ISPENDR(n) (0x0200 + 4 * (n))
#define GICD_ICFGR(n)   (0x0c00 + 4 * (n))
#define GICD_PIDR2      0xffe8

/* LCDC: a 16x8 mode (20x10 total) at a 1 MHz pixel clock */
#define W               16
#define H               8
#define FRAME_NS        (20 * 10 * 1000)
#define DESC0           (RAM_BASE + 0x01000000)
#define DESC1           (RAM_BASE + 0x01000020)
#define FB1             (RAM_BASE + 0x01100000)

/* ------------------------------------------------------------------------ */
/* Helpers */

static char *tmp_file(const char *tmpl)
{
    char *path = NULL;
    int fd = g_file_open_tmp(tmpl, &path, NULL);

    g_assert(fd >= 0);
    close(fd);
    return path;
}

/* The machine's DT through QMP "dumpdtb"; g_free() it */
static void *dump_dtb(QTestState *qts)
{
    g_autofree char *path = tmp_file("ingenic-arm64-test-XXXXXX.dtb");
    QDict *resp;
    gchar *blob = NULL;
    gsize len;

    resp = qtest_qmp(qts, "{'execute': 'dumpdtb',"
                     " 'arguments': {'filename': %s}}", path);
    g_assert(!qdict_haskey(resp, "error"));
    qobject_unref(resp);
    g_assert(g_file_get_contents(path, &blob, &len, NULL));
    unlink(path);
    g_assert_cmpuint(len, >=, sizeof(struct fdt_header));
    g_assert_cmpint(fdt_check_header(blob), ==, 0);
    g_assert_cmpuint(fdt_totalsize(blob), <=, len);
    return blob;
}

static int node(const void *fdt, const char *path)
{
    int off = fdt_path_offset(fdt, path);

    if (off < 0) {
        g_test_message("no node %s", path);
    }
    g_assert_cmpint(off, >=, 0);
    return off;
}

/* Property @name of node @path as a string list joined with '|' */
static char *prop_strings(const void *fdt, const char *path,
                          const char *name)
{
    int len;
    const char *p = fdt_getprop(fdt, node(fdt, path), name, &len);
    GString *s = g_string_new(NULL);
    int i;

    g_assert_nonnull(p);
    for (i = 0; i < len; i += strlen(p + i) + 1) {
        g_string_append_printf(s, "%s%s", i ? "|" : "", p + i);
    }
    return g_string_free(s, false);
}

static void assert_strings(const void *fdt, const char *path,
                           const char *name, const char *expected)
{
    g_autofree char *s = prop_strings(fdt, path, name);

    g_assert_cmpstr(s, ==, expected);
}

/* Cell @i of property @name of node @path */
static uint32_t cell(const void *fdt, const char *path, const char *name,
                     int i)
{
    int len;
    const fdt32_t *p = fdt_getprop(fdt, node(fdt, path), name, &len);

    if (!p) {
        g_test_message("no property %s in %s", name, path);
    }
    g_assert_nonnull(p);
    g_assert_cmpint(len, >=, (i + 1) * 4);
    return fdt32_to_cpu(p[i]);
}

static int ncells(const void *fdt, const char *path, const char *name)
{
    int len;

    g_assert_nonnull(fdt_getprop(fdt, node(fdt, path), name, &len));
    return len / 4;
}

static uint64_t cell64(const void *fdt, const char *path, const char *name,
                       int i)
{
    return (uint64_t)cell(fdt, path, name, i) << 32 |
           cell(fdt, path, name, i + 1);
}

static uint32_t phandle_of(const void *fdt, const char *path)
{
    uint32_t ph = fdt_get_phandle(fdt, node(fdt, path));

    g_assert_cmpuint(ph, !=, 0);
    return ph;
}

/* Endpoints @a and @b point at each other */
static void assert_linked(const void *fdt, const char *a, const char *b)
{
    g_assert_cmphex(cell(fdt, a, "remote-endpoint", 0), ==,
                    phandle_of(fdt, b));
    g_assert_cmphex(cell(fdt, b, "remote-endpoint", 0), ==,
                    phandle_of(fdt, a));
}

static bool machine_has_child(QTestState *qts, const char *name)
{
    QDict *resp = qtest_qmp(qts, "{'execute': 'qom-list',"
                            " 'arguments': {'path': '/machine'}}");
    QList *list = qdict_get_qlist(resp, "return");
    const QListEntry *e;
    bool found = false;

    g_assert_nonnull(list);
    QLIST_FOREACH_ENTRY(list, e) {
        QDict *prop = qobject_to(QDict, qlist_entry_obj(e));

        if (!strcmp(qdict_get_str(prop, "name"), name)) {
            found = true;
        }
    }
    qobject_unref(resp);
    return found;
}

/* Run QEMU to its end with @args; its exit status */
static int run_qemu(const char *args, char **err)
{
    const char *qemu = g_getenv("QTEST_QEMU_BINARY");
    g_autofree char *cmd = g_strdup_printf("%s -display none -nodefaults %s",
                                           qemu, args);
    g_auto(GStrv) argv = NULL;
    int status;

    g_assert_nonnull(qemu);
    g_assert(g_shell_parse_argv(cmd, NULL, &argv, NULL));
    g_assert(g_spawn_sync(NULL, argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL,
                          NULL, NULL, NULL, err, &status, NULL));
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* ------------------------------------------------------------------------ */
/* Bring-up and devices */

static void test_boot_no_kernel(void)
{
    QTestState *qts = qtest_init(MACHINE);

    /* RAM at 0x40000000, 512 MiB by default */
    qtest_writel(qts, RAM_BASE, 0x12345678);
    g_assert_cmphex(qtest_readl(qts, RAM_BASE), ==, 0x12345678);
    qtest_writel(qts, RAM_BASE + RAM_DEFAULT - 4, 0x9abcdef0);
    g_assert_cmphex(qtest_readl(qts, RAM_BASE + RAM_DEFAULT - 4), ==,
                    0x9abcdef0);
    /* The idle loop at the reset vector: wfi; b . - 4 */
    g_assert_cmphex(qtest_readl(qts, 0), ==, 0xd503207f);
    g_assert_cmphex(qtest_readl(qts, 4), ==, 0x17ffffff);
    qtest_quit(qts);
}

static void test_ram_size(void)
{
    QTestState *qts = qtest_init(MACHINE " -m 3G");

    qtest_writel(qts, RAM_BASE + 0xc0000000ull - 4, 0x5a5a5a5a);
    g_assert_cmphex(qtest_readl(qts, RAM_BASE + 0xc0000000ull - 4), ==,
                    0x5a5a5a5a);
    qtest_quit(qts);
}

static void test_ram_too_large(void)
{
    g_autofree char *err = NULL;

    g_assert_cmpint(run_qemu(MACHINE " -m 3073M", &err), !=, 0);
    g_assert_nonnull(strstr(err, "below 4 GiB"));
}

static void test_gic(void)
{
    QTestState *qts = qtest_init(MACHINE);

    /* GICv3, 64 SPIs: ITLinesNumber = (32 + 64) / 32 - 1 */
    g_assert_cmphex((qtest_readl(qts, GICD + GICD_PIDR2) >> 4) & 0xf, ==, 3);
    g_assert_cmphex(qtest_readl(qts, GICD + GICD_TYPER) & 0x1f, ==, 2);
    qtest_quit(qts);
}

static void test_uarts(void)
{
    /* PL011 PrimeCell ID registers 0xfe0..0xffc */
    static const uint8_t id[] = {
        0x11, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1,
    };
    QTestState *qts = qtest_init(MACHINE);
    int i;

    for (i = 0; i < ARRAY_SIZE(id); i++) {
        g_assert_cmphex(qtest_readl(qts, UART0 + 0xfe0 + 4 * i), ==, id[i]);
        g_assert_cmphex(qtest_readl(qts, UART1 + 0xfe0 + 4 * i), ==, id[i]);
    }
    qtest_quit(qts);
}

static void test_cgu_reset(void)
{
    QTestState *qts = qtest_init(MACHINE);

    /* The GCW Zero boot loader's values, PLL0 stable */
    g_assert_cmphex(qtest_readl(qts, CGU + A_CGU_CPCCR), ==,
                    INGENIC_CGU_CPCCR_RESET);
    g_assert_cmphex(qtest_readl(qts, CGU + A_CGU_CPPCR0), ==,
                    INGENIC_CGU_CPPCR0_RESET |
                    R_CGU_CPPCR0_STABLE_MASK);
    g_assert_cmphex(qtest_readl(qts, CGU + A_CGU_CLKGR0), ==, 0);
    qtest_quit(qts);
}

static void test_lcdc_reset(void)
{
    QTestState *qts = qtest_init(MACHINE);

    g_assert_cmphex(qtest_readl(qts, LCDC + A_LCDC_CTRL), ==, 0);
    g_assert_cmphex(qtest_readl(qts, LCDC + A_LCDC_STATE), ==, 0);
    g_assert_cmphex(qtest_readl(qts, LCDC + A_LCDC_DA0), ==, 0);
    g_assert_cmphex(qtest_readl(qts, LCDC + A_LCDC_OSDS), ==, 1);    /* READY */
    /* Plain storage round-trips */
    qtest_writel(qts, LCDC + A_LCDC_VAT, 0x01900fa0);
    g_assert_cmphex(qtest_readl(qts, LCDC + A_LCDC_VAT), ==, 0x01900fa0);
    qtest_quit(qts);
}

static void put_desc(QTestState *qts, uint64_t addr, uint32_t next,
                     uint32_t sa, uint32_t fid, uint32_t cmd)
{
    uint32_t d[4] = {
        cpu_to_le32(next), cpu_to_le32(sa), cpu_to_le32(fid),
        cpu_to_le32(cmd)
    };

    qtest_memwrite(qts, addr, d, sizeof(d));
}

static uint32_t spi_pending(QTestState *qts, int spi)
{
    int intid = 32 + spi;

    return qtest_readl(qts, GICD + GICD_ISPENDR(intid / 32)) &
           (1u << (intid % 32));
}

/*
 * The LCDC runs one frame out of RAM above 1 GiB; its EOF interrupt
 * (level while STATE.EOF && CTRL.EOFM) is SPI 31 at the GIC.
 */
static void test_lcdc_irq(void)
{
    QTestState *qts = qtest_init(MACHINE);
    int intid = 32 + SPI_LCDC;
    uint32_t v;

    /* Pixel clock: PLL1 = 432 MHz, / 432 = 1 MHz, ungated */
    qtest_writel(qts, CGU + A_CGU_CPPCR1, FIELD_DP32(R_CGU_CPPCR1_EN_MASK,
                                                     CGU_CPPCR, M, 35));
    qtest_writel(qts, CGU + A_CGU_LPCDR, FIELD_DP32(R_CGU_LPCDR_PLL1_MASK,
                                                    CGU_LPCDR, DIV, 432 - 1));
    qtest_writel(qts, CGU + A_CGU_CLKGR0, qtest_readl(qts,
        CGU + A_CGU_CLKGR0) & ~INGENIC_CGU_CLKGR0_LCD);

    /* Edge-triggered, so that the distributor latches a rising edge */
    v = qtest_readl(qts, GICD + GICD_ICFGR(intid / 16));
    qtest_writel(qts, GICD + GICD_ICFGR(intid / 16),
                 v | 2u << (2 * (intid % 16)));

    /* F1 XRGB8888 16x8, self-looping descriptors, as the driver sets up */
    qtest_writel(qts, LCDC + A_LCDC_VSYNC, 1);
    qtest_writel(qts, LCDC + A_LCDC_HSYNC, 2);
    qtest_writel(qts, LCDC + A_LCDC_VAT, FIELD_DP32(0, LCDC_VAT, HT, 20) |
                 FIELD_DP32(0, LCDC_VAT, VT, 10));
    qtest_writel(qts, LCDC + A_LCDC_DAH, FIELD_DP32(0, LCDC_DAH, HDS, 2) |
                 FIELD_DP32(0, LCDC_DAH, HDE, 2 + W));
    qtest_writel(qts, LCDC + A_LCDC_DAV, FIELD_DP32(0, LCDC_DAV, VDS, 1) |
                 FIELD_DP32(0, LCDC_DAV, VDE, 1 + H));
    qtest_writel(qts, LCDC + A_LCDC_OSDC, R_LCDC_OSDC_OSDEN_MASK |
                 R_LCDC_OSDC_F1EN_MASK);
    qtest_writel(qts, LCDC + A_LCDC_OSDCTRL, INGENIC_LCDC_BPP_18_24);
    qtest_writel(qts, LCDC + A_LCDC_SIZE1, FIELD_DP32(0, LCDC_SIZE, W, W) |
                 FIELD_DP32(0, LCDC_SIZE, H, H));
    put_desc(qts, DESC1, DESC1, FB1, 0xf1, R_LCDC_DESC_CMD_EOFINT_MASK |
             (W * H));
    put_desc(qts, DESC0, DESC0, 0, 0xf0, 0);
    qtest_writel(qts, LCDC + A_LCDC_DA0, DESC0);
    qtest_writel(qts, LCDC + A_LCDC_DA1, DESC1);
    qtest_writel(qts, LCDC + A_LCDC_STATE, 0);
    qtest_writel(qts, LCDC + A_LCDC_CTRL,
                 (qtest_readl(qts, LCDC + A_LCDC_CTRL) &
                  ~R_LCDC_CTRL_DIS_MASK) | R_LCDC_CTRL_ENA_MASK);

    qtest_clock_step(qts, FRAME_NS);
    g_assert_cmphex(qtest_readl(qts, LCDC + A_LCDC_STATE) &
                    R_LCDC_STATE_EOF_MASK, ==, R_LCDC_STATE_EOF_MASK);
    /* EOF without its enable: nothing at the GIC */
    g_assert_cmphex(spi_pending(qts, SPI_LCDC), ==, 0);
    /* Vblank on: the line rises, the GIC has SPI 31 pending */
    qtest_writel(qts, LCDC + A_LCDC_CTRL,
                 qtest_readl(qts, LCDC + A_LCDC_CTRL) | R_LCDC_CTRL_EOFM_MASK);
    g_assert_cmphex(spi_pending(qts, SPI_LCDC), !=, 0);
    /* Neighbours stay quiet */
    g_assert_cmphex(spi_pending(qts, SPI_LCDC - 1), ==, 0);
    g_assert_cmphex(spi_pending(qts, SPI_LCDC + 1), ==, 0);
    qtest_quit(qts);
}

/* ------------------------------------------------------------------------ */
/* Device tree */

static void check_dt_display(const void *fdt, bool has_ipu)
{
    const char *cgu = "/clock-controller@10000000";
    const char *lcd = "/lcd-controller@13050000";
    const char *ipu = "/ipu@13080000";
    uint32_t cgu_ph = phandle_of(fdt, cgu);

    /* Fixed clocks feeding the CGU */
    assert_strings(fdt, "/ext", "compatible", "fixed-clock");
    g_assert_cmpuint(cell(fdt, "/ext", "clock-frequency", 0), ==, 12000000);
    g_assert_cmpuint(cell(fdt, "/osc32k", "clock-frequency", 0), ==, 32768);

    /* CGU */
    assert_strings(fdt, cgu, "compatible", "ingenic,jz4770-cgu|simple-mfd");
    g_assert_cmphex(cell64(fdt, cgu, "reg", 0), ==, CGU);
    g_assert_cmpuint(cell(fdt, cgu, "#clock-cells", 0), ==, 1);
    g_assert_cmphex(cell(fdt, cgu, "clocks", 0), ==, phandle_of(fdt, "/ext"));
    g_assert_cmphex(cell(fdt, cgu, "clocks", 1), ==,
                    phandle_of(fdt, "/osc32k"));
    assert_strings(fdt, cgu, "clock-names", "ext|osc32k");

    /* LCD controller: JZ4770_CLK_LPCLK_MUX, SPI 31 level-high */
    assert_strings(fdt, lcd, "compatible", "ingenic,jz4770-lcd");
    g_assert_cmphex(cell64(fdt, lcd, "reg", 0), ==, LCDC);
    g_assert_cmpuint(cell(fdt, lcd, "interrupts", 0), ==, 0);
    g_assert_cmpuint(cell(fdt, lcd, "interrupts", 1), ==, SPI_LCDC);
    g_assert_cmpuint(cell(fdt, lcd, "interrupts", 2), ==, 4);
    g_assert_cmphex(cell(fdt, lcd, "clocks", 0), ==, cgu_ph);
    g_assert_cmpuint(cell(fdt, lcd, "clocks", 1), ==, 20);
    assert_strings(fdt, lcd, "clock-names", "lcd_pclk");

    /* Panel on port@0 */
    assert_strings(fdt, "/panel", "compatible", "edt,etm0350g0dh6");
    assert_linked(fdt, "/lcd-controller@13050000/ports/port@0/endpoint",
                  "/panel/port/endpoint");
    g_assert_cmpuint(cell(fdt, "/lcd-controller@13050000/ports/port@0",
                          "reg", 0), ==, 0);

    /* IPU on port@8, only when modelled */
    if (!has_ipu) {
        g_assert_cmpint(fdt_path_offset(fdt, ipu), <, 0);
        g_assert_cmpint(fdt_path_offset(fdt,
                        "/lcd-controller@13050000/ports/port@8"), <, 0);
        return;
    }
    assert_strings(fdt, ipu, "compatible",
                   "ingenic,jz4770-ipu|ingenic,jz4760-ipu");
    g_assert_cmphex(cell64(fdt, ipu, "reg", 0), ==, 0x13080000);
    g_assert_cmpuint(cell(fdt, ipu, "interrupts", 1), ==, 29);
    g_assert_cmphex(cell(fdt, ipu, "clocks", 0), ==, cgu_ph);
    g_assert_cmpuint(cell(fdt, ipu, "clocks", 1), ==, 39);
    assert_strings(fdt, ipu, "clock-names", "ipu");
    g_assert_cmpuint(cell(fdt, "/lcd-controller@13050000/ports/port@8",
                          "reg", 0), ==, 8);
    assert_linked(fdt, "/lcd-controller@13050000/ports/port@8/endpoint",
                  "/ipu@13080000/port/endpoint");
}

static void test_dt_nodes(void)
{
    QTestState *qts = qtest_init(MACHINE);
    g_autofree void *fdt = dump_dtb(qts);
    bool has_ipu = machine_has_child(qts, "ipu");
    g_autofree char *psci_compat = NULL;
    uint32_t gic_ph;
    const char *stdout_path;

    g_assert(machine_has_child(qts, "cgu"));
    g_assert(machine_has_child(qts, "lcdc"));

    assert_strings(fdt, "/", "compatible", "ingenic-lab,arm64");
    g_assert_cmpuint(cell(fdt, "/", "#address-cells", 0), ==, 2);
    g_assert_cmpuint(cell(fdt, "/", "#size-cells", 0), ==, 2);

    /* Two CPUs by default, PSCI by HVC (QEMU's), GICv3, arch timer */
    assert_strings(fdt, "/cpus/cpu@0", "device_type", "cpu");
    assert_strings(fdt, "/cpus/cpu@0", "compatible", "arm,cortex-a57");
    assert_strings(fdt, "/cpus/cpu@1", "compatible", "arm,cortex-a57");
    g_assert_cmpint(fdt_path_offset(fdt, "/cpus/cpu@2"), <, 0);
    /* cortex-a57's CLIDR: L1 split, L2 unified, shared */
    g_assert_cmphex(cell(fdt, "/cpus/cpu@0", "next-level-cache", 0), ==,
                    phandle_of(fdt, "/cpus/l2-cache"));
    g_assert_cmphex(cell(fdt, "/cpus/cpu@1", "next-level-cache", 0), ==,
                    phandle_of(fdt, "/cpus/l2-cache"));
    g_assert_cmpuint(cell(fdt, "/cpus/l2-cache", "cache-level", 0), ==, 2);
    g_assert_cmpint(fdt_path_offset(fdt, "/cpus/l3-cache"), <, 0);
    assert_strings(fdt, "/psci", "method", "hvc");
    /* (PSCI 0.1 under the qtest accelerator, 1.0 under TCG) */
    psci_compat = prop_strings(fdt, "/psci", "compatible");
    g_assert_nonnull(strstr(psci_compat, "arm,psci"));
    gic_ph = phandle_of(fdt, "/interrupt-controller@8000000");
    g_assert_cmphex(cell(fdt, "/", "interrupt-parent", 0), ==, gic_ph);
    assert_strings(fdt, "/interrupt-controller@8000000", "compatible",
                   "arm,gic-v3");
    g_assert_cmpuint(cell(fdt, "/interrupt-controller@8000000",
                          "#interrupt-cells", 0), ==, 3);
    g_assert_cmphex(cell64(fdt, "/interrupt-controller@8000000", "reg", 4),
                    ==, GICR);
    g_assert_cmphex(cell64(fdt, "/interrupt-controller@8000000", "reg", 6),
                    ==, 2 * GICR_STRIDE);
    assert_strings(fdt, "/timer", "compatible",
                   "arm,armv8-timer|arm,armv7-timer");
    g_assert_cmpint(ncells(fdt, "/timer", "interrupts"), ==, 12);
    g_assert_cmpuint(cell(fdt, "/timer", "interrupts", 4), ==, 14); /* NS */

    /* UARTs, console on uart0 */
    assert_strings(fdt, "/serial@9000000", "compatible",
                   "arm,pl011|arm,primecell");
    assert_strings(fdt, "/serial@9000000", "clock-names",
                   "uartclk|apb_pclk");
    g_assert_cmpuint(cell(fdt, "/serial@9000000", "interrupts", 1), ==, 1);
    g_assert_cmpuint(cell(fdt, "/serial@9001000", "interrupts", 1), ==, 2);
    stdout_path = fdt_getprop(fdt, node(fdt, "/chosen"), "stdout-path", NULL);
    g_assert_cmpstr(stdout_path, ==, "/serial@9000000");
    assert_strings(fdt, "/aliases", "serial1", "/serial@9001000");

    /* Memory (added by the loader) */
    g_assert_cmphex(cell64(fdt, "/memory@40000000", "reg", 0), ==, RAM_BASE);
    g_assert_cmphex(cell64(fdt, "/memory@40000000", "reg", 2), ==,
                    RAM_DEFAULT);

    check_dt_display(fdt, has_ipu);
    qtest_quit(qts);
}

/*
 * -smp N: N CPU nodes in MPIDR order, each started by PSCI (with one CPU no
 * enable-method: nothing to start), and N redistributors, the last one
 * flagged Last, each naming its CPU (GICR_TYPER Processor_Number and
 * affinity).
 */
static void check_smp(unsigned ncpus)
{
    QTestState *qts = qtest_initf(MACHINE " -smp %u", ncpus);
    g_autofree void *fdt = dump_dtb(qts);
    unsigned n;

    for (n = 0; n < ncpus; n++) {
        g_autofree char *cpu = g_strdup_printf("/cpus/cpu@%u", n);
        uint64_t typer = qtest_readq(qts, GICR + n * GICR_STRIDE + GICR_TYPER);
        int len;

        g_assert_cmpuint(cell(fdt, cpu, "reg", 0), ==, n);
        if (ncpus > 1) {
            assert_strings(fdt, cpu, "enable-method", "psci");
        } else {
            g_assert_null(fdt_getprop(fdt, node(fdt, cpu), "enable-method",
                                      &len));
        }
        /* Processor_Number, Aff0, Last */
        g_assert_cmpuint((typer >> 8) & 0xffff, ==, n);
        g_assert_cmpuint(typer >> 32, ==, n);
        g_assert_cmpuint((typer >> 4) & 1, ==, n == ncpus - 1);
    }
    {
        g_autofree char *next = g_strdup_printf("/cpus/cpu@%u", ncpus);

        g_assert_cmpint(fdt_path_offset(fdt, next), <, 0);
    }
    g_assert_cmphex(cell64(fdt, "/interrupt-controller@8000000", "reg", 6),
                    ==, ncpus * GICR_STRIDE);
    qtest_quit(qts);
}

static void test_smp_1(void)
{
    check_smp(1);
}

static void test_smp_4(void)
{
    check_smp(4);
}

static void test_smp_too_many(void)
{
    g_autofree char *err = NULL;

    g_assert_cmpint(run_qemu(MACHINE " -smp 5", &err), !=, 0);
    g_assert_nonnull(strstr(err, "max CPUs supported"));
}

/* -append and -initrd land in /chosen (they need a -kernel) */
static void test_dt_chosen(void)
{
    g_autofree char *kernel = tmp_file("ingenic-arm64-kernel-XXXXXX");
    g_autofree char *initrd = tmp_file("ingenic-arm64-initrd-XXXXXX");
    static const uint32_t idle[] = { 0xd503207f, 0x17ffffff };
    static const char rd[4096] = "initrd";
    QTestState *qts;
    void *fdt;
    uint64_t start, end;

    g_assert(g_file_set_contents(kernel, (const char *)idle, sizeof(idle),
                                 NULL));
    g_assert(g_file_set_contents(initrd, rd, sizeof(rd), NULL));
    qts = qtest_initf(MACHINE " -m 256 -kernel %s -initrd %s"
                      " -append 'console=ttyAMA0 lab.job=shell'",
                      kernel, initrd);
    fdt = dump_dtb(qts);
    assert_strings(fdt, "/chosen", "bootargs", "console=ttyAMA0 lab.job=shell");
    start = cell64(fdt, "/chosen", "linux,initrd-start", 0);
    end = cell64(fdt, "/chosen", "linux,initrd-end", 0);
    g_assert_cmphex(end - start, ==, sizeof(rd));
    g_assert_cmphex(start, >=, RAM_BASE);
    g_assert_cmphex(end, <=, RAM_BASE + (256 << 20));
    g_assert_cmphex(cell64(fdt, "/memory@40000000", "reg", 2), ==, 256 << 20);
    /* The initrd is in RAM where the DT says */
    g_assert_cmphex(qtest_readl(qts, start), ==, ldl_le_p("init"));
    g_free(fdt);
    qtest_quit(qts);
    unlink(kernel);
    unlink(initrd);
}

/* -machine dumpdtb=FILE writes the same tree and exits */
static void test_dt_dumpdtb_option(void)
{
    g_autofree char *path = tmp_file("ingenic-arm64-dump-XXXXXX.dtb");
    g_autofree char *args = g_strdup_printf(MACHINE ",dumpdtb=%s", path);
    g_autofree char *err = NULL;
    g_autofree gchar *blob = NULL;
    gsize len;

    g_assert_cmpint(run_qemu(args, &err), ==, 0);
    g_assert(g_file_get_contents(path, &blob, &len, NULL));
    unlink(path);
    g_assert_cmpint(fdt_check_header(blob), ==, 0);
    assert_strings(blob, "/lcd-controller@13050000", "compatible",
                   "ingenic,jz4770-lcd");
    assert_strings(blob, "/psci", "method", "hvc");
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);

    qtest_add_func("/ingenic-arm64/boot/no-kernel", test_boot_no_kernel);
    qtest_add_func("/ingenic-arm64/boot/ram-3g", test_ram_size);
    qtest_add_func("/ingenic-arm64/boot/ram-too-large", test_ram_too_large);
    qtest_add_func("/ingenic-arm64/devices/gic", test_gic);
    qtest_add_func("/ingenic-arm64/smp/1", test_smp_1);
    qtest_add_func("/ingenic-arm64/smp/4", test_smp_4);
    qtest_add_func("/ingenic-arm64/smp/too-many", test_smp_too_many);
    qtest_add_func("/ingenic-arm64/devices/uarts", test_uarts);
    qtest_add_func("/ingenic-arm64/devices/cgu-reset", test_cgu_reset);
    qtest_add_func("/ingenic-arm64/devices/lcdc-reset", test_lcdc_reset);
    qtest_add_func("/ingenic-arm64/irq/lcdc-spi31", test_lcdc_irq);
    qtest_add_func("/ingenic-arm64/dt/nodes", test_dt_nodes);
    qtest_add_func("/ingenic-arm64/dt/chosen", test_dt_chosen);
    qtest_add_func("/ingenic-arm64/dt/dumpdtb-option",
                   test_dt_dumpdtb_option);
    return g_test_run();
}
