// ingenic-lab host runner: boots a lane's board in QEMU, streams the console to disk and to
// the terminal as it arrives, answers the guest's AWAIT markers with the next scripted
// command, watches for panics, hangs, resets and QEMU's exit, and says in one line how the
// run ended. The report collector cuts kernel reports from the same stream.
//
// Exit status: 0 the run did what was expected; 1 it did not (check failure, panic, hang,
// unexpected reset or exit, QEMU crash); 2 bad usage or bad input (missing or corrupt
// kernel, DTB, initramfs, QEMU binary).
#include "qmp.hpp"
#include "runner.hpp"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <poll.h>
#include <sstream>
#include <sys/stat.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

#include <nlohmann/json.hpp>

namespace lab {

namespace {

using Clock = std::chrono::steady_clock;

std::string read_head(const std::string &path, size_t n)
{
    std::ifstream f(path, std::ios::binary);
    std::string s(n, '\0');
    f.read(&s[0], std::streamsize(n));
    s.resize(size_t(f.gcount()));
    return s;
}

} // namespace

std::string check_inputs(const Options &o)
{
    struct stat st{};
    if (o.qemu.empty() || access(o.qemu.c_str(), X_OK) != 0) {
        return "QEMU binary not found or not executable: " + o.qemu;
    }
    if (!o.kernel.empty()) {
        if (stat(o.kernel.c_str(), &st) != 0) {
            return "kernel not found: " + o.kernel;
        }
        std::string h = read_head(o.kernel, 20);
        bool elf = h.size() >= 20 && h.compare(0, 4, "\x7f" "ELF") == 0;
        bool arm64_image = false;
        if (!elf) {
            std::string img = read_head(o.kernel, 64);
            arm64_image = img.size() >= 60 && img.compare(56, 4, "ARM\x64") == 0;
        }
        if (!elf && !arm64_image) {
            return "kernel is neither an ELF file nor an arm64 Image: " + o.kernel;
        }
        if (elf && o.expect_elf_machine && (unsigned char)h[18] != o.expect_elf_machine) {
            return "kernel is an ELF for another architecture (e_machine " +
                   std::to_string((unsigned char)h[18]) + "): " + o.kernel;
        }
    }
    if (!o.dtb.empty()) {
        std::string h = read_head(o.dtb, 8);
        if (stat(o.dtb.c_str(), &st) != 0) {
            return "DTB not found: " + o.dtb;
        }
        if (h.size() < 8 || h.compare(0, 4, "\xd0\x0d\xfe\xed") != 0) {
            return "DTB has no flattened-device-tree magic: " + o.dtb;
        }
        uint32_t total = (uint32_t((unsigned char)h[4]) << 24) | (uint32_t((unsigned char)h[5]) << 16) |
                         (uint32_t((unsigned char)h[6]) << 8) | uint32_t((unsigned char)h[7]);
        if (total != uint64_t(st.st_size)) {
            return "DTB is truncated or corrupt (header says " + std::to_string(total) +
                   " bytes, file has " + std::to_string(st.st_size) + "): " + o.dtb;
        }
    }
    if (!o.initrd.empty()) {
        if (stat(o.initrd.c_str(), &st) != 0) {
            return "initramfs not found: " + o.initrd;
        }
        std::string h = read_head(o.initrd, 6);
        bool gz = h.size() >= 2 && (unsigned char)h[0] == 0x1f && (unsigned char)h[1] == 0x8b;
        bool cpio = h.compare(0, 6, "070701") == 0;
        if (!gz && !cpio) {
            return "initramfs is neither gzip nor a newc cpio archive: " + o.initrd;
        }
        if (gz && st.st_size < 64) {
            return "initramfs is truncated: " + o.initrd;
        }
    }
    return "";
}

Runner::Runner(Options o) : o_(std::move(o)) {}

Runner::~Runner()
{
    if (qemu_pid_ > 0) {
        kill(qemu_pid_, SIGKILL);
        waitpid(qemu_pid_, nullptr, 0);
    }
}

// QEMU's log of one process: the first writes qemu.log itself, later ones (resumed boots) their
// own file, appended to qemu.log when they end (QEMU truncates its -D file at start).
std::string Runner::qemu_log_path(int process) const
{
    return o_.out + (process <= 1 ? "/qemu.log" : "/qemu." + std::to_string(process) + ".log");
}

void Runner::merge_qemu_log(int process)
{
    if (process <= 1) {
        return;
    }
    std::ifstream in(qemu_log_path(process), std::ios::binary);
    std::ofstream out(o_.out + "/qemu.log", std::ios::binary | std::ios::app);
    out << in.rdbuf();
    in.close();
    unlink(qemu_log_path(process).c_str());
}

std::vector<std::string> Runner::qemu_argv(int process, const std::string &from) const
{
    std::string ktap = "file,id=res,path=" + o_.out + "/results.ktap" + (process > 1 ? ",append=on" : "");
    std::vector<std::string> a{o_.qemu, "-M", o_.machine, "-m", o_.memory,
                               "-nodefaults", "-display", "none", "-no-user-config",
                               "-chardev", "stdio,id=con,signal=off",
                               "-serial", "chardev:con",
                               "-chardev", ktap,
                               "-serial", "chardev:res",
                               "-qmp", "unix:" + qmp_path_ + ",server=on,wait=off",
                               "-D", qemu_log_path(process), "-d", o_.qemu_debug,
                               // device-side findings: trace events into qemu.log
                               "-trace", "enable=ingenic_*_finding"};
    if (!o_.shutdown_case.empty()) {
        a.push_back("-no-reboot");
    }
    if (!o_.cpu.empty()) {
        a.insert(a.end(), {"-cpu", o_.cpu});
    }
    if (!o_.kernel.empty()) {
        a.insert(a.end(), {"-kernel", o_.kernel});
    }
    if (!o_.dtb.empty()) {
        a.insert(a.end(), {"-dtb", o_.dtb});
    }
    if (!o_.initrd.empty()) {
        a.insert(a.end(), {"-initrd", o_.initrd});
    }
    std::string append = o_.append + (from.empty() ? "" : std::string(o_.append.empty() ? "" : " ") + "lab.from=" + from);
    if (!append.empty()) {
        a.insert(a.end(), {"-append", append});
    }
    a.insert(a.end(), o_.extra.begin(), o_.extra.end());
    return a;
}

bool Runner::spawn(int process, const std::string &from)
{
    qmp_path_ = o_.out + "/qmp.sock";
    unlink(qmp_path_.c_str());
    unlink(qemu_log_path(process).c_str());
    int in[2], out[2];
    if (pipe2(in, O_CLOEXEC) < 0 || pipe2(out, O_CLOEXEC) < 0) {
        return false;
    }
    std::vector<std::string> args = qemu_argv(process, from);
    {
        std::ofstream cmd(o_.out + "/qemu.cmdline", process > 1 ? std::ios::app : std::ios::trunc);
        for (auto &s : args) {
            cmd << "'" << s << "' ";
        }
        cmd << "\n";
    }
    std::string err_path = o_.out + "/qemu.stderr";
    pid_t pid = fork();
    if (pid < 0) {
        return false;
    }
    if (pid == 0) {
        dup2(in[0], 0);
        dup2(out[1], 1);
        int e = open(err_path.c_str(), O_WRONLY | O_CREAT | (process > 1 ? O_APPEND : O_TRUNC), 0644);
        if (e >= 0) {
            dup2(e, 2);
        }
        setpgid(0, 0);
        std::vector<char *> argv;
        for (auto &s : args) {
            argv.push_back(const_cast<char *>(s.c_str()));
        }
        argv.push_back(nullptr);
        execv(argv[0], argv.data());
        _exit(127);
    }
    close(in[0]);
    close(out[1]);
    to_guest_ = in[1];
    from_guest_ = out[0];
    fcntl(from_guest_, F_SETFL, O_NONBLOCK);
    qemu_pid_ = pid;
    return true;
}

void Runner::send_to_guest(const std::string &line)
{
    std::string s = line + "\n";
    if (to_guest_ >= 0) {
        // The guest's UART reads slowly; a short line fits the pipe.
        ssize_t n = write(to_guest_, s.data(), s.size());
        (void)n;
    }
}

// The suite's case markers (they come through /dev/kmsg, so after a printk prefix).
void Runner::on_marker(const std::string &line)
{
    auto word_after = [&](size_t at) {
        size_t e = line.find(' ', at);
        return line.substr(at, e == std::string::npos ? std::string::npos : e - at);
    };
    size_t p;
    if ((p = line.find("ingenic-lab: BEGIN ")) != std::string::npos) {
        last_begun_ = word_after(p + 19);
    } else if ((p = line.find("ingenic-lab: END ")) != std::string::npos) {
        ended_cases_.push_back(word_after(p + 17));
    } else if ((p = line.find("ingenic-lab: BROKEN ")) != std::string::npos && !broken_) {
        broken_ = true;
        broken_at_ = Clock::now();
        status("the guest reports the device broken after " + word_after(p + 20));
    }
}

// A boot reached the guest suite (its READY marker).
void Runner::on_ready()
{
    boots_++;
    process_boots_++;
    job_over_ = false;              // a new boot: its job has just begun
    if (boots_ == 1) {
        first_ready_s_ = std::chrono::duration<double>(Clock::now() - start_).count();
    }
    boot_started_ = false;
    status("boot " + std::to_string(boots_) + " ready after " +
           std::to_string(std::chrono::duration<double>(Clock::now() - boot_start_).count()).substr(0, 5) + " s");
    if (process_boots_ > o_.expect_boots) {
        fail("unexpected reboot: boot " + std::to_string(process_boots_) + " but " +
             std::to_string(o_.expect_boots) + " expected");
    }
}

// The guest waits for a command (reboot, poweroff): the next of --commands.
void Runner::on_await()
{
    std::string cmd = next_cmd_ < o_.commands.size() ? o_.commands[next_cmd_++] : "poweroff";
    status("guest awaits; sending '" + cmd + "'");
    if (cmd == "reboot") {
        expected_resets_++;
        if (reboot_listener_) {
            reboot_listener_();
        }
    } else if (cmd == "poweroff") {
        poweroff_sent_ = true;
    }
    send_to_guest(cmd);
}

// The guest job's end marker: its status, and the last chance for a screendump.
void Runner::on_job_end(const std::string &line)
{
    job_ended_ = true;
    size_t rc_at = line.find(" rc=");
    if (rc_at != std::string::npos && line.compare(rc_at + 4, std::string::npos, "0") != 0) {
        fail("guest job failed: " + line.substr(line.find("JOB-END ") + 8));
    }
    // The job is over and the guest is about to power off: last chance for the panel.
    if (o_.final_screendump) {
        screendump("final");
    }
}

void Runner::on_line(const std::string &raw)
{
    std::string line = raw;
    while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) {
        line.pop_back();
    }
    last_line_ = line;
    if (listener_) {
        listener_(line);
    }
    on_marker(line);
    size_t p;
    if (line.rfind("# done: exit ", 0) == 0) {
        suite_done_ = true;
    }
    if (!job_over_ && (line.rfind("# done: exit ", 0) == 0 ||
                       line.find("ingenic-lab: JOB-END ") != std::string::npos)) {
        job_over_ = true;
        job_over_at_ = Clock::now();
    }
    if (line.find(" still stuck in the kernel at exit") != std::string::npos) {
        stuck_note_ = line;
    }
    if (line.find("ingenic-lab: READY") != std::string::npos) {
        on_ready();
    } else if (line.find("ingenic-lab: AWAIT") != std::string::npos) {
        on_await();
    } else if ((p = line.find("ingenic-lab: CHECK ")) != std::string::npos) {
        std::istringstream is(line.substr(p + 19));
        std::string name, res;
        is >> name >> res;
        if (res != "ok") {
            check_failures_.push_back(name);
        }
    } else if (line.find("ingenic-lab: JOB-END ") != std::string::npos) {
        on_job_end(line);
    } else if (line.find("ingenic-lab: SCREEN ") != std::string::npos) {
        std::string name = line.substr(line.find("ingenic-lab: SCREEN ") + 20);
        screendump(name);
    } else if (line.find("Kernel panic - not syncing") != std::string::npos) {
        if (!panic_) {
            panic_ = true;
            panic_at_ = Clock::now();
            fail("kernel panic: " + line.substr(line.find("Kernel panic")));
        }
    } else if (line.find("Linux version ") != std::string::npos) {
        boot_start_ = Clock::now();
        boot_started_ = true;
    }
}

