/*
 * Ingenic JZ4770 SoC and the "jz4770" machine (GCW Zero class board)
 *
 * The SoC is a container device ("ingenic-jz4770", /machine/soc) holding
 * the XBurst CPU, the on-chip peripherals at their JZ4770 addresses and the
 * boot ROM window; the machine adds the RAM, the board's GPIO idle levels
 * and the kernel loader. Sources: docs/hardware/board-jz4770.md (memory
 * and interrupt map, CPU, boot protocol, UARTs, unmodelled blocks) and
 * docs/hardware/intc.md section 3 (the INTC output on the CPU's IP2).
 *
 * CPU: QEMU's XBurstR2 by default (MIPS32R2 + FPU, PRId company 0xd1, so
 * Linux takes cpu_probe_ingenic), clocked at 1020 MHz (the GCW0 boot
 * loader's setting; it only paces CP0 Count, which Linux does not use).
 * The INTC output drives CPU interrupt line 2 (Cause.IP2).
 *
 * Peripherals:
 *  - INTC, CGU, TCU (with the watchdog and the OST), RTC, GPIO A..F, and
 *    the display pipeline of include/hw/display/ingenic_display.h (LCDC
 *    and IPU). The TCU, LCDC and IPU take their clocks from the CGU.
 *  - UART0..3 are QEMU 16550s (serial-mm, regshift 2, 12 MHz / 16) with
 *    0x20-0xfff of each window unimplemented.  serial_hd(0) is UART2 (the
 *    gcw0 console, ttyS2), serial_hd(1) UART3, serial_hd(2)/(3) UART0/1.
 *  - Everything else in 0x10000000-0x13ffffff reads as zero through
 *    unimplemented devices (named ones for the blocks of its memory map, a
 *    lower-priority catch-all), so a stray access never bus-errors.
 *  - An 8 KiB boot ROM at 0x1fc00000 (the reset vector) holds the boot stub.
 *
 * Boot (as hw/mips/boston.c): -kernel loads an ELF through KSEG0; -dtb is
 * then required and is patched (/chosen/bootargs from -append when given,
 * /chosen linux,initrd-start/-end for -initrd, /memory to the RAM size) and
 * placed at the first 64 KiB boundary after the kernel (and initrd).  The
 * boot ROM gets a stub made by bl_gen_jump_kernel: a0 = -2 (UHI), a1 = the
 * DTB's KSEG0 address, a2 = a3 = 0, jump to the ELF entry.  The ROM keeps
 * the stub over a reset and rom_reset re-copies kernel and DTB, so a
 * watchdog reset boots the kernel again the same way.  -bios loads a boot
 * ROM image instead; with neither, the ROM holds a wait loop so the board
 * idles (this is how qtest runs it).
 *
 * Choices where the source is silent:
 *  - Only the low 256 MiB DDR window at 0 is modelled (no highmem bank at
 *    0x30000000), so more RAM is refused; every device_type = "memory"
 *    node of the DTB but the first is removed and the first is set to
 *    <0 ram_size>.
 *  - The CPU is reset with Status.ERL cleared when a kernel is loaded, as
 *    hw/mips/malta.c does.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/units.h"
#include "qemu/cutils.h"
#include "qemu/error-report.h"
#include "qapi/error.h"
#include "elf.h"
#include "chardev/char.h"
#include "exec/address-spaces.h"
#include "hw/boards.h"
#include "hw/char/serial-mm.h"
#include "hw/clock.h"
#include "hw/irq.h"
#include "hw/loader.h"
#include "hw/mips/bootloader.h"
#include "hw/mips/ingenic_jz4770.h"
#include "hw/misc/unimp.h"
#include "hw/qdev-clock.h"
#include "hw/qdev-properties.h"
#include "hw/sysbus.h"
#include "system/device_tree.h"
#include "system/qtest.h"
#include "system/reset.h"
#include "system/system.h"

#include <libfdt.h>

#define JZ4770_RAM_MAX          (256 * MiB)
#define JZ4770_UART_REGS_SIZE   0x20
#define JZ4770_DTB_ALIGN        (64 * KiB)

/* Machine defaults and the GCW Zero's board wiring */
#define GCW0_PORT_D             3
#define GCW0_PD_SELECT          18      /* active-high "Select" key */

