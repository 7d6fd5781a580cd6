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

} // namespace

int main(int argc, char** argv) {
    if (argc < 2)
        bad("no command (profiles, cells, cell, builds, merge, grid, lava; --help)");
    std::string cmd = argv[1];
    if (cmd == "-h" || cmd == "--help") {
        std::cout << kUsage;
        return 0;
    }
    static const std::set<std::string> commands{"profiles", "cells", "cell", "builds", "merge", "grid", "lava", "record"};
    if (!commands.count(cmd))
        bad("unknown command '" + cmd + "' (profiles, cells, cell, builds, merge, grid, lava, record)");
    // options with values; flags
    static const std::set<std::string> with_value{"--matrix", "--profile", "--id", "--results", "--previous", "--run",
                                                  "--label", "--out", "--artifacts", "--root", "--device-type-prefix",
                                                  "--rc", "--seconds", "--worker", "--build", "--started", "--force-fail"};
    static const std::set<std::string> flags{"--json", "--quiet", "--forced"};
    std::map<std::string, std::string> opt;
    std::vector<std::string> pos;
    for (int i = 2; i < argc; ++i) {
        std::string a = argv[i];
        if (with_value.count(a)) {
            if (i + 1 >= argc || std::string(argv[i + 1]).rfind("--", 0) == 0)
                bad(cmd + ": " + a + " needs a value");
            opt[a] = argv[++i];
        } else if (flags.count(a)) {
            opt[a] = "1";
        } else if (a.rfind("--", 0) == 0) {
            bad(cmd + ": unknown option '" + a + "' (lab-matrix --help)");
        } else {
            pos.push_back(a);
        }
    }
    // An option's value, or the fallback when it was not given.
    auto arg = [&opt](const std::string& name, const std::string& fallback = "") {
        auto it = opt.find(name);
        return it == opt.end() ? fallback : it->second;
    };
    try {
        if (cmd == "grid") {
            if (pos.size() != 1)
                bad("grid: one MATRIX_JSON expected");
            nlohmann::json m;
            try {
                m = nlohmann::json::parse(matrix::read_text(pos[0]));
            } catch (const nlohmann::json::exception& e) {
                throw matrix::Error(pos[0] + ": " + e.what());
            }
            if (!m.is_object() || m.value("schema", "") != "ingenic-lab-matrix-results/1")
                throw matrix::Error(pos[0] + " is not a merged matrix.json (schema ingenic-lab-matrix-results/1)");
            std::cout << matrix::text_grid(m);
            return 0;
        }
        if (!pos.empty())
            bad(cmd + ": unexpected argument '" + pos[0] + "'");
        if (!opt.count("--matrix"))
            bad(cmd + ": --matrix FILE is required");
        std::string file = opt["--matrix"];
        std::string root = arg("--root", parent(parent(parent(file))));
        if (!matrix::exists(root + "/guest-driver") || !matrix::exists(root + "/images"))
            throw matrix::Error(root + " is not the lab tree (no guest-driver/ and images/); give --root");
        matrix::Matrix mx = matrix::Matrix::load(file, root);
        if (cmd == "profiles") {
            for (auto& n : mx.profile_names) {
                matrix::Profile p = mx.profile(n);
                std::cout << n << "\t" << p.cells.size() << " cells\t" << p.description << "\n";
            }
            return 0;
        }
        if (!opt.count("--profile"))
            bad(cmd + ": --profile P is required (" + [&] {
                std::string l;
                for (auto& n : mx.profile_names)
                    l += (l.empty() ? "" : ", ") + n;
                return l;
            }() + ")");
        matrix::Profile p = mx.profile(opt["--profile"]);
        if (cmd == "cells") {
            if (opt.count("--json")) {
                std::cout << p.to_json().dump(2) << "\n";
                return 0;
            }
            // ID, EXPECT, then the ci/lab run options; --force-fail CELL adds the profile's
            // force_fail cases to that cell's selection.
            std::string force = arg("--force-fail");
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
                for (auto& a : c.run_args())
                    std::cout << "\t" << a;
                std::cout << "\n";
            }
            if (!hit)
                throw matrix::Error("--force-fail: profile '" + p.name + "' has no cell '" + force + "'");
            return 0;
        }
        if (cmd == "cell") {
            if (!opt.count("--id"))
                bad("cell: --id CELL is required");
            for (auto& c : p.cells)
                if (c.id == opt["--id"]) {
                    std::cout << c.to_json().dump(2) << "\n";
                    return 0;
                }
            throw matrix::Error("profile '" + p.name + "' has no cell '" + opt["--id"] + "'");
        }
        if (cmd == "record") {
            for (const char* k : {"--id", "--out", "--rc", "--seconds"})
                if (!opt.count(k))
                    bad(std::string("record: ") + k + " is required");
            const matrix::Cell* cell = nullptr;
            for (auto& c : p.cells)
                if (c.id == opt["--id"])
                    cell = &c;
            if (!cell)
                throw matrix::Error("profile '" + p.name + "' has no cell '" + opt["--id"] + "'");
            int rc;
            double seconds;
            try {
                rc = std::stoi(opt["--rc"]);
                seconds = std::stod(opt["--seconds"]);
            } catch (const std::exception&) {
                bad("record: --rc and --seconds must be numbers");
            }
            nlohmann::json r = cell->to_json();
            r["schema"] = "ingenic-lab-matrix-cell/1";
            r["profile"] = p.name;
            r["rc"] = rc;
            r["seconds"] = seconds;
            r["worker"] = arg("--worker");
            r["build"] = opt.count("--build") ? nlohmann::json(opt["--build"]) : nlohmann::json();
            r["forced"] = opt.count("--forced") > 0;
            if (r["forced"])
                r["forced_cases"] = p.force_fail_cases;
            r["started"] = arg("--started");
            matrix::write_text(opt["--out"] + "/cell.json", r.dump(2) + "\n");
            return 0;
        }
        if (cmd == "builds") {
            std::set<std::string> seen;
            for (auto& c : p.cells) {
                std::string t = c.lane + " " + c.kernel + " " + c.driver;
                if (seen.insert(t).second)
                    std::cout << t << "\n";
            }
            return 0;
        }
        if (cmd == "merge") {
            if (!opt.count("--results"))
                bad("merge: --results DIR is required");
            matrix::MergeOptions mo;
            mo.results = opt["--results"];
            mo.previous = arg("--previous");
            mo.run = arg("--run");
            mo.label = arg("--label");
            mo.quiet = opt.count("--quiet") > 0;
            return matrix::merge(p, mo) == 0 ? 0 : 1;
        }
        if (cmd == "lava") {
            if (!opt.count("--out"))
                bad("lava: --out DIR is required");
            matrix::LavaOptions lo;
            lo.out = opt["--out"];
            lo.artifacts = arg("--artifacts");
            if (opt.count("--device-type-prefix"))
                lo.device_type_prefix = opt["--device-type-prefix"];
            matrix::export_lava(p, lo);
            return 0;
        }
    } catch (const matrix::Error& e) {
        bad(e.what());
    } catch (const std::exception& e) {
        bad(std::string("internal error: ") + e.what());
    }
    return 0;
}