void Runner::status(const std::string &s)
{
    if (!o_.quiet_status) {
        std::string extra = status_decorator_ ? status_decorator_() : "";
        std::fprintf(stderr, "\r[lab] %s%s%s\n", s.c_str(), extra.empty() ? "" : " | ",
                     extra.c_str());
    }
}

// Everything the guest printed goes to disk first (so nothing is lost if anything dies
// later), then to the terminal, the collector and the marker handling, line by line.
void Runner::pump_console()
{
    char buf[8192];
    for (;;) {
        ssize_t r = read(from_guest_, buf, sizeof(buf));
        if (r <= 0) {
            if (r == 0) {
                close(from_guest_);
                from_guest_ = -1;
            }
            return; /* EAGAIN: nothing more for now */
        }
        std::fwrite(buf, 1, size_t(r), con_);
        std::fflush(con_);
        if (o_.tee) {
            ssize_t w = write(1, buf, size_t(r));
            (void)w;
        }
        if (raw_listener_) {
            raw_listener_(std::string_view(buf, size_t(r)));
        }
        last_output_ = Clock::now();
        partial_.append(buf, size_t(r));
        size_t pos;
        while ((pos = partial_.find('\n')) != std::string::npos) {
            on_line(partial_.substr(0, pos));
            partial_.erase(0, pos + 1);
        }
        if (partial_.size() > 65536) {
            on_line(partial_);
            partial_.clear();
        }
    }
}

