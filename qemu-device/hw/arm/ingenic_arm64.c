/*
 * ingenic-lab "ingenic-arm64" machine: the JZ4770 display models on arm64
 *
 * Why: the KASAN lane.  MIPS Linux has no KASAN, so the same QEMU models of
 * the JZ4770 display pipeline (CGU, LCDC, IPU) run on this small arm64
 * board under a KASAN kernel, where ingenic-drm and the Ingenic CGU driver
 * build with COMPILE_TEST.  It is not an Ingenic SoC: it is the least
 * board such a kernel needs around those models, and a device tree made in
 * code that binds the mainline drivers to them.
 *
 * Sources: docs/hardware/board-arm64.md (the Linux 6.12 bindings
 * ingenic,cgu.yaml, ingenic,lcd.yaml, ingenic,ipu.yaml, arm,gic-v3.yaml,
 * arm,pl011.yaml, arm,psci.yaml, and the JZ4770 device tree of the MIPS
 * board, which works with ingenic-drm).
 *
 * Memory map:
 *   0x00000000  64 KiB  boot ROM (an idle loop when there is no -kernel)
 *   0x08000000  64 KiB  GICv3 distributor
 *   0x080a0000 512 KiB  GICv3 redistributors: 128 KiB (RD + SGI frames) per
 *                       CPU, room for 4
 *   0x09000000   4 KiB  PL011 "uart0": serial_hd(0), the console (ttyAMA0)
 *   0x09001000   4 KiB  PL011 "uart1": serial_hd(1), the results port
 *   0x10000000          CGU  "ingenic-jz4770-cgu" (its 0x100 window)
 *   0x13050000   4 KiB  LCDC "ingenic-lcdc"
 *   0x13080000   4 KiB  IPU  "ingenic-ipu"
 *   0x40000000          RAM, -m (default 512 MiB, at most 3 GiB)
 * Interrupts (GIC SPI numbers, level-high):
 *   UART0 1, UART1 2, IPU 29, LCDC 31 (the IPU and LCDC keep their JZ4770
 *   INTC numbers); arch timer PPIs as on "virt" (INTIDs 29/30/27/26/28 for
 *   secure/non-secure EL1 phys/virt/EL2 phys/EL2 virt), PMU PPI 23 and
 *   GICv3 maintenance PPI 25.
 *
 * CPUs: -smp 1 to 4, 2 by default, cortex-a57 by default (-cpu takes the
 * other 64-bit cores of the list below), started in EL1 without EL2/EL3;
 * QEMU's own PSCI answers HVC calls: CPU 0 starts at the kernel, the others
 * start powered off until the kernel's PSCI CPU_ON, and SYSTEM_OFF /
 * SYSTEM_RESET power the machine off / reset it.  Each CPU has its
 * redistributor and its own timer, PMU and maintenance PPIs.  The race
 * cases want two CPUs so that the racing threads really run at once (TCG
 * runs one host thread per vCPU, MTTCG, the default for arm64 guests).
 *
 * Models: the CGU at its JZ4770 address and the display pipeline of
 * include/hw/display/ingenic_display.h (LCDC and IPU, clocked by the CGU,
 * DMA through system memory), as on the MIPS board.
 *
 * Device tree, generated here (-machine dumpdtb=FILE writes it out): cpus
 * (with the unified caches of the CPU's CLIDR as cache nodes), gic-v3,
 * armv8-timer, two pl011s with a 24 MHz apb_pclk fixed clock, the fixed
 * clocks EXT (12 MHz) and OSC32K (32768 Hz) feeding the CGU node
 * (clock-names "ext", "osc32k", as jz4770.dtsi), the LCD node with
 * ports { port@0 -> panel; port@8 -> IPU }, the IPU node, and a
 * panel-simple "edt,etm0350g0dh6" (320x240, RGB888_1X24, which ingenic-drm
 * accepts; no GPIOs, regulators or backlight; its table entry declares a DPI
 * connector, unlike "edt,et035012dm6", for which panel-simple warns
 * "Specify missing connector_type").  hw/arm/boot.c adds
 * /memory, /psci and /chosen bootargs / initrd when it loads the blob.
 *
 * Choices where the sources are silent:
 *  - RAM lies below 4 GiB so that the 32-bit DMA addresses of the LCDC and
 *    IPU descriptors reach all of it; -m above 3 GiB is refused.
 *  - The CGU node gets the MIPS lane's assigned clocks (PLL1 at 432 MHz
 *    feeding the LCD pixel clock, RTC from OSC32K): no boot loader has set
 *    the PLLs up here either.
 *  - No "dma-coherent": the JZ4770's LCDC and IPU are not cache coherent,
 *    and the kernel should take the same non-coherent DMA paths as on the
 *    SoC (QEMU's memory is coherent anyway).
 *  - Reg sizes in the tree are those of jz4770.dtsi / jz4770-lab.dts
 *    (CGU 0x100, LCD 0x130, IPU 0x800).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/units.h"
#include "qemu/error-report.h"
#include "qapi/error.h"
#include "qobject/qlist.h"
#include "exec/address-spaces.h"
#include "exec/hwaddr.h"
#include "hw/arm/boot.h"
#include "hw/arm/bsa.h"
#include "hw/arm/fdt.h"
#include "hw/boards.h"
#include "hw/char/pl011.h"
#include "hw/clock.h"
#include "hw/display/ingenic_display.h"
#include "hw/intc/arm_gicv3.h"
#include "hw/intc/arm_gicv3_common.h"
#include "hw/irq.h"
#include "hw/qdev-clock.h"
#include "hw/qdev-properties.h"
#include "hw/sysbus.h"
#include "system/device_tree.h"
#include "system/qtest.h"
#include "system/system.h"
#include "target/arm/cpu.h"
#include "target/arm/gtimer.h"
#include "target/arm/multiprocessing.h"

#include <libfdt.h>

#define TYPE_INGENIC_ARM64_MACHINE MACHINE_TYPE_NAME("ingenic-arm64")
OBJECT_DECLARE_SIMPLE_TYPE(IngenicArm64MachineState, INGENIC_ARM64_MACHINE)

/* include/dt-bindings/clock/ingenic,jz4770-cgu.h */
#define JZ4770_CLK_OSC32K       1
#define JZ4770_CLK_PLL1         3
#define JZ4770_CLK_LPCLK_MUX    20
#define JZ4770_CLK_IPU          39
#define JZ4770_CLK_RTC          47

