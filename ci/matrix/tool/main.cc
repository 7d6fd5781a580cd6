// lab-matrix: the nightly matrix's data and results (ci/matrix/README.md).
//
//   lab-matrix profiles  --matrix FILE
//   lab-matrix cells     --matrix FILE --profile P [--json | --force-fail CELL]
//                        (lines: ID, EXPECT, then the ci/lab run options, tab-separated)
//   lab-matrix cell      --matrix FILE --profile P --id CELL
//   lab-matrix builds    --matrix FILE --profile P
//   lab-matrix merge     --matrix FILE --profile P --results DIR [--previous MATRIX_JSON]
//                        [--run NAME] [--label TEXT] [--quiet]
//   lab-matrix record    --matrix FILE --profile P --id CELL --out DIR --rc N --seconds S
//                        [--worker NAME] [--build N] [--forced] [--started ISO]
//                        (writes DIR/cell.json: what ci/matrix/run-cell ran and how it ended)
//   lab-matrix grid      MATRIX_JSON
//   lab-matrix lava      --matrix FILE --profile P --out DIR --artifacts URL [--device-type-prefix S]
//
// --root DIR (any command): the lab tree (default: two folders above the matrix file).
// Exit: 0 done (merge: every cell has its expected outcome), 1 merge: some cell has not,
// 2 bad usage or bad input (one line on stderr).
// SPDX-License-Identifier: GPL-2.0-or-later
#include "matrix.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <iostream>
#include <map>
#include <set>

namespace {

const char kUsage[] =
    "usage: lab-matrix profiles --matrix FILE\n"
    "       lab-matrix cells    --matrix FILE --profile P [--json | --force-fail CELL]\n"
    "       lab-matrix cell     --matrix FILE --profile P --id CELL\n"
    "       lab-matrix builds   --matrix FILE --profile P\n"
    "       lab-matrix merge    --matrix FILE --profile P --results DIR [--previous MATRIX_JSON]\n"
    "                           [--run NAME] [--label TEXT] [--quiet]\n"
    "       lab-matrix record   --matrix FILE --profile P --id CELL --out DIR --rc N --seconds S\n"
    "                           [--worker NAME] [--build N] [--forced] [--started ISO]\n"
    "       lab-matrix grid     MATRIX_JSON\n"
    "       lab-matrix lava     --matrix FILE --profile P --out DIR --artifacts URL\n"
    "                           [--device-type-prefix S]\n"
    "  --root DIR: the lab tree (default: two folders above the matrix file)\n";

[[noreturn]] void bad(const std::string& msg) {
    std::cerr << "lab-matrix: " << msg << "\n";
    std::exit(2);
}

std::string parent(std::string p) {
    auto s = p.rfind('/');
    if (s == std::string::npos)
        return ".";
    return s == 0 ? "/" : p.substr(0, s);
}

// The command line: the command, its options (value or flag) and its positional arguments.
struct Args {
    std::string cmd;
    std::map<std::string, std::string> opt;
    std::vector<std::string> pos;
    bool has(const std::string& name) const { return opt.count(name) > 0; }
    // An option's value, or the fallback when it was not given.
    std::string get(const std::string& name, const std::string& fallback = "") const {
        auto it = opt.find(name);
        return it == opt.end() ? fallback : it->second;
    }
    // A required option's value; METAVAR names its value in the message.
    std::string need(const std::string& name, const std::string& metavar = "") const {
        if (!has(name))
            bad(cmd + ": " + name + (metavar.empty() ? "" : " " + metavar) + " is required");
        return opt.at(name);
    }
};

// The command line, parsed by CLI11: one subcommand per command, each taking the options below
// (a command checks for the ones it needs with Args::need) and positional arguments.
Args parse_args(int argc, char** argv) {
    static const char* const commands[] = {"profiles", "cells", "cell", "builds", "merge", "grid", "lava", "record"};
    static const char* const with_value[] = {"--matrix", "--profile", "--id", "--results", "--previous", "--run",
                                             "--label", "--out", "--artifacts", "--root", "--device-type-prefix",
                                             "--rc", "--seconds", "--worker", "--build", "--started", "--force-fail"};
    static const char* const flags[] = {"--json", "--quiet", "--forced"};
    Args a;
    CLI::App app("lab-matrix", "lab-matrix");
    app.set_help_flag("-h,--help");
    app.require_subcommand(1);
    for (const char* name : commands) {
        CLI::App* sub = app.add_subcommand(name);
        sub->set_help_flag();
        sub->callback([&a, sub] { a.cmd = sub->get_name(); });
        for (const char* o : with_value)
            sub->add_option_function<std::string>(o, [&a, o](const std::string& v) { a.opt[o] = v; })->expected(1);
        for (const char* f : flags)
            sub->add_flag_callback(f, [&a, f] { a.opt[f] = "1"; });
        sub->add_option("args", a.pos);
    }
    if (argc > 1 && argv[1][0] != '-' &&
        std::find(std::begin(commands), std::end(commands), std::string(argv[1])) == std::end(commands))
        bad("unknown command '" + std::string(argv[1]) + "' (profiles, cells, cell, builds, merge, grid, lava, record)");
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp&) {
        std::cout << kUsage;
        std::exit(0);
    } catch (const CLI::RequiredError&) {
        bad("no command (profiles, cells, cell, builds, merge, grid, lava, record; --help)");
    } catch (const CLI::ParseError& e) {
        bad(std::string(e.what()) + " (lab-matrix --help)");
    }
    return a;
}

