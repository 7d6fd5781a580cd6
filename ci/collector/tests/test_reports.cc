// One test per sample log in tests/data/: each report kind, written out from the kernel's
// own documentation (kasan.rst, kfence.rst) and printers (mm/slub.c, lockdep.c,
// arch/mips/kernel/traps.c, arch/arm64/mm/fault.c, ...), must give the expected kind and
// title, not corrupted, whatever the chunking of the input.
// SPDX-License-Identifier: GPL-2.0-or-later
#include "helpers.h"

#include <gtest/gtest.h>

using collector::Kind;
using testutil::collect;
using testutil::data;
using testutil::find_title;
using testutil::titles;

namespace {

struct Sample {
    const char* file;
    Kind kind;
    const char* title;
    std::size_t unique = 1; // unique titles expected in the file
};

const Sample kSamples[] = {
    // kmalloc_oob_right and kmalloc_tests_init have "malloc" in their names: syzkaller skips those.
    {"kasan-rst-example.log", Kind::kasan, "KASAN: slab-out-of-bounds Write in do_one_initcall"},
    {"kasan-arm64-slab-uaf.log", Kind::kasan, "KASAN: slab-use-after-free Read in regmap_write"},
    {"kasan-double-free.log", Kind::kasan, "KASAN: invalid-free in ingenic_drm_unbind"},
    {"kasan-global-oob-mips-like.log", Kind::kasan, "KASAN: global-out-of-bounds Write in ingenic_ipu_set_coefs"},
    {"kfence-rst-uaf.log", Kind::kfence, "KFENCE: use-after-free read in test_use_after_free_read"},
    {"ubsan-array-index.log", Kind::ubsan, "UBSAN: array-index-out-of-bounds in ingenic_drm_configure_hwdesc"},
    {"slub-poison-6.12.log", Kind::slub, "BUG kmalloc-128: Poison overwritten"},
    {"slub-double-free-old.log", Kind::slub, "BUG: Object already free"},
    {"lockdep-circular.log", Kind::lockdep, "possible deadlock in ingenic_drm_crtc_atomic_flush"},
    {"lockdep-inconsistent.log", Kind::lockdep, "inconsistent lock state in ingenic_drm_irq_handler"},
    {"lockdep-bad-unlock.log", Kind::lockdep, "WARNING: bad unlock balance in ingenic_drm_unbind"},
    {"lockdep-held-lock-freed.log", Kind::lockdep, "WARNING: held lock freed in ingenic_ipu_unbind"},
    {"warning-mips-shutdown.log", Kind::warning, "WARNING in drm_atomic_helper_shutdown"},
    {"warning-arm64-refcount.log", Kind::warning, "WARNING: refcount bug in drm_dev_put"},
    {"mips-paging-oops.log", Kind::oops, "BUG: unable to handle kernel paging request in ingenic_drm_plane_atomic_update"},
    {"mips-bus-error.log", Kind::oops, "Data bus error in regmap_mmio_write32le"},
    {"mips-kernel-bug.log", Kind::bug, "kernel BUG in ingenic_drm_unbind"},
    {"arm64-null-deref.log", Kind::oops,
     "BUG: unable to handle kernel NULL pointer dereference in ingenic_ipu_plane_atomic_update"},
    {"arm64-kernel-bug.log", Kind::bug, "kernel BUG in devm_kfree"},
    {"sleeping-atomic.log", Kind::atomic_sleep,
     "BUG: sleeping function called from invalid context in ingenic_drm_irq_handler"},
    {"hung-task.log", Kind::hung_task, "INFO: task hung in ingenic_drm_atomic_commit_tail"},
    {"rcu-stall.log", Kind::rcu_stall, "INFO: rcu detected stall in commit_work"},
    {"kmemleak.log", Kind::kmemleak, "memory leak in ingenic_drm_create_hwdesc_pool", 2},
    {"panic-vfs.log", Kind::panic, "kernel panic: VFS: Unable to mount root fs on unknown-block(NUM,NUM)"},
};

class SampleTest : public ::testing::TestWithParam<Sample> {};

TEST_P(SampleTest, KindTitleNotCorrupted) {
    const Sample& s = GetParam();
    std::string text = data(s.file);
    for (std::size_t chunk : {std::size_t(0), std::size_t(1), std::size_t(7), std::size_t(4096)}) {
        auto c = collect(text, {}, chunk);
        SCOPED_TRACE(std::string(s.file) + " chunk " + std::to_string(chunk) + "\n" + titles(*c));
        const collector::UniqueReport* u = find_title(*c, s.title);
        ASSERT_NE(u, nullptr);
        EXPECT_EQ(u->kind, s.kind);
        EXPECT_FALSE(u->all_corrupted) << c->reports()[u->representative].corrupted_reason;
        EXPECT_EQ(c->unique_reports().size(), s.unique);
        const collector::Report& r = c->reports()[u->representative];
        EXPECT_FALSE(r.lines.empty());
        EXPECT_EQ(r.case_name, collector::kCaseBoot);
    }
}

INSTANTIATE_TEST_SUITE_P(Samples, SampleTest, ::testing::ValuesIn(kSamples),
                         [](const ::testing::TestParamInfo<Sample>& i) {
                             std::string n = i.param.file;
                             for (char& ch : n)
                                 if (!std::isalnum(static_cast<unsigned char>(ch)))
                                     ch = '_';
                             return n;
                         });

std::string detail(const collector::Report& r, const std::string& key) {
    for (auto& [k, v] : r.details)
        if (k == key)
            return v;
    return {};
}

TEST(Reports, KasanDetailsAndLines) {
    auto c = collect(data("kasan-arm64-slab-uaf.log"));
    const auto* u = find_title(*c, "KASAN: slab-use-after-free Read in regmap_write");
    ASSERT_NE(u, nullptr) << titles(*c);
    const auto& r = c->reports()[u->representative];
    EXPECT_EQ(detail(r, "access"), "Read");
    EXPECT_EQ(detail(r, "size"), "8");
    EXPECT_EQ(detail(r, "cache"), "kmalloc-512");
    EXPECT_EQ(r.frame, "regmap_write");
    EXPECT_EQ(r.line, 3u);
    EXPECT_NEAR(r.time, 42.1012, 1e-6);
    // The report runs from the opening separator to the closing one and takes the
    // "Disabling lock debugging" line; the unbind lines around it are not part of it.
    ASSERT_GE(r.lines.size(), 70u);
    EXPECT_EQ(r.lines.front().line_no, 2u);
    EXPECT_NE(r.lines.back().raw.find("Disabling lock debugging"), std::string::npos);
    for (const auto& l : r.lines)
        EXPECT_EQ(l.raw.find("unbound"), std::string::npos);
}

TEST(Reports, KasanRstWriteSize) {
    auto c = collect(data("kasan-rst-example.log"));
    ASSERT_EQ(c->reports().size(), 1u) << titles(*c);
    EXPECT_EQ(detail(c->reports()[0], "access"), "Write");
    EXPECT_EQ(detail(c->reports()[0], "size"), "1");
    EXPECT_EQ(detail(c->reports()[0], "cache"), "kmalloc-128");
}

TEST(Reports, SlubKeepsWarnAndFixLines) {
    auto c = collect(data("slub-poison-6.12.log"));
    ASSERT_EQ(c->reports().size(), 1u) << titles(*c); // the WARN_ON inside is not a second report
    const auto& r = c->reports()[0];
    EXPECT_EQ(detail(r, "cache"), "kmalloc-128");
    EXPECT_EQ(detail(r, "header"), "Object corrupt");
    EXPECT_EQ(r.frame, "ingenic_drm_create_hwdesc_pool");
    EXPECT_NE(r.lines.front().raw.find("[Poison overwritten]"), std::string::npos);
    EXPECT_NE(r.lines.back().raw.find("FIX kmalloc-128: Restoring Poison"), std::string::npos);
}

TEST(Reports, OopsTakesThePanicItCaused) {
    for (const char* f : {"mips-paging-oops.log", "mips-kernel-bug.log", "arm64-kernel-bug.log"}) {
        auto c = collect(data(f));
        SCOPED_TRACE(f);
        ASSERT_EQ(c->reports().size(), 1u) << titles(*c);
        const auto& r = c->reports()[0];
        EXPECT_FALSE(r.corrupted) << r.corrupted_reason;
        bool has_panic = false;
        for (const auto& l : r.lines)
            has_panic = has_panic || l.text().find("Kernel panic - not syncing") == 0;
        EXPECT_TRUE(has_panic);
    }
}

TEST(Reports, MipsFaultDetails) {
    auto c = collect(data("mips-paging-oops.log"));
    ASSERT_EQ(c->reports().size(), 1u);
    const auto& r = c->reports()[0];
    EXPECT_EQ(detail(r, "address"), "00000010");
    EXPECT_EQ(detail(r, "epc"), "8054b2e4");
    EXPECT_EQ(detail(r, "ra"), "8054b2c8");
}

TEST(Reports, KmemleakDedupAndBothForms) {
    auto c = collect(data("kmemleak.log"));
    const auto* a = find_title(*c, "memory leak in ingenic_drm_create_hwdesc_pool");
    const auto* b = find_title(*c, "memory leak in ingenic_ipu_bind");
    ASSERT_NE(a, nullptr) << titles(*c);
    ASSERT_NE(b, nullptr) << titles(*c);
    EXPECT_EQ(a->count, 2u);
    EXPECT_EQ(b->count, 1u);
    EXPECT_EQ(detail(c->reports()[a->representative], "size"), "128");
    // The summary line follows printed objects: no extra report for it.
    EXPECT_EQ(c->reports().size(), 3u);
}

TEST(Reports, KmemleakSummaryWithoutObjects) {
    auto c = collect("[  300.1] kmemleak: 3 new suspected memory leaks (see /sys/kernel/debug/kmemleak)\n");
    ASSERT_EQ(c->reports().size(), 1u);
    EXPECT_EQ(c->reports()[0].kind, Kind::kmemleak);
    EXPECT_EQ(c->reports()[0].title, "kmemleak: suspected memory leaks (objects not printed)");
}

TEST(Reports, StandalonePanicAfterLostOopsIsCorrupted) {
    auto c = collect("[ 1.0] Kernel panic - not syncing: Fatal exception\n[ 1.1] Rebooting in 1 seconds..\n");
    ASSERT_EQ(c->reports().size(), 1u);
    EXPECT_TRUE(c->reports()[0].corrupted);
    EXPECT_EQ(c->reports()[0].title, "kernel panic: Fatal exception"); // syzkaller's title, marked corrupted
}

TEST(Reports, LockdepInconsistentUsage) {
    auto c = collect(data("lockdep-inconsistent.log"));
    ASSERT_EQ(c->reports().size(), 1u) << titles(*c);
    EXPECT_EQ(detail(c->reports()[0], "usage"), "{HARDIRQ-ON-W} -> {IN-HARDIRQ-W}");
}

TEST(Reports, HungTaskStopsAfterItsTrace) {
    auto c = collect(data("hung-task.log"));
    ASSERT_EQ(c->reports().size(), 1u) << titles(*c);
    const auto& r = c->reports()[0];
    EXPECT_EQ(detail(r, "task"), "race:214");
    for (const auto& l : r.lines)
        EXPECT_EQ(l.raw.find("Showing all locks"), std::string::npos);
}

TEST(Reports, GenericBugAndWarning) {
    auto c = collect("[ 5.0] BUG: spinlock bad magic on CPU#0, race/214\n"
                     "[ 5.0]  lock: 0x81d0c0a8, .magic: 00000000, .owner: <none>/-1, .owner_cpu: 0\n"
                     "[ 5.0] CPU: 0 UID: 0 PID: 214 Comm: race Not tainted 6.12.57 #1\n"
                     "[ 5.0] Call Trace:\n"
                     "[ 5.0] [<80108b34>] show_stack+0x38/0x118\n"
                     "[ 5.0] [<8017c0a0>] do_raw_spin_lock+0x40/0x130\n"
                     "[ 5.0] [<8054a564>] ingenic_drm_irq_handler+0x44/0x130 [ingenic_drm]\n"
                     "[ 5.0]\n"
                     "[ 5.1] ingenic-drm 13050000.lcd-controller: [drm] vblank\n");
    ASSERT_EQ(c->reports().size(), 1u) << titles(*c);
    EXPECT_EQ(c->reports()[0].title, "BUG: spinlock bad magic in ingenic_drm_irq_handler");
    EXPECT_EQ(c->reports()[0].kind, Kind::bug);
    EXPECT_FALSE(c->reports()[0].corrupted);
}

TEST(Reports, NoReportsInCleanBoot) {
    auto c = collect("[    0.000000] Linux version 6.12.57 (builder@lab) #1 PREEMPT\n"
                     "[    0.100000] INFO: lockdep is turned off.\n"
                     "[    0.200000] clk: Disabling unused clocks\n"
                     "[    0.300000] ODEBUG: selftest passed\n"
                     "[    0.400000] Kernel command line: console=ttyS0 panic=-1\n");
    EXPECT_TRUE(c->reports().empty()) << titles(*c);
    EXPECT_EQ(c->run_info().boots, 1);
    EXPECT_EQ(c->run_info().kernel_release, "6.12.57");
}

// The same report whatever a log pipeline put in front of its lines.
TEST(Reports, PrefixesBeforeTheHeader) {
    const std::string kasan = "KASAN: slab-use-after-free Read in regmap_write";
    std::string text = data("kasan-arm64-slab-uaf.log");
    auto each_line = [&](auto f) {
        std::string out, line;
        for (char ch : text) {
            if (ch == '\n') {
                out += f(line) + "\n";
                line.clear();
            } else {
                line += ch;
            }
        }
        return out;
    };
    std::vector<std::pair<std::string, std::string>> forms = {
        {"syslog", each_line([](const std::string& l) { return "Mar  3 12:34:56 lab kernel: " + l; })},
        {"journal", each_line([](const std::string& l) { return "2025-03-03T12:34:56.123456+00:00 lab kernel: " + l; })},
        {"kernel:", each_line([](const std::string& l) { return "kernel: " + l; })},
        {"level", each_line([](const std::string& l) { return "<3>" + l; })},
        // userspace wrote without a newline just before the header
        {"login", [&] {
             std::string t = text;
             std::size_t h = t.find("[   42.101200] BUG: KASAN");
             return t.insert(h, "lab login: ");
         }()},
    };
    for (const auto& [name, form] : forms) {
        auto c = collect(form);
        SCOPED_TRACE(name + "\n" + titles(*c));
        const auto* u = find_title(*c, kasan);
        ASSERT_NE(u, nullptr);
        EXPECT_FALSE(u->all_corrupted) << c->reports()[u->representative].corrupted_reason;
        EXPECT_EQ(c->unique_reports().size(), 1u);
    }
}

TEST(Reports, HeaderAfterOtherTextOnTheLine) {
    auto c = collect("[   10.0] rcu: INFO: rcu_preempt self-detected stall on CPU\n"
                     "[   10.0] rcu: \t0-....: (2100 ticks this GP)\n"
                     "[   10.0] Call trace:\n"
                     "[   10.0]  lab_spin+0x10/0x20 [lab]\n"
                     "[   10.0]  full_proxy_write+0x60/0xa0\n"
                     "[   10.0]  vfs_write+0x140/0x3a0\n"
                     "[   10.0]  ksys_write+0x6c/0x100\n"
                     "[   10.1] clk: Disabling unused clocks\n"
                     "[   20.0] usb 5-1: WARNING: ath10k USB support is incomplete, don't expect anything to work!\n"
                     "[   30.0] ODEBUG: object is on stack, but not annotated\n");
    SCOPED_TRACE(titles(*c));
    ASSERT_EQ(c->unique_reports().size(), 2u);
    // an RCU stall is named after the frame before the dispatcher it came through (vfs_write)
    EXPECT_NE(find_title(*c, "INFO: rcu detected stall in full_proxy_write"), nullptr);
    EXPECT_NE(find_title(*c, "WARNING: ath10k USB support is incomplete, don't expect anything to work!"), nullptr);
}

TEST(Reports, ReplayedHeaderCountsOnce) {
    std::string text = data("kasan-arm64-slab-uaf.log");
    std::size_t h = text.find("[   42.101200] BUG: KASAN");
    text.insert(h, "[   42.101199] BUG: KASAN: slab-use-af\n** replaying previous printk message **\n");
    auto c = collect(text);
    ASSERT_EQ(c->reports().size(), 1u) << titles(*c);
    EXPECT_FALSE(c->reports()[0].corrupted) << c->reports()[0].corrupted_reason;
}

TEST(Reports, LatePanicBelongsToTheReportBeforeIt) {
    std::string text = data("mips-kernel-bug.log");
    std::string panic = "[  200.0] Kernel panic - not syncing: Fatal exception\n";
    std::size_t p = text.find("Kernel panic - not syncing");
    if (p != std::string::npos)
        text = text.substr(0, text.rfind('\n', p) + 1);
    for (int i = 0; i < 30; ++i)
        text += "[  199.0] clk: noise line " + std::to_string(i) + "\n";
    auto c = collect(text + panic);
    ASSERT_EQ(c->reports().size(), 1u) << titles(*c);
    EXPECT_EQ(c->reports()[0].title, "kernel BUG in ingenic_drm_unbind");
}

TEST(Reports, DrmErrorMessages) {
    auto c = collect("[   50.0] ------------[ cut here ]------------\n"
                     "[   50.0] WARNING: CPU: 0 PID: 61 at drivers/gpu/drm/drm_atomic_helper.c:1733 "
                     "drm_atomic_helper_wait_for_vblanks+0x2a8/0x2b8 [drm_kms_helper]\n"
                     "[   50.1] [drm:drm_atomic_helper_wait_for_flip_done [drm_kms_helper]] *ERROR* [CRTC:32:crtc-0] "
                     "flip_done timed out\n"
                     "[   50.1] Call Trace:\n"
                     "[   50.1] [<80108b34>] show_stack+0x38/0x118\n"
                     "[   50.1] [<804f2a10>] drm_atomic_helper_wait_for_vblanks+0x2a8/0x2b8 [drm_kms_helper]\n"
                     "[   50.1] [<804f3b20>] drm_atomic_helper_commit_tail+0x40/0x98 [drm_kms_helper]\n"
                     "[   50.1] ---[ end trace 0000000000000000 ]---\n"
                     "[   61.0] ingenic-drm 13050000.lcd-controller: [drm] *ERROR* Unable to enable pixel clock: -22\n"
                     "[   62.0] [drm:drm_atomic_helper_wait_for_flip_done [drm_kms_helper]] *ERROR* [CRTC:32:crtc-0] "
                     "flip_done timed out\n");
    SCOPED_TRACE(titles(*c));
    ASSERT_EQ(c->unique_reports().size(), 3u);
    const auto* w = find_title(*c, "WARNING in drm_atomic_helper_wait_for_vblanks");
    ASSERT_NE(w, nullptr); // the error line inside it did not cut it
    EXPECT_FALSE(w->all_corrupted);
    const auto* f = find_title(*c, "drm: ERROR in drm_atomic_helper_wait_for_flip_done: [CRTC:NUM:crtc-NUM] flip_done timed out");
    ASSERT_NE(f, nullptr);
    EXPECT_EQ(f->kind, Kind::dmesg_error);
    EXPECT_EQ(f->count, 2u);
    const auto* e = find_title(*c, "drm: ERROR in ingenic-drm: Unable to enable pixel clock: -NUM");
    ASSERT_NE(e, nullptr);
    EXPECT_EQ(e->kind, Kind::dmesg_error);
}

TEST(Reports, WrappedFramesAreJoined) {
    // A console 64 columns wide cuts the frames that name the bug.
    std::string text = data("mips-paging-oops.log"), wrapped, line;
    for (char ch : text) {
        if (ch != '\n') {
            line += ch;
            continue;
        }
        for (std::size_t p = 0; p < line.size(); p += 64)
            wrapped += line.substr(p, 64) + "\n";
        line.clear();
    }
    auto c = collect(wrapped);
    ASSERT_EQ(c->unique_reports().size(), 1u) << titles(*c);
    EXPECT_EQ(c->unique_reports()[0].title, "BUG: unable to handle kernel paging request in ingenic_drm_plane_atomic_update");
}

TEST(Reports, StandaloneMipsDie) {
    auto c = collect("Unhandled kernel unaligned access[#1]:\n"
                     "CPU: 0 UID: 0 PID: 214 Comm: race Not tainted 6.12.57 #1\n"
                     "epc   : 8054a1c4 ingenic_drm_update_palette+0x54/0x1a0 [ingenic_drm]\n"
                     "ra    : 8054a1a0 ingenic_drm_update_palette+0x30/0x1a0 [ingenic_drm]\n"
                     "Call Trace:\n"
                     "[<8054a1c4>] ingenic_drm_update_palette+0x54/0x1a0 [ingenic_drm]\n"
                     "\n"
                     "---[ end trace 0000000000000000 ]---\n");
    ASSERT_EQ(c->reports().size(), 1u) << titles(*c);
    EXPECT_EQ(c->reports()[0].title, "Unhandled kernel unaligned access in ingenic_drm_update_palette");
    EXPECT_EQ(c->reports()[0].kind, Kind::oops);
    EXPECT_FALSE(c->reports()[0].corrupted);
}

} // namespace

