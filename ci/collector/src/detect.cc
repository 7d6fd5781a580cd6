// ingenic-lab report collector: header line recognition.
//
// The header lines are the ones the kernel's report printers emit (6.12 sources):
//   mm/kasan/report.c       "BUG: KASAN: %s in %pS"
//   mm/kfence/report.c      "BUG: KFENCE: <what> in %pS"
//   lib/ubsan.c             "UBSAN: %s in %s:%d:%d"
//   mm/slub.c               "BUG %s (%s): %pV" (slab_bug), preceded in 6.12 by
//                           "[%s overwritten] 0x..." for poison/redzone damage
//   kernel/locking/lockdep.c "WARNING: possible circular locking dependency detected", ...
//   kernel/panic.c          "WARNING: CPU: %d PID: %d at %s:%d %pS" (__warn),
//                           "Kernel panic - not syncing: %s"
//   lib/bug.c               "kernel BUG at %s:%u!"
//   arch/mips/mm/fault.c    "CPU %d Unable to handle kernel paging request at virtual address ..."
//   arch/mips/kernel/traps.c "%s[#%d]:" (die), "%s bus error, epc == ..., ra == ..."
//   arch/arm64/mm/fault.c   "Unable to handle kernel %s at virtual address %016lx"
//   arch/arm64/kernel/traps.c "Internal error: %s: %016lx [#%d] ..."
//   kernel/sched/core.c     "BUG: sleeping function called from invalid context at %s:%d"
//   kernel/hung_task.c      "INFO: task %s:%d blocked for more than %ld seconds."
//   kernel/rcu/tree_stall.h "INFO: %s self-detected stall on CPU" / "detected stalls on CPUs/tasks:"
//   mm/kmemleak.c           "unreferenced object 0x%08lx (size %zu):"
// Detection looks only at the start of the message, so it costs one switch for most lines.
//
// SPDX-License-Identifier: GPL-2.0-or-later
#include "internal.h"

