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

#include <nlohmann/json.hpp>
#include <pugixml.hpp>

namespace collector {

namespace {

using json = nlohmann::ordered_json;

json num(double v) { return v < 0 ? json(nullptr) : json(v); }
json str_or_null(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }

std::string now_utc() {
    std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char b[32];
    std::strftime(b, sizeof b, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return b;
}

std::string fixed6(double v) {
    char b[32];
    std::snprintf(b, sizeof b, "%.6f", v);
    return b;
}

// Case result including its reports: a report not known in this case fails a passing or
// skipped case.
CaseRecord::Result effective(const Collector& c, const CaseRecord& k) {
    if (k.result == CaseRecord::Result::error)
        return k.result;
    for (std::size_t id : k.reports)
        if (!c.reports()[id].known)
            return CaseRecord::Result::fail;
    return k.result;
}

bool pseudo_case(const Report& r) { return r.case_index < 0; }

// Per unique title among `ids`: occurrences, and whether all of them are known.
struct PerTitle {
    std::size_t count = 0;
    bool known = true;
    std::string reason;
};
std::map<std::size_t, PerTitle> per_title(const Collector& c, const std::vector<std::size_t>& ids) {
    std::map<std::size_t, PerTitle> per;
    for (std::size_t id : ids) {
        const Report& r = c.reports()[id];
        PerTitle& p = per[r.unique];
        ++p.count;
        p.known = p.known && r.known;
        if (p.reason.empty())
            p.reason = r.known_reason;
    }
    return per;
}

} // namespace

Verdict compute_verdict(const Collector& c, const KnownIssues* known) {
    Verdict v;
    for (const auto& u : c.unique_reports())
        (u.known ? v.known_titles : v.new_titles)++;
    for (const auto& k : c.cases()) {
        switch (effective(c, k)) {
        case CaseRecord::Result::pass: ++v.passed_cases; break;
        case CaseRecord::Result::skip: ++v.skipped_cases; break;
        default: ++v.failed_cases; break;
        }
    }
    if (known) {
        std::vector<KnownIssues::Seen> seen;
        for (const auto& r : c.reports())
            seen.push_back({r.title, r.case_name, r.machine_stopped});
        std::vector<std::string> ran;
        for (const auto& k : c.cases())
            ran.push_back(k.name);
        if (c.run_info().console_lines > 0)
            ran.push_back(kCaseBoot);
        if (!c.cases().empty())
            ran.push_back(kCaseBetween);
        v.known_missing = known->unmatched(seen, ran);
    }
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

namespace {

json run_json(const Collector& c, const RunMeta& meta) {
    const RunInfo& ri = c.run_info();
    json run;
    run["tool"] = "lab-collect";
    run["generated"] = now_utc();
    run["suite"] = meta.suite;
    run["lane"] = meta.lane;
    run["kernel"] = meta.kernel;
    run["console_log"] = meta.console_log;
    run["qemu_log"] = str_or_null(meta.qemu_log);
    run["vmlinux"] = str_or_null(meta.vmlinux);
    run["modules"] = str_or_null(meta.modules_dir);
    run["known_issues"] = meta.known_files;
    run["kernel_release"] = str_or_null(ri.kernel_release);
    run["boots"] = ri.boots;
    run["console_bytes"] = ri.console_bytes;
    run["console_lines"] = ri.console_lines;
    run["qemu_lines"] = ri.qemu_lines;
    run["timestamps"] = ri.timestamps;
    run["caller_ids"] = ri.caller_ids;
    run["symbolizer"] = str_or_null(ri.symbolizer);
    run["log_ended_in_report"] = ri.log_ended_in_report;
    run["warnings"] = ri.warnings;
    return run;
}

json summary_json(const Collector& c, const Verdict& v) {
    std::size_t corrupted_unique = 0, errors = 0, failed = 0;
    for (const auto& u : c.unique_reports())
        corrupted_unique += u.all_corrupted ? 1 : 0;
    for (const auto& k : c.cases()) {
        auto r = effective(c, k);
        errors += r == CaseRecord::Result::error;
        failed += r == CaseRecord::Result::fail;
    }
    json sum;
    sum["verdict"] = v.pass() ? "pass" : "fail";
    sum["cases"] = c.cases().size();
    sum["passed"] = v.passed_cases;
    sum["failed"] = failed;
    sum["errors"] = errors;
    sum["skipped"] = v.skipped_cases;
    sum["reports"] = c.reports().size();
    sum["unique_reports"] = c.unique_reports().size();
    sum["new_reports"] = v.new_titles;
    sum["known_reports"] = v.known_titles;
    sum["corrupted_reports"] = corrupted_unique;
    sum["findings"] = c.findings().size();
    return sum;
}

json case_json(const Collector& c, const CaseRecord& k) {
    json jc;
    jc["name"] = k.name;
    jc["status"] = k.status;
    jc["result"] = result_name(effective(c, k));
    jc["status_result"] = result_name(k.result);
    jc["ended"] = k.ended;
    jc["boot"] = k.boot;
    jc["begin_line"] = k.begin_line;
    jc["end_line"] = k.end_line;
    jc["begin_time"] = num(k.begin_time);
    jc["end_time"] = num(k.end_time);
    jc["duration"] = k.begin_time >= 0 && k.end_time >= k.begin_time ? num(k.end_time - k.begin_time) : json();
    json reps = json::array();
    for (auto& [u, p] : per_title(c, k.reports))
        reps.push_back({{"id", u + 1}, {"title", c.unique_reports()[u].title}, {"count", p.count}, {"known", p.known}});
    jc["reports"] = std::move(reps);
    return jc;
}

// Unique report u: its title and where it was seen, with the representative's details.
json report_json(const Collector& c, std::size_t u) {
    const UniqueReport& ur = c.unique_reports()[u];
    const Report& rep = c.reports()[ur.representative];
    const Report& first = c.reports()[ur.occurrences.front()];
    std::map<std::string, std::size_t> per_case;
    std::vector<std::string> order;
    std::size_t corrupted_occ = 0;
    json occ = json::array();
    for (std::size_t id : ur.occurrences) {
        const Report& r = c.reports()[id];
        if (!per_case.count(r.case_name))
            order.push_back(r.case_name);
        per_case[r.case_name]++;
        corrupted_occ += r.corrupted;
        occ.push_back({{"case", r.case_name}, {"line", r.line}, {"time", num(r.time)}, {"boot", r.boot},
                       {"corrupted", r.corrupted}, {"known", r.known}});
    }
    json jr;
    jr["id"] = u + 1;
    jr["title"] = ur.title;
    jr["kind"] = kind_name(ur.kind);
    jr["count"] = ur.count;
    jr["known"] = ur.known;
    jr["known_reason"] = ur.known ? json(ur.known_reason) : json();
    jr["case"] = first.case_name;
    json jcases = json::array();
    for (const auto& n : order)
        jcases.push_back({{"name", n}, {"count", per_case[n]}});
    jr["cases"] = std::move(jcases);
    jr["source"] = rep.source;
    jr["first_line"] = first.line;
    jr["time"] = num(first.time);
    jr["boot"] = first.boot;
    jr["corrupted"] = ur.all_corrupted;
    jr["corrupted_reason"] = rep.corrupted ? json(rep.corrupted_reason) : json();
    jr["corrupted_occurrences"] = corrupted_occ;
    jr["frame"] = str_or_null(rep.frame);
    json details = json::object();
    for (const auto& [k, val] : rep.details)
        details[k] = val;
    jr["details"] = std::move(details);
    json first_lines = json::array();
    for (const auto& l : rep.lines) {
        if (first_lines.size() == 12)
            break;
        first_lines.push_back(std::string(l.text()));
    }
    jr["first_lines"] = std::move(first_lines);
    jr["file"] = report_file_name(u + 1, ur.title);
    jr["occurrences"] = std::move(occ);
    return jr;
}

json findings_json(const Collector& c) {
    json findings = json::array();
    for (const Finding& f : c.findings())
        findings.push_back({{"device", f.device}, {"kind", f.kind}, {"detail", f.detail}, {"case", f.case_name},
                            {"line", f.line}, {"time", num(f.time)}, {"further_suppressed", f.further_suppressed},
                            {"report", c.reports()[f.report].unique + 1}});
    return findings;
}

json known_missing_json(const Verdict& v) {
    json missing = json::array();
    for (const KnownEntry* e : v.known_missing) {
        json m = {{"pattern", e->pattern}, {"reason", e->reason}, {"file", e->file}, {"line", e->line}};
        if (!e->cases.empty())
            m["cases"] = e->cases;
        missing.push_back(std::move(m));
    }
    return missing;
}

} // namespace

std::string results_json(const Collector& c, const KnownIssues* known, const RunMeta& meta) {
    Verdict v = compute_verdict(c, known);
    json j;
    j["schema"] = "ingenic-lab-results/1";
    j["run"] = run_json(c, meta);
    j["summary"] = summary_json(c, v);
    json cases = json::array();
    for (const CaseRecord& k : c.cases())
        cases.push_back(case_json(c, k));
    j["cases"] = std::move(cases);
    json reports = json::array();
    for (std::size_t u = 0; u < c.unique_reports().size(); ++u)
        reports.push_back(report_json(c, u));
    j["reports"] = std::move(reports);
    j["findings"] = findings_json(c);
    j["known_missing"] = known_missing_json(v);
    // The console is bytes; cleaned lines are valid UTF-8, but be safe with anything else.
    return j.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

namespace {

// One JUnit test case: a case of the run, or "boot" for every report outside a case.
struct TestCase {
    std::string name;
    double time = -1;
    std::string failure, error, skipped, out;
};

// The reports' titles, one a line, with their counts, known reasons and files.
std::string report_list(const Collector& c, const std::vector<std::size_t>& ids, bool only_new) {
    std::string s;
    for (auto& [u, p] : per_title(c, ids)) {
        const UniqueReport& ur = c.unique_reports()[u];
        if (only_new && p.known)
            continue;
        s += ur.title + (p.count > 1 ? " (x" + std::to_string(p.count) + ")" : "") +
             (p.known ? " [known: " + p.reason + "]" : "") + " -> " + report_file_name(u + 1, ur.title) + "\n";
    }
    return s;
}

// "boot": every report outside a case (boot, between cases, unattributed findings).
TestCase boot_case(const Collector& c) {
    TestCase t;
    t.name = "boot";
    std::vector<std::size_t> ids;
    for (const auto& r : c.reports())
        if (pseudo_case(r))
            ids.push_back(r.id);
    std::string nw = report_list(c, ids, true);
    if (!nw.empty())
        t.failure = nw;
    t.out = report_list(c, ids, false);
    return t;
}

TestCase run_case(const Collector& c, const CaseRecord& k) {
    TestCase t;
    t.name = k.name;
    if (k.begin_time >= 0 && k.end_time >= k.begin_time)
        t.time = k.end_time - k.begin_time;
    std::string nw = report_list(c, k.reports, true);
    t.out = report_list(c, k.reports, false);
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
    return t;
}

void set_counts(pugi::xml_node n, const std::vector<TestCase>& tcs) {
    std::size_t fails = 0, errs = 0, skips = 0;
    for (auto& t : tcs) {
        fails += !t.failure.empty();
        errs += !t.error.empty();
        skips += !t.skipped.empty();
    }
    n.append_attribute("tests") = static_cast<unsigned long long>(tcs.size());
    n.append_attribute("failures") = static_cast<unsigned long long>(fails);
    n.append_attribute("errors") = static_cast<unsigned long long>(errs);
    n.append_attribute("skipped") = static_cast<unsigned long long>(skips);
}

void append_case(pugi::xml_node ts, const std::string& suite, const TestCase& t) {
    auto first_line = [](const std::string& s) { return s.substr(0, s.find('\n')); };
    pugi::xml_node tc = ts.append_child("testcase");
    tc.append_attribute("classname") = suite.c_str();
    tc.append_attribute("name") = t.name.c_str();
    if (t.time >= 0)
        tc.append_attribute("time") = fixed6(t.time).c_str();
    if (!t.error.empty()) {
        pugi::xml_node e = tc.append_child("error");
        e.append_attribute("message") = first_line(t.error).c_str();
        e.append_attribute("type") = "case";
        e.text() = t.error.c_str();
    }
    if (!t.failure.empty()) {
        pugi::xml_node f = tc.append_child("failure");
        f.append_attribute("message") = first_line(t.failure).c_str();
        f.append_attribute("type") = "kernel-report";
        f.text() = t.failure.c_str();
    }
    if (!t.skipped.empty())
        tc.append_child("skipped").append_attribute("message") = t.skipped.c_str();
    if (!t.out.empty())
        tc.append_child("system-out").text() = t.out.c_str();
}

} // namespace

std::string junit_xml(const Collector& c, const KnownIssues* known, const RunMeta& meta) {
    (void)known;
    std::vector<TestCase> tcs{boot_case(c)};
    for (const auto& k : c.cases())
        tcs.push_back(run_case(c, k));
    double total = 0;
    for (auto& t : tcs)
        total += t.time > 0 ? t.time : 0;
    std::string suite = meta.suite;
    if (!meta.lane.empty())
        suite += "." + meta.lane;
    if (!meta.kernel.empty())
        suite += "-" + meta.kernel;

    pugi::xml_document doc;
    pugi::xml_node decl = doc.append_child(pugi::node_declaration);
    decl.append_attribute("version") = "1.0";
    decl.append_attribute("encoding") = "UTF-8";
    pugi::xml_node suites = doc.append_child("testsuites");
    suites.append_attribute("name") = meta.suite.c_str();
    set_counts(suites, tcs);
    pugi::xml_node ts = suites.append_child("testsuite");
    ts.append_attribute("name") = suite.c_str();
    set_counts(ts, tcs);
    ts.append_attribute("time") = fixed6(total).c_str();
    for (auto& t : tcs)
        append_case(ts, suite, t);
    std::ostringstream o;
    doc.save(o, "  ", pugi::format_indent, pugi::encoding_utf8);
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
        o << ", time " << fixed6(first.time);
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