/* Blocks of the JZ4770 memory map that are not modelled */
static const struct {
    const char *name;
    hwaddr base;
    hwaddr size;
} jz4770_unimplemented[] = {
    { "jz4770.aic",     0x10020000, 0x1000 },
    { "jz4770.msc0",    0x10021000, 0x1000 },
    { "jz4770.msc1",    0x10022000, 0x1000 },
    { "jz4770.msc2",    0x10023000, 0x1000 },
    { "jz4770.sadc",    0x10070000, 0x1000 },
    { "jz4770.gpu",     0x13040000, 0x10000 },
    { "jz4770.dmac",    0x13420000, 0x10000 },
    { "jz4770.uhc",     0x13430000, 0x10000 },
    { "jz4770.otg",     0x13440000, 0x10000 },
};

/* Everything else in the peripheral space, below the named blocks */
static void jz4770_periph_catch_all(void)
{
    DeviceState *dev = qdev_new(TYPE_UNIMPLEMENTED_DEVICE);

    qdev_prop_set_string(dev, "name", "jz4770.periph");
    qdev_prop_set_uint64(dev, "size", JZ4770_PERIPH_SIZE);
    sysbus_realize_and_unref(SYS_BUS_DEVICE(dev), &error_fatal);
    sysbus_mmio_map_overlap(SYS_BUS_DEVICE(dev), 0, JZ4770_PERIPH_BASE, -2000);
}

static qemu_irq jz4770_intc_in(IngenicJZ4770State *s, int n)
{
    return qdev_get_gpio_in(DEVICE(&s->intc), n);
}

/* Realize @sbd, map its MMIO region 0 at @base and wire IRQs 0..@nirqs-1 */
static bool jz4770_map(IngenicJZ4770State *s, SysBusDevice *sbd, hwaddr base,
                       const int *irqs, int nirqs, Error **errp)
{
    if (!sysbus_realize(sbd, errp)) {
        return false;
    }
    sysbus_mmio_map(sbd, 0, base);
    for (int i = 0; i < nirqs; i++) {
        sysbus_connect_irq(sbd, i, jz4770_intc_in(s, irqs[i]));
    }
    return true;
}

static void jz4770_init(Object *obj)
{
    IngenicJZ4770State *s = INGENIC_JZ4770(obj);
    int i;

    s->cpu_clk = clock_new(obj, "cpu-clk");

    object_initialize_child(obj, "intc", &s->intc, TYPE_INGENIC_INTC);
    object_initialize_child(obj, "cgu", &s->cgu, TYPE_INGENIC_CGU);
    object_initialize_child(obj, "tcu", &s->tcu, TYPE_INGENIC_TCU);
    object_initialize_child(obj, "rtc", &s->rtc, TYPE_INGENIC_RTC);
    for (i = 0; i < JZ4770_NUM_GPIO_PORTS; i++) {
        g_autofree char *name = g_strdup_printf("gpio-%c", 'a' + i);

        object_initialize_child(obj, name, &s->gpio[i], TYPE_INGENIC_GPIO);
        qdev_prop_set_uint32(DEVICE(&s->gpio[i]), "port", i);
    }
    ingenic_display_init(obj, &s->display);
}

static void jz4770_create_uarts(IngenicJZ4770State *s)
{
    /* serial_hd() index of UART0..3: the console UART2 comes first */
    static const int uart_hd[JZ4770_NUM_UARTS] = { 2, 3, 0, 1 };

    for (int i = 0; i < JZ4770_NUM_UARTS; i++) {
        hwaddr base = JZ4770_UART_BASE + i * JZ4770_UART_STRIDE;
        g_autofree char *name = g_strdup_printf("jz4770.uart%d", i);

        serial_mm_init(get_system_memory(), base, 2,
                       jz4770_intc_in(s, JZ4770_IRQ_UART(i)),
                       JZ4770_EXT_HZ / 16, serial_hd(uart_hd[i]),
                       DEVICE_LITTLE_ENDIAN);
        create_unimplemented_device(name, base + JZ4770_UART_REGS_SIZE,
                                    JZ4770_UART_STRIDE -
                                    JZ4770_UART_REGS_SIZE);
    }
}

