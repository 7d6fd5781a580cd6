// The matrix data: load ci/matrix/matrix.json, check it, expand a profile into cells.
// SPDX-License-Identifier: GPL-2.0-or-later
#include "matrix.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <dirent.h>
#include <fnmatch.h>
#include <fstream>
#include <set>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

namespace matrix {

using nlohmann::json;

std::string read_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw Error("cannot read " + path + ": " + std::strerror(errno));
    std::ostringstream o;
    o << in.rdbuf();
    return o.str();
}

void write_text(const std::string& path, const std::string& text) {
    std::string tmp = path + ".tmp";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        if (!out)
            throw Error("cannot write " + tmp + ": " + std::strerror(errno));
        out << text;
        if (!out.flush())
            throw Error("cannot write " + tmp + ": " + std::strerror(errno));
    }
    if (std::rename(tmp.c_str(), path.c_str()) != 0)
        throw Error("cannot rename " + tmp + " to " + path + ": " + std::strerror(errno));
}

bool exists(const std::string& path) {
    struct stat st;
    return ::stat(path.c_str(), &st) == 0;
}

bool glob_match(const std::string& pattern, const std::string& s) {
    return ::fnmatch(pattern.c_str(), s.c_str(), 0) == 0;
}

namespace {

const char* const kAxes[] = {"kernel", "lane", "driver", "seed"};

std::vector<std::string> list_dir(const std::string& dir, const std::string& suffix) {
    std::vector<std::string> out;
    DIR* d = ::opendir(dir.c_str());
    if (!d)
        return out;
    while (dirent* e = ::readdir(d)) {
        std::string n = e->d_name;
        if (n.size() > suffix.size() && n.compare(n.size() - suffix.size(), suffix.size(), suffix) == 0)
            out.push_back(n.substr(0, n.size() - suffix.size()));
    }
    ::closedir(d);
    std::sort(out.begin(), out.end());
    return out;
}

std::string where(const std::string& profile, const std::string& what) {
    return "profile '" + profile + "': " + what;
}

void only_keys(const json& obj, const std::set<std::string>& allowed, const std::string& what) {
    if (!obj.is_object())
        throw Error(what + " must be an object");
    for (auto& [k, v] : obj.items()) {
        (void)v;
        if (!allowed.count(k)) {
            std::string list;
            for (auto& a : allowed)
                list += (list.empty() ? "" : ", ") + a;
            throw Error(what + ": unknown key '" + k + "' (" + list + ")");
        }
    }
}

std::string seed_label(unsigned long long s) { return "seed" + std::to_string(s); }

// An axis value as the match rules and labels see it.
std::string axis_value(const Cell& c, const std::string& axis) {
    if (axis == "kernel")
        return c.kernel;
    if (axis == "lane")
        return c.lane;
    if (axis == "driver")
        return c.driver;
    return std::to_string(c.seed);
}
std::string axis_label(const Cell& c, const std::string& axis) {
    return axis == "seed" ? seed_label(c.seed) : axis_value(c, axis);
}

// A match object: {"driver": "zoo/*", "kernel": ["6.1", "latest"], "seed": 1}; every key given
// must match (globs for strings, equality for seeds).
bool matches(const json& m, const Cell& c) {
    for (auto& [axis, want] : m.items()) {
        std::string v = axis_value(c, axis);
        bool any = false;
        auto one = [&](const json& w) {
            if (w.is_number_unsigned())
                return std::to_string(w.get<unsigned long long>()) == v;
            return w.is_string() && glob_match(w.get<std::string>(), v);
        };
        if (want.is_array()) {
            for (auto& w : want)
                any = any || one(w);
        } else {
            any = one(want);
        }
        if (!any)
            return false;
    }
    return true;
}

void check_match(const json& m, const std::string& what) {
    only_keys(m, {"kernel", "lane", "driver", "seed"}, what);
    for (auto& [axis, want] : m.items()) {
        auto ok = [&](const json& w) { return w.is_string() || (axis == "seed" && w.is_number_unsigned()); };
        bool good = want.is_array() ? !want.empty() && std::all_of(want.begin(), want.end(), ok) : ok(want);
        if (!good)
            throw Error(what + ": '" + axis + "' must be a value or a list of values" +
                        (axis == "seed" ? "" : " (globs allowed)"));
    }
}

// Zoo-Cases: of a bug-zoo entry's patch header (the lines before the first '---').
std::string zoo_cases(const std::string& root, const std::string& driver) {
    std::string path = root + "/guest-driver/patches/" + driver + ".patch";
    std::istringstream in(read_text(path));
    std::string line, cases;
    while (std::getline(in, line) && line != "---") {
        if (line.rfind("Zoo-Cases:", 0) == 0) {
            for (char ch : line.substr(10))
                if (ch != ' ' && ch != '\t')
                    cases += ch;
        }
    }
    if (cases.empty())
        throw Error(path + ": no Zoo-Cases: line in its header");
    return cases;
}

// Whether a bug-zoo entry expects a report on the lane: a Zoo-Expect: line without a lane
// prefix, or with "<lane>: ".
bool zoo_expects_on(const std::string& root, const std::string& driver, const std::string& lane) {
    std::istringstream in(read_text(root + "/guest-driver/patches/" + driver + ".patch"));
    std::string line;
    while (std::getline(in, line) && line != "---") {
        if (line.rfind("Zoo-Expect:", 0) != 0)
            continue;
        std::string e = line.substr(11);
        e.erase(0, e.find_first_not_of(" \t"));
        bool prefixed = e.rfind("mips:", 0) == 0 || e.rfind("kasan:", 0) == 0;
        if (!prefixed || e.rfind(lane + ":", 0) == 0)
            return true;
    }
    return false;
}

} // namespace

