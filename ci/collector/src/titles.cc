// ingenic-lab report collector: report titles.
//
// Titles follow the rules of syzkaller's pkg/report (linux.go, report.go) so that the same
// report gets the same name here and on a syzbot dashboard:
//   "KASAN: slab-use-after-free Read in regmap_write", "WARNING in drm_atomic_helper_shutdown",
//   "possible deadlock in X", "memory leak in X", "INFO: task hung in X",
//   "BUG: soft lockup in X", "general protection fault in X", "KMSAN: uninit-value in X", ...
// The frame a title names comes from a place that depends on the kind of report: the
// function in the header (KASAN, KFENCE), the faulting pc (x86 "RIP:", arm64 "pc :", arm
// "PC is at", MIPS "epc :"), the "at:" of the lock a lockdep report is about, or the stack
// trace after "Call Trace:"/"backtrace:". In a stack the first frame that is not on the
// skip list counts: report printers, sanitizer runtime, lock primitives, allocators,
// string/list/refcount/bitop helpers, device-model teardown helpers (kobject_, put_device,
// devres_release_all, flush_work, ...). Stalls (RCU, soft lockup, stack overflow) are named
// after the frame just before the dispatcher the stack came through (the syscall entry,
// vfs_write, process_one_work, the timer softirq...), hangs after the first frame outside
// the scheduler and the waiting primitives. Syscall prefixes (__arm64_sys_, __x64_, ksys_,
// __do_sys_, ...) are dropped, as syzkaller does.
//
// Our own additions (README "Titles"): MIPS (epc plays the part of the pc line; bus errors
// and die() strings: "Data bus error in X", "Unhandled kernel unaligned access in X"),
// SLUB ("BUG kmalloc-128: Poison overwritten"), every "Unable to handle kernel <what>"
// ("BUG: unable to handle kernel write to read-only memory in X"), kmemleak reports
// without syzkaller's "BUG: memory leak" line, DRM *ERROR* messages, and lines cut by a
// console or mail wrap, which are joined back when the piece that follows makes a frame.
//
// SPDX-License-Identifier: GPL-2.0-or-later
#include "internal.h"

#include <cstdio>
#include <cstdlib>
#include <initializer_list>

