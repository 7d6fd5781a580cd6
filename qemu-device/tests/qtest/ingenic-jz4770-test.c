/*
 * QTest for the jz4770 machine (Ingenic JZ4770 SoC, GCW Zero class)
 *
 * Checks the board of docs/hardware/board-jz4770.md without a
 * kernel: the machine starts, RAM spans 256 MiB at 0, the models sit at
 * their JZ4770 addresses, unmodelled blocks and the rest of the peripheral
 * space read as zero (no bus error), UART2 is the first serial port and its
 * THR output reaches the chardev, and the boot ROM's contents survive a
 * system reset.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/bswap.h"
#include "libqtest.h"
#include "hw/gpio/ingenic_gpio_regs.h"
#include "hw/intc/ingenic_intc_regs.h"
#include "hw/rtc/ingenic_rtc_regs.h"

#define BOOT_ROM        0x1fc00000
#define INTC_BASE       0x10001000
#define RTC_BASE        0x10003000
#define GPIO_BASE(p)    (0x10010000 + 0x100 * (p))
#define UART_BASE(n)    (0x10030000 + 0x1000 * (n))
#define UART_THR        0x00
#define UART_LSR        (5 << 2)
#define UART_LSR_THRE   0x20
#define UART_LSR_TEMT   0x40

static void test_start(void)
{
    QTestState *qts = qtest_init("-M jz4770");

    /* RAM: 256 MiB at physical 0 */
    qtest_writel(qts, 0x0, 0x11223344);
    qtest_writel(qts, 0x0ffffffc, 0x55667788);
    g_assert_cmphex(qtest_readl(qts, 0x0), ==, 0x11223344);
    g_assert_cmphex(qtest_readl(qts, 0x0ffffffc), ==, 0x55667788);
    qtest_quit(qts);
}

static void test_device_map(void)
{
    QTestState *qts = qtest_init("-M jz4770");
    int port;

    g_assert_cmphex(qtest_readl(qts, INTC_BASE + A_INTC_ICMR), ==, 0xffffffff);
    g_assert_cmphex(qtest_readl(qts, RTC_BASE + A_RTC_CTRL) &
                    R_RTC_CTRL_WRDY_MASK, ==, R_RTC_CTRL_WRDY_MASK);
    g_assert_cmphex(qtest_readl(qts, RTC_BASE + A_RTC_SCRATCHPAD), ==,
                    0x12345678);
    for (port = 0; port < 6; port++) {
        g_assert_cmphex(qtest_readl(qts, GPIO_BASE(port) + A_GPIO_PIN), ==,
                        port == 3 ? ~(1u << 18) : 0xffffffff);
    }
    /* Every UART: transmitter empty, byte and word access alike */
    for (port = 0; port < 4; port++) {
        g_assert_cmphex(qtest_readb(qts, UART_BASE(port) + UART_LSR), ==,
                        UART_LSR_THRE | UART_LSR_TEMT);
        g_assert_cmphex(qtest_readl(qts, UART_BASE(port) + UART_LSR) & 0xff,
                        ==, UART_LSR_THRE | UART_LSR_TEMT);
    }
    qtest_quit(qts);
}

/* Unmodelled blocks and stray addresses read as zero and ignore writes */
static void test_unimplemented(const void *data)
{
    uint64_t addr = (uintptr_t)data;
    QTestState *qts = qtest_init("-M jz4770");

    g_assert_cmphex(qtest_readl(qts, addr), ==, 0);
    qtest_writel(qts, addr, 0xffffffff);
    g_assert_cmphex(qtest_readl(qts, addr), ==, 0);
    g_assert_cmphex(qtest_readb(qts, addr + 1), ==, 0);
    qtest_quit(qts);
}

