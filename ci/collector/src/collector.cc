// ingenic-lab report collector: the streaming state machine (see collector.h).
//
// Per printk caller context (CONFIG_PRINTK_CALLER "[T123]"/"[C0]", or one context when
// the console has none) at most one report is open. A report opens at its header line,
// takes the separator / "cut here" / "[X overwritten]" lines just before it, and grows
// line by line. It completes
//   - at its end marker ("---[ end trace", the closing KASAN/KFENCE "=====",
//     "---[ end Kernel panic"), for the kinds that print one;
//   - when its main stack trace ends, for the kinds that end with a trace (lockdep after
//     "stack backtrace:", hung task, sleeping in atomic, RCU stall, kmemleak);
//   - when the text stops looking like a report (8 lines in a row that are neither
//     indented, stack frames, nor report vocabulary), for anything without either.
// A completed report lingers a few lines ("closing") to pick up what belongs to it but
// comes after its end: the panic that an oops or panic_on_warn causes, SLUB's "FIX" lines.
// Headers that are part of the current report (the Oops[#1] after "Unable to handle
// kernel paging request", the WARNING inside a SLUB report, a panic) nest; any other
// header cuts the open report, which is corrupted if it had not completed.
//
// SPDX-License-Identifier: GPL-2.0-or-later
#include "collector/collector.h"

#include "collector/known_issues.h"
#include "collector/symbolizer.h"
#include "internal.h"

#include <unordered_map>

namespace collector {

using namespace detail;

const char* kind_name(Kind k) {
    switch (k) {
    case Kind::kasan: return "kasan";
    case Kind::kfence: return "kfence";
    case Kind::kmsan: return "kmsan";
    case Kind::kcsan: return "kcsan";
    case Kind::ubsan: return "ubsan";
    case Kind::slub: return "slub";
    case Kind::lockdep: return "lockdep";
    case Kind::warning: return "warning";
    case Kind::bug: return "bug";
    case Kind::oops: return "oops";
    case Kind::atomic_sleep: return "atomic-sleep";
    case Kind::soft_lockup: return "soft-lockup";
    case Kind::hung_task: return "hung-task";
    case Kind::rcu_stall: return "rcu-stall";
    case Kind::kmemleak: return "kmemleak";
    case Kind::panic: return "panic";
    case Kind::dmesg_error: return "dmesg-error";
    case Kind::reboot: return "reboot";
    case Kind::device: return "device";
    }
    return "unknown";
}

const char* result_name(CaseRecord::Result r) {
    switch (r) {
    case CaseRecord::Result::pass: return "pass";
    case CaseRecord::Result::fail: return "fail";
    case CaseRecord::Result::error: return "error";
    case CaseRecord::Result::skip: return "skip";
    }
    return "error";
}

namespace {

constexpr int kForeignLimit = 8;       // non-report lines in a row that end a report
constexpr int kPatientForeignLimit = 48; // the same for a report still waiting for its end
constexpr int kClosingLines = 12;      // lines a completed report waits for trailers
constexpr std::size_t kMaxReportLines = 3000;
constexpr std::size_t kMaxNoTraceLines = 400; // trace-ending kinds without any trace
constexpr std::size_t kRingSize = 8;
constexpr std::size_t kMaxSlots = 64;
constexpr int kMaxTraceGap = 3; // other lines inside a stack trace (interleaved output) it survives

enum class CloseWhy { complete, interrupted, timeout, eof, reboot, too_long };

struct OpenReport {
    Header hdr;
    std::vector<ReportLine> lines;
    std::size_t header = 0; // index of the header line in `lines`
    std::uint64_t line_no = 0;
    double time = -1;
    std::string case_name;
    int case_index = -1;
    int boot = 0;

    bool terminated = false;
    bool main_done = false;
    bool run_active = false, run_call = false;
    int run_frames = 0, run_wait = 0, run_gap = 0;
    bool kmemleak_object = false; // "BUG: memory leak" has seen its "unreferenced object"
    bool header_prefixed = false; // the header line has a kernel prefix (timestamp, syslog, level)
    int call_runs_done = 0;
    bool saw_stack_backtrace = false;
    bool has_die = false;
    bool wants_panic_end = false;
    bool dropped = false;
    int foreign = 0;
    std::size_t since_header = 0;

    bool closing = false;
    int closing_count = 0;
    CloseWhy why = CloseWhy::complete;

    bool soft_complete() const {
        if (terminated || main_done)
            return true;
        Ending e = hdr.ending;
        if (wants_panic_end)
            return false;
        if (e == Ending::terminator)
            return call_runs_done > 0 || (run_active && run_call && run_frames > 0);
        if (e == Ending::optional)
            return true;
        return false;
    }
};

struct RingLine {
    std::string raw;
    std::uint32_t off = 0;
    std::uint64_t no = 0;
};

struct Slot {
    std::string ctx;
    std::unique_ptr<OpenReport> rep;
    RingLine ring[kRingSize];
    std::size_t ring_pos = 0, ring_count = 0;