void Runner::pump_qemu_log()
{
    if (!qemu_log_listener_) {
        return;
    }
    if (qemu_log_fd_ < 0) {
        qemu_log_fd_ = open(qemu_log_path(processes_).c_str(), O_RDONLY | O_CLOEXEC);
        if (qemu_log_fd_ < 0) {
            return;
        }
    }
    char buf[8192];
    ssize_t r;
    while ((r = read(qemu_log_fd_, buf, sizeof(buf))) > 0) {
        qemu_log_listener_(std::string_view(buf, size_t(r)));
    }
}

// A problem of the current QEMU process. Whether it fails the run is decided when the process
// has ended: a resumed suite carries on in a fresh boot, and the problem is the reason.
void Runner::fail(const std::string &why)
{
    if (reason_.empty()) {
        reason_ = why;
    }
    failed_ = true;
}

bool Runner::screendump(const std::string &name)
{
    std::string dir = o_.out + "/screens";
    mkdir(dir.c_str(), 0755);
    std::string safe;
    for (char c : name) {
        safe += (isalnum((unsigned char)c) || c == '-' || c == '_') ? c : '_';
    }
    std::string path = dir + "/" + (safe.empty() ? "screen" : safe) + ".png";
    std::string r = qmp_.command("{\"execute\":\"screendump\",\"arguments\":{\"filename\":\"" + path +
                                 "\",\"format\":\"png\"}}", 10000);
    bool ok = r.find("\"return\"") != std::string::npos;
    if (ok) {
        screens_.push_back(path);
    } else {
        status("screendump '" + name + "' failed: " + (r.empty() ? "no reply from QMP" : r));
    }
    return ok;
}

