// ingenic-lab report collector: results.json, junit.xml, report files, summary table.
// SPDX-License-Identifier: GPL-2.0-or-later
#include "collector/output.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

namespace collector {

namespace {

std::string json_str(std::string_view s) {
    std::string o;
    o.reserve(s.size() + 2);
    o += '"';
    for (unsigned char c : s) {
        switch (c) {
        case '"': o += "\\\""; break;
        case '\\': o += "\\\\"; break;
        case '\n': o += "\\n"; break;
        case '\t': o += "\\t"; break;
        case '\r': o += "\\r"; break;
        default:
            if (c < 0x20) {
                char b[8];
                std::snprintf(b, sizeof b, "\\u%04x", c);
                o += b;
            } else {
                o += static_cast<char>(c);
            }
        }
    }
    o += '"';
    return o;
}

std::string num(double v) {
    if (v < 0)
        return "null";
    char b[32];
    std::snprintf(b, sizeof b, "%.6f", v);
    return b;
}

std::string xml(std::string_view s) {
    std::string o;
    for (char c : s) {
        switch (c) {
        case '&': o += "&amp;"; break;
        case '<': o += "&lt;"; break;
        case '>': o += "&gt;"; break;
        case '"': o += "&quot;"; break;
        case '\'': o += "&apos;"; break;
        default: o += c;
        }
    }
    return o;
}

std::string now_utc() {
    std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char b[32];
    std::strftime(b, sizeof b, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return b;
}

bool is_new(const UniqueReport& u) { return !u.known; }

// Case result including its reports: a new report fails a passing or skipped case.
CaseRecord::Result effective(const Collector& c, const CaseRecord& k) {
    if (k.result == CaseRecord::Result::error)
        return k.result;
    for (std::size_t id : k.reports)
        if (is_new(c.unique_reports()[c.reports()[id].unique]))
            return CaseRecord::Result::fail;
    return k.result;
}

bool pseudo_case(const Report& r) { return r.case_index < 0; }

std::vector<std::string> titles_of(const Collector& c) {
    std::vector<std::string> t;
    for (const auto& u : c.unique_reports())
        t.push_back(u.title);
    return t;
}

} // namespace

Verdict compute_verdict(const Collector& c, const KnownIssues* known) {
    Verdict v;
    for (const auto& u : c.unique_reports())
        (is_new(u) ? v.new_titles : v.known_titles)++;
    for (const auto& k : c.cases()) {
        switch (effective(c, k)) {
        case CaseRecord::Result::pass: ++v.passed_cases; break;
        case CaseRecord::Result::skip: ++v.skipped_cases; break;
        default: ++v.failed_cases; break;
        }
    }
    if (known)
        v.known_missing = known->unmatched(titles_of(c));
    return v;
}

std::string report_file_name(std::size_t n, const std::string& title) {
    char b[16];
    std::snprintf(b, sizeof b, "%03zu-", n);
    std::string s = b;
    bool dash = false;
    std::size_t len = 0;
    for (char ch : title) {
        bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_' ||
                  ch == '.';
        if (ok) {
            s += ch;
            dash = false;
            ++len;
        } else if (!dash && len) {
            s += '-';
            dash = true;
            ++len;
        }
        if (len >= 80)
            break;
    }
    while (!s.empty() && (s.back() == '-' || s.back() == '.'))
        s.pop_back();
    return "reports/" + s + ".txt";
}

std::string results_json(const Collector& c, const KnownIssues* known, const RunMeta& meta) {
    const RunInfo& ri = c.run_info();
    Verdict v = compute_verdict(c, known);
    std::ostringstream o;
    o << "{\n  \"schema\": \"ingenic-lab-results/1\",\n";
    o << "  \"run\": {\n";
    o << "    \"tool\": \"lab-collect\",\n    \"generated\": " << json_str(now_utc()) << ",\n";
    o << "    \"suite\": " << json_str(meta.suite) << ",\n";
    o << "    \"lane\": " << json_str(meta.lane) << ",\n    \"kernel\": " << json_str(meta.kernel) << ",\n";
    o << "    \"console_log\": " << json_str(meta.console_log) << ",\n";
    o << "    \"qemu_log\": " << (meta.qemu_log.empty() ? "null" : json_str(meta.qemu_log)) << ",\n";
    o << "    \"vmlinux\": " << (meta.vmlinux.empty() ? "null" : json_str(meta.vmlinux)) << ",\n";
    o << "    \"modules\": " << (meta.modules_dir.empty() ? "null" : json_str(meta.modules_dir)) << ",\n";
    o << "    \"known_issues\": [";
    for (std::size_t i = 0; i < meta.known_files.size(); ++i)
        o << (i ? ", " : "") << json_str(meta.known_files[i]);
    o << "],\n";
    o << "    \"kernel_release\": " << (ri.kernel_release.empty() ? "null" : json_str(ri.kernel_release)) << ",\n";
    o << "    \"boots\": " << ri.boots << ",\n";
    o << "    \"console_bytes\": " << ri.console_bytes << ",\n    \"console_lines\": " << ri.console_lines << ",\n";
    o << "    \"qemu_lines\": " << ri.qemu_lines << ",\n";
    o << "    \"timestamps\": " << (ri.timestamps ? "true" : "false") << ",\n";
    o << "    \"caller_ids\": " << (ri.caller_ids ? "true" : "false") << ",\n";
    o << "    \"symbolizer\": " << (ri.symbolizer.empty() ? "null" : json_str(ri.symbolizer)) << ",\n";
    o << "    \"log_ended_in_report\": " << (ri.log_ended_in_report ? "true" : "false") << ",\n";
    o << "    \"warnings\": [";
    for (std::size_t i = 0; i < ri.warnings.size(); ++i)
        o << (i ? ", " : "") << json_str(ri.warnings[i]);
    o << "]\n  },\n";

    std::size_t corrupted_unique = 0, errors = 0, failed = 0;
    for (const auto& u : c.unique_reports())
        corrupted_unique += u.all_corrupted ? 1 : 0;
    for (const auto& k : c.cases()) {
        auto r = effective(c, k);
        errors += r == CaseRecord::Result::error;
        failed += r == CaseRecord::Result::fail;
    }
    o << "  \"summary\": {\n";
    o << "    \"verdict\": " << json_str(v.pass() ? "pass" : "fail") << ",\n";
    o << "    \"cases\": " << c.cases().size() << ", \"passed\": " << v.passed_cases << ", \"failed\": " << failed
      << ", \"errors\": " << errors << ", \"skipped\": " << v.skipped_cases << ",\n";
    o << "    \"reports\": " << c.reports().size() << ", \"unique_reports\": " << c.unique_reports().size()
      << ", \"new_reports\": " << v.new_titles << ", \"known_reports\": " << v.known_titles
      << ", \"corrupted_reports\": " << corrupted_unique << ", \"findings\": " << c.findings().size() << "\n";
    o << "  },\n";

    o << "  \"cases\": [";
    for (std::size_t i = 0; i < c.cases().size(); ++i) {
        const CaseRecord& k = c.cases()[i];
        o << (i ? ",\n" : "\n") << "    {\"name\": " << json_str(k.name) << ", \"status\": " << json_str(k.status)
          << ", \"result\": " << json_str(result_name(effective(c, k)))
          << ", \"status_result\": " << json_str(result_name(k.result)) << ", \"ended\": " << (k.ended ? "true" : "false")
          << ", \"boot\": " << k.boot << ", \"begin_line\": " << k.begin_line << ", \"end_line\": " << k.end_line
          << ", \"begin_time\": " << num(k.begin_time) << ", \"end_time\": " << num(k.end_time)
          << ", \"duration\": "
          << (k.begin_time >= 0 && k.end_time >= k.begin_time ? num(k.end_time - k.begin_time) : "null");
        std::map<std::size_t, std::size_t> per;
        for (std::size_t id : k.reports)
            per[c.reports()[id].unique]++;
        o << ", \"reports\": [";
        bool first = true;
        for (auto& [u, n] : per) {
            const UniqueReport& ur = c.unique_reports()[u];
            o << (first ? "" : ", ") << "{\"id\": " << u + 1 << ", \"title\": " << json_str(ur.title)
              << ", \"count\": " << n << ", \"known\": " << (ur.known ? "true" : "false") << "}";
            first = false;
        }
        o << "]}";
    }
    o << "\n  ],\n";

    o << "  \"reports\": [";
    for (std::size_t u = 0; u < c.unique_reports().size(); ++u) {
        const UniqueReport& ur = c.unique_reports()[u];
        const Report& rep = c.reports()[ur.representative];
        const Report& first = c.reports()[ur.occurrences.front()];
        std::map<std::string, std::size_t> per_case;
        std::vector<std::string> order;
        std::size_t corrupted_occ = 0;
        for (std::size_t id : ur.occurrences) {
            const Report& r = c.reports()[id];
            if (!per_case.count(r.case_name))
                order.push_back(r.case_name);
            per_case[r.case_name]++;
            corrupted_occ += r.corrupted;
        }
        o << (u ? ",\n" : "\n") << "    {\n";
        o << "      \"id\": " << u + 1 << ",\n";
        o << "      \"title\": " << json_str(ur.title) << ",\n";
        o << "      \"kind\": " << json_str(kind_name(ur.kind)) << ",\n";
        o << "      \"count\": " << ur.count << ",\n";
        o << "      \"known\": " << (ur.known ? "true" : "false") << ",\n";
        o << "      \"known_reason\": " << (ur.known ? json_str(ur.known_reason) : "null") << ",\n";
        o << "      \"case\": " << json_str(first.case_name) << ",\n";
        o << "      \"cases\": [";
        for (std::size_t i = 0; i < order.size(); ++i)
            o << (i ? ", " : "") << "{\"name\": " << json_str(order[i]) << ", \"count\": " << per_case[order[i]] << "}";
        o << "],\n";
        o << "      \"source\": " << json_str(rep.source) << ",\n";
        o << "      \"first_line\": " << first.line << ",\n";
        o << "      \"time\": " << num(first.time) << ",\n";
        o << "      \"boot\": " << first.boot << ",\n";
        o << "      \"corrupted\": " << (ur.all_corrupted ? "true" : "false") << ",\n";
        o << "      \"corrupted_reason\": " << (rep.corrupted ? json_str(rep.corrupted_reason) : "null") << ",\n";
        o << "      \"corrupted_occurrences\": " << corrupted_occ << ",\n";
        o << "      \"frame\": " << (rep.frame.empty() ? "null" : json_str(rep.frame)) << ",\n";
        o << "      \"details\": {";
        for (std::size_t i = 0; i < rep.details.size(); ++i)
            o << (i ? ", " : "") << json_str(rep.details[i].first) << ": " << json_str(rep.details[i].second);
        o << "},\n";
        o << "      \"first_lines\": [";
        std::size_t shown = 0;
        for (const auto& l : rep.lines) {
            if (shown == 12)
                break;
            o << (shown ? ", " : "") << json_str(l.text());
            ++shown;
        }
        o << "],\n";
        o << "      \"file\": " << json_str(report_file_name(u + 1, ur.title)) << ",\n";
        o << "      \"occurrences\": [";
        for (std::size_t i = 0; i < ur.occurrences.size(); ++i) {
            const Report& r = c.reports()[ur.occurrences[i]];
            o << (i ? ", " : "") << "{\"case\": " << json_str(r.case_name) << ", \"line\": " << r.line
              << ", \"time\": " << num(r.time) << ", \"boot\": " << r.boot
              << ", \"corrupted\": " << (r.corrupted ? "true" : "false") << "}";
        }
        o << "]\n    }";
    }
    o << "\n  ],\n";

    o << "  \"findings\": [";
    for (std::size_t i = 0; i < c.findings().size(); ++i) {
        const Finding& f = c.findings()[i];
        o << (i ? ",\n" : "\n") << "    {\"device\": " << json_str(f.device) << ", \"kind\": " << json_str(f.kind)
          << ", \"detail\": " << json_str(f.detail) << ", \"case\": " << json_str(f.case_name)
          << ", \"line\": " << f.line << ", \"time\": " << num(f.time)
          << ", \"further_suppressed\": " << (f.further_suppressed ? "true" : "false")
          << ", \"report\": " << c.reports()[f.report].unique + 1 << "}";
    }
    o << "\n  ],\n";
    o << "  \"known_missing\": [";
    for (std::size_t i = 0; i < v.known_missing.size(); ++i) {
        const KnownEntry* e = v.known_missing[i];
        o << (i ? ",\n" : "\n") << "    {\"pattern\": " << json_str(e->pattern) << ", \"reason\": " << json_str(e->reason)
          << ", \"file\": " << json_str(e->file) << ", \"line\": " << e->line << "}";
    }
    o << "\n  ]\n}\n";
    return o.str();
}

std::string junit_xml(const Collector& c, const KnownIssues* known, const RunMeta& meta) {
    (void)known;
    struct TC {
        std::string name;
        double time = -1;
        std::string failure, error, skipped, out;
    };
    std::vector<TC> tcs;
    auto report_list = [&](const std::vector<std::size_t>& ids, bool only_new) {
        std::map<std::size_t, std::size_t> per;
        for (std::size_t id : ids)
            per[c.reports()[id].unique]++;
        std::string s;
        for (auto& [u, n] : per) {
            const UniqueReport& ur = c.unique_reports()[u];
            if (only_new && ur.known)
                continue;
            s += ur.title + (n > 1 ? " (x" + std::to_string(n) + ")" : "") + (ur.known ? " [known: " + ur.known_reason + "]" : "") +
                 " -> " + report_file_name(u + 1, ur.title) + "\n";
        }
        return s;
    };
    // "boot": every report outside a case (boot, between cases, unattributed findings)
    {
        TC t;
        t.name = "boot";
        std::vector<std::size_t> ids;
        for (const auto& r : c.reports())
            if (pseudo_case(r))
                ids.push_back(r.id);
        std::string nw = report_list(ids, true);
        if (!nw.empty())
            t.failure = nw;
        t.out = report_list(ids, false);
        tcs.push_back(std::move(t));
    }
    for (const auto& k : c.cases()) {
        TC t;
        t.name = k.name;
        if (k.begin_time >= 0 && k.end_time >= k.begin_time)
            t.time = k.end_time - k.begin_time;
        std::string nw = report_list(k.reports, true);
        t.out = report_list(k.reports, false);
        switch (k.result) {
        case CaseRecord::Result::error:
            t.error = "status " + k.status + (k.ended ? "" : " (no END line)") + "\n" + nw;
            break;
        case CaseRecord::Result::fail:
            t.failure = "status " + k.status + "\n" + nw;
            break;
        case CaseRecord::Result::skip:
            if (nw.empty())
                t.skipped = "status " + k.status;
            else
                t.failure = nw;
            break;
        case CaseRecord::Result::pass:
            if (!nw.empty())
                t.failure = nw;
            break;
        }
        tcs.push_back(std::move(t));
    }
    std::size_t fails = 0, errs = 0, skips = 0;
    double total = 0;
    for (auto& t : tcs) {
        fails += !t.failure.empty();
        errs += !t.error.empty();
        skips += !t.skipped.empty();
        total += t.time > 0 ? t.time : 0;
    }
    std::string suite = meta.suite;
    if (!meta.lane.empty())
        suite += "." + meta.lane;
    if (!meta.kernel.empty())
        suite += "-" + meta.kernel;
    std::ostringstream o;
    o << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    o << "<testsuites name=\"" << xml(meta.suite) << "\" tests=\"" << tcs.size() << "\" failures=\"" << fails
      << "\" errors=\"" << errs << "\" skipped=\"" << skips << "\">\n";
    o << "  <testsuite name=\"" << xml(suite) << "\" tests=\"" << tcs.size() << "\" failures=\"" << fails
      << "\" errors=\"" << errs << "\" skipped=\"" << skips << "\" time=\"" << num(total) << "\">\n";
    for (auto& t : tcs) {
        o << "    <testcase classname=\"" << xml(suite) << "\" name=\"" << xml(t.name) << "\"";
        if (t.time >= 0)
            o << " time=\"" << num(t.time) << "\"";
        o << ">\n";
        auto first_line = [](const std::string& s) { return s.substr(0, s.find('\n')); };
        if (!t.error.empty())
            o << "      <error message=\"" << xml(first_line(t.error)) << "\" type=\"case\">" << xml(t.error)
              << "</error>\n";
        if (!t.failure.empty())
            o << "      <failure message=\"" << xml(first_line(t.failure)) << "\" type=\"kernel-report\">"
              << xml(t.failure) << "</failure>\n";
        if (!t.skipped.empty())
            o << "      <skipped message=\"" << xml(t.skipped) << "\"/>\n";
        if (!t.out.empty())
            o << "      <system-out>" << xml(t.out) << "</system-out>\n";
        o << "    </testcase>\n";
    }
    o << "  </testsuite>\n</testsuites>\n";
    return o.str();
}

std::string report_text(const Collector& c, std::size_t u) {
    const UniqueReport& ur = c.unique_reports()[u];
    const Report& rep = c.reports()[ur.representative];
    const Report& first = c.reports()[ur.occurrences.front()];
    std::ostringstream o;
    o << "title:     " << ur.title << "\n";
    o << "kind:      " << kind_name(ur.kind) << "\n";
    o << "count:     " << ur.count << "\n";
    o << "known:     " << (ur.known ? "yes (" + ur.known_reason + ")" : std::string("no")) << "\n";
    std::map<std::string, std::size_t> per;
    std::vector<std::string> order;
    for (std::size_t id : ur.occurrences) {
        const auto& n = c.reports()[id].case_name;
        if (!per[n]++)
            order.push_back(n);
    }
    o << "cases:     ";
    for (std::size_t i = 0; i < order.size(); ++i)
        o << (i ? ", " : "") << order[i] << " (" << per[order[i]] << ")";
    o << "\n";
    o << "first:     " << first.source << " line " << first.line << ", boot " << first.boot;
    if (first.time >= 0)
        o << ", time " << num(first.time);
    o << ", case " << first.case_name << "\n";
    o << "shown:     " << rep.source << " line " << rep.line << "\n";
    o << "corrupted: " << (rep.corrupted ? "yes (" + rep.corrupted_reason + ")" : std::string("no")) << "\n";
    if (!rep.frame.empty())
        o << "frame:     " << rep.frame << "\n";
    if (!rep.details.empty()) {
        o << "details:  ";
        for (auto& [k, v] : rep.details)
            o << " " << k << "=" << v;
        o << "\n";
    }
    o << "\n";
    for (const auto& l : rep.lines)
        o << l.raw << "\n";
    if (!rep.symbolized.empty()) {
        o << "\nsymbolized frames:\n";
        for (const auto& s : rep.symbolized)
            o << "  " << s << "\n";
    }
    return o.str();
}

void print_summary(std::ostream& os, const Collector& c, const KnownIssues* known) {
    Verdict v = compute_verdict(c, known);
    const RunInfo& ri = c.run_info();
    os << "lab-collect: " << ri.console_lines << " console lines";
    if (ri.qemu_lines)
        os << ", " << ri.qemu_lines << " QEMU log lines";
    os << ", " << ri.boots << " boot" << (ri.boots == 1 ? "" : "s");
    if (!ri.kernel_release.empty())
        os << " (Linux " << ri.kernel_release << ")";
    os << "\n";
    os << "cases: " << c.cases().size() << " (" << v.passed_cases << " passed, " << v.failed_cases
       << " failed, " << v.skipped_cases << " skipped)\n";
    for (const auto& k : c.cases()) {
        auto r = effective(c, k);
        if (r == CaseRecord::Result::fail || r == CaseRecord::Result::error)
            os << "  " << result_name(r) << ": " << k.name << " (status " << k.status << ", "
               << k.reports.size() << " report" << (k.reports.size() == 1 ? "" : "s") << ")\n";
    }
    os << "reports: " << c.reports().size() << " (" << c.unique_reports().size() << " unique, " << v.new_titles
       << " new, " << v.known_titles << " known)\n";
    if (!c.unique_reports().empty()) {
        char b[256];
        std::snprintf(b, sizeof b, "  %3s %5s  %-12s %-24s %-6s %s\n", "#", "count", "kind", "case", "status", "title");
        os << b;
        for (std::size_t u = 0; u < c.unique_reports().size(); ++u) {
            const UniqueReport& ur = c.unique_reports()[u];
            std::string cs = c.reports()[ur.occurrences.front()].case_name;
            if (cs.size() > 24)
                cs = cs.substr(0, 21) + "...";
            std::string st = ur.known ? "known" : "NEW";
            if (ur.all_corrupted)
                st += "*";
            std::snprintf(b, sizeof b, "  %3zu %5zu  %-12s %-24s %-6s ", u + 1, ur.count, kind_name(ur.kind), cs.c_str(),
                          st.c_str());
            os << b << ur.title << "\n";
        }
        bool any_corrupted = false;
        for (const auto& ur : c.unique_reports())
            any_corrupted = any_corrupted || ur.all_corrupted;
        if (any_corrupted)
            os << "  (* every occurrence corrupted: cut by the end of the log or another report)\n";
    }
    if (!v.known_missing.empty()) {
        os << "known issues that did not appear:\n";
        for (const KnownEntry* e : v.known_missing)
            os << "  " << e->pattern << "  (" << e->file << ":" << e->line << ")\n";
    }
    for (const auto& w : ri.warnings)
        os << "warning: " << w << "\n";
    os << "verdict: " << (v.pass() ? "PASS" : "FAIL");
    if (!v.pass())
        os << " (" << v.new_titles << " new report title" << (v.new_titles == 1 ? "" : "s") << ", " << v.failed_cases
           << " failed case" << (v.failed_cases == 1 ? "" : "s") << ")";
    os << "\n";
}

bool write_outputs(const std::string& dir, const Collector& c, const KnownIssues* known, const RunMeta& meta,
                   std::string& error) {
    namespace fs = std::filesystem;
    std::error_code ec;
    fs::create_directories(fs::path(dir) / "reports", ec);
    if (ec) {
        error = "cannot create " + dir + "/reports: " + ec.message();
        return false;
    }
    auto write = [&](const fs::path& p, const std::string& data) {
        std::ofstream out(p, std::ios::binary | std::ios::trunc);
        out << data;
        out.close();
        if (!out) {
            error = "cannot write " + p.string() + ": " + std::strerror(errno);
            return false;
        }
        return true;
    };
    if (!write(fs::path(dir) / "results.json", results_json(c, known, meta)))
        return false;
    if (!write(fs::path(dir) / "junit.xml", junit_xml(c, known, meta)))
        return false;
    for (std::size_t u = 0; u < c.unique_reports().size(); ++u)
        if (!write(fs::path(dir) / report_file_name(u + 1, c.unique_reports()[u].title), report_text(c, u)))
            return false;
    return true;
}

} // namespace collector