static void test_uart2_console(void)
{
    g_autofree char *path = NULL;
    g_autofree char *out = NULL;
    g_autoptr(GError) err = NULL;
    QTestState *qts;
    const char *msg = "jz4770";
    int fd;

    fd = g_file_open_tmp("ingenic-jz4770-test-XXXXXX", &path, &err);
    g_assert_no_error(err);
    close(fd);

    qts = qtest_initf("-M jz4770 -serial file:%s", path);
    for (const char *c = msg; *c; c++) {
        qtest_writeb(qts, UART_BASE(2) + UART_THR, *c);
    }
    /* Nothing went out of the other UARTs' ports */
    qtest_writeb(qts, UART_BASE(0) + UART_THR, '0');
    qtest_quit(qts);

    g_assert_true(g_file_get_contents(path, &out, NULL, &err));
    g_assert_no_error(err);
    g_assert_cmpstr(out, ==, msg);
    unlink(path);
}

static void test_boot_rom_reset(void)
{
    QTestState *qts = qtest_init("-M jz4770");
    uint32_t rom[4];
    int i;

    for (i = 0; i < 4; i++) {
        rom[i] = qtest_readl(qts, BOOT_ROM + 4 * i);
    }
    /* Without a kernel: "wait; b .-4; nop" */
    g_assert_cmphex(rom[0], ==, 0x42000020);
    g_assert_cmphex(rom[1], ==, 0x1000fffe);
    /* It is a ROM */
    qtest_writel(qts, BOOT_ROM, 0);
    g_assert_cmphex(qtest_readl(qts, BOOT_ROM), ==, rom[0]);

    qtest_system_reset(qts);
    for (i = 0; i < 4; i++) {
        g_assert_cmphex(qtest_readl(qts, BOOT_ROM + 4 * i), ==, rom[i]);
    }
    /* Devices are back to their reset state too */
    g_assert_cmphex(qtest_readl(qts, INTC_BASE + A_INTC_ICMR), ==, 0xffffffff);
    qtest_quit(qts);
}

/*
 * A minimal little-endian MIPS ELF: one PT_LOAD of 16 bytes of code at
 * 0x80100000 (phys 0x00100000) with 128 KiB of memsz, entry 0x80100000,
 * so the DTB goes to the next 64 KiB boundary: phys 0x00120000.
 */
#define KERNEL_PADDR    0x00100000
#define KERNEL_ENTRY    0x80100000
#define KERNEL_MEMSZ    0x20000
#define DTB_PADDR       0x00120000

static const uint32_t kernel_code[4] = {
    0x3c08dead, 0x3508beef, 0x1000ffff, 0x00000000,
};

static char *write_tmp(const char *tmpl, const void *data, size_t len)
{
    g_autoptr(GError) err = NULL;
    char *path;
    int fd;

    fd = g_file_open_tmp(tmpl, &path, &err);
    g_assert_no_error(err);
    g_assert_cmpint(write(fd, data, len), ==, len);
    close(fd);
    return path;
}

static char *make_kernel(void)
{
    uint8_t elf[52 + 32 + sizeof(kernel_code)] = { 0 };
    uint8_t *ph = elf + 52;

    memcpy(elf, "\x7f" "ELF", 4);
    elf[4] = 1;                             /* ELFCLASS32 */
    elf[5] = 1;                             /* ELFDATA2LSB */
    elf[6] = 1;                             /* EV_CURRENT */
    stw_le_p(elf + 16, 2);                  /* ET_EXEC */
    stw_le_p(elf + 18, 8);                  /* EM_MIPS */
    stl_le_p(elf + 20, 1);                  /* e_version */
    stl_le_p(elf + 24, KERNEL_ENTRY);       /* e_entry */
    stl_le_p(elf + 28, 52);                 /* e_phoff */
    stw_le_p(elf + 40, 52);                 /* e_ehsize */
    stw_le_p(elf + 42, 32);                 /* e_phentsize */
    stw_le_p(elf + 44, 1);                  /* e_phnum */
    stl_le_p(ph + 0, 1);                    /* PT_LOAD */
    stl_le_p(ph + 4, 52 + 32);              /* p_offset */
    stl_le_p(ph + 8, KERNEL_ENTRY);         /* p_vaddr */
    stl_le_p(ph + 12, KERNEL_ENTRY);        /* p_paddr (KSEG0) */
    stl_le_p(ph + 16, sizeof(kernel_code)); /* p_filesz */
    stl_le_p(ph + 20, KERNEL_MEMSZ);        /* p_memsz */
    stl_le_p(ph + 24, 7);                   /* p_flags RWX */
    stl_le_p(ph + 28, 4);                   /* p_align */
    for (size_t i = 0; i < ARRAY_SIZE(kernel_code); i++) {
        stl_le_p(elf + 52 + 32 + 4 * i, kernel_code[i]);
    }
    return write_tmp("ingenic-jz4770-kernel-XXXXXX", elf, sizeof(elf));
}

