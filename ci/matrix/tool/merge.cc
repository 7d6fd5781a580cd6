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

namespace {

json load_previous(const MergeOptions& o) {
    if (o.previous.empty())
        return json();
    std::string why;
    json previous = read_json(o.previous, why);
    if (!previous.is_object() || previous.value("schema", "") != "ingenic-lab-matrix-results/1")
        throw Error("--previous " + o.previous + " is not a merged matrix.json (schema ingenic-lab-matrix-results/1)" +
                    (why.empty() ? "" : ": " + why));
    return previous;
}

// ---- JUnit -------------------------------------------------------------------------------

void set_counts(pugi::xml_node n, const JunitCounts& x) {
    n.append_attribute("tests") = x.tests;
    n.append_attribute("failures") = x.failures;
    n.append_attribute("errors") = x.errors;
    n.append_attribute("skipped") = x.skipped;
}

void cell_properties(pugi::xml_node ts, const CellResult& r) {
    pugi::xml_node ps = ts.prepend_child("properties");
    auto prop = [&](const char* k, const std::string& v) {
        pugi::xml_node pr = ps.append_child("property");
        pr.append_attribute("name") = k;
        pr.append_attribute("value") = v.c_str();
    };
    prop("cell", r.cell->id);
    prop("verdict", r.verdict);
    prop("expect", r.cell->expect);
    prop("worker", r.record.is_object() ? r.record.value("worker", "") : "");
    prop("builder", r.cell->builder);
}

// The cell's own test suites, with names and class names prefixed by the cell's id; whether
// it had any.
bool copy_cell_suites(pugi::xml_node suites, const CellResult& r) {
    if (!r.has_junit)
        return false;
    const std::string& id = r.cell->id;
    bool any = false;
    for (auto ts : r.junit.select_nodes(".//testsuite")) {
        pugi::xml_node copy = suites.append_copy(ts.node());
        std::string name = copy.attribute("name").as_string();
        copy.attribute("name") ? (void)copy.attribute("name").set_value((id + "/" + name).c_str())
                               : (void)copy.append_attribute("name").set_value(id.c_str());
        for (auto tc : copy.select_nodes(".//testcase")) {
            pugi::xml_attribute cn = tc.node().attribute("classname");
            std::string v = id + (cn ? "/" + std::string(cn.as_string()) : std::string());
            cn ? (void)cn.set_value(v.c_str()) : (void)tc.node().append_attribute("classname").set_value(v.c_str());
        }
        cell_properties(copy, r);
        any = true;
    }
    return any;
}

// One test case that carries the cell's verdict.
void add_cell_case(pugi::xml_node suites, const CellResult& r) {
    const Cell& c = *r.cell;
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
    set_counts(ts, count_cases(ts));
    cell_properties(ts, r);
}

// junit.xml: every cell's suites; the totals.
JunitCounts write_junit(const Profile& p, const std::string& run, const std::vector<CellResult>& cells,
                        const std::string& path) {
    pugi::xml_document out;
    auto decl = out.append_child(pugi::node_declaration);
    decl.append_attribute("version") = "1.0";
    decl.append_attribute("encoding") = "UTF-8";
    pugi::xml_node suites = out.append_child("testsuites");
    suites.append_attribute("name") = ("ingenic-lab matrix " + p.name + " " + run).c_str();
    for (auto& r : cells) {
        bool has_suite = copy_cell_suites(suites, r);
        // A cell whose outcome is wrong but whose own JUnit shows no failure (it did not run,
        // the run errored, a hang or screen mismatch the collector does not see) gets one test
        // case of its own, so that the merged file carries every red cell.
        if (!has_suite || (!r.ok && r.tests.failures + r.tests.errors == 0))
            add_cell_case(suites, r);
    }
    JunitCounts total = count_cases(suites);
    set_counts(suites, total);
    std::ostringstream xml;
    out.save(xml, "  ", pugi::format_indent, pugi::encoding_utf8);
    write_text(path, xml.str());
    return total;
}

// ---- titles and history ------------------------------------------------------------------

struct Titles {
    json list = json::array(); // this run's new titles: cells, files, since
    json gone = json::array(); // titles of the previous run that are not here
};

Titles title_history(const std::vector<CellResult>& cells, const json& previous, const std::string& run) {
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
    Titles out;
    for (auto& title : order) {
        json t = titles[title];
        if (prev_titles.count(title)) {
            t["since"] = prev_titles[title].value("since", prev_run);
            t["new_tonight"] = false;
        } else {
            t["since"] = run;
            t["new_tonight"] = previous.is_object();
        }
        out.list.push_back(t);
    }
    for (auto& [title, t] : prev_titles)
        if (!titles.count(title))
            out.gone.push_back(json{{"title", title}, {"cells", t.value("cells", json::array())},
                                    {"since", t.value("since", "")}});
    return out;
}

// ---- matrix.json -------------------------------------------------------------------------

json cell_json(const CellResult& r) {
    json x = r.cell->to_json();
    x.erase("run_args");
    x["verdict"] = r.verdict;
    x["ok"] = r.ok;
    x["reason"] = r.reason;
    const bool rec = r.record.is_object();
    x["worker"] = rec ? r.record.value("worker", "") : "";
    x["build"] = rec ? r.record.value("build", json()) : json();
    x["rc"] = rec ? r.record.value("rc", -1) : -1;
    x["forced"] = rec ? r.record.value("forced", false) : false;
    x["seconds"] = rec ? r.record.value("seconds", 0.0) : 0.0;
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
    return x;
}

json merged_json(const Profile& p, const MergeOptions& o, const std::string& run, const json& previous,
                 const std::vector<CellResult>& cells, const JunitCounts& total, const Titles& titles) {
    json m;
    m["schema"] = "ingenic-lab-matrix-results/1";
    json prev = previous.is_object() ? json{{"run", previous["run"].value("id", "")}, {"file", o.previous}} : json();
    m["run"] = json{{"id", run},           {"profile", p.name}, {"description", p.description},
                    {"generated", now_utc()}, {"label", o.label}, {"previous", prev}};
    json summary{{"cells", cells.size()}, {"pass", 0}, {"fail", 0}, {"error", 0}, {"missing", 0},
                 {"ok", 0},              {"not_ok", 0}, {"tests", total.tests}, {"failures", total.failures},
                 {"errors", total.errors}, {"skipped", total.skipped}, {"new_titles", titles.list.size()}};
    std::set<std::string> workers;
    double seconds = 0;
    json jc = json::array();
    for (auto& r : cells) {
        summary[r.verdict] = summary[r.verdict].get<int>() + 1;
        summary[r.ok ? "ok" : "not_ok"] = summary[r.ok ? "ok" : "not_ok"].get<int>() + 1;
        json x = cell_json(r);
        if (!x["worker"].get<std::string>().empty())
            workers.insert(x["worker"].get<std::string>());
        seconds += x["seconds"].get<double>();
        jc.push_back(x);
    }
    summary["verdict"] = summary["not_ok"].get<int>() == 0 ? "pass" : "fail";
    summary["workers"] = std::vector<std::string>(workers.begin(), workers.end());
    summary["cell_seconds"] = seconds;
    m["summary"] = summary;
    m["grid"] = json{{"rows", p.rows}, {"columns", p.columns}, {"row_keys", p.row_keys}, {"column_keys", p.column_keys}};
    m["cells"] = jc;
    m["titles"] = titles.list;
    m["gone"] = titles.gone;
    return m;
}

// ---- index.html --------------------------------------------------------------------------

const char* page_style =
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
    "ul.links { padding: 0; } ul.links li { display: inline; margin-right: 1em; }\n";

// Set once everything has loaded: how many images failed (the page test reads it).
const char* page_script =
    "<script>\nwindow.addEventListener('load', function () {\n"
    "  var broken = 0;\n"
    "  for (var i = 0; i < document.images.length; i++) {\n"
    "    var im = document.images[i];\n"
    "    if (!im.complete || im.naturalWidth === 0) broken++;\n"
    "  }\n"
    "  document.body.setAttribute('data-images', String(document.images.length));\n"
    "  document.body.setAttribute('data-images-broken', String(broken));\n"
    "  document.body.setAttribute('data-rendered', 'yes');\n"
    "});\n</script>\n";

std::string joined(const std::vector<std::string>& v, const std::string& sep) {
    std::string s;
    for (auto& a : v)
        s += (s.empty() ? "" : sep) + a;
    return s;
}

void html_header(std::ostream& h, const Profile& p, const json& m) {
    const json& s = m["summary"];
    const std::string run = m["run"]["id"], verdict = s["verdict"], label = m["run"]["label"];
    h << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>ingenic-lab matrix "
      << html(p.name) << " " << html(run) << "</title>\n<style>\n" << page_style << "</style>\n</head>\n";
    h << "<body data-profile=\"" << html(p.name) << "\" data-run=\"" << html(run) << "\" data-cells=\"" << s["cells"]
      << "\" data-verdict=\"" << html(verdict) << "\">\n";
    h << "<h1>ingenic-lab matrix: " << html(p.name) << " <span class=\"badge " << (verdict == "pass" ? "pass" : "fail")
      << "\">" << html(verdict) << "</span></h1>\n";
    h << "<p>run <b>" << html(run) << "</b>, generated " << html(m["run"]["generated"].get<std::string>());
    if (!label.empty())
        h << ", " << html(label);
    h << "<br>" << html(p.description) << "<br>" << s["cells"] << " cells: " << s["ok"] << " ok, " << s["not_ok"]
      << " not ok (" << s["pass"] << " pass, " << s["fail"] << " fail, " << s["error"] << " error, " << s["missing"]
      << " missing); " << s["tests"] << " tests, " << s["failures"] << " failures, " << s["errors"]
      << " errors; workers: ";
    std::string ws = joined(s["workers"].get<std::vector<std::string>>(), ", ");
    h << html(ws.empty() ? "none" : ws);
    h << "; <a href=\"junit.xml\">merged JUnit</a>, <a href=\"matrix.json\">matrix.json</a>, <a "
         "href=\"grid.txt\">text grid</a>";
    if (m["run"]["previous"].is_object())
        h << "; compared with run <b>" << html(m["run"]["previous"]["run"].get<std::string>()) << "</b>";
    h << "</p>\n";
}

void html_grid(std::ostream& h, const Profile& p, const std::vector<CellResult>& cells) {
    h << "<table id=\"grid\">\n<thead><tr><th>" << html(joined(p.rows, "/") + " \\ " + joined(p.columns, "/"))
      << "</th>";
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
}

void html_titles(std::ostream& h, const json& m, const std::vector<CellResult>& cells) {
    const json& tl = m["titles"];
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
    if (!m["run"]["previous"].is_object())
        return;
    h << "<h2>Gone since " << html(m["run"]["previous"]["run"].get<std::string>()) << "</h2>\n";
    if (m["gone"].empty()) {
        h << "<p>None: every title of the previous run is still there.</p>\n";
        return;
    }
    h << "<ul id=\"gone\">\n";
    for (auto& g : m["gone"])
        h << "<li>" << html(g["title"].get<std::string>()) << " <span class=\"small\">(since "
          << html(g["since"].get<std::string>()) << ")</span></li>\n";
    h << "</ul>\n";
}

// The line under a cell's heading: its job, parameters, builder and worker.
void html_cell_about(std::ostream& h, const Profile& p, const CellResult& r) {
    const Cell& c = *r.cell;
    h << "<p class=\"small\">job " << html(c.job);
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
}

void html_cell_summary(std::ostream& h, const CellResult& r) {
    if (!r.results.is_object())
        return;
    json s = r.results["summary"];
    h << "<p>" << s.value("cases", 0) << " cases: " << s.value("passed", 0) << " passed, " << s.value("failed", 0)
      << " failed, " << s.value("errors", 0) << " errors, " << s.value("skipped", 0) << " skipped; "
      << s.value("unique_reports", 0) << " unique reports (" << s.value("new_reports", 0) << " new, "
      << s.value("known_reports", 0) << " known), " << s.value("findings", 0) << " device findings</p>\n";
}

void html_cell_reports(std::ostream& h, const CellResult& r) {
    if (!r.results.is_object() || !r.results.contains("reports") || r.results["reports"].empty())
        return;
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

void html_cell(std::ostream& h, const Profile& p, const CellResult& r) {
    const Cell& c = *r.cell;
    h << "<section class=\"detail\" id=\"cell-" << html(c.dir) << "\">\n<h3>" << html(c.id) << " <span class=\"badge "
      << (r.ok ? "pass" : r.verdict == "missing" ? "missing" : r.verdict == "error" ? "error" : "fail") << "\">"
      << html(r.verdict) << "</span></h3>\n";
    html_cell_about(h, p, r);
    html_cell_summary(h, r);
    if (!r.links.empty()) {
        h << "<ul class=\"links\">";
        for (auto& [label, path] : r.links)
            h << "<li><a href=\"" << html(href(path)) << "\">" << html(label) << "</a></li>";
        h << "</ul>\n";
    }
    html_cell_reports(h, r);
    if (!r.screens.empty()) {
        h << "<h4>Screens</h4>\n<div class=\"screens\">";
        for (auto& s : r.screens)
            h << "<figure><a href=\"" << html(href(s)) << "\"><img src=\"" << html(href(s)) << "\" alt=\""
              << html(basename_of(s)) << "\"></a><figcaption>" << html(basename_of(s)) << "</figcaption></figure>";
        h << "</div>\n";
    }
    h << "</section>\n";
}

std::string html_page(const Profile& p, const json& m, const std::vector<CellResult>& cells) {
    std::ostringstream h;
    html_header(h, p, m);
    html_grid(h, p, cells);
    html_titles(h, m, cells);
    h << "<h2>Cells</h2>\n";
    for (auto& r : cells)
        html_cell(h, p, r);
    h << page_script << "</body>\n</html>\n";
    return h.str();
}

} // namespace

int merge(const Profile& p, const MergeOptions& o) {
    if (!exists(o.results))
        throw Error("no such results folder: " + o.results);
    const json previous = load_previous(o);
    const std::string run = o.run.empty() ? basename_of(o.results) : o.run;

    std::vector<CellResult> cells(p.cells.size());
    for (std::size_t i = 0; i < p.cells.size(); ++i) {
        cells[i].cell = &p.cells[i];
        load_cell(cells[i], o.results);
    }
    const JunitCounts total = write_junit(p, run, cells, o.results + "/junit.xml");
    const json m = merged_json(p, o, run, previous, cells, total, title_history(cells, previous, run));
    write_text(o.results + "/matrix.json", m.dump(2) + "\n");
    const std::string grid = text_grid(m);
    write_text(o.results + "/grid.txt", grid);
    write_text(o.results + "/index.html", html_page(p, m, cells));
    if (!o.quiet)
        std::cout << grid << std::flush;
    return m["summary"]["not_ok"].get<int>();
}

} // namespace matrix