std::vector<std::string> Cell::run_args() const {
    std::vector<std::string> a{"--lane", lane, "--kernel", kernel, "--driver", driver, "--job", job};
    if (job == "suite") {
        if (!cases.empty())
            a.insert(a.end(), {"--cases", cases});
        a.insert(a.end(), {"--seed", std::to_string(seed)});
    }
    for (auto& p : params)
        a.insert(a.end(), {"--param", p});
    return a;
}

json Cell::to_json() const {
    return json{{"id", id},         {"dir", dir},       {"builder", builder}, {"kernel", kernel},
                {"lane", lane},     {"driver", driver}, {"seed", seed},       {"job", job},
                {"cases", cases},   {"params", params}, {"expect", expect},   {"timeout", timeout},
                {"row", row},       {"column", column}, {"run_args", run_args()}};
}

json Profile::to_json() const {
    json cs = json::array();
    for (auto& c : cells)
        cs.push_back(c.to_json());
    return json{{"profile", name},
                {"description", description},
                {"grid", {{"rows", rows}, {"columns", columns}, {"row_keys", row_keys}, {"column_keys", column_keys}}},
                {"force_fail", {{"cases", force_fail_cases}, {"why", force_fail_why}}},
                {"cells", cs}};
}

Matrix Matrix::load(const std::string& file, const std::string& root) {
    Matrix m;
    m.file = file;
    m.root = root;
    try {
        m.data = json::parse(read_text(file));
    } catch (const json::parse_error& e) {
        throw Error(file + ": not JSON: " + e.what());
    }
    const json& d = m.data;
    only_keys(d, {"schema", "comment", "axes", "profiles"}, file);
    if (d.value("schema", "") != "ingenic-lab-matrix/1")
        throw Error(file + ": schema must be \"ingenic-lab-matrix/1\"");
    if (!d.contains("axes") || !d["axes"].is_object())
        throw Error(file + ": no 'axes' object");
    only_keys(d["axes"], {"kernel", "lane", "driver", "seed"}, file + ": axes");
    for (const char* a : kAxes) {
        const json& v = d["axes"].value(a, json());
        if (!v.is_array() || v.empty())
            throw Error(file + ": axes." + a + " must be a non-empty list");
        for (auto& x : v) {
            if (std::string(a) == "seed" ? !x.is_number_unsigned() : !x.is_string())
                throw Error(file + ": axes." + a + ": " + x.dump() + " is not " +
                            (std::string(a) == "seed" ? "a seed (0..2^64-1)" : "a string"));
        }
    }
    for (auto& k : d["axes"]["kernel"])
        if (k != "6.1" && k != "6.12" && k != "latest")
            throw Error(file + ": axes.kernel: unknown kernel " + k.dump() + " (6.1, 6.12, latest)");
    for (auto& l : d["axes"]["lane"])
        if (l != "mips" && l != "kasan")
            throw Error(file + ": axes.lane: unknown lane " + l.dump() + " (mips, kasan)");
    if (!d.contains("profiles") || !d["profiles"].is_object() || d["profiles"].empty())
        throw Error(file + ": no 'profiles'");
    for (auto& [name, p] : d["profiles"].items()) {
        (void)p;
        m.profile_names.push_back(name);
    }
    return m;
}

