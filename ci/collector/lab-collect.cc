// lab-collect: cut kernel reports out of a console log (and device findings out of the
// QEMU log), write results.json, junit.xml and reports/, print a summary.
//
//   lab-collect CONSOLE_LOG [--qemu-log F] [--vmlinux F] [--modules DIR] [--known F]...
//               [--out DIR] [--lane NAME] [--kernel NAME] [--expect-reboot]
//               [--tool-prefix P] [--no-symbolize] [--quiet]
//
// Exit status: 0 no new report and no failed case, 1 otherwise, 2 bad usage or an
// unreadable input (one line on stderr).
//
// SPDX-License-Identifier: GPL-2.0-or-later
#include "collector/collector.h"
#include "collector/known_issues.h"
#include "collector/output.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

namespace {

const char kUsage[] =
    "usage: lab-collect CONSOLE_LOG [--qemu-log F] [--vmlinux F] [--modules DIR] [--known F]...\n"
    "                   [--out DIR] [--lane NAME] [--kernel NAME] [--expect-reboot]\n"
    "                   [--tool-prefix PREFIX] [--no-symbolize] [--quiet]\n"
    "Cuts kernel reports out of CONSOLE_LOG ('-' for stdin) and device findings out of the\n"
    "QEMU log; writes results.json, junit.xml and reports/NNN-<title>.txt into --out and\n"
    "prints a summary. Exit: 0 clean, 1 new reports or failed cases, 2 usage/input error.\n";

[[noreturn]] void fail(const std::string& msg) {
    std::fprintf(stderr, "lab-collect: %s\n", msg.c_str());
    std::exit(2);
}

template <class F> void read_file(const std::string& path, F&& sink) {
    std::FILE* f = path == "-" ? stdin : std::fopen(path.c_str(), "rb");
    if (!f)
        fail("cannot read '" + path + "': " + std::strerror(errno));
    std::vector<char> buf(1 << 20);
    for (;;) {
        std::size_t n = std::fread(buf.data(), 1, buf.size(), f);
        if (n)
            sink(std::string_view(buf.data(), n));
        if (n < buf.size()) {
            if (std::ferror(f))
                fail("error reading '" + path + "': " + std::strerror(errno));
            break;
        }
    }
    if (f != stdin)
        std::fclose(f);
}

} // namespace

int main(int argc, char** argv) {
    collector::Options opt;
    collector::RunMeta meta;
    std::vector<std::string> known_files;
    std::string out_dir;
    bool quiet = false;
    std::vector<std::string> positional;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        auto value = [&](const char* name) -> std::string {
            std::string prefix = std::string(name) + "=";
            if (a.compare(0, prefix.size(), prefix) == 0)
                return a.substr(prefix.size());
            if (i + 1 >= argc)
                fail(std::string("option ") + name + " needs a value (see --help)");
            return argv[++i];
        };
        auto is = [&](const char* name) {
            std::string n = name;
            return a == n || a.compare(0, n.size() + 1, n + "=") == 0;
        };
        if (a == "-h" || a == "--help") {
            std::fputs(kUsage, stdout);
            return 0;
        } else if (is("--qemu-log")) {
            meta.qemu_log = value("--qemu-log");
        } else if (is("--vmlinux")) {
            opt.vmlinux = meta.vmlinux = value("--vmlinux");
        } else if (is("--modules")) {
            opt.modules_dir = meta.modules_dir = value("--modules");
        } else if (is("--known")) {
            known_files.push_back(value("--known"));
        } else if (is("--out")) {
            out_dir = value("--out");
        } else if (is("--lane")) {
            meta.lane = value("--lane");
        } else if (is("--kernel")) {
            meta.kernel = value("--kernel");
        } else if (is("--tool-prefix")) {
            opt.tool_prefix = value("--tool-prefix");
        } else if (a == "--expect-reboot") {
            opt.expect_reboots = true;
        } else if (a == "--no-symbolize") {
            opt.symbolize = false;
        } else if (a == "--quiet" || a == "-q") {
            quiet = true;
        } else if (a.size() > 1 && a[0] == '-') {
            fail("unknown option '" + a + "' (see --help)");
        } else {
            positional.push_back(a);
        }
    }
    if (positional.size() != 1)
        fail(positional.empty() ? "missing CONSOLE_LOG (see --help)" : "more than one CONSOLE_LOG given");
    meta.console_log = positional[0];

    collector::KnownIssues known;
    for (const auto& k : known_files) {
        std::string err;
        if (!known.load_file(k, err))
            fail(err);
        meta.known_files.push_back(k);
    }
    if (!opt.vmlinux.empty() && !opt.symbolize)
        opt.vmlinux.clear();
    opt.known = &known;
    opt.offline_qemu = true;

    collector::Collector c(opt);
    read_file(meta.console_log, [&](std::string_view b) { c.feed_console(b); });
    if (!meta.qemu_log.empty())
        read_file(meta.qemu_log, [&](std::string_view b) { c.feed_qemu(b); });
    c.finish();

    if (!out_dir.empty()) {
        std::string err;
        if (!collector::write_outputs(out_dir, c, &known, meta, err))
            fail(err);
    }
    if (!quiet)
        collector::print_summary(std::cout, c, &known);
    return collector::compute_verdict(c, &known).pass() ? 0 : 1;
}