#define ARM64_EXT_HZ             12000000
#define ARM64_OSC32K_HZ          32768
#define ARM64_APB_PCLK_HZ        24000000
#define ARM64_PLL1_HZ            432000000

#define ARM64_MAX_CPUS           4
#define ARM64_DEFAULT_CPUS       2

enum {
    ARM64_BOOT_ROM,
    ARM64_GIC_DIST,
    ARM64_GIC_REDIST,
    ARM64_UART0,
    ARM64_UART1,
    ARM64_CGU,
    ARM64_LCDC,
    ARM64_IPU,
    ARM64_RAM,
};

static const MemMapEntry arm64_memmap[] = {
    [ARM64_BOOT_ROM]   = { 0x00000000, 0x00010000 },
    [ARM64_GIC_DIST]   = { 0x08000000, 0x00010000 },
    [ARM64_GIC_REDIST] = { 0x080a0000, ARM64_MAX_CPUS * GICV3_REDIST_SIZE },
    [ARM64_UART0]      = { 0x09000000, 0x00001000 },
    [ARM64_UART1]      = { 0x09001000, 0x00001000 },
    [ARM64_CGU]        = { INGENIC_JZ4770_CGU_BASE, INGENIC_CGU_MMIO_SIZE },
    [ARM64_LCDC]       = { INGENIC_JZ4770_LCDC_BASE, INGENIC_LCDC_MMIO_SIZE },
    [ARM64_IPU]        = { INGENIC_JZ4770_IPU_BASE, INGENIC_IPU_MMIO_SIZE },
    [ARM64_RAM]        = { 0x40000000, 0xc0000000 },  /* up to 4 GiB */
};

/* GIC SPI numbers */
enum {
    ARM64_SPI_UART0 = 1,
    ARM64_SPI_UART1 = 2,
    ARM64_SPI_IPU = 29,
    ARM64_SPI_LCDC = 31,
};
#define ARM64_NUM_SPIS           64

/* Reg sizes in the device tree (jz4770.dtsi, jz4770-lab.dts) */
#define ARM64_DT_CGU_SIZE        0x100
#define ARM64_DT_LCD_SIZE        0x130
#define ARM64_DT_IPU_SIZE        0x800

struct IngenicArm64MachineState {
    MachineState parent_obj;

    MemoryRegion boot_rom;
    DeviceState *gic;
    IngenicCGUState cgu;
    IngenicDisplay display;     /* LCDC and IPU */
    struct arm_boot_info bootinfo;
    int fdt_size;
    uint32_t gic_phandle;
};

/* ------------------------------------------------------------------------ */
/* Devices */

static qemu_irq ingenic_arm64_spi(IngenicArm64MachineState *s, int spi)
{
    return qdev_get_gpio_in(s->gic, spi);
}

