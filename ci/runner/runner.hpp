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
    unsigned expect_elf_machine = 0;     // e_machine low byte (8 = MIPS), 0 = any
    double boot_timeout = 180, idle_timeout = 300, total_timeout = 3600;
    // Once the job is over (the guest suite's "# done:" line or JOB-END), the guest must be
    // gone this soon: a thread stuck in the kernel (e.g. an unbind that oopsed holding the
    // device lock) keeps the suite's process or the power-off from ever finishing.
    double end_timeout = 60;
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
    // The runner is about to make the guest reboot on purpose.
    void set_reboot_listener(std::function<void()> f) { reboot_listener_ = std::move(f); }
    // The console has been quiet for two seconds.
    void set_idle_listener(std::function<void()> f) { idle_listener_ = std::move(f); }
    // Replaces the plain status lines on the terminal (e.g. with the collector's progress).
    // Lines the runner adds to the collector's view of the console (never to console.log).
    void set_synthetic_line_sink(std::function<void(const std::string &)> f) { synthetic_ = std::move(f); }
    void set_status_decorator(std::function<std::string()> f) { status_decorator_ = std::move(f); }

private:
    std::vector<std::string> qemu_argv() const;
    bool spawn();
    void on_line(const std::string &line);
    void send_to_guest(const std::string &line);
    void status(const std::string &s);
    void fail(const std::string &why);
    bool screendump(const std::string &name);
    void write_summary();
    void pump_qemu_log();
    void pump_console();

    using Clock = std::chrono::steady_clock;
    Options o_;
    Qmp qmp_;
    std::string qmp_path_;
    int qemu_pid_ = -1, to_guest_ = -1, from_guest_ = -1;
    Clock::time_point start_, boot_start_, last_output_, panic_at_, job_over_at_;
    bool job_over_ = false;
    std::string stuck_note_;            // the suite's "N thread(s) still stuck" line
    bool boot_started_ = false, panic_ = false, failed_ = false, poweroff_sent_ = false;
    bool qemu_exited_cleanly_ = false, job_ended_ = false;
    int boots_ = 0, resets_ = 0, expected_resets_ = 0;
    size_t next_cmd_ = 0;
    double first_ready_s_ = 0;
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
