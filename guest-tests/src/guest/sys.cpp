#include "guest/sys.hpp"

#include <cerrno>
#include <cmath>
#include <csignal>
#include <cstring>
#include <ctime>
#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <setjmp.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/util.hpp"

extern char **environ;

namespace lab::sys {

double now()
{
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return double(ts.tv_sec) + double(ts.tv_nsec) / 1e9;
}

void sleep_s(double s)
{
    if (s <= 0) {
        return;
    }
    timespec ts{time_t(s), long((s - std::floor(s)) * 1e9)};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
}

const char *ended_word(Ended e)
{
    switch (e) {
    case Ended::Done:
        return "done";
    case Ended::Timeout:
        return "timeout";
    case Ended::Vanished:
        return "vanished";
    }
    return "?";
}

static std::atomic<unsigned> g_stuck{0};

unsigned stuck_threads()
{
    return g_stuck.load();
}

struct Thread::State {
    std::function<void()> fn;
    std::atomic<bool> finished{false};
    std::string name;
};

static void *thread_main(void *arg)
{
    auto *holder = static_cast<std::shared_ptr<Thread::State> *>(arg);
    std::shared_ptr<Thread::State> st = *holder;
    delete holder;
    sigset_t all;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, nullptr);
    if (!st->name.empty()) {
        pthread_setname_np(pthread_self(), st->name.substr(0, 15).c_str());
    }
    try {
        st->fn();
    } catch (...) {
        // Callers catch their own exceptions; anything else must not take the process down.
    }
    st->fn = nullptr; // drop captured state here, not in whichever thread drops the last ref
    st->finished = true;
    return nullptr;
}

std::shared_ptr<Thread> Thread::start(std::function<void()> fn, const char *name)
{
    std::shared_ptr<Thread> t(new Thread());
    t->st_ = std::make_shared<State>();
    t->st_->fn = std::move(fn);
    t->st_->name = name ? name : "";
    auto *holder = new std::shared_ptr<State>(t->st_);
    pthread_t tid;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, 1024 * 1024);
    int rc = pthread_create(&tid, &attr, thread_main, holder);
    pthread_attr_destroy(&attr);
    if (rc != 0) {
        delete holder;
        // Run inline rather than lose the work; callers see it as done.
        t->st_->fn();
        t->st_->finished = true;
        t->joined_ = true;
        return t;
    }
    t->tid_ = (unsigned long)tid;
    return t;
}

Thread::~Thread()
{
    if (!joined_ && !detached_ && tid_) {
        // Never block in a destructor: give it a moment, then let it go.
        if (join_until(now() + 0.5) == Ended::Timeout) {
            return;
        }
    }
}

Ended Thread::join_until(double deadline)
{
    if (joined_) {
        return result_;
    }
    if (detached_) {
        return Ended::Timeout;
    }
    while (true) {
        double left = deadline - now();
        if (left < 0) {
            left = 0;
        }
        timespec abs{};
        clock_gettime(CLOCK_REALTIME, &abs);
        double frac = left - std::floor(left);
        abs.tv_sec += time_t(left);
        abs.tv_nsec += long(frac * 1e9);
        if (abs.tv_nsec >= 1000000000L) {
            abs.tv_sec++;
            abs.tv_nsec -= 1000000000L;
        }
        int rc = pthread_timedjoin_np((pthread_t)tid_, nullptr, &abs);
        if (rc == 0) {
            joined_ = true;
            result_ = st_->finished ? Ended::Done : Ended::Vanished;
            return result_;
        }
        if (rc == ETIMEDOUT) {
            if (now() < deadline) {
                continue; // realtime clock stepped
            }
            pthread_detach((pthread_t)tid_);
            detached_ = true;
            g_stuck++;
            return Ended::Timeout;
        }
        if (rc != EINTR) {
            // EINVAL/ESRCH: not joinable any more; treat as gone.
            joined_ = true;
            result_ = st_->finished ? Ended::Done : Ended::Vanished;
            return result_;
        }
    }
}

