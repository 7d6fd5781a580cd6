// Merging the cells' results: one JUnit file (each cell's suites prefixed with the cell's id),
// one JSON grid (matrix.json), a text grid (grid.txt, and on stdout) and a static HTML page
// (index.html) linking every cell's reports, console log and screens.
// SPDX-License-Identifier: GPL-2.0-or-later
#include "matrix.hpp"

#include <pugixml.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <dirent.h>
#include <iomanip>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

namespace matrix {

using nlohmann::json;

namespace {

std::string now_utc() {
    std::time_t t = std::time(nullptr);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
    return buf;
}

std::string basename_of(std::string p) {
    while (p.size() > 1 && p.back() == '/')
        p.pop_back();
    auto s = p.rfind('/');
    return s == std::string::npos ? p : p.substr(s + 1);
}

std::vector<std::string> files_in(const std::string& dir, const std::string& suffix) {
    std::vector<std::string> out;
    if (DIR* d = ::opendir(dir.c_str())) {
        while (dirent* e = ::readdir(d)) {
            std::string n = e->d_name;
            if (n.size() > suffix.size() && n.compare(n.size() - suffix.size(), suffix.size(), suffix) == 0)
                out.push_back(n);
        }
        ::closedir(d);
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::string html(const std::string& s) {
    std::string o;
    for (char c : s) {
        switch (c) {
        case '&': o += "&amp;"; break;
        case '<': o += "&lt;"; break;
        case '>': o += "&gt;"; break;
        case '"': o += "&quot;"; break;
        case '\'': o += "&#39;"; break;
        default: o += c;
        }
    }
    return o;
}

// A relative link: every byte outside the unreserved set and '/' percent-encoded.
std::string href(const std::string& path) {
    static const char hex[] = "0123456789ABCDEF";
    std::string o;
    for (unsigned char c : path) {
        if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '/')
            o += static_cast<char>(c);
        else {
            o += '%';
            o += hex[c >> 4];
            o += hex[c & 15];
        }
    }
    return o;
}

std::string mmss(double s) {
    long t = static_cast<long>(s + 0.5);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%ld:%02ld", t / 60, t % 60);
    return buf;
}

struct JunitCounts {
    long tests = 0, failures = 0, errors = 0, skipped = 0;
};

JunitCounts count_cases(const pugi::xml_node& root) {
    JunitCounts c;
    for (auto tc : root.select_nodes(".//testcase")) {
        pugi::xml_node n = tc.node();
        ++c.tests;
        if (n.child("failure"))
            ++c.failures;
        else if (n.child("error"))
            ++c.errors;
        else if (n.child("skipped"))
            ++c.skipped;
    }
    return c;
}

// What one cell left behind, read and judged.
struct CellResult {
    const Cell* cell = nullptr;
    std::string folder; // results/cells/<dir>
    std::string rel;    // cells/<dir>
    json record;        // cell.json
    json results;       // results.json
    json runner;        // runner.json
    pugi::xml_document junit;
    bool has_junit = false;
    JunitCounts tests;
    std::string verdict = "missing"; // pass, fail, error, missing
    std::string reason;
    bool ok = false;
    std::vector<json> new_titles;
    std::vector<std::pair<std::string, std::string>> links; // label, relative path
    std::vector<std::string> screens;                        // relative paths
};

json read_json(const std::string& path, std::string& why) {
    try {
        return json::parse(read_text(path));
    } catch (const std::exception& e) {
        why = path + ": " + e.what();
        return json();
    }
}

void load_cell(CellResult& r, const std::string& results) {
    const Cell& c = *r.cell;
    r.rel = "cells/" + c.dir;
    r.folder = results + "/" + r.rel;
    std::string why;
    if (!exists(r.folder + "/cell.json")) {
        r.verdict = "missing";
        r.reason = exists(r.folder) ? "no cell.json (the cell's run did not finish)" : "the cell did not run";
    } else {
        r.record = read_json(r.folder + "/cell.json", why);
        if (!r.record.is_object()) {
            r.verdict = "error";
            r.reason = "unreadable cell.json: " + why;
        }
    }
    if (exists(r.folder + "/results.json")) {
        r.results = read_json(r.folder + "/results.json", why);
        if (!r.results.is_object())
            r.results = json();
    }
    if (exists(r.folder + "/runner.json")) {
        r.runner = read_json(r.folder + "/runner.json", why);
        if (!r.runner.is_object())
            r.runner = json();
    }
    if (exists(r.folder + "/junit.xml")) {
        pugi::xml_parse_result pr = r.junit.load_file((r.folder + "/junit.xml").c_str());
        r.has_junit = static_cast<bool>(pr);
        if (r.has_junit)
            r.tests = count_cases(r.junit);
    }
    if (r.record.is_object()) {
        int rc = r.record.value("rc", -1);
        std::string verdict = r.results.is_object() ? r.results["summary"].value("verdict", "") : "";
        if (rc == 2 || rc < 0) {
            r.verdict = "error";
            r.reason = rc == 2 ? "bad usage or bad input (exit 2)" : "the run did not report its exit status";
        } else if (verdict.empty()) {
            r.verdict = "error";
            r.reason = "no results.json (exit " + std::to_string(rc) + ")";
        } else if (rc == 0 && verdict == "pass") {
            r.verdict = "pass";
        } else {
            r.verdict = "fail";
            if (verdict == "pass")
                r.reason = "exit " + std::to_string(rc) + " with a clean report collection";
        }
        // the runner's own reason (a hang, QEMU's exit) says more than an exit status
        if (r.runner.is_object() && r.runner.value("ok", true) == false && !r.runner.value("reason", "").empty())
            r.reason = "runner: " + r.runner.value("reason", "");
    }
    r.ok = (r.verdict == "pass" && c.expect == "pass") || (r.verdict == "fail" && c.expect == "fail");

    if (r.results.is_object() && r.results.contains("reports"))
        for (auto& rep : r.results["reports"])
            if (!rep.value("known", false))
                r.new_titles.push_back(json{{"title", rep.value("title", "")},
                                            {"kind", rep.value("kind", "")},
                                            {"count", rep.value("count", 0)},
                                            {"case", rep.value("case", "")},
                                            {"file", rep.contains("file") && rep["file"].is_string()
                                                         ? r.rel + "/" + rep["file"].get<std::string>()
                                                         : std::string()}});
    const std::pair<const char*, const char*> files[] = {
        {"console log", "console.log"},   {"results.json", "results.json"}, {"junit.xml", "junit.xml"},
        {"runner.json", "runner.json"},   {"KTAP", "results.ktap"},         {"QEMU log", "qemu.log"},
        {"QEMU command", "qemu.cmdline"}, {"screen check", "screens/check.txt"}, {"cell.json", "cell.json"},
        {"run log", "run.log"}};
    for (auto& [label, f] : files)
        if (exists(r.folder + "/" + f))
            r.links.emplace_back(label, r.rel + "/" + f);
    for (auto& s : files_in(r.folder + "/screens", ".png"))
        r.screens.push_back(r.rel + "/screens/" + s);
}

json counts_of(const CellResult& r) {
    json s = r.results.is_object() ? r.results.value("summary", json::object()) : json::object();
    json o = json::object();
    for (const char* k : {"cases", "passed", "failed", "errors", "skipped", "reports", "unique_reports", "new_reports",
                          "known_reports", "findings"})
        o[k] = s.value(k, 0);
    return o;
}

std::string cell_text(const CellResult& r) {
    std::string v = r.verdict;
    if (r.cell->expect == "fail")
        v = r.verdict == "fail" ? "caught" : r.verdict == "pass" ? "missed" : r.verdict;
    std::transform(v.begin(), v.end(), v.begin(), ::toupper);
    std::string t = v;
    if (r.results.is_object()) {
        json s = r.results["summary"];
        t += " " + std::to_string(s.value("passed", 0)) + "/" + std::to_string(s.value("cases", 0));
    }
    if (!r.new_titles.empty())
        t += " " + std::to_string(r.new_titles.size()) + " new";
    if (r.record.is_object() && !r.record.value("worker", "").empty())
        t += " @" + r.record.value("worker", "");
    if (!r.ok)
        t += " !";
    return t;
}

std::string css_class(const CellResult& r) {
    if (r.verdict == "missing")
        return "missing";
    if (r.verdict == "error")
        return "error";
    if (r.cell->expect == "fail")
        return r.ok ? "pass caught" : "fail missed";
    return r.verdict;
}

} // namespace

std::string text_grid(const json& m) {
    std::ostringstream o;
    const json& s = m["summary"];
    o << "[matrix] " << m["run"].value("profile", "") << " run " << m["run"].value("id", "") << ": "
      << s.value("cells", 0) << " cells, " << s.value("ok", 0) << " ok, " << s.value("not_ok", 0) << " not ok ("
      << s.value("pass", 0) << " pass, " << s.value("fail", 0) << " fail, " << s.value("error", 0) << " error, "
      << s.value("missing", 0) << " missing); " << s.value("tests", 0) << " tests, " << s.value("failures", 0)
      << " failures; verdict " << s.value("verdict", "") << "\n";
    std::vector<std::string> rows = m["grid"]["row_keys"], cols = m["grid"]["column_keys"];
    std::map<std::pair<std::string, std::string>, std::string> at;
    for (auto& c : m["cells"])
        at[{c["row"], c["column"]}] = c.value("text", "");
    std::size_t w0 = 0;
    for (auto& r : rows)
        w0 = std::max(w0, r.size());
    std::vector<std::size_t> w(cols.size());
    for (std::size_t j = 0; j < cols.size(); ++j) {
        w[j] = cols[j].size();
        for (auto& r : rows)
            w[j] = std::max(w[j], at.count({r, cols[j]}) ? at[{r, cols[j]}].size() : 1);
    }
    auto pad = [](const std::string& t, std::size_t n) { return t + std::string(n > t.size() ? n - t.size() : 0, ' '); };
    {
        std::string line = pad("", w0);
        for (std::size_t j = 0; j < cols.size(); ++j)
            line += "  " + pad(cols[j], w[j]);
        while (!line.empty() && line.back() == ' ')
            line.pop_back();
        o << line << "\n";
    }
    for (auto& r : rows) {
        std::string line = pad(r, w0);
        for (std::size_t j = 0; j < cols.size(); ++j)
            line += "  " + pad(at.count({r, cols[j]}) ? at[{r, cols[j]}] : "-", w[j]);
        while (!line.empty() && line.back() == ' ')
            line.pop_back();
        o << line << "\n";
    }
    if (!m["titles"].empty()) {
        o << "new titles (not in the known-issues lists):\n";
        for (auto& t : m["titles"]) {
            std::string cells;
            for (auto& c : t["cells"])
                cells += (cells.empty() ? "" : ", ") + c.get<std::string>();
            o << "  " << t.value("title", "") << "  [" << cells << "; since " << t.value("since", "")
              << (t.value("new_tonight", false) ? ", new in this run" : "") << "]\n";
        }
    }
    if (m.contains("gone") && !m["gone"].empty()) {
        o << "gone since " << m["run"]["previous"].value("run", "") << ":\n";
        for (auto& t : m["gone"])
            o << "  " << t.value("title", "") << "\n";
    }
    o << "(! = not the cell's expected outcome; cells expecting a failure are bug-zoo entries: CAUGHT or MISSED)\n";
    return o.str();
}

int merge(const Profile& p, const MergeOptions& o) {
    if (!exists(o.results))
        throw Error("no such results folder: " + o.results);
    json previous;
    if (!o.previous.empty()) {
        std::string why;
        previous = read_json(o.previous, why);
        if (!previous.is_object() || previous.value("schema", "") != "ingenic-lab-matrix-results/1")
            throw Error("--previous " + o.previous + " is not a merged matrix.json (schema ingenic-lab-matrix-results/1)" +
                        (why.empty() ? "" : ": " + why));
    }
    const std::string run = o.run.empty() ? basename_of(o.results) : o.run;

    std::vector<CellResult> cells(p.cells.size());
    for (std::size_t i = 0; i < p.cells.size(); ++i) {
        cells[i].cell = &p.cells[i];
        load_cell(cells[i], o.results);
    }

    // ---- JUnit ---------------------------------------------------------------------------
    pugi::xml_document out;
    auto decl = out.append_child(pugi::node_declaration);
    decl.append_attribute("version") = "1.0";
    decl.append_attribute("encoding") = "UTF-8";
    pugi::xml_node suites = out.append_child("testsuites");
    suites.append_attribute("name") = ("ingenic-lab matrix " + p.name + " " + run).c_str();
    JunitCounts total;
    for (auto& r : cells) {
        const Cell& c = *r.cell;
        auto props = [&](pugi::xml_node ts) {
            pugi::xml_node ps = ts.prepend_child("properties");
            auto prop = [&](const char* k, const std::string& v) {
                pugi::xml_node pr = ps.append_child("property");
                pr.append_attribute("name") = k;
                pr.append_attribute("value") = v.c_str();
            };
            prop("cell", c.id);
            prop("verdict", r.verdict);
            prop("expect", c.expect);
            prop("worker", r.record.is_object() ? r.record.value("worker", "") : "");
            prop("builder", c.builder);
        };
        bool has_suite = false;
        if (r.has_junit) {
            for (auto ts : r.junit.select_nodes(".//testsuite")) {
                pugi::xml_node copy = suites.append_copy(ts.node());
                std::string name = copy.attribute("name").as_string();
                copy.attribute("name") ? (void)copy.attribute("name").set_value((c.id + "/" + name).c_str())
                                       : (void)copy.append_attribute("name").set_value(c.id.c_str());
                for (auto tc : copy.select_nodes(".//testcase")) {
                    pugi::xml_attribute cn = tc.node().attribute("classname");
                    std::string v = c.id + (cn ? "/" + std::string(cn.as_string()) : std::string());
                    cn ? (void)cn.set_value(v.c_str()) : (void)tc.node().append_attribute("classname").set_value(v.c_str());
                }
                props(copy);
                has_suite = true;
            }
        }
        // A cell whose outcome is wrong but whose own JUnit shows no failure (it did not run,
        // the run errored, a hang or screen mismatch the collector does not see) gets one test
        // case of its own, so that the merged file carries every red cell.
        JunitCounts own = r.tests;
        bool needs_case = !has_suite || (!r.ok && own.failures + own.errors == 0);
        if (needs_case) {
            pugi::xml_node ts = suites.append_child("testsuite");
            ts.append_attribute("name") = (c.id + "/matrix").c_str();
            pugi::xml_node tc = ts.append_child("testcase");
            tc.append_attribute("classname") = (c.id + "/matrix").c_str();
            tc.append_attribute("name") = "cell";
            if (!r.ok) {
                pugi::xml_node f = tc.append_child(r.verdict == "fail" || r.verdict == "pass" ? "failure" : "error");
                std::string msg = "cell " + c.id + ": " + r.verdict + " (expected " + c.expect + ")" +
                                  (r.reason.empty() ? "" : ": " + r.reason);
                f.append_attribute("message") = msg.c_str();
                f.append_attribute("type") = "matrix-cell";
                f.text() = msg.c_str();
            }
            JunitCounts x = count_cases(ts);
            ts.append_attribute("tests") = x.tests;
            ts.append_attribute("failures") = x.failures;
            ts.append_attribute("errors") = x.errors;
            ts.append_attribute("skipped") = x.skipped;
            props(ts);
        }
    }
    total = count_cases(suites);
    suites.append_attribute("tests") = total.tests;
    suites.append_attribute("failures") = total.failures;
    suites.append_attribute("errors") = total.errors;
    suites.append_attribute("skipped") = total.skipped;
    std::ostringstream xml;
    out.save(xml, "  ", pugi::format_indent, pugi::encoding_utf8);
    write_text(o.results + "/junit.xml", xml.str());

    // ---- titles and history --------------------------------------------------------------
    std::map<std::string, json> prev_titles;
    std::string prev_run;
    if (previous.is_object()) {
        prev_run = previous["run"].value("id", "");
        for (auto& t : previous.value("titles", json::array()))
            prev_titles[t.value("title", "")] = t;
    }
    std::vector<std::string> order;
    std::map<std::string, json> titles;
    for (auto& r : cells)
        for (auto& t : r.new_titles) {
            std::string title = t["title"];
            if (!titles.count(title)) {
                order.push_back(title);
                titles[title] = json{{"title", title}, {"kind", t["kind"]}, {"cells", json::array()},
                                     {"files", json::array()}};
            }
            titles[title]["cells"].push_back(r.cell->id);
            titles[title]["files"].push_back(t["file"]);
        }
    json tl = json::array();
    for (auto& title : order) {
        json t = titles[title];
        if (prev_titles.count(title)) {
            t["since"] = prev_titles[title].value("since", prev_run);
            t["new_tonight"] = false;
        } else {
            t["since"] = run;
            t["new_tonight"] = previous.is_object();
        }
        tl.push_back(t);
    }
    json gone = json::array();
    for (auto& [title, t] : prev_titles)
        if (!titles.count(title))
            gone.push_back(json{{"title", title}, {"cells", t.value("cells", json::array())},
                                {"since", t.value("since", "")}});

    // ---- matrix.json ----------------------------------------------------------------------
    json m;
    m["schema"] = "ingenic-lab-matrix-results/1";
    m["run"] = json{{"id", run},
                    {"profile", p.name},
                    {"description", p.description},
                    {"generated", now_utc()},
                    {"label", o.label},
                    {"previous", previous.is_object() ? json{{"run", prev_run}, {"file", o.previous}} : json()}};
    json summary{{"cells", cells.size()}, {"pass", 0}, {"fail", 0}, {"error", 0}, {"missing", 0},
                 {"ok", 0},              {"not_ok", 0}, {"tests", total.tests}, {"failures", total.failures},
                 {"errors", total.errors}, {"skipped", total.skipped}, {"new_titles", tl.size()}};
    std::set<std::string> workers;
    double seconds = 0;
    json jc = json::array();
    for (auto& r : cells) {
        const Cell& c = *r.cell;
        summary[r.verdict] = summary[r.verdict].get<int>() + 1;
        summary[r.ok ? "ok" : "not_ok"] = summary[r.ok ? "ok" : "not_ok"].get<int>() + 1;
        json x = c.to_json();
        x.erase("run_args");
        x["verdict"] = r.verdict;
        x["ok"] = r.ok;
        x["reason"] = r.reason;
        std::string worker = r.record.is_object() ? r.record.value("worker", "") : "";
        if (!worker.empty())
            workers.insert(worker);
        x["worker"] = worker;
        x["build"] = r.record.is_object() ? r.record.value("build", json()) : json();
        x["rc"] = r.record.is_object() ? r.record.value("rc", -1) : -1;
        x["forced"] = r.record.is_object() ? r.record.value("forced", false) : false;
        double sec = r.record.is_object() ? r.record.value("seconds", 0.0) : 0.0;
        seconds += sec;
        x["seconds"] = sec;
        x["counts"] = counts_of(r);
        x["junit"] = json{{"tests", r.tests.tests}, {"failures", r.tests.failures}, {"errors", r.tests.errors},
                          {"skipped", r.tests.skipped}, {"present", r.has_junit}};
        x["new_titles"] = r.new_titles;
        json links = json::object();
        for (auto& [label, path] : r.links)
            links[label] = path;
        x["links"] = links;
        x["screens"] = r.screens;
        x["text"] = cell_text(r);
        jc.push_back(x);
    }
    summary["verdict"] = summary["not_ok"].get<int>() == 0 ? "pass" : "fail";
    summary["workers"] = std::vector<std::string>(workers.begin(), workers.end());
    summary["cell_seconds"] = seconds;
    m["summary"] = summary;
    m["grid"] = json{{"rows", p.rows}, {"columns", p.columns}, {"row_keys", p.row_keys}, {"column_keys", p.column_keys}};
    m["cells"] = jc;
    m["titles"] = tl;
    m["gone"] = gone;
    write_text(o.results + "/matrix.json", m.dump(2) + "\n");
    const std::string grid = text_grid(m);
    write_text(o.results + "/grid.txt", grid);

    // ---- index.html -----------------------------------------------------------------------
    std::ostringstream h;
    h << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>ingenic-lab matrix "
      << html(p.name) << " " << html(run) << "</title>\n"
      << "<style>\n"
         "body { font: 14px/1.4 sans-serif; margin: 1.5em; color: #222; }\n"
         "table { border-collapse: collapse; margin: 0.5em 0 1.5em; }\n"
         "th, td { border: 1px solid #bbb; padding: 0.3em 0.6em; text-align: left; vertical-align: top; }\n"
         "#grid td.cell { min-width: 11em; }\n"
         "td.pass { background: #c9f2c7; } td.fail { background: #f7c1bd; }\n"
         "td.error { background: #f9d9a6; } td.missing { background: #ddd; } td.empty { color: #999; }\n"
         "td.cell a { font-weight: bold; color: inherit; }\n"
         ".small { font-size: 12px; color: #555; }\n"
         "section.detail { border-top: 2px solid #999; margin-top: 1.5em; padding-top: 0.5em; }\n"
         "section.detail h3 { margin: 0.2em 0; } .badge { padding: 0.1em 0.5em; border-radius: 3px; }\n"
         ".badge.pass { background: #c9f2c7; } .badge.fail { background: #f7c1bd; }\n"
         ".badge.error { background: #f9d9a6; } .badge.missing { background: #ddd; }\n"
         "figure { display: inline-block; margin: 0 0.5em 0.5em 0; } figure img { width: 160px; height: 120px;"
         " image-rendering: pixelated; border: 1px solid #999; }\n"
         "figcaption { font-size: 11px; max-width: 160px; overflow-wrap: anywhere; }\n"
         ".newtag { color: #b00; font-weight: bold; }\n"
         "ul.links { padding: 0; } ul.links li { display: inline; margin-right: 1em; }\n"
         "</style>\n</head>\n";
    h << "<body data-profile=\"" << html(p.name) << "\" data-run=\"" << html(run) << "\" data-cells=\""
      << cells.size() << "\" data-verdict=\"" << html(summary["verdict"].get<std::string>()) << "\">\n";
    h << "<h1>ingenic-lab matrix: " << html(p.name) << " <span class=\"badge "
      << (summary["verdict"] == "pass" ? "pass" : "fail") << "\">" << html(summary["verdict"].get<std::string>())
      << "</span></h1>\n";
    h << "<p>run <b>" << html(run) << "</b>, generated " << html(m["run"]["generated"].get<std::string>());
    if (!o.label.empty())
        h << ", " << html(o.label);
    h << "<br>" << html(p.description) << "<br>" << cells.size() << " cells: " << summary["ok"] << " ok, "
      << summary["not_ok"] << " not ok (" << summary["pass"] << " pass, " << summary["fail"] << " fail, "
      << summary["error"] << " error, " << summary["missing"] << " missing); " << total.tests << " tests, "
      << total.failures << " failures, " << total.errors << " errors; workers: ";
    {
        std::string ws;
        for (auto& w : workers)
            ws += (ws.empty() ? "" : ", ") + w;
        h << html(ws.empty() ? "none" : ws);
    }
    h << "; <a href=\"junit.xml\">merged JUnit</a>, <a href=\"matrix.json\">matrix.json</a>, <a "
         "href=\"grid.txt\">text grid</a>";
    if (previous.is_object())
        h << "; compared with run <b>" << html(prev_run) << "</b>";
    h << "</p>\n";

    // the grid
    h << "<table id=\"grid\">\n<thead><tr><th>" << html([&] {
        std::string s;
        for (auto& a : p.rows)
            s += (s.empty() ? "" : "/") + a;
        std::string t;
        for (auto& a : p.columns)
            t += (t.empty() ? "" : "/") + a;
        return s + " \\ " + t;
    }()) << "</th>";
    for (auto& col : p.column_keys)
        h << "<th>" << html(col) << "</th>";
    h << "</tr></thead>\n<tbody>\n";
    std::map<std::pair<std::string, std::string>, const CellResult*> at;
    for (auto& r : cells)
        at[{r.cell->row, r.cell->column}] = &r;
    for (auto& row : p.row_keys) {
        h << "<tr><th>" << html(row) << "</th>";
        for (auto& col : p.column_keys) {
            auto it = at.find({row, col});
            if (it == at.end()) {
                h << "<td class=\"empty\">&mdash;</td>";
                continue;
            }
            const CellResult& r = *it->second;
            h << "<td class=\"cell " << css_class(r) << "\" data-cell=\"" << html(r.cell->id) << "\" data-verdict=\""
              << html(r.verdict) << "\" data-ok=\"" << (r.ok ? "yes" : "no") << "\"><a href=\"#cell-"
              << html(r.cell->dir) << "\">" << html(cell_text(r)) << "</a>";
            if (r.record.is_object())
                h << "<br><span class=\"small\">" << html(r.cell->job) << (r.cell->cases.empty() ? "" : " " + html(r.cell->cases))
                  << ", " << mmss(r.record.value("seconds", 0.0)) << "</span>";
            h << "</td>";
        }
        h << "</tr>\n";
    }
    h << "</tbody>\n</table>\n";

    // new titles
    h << "<h2>New titles</h2>\n";
    if (tl.empty()) {
        h << "<p id=\"no-titles\">No report title outside the known-issues lists.</p>\n";
    } else {
        h << "<table id=\"titles\">\n<thead><tr><th>title</th><th>kind</th><th>cells</th><th>since</th></tr></thead>\n<tbody>\n";
        for (auto& t : tl) {
            h << "<tr><td>" << html(t["title"].get<std::string>()) << "</td><td>" << html(t["kind"].get<std::string>())
              << "</td><td>";
            for (std::size_t i = 0; i < t["cells"].size(); ++i) {
                std::string id = t["cells"][i], file = t["files"][i];
                std::string dir = id;
                for (auto& r : cells)
                    if (r.cell->id == id)
                        dir = r.cell->dir;
                h << (i ? "<br>" : "") << "<a href=\"#cell-" << html(dir) << "\">" << html(id) << "</a>";
                if (!file.empty())
                    h << " (<a href=\"" << html(href(file)) << "\">report</a>)";
            }
            h << "</td><td>" << html(t["since"].get<std::string>())
              << (t["new_tonight"].get<bool>() ? " <span class=\"newtag\">new in this run</span>" : "") << "</td></tr>\n";
        }
        h << "</tbody>\n</table>\n";
    }
    if (previous.is_object()) {
        h << "<h2>Gone since " << html(prev_run) << "</h2>\n";
        if (gone.empty())
            h << "<p>None: every title of the previous run is still there.</p>\n";
        else {
            h << "<ul id=\"gone\">\n";
            for (auto& g : gone)
                h << "<li>" << html(g["title"].get<std::string>()) << " <span class=\"small\">(since "
                  << html(g["since"].get<std::string>()) << ")</span></li>\n";
            h << "</ul>\n";
        }
    }

    // one section per cell
    h << "<h2>Cells</h2>\n";
    for (auto& r : cells) {
        const Cell& c = *r.cell;
        h << "<section class=\"detail\" id=\"cell-" << html(c.dir) << "\">\n<h3>" << html(c.id) << " <span class=\"badge "
          << (r.ok ? "pass" : r.verdict == "missing" ? "missing" : r.verdict == "error" ? "error" : "fail") << "\">"
          << html(r.verdict) << "</span></h3>\n<p class=\"small\">job " << html(c.job);
        if (!c.cases.empty())
            h << ", cases <code>" << html(c.cases) << "</code>";
        if (c.job == "suite")
            h << ", seed " << c.seed;
        for (auto& pv : c.params)
            h << ", <code>" << html(pv) << "</code>";
        h << ", expected " << html(c.expect) << "; builder <code>" << html(c.builder) << "</code>";
        if (r.record.is_object()) {
            h << ", worker <b>" << html(r.record.value("worker", "")) << "</b>";
            if (r.record.contains("build") && r.record["build"].is_string() && !r.record["build"].get<std::string>().empty())
                h << " build " << html(r.record["build"].get<std::string>());
            h << ", " << mmss(r.record.value("seconds", 0.0)) << ", exit " << r.record.value("rc", -1);
            if (r.record.value("forced", false))
                h << ", <b>forced to fail</b> (cases " << html(p.force_fail_cases) << " added)";
        }
        if (!r.reason.empty())
            h << "<br>" << html(r.reason);
        h << "</p>\n";
        if (r.results.is_object()) {
            json s = r.results["summary"];
            h << "<p>" << s.value("cases", 0) << " cases: " << s.value("passed", 0) << " passed, " << s.value("failed", 0)
              << " failed, " << s.value("errors", 0) << " errors, " << s.value("skipped", 0) << " skipped; "
              << s.value("unique_reports", 0) << " unique reports (" << s.value("new_reports", 0) << " new, "
              << s.value("known_reports", 0) << " known), " << s.value("findings", 0) << " device findings</p>\n";
        }
        if (!r.links.empty()) {
            h << "<ul class=\"links\">";
            for (auto& [label, path] : r.links)
                h << "<li><a href=\"" << html(href(path)) << "\">" << html(label) << "</a></li>";
            h << "</ul>\n";
        }
        if (r.results.is_object() && r.results.contains("reports") && !r.results["reports"].empty()) {
            h << "<h4>Reports</h4>\n<ul class=\"reports\">\n";
            for (auto& rep : r.results["reports"]) {
                std::string file = rep.value("file", "");
                h << "<li>";
                if (!file.empty())
                    h << "<a href=\"" << html(href(r.rel + "/" + file)) << "\">" << html(rep.value("title", "")) << "</a>";
                else
                    h << html(rep.value("title", ""));
                h << " <span class=\"small\">" << html(rep.value("kind", "")) << ", x" << rep.value("count", 0) << ", case "
                  << html(rep.value("case", "")) << (rep.value("known", false) ? ", known" : "") << "</span>"
                  << (rep.value("known", false) ? "" : " <span class=\"newtag\">new</span>") << "</li>\n";
            }
            h << "</ul>\n";
        }
        if (!r.screens.empty()) {
            h << "<h4>Screens</h4>\n<div class=\"screens\">";
            for (auto& s : r.screens)
                h << "<figure><a href=\"" << html(href(s)) << "\"><img src=\"" << html(href(s)) << "\" alt=\""
                  << html(basename_of(s)) << "\"></a><figcaption>" << html(basename_of(s)) << "</figcaption></figure>";
            h << "</div>\n";
        }
        h << "</section>\n";
    }
    // Set once everything has loaded: how many images failed (the page test reads it).
    h << "<script>\nwindow.addEventListener('load', function () {\n"
         "  var broken = 0;\n"
         "  for (var i = 0; i < document.images.length; i++) {\n"
         "    var im = document.images[i];\n"
         "    if (!im.complete || im.naturalWidth === 0) broken++;\n"
         "  }\n"
         "  document.body.setAttribute('data-images', String(document.images.length));\n"
         "  document.body.setAttribute('data-images-broken', String(broken));\n"
         "  document.body.setAttribute('data-rendered', 'yes');\n"
         "});\n</script>\n</body>\n</html>\n";
    write_text(o.results + "/index.html", h.str());

    if (!o.quiet)
        std::cout << grid << std::flush;
    return summary["not_ok"].get<int>();
}

} // namespace matrix