/*
 * The next CPU; its MPIDR affinity is QEMU's default for its CPU index
 * (Aff0 = index).  hw/arm/boot.c sets the PSCI conduit and starts every CPU
 * but the first powered off.
 */
static void ingenic_arm64_create_cpu(MachineState *ms)
{
    Object *cpuobj = object_new(ms->cpu_type);

    /* Linux is entered in EL1; PSCI is QEMU's, reached by HVC */
    if (object_property_find(cpuobj, "has_el3")) {
        object_property_set_bool(cpuobj, "has_el3", false, &error_fatal);
    }
    if (object_property_find(cpuobj, "has_el2")) {
        object_property_set_bool(cpuobj, "has_el2", false, &error_fatal);
    }
    object_property_set_link(cpuobj, "memory", OBJECT(get_system_memory()),
                             &error_abort);
    qdev_realize_and_unref(DEVICE(cpuobj), NULL, &error_fatal);
}

/* The PPIs and the GIC outputs of CPU @n */
static void ingenic_arm64_wire_cpu(IngenicArm64MachineState *s, unsigned n)
{
    DeviceState *cpudev = DEVICE(qemu_get_cpu(n));
    SysBusDevice *sbd = SYS_BUS_DEVICE(s->gic);
    unsigned ncpus = MACHINE(s)->smp.cpus;
    /* Timer outputs of the CPU -> GIC PPI INTIDs, as the "virt" board */
    static const int timer_intid[] = {
        [GTIMER_PHYS] = ARCH_TIMER_NS_EL1_IRQ,
        [GTIMER_VIRT] = ARCH_TIMER_VIRT_IRQ,
        [GTIMER_HYP] = ARCH_TIMER_NS_EL2_IRQ,
        [GTIMER_SEC] = ARCH_TIMER_S_EL1_IRQ,
        [GTIMER_HYPVIRT] = ARCH_TIMER_NS_EL2_VIRT_IRQ,
        [GTIMER_S_EL2_PHYS] = ARCH_TIMER_S_EL2_IRQ,
        [GTIMER_S_EL2_VIRT] = ARCH_TIMER_S_EL2_VIRT_IRQ,
    };
    /* The GIC's inputs: the SPIs, then the 32 internal ones of each CPU */
    int ppi_base = ARM64_NUM_SPIS + n * GIC_INTERNAL;
    unsigned i;

    for (i = 0; i < ARRAY_SIZE(timer_intid); i++) {
        qdev_connect_gpio_out(cpudev, i,
                              qdev_get_gpio_in(s->gic,
                                               ppi_base + timer_intid[i]));
    }
    qdev_connect_gpio_out_named(cpudev, "gicv3-maintenance-interrupt", 0,
                                qdev_get_gpio_in(s->gic, ppi_base +
                                                 ARCH_GIC_MAINT_IRQ));
    qdev_connect_gpio_out_named(cpudev, "pmu-interrupt", 0,
                                qdev_get_gpio_in(s->gic, ppi_base +
                                                 VIRTUAL_PMU_IRQ));

    /*
     * GIC outputs, in blocks of one line per CPU:
     * IRQ, FIQ, VIRQ, VFIQ, NMI, VINMI
     */
    sysbus_connect_irq(sbd, n, qdev_get_gpio_in(cpudev, ARM_CPU_IRQ));
    sysbus_connect_irq(sbd, n + ncpus, qdev_get_gpio_in(cpudev, ARM_CPU_FIQ));
    sysbus_connect_irq(sbd, n + 2 * ncpus,
                       qdev_get_gpio_in(cpudev, ARM_CPU_VIRQ));
    sysbus_connect_irq(sbd, n + 3 * ncpus,
                       qdev_get_gpio_in(cpudev, ARM_CPU_VFIQ));
    sysbus_connect_irq(sbd, n + 4 * ncpus,
                       qdev_get_gpio_in(cpudev, ARM_CPU_NMI));
    sysbus_connect_irq(sbd, n + 5 * ncpus,
                       qdev_get_gpio_in(cpudev, ARM_CPU_VINMI));
}