std::string Outcome::describe() const
{
    switch (ended) {
    case Ended::Timeout:
        return strf("timeout after %.1f s", seconds);
    case Ended::Vanished:
        return strf("thread vanished after %.2f s (killed inside the kernel?)", seconds);
    case Ended::Done:
        break;
    }
    return strf("%s (%.2f s)", err ? errno_name(err).c_str() : "ok", seconds);
}

namespace {

thread_local sigjmp_buf *sigbus_jump = nullptr;

void on_sigbus(int sig)
{
    if (sigbus_jump) {
        siglongjmp(*sigbus_jump, 1);
    }
    // Not inside without_sigbus(): the default action, as if there were no handler.
    signal(sig, SIG_DFL);
    raise(sig);
}

} // namespace

bool without_sigbus(const std::function<void()> &fn)
{
    static const bool installed = [] {
        struct sigaction sa {};
        sa.sa_handler = on_sigbus;
        sigemptyset(&sa.sa_mask);
        return sigaction(SIGBUS, &sa, nullptr) == 0;
    }();
    (void)installed;
    // Our threads block every signal, and a fault's SIGBUS that is blocked kills the process
    // whatever its handler: unblock it for fn. sigsetjmp saves the caller's mask; the jump back
    // restores it.
    sigset_t bus, before;
    sigemptyset(&bus);
    sigaddset(&bus, SIGBUS);
    sigjmp_buf here;
    sigjmp_buf *outer = sigbus_jump;
    if (sigsetjmp(here, 1) != 0) {
        sigbus_jump = outer;
        return false;
    }
    sigbus_jump = &here;
    pthread_sigmask(SIG_UNBLOCK, &bus, &before);
    fn();
    pthread_sigmask(SIG_SETMASK, &before, nullptr);
    sigbus_jump = outer;
    return true;
}

std::vector<int> usable_cpus()
{
    std::vector<int> out;
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof(set), &set) != 0) {
        return out;
    }
    for (int cpu = 0; cpu < CPU_SETSIZE; cpu++) {
        if (CPU_ISSET(cpu, &set)) {
            out.push_back(cpu);
        }
    }
    return out;
}

bool run_on(const std::vector<int> &cpus)
{
    cpu_set_t set;
    CPU_ZERO(&set);
    for (int cpu : cpus) {
        if (cpu >= 0 && cpu < CPU_SETSIZE) {
            CPU_SET(cpu, &set);
        }
    }
    return sched_setaffinity(0, sizeof(set), &set) == 0; // 0: the calling thread
}

Outcome bounded(std::function<int()> fn, double timeout_s, const char *name)
{
    auto err = std::make_shared<std::atomic<int>>(0);
    double t0 = now();
    auto t = Thread::start([fn = std::move(fn), err] { *err = fn(); }, name);
    Outcome o;
    o.ended = t->join(timeout_s);
    o.seconds = now() - t0;
    o.err = o.ended == Ended::Done ? err->load() : 0;
    return o;
}

Outcome write_file(const std::string &path, const std::string &value, double timeout_s)
{
    return bounded(
        [path, value]() -> int {
            int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
            if (fd < 0) {
                return errno;
            }
            ssize_t n = ::write(fd, value.data(), value.size());
            int e = n < 0 ? errno : (size_t(n) != value.size() ? EIO : 0);
            if (::close(fd) != 0 && e == 0) {
                e = errno;
            }
            return e;
        },
        timeout_s, "sysfs-write");
}

bool read_small(const std::string &path, std::string &out)
{
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return false;
    }
    out.clear();
    char buf[4096];
    while (true) {
        ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            bool ok = n == 0;
            ::close(fd);
            return ok;
        }
        out.append(buf, size_t(n));
        if (out.size() > (64u << 20)) {
            ::close(fd);
            return true;
        }
    }
}

bool read_file(const std::string &path, std::string &out, double timeout_s, Outcome *how)
{
    auto buf = std::make_shared<std::string>();
    Outcome o = bounded([path, buf]() -> int { return read_small(path, *buf) ? 0 : (errno ? errno : EIO); },
                        timeout_s, "read");
    if (how) {
        *how = o;
    }
    if (!o.ok()) {
        return false;
    }
    out = *buf;
    return true;
}

