// bench-collect: parse throughput of the report collector on a large synthetic console
// log (boot noise, test markers, and a report every ~2000 lines: KASAN, WARNING, lockdep,
// MIPS oops, kmemleak, SLUB, hung task). Prints MB/s. Not a test: run it by hand.
//
//   bench-collect [--size-mb N] [--chunk BYTES] [--write FILE]
//
// SPDX-License-Identifier: GPL-2.0-or-later
#include "collector/collector.h"

#include "lab_cli.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <random>
#include <string>
#include <vector>

namespace {

const char* const kNoise[] = {
    "ingenic-drm 13050000.lcd-controller: [drm] Initialized ingenic-drm 1.1.0 for 13050000.lcd-controller on minor 0",
    "Console: switching to colour frame buffer device 100x30",
    "ingenic-drm 13050000.lcd-controller: [drm] fb0: ingenic-drmdrmf frame buffer device",
    "clk: Disabling unused clocks",
    "Freeing unused kernel image (initmem) memory: 1024K",
    "Run /init as init process",
    "random: crng init done",
    "jz4740-rtc 10003000.rtc: registered as rtc0",
    "NET: Registered PF_INET6 protocol family",
    "  with arguments:",
    "    /init",
    "printk: console [ttyS0] enabled",
    "Memory: 245316K/262144K available (6540K kernel code, 605K rwdata, 1340K rodata, 1024K init, 252K bss)",
    "SLUB: HWalign=32, Order=0-3, MinObjects=0, CPUs=1, Nodes=1",
    "NR_IRQS: 256",
    "clocksource: ingenic-timer: mask: 0xffff max_cycles: 0xffff, max_idle_ns: 1299535 ns",
    "sched_clock: 32 bits at 12MHz, resolution 83ns, wraps every 178956970966ns",
    "workingset: timestamp_bits=30 max_order=16 bucket_order=0",
    "Serial: 8250/16550 driver, 4 ports, IRQ sharing disabled",
    "ingenic-ipu 13080000.ipu: bound (ops ingenic_ipu_ops)",
};

const char* const kFuncs[] = {"ingenic_drm_atomic_commit_tail", "regmap_write", "ingenic_drm_unbind",
                              "ingenic_ipu_plane_atomic_update", "drm_atomic_helper_shutdown",
                              "ingenic_drm_crtc_atomic_flush", "ingenic_drm_irq_handler", "clk_disable"};

// One report of each kind: %F stands for the faulting function; @frames-mips and @frames-arm for
// its call chain, in the MIPS and the arm64 format.
const std::vector<std::vector<const char*>> kReports = {
    {
        "==================================================================",
        "BUG: KASAN: slab-use-after-free in %F+0x54/0x1a0 [ingenic_drm]",
        "Read of size 4 at addr ffff000004a3c010 by task kworker/0:1/23",
        "",
        "CPU: 0 UID: 0 PID: 23 Comm: kworker/0:1 Not tainted 6.12.57 #1",
        "Hardware name: ingenic-lab kasan board (DT)",
        "Call trace:",
        " show_stack+0x18/0x24",
        " dump_stack_lvl+0x60/0x80",
        " print_report+0x150/0x4a0",
        " kasan_report+0xb8/0xfc",
        "@frames-arm",
        "",
        "Allocated by task 1:",
        " kasan_save_stack+0x2c/0x54",
        " __kmalloc_noprof+0x1a0/0x3c0",
        " ingenic_drm_bind+0x88/0x600 [ingenic_drm]",
        "",
        "Freed by task 1:",
        " kfree+0xe0/0x2e0",
        " ingenic_drm_unbind+0x40/0x90 [ingenic_drm]",
        "",
        "The buggy address belongs to the object at ffff000004a3c000",
        " which belongs to the cache kmalloc-128 of size 128",
        "==================================================================",
    },
    {
        "------------[ cut here ]------------",
        "WARNING: CPU: 0 PID: 1 at drivers/gpu/drm/ingenic/ingenic-drm-drv.c:1234 %F+0x54/0x1a0 [ingenic_drm]",
        "Modules linked in: ingenic_drm",
        "CPU: 0 UID: 0 PID: 1 Comm: sh Not tainted 6.12.57 #1",
        "Hardware name: JZ4770 ingenic-lab",
        "Stack : 81c0fd84 00000000 8070b5a8 00000000 81c0fd84 00000001 00000000 00000000",
        "        00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000",
        "Call Trace:",
        "[<80108b34>] show_stack+0x38/0x118",
        "[<806f3a8c>] dump_stack_lvl+0x6c/0xa0",
        "[<8012c3b8>] __warn+0x9c/0x124",
        "[<8012c4d0>] warn_slowpath_fmt+0x90/0xd4",
        "@frames-mips",
        "---[ end trace 0000000000000000 ]---",
    },
    {
        "",
        "======================================================",
        "WARNING: possible circular locking dependency detected",
        "6.12.57 #1 Not tainted",
        "------------------------------------------------------",
        "kworker/0:1/23 is trying to acquire lock:",
        "81d0c0a8 (&priv->lock){+.+.}-{3:3}, at: %F+0x30/0x120 [ingenic_drm]",
        "",
        "but task is already holding lock:",
        "81d0c1b0 (&dev->mode_config.mutex){+.+.}-{3:3}, at: drm_modeset_lock_all+0x40/0x130",
        "",
        "stack backtrace:",
        "CPU: 0 UID: 0 PID: 23 Comm: kworker/0:1 Not tainted 6.12.57 #1",
        "Call Trace:",
        "[<80108b34>] show_stack+0x38/0x118",
        "[<806f3a8c>] dump_stack_lvl+0x6c/0xa0",
        "[<80172abc>] print_circular_bug+0x2a8/0x2d0",
        "@frames-mips",
    },
    {
        "CPU 0 Unable to handle kernel paging request at virtual address 00000010, epc == 8054a1c4, ra == 8054a1a0",
        "Oops[#1]:",
        "CPU: 0 UID: 0 PID: 77 Comm: race Not tainted 6.12.57 #1",
        "$ 0   : 00000000 00000001 00000000 81c2e000",
        "epc   : 8054a1c4 %F+0x54/0x1a0 [ingenic_drm]",
        "ra    : 8054a1a0 %F+0x30/0x1a0 [ingenic_drm]",
        "Status: 10000003	KERNEL EXL IE",
        "Cause : 0080000c (ExcCode 03)",
        "BadVA : 00000010",
        "Call Trace:",
        "@frames-mips",
        "Code: 8e020010  10400003  00000000 <8c420010> 03e00008  00000000",
        "",
        "---[ end trace 0000000000000000 ]---",
    },
    {
        "kmemleak: unreferenced object 0x81e4c300 (size 64):",
        "  comm \"race\", pid 77, jiffies 4294939102",
        "  hex dump (first 32 bytes):",
        "    6b 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b  kkkkkkkkkkkkkkkk",
        "  backtrace (crc 5a0e4b3c):",
        "    [<8022b1b0>] __kmalloc_noprof+0x1d4/0x2ec",
        "    [<8054a1c4>] %F+0x54/0x1a0 [ingenic_drm]",
        "    [<8012a3b0>] drm_atomic_commit+0x9c/0x1e0",
    },
    {
        "=============================================================================",
        "BUG kmalloc-128 (Not tainted): Object already free",
        "-----------------------------------------------------------------------------",
        "",
        "Allocated in %F+0x54/0x1a0 [ingenic_drm] age=12 cpu=0 pid=77",
        "Slab 0x81f0a000 objects=32 used=31 fp=0x81e4c300 flags=0x200(workingset|slab)",
        "Object 0x81e4c300 @offset=768 fp=0x00000000",
        "",
        "CPU: 0 UID: 0 PID: 77 Comm: race Tainted: G    B              6.12.57 #1",
        "Call Trace:",
        "[<80108b34>] show_stack+0x38/0x118",
        "[<8023c0d4>] free_debug_processing+0x1c8/0x3a0",
        "[<8023d1f0>] kfree+0x1d4/0x2ec",
        "@frames-mips",
        "FIX kmalloc-128: Object at 0x81e4c300 not freed",
    },
    {
        "INFO: task race:77 blocked for more than 120 seconds.",
        "      Not tainted 6.12.57 #1",
        "\"echo 0 > /proc/sys/kernel/hung_task_timeout_secs\" disables this message.",
        "task:race            state:D stack:0     pid:77    tgid:77    ppid:1      flags:0x00000000",
        "Call Trace:",
        "[<806f9b0c>] __schedule+0x2f4/0x8a0",
        "[<806fa0dc>] schedule+0x44/0x100",
        "[<806fc1a4>] __mutex_lock.constprop.0+0x1b4/0x5a8",
        "@frames-mips",
    },
};

void report(std::string& out, double& ts, unsigned kind, const char* fn) {
    auto line = [&](const std::string& s) {
        char pre[48];
        std::snprintf(pre, sizeof pre, "[%12.6f] ", ts);
        ts += 0.000013;
        out += pre;
        out += s;
        out += '\n';
    };
    const char* chain[] = {"drm_atomic_commit", "drm_mode_atomic_ioctl", "drm_ioctl_kernel", "drm_ioctl",
                           "sys_ioctl", "syscall_common"};
    for (std::string t : kReports[kind % kReports.size()]) {
        bool mips = t == "@frames-mips";
        if (mips || t == "@frames-arm") {
            line(std::string(mips ? "[<8054a1c4>] " : " ") + fn + "+0x54/0x1a0 [ingenic_drm]");
            for (const char* c : chain)
                line(std::string(mips ? "[<8012a3b0>] " : " ") + c + "+0x9c/0x1e0");
            if (mips)
                line("");
            continue;
        }
        for (std::size_t at; (at = t.find("%F")) != std::string::npos;)
            t.replace(at, 2, fn);
        line(t);
    }
}

std::string generate(std::size_t bytes, unsigned seed) {
    std::string out;
    out.reserve(bytes + 4096);
    std::mt19937 rng(seed);
    double ts = 0.0;
    char pre[48];
    std::size_t lines = 0;
    unsigned cases = 0;
    out += "[    0.000000] Linux version 6.12.57 (builder@lab) (mipsel-linux-gnu-gcc 12.2.0) #1 PREEMPT\n";
    while (out.size() < bytes) {
        std::snprintf(pre, sizeof pre, "[%12.6f] ", ts);
        ts += 0.000731;
        unsigned r = rng();
        if (lines % 500 == 0) {
            out += pre;
            out += "ingenic-lab: BEGIN case-" + std::to_string(cases) + "\n";
        } else if (lines % 500 == 499) {
            out += pre;
            out += "ingenic-lab: END case-" + std::to_string(cases++) + (r % 9 ? " pass\n" : " fail\n");
        } else if (r % 2000 == 0) {
            report(out, ts, rng(), kFuncs[rng() % (sizeof kFuncs / sizeof *kFuncs)]);
        } else {
            out += pre;
            out += kNoise[r % (sizeof kNoise / sizeof *kNoise)];
            out += '\n';
        }
        ++lines;
    }
    return out;
}

} // namespace

