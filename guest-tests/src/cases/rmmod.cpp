// rmmod: module removal against work still queued in the kernel. The ingenic_drm module carries
// both ingenic-drm and ingenic-ipu. An open DRM fd or an exported dma-buf pins the module; once
// the last one is closed rmmod may proceed, and anything the module left behind (a non-blocking
// commit's work, a drmm action, a dma-buf release) must not run its code after that.
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <linux/dma-buf.h>

#include "cases/common.hpp"

namespace lab::cases {
namespace {

bool is_busy(const sys::Command &r)
{
    return r.ended == sys::Ended::Done && r.exit_code != 0 &&
           (r.output.find("in use") != std::string::npos || r.output.find("busy") != std::string::npos ||
            r.output.find("Resource temporarily") != std::string::npos);
}

// rmmod, retried while the module is in use, for up to `patience` seconds.
sys::Command rmmod_until(Case &c, double patience, unsigned &busy)
{
    double until = sys::now() + patience;
    while (true) {
        sys::Command r = platform::rmmod(c.rt.names.module);
        if (!is_busy(r) || sys::now() >= until) {
            return r;
        }
        busy++;
        sys::sleep_s(0.01);
    }
}

// Why rmmod may legitimately be refused: our own process still holds DRM files (typically left by
// a thread an oops killed, whose buffers stay mapped). Otherwise a refusal means a leaked reference.
std::string refusal_cause()
{
    std::string own = platform::own_drm_references();
    return own.empty() ? " (no DRM fd, mapping or dma-buf left in this process: module reference leaked?)"
                       : " (this process still holds " + own + ", e.g. left by a thread killed in the kernel)";
}

bool load_and_wait(Case &c, const std::string &where)
{
    sys::Command m = platform::modprobe(c.rt.names.modprobe);
    if (m.ended == sys::Ended::Timeout) {
        c.mark_timeout(where + ": modprobe " + m.describe());
        return false;
    }
    if (!m.ok()) {
        c.fail(where + ": modprobe " + c.rt.names.modprobe + ": " + m.describe());
        return false;
    }
    std::string node;
    if (!platform::wait_card(c.rt.names.lcdc_dev, platform::kCardTimeout, node)) {
        c.fail(where + strf(": no DRM card %.0f s after modprobe", platform::kCardTimeout));
        return false;
    }
    return true;
}

bool require_module(Case &c)
{
    if (!platform::module_loaded(c.rt.names.module)) {
        c.abort_case(c.rt.names.module + " is not a loaded module (built in?): nothing to remove");
    }
    return true;
}

// The opener of rmmod-vs-commit: open, non-blocking modeset, close, as fast as it can, until
// stopped; counts what it saw (an open that succeeds once rmmod has returned is a bug).
void start_opener(Workers &w, const std::string &node, std::shared_ptr<Tally> tally,
                  std::shared_ptr<std::atomic<bool>> rmmod_done)
{
    auto stop = w.stop;
    w.spawn(
        [node, tally, rmmod_done, stop]() {
            while (!*stop) {
                bool after = *rmmod_done;
                std::string err;
                int e = 0;
                auto card = kms::Card::open(node, err, &e);
                if (!card) {
                    // Gone (ENOENT), or the module is going (ENODEV/ENXIO): all fine.
                    bool expected = e == ENOENT || e == ENODEV || e == ENXIO;
                    tally->add("open " + errno_name(e));
                    if (!expected) {
                        tally->add("open unexpected-error");
                    }
                    sys::sleep_s(0.002);
                    continue;
                }
                if (after) {
                    tally->add("open accepted-after-rmmod");
                }
                tally->add("open ok");
                if (card->discover(err)) {
                    const kms::Plane *p = card->plane(PlaneKind::Primary);
                    std::string e2;
                    auto fb = p ? card->create_fb(Format::XRGB8888, card->mode().hdisplay, card->mode().vdisplay, 3, e2)
                                : nullptr;
                    if (fb) {
                        int rc = card->commit({show(p, *fb)}, kModeset | kNonblock);
                        tally->add("opener-commit " + errno_name(rc));
                    }
                }
                // card closes here, possibly with the commit still queued
            }
        },
        "opener");
}

// Queues non-blocking work on a fresh fd, then closes it and unmaps its buffers with the work in
// flight. Returns the card's node, or "" when the close failed (recorded).
std::string close_with_work_queued(Case &c, const std::string &where, RaceShared &s)
{
    prepare_primary(c, s);
    unsigned queued = unsigned(c.rng.range(1, 4));
    for (unsigned q = 0; q < queued; q++) {
        int rc = s.card->flip({s.scene_plane(q + 1)}, kNonblock | kEvent);
        s.record("nonblock-flip", rc, false);
    }
    if (c.rng.chance(50)) {
        int rc = s.card->commit({s.scene_plane(0)}, kModeset | kNonblock);
        s.record("nonblock-modeset", rc, false);
    }
    std::string node = s.card->node();
    c.step(where + ": close with work queued");
    sys::Outcome cl = close_bounded(s.card);
    if (!cl.ok()) {
        step_failed(c, where + ": close with work queued", cl);
        return "";
    }
    // Buffer mappings keep the file (and so the module) referenced: drop them too.
    c.step(where + ": unmapping the buffers");
    s.fbs.clear();
    s.card.reset();
    return node;
}

// rmmod as it ends after the opener stopped: refused while busy is fine, but with every fd
// closed the module must go. False (recorded) when it does not.
bool judge_rmmod(Case &c, const std::string &where, sys::Command r, unsigned &busy_total)
{
    if (r.ended == sys::Ended::Timeout) {
        c.mark_timeout(where + ": rmmod " + r.describe());
        return false;
    }
    if (!r.ok() && !is_busy(r)) {
        c.fail(where + ": rmmod failed: " + r.describe() +
               (r.exit_code < 0 ? " (killed: an oops while removing the module?)" : ""));
        return false;
    }
    if (!r.ok()) {
        unsigned more = 0;
        r = rmmod_until(c, 10, more);
        busy_total += more;
        if (!r.ok()) {
            c.fail(where + (is_busy(r) ? ": rmmod still refused 10 s after the last fd was closed: " + r.describe() +
                                             refusal_cause()
                                       : ": rmmod failed: " + r.describe()));
            return false;
        }
    }
    return true;
}

// Non-blocking flips are left queued when the fd is closed and the module removed; meanwhile an
// opener thread keeps opening the card, committing and closing.
void rmmod_vs_commit(Case &c)
{
    require_module(c);
    unsigned done = 0, busy_total = 0;
    Tally total;
    double t0 = sys::now();
    for (unsigned it = 0; it < c.iterations; it++) {
        if (it > 0 && !c.within_duration()) {
            c.diag(strf("duration cap reached after %u iteration(s)", it));
            break;
        }
        std::string where = strf("iteration %u", it);
        auto s = std::make_shared<RaceShared>();
        std::string node = close_with_work_queued(c, where, *s);
        if (node.empty()) {
            return;
        }
        c.step(where + ": rmmod against the opener");
        Workers w;
        auto tally = std::make_shared<Tally>();
        auto rmmod_done = std::make_shared<std::atomic<bool>>(false);
        start_opener(w, node, tally, rmmod_done);
        unsigned busy = 0;
        sys::Command r = rmmod_until(c, 5, busy);
        *rmmod_done = r.ok();
        sys::sleep_s(0.05);
        Workers::Joined j = w.join(15);
        busy_total += busy;
        total.merge(*tally);
        total.merge(s->tally);
        if (j.stuck || j.vanished) {
            (j.stuck ? c.mark_timeout(where + ": the opener thread is stuck in the kernel")
                     : c.fail(where + ": the opener thread was killed inside the kernel (oops?)"));
            return;
        }
        if (!judge_rmmod(c, where, r, busy_total)) {
            return;
        }
        c.step(where + ": modprobe");
        if (!load_and_wait(c, where)) {
            return;
        }
        done++;
    }
    double secs = sys::now() - t0;
    c.diag(strf("%u iteration(s) in %.1f s, rmmod busy retries %u: %s", done, secs, busy_total,
                summary_of(total).c_str()));
    c.diag(strf("bench: cycles=%u seconds=%.2f cycles_per_s=%.3f", done, secs, secs > 0 ? done / secs : 0.0));
    c.check(total.get("open accepted-after-rmmod") == 0,
            strf("%llu open(s) of the card succeeded after rmmod had returned",
                 (unsigned long long)total.get("open accepted-after-rmmod")));
    c.check(total.get("open unexpected-error") == 0, "open after rmmod failed with an unexpected error");
    if (done == 0 && c.failures().empty()) {
        c.fail("no iteration completed");
    }
}

// A dumb buffer exported as a dma-buf outlives its DRM fd, the unbind and (if the module lets
// itself be removed) rmmod; the dma-buf is used and closed last.
// A buffer on screen, exported as a dma-buf and mapped through it (map is null when the mmap
// failed; that was recorded).
struct ExportedFb {
    std::shared_ptr<kms::Card> card;
    std::shared_ptr<kms::Fb> fb;
    int dmabuf = -1;
    void *map = nullptr;
    size_t size = 0;
    pattern::Layout layout;
    uint64_t seed = 0;
    uint32_t w = 0, h = 0;