    void remember(std::string_view raw, std::size_t off, std::uint64_t no) {
        RingLine& r = ring[ring_pos];
        r.raw.assign(raw.data(), raw.size());
        r.off = static_cast<std::uint32_t>(off);
        r.no = no;
        ring_pos = (ring_pos + 1) % kRingSize;
        if (ring_count < kRingSize)
            ++ring_count;
    }
    // i = 0 is the most recent line
    const RingLine& back(std::size_t i) const { return ring[(ring_pos + kRingSize - 1 - i) % kRingSize]; }
};

bool is_prefix_line(std::string_view t) {
    t = trim(t);
    return is_separator(t, '=', 20) || is_separator(t, '-', 20) ||
           (starts_with(t, "[") && t.find(" overwritten] ") != std::string_view::npos);
}
bool is_cut_here(std::string_view t) {
    return t.find("[ cut here ]") != std::string_view::npos || t.find("8<--- cut here ---") != std::string_view::npos;
}

struct Transition {
    int boot;
    double ts;
    std::string name;
    int case_index;
};

CaseRecord::Result result_for_status(const std::string& s) {
    std::string l;
    for (char c : s)
        l += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    if (l == "pass" || l == "passed" || l == "ok" || l == "success")
        return CaseRecord::Result::pass;
    if (l == "skip" || l == "skipped" || l == "notrun")
        return CaseRecord::Result::skip;
    if (l == "fail" || l == "failed" || l == "failure" || l == "not-ok" || l == "dmesg-fail" ||
        l == "dmesg-warn" || l == "warn")
        return CaseRecord::Result::fail;
    return CaseRecord::Result::error; // timeout, crash, incomplete, abort, error, unknown
}

} // namespace

struct Collector::Impl {
    Options opt;
    LineAssembler console_asm, qemu_asm;
    std::unique_ptr<Symbolizer> sym;
    bool sym_tried = false;

    std::vector<Report> reports;
    std::vector<UniqueReport> uniques;
    std::unordered_map<std::string, std::size_t> by_title;
    std::vector<CaseRecord> cases;
    std::vector<Finding> findings;
    RunInfo info;
    ReportCallback cb;
    bool finished = false;

    std::vector<std::unique_ptr<Slot>> slots;
    std::uint64_t line_no = 0, qemu_line_no = 0;
    int boot = 0;
    int open_case = -1;
    bool case_seen_this_boot = false;
    bool expect_reboot = false;
    bool reboot_requested = false;
    std::size_t kmemleak_since_summary = 0;
    std::vector<Transition> timeline;
    std::size_t new_titles = 0;
    std::string last_title;
    std::uint64_t prefixed_lines = 0;
    Slot* last_open = nullptr;          // the slot whose report opened last, and on which line
    std::uint64_t last_open_line = 0;

    std::size_t reports_in_boot() const {
        std::size_t n = 0;
        for (auto it = reports.rbegin(); it != reports.rend() && it->boot == boot; ++it)
            n += it->source == "console" ? 1 : 0;
        return n;
    }

    explicit Impl(Options o)
        : opt(std::move(o)), console_asm(opt.max_line), qemu_asm(opt.max_line) {
        slots.push_back(std::make_unique<Slot>());
    }

    Symbolizer* symbolizer() {
        if (!sym_tried) {
            sym_tried = true;
            if (opt.symbolize && !opt.vmlinux.empty()) {
                sym = std::make_unique<Symbolizer>(opt.vmlinux, opt.modules_dir, opt.tool_prefix);
                if (sym->available())
                    info.symbolizer = sym->tool();
                else
                    info.warnings.push_back("symbolization off: " + sym->why());
            }
        }
        return sym && sym->available() ? sym.get() : nullptr;
    }

    Slot& slot_for(std::string_view ctx) {
        for (auto& s : slots)
            if (s->ctx == ctx)
                return *s;
        if (slots.size() >= kMaxSlots)
            return *slots[0];
        slots.push_back(std::make_unique<Slot>());
        slots.back()->ctx = std::string(ctx);
        return *slots.back();
    }

    // ---- attribution ----
    std::string attribution(int& idx) const {
        idx = open_case;
        if (open_case >= 0)
            return cases[static_cast<std::size_t>(open_case)].name;
        return case_seen_this_boot ? kCaseBetween : kCaseBoot;
    }

    void close_case(const std::string& status, bool ended, std::uint64_t line, double ts) {
        if (open_case < 0)
            return;
        CaseRecord& c = cases[static_cast<std::size_t>(open_case)];
        c.status = status;
        c.ended = ended;
        c.result = result_for_status(status);
        c.end_line = line;
        c.end_time = ts;
        open_case = -1;
        if (ts >= 0)
            timeline.push_back({boot, ts, kCaseBetween, -1});
    }

    bool handle_marker(std::string_view text, const LineInfo& li) {
        std::size_t p = text.find("ingenic-lab: ");
        if (p == std::string_view::npos)
            return false;
        std::string_view rest = text.substr(p + 13);
        auto tok = [](std::string_view& s) {
            s = trim(s);
            std::size_t e = s.find_first_of(" \t");
            std::string_view w = s.substr(0, e);
            s = e == std::string_view::npos ? std::string_view() : s.substr(e);
            return std::string(w.substr(0, 200));
        };
        if (starts_with(rest, "BEGIN ")) {
            rest.remove_prefix(6);
            std::string name = tok(rest);
            if (name.empty())
                return true;
            if (open_case >= 0) {
                info.warnings.push_back("line " + std::to_string(line_no) + ": BEGIN " + name + " while " +
                                        cases[static_cast<std::size_t>(open_case)].name + " is open");
                close_case("incomplete", false, line_no, li.ts);
            }
            CaseRecord c;
            c.name = name;
            c.status = "incomplete";
            c.boot = boot;
            c.begin_line = line_no;
            c.begin_time = li.ts;
            cases.push_back(std::move(c));
            open_case = static_cast<int>(cases.size() - 1);
            case_seen_this_boot = true;
            if (li.ts >= 0)
                timeline.push_back({boot, li.ts, name, open_case});
            return true;
        }
        if (starts_with(rest, "END ")) {
            rest.remove_prefix(4);
            std::string name = tok(rest);
            std::string status = tok(rest);
            if (status.empty())
                status = "unknown";
            if (open_case >= 0 && cases[static_cast<std::size_t>(open_case)].name == name) {
                close_case(status, true, line_no, li.ts);
            } else {
                if (open_case >= 0) {
                    info.warnings.push_back("line " + std::to_string(line_no) + ": END " + name + " while " +
                                            cases[static_cast<std::size_t>(open_case)].name + " is open");
                    close_case("incomplete", false, line_no, li.ts);
                } else {
                    info.warnings.push_back("line " + std::to_string(line_no) + ": END " + name +
                                            " without BEGIN");
                }
                CaseRecord c;
                c.name = name;
                c.status = status;
                c.result = result_for_status(status);
                c.ended = true;
                c.boot = boot;
                c.begin_line = c.end_line = line_no;
                c.begin_time = c.end_time = li.ts;
                cases.push_back(std::move(c));
                case_seen_this_boot = true;
            }
            return true;
        }
        // Other protocol lines (SCREEN ...) are not kernel text.
        return starts_with(rest, "SCREEN ") || starts_with(rest, "RESULT ");
    }