int cmd_grid(const Args& a) {
    if (a.pos.size() != 1)
        bad("grid: one MATRIX_JSON expected");
    nlohmann::json m;
    try {
        m = nlohmann::json::parse(matrix::read_text(a.pos[0]));
    } catch (const nlohmann::json::exception& e) {
        throw matrix::Error(a.pos[0] + ": " + e.what());
    }
    if (!m.is_object() || m.value("schema", "") != "ingenic-lab-matrix-results/1")
        throw matrix::Error(a.pos[0] + " is not a merged matrix.json (schema ingenic-lab-matrix-results/1)");
    std::cout << matrix::text_grid(m);
    return 0;
}

std::string joined_names(const matrix::Matrix& mx) {
    std::string l;
    for (auto& n : mx.profile_names)
        l += (l.empty() ? "" : ", ") + n;
    return l;
}

// ID, EXPECT, then the ci/lab run options; --force-fail CELL adds the profile's force_fail
// cases to that cell's selection.
int cmd_cells(const Args& a, const matrix::Profile& p) {
    if (a.has("--json")) {
        std::cout << p.to_json().dump(2) << "\n";
        return 0;
    }
    std::string force = a.get("--force-fail");
    if (!force.empty() && p.force_fail_cases.empty())
        throw matrix::Error("profile '" + p.name + "' has no force_fail cases");
    bool hit = force.empty();
    for (auto c : p.cells) {
        if (c.id == force) {
            c.cases = c.cases.empty() ? p.force_fail_cases : c.cases + "," + p.force_fail_cases;
            if (c.job != "suite")
                throw matrix::Error("cell " + c.id + " runs job '" + c.job + "': only a suite cell can be forced to fail");
            hit = true;
        }
        std::cout << c.id << "\t" << c.expect;
        for (auto& arg : c.run_args())
            std::cout << "\t" << arg;
        std::cout << "\n";
    }
    if (!hit)
        throw matrix::Error("--force-fail: profile '" + p.name + "' has no cell '" + force + "'");
    return 0;
}

const matrix::Cell& find_cell(const matrix::Profile& p, const std::string& id) {
    for (auto& c : p.cells)
        if (c.id == id)
            return c;
    throw matrix::Error("profile '" + p.name + "' has no cell '" + id + "'");
}