// QMP events: resets (expected or not) and the reason of a shutdown.
void Runner::pump_qmp(ProcessEnd &end)
{
    if (!qmp_.connected()) {
        return;
    }
    qmp_.pump();
    for (auto &ev : qmp_.take_events()) {
        std::string name = json_field(ev, "event");
        if (name == "RESET" && !o_.shutdown_case.empty()) {
            // -no-reboot: QEMU exits next; a reset is this case's expected end.
        } else if (name == "RESET") {
            resets_++;
            boot_start_ = Clock::now();
            if (resets_ > expected_resets_) {
                fail("unexpected reset of the guest (reset " + std::to_string(resets_) + ")");
            } else {
                status("guest reset");
            }
        } else if (name == "SHUTDOWN") {
            end.shutdown_reason = json_field(ev, "reason");
        }
    }
}

// Watches one QEMU process until it exits or the runner decides to stop it.
// Seconds since t.
static double since(std::chrono::steady_clock::time_point t)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

// One wait for output (at most 200 ms): the console, QMP and QEMU's log are read, idleness noted.
void Runner::pump_once(ProcessEnd &end, Clock::time_point process_start)
{
    if (!qmp_.connected() && since(process_start) < 30) {
        qmp_.connect(qmp_path_);
    }
    pollfd fds[2];
    int n = 0;
    if (from_guest_ >= 0) {
        fds[n++] = {from_guest_, POLLIN, 0};
    }
    if (qmp_.connected()) {
        fds[n++] = {qmp_.fd(), POLLIN, 0};
    }
    ::poll(fds, nfds_t(n), 200);
    if (from_guest_ >= 0) {
        pump_console();
    }
    pump_qmp(end);
    pump_qemu_log();
    if (since(last_output_) > 2) {
        if (!idle_signalled_ && idle_listener_) {
            idle_listener_();
        }
        idle_signalled_ = true;
    } else {
        idle_signalled_ = false;
    }
}

