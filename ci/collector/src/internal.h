// ingenic-lab report collector: internals shared by collector.cc and titles.cc.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "collector/collector.h"
#include "collector/symbolizer.h"
#include "collector/text.h"

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace collector {
namespace detail {

// What a report header line is. Several header types share a Kind.
enum class Hdr {
    none,
    kasan,          // BUG: KASAN: <type> in <func>
    kmsan,          // BUG: KMSAN: <type> in <func>
    kcsan,          // BUG: KCSAN: <what>
    kfence,         // BUG: KFENCE: <what> in <func>
    ubsan,          // UBSAN: <type> in <file>:<line>:<col>
    slub,           // BUG <cache> (<taint>): <what>
    lockdep,        // WARNING: possible circular locking dependency detected, ...
    warn,           // WARNING: CPU: n PID: n at <file>:<line> <func>  (__warn)
    warn_generic,   // WARNING: <anything else>
    bug_at,         // kernel BUG at <file>:<line>!  /  Kernel BUG at <func>
    bug,            // BUG: <one of the known BUG kinds> (spinlock, Bad page, using smp_processor_id, ...)
    bug_generic,    // BUG: <anything else>
    oops_bug,       // BUG: unable to handle kernel ... / BUG: kernel NULL pointer dereference
    soft_lockup,    // [watchdog: ]BUG: soft lockup - CPU#n stuck for Ns!
    atomic_sleep,   // BUG: sleeping function called from invalid context at / scheduling while atomic
    hung_task,      // INFO: task <comm>:<pid> blocked for more than N seconds. / can't die
    rcu_stall,      // [rcu: ]INFO: rcu_<flavour> (self-)detected (expedited) stall(s)
    kmemleak,       // [kmemleak: ]unreferenced object 0x... (size N):  /  BUG: memory leak
    kmemleak_summary, // [kmemleak: ]N new suspected memory leaks (see /sys/kernel/debug/kmemleak)
    panic,          // Kernel panic - not syncing: <msg>
    fault,          // [CPU n ]Unable to handle kernel <what> at virtual address ... (MIPS, arm, arm64)
    bus_error,      // Data bus error, epc == ..., ra == ...  /  Instruction bus error, ...
    gpf,            // general protection fault...: 0000 [#1]
    x86_trap,       // divide error: / invalid opcode: / int3: / stack segment: / PANIC: double fault
    die,            // <str>[#n]:  (MIPS die)  /  Internal error: <str>: <esr> [#n] ... (arm, arm64 die)
    arm_fault,      // Unhandled fault: ... / Alignment trap: ... (arm)
    serror,         // SError Interrupt on CPUn, code ...
    fixed,          // one-line reports with a fixed title (unregister_netdevice: waiting for ..., VFS: ...)
    dmesg_error,    // [drm:<func>] *ERROR* <msg>  /  [drm] *ERROR* <msg>
    // Not reports, but lines the state machine reacts to:
    banner,         // Linux version ...
    reboot_notice,  // reboot: Restarting system / Power down / System halted
    dropped,        // ** N printk messages dropped **
    replay,         // ** replaying previous printk message **
};

// How a report of this header type ends.
enum class Ending {
    terminator, // an end marker: "---[ end trace", KASAN/KFENCE "=====", "---[ end Kernel panic"
    trace,      // when its main stack trace ends
    optional,   // a trace may follow; otherwise ends when the report text stops
    line,       // the header line is the whole report
};

struct Header {
    Hdr type = Hdr::none;
    Kind kind = Kind::bug;
    bool generic = false;     // a loose match ("BUG: <anything>"): only at the start of a kernel line
    std::size_t offset = 0;   // where the header starts in the message text (other output before it)
    Ending ending = Ending::optional;
    bool needs_backtrace = false; // lockdep: the main trace is the one after "stack backtrace:"
};

// Recognises a report header anywhere in a message (at its start, or after other output on
// the same line for the unambiguous forms).
Header detect_header(std::string_view text);
bool is_report_header(Hdr h);


// A line that belongs to a report body (indented, stack frame, register dump, known
// report vocabulary). Used to notice when a report without end marker has stopped.
bool body_like(std::string_view text);
// A stack frame, or a piece of one that a wrapped line left ("[<8012ab40>] drm_atomic_hel",
// "per_commit+0x1c/0x2c [drm_kms_helper]"): keeps a trace going while it is printed.
bool frame_like(std::string_view text);
// "Call Trace:", "Call trace:", "backtrace:", "backtrace (crc ...):", "stack backtrace:"
enum class Label { none, call_trace, stack_backtrace };
Label trace_label(std::string_view text);
// Markers that may appear inside a stack trace ("<IRQ>", "</TASK>", ...).
bool trace_continuation(std::string_view text);
bool is_separator(std::string_view text, char c, std::size_t min_len = 20);

struct TitleResult {
    std::string title;
    std::string frame;
    bool ok = true;       // false: the title lacks a part the format should have
    std::string problem;  // why not ok
    bool keep_title = false; // not ok, but the title stays as it is (a panic whose report was lost)
    std::string suspect;  // the title is whole, but the report is damaged (no frames after "Call Trace:", ...)
    bool no_stack = false; // this kind of report has no stack trace to check
    std::vector<std::pair<std::string, std::string>> details;
    std::vector<std::string> symbolized;
};

// Builds the title of a report from its lines. `header` indexes the header line;
// lines before it are prefix lines ("cut here", separators). May rewrite nothing; uses
// `sym` (may be null) to resolve address-only frames.
// `trace_cut`: the report ended (end of log, another report, reboot) while its stack trace
// was still being printed.
TitleResult make_title(const Header& h, const std::vector<ReportLine>& lines, std::size_t header,
                       Symbolizer* sym, bool trace_cut = false);

// Free text in titles without what changes between occurrences (addresses, numbers).
std::string sanitize_title_text(std::string_view s);
// "Fatal exception", "panic_on_warn set", ...: a panic that only follows another report.
bool is_consequence_panic(std::string_view msg);

} // namespace detail
} // namespace collector