static bool jz4770_realize_timers(IngenicJZ4770State *s, Error **errp)
{
    static const int tcu_irqs[] = {
        JZ4770_IRQ_TCU0, JZ4770_IRQ_TCU1, JZ4770_IRQ_TCU2,
    };
    static const int rtc_irqs[] = { JZ4770_IRQ_RTC };
    DeviceState *cgu = DEVICE(&s->cgu), *tcu = DEVICE(&s->tcu);

    qdev_connect_clock_in(tcu, "ext", qdev_get_clock_out(cgu, "ext"));
    qdev_connect_clock_in(tcu, "rtc", qdev_get_clock_out(cgu, "rtc"));
    qdev_connect_clock_in(tcu, "pclk", qdev_get_clock_out(cgu, "pclk"));
    return jz4770_map(s, SYS_BUS_DEVICE(tcu), JZ4770_TCU_BASE, tcu_irqs,
                      ARRAY_SIZE(tcu_irqs), errp) &&
           jz4770_map(s, SYS_BUS_DEVICE(&s->rtc), JZ4770_RTC_BASE, rtc_irqs,
                      ARRAY_SIZE(rtc_irqs), errp);
}

static void jz4770_realize(DeviceState *dev, Error **errp)
{
    IngenicJZ4770State *s = INGENIC_JZ4770(dev);
    MemoryRegion *sysmem = get_system_memory();
    size_t i;

    if (!s->cpu_type) {
        error_setg(errp, "%s: 'cpu-type' property is not set",
                   TYPE_INGENIC_JZ4770);
        return;
    }

    /* CPU, interrupt line 2 from the INTC */
    clock_set_hz(s->cpu_clk, JZ4770_CPU_HZ);
    s->cpu = mips_cpu_create_with_clock(s->cpu_type, s->cpu_clk, false);
    cpu_mips_irq_init_cpu(s->cpu);
    cpu_mips_clock_init(s->cpu);

    jz4770_periph_catch_all();
    for (i = 0; i < ARRAY_SIZE(jz4770_unimplemented); i++) {
        create_unimplemented_device(jz4770_unimplemented[i].name,
                                    jz4770_unimplemented[i].base,
                                    jz4770_unimplemented[i].size);
    }

    /* Boot ROM at the reset vector */
    if (!memory_region_init_rom(&s->boot_rom, OBJECT(s), "jz4770.boot-rom",
                                JZ4770_BOOT_ROM_SIZE, errp)) {
        return;
    }
    memory_region_add_subregion(sysmem, JZ4770_BOOT_ROM_BASE, &s->boot_rom);

    if (!sysbus_realize(SYS_BUS_DEVICE(&s->intc), errp)) {
        return;
    }
    sysbus_mmio_map(SYS_BUS_DEVICE(&s->intc), 0, JZ4770_INTC_BASE);
    sysbus_connect_irq(SYS_BUS_DEVICE(&s->intc), 0, s->cpu->env.irq[2]);

    if (!jz4770_map(s, SYS_BUS_DEVICE(&s->cgu), JZ4770_CGU_BASE, NULL, 0,
                    errp) ||
        !jz4770_realize_timers(s, errp)) {
        return;
    }
    for (i = 0; i < JZ4770_NUM_GPIO_PORTS; i++) {
        int irq = JZ4770_IRQ_GPIO(i);

        if (!jz4770_map(s, SYS_BUS_DEVICE(&s->gpio[i]),
                        JZ4770_GPIO_BASE + i * JZ4770_GPIO_STRIDE, &irq, 1,
                        errp)) {
            return;
        }
    }
    jz4770_create_uarts(s);
    ingenic_display_realize(&s->display, &s->cgu, sysmem,
                            jz4770_intc_in(s, JZ4770_IRQ_LCDC),
                            jz4770_intc_in(s, JZ4770_IRQ_IPU), errp);
}

static const Property jz4770_properties[] = {
    DEFINE_PROP_STRING("cpu-type", IngenicJZ4770State, cpu_type),
};

static void jz4770_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->desc = "Ingenic JZ4770 SoC";
    dc->realize = jz4770_realize;
    /* It maps itself into the system address space and creates the CPU */
    dc->user_creatable = false;
    device_class_set_props(dc, jz4770_properties);
}

static const TypeInfo jz4770_soc_info = {
    .name = TYPE_INGENIC_JZ4770,
    .parent = TYPE_DEVICE,
    .instance_size = sizeof(IngenicJZ4770State),
    .instance_init = jz4770_init,
    .class_init = jz4770_class_init,
};

/* ------------------------------------------------------------------------ */
/* The machine */

typedef struct JZ4770BootInfo {
    MIPSCPU *cpu;
    bool kernel_loaded;
} JZ4770BootInfo;

static void jz4770_cpu_reset(void *opaque)
{
    JZ4770BootInfo *bi = opaque;
    CPUMIPSState *env = &bi->cpu->env;

    /* The CPU restarts at 0xbfc00000, the boot ROM */
    cpu_reset(CPU(bi->cpu));
    if (bi->kernel_loaded) {
        env->CP0_Status &= ~(1 << CP0St_ERL);
    }
}

