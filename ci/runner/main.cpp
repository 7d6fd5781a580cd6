// lab-runner command line. Normally called by `ci/lab run`, which builds everything first.
#include "runner.hpp"

#include <collector/collector.h>
#include <collector/known_issues.h>
#include <collector/output.h>

#include "lab_cli.hpp"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <functional>
#include <iostream>
#include <mutex>
#include <thread>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace {

// The collector titles a report when it ends, and titling symbolizes its frames: addr2line over
// a KASAN vmlinux can take seconds. So the collector runs in a thread of its own, fed in order,
// and the console pump and the markers it serves (screendumps while the guest holds a frame,
// commands to the guest) never wait for it.
class CollectorThread {
public:
    explicit CollectorThread(collector::Collector &c) : col_(c), thread_([this] { loop(); }) {}
    ~CollectorThread() { drain(); }
    void post(std::function<void()> f)
    {
        {
            std::lock_guard<std::mutex> l(queue_m_);
            queue_.push_back(std::move(f));
        }
        cv_.notify_one();
    }
    // Everything posted has been fed when this returns; the collector is the caller's again.
    void drain()
    {
        {
            std::lock_guard<std::mutex> l(queue_m_);
            closing_ = true;
        }
        cv_.notify_one();
        if (thread_.joinable()) {
            thread_.join();
        }
    }
    // The collector's progress for status lines: the last one seen while it is busy.
    std::string progress()
    {
        std::unique_lock<std::mutex> l(col_m_, std::try_to_lock);
        if (l.owns_lock()) {
            last_progress_ = col_.progress_line();
        }
        return last_progress_;
    }

private:
    void loop()
    {
        for (;;) {
            std::function<void()> f;
            {
                std::unique_lock<std::mutex> l(queue_m_);
                cv_.wait(l, [this] { return closing_ || !queue_.empty(); });
                if (queue_.empty()) {
                    return;
                }
                f = std::move(queue_.front());
                queue_.pop_front();
            }
            std::lock_guard<std::mutex> g(col_m_);
            f();
        }
    }

    collector::Collector &col_;
    std::mutex queue_m_, col_m_;
    std::condition_variable cv_;
    std::deque<std::function<void()>> queue_;
    bool closing_ = false;
    std::string last_progress_; // the runner's thread only
    std::thread thread_;
};

const char *const kUsage =
        "usage: lab-runner --qemu BIN --out DIR [--machine M] [--kernel F] [--dtb F] [--initrd F]\n"
        "                  [--append STR] [--commands reboot,poweroff] [--expect-boots N]\n"
        "                  [--no-poweroff] [--boot-timeout S] [--idle-timeout S] [--timeout S]\n"
        "                  [--end-timeout S]\n"
        "                  [--elf-machine N] [--qemu-debug FLAGS] [--final-screendump] [--no-tee]\n"
        "                  [--shutdown-case NAME] [--resume-plan CASE,CASE,...]\n"
        "                  [--vmlinux F] [--modules DIR] [--known F]... [--lane NAME]\n"
        "                  [-- EXTRA QEMU ARGS]\n"
        "Besides console.log, qemu.log and runner.json, the output folder gets the report\n"
        "collector's results.json, junit.xml and reports/.\n";

} // namespace

// What the command line gives: the runner's and the collector's options.
struct Cli {
    lab::Options o;
    collector::Options co;
    collector::RunMeta meta;
    std::vector<std::string> known_files;
};

// A time or count in seconds: a finite number >= 0, checked before CLI11 converts it (its own
// conversion takes "nan" and "inf").
const CLI::Validator seconds_value(
    [](std::string &v) -> std::string {
        char *end = nullptr;
        double d = std::strtod(v.c_str(), &end);
        if (v.empty() || !end || *end || !std::isfinite(d) || d < 0) {
            return "not a number: " + v;
        }
        return {};
    },
    "NUMBER");