static void ingenic_arm64_create_gic(IngenicArm64MachineState *s)
{
    unsigned ncpus = MACHINE(s)->smp.cpus;
    SysBusDevice *sbd;
    QList *redist_region_count;
    unsigned n;

    s->gic = qdev_new(TYPE_ARM_GICV3);
    object_property_add_child(OBJECT(s), "gic", OBJECT(s->gic));
    qdev_prop_set_uint32(s->gic, "revision", 3);
    qdev_prop_set_uint32(s->gic, "num-cpu", ncpus);
    qdev_prop_set_uint32(s->gic, "num-irq", ARM64_NUM_SPIS + GIC_INTERNAL);
    /* One redistributor region, a redistributor per CPU */
    redist_region_count = qlist_new();
    qlist_append_int(redist_region_count, ncpus);
    qdev_prop_set_array(s->gic, "redist-region-count", redist_region_count);

    sbd = SYS_BUS_DEVICE(s->gic);
    sysbus_realize_and_unref(sbd, &error_fatal);
    sysbus_mmio_map(sbd, 0, arm64_memmap[ARM64_GIC_DIST].base);
    sysbus_mmio_map(sbd, 1, arm64_memmap[ARM64_GIC_REDIST].base);

    for (n = 0; n < ncpus; n++) {
        ingenic_arm64_wire_cpu(s, n);
    }
}

static void ingenic_arm64_create_display(IngenicArm64MachineState *s)
{
    object_initialize_child(OBJECT(s), "cgu", &s->cgu, TYPE_INGENIC_CGU);
    ingenic_display_init(OBJECT(s), &s->display);
    sysbus_realize(SYS_BUS_DEVICE(&s->cgu), &error_fatal);
    sysbus_mmio_map(SYS_BUS_DEVICE(&s->cgu), 0, arm64_memmap[ARM64_CGU].base);
    ingenic_display_realize(&s->display, &s->cgu, get_system_memory(),
                            ingenic_arm64_spi(s, ARM64_SPI_LCDC),
                            ingenic_arm64_spi(s, ARM64_SPI_IPU),
                            &error_fatal);
}

/* ------------------------------------------------------------------------ */
/* Device tree */

static char *ingenic_arm64_node(const char *name, int idx)
{
    return g_strdup_printf("/%s@%" HWADDR_PRIx, name, arm64_memmap[idx].base);
}

static void ingenic_arm64_fdt_reg(void *fdt, const char *node, int idx,
                                  hwaddr size)
{
    qemu_fdt_setprop_sized_cells(fdt, node, "reg",
                                 2, arm64_memmap[idx].base, 2, size);
}

static void ingenic_arm64_fdt_spi(void *fdt, const char *node, int spi)
{
    qemu_fdt_setprop_cells(fdt, node, "interrupts", GIC_FDT_IRQ_TYPE_SPI, spi,
                           GIC_FDT_IRQ_FLAGS_LEVEL_HI);
}

static uint32_t ingenic_arm64_fdt_fixed_clock(void *fdt, const char *name,
                                              uint32_t hz)
{
    g_autofree char *node = g_strdup_printf("/%s", name);
    uint32_t phandle = qemu_fdt_alloc_phandle(fdt);

    qemu_fdt_add_subnode(fdt, node);
    qemu_fdt_setprop_string(fdt, node, "compatible", "fixed-clock");
    qemu_fdt_setprop_cell(fdt, node, "#clock-cells", 0);
    qemu_fdt_setprop_cell(fdt, node, "clock-frequency", hz);
    qemu_fdt_setprop_string(fdt, node, "clock-output-names", name);
    qemu_fdt_setprop_cell(fdt, node, "phandle", phandle);
    return phandle;
}

/*
 * Unified caches of levels 2.. of the CPU's CLIDR, chained by
 * next-level-cache, so that Linux's cacheinfo finds the hierarchy that its
 * CLIDR_EL1 announces (L1 is described by the CPU node itself).  Shared by
 * all CPUs; returns the phandle of the first (0 when the CPU has none).
 */
static uint32_t ingenic_arm64_fdt_caches(void *fdt, ARMCPU *cpu)
{
    g_autofree char *prev = NULL;
    uint32_t first = 0;
    int level;

    for (level = 2; level <= 7; level++) {
        unsigned ctype = extract64(cpu->clidr, 3 * (level - 1), 3);
        char *cache;
        uint32_t phandle;

        if (ctype != 4) {       /* unified */
            break;
        }
        cache = g_strdup_printf("/cpus/l%d-cache", level);
        phandle = qemu_fdt_alloc_phandle(fdt);
        qemu_fdt_add_subnode(fdt, cache);
        qemu_fdt_setprop_string(fdt, cache, "compatible", "cache");
        qemu_fdt_setprop(fdt, cache, "cache-unified", NULL, 0);
        qemu_fdt_setprop_cell(fdt, cache, "cache-level", level);
        qemu_fdt_setprop_cell(fdt, cache, "phandle", phandle);
        if (prev) {
            qemu_fdt_setprop_cell(fdt, prev, "next-level-cache", phandle);
        } else {
            first = phandle;
        }
        g_free(prev);
        prev = cache;
    }
    return first;
}

/*
 * One node per CPU, its reg the MPIDR affinity; with more than one CPU the
 * kernel starts the others through PSCI CPU_ON ("enable-method").
 */