    // ---- report lifecycle ----
    void emit(Report&& r) {
        r.id = reports.size();
        auto it = by_title.find(r.title);
        bool first = it == by_title.end();
        std::size_t u;
        if (first) {
            u = uniques.size();
            UniqueReport ur;
            ur.title = r.title;
            ur.kind = r.kind;
            ur.representative = r.id;
            ur.known = true;
            uniques.push_back(std::move(ur));
            by_title.emplace(r.title, u);
        } else {
            u = it->second;
        }
        UniqueReport& ur = uniques[u];
        r.unique = u;
        if (opt.known) {
            if (const KnownEntry* e = opt.known->match(r.title, r.case_name, r.machine_stopped)) {
                r.known = true;
                r.known_reason = e->reason;
            }
        }
        if (r.known && ur.known_reason.empty())
            ur.known_reason = r.known_reason;
        if (!r.known && ur.known) { // the first occurrence that is not known makes the title new
            ur.known = false;
            ++new_titles;
        }
        // Keep lines for the first occurrences, and for the first clean one.
        bool keep = ur.count < opt.keep_lines_per_title;
        bool better = !first && !r.corrupted && reports[ur.representative].corrupted;
        if (!keep && !better) {
            r.lines.clear();
            r.lines.shrink_to_fit();
            r.symbolized.clear();
            r.lines_dropped = true;
        }
        if (better || first)
            ur.representative = r.id;
        ur.count++;
        ur.occurrences.push_back(r.id);
        if (!r.corrupted)
            ur.all_corrupted = false;
        if (r.case_index >= 0)
            cases[static_cast<std::size_t>(r.case_index)].reports.push_back(r.id);
        last_title = r.title;
        reports.push_back(std::move(r));
        if (cb)
            cb(reports.back(), ur, first);
    }

    void finalize(Slot& s, CloseWhy why) {
        std::unique_ptr<OpenReport> o = std::move(s.rep);
        if (!o)
            return;
        if (o->closing)
            why = CloseWhy::complete;
        bool complete = o->soft_complete();
        // At the end of the log, a kind with an end marker is complete only with it.
        // (SLUB reports of kernels before the WARN_ON in object_err() have no end marker.)
        if (why == CloseWhy::eof && o->hdr.ending == Ending::terminator && !o->terminated &&
            o->hdr.type != Hdr::slub)
            complete = false;
        // The log ends after a panic and its trace: the machine stopped there, nothing is missing.
        if (!complete && why == CloseWhy::eof && o->wants_panic_end &&
            (o->call_runs_done > 0 || (o->run_active && o->run_call && o->run_frames > 0)))
            complete = true;
        // A trace that was still running when the log ended counts as the main trace.
        if (!complete && (why == CloseWhy::eof || why == CloseWhy::interrupted) && o->run_active &&
            o->run_frames > 0 && o->run_call && o->hdr.ending == Ending::trace && !o->wants_panic_end &&
            (!o->hdr.needs_backtrace || o->saw_stack_backtrace))
            complete = true;
        // Lines of other output that arrived after the trace's last frame are not the report's.
        if (o->run_active && o->run_gap > 0 && !o->closing && !o->terminated && !o->wants_panic_end &&
            o->lines.size() > o->header + static_cast<std::size_t>(o->run_gap))
            o->lines.resize(o->lines.size() - static_cast<std::size_t>(o->run_gap));
        Report r;
        r.kind = o->hdr.kind;
        r.case_name = o->case_name;
        r.case_index = o->case_index;
        r.boot = o->boot;
        r.line = o->line_no;
        r.time = o->time;
        r.source = "console";
        bool trace_cut = why != CloseWhy::complete && o->run_active && o->run_call && !o->closing;
        TitleResult t = make_title(o->hdr, o->lines, o->header, symbolizer(), trace_cut);
        r.title = t.title;
        r.frame = t.frame;
        r.details = std::move(t.details);
        r.symbolized = std::move(t.symbolized);
        std::string reason;
        if (!complete) {
            switch (why) {
            case CloseWhy::eof:
                reason = "log ended before the report completed";
                info.log_ended_in_report = true;
                break;
            case CloseWhy::interrupted: reason = "interrupted by another report"; break;
            case CloseWhy::reboot: reason = "machine rebooted during the report"; break;
            case CloseWhy::too_long: reason = "report too long, cut"; break;
            case CloseWhy::timeout:
                reason = o->hdr.ending == Ending::trace ? "no stack trace" : "report text stopped early";
                break;
            case CloseWhy::complete: break;
            }
        }
        // Open when the log ended or the machine rebooted: whatever its title lacks, the
        // machine stopping took it (not another report).
        r.machine_stopped = why == CloseWhy::eof || why == CloseWhy::reboot;
        if (reason.empty() && o->dropped)
            reason = "printk messages dropped inside the report";
        if (reason.empty() && !t.ok)
            reason = t.problem;
        if (reason.empty() && !t.suspect.empty())
            reason = t.suspect;
        if (!reason.empty()) {
            r.corrupted = true;
            r.corrupted_reason = reason;
        }
        // A title missing its essential part is not a title: keep it apart.
        if (!t.ok && !t.keep_title)
            r.title = "corrupted: " + r.title;
        r.lines = std::move(o->lines);
        if (r.kind == Kind::kmemleak)
            ++kmemleak_since_summary;
        emit(std::move(r));
    }