bool exists(const std::string &path)
{
    struct stat st;
    return ::stat(path.c_str(), &st) == 0;
}

std::vector<std::string> list_dir(const std::string &path)
{
    std::vector<std::string> out;
    DIR *d = ::opendir(path.c_str());
    if (!d) {
        return out;
    }
    while (dirent *e = ::readdir(d)) {
        if (std::strcmp(e->d_name, ".") && std::strcmp(e->d_name, "..")) {
            out.emplace_back(e->d_name);
        }
    }
    ::closedir(d);
    return out;
}

std::string readlink_base(const std::string &path)
{
    char buf[512];
    ssize_t n = ::readlink(path.c_str(), buf, sizeof buf - 1);
    if (n <= 0) {
        return {};
    }
    std::string s(buf, size_t(n));
    size_t slash = s.rfind('/');
    return slash == std::string::npos ? s : s.substr(slash + 1);
}

std::string Command::describe() const
{
    std::string out = output;
    while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) {
        out.pop_back();
    }
    for (char &c : out) {
        if (c == '\n') {
            c = '|';
        }
    }
    std::string tail = out.empty() ? "" : ": " + out;
    switch (ended) {
    case Ended::Timeout:
        return strf("timeout after %.1f s", seconds) + tail;
    case Ended::Vanished:
        return "vanished" + tail;
    case Ended::Done:
        break;
    }
    if (exit_code < 0) {
        return strf("killed by signal %d (%.2f s)", -exit_code, seconds) + tail;
    }
    return strf("exit %d (%.2f s)", exit_code, seconds) + tail;
}

Command run(const std::vector<std::string> &argv, double timeout_s)
{
    Command c;
    double t0 = now();
    int pipefd[2];
    if (pipe2(pipefd, O_CLOEXEC) != 0) {
        c.output = "pipe: " + std::string(std::strerror(errno));
        return c;
    }
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, pipefd[1], 1);
    posix_spawn_file_actions_adddup2(&fa, pipefd[1], 2);
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    sigset_t none;
    sigemptyset(&none);
    posix_spawnattr_setsigmask(&attr, &none);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK);
    std::vector<char *> args;
    for (const auto &a : argv) {
        args.push_back(const_cast<char *>(a.c_str()));
    }
    args.push_back(nullptr);
    pid_t pid = -1;
    int rc = posix_spawnp(&pid, args[0], &fa, &attr, args.data(), environ);
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&attr);
    ::close(pipefd[1]);
    if (rc != 0) {
        ::close(pipefd[0]);
        c.output = "spawn " + argv[0] + ": " + std::strerror(rc);
        c.exit_code = 127;
        c.seconds = now() - t0;
        return c;
    }
    double deadline = t0 + timeout_s;
    bool eof = false;
    while (true) {
        int status = 0;
        pid_t w = waitpid(pid, &status, WNOHANG);
        if (w == pid) {
            // drain what is left
            char buf[512];
            ssize_t n;
            while (!eof && (n = ::read(pipefd[0], buf, sizeof buf)) > 0) {
                if (c.output.size() < 4096) {
                    c.output.append(buf, size_t(n));
                }
            }
            c.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
            break;
        }
        if (now() >= deadline) {
            ::kill(pid, SIGKILL);
            c.ended = Ended::Timeout;
            break;
        }
        pollfd p{pipefd[0], POLLIN, 0};
        if (!eof && ::poll(&p, 1, 20) > 0) {
            char buf[512];
            ssize_t n = ::read(pipefd[0], buf, sizeof buf);
            if (n > 0) {
                if (c.output.size() < 4096) {
                    c.output.append(buf, size_t(n));
                }
            } else if (n == 0) {
                eof = true;
            }
        } else if (eof) {
            sleep_s(0.02);
        }
    }
    ::close(pipefd[0]);
    c.seconds = now() - t0;
    return c;
}

} // namespace lab::sys
