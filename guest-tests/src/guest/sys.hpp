// Bounded operations. Anything that may block in the kernel (a sysfs write running a driver's
// unbind, an ioctl on a dying device, close() of the last fd, a module load) runs in a disposable
// thread that the caller waits for with a deadline. A thread stuck in D state is detached and
// reported as a timeout, so the binary itself never hangs; a thread killed inside the kernel (an
// oops kills only the offending task) is reported as vanished. SIGALRM cannot break an ioctl
// stuck in D state, hence threads, not signals; the host runner keeps its own watchdog.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace lab::sys {

double now();                  // CLOCK_MONOTONIC seconds
void sleep_s(double seconds);

enum class Ended { Done, Timeout, Vanished };
const char *ended_word(Ended e);

// A thread with all signals blocked, joinable with a deadline (pthread_timedjoin_np).
class Thread {
public:
    static std::shared_ptr<Thread> start(std::function<void()> fn, const char *name = nullptr);
    ~Thread();
    // Waits until `deadline` (a now() value). On timeout the thread is detached and counted as
    // stuck; later calls return Timeout at once.
    Ended join_until(double deadline);
    Ended join(double timeout_s) { return join_until(now() + timeout_s); }

    struct State; // shared with the running thread

private:
    Thread() = default;
    std::shared_ptr<State> st_;
    unsigned long tid_ = 0; // pthread_t
    bool joined_ = false, detached_ = false;
    Ended result_ = Ended::Done;
};

unsigned stuck_threads(); // threads detached while still running

struct Outcome {
    Ended ended = Ended::Done;
    int err = 0;        // errno of the operation when Done (0 = success)
    double seconds = 0; // how long it took (or waited)
    bool ok() const { return ended == Ended::Done && err == 0; }
    std::string describe() const; // "ok (0.12 s)", "ENODEV (0.01 s)", "timeout after 30 s", ...
};

// Runs fn, which reads or writes through a mapping that the kernel may revoke (drm_dev_unplug()
// unmaps every CPU mapping of a removed device's buffers, so a later access faults with SIGBUS).
// True when fn ran to its end, false when it faulted with SIGBUS; fn is cut short at the fault
// and must not own resources on its stack. A SIGBUS outside such a call still kills the process.
bool without_sigbus(const std::function<void()> &fn);

// The CPUs the calling thread may run on (sched_getaffinity), in ascending order.
std::vector<int> usable_cpus();
// Restricts the calling thread to `cpus` (threads it starts later inherit that); false with errno
// set when the kernel refuses.
bool run_on(const std::vector<int> &cpus);

// Runs fn (returns 0 or an errno) in a disposable thread, waiting at most timeout_s.
Outcome bounded(std::function<int()> fn, double timeout_s, const char *name = nullptr);

// open(O_WRONLY) + write(value) + close, bounded. err = errno of the failing step.
Outcome write_file(const std::string &path, const std::string &value, double timeout_s);
// Reads a whole (small) file, bounded; nullopt-like: returns false on error/timeout.
bool read_file(const std::string &path, std::string &out, double timeout_s, Outcome *how = nullptr);
// Plain, unbounded helpers for procfs/sysfs attributes that cannot block.
bool read_small(const std::string &path, std::string &out);
bool exists(const std::string &path);
std::vector<std::string> list_dir(const std::string &path);
std::string readlink_base(const std::string &path); // basename of a symlink's target, "" if none

struct Command {
    Ended ended = Ended::Done;
    int exit_code = -1;   // exit status (Done), -signal if killed by a signal
    std::string output;   // stdout + stderr (truncated to 4 KiB)
    double seconds = 0;
    bool ok() const { return ended == Ended::Done && exit_code == 0; }
    std::string describe() const;
};

// posix_spawnp + wait with a deadline. On timeout the child gets SIGKILL (which does not help in
// D state) and is left behind.
Command run(const std::vector<std::string> &argv, double timeout_s);

} // namespace lab::sys
