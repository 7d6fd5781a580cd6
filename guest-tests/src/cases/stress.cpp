// stress: many bind/unbind cycles, each with a modeset, then a kmemleak scan. Leaks are judged on
// the host from the console (the report is printed there); here the count is a diagnostic.
#include <cstdio>

#include "cases/common.hpp"

namespace lab::cases {
namespace {

const char *kKmemleak = "/sys/kernel/debug/kmemleak";

void bind_unbind_loop(Case &c)
{
    const auto &n = c.rt.names;
    bool kmemleak = sys::exists(kKmemleak);
    if (kmemleak) {
        // Forget what was there before, so the scan at the end reports this case's leaks only.
        sys::Outcome o = sys::write_file(kKmemleak, "clear", 60);
        c.diag("kmemleak clear: " + o.describe());
    } else {
        c.diag("kmemleak not available (no " + std::string(kKmemleak) + ")");
    }
    unsigned done = 0;
    double t0 = sys::now(), unbind_s = 0, bind_s = 0;
    for (unsigned it = 0; it < c.iterations; it++) {
        if (it > 0 && !c.within_duration()) {
            c.diag(strf("duration cap reached after %u iteration(s)", it));
            break;
        }
        std::string where = strf("iteration %u", it);
        c.step(where + ": open and modeset");
        auto card = c.open_card();
        const auto &primary = need_plane(c, *card, PlaneKind::Primary);
        auto fb = c.make_fb(*card, Format::XRGB8888, card->mode().hdisplay, card->mode().vdisplay);
        int rc = card->commit({show(&primary, *fb)}, kModeset);
        if (!c.check(rc == 0, where + ": modeset: " + errno_name(rc))) {
            return;
        }
        // Half of the cycles unbind with the fd (and the buffer mapping) still open, released
        // after the rebind; the others release both first.
        bool lateclose = c.rng.chance(50);
        if (!lateclose) {
            c.step(where + ": close and unmap");
            fb.reset();
            sys::Outcome cl = close_bounded(card);
            if (!cl.ok()) {
                (cl.ended == sys::Ended::Timeout ? c.mark_timeout(where + ": close " + cl.describe())
                                                 : c.fail(where + ": close " + cl.describe()));
                return;
            }
        }
        c.step(where + (lateclose ? ": unbind with the fd open" : ": unbind"));
        sys::Outcome u = platform::unbind(n.lcdc_dev, n.lcdc_drv);
        unbind_s += u.seconds;
        if (!u.ok()) {
            (u.ended == sys::Ended::Timeout ? c.mark_timeout(where + ": unbind " + u.describe())
                                            : c.fail(where + ": unbind " + u.describe()));
            return;
        }
        sys::Outcome b = platform::bind(n.lcdc_dev, n.lcdc_drv);
        bind_s += b.seconds;
        if (!b.ok()) {
            (b.ended == sys::Ended::Timeout ? c.mark_timeout(where + ": bind " + b.describe())
                                            : c.fail(where + ": bind " + b.describe()));
            return;
        }
        if (lateclose) {
            c.step(where + ": late close and unmap (final release of the old device)");
            fb.reset();
            sys::Outcome cl = close_bounded(card);
            if (!cl.ok()) {
                (cl.ended == sys::Ended::Timeout ? c.mark_timeout(where + ": late close " + cl.describe())
                                                 : c.fail(where + ": late close " + cl.describe()));
                return;
            }
        }
        done++;
    }
    double secs = sys::now() - t0;
    c.diag(strf("bench: cycles=%u seconds=%.2f cycles_per_s=%.3f unbind_s=%.3f bind_s=%.3f", done, secs,
                secs > 0 ? done / secs : 0.0, done ? unbind_s / done : 0.0, done ? bind_s / done : 0.0));
    if (!kmemleak) {
        return;
    }
    // kmemleak reports objects only once they are older than ~5 s and unreferenced in two scans.
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
    c.diag(strf("kmemleak: %zu suspected leak(s) after %u bind/unbind cycles", r.count, done));
    for (size_t i = 0; i < r.top_frames.size() && i < 10; i++) {
        c.diag("kmemleak: " + r.headers[i] + " in " + r.top_frames[i]);
    }
    if (r.count) {
        // To the console, in syzkaller's form, for the host's report collector.
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
}

} // namespace

LAB_REGISTER({"stress", "bind-unbind-loop", {"stress"},
              "Unbind/bind the LCDC in a loop with a modeset each cycle (half late-closed), then a kmemleak scan",
              kDestructive, 50, 600, bind_unbind_loop});

} // namespace lab::cases