static void ingenic_arm64_fdt_cpus(MachineState *ms, void *fdt)
{
    unsigned ncpus = ms->smp.cpus;
    uint32_t l2;
    int n;

    qemu_fdt_add_subnode(fdt, "/cpus");
    qemu_fdt_setprop_cell(fdt, "/cpus", "#address-cells", 1);
    qemu_fdt_setprop_cell(fdt, "/cpus", "#size-cells", 0);
    l2 = ingenic_arm64_fdt_caches(fdt, ARM_CPU(qemu_get_cpu(0)));

    /* In reverse, as libfdt adds each node first: cpu@0 ends up first */
    for (n = ncpus - 1; n >= 0; n--) {
        ARMCPU *cpu = ARM_CPU(qemu_get_cpu(n));
        g_autofree char *node = g_strdup_printf("/cpus/cpu@%d", n);

        qemu_fdt_add_subnode(fdt, node);
        qemu_fdt_setprop_string(fdt, node, "device_type", "cpu");
        qemu_fdt_setprop_string(fdt, node, "compatible", cpu->dtb_compatible);
        qemu_fdt_setprop_cell(fdt, node, "reg", arm_cpu_mp_affinity(cpu));
        if (ncpus > 1) {
            qemu_fdt_setprop_string(fdt, node, "enable-method", "psci");
        }
        if (l2) {
            qemu_fdt_setprop_cell(fdt, node, "next-level-cache", l2);
        }
    }
}

static void ingenic_arm64_fdt_gic_timer(IngenicArm64MachineState *s, void *fdt)
{
    g_autofree char *gic = ingenic_arm64_node("interrupt-controller",
                                              ARM64_GIC_DIST);
    const char timer_compat[] = "arm,armv8-timer\0arm,armv7-timer";
    uint32_t flags = GIC_FDT_IRQ_FLAGS_LEVEL_HI;

    s->gic_phandle = qemu_fdt_alloc_phandle(fdt);
    qemu_fdt_setprop_cell(fdt, "/", "interrupt-parent", s->gic_phandle);

    qemu_fdt_add_subnode(fdt, gic);
    qemu_fdt_setprop_string(fdt, gic, "compatible", "arm,gic-v3");
    qemu_fdt_setprop_cell(fdt, gic, "#interrupt-cells", 3);
    qemu_fdt_setprop(fdt, gic, "interrupt-controller", NULL, 0);
    qemu_fdt_setprop_cell(fdt, gic, "#address-cells", 0);
    qemu_fdt_setprop_cell(fdt, gic, "#redistributor-regions", 1);
    qemu_fdt_setprop_sized_cells(fdt, gic, "reg",
                                 2, arm64_memmap[ARM64_GIC_DIST].base,
                                 2, arm64_memmap[ARM64_GIC_DIST].size,
                                 2, arm64_memmap[ARM64_GIC_REDIST].base,
                                 2, MACHINE(s)->smp.cpus * GICV3_REDIST_SIZE);
    qemu_fdt_setprop_cell(fdt, gic, "phandle", s->gic_phandle);

    /* Secure EL1, non-secure EL1, virtual, EL2 physical timer PPIs */
    qemu_fdt_add_subnode(fdt, "/timer");
    qemu_fdt_setprop(fdt, "/timer", "compatible", timer_compat,
                     sizeof(timer_compat));
    qemu_fdt_setprop(fdt, "/timer", "always-on", NULL, 0);
    qemu_fdt_setprop_cells(fdt, "/timer", "interrupts",
                           GIC_FDT_IRQ_TYPE_PPI,
                           INTID_TO_PPI(ARCH_TIMER_S_EL1_IRQ), flags,
                           GIC_FDT_IRQ_TYPE_PPI,
                           INTID_TO_PPI(ARCH_TIMER_NS_EL1_IRQ), flags,
                           GIC_FDT_IRQ_TYPE_PPI,
                           INTID_TO_PPI(ARCH_TIMER_VIRT_IRQ), flags,
                           GIC_FDT_IRQ_TYPE_PPI,
                           INTID_TO_PPI(ARCH_TIMER_NS_EL2_IRQ), flags);
}

static void ingenic_arm64_fdt_uart(void *fdt, int idx, int spi, uint32_t pclk,
                                   const char *alias)
{
    g_autofree char *node = ingenic_arm64_node("serial", idx);
    const char compat[] = "arm,pl011\0arm,primecell";
    const char clock_names[] = "uartclk\0apb_pclk";

    qemu_fdt_add_subnode(fdt, node);
    qemu_fdt_setprop(fdt, node, "compatible", compat, sizeof(compat));
    ingenic_arm64_fdt_reg(fdt, node, idx, arm64_memmap[idx].size);
    ingenic_arm64_fdt_spi(fdt, node, spi);
    qemu_fdt_setprop_cells(fdt, node, "clocks", pclk, pclk);
    qemu_fdt_setprop(fdt, node, "clock-names", clock_names,
                     sizeof(clock_names));
    qemu_fdt_setprop_string(fdt, "/aliases", alias, node);
}