    // Nine points of the test pattern, read through the dma-buf mapping at base.
    bool holds_pattern(const uint8_t *base) const
    {
        for (uint32_t y : {1u, h / 2, h - 2}) {
            for (uint32_t x : {1u, w / 2, w - 2}) {
                if (pattern::decode_at(layout, base, x, y) != pattern::expected(layout.format, w, h, seed, x, y)) {
                    return false;
                }
            }
        }
        return true;
    }
};

// Opens the card, shows a full-screen buffer, exports it and maps the dma-buf.
ExportedFb export_on_screen_fb(Case &c, const std::string &where)
{
    ExportedFb e;
    e.card = c.open_card();
    const auto &primary = need_plane(c, *e.card, PlaneKind::Primary);
    e.w = e.card->mode().hdisplay;
    e.h = e.card->mode().vdisplay;
    e.fb = c.make_fb(*e.card, Format::XRGB8888, e.w, e.h);
    int rc = e.card->commit({show(&primary, *e.fb)}, kModeset);
    if (rc) {
        c.abort_case(where + ": modeset: " + errno_name(rc));
    }
    rc = e.card->export_prime(*e.fb, e.dmabuf);
    if (rc || e.dmabuf < 0) {
        c.abort_case(where + ": PRIME export: " + errno_name(rc));
    }
    e.size = size_t(e.fb->size);
    e.layout = e.fb->layout;
    e.seed = e.fb->seed;
    e.map = mmap(nullptr, e.size, PROT_READ | PROT_WRITE, MAP_SHARED, e.dmabuf, 0);
    if (e.map == MAP_FAILED) {
        c.fail(where + ": mmap of the dma-buf: " + errno_name(errno));
        e.map = nullptr;
    }
    if (e.map) {
        c.check(e.holds_pattern(static_cast<uint8_t *>(e.map)), where + ": the dma-buf mapping does not show the buffer");
    }
    return e;
}

// After unbind/rmmod: the buffer must still hold its contents through the dma-buf mapping,
// unless the unplug revoked that mapping (drm_dev_unplug() unmaps the removed device's buffers:
// SIGBUS); and DMA_BUF_IOCTL_SYNC must return. False when the case must stop (recorded).
bool dmabuf_survives_removal(Case &c, ExportedFb &e, const std::string &where, bool first)
{
    if (e.map) {
        bool holds = false;
        const uint8_t *base = static_cast<uint8_t *>(e.map);
        if (sys::without_sigbus([&holds, &e, base] { holds = e.holds_pattern(base); })) {
            c.check(holds, where + ": the dma-buf lost its contents after unbind/rmmod");
        } else if (first) {
            c.diag(where + ": the dma-buf mapping is revoked after the unbind (SIGBUS on read)");
        }
        munmap(e.map, e.size);
        e.map = nullptr;
    }
    int dmabuf = e.dmabuf;
    auto sync_ok = sys::bounded(
        [dmabuf]() -> int {
            dma_buf_sync sync{};
            sync.flags = DMA_BUF_SYNC_RW | DMA_BUF_SYNC_START;
            if (ioctl(dmabuf, DMA_BUF_IOCTL_SYNC, &sync) != 0) {
                return errno;
            }
            sync.flags = DMA_BUF_SYNC_RW | DMA_BUF_SYNC_END;
            return ioctl(dmabuf, DMA_BUF_IOCTL_SYNC, &sync) != 0 ? errno : 0;
        },
        10, "dmabuf-sync");
    if (sync_ok.ended != sys::Ended::Done) {
        step_failed(c, where + ": DMA_BUF_IOCTL_SYNC", sync_ok);
        return false;
    }
    c.diag(where + ": DMA_BUF_IOCTL_SYNC after unbind: " + errno_name(sync_ok.err));
    return true;
}

// The DRM fd goes first (with the buffer on screen) and our mapping of the dumb buffer through
// it, so only the dma-buf holds the buffer (and the device); then the driver: unbind, rmmod.
// Sets removed when rmmod succeeded (it may be refused while the dma-buf pins the module).
// False when the case must stop (recorded).
bool remove_driver_under_dmabuf(Case &c, ExportedFb &e, const std::string &where, bool &removed)
{
    const auto &n = c.rt.names;
    c.step(where + ": closing the DRM fd");
    sys::Outcome cl = close_bounded(e.card);
    e.card.reset();
    if (!cl.ok()) {
        step_failed(c, where + ": close", cl);
        return false;
    }
    c.step(where + ": unmapping the dumb buffer");
    e.fb.reset();
    c.step(where + ": unbind with the dma-buf open");
    sys::Outcome u = platform::unbind(n.lcdc_dev, n.lcdc_drv);
    if (!u.ok()) {
        step_failed(c, where + ": unbind", u);
        return false;
    }
    c.step(where + ": rmmod with the dma-buf open");
    sys::Command r = platform::rmmod(n.module);
    if (r.ended == sys::Ended::Timeout) {
        c.mark_timeout(where + ": rmmod with a dma-buf open " + r.describe());
        return false;
    }
    removed = r.ok();
    c.diag(where + ": rmmod with the dma-buf open: " + (removed ? "module removed" : r.describe()));
    if (!removed && !is_busy(r)) {
        c.fail(where + ": rmmod with the dma-buf open failed: " + r.describe() +
               (r.exit_code < 0 ? " (killed: an oops while removing the module?)" : ""));
        return false;
    }
    return true;
}

// Late close: the last reference to the drm_device (and maybe to the module) goes now; then the
// module goes if it had been refused. False when the case must stop (recorded).
bool late_close_dmabuf(Case &c, ExportedFb &e, const std::string &where, bool removed)
{
    c.step(where + ": late close of the dma-buf");
    int dmabuf = e.dmabuf;
    e.dmabuf = -1;
    sys::Outcome dc = sys::bounded([dmabuf]() -> int { return ::close(dmabuf) == 0 ? 0 : errno; }, 20, "dmabuf-close");
    if (!dc.ok()) {
        step_failed(c, where + ": late close of the dma-buf", dc);
        return false;
    }
    if (!removed) {
        unsigned busy = 0;
        sys::Command r = rmmod_until(c, 10, busy);
        if (!r.ok()) {
            c.fail(where + ": rmmod after the dma-buf was closed: " + r.describe() +
                   (is_busy(r) ? refusal_cause() : std::string()));
            return false;
        }
    }
    return true;
}

void rmmod_with_dmabuf_lateclose(Case &c)
{
    require_module(c);
    for (unsigned it = 0; it < c.iterations; it++) {
        if (it > 0 && !c.within_duration()) {
            break;
        }
        std::string where = strf("iteration %u", it);
        ExportedFb e = export_on_screen_fb(c, where);
        bool removed = false;
        if (!remove_driver_under_dmabuf(c, e, where, removed) || !dmabuf_survives_removal(c, e, where, it == 0) ||
            !late_close_dmabuf(c, e, where, removed) || !load_and_wait(c, where)) {
            return;
        }
    }
}

void modprobe_rmmod_loop(Case &c)
{
    require_module(c);
    unsigned done = 0;
    double t0 = sys::now();
    for (unsigned it = 0; it < c.iterations; it++) {
        if (it > 0 && !c.within_duration()) {
            c.diag(strf("duration cap reached after %u iteration(s)", it));
            break;
        }
        std::string where = strf("iteration %u", it);
        unsigned busy = 0;
        sys::Command r = rmmod_until(c, 10, busy);
        if (r.ended == sys::Ended::Timeout) {
            c.mark_timeout(where + ": rmmod " + r.describe());
            return;
        }
        if (!r.ok()) {
            c.fail(where + ": rmmod: " + r.describe() + (is_busy(r) ? refusal_cause() : std::string()));
            return;
        }
        c.check(platform::card_node(c.rt.names.lcdc_dev).empty(), where + ": the card is still there after rmmod");
        if (!load_and_wait(c, where)) {
            return;
        }
        auto card = c.open_card();
        const auto &primary = need_plane(c, *card, PlaneKind::Primary);
        auto fb = c.make_fb(*card, Format::XRGB8888, card->mode().hdisplay, card->mode().vdisplay);
        int rc = card->commit({show(&primary, *fb)}, kModeset);
        if (!c.check(rc == 0, where + ": modeset after modprobe: " + errno_name(rc))) {
            return;
        }
        sys::Outcome cl = close_bounded(card);
        if (!cl.ok()) {
            step_failed(c, where + ": close", cl);
            return;
        }
        done++;
    }
    double secs = sys::now() - t0;
    c.diag(strf("bench: cycles=%u seconds=%.2f cycles_per_s=%.3f", done, secs, secs > 0 ? done / secs : 0.0));
}

} // namespace

LAB_REGISTER({"rmmod", "rmmod-vs-commit", {"rmmod"},
              "rmmod ingenic_drm right after closing an fd with non-blocking commits queued, racing an opener",
              kDestructive, 10, 120, rmmod_vs_commit});
LAB_REGISTER({"rmmod", "rmmod-with-dmabuf-lateclose", {"rmmod"},
              "A PRIME-exported dumb buffer kept open past unbind and rmmod, used, then closed last",
              kDestructive, 3, 120, rmmod_with_dmabuf_lateclose});
LAB_REGISTER({"rmmod", "modprobe-rmmod-loop", {"rmmod"},
              "rmmod and modprobe ingenic_drm in a loop, with a modeset after every load", kDestructive, 10, 120,
              modprobe_rmmod_loop});

} // namespace lab::cases
