// The nightly matrix: its data (ci/matrix/matrix.json), expanded into cells; the merge of the
// cells' results into one JUnit file, one JSON grid, a text grid and an HTML page; the export
// of LAVA job definitions.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <nlohmann/json.hpp>

#include <stdexcept>
#include <string>
#include <vector>

namespace matrix {

// Bad input (data, options, files): one line, exit 2.
struct Error : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct Cell {
    std::string id;      // "6.12/mips/fixed/seed1" (the merged JUnit's suite prefix)
    std::string dir;     // "6.12_mips_fixed_seed1" (its folder in the results)
    std::string builder; // "ci/6.12/mips/fixed/seed1" (its Buildbot builder)
    std::string kernel, lane, driver;
    unsigned long long seed = 0;
    std::string job, cases;
    std::vector<std::string> params;
    std::string expect = "pass"; // "pass", or "fail" (a zoo entry: the bug must be caught)
    int timeout = 3600;          // seconds a worker gives the cell's run
    std::string row, column;     // grid coordinates
    std::vector<std::string> run_args() const; // ci/lab run options (no --out)
    nlohmann::json to_json() const;
};

struct Profile {
    std::string name, description;
    std::string root; // the lab tree the profile was expanded in
    std::vector<std::string> rows, columns; // axis names
    std::vector<Cell> cells;
    std::vector<std::string> row_keys, column_keys; // in matrix order
    std::string force_fail_cases, force_fail_why;
    nlohmann::json to_json() const;
};

struct Matrix {
    std::string root;  // lab tree (zoo entries, jobs, cases.list)
    std::string file;
    nlohmann::json data;
    std::vector<std::string> profile_names;
    static Matrix load(const std::string& file, const std::string& root);
    Profile profile(const std::string& name) const;
};

// ---- merge ---------------------------------------------------------------------------------
struct MergeOptions {
    std::string results;  // folder with cells/<dir>/ (written by ci/matrix/run-cell)
    std::string previous; // an earlier night's matrix.json, or empty
    std::string run;      // this run's name (default: the results folder's name)
    std::string label;    // free text for the page's header (master, build)
    bool quiet = false;
};
// Writes matrix.json, junit.xml, grid.txt, index.html into results; prints the text grid.
// Returns the number of cells whose outcome is not what they expect (0: all green).
int merge(const Profile& p, const MergeOptions& o);
// The text grid of a merged matrix.json.
std::string text_grid(const nlohmann::json& merged);

// ---- LAVA ----------------------------------------------------------------------------------
struct LavaOptions {
    std::string out;       // folder for <cell dir>.yaml
    std::string artifacts; // base URL the lab serves the build outputs from
    std::string device_type_prefix = "ingenic-lab";
};
int export_lava(const Profile& p, const LavaOptions& o);

// helpers shared by the parts
std::string read_text(const std::string& path); // throws Error
void write_text(const std::string& path, const std::string& text); // atomically (tmp + rename)
bool exists(const std::string& path);
bool glob_match(const std::string& pattern, const std::string& s);

} // namespace matrix