// DIR/cell.json: what ci/matrix/run-cell ran and how it ended.
int cmd_record(const Args& a, const matrix::Profile& p) {
    for (const char* k : {"--id", "--out", "--rc", "--seconds"})
        a.need(k);
    const matrix::Cell& cell = find_cell(p, a.get("--id"));
    int rc;
    double seconds;
    try {
        rc = std::stoi(a.get("--rc"));
        seconds = std::stod(a.get("--seconds"));
    } catch (const std::exception&) {
        bad("record: --rc and --seconds must be numbers");
    }
    nlohmann::json r = cell.to_json();
    r["schema"] = "ingenic-lab-matrix-cell/1";
    r["profile"] = p.name;
    r["rc"] = rc;
    r["seconds"] = seconds;
    r["worker"] = a.get("--worker");
    r["build"] = a.has("--build") ? nlohmann::json(a.get("--build")) : nlohmann::json();
    r["forced"] = a.has("--forced");
    if (r["forced"])
        r["forced_cases"] = p.force_fail_cases;
    r["started"] = a.get("--started");
    matrix::write_text(a.get("--out") + "/cell.json", r.dump(2) + "\n");
    return 0;
}

int cmd_builds(const matrix::Profile& p) {
    std::set<std::string> seen;
    for (auto& c : p.cells) {
        std::string t = c.lane + " " + c.kernel + " " + c.driver;
        if (seen.insert(t).second)
            std::cout << t << "\n";
    }
    return 0;
}

int cmd_merge(const Args& a, const matrix::Profile& p) {
    matrix::MergeOptions mo;
    mo.results = a.need("--results", "DIR");
    mo.previous = a.get("--previous");
    mo.run = a.get("--run");
    mo.label = a.get("--label");
    mo.quiet = a.has("--quiet");
    return matrix::merge(p, mo) == 0 ? 0 : 1;
}

int cmd_lava(const Args& a, const matrix::Profile& p) {
    matrix::LavaOptions lo;
    lo.out = a.need("--out", "DIR");
    lo.artifacts = a.get("--artifacts");
    if (a.has("--device-type-prefix"))
        lo.device_type_prefix = a.get("--device-type-prefix");
    matrix::export_lava(p, lo);
    return 0;
}

// Every command but grid works on a matrix file and (but profiles) one of its profiles.
int run(const Args& a) {
    if (a.cmd == "grid")
        return cmd_grid(a);
    if (!a.pos.empty())
        bad(a.cmd + ": unexpected argument '" + a.pos[0] + "'");
    if (!a.has("--matrix"))
        bad(a.cmd + ": --matrix FILE is required");
    std::string file = a.get("--matrix");
    std::string root = a.get("--root", parent(parent(parent(file))));
    if (!matrix::exists(root + "/guest-driver") || !matrix::exists(root + "/images"))
        throw matrix::Error(root + " is not the lab tree (no guest-driver/ and images/); give --root");
    matrix::Matrix mx = matrix::Matrix::load(file, root);
    if (a.cmd == "profiles") {
        for (auto& n : mx.profile_names) {
            matrix::Profile p = mx.profile(n);
            std::cout << n << "\t" << p.cells.size() << " cells\t" << p.description << "\n";
        }
        return 0;
    }
    if (!a.has("--profile"))
        bad(a.cmd + ": --profile P is required (" + joined_names(mx) + ")");
    matrix::Profile p = mx.profile(a.get("--profile"));
    if (a.cmd == "cells")
        return cmd_cells(a, p);
    if (a.cmd == "cell") {
        if (!a.has("--id"))
            bad("cell: --id CELL is required");
        std::cout << find_cell(p, a.get("--id")).to_json().dump(2) << "\n";
        return 0;
    }
    if (a.cmd == "record")
        return cmd_record(a, p);
    if (a.cmd == "builds")
        return cmd_builds(p);
    if (a.cmd == "merge")
        return cmd_merge(a, p);
    return cmd_lava(a, p);
}

} // namespace

int main(int argc, char** argv) {
    const Args a = parse_args(argc, argv);
    try {
        return run(a);
    } catch (const matrix::Error& e) {
        bad(e.what());
    } catch (const std::exception& e) {
        bad(std::string("internal error: ") + e.what());
    }
}