/* OF-graph endpoint @phandle under @port, linked to endpoint @remote */
static void ingenic_arm64_fdt_endpoint(void *fdt, const char *port,
                                       uint32_t phandle, uint32_t remote)
{
    g_autofree char *ep = g_strdup_printf("%s/endpoint", port);

    qemu_fdt_add_subnode(fdt, ep);
    qemu_fdt_setprop_cell(fdt, ep, "remote-endpoint", remote);
    qemu_fdt_setprop_cell(fdt, ep, "phandle", phandle);
}

static void ingenic_arm64_fdt_display(IngenicArm64MachineState *s, void *fdt)
{
    g_autofree char *cgu = ingenic_arm64_node("clock-controller", ARM64_CGU);
    g_autofree char *lcd = ingenic_arm64_node("lcd-controller", ARM64_LCDC);
    g_autofree char *ipu = ingenic_arm64_node("ipu", ARM64_IPU);
    g_autofree char *lcd_ports = g_strdup_printf("%s/ports", lcd);
    g_autofree char *lcd_port0 = g_strdup_printf("%s/port@0", lcd_ports);
    g_autofree char *lcd_port8 = g_strdup_printf("%s/port@8", lcd_ports);
    g_autofree char *ipu_port = g_strdup_printf("%s/port", ipu);
    const char cgu_compat[] = "ingenic,jz4770-cgu\0simple-mfd";
    const char cgu_clock_names[] = "ext\0osc32k";
    const char ipu_compat[] = "ingenic,jz4770-ipu\0ingenic,jz4760-ipu";
    uint32_t ext, osc32k, cgu_ph, lcd_panel_ep, panel_ep, lcd_ipu_ep, ipu_ep;

    ext = ingenic_arm64_fdt_fixed_clock(fdt, "ext", ARM64_EXT_HZ);
    osc32k = ingenic_arm64_fdt_fixed_clock(fdt, "osc32k", ARM64_OSC32K_HZ);

    /* CGU: #clock-cells 1, indices of dt-bindings/clock/ingenic,jz4770-cgu.h */
    cgu_ph = qemu_fdt_alloc_phandle(fdt);
    qemu_fdt_add_subnode(fdt, cgu);
    qemu_fdt_setprop(fdt, cgu, "compatible", cgu_compat, sizeof(cgu_compat));
    ingenic_arm64_fdt_reg(fdt, cgu, ARM64_CGU, ARM64_DT_CGU_SIZE);
    qemu_fdt_setprop_cells(fdt, cgu, "clocks", ext, osc32k);
    qemu_fdt_setprop(fdt, cgu, "clock-names", cgu_clock_names,
                     sizeof(cgu_clock_names));
    qemu_fdt_setprop_cell(fdt, cgu, "#clock-cells", 1);
    qemu_fdt_setprop_cells(fdt, cgu, "assigned-clocks",
                           cgu_ph, JZ4770_CLK_PLL1,
                           cgu_ph, JZ4770_CLK_RTC,
                           cgu_ph, JZ4770_CLK_LPCLK_MUX);
    qemu_fdt_setprop_cells(fdt, cgu, "assigned-clock-parents",
                           0,
                           cgu_ph, JZ4770_CLK_OSC32K,
                           cgu_ph, JZ4770_CLK_PLL1);
    qemu_fdt_setprop_cells(fdt, cgu, "assigned-clock-rates", ARM64_PLL1_HZ);
    qemu_fdt_setprop_cell(fdt, cgu, "phandle", cgu_ph);

    lcd_panel_ep = qemu_fdt_alloc_phandle(fdt);
    panel_ep = qemu_fdt_alloc_phandle(fdt);
    lcd_ipu_ep = qemu_fdt_alloc_phandle(fdt);
    ipu_ep = qemu_fdt_alloc_phandle(fdt);

    /* LCD controller: port@0 to the panel, port@8 to the IPU */
    qemu_fdt_add_subnode(fdt, lcd);
    qemu_fdt_setprop_string(fdt, lcd, "compatible", "ingenic,jz4770-lcd");
    ingenic_arm64_fdt_reg(fdt, lcd, ARM64_LCDC, ARM64_DT_LCD_SIZE);
    ingenic_arm64_fdt_spi(fdt, lcd, ARM64_SPI_LCDC);
    qemu_fdt_setprop_cells(fdt, lcd, "clocks", cgu_ph, JZ4770_CLK_LPCLK_MUX);
    qemu_fdt_setprop_string(fdt, lcd, "clock-names", "lcd_pclk");
    qemu_fdt_add_subnode(fdt, lcd_ports);
    qemu_fdt_setprop_cell(fdt, lcd_ports, "#address-cells", 1);
    qemu_fdt_setprop_cell(fdt, lcd_ports, "#size-cells", 0);
    qemu_fdt_add_subnode(fdt, lcd_port0);
    qemu_fdt_setprop_cell(fdt, lcd_port0, "reg", 0);
    ingenic_arm64_fdt_endpoint(fdt, lcd_port0, lcd_panel_ep, panel_ep);

    /* IPU, linked to the LCD's port@8 */
    qemu_fdt_add_subnode(fdt, lcd_port8);
    qemu_fdt_setprop_cell(fdt, lcd_port8, "reg", 8);
    ingenic_arm64_fdt_endpoint(fdt, lcd_port8, lcd_ipu_ep, ipu_ep);

    qemu_fdt_add_subnode(fdt, ipu);
    qemu_fdt_setprop(fdt, ipu, "compatible", ipu_compat, sizeof(ipu_compat));
    ingenic_arm64_fdt_reg(fdt, ipu, ARM64_IPU, ARM64_DT_IPU_SIZE);
    ingenic_arm64_fdt_spi(fdt, ipu, ARM64_SPI_IPU);
    qemu_fdt_setprop_cells(fdt, ipu, "clocks", cgu_ph, JZ4770_CLK_IPU);
    qemu_fdt_setprop_string(fdt, ipu, "clock-names", "ipu");
    qemu_fdt_add_subnode(fdt, ipu_port);
    ingenic_arm64_fdt_endpoint(fdt, ipu_port, ipu_ep, lcd_ipu_ep);

    /* The panel: panel-simple, 320x240, MEDIA_BUS_FMT_RGB888_1X24 */
    qemu_fdt_add_subnode(fdt, "/panel");
    qemu_fdt_setprop_string(fdt, "/panel", "compatible", "edt,etm0350g0dh6");
    qemu_fdt_add_subnode(fdt, "/panel/port");
    ingenic_arm64_fdt_endpoint(fdt, "/panel/port", panel_ep, lcd_panel_ep);
}