    void open_report(Slot& s, const Header& h, std::string_view raw, const LineInfo& li) {
        auto o = std::make_unique<OpenReport>();
        o->hdr = h;
        o->line_no = line_no;
        o->time = li.ts;
        o->header_prefixed = li.prefixed();
        o->boot = boot;
        o->case_name = attribution(o->case_index);
        // Prefix lines: back to a "cut here" within a few lines (WARN messages sit between
        // it and the WARNING line), else the separators / "[X overwritten]" right before.
        std::size_t take = 0;
        for (std::size_t i = 0; i < s.ring_count && i < 6; ++i)
            if (is_cut_here(std::string_view(s.back(i).raw).substr(s.back(i).off))) {
                take = i + 1;
                break;
            }
        if (!take) {
            while (take < s.ring_count && take < 3 &&
                   is_prefix_line(std::string_view(s.back(take).raw).substr(s.back(take).off)))
                ++take;
        }
        for (std::size_t i = take; i-- > 0;) {
            const RingLine& rl = s.back(i);
            o->lines.push_back({rl.raw, rl.off, rl.no});
        }
        s.ring_count = 0; // consumed
        o->header = o->lines.size();
        o->lines.push_back({std::string(raw), static_cast<std::uint32_t>(li.text_offset + h.offset), line_no});
        s.rep = std::move(o);
        last_open = &s;
        last_open_line = line_no;
    }

    static bool oops_precursor(Hdr h) {
        return h == Hdr::fault || h == Hdr::bus_error || h == Hdr::bug_at || h == Hdr::oops_bug ||
               h == Hdr::serror || h == Hdr::gpf || h == Hdr::arm_fault;
    }

    // Headers that are part of the report already open: the die() line after a fault line,
    // the panic it causes, arm's "Internal error:" and x86's "invalid opcode:" after
    // "kernel BUG at", the WARN in a SLUB report, kmemleak's object after "BUG: memory leak".
    bool nests(const OpenReport& o, const Header& h, std::string_view t) const {
        if (h.type == Hdr::panic)
            return true;
        if (h.type == Hdr::die && starts_with(t, "Internal error: "))
            return true;
        if (h.type == Hdr::x86_trap && (starts_with(t, "invalid opcode: ") || starts_with(t, "PANIC: double fault")))
            return true;
        if (h.type == Hdr::die && oops_precursor(o.hdr.type) && !o.has_die)
            return true;
        if (h.type == Hdr::warn && o.hdr.type == Hdr::slub && o.call_runs_done == 0)
            return true;
        if (h.type == Hdr::kmemleak && o.hdr.type == Hdr::kmemleak && !o.kmemleak_object &&
            starts_with(o.lines[o.header].text(), "BUG: memory leak") && starts_with(t, "unreferenced object"))
            return true;
        return false;
    }

    void append(OpenReport& o, std::string_view raw, const LineInfo& li) {
        o.lines.push_back({std::string(raw), static_cast<std::uint32_t>(li.text_offset), line_no});
    }

    void to_closing(OpenReport& o) {
        o.closing = true;
        o.closing_count = 0;
        o.run_active = false;
        o.run_gap = 0;
    }

