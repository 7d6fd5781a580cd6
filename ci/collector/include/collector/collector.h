// ingenic-lab report collector: the streaming API.
//
// A Collector turns the guest console (and the QEMU log) into kernel reports, the way
// syzkaller's pkg/report does for its fuzzing VMs: it recognises the header line of each
// report kind the kernel prints, cuts the report's lines, names it with a syzkaller-style
// title built from the first stack frame outside a skip list, deduplicates by title with
// counts, and attributes it to the test case whose "ingenic-lab: BEGIN/END" bracket it
// fell in. It is fed incrementally, so the host runner can use it live:
//
//     collector::Options opt;            // vmlinux/modules for symbolization, known issues
//     collector::Collector c(opt);
//     c.on_report([](const Report& r, const UniqueReport& u, bool first) { ...progress... });
//     while (running) {
//         c.feed_console(bytes_from_uart0);      // any chunking
//         c.feed_qemu(bytes_from_qemu_log);      // device-side findings
//         if (quiet_for_a_while) c.idle();       // lets a finished report out without waiting
//     }
//     c.finish();                                // end of log: cut what is still open
//     collector::write_outputs(...);             // output.h
//
// Reports are delivered (callback, reports()) when they are complete: at their end
// marker, when their stack trace ends, when another report starts, at idle() or finish().
// Malformed input never throws; a report cut by the end of the log or by another report
// is marked corrupted.
//
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace collector {

class KnownIssues;

enum class Kind {
    kasan,        // BUG: KASAN: ...
    kfence,       // BUG: KFENCE: ...
    kmsan,        // BUG: KMSAN: ...
    kcsan,        // BUG: KCSAN: ...
    ubsan,        // UBSAN: ...
    slub,         // BUG <cache> (...): <what>   (SLUB debug)
    lockdep,      // possible deadlock, inconsistent lock state, bad unlock balance, ...
    warning,      // WARNING: CPU: n PID: n at file:line func
    bug,          // kernel BUG at / BUG: <other>
    oops,         // faults and oopses (Unable to handle..., general protection fault, Oops[#1], Internal error)
    atomic_sleep, // BUG: sleeping function called from invalid context / scheduling while atomic
    soft_lockup,  // watchdog: BUG: soft lockup - CPU#0 stuck for 22s!
    hung_task,    // INFO: task X:pid blocked for more than N seconds.
    rcu_stall,    // rcu: INFO: rcu_sched self-detected stall on CPU
    kmemleak,     // unreferenced object 0x... (size N):
    panic,        // Kernel panic - not syncing: ...
    dmesg_error,  // [drm:func] *ERROR* ... / [drm] *ERROR* ...  (an error message, no stack)
    reboot,       // a second "Linux version" banner without an expected reboot
    device,       // QEMU log "ingenic_<dev>_finding <kind>: <detail>" (or "ingenic-lab finding: ...")
};
const char* kind_name(Kind k);

// One line of a report: the cleaned console line and where its message text starts.
struct ReportLine {
    std::string raw;
    std::uint32_t text_offset = 0;
    std::uint64_t line_no = 0; // 1-based line number in the console (or QEMU) log
    std::string_view text() const { return std::string_view(raw).substr(text_offset); }
};

// Pseudo-case names for reports outside any BEGIN/END bracket.
inline constexpr const char* kCaseBoot = "boot";                 // before the first BEGIN of a boot
inline constexpr const char* kCaseBetween = "between cases";     // after an END, before the next BEGIN
inline constexpr const char* kCaseUnattributed = "unattributed"; // QEMU-log finding read offline without time

// One occurrence of a report.
struct Report {
    std::size_t id = 0;        // index in Collector::reports()
    std::size_t unique = 0;    // index in Collector::unique_reports()
    std::string title;
    Kind kind = Kind::bug;
    std::string case_name;     // test case or one of the pseudo-case names above
    int case_index = -1;       // index in Collector::cases(), -1 for pseudo-cases
    int boot = 0;              // 0 for the first boot of the log
    std::uint64_t line = 0;    // line number of the header (console log, or QEMU log for findings)
    double time = -1.0;        // printk timestamp of the header, -1 if none
    bool corrupted = false;
    std::string corrupted_reason;
    // Cut short because the machine stopped (end of the log, reboot, power-off), not because
    // another report interrupted it: only such a cut title may match a known entry by prefix.
    bool machine_stopped = false;
    bool known = false;        // a known-issues entry matches this occurrence (title and case)
    std::string known_reason;
    std::string frame;         // the frame the title names ("" if none)
    std::string source;        // "console" or "qemu"
    std::vector<std::pair<std::string, std::string>> details; // e.g. access=Read, size=8, cache=...
    std::vector<ReportLine> lines;      // raw lines; kept for the first occurrences of a title only
    std::vector<std::string> symbolized; // "func+off/size -> file:line" lines when symbolized
    bool lines_dropped = false;          // lines not kept (a later duplicate)
};

// All occurrences of one title.
struct UniqueReport {
    std::string title;
    Kind kind = Kind::bug;
    std::size_t count = 0;
    std::vector<std::size_t> occurrences; // indexes into reports()
    std::size_t representative = 0;      // the occurrence whose lines stand for the title
    bool all_corrupted = true;
    bool known = false;                  // every occurrence is known (in the case it happened in)
    std::string known_reason;            // the reason of the first entry that matched
};

struct CaseRecord {
    enum class Result { pass, fail, error, skip };
    std::string name;
    std::string status;       // as written after END, or "incomplete" (no END seen)
    Result result = Result::error;
    bool ended = false;       // an END line closed it
    int boot = 0;
    std::uint64_t begin_line = 0, end_line = 0;
    double begin_time = -1.0, end_time = -1.0;
    std::vector<std::size_t> reports; // indexes into reports()
};
const char* result_name(CaseRecord::Result r);

// A device-side finding from the QEMU log.
struct Finding {
    std::string device, kind, detail;
    bool further_suppressed = false; // the model's rate limiter muted this kind after this line
    std::string case_name;
    int case_index = -1;
    std::uint64_t line = 0; // line in the QEMU log
    double time = -1.0;
    std::size_t report = 0; // index in reports()
};

struct Options {
    // Symbolization of address-only frames (and file:line for symbolic ones).
    std::string vmlinux;     // lane's vmlinux (ELF with symbols/debug info); empty: off
    std::string modules_dir; // directory searched recursively for <module>.ko
    std::string tool_prefix; // binutils prefix ("mipsel-linux-gnu-"); empty: from the ELF
    bool symbolize = true;
    // Known issues: marks UniqueReport::known (may be null). Not owned.
    const KnownIssues* known = nullptr;
    // Treat every reboot banner as expected (a whole log of reboot tests).
    bool expect_reboots = false;
    // QEMU-log lines without a "[seconds]" prefix are "unattributed" instead of being
    // attributed to the case current at the time they are fed (offline use).
    bool offline_qemu = false;
    std::size_t max_line = 8192;
    // Raw lines are kept for this many occurrences of each title (first and first clean).
    std::size_t keep_lines_per_title = 2;
};

struct RunInfo {
    std::uint64_t console_bytes = 0, console_lines = 0;
    std::uint64_t qemu_bytes = 0, qemu_lines = 0;
    int boots = 0;                 // "Linux version" banners seen
    std::string kernel_release;    // from the first banner
    bool timestamps = false;       // printk timestamps seen
    bool caller_ids = false;       // CONFIG_PRINTK_CALLER ids seen
    bool log_ended_in_report = false;
    std::string symbolizer;        // addr2line used, "" if none
    std::vector<std::string> warnings; // protocol problems (END without BEGIN, ...)
};

class Collector {
public:
    using ReportCallback = std::function<void(const Report&, const UniqueReport&, bool first_of_title)>;

    explicit Collector(Options opt = {});
    ~Collector();
    Collector(const Collector&) = delete;
    Collector& operator=(const Collector&) = delete;

    // Console bytes in any chunking (UART0 stream or a console.log file).
    void feed_console(std::string_view bytes);
    // QEMU log bytes in any chunking. Device-side findings become device reports: QEMU's
    // log trace backend lines "ingenic_<dev>_finding <kind>: <detail>" (optionally prefixed
    // "<pid>@<sec>.<usec>:") and the older "ingenic-lab finding: <dev>: <kind>: <detail>";
    // other lines are ignored. An optional leading "[  12.345678] " guest time places the
    // finding on the console's case timeline.
    void feed_qemu(std::string_view bytes);
    // The runner announces that the guest will reboot (the next banner is expected).
    void expect_reboot();
    // The runner saw no output for a while: deliver reports that only wait for trailing
    // lines (a panic after an oops, FIX lines after a SLUB report). Open reports stay open.
    void idle();
    // End of the logs: flush partial lines, cut open reports (corrupted), close open cases.
    void finish();
    bool finished() const;

    void on_report(ReportCallback cb);

    const std::vector<Report>& reports() const;
    const std::vector<UniqueReport>& unique_reports() const;
    const std::vector<CaseRecord>& cases() const;
    const std::vector<Finding>& findings() const;
    const RunInfo& run_info() const;
    const Options& options() const;

    // Where a report would be attributed now: the open case, "boot" or "between cases".
    std::string current_attribution() const;
    // One line for a terminal: "case X | N reports (U unique, K new) | last: TITLE".
    std::string progress_line() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace collector