static void ingenic_arm64_create_fdt(IngenicArm64MachineState *s)
{
    MachineState *ms = MACHINE(s);
    void *fdt = create_device_tree(&s->fdt_size);
    g_autofree char *uart0 = ingenic_arm64_node("serial", ARM64_UART0);
    uint32_t apb_pclk;

    if (!fdt) {
        error_report("ingenic-arm64: cannot create the device tree");
        exit(1);
    }
    ms->fdt = fdt;

    qemu_fdt_setprop_string(fdt, "/", "compatible", "ingenic-lab,arm64");
    qemu_fdt_setprop_string(fdt, "/", "model",
                            "ingenic-lab arm64 board (JZ4770 display models)");
    qemu_fdt_setprop_cell(fdt, "/", "#address-cells", 2);
    qemu_fdt_setprop_cell(fdt, "/", "#size-cells", 2);
    qemu_fdt_add_subnode(fdt, "/chosen");
    qemu_fdt_add_subnode(fdt, "/aliases");

    ingenic_arm64_fdt_cpus(ms, fdt);
    ingenic_arm64_fdt_gic_timer(s, fdt);

    apb_pclk = ingenic_arm64_fdt_fixed_clock(fdt, "apb-pclk",
                                             ARM64_APB_PCLK_HZ);
    ingenic_arm64_fdt_uart(fdt, ARM64_UART0, ARM64_SPI_UART0, apb_pclk,
                           "serial0");
    ingenic_arm64_fdt_uart(fdt, ARM64_UART1, ARM64_SPI_UART1, apb_pclk,
                           "serial1");
    qemu_fdt_setprop_string(fdt, "/chosen", "stdout-path", uart0);

    ingenic_arm64_fdt_display(s, fdt);
}

/* hw/arm/boot.c adds /memory, /psci and /chosen to this tree */
static void *ingenic_arm64_get_dtb(const struct arm_boot_info *binfo, int *size)
{
    IngenicArm64MachineState *s = container_of(binfo,
                                               IngenicArm64MachineState,
                                               bootinfo);

    *size = s->fdt_size;
    return MACHINE(s)->fdt;
}

/* ------------------------------------------------------------------------ */
/* The machine */