// True once QEMU has exited; what it still had to say is read first.
bool Runner::reap(ProcessEnd &end)
{
    if (waitpid(qemu_pid_, &end.wstatus, WNOHANG) != qemu_pid_) {
        return false;
    }
    end.exited = true;
    qemu_pid_ = -1;
    // Drain what is left of the console (the pipe is at EOF once QEMU is gone).
    if (from_guest_ >= 0) {
        pump_console();
    }
    if (!partial_.empty()) {
        on_line(partial_);
        partial_.clear();
    }
    // QEMU sends SHUTDOWN just before it exits: it may still be unread on the socket.
    pump_qmp(end);
    return true;
}

// True when this QEMU process must be stopped: the runner never trusts the guest to end on its
// own. A hang is a failure, with a screendump of the panel.
bool Runner::must_stop()
{
    if (panic_ && since(panic_at_) > 3) {
        return true;
    }
    if (broken_ && (since(last_output_) > o_.broken_quiet || since(broken_at_) > o_.broken_grace)) {
        return true; // the guest stopped its suite; the rest resumes in a fresh boot
    }
    std::string hang;
    if (process_boots_ < o_.expect_boots && since(boot_start_) > o_.boot_timeout && !failed_) {
        hang = "guest hang: no ready marker " + std::to_string(int(o_.boot_timeout)) + " s after " +
               (process_boots_ ? "reset" : "start");
    } else if (since(last_output_) > o_.idle_timeout) {
        hang = "guest hang: no console output for " + std::to_string(int(o_.idle_timeout)) + " s";
    } else if (job_over_ && since(job_over_at_) > o_.end_timeout) {
        hang = "guest hang after the job ended: no power-off within " + std::to_string(int(o_.end_timeout)) +
               " s" + (stuck_note_.empty() ? "" : " (" + stuck_note_.substr(0, 120) + ")");
    }
    if (!hang.empty()) {
        fail(hang + " (last console line: '" + last_line_.substr(0, 120) + "')");
        screendump("hang");
        return true;
    }
    if (since(start_) > o_.total_timeout) {
        fail("run timeout: " + std::to_string(int(o_.total_timeout)) + " s exceeded");
        return true;
    }
    return failed_ && o_.stop_on_failure && !panic_;
}

