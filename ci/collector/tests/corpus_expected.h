// The corpus's expectations (tests/corpus/expected.txt): one line per report a capture must
// give, "CAPTURE<TAB>KIND<TAB>TITLE[<TAB>corrupted]" ("corrupted": the kernel printed it without
// what its title needs), '#' comments and blank lines skipped. Shared by the corpus tests and
// the title-accuracy benchmark.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace corpus_expected {

struct Expected {
    std::string kind, title;
    bool corrupted = false;
};

// CAPTURE -> its expected reports. Throws std::runtime_error naming the file (and the line) if
// the file cannot be read or a line has fewer than three fields.
inline std::map<std::string, std::vector<Expected>> read(const std::filesystem::path& file) {
    std::ifstream in(file);
    if (!in)
        throw std::runtime_error("cannot read " + file.string());
    std::map<std::string, std::vector<Expected>> m;
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#')
            continue;
        std::vector<std::string> f;
        std::stringstream ls(line);
        for (std::string x; std::getline(ls, x, '\t');)
            f.push_back(x);
        if (f.size() < 3)
            throw std::runtime_error(file.string() + ": bad line: " + line);
        m[f[0]].push_back({f[1], f[2], f.size() > 3 && f[3] == "corrupted"});
    }
    return m;
}

} // namespace corpus_expected