namespace collector {
namespace detail {

namespace {

// ---------------------------------------------------------------------------------------
// Frame rules. Syntax: "^x" the name starts with x, "x$" ends with x, "^x$" is x, else x
// anywhere in the name.

using Rules = std::vector<std::string_view>;

bool rule_match(std::string_view rule, std::string_view fn) {
    bool head = !rule.empty() && rule.front() == '^';
    bool tail = !rule.empty() && rule.back() == '$';
    std::string_view r = rule.substr(head ? 1 : 0, rule.size() - (head ? 1 : 0) - (tail ? 1 : 0));
    if (head && tail)
        return fn == r;
    if (head)
        return starts_with(fn, r);
    if (tail)
        return ends_with(fn, r);
    return fn.find(r) != std::string_view::npos;
}

bool any_rule(const Rules& rules, std::string_view fn) {
    for (auto r : rules)
        if (rule_match(r, fn))
            return true;
    return false;
}

// Frames that never name a bug.
const Rules kSkip = {
    // sanitizer runtimes and report printers
    "__sanitizer", "__asan", "kasan", "hwasan", "__msan", "kmsan", "kcsan_setup_watchpoint", "check_memory_region",
    "check_heap_object", "check_object", "read_word_at_a_time", "nocheck", "print_address_description", "panic",
    "invalid_op", "report_bug", "fixup_bug", "print_report", "print_usage_bug", "do_error", "_trap$", "do_trap",
    "show_stack", "dump_stack", "walk_stack", "dump_backtrace", "warn_slowpath", "warn_alloc", "warn_bogus",
    "__warn", "print_unlock", "imbalance_bug", "print_tainted", "^get_taint$", "__fortify_report",
    // allocators and the page cache
    "alloc_page", "malloc", "zalloc", "calloc", "krealloc", "kmem_cache", "allocate_slab",
    "__alloc_frozen_pages_noprof", "folio_alloc", "folio_unlock", "filemap_alloc_folio", "__filemap_get_folio",
    "find_or_create_page", "do_read_cache_folio", "read_cache_page", "pagecache_get_page",
    "grab_cache_page_write_begin", "slab_", "^kfree$", "^kvfree$", "kfree_skb", "memdup",
    // debug objects, lockdep and lock primitives
    "debug_object", "timer_is_static_object", "work_is_static_object", "lockdep", "bh_enable", "bh_disable",
    "perf_trace", "lock_acquire", "lock_release", "lock_class", "mark_lock", "reacquire_held_locks",
    "mark_held_locks", "raw_spin_rq", "spin_lock", "spin_trylock", "spin_unlock", "read_lock", "read_trylock",
    "write_lock", "write_trylock", "read_unlock", "write_unlock", "^down$", "down_read", "down_write",
    "down_trylock", "up_read", "up_write", "^mutex_", "^__mutex_", "^rt_mutex_", "owner_on_cpu", "osq_lock",
    "osq_unlock", "seqprop_assert", "__might_fault", "might_fault", "might_sleep", "__might_resched",
    "hardirqs_on", "hardirqs_off", "softirqs_on", "softirqs_off", "^lock_page", "^unlock_page",
    // instrumented atomics and bitops, reference counts
    "atomic_dec", "atomic64_dec", "atomic_inc", "atomic64_inc", "atomic_read", "atomic64_read", "atomic_set",
    "atomic64_set", "atomic_or", "atomic64_or", "atomic_xor", "atomic64_xor", "atomic_and", "atomic64_and",
    "atomic_add", "atomic64_add", "atomic_sub", "atomic64_sub", "atomic_fetch", "atomic64_fetch", "atomic_xchg",
    "atomic64_xchg", "atomic_cmpxchg", "atomic64_cmpxchg", "atomic_try", "atomic64_try", "set_bit", "clear_bit",
    "change_bit", "test_bit", "__wake_up", "^refcount_", "^kref_", "ref_tracker",
    // string, memory and user copy routines
    "memcpy", "memcmp", "memset", "memchr", "memmove", "strcmp", "strncmp", "strcpy", "strlcpy", "strncpy",
    "strscpy", "strlen", "strstr", "strnstr", "strnlen", "strchr", "strdup", "strndup", "copy_to_user",
    "copy_from_user", "copy_to_iter", "copy_from_iter", "copy_page_to_iter", "copy_page_from_iter",
    "copy_folio_to_iter", "^copyin$", "^copyout$", "put_user", "get_user", "string", "pointer", "snprintf",
    "scnprintf", "kasprintf", "kvasprintf", "printk", "va_format", "hex_dump_to_buffer", "print_hex_dump",
    "^crc", "crc_itu_t", "_indirect_thunk_", "readb$", "readw$", "readl$", "readq$", "writeb$", "writew$",
    "writel$", "writeq$", "logic_in", "logic_out", "assertfail",
    // lists and trees
    "list_add", "list_del", "list_replace", "list_move", "list_splice", "^rb_", "^__rb_", "^klist_",
    "xas_start", "xas_load", "xas_find", "rhashtable_lookup",
    // device, kobject, workqueue and timer teardown: the bug is in the caller
    "dev_info", "dev_notice", "dev_warn", "dev_err", "dev_alert", "dev_crit", "dev_emerg", "del_timer",
    "flush_work", "__cancel_work_timer", "cancel_work_sync", "try_to_grab_pending", "flush_workqueue",
    "drain_workqueue", "destroy_workqueue", "queue_work", "insert_work", "__queue_delayed_work",
    "queue_delayed_work_on", "finish_wait", "kthread_stop", "kobject_", "add_uevent_var", "get_device_parent",
    "device_add", "device_del", "device_unregister", "device_destroy", "device_release", "devres_release_all",
    "^put_device$", "device_for_each_child", "sysfs_remove", "device_remove_file", "hwrng_unregister",
    "i2c_del_adapter", "__unregister_client", "rollback_registered", "unregister_netdev",
    "tty_unregister_device", "dummy_urb_enqueue", "usb_kill_urb", "usb_kill_anchored_urbs", "usb_control_msg",
    "usb_hcd_submit_urb", "usb_submit_urb", "^complete$", "wait_for_completion", "ida_free", "lock_timer_base",
    "__timer_delete_sync", "sk_stop_timer_sync", "__mod_timer", "cleanup_srcu_struct", "^iput$",
    "^iput_final$", "^ihold$", "fast_dput", "dput", "drop_nlink", "mark_buffer_dirty", "find_lock_entries",
    "truncate_inode_pages_range", "__phys_addr", "extract_user_to_sg", "extract_iter_to_sg",
    "program_check_exception", "program_check_common", "stack_trace_consume_entry", "arch_stack_walk",
    "stack_trace_save",
    // trap and fault entry: arm64, and MIPS (ours)
    "do_kernel_fault", "do_translation_fault", "do_mem_abort", "el1_abort", "el1h_64_sync", "^die$", "^__die$",
    "^do_bp$", "^do_tr$", "^do_ri$", "^do_ade$", "^do_be$", "^handle_bp", "^handle_tr", "^handle_ri",
    "^handle_adel", "^handle_ades", "^handle_ibe", "^handle_dbe",
};

// Prefixes syscall wrappers differ by between architectures and versions.
const std::string_view kSyscallPrefixes[] = {
    "SYSC_",  "SyS_",   "sys_", "__x64_", "__ia32_", "__arm64_", "____sys_", "___sys_",
    "__sys_", "__se_", "__se_sys_", "__do_sys_", "compat_SYSC_", "compat_SyS_", "ksys_",
};

std::string_view strip_syscall(std::string_view f) {
    std::string_view best = f;
    for (auto p : kSyscallPrefixes)
        if (starts_with(f, p) && f.size() - p.size() < best.size())
            best = f.substr(p.size());
    return best;
}

// The dispatchers a stalled stack came through: the title names the frame just before.
const Rules kStallAnchors = {
    "process_one_work", "do_syscall_", "do_fast_syscall_", "sysenter_dispatch", "tracesys_phase2",
    "el0_svc_handler", "invoke_syscall", "ret_fast_syscall", "netif_receive_skb", "do_softirq", "call_timer_fn",
    "_run_timers", "run_timer_softirq", "hrtimer_run", "run_ksoftirqd", "smpboot_thread_fn", "^kthread$",
    "start_secondary", "cpu_startup_entry", "ret_from_fork", "vfs_write", "vfs_read", "vfs_iter_read",
    "vfs_iter_write", "do_iter_read", "do_iter_write", "call_read_iter", "call_write_iter", "new_sync_read",
    "new_sync_write", "vfs_ioctl", "ksys_ioctl", "compat_ioctl", "compat_sys_ioctl", "blkdev_driver_ioctl",
    "blkdev_ioctl", "do_iter_readv_writev", "^call_mmap", "mmap_region", "do_mmap", "do_dentry_open", "vfs_open",
    "^sock_sendmsg", "^sock_recvmsg", "^sock_release", "^__sock_release", "^setsockopt$", "kernel_setsockopt",
    "sock_common_setsockopt", "^listen$", "kernel_listen", "sk_common_release", "^sock_mmap", "^accept$",
    "kernel_accept", "^sock_do_ioctl", "^sock_ioctl", "^compat_sock_ioctl", "^nfnetlink_rcv_msg",
    "^rtnetlink_rcv_msg", "^netlink_dump", "^socketpair", "^connect", "^ioctl", "^sys_socketpair",
    "^sys_connect", "^sys_ioctl", "__do_fault", "do_page_fault", "^page_fault$", "__fput", "task_work_run",
    "exit_to_usermode", "smp_call_function", "tasklet_action", "tasklet_hi_action",
    "^syscall_common$", // MIPS o32 syscall entry (ours: syzkaller has no MIPS anchor)
};

std::string stall_frame(const std::vector<std::string>& frames) {
    if (frames.empty())
        return {};
    std::string prev = frames[0];
    for (const auto& f : frames) {
        if (any_rule(kStallAnchors, f))
            return f.find("smp_call_function") != std::string::npos ? "smp_call_function" : prev;
        prev = f;
    }
    return {};
}

std::string hang_frame(const std::vector<std::string>& frames) {
    for (const auto& f : frames) {
        if (f.find("rtnl_lock") != std::string::npos)
            return "rtnl_lock";
        for (std::string_view s : {"synchronize_rcu", "synchronize_srcu", "synchronize_net", "synchronize_sched"})
            if (f.find(s) != std::string::npos)
                return "synchronize_rcu";
    }
    static const Rules waits = {"sched", "_lock", "_slowlock", "down", "rwsem", "completion", "kthread", "wait",
                                "synchronize", "context_switch", "__switch_to", "cancel_delayed_work",
                                "rcu_barrier"};
    for (const auto& f : frames)
        if (!any_rule(waits, f))
            return f;
    return {};
}

// ---------------------------------------------------------------------------------------
// Reading frames the way titles need them.

bool is_ident(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}
bool is_hexc(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

// "[<ffff0000>]" or "[ffff0000]" at i followed by `after` spaces; returns the index after it.
std::size_t skip_pc(std::string_view t, std::size_t i, bool need_space) {
    if (i >= t.size() || t[i] != '[')
        return std::string_view::npos;
    std::size_t j = i + 1;
    if (j < t.size() && t[j] == '<')
        ++j;
    if (j + 1 < t.size() && t[j] == '0' && t[j + 1] == 'x')
        j += 2;
    std::size_t h = j;
    while (j < t.size() && is_hexc(t[j]))
        ++j;
    if (j == h)
        return std::string_view::npos;
    if (j < t.size() && t[j] == '>')
        ++j;
    if (j >= t.size() || t[j] != ']')
        return std::string_view::npos;
    ++j;
    if (need_space) {
        if (j >= t.size() || t[j] != ' ')
            return std::string_view::npos;
        while (j < t.size() && t[j] == ' ')
            ++j;
    }
    return j;
}

// An identifier at i followed by '+' or '.' (a %pS symbol): its length, 0 if none.
std::size_t func_at(std::string_view t, std::size_t i) {
    if (i >= t.size() || (t[i] >= '0' && t[i] <= '9')) // a C name does not start with a digit
        return 0;
    std::size_t j = i;
    while (j < t.size() && is_ident(t[j]))
        ++j;
    if (j == i || j >= t.size() || (t[j] != '+' && t[j] != '.'))
        return 0;
    return j - i;
}

// The functions a stack trace line names: "func+0x1/0x2", "[<80123>] func+0x1/0x2 [mod]",
// arm "[<c01>] (func) from [<c02>] (caller+0x1/0x2)" and " func from caller+0x1/0x2".
// Unreliable "? func" frames and inlined "func file.c:12 [inline]" lines name nothing.
int frame_names(std::string_view t, std::string out[2]) {
    if (ends_with(t, " (unreliable)")) // powerpc's "?"
        return 0;
    std::size_t i = 0;
    while (i < t.size() && (t[i] == ' ' || t[i] == '\t'))
        ++i;
    for (int k = 0; k < 2; ++k) {
        std::size_t j = skip_pc(t, i, false);
        if (j == std::string_view::npos || j >= t.size() || t[j] != ' ')
            break;
        i = j + 1;
        if (k == 0 && i < t.size() && t[i] == '(') { // arm: "[<pc>] (func) from [<pc>] (caller+0x..)"
            std::size_t a = i + 1, b = a;
            while (b < t.size() && (is_ident(t[b]) || t[b] == '.'))
                ++b;
            if (b == a || !starts_with(t.substr(b), ") from "))
                return 0;
            std::size_t c = skip_pc(t, b + 7, true);
            if (c == std::string_view::npos || c >= t.size() || t[c] != '(')
                return 0;
            std::size_t n = func_at(t, c + 1);
            out[0] = std::string(base_function(t.substr(a, b - a)));
            if (!n)
                return 1;
            out[1] = std::string(t.substr(c + 1, n));
            return 2;
        }
    }
    std::size_t n = func_at(t, i);
    if (n) {
        out[0] = std::string(t.substr(i, n));
        return 1;
    }
    // " func from caller+0x10/0x20"
    std::size_t j = i;
    while (j < t.size() && (is_ident(t[j]) || t[j] == '.'))
        ++j;
    if (j > i && starts_with(t.substr(j), " from ")) {
        std::size_t m = func_at(t, j + 6);
        if (m) {
            out[0] = std::string(base_function(t.substr(i, j - i)));
            out[1] = std::string(t.substr(j + 6, m));
            return 2;
        }
    }
    return 0;
}

// The function a pc line names: x86 "RIP: 0010:func+0x..", "IP: [<..>] func+", powerpc
// "NIP [..] func+", arm64 "pc : func+", arm "PC is at func+", MIPS "epc   : 80123456 func+".
// 1: a name; 2: a pc line with only an address ("RIP: 0033:0x7f12", "IP: (null)"); 0: none.
int rip_name(std::string_view t, std::string& name) {
    // powerpc: "--- interrupt: 700 at func+0x2c/0x70"
    std::size_t q = t.find("--- interrupt: ");
    if (q != std::string_view::npos) {
        std::size_t a = t.find(" at ", q);
        std::size_t n = a == std::string_view::npos ? 0 : func_at(t, a + 4);
        if (n) {
            name = std::string(t.substr(a + 4, n));
            return 1;
        }
    }
    static const std::string_view keys[] = {"IP:", "IP ", "pc :", "pc ", "PC is at "};
    for (std::string_view k : keys) {
        std::size_t p = t.find(k);
        if (p == std::string_view::npos)
            continue;
        if (k == "pc " && p > 0 && t[p - 1] != 'e' && t[p - 1] != ' ')
            continue;
        std::size_t i = p + k.size();
        while (i < t.size() && (t[i] == ' ' || t[i] == ':'))
            ++i;
        // "0010:" code segment
        std::size_t d = i;
        while (d < t.size() && t[d] >= '0' && t[d] <= '9')
            ++d;
        if (d > i && d < t.size() && t[d] == ':')
            for (i = d + 1; i < t.size() && t[i] == ' ';)
                ++i;
        for (int n = 0; n < 2; ++n) {
            std::size_t j = skip_pc(t, i, true);
            if (j == std::string_view::npos)
                break;
            i = j;
        }
        // MIPS: a bare address before the symbol
        std::size_t h = i;
        while (h < t.size() && is_hexc(t[h]))
            ++h;
        if (h - i >= 8 && h < t.size() && t[h] == ' ')
            i = h + 1;
        std::size_t n = func_at(t, i);
        if (n) {
            name = std::string(t.substr(i, n));
            return 1;
        }
        std::string_view r = t.substr(std::min(i, t.size()));
        if (k != "pc " && (starts_with(r, "0x") || starts_with(r, "(null)") ||
                           (starts_with(r, "[<") && r.find("(null)") != std::string_view::npos)))
            return 2;
    }
    return 0;
}

bool is_stack_start(std::string_view t) {
    if (t.find("Call Trace") != std::string_view::npos || t.find("Call trace") != std::string_view::npos ||
        t.find("Backtrace:") != std::string_view::npos || t.find("Allocated:") != std::string_view::npos ||
        t.find("Freed:") != std::string_view::npos || t.find("Uninit was stored to memory at") != std::string_view::npos)
        return true;
    for (std::string_view k : {"Allocated by task ", "Freed by task "}) {
        std::size_t p = t.find(k);
        if (p != std::string_view::npos) {
            std::size_t i = p + k.size(), d = i;
            while (i < t.size() && t[i] >= '0' && t[i] <= '9')
                ++i;
            if (i > d && i < t.size() && t[i] == ':')
                return true;
        }
    }
    // " backtrace:" / " backtrace (crc 1a2b):", but not "stack backtrace:"
    for (std::size_t p = t.find("backtrace"); p != std::string_view::npos; p = t.find("backtrace", p + 1)) {
        std::string_view r = t.substr(p + 9);
        bool ok = starts_with(r, ":") || (starts_with(r, " (crc ") && r.find("):") != std::string_view::npos);
        if (!ok)
            continue;
        if (p == 0)
            return true;
        if (p >= 2 && t[p - 1] == ' ' && t[p - 2] != 'k')
            return true;
    }
    return false;
}

// The report as titles read it: its lines from the header on, with the pieces of lines a
// console or mail wrap split off joined back where that is what makes sense of them.
class Text {
public:
    Text(const std::vector<ReportLine>& L, std::size_t h) : L_(L), h_(h) {
        prefixed_.reserve(L.size() - h);
        for (std::size_t i = h; i < L.size(); ++i)
            prefixed_.push_back(parse_console_line(L[i].raw).prefixed() || (i == h && L[i].text_offset > 0));
        for (bool p : prefixed_)
            any_prefix_ = any_prefix_ || p;
    }
    std::size_t size() const { return L_.size() - h_; }
    std::string_view line(std::size_t i) const { return L_[h_ + i].text(); }
    const std::string& raw(std::size_t i) const { return L_[h_ + i].raw; }
    // Line i may be the tail of line i-1 that a wrap split off.
    bool cont(std::size_t i) const {
        if (i == 0 || i >= size() || prefixed_[i])
            return false;
        if (any_prefix_ && !prefixed_[i - 1])
            return false;
        std::string_view t = line(i);
        if (t.empty() || t.find("ingenic-lab: ") != std::string_view::npos)
            return false;
        return L_[h_ + i - 1].raw.size() >= 60;
    }
    std::string joined(std::size_t i, bool space) const {
        std::string s(line(i));
        if (cont(i + 1)) {
            if (space)
                s += ' ';
            s += trim(line(i + 1));
        }
        return s;
    }
    // Whole logical line i for free text (a wrapped message joined with a space unless
    // the wrap was a hard one at 72 or 80 columns).
    std::string logical(std::size_t i) const {
        std::string s(line(i));
        for (std::size_t j = i + 1; any_prefix_ && cont(j); ++j) {
            std::size_t w = L_[h_ + j - 1].raw.size();
            if (w != 72 && w != 80)
                s += ' ';
            s += line(j);
        }
        return s;
    }

private:
    const std::vector<ReportLine>& L_;
    std::size_t h_;
    std::vector<bool> prefixed_;
    bool any_prefix_ = false;
};

struct Frames {
    std::vector<std::string> names; // not skipped, in order
    std::size_t end = 0;            // line after the stack
};

class Titler {
public:
    Titler(const std::vector<ReportLine>& L, std::size_t h, TitleResult& r, Symbolizer* sym, bool trace_cut)
        : T(L, h), r(r), trace_cut(trace_cut), sym_(sym) {}

    Text T;
    TitleResult& r;
    bool trace_cut;

    bool skipped(std::string_view fn, const Rules& extra) const {
        return fn.empty() || any_rule(kSkip, fn) || any_rule(extra, fn);
    }

    // Names on line i (joined with the next line when the wrap cut a frame); advances i
    // past a joined continuation.
    int names_at(std::size_t& i, std::string out[2]) const {
        int n = frame_names(T.line(i), out);
        if (n == 0 && T.cont(i + 1)) {
            n = frame_names(T.joined(i, false), out);
            if (!n)
                n = frame_names(T.joined(i, true), out);
            if (n)
                ++i;
        }
        if (n == 0 && sym_) { // "[<80123456>] 0x80123456": ask the symbolizer
            Frame f;
            if (parse_frame_line(T.line(i), f) && f.func.empty() && f.has_addr && f.module.empty()) {
                auto res = sym_->resolve_address(f.addr ? f.addr - 1 : 0);
                if (!res.empty()) {
                    out[0] = std::string(base_function(res.back().func));
                    n = 1;
                }
            }
        }
        return n;
    }

    // Frames from line `from` to the line that starts the next trace section.
    Frames stack(std::size_t from, const Rules& extra, bool strip = true) const {
        Frames f;
        std::size_t i = from;
        for (; i < T.size(); ++i) {
            std::string_view t = T.line(i);
            if (is_stack_start(t))
                break;
            std::string n[2];
            int k = names_at(i, n);
            for (int j = 0; j < k; ++j)
                if (!skipped(n[j], extra))
                    f.names.push_back(strip ? std::string(strip_syscall(n[j])) : n[j]);
        }
        f.end = i;
        return f;
    }

    // First line at or after `from` for which pred(text) holds, or npos.
    template <class P> std::size_t find(std::size_t from, P pred) const {
        for (std::size_t i = from; i < T.size(); ++i)
            if (pred(T.line(i)))
                return i;
        return std::string_view::npos;
    }
    std::size_t find_text(std::size_t from, std::string_view key) const {
        return find(from, [&](std::string_view t) { return t.find(key) != std::string_view::npos; });
    }
    std::size_t call_trace(std::size_t from) const {
        return find(from, [](std::string_view t) {
            return t.find("Call Trace") != std::string_view::npos || t.find("Call trace") != std::string_view::npos ||
                   t.find("Backtrace:") != std::string_view::npos;
        });
    }

    // The first pc line at or after `from`: its function ("" when it holds only an
    // address) and where it was.
    bool rip(std::size_t from, std::string& name, std::size_t& at) const {
        for (std::size_t i = from; i < T.size(); ++i) {
            int k = rip_name(T.line(i), name);
            if (!k && T.cont(i + 1))
                k = rip_name(T.joined(i, false), name);
            if (k) {
                if (k == 2)
                    name.clear();
                at = i;
                return true;
            }
        }
        return false;
    }

    // "...at: func+0x1/0x2" (a lock's acquisition site) on line i or, wrapped, the next.
    bool at_name(std::size_t i, std::string& name) const {
        for (int mode = 0; mode < 3; ++mode) {
            std::string s = mode == 0 ? std::string(T.line(i)) : T.joined(i, mode == 1);
            if (mode > 0 && !T.cont(i + 1))
                break;
            std::size_t p = s.find("at: ");
            if (p == std::string::npos)
                p = s.find("at:");
            while (p != std::string::npos) {
                std::size_t k = p + 3;
                while (k < s.size() && s[k] == ' ')
                    ++k;
                std::size_t j = skip_pc(s, k, true);
                if (j != std::string::npos)
                    k = j;
                std::size_t n = func_at(s, k);
                if (n) {
                    name = s.substr(k, n);
                    return true;
                }
                p = s.find("at:", p + 3);
            }
        }
        return false;
    }
    std::size_t find_at(std::size_t from, std::string& name) const {
        for (std::size_t i = from; i < T.size(); ++i)
            if (at_name(i, name))
                return i;
        return std::string_view::npos;
    }

    // "[<ffff0000>] func+0x1/0x2" anywhere on a line (print_ip_sym).
    std::size_t find_pc_func(std::size_t from, std::string& name) const {
        for (std::size_t i = from; i < T.size(); ++i) {
            std::string_view t = T.line(i);
            for (std::size_t p = t.find('['); p != std::string_view::npos; p = t.find('[', p + 1)) {
                std::size_t j = skip_pc(t, p, true);
                if (j == std::string_view::npos)
                    continue;
                std::size_t n = func_at(t, j);
                if (n) {
                    name = std::string(t.substr(j, n));
                    return i;
                }
            }
        }
        return std::string_view::npos;
    }

    // --- results ---
    void set(std::string base, const std::string& frame) {
        if (frame.empty()) {
            missing(std::move(base), "no usable stack frame for the title");
            return;
        }
        r.frame = frame;
        r.title = std::move(base) + " in " + frame;
    }
    // The title lacks its essential part: it is written "corrupted: <what survived>".
    void missing(std::string base, std::string why) {
        r.title = std::move(base);
        r.ok = false;
        r.problem = std::move(why);
    }
    void fixed(std::string title) { r.title = std::move(title); }
    void suspect(std::string why) {
        if (r.suspect.empty())
            r.suspect = std::move(why);
    }
    void no_stack() { r.no_stack = true; }

    // First unskipped of: the pc line, then the call trace after it.
    std::string rip_then_trace(const Rules& extra, bool stall = false) const {
        std::string n;
        std::size_t at = 0;
        std::vector<std::string> names;
        std::size_t from = 1;
        if (rip(1, n, at)) {
            if (!skipped(n, extra))
                names.push_back(std::string(strip_syscall(n)));
            from = at + 1;
        }
        std::size_t ct = call_trace(from);
        if (ct == std::string_view::npos && names.empty())
            ct = call_trace(1);
        if (ct != std::string_view::npos) {
            Frames f = stack(ct + 1, extra);
            if (stall) {
                // A trace that starts in the interrupt handler that noticed the stall (MIPS
                // dump_stack() from the timer interrupt): the stalled code is after the entry.
                // (x86 and arm64 print the interrupted context's trace instead: an <IRQ>
                // section there is the stalled code itself.)
                bool detector = false, entry = false;
                for (const auto& n : f.names)
                    detector = detector || n == "watchdog_timer_fn";
                for (std::size_t i = f.names.size(); detector && i-- > 0 && !entry;)
                    if (interrupt_entry(f.names[i])) {
                        f.names.erase(f.names.begin(), f.names.begin() + static_cast<std::ptrdiff_t>(i) + 1);
                        entry = true;
                    }
                // Cut while still in the detector's own frames: the stalled code is not there yet.
                if (detector && !entry && trace_cut)
                    return {};
            }
            names.insert(names.end(), f.names.begin(), f.names.end());
        }
        if (stall)
            return stall_frame(names);
        return names.empty() ? std::string() : names.front();
    }
    static bool interrupt_entry(std::string_view f) {
        return f == "handle_int" || f == "ret_from_irq" || f == "el1h_64_irq" || f == "el1_interrupt" ||
               f == "apic_timer_interrupt" || f == "asm_sysvec_apic_timer_interrupt" || starts_with(f, "except_vec");
    }
    // WARNING's rule: the pc line's function if it counts, else the first of the call trace.
    std::string warn_frame(const Rules& extra) const {
        std::string n;
        std::size_t at = 0;
        if (rip(1, n, at) && !skipped(n, extra))
            return std::string(strip_syscall(n));
        return trace_frame(extra);
    }
    // First unskipped frame after the first "Call Trace".
    std::string trace_frame(const Rules& extra, std::size_t from = 1) const {
        std::size_t ct = call_trace(from);
        if (ct == std::string_view::npos)
            return {};
        Frames f = stack(ct + 1, extra);
        return f.names.empty() ? std::string() : f.names.front();
    }
    std::vector<std::string> trace_frames(const Rules& extra, std::size_t from = 1) const {
        std::size_t ct = call_trace(from);
        if (ct == std::string_view::npos)
            return {};
        return stack(ct + 1, extra).names;
    }

    Symbolizer* sym() const { return sym_; }

private:
    Symbolizer* sym_;
};


// ---------------------------------------------------------------------------------------
// Free text in titles: what changes between occurrences of the same bug goes.

bool word_char(char c) { return is_ident(c); }

// Replaces addresses (ADDR), file:line numbers (LINE), func+off/size (func), CPU#n and other
// numbers (NUM); collapses blanks; at most 120 characters, never ending inside a word.
std::string sanitize(std::string_view in) {
    std::string s;
    s.reserve(in.size());
    // func+0x1c/0x40 -> func
    for (std::size_t i = 0; i < in.size();) {
        if (in[i] == '+' && i > 0 && word_char(in[i - 1]) && i + 2 < in.size() && in[i + 1] == '0' &&
            in[i + 2] == 'x') {
            std::size_t j = i + 3;
            while (j < in.size() && is_hexc(in[j]))
                ++j;
            if (j < in.size() && in[j] == '/' && j + 2 < in.size() && in[j + 1] == '0' && in[j + 2] == 'x') {
                j += 3;
                while (j < in.size() && is_hexc(in[j]))
                    ++j;
                i = j;
                continue;
            }
        }
        s += in[i++];
    }
    std::string o;
    o.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        char c = s[i];
        bool boundary = i == 0 || !(is_ident(s[i - 1]));
        // addresses: (0x)?[0-9a-f]{6,}
        if (boundary && is_hexc(c)) {
            std::size_t j = i;
            if (c == '0' && i + 1 < s.size() && s[i + 1] == 'x')
                j += 2;
            std::size_t h = j;
            while (j < s.size() && ((s[j] >= '0' && s[j] <= '9') || (s[j] >= 'a' && s[j] <= 'f')))
                ++j;
            if (j - h >= 6 || (j - h >= 1 && h == i + 2)) {
                o += "ADDR";
                i = j;
                continue;
            }
        }
        // file.c:123 -> file.c:LINE
        if (c == ':' && i > 0 && is_ident(s[i - 1]) && i + 1 < s.size() && s[i + 1] >= '0' && s[i + 1] <= '9') {
            std::size_t b = i;
            while (b > 0 && is_ident(s[b - 1]))
                --b;
            if (b > 0 && s[b - 1] == '.') {
                std::size_t j = i + 1;
                while (j < s.size() && ((s[j] >= '0' && s[j] <= '9') || s[j] == ':'))
                    ++j;
                o += ":LINE";
                i = j;
                continue;
            }
        }
        if (c == 'C' && starts_with(std::string_view(s).substr(i), "CPU#")) {
            std::size_t j = i + 4;
            while (j < s.size() && s[j] >= '0' && s[j] <= '9')
                ++j;
            if (j > i + 4) {
                o += "CPU";
                i = j;
                continue;
            }
        }
        // standalone numbers
        if (c >= '0' && c <= '9' && boundary) {
            std::size_t j = i;
            while (j < s.size() && s[j] >= '0' && s[j] <= '9')
                ++j;
            if (j >= s.size() || !is_ident(s[j]) || j - i >= 7) {
                o += "NUM";
                i = j;
                continue;
            }
        }
        o += c;
        ++i;
    }
    std::string out;
    for (char c : o) {
        if (c == '\t')
            c = ' ';
        if (c == ' ' && (out.empty() || out.back() == ' '))
            continue;
        out += c;
    }
    while (!out.empty() && out.back() == ' ')
        out.pop_back();
    if (out.size() > 120) {
        std::size_t cut = out.rfind(' ', 120);
        out.resize(cut == std::string::npos || cut < 60 ? 120 : cut);
    }
    return out;
}

std::string_view after(std::string_view s, std::string_view key) {
    std::size_t p = s.find(key);
    return p == std::string_view::npos ? std::string_view() : s.substr(p + key.size());
}

std::string word(std::string_view s) {
    s = trim(s);
    std::size_t e = 0;
    while (e < s.size() && s[e] != ' ' && s[e] != ',' && s[e] != ')')
        ++e;
    return std::string(s.substr(0, e));
}

std::string first_ident(std::string_view s) {
    std::size_t n = 0;
    while (n < s.size() && is_ident(s[n]))
        ++n;
    return std::string(s.substr(0, n));
}

// ---------------------------------------------------------------------------------------
// Per kind.

void title_kasan(Titler& x) {
    std::string_view t = x.T.line(0);
    std::string_view rest = t.substr(std::string_view("BUG: KASAN: ").size());
    std::size_t sp = rest.find(' ');
    std::string type(rest.substr(0, sp));
    std::string_view tail = sp == std::string_view::npos ? std::string_view() : rest.substr(sp);
    // the function in the header; "in" and the symbol may have been wrapped to the next line
    std::string hf;
    for (int mode = 0; mode < 3 && hf.empty(); ++mode) {
        std::string s = mode == 0 ? std::string(t) : x.T.joined(0, mode == 1);
        if (mode > 0 && !x.T.cont(1))
            break;
        std::size_t in = s.find(" in ");
        if (in != std::string::npos) {
            std::size_t n = func_at(s, in + 4);
            if (n)
                hf = s.substr(in + 4, n);
        }
    }
    // Access: "Read of size 4 at addr ..." (generic, sw tags), "Read at addr ..." (hw tags)
    std::string op;
    for (std::size_t i = 1; i < x.T.size() && i < 40 && op.empty(); ++i) {
        std::string_view a = trim(x.T.line(i));
        for (std::string_view k : {"Read of size ", "Write of size ", "Read at addr ", "Write at addr "}) {
            if (starts_with(a, k)) {
                op = std::string(k.substr(0, k.find(' ')));
                x.r.details.push_back({"access", op});
                if (k.find("size") != std::string_view::npos)
                    x.r.details.push_back({"size", word(a.substr(k.size()))});
                std::string_view addr = after(a, " addr ");
                if (!addr.empty())
                    x.r.details.push_back({"addr", word(addr)});
                std::string_view task = after(a, " by task ");
                if (!task.empty())
                    x.r.details.push_back({"task", std::string(trim(task))});
                break;
            }
        }
        if (starts_with(a, "Free of addr "))
            break;
    }
    for (std::size_t i = 1; i < x.T.size(); ++i) {
        std::string_view c = after(x.T.line(i), "which belongs to the cache ");
        if (!c.empty()) {
            x.r.details.push_back({"cache", word(c)});
            break;
        }
    }
    (void)tail;
    bool free_bug = starts_with(rest, "double-free") || starts_with(rest, "invalid-free");
    Rules extra = free_bug ? Rules{"slab_", "kfree", "vunmap", "vfree"}
                           : Rules{"kernel_fault", "tag_check", "mem_abort", "^el1_", "^el1h_"};
    std::string frame;
    if (!hf.empty() && !x.skipped(hf, extra))
        frame = hf;
    if (frame.empty())
        frame = x.trace_frame(extra);
    if (frame.empty() && !hf.empty() && x.call_trace(1) == std::string_view::npos) {
        // KASAN without a "Call trace:" label (some arm64 tag reports): the frames follow.
        Frames f = x.stack(1, extra);
        if (!f.names.empty())
            frame = f.names.front();
    }
    if (free_bug) {
        x.set("KASAN: invalid-free", frame);
        return;
    }
    if (op.empty()) {
        x.missing("KASAN: " + type, "no Read/Write access line after the KASAN header");
        return;
    }
    x.set("KASAN: " + type + " " + op, frame);
}

void title_kmsan(Titler& x) {
    std::string_view rest = x.T.line(0).substr(std::string_view("BUG: KMSAN: ").size());
    std::string type(rest.substr(0, rest.find(' ')));
    Rules extra = {"alloc_skb", "netlink_ack", "netlink_rcv_skb", "_encrypt$", "^crypto_", "^cipher_", "^drbg_",
                   "^rng_"};
    if (type == "kernel-usb-infoleak")
        extra = {"alloc_skb", "usb_submit_urb", "usb_start_wait_urb", "usb_bulk_msg", "usb_interrupt_msg",
                 "usb_control_msg"};
    // The frames follow the header directly (no "Call Trace:").
    x.no_stack();
    Frames f = x.stack(1, extra);
    x.set("KMSAN: " + type, f.names.empty() ? std::string() : f.names.front());
}

void title_kcsan(Titler& x) {
    x.no_stack();
    x.fixed(sanitize(x.T.logical(0).substr(5)));
}

void title_kfence(Titler& x) {
    std::string_view rest = x.T.line(0).substr(std::string_view("BUG: KFENCE: ").size());
    std::size_t in = rest.find(" in ");
    std::string what(trim(in == std::string_view::npos ? rest : rest.substr(0, in)));
    std::string hf;
    if (in != std::string_view::npos) {
        std::size_t n = func_at(rest, in + 4);
        if (n)
            hf = std::string(rest.substr(in + 4, n));
    }
    for (std::size_t i = 0; i < x.T.size() && i < 60; ++i) {
        std::string_view c = after(x.T.line(i), ", cache=");
        if (!c.empty()) {
            x.r.details.push_back({"cache", word(c.substr(0, c.find(']')))});
            break;
        }
    }
    // The stack follows the header (arm64 and x86 add the faulting context's "Call trace:"
    // only when the report comes from a fault).
    x.no_stack();
    std::string frame = !hf.empty() && !x.skipped(hf, {}) ? hf : std::string();
    if (frame.empty()) {
        Frames f = x.stack(1, {});
        if (!f.names.empty())
            frame = f.names.front();
    }
    x.set("KFENCE: " + what, frame);
}

void title_ubsan(Titler& x) {
    std::string s = x.T.logical(0);
    std::string_view rest = std::string_view(s).substr(7);
    std::size_t in = rest.find(" in ");
    std::string file = in == std::string_view::npos ? std::string() : word(rest.substr(in + 4));
    if (!file.empty())
        x.r.details.push_back({"location", file});
    if (starts_with(rest, "Undefined behaviour in")) {
        x.set("UBSAN: undefined-behaviour", x.trace_frame({"ubsan", "overflow"}));
        return;
    }
    if (in == std::string_view::npos) {
        x.missing("UBSAN: " + sanitize(rest), "UBSAN header without its location");
        return;
    }
    std::string type(trim(rest.substr(0, in)));
    x.set("UBSAN: " + type, x.trace_frame({"ubsan", "overflow"}));
}

void title_slub(Titler& x, const std::vector<ReportLine>& L, std::size_t h) {
    std::string_view t = x.T.line(0).substr(4);
    std::string cache(t.substr(0, t.find(' ')));
    std::string_view what = after(t, "): ");
    // 6.12 prints "[Poison overwritten] 0x...-0x... @offset=..." before "BUG ...: Object corrupt".
    std::string named;
    for (std::size_t i = 0; i < h; ++i) {
        std::string_view p = trim(L[i].text());
        if (starts_with(p, "[") && p.find(" overwritten]") != std::string_view::npos)
            named = std::string(p.substr(1, p.find(']') - 1));
    }
    std::string w = named.empty() ? std::string(trim(what)) : named;
    std::size_t dot = w.find(". ");
    if (dot != std::string::npos)
        w = w.substr(0, dot);
    w = sanitize(w);
    x.r.details.push_back({"cache", cache});
    if (!named.empty())
        x.r.details.push_back({"header", std::string(what)});
    // syzkaller's one SLUB rule: a double free in a kmalloc cache.
    if (starts_with(cache, "kmalloc-") && starts_with(w, "Object already free")) {
        x.fixed("BUG: Object already free");
    } else {
        x.fixed("BUG " + cache + ": " + w);
    }
    std::string f = x.trace_frame({"free_", "__free", "kfree", "alloc_", "__alloc", "kmem_cache", "kmalloc",
                                   "__kmalloc", "check_", "validate_slab", "__kmem_cache_shutdown", "object_err",
                                   "slab_err", "print_trailer", "on_freelist"});
    if (!f.empty())
        x.r.frame = f;
}

// The lock named by the first "... at:" line after the line holding key (lockdep prints the lock,
// then "at: <function>").
std::string lock_at_after(Titler& x, std::string_view key) {
    std::size_t k = x.find_text(1, key);
    if (k == std::string_view::npos)
        return {};
    std::string name;
    return x.find_at(k, name) != std::string_view::npos ? name : std::string();
}

// "possible circular locking dependency": the lock it tries to acquire, or, when that is
// workqueue plumbing, the next "at:" or the first frame after it.
void lockdep_circular(Titler& x, bool info) {
    if (x.find_text(1, "is trying to acquire lock") == std::string_view::npos) {
        x.missing("possible deadlock", "no \"is trying to acquire lock\" line");
        return;
    }
    if (info) {
        x.set("possible deadlock", lock_at_after(x, "is trying to acquire lock"));
        return;
    }
    Rules extra = {"process_one_work", "flush_workqueue", "drain_workqueue", "destroy_workqueue"};
    std::string name;
    std::size_t a1 = x.find_at(1, name);
    if (a1 == std::string_view::npos) {
        x.missing("possible deadlock", "no \"at:\" of the lock it tries to acquire");
        return;
    }
    if (!x.skipped(name, extra)) {
        x.set("possible deadlock", name);
        return;
    }
    std::size_t a2 = x.find_at(a1 + 1, name);
    if (a2 != std::string_view::npos && !x.skipped(name, extra)) {
        x.set("possible deadlock", name);
        return;
    }
    Frames f = x.stack(a2 == std::string_view::npos ? 1 : a2 + 1, extra);
    x.set("possible deadlock", f.names.empty() ? std::string() : f.names.front());
}

// "...-safe -> ...-unsafe lock order detected": the first frame after "which became ... at:".
void lockdep_unsafe_order(Titler& x, bool info) {
    if (info) {
        x.set("possible deadlock", lock_at_after(x, "is trying to acquire"));
        return;
    }
    std::size_t k = x.find(1, [](std::string_view l) {
        return l.find("which became ") != std::string_view::npos && ends_with(trim(l), " at:");
    });
    Frames f = x.stack(k == std::string_view::npos ? x.T.size() : k + 1, {});
    x.set("possible deadlock", f.names.empty() ? std::string() : f.names.front());
}

void lockdep_inconsistent(Titler& x, bool info) {
    for (std::size_t i = 1; i < x.T.size() && i < 6; ++i) {
        std::string_view l = trim(x.T.line(i));
        if (starts_with(l, "inconsistent {")) {
            x.r.details.push_back({"usage", std::string(l.substr(13, l.find(" usage") - 13))});
            break;
        }
    }
    std::string takes = lock_at_after(x, "takes");
    if (takes.empty()) {
        x.missing("inconsistent lock state", "no \"takes: ... at:\" line");
        return;
    }
    x.set("inconsistent lock state", info ? takes : x.trace_frame({}));
}

void lockdep_bad_unlock(Titler& x, bool bug) {
    std::string name;
    std::size_t k = x.find_pc_func(1, name);
    std::string frame;
    if (k != std::string_view::npos) {
        if (!x.skipped(name, {}))
            frame = name;
        else
            frame = x.trace_frame({}, k + 1);
    }
    x.set(bug ? "BUG: bad unlock balance" : "WARNING: bad unlock balance", frame);
}

// "held lock freed", "... still has locks held!": the PC's function for a BUG, the "at:" for a
// WARNING.
void lockdep_held(Titler& x, bool bug, const std::string& what) {
    std::string name;
    if (bug)
        x.find_pc_func(1, name);
    else
        x.find_at(1, name);
    x.set((bug ? "BUG: " : "WARNING: ") + what, name);
}

// "suspicious RCU usage" needs a file:line (the rcu_dereference_check() that fired) after the header.
void lockdep_rcu(Titler& x, bool info) {
    std::size_t k = x.find(1, [](std::string_view l) {
        std::size_t c = l.find(".c:");
        if (c == std::string_view::npos)
            c = l.find(".h:");
        return c != std::string_view::npos && c + 3 < l.size() && l[c + 3] >= '0' && l[c + 3] <= '9';
    });
    std::string base = info ? "INFO: suspicious RCU usage" : "WARNING: suspicious RCU usage";
    if (k == std::string_view::npos) {
        x.fixed(base);
        x.suspect("no source location after the header");
        return;
    }
    x.set(base, x.trace_frame({"rcu", "kmem", "slab"}));
}

void title_lockdep(Titler& x) {
    std::string_view t = x.T.line(0);
    std::string_view rest = trim(t);
    if (ends_with(rest, " ]")) // "[ BUG: ... ]" before 4.x
        rest = trim(rest.substr(0, rest.size() - 2));
    bool info = false, bug = false;
    if (starts_with(rest, "WARNING: "))
        rest.remove_prefix(9);
    else if (starts_with(rest, "INFO: "))
        rest.remove_prefix(6), info = true;
    else if (starts_with(rest, "BUG: "))
        rest.remove_prefix(5), bug = true;
    if (starts_with(rest, "possible circular locking")) {
        lockdep_circular(x, info);
    } else if (starts_with(rest, "possible recursive locking")) {
        x.set("possible deadlock", lock_at_after(x, "is trying to acquire lock"));
    } else if (starts_with(rest, "possible irq lock inversion")) {
        x.set("possible deadlock", lock_at_after(x, "just changed the state of lock"));
    } else if (rest.find("-unsafe lock order detected") != std::string_view::npos) {
        lockdep_unsafe_order(x, info);
    } else if (starts_with(rest, "inconsistent lock state")) {
        lockdep_inconsistent(x, info);
    } else if (starts_with(rest, "bad unlock balance")) {
        lockdep_bad_unlock(x, bug);
    } else if (starts_with(rest, "held lock freed")) {
        lockdep_held(x, bug, "held lock freed");
    } else if (ends_with(trim(rest), "still has locks held!")) {
        lockdep_held(x, bug, "still has locks held");
    } else if (starts_with(rest, "lock held when returning to user space")) {
        x.no_stack();
        std::size_t k = x.find_text(1, "leaving the kernel with locks still held");
        std::string name;
        if (k != std::string_view::npos)
            x.find_at(k, name);
        x.set(std::string(bug ? "BUG" : "WARNING") + ": lock held when returning to user space", name);
    } else if (starts_with(rest, "suspicious RCU usage")) {
        lockdep_rcu(x, info);
    } else if (starts_with(t, "[ BUG: Invalid wait context ]") || starts_with(rest, "Invalid wait context")) {
        x.set("WARNING: locking bug", x.trace_frame({"lock_sock", "release_sock"}));
    } else if (starts_with(rest, "Nested lock was not taken")) {
        x.set("WARNING: nested lock was not taken", x.warn_frame({}));
    } else if (starts_with(rest, "trying to register non-static key")) {
        x.set("INFO: trying to register non-static key", x.trace_frame({"stack", "lock", "IRQ"}));
    } else {
        x.fixed(sanitize(x.T.logical(0)));
    }
}

// " kmalloc", " kvmalloc", " kzalloc"...: a space, then at most two characters (the first
// one a 'k' if two), then "malloc"/"zalloc"... as syzkaller's kmalloc-bug rule reads it.
bool kmalloc_word(std::string_view s) {
    for (std::size_t p = s.find(' '); p != std::string_view::npos; p = s.find(' ', p + 1)) {
        std::string_view w = s.substr(p + 1);
        if (starts_with(w, "malloc") || (w.size() > 1 && starts_with(w.substr(1), "malloc")) ||
            (w.size() > 2 && w[0] == 'k' && starts_with(w.substr(2), "malloc")))
            return true;
    }
    return false;
}

void title_warn(Titler& x) {
    std::string_view t = x.T.line(0);
    std::string h = x.T.logical(0);
    // "at <file>:<line>" in the header
    std::string file;
    std::size_t at = h.find(" at ");
    if (starts_with(std::string_view(h).substr(9), "at "))
        at = 8;
    if (at != std::string::npos) {
        std::string w = word(std::string_view(h).substr(at + 4));
        if (w.find(':') != std::string::npos && w.find('/') != std::string::npos)
            file = w;
    }
    if (file.empty()) { // "WARNING: file.c:123 at ..."
        std::string w = word(std::string_view(h).substr(9));
        if (w.find(':') != std::string::npos && w.find('.') != std::string::npos)
            file = w;
    }
    if (!file.empty())
        x.r.details.push_back({"location", file});
    std::string path = file.substr(0, file.find(':'));
    auto has = [&](std::string_view s) { return h.find(s) != std::string::npos; };
    std::string base = "WARNING";
    Rules extra;
    if (path.find("lib/debugobjects.c") != std::string::npos) {
        base = "WARNING: ODEBUG bug";
        extra = {"debug_", "rcu", "hrtimer_", "timer_", "work_", "percpu_", "vunmap", "vfree", "__free_",
                 "debug_check", "kobject_"};
    } else if (path.find("mm/usercopy.c") != std::string::npos) {
        base = "WARNING: bad usercopy";
        extra = {"usercopy", "__check"};
    } else if (path.find("lib/kobject.c") != std::string::npos) {
        base = "WARNING: kobject bug";
        extra = {"kobject_"};
    } else if (path.find("fs/proc/generic.c") != std::string::npos) {
        base = "WARNING: proc registration bug";
        extra = {"proc_"};
    } else if (path.find("lib/refcount.c") != std::string::npos) {
        base = "WARNING: refcount bug";
        extra = {"refcount", "kobject_"};
    } else if (path.find("kernel/locking/lockdep.c") != std::string::npos &&
               std::string_view(h).substr(h.find(path) + path.size()).find("lock_") != std::string_view::npos) {
        base = "WARNING: locking bug";
        extra = {"lock_sock", "release_sock"};
    } else if (path.find("mm/vmalloc.c") != std::string::npos && has("__vmalloc_node")) {
        base = "WARNING: zero-size vmalloc";
    } else if (starts_with(path, "mm/") && kmalloc_word(std::string_view(h).substr(h.find(path)))) {
        base = "WARNING: kmalloc bug";
        extra = {"kmalloc", "krealloc", "slab", "kmem"};
    } else if (has(" usb_submit_urb")) {
        std::string f = x.warn_frame({"usb_submit_urb", "usb_start_wait_urb", "usb_bulk_msg", "usb_interrupt_msg",
                                      "usb_control_msg"});
        if (f.empty())
            x.missing("WARNING", "no usable stack frame for the title");
        else
            x.r.frame = f, x.r.title = "WARNING in " + f + "/usb_submit_urb";
        return;
    }
    std::string frame = x.warn_frame(extra);
    // MIPS: a WARN_ON() that ends its function is a tail call to warn_slowpath_fmt(), so the
    // header and the trace name the caller, not the function that warned. With the lane's
    // build tree at hand the header's file:line gives that function back (our rule; x86 and
    // arm64 trap on the WARN itself and never need it).
    if (!frame.empty() && x.sym() && !file.empty() && ends_with(path, ".c")) {
        std::size_t a = h.find(file);
        Frame hf;
        std::string_view hs = trim(std::string_view(h).substr(a + file.size()));
        if (parse_symbol_ref(hs.substr(0, hs.find(" [") == std::string_view::npos ? hs.size() : hs.find("]") + 1), hf) &&
            base_function(hf.func) == frame) {
            std::string wf(base_function(x.sym()->function_at(file, hf)));
            if (!wf.empty() && !x.skipped(wf, extra)) {
                x.r.details.push_back({"tail_call_from", frame});
                frame = wf;
            }
        }
    }
    if (frame.empty()) {
        // No pc line and no trace (the report was cut): the function in the header.
        std::size_t a = file.empty() ? std::string::npos : h.find(file);
        if (a != std::string::npos) {
            std::string_view f = trim(std::string_view(h).substr(a + file.size()));
            std::size_t n = func_at(f, 0);
            if (n && !x.skipped(f.substr(0, n), extra))
                frame = std::string(f.substr(0, n));
        }
    }
    (void)t;
    x.set(base, frame);
}

void title_warn_generic(Titler& x) {
    std::string h = x.T.logical(0);
    std::string_view r = trim(std::string_view(h).substr(9));
    // "... at <hex> in <task> has bad 'bp' value": with a printed address the value's name is
    // kept; with "(ptrval)" both forms become "kernel stack regs has bad value" (syzkaller).
    for (std::string_view k : {"kernel stack regs at ", "kernel stack frame pointer at "}) {
        if (!starts_with(r, k))
            continue;
        std::string_view a = r.substr(k.size());
        bool hex = !a.empty() && is_hexc(a[0]);
        std::size_t q = r.find(" has bad '");
        if (hex && k[13] == 'r' && q != std::string_view::npos) {
            std::string_view v = r.substr(q + 10);
            x.fixed("WARNING: kernel stack regs has bad '" + std::string(v.substr(0, v.find('\''))) + "' value");
        } else if (hex && k[13] == 'f') {
            x.fixed("WARNING: kernel stack frame pointer has bad value");
        } else {
            x.fixed("WARNING: kernel stack regs has bad value");
        }
        x.no_stack();
        return;
    }
    if (r.empty()) {
        x.fixed("WARNING: corrupted");
        x.r.ok = false;
        x.r.keep_title = true;
        x.r.problem = "header line without text";
        return;
    }
    x.fixed(sanitize(h));
}

void title_bug_at(Titler& x) {
    std::string h = x.T.logical(0);
    if (starts_with(h, "Kernel BUG ")) { // "Kernel BUG at ffffffff8123 [verbose debug info unavailable]"
        x.fixed(sanitize("kernel BUG " + h.substr(11)));
        return;
    }
    std::string loc = word(std::string_view(h).substr(14));
    if (!loc.empty() && loc.back() == '!')
        loc.pop_back();
    x.r.details.push_back({"location", loc});
    // __FILE__ of a kernel built with O= starts with the way to the source tree
    // ("../../../src/linux-source-6.12/mm/usercopy.c"): compare from a directory boundary.
    auto in_file = [&](std::string_view f) {
        std::string_view path = std::string_view(loc).substr(0, loc.find(':'));
        return path == f || (ends_with(path, f) && path[path.size() - f.size() - 1] == '/');
    };
    if (in_file("mm/usercopy.c")) {
        x.set("BUG: bad usercopy", x.trace_frame({"usercopy", "__check"}));
    } else if (in_file("lib/list_debug.c")) {
        x.set("BUG: corrupted list", x.trace_frame({}));
    } else {
        x.set("kernel BUG", x.rip_then_trace({"^skb_"}));
    }
}

void title_bug(Titler& x) {
    std::string h = x.T.logical(0);
    std::string_view r = std::string_view(h).substr(5);
    if (starts_with(r, "spinlock ") || starts_with(r, "rwlock ")) {
        static const std::string_view whats[] = {"lockup suspected", "already unlocked", "recursion", "cpu recursion",
                                                 "bad magic", "wrong owner", "wrong CPU", "trylock failure on UP"};
        std::string_view lk = r.substr(0, r.find(' '));
        std::string_view w = r.substr(lk.size() + 1);
        for (auto k : whats)
            if (starts_with(w, k)) {
                x.set("BUG: " + std::string(lk) + " " + std::string(k), x.trace_frame({"spin_", "_lock", "_unlock"}));
                return;
            }
    } else if (starts_with(r, "Bad rss-counter state") || starts_with(r, "non-zero nr_ptes on freeing mm") ||
               starts_with(r, "non-zero nr_pmds on freeing mm") || starts_with(r, "workqueue lockup") ||
               starts_with(r, "Bad page map")) {
        for (std::string_view k : {"Bad rss-counter state", "non-zero nr_ptes on freeing mm",
                                   "non-zero nr_pmds on freeing mm", "workqueue lockup", "Bad page map"})
            if (starts_with(r, k)) {
                x.no_stack();
                x.fixed("BUG: " + std::string(k));
                return;
            }
    } else if (starts_with(r, "Bad page state") || starts_with(r, "Bad page cache")) {
        std::string what = starts_with(r, "Bad page state") ? "state" : "cache";
        std::size_t k = x.find_text(1, "page last allocated");
        Frames f = x.stack(k == std::string_view::npos ? x.T.size() : k + 1,
                           {"free_page", "put_page", "get_page", "update_page", "release_page", "free_unref",
                            "^folio", "^_folio", "^__folio", "truncate_inode_pages", "page_frag_free", "alloc",
                            "vmap", "page_owner"});
        x.set("BUG: Bad page " + what, f.names.empty() ? std::string() : f.names.front());
        return;
    } else if (starts_with(r, "Dentry ")) {
        std::size_t u = r.find(" still in use (");
        std::size_t b = r.find("[unmount of ");
        if (u != std::string_view::npos && b != std::string_view::npos) {
            x.fixed("BUG: Dentry still in use in unmount");
            return;
        }
    } else if (starts_with(r, "using ")) {
        std::string_view f = r.substr(6);
        std::size_t p = f.find("() in preemptible");
        if (p != std::string_view::npos) {
            x.set("BUG: using " + std::string(f.substr(0, p)) + "() in preemptible code",
                  x.trace_frame({"dump_stack", "preemption", "preempt", "debug_", "processor_id", "this_cpu"}));
            return;
        }
    } else if (starts_with(r, "workqueue leaked lock or atomic")) {
        std::size_t k = x.find_text(1, "last function: ");
        if (k != std::string_view::npos) {
            x.no_stack();
            x.fixed("BUG: workqueue leaked lock or atomic in " +
                    first_ident(trim(after(x.T.line(k), "last function: "))));
            return;
        }
    } else if (r.find("stack guard page was hit at") != std::string_view::npos) {
        x.set("BUG: stack guard page was hit", x.rip_then_trace({}, true));
        return;
    }
    x.fixed(sanitize(h));
}

void title_bug_generic(Titler& x) {
    std::string h = x.T.logical(0);
    std::string_view w = trim(h);
    if (w == "BUG:" || w == "INFO:") { // the header and nothing else: the rest was lost
        x.fixed(std::string(w) + " corrupted");
        x.r.ok = false;
        x.r.keep_title = true;
        x.r.problem = "header line without text";
        return;
    }
    x.fixed(sanitize(h));
}

void title_oops(Titler& x, Hdr type) {
    std::string h = x.T.logical(0);
    std::string_view t = h;
    std::string base;
    auto hex_field = [&](std::string_view key) { return word(after(t, key)); };
    switch (type) {
    case Hdr::fault: {
        std::string_view what = after(t, "Unable to handle kernel ");
        std::size_t e = what.find(" at virtual address");
        if (e == std::string_view::npos)
            e = what.find(" at ");
        what = trim(what.substr(0, e));
        if (what.empty()) {
            x.missing("BUG: unable to handle kernel", "fault line without what it could not handle");
            return;
        }
        for (std::string_view k : {"paging request", "NULL pointer dereference", "access to user memory"})
            if (starts_with(what, k))
                what = k;
        base = "BUG: unable to handle kernel " + std::string(what);
        x.r.details.push_back({"address", hex_field("virtual address ")});
        if (t.find(", epc == ") != std::string_view::npos) {
            x.r.details.push_back({"epc", hex_field("epc == ")});
            x.r.details.push_back({"ra", hex_field("ra == ")});
        }
        break;
    }
    case Hdr::oops_bug: {
        std::string_view rest = t.substr(5);
        if (rest.find("NULL pointer dereference") != std::string_view::npos)
            base = "BUG: unable to handle kernel NULL pointer dereference";
        else if (starts_with(rest, "unable to handle kernel paging request") ||
                 starts_with(rest, "unable to handle page fault for address") ||
                 starts_with(rest, "Unable to handle kernel data access"))
            base = "BUG: unable to handle kernel paging request";
        else {
            x.missing("BUG: unable to handle kernel", "the fault line is cut");
            return;
        }
        break;
    }
    case Hdr::bus_error:
        base = starts_with(t, "Data") ? "Data bus error" : "Instruction bus error";
        x.r.details.push_back({"epc", hex_field("epc == ")});
        x.r.details.push_back({"ra", hex_field("ra == ")});
        break;
    case Hdr::gpf:
        base = "general protection fault";
        break;
    case Hdr::serror:
        base = "SError Interrupt";
        break;
    case Hdr::arm_fault:
        base = starts_with(t, "Unhandled fault") ? "Unhandled fault" : "Alignment trap";
        break;
    case Hdr::x86_trap: {
        if (starts_with(t, "divide error") || starts_with(t, "divide_error"))
            base = "divide error";
        else if (starts_with(t, "invalid opcode"))
            base = "invalid opcode";
        else if (starts_with(t, "int3"))
            base = "int3";
        else if (starts_with(t, "stack segment"))
            base = "stack segment fault";
        else
            base = "PANIC: double fault";
        if (base == "int3" || base == "stack segment fault")
            break;
        std::string n;
        std::size_t at;
        x.set(base, x.rip(1, n, at) && !x.skipped(n, {}) ? std::string(strip_syscall(n)) : std::string());
        return;
    }
    default: { // die: "Internal error: <str>: <esr> [#n]" (arm, arm64), "<str>[#n]:" (MIPS)
        if (starts_with(t, "Internal error: ")) {
            base = "Internal error";
        } else {
            std::string str(t.substr(0, t.rfind("[#")));
            if (str == "Kernel bug detected")
                base = "kernel BUG";
            else
                base = str;
        }
        break;
    }
    }
    x.set(base, x.rip_then_trace({}));
}

void title_soft_lockup(Titler& x) { x.set("BUG: soft lockup", x.rip_then_trace({}, true)); }

void title_atomic(Titler& x) {
    std::string_view t = x.T.line(0);
    std::string_view at = after(t, "invalid context at ");
    if (!at.empty())
        x.r.details.push_back({"location", word(at)});
    if (starts_with(t, "BUG: scheduling while atomic"))
        x.set("BUG: scheduling while atomic", x.trace_frame({"schedule"}));
    else
        x.set("BUG: sleeping function called from invalid context", x.trace_frame({}));
}

void title_hung(Titler& x) {
    std::string_view t = x.T.line(0);
    std::string_view task = after(t, "INFO: task ");
    std::size_t b = task.find(" blocked");
    if (b == std::string_view::npos)
        b = task.find(" can't die");
    x.r.details.push_back({"task", std::string(task.substr(0, b))});
    if (t.find(" can't die ") != std::string_view::npos) {
        x.set("INFO: task can't die", x.trace_frame({"schedule"}));
        return;
    }
    x.set("INFO: task hung", hang_frame(x.trace_frames({})));
}

void title_rcu(Titler& x) {
    Rules extra = {"apic_timer_interrupt", "rcu"};
    std::vector<std::string> names;
    bool found = false;
    // x86 before 5.x: the pc line after apic_timer_interrupt
    std::size_t a = x.find_text(1, "apic_timer_interrupt");
    std::string n;
    std::size_t at;
    if (a != std::string_view::npos && x.rip(a + 1, n, at)) {
        if (!x.skipped(n, extra))
            names.push_back(std::string(strip_syscall(n)));
        Frames f = x.stack(at + 1, extra);
        names.insert(names.end(), f.names.begin(), f.names.end());
        found = !stall_frame(names).empty();
    }
    if (!found) {
        names.clear();
        // the frames after the interrupt entry: x86, arm64, and MIPS (ours)
        std::size_t k = x.find(1, [](std::string_view l) {
            return l.find("apic_timer_interrupt") != std::string_view::npos ||
                   l.find("Exception stack") != std::string_view::npos ||
                   l.find("el1h_64_irq") != std::string_view::npos || l.find("handle_int+") != std::string_view::npos ||
                   l.find("ret_from_irq+") != std::string_view::npos;
        });
        if (k != std::string_view::npos) {
            names = x.stack(k + 1, extra).names;
        } else {
            // show_regs() of the interrupted context (MIPS, arm64 self-detected stalls): its pc
            // and the trace after it.
            std::size_t from = 1;
            bool have_pc = x.rip(1, n, at);
            if (have_pc) {
                if (!x.skipped(n, extra))
                    names.push_back(std::string(strip_syscall(n)));
                from = at + 1;
            }
            std::size_t ct = x.call_trace(from);
            // A trace through the tick's stall check (sched_show_task() of the running task)
            // without the interrupt entry under it was cut before the interrupted code: its
            // frames are the interrupt handler's, no title.
            bool tick_only = !have_pc && ct != std::string_view::npos &&
                             x.find_text(ct + 1, "update_process_times+") != std::string_view::npos;
            if (ct != std::string_view::npos && !tick_only) {
                Frames f = x.stack(ct + 1, extra);
                names.insert(names.end(), f.names.begin(), f.names.end());
            }
        }
    }
    x.set("INFO: rcu detected stall", stall_frame(names));
}

void title_kmemleak(Titler& x) {
    std::size_t obj = x.find_text(0, "unreferenced object 0x");
    if (obj != std::string_view::npos) {
        std::string_view size = after(x.T.line(obj), "(size ");
        if (!size.empty())
            x.r.details.push_back({"size", word(size)});
    }
    std::size_t k = x.find(1, [](std::string_view l) {
        std::string_view s = trim(l);
        return s == "backtrace:" || starts_with(s, "backtrace (crc ");
    });
    if (k == std::string_view::npos) {
        x.missing("memory leak", "no backtrace in the kmemleak report");
        return;
    }
    Frames f = x.stack(k + 1, {"kmemleak", "mmap", "kmem", "slab", "alloc", "create_object", "idr_get",
                               "list_lru_init", "kasprintf", "kvasprintf", "pcpu_create", "strdup", "strndup",
                               "memdup"});
    x.set("memory leak", f.names.empty() ? std::string() : f.names.front());
}

// Panics that follow another report: alone, that report was lost.
bool consequence_panic(std::string_view msg) {
    return starts_with(msg, "Fatal exception") || starts_with(msg, "Oops: Fatal exception") ||
           starts_with(msg, "Oops - BUG: Fatal exception") || msg.find("panic_on_warn set") != std::string_view::npos ||
           starts_with(msg, "hung_task: blocked tasks") || starts_with(msg, "softlockup: hung tasks") ||
           starts_with(msg, "kasan.fault=panic") || starts_with(msg, "panic_on_taint set") ||
           starts_with(msg, "rcu_sched detected stalls") || starts_with(msg, "RCU Stall");
}

void title_panic(Titler& x) {
    std::string h = x.T.logical(0);
    std::string_view msg = trim(after(h, "not syncing"));
    if (starts_with(msg, ":"))
        msg = trim(msg.substr(1));
    if (ends_with(msg, "]---"))
        msg = trim(msg.substr(0, msg.size() - 4));
    x.r.details.push_back({"message", std::string(msg)});
    if (starts_with(msg, "stack-protector: Kernel stack is corrupted in: ")) {
        std::string_view f = trim(msg.substr(47));
        std::size_t n = func_at(f, 0);
        if (n) {
            x.no_stack();
            x.r.frame = std::string(f.substr(0, n));
            x.fixed("kernel panic: stack is corrupted in " + x.r.frame);
        } else {
            x.set("kernel panic: stack is corrupted", x.trace_frame({"stack_chk"}));
        }
        return;
    }
    if (starts_with(msg, "corrupted stack end detected inside scheduler")) {
        x.set("kernel panic: corrupted stack end", stall_frame(x.trace_frames({"schedule", "retint_kernel"})));
        return;
    }
    if (starts_with(msg, "kernel stack overflow")) {
        x.set("kernel stack overflow", stall_frame(x.trace_frames({"bad_stack"})));
        return;
    }
    if (starts_with(msg, "Attempted to kill init!")) {
        x.fixed("kernel panic: Attempted to kill init!");
        return;
    }
    if (starts_with(msg, "Couldn't open N_TTY ldisc for ")) {
        x.fixed("kernel panic: Couldn't open N_TTY ldisc");
        return;
    }
    for (std::string_view k : {"Fatal exception", "panic_on_warn set", "hung_task: blocked tasks"})
        if (starts_with(msg, k)) {
            x.fixed("kernel panic: " + std::string(k));
            x.r.ok = false;
            x.r.problem = "panic without the report that caused it";
            x.r.keep_title = true;
            return;
        }
    x.fixed("kernel panic: " + sanitize(msg));
    if (consequence_panic(msg)) {
        x.r.ok = false;
        x.r.problem = "panic without the report that caused it";
        x.r.keep_title = true;
    }
}

void title_fixed(Titler& x) {
    std::string_view t = x.T.line(0);
    if (starts_with(t, "unregister_netdevice: "))
        x.fixed("unregister_netdevice: waiting for DEV to become free");
    else if (starts_with(t, "VFS: Close: file count is 0"))
        x.fixed("VFS: Close: file count is zero (use-after-free)");
    else
        x.fixed("VFS: Busy inodes after unmount (use-after-free)");
}

// "[drm:drm_atomic_helper_wait_for_flip_done [drm_kms_helper]] *ERROR* [CRTC:32:crtc-0] flip_done timed out"
//   -> "drm: ERROR in drm_atomic_helper_wait_for_flip_done: [CRTC:NUM:crtc-NUM] flip_done timed out"
// "ingenic-drm 13050000.lcd-controller: [drm] *ERROR* flip_done timed out"
//   -> "drm: ERROR in ingenic-drm: flip_done timed out"; without function or device "drm: ERROR: ..."
void title_dmesg_error(Titler& x) {
    std::string_view t = x.T.line(0);
    std::size_t e = t.find("] *ERROR* ");
    std::string_view msg = trim(t.substr(e + 10));
    std::string func;
    if (starts_with(t, "[drm:")) {
        func = first_ident(t.substr(5));
    } else {
        // drm_err(dev, ...): "ingenic-drm 13050000.lcd-controller: [drm] *ERROR* ...": the driver
        const std::string& raw = x.T.raw(0);
        std::size_t d = raw.find(": [drm] *ERROR* ");
        std::size_t b = d == std::string::npos ? d : raw.rfind(' ', raw.rfind(' ', d) - 1);
        std::size_t start = b == std::string::npos ? 0 : b + 1;
        if (d != std::string::npos && raw.find(' ', start) < d)
            func = raw.substr(start, raw.find(' ', start) - start);
    }
    x.r.details.push_back({"message", std::string(msg)});
    std::string m = sanitize(msg);
    while (!m.empty() && (m.back() == '.' || m.back() == ':'))
        m.pop_back();
    if (!func.empty()) {
        x.r.frame = func;
        x.fixed("drm: ERROR in " + func + ": " + m);
    } else {
        x.fixed("drm: ERROR: " + m);
    }
}

// syzkaller's checks that a report is whole: a trace section header must be followed by
// frames, and a report that should have a stack must have one.
void check_stacks(Titler& x, const Header& h) {
    bool any = false;
    for (std::size_t i = 0; i < x.T.size(); ++i) {
        std::string_view t = x.T.line(i);
        if (!is_stack_start(t))
            continue;
        any = true;
        if (x.T.size() - i < 4) {
            x.suspect("call trace is missed");
            return;
        }
        bool frame = false;
        for (std::size_t j = i + 1; j < x.T.size() && j < i + 16; ++j) {
            std::string_view l = x.T.line(j);
            if (is_stack_start(l))
                break;
            std::string n[2];
            std::size_t jj = j;
            if (l.find("(stack is not available)") != std::string_view::npos || x.names_at(jj, n) > 0) {
                frame = true;
                break;
            }
        }
        if (!frame) {
            x.suspect("no frames in a stack trace");
            return;
        }
    }
    bool needs = !x.r.no_stack && h.type != Hdr::panic && h.type != Hdr::fixed && h.type != Hdr::dmesg_error &&
                 h.type != Hdr::warn_generic && h.type != Hdr::bug_generic && h.type != Hdr::slub &&
                 h.type != Hdr::kmemleak_summary && h.type != Hdr::x86_trap;
    if (needs && !any)
        x.suspect("no stack trace in report");
}

std::string frame_text(const Frame& f) {
    char buf[64];
    std::string s;
    if (!f.func.empty()) {
        s = f.func;
        std::snprintf(buf, sizeof buf, "+0x%llx/0x%llx", static_cast<unsigned long long>(f.offset),
                      static_cast<unsigned long long>(f.size));
        s += buf;
    } else {
        std::snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(f.addr));
        s = buf;
    }
    if (!f.module.empty())
        s += " [" + f.module + "]";
    return s;
}

// For the report file: every frame of the report with its file:line (symbolic frames) or
// its function (address-only frames, with the functions inlined at that address).
void symbolize_frames(const std::vector<ReportLine>& L, std::size_t h, Symbolizer* sym, TitleResult& out) {
    if (!sym || !sym->available())
        return;
    std::vector<Frame> frames;
    for (std::size_t i = h + 1; i < L.size() && frames.size() < 96; ++i) {
        Frame f;
        if (parse_frame_line(L[i].text(), f) && !f.questionable)
            frames.push_back(std::move(f));
    }
    std::vector<std::uint64_t> addrs;
    std::vector<const Frame*> named;
    for (const Frame& f : frames) {
        if (f.func.empty() && f.has_addr && f.module.empty())
            addrs.push_back(f.addr ? f.addr - 1 : 0);
        else if (!f.func.empty())
            named.push_back(&f);
    }
    sym->prefetch(addrs);
    sym->prefetch_locations(named);
    for (Frame& f : frames) {
        std::string before = frame_text(f);
        if (f.func.empty() && f.has_addr && f.module.empty()) {
            std::vector<Frame> res = sym->resolve_address(f.addr ? f.addr - 1 : 0);
            if (res.empty())
                continue;
            const Frame& outer = res.back();
            std::string line = before + " -> " + outer.func + (outer.location.empty() ? "" : " " + outer.location);
            for (std::size_t i = 0; i + 1 < res.size(); ++i)
                line += " [inlined " + res[i].func + (res[i].location.empty() ? "" : " " + res[i].location) + "]";
            out.symbolized.push_back(line);
        } else if (!f.func.empty() && f.location.empty()) {
            std::string loc = sym->locate(f);
            if (!loc.empty())
                out.symbolized.push_back(before + " -> " + loc);
        }
    }
}

} // namespace

TitleResult make_title(const Header& hdr, const std::vector<ReportLine>& lines, std::size_t header, Symbolizer* sym,
                       bool trace_cut) {
    TitleResult r;
    if (header >= lines.size()) {
        r.ok = false;
        r.title = "empty report";
        return r;
    }
    symbolize_frames(lines, header, sym, r);
    Titler x(lines, header, r, sym && sym->available() ? sym : nullptr, trace_cut);
    switch (hdr.type) {
    case Hdr::kasan: title_kasan(x); break;
    case Hdr::kmsan: title_kmsan(x); break;
    case Hdr::kcsan: title_kcsan(x); break;
    case Hdr::kfence: title_kfence(x); break;
    case Hdr::ubsan: title_ubsan(x); break;
    case Hdr::slub: title_slub(x, lines, header); break;
    case Hdr::lockdep: title_lockdep(x); break;
    case Hdr::warn: title_warn(x); break;
    case Hdr::warn_generic: title_warn_generic(x); break;
    case Hdr::bug_at: title_bug_at(x); break;
    case Hdr::bug: title_bug(x); break;
    case Hdr::bug_generic: title_bug_generic(x); break;
    case Hdr::soft_lockup: title_soft_lockup(x); break;
    case Hdr::atomic_sleep: title_atomic(x); break;
    case Hdr::hung_task: title_hung(x); break;
    case Hdr::rcu_stall: title_rcu(x); break;
    case Hdr::kmemleak: title_kmemleak(x); break;
    case Hdr::panic: title_panic(x); break;
    case Hdr::fixed: title_fixed(x); break;
    case Hdr::dmesg_error: title_dmesg_error(x); break;
    case Hdr::fault:
    case Hdr::bus_error:
    case Hdr::oops_bug:
    case Hdr::gpf:
    case Hdr::x86_trap:
    case Hdr::arm_fault:
    case Hdr::die:
    case Hdr::serror: title_oops(x, hdr.type); break;
    default: r.title = sanitize(lines[header].text()); break;
    }
    if (r.ok && hdr.ending != Ending::line)
        check_stacks(x, hdr);
    // A title that reads a timestamp ran into the next line of the console.
    std::size_t b = r.title.find('[');
    while (b != std::string::npos) {
        std::size_t e = r.title.find(']', b);
        if (e != std::string::npos) {
            std::string_view in = std::string_view(r.title).substr(b + 1, e - b - 1);
            std::string_view tt = trim(in);
            std::size_t dot = tt.find('.');
            bool num = dot != std::string_view::npos && dot > 0 && dot + 1 < tt.size();
            for (char c : tt)
                num = num && ((c >= '0' && c <= '9') || c == '.');
            if (num)
                x.suspect("title has a timestamp in it");
        }
        b = r.title.find('[', b + 1);
    }
    return r;
}

std::string sanitize_title_text(std::string_view s) { return sanitize(s); }
bool is_consequence_panic(std::string_view msg) { return consequence_panic(msg); }

} // namespace detail
} // namespace collector
