// SPDX-License-Identifier: GPL-2.0-or-later
#include "helpers.h"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace testutil {

std::string data_dir() {
    const char* env = std::getenv("COLLECTOR_TEST_DATA");
    return env && *env ? env : COLLECTOR_TEST_DATA;
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw std::runtime_error("cannot read " + path);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::string data(const std::string& name) { return read_file(data_dir() + "/" + name); }

std::unique_ptr<collector::Collector> collect(const std::string& text, collector::Options opt, std::size_t chunk) {
    auto c = std::make_unique<collector::Collector>(opt);
    if (chunk == 0) {
        c->feed_console(text);
    } else {
        for (std::size_t off = 0; off < text.size(); off += chunk)
            c->feed_console(std::string_view(text).substr(off, chunk));
    }
    c->finish();
    return c;
}

const collector::UniqueReport* find_title(const collector::Collector& c, const std::string& title) {
    for (const auto& u : c.unique_reports())
        if (u.title == title)
            return &u;
    return nullptr;
}

std::string titles(const collector::Collector& c) {
    std::string s;
    for (const auto& u : c.unique_reports())
        s += "  [" + std::string(collector::kind_name(u.kind)) + "] " + u.title + " x" + std::to_string(u.count) +
             (c.reports()[u.representative].corrupted ? " (corrupted: " + c.reports()[u.representative].corrupted_reason + ")"
                                                      : "") +
             "\n";
    return s.empty() ? "  (no reports)\n" : s;
}

} // namespace testutil