    // A normal (non-header) line for an open report.
    void grow(Slot& s, std::string_view raw, const LineInfo& li) {
        OpenReport& o = *s.rep;
        std::string_view t = li.text;
        if (prefixed_lines > 0 && !li.prefixed() && o.header_prefixed) {
            // In a log of prefixed kernel lines, a line without prefix is userspace output
            // (not part of the report), or the tail of a long line a wrap split off.
            const ReportLine& last = o.lines.back();
            if (last.line_no + 1 == line_no && last.raw.size() >= 60 && o.lines.size() < kMaxReportLines) {
                o.lines.push_back({std::string(raw), static_cast<std::uint32_t>(li.text_offset), line_no});
                if (frame_like(t) && o.run_active)
                    o.run_gap = 0;
            }
            return;
        }
        ++o.since_header;
        // End markers.
        if (starts_with(t, "---[ end Kernel panic")) {
            append(o, raw, li);
            o.terminated = true;
            o.wants_panic_end = false;
            finalize(s, CloseWhy::complete);
            return;
        }
        Ending e = o.hdr.ending;
        bool sanitizer = o.hdr.type == Hdr::kasan || o.hdr.type == Hdr::kfence || o.hdr.type == Hdr::kmsan ||
                         o.hdr.type == Hdr::kcsan;
        if (!o.wants_panic_end) {
            if (starts_with(t, "---[ end trace") && e == Ending::terminator && !sanitizer) {
                append(o, raw, li);
                o.terminated = true;
                to_closing(o);
                return;
            }
            if (sanitizer && o.since_header > 1 && is_separator(t, '=', 20)) {
                append(o, raw, li);
                o.terminated = true;
                to_closing(o);
                return;
            }
        }
        // Stack trace tracking. A trace survives a few lines of other output inside it
        // (another task printing without caller ids); it ends after more of them.
        bool frame = frame_like(t);
        Label lab = frame ? Label::none : trace_label(t);
        if (frame) {
            if (!o.run_active) {
                o.run_active = true;
                o.run_call = false;
                o.run_frames = 0;
            }
            ++o.run_frames;
            o.run_gap = 0;
        } else if (lab != Label::none) {
            if (lab == Label::stack_backtrace)
                o.saw_stack_backtrace = true;
            if (o.run_active && o.run_frames > 0) {
                std::vector<ReportLine> gap = take_gap(o);
                if (end_run(s)) {
                    replay_closing(s, gap);
                    closing_line(s, raw, li); // complete: this label is not part of it
                    return;
                }
                o.lines.insert(o.lines.end(), gap.begin(), gap.end());
            }
            o.run_active = lab == Label::call_trace;
            o.run_call = o.run_active;
            o.run_frames = 0;
            o.run_wait = 0;
            o.run_gap = 0;
        } else if (o.run_active && !trace_continuation(t)) {
            if (o.run_frames > 0) {
                if (++o.run_gap > kMaxTraceGap) {
                    o.run_gap = kMaxTraceGap; // the lines before this one
                    std::vector<ReportLine> gap = take_gap(o);
                    o.run_active = false;
                    if (end_run(s)) {
                        replay_closing(s, gap);
                        closing_line(s, raw, li);
                        return;
                    }
                    o.lines.insert(o.lines.end(), gap.begin(), gap.end());
                }
            } else if (++o.run_wait > (body_like(t) ? 3 : kPatientForeignLimit)) {
                // "Call Trace:" and then other kernel output before its frames: wait for them
                o.run_active = false;
            }
        }
        if (body_like(t) || lab != Label::none)
            o.foreign = 0;
        else
            ++o.foreign;
        append(o, raw, li);
        // A report still waiting for its end marker or its main trace is patient with other
        // kernel output printed in the middle of it (no caller ids to tell them apart).
        bool waiting = (o.hdr.ending == Ending::terminator && !o.terminated) ||
                       (o.hdr.ending == Ending::trace && !o.main_done);
        if (o.foreign >= (waiting ? kPatientForeignLimit : kForeignLimit)) {
            o.lines.resize(o.lines.size() - static_cast<std::size_t>(o.foreign));
            finalize(s, CloseWhy::timeout);
            return;
        }
        if (o.lines.size() >= kMaxReportLines) {
            finalize(s, CloseWhy::too_long);
            return;
        }
        if (e == Ending::trace && !o.main_done && o.call_runs_done == 0 && !o.run_active &&
            o.since_header > kMaxNoTraceLines)
            finalize(s, CloseWhy::timeout);
    }

    // The current trace run just ended. Returns true if that completed the report (it is
    // then in the closing state, or finalized).
    bool end_run(Slot& s) {
        OpenReport& o = *s.rep;
        bool call = o.run_call;
        o.run_active = false;
        if (!call)
            return false;
        ++o.call_runs_done;
        if (o.hdr.ending != Ending::trace || o.wants_panic_end)
            return false;
        if (o.hdr.needs_backtrace && !o.saw_stack_backtrace)
            return false;
        o.main_done = true;
        to_closing(o);
        return true;
    }

    // The other lines that came after the last frame of a trace that has now ended.
    std::vector<ReportLine> take_gap(OpenReport& o) {
        std::vector<ReportLine> gap;
        std::size_t n = static_cast<std::size_t>(o.run_gap);
        if (n && o.lines.size() > o.header + n) {
            gap.assign(std::make_move_iterator(o.lines.end() - static_cast<std::ptrdiff_t>(n)),
                       std::make_move_iterator(o.lines.end()));
            o.lines.resize(o.lines.size() - n);
        }
        o.run_gap = 0;
        return gap;
    }
    // Lines taken back from a report that completed before them go through the closing state.
    void replay_closing(Slot& s, std::vector<ReportLine>& gap) {
        for (auto& l : gap) {
            if (!s.rep || !s.rep->closing)
                return;
            OpenReport& o = *s.rep;
            if (++o.closing_count >= kClosingLines) {
                finalize(s, CloseWhy::complete);
                return;
            }
            s.remember(l.raw, l.text_offset, l.line_no);
        }
    }

    // A line while the slot's report is closing (already complete).
    void closing_line(Slot& s, std::string_view raw, const LineInfo& li) {
        OpenReport& o = *s.rep;
        std::string_view t = li.text;
        if (starts_with(t, "FIX ") || starts_with(t, "Disabling lock debugging due to kernel taint")) {
            append(o, raw, li);
            return;
        }
        if (starts_with(t, "---[ end Kernel panic")) {
            append(o, raw, li);
            finalize(s, CloseWhy::complete);
            return;
        }
        s.remember(raw, li.text_offset, line_no);
        if (++o.closing_count >= kClosingLines)
            finalize(s, CloseWhy::complete);
    }

    void single_line_report(Kind kind, std::string title, std::string_view raw, std::size_t off,
                            std::uint64_t no, double ts, const std::string& case_name, int case_index,
                            const char* source, std::vector<ReportLine> context = {}) {
        Report r;
        r.kind = kind;
        r.title = std::move(title);
        r.case_name = case_name;
        r.case_index = case_index;
        r.boot = boot;
        r.line = no;
        r.time = ts;
        r.source = source;
        r.lines = std::move(context);
        r.lines.push_back({std::string(raw), static_cast<std::uint32_t>(off), no});
        emit(std::move(r));
    }