/* Without a kernel: "1: wfi; b 1b" at the reset vector, so the CPU sleeps */
static void ingenic_arm64_gen_idle_loop(IngenicArm64MachineState *s)
{
    uint8_t *p = memory_region_get_ram_ptr(&s->boot_rom);

    stl_le_p(p, 0xd503207f);        /* wfi */
    stl_le_p(p + 4, 0x17ffffff);    /* b . - 4 */
}

static void ingenic_arm64_init(MachineState *ms)
{
    IngenicArm64MachineState *s = INGENIC_ARM64_MACHINE(ms);
    MemoryRegion *sysmem = get_system_memory();
    unsigned n;

    if (ms->ram_size > arm64_memmap[ARM64_RAM].size) {
        error_report("ingenic-arm64: at most %" PRIu64 " MiB of RAM (it must "
                     "stay below 4 GiB for the 32-bit LCDC/IPU DMA); -m "
                     "asked for %" PRIu64 " MiB",
                     (uint64_t)(arm64_memmap[ARM64_RAM].size / MiB),
                     (uint64_t)(ms->ram_size / MiB));
        exit(1);
    }
    if (ms->firmware) {
        error_report("ingenic-arm64: -bios is not supported; use -kernel");
        exit(1);
    }
    memory_region_add_subregion(sysmem, arm64_memmap[ARM64_RAM].base, ms->ram);

    memory_region_init_rom(&s->boot_rom, NULL, "ingenic-arm64.boot-rom",
                           arm64_memmap[ARM64_BOOT_ROM].size, &error_fatal);
    memory_region_add_subregion(sysmem, arm64_memmap[ARM64_BOOT_ROM].base,
                                &s->boot_rom);

    for (n = 0; n < ms->smp.cpus; n++) {
        ingenic_arm64_create_cpu(ms);
    }
    ingenic_arm64_create_gic(s);

    pl011_create(arm64_memmap[ARM64_UART0].base, ingenic_arm64_spi(s,
        ARM64_SPI_UART0),
                 serial_hd(0));
    pl011_create(arm64_memmap[ARM64_UART1].base, ingenic_arm64_spi(s,
        ARM64_SPI_UART1),
                 serial_hd(1));

    ingenic_arm64_create_display(s);
    ingenic_arm64_create_fdt(s);

    if (!ms->kernel_filename) {
        ingenic_arm64_gen_idle_loop(s);
        if (!qtest_enabled()) {
            warn_report("ingenic-arm64: no -kernel given; the CPU idles");
        }
    }

    s->bootinfo.ram_size = ms->ram_size;
    s->bootinfo.board_id = -1;
    s->bootinfo.loader_start = arm64_memmap[ARM64_RAM].base;
    s->bootinfo.get_dtb = ingenic_arm64_get_dtb;
    s->bootinfo.psci_conduit = QEMU_PSCI_CONDUIT_HVC;
    arm_load_kernel(ARM_CPU(first_cpu), ms, &s->bootinfo);
}

static void ingenic_arm64_class_init(ObjectClass *oc, void *data)
{
    MachineClass *mc = MACHINE_CLASS(oc);
    static const char * const valid_cpu_types[] = {
        ARM_CPU_TYPE_NAME("cortex-a53"),
        ARM_CPU_TYPE_NAME("cortex-a57"),
        ARM_CPU_TYPE_NAME("cortex-a72"),
        ARM_CPU_TYPE_NAME("cortex-a76"),
        ARM_CPU_TYPE_NAME("neoverse-n1"),
        ARM_CPU_TYPE_NAME("max"),
        NULL
    };

    mc->desc = "ingenic-lab arm64 board with the JZ4770 display models "
               "(KASAN lane)";
    mc->init = ingenic_arm64_init;
    mc->max_cpus = ARM64_MAX_CPUS;
    mc->default_cpus = ARM64_DEFAULT_CPUS;
    mc->default_cpu_type = ARM_CPU_TYPE_NAME("cortex-a57");
    mc->valid_cpu_types = valid_cpu_types;
    mc->default_ram_size = 512 * MiB;
    mc->default_ram_id = "ingenic-arm64.ram";
    mc->no_floppy = 1;
    mc->no_cdrom = 1;
    mc->no_parallel = 1;
}

static const TypeInfo ingenic_arm64_machine_info = {
    .name = TYPE_INGENIC_ARM64_MACHINE,
    .parent = TYPE_MACHINE,
    .instance_size = sizeof(IngenicArm64MachineState),
    .class_init = ingenic_arm64_class_init,
};

static void ingenic_arm64_register_types(void)
{
    type_register_static(&ingenic_arm64_machine_info);
}

type_init(ingenic_arm64_register_types)