namespace {

// An axis's own values ("zoo/*" expanded from guest-driver/patches/zoo/); every driver known.
std::vector<json> axis_values(const json& data, const std::string& axis, const std::string& root,
                              const std::string& file) {
    std::vector<std::string> zoo = list_dir(root + "/guest-driver/patches/zoo", ".patch");
    std::vector<json> all;
    for (auto& v : data["axes"][axis]) {
        if (axis == "driver" && v.get<std::string>().find_first_of("*?[") != std::string::npos) {
            for (auto& z : zoo)
                if (glob_match(v.get<std::string>(), "zoo/" + z))
                    all.push_back("zoo/" + z);
        } else {
            all.push_back(v);
        }
    }
    if (axis == "driver")
        for (auto& v : all) {
            std::string dv = v.get<std::string>();
            bool known = dv == "mainline" || dv == "fixed" ||
                         (dv.rfind("zoo/", 0) == 0 && exists(root + "/guest-driver/patches/" + dv + ".patch"));
            if (!known)
                throw Error(file + ": axes.driver: unknown driver '" + dv + "' (mainline, fixed, zoo/NAME)");
        }
    return all;
}

// The profile's selection of an axis's values ("*" or a list of values or globs), in the
// axis's order.
std::vector<json> select_values(const std::string& name, const std::string& axis, const std::vector<json>& all,
                                const json& sel) {
    if (sel.is_string() && sel == "*")
        return all;
    if (!sel.is_array() || sel.empty())
        throw Error(where(name, "'" + axis + "' must be \"*\" or a non-empty list"));
    std::set<std::size_t> picked;
    for (auto& s : sel) {
        bool hit = false;
        for (std::size_t i = 0; i < all.size(); ++i) {
            const json& v = all[i];
            bool m = axis == "seed" ? (s.is_number_unsigned() && s == v)
                                    : (s.is_string() && glob_match(s.get<std::string>(), v.get<std::string>()));
            if (m) {
                picked.insert(i);
                hit = true;
            }
        }
        if (!hit)
            throw Error(where(name, axis + " " + s.dump() + " is not a value of axes." + axis));
    }
    std::vector<json> out;
    for (std::size_t i : picked)
        out.push_back(all[i]);
    return out;
}

// Grid layout: every axis with more than one value is a row or a column axis.
void read_grid(const std::string& name, const json& p, const std::vector<std::vector<json>>& values,
               Profile& out) {
    const json grid = p.value("grid", json{{"rows", {"kernel", "lane", "driver"}}, {"columns", {"seed"}}});
    only_keys(grid, {"rows", "columns"}, where(name, "grid"));
    std::set<std::string> seen;
    for (auto* part : {&out.rows, &out.columns}) {
        const json& l = grid.value(part == &out.rows ? "rows" : "columns", json::array());
        if (!l.is_array())
            throw Error(where(name, "grid rows and columns must be lists of axis names"));
        for (auto& a : l) {
            std::string s = a.is_string() ? a.get<std::string>() : a.dump();
            if (s != "kernel" && s != "lane" && s != "driver" && s != "seed")
                throw Error(where(name, "grid: '" + s + "' is not an axis (kernel, lane, driver, seed)"));
            if (!seen.insert(s).second)
                throw Error(where(name, "grid: axis '" + s + "' given twice"));
            part->push_back(s);
        }
    }
    for (int i = 0; i < 4; ++i)
        if (values[i].size() > 1 && !seen.count(kAxes[i]))
            throw Error(where(name, std::string("grid: axis '") + kAxes[i] + "' has " +
                                        std::to_string(values[i].size()) + " values but is neither a row nor a column"));
}

void check_jobs_rule(const std::string& name, const json& r, const std::string& root) {
    only_keys(r, {"match", "job", "cases", "cases_from", "params", "expect", "timeout"}, where(name, "jobs rule"));
    if (r.contains("match"))
        check_match(r["match"], where(name, "jobs rule match"));
    if (!r.contains("job") || !r["job"].is_string())
        throw Error(where(name, "a jobs rule has no 'job'"));
    std::string j = r["job"];
    if (!exists(root + "/images/rootfs/lab/jobs/" + j))
        throw Error(where(name, "unknown job '" + j + "' (images/rootfs/lab/jobs/)"));
    if (r.contains("cases") && (!r["cases"].is_string() || r["cases"].get<std::string>().empty() ||
                                r["cases"].get<std::string>().find_first_of(" \t") != std::string::npos))
        throw Error(where(name, "'cases' must be a case pattern without spaces"));
    if (r.contains("cases_from") && r["cases_from"] != "zoo")
        throw Error(where(name, "'cases_from' can only be \"zoo\" (the entry's Zoo-Cases:)"));
    if (r.contains("cases") && r.contains("cases_from"))
        throw Error(where(name, "a jobs rule has both 'cases' and 'cases_from'"));
    if ((r.contains("cases") || r.contains("cases_from")) && j != "suite")
        throw Error(where(name, "cases apply to the suite job, not '" + j + "'"));
    if (r.contains("params")) {
        if (!r["params"].is_array())
            throw Error(where(name, "'params' must be a list of KEY=VALUE"));
        for (auto& pv : r["params"])
            if (!pv.is_string() || pv.get<std::string>().find('=') == std::string::npos ||
                pv.get<std::string>().find_first_of(" \t") != std::string::npos)
                throw Error(where(name, "param " + pv.dump() + " is not KEY=VALUE"));
    }
    if (r.contains("expect") && r["expect"] != "pass" && r["expect"] != "fail")
        throw Error(where(name, "'expect' must be \"pass\" or \"fail\""));
    if (r.contains("timeout") && (!r["timeout"].is_number_unsigned() || r["timeout"] < 60 || r["timeout"] > 86400))
        throw Error(where(name, "'timeout' must be 60..86400 seconds"));
}

// The cell's job, cases and parameters from its rule; false: the cell does not exist (a zoo
// entry that only the other lane can see).
bool apply_rule(const std::string& name, const json& rule, const std::string& root, Cell& c) {
    c.job = rule["job"];
    if (rule.contains("cases"))
        c.cases = rule["cases"];
    else if (rule.contains("cases_from")) {
        if (c.driver.rfind("zoo/", 0) != 0)
            throw Error(where(name, "cell " + c.id + ": cases_from \"zoo\" needs a zoo driver"));
        // an entry only one lane can see (Zoo-Expect: kasan: ...) has no cell on the other
        if (!zoo_expects_on(root, c.driver, c.lane))
            return false;
        c.cases = zoo_cases(root, c.driver);
    }
    for (auto& pv : rule.value("params", json::array()))
        c.params.push_back(pv);
    c.expect = rule.value("expect", "pass");
    c.timeout = rule.value("timeout", 3600);
    return true;
}

void push_unique(std::vector<std::string>& v, const std::string& s) {
    if (std::find(v.begin(), v.end(), s) == v.end())
        v.push_back(s);
}

// The cells of the cross product that no exclusion drops, each with the first rule that
// matches it.
void make_cells(const std::string& name, const std::vector<std::vector<json>>& values, const json& exclude,
                const json& jobs, const std::string& root, Profile& out) {
    for (auto& k : values[0])
        for (auto& l : values[1])
            for (auto& dr : values[2])
                for (auto& s : values[3]) {
                    Cell c;
                    c.kernel = k;
                    c.lane = l;
                    c.driver = dr;
                    c.seed = s.get<unsigned long long>();
                    if (std::any_of(exclude.begin(), exclude.end(), [&](const json& e) { return matches(e, c); }))
                        continue;
                    auto rule = std::find_if(jobs.begin(), jobs.end(), [&](const json& r) {
                        return !r.contains("match") || matches(r["match"], c);
                    });
                    c.id = c.kernel + "/" + c.lane + "/" + c.driver + "/" + seed_label(c.seed);
                    if (rule == jobs.end())
                        throw Error(where(name, "no jobs rule matches cell " + c.id));
                    std::string drv = c.driver;
                    std::replace(drv.begin(), drv.end(), '/', '-');
                    c.dir = c.kernel + "_" + c.lane + "_" + drv + "_" + seed_label(c.seed);
                    c.builder = name + "/" + c.id;
                    if (!apply_rule(name, *rule, root, c))
                        continue;
                    for (auto* part : {&out.rows, &out.columns}) {
                        std::string key;
                        for (auto& a : *part)
                            key += (key.empty() ? "" : "/") + axis_label(c, a);
                        (part == &out.rows ? c.row : c.column) = key.empty() ? "-" : key;
                    }
                    push_unique(out.row_keys, c.row);
                    push_unique(out.column_keys, c.column);
                    out.cells.push_back(std::move(c));
                }
}

} // namespace