    void handle_banner(std::string_view raw, const LineInfo& li) {
        ++info.boots;
        if (info.boots == 1) {
            std::string_view rel = li.text.substr(14);
            info.kernel_release = std::string(rel.substr(0, rel.find(' ')));
            return;
        }
        for (auto& s : slots)
            if (s->rep)
                finalize(*s, s->rep->closing ? CloseWhy::complete : CloseWhy::reboot);
        bool expected = opt.expect_reboots || expect_reboot || reboot_requested;
        if (!expected) {
            int idx;
            std::string where = attribution(idx);
            std::vector<ReportLine> ctx;
            Slot& s0 = *slots[0];
            for (std::size_t i = std::min<std::size_t>(s0.ring_count, 5); i-- > 0;)
                ctx.push_back({s0.back(i).raw, s0.back(i).off, s0.back(i).no});
            single_line_report(Kind::reboot, "unexpected kernel reboot", raw, li.text_offset, line_no, li.ts, where,
                               idx, "console", std::move(ctx));
        }
        if (open_case >= 0)
            close_case("incomplete", false, line_no, -1);
        ++boot;
        case_seen_this_boot = false;
        expect_reboot = false;
        reboot_requested = false;
        for (auto& s : slots)
            s->ring_count = 0;
    }

    // ---- wrapped lines ----
    // A console or a mail client that wraps long lines leaves the tail of a kernel line on a
    // line of its own, without the timestamp (or syslog) prefix every other line has. Each
    // prefixed line is held back until the next one shows whether it continues: then the two
    // are one line again (no blank between them when the log is hard-wrapped at a fixed width,
    // one blank for a mail client's word wrap).
    std::string held;
    std::uint64_t held_no = 0;
    std::size_t held_tail = 0; // length of the last physical line in `held`
    bool has_held = false;
    std::uint64_t phys_no = 0;
    std::size_t max_len = 0, lines_at_max = 0, conts = 0, conts_at_max = 0, long_lines = 0;

    void console_in(std::string_view raw) {
        ++phys_no;
        if (raw.size() > max_len) {
            max_len = raw.size();
            lines_at_max = 0;
        }
        lines_at_max += raw.size() == max_len;
        long_lines += raw.size() > 100;
        if (has_held) {
            if (continues(raw)) {
                // A hard wrap cuts every long line at the same width and keeps all characters
                // (a blank at the cut starts the next piece); a word wrap drops the blank and
                // leaves pieces of any length.
                // Most pieces of a hard-wrapped log are exactly the width long (the others
                // ended in blanks, which cleaning strips: one blank goes back); pieces of a
                // word-wrapped one rarely are.
                bool at_max = max_len >= 64 && held_tail == max_len;
                bool hard_log = conts ? conts_at_max * 2 >= conts : raw.front() == ' ' || lines_at_max >= 3;
                bool hard = at_max && hard_log;
                ++conts;
                conts_at_max += max_len >= 64 && held_tail + 1 >= max_len;
                held_tail = raw.size();
                if (hard) {
                    held.append(raw.data(), raw.size());
                } else {
                    std::size_t b = raw.find_first_not_of(" \t");
                    held += ' ';
                    held.append(raw.data() + b, raw.size() - b);
                }
                return;
            }
            flush_held();
        }
        // (Test markers are short and wanted at once: never held.)
        if (prefixed_lines >= 2 && raw.find("ingenic-lab: ") == std::string_view::npos &&
            parse_console_line(raw).prefixed()) {
            held.assign(raw.data(), raw.size());
            held_tail = raw.size();
            held_no = phys_no;
            has_held = true;
            return;
        }
        console_line(raw, phys_no);
    }

    bool continues(std::string_view raw) const {
        // A log that has long lines was not wrapped (a serial console: a line without
        // prefix after a kernel line is the guest's own output there).
        if (raw.empty() || raw.size() > 4096 || held.size() > 8192 || long_lines * 20 > phys_no)
            return false;
        LineInfo li = parse_console_line(raw);
        if (li.prefixed() || li.dropped || raw.find("ingenic-lab: ") != std::string_view::npos ||
            starts_with(raw, "** ") || starts_with(raw, "# "))
            return false;
        std::size_t b = raw.find_first_not_of(" \t");
        if (b == std::string_view::npos)
            return false;
        std::size_t token = raw.find(' ', b);
        token = (token == std::string_view::npos ? raw.size() : token) - b;
        // the line before was long, or what follows could not have fit on it
        return held_tail >= 60 || held_tail + 1 + token > 64;
    }

    void flush_held() {
        if (!has_held)
            return;
        has_held = false;
        std::string l = std::move(held);
        held.clear();
        console_line(l, held_no);
    }

