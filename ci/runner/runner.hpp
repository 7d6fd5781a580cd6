// ingenic-lab host runner (see runner.cpp).
#pragma once
#include "qmp.hpp"

#include <chrono>
#include <cstdio>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace lab {

struct Options {
    std::string qemu, machine = "jz4770", memory = "256", cpu;
    std::string kernel, dtb, initrd, append;
    std::string out;
    std::string qemu_debug = "guest_errors";
    std::vector<std::string> extra;      // extra QEMU arguments
    std::vector<std::string> commands;   // answers to successive AWAIT markers
    int expect_boots = 1;
    bool expect_poweroff = true;
    bool tee = true;                     // console to the terminal too
    bool quiet_status = false;
    bool stop_on_failure = false;
    bool final_screendump = false;
    // A shutdown case: the guest itself reboots or powers off mid-job. QEMU runs with
    // -no-reboot and its exit (guest reset or power-off) is the expected end of the run.
    // The host then closes the case's BEGIN/END bracket itself (the guest cannot).
    std::string shutdown_case;
    // The suite's cases in run order. When a boot ends before all of them ended (a case left
    // the device broken, the kernel panicked or hung, the suite process died), QEMU is started
    // afresh with lab.from=<the case after the last one begun> (igt_runner's resume model).
    std::vector<std::string> resume_plan;
    unsigned expect_elf_machine = 0;     // e_machine low byte (8 = MIPS), 0 = any
    double boot_timeout = 180, idle_timeout = 300, total_timeout = 3600;
    // Once the job is over (the guest suite's "# done:" line or JOB-END), the guest must be
    // gone this soon: a thread stuck in the kernel (e.g. an unbind that oopsed holding the
    // device lock) keeps the suite's process or the power-off from ever finishing.
    double end_timeout = 60;
    // After the guest says the device is broken (BROKEN marker), how long the console may go on
    // (late reports) before the boot is ended and the next one starts; and the quiet time that
    // ends it sooner.
    double broken_grace = 20, broken_quiet = 3;
};

// One-line reason why the inputs cannot be used, or "" if they look right.
std::string check_inputs(const Options &o);

class Runner {
public:
    explicit Runner(Options o);
    ~Runner();
    int run();
    const std::string &reason() const { return reason_; }
    int boots() const { return boots_; }
    double first_ready_seconds() const { return first_ready_s_; }
    // Called for every complete console line / every raw chunk (for the collector).
    void set_line_listener(std::function<void(const std::string &)> f) { listener_ = std::move(f); }
    void set_raw_listener(std::function<void(std::string_view)> f) { raw_listener_ = std::move(f); }
    // New bytes of QEMU's log (-D file), read as they are written: device-side findings.
    void set_qemu_log_listener(std::function<void(std::string_view)> f) { qemu_log_listener_ = std::move(f); }
    // The guest is about to boot again on purpose (a reboot it was asked for, or a fresh boot
    // that resumes the suite).
    void set_reboot_listener(std::function<void()> f) { reboot_listener_ = std::move(f); }
    // The console has been quiet for two seconds.
    void set_idle_listener(std::function<void()> f) { idle_listener_ = std::move(f); }
    // Lines the runner adds to the collector's view of the console (never to console.log).
    void set_synthetic_line_sink(std::function<void(const std::string &)> f) { synthetic_ = std::move(f); }
    // Replaces the plain status lines on the terminal (e.g. with the collector's progress).
    void set_status_decorator(std::function<std::string()> f) { status_decorator_ = std::move(f); }

private:
    using Clock = std::chrono::steady_clock;

    // How one QEMU process (one or more guest boots) ended.
    struct ProcessEnd {
        bool exited = false;   // QEMU exited by itself (else the runner stopped it)
        int wstatus = 0;
        std::string shutdown_reason;
    };

    std::vector<std::string> qemu_argv(int process, const std::string &from) const;
    bool spawn(int process, const std::string &from);
    ProcessEnd supervise();
    void pump_once(ProcessEnd &end, Clock::time_point process_start);
    bool reap(ProcessEnd &end);
    bool must_stop();
    void pump_qmp(ProcessEnd &end);
    void stop_qemu(ProcessEnd &end);
    void judge_end(const ProcessEnd &end);
    std::string resume_point(const std::string &from) const;
    void on_line(const std::string &line);
    void on_ready();
    void on_await();
    void on_job_end(const std::string &line);
    void on_marker(const std::string &line);
    void send_to_guest(const std::string &line);
    void status(const std::string &s);
    void fail(const std::string &why);
    bool screendump(const std::string &name);
    void write_summary();
    void pump_qemu_log();
    void pump_console();
    std::string qemu_log_path(int process) const;
    void merge_qemu_log(int process);

    Options o_;
    Qmp qmp_;
    std::string qmp_path_;
    int qemu_pid_ = -1, to_guest_ = -1, from_guest_ = -1;
    Clock::time_point start_, boot_start_, last_output_, panic_at_, job_over_at_, broken_at_;
    // Per QEMU process.
    bool job_over_ = false, suite_done_ = false, broken_ = false;
    std::string stuck_note_;            // the suite's "N thread(s) still stuck" line
    bool boot_started_ = false, panic_ = false, poweroff_sent_ = false, job_ended_ = false;
    int process_boots_ = 0, resets_ = 0, expected_resets_ = 0;
    size_t next_cmd_ = 0;
    std::string last_begun_;
    // Whole run.
    bool failed_ = false, qemu_exited_cleanly_ = false;
    int boots_ = 0, processes_ = 0;
    double first_ready_s_ = 0;
    std::vector<std::string> ended_cases_;
    struct Resume {
        int process;
        std::string why, from;
    };
    std::vector<Resume> resumes_;
    std::string reason_, last_line_;
    std::vector<std::string> check_failures_, screens_;
    std::function<void(const std::string &)> listener_;
    std::function<void(std::string_view)> raw_listener_, qemu_log_listener_;
    std::function<void()> reboot_listener_, idle_listener_;
    std::function<std::string()> status_decorator_;
    std::function<void(const std::string &)> synthetic_;
    int qemu_log_fd_ = -1;
    FILE *con_ = nullptr;
    std::string partial_;
    bool idle_signalled_ = false;
};

} // namespace lab