int main(int argc, char** argv) {
    std::size_t size_mb = 200, chunk = 65536;
    std::string write;
    CLI::App app("bench-collect: the collector's parse throughput on a synthetic console log", "bench-collect");
    app.add_option("--size-mb", size_mb, "size of the log (MB)");
    app.add_option("--chunk", chunk, "bytes fed at a time");
    app.add_option("--write", write, "also write the log to FILE");
    if (auto rc = lab::cli::parse(app, "", argc, argv))
        return *rc;
    if (!size_mb || !chunk) {
        std::fprintf(stderr, "bench-collect: size and chunk must be positive\n");
        return 2;
    }
    std::string log = generate(size_mb << 20, 1234);
    if (!write.empty()) {
        std::FILE* f = std::fopen(write.c_str(), "wb");
        if (!f || std::fwrite(log.data(), 1, log.size(), f) != log.size()) {
            std::fprintf(stderr, "bench-collect: cannot write %s\n", write.c_str());
            return 2;
        }
        std::fclose(f);
    }
    collector::Options opt;
    opt.symbolize = false;
    collector::Collector c(opt);
    auto t0 = std::chrono::steady_clock::now();
    std::clock_t c0 = std::clock();
    for (std::size_t off = 0; off < log.size(); off += chunk)
        c.feed_console(std::string_view(log).substr(off, chunk));
    c.finish();
    auto t1 = std::chrono::steady_clock::now();
    double cpu = static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC;
    double s = std::chrono::duration<double>(t1 - t0).count();
    double mb = static_cast<double>(log.size()) / (1 << 20);
    // CPU time too: on a machine busy with other work the wall-clock figure says little.
    std::printf("bench-collect: %.1f MB, %llu lines, %zu reports (%zu unique), %zu cases in %.2f s: %.1f MB/s"
                " (%.2f s of CPU: %.1f MB/s)\n",
                mb, static_cast<unsigned long long>(c.run_info().console_lines), c.reports().size(),
                c.unique_reports().size(), c.cases().size(), s, mb / s, cpu, cpu > 0 ? mb / cpu : 0.0);
    return 0;
}
