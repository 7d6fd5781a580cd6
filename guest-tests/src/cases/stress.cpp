// stress: many bind/unbind cycles, each with a modeset, then a kmemleak scan. Leaks are judged on
// the host from the console (the report is printed there); here the count is a diagnostic.
#include <cstdio>

#include "cases/common.hpp"

namespace lab::cases {
namespace {

const char *kKmemleak = "/sys/kernel/debug/kmemleak";

// Forgets the leaks kmemleak has already reported. An object that became unreferenced earlier in
// the boot but was not reported yet is still reported by this case's scan: the report's "comm",
// "pid" and "jiffies" lines say which earlier case allocated it. False when there is no kmemleak.
bool kmemleak_clear(Case &c)
{
    if (!sys::exists(kKmemleak)) {
        c.diag("kmemleak not available (no " + std::string(kKmemleak) + ")");
        return false;
    }
    sys::Outcome o = sys::write_file(kKmemleak, "clear", 60);
    c.diag("kmemleak clear: " + o.describe());
    return true;
}

struct CycleTimes {
    double unbind_s = 0, bind_s = 0;
};

// One cycle: open and modeset, then unbind and bind. Half of the cycles unbind with the fd (and
// the buffer mapping) still open, released after the rebind; the others release both first.
// False when the case must stop (recorded).
bool bind_unbind_cycle(Case &c, const std::string &where, CycleTimes &t)
{
    const auto &n = c.rt.names;
    c.step(where + ": open and modeset");
    auto card = c.open_card();
    const auto &primary = need_plane(c, *card, PlaneKind::Primary);
    auto fb = c.make_fb(*card, Format::XRGB8888, card->mode().hdisplay, card->mode().vdisplay);
    int rc = card->commit({show(&primary, *fb)}, kModeset);
    if (!c.check(rc == 0, where + ": modeset: " + errno_name(rc))) {
        return false;
    }
    bool lateclose = c.rng.chance(50);
    if (!lateclose) {
        c.step(where + ": close and unmap");
        fb.reset();
        sys::Outcome cl = close_bounded(card);
        if (!cl.ok()) {
            step_failed(c, where + ": close", cl);
            return false;
        }
    }
    c.step(where + (lateclose ? ": unbind with the fd open" : ": unbind"));
    sys::Outcome u = platform::unbind(n.lcdc_dev, n.lcdc_drv);
    t.unbind_s += u.seconds;
    if (!u.ok()) {
        step_failed(c, where + ": unbind", u);
        return false;
    }
    sys::Outcome b = platform::bind(n.lcdc_dev, n.lcdc_drv);
    t.bind_s += b.seconds;
    if (!b.ok()) {
        step_failed(c, where + ": bind", b);
        return false;
    }
    if (lateclose) {
        c.step(where + ": late close and unmap (final release of the old device)");
        fb.reset();
        sys::Outcome cl = close_bounded(card);
        if (!cl.ok()) {
            step_failed(c, where + ": late close", cl);
            return false;
        }
    }
    return true;
}

// kmemleak reports objects only once they are older than ~5 s and unreferenced in two scans.
// Suspected leaks go to the console in syzkaller's form, for the host's report collector.
void kmemleak_scan(Case &c, unsigned cycles)
{
    c.step("kmemleak scan");
    sys::sleep_s(6);
    for (int i = 0; i < 2; i++) {
        sys::Outcome o = sys::write_file(kKmemleak, "scan", 300);
        if (!o.ok()) {
            c.fail("kmemleak scan: " + o.describe());
            return;
        }
    }
    std::string text;
    sys::Outcome how;
    if (!sys::read_file(kKmemleak, text, 60, &how)) {
        c.fail("reading kmemleak: " + how.describe());
        return;
    }
    KmemleakReport r = parse_kmemleak(text);
    c.diag(strf("kmemleak: %zu suspected leak(s) after %u bind/unbind cycles", r.count, cycles));
    for (size_t i = 0; i < r.top_frames.size() && i < 10; i++) {
        c.diag("kmemleak: " + r.headers[i] + " in " + r.top_frames[i]);
    }
    if (!r.count) {
        return;
    }
    std::string out;
    size_t pos = 0;
    while ((pos = text.find("unreferenced object", pos)) != std::string::npos) {
        size_t next = text.find("unreferenced object", pos + 1);
        out += "BUG: memory leak\n" + text.substr(pos, next == std::string::npos ? std::string::npos : next - pos);
        pos = next == std::string::npos ? text.size() : next;
    }
    std::fwrite(out.data(), 1, out.size(), stdout);
    std::fflush(stdout);
}

void bind_unbind_loop(Case &c)
{
    bool kmemleak = kmemleak_clear(c);
    unsigned done = 0;
    double t0 = sys::now();
    CycleTimes t;
    for (unsigned it = 0; it < c.iterations; it++) {
        if (it > 0 && !c.within_duration()) {
            c.diag(strf("duration cap reached after %u iteration(s)", it));
            break;
        }
        if (!bind_unbind_cycle(c, strf("iteration %u", it), t)) {
            return;
        }
        done++;
    }
    double secs = sys::now() - t0;
    c.diag(strf("bench: cycles=%u seconds=%.2f cycles_per_s=%.3f unbind_s=%.3f bind_s=%.3f", done, secs,
                secs > 0 ? done / secs : 0.0, done ? t.unbind_s / done : 0.0, done ? t.bind_s / done : 0.0));
    if (kmemleak) {
        kmemleak_scan(c, done);
    }
}

} // namespace

LAB_REGISTER({"stress", "bind-unbind-loop", {"stress"},
              "Unbind/bind the LCDC in a loop with a modeset each cycle (half late-closed), then a kmemleak scan",
              kDestructive, 50, 600, bind_unbind_loop});

} // namespace lab::cases
