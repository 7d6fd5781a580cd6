// ingenic-lab report collector: header line recognition.
//
// The header lines are the ones the kernel's report printers emit (6.12 sources), plus the
// x86 and arm forms found in public reports:
//   mm/kasan/report.c       "BUG: KASAN: %s in %pS"
//   mm/kmsan/report.c       "BUG: KMSAN: %s in %pS"
//   kernel/kcsan/report.c   "BUG: KCSAN: data-race in %ps / %ps"
//   mm/kfence/report.c      "BUG: KFENCE: <what> in %pS"
//   lib/ubsan.c             "UBSAN: %s in %s:%d:%d"
//   mm/slub.c               "BUG %s (%s): %pV" (slab_bug), preceded in 6.12 by
//                           "[%s overwritten] 0x..." for poison/redzone damage
//   kernel/locking/lockdep.c "WARNING: possible circular locking dependency detected", ...
//   kernel/panic.c          "WARNING: CPU: %d PID: %d at %s:%d %pS" (__warn),
//                           "Kernel panic - not syncing: %s"
//   lib/bug.c               "kernel BUG at %s:%u!"
//   kernel/watchdog.c       "watchdog: BUG: soft lockup - CPU#%d stuck for %us! [%s:%d]"
//   arch/mips/mm/fault.c    "CPU %d Unable to handle kernel paging request at virtual address ..."
//   arch/mips/kernel/traps.c "%s[#%d]:" (die), "%s bus error, epc == ..., ra == ..."
//   arch/arm64/mm/fault.c   "Unable to handle kernel %s at virtual address %016lx"
//   arch/arm{,64}/kernel/traps.c "Internal error: %s: %016lx [#%d] ..."
//   arch/x86/kernel/traps.c "general protection fault...", "invalid opcode: 0000 [#1] ..."
//   kernel/sched/core.c     "BUG: sleeping function called from invalid context at %s:%d"
//   kernel/hung_task.c      "INFO: task %s:%d blocked for more than %ld seconds."
//   kernel/rcu/tree_stall.h "INFO: %s self-detected stall on CPU" / "detected stalls on CPUs/tasks:"
//   mm/kmemleak.c           "unreferenced object 0x%08lx (size %zu):"
//   drivers/gpu/drm/drm_print.c "[drm:%ps] *ERROR* %pV", "[drm] *ERROR* %pV" (drm_err)
// A header is recognised at the start of the message, or after other output on the same
// line (a previous line without newline, a subsystem prefix such as "watchdog: " or
// "rcu: ") for every form except the loose "BUG: <anything>" / "WARNING: <anything>",
// which count only at the start. The anchor words must start a word ("ODEBUG:" is not
// "BUG:").
//
// SPDX-License-Identifier: GPL-2.0-or-later
#include "internal.h"

#include <optional>