    void console_line(std::string_view raw, std::uint64_t no) {
        line_no = no;
        LineInfo li = parse_console_line(raw);
        if (li.ts >= 0)
            info.timestamps = true;
        if (!li.caller.empty())
            info.caller_ids = true;
        // kmemleak prints every line of its reports with pr_fmt "kmemleak: "; drop it so the
        // report body reads like the /sys/kernel/debug/kmemleak form.
        if (starts_with(li.text, "kmemleak: ")) {
            li.text.remove_prefix(10);
            li.text_offset += 10;
        }
        std::string_view t = li.text;
        if (t.find("ingenic-lab: ") != std::string_view::npos && handle_marker(t, li)) {
            // A test boundary: reports that only wait for trailing lines are done, and in
            // the marker's own context a stack trace being printed has ended.
            Slot& ms = slot_for(li.caller);
            if (ms.rep && !ms.rep->closing && ms.rep->run_active && ms.rep->run_frames > 0)
                end_run(ms);
            for (auto& sl : slots)
                if (sl->rep && sl->rep->closing)
                    finalize(*sl, CloseWhy::complete);
            return;
        }
        if (li.prefixed())
            ++prefixed_lines;
        if (li.dropped)
            for (auto& sl : slots)
                if (sl->rep && !sl->rep->closing)
                    sl->rep->dropped = true;
        Slot& s = slot_for(li.caller);
        Header h = detect_header(t);
        if (h.generic && prefixed_lines > 0 && !li.prefixed())
            h = Header{}; // loose headers are trusted on kernel lines only
        // In a log of prefixed kernel lines, a line without prefix is the guest's own output:
        // a header there counts only at its start (the guest printing a kmemleak file, say),
        // not inside its messages ("# case: kmemleak: unreferenced object ...").
        if (h.offset > 0 && prefixed_lines > 0 && !li.prefixed())
            h = Header{};
        switch (h.type) {
        case Hdr::banner:
            handle_banner(raw, li);
            return;
        case Hdr::reboot_notice:
            reboot_requested = true;
            h = Header{};
            break;
        case Hdr::dropped:
            for (auto& sl : slots)
                if (sl->rep && !sl->rep->closing)
                    sl->rep->dropped = true;
            h = Header{};
            break;
        case Hdr::replay:
            // The header just printed was cut and comes again in full: forget the cut copy.
            if (last_open && last_open->rep && last_open_line + 1 == line_no &&
                last_open->rep->lines.size() == last_open->rep->header + 1)
                last_open->rep.reset();
            return;
        default:
            break;
        }
        if (h.type != Hdr::none && h.ending == Ending::line && h.type != Hdr::kmemleak_summary) {
            // A one-line report (a DRM *ERROR* message, ...): it does not cut a report being
            // printed in the same context.
            int idx;
            std::string where = attribution(idx);
            Report r;
            r.kind = h.kind;
            TitleResult tr = make_title(h, {{std::string(raw), static_cast<std::uint32_t>(li.text_offset + h.offset),
                                             line_no}},
                                        0, nullptr);
            r.title = tr.title;
            r.frame = tr.frame;
            r.details = std::move(tr.details);
            r.case_name = where;
            r.case_index = idx;
            r.boot = boot;
            r.line = line_no;
            r.time = li.ts;
            r.source = "console";
            r.lines.push_back({std::string(raw), static_cast<std::uint32_t>(li.text_offset + h.offset), line_no});
            emit(std::move(r));
            if (s.rep && !s.rep->closing)
                ++s.rep->since_header;
            return;
        }
        if (h.type == Hdr::panic && !s.rep && reports_in_boot() > 0) {
            // "Kernel panic - not syncing: Fatal exception" after an oops that has already been
            // reported (the panic came too late to join it): part of that report, not a new one.
            std::string_view msg = trim(t.substr(h.offset + 26));
            if (starts_with(msg, ":"))
                msg = trim(msg.substr(1));
            if (is_consequence_panic(msg)) {
                s.remember(raw, li.text_offset, line_no);
                return;
            }
        }
        if (h.type != Hdr::none) {
            if (s.rep && !s.rep->closing) {
                if (nests(*s.rep, h, t.substr(h.offset))) {
                    OpenReport& o = *s.rep;
                    append(o, raw, li);
                    o.foreign = 0;
                    if (h.type == Hdr::panic)
                        o.wants_panic_end = true;
                    if (h.type == Hdr::die)
                        o.has_die = true;
                    if (h.type == Hdr::kmemleak)
                        o.kmemleak_object = true;
                    return;
                }
                finalize(s, CloseWhy::interrupted);
            } else if (s.rep) {
                if (h.type == Hdr::panic) { // the panic an oops / panic_on_warn causes
                    OpenReport& o = *s.rep;
                    o.closing = false;
                    o.wants_panic_end = true; // complete already: the panic only adds lines
                    append(o, raw, li);
                    o.foreign = 0;
                    return;
                }
                finalize(s, CloseWhy::complete);
            }
            if (h.type == Hdr::kmemleak_summary) {
                if (kmemleak_since_summary == 0) {
                    int idx;
                    std::string where = attribution(idx);
                    single_line_report(Kind::kmemleak, "kmemleak: suspected memory leaks (objects not printed)", raw,
                                       li.text_offset, line_no, li.ts, where, idx, "console");
                }
                kmemleak_since_summary = 0;
                s.remember(raw, li.text_offset, line_no);
                return;
            }
            open_report(s, h, raw, li);
            return;
        }
        if (s.rep) {
            if (s.rep->closing)
                closing_line(s, raw, li);
            else
                grow(s, raw, li);
            return;
        }
        s.remember(raw, li.text_offset, line_no);
    }

    std::string attribute_time(double ts, int& idx) const {
        idx = -1;
        if (timeline.empty())
            return case_seen_this_boot || !cases.empty() ? kCaseBetween : kCaseBoot;
        int last_boot = timeline.back().boot;
        const Transition* best = nullptr;
        for (const auto& tr : timeline)
            if (tr.boot == last_boot && tr.ts <= ts)
                best = &tr;
        if (!best)
            return kCaseBoot;
        idx = best->case_index;
        return best->name;
    }