/* A minimal FDT: / { #address-cells; #size-cells; memory { ... } } */
static char *make_dtb(void)
{
    static const char strings[] = "#address-cells\0#size-cells\0"
                                  "device_type\0reg";
    enum { S_AC = 0, S_SC = 15, S_DT = 27, S_REG = 39 };
    uint32_t st[64];
    uint8_t blob[512] = { 0 };
    size_t n = 0, off_struct = 40 + 16, off_strings, total;

#define PROP_U32(nameoff, v) do { \
        st[n++] = 3; st[n++] = 4; st[n++] = (nameoff); st[n++] = (v); \
    } while (0)
    st[n++] = 1; st[n++] = 0;                           /* "/" */
    PROP_U32(S_AC, 1);
    PROP_U32(S_SC, 1);
    st[n++] = 1;                                        /* "memory" */
    memcpy(&st[n], "memo", 4); memcpy(&st[n + 1], "ry\0\0", 4);
    n += 2;
    st[n++] = 3; st[n++] = 7; st[n++] = S_DT;           /* device_type */
    memcpy(&st[n], "memo", 4); memcpy(&st[n + 1], "ry\0\0", 4);
    n += 2;
    st[n++] = 3; st[n++] = 8; st[n++] = S_REG;          /* reg <0 0x1000> */
    st[n++] = 0; st[n++] = 0x1000;
    st[n++] = 2;                                        /* end memory */
    st[n++] = 2;                                        /* end / */
    st[n++] = 9;                                        /* FDT_END */
#undef PROP_U32

    /* Everything but the inline names is a big-endian cell */
    for (size_t i = 0; i < n; i++) {
        uint8_t *d = blob + off_struct + 4 * i;

        if (!memcmp(&st[i], "memo", 4) || !memcmp(&st[i], "ry\0\0", 4)) {
            memcpy(d, &st[i], 4);
        } else {
            stl_be_p(d, st[i]);
        }
    }
    off_strings = off_struct + 4 * n;
    memcpy(blob + off_strings, strings, sizeof(strings));
    total = off_strings + sizeof(strings);
    g_assert_cmpuint(total, <=, sizeof(blob));

    stl_be_p(blob + 0, 0xd00dfeed);             /* magic */
    stl_be_p(blob + 4, total);                  /* totalsize */
    stl_be_p(blob + 8, off_struct);             /* off_dt_struct */
    stl_be_p(blob + 12, off_strings);           /* off_dt_strings */
    stl_be_p(blob + 16, 40);                    /* off_mem_rsvmap */
    stl_be_p(blob + 20, 17);                    /* version */
    stl_be_p(blob + 24, 16);                    /* last_comp_version */
    stl_be_p(blob + 32, sizeof(strings));       /* size_dt_strings */
    stl_be_p(blob + 36, 4 * n);                 /* size_dt_struct */
    return write_tmp("ingenic-jz4770-dtb-XXXXXX", blob, total);
}

