// A whole run: BEGIN/END attribution, case statuses, dedup counts, device findings,
// known issues and the verdict, JSON/JUnit outputs, interleaving, reboots, truncation.
// SPDX-License-Identifier: GPL-2.0-or-later
#include "collector/known_issues.h"
#include "collector/output.h"
#include "helpers.h"

#include <gtest/gtest.h>

#include <map>

using namespace collector;
using testutil::collect;
using testutil::data;
using testutil::find_title;
using testutil::titles;

namespace {

const char* kKasan = "KASAN: slab-use-after-free Read in regmap_write";
const char* kBootWarn = "WARNING in clk_core_disable";
const char* kUbsan = "UBSAN: shift-out-of-bounds in ingenic_ipu_set_coefs";
const char* kLockdep = "possible deadlock in ingenic_drm_crtc_atomic_flush";
const char* kShutdown = "WARNING in drm_atomic_helper_shutdown";

std::unique_ptr<Collector> bracketed(const KnownIssues* known = nullptr, std::size_t chunk = 0, bool offline = true) {
    Options opt;
    opt.known = known;
    opt.offline_qemu = offline;
    auto c = std::make_unique<Collector>(opt);
    std::string con = data("bracketed-run.log"), q = data("bracketed-run.qemu.log");
    if (!chunk) {
        c->feed_console(con);
    } else {
        for (std::size_t off = 0; off < con.size(); off += chunk)
            c->feed_console(std::string_view(con).substr(off, chunk));
    }
    c->feed_qemu(q);
    c->finish();
    return c;
}

const CaseRecord* find_case(const Collector& c, const std::string& name) {
    for (const auto& k : c.cases())
        if (k.name == name)
            return &k;
    return nullptr;
}

TEST(Run, AttributionAndStatuses) {
    for (std::size_t chunk : {std::size_t(0), std::size_t(1), std::size_t(13), std::size_t(1000)}) {
        auto c = bracketed(nullptr, chunk);
        SCOPED_TRACE("chunk " + std::to_string(chunk) + "\n" + titles(*c));
        ASSERT_EQ(c->cases().size(), 5u);
        const auto* modeset = find_case(*c, "kms-modeset");
        ASSERT_NE(modeset, nullptr);
        EXPECT_EQ(modeset->status, "pass");
        EXPECT_EQ(modeset->result, CaseRecord::Result::pass);
        EXPECT_TRUE(modeset->reports.empty());
        EXPECT_NEAR(modeset->begin_time, 5.0, 1e-9);
        EXPECT_NEAR(modeset->end_time, 5.5, 1e-9);

        const auto* unbind = find_case(*c, "commit-vs-unbind"); // "<6>" after the timestamp
        ASSERT_NE(unbind, nullptr);
        EXPECT_EQ(unbind->result, CaseRecord::Result::fail);
        EXPECT_EQ(unbind->reports.size(), 3u); // two KASAN, one timestamped device finding

        const auto* flip = find_case(*c, "flip-vs-unbind"); // "<6>" before the timestamp
        ASSERT_NE(flip, nullptr);
        EXPECT_EQ(flip->status, "pass");
        EXPECT_EQ(flip->reports.size(), 1u);

        const auto* skip = find_case(*c, "ipu-plane-vs-ipu-unbind");
        ASSERT_NE(skip, nullptr);
        EXPECT_EQ(skip->result, CaseRecord::Result::skip);

        const auto* rmmod = find_case(*c, "rmmod-vs-commit"); // no END: the log stops
        ASSERT_NE(rmmod, nullptr);
        EXPECT_FALSE(rmmod->ended);
        EXPECT_EQ(rmmod->status, "incomplete");
        EXPECT_EQ(rmmod->result, CaseRecord::Result::error);

        const auto* kasan = find_title(*c, kKasan);
        ASSERT_NE(kasan, nullptr);
        EXPECT_EQ(kasan->count, 2u);
        for (std::size_t id : kasan->occurrences)
            EXPECT_EQ(c->reports()[id].case_name, "commit-vs-unbind");

        const auto* boot_warn = find_title(*c, kBootWarn);
        ASSERT_NE(boot_warn, nullptr);
        EXPECT_EQ(c->reports()[boot_warn->representative].case_name, kCaseBoot);
        EXPECT_EQ(c->reports()[boot_warn->representative].case_index, -1);

        const auto* ubsan = find_title(*c, kUbsan);
        ASSERT_NE(ubsan, nullptr);
        EXPECT_EQ(c->reports()[ubsan->representative].case_name, kCaseBetween);

        const auto* lock = find_title(*c, kLockdep);
        ASSERT_NE(lock, nullptr);
        EXPECT_EQ(c->reports()[lock->representative].case_name, "flip-vs-unbind");

        const auto* shut = find_title(*c, kShutdown);
        ASSERT_NE(shut, nullptr);
        EXPECT_EQ(c->reports()[shut->representative].case_name, "rmmod-vs-commit");

        // The userspace "BUG:" line without a timestamp is not a report; the screen marker
        // is protocol, not text.
        for (const auto& u : c->unique_reports())
            EXPECT_EQ(u.title.find("userspace"), std::string::npos);
        EXPECT_EQ(c->reports().size(), 2u + 1 + 1 + 1 + 1 + 3); // kasan x2, warn, ubsan, lockdep, shutdown, 3 findings
        EXPECT_TRUE(c->run_info().timestamps);
        EXPECT_EQ(c->run_info().boots, 1);
    }
}

TEST(Run, DeviceFindings) {
    auto c = bracketed();
    ASSERT_EQ(c->findings().size(), 3u);
    const Finding& f0 = c->findings()[0];
    EXPECT_EQ(f0.device, "lcdc");
    EXPECT_EQ(f0.kind, "gated-access");
    EXPECT_EQ(f0.detail, "write 0x0 to LCDCTRL (0x30) while the lcd clock gate is off");
    EXPECT_EQ(f0.case_name, kCaseUnattributed); // offline, no time
    EXPECT_EQ(c->findings()[1].case_name, "commit-vs-unbind"); // [6.5] on the case timeline
    EXPECT_EQ(c->findings()[2].case_name, kCaseBetween);        // [9.5] after flip-vs-unbind ended
    const auto* gated = find_title(*c, "ingenic-lab: lcdc: gated-access");
    ASSERT_NE(gated, nullptr);
    EXPECT_EQ(gated->count, 2u);
    EXPECT_EQ(gated->kind, Kind::device);
    const auto* ipu = find_title(*c, "ingenic-lab: ipu: active-at-reset");
    ASSERT_NE(ipu, nullptr);
    const auto* unbind = find_case(*c, "commit-vs-unbind");
    EXPECT_EQ(unbind->reports.size(), 3u); // two KASAN + the IPU finding
}

TEST(Run, LiveQemuLinesGoToTheCurrentCase) {
    Collector c;
    c.feed_console("[ 1.0] ingenic-lab: BEGIN irq-vs-unbind\n");
    c.feed_qemu("ingenic-lab finding: lcdc: gated-access: write\n");
    EXPECT_EQ(c.current_attribution(), "irq-vs-unbind");
    c.feed_console("[ 2.0] ingenic-lab: END irq-vs-unbind pass\n");
    c.feed_qemu("ingenic-lab finding: ipu: guest-error: bad\n");
    c.finish();
    ASSERT_EQ(c.findings().size(), 2u);
    EXPECT_EQ(c.findings()[0].case_name, "irq-vs-unbind");
    EXPECT_EQ(c.findings()[1].case_name, kCaseBetween);
    EXPECT_EQ(c.cases()[0].reports.size(), 1u);
}

TEST(Run, CallbackAndProgressLine) {
    Collector c;
    std::vector<std::pair<std::string, bool>> seen;
    c.on_report([&](const Report& r, const UniqueReport& u, bool first) {
        EXPECT_EQ(r.title, u.title);
        seen.push_back({r.title, first});
    });
    std::string text = data("bracketed-run.log");
    // Feed up to the first END: the first KASAN report is out once the second started; the
    // second waits for trailing lines (a panic could follow) until the END marker.
    std::size_t cut = text.find("[    7.000000] ingenic-lab: END commit-vs-unbind");
    c.feed_console(std::string_view(text).substr(0, cut));
    ASSERT_EQ(seen.size(), 2u);
    EXPECT_EQ(seen[0].first, kBootWarn);
    EXPECT_TRUE(seen[1].second);
    EXPECT_EQ(seen[1].first, kKasan);
    std::string p = c.progress_line();
    EXPECT_NE(p.find("case commit-vs-unbind | 2 reports (2 unique, 2 new)"), std::string::npos) << p;
    std::size_t eol = text.find('\n', cut) + 1;
    c.feed_console(std::string_view(text).substr(cut, eol - cut));
    ASSERT_EQ(seen.size(), 3u);
    EXPECT_FALSE(seen[2].second); // second KASAN: same title
    p = c.progress_line();
    EXPECT_NE(p.find("case between cases | 3 reports (2 unique, 2 new) | last: " + std::string(kKasan)),
              std::string::npos)
        << p;
    cut = eol;
    c.feed_console(std::string_view(text).substr(cut));
    c.finish();
}

TEST(Run, IdleReleasesACompletedReport) {
    Collector c;
    std::size_t n = 0;
    c.on_report([&](const Report&, const UniqueReport&, bool) { ++n; });
    c.feed_console(data("warning-arm64-refcount.log"));
    EXPECT_EQ(n, 0u); // complete, but waiting for a panic that might follow
    c.idle();
    EXPECT_EQ(n, 1u);
    c.finish();
    EXPECT_EQ(n, 1u);
}

TEST(Run, KnownIssuesAndVerdict) {
    KnownIssues known;
    std::string err;
    ASSERT_TRUE(known.load_text("# reviewed list\n"
                                "WARNING in clk_*\tboot-time clock warning, upstream bug 123\n"
                                "/^UBSAN: shift-out-of-bounds in .*$/ # ipu coefficient shift, fixed in our patch 0007\n"
                                "KFENCE: use-after-free read in *\texpected from the zoo, not seen this run\n",
                                "test-known.txt", err))
        << err;
    auto c = bracketed(&known);
    EXPECT_TRUE(find_title(*c, kBootWarn)->known);
    EXPECT_EQ(find_title(*c, kBootWarn)->known_reason, "boot-time clock warning, upstream bug 123");
    EXPECT_TRUE(find_title(*c, kUbsan)->known);
    EXPECT_FALSE(find_title(*c, kKasan)->known);
    Verdict v = compute_verdict(*c, &known);
    EXPECT_EQ(v.known_titles, 2u);
    EXPECT_EQ(v.new_titles, c->unique_reports().size() - 2);
    ASSERT_EQ(v.known_missing.size(), 1u);
    EXPECT_EQ(v.known_missing[0]->line, 4);
    EXPECT_FALSE(v.pass());

    // Only known reports and passing cases: the verdict passes.
    KnownIssues all;
    ASSERT_TRUE(all.load_text("* # everything is expected in this test\n", "all.txt", err));
    auto clean = collect(data("warning-mips-shutdown.log"), [&] {
        Options o;
        o.known = &all;
        return o;
    }());
    Verdict v2 = compute_verdict(*clean, &all);
    EXPECT_TRUE(v2.pass());
}

TEST(Run, KnownIssuesCutReport) {
    // rtc-jz4740's power-off: QEMU powers off at the HIBERNATE write, sometimes in the
    // middle of the lockdep report the kernel prints next. The cut title keeps what came
    // through and matches the exact entry it starts, up to a word boundary.
    KnownIssues known;
    std::string err;
    ASSERT_TRUE(known.load_text("WARNING: locking bug in blocking_notifier_call_chain\trtc-jz4740 power-off\n"
                                "WARNING in drm_atomic_helper_shutdown\tsomething else\n",
                                "k.txt", err))
        << err;
    Options o;
    o.known = &known;
    auto c = collect(data("lockdep-wait-context-cut.log"), o);
    ASSERT_EQ(c->unique_reports().size(), 1u) << titles(*c);
    const auto& u = c->unique_reports()[0];
    EXPECT_EQ(u.title, "corrupted: WARNING: locking bug");
    EXPECT_TRUE(c->reports()[0].machine_stopped);
    EXPECT_TRUE(u.known);
    EXPECT_EQ(u.known_reason, "rtc-jz4740 power-off");
    Verdict v = compute_verdict(*c, &known);
    EXPECT_EQ(v.new_titles, 0u);
    ASSERT_EQ(v.known_missing.size(), 1u);
    EXPECT_EQ(v.known_missing[0]->line, 2);

    // Prefix matching is for titles cut because the machine stopped, ends at a word
    // boundary and needs more than the bare report kind; globs and regexes match a cut
    // title only whole.
    EXPECT_EQ(known.match("WARNING: locking bug", "", true), nullptr);
    EXPECT_EQ(known.match("corrupted: WARNING: locking bug", "", false), nullptr);
    EXPECT_EQ(known.match("corrupted: WARNING: locking b", "", true), nullptr);
    EXPECT_EQ(known.match("corrupted: WARNING", "", true), nullptr);
    EXPECT_EQ(known.match("corrupted: WARNING in drm_atomic_helper", "", true), nullptr);
    EXPECT_NE(known.match("corrupted: WARNING in drm_atomic_helper_shutdown", "", true), nullptr);
    KnownIssues g;
    ASSERT_TRUE(g.load_text("possible deadlock in drm_*\tglob\n", "g.txt", err)) << err;
    EXPECT_EQ(g.match("corrupted: possible deadlock", "", true), nullptr);
    EXPECT_NE(g.match("corrupted: possible deadlock in drm_ioctl", "", true), nullptr);
}

TEST(Run, QemuTraceFindings) {
    // QEMU's log trace backend, with and without its "pid@sec.usec:" prefix, and the old form.
    Options o;
    o.offline_qemu = true;
    Collector c(o);
    c.feed_qemu("1234@1700000000.123456:ingenic_lcdc_finding gated-access: read LCDCTRL (0x030) = 0x4400200c "
                "while the pixel clock is stopped\n"
                "ingenic_ipu_finding active-at-reset: IPU DMA still running\n"
                "ingenic-lab finding: lcdc: gated-disable: LCDCTRL.ENA cleared while gated\n"
                "ingenic_lcdc_read 0x30\n"
                "some_other_finding x: y\n");
    c.finish();
    ASSERT_EQ(c.findings().size(), 3u) << titles(c);
    EXPECT_EQ(c.findings()[0].device, "lcdc");
    EXPECT_EQ(c.findings()[0].kind, "gated-access");
    EXPECT_EQ(c.findings()[0].detail, "read LCDCTRL (0x030) = 0x4400200c while the pixel clock is stopped");
    EXPECT_EQ(c.findings()[1].device, "ipu");
    EXPECT_EQ(c.findings()[2].kind, "gated-disable");
    EXPECT_NE(find_title(c, "ingenic-lab: lcdc: gated-access"), nullptr);
    EXPECT_NE(find_title(c, "ingenic-lab: ipu: active-at-reset"), nullptr);
    EXPECT_NE(find_title(c, "ingenic-lab: lcdc: gated-disable"), nullptr);
}

TEST(Run, KnownIssuesCutByInterleaveIsNew) {
    // The same cut report, but cut because another report started in the middle of it (no
    // caller ids): that is a second bug inside the first, and the cut title is new.
    KnownIssues known;
    std::string err;
    ASSERT_TRUE(known.load_text("WARNING: locking bug in blocking_notifier_call_chain\trtc-jz4740 power-off\n",
                                "k.txt", err))
        << err;
    std::string cut = data("lockdep-wait-context-cut.log");
    std::string other = "[  480.100000] ------------[ cut here ]------------\n"
                        "[  480.100010] WARNING: CPU: 0 PID: 1 at drivers/gpu/drm/drm_plane.c:100 drm_plane_cleanup+0x1c/0x80\n"
                        "[  480.100020] Call Trace:\n"
                        "[  480.100030] [<80108b34>] drm_plane_cleanup+0x1c/0x80\n"
                        "[  480.100040] ---[ end trace 0000000000000000 ]---\n";
    Options o;
    o.known = &known;
    auto c = collect(cut + other, o);
    const UniqueReport* u = find_title(*c, "corrupted: WARNING: locking bug");
    ASSERT_NE(u, nullptr) << titles(*c);
    const Report& r = c->reports()[u->occurrences[0]];
    EXPECT_EQ(r.corrupted_reason, "interrupted by another report");
    EXPECT_FALSE(r.machine_stopped);
    EXPECT_FALSE(u->known);
    EXPECT_FALSE(compute_verdict(*c, &known).pass());
}

TEST(Run, KnownIssuesScopedToCases) {
    KnownIssues known;
    std::string err;
    ASSERT_TRUE(known.load_text("WARNING in drm_atomic_helper_shutdown [cases: rmmod-*, boot]\tshutdown race\n"
                                "KASAN: * [cases: ipu-unbind-rebind]\tthe IPU unbind use-after-free\n",
                                "k.txt", err))
        << err;
    ASSERT_EQ(known.entries().size(), 2u);
    EXPECT_EQ(known.entries()[0].pattern, "WARNING in drm_atomic_helper_shutdown");
    EXPECT_EQ(known.entries()[0].cases, (std::vector<std::string>{"rmmod-*", "boot"}));
    EXPECT_NE(known.match(kShutdown, "rmmod-vs-commit"), nullptr);
    EXPECT_EQ(known.match(kShutdown, "commit-vs-unbind"), nullptr);
    // In the bracketed run the shutdown WARN is in rmmod-vs-commit (known), the KASAN report
    // in commit-vs-unbind (out of scope: new).
    auto c = bracketed(&known);
    EXPECT_TRUE(find_title(*c, kShutdown)->known);
    EXPECT_FALSE(find_title(*c, kKasan)->known);
    Verdict v = compute_verdict(*c, &known);
    // The KASAN entry could have appeared only in ipu-unbind-rebind, which did not run.
    EXPECT_TRUE(v.known_missing.empty());
    EXPECT_FALSE(known.load_text("WARNING in x [cases: ]\treason\n", "k2.txt", err));
    EXPECT_EQ(err, "k2.txt:1: entry has an empty [cases: ...] scope");
}

TEST(Run, KnownIssuesFileErrors) {
    KnownIssues k;
    std::string err;
    EXPECT_FALSE(k.load_text("KASAN: x in y\n", "k.txt", err));
    EXPECT_EQ(err, "k.txt:1: entry has no reason (write the title, then a TAB or ' # ', then why it is expected)");
    EXPECT_FALSE(k.load_text("# c\n\n/[unclosed/\treason\n", "k2.txt", err));
    EXPECT_EQ(err.rfind("k2.txt:3: bad regular expression", 0), 0u) << err;
    EXPECT_FALSE(k.load_text("\t reason only\n", "k3.txt", err));
    EXPECT_TRUE(glob_match("possible deadlock in *", "possible deadlock in drm_ioctl"));
    EXPECT_TRUE(glob_match("BUG kmalloc-???: *", "BUG kmalloc-128: Poison overwritten"));
    EXPECT_FALSE(glob_match("BUG kmalloc-???: *", "BUG kmalloc-64: Poison overwritten"));
}

TEST(Run, Outputs) {
    KnownIssues known;
    std::string err;
    ASSERT_TRUE(known.load_text("WARNING in clk_core_disable\tboot warning\n", "k.txt", err));
    auto c = bracketed(&known);
    RunMeta meta;
    meta.console_log = "bracketed-run.log";
    meta.lane = "kasan";
    meta.kernel = "6.12";
    std::string json = results_json(*c, &known, meta);
    EXPECT_NE(json.find("\"schema\": \"ingenic-lab-results/1\""), std::string::npos);
    EXPECT_NE(json.find("\"verdict\": \"fail\""), std::string::npos);
    EXPECT_NE(json.find("\"title\": \"KASAN: slab-use-after-free Read in regmap_write\""), std::string::npos);
    EXPECT_NE(json.find("\"file\": \"reports/002-KASAN-slab-use-after-free-Read-in-regmap_write.txt\""),
              std::string::npos)
        << json;
    std::string junit = junit_xml(*c, &known, meta);
    EXPECT_NE(junit.find("<testsuite name=\"ingenic-lab.kasan-6.12\" tests=\"6\""), std::string::npos) << junit;
    // boot holds the reports outside cases: a new UBSAN between cases and an unattributed
    // finding fail it; flip-vs-unbind passed but had a new lockdep report.
    auto tc = [&](const std::string& name) { // up to the next testcase (a passing one is <testcase .../>)
        std::size_t p = junit.find("name=\"" + name + "\"");
        std::size_t e = junit.find("<testcase", p);
        return junit.substr(p, e == std::string::npos ? std::string::npos : e - p);
    };
    EXPECT_NE(tc("boot").find("<failure"), std::string::npos);
    EXPECT_NE(tc("boot").find(kUbsan), std::string::npos);
    EXPECT_NE(tc("boot").find(std::string(kBootWarn) + " [known: boot warning]"), std::string::npos);
    EXPECT_NE(tc("flip-vs-unbind").find("<failure"), std::string::npos);
    EXPECT_NE(tc("flip-vs-unbind").find(kLockdep), std::string::npos);
    EXPECT_NE(tc("rmmod-vs-commit").find("<error"), std::string::npos);
    EXPECT_NE(tc("ipu-plane-vs-ipu-unbind").find("<skipped"), std::string::npos);
    EXPECT_EQ(tc("kms-modeset").find("<failure"), std::string::npos);
    std::string txt = report_text(*c, find_title(*c, kKasan) - c->unique_reports().data());
    EXPECT_NE(txt.find("count:     2"), std::string::npos) << txt;
    EXPECT_NE(txt.find("cases:     commit-vs-unbind (2)"), std::string::npos) << txt;
    EXPECT_EQ(report_file_name(7, "BUG: unable to handle kernel paging request in foo.bar"),
              "reports/007-BUG-unable-to-handle-kernel-paging-request-in-foo.bar.txt");
}

TEST(Run, InterleavedCallersAreRepaired) {
    auto c = collect(data("interleaved-callers.log"));
    ASSERT_EQ(c->unique_reports().size(), 2u) << titles(*c);
    EXPECT_TRUE(c->run_info().caller_ids);
    for (const auto& r : c->reports())
        EXPECT_FALSE(r.corrupted) << r.title << ": " << r.corrupted_reason;
    EXPECT_NE(find_title(*c, kKasan), nullptr) << titles(*c);
    EXPECT_NE(find_title(*c, "WARNING in ingenic_drm_irq_handler"), nullptr) << titles(*c);
    // Each report holds only its own context's lines.
    const auto& k = c->reports()[find_title(*c, kKasan)->representative];
    for (const auto& l : k.lines)
        EXPECT_NE(l.raw.find("T211"), std::string::npos) << l.raw;
}

TEST(Run, InterleavedWithoutCallersIsCorrupted) {
    auto c = collect(data("interleaved-nocaller.log"));
    const auto* w = find_title(*c, "WARNING in ingenic_drm_irq_handler");
    ASSERT_NE(w, nullptr) << titles(*c);
    EXPECT_TRUE(w->all_corrupted);
    EXPECT_EQ(c->reports()[w->representative].corrupted_reason, "interrupted by another report");
    const auto* k = find_title(*c, kKasan);
    ASSERT_NE(k, nullptr) << titles(*c);
    EXPECT_FALSE(k->all_corrupted);
}

TEST(Run, UnexpectedReboot) {
    auto c = collect(data("reboot-unexpected.log"));
    EXPECT_EQ(c->run_info().boots, 3);
    ASSERT_EQ(c->reports().size(), 1u) << titles(*c); // the third boot followed "reboot: Restarting system"
    const Report& r = c->reports()[0];
    EXPECT_EQ(r.title, "unexpected kernel reboot");
    EXPECT_EQ(r.kind, Kind::reboot);
    EXPECT_EQ(r.case_name, "commit-vs-unbind");
    EXPECT_EQ(r.line, 6u);
    ASSERT_EQ(c->cases().size(), 2u);
    EXPECT_EQ(c->cases()[0].status, "incomplete");
    EXPECT_EQ(c->cases()[1].boot, 1);

    Options o;
    o.expect_reboots = true;
    EXPECT_TRUE(collect(data("reboot-unexpected.log"), o)->reports().empty());

    Collector live;
    live.feed_console("[ 0.0] Linux version 6.12.57 #1\n[ 1.0] ingenic-lab: BEGIN commit-vs-poweroff\n");
    live.expect_reboot();
    live.feed_console("[ 0.0] Linux version 6.12.57 #1\n");
    live.finish();
    EXPECT_TRUE(live.reports().empty());
}

TEST(Run, TruncatedAtEveryLine) {
    // Cut each sample after every line: never a crash, the report keeps its kind, and a
    // report cut before its end is corrupted.
    for (const char* f : {"kasan-arm64-slab-uaf.log", "lockdep-circular.log", "mips-paging-oops.log",
                          "slub-poison-6.12.log", "hung-task.log", "arm64-null-deref.log", "kmemleak.log"}) {
        std::string text = data(f);
        auto full = collect(text);
        ASSERT_FALSE(full->reports().empty()) << f;
        Kind kind = full->reports()[0].kind;
        std::size_t pos = 0;
        int cuts = 0, corrupted = 0;
        while ((pos = text.find('\n', pos)) != std::string::npos) {
            ++pos;
            auto c = collect(text.substr(0, pos));
            for (const auto& r : c->reports()) {
                EXPECT_EQ(r.kind, kind) << f << " cut at " << pos << ": " << r.title;
                EXPECT_FALSE(r.title.empty());
                corrupted += r.corrupted;
            }
            ++cuts;
        }
        EXPECT_GT(corrupted, 0) << f;
        EXPECT_GT(cuts, 10) << f;
    }
}

TEST(Run, TruncatedKasanIsCorrupted) {
    std::string text = data("kasan-arm64-slab-uaf.log");
    auto c = collect(text.substr(0, text.find("Freed by task")));
    ASSERT_EQ(c->reports().size(), 1u);
    EXPECT_TRUE(c->reports()[0].corrupted);
    EXPECT_EQ(c->reports()[0].corrupted_reason, "log ended before the report completed");
    EXPECT_EQ(c->reports()[0].title, kKasan); // the title survives the cut
    EXPECT_TRUE(c->run_info().log_ended_in_report);
    auto c2 = collect(text.substr(0, text.find("Read of size")));
    ASSERT_EQ(c2->reports().size(), 1u);
    // Cut before its access line the title keeps what is certain, so that it is a prefix of
    // the whole title ("KASAN: slab-use-after-free Read in regmap_write").
    EXPECT_EQ(c2->reports()[0].title, "corrupted: KASAN: slab-use-after-free");
}

TEST(Run, CrlfNulAndGarbage) {
    std::string text = data("kasan-arm64-slab-uaf.log");
    std::string mangled;
    for (char ch : text) {
        if (ch == '\n')
            mangled += "\r\r\n";
        else
            mangled += ch;
    }
    mangled = std::string("\0\0\0\xff\xfe\x1b[2J", 8) + mangled;
    mangled.insert(mangled.find("Call trace"), std::string("\x1b[1m", 4));
    auto c = collect(mangled, {}, 5);
    ASSERT_EQ(c->reports().size(), 1u) << titles(*c);
    EXPECT_EQ(c->reports()[0].title, kKasan);
    EXPECT_FALSE(c->reports()[0].corrupted);
}

TEST(Run, PrintkDropsMarkCorrupted) {
    std::string text = data("lockdep-circular.log");
    text.insert(text.find("[   55.100280]"), "** 12 printk messages dropped **\n");
    auto c = collect(text);
    ASSERT_EQ(c->reports().size(), 1u) << titles(*c);
    EXPECT_TRUE(c->reports()[0].corrupted);
    EXPECT_EQ(c->reports()[0].corrupted_reason, "printk messages dropped inside the report");
}

TEST(Run, ProtocolOddities) {
    auto c = collect("[ 1.0] ingenic-lab: BEGIN a\n"
                     "[ 2.0] ingenic-lab: BEGIN b\n"
                     "[ 3.0] ingenic-lab: END c pass\n"
                     "[ 4.0] ingenic-lab: END d fail\n"
                     "[ 5.0] test[77]: ingenic-lab: BEGIN e\n"
                     "[ 6.0] ingenic-lab: END e timeout\n");
    ASSERT_EQ(c->cases().size(), 5u);
    EXPECT_EQ(c->cases()[0].name, "a");
    EXPECT_EQ(c->cases()[0].status, "incomplete");
    EXPECT_EQ(c->cases()[1].status, "incomplete"); // END c closed b without matching
    EXPECT_EQ(c->cases()[2].name, "c");
    EXPECT_EQ(c->cases()[3].name, "d");
    EXPECT_EQ(c->cases()[3].result, CaseRecord::Result::fail);
    EXPECT_EQ(c->cases()[4].name, "e");
    EXPECT_EQ(c->cases()[4].result, CaseRecord::Result::error);
    EXPECT_EQ(c->run_info().warnings.size(), 3u);
}

TEST(Run, EndMarkerEndsATraceInProgress) {
    Collector c;
    std::size_t n = 0;
    c.on_report([&](const Report& r, const UniqueReport&, bool) {
        ++n;
        EXPECT_EQ(r.case_name, "flip-vs-unbind");
        EXPECT_FALSE(r.corrupted);
    });
    std::string text = data("bracketed-run.log");
    std::size_t from = text.find("[    8.000000]"), to = text.find("[   10.000000]");
    c.feed_console("[ 7.9] ingenic-lab: BEGIN x\n[ 7.95] ingenic-lab: END x pass\n");
    c.feed_console(std::string_view(text).substr(from, to - from)); // lockdep, arm64 trace, then END
    EXPECT_EQ(n, 1u);
    c.finish();
    EXPECT_EQ(n, 1u);
}

} // namespace