namespace collector {
namespace detail {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

Header make(Hdr h, Kind k, bool generic = false) { return Header{h, k, generic}; }

bool contains(std::string_view s, std::string_view p) { return s.find(p) != std::string_view::npos; }

// Lockdep report headers after "WARNING: " (or "INFO: " in old kernels).
bool lockdep_title(std::string_view rest) {
    static const std::string_view heads[] = {
        "possible circular locking dependency detected",
        "possible recursive locking detected",
        "inconsistent lock state",
        "possible irq lock inversion dependency detected",
        "bad unlock balance detected!",
        "held lock freed!",
        "lock held when returning to user space!",
        "suspicious RCU usage",
        "Nested lock was not taken",
        "bad contention detected!",
        "chain_key collision",
        "trying to register non-static key",
    };
    for (auto h : heads)
        if (starts_with(rest, h))
            return true;
    // "WARNING: HARDIRQ-safe -> HARDIRQ-unsafe lock order detected"
    if (contains(rest, "-safe -> ") && contains(rest, "-unsafe lock order detected"))
        return true;
    // "WARNING: kworker/0:1/23 still has locks held!"
    if (ends_with(rest, "still has locks held!"))
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

} // namespace

bool is_report_header(Hdr h) {
    switch (h) {
    case Hdr::none:
    case Hdr::banner:
    case Hdr::reboot_notice:
    case Hdr::dropped:
        return false;
    default:
        return true;
    }
}

Header detect_header(std::string_view t) {
    if (t.size() < 4)
        return {};
    switch (t[0]) {
    case 'B':
        if (starts_with(t, "BUG: ")) {
            std::string_view r = t.substr(5);
            if (starts_with(r, "KASAN: "))
                return make(Hdr::kasan, Kind::kasan);
            if (starts_with(r, "KFENCE: "))
                return make(Hdr::kfence, Kind::kfence);
            if (starts_with(r, "sleeping function called from invalid context") ||
                starts_with(r, "scheduling while atomic"))
                return make(Hdr::atomic_sleep, Kind::atomic_sleep);
            if (starts_with(r, "unable to handle") || starts_with(r, "Unable to handle") ||
                starts_with(r, "kernel NULL pointer dereference"))
                return make(Hdr::oops_bug, Kind::oops);
            if (starts_with(r, "KCSAN: ") || starts_with(r, "KMSAN: "))
                return make(Hdr::bug_generic, Kind::bug);
            if (trim(r).empty())
                return {};
            return make(Hdr::bug_generic, Kind::bug, true);
        }
        if (starts_with(t, "BUG ")) {
            // "BUG <cache> (<taint>): <what>"
            std::size_t sp = t.find(' ', 4);
            if (sp != std::string_view::npos && sp > 4 && sp < 80 && sp + 1 < t.size() && t[sp + 1] == '(' &&
                t.find("): ", sp) != std::string_view::npos)
                return make(Hdr::slub, Kind::slub);
        }
        break;
    case 'W':
        if (starts_with(t, "WARNING: ")) {
            std::string_view r = t.substr(9);
            if (starts_with(r, "CPU: ") || starts_with(r, "at ") || starts_with(r, "PID: "))
                return make(Hdr::warn, Kind::warning);
            if (lockdep_title(r))
                return make(Hdr::lockdep, Kind::lockdep);
            if (trim(r).empty())
                return {};
            return make(Hdr::warn_generic, Kind::warning, true);
        }
        break;
    case 'I':
        if (starts_with(t, "INFO: ")) {
            std::string_view r = t.substr(6);
            if (starts_with(r, "task ") && contains(r, " blocked for more than "))
                return make(Hdr::hung_task, Kind::hung_task);
            if (starts_with(r, "rcu_") && contains(r, "stall") && !contains(r, "Stall ended"))
                return make(Hdr::rcu_stall, Kind::rcu_stall);
            if (lockdep_title(r))
                return make(Hdr::lockdep, Kind::lockdep);
            return {}; // "INFO: lockdep is turned off." and friends are not reports
        }
        if (starts_with(t, "Internal error: "))
            return make(Hdr::die, Kind::oops);
        if (starts_with(t, "Instruction bus error, epc == "))
            return make(Hdr::bus_error, Kind::oops);
        break;
    case 'U':
        if (starts_with(t, "UBSAN: "))
            return make(Hdr::ubsan, Kind::ubsan);
        if (starts_with(t, "Unable to handle kernel ") && contains(t, " at virtual address "))
            return make(Hdr::arm64_fault, Kind::oops);
        break;
    case 'K':
        if (starts_with(t, "Kernel panic - not syncing"))
            return make(Hdr::panic, Kind::panic);
        if (starts_with(t, "Kernel BUG at "))
            return make(Hdr::bug_at, Kind::bug);
        break;
    case 'k':
        if (starts_with(t, "kernel BUG at "))
            return make(Hdr::bug_at, Kind::bug);
        break;
    case 'u':
        if (starts_with(t, "unreferenced object 0x"))
            return make(Hdr::kmemleak, Kind::kmemleak);
        break;
    case 'r':
        if (starts_with(t, "rcu: INFO: rcu_") && contains(t, "stall") && !contains(t, "Stall ended"))
            return make(Hdr::rcu_stall, Kind::rcu_stall);
        if (starts_with(t, "reboot: Restarting system") || starts_with(t, "reboot: Power down") ||
            starts_with(t, "reboot: System halted"))
            return make(Hdr::reboot_notice, Kind::reboot);
        break;
    case 'R':
        if (starts_with(t, "Restarting system"))
            return make(Hdr::reboot_notice, Kind::reboot);
        break;
    case 'C':
        if (starts_with(t, "CPU ") && t.size() > 5 && is_digit(t[4]) &&
            contains(t, " Unable to handle kernel paging request at virtual address "))
            return make(Hdr::mips_fault, Kind::oops);
        break;
    case 'D':
        if (starts_with(t, "Data bus error, epc == "))
            return make(Hdr::bus_error, Kind::oops);
        break;
    case 'L':
        if (starts_with(t, "Linux version "))
            return make(Hdr::banner, Kind::reboot);
        break;
    case 'S':
        if (starts_with(t, "SError Interrupt on CPU"))
            return make(Hdr::serror, Kind::oops);
        break;
    case '[':
        if (starts_with(t, "[ BUG: Invalid wait context ]"))
            return make(Hdr::lockdep, Kind::lockdep);
        break;
    case '*':
        if (starts_with(t, "** ") && contains(t, " printk messages dropped"))
            return make(Hdr::dropped, Kind::bug);
        break;
    default:
        break;
    }
    // "kmemleak: 3 new suspected memory leaks (see ...)" with the "kmemleak: " prefix removed
    if (is_digit(t[0]) && contains(t, " new suspected memory leak"))
        return make(Hdr::kmemleak_summary, Kind::kmemleak);
    if (t.back() == ':' && mips_die(t))
        return make(Hdr::die, Kind::oops);
    return {};
}

Ending ending_of(Hdr h) {
    switch (h) {
    case Hdr::kasan:
    case Hdr::kfence:
    case Hdr::ubsan:
    case Hdr::slub:
    case Hdr::warn:
    case Hdr::bug_at:
    case Hdr::oops_bug:
    case Hdr::mips_fault:
    case Hdr::bus_error:
    case Hdr::arm64_fault:
    case Hdr::die:
    case Hdr::serror:
    case Hdr::panic:
        return Ending::terminator;
    case Hdr::lockdep:
    case Hdr::atomic_sleep:
    case Hdr::hung_task:
    case Hdr::rcu_stall:
    case Hdr::kmemleak:
        return Ending::trace;
    default:
        return Ending::optional;
    }
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
           t == "</NMI>" || t == "<EOI>" || t == "<SOFTIRQ>" || t == "</SOFTIRQ>";
}

bool body_like(std::string_view t) {
    if (t.empty() || t[0] == ' ' || t[0] == '\t')
        return true;
    Frame f;
    if (parse_frame_line(t, f))
        return true;
    // Report vocabulary, by first character to keep this cheap.
    static const std::string_view words[] = {
        // dump_stack / show_regs / die, MIPS and arm64
        "CPU: ", "Hardware name:", "Modules linked in:", "Code:", "Stack :", "Stack:", "Call Trace",
        "Call trace", "epc ", "ra  ", "Status:", "Cause :", "PrId ", "BadVA ", "Process ", "Hi  ", "Lo  ",
        "Acx ", "$", "*HwTLS", "pc :", "lr :", "sp :", "pstate:", "Mem abort info:", "Data abort info:",
        "ESR", "FAR", "Exception stack", "Internal error", "Oops", "Kernel panic", "---[", "Rebooting in",
        "Kernel Offset:", "Memory Limit:", "CPU features:", "SMP: stopping", "Workqueue:", "Tainted:",
        "Not tainted", "swapper pgtable", "user pgtable", "Unable to handle", "KASAN: ",
        // KASAN / KFENCE
        "Read of size", "Write of size", "Read at addr", "Write at addr", "Free of addr", "Allocated by",
        "Freed by", "Last potentially", "Second to last", "The buggy address", "Memory state", "page:",
        "page_type:", "flags:", "raw:", "head:", "memcg:", "page dumped", "page_owner", "page last",
        "Pointer tag", "This frame has", "addr ", ">", "Out-of-bounds", "Use-after-free", "Invalid read",
        "Invalid write", "Invalid free", "Corrupted memory", "kfence-#", "allocated by", "freed by",
        "Asynchronous fault",
        // SLUB
        "INFO: ", "FIX ", "Slab ", "Object ", "Redzone ", "Padding ", "Bytes b4 ", "Disabling lock debugging",
        "=", "-", "BUG ", "Allocated in ", "Freed in ", "object allocation",
        // lockdep
        "other info", "Possible unsafe", "Possible interrupt unsafe", "*** DEADLOCK", "stack backtrace",
        "the existing dependency", "but task is already", "which lock already", "-> #", "Chain exists",
        "lock(", "CPU0", "CPU1", "no locks held", "irq event stamp", "hardirqs last", "softirqs last",
        "inconsistent ", "{", "but there are no more locks", "is freeing memory", "and interrupts could",
        "and this task", "the dependencies", "the shortest dependencies", "IN-", "INITIAL ",
        "... key", "... acquired", "other ", "context-", "lockdep", "rcu_scheduler_active",
        // atomic sleep / hung task / rcu / kmemleak
        "in_atomic()", "preempt_count:", "RCU nest depth", "Preemption disabled at", "task:", "\"echo 0",
        "rcu:", "(detected by", "(t=", "NMI backtrace", "Sending NMI", "Showing all locks", "Showing busy",
        "unreferenced object", "kmemleak:", "comm ", "hex dump", "backtrace", "Future hung task",
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
    // arm64 registers "x29: ffff800080003d40 x28: ..." and show_pte "[0000000000000008] pgd=..."
    if (t.size() > 2 && t[0] == 'x' && is_digit(t[1]))
        return true;
    if (t.size() > 2 && t[0] == '[' && ((t[1] >= '0' && t[1] <= '9') || (t[1] >= 'a' && t[1] <= 'f')))
        return true;
    // "#0: ffff... (&lock){+.+.}-{3:3}, at: func+0x../0x.."
    if (t[0] == '#')
        return true;
    // hex dump rows "c1234560: 6b 6b 6b ..." and "00000000: ..."
    std::size_t i = 0;
    while (i < t.size() && ((t[i] >= '0' && t[i] <= '9') || (t[i] >= 'a' && t[i] <= 'f')))
        ++i;
    if (i >= 8 && i < t.size() && t[i] == ':')
        return true;
    return false;
}

} // namespace detail
} // namespace collector