Runner::ProcessEnd Runner::supervise()
{
    const Clock::time_point process_start = Clock::now();
    ProcessEnd end;
    while (true) {
        pump_once(end, process_start);
        if (reap(end) || must_stop()) {
            return end;
        }
    }
}

void Runner::stop_qemu(ProcessEnd &end)
{
    if (!end.exited && qemu_pid_ > 0) {
        if (o_.final_screendump) {
            screendump("final");
        }
        qmp_.command("{\"execute\":\"quit\"}", 2000);
        for (int i = 0; i < 30 && waitpid(qemu_pid_, &end.wstatus, WNOHANG) == 0; i++) {
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        if (waitpid(qemu_pid_, &end.wstatus, WNOHANG) == 0) {
            kill(-qemu_pid_, SIGKILL);
            waitpid(qemu_pid_, &end.wstatus, 0);
        }
        qemu_pid_ = -1;
    }
    qmp_.reset();
    if (to_guest_ >= 0) {
        close(to_guest_);
        to_guest_ = -1;
    }
    if (from_guest_ >= 0) {
        close(from_guest_);
        from_guest_ = -1;
    }
    pump_qemu_log();
    if (qemu_log_fd_ >= 0) {
        close(qemu_log_fd_);
        qemu_log_fd_ = -1;
    }
}

// The case a fresh boot resumes with, or "" when this process's end is final: no plan, the
// suite came to its own end (every case ran, passed or not), the last planned case was the one
// that broke, or the process made no progress (no case of the plan began at or after `from`).
std::string Runner::resume_point(const std::string &from) const
{
    if (o_.resume_plan.empty() || suite_done_ || (!failed_ && !broken_) || last_begun_.empty()) {
        return "";
    }
    const auto &plan = o_.resume_plan;
    auto at = std::find(plan.begin(), plan.end(), last_begun_);
    auto start = from.empty() ? plan.begin() : std::find(plan.begin(), plan.end(), from);
    if (at == plan.end() || at < start || at + 1 == plan.end()) {
        return "";
    }
    return *(at + 1);
}

// How the last QEMU process ended, against what the run expected.
void Runner::judge_end(const ProcessEnd &end)
{
    if (end.exited) {
        const int ws = end.wstatus;
        const std::string &reason = end.shutdown_reason;
        if (WIFSIGNALED(ws)) {
            fail("QEMU crashed (signal " + std::to_string(WTERMSIG(ws)) + "; see " + o_.out + "/qemu.stderr)");
        } else if (WEXITSTATUS(ws) != 0) {
            std::string err = read_head(o_.out + "/qemu.stderr", 300);
            fail("QEMU exited with status " + std::to_string(WEXITSTATUS(ws)) + ": " + err.substr(0, err.find('\n')));
        } else if (!o_.shutdown_case.empty()) {
            bool expected = reason == (o_.shutdown_case == "commit-vs-poweroff" ? "guest-shutdown" : "guest-reset");
            status("guest ended the boot itself (" + reason + ")" +
                   (expected ? ", as " + o_.shutdown_case + " does" : ": not what " + o_.shutdown_case + " does"));
            if (synthetic_) {
                // Host-side verdict; kernel reports in the bracket still fail the case.
                synthetic_("ingenic-lab: END " + o_.shutdown_case + (expected ? " pass" : " fail"));
            }
            if (!expected) {
                fail(o_.shutdown_case + " ended with " + reason);
            }
        } else if (o_.expect_poweroff && !poweroff_sent_ && (!o_.commands.empty() || !job_ended_)) {
            fail(std::string("guest powered off before ") +
                 (o_.commands.empty() ? "its job ended" : "it was asked to") + " (" +
                 (reason.empty() ? std::string("no shutdown event") : reason) + ")");
        } else if (o_.expect_poweroff && reason != "guest-shutdown") {
            fail("QEMU exited without a guest power-off (" + reason + ")");
        }
    } else if (!failed_ && o_.expect_poweroff) {
        fail("QEMU did not exit after power-off");
    }
    if (!failed_ && process_boots_ < o_.expect_boots) {
        fail("guest reached the ready marker " + std::to_string(process_boots_) + " times, expected " +
             std::to_string(o_.expect_boots));
    }
    qemu_exited_cleanly_ = end.exited && WIFEXITED(end.wstatus) && WEXITSTATUS(end.wstatus) == 0;
}

int Runner::run()
{
    if (mkdir(o_.out.c_str(), 0755) != 0 && errno != EEXIST) {
        std::fprintf(stderr, "lab-runner: cannot create output folder %s: %s\n", o_.out.c_str(),
                     std::strerror(errno));
        return 2;
    }
    std::string bad = check_inputs(o_);
    if (!bad.empty()) {
        std::fprintf(stderr, "lab-runner: %s\n", bad.c_str());
        return 2;
    }
    con_ = std::fopen((o_.out + "/console.log").c_str(), "wb");
    if (!con_) {
        std::fprintf(stderr, "lab-runner: cannot write %s/console.log\n", o_.out.c_str());
        return 2;
    }
    start_ = Clock::now();
    std::string from;
    for (;;) {
        processes_++;
        boot_start_ = last_output_ = Clock::now();
        job_over_ = suite_done_ = broken_ = boot_started_ = panic_ = poweroff_sent_ = job_ended_ = false;
        process_boots_ = resets_ = expected_resets_ = 0;
        next_cmd_ = 0;
        stuck_note_.clear();
        last_begun_.clear();
        failed_ = false;
        reason_.clear();
        if (!spawn(processes_, from)) {
            std::fprintf(stderr, "lab-runner: cannot start QEMU\n");
            return 2;
        }
        ProcessEnd end = supervise();
        stop_qemu(end);
        merge_qemu_log(processes_);
        std::string next = resume_point(from);
        if (next.empty()) {
            judge_end(end);
            break;
        }
        std::string why = broken_ ? "the device is broken after " + last_begun_ : reason_;
        resumes_.push_back({processes_, why, next});
        status("boot " + std::to_string(boots_) + " ended (" + why + "); resuming with " + next +
               " in a fresh boot");
        if (reboot_listener_) {
            reboot_listener_();
        }
        from = next;
    }
    std::fclose(con_);
    con_ = nullptr;

    if (!check_failures_.empty()) {
        std::string s;
        for (auto &c : check_failures_) {
            s += (s.empty() ? "" : ", ") + c;
        }
        fail("guest checks failed: " + s);
    }
    write_summary();
    return failed_ ? 1 : 0;
}

void Runner::write_summary()
{
    nlohmann::ordered_json j;
    j["ok"] = !failed_;
    j["reason"] = reason_;
    j["boots"] = boots_;
    j["processes"] = processes_;
    j["resets"] = resets_;
    j["first_ready_seconds"] = first_ready_s_;
    j["seconds"] = std::chrono::duration<double>(Clock::now() - start_).count();
    j["qemu_exit_clean"] = qemu_exited_cleanly_;
    j["screens"] = screens_;
    j["resumed"] = nlohmann::json::array();
    for (const auto &r : resumes_) {
        j["resumed"].push_back({{"after_process", r.process}, {"why", r.why}, {"from", r.from}});
    }
    std::ofstream(o_.out + "/runner.json") << j.dump(2) << "\n";
}

} // namespace lab
