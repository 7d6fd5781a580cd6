// ingenic-lab report collector: report titles.
//
// Titles follow syzkaller's conventions ("KASAN: slab-use-after-free Read in regmap_write",
// "WARNING in drm_atomic_helper_shutdown", "possible deadlock in X", "memory leak in X",
// "INFO: task hung in X", ...), with our own wording for the MIPS forms syzkaller does not
// know (bus errors, die() strings) and for SLUB reports ("BUG kmalloc-128: Poison
// overwritten"). The frame a title names is the first frame outside a skip list: the
// report machinery itself (kasan, kfence, ubsan, slub, lockdep, printk, dump_stack, warn
// and trap helpers, panic), and the library routines a bug passes through rather than
// comes from (mem*/str*, copy_*_user, list and refcount helpers, lock primitives).
// Frames with a known file are also skipped by path (mm/kasan/, mm/slub.c,
// kernel/locking/, lib/, kernel/printk/, kernel/panic.c, the arch trap and fault files).
//
// SPDX-License-Identifier: GPL-2.0-or-later
#include "internal.h"

#include <cstdio>
#include <cstdlib>
#include <initializer_list>

namespace collector {
namespace detail {

namespace {

using Rules = std::vector<std::string_view>;

// Rule syntax: "name" prefix match, "=name" exact, "~part" substring.
bool rule_match(std::string_view rule, std::string_view fn) {
    if (rule.empty())
        return false;
    if (rule[0] == '=')
        return fn == rule.substr(1);
    if (rule[0] == '~')
        return fn.find(rule.substr(1)) != std::string_view::npos;
    return starts_with(fn, rule);
}

const Rules kSkip = {
    // sanitizers and report printers
    "__sanitizer", "__asan", "asan_", "kasan", "__kasan", "kfence_", "__kfence", "__ubsan", "ubsan_",
    "kmsan", "__msan", "check_memory_region", "print_address_description", "print_report",
    "print_error_description", "print_trailer", "print_track", "print_circular_bug", "print_usage_bug",
    "print_bad_irq_dependency", "print_irq_inversion_bug", "print_unlock_imbalance_bug",
    "print_freed_lock_bug", "print_deadlock_bug", "print_held_locks_bug", "print_lock",
    "print_ip_sym", "print_modules", "end_report", "start_report", "complete_report_info",
    // stack dumping, printk
    "dump_stack", "__dump_stack", "show_stack", "show_trace", "show_regs", "__show_regs", "show_registers",
    "show_backtrace", "show_stacktrace", "show_raw_backtrace", "dump_backtrace", "arch_stack_walk",
    "stack_trace_save", "stack_trace_consume", "save_stack", "stack_depot", "unwind_stack", "walk_stackframe",
    "printk", "_printk", "vprintk", "__printk", "printk_", "dev_printk", "_dev_err", "_dev_warn",
    "_dev_info", "_dev_notice", "dev_err", "dev_warn",
    // warn, bug, panic, trap and fault entry (MIPS and arm64)
    "panic", "nmi_panic", "check_panic_on_warn", "__warn", "warn_slowpath", "__warn_printk", "report_bug",
    "__report_bug", "bust_spinlocks", "oops_enter", "oops_exit", "add_taint", "=die", "=__die",
    "die_if_kernel", "die_kernel_fault", "do_bp", "do_tr", "do_trap_or_bp", "do_ri", "do_ade", "do_be",
    "do_page_fault", "__do_page_fault", "do_mem_abort", "do_translation_fault", "do_bad_area",
    "__do_kernel_fault", "do_sea", "do_serror", "arm64_serror_panic", "bug_handler", "bug_brk_handler",
    "call_break_hook", "brk_handler", "do_debug_exception", "el1_", "el1h_", "el0_", "el0t_", "__el1_",
    "handle_bp", "handle_tr", "handle_ri", "handle_adel", "handle_ades", "handle_ibe", "handle_dbe",
    "handle_tlbl", "handle_tlbs", "handle_tlbm", "handle_mod", "tlb_do_page_fault", "ret_from_exception",
    "warn_bogus_irq_restore",
    // lockdep and lock primitives
    "lockdep_", "__lock_acquire", "lock_acquire", "lock_release", "__lock_release", "lock_acquired",
    "lock_contended", "validate_chain", "check_noncircular", "check_prev_add", "check_prevs_add",
    "check_irq_usage", "mark_lock", "mark_usage", "valid_state", "debug_check_no_locks",
    "reacquire_held_locks", "mutex_lock", "__mutex_lock", "mutex_unlock", "__mutex_unlock", "mutex_trylock",
    "_raw_spin_", "_raw_read_", "_raw_write_", "raw_spin_", "spin_lock", "spin_unlock", "do_raw_spin",
    "__raw_spin", "queued_spin", "=down", "down_read", "down_write", "down_interruptible", "down_killable",
    "down_trylock", "__down", "=up", "up_read", "up_write", "rwsem_", "__rwsem", "rt_mutex",
    "__might_sleep", "__might_resched", "___might_sleep", "might_sleep", "__might_fault", "might_fault",
    "preempt_count_", "__schedule_bug",
    // allocator
    "kmem_cache_alloc", "kmem_cache_free", "__kmem_cache", "=kmalloc", "kmalloc_noprof", "kmalloc_node",
    "kmalloc_trace", "kmalloc_large", "kmalloc_array", "__kmalloc", "=kfree", "kfree_sensitive", "kfree_const",
    "__kfree", "=kvfree", "=kzalloc", "kzalloc_noprof", "kzalloc_node", "=kcalloc", "kcalloc_noprof",
    "=krealloc", "krealloc_noprof", "__krealloc", "slab_", "__slab", "___slab",
    "free_debug_processing", "alloc_debug_processing", "object_err", "check_object",
    "check_bytes_and_report", "on_freelist", "free_to_partial_list", "do_slab_free", "free_slab",
    // library routines
    "memcpy", "__memcpy", "memmove", "__memmove", "memset", "__memset", "memcmp", "__memcmp", "memchr",
    "strcpy", "strncpy", "strlcpy", "strscpy", "strcmp", "strncmp", "strlen", "strnlen", "strchr",
    "strrchr", "strstr", "strcat", "strncat", "copy_from_user", "copy_to_user", "_copy_from_user",
    "_copy_to_user", "__copy_", "raw_copy_", "__arch_copy", "__copy_user", "refcount_", "__refcount",
    "list_add", "__list_add", "list_del", "__list_del", "debug_object", "__debug_object", "debug_print_object",
    "trace_", "__traceiter", "ftrace",
};

const Rules kSkipPaths = {
    "mm/kasan/", "mm/kfence/", "mm/kmsan/", "mm/slub.c", "mm/slab", "kernel/locking/", "lib/",
    "kernel/printk/", "kernel/panic.c", "kernel/stacktrace.c", "arch/mips/kernel/traps.c",
    "arch/arm64/kernel/traps.c", "arch/mips/mm/fault.c", "arch/arm64/mm/fault.c",
    "arch/arm64/kernel/entry-common.c", "arch/mips/kernel/unaligned.c",
};

bool skipped(const Frame& f, const Rules& extra, bool use_global = true) {
    if (f.questionable || f.func.empty())
        return true;
    std::string_view fn = base_function(f.func);
    if (use_global)
        for (auto r : kSkip)
            if (rule_match(r, fn))
                return true;
    for (auto r : extra)
        if (rule_match(r, fn))
            return true;
    if (!f.location.empty()) {
        std::string_view loc = f.location;
        // strip a build-dir prefix up to a known top-level directory
        for (std::string_view top : {"mm/", "kernel/", "lib/", "arch/", "drivers/", "include/"}) {
            std::size_t p = loc.find(top);
            if (p != std::string_view::npos && (p == 0 || loc[p - 1] == '/')) {
                loc = loc.substr(p);
                break;
            }
        }
        for (auto r : kSkipPaths)
            if (starts_with(loc, r))
                return true;
    }
    return false;
}

struct Run {
    std::string label; // the non-frame line before the run
    bool call = false;  // label is "Call Trace:"/"Call trace:"/"backtrace"
    bool after_stack_backtrace = false;
    std::size_t first_line = 0;
    std::vector<Frame> frames;
};

struct Parsed {
    std::vector<Run> runs;
    Frame pc, ra;
    bool has_pc = false, has_ra = false;
};

bool is_hexs(std::string_view s) {
    if (s.empty())
        return false;
    for (char c : s)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))
            return false;
    return true;
}

// "epc   : 80123456 func+0x10/0x20", "ra    : ...", "pc : func+0x10/0x20", "lr : ..."
bool parse_reg(std::string_view text, std::string_view name, Frame& out) {
    std::string_view t = trim(text);
    if (!starts_with(t, name))
        return false;
    t.remove_prefix(name.size());
    std::size_t i = 0;
    while (i < t.size() && t[i] == ' ')
        ++i;
    if (i >= t.size() || t[i] != ':')
        return false;
    t = trim(t.substr(i + 1));
    std::size_t sp = t.find(' ');
    std::string_view first = t.substr(0, sp);
    std::uint64_t raw = 0;
    bool has_raw = false;
    if (sp != std::string_view::npos && is_hexs(first) && first.size() >= 8) {
        for (char c : first)
            raw = (raw << 4) | static_cast<std::uint64_t>(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
        has_raw = true;
        t = trim(t.substr(sp + 1));
    }
    if (!parse_symbol_ref(t, out)) {
        if (has_raw && t.empty()) {
            out = Frame{};
            out.addr = raw;
            out.has_addr = true;
            return true;
        }
        return false;
    }
    if (has_raw && !out.has_addr) {
        out.addr = raw;
        out.has_addr = true;
    }
    return true;
}

Parsed parse_lines(const std::vector<ReportLine>& lines, std::size_t from) {
    Parsed p;
    bool in_run = false;
    std::string label;
    bool label_call = false;
    bool seen_stack_bt = false;
    for (std::size_t i = from; i < lines.size(); ++i) {
        std::string_view t = lines[i].text();
        Frame f;
        if (parse_frame_line(t, f)) {
            if (!in_run) {
                Run r;
                r.label = label;
                r.call = label_call;
                r.after_stack_backtrace = seen_stack_bt;
                r.first_line = i;
                p.runs.push_back(std::move(r));
                in_run = true;
            }
            p.runs.back().frames.push_back(std::move(f));
            continue;
        }
        if (in_run && trace_continuation(t))
            continue;
        in_run = false;
        Label l = trace_label(t);
        if (l == Label::stack_backtrace)
            seen_stack_bt = true;
        label = std::string(trim(t));
        label_call = l == Label::call_trace;
        if (!p.has_pc && (parse_reg(t, "epc", f) || parse_reg(t, "pc", f))) {
            p.pc = f;
            p.has_pc = true;
        } else if (!p.has_ra && (parse_reg(t, "ra", f) || parse_reg(t, "lr", f))) {
            p.ra = f;
            p.has_ra = true;
        }
    }
    return p;
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

// Symbolizes the frames of the runs and registers: address-only frames get a function
// (inlined callers become extra frames, innermost first), symbolic ones a file:line.
void symbolize(Parsed& p, Symbolizer* sym, TitleResult& out) {
    if (!sym || !sym->available())
        return;
    std::vector<std::uint64_t> addrs;
    for (auto& r : p.runs)
        for (auto& f : r.frames)
            if (f.func.empty() && f.has_addr && f.module.empty())
                addrs.push_back(f.addr ? f.addr - 1 : 0);
    if (p.has_pc && p.pc.func.empty() && p.pc.has_addr)
        addrs.push_back(p.pc.addr);
    sym->prefetch(addrs);
    std::vector<const Frame*> named;
    if (p.has_pc && !p.pc.func.empty())
        named.push_back(&p.pc);
    for (auto& r : p.runs)
        for (auto& f : r.frames)
            if (!f.func.empty() && named.size() < 96)
                named.push_back(&f);
    sym->prefetch_locations(named);
    auto fix_one = [&](Frame& f, bool is_pc, std::vector<Frame>& inl) {
        std::string before = frame_text(f);
        if (f.func.empty() && f.has_addr && f.module.empty()) {
            std::vector<Frame> res = sym->resolve_address(is_pc ? f.addr : f.addr - 1);
            if (res.empty())
                return;
            Frame outer = res.back();
            outer.addr = f.addr;
            outer.has_addr = true;
            res.pop_back();
            inl = std::move(res);
            f = outer;
            std::string line = before + " -> " + f.func + (f.location.empty() ? "" : " " + f.location);
            for (auto& i : inl)
                line += " [inlined " + i.func + (i.location.empty() ? "" : " " + i.location) + "]";
            out.symbolized.push_back(line);
        } else if (!f.func.empty() && f.location.empty()) {
            f.location = sym->locate(f);
            if (!f.location.empty())
                out.symbolized.push_back(before + " -> " + f.location);
        }
    };
    std::size_t budget = 96;
    if (p.has_pc) {
        std::vector<Frame> inl;
        fix_one(p.pc, true, inl);
        if (!inl.empty()) // the faulting pc was inside an inlined function: name that one
            p.pc = inl.front();
    }
    for (auto& r : p.runs) {
        std::vector<Frame> expanded;
        for (auto& f : r.frames) {
            std::vector<Frame> inl;
            if (budget) {
                --budget;
                fix_one(f, false, inl);
            }
            for (auto& i : inl) {
                i.inlined = true;
                expanded.push_back(std::move(i));
            }
            expanded.push_back(std::move(f));
        }
        r.frames = std::move(expanded);
    }
}

const Frame* pick(std::initializer_list<const Frame*> firsts, const std::vector<const Run*>& runs, const Rules& extra,
                  bool use_global = true) {
    for (const Frame* f : firsts)
        if (f && !skipped(*f, extra, use_global))
            return f;
    for (const Run* r : runs)
        if (r)
            for (const Frame& f : r->frames)
                if (!skipped(f, extra, use_global))
                    return &f;
    return nullptr;
}

const Run* first_call_run(const Parsed& p, bool after_stack_bt = false) {
    for (const Run& r : p.runs)
        if (r.call && (!after_stack_bt || r.after_stack_backtrace))
            return &r;
    return nullptr;
}
const Run* first_run(const Parsed& p) { return p.runs.empty() ? nullptr : &p.runs.front(); }

// "func+0x1/0x2 [mod]" right after `key` in `s`.
bool symbol_after(std::string_view s, std::string_view key, Frame& f) {
    std::size_t p = s.find(key);
    if (p == std::string_view::npos)
        return false;
    std::string_view r = trim(s.substr(p + key.size()));
    // "[<c0123456>] func+..." (older kernels print the address too)
    if (starts_with(r, "[<")) {
        std::size_t e = r.find(">]");
        if (e == std::string_view::npos)
            return false;
        r = trim(r.substr(e + 2));
    }
    return parse_symbol_ref(r, f);
}

std::string name_of(const Frame* f) { return f ? std::string(base_function(f->func)) : std::string(); }

// Removes "0x..." tokens and hex-looking words, collapses blanks.
std::string normalize_text(std::string_view s) {
    std::string out;
    std::size_t i = 0;
    while (i < s.size()) {
        while (i < s.size() && s[i] == ' ')
            ++i;
        std::size_t j = i;
        while (j < s.size() && s[j] != ' ')
            ++j;
        std::string_view w = s.substr(i, j - i);
        bool drop = starts_with(w, "0x") || starts_with(w, "(0x") || (w.size() >= 8 && is_hexs(w));
        if (!w.empty() && !drop) {
            if (!out.empty())
                out += ' ';
            out.append(w.data(), w.size());
        }
        i = j;
    }
    return out;
}

std::string with_frame(std::string base, const Frame* f, TitleResult& r, bool required = true) {
    if (f) {
        r.frame = name_of(f);
        return base + " in " + r.frame;
    }
    if (required) {
        r.ok = false;
        r.problem = "no usable stack frame for the title";
    }
    return base;
}

// Searches the first lines after the header for "<key>..." lines.
std::string_view find_line(const std::vector<ReportLine>& lines, std::size_t from, std::size_t max,
                           std::string_view key) {
    for (std::size_t i = from; i < lines.size() && i < from + max; ++i) {
        std::string_view t = trim(lines[i].text());
        if (starts_with(t, key))
            return t;
    }
    return {};
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

// ---- per-kind titles ----

void title_kasan(const std::vector<ReportLine>& L, std::size_t h, const Parsed& p, TitleResult& r) {
    std::string_view t = L[h].text().substr(std::string_view("BUG: KASAN: ").size());
    std::size_t in = t.find(" in ");
    std::string type(trim(in == std::string_view::npos ? t : t.substr(0, in)));
    Frame hf;
    bool has_hf = in != std::string_view::npos && parse_symbol_ref(trim(t.substr(in + 4)), hf);
    std::string op;
    for (std::size_t i = h + 1; i < L.size() && i < h + 8; ++i) {
        std::string_view a = trim(L[i].text());
        for (std::string_view k : {"Read of size ", "Write of size "}) {
            if (starts_with(a, k)) {
                op = std::string(k.substr(0, k.find(' ')));
                r.details.push_back({"access", op});
                r.details.push_back({"size", word(a.substr(k.size()))});
            }
        }
        if (op.empty() && (starts_with(a, "Read at addr ") || starts_with(a, "Write at addr "))) {
            op = std::string(a.substr(0, a.find(' ')));
            r.details.push_back({"access", op});
        }
        if (starts_with(a, "Free of addr "))
            op = "free";
        std::string_view addr = after(a, " addr ");
        if (!addr.empty() && (starts_with(a, "Read") || starts_with(a, "Write") || starts_with(a, "Free"))) {
            r.details.push_back({"addr", word(addr)});
            std::string_view task = after(a, " by task ");
            if (!task.empty())
                r.details.push_back({"task", std::string(trim(task))});
            break;
        }
    }
    std::string_view cache = find_line(L, h, 400, "which belongs to the cache ");
    if (!cache.empty())
        r.details.push_back({"cache", word(cache.substr(std::string_view("which belongs to the cache ").size()))});
    bool is_free = type.find("free") != std::string::npos && type.find("use-after-free") == std::string::npos;
    if (type == "double-free or invalid-free")
        type = "invalid-free";
    Rules extra = is_free ? Rules{"kfree", "kmem_cache_free", "slab_free", "vfree", "vunmap", "kvfree",
                                  "kfree_sensitive"}
                          : Rules{};
    const Frame* f = pick({has_hf ? &hf : nullptr}, {first_call_run(p), first_run(p)}, extra);
    if (is_free || type == "invalid-access") {
        r.title = with_frame("KASAN: " + type, f, r, type != "invalid-access");
        return;
    }
    if (op.empty() || op == "free") {
        r.title = with_frame("KASAN: " + type, f, r);
        r.ok = false;
        r.problem = "no Read/Write access line after the KASAN header";
        return;
    }
    r.title = with_frame("KASAN: " + type + " " + op, f, r);
}

void title_kfence(const std::vector<ReportLine>& L, std::size_t h, const Parsed& p, TitleResult& r) {
    std::string_view t = L[h].text().substr(std::string_view("BUG: KFENCE: ").size());
    std::size_t in = t.find(" in ");
    std::string what(trim(in == std::string_view::npos ? t : t.substr(0, in)));
    Frame hf;
    bool has_hf = in != std::string_view::npos && parse_symbol_ref(trim(t.substr(in + 4)), hf);
    for (std::size_t i = h; i < L.size() && i < h + 60; ++i) {
        std::string_view c = after(L[i].text(), ", cache=");
        if (!c.empty()) {
            r.details.push_back({"cache", word(c)});
            break;
        }
    }
    Rules extra = what == "invalid free" ? Rules{"kfree", "kmem_cache_free", "slab_free"} : Rules{};
    const Frame* f = pick({has_hf ? &hf : nullptr}, {first_run(p)}, extra);
    r.title = with_frame("KFENCE: " + what, f, r);
}

void title_ubsan(const std::vector<ReportLine>& L, std::size_t h, const Parsed& p, TitleResult& r) {
    std::string_view t = L[h].text().substr(std::string_view("UBSAN: ").size());
    std::size_t in = t.find(" in ");
    std::string type(trim(in == std::string_view::npos ? t : t.substr(0, in)));
    std::string file = in == std::string_view::npos ? std::string() : word(t.substr(in + 4));
    if (!file.empty())
        r.details.push_back({"location", file});
    const Frame* f = pick({}, {first_call_run(p)}, {"ubsan", "__ubsan", "val_to_string"});
    if (f) {
        r.title = with_frame("UBSAN: " + type, f, r);
    } else if (!file.empty()) {
        std::string path = file.substr(0, file.find(':'));
        r.title = "UBSAN: " + type + " in " + path;
    } else {
        r.title = with_frame("UBSAN: " + type, nullptr, r);
    }
}

void title_slub(const std::vector<ReportLine>& L, std::size_t h, const Parsed& p, TitleResult& r) {
    std::string_view t = L[h].text().substr(4);
    std::string cache(t.substr(0, t.find(' ')));
    std::string_view what = after(t, "): ");
    // 6.12 prints "[Poison overwritten] 0x...-0x... @offset=..." before "BUG ...: Object corrupt".
    std::string named;
    for (std::size_t i = 0; i < h; ++i) {
        std::string_view x = trim(L[i].text());
        if (starts_with(x, "[") && x.find(" overwritten]") != std::string_view::npos)
            named = std::string(x.substr(1, x.find(']') - 1));
    }
    std::string w = named.empty() ? std::string(what) : named;
    std::size_t dot = w.find(". ");
    if (dot != std::string::npos)
        w = w.substr(0, dot);
    w = normalize_text(w);
    r.details.push_back({"cache", cache});
    if (!named.empty())
        r.details.push_back({"header", std::string(what)});
    r.title = "BUG " + cache + ": " + w;
    const Frame* f = pick({}, {first_call_run(p)},
                          {"free_", "__free", "kfree", "alloc_", "__alloc", "kmem_cache", "kmalloc", "__kmalloc",
                           "check_", "validate_slab", "__kmem_cache_shutdown"});
    if (f)
        r.frame = name_of(f);
}

// "at:" frame after the line that names the culprit lock (syzkaller takes the same one).
const Frame* lockdep_at(const std::vector<ReportLine>& L, std::size_t h, std::string_view key, Frame& store) {
    for (std::size_t i = h + 1; i < L.size() && i < h + 200; ++i) {
        if (L[i].text().find(key) == std::string_view::npos)
            continue;
        // the "at:" may be on this line or on one of the next few (pr_cont breaks)
        for (std::size_t j = i; j < L.size() && j < i + 4; ++j) {
            std::string_view x = L[j].text();
            if (symbol_after(x, ", at: ", store) || symbol_after(x, " at: ", store))
                return &store;
            if (j > i) {
                Frame f;
                if (parse_frame_line(x, f)) { // print_ip_sym() line (bad unlock balance)
                    store = f;
                    return &store;
                }
            }
        }
        return nullptr;
    }
    return nullptr;
}

void title_lockdep(const std::vector<ReportLine>& L, std::size_t h, const Parsed& p, TitleResult& r) {
    std::string_view t = L[h].text();
    std::string_view rest = t;
    if (starts_with(rest, "WARNING: "))
        rest.remove_prefix(9);
    else if (starts_with(rest, "INFO: "))
        rest.remove_prefix(6);
    Frame at;
    const Run* bt = first_call_run(p, true);
    if (!bt)
        bt = first_call_run(p);
    auto trace_frame = [&](Rules extra) { return pick({}, {bt}, extra); };
    if (starts_with(rest, "possible circular locking") || starts_with(rest, "possible recursive locking")) {
        r.title = with_frame("possible deadlock", lockdep_at(L, h, "is trying to acquire lock", at), r);
    } else if (starts_with(rest, "possible irq lock inversion")) {
        r.title = with_frame("possible deadlock", lockdep_at(L, h, "just changed the state of lock", at), r);
    } else if (rest.find("-unsafe lock order detected") != std::string_view::npos) {
        r.title = with_frame("possible deadlock", lockdep_at(L, h, "is trying to acquire", at), r);
    } else if (starts_with(rest, "inconsistent lock state")) {
        r.title = with_frame("inconsistent lock state", lockdep_at(L, h, "] takes:", at), r);
        for (std::size_t i = h + 1; i < L.size() && i < h + 6; ++i) {
            std::string_view x = trim(L[i].text());
            if (starts_with(x, "inconsistent {")) {
                r.details.push_back({"usage", std::string(x.substr(13, x.find(" usage") - 13))});
                break;
            }
        }
    } else if (starts_with(rest, "bad unlock balance")) {
        r.title = with_frame("WARNING: bad unlock balance", lockdep_at(L, h, "is trying to release lock", at), r);
    } else if (starts_with(rest, "held lock freed")) {
        const Frame* f = lockdep_at(L, h, "is freeing memory", at);
        if (!f)
            f = trace_frame({"kfree", "kmem_cache_free", "slab_free", "debug_check_no_locks_freed"});
        r.title = with_frame("WARNING: held lock freed", f, r);
    } else if (starts_with(rest, "lock held when returning to user space")) {
        r.title = with_frame("WARNING: lock held when returning to user space",
                             lockdep_at(L, h, "lock held by", at), r);
    } else if (ends_with(rest, "still has locks held!")) {
        const Frame* f = lockdep_at(L, h, "lock held by", at);
        if (!f)
            f = lockdep_at(L, h, "locks held by", at);
        r.title = with_frame("WARNING: still has locks held", f, r);
    } else if (starts_with(rest, "suspicious RCU usage")) {
        r.title = with_frame("WARNING: suspicious RCU usage", trace_frame({"rcu", "__rcu", "lockdep"}), r);
    } else if (starts_with(t, "[ BUG: Invalid wait context ]")) {
        r.title = with_frame("BUG: Invalid wait context", lockdep_at(L, h, "is trying to lock", at), r);
    } else if (starts_with(rest, "Nested lock was not taken")) {
        r.title = with_frame("WARNING: Nested lock was not taken", lockdep_at(L, h, "is trying to lock", at), r);
    } else if (starts_with(rest, "bad contention detected")) {
        r.title = with_frame("WARNING: bad contention", lockdep_at(L, h, "is trying to contend lock", at), r);
    } else if (starts_with(rest, "trying to register non-static key")) {
        r.title = with_frame("INFO: trying to register non-static key",
                             trace_frame({"register_lock_class", "__lock_acquire", "lock_acquire", "~lock"}), r);
    } else {
        r.title = with_frame(std::string(starts_with(t, "INFO: ") ? "INFO: " : "WARNING: ") +
                                 normalize_text(rest),
                             trace_frame({}), r, false);
    }
}

void title_warn(const std::vector<ReportLine>& L, std::size_t h, const Parsed& p, TitleResult& r) {
    std::string_view t = L[h].text();
    std::string_view at = after(t, " at ");
    std::string file;
    Frame hf;
    bool has_hf = false;
    if (!at.empty()) {
        std::string_view first = at.substr(0, at.find(' '));
        if (first.find(':') != std::string_view::npos && first.find('/') != std::string_view::npos) {
            file = std::string(first);
            std::string_view sym = first.size() < at.size() ? trim(at.substr(first.size())) : std::string_view();
            has_hf = parse_symbol_ref(sym, hf);
            if (!has_hf && !sym.empty()) { // old "WARNING: at file:line func()"
                std::string fn(sym.substr(0, sym.find('(')));
                if (!fn.empty() && fn.find(' ') == std::string::npos) {
                    hf.func = fn;
                    has_hf = true;
                }
            }
        } else {
            has_hf = parse_symbol_ref(trim(at), hf);
        }
    }
    if (!file.empty())
        r.details.push_back({"location", file});
    std::string path = file.substr(0, file.find(':'));
    std::string base = "WARNING";
    Rules extra = {};
    if (path == "lib/refcount.c") {
        base = "WARNING: refcount bug";
        extra = {"refcount", "kobject_"};
    } else if (path == "kernel/locking/lockdep.c") {
        base = "WARNING: locking bug";
        extra = {"~lock"};
    } else if (path == "lib/debugobjects.c") {
        base = "WARNING: ODEBUG bug";
        extra = {"debug_", "__debug_", "free_obj", "timer_", "__timer", "hrtimer_", "work_", "__init_work",
                 "percpu_", "kmem_", "slab_", "kfree", "vunmap", "vfree", "__free_", "kobject_", "call_rcu",
                 "__call_rcu", "destroy_timer", "del_timer"};
    } else if (path == "lib/list_debug.c") {
        base = "BUG: corrupted list";
        extra = {"list_", "__list"};
    } else if (path == "lib/kobject.c") {
        base = "WARNING: kobject bug";
        extra = {"kobject_"};
    } else if (path == "mm/usercopy.c") {
        base = "WARNING: bad usercopy";
        extra = {"usercopy", "__check", "check_"};
    }
    if (base == "WARNING") {
        const Frame* f = pick({has_hf ? &hf : nullptr, p.has_pc ? &p.pc : nullptr}, {first_call_run(p)}, extra);
        r.title = f ? "WARNING in " + (r.frame = name_of(f)) : with_frame("WARNING", nullptr, r);
        return;
    }
    const Frame* f = pick({has_hf ? &hf : nullptr, p.has_pc ? &p.pc : nullptr}, {first_call_run(p)}, extra);
    r.title = with_frame(base, f, r);
}

void title_bug_at(const std::vector<ReportLine>& L, std::size_t h, const Parsed& p, TitleResult& r) {
    std::string_view t = L[h].text();
    std::string base = "kernel BUG";
    Rules extra = {};
    Frame hf;
    bool has_hf = false;
    if (starts_with(t, "kernel BUG at ")) {
        std::string loc = word(t.substr(14));
        if (!loc.empty() && loc.back() == '!')
            loc.pop_back();
        r.details.push_back({"location", loc});
        std::string path = loc.substr(0, loc.find(':'));
        if (path == "lib/list_debug.c") {
            base = "BUG: corrupted list";
            extra = {"list_", "__list"};
        } else if (path == "mm/usercopy.c") {
            base = "BUG: bad usercopy";
            extra = {"usercopy", "__check", "check_"};
        }
    } else { // "Kernel BUG at func+0x1/0x2 [verbose debug info unavailable]"
        has_hf = parse_symbol_ref(trim(t.substr(14, t.find(" [verbose") - 14)), hf);
    }
    const Frame* f = pick({has_hf ? &hf : nullptr, p.has_pc ? &p.pc : nullptr}, {first_call_run(p)}, extra);
    r.title = with_frame(base, f, r);
}

std::string hex_field(std::string_view t, std::string_view key) { return word(after(t, key)); }

void title_oops(Hdr type, const std::vector<ReportLine>& L, std::size_t h, const Parsed& p, TitleResult& r,
                Symbolizer* sym) {
    std::string_view t = L[h].text();
    std::string base;
    Frame epc;
    bool has_epc = false;
    switch (type) {
    case Hdr::mips_fault: {
        base = "BUG: unable to handle kernel paging request";
        std::string a = hex_field(t, "virtual address ");
        r.details.push_back({"address", a});
        r.details.push_back({"epc", hex_field(t, "epc == ")});
        r.details.push_back({"ra", hex_field(t, "ra == ")});
        break;
    }
    case Hdr::bus_error:
        base = starts_with(t, "Data") ? "Data bus error" : "Instruction bus error";
        r.details.push_back({"epc", hex_field(t, "epc == ")});
        r.details.push_back({"ra", hex_field(t, "ra == ")});
        break;
    case Hdr::arm64_fault: {
        std::string_view what = t.substr(std::string_view("Unable to handle kernel ").size());
        what = what.substr(0, what.find(" at virtual address"));
        base = "BUG: unable to handle kernel " + std::string(what);
        r.details.push_back({"address", hex_field(t, "virtual address ")});
        break;
    }
    case Hdr::oops_bug: {
        std::string_view rest = t.substr(5);
        if (starts_with(rest, "kernel NULL pointer dereference") ||
            rest.find("NULL pointer dereference") != std::string_view::npos)
            base = "BUG: unable to handle kernel NULL pointer dereference";
        else
            base = "BUG: unable to handle kernel paging request";
        break;
    }
    case Hdr::serror:
        base = "SError Interrupt";
        break;
    default: { // die
        std::string str;
        if (starts_with(t, "Internal error: ")) {
            std::string_view s = t.substr(16);
            std::size_t colon = s.rfind(": ");
            str = std::string(colon == std::string_view::npos ? s : s.substr(0, colon));
        } else {
            str = std::string(t.substr(0, t.rfind("[#")));
        }
        if (starts_with(str, "Oops - "))
            str = str.substr(7);
        if (str == "BUG" || str == "Kernel bug detected")
            base = "kernel BUG";
        else
            base = str;
        break;
    }
    }
    // MIPS header carries epc; when the register dump is missing, symbolize it directly.
    if ((type == Hdr::mips_fault || type == Hdr::bus_error) && !p.has_pc && sym && sym->available()) {
        std::string e = hex_field(t, "epc == ");
        if (!e.empty()) {
            auto res = sym->resolve_address(std::strtoull(e.c_str(), nullptr, 16));
            if (!res.empty()) {
                epc = res.front();
                has_epc = true;
            }
        }
    }
    const Frame* f = pick({p.has_pc ? &p.pc : nullptr, has_epc ? &epc : nullptr}, {first_call_run(p)}, {});
    r.title = with_frame(base, f, r, type != Hdr::serror);
}

void title_atomic(const std::vector<ReportLine>& L, std::size_t h, const Parsed& p, TitleResult& r) {
    std::string_view t = L[h].text();
    std::string base = starts_with(t, "BUG: scheduling while atomic") ? "BUG: scheduling while atomic"
                                                                      : "BUG: sleeping function called from invalid context";
    std::string_view at = after(t, "invalid context at ");
    if (!at.empty())
        r.details.push_back({"location", word(at)});
    Rules extra = {"__cond_resched", "_cond_resched", "cond_resched", "msleep", "usleep_range", "schedule",
                   "__schedule", "schedule_timeout", "schedule_preempt_disabled", "wait_for_completion",
                   "__wait_for_common", "wait_for_common", "__alloc_pages", "alloc_pages", "might_alloc",
                   "fs_reclaim", "prepare_alloc_pages", "synchronize_rcu", "flush_work", "__flush_work",
                   "cancel_work_sync", "__cancel_work", "cancel_delayed_work_sync", "kthread_stop",
                   "__vmalloc", "vmalloc", "pcpu_alloc", "mempool_alloc", "dma_alloc", "__dma_alloc"};
    r.title = with_frame(base, pick({}, {first_call_run(p)}, extra), r);
}

void title_hung(const std::vector<ReportLine>& L, std::size_t h, const Parsed& p, TitleResult& r) {
    std::string_view t = L[h].text();
    std::string_view task = after(t, "INFO: task ");
    r.details.push_back({"task", std::string(task.substr(0, task.find(" blocked")))});
    const Run* run = first_call_run(p);
    const Frame* f = nullptr;
    if (run) {
        // Hangs in RCU grace periods are one bucket, whichever victim hit them.
        for (const Frame& x : run->frames) {
            std::string_view fn = base_function(x.func);
            if (starts_with(fn, "synchronize_rcu") || starts_with(fn, "synchronize_srcu") ||
                starts_with(fn, "synchronize_net")) {
                r.frame = "synchronize_rcu";
                r.title = "INFO: task hung in synchronize_rcu";
                return;
            }
        }
        f = pick({}, {run},
                 {"~sched", "~_lock", "~lock_", "~slowlock", "~down", "~completion", "kthread", "~wait", "~synchronize",
                  "context_switch", "__switch_to", "resume", "~cancel_", "~flush_", "~timeout", "~sleep",
                  "~rwsem", "~mutex", "freezer", "~nanosleep", "io_schedule", "rt_mutex", "__refrigerator",
                  "=ret_from_fork", "=ret_from_kernel_thread"});
    }
    r.title = with_frame("INFO: task hung", f, r);
}

void title_rcu(const std::vector<ReportLine>&, std::size_t, const Parsed& p, TitleResult& r) {
    const Run* run = first_call_run(p);
    if (!run)
        run = first_run(p);
    Rules noise = {"~rcu", "~irq", "~timer", "~tick", "~softirq", "~hrtimer", "sched_clock", "update_process_times",
                   "handle_int", "except_vec", "plat_irq_dispatch", "do_IRQ", "generic_handle", "handle_percpu",
                   "handle_level", "handle_edge", "handle_fasteoi", "gic_handle", "call_on_irq_stack",
                   "do_interrupt_handler", "__do_softirq", "arch_cpu_idle", "default_idle", "cpu_idle", "do_idle",
                   "nmi_", "__nmi", "arch_trigger", "trigger_", "smp_call_function", "ipi_", "do_handle_IPI",
                   "handle_IPI", "dump_cpu_task", "sched_show_task", "print_cpu_stall", "check_cpu_stall",
                   "raise_softirq", "account_", "scheduler_tick", "sched_tick", "ktime_get"};
    // The stall is in what the interrupt interrupted: skip everything up to the last
    // interrupt/exception entry frame, then take the first frame that is not noise.
    Rules entries = {"handle_int", "except_vec", "el1h_64_irq", "el1_interrupt", "__el1_irq", "el0_interrupt",
                     "call_on_irq_stack", "do_interrupt_handler", "ret_from_irq", "plat_irq_dispatch",
                     "=do_IRQ"};
    const Frame* f = nullptr;
    if (run) {
        std::size_t start = 0;
        for (std::size_t i = 0; i < run->frames.size(); ++i)
            for (auto e : entries)
                if (rule_match(e, base_function(run->frames[i].func)))
                    start = i + 1;
        for (std::size_t i = start; i < run->frames.size() && !f; ++i)
            if (!skipped(run->frames[i], noise))
                f = &run->frames[i];
        if (!f)
            f = pick({}, {run}, noise);
    }
    r.title = with_frame("INFO: rcu detected stall", f, r);
}

void title_kmemleak(const std::vector<ReportLine>& L, std::size_t h, const Parsed& p, TitleResult& r) {
    std::string_view size = after(L[h].text(), "(size ");
    if (!size.empty())
        r.details.push_back({"size", word(size)});
    Rules extra = {"kmemleak", "kmalloc", "kzalloc", "kcalloc", "kmem_cache_alloc", "__kmalloc", "kvmalloc",
                   "__kvmalloc", "vmalloc", "__vmalloc", "vzalloc", "alloc_pages", "__alloc_pages",
                   "slab_post_alloc_hook", "slab_alloc", "__slab_alloc", "kstrdup", "kstrndup", "kmemdup",
                   "kasprintf", "kvasprintf", "devm_kmalloc", "devm_kzalloc", "devres_alloc", "__devres_alloc",
                   "alloc_dr", "krealloc", "create_object", "__create_object", "__kmalloc_node",
                   "kmalloc_node", "pcpu_alloc", "__alloc_percpu", "kmalloc_trace", "__kmalloc_cache",
                   "__kmalloc_large", "kmalloc_large"};
    const Run* run = nullptr;
    for (const Run& x : p.runs)
        if (x.call) {
            run = &x;
            break;
        }
    r.title = with_frame("memory leak", pick({}, {run ? run : first_run(p)}, extra), r);
}

void title_panic(const std::vector<ReportLine>& L, std::size_t h, TitleResult& r) {
    std::string_view msg = trim(after(L[h].text(), "not syncing"));
    if (starts_with(msg, ":"))
        msg = trim(msg.substr(1));
    if (ends_with(msg, "]---"))
        msg = trim(msg.substr(0, msg.size() - 4));
    r.details.push_back({"message", std::string(msg)});
    std::string m(msg);
    // "stack-protector: Kernel stack is corrupted in: func+0x.."
    std::string_view sp = after(msg, "Kernel stack is corrupted in: ");
    if (!sp.empty()) {
        Frame f;
        if (parse_symbol_ref(trim(sp), f)) {
            r.frame = name_of(&f);
            r.title = "kernel panic: stack is corrupted in " + r.frame;
            return;
        }
    }
    r.title = "kernel panic: " + normalize_text(m);
    // These follow another report: alone, that report was lost.
    if (starts_with(m, "Fatal exception") || m.find("panic_on_warn set") != std::string::npos ||
        starts_with(m, "kasan.fault=")) {
        r.ok = false;
        r.problem = "panic without the report that caused it";
    }
}

void title_generic(Hdr type, const std::vector<ReportLine>& L, std::size_t h, const Parsed& p, TitleResult& r) {
    std::string_view t = L[h].text();
    bool bug = type == Hdr::bug_generic;
    std::string_view rest = t.substr(bug ? 5 : 9);
    std::string_view cut = rest;
    Rules extra = {};
    if (bug && starts_with(rest, "spinlock ")) {
        cut = rest.substr(0, rest.find(" on CPU"));
        extra = {"spin_", "do_raw_spin", "__spin"};
    } else {
        for (std::string_view stop : {":", ",", " in process", " on CPU", " at "}) {
            std::size_t s = cut.find(stop);
            if (s != std::string_view::npos && s > 0)
                cut = cut.substr(0, s);
        }
    }
    std::string base = std::string(bug ? "BUG: " : "WARNING: ") + normalize_text(cut);
    const Frame* f = pick({}, {first_call_run(p)}, extra);
    r.title = with_frame(base, f, r, false);
}

} // namespace

TitleResult make_title(Hdr h, const std::vector<ReportLine>& lines, std::size_t header, Symbolizer* sym) {
    TitleResult r;
    if (header >= lines.size()) {
        r.ok = false;
        r.title = "corrupted: empty report";
        return r;
    }
    Parsed p = parse_lines(lines, header + 1);
    symbolize(p, sym, r);
    switch (h) {
    case Hdr::kasan: title_kasan(lines, header, p, r); break;
    case Hdr::kfence: title_kfence(lines, header, p, r); break;
    case Hdr::ubsan: title_ubsan(lines, header, p, r); break;
    case Hdr::slub: title_slub(lines, header, p, r); break;
    case Hdr::lockdep: title_lockdep(lines, header, p, r); break;
    case Hdr::warn: title_warn(lines, header, p, r); break;
    case Hdr::bug_at: title_bug_at(lines, header, p, r); break;
    case Hdr::atomic_sleep: title_atomic(lines, header, p, r); break;
    case Hdr::hung_task: title_hung(lines, header, p, r); break;
    case Hdr::rcu_stall: title_rcu(lines, header, p, r); break;
    case Hdr::kmemleak: title_kmemleak(lines, header, p, r); break;
    case Hdr::panic: title_panic(lines, header, r); break;
    case Hdr::mips_fault:
    case Hdr::bus_error:
    case Hdr::arm64_fault:
    case Hdr::oops_bug:
    case Hdr::die:
    case Hdr::serror: title_oops(h, lines, header, p, r, sym); break;
    case Hdr::bug_generic:
    case Hdr::warn_generic: title_generic(h, lines, header, p, r); break;
    default:
        r.title = std::string(trim(lines[header].text()));
        break;
    }
    return r;
}

} // namespace detail
} // namespace collector