static void check_kernel_loaded(QTestState *qts, const char *cmdline)
{
    g_autofree uint8_t *dtb = g_malloc(4096);
    uint8_t ramsize_be[8];
    size_t i;

    /* Boot stub: a0 = -2, a1 = DTB KSEG0 address, a2 = a3 = 0, jump */
    static const uint32_t stub[] = {
        0x3c04ffff, 0x3484fffe,                 /* li a0, -2 */
        0x3c058012, 0x34a50000,                 /* li a1, 0x80120000 */
        0x3c060000, 0x34c60000,                 /* li a2, 0 */
        0x3c070000, 0x34e70000,                 /* li a3, 0 */
        0x3c198010, 0x37390000,                 /* li t9, entry */
        0x0320f809, 0x00000000,                 /* jalr t9; nop */
    };
    for (i = 0; i < ARRAY_SIZE(stub); i++) {
        g_assert_cmphex(qtest_readl(qts, BOOT_ROM + 4 * i), ==, stub[i]);
    }
    for (i = 0; i < ARRAY_SIZE(kernel_code); i++) {
        g_assert_cmphex(qtest_readl(qts, KERNEL_PADDR + 4 * i), ==,
                        kernel_code[i]);
    }
    /* BSS part of memsz is zeroed */
    g_assert_cmphex(qtest_readl(qts, KERNEL_PADDR + 0x100), ==, 0);

    /* The patched DTB: bootargs and /memory reg = <0 256 MiB> */
    qtest_memread(qts, DTB_PADDR, dtb, 4096);
    g_assert_cmphex((uint32_t)ldl_be_p(dtb), ==, 0xd00dfeed);
    g_assert_cmpuint((uint32_t)ldl_be_p(dtb + 4), <=, 4096);
    g_assert_nonnull(memmem(dtb, 4096, cmdline, strlen(cmdline) + 1));
    stl_be_p(ramsize_be, 0);
    stl_be_p(ramsize_be + 4, 256 * 1024 * 1024);
    g_assert_nonnull(memmem(dtb, 4096, ramsize_be, 8));
}

/* -kernel/-dtb: stub, ELF and DTB in place, and all of it again after reset */
static void test_kernel_boot(void)
{
    g_autofree char *kernel = make_kernel();
    g_autofree char *dtb = make_dtb();
    const char *cmdline = "console=ttyS2,57600 lab-test";
    QTestState *qts;

    qts = qtest_initf("-M jz4770 -kernel %s -dtb %s -append '%s'",
                      kernel, dtb, cmdline);
    check_kernel_loaded(qts, cmdline);

    /* A guest that scribbles over its kernel and DTB, then resets */
    qtest_memset(qts, KERNEL_PADDR, 0xa5, 0x100);
    qtest_memset(qts, DTB_PADDR, 0x5a, 0x1000);
    qtest_system_reset(qts);
    check_kernel_loaded(qts, cmdline);

    qtest_quit(qts);
    unlink(kernel);
    unlink(dtb);
}

int main(int argc, char **argv)
{
    static const struct {
        const char *name;
        uint64_t addr;
    } unimp[] = {
        { "gpu", 0x13040000 },
        { "aic", 0x10020000 },
        { "msc0", 0x10021000 },
        { "sadc", 0x10070000 },
        { "dmac", 0x13420000 },
        { "uhc", 0x13430000 },
        { "otg", 0x13440000 },
        { "uart2-ext", 0x10032020 },
        { "periph-hole", 0x13ff0000 },
    };
    size_t i;

    g_test_init(&argc, &argv, NULL);

    qtest_add_func("/jz4770/start", test_start);
    qtest_add_func("/jz4770/device-map", test_device_map);
    for (i = 0; i < ARRAY_SIZE(unimp); i++) {
        g_autofree char *name = g_strdup_printf("/jz4770/unimplemented/%s",
                                                unimp[i].name);

        qtest_add_data_func(name, (void *)(uintptr_t)unimp[i].addr,
                            test_unimplemented);
    }
    qtest_add_func("/jz4770/uart2-console", test_uart2_console);
    qtest_add_func("/jz4770/boot-rom-reset", test_boot_rom_reset);
    qtest_add_func("/jz4770/kernel-boot", test_kernel_boot);

    return g_test_run();
}
