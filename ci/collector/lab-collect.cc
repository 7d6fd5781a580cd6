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

#include "lab_cli.hpp"

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
    bool quiet = false, expect_reboot = false, no_symbolize = false;

    CLI::App app("lab-collect", "lab-collect");
    app.set_help_flag("-h,--help"); // answered with kUsage, below
    app.add_option("CONSOLE_LOG", meta.console_log)->required();
    app.add_option("--qemu-log", meta.qemu_log);
    app.add_option("--vmlinux", opt.vmlinux);
    app.add_option("--modules", opt.modules_dir);
    app.add_option("--known", known_files)->allow_extra_args(false); // one file per --known
    app.add_option("--out", out_dir);
    app.add_option("--lane", meta.lane);
    app.add_option("--kernel", meta.kernel);
    app.add_option("--tool-prefix", opt.tool_prefix);
    app.add_flag("--expect-reboot", expect_reboot);
    app.add_flag("--no-symbolize", no_symbolize);
    app.add_flag("-q,--quiet", quiet);
    if (auto rc = lab::cli::parse(app, kUsage, argc, argv))
        return *rc;
    meta.vmlinux = opt.vmlinux;
    meta.modules_dir = opt.modules_dir;
    opt.expect_reboots = expect_reboot;
    opt.symbolize = !no_symbolize;


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