namespace collector {
namespace detail {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_word(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '_';
}

bool contains(std::string_view s, std::string_view p) { return s.find(p) != std::string_view::npos; }

Header make(Hdr h, Kind k, Ending e, bool generic = false) {
    Header r;
    r.type = h;
    r.kind = k;
    r.ending = e;
    r.generic = generic;
    return r;
}

// Lockdep report headers after "WARNING: " (6.12), "INFO: " (before 4.x) or "BUG: ".
// Returns whether the main trace is the one after "stack backtrace:".
bool lockdep_title(std::string_view rest, bool& backtrace) {
    rest = trim(rest);
    if (ends_with(rest, " ]"))
        rest = trim(rest.substr(0, rest.size() - 2));
    static const std::string_view with_bt[] = {
        "possible circular locking dependency detected",
        "possible recursive locking detected",
        "inconsistent lock state",
        "possible irq lock inversion dependency detected",
        "bad unlock balance detected!",
        "held lock freed!",
        "suspicious RCU usage",
        "Nested lock was not taken",
        "bad contention detected!",
        "chain_key collision",
        "Invalid wait context",
    };
    backtrace = true;
    for (auto h : with_bt)
        if (starts_with(rest, h))
            return true;
    // "WARNING: HARDIRQ-safe -> HARDIRQ-unsafe lock order detected"
    if (contains(rest, "-safe -> ") && contains(rest, "-unsafe lock order detected"))
        return true;
    // "WARNING: kworker/0:1/23 still has locks held!"
    if (ends_with(trim(rest), "still has locks held!"))
        return true;
    backtrace = false;
    // These print a plain dump_stack() or no trace at all.
    if (starts_with(rest, "trying to register non-static key") ||
        starts_with(rest, "lock held when returning to user space"))
        return true;
    return false;
}

// "WARNING: <text>" lines that are information, not bugs (userspace and boot messages).
bool benign_warning(std::string_view r) {
    static const std::string_view heads[] = {
        "/etc/ssh/moduli does not exist", "workqueue cpumask: online intersect > possible intersect",
        "The mand mount option", "the mand mount option", "Unsupported flag value(s) of",
        "Unprivileged eBPF is enabled with eIBRS", "fbcon: Driver '", "kernel not compiled with CPU_SRSO",
    };
    for (auto h : heads)
        if (starts_with(r, h))
            return true;
    if (starts_with(r, "See https") && contains(r, " for mitigation options"))
        return true;
    if (contains(r, " uses deprecated v2 capabilities") || contains(r, " uses wireless extensions"))
        return true;
    return false;
}

// "<str>[#<n>]:" as printed by MIPS die().
bool mips_die(std::string_view t) {
    if (t.size() < 6 || t.back() != ':' || t[t.size() - 2] != ']')
        return false;
    std::size_t hash = t.rfind("[#");
    if (hash == std::string_view::npos || hash == 0 || hash > 100)
        return false;
    for (std::size_t i = hash + 2; i + 2 < t.size(); ++i)
        if (!is_digit(t[i]))
            return false;
    return hash + 4 <= t.size();
}

// The "BUG: <x>" kinds with a title rule of their own.
bool known_bug(std::string_view r) {
    static const std::string_view heads[] = {
        "spinlock ",
        "rwlock ",
        "Bad rss-counter state",
        "non-zero nr_ptes on freeing mm",
        "non-zero nr_pmds on freeing mm",
        "Dentry ",
        "Bad page ",
        "workqueue lockup",
        "using ",
        "workqueue leaked lock or atomic",
        "MAX_LOCKDEP",
        "MAX_STACK_TRACE_ENTRIES",
    };
    for (auto h : heads)
        if (starts_with(r, h))
            return true;
    return contains(r, "stack guard page was hit at");
}

// Headers that a fixed prefix identifies, whatever follows it. at_start: only at the start of
// a line (a "reboot:" after other text is not the kernel's).
struct PlainHeader {
    std::string_view prefix;
    Hdr type;
    Kind kind;
    Ending ending;
    bool at_start = false;
};
const PlainHeader kPlain[] = {
    {"UBSAN: ", Hdr::ubsan, Kind::ubsan, Ending::terminator},
    {"Unable to handle kernel ", Hdr::fault, Kind::oops, Ending::terminator},
    {"Unhandled fault: ", Hdr::arm_fault, Kind::oops, Ending::terminator},
    {"Alignment trap: ", Hdr::arm_fault, Kind::oops, Ending::terminator},
    {"Internal error: ", Hdr::die, Kind::oops, Ending::terminator},
    {"Instruction bus error, epc == ", Hdr::bus_error, Kind::oops, Ending::terminator},
    {"Data bus error, epc == ", Hdr::bus_error, Kind::oops, Ending::terminator},
    {"Kernel panic - not syncing", Hdr::panic, Kind::panic, Ending::optional},
    {"Kernel BUG ", Hdr::bug_at, Kind::bug, Ending::terminator},
    {"kernel BUG at ", Hdr::bug_at, Kind::bug, Ending::terminator},
    {"divide error: ", Hdr::x86_trap, Kind::oops, Ending::terminator},
    {"divide_error: ", Hdr::x86_trap, Kind::oops, Ending::terminator},
    {"invalid opcode: ", Hdr::x86_trap, Kind::oops, Ending::terminator},
    {"int3: ", Hdr::x86_trap, Kind::oops, Ending::terminator},
    {"stack segment: ", Hdr::x86_trap, Kind::oops, Ending::terminator},
    {"PANIC: double fault", Hdr::x86_trap, Kind::oops, Ending::terminator},
    {"unreferenced object 0x", Hdr::kmemleak, Kind::kmemleak, Ending::trace},
    {"VFS: Close: file count is 0", Hdr::fixed, Kind::bug, Ending::line},
    {"VFS: Busy inodes after unmount", Hdr::fixed, Kind::bug, Ending::line},
    {"SError Interrupt on CPU", Hdr::serror, Kind::oops, Ending::terminator},
    {"** replaying previous printk message **", Hdr::replay, Kind::bug, Ending::line},
    {"reboot: Restarting system", Hdr::reboot_notice, Kind::reboot, Ending::line, true},
    {"reboot: Power down", Hdr::reboot_notice, Kind::reboot, Ending::line, true},
    {"reboot: System halted", Hdr::reboot_notice, Kind::reboot, Ending::line, true},
    {"Restarting system", Hdr::reboot_notice, Kind::reboot, Ending::line, true},
    {"Linux version ", Hdr::banner, Kind::reboot, Ending::line, true},
};

// What the header-word handlers below return: a header (possibly none: "not a report") when
// the word decides, nothing when the message is left to the checks at the end of classify().
using Decided = std::optional<Header>;

Header lockdep_header(bool backtrace) {
    Header h = make(Hdr::lockdep, Kind::lockdep, backtrace ? Ending::trace : Ending::optional);
    h.needs_backtrace = backtrace;
    return h;
}

// "BUG: <what>" (the sanitizers, faults, lockdep, known BUG titles), and SLUB's
// "BUG <cache> (<taint>): <what>".
Decided classify_bug(std::string_view t, bool at_start) {
    if (at_start && t == "BUG:")
        return make(Hdr::bug_generic, Kind::bug, Ending::optional, true);
    if (starts_with(t, "BUG ")) {
        std::size_t sp = t.find(' ', 4);
        if (sp != std::string_view::npos && sp > 4 && sp < 80 && sp + 1 < t.size() && t[sp + 1] == '(' &&
            t.find("): ", sp) != std::string_view::npos)
            return make(Hdr::slub, Kind::slub, Ending::terminator);
        return std::nullopt;
    }
    if (!starts_with(t, "BUG: "))
        return std::nullopt;
    std::string_view r = t.substr(5);
    if (starts_with(r, "KASAN: "))
        return make(Hdr::kasan, Kind::kasan, Ending::terminator);
    if (starts_with(r, "KMSAN: "))
        return make(Hdr::kmsan, Kind::kmsan, Ending::terminator);
    if (starts_with(r, "KCSAN: "))
        return make(Hdr::kcsan, Kind::kcsan, Ending::terminator);
    if (starts_with(r, "KFENCE: "))
        return make(Hdr::kfence, Kind::kfence, Ending::terminator);
    if (starts_with(r, "sleeping function called from invalid context") || starts_with(r, "scheduling while atomic"))
        return make(Hdr::atomic_sleep, Kind::atomic_sleep, Ending::trace);
    if (starts_with(r, "unable to handle") || starts_with(r, "Unable to handle") ||
        starts_with(r, "kernel NULL pointer dereference") || starts_with(r, "Kernel NULL pointer dereference"))
        return make(Hdr::oops_bug, Kind::oops, Ending::terminator);
    if (starts_with(r, "soft lockup"))
        return make(Hdr::soft_lockup, Kind::soft_lockup, Ending::optional);
    if (starts_with(r, "memory leak"))
        return make(Hdr::kmemleak, Kind::kmemleak, Ending::trace);
    bool bt;
    if (lockdep_title(r, bt))
        return lockdep_header(bt);
    if (known_bug(r))
        return make(Hdr::bug, Kind::bug, Ending::optional);
    if (!at_start)
        return Header();
    return make(Hdr::bug_generic, Kind::bug, Ending::optional, true);
}

// "WARNING: CPU: ..." and its older forms, lockdep's "WARNING: possible ...", the rest.
Decided classify_warning(std::string_view t, bool at_start) {
    if (at_start && t == "WARNING:")
        return make(Hdr::warn_generic, Kind::warning, Ending::optional, true);
    if (!starts_with(t, "WARNING: "))
        return std::nullopt;
    std::string_view r = t.substr(9);
    // "WARNING: file.c:123 at func+0x1/0x2" (4.x) and "WARNING: file.c:123 at 0x1a, CPU#0: comm"
    std::string_view first = r.substr(0, r.find(' '));
    bool src_at = first.find(':') != std::string_view::npos && first.find('.') != std::string_view::npos &&
                  starts_with(r.substr(first.size()), " at ");
    if (starts_with(r, "CPU: ") || starts_with(r, "at ") || starts_with(r, "PID: ") || src_at ||
        (starts_with(r, "[") && contains(r, "] ") && contains(r, " at ")))
        return make(Hdr::warn, Kind::warning, Ending::terminator);
    bool bt;
    if (lockdep_title(r, bt))
        return lockdep_header(bt);
    if (starts_with(r, "kernel stack regs") || starts_with(r, "kernel stack frame pointer"))
        return make(Hdr::warn_generic, Kind::warning, Ending::optional);
    if (trim(r).empty() || benign_warning(r))
        return Header();
    return make(Hdr::warn_generic, Kind::warning, Ending::optional, true);
}

// "INFO: task ... blocked", RCU stalls, lockdep before 4.x.
Decided classify_info(std::string_view t, bool at_start) {
    if (at_start && trim(t) == "INFO:")
        return make(Hdr::bug_generic, Kind::bug, Ending::optional, true);
    if (!starts_with(t, "INFO: "))
        return std::nullopt;
    std::string_view r = t.substr(6);
    if (starts_with(r, "task ") &&
        (contains(r, " blocked for more than ") || contains(r, " blocked in I/O wait for more than ") ||
         contains(r, " can't die for more than ")))
        return make(Hdr::hung_task, Kind::hung_task, Ending::trace);
    if (starts_with(r, "rcu_") && contains(r, "stall") && !contains(r, "Stall ended"))
        return make(Hdr::rcu_stall, Kind::rcu_stall, Ending::optional);
    bool bt;
    if (lockdep_title(r, bt))
        return lockdep_header(bt);
    if (at_start && trim(r).empty())
        return make(Hdr::bug_generic, Kind::bug, Ending::optional, true);
    return Header(); // "INFO: lockdep is turned off." and friends are not reports
}

Header classify(std::string_view t, bool at_start);

// "[ BUG: ... ]" (lockdep before 4.x) and "[drm] *ERROR* ...".
Decided classify_bracket(std::string_view t) {
    if (starts_with(t, "[ BUG: Invalid wait context ]"))
        return lockdep_header(true);
    if (starts_with(t, "[ BUG: ") || starts_with(t, "[ INFO: ")) {
        Header h = classify(t.substr(2), false);
        if (h.type == Hdr::lockdep) {
            h.offset += 2;
            return h;
        }
    }
    if (starts_with(t, "[drm")) {
        std::size_t close = t.find("] *ERROR* ");
        if (close != std::string_view::npos && close < 200 && (t[4] == ']' || t[4] == ':'))
            return make(Hdr::dmesg_error, Kind::dmesg_error, Ending::line);
    }
    return std::nullopt;
}

// The headers that need more than their first words.
Decided classify_other(std::string_view t, bool at_start) {
    if (starts_with(t, "general protection fault")) {
        // "traps: sh[1] general protection fault ip:... error:0 in libc.so" is userspace.
        std::size_t e = t.find(" error:");
        if (e != std::string_view::npos && t.find(" in ", e) != std::string_view::npos)
            return Header();
        if (t.find(':') == std::string_view::npos)
            return Header();
        return make(Hdr::gpf, Kind::oops, Ending::terminator);
    }
    if (starts_with(t, "unregister_netdevice: waiting for ") && contains(t, " to become free"))
        return make(Hdr::fixed, Kind::bug, Ending::line);
    if (at_start && starts_with(t, "CPU ") && t.size() > 5 && is_digit(t[4]) &&
        contains(t, " Unable to handle kernel paging request at virtual address "))
        return make(Hdr::fault, Kind::oops, Ending::terminator);
    if (starts_with(t, "** ") && contains(t, " printk messages dropped"))
        return make(Hdr::dropped, Kind::bug, Ending::line);
    return std::nullopt;
}

// Classifies the message `t` that starts with a candidate header. `at_start` is false for
// a header found after other text on the line: loose forms are not accepted there.
Header classify(std::string_view t, bool at_start) {
    if (t.size() < 4)
        return Header();
    for (const PlainHeader& p : kPlain)
        if ((at_start || !p.at_start) && starts_with(t, p.prefix))
            return make(p.type, p.kind, p.ending);
    Decided d = t[0] == 'B' ? classify_bug(t, at_start)
              : t[0] == 'W' ? classify_warning(t, at_start)
              : t[0] == 'I' ? classify_info(t, at_start)
              : t[0] == '[' ? classify_bracket(t)
                            : classify_other(t, at_start);
    if (d)
        return *d;
    if (!at_start)
        return Header();
    // "kmemleak: 3 new suspected memory leaks (see ...)" with the "kmemleak: " prefix removed
    if (is_digit(t[0]) && contains(t, " new suspected memory leak"))
        return make(Hdr::kmemleak_summary, Kind::kmemleak, Ending::line);
    if (t.back() == ':' && mips_die(t)) // MIPS BUG() is a break: "Kernel bug detected[#1]:", no "kernel BUG at"
        return make(Hdr::die, starts_with(t, "Kernel bug detected") ? Kind::bug : Kind::oops, Ending::terminator);
    return Header();
}

// Words that can start a header after other text on the line.
const std::string_view kAnchors[] = {
    "BUG", "WARNING: ", "INFO: ", "Unable to handle kernel ", "general protection fault", "Kernel panic - not syncing",
    "kernel BUG at ", "Kernel BUG ", "UBSAN: ", "unreferenced object 0x", "Internal error: ", "[drm", "[ BUG: ",
    "divide error: ", "invalid opcode: ", "stack segment: ", "int3: ", "PANIC: double fault", "Unhandled fault: ",
    "Alignment trap: ", "unregister_netdevice: ", "SError Interrupt", "Data bus error, ",
};

} // namespace

bool is_report_header(Hdr h) {
    switch (h) {
    case Hdr::none:
    case Hdr::banner:
    case Hdr::reboot_notice:
    case Hdr::dropped:
    case Hdr::replay:
        return false;
    default:
        return true;
    }
}

Header detect_header(std::string_view t) {
    Header h = classify(t, true);
    // "---[ end Kernel panic - not syncing: ... ]---" ends a report, it does not start one
    if (h.type != Hdr::none || t.size() < 8 || starts_with(t, "---[ "))
        return h;
    // After other text: the earliest anchor that starts a word and classifies.
    std::size_t best = std::string_view::npos;
    Header found;
    for (std::string_view a : kAnchors) {
        for (std::size_t p = t.find(a, 1); p != std::string_view::npos && p < best; p = t.find(a, p + 1)) {
            // "ODEBUG:", "DEBUG:" and "_INFO:" are not headers; the other anchors may follow
            // text without a space ("...user memory accessgeneral protection fault: 0000").
            if ((a == "BUG" || a == "INFO: " || a == "WARNING: ") && is_word(t[p - 1]))
                continue;
            Header c = classify(t.substr(p), false);
            // A loose "WARNING: <text>" counts after a device or subsystem prefix only
            // ("usb 5-1: WARNING: ..."), not in the middle of a sentence.
            if (c.generic && (p < 2 || t.substr(p - 2, 2) != ": " || starts_with(t, "XFS (") ||
                              starts_with(t, "EXT4-fs")))
                c = Header{};
            if (c.type != Hdr::none && is_report_header(c.type)) {
                best = p;
                found = c;
                found.offset = p;
            }
            break;
        }
    }
    return found;
}

bool is_separator(std::string_view t, char c, std::size_t min_len) {
    t = trim(t);
    if (t.size() < min_len)
        return false;
    for (char x : t)
        if (x != c)
            return false;
    return true;
}

Label trace_label(std::string_view text) {
    std::string_view t = trim(text);
    if (t.empty())
        return Label::none;
    switch (t[0]) {
    case 'C':
        if (starts_with(t, "Call Trace:") || starts_with(t, "Call trace:"))
            return Label::call_trace;
        break;
    case 'B':
        if (t == "Backtrace:")
            return Label::call_trace;
        break;
    case 'b':
        if (t == "backtrace:" || starts_with(t, "backtrace (crc "))
            return Label::call_trace;
        break;
    case 's':
        if (t == "stack backtrace:")
            return Label::stack_backtrace;
        break;
    default:
        break;
    }
    return Label::none;
}

bool trace_continuation(std::string_view text) {
    std::string_view t = trim(text);
    return t == "<TASK>" || t == "</TASK>" || t == "<IRQ>" || t == "</IRQ>" || t == "<NMI>" ||
           t == "</NMI>" || t == "<EOI>" || t == "<SOFTIRQ>" || t == "</SOFTIRQ>" ||
           starts_with(t, "Exception stack(") || starts_with(t, "--- interrupt");
}

bool frame_like(std::string_view t) {
    Frame f;
    if (parse_frame_line(t, f))
        return true;
    std::string_view s = trim(t);
    if (s.empty())
        return false;
    if (starts_with(s, "[<")) // "[<8012ab40>] drm_atomic_hel" (cut), arm "[<c01>] (f) from [<c02>] (g+0x1/0x2)"
        return true;
    if (starts_with(s, "? ")) // x86 unreliable frame
        return true;
    // " func from caller+0x10/0x20" (arm since 5.x), "tail_of_name+0x1c/0x2c [mod]" (a wrapped frame)
    std::size_t plus = s.find("+0x");
    std::size_t sp = s.find(' ');
    if (plus != std::string_view::npos && s.find("/0x", plus) != std::string_view::npos &&
        (sp == std::string_view::npos || sp > plus || s.find(" from ") != std::string_view::npos))
        return true;
    // "[drm_kms_helper]" alone: the module of a frame on the line before
    if (s.front() == '[' && s.back() == ']' && s.find(' ') == std::string_view::npos && s.size() < 64)
        return true;
    return false;
}

bool body_like(std::string_view t) {
    if (t.empty() || t[0] == ' ' || t[0] == '\t')
        return true;
    if (frame_like(t))
        return true;
    // Report vocabulary.
    static const std::string_view words[] = {
        // dump_stack / show_regs / die, MIPS, arm, arm64, x86
        "CPU: ", "Hardware name:", "Modules linked in:", "Code:", "Stack :", "Stack:", "Call Trace", "Call trace",
        "Backtrace", "epc ", "ra  ", "Status:", "Cause :", "PrId ", "BadVA ", "Process ", "Hi  ", "Lo  ", "Acx ",
        "$", "*HwTLS", "pc :", "lr :", "sp :", "pstate:", "Mem abort info:", "Data abort info:", "ESR", "FAR",
        "Exception stack", "Internal error", "Oops", "Kernel panic", "---[", "Rebooting in", "Kernel Offset:",
        "Memory Limit:", "CPU features:", "SMP: stopping", "Workqueue:", "Tainted:", "Not tainted",
        "swapper pgtable", "user pgtable", "Unable to handle", "KASAN: ", "PC is at", "LR is at", "psr:",
        "Flags:", "Control:", "Register r", "RIP:", "RSP:", "RAX:", "RDX:", "RBP:", "R10:", "R13:", "FS:",
        "CS:", "CR2:", "DR0:", "DR3:", "#PF:", "PGD ", "Dumping ftrace", "invalid opcode", "general protection",
        "note:", "Fixing recursive fault",
        // KASAN / KFENCE / KMSAN
        "Read of size", "Write of size", "Read at addr", "Write at addr", "Free of addr", "Allocated by",
        "Freed by", "Last potentially", "Second to last", "The buggy address", "Memory state", "page:",
        "page_type:", "flags:", "raw:", "head:", "memcg:", "page dumped", "page_owner", "page last",
        "Pointer tag", "This frame has", "addr ", ">", "Out-of-bounds", "Use-after-free", "Invalid read",
        "Invalid write", "Invalid free", "Corrupted memory", "kfence-#", "allocated by", "freed by",
        "Asynchronous fault", "Uninit was", "Local variable", "Bytes ", "Memory access of size",
        // SLUB
        "INFO: ", "FIX ", "Slab ", "Object ", "Redzone ", "Padding ", "Bytes b4 ", "Disabling lock debugging",
        "=", "-", "BUG ", "Allocated in ", "Freed in ", "object allocation",
        // lockdep
        "other info", "Possible unsafe", "Possible interrupt unsafe", "*** DEADLOCK", "stack backtrace",
        "the existing dependency", "but task is already", "which lock already", "-> #", "Chain exists",
        "lock(", "CPU0", "CPU1", "no locks held", "irq event stamp", "hardirqs last", "softirqs last",
        "inconsistent ", "{", "but there are no more locks", "is freeing memory", "and interrupts could",
        "and this task", "the dependencies", "the shortest dependencies", "IN-", "INITIAL ",
        "... key", "... acquired", "other ", "context-", "lockdep", "rcu_scheduler_active", "turning off",
        "The code is fine", "you didn't initialize", "leaving the kernel", "but this lock",
        // atomic sleep / hung task / rcu / soft lockup / kmemleak
        "in_atomic()", "preempt_count:", "RCU nest depth", "Preemption disabled at", "task:", "\"echo 0",
        "rcu:", "(detected by", "(t=", "NMI backtrace", "Sending NMI", "Showing all locks", "Showing busy",
        "unreferenced object", "kmemleak:", "comm ", "hex dump", "backtrace", "Future hung task", "irq event",
        // UBSAN message bodies
        "index ", "shift exponent", "left shift", "signed integer overflow", "unsigned integer overflow",
        "load of value", "negation of", "division ", "member access", "store to", "load of null",
        "calling __builtin_unreachable", "assumption of", "applying ", "variable length array",
    };
    for (auto w : words)
        if (starts_with(t, w))
            return true;
    // "1 lock held by kworker/0:1/23:", "3 locks held by ..."
    if (t[0] >= '0' && t[0] <= '9' && (t.find(" lock held by ") != std::string_view::npos ||
                                       t.find(" locks held by ") != std::string_view::npos))
        return true;
    // arm64/arm registers "x29: ffff800080003d40 x28: ...", "r10: 00000000  r9 : ..."
    if (t.size() > 2 && (t[0] == 'x' || t[0] == 'r') && is_digit(t[1]))
        return true;
    // show_pte "[0000000000000008] pgd=...", "[fc14ef08] *pgd=00000000"
    if (t.size() > 2 && t[0] == '[' && ((t[1] >= '0' && t[1] <= '9') || (t[1] >= 'a' && t[1] <= 'f')))
        return true;
    // "#0: ffff... (&lock){+.+.}-{3:3}, at: func+0x../0x.."
    if (t[0] == '#')
        return true;
    // hex dump rows "c1234560: 6b 6b 6b ...", "00000000: ...", arm "7e00: 9ecb0000 ..."
    std::size_t i = 0;
    while (i < t.size() && ((t[i] >= '0' && t[i] <= '9') || (t[i] >= 'a' && t[i] <= 'f')))
        ++i;
    if (i >= 4 && i < t.size() && t[i] == ':')
        return true;
    return false;
}

} // namespace detail
} // namespace collector