    void qemu_line(std::string_view raw) {
        ++qemu_line_no;
        LineInfo li = parse_console_line(raw);
        std::string_view t = li.text;
        auto field = [&](std::string_view& s) {
            std::size_t c = s.find(": ");
            std::string_view f = c == std::string_view::npos ? s : s.substr(0, c);
            s = c == std::string_view::npos ? std::string_view() : s.substr(c + 2);
            return std::string(trim(f));
        };
        Finding fd;
        std::string_view rest;
        std::size_t p = t.find("ingenic-lab finding: ");
        if (p != std::string_view::npos) {
            rest = t.substr(p + 21);
            fd.device = field(rest);
        } else {
            // QEMU's log trace backend: "[<pid>@<sec>.<usec>:]ingenic_<dev>_finding <kind>: <detail>"
            std::size_t e = t.find("_finding ");
            if (e == std::string_view::npos)
                return;
            std::size_t b = t.rfind("ingenic_", e);
            if (b == std::string_view::npos || b + 8 >= e || (b > 0 && t[b - 1] != ':' && t[b - 1] != ' '))
                return;
            fd.device = std::string(t.substr(b + 8, e - b - 8));
            if (fd.device.find(' ') != std::string::npos)
                return;
            rest = t.substr(e + 9);
        }
        fd.kind = field(rest);
        std::string detail(trim(rest));
        std::size_t sup = detail.rfind(" (further ");
        if (sup != std::string::npos && ends_with(detail, "suppressed until re-armed)")) {
            fd.further_suppressed = true;
            detail.resize(sup);
        }
        fd.detail = detail;
        if (fd.device.empty())
            fd.device = "unknown";
        if (fd.kind.empty())
            fd.kind = "unknown";
        fd.line = qemu_line_no;
        fd.time = li.ts;
        if (li.ts >= 0)
            fd.case_name = attribute_time(li.ts, fd.case_index);
        else if (opt.offline_qemu)
            fd.case_name = kCaseUnattributed;
        else
            fd.case_name = attribution(fd.case_index);
        fd.report = reports.size();
        std::string title = "ingenic-lab: " + fd.device + ": " + fd.kind;
        Report r;
        r.kind = Kind::device;
        r.title = title;
        r.case_name = fd.case_name;
        r.case_index = fd.case_index;
        r.boot = boot;
        r.line = qemu_line_no;
        r.time = li.ts;
        r.source = "qemu";
        r.details = {{"device", fd.device}, {"kind", fd.kind}, {"detail", fd.detail}};
        r.lines.push_back({std::string(raw), static_cast<std::uint32_t>(li.text_offset), qemu_line_no});
        findings.push_back(std::move(fd));
        emit(std::move(r));
    }
};

Collector::Collector(Options opt) : impl_(std::make_unique<Impl>(std::move(opt))) {}
Collector::~Collector() = default;

void Collector::feed_console(std::string_view bytes) {
    if (impl_->finished)
        return;
    impl_->console_asm.feed(bytes, [this](std::string_view l) { impl_->console_in(l); });
    impl_->info.console_bytes = impl_->console_asm.bytes();
    impl_->info.console_lines = impl_->phys_no;
}

void Collector::feed_qemu(std::string_view bytes) {
    if (impl_->finished)
        return;
    impl_->qemu_asm.feed(bytes, [this](std::string_view l) { impl_->qemu_line(l); });
    impl_->info.qemu_bytes = impl_->qemu_asm.bytes();
    impl_->info.qemu_lines = impl_->qemu_line_no;
}

void Collector::expect_reboot() { impl_->expect_reboot = true; }

void Collector::idle() {
    impl_->flush_held();
    for (auto& s : impl_->slots)
        if (s->rep && s->rep->closing)
            impl_->finalize(*s, CloseWhy::complete);
}

void Collector::finish() {
    if (impl_->finished)
        return;
    impl_->console_asm.flush([this](std::string_view l) { impl_->console_in(l); });
    impl_->flush_held();
    impl_->qemu_asm.flush([this](std::string_view l) { impl_->qemu_line(l); });
    for (auto& s : impl_->slots)
        if (s->rep)
            impl_->finalize(*s, s->rep->closing ? CloseWhy::complete : CloseWhy::eof);
    if (impl_->open_case >= 0)
        impl_->close_case("incomplete", false, impl_->line_no, -1);
    impl_->info.console_bytes = impl_->console_asm.bytes();
    impl_->info.console_lines = impl_->phys_no;
    impl_->info.qemu_bytes = impl_->qemu_asm.bytes();
    impl_->info.qemu_lines = impl_->qemu_line_no;
    impl_->finished = true;
}

bool Collector::finished() const { return impl_->finished; }
void Collector::on_report(ReportCallback cb) { impl_->cb = std::move(cb); }
const std::vector<Report>& Collector::reports() const { return impl_->reports; }
const std::vector<UniqueReport>& Collector::unique_reports() const { return impl_->uniques; }
const std::vector<CaseRecord>& Collector::cases() const { return impl_->cases; }
const std::vector<Finding>& Collector::findings() const { return impl_->findings; }
const RunInfo& Collector::run_info() const { return impl_->info; }
const Options& Collector::options() const { return impl_->opt; }

std::string Collector::current_attribution() const {
    int idx;
    return impl_->attribution(idx);
}

std::string Collector::progress_line() const {
    std::string s = "case " + current_attribution() + " | " + std::to_string(impl_->reports.size()) + " reports (" +
                    std::to_string(impl_->uniques.size()) + " unique, " + std::to_string(impl_->new_titles) + " new)";
    if (!impl_->last_title.empty()) {
        std::string t = impl_->last_title;
        if (t.size() > 60)
            t = t.substr(0, 57) + "...";
        s += " | last: " + t;
    }
    return s;
}

} // namespace collector