/* Patch /chosen and /memory for this machine */
static void jz4770_patch_fdt(MachineState *machine, void *fdt,
                             hwaddr initrd_start, hwaddr initrd_size)
{
    const char *cmdline = machine->kernel_cmdline;
    int mem, off, ac, sc;
    char path[256];

    if (fdt_path_offset(fdt, "/chosen") < 0) {
        qemu_fdt_add_subnode(fdt, "/chosen");
    }
    if (cmdline && cmdline[0]) {
        qemu_fdt_setprop_string(fdt, "/chosen", "bootargs", cmdline);
    }
    if (initrd_size) {
        qemu_fdt_setprop_cell(fdt, "/chosen", "linux,initrd-start",
                              initrd_start);
        qemu_fdt_setprop_cell(fdt, "/chosen", "linux,initrd-end",
                              initrd_start + initrd_size);
    }

    /*
     * One memory node: <0 ram_size>.  It is addressed by offset: a path
     * like "/memory" would also match e.g. the boot ROM's memory@1fc00000.
     */
    mem = fdt_node_offset_by_prop_value(fdt, -1, "device_type", "memory",
                                        sizeof("memory"));
    if (mem < 0) {
        mem = fdt_add_subnode(fdt, 0, "memory@0");
        if (mem < 0 || fdt_setprop_string(fdt, mem, "device_type",
                                          "memory") < 0) {
            error_report("jz4770: cannot add a memory node to the DTB");
            exit(1);
        }
    } else {
        while ((off = fdt_node_offset_by_prop_value(fdt, mem, "device_type",
                                                    "memory",
                                                    sizeof("memory"))) >= 0) {
            fdt_del_node(fdt, off);
        }
    }
    ac = fdt_address_cells(fdt, 0);
    sc = fdt_size_cells(fdt, 0);
    if (ac < 1 || ac > 2 || sc < 1 || sc > 2 ||
        fdt_get_path(fdt, mem, path, sizeof(path)) < 0 ||
        qemu_fdt_setprop_sized_cells(fdt, path, "reg", ac, 0, sc,
                                     machine->ram_size) < 0) {
        error_report("jz4770: -dtb '%s': cannot set the memory node's reg "
                     "(root #address-cells %d / #size-cells %d)",
                     machine->dtb, ac, sc);
        exit(1);
    }

    fdt_pack(fdt);
}

static void jz4770_load_kernel(MachineState *machine, MemoryRegion *rom)
{
    uint64_t kernel_entry, kernel_high;
    hwaddr initrd_start = 0, initrd_size = 0, fdt_paddr, next;
    hwaddr limit = MIN(machine->ram_size, JZ4770_RAM_MAX);
    ssize_t kernel_size;
    void *fdt, *p;
    int fdt_size;

    if (!machine->dtb) {
        error_report("jz4770: -kernel needs -dtb (the board device tree, "
                     "e.g. an emulator variant of gcw0.dtb)");
        exit(1);
    }
    fdt = load_device_tree(machine->dtb, &fdt_size);
    if (!fdt) {
        error_report("jz4770: -dtb '%s' is not a flattened device tree blob "
                     "(compile it with dtc -O dtb)", machine->dtb);
        exit(1);
    }

    kernel_size = load_elf(machine->kernel_filename, NULL,
                           cpu_mips_kseg0_to_phys, NULL, &kernel_entry, NULL,
                           &kernel_high, NULL, ELFDATA2LSB, EM_MIPS, 1, 0);
    if (kernel_size < 0) {
        error_report("jz4770: could not load kernel '%s': %s",
                     machine->kernel_filename,
                     load_elf_strerror(kernel_size));
        exit(1);
    }
    next = kernel_high;

    if (machine->initrd_filename) {
        ssize_t sz;

        initrd_start = QEMU_ALIGN_UP(next, 4 * KiB);
        if (initrd_start >= limit) {
            error_report("jz4770: no room for the initrd after the kernel");
            exit(1);
        }
        sz = load_image_targphys(machine->initrd_filename, initrd_start,
                                 limit - initrd_start);
        if (sz < 0) {
            error_report("jz4770: could not load initrd '%s' (missing, or "
                         "larger than the %" HWADDR_PRIu " bytes of RAM "
                         "left after the kernel)", machine->initrd_filename,
                         limit - initrd_start);
            exit(1);
        }
        initrd_size = sz;
        next = initrd_start + initrd_size;
    }

    jz4770_patch_fdt(machine, fdt, initrd_start, initrd_size);
    fdt_size = fdt_totalsize(fdt);
    fdt_paddr = QEMU_ALIGN_UP(next, JZ4770_DTB_ALIGN);
    if (fdt_paddr + fdt_size > limit) {
        error_report("jz4770: no room for the device tree below %"
                     HWADDR_PRIu " MiB", limit / MiB);
        exit(1);
    }
    rom_add_blob_fixed("dtb", fdt, fdt_size, fdt_paddr);
    machine->fdt = fdt;

    /* Boot stub at the reset vector: UHI a0 = -2, a1 = DTB (KSEG0) */
    p = memory_region_get_ram_ptr(rom);
    bl_gen_jump_kernel(&p, false, 0, true, (int32_t)-2,
                       true, cpu_mips_phys_to_kseg0(NULL, fdt_paddr),
                       true, 0, true, 0, kernel_entry);
}