// Parses the command line into cli; returns -1 to go on, or the exit status (help, bad usage:
// one line on stderr, status 2). Everything after "--" goes to QEMU as it is.
int parse_args(int argc, char **argv, Cli &cli)
{
    lab::Options &o = cli.o;
    std::vector<std::string> args;
    int i = 1;
    for (; i < argc && std::strcmp(argv[i], "--") != 0; i++) {
        args.emplace_back(argv[i]);
    }
    for (i++; i < argc; i++) {
        o.extra.emplace_back(argv[i]);
    }
    std::reverse(args.begin(), args.end()); // CLI11 takes its arguments last first

    CLI::App app("lab-runner", "lab-runner");
    app.set_help_flag("-h,--help"); // answered with kUsage, below
    bool no_poweroff = false, no_tee = false;
    app.add_option("--qemu", o.qemu)->required();
    app.add_option("--out", o.out)->required();
    for (auto [name, field] : {std::pair{"--machine", &o.machine}, {"--memory", &o.memory},
                               {"--cpu", &o.cpu}, {"--kernel", &o.kernel}, {"--dtb", &o.dtb},
                               {"--initrd", &o.initrd}, {"--append", &o.append},
                               {"--qemu-debug", &o.qemu_debug}, {"--shutdown-case", &o.shutdown_case},
                               {"--vmlinux", &cli.co.vmlinux}, {"--modules", &cli.co.modules_dir},
                               {"--lane", &cli.meta.lane}}) {
        app.add_option(name, *field);
    }
    app.add_option("--commands", o.commands)->delimiter(',');
    app.add_option("--resume-plan", o.resume_plan)->delimiter(',');
    app.add_option("--known", cli.known_files)->allow_extra_args(false); // one file per --known
    app.add_option("--expect-boots", o.expect_boots)->check(seconds_value);
    app.add_option("--elf-machine", o.expect_elf_machine)->check(seconds_value);
    for (auto [name, field] : {std::pair{"--boot-timeout", &o.boot_timeout}, {"--idle-timeout", &o.idle_timeout},
                               {"--timeout", &o.total_timeout}, {"--end-timeout", &o.end_timeout}}) {
        app.add_option(name, *field)->check(seconds_value);
    }
    app.add_flag("--no-poweroff", no_poweroff);
    app.add_flag("--no-tee", no_tee);
    app.add_flag("--final-screendump", o.final_screendump);
    app.add_flag("--stop-on-failure", o.stop_on_failure);
    if (auto rc = lab::cli::parse(app, kUsage, args)) {
        return *rc;
    }
    o.expect_poweroff = !no_poweroff;
    o.tee = !no_tee;
    return -1;
}

// Runs QEMU with the collector fed from its own thread; the runner's exit status.
int run_with_collector(collector::Collector &col, lab::Runner &r)
{
    col.on_report([&](const collector::Report &rep, const collector::UniqueReport &u, bool first) {
        if (first) {
            std::fprintf(stderr, "\r[lab] report: %s (%s)%s\n", rep.title.c_str(), rep.case_name.c_str(),
                         u.known ? " [known]" : "");
        }
    });
    CollectorThread feed(col);
    r.set_raw_listener([&](std::string_view b) { feed.post([&col, s = std::string(b)] { col.feed_console(s); }); });
    r.set_qemu_log_listener([&](std::string_view b) { feed.post([&col, s = std::string(b)] { col.feed_qemu(s); }); });
    r.set_reboot_listener([&] { feed.post([&col] { col.expect_reboot(); }); });
    r.set_idle_listener([&] { feed.post([&col] { col.idle(); }); });
    r.set_synthetic_line_sink([&](const std::string &l) { feed.post([&col, s = l + "\n"] { col.feed_console(s); }); });
    r.set_status_decorator([&] { return feed.progress(); });
    int rc = r.run();
    feed.drain();
    return rc;
}

// The collector's outputs and the run's verdict line; the final exit status.
int conclude(Cli &cli, collector::Collector &col, const collector::KnownIssues &known, const lab::Runner &r, int rc)
{
    const lab::Options &o = cli.o;
    col.finish();
    cli.meta.console_log = o.out + "/console.log";
    cli.meta.qemu_log = o.out + "/qemu.log";
    cli.meta.vmlinux = cli.co.vmlinux;
    cli.meta.modules_dir = cli.co.modules_dir;
    cli.meta.known_files = cli.known_files;
    std::string err;
    if (!collector::write_outputs(o.out, col, &known, cli.meta, err)) {
        std::fprintf(stderr, "lab-runner: cannot write reports: %s\n", err.c_str());
        rc = 1;
    }
    collector::Verdict v = collector::compute_verdict(col, &known);
    if (!col.cases().empty() || !col.unique_reports().empty()) {
        collector::print_summary(std::cerr, col, &known);
    }
    if (rc == 0 && !v.pass()) {
        rc = 1;
        std::fprintf(stderr, "[lab] run FAILED: %zu new report title(s), %zu failed case(s); output in %s\n",
                     v.new_titles, v.failed_cases, o.out.c_str());
    } else if (rc == 0) {
        std::fprintf(stderr, "[lab] run ok: %d boot(s), first ready after %.1f s; output in %s\n",
                     r.boots(), r.first_ready_seconds(), o.out.c_str());
    } else if (rc == 1) {
        std::fprintf(stderr, "[lab] run FAILED: %s; output in %s\n", r.reason().c_str(), o.out.c_str());
    }
    return rc;
}

int main(int argc, char **argv)
{
    Cli cli;
    int rc = parse_args(argc, argv, cli);
    if (rc >= 0) {
        return rc;
    }
    collector::KnownIssues known;
    for (auto &f : cli.known_files) {
        std::string err;
        if (!known.load_file(f, err)) {
            std::fprintf(stderr, "lab-runner: known-issues file: %s\n", err.c_str());
            return 2;
        }
    }
    cli.co.known = &known;
    collector::Collector col(cli.co);
    lab::Runner r(cli.o);
    rc = run_with_collector(col, r);
    if (rc == 2) {
        return rc;
    }
    return conclude(cli, col, known, r, rc);
}
