#include "guest/runtime.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include <drm_fourcc.h>

namespace lab {

std::vector<CaseSpec> &registry()
{
    static std::vector<CaseSpec> r;
    return r;
}

const std::vector<std::string> &suite_order()
{
    static const std::vector<std::string> order{"basic", "race", "rmmod", "stress", "shutdown"};
    return order;
}

std::vector<const CaseSpec *> ordered_cases()
{
    std::vector<const CaseSpec *> out;
    for (const auto &s : registry()) {
        out.push_back(&s);
    }
    auto rank = [](const std::string &suite) {
        const auto &o = suite_order();
        return size_t(std::find(o.begin(), o.end(), suite) - o.begin());
    };
    std::stable_sort(out.begin(), out.end(),
                     [&](const CaseSpec *a, const CaseSpec *b) { return rank(a->suite) < rank(b->suite); });
    return out;
}

// ---------------------------------------------------------------------------------------------
Case::Case(const CaseSpec &s, Runtime &r, uint64_t sd, unsigned it, double dur)
    : spec(s), rt(r), seed(sd), rng(sd), iterations(it), duration(dur), started(sys::now())
{
}

void Case::diag(const std::string &text)
{
    if (!abandoned()) {
        rt.diag(spec.name + ": " + text);
    }
}

void Case::fail(const std::string &why)
{
    {
        std::lock_guard<std::mutex> g(mu_);
        failures_.push_back(why);
    }
    diag("FAIL: " + why);
}

void Case::abort_case(const std::string &why)
{
    fail(why);
    throw CaseAbort{why};
}

void Case::mark_timeout(const std::string &why)
{
    {
        std::lock_guard<std::mutex> g(mu_);
        if (timeout_reason_.empty()) {
            timeout_reason_ = why;
        }
    }
    timed_out_ = true;
    fail("timeout: " + why);
}

void Case::step(const std::string &what)
{
    std::lock_guard<std::mutex> g(mu_);
    step_ = what;
}

std::string Case::current_step() const
{
    std::lock_guard<std::mutex> g(mu_);
    return step_;
}

std::string Case::timeout_reason() const
{
    std::lock_guard<std::mutex> g(mu_);
    return timeout_reason_;
}

std::vector<std::string> Case::failures() const
{
    std::lock_guard<std::mutex> g(mu_);
    return failures_;
}

bool Case::within_duration() const
{
    return elapsed() < duration;
}

double Case::elapsed() const
{
    return sys::now() - started;
}

void Case::screen(const std::string &tag, const kms::Card &card, const std::vector<kms::PlaneState> &scene)
{
    std::string name = spec.name + (tag.empty() ? "" : "-" + tag);
    diag("screen " + name + " " + pattern::to_string(kms::recipe_of(card, scene)));
    rt.kmsg("ingenic-lab: SCREEN " + name);
    sys::sleep_s(rt.opt.screen_delay_ms / 1000.0);
}

std::shared_ptr<kms::Card> Case::open_card()
{
    std::string node;
    if (!platform::wait_card(rt.names.lcdc_dev, platform::kCardTimeout, node)) {
        abort_case(strf("no DRM card on %s within %.0f s", rt.names.lcdc_dev.c_str(), platform::kCardTimeout));
    }
    std::string err;
    auto card = kms::Card::open(node, err);
    if (!card) {
        abort_case(err);
    }
    if (!card->discover(err)) {
        abort_case(node + ": " + err);
    }
    return card;
}

std::shared_ptr<kms::Fb> Case::make_fb(kms::Card &card, pattern::Format f, uint32_t w, uint32_t h)
{
    std::string err;
    uint64_t s = pattern::mix64(seed + 0x1000 + fb_serial_++) & 0xffffffffu;
    auto fb = card.create_fb(f, w, h, s, err);
    if (!fb) {
        abort_case(err);
    }
    return fb;
}

// ---------------------------------------------------------------------------------------------
Runtime &Runtime::get()
{
    static Runtime r;
    return r;
}

void Runtime::open_channels()
{
    if (opt.ktap_path != "-") {
        int fd = ::open(opt.ktap_path.c_str(), O_WRONLY | O_NOCTTY | O_CLOEXEC | O_APPEND | O_CREAT, 0644);
        if (fd >= 0) {
            if (isatty(fd)) {
                termios t{};
                if (tcgetattr(fd, &t) == 0) {
                    cfmakeraw(&t);
                    cfsetispeed(&t, B115200);
                    cfsetospeed(&t, B115200);
                    tcsetattr(fd, TCSANOW, &t);
                }
            }
            ktap_fd_ = fd;
        } else {
            std::fprintf(stdout, "ingenic-lab-tests: KTAP channel %s unavailable (%s): KTAP goes to stdout\n",
                         opt.ktap_path.c_str(), std::strerror(errno));
        }
    }
    ktap_stdout_ = ktap_fd_ < 0;
    int fd = ktap_fd_;
    ktap_ = std::make_unique<Ktap>([fd](const std::string &line) {
        if (fd < 0) {
            std::fwrite(line.data(), 1, line.size(), stdout);
            std::fflush(stdout);
            return;
        }
        size_t off = 0;
        while (off < line.size()) {
            ssize_t n = ::write(fd, line.data() + off, line.size() - off);
            if (n < 0 && errno == EINTR) {
                continue;
            }
            if (n <= 0) {
                break;
            }
            off += size_t(n);
        }
    });
    if (opt.kmsg) {
        // /dev/kmsg writers are rate limited (10 lines / 5 s per open file) unless this is "on".
        std::string cur;
        if (sys::read_small("/proc/sys/kernel/printk_devkmsg", cur) && cur.rfind("on", 0) != 0) {
            sys::write_file("/proc/sys/kernel/printk_devkmsg", "on\n", 5);
        }
    }
}

void Runtime::kmsg(const std::string &line)
{
    // The kernel echoes /dev/kmsg lines on the console, so stdout (also the console) only gets the
    // line when /dev/kmsg is off or unusable: a marker must appear exactly once.
    bool written = false;
    if (opt.kmsg) {
        // A fresh open per line: the rate limit is per open file, should printk_devkmsg be locked.
        int fd = ::open("/dev/kmsg", O_WRONLY | O_CLOEXEC);
        if (fd >= 0) {
            std::string l = line + "\n";
            written = ::write(fd, l.data(), l.size()) == ssize_t(l.size());
            ::close(fd);
        }
    }
    if (!written) {
        std::fprintf(stdout, "%s\n", line.c_str());
        std::fflush(stdout);
    }
}

void Runtime::diag(const std::string &text)
{
    ktap_->diag(text);
    if (!ktap_stdout_) {
        std::fprintf(stdout, "# %s\n", text.c_str());
        std::fflush(stdout);
    }
}

void Runtime::flush()
{
    if (ktap_) {
        ktap_->flush_pending();
    }
    std::fflush(stdout);
    if (ktap_fd_ >= 0 && isatty(ktap_fd_)) {
        tcdrain(ktap_fd_);
    }
}

std::string Runtime::broken_reason() const
{
    std::lock_guard<std::mutex> g(mu_);
    return broken_.empty() ? std::string() : "device broken after " + broken_by_ + ": " + broken_;
}

void Runtime::set_broken(const std::string &by_case, const std::string &why)
{
    std::lock_guard<std::mutex> g(mu_);
    if (broken_.empty()) {
        broken_ = why;
        broken_by_ = by_case;
    }
}

unsigned Runtime::iterations_for(const CaseSpec &s) const
{
    return opt.iterations ? *opt.iterations : s.default_iterations;
}

double Runtime::duration_cap() const
{
    return opt.duration ? *opt.duration : 180.0;
}

static std::string deferred_probes()
{
    std::string s;
    if (!sys::read_small("/sys/kernel/debug/devices_deferred", s)) {
        return "devices_deferred unreadable";
    }
    for (char &ch : s) {
        if (ch == '\n' || ch == '\t') {
            ch = ' ';
        }
    }
    return s.empty() ? "no deferred probes" : "deferred: " + s;
}

std::string Runtime::health_check()
{
    const auto &n = names;
    if (!platform::driver_registered(n.lcdc_drv)) {
        sys::Command c = platform::modprobe(n.modprobe);
        if (!c.ok()) {
            return "modprobe " + n.modprobe + ": " + c.describe();
        }
        double until = sys::now() + 5;
        while (!platform::driver_registered(n.lcdc_drv) && sys::now() < until) {
            sys::sleep_s(0.02);
        }
        if (!platform::driver_registered(n.lcdc_drv)) {
            return "driver " + n.lcdc_drv + " not registered after modprobe";
        }
    }
    if (ipu_expected && platform::device_exists(n.ipu_dev) && !platform::bound(n.ipu_dev, n.ipu_drv)) {
        sys::Outcome o = platform::bind(n.ipu_dev, n.ipu_drv);
        if (!o.ok() && !platform::bound(n.ipu_dev, n.ipu_drv)) {
            return "bind " + n.ipu_dev + " to " + n.ipu_drv + ": " + o.describe();
        }
    }
    if (!platform::bound(n.lcdc_dev, n.lcdc_drv)) {
        sys::Outcome o = platform::bind(n.lcdc_dev, n.lcdc_drv);
        if (!o.ok() && !platform::bound(n.lcdc_dev, n.lcdc_drv)) {
            return "bind " + n.lcdc_dev + " to " + n.lcdc_drv + ": " + o.describe();
        }
    }
    std::string node;
    if (!platform::wait_card(n.lcdc_dev, platform::kCardTimeout, node)) {
        return strf("no DRM card within %.0f s after rebind (%s)", platform::kCardTimeout, deferred_probes().c_str());
    }
    auto why = std::make_shared<std::string>();
    bool ipu = ipu_expected;
    sys::Outcome o = sys::bounded(
        [node, why, ipu]() -> int {
            std::string err;
            auto card = kms::Card::open(node, err);
            if (!card || !card->discover(err)) {
                *why = node + ": " + err;
                return EIO;
            }
            if (ipu && !card->plane(kms::PlaneKind::Ipu)) {
                *why = "the IPU plane did not come back (planes: " + std::to_string(card->planes().size()) + ")";
                return EIO;
            }
            const kms::Plane *primary = card->plane(kms::PlaneKind::Primary);
            if (!primary) {
                *why = "no primary plane";
                return EIO;
            }
            uint32_t w = card->mode().hdisplay, h = card->mode().vdisplay;
            auto a = card->create_fb(pattern::Format::XRGB8888, w, h, 1, err);
            auto b = a ? card->create_fb(pattern::Format::XRGB8888, w, h, 2, err) : nullptr;
            if (!a || !b) {
                *why = err;
                return EIO;
            }
            int rc = card->commit({{primary, a.get(), 0, 0, w, h}}, DRM_MODE_ATOMIC_ALLOW_MODESET);
            if (rc) {
                *why = "modeset: " + errno_name(rc);
                return -rc;
            }
            rc = card->flip({{primary, b.get(), 0, 0, w, h}}, DRM_MODE_ATOMIC_NONBLOCK | DRM_MODE_PAGE_FLIP_EVENT);
            if (rc) {
                *why = "page flip: " + errno_name(rc);
                return -rc;
            }
            int ev = card->read_events(2000);
            if (ev <= 0) {
                *why = ev == 0 ? "no flip event within 2 s (vblank interrupt dead?)" : "reading events: " + errno_name(ev);
                return EIO;
            }
            return 0;
        },
        30, "health");
    if (o.ended != sys::Ended::Done) {
        return "reopen+modeset " + o.describe();
    }
    if (o.err) {
        return *why;
    }
    return {};
}

bool Runtime::ipu_plane_present(std::string &why)
{
    if (!platform::device_exists(names.ipu_dev)) {
        why = "no IPU device (" + names.ipu_dev + ") on this board";
        return false;
    }
    if (!platform::bound(names.ipu_dev, names.ipu_drv)) {
        why = names.ipu_dev + " is not bound to " + names.ipu_drv;
        return false;
    }
    std::string node = platform::card_node(names.lcdc_dev);
    if (node.empty()) {
        return true; // the case will fail to open the card and say so
    }
    auto found = std::make_shared<std::atomic<int>>(-1);
    sys::Outcome o = sys::bounded(
        [node, found]() -> int {
            std::string err;
            auto card = kms::Card::open(node, err);
            if (!card || !card->discover(err)) {
                return EIO;
            }
            *found = card->plane(kms::PlaneKind::Ipu) ? 1 : 0;
            return 0;
        },
        20, "ipu-probe");
    if (o.ok() && *found == 0) {
        why = "the DRM device has no IPU plane (no overlay plane with YUV formats)";
        return false;
    }
    return true;
}

// ---------------------------------------------------------------------------------------------
sys::Outcome close_bounded(std::shared_ptr<kms::Card> card, double timeout_s)
{
    if (!card) {
        return {};
    }
    int fd = card->release();
    if (fd < 0) {
        return {};
    }
    return sys::bounded([fd]() -> int { return ::close(fd) == 0 ? 0 : errno; }, timeout_s, "close");
}

void Workers::spawn(std::function<void()> fn, const char *name)
{
    threads_.push_back(sys::Thread::start(std::move(fn), name));
}

Workers::Joined Workers::join(double timeout_s)
{
    *stop = true;
    Joined j;
    double deadline = sys::now() + timeout_s;
    for (auto &t : threads_) {
        switch (t->join_until(deadline)) {
        case sys::Ended::Done:
            j.done++;
            break;
        case sys::Ended::Vanished:
            j.vanished++;
            break;
        case sys::Ended::Timeout:
            j.stuck++;
            break;
        }
    }
    threads_.clear();
    return j;
}

} // namespace lab