Profile Matrix::profile(const std::string& name) const {
    if (!data["profiles"].contains(name)) {
        std::string list;
        for (auto& n : profile_names)
            list += (list.empty() ? "" : ", ") + n;
        throw Error("unknown profile '" + name + "' (" + list + ")");
    }
    const json& p = data["profiles"][name];
    only_keys(p, {"description", "kernel", "lane", "driver", "seed", "grid", "exclude", "jobs", "force_fail"},
              where(name, "profile"));
    Profile out;
    out.name = name;
    out.root = root;
    out.description = p.value("description", "");

    std::vector<std::vector<json>> values(4);
    for (int i = 0; i < 4; ++i)
        values[i] = select_values(name, kAxes[i], axis_values(data, kAxes[i], root, file), p.value(kAxes[i], json("*")));
    read_grid(name, p, values, out);

    const json exclude = p.value("exclude", json::array());
    if (!exclude.is_array())
        throw Error(where(name, "'exclude' must be a list of match objects"));
    for (auto& e : exclude)
        check_match(e, where(name, "exclude"));
    const json jobs = p.value("jobs", json::array());
    if (!jobs.is_array() || jobs.empty())
        throw Error(where(name, "'jobs' must be a non-empty list of rules"));
    for (auto& r : jobs)
        check_jobs_rule(name, r, root);
    if (p.contains("force_fail")) {
        only_keys(p["force_fail"], {"cases", "why"}, where(name, "force_fail"));
        out.force_fail_cases = p["force_fail"].value("cases", "");
        out.force_fail_why = p["force_fail"].value("why", "");
        if (out.force_fail_cases.empty() || out.force_fail_cases.find(' ') != std::string::npos)
            throw Error(where(name, "force_fail.cases must be a case pattern without spaces"));
    }

    make_cells(name, values, exclude, jobs, root, out);
    if (out.cells.empty())
        throw Error(where(name, "selects no cell"));
    std::set<std::string> pos;
    for (auto& c : out.cells)
        if (!pos.insert(c.row + "\n" + c.column).second)
            throw Error(where(name, "grid: two cells share row '" + c.row + "' and column '" + c.column + "'"));
    return out;
}

} // namespace matrix
