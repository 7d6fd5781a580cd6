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
    kfence,         // BUG: KFENCE: <what> in <func>
    ubsan,          // UBSAN: <type> in <file>:<line>:<col>
    slub,           // BUG <cache> (<taint>): <what>
    lockdep,        // WARNING: possible circular locking dependency detected, ...
    warn,           // WARNING: CPU: n PID: n at <file>:<line> <func>  (__warn)
    warn_generic,   // WARNING: <anything else>
    bug_at,         // kernel BUG at <file>:<line>!
    bug_generic,    // BUG: <anything else>
    oops_bug,       // BUG: unable to handle kernel ... / BUG: kernel NULL pointer dereference
    atomic_sleep,   // BUG: sleeping function called from invalid context at / scheduling while atomic
    hung_task,      // INFO: task <comm>:<pid> blocked for more than N seconds.
    rcu_stall,      // [rcu: ]INFO: rcu_<flavour> (self-)detected (expedited) stall(s)
    kmemleak,       // [kmemleak: ]unreferenced object 0x... (size N):
    kmemleak_summary, // [kmemleak: ]N new suspected memory leaks (see /sys/kernel/debug/kmemleak)
    panic,          // Kernel panic - not syncing: <msg>
    mips_fault,     // CPU n Unable to handle kernel paging request at virtual address ..., epc == ..., ra == ...
    bus_error,      // Data bus error, epc == ..., ra == ...  /  Instruction bus error, ...
    arm64_fault,    // Unable to handle kernel <what> at virtual address ...
    die,            // <str>[#n]:  (MIPS die)  /  Internal error: <str>: <esr> [#n] ... (arm64 die)
    serror,         // SError Interrupt on CPUn, code ...
    // Not reports, but lines the state machine reacts to:
    banner,         // Linux version ...
    reboot_notice,  // reboot: Restarting system / Power down / System halted
    dropped,        // ** N printk messages dropped **
};

struct Header {
    Hdr type = Hdr::none;
    Kind kind = Kind::bug;
    bool generic = false; // a loose match: only trusted on kernel (timestamped) lines
};

Header detect_header(std::string_view text);
bool is_report_header(Hdr h);

// How a report of this header type ends.
enum class Ending {
    terminator, // an end marker: "---[ end trace", KASAN/KFENCE "=====", "---[ end Kernel panic"
    trace,      // when its main stack trace ends
    optional,   // a trace may follow; otherwise ends when the report text stops
};
Ending ending_of(Hdr h);

// A line that belongs to a report body (indented, stack frame, register dump, known
// report vocabulary). Used to notice when a report without end marker has stopped.
bool body_like(std::string_view text);
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
    std::vector<std::pair<std::string, std::string>> details;
    std::vector<std::string> symbolized;
};

// Builds the title of a report from its lines. `header` indexes the header line;
// lines before it are prefix lines ("cut here", separators). May rewrite nothing; uses
// `sym` (may be null) to resolve address-only frames.
TitleResult make_title(Hdr h, const std::vector<ReportLine>& lines, std::size_t header, Symbolizer* sym);

} // namespace detail
} // namespace collector