/* Without a kernel: "1: wait; b 1b; nop" so the CPU sleeps */
static void jz4770_gen_idle_loop(MemoryRegion *rom)
{
    uint8_t *p = memory_region_get_ram_ptr(rom);

    stl_le_p(p, 0x42000020);        /* wait */
    stl_le_p(p + 4, 0x1000fffe);    /* b . - 4 */
    stl_le_p(p + 8, 0x00000000);    /* nop */
}

static void jz4770_machine_init(MachineState *machine)
{
    IngenicJZ4770State *soc;
    JZ4770BootInfo *bi;

    if (machine->ram_size > JZ4770_RAM_MAX) {
        error_report("jz4770: at most %" PRIu64 " MiB of RAM is supported "
                     "(the JZ4770's low DDR window); -m asked for %" PRIu64
                     " MiB", (uint64_t)(JZ4770_RAM_MAX / MiB),
                     (uint64_t)(machine->ram_size / MiB));
        exit(1);
    }
    memory_region_add_subregion(get_system_memory(), 0, machine->ram);

    soc = INGENIC_JZ4770(object_new(TYPE_INGENIC_JZ4770));
    object_property_add_child(OBJECT(machine), "soc", OBJECT(soc));
    object_unref(OBJECT(soc));
    qdev_prop_set_string(DEVICE(soc), "cpu-type", machine->cpu_type);
    /* GCW Zero: PD18 (Select) is active high, every other key active low */
    qdev_prop_set_uint32(DEVICE(&soc->gpio[GCW0_PORT_D]), "idle-level",
                         ~(1u << GCW0_PD_SELECT));
    qdev_realize(DEVICE(soc), NULL, &error_fatal);

    bi = g_new0(JZ4770BootInfo, 1);
    bi->cpu = soc->cpu;

    if (machine->firmware) {
        if (machine->kernel_filename) {
            error_report("jz4770: use either -bios or -kernel, not both");
            exit(1);
        }
        if (load_image_targphys(machine->firmware, JZ4770_BOOT_ROM_BASE,
                                JZ4770_BOOT_ROM_SIZE) < 0) {
            error_report("jz4770: could not load boot ROM image '%s' (at "
                         "most %d bytes)", machine->firmware,
                         JZ4770_BOOT_ROM_SIZE);
            exit(1);
        }
    } else if (machine->kernel_filename) {
        jz4770_load_kernel(machine, &soc->boot_rom);
        bi->kernel_loaded = true;
    } else {
        jz4770_gen_idle_loop(&soc->boot_rom);
        if (!qtest_enabled()) {
            warn_report("jz4770: no -kernel or -bios given; the CPU idles "
                        "in the boot ROM");
        }
    }
    qemu_register_reset(jz4770_cpu_reset, bi);
}

static void jz4770_machine_class_init(MachineClass *mc)
{
    mc->desc = "Ingenic JZ4770 SoC board (GCW Zero class) for ingenic-lab";
    mc->init = jz4770_machine_init;
    mc->default_cpu_type = MIPS_CPU_TYPE_NAME("XBurstR2");
    mc->default_ram_size = 256 * MiB;
    mc->default_ram_id = "jz4770.ram";
    mc->max_cpus = 1;
}

DEFINE_MACHINE("jz4770", jz4770_machine_class_init)

static void jz4770_register_types(void)
{
    type_register_static(&jz4770_soc_info);
}

type_init(jz4770_register_types)
