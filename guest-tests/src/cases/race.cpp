// race: work in flight against the removal of the display pipeline (sysfs unbind of the LCDC,
// the component master, or of the IPU, a component). A drm_device must outlive its last fd while
// the hardware resources go at unbind; work already running or queued must be fenced off. The
// kernel's reports (oops, KASAN, lockdep, ...) are judged on the host from the console; here each
// case fails on what userspace can see: an unbind or ioctl stuck in the kernel, a thread killed
// by an oops, work accepted for a removed device, flip events never delivered.
#include <unistd.h>

#include "cases/common.hpp"

namespace lab::cases {
namespace {

UnbindTarget lcdc(Case &c)
{
    return {c.rt.names.lcdc_dev, c.rt.names.lcdc_drv};
}

UnbindTarget ipu(Case &c)
{
    return {c.rt.names.ipu_dev, c.rt.names.ipu_drv};
}

// Blocking commits: mostly flips of the flipped plane; one in five a modeset that toggles the
// extra plane (enabling/disabling a plane needs a full modeset on this driver).
void blocking_commits(RaceShared &s, Rng &r, unsigned)
{
    bool modeset = s.extra_plane && r.chance(20);
    std::vector<PlaneState> scene{s.scene_plane(size_t(r.next()))};
    if (modeset && r.chance(50) && s.fbs.size() > 2) {
        scene.push_back(show(s.extra_plane, *s.fbs[2], 8, 8));
    }
    bool after = s.unbound;
    // A flip touches only the flipped plane; a modeset sets the whole scene (extra plane on/off).
    int rc = modeset ? s.card->commit(scene, kModeset) : s.card->flip(scene, 0);
    s.record(modeset ? "modeset" : "commit", rc, after);
    if (rc) {
        sys::sleep_s(0.001);
    }
}

// Non-blocking flips with events (worker 0 owns the event queue), non-blocking modesets
// without events (worker 1).
void nonblocking_commits(RaceShared &s, Rng &r, unsigned worker)
{
    bool after = s.unbound;
    if (worker == 0) {
        int rc = s.card->flip({s.scene_plane(size_t(r.next()))}, kNonblock | kEvent);
        s.record("nonblock-flip", rc, after);
        if (rc == 0) {
            s.pending_events++;
        }
        if (rc == 0 || rc == -EBUSY) {
            int ev = s.card->read_events(rc == -EBUSY ? 20 : 100);
            if (ev > 0) {
                s.pending_events -= ev;
                s.events += unsigned(ev);
            } else if (ev < 0) {
                s.tally.add("read-events " + errno_name(ev));
            }
        } else {
            sys::sleep_s(0.001);
        }
        return;
    }
    std::vector<PlaneState> scene{s.scene_plane(size_t(r.next()))};
    if (s.extra_plane && s.fbs.size() > 2 && r.chance(50)) {
        scene.push_back(show(s.extra_plane, *s.fbs[2], 16, 16));
    }
    int rc = s.card->commit(scene, kModeset | kNonblock);
    s.record("nonblock-modeset", rc, after);
    sys::sleep_s(rc ? 0.002 : double(r.range(1, 20)) / 1000);
}

void legacy_flips(RaceShared &s, Rng &r, unsigned)
{
    bool after = s.unbound;
    int rc = s.card->page_flip(*s.fbs[r.next() & 1], true);
    s.record("page-flip", rc, after);
    if (rc == 0) {
        s.pending_events++;
    }
    if (rc == 0 || rc == -EBUSY) {
        int ev = s.card->read_events(100);
        if (ev > 0) {
            s.pending_events -= ev;
            s.events += unsigned(ev);
        }
    } else {
        sys::sleep_s(0.001);
    }
}

// Vblank waiters (workers 0, 1) and a flipper (worker 2) keeping the end-of-frame interrupt busy.
void irq_load(RaceShared &s, Rng &r, unsigned worker)
{
    bool after = s.unbound;
    if (worker < 2) {
        double t0 = sys::now();
        int rc = s.card->wait_vblank(1 + unsigned(r.range(0, 2)));
        s.record("vblank-wait", rc, after);
        if (sys::now() - t0 > 4) {
            s.tally.add("vblank-wait slower-than-4s");
        }
        if (rc) {
            sys::sleep_s(0.001);
        }
        return;
    }
    nonblocking_commits(s, r, 0);
}

void commit_vs_unbind(Case &c)
{
    RaceConfig cfg;
    cfg.target = lcdc(c);
    cfg.workers = 2;
    unbind_race(c, cfg, prepare_primary, blocking_commits);
}

void nonblock_commit_vs_unbind(Case &c)
{
    RaceConfig cfg;
    cfg.target = lcdc(c);
    cfg.workers = 2;
    cfg.count_events = true;
    unbind_race(c, cfg, prepare_primary, nonblocking_commits);
}

void flip_vs_unbind(Case &c)
{
    RaceConfig cfg;
    cfg.target = lcdc(c);
    cfg.workers = 1;
    cfg.count_events = true;
    unbind_race(c, cfg, prepare_primary, legacy_flips);
}

void prepare_irq(Case &c, RaceShared &s)
{
    prepare_primary(c, s);
    if (!platform::irq_count("ingenic-drm")) {
        c.abort_case("the ingenic-drm interrupt is not requested while the LCDC is bound");
    }
}

void irq_vs_unbind(Case &c)
{
    RaceConfig cfg;
    cfg.target = lcdc(c);
    cfg.workers = 3;
    cfg.count_events = true;
    cfg.while_unbound = [](Case &c, RaceShared &) {
        // devm released the interrupt at unbind: its line must be gone from /proc/interrupts
        // (prepare_irq saw it requested while bound, so this cannot pass by default).
        auto n = platform::irq_count("ingenic-drm");
        c.check(!n, strf("the ingenic-drm interrupt is still requested after unbind (count %lld)", n.value_or(0)));
    };
    unbind_race(c, cfg, prepare_irq, irq_load);
}

void ipu_flips(RaceShared &s, Rng &r, unsigned worker)
{
    if (worker == 0) {
        blocking_commits(s, r, worker);
        return;
    }
    // Worker 1: modesets changing the IPU scaling (160x120 -> full screen or 3/4 of it).
    bool after = s.unbound;
    bool full = r.chance(50);
    uint32_t w = full ? s.w : s.w * 3 / 4, h = full ? s.h : s.h * 3 / 4;
    PlaneState p{s.flip_plane, s.fbs[r.next() & 1].get(), int32_t(s.w - w) / 2, int32_t(s.h - h) / 2, w, h};
    int rc = s.card->commit({p}, kModeset);
    s.record("ipu-scale-modeset", rc, after);
    if (rc == 0) {
        s.geometry = w << 16 | h; // worker 0 flips at the new size (else every flip needs a modeset)
    }
    sys::sleep_s(rc ? 0.002 : double(r.range(1, 30)) / 1000);
}

void ipu_plane_vs_ipu_unbind(Case &c)
{
    RaceConfig cfg;
    cfg.target = ipu(c);
    cfg.workers = 2;
    cfg.while_unbound = [](Case &c, RaceShared &) {
        // All or nothing: without its IPU component the master must have unregistered the card.
        c.check(platform::wait_no_card(c.rt.names.lcdc_dev, 5),
                "the DRM device is still registered 5 s after its IPU component was unbound");
        c.check(platform::bound(c.rt.names.lcdc_dev, c.rt.names.lcdc_drv),
                "the LCDC lost its driver when only the IPU was unbound");
    };
    cfg.after_rebind = [](Case &c, kms::Card &card) {
        c.check(card.plane(PlaneKind::Ipu) != nullptr, "no IPU plane after the IPU was rebound");
    };
    unbind_race(c, cfg, prepare_ipu, ipu_flips);
}

void lcdc_unbind_with_ipu_bound(Case &c)
{
    RaceConfig cfg;
    cfg.target = lcdc(c);
    cfg.workers = 2;
    cfg.while_unbound = [](Case &c, RaceShared &) {
        const auto &n = c.rt.names;
        c.check(platform::bound(n.ipu_dev, n.ipu_drv),
                "unbinding the LCDC (component master) also unbound the IPU device from its driver");
        c.check(platform::card_node(n.lcdc_dev).empty(), "the DRM card is still registered after the LCDC unbind");
        // The IPU keeps its own (devm) interrupt while only its component is unbound: a frame
        // interrupt now would reach a handler whose DRM device is gone.
        // If its component's unbind released it (devm in bind), it cannot fire: say which it was.
        auto a = platform::irq_count(n.ipu_dev);
        if (!a) {
            c.diag("the IPU interrupt was released with its component");
            return;
        }
        sys::sleep_s(0.2);
        auto b = platform::irq_count(n.ipu_dev);
        c.diag(strf("IPU interrupt count with the master unbound: %lld -> %lld in 0.2 s", *a, b.value_or(*a)));
        c.check(!(b && *b > *a), strf("the IPU still raises interrupts with the LCDC unbound (%lld -> %lld)", *a,
                                      b.value_or(*a)));
    };
    cfg.after_rebind = [](Case &c, kms::Card &card) {
        c.check(card.plane(PlaneKind::Ipu) != nullptr,
                "the LCDC came back without the IPU plane (the master must bind with all components)");
    };
    unbind_race(c, cfg, prepare_ipu, ipu_flips);
}

// ---------------------------------------------------------------------------------------------
// ioctl-after-unbind-lateclose: an fd opened before the unbind is used after it, then closed only
// after the driver was bound again (so the old drm_device dies while a new one is live).
struct Probe {
    const char *name;
    bool touches_hw; // success after unbind means the driver let a removed device be programmed
    int (*run)(kms::Card &, const kms::Fb &, const kms::Fb &);
};

int probe_getresources(kms::Card &card, const kms::Fb &, const kms::Fb &)
{
    drmModeRes *r = drmModeGetResources(card.fd());
    if (!r) {
        return -errno;
    }
    drmModeFreeResources(r);
    return 0;
}
int probe_getplane(kms::Card &card, const kms::Fb &, const kms::Fb &)
{
    drmModePlane *p = drmModeGetPlane(card.fd(), card.planes().front().id);
    if (!p) {
        return -errno;
    }
    drmModeFreePlane(p);
    return 0;
}
int probe_create_dumb(kms::Card &card, const kms::Fb &, const kms::Fb &)
{
    drm_mode_create_dumb cd{};
    cd.width = 64, cd.height = 64, cd.bpp = 32;
    if (drmIoctl(card.fd(), DRM_IOCTL_MODE_CREATE_DUMB, &cd) != 0) {
        return -errno;
    }
    drm_mode_destroy_dumb dd{};
    dd.handle = cd.handle;
    drmIoctl(card.fd(), DRM_IOCTL_MODE_DESTROY_DUMB, &dd);
    return 0;
}
int probe_addfb(kms::Card &card, const kms::Fb &a, const kms::Fb &)
{
    uint32_t handles[4] = {a.handle}, pitches[4] = {a.pitch}, offsets[4] = {0}, id = 0;
    int rc = drmModeAddFB2(card.fd(), a.width, a.height, pattern::info(a.format).fourcc, handles, pitches, offsets,
                           &id, 0);
    if (rc) {
        return rc == -1 ? -errno : rc;
    }
    drmModeRmFB(card.fd(), id);
    return 0;
}
int probe_modeset(kms::Card &card, const kms::Fb &, const kms::Fb &b)
{
    return card.commit({show(card.plane(PlaneKind::Primary), b)}, kModeset);
}
int probe_atomic_flip(kms::Card &card, const kms::Fb &a, const kms::Fb &)
{
    return card.flip({show(card.plane(PlaneKind::Primary), a)}, kNonblock | kEvent);
}
int probe_page_flip(kms::Card &card, const kms::Fb &, const kms::Fb &b)
{
    return card.page_flip(b, true);
}
int probe_setcrtc(kms::Card &card, const kms::Fb &a, const kms::Fb &)
{
    return card.set_crtc(a);
}
int probe_vblank(kms::Card &card, const kms::Fb &, const kms::Fb &)
{
    return card.wait_vblank(1);
}
int probe_disable(kms::Card &card, const kms::Fb &, const kms::Fb &)
{
    return card.disable_all();
}
int probe_prime(kms::Card &card, const kms::Fb &a, const kms::Fb &)
{
    int fd = -1;
    int rc = card.export_prime(a, fd);
    if (fd >= 0) {
        ::close(fd);
    }
    return rc;
}

const Probe kProbes[] = {
    {"getresources", false, probe_getresources}, {"getplane", false, probe_getplane},
    {"create-dumb", false, probe_create_dumb},   {"addfb2", false, probe_addfb},
    {"prime-export", false, probe_prime},        {"atomic-modeset", true, probe_modeset},
    {"atomic-flip", true, probe_atomic_flip},    {"page-flip", true, probe_page_flip},
    {"setcrtc", true, probe_setcrtc},            {"wait-vblank", true, probe_vblank},
    {"atomic-disable", true, probe_disable},
};

// Every probe on the old fd after the unbind, each in a bounded thread: none may hang, oops or
// program the removed hardware. False when the case must stop (recorded).
bool probe_old_fd(Case &c, const std::shared_ptr<kms::Card> &old, const std::shared_ptr<kms::Fb> &a,
                  const std::shared_ptr<kms::Fb> &b, const std::string &where)
{
    std::string results;
    for (const Probe &p : kProbes) {
        auto res = std::make_shared<std::atomic<int>>(0);
        kms::Card *card = old.get();
        const kms::Fb *fa = a.get(), *fb = b.get();
        auto keep = old; // the card outlives a stuck probe thread
        auto ka = a, kb = b;
        sys::Outcome o = sys::bounded(
            [card, fa, fb, res, keep, ka, kb, &p]() -> int {
                *res = p.run(*card, *fa, *fb);
                return 0;
            },
            10, "probe");
        if (o.ended == sys::Ended::Timeout) {
            c.mark_timeout(where + ": " + p.name + " on the old fd stuck in the kernel for 10 s");
            return false;
        }
        if (o.ended == sys::Ended::Vanished) {
            c.fail(where + ": " + p.name + " on the old fd killed the thread (oops?)");
            return false;
        }
        results += strf(" %s=%s", p.name, errno_name(*res).c_str());
        if (p.touches_hw && *res == 0) {
            c.fail(where + ": " + p.name + " succeeded on the old fd after the unbind (removed hardware "
                   "programmed?)");
        }
    }
    c.diag(where + ": old fd after unbind:" + results);
    return true;
}

// Our mapping of an old buffer: either revoked (drm_dev_unplug() unmaps the removed device's
// buffers, the read faults with SIGBUS) or plain memory that still holds the pattern.
void check_old_mapping(Case &c, const kms::Fb &a, const std::string &where, bool first)
{
    if (!a.map) {
        return;
    }
    pattern::Rgb got{};
    const kms::Fb *fa = &a;
    if (sys::without_sigbus([&got, fa] { got = pattern::decode_at(fa->layout, fa->map, 5, 5); })) {
        pattern::Rgb want = pattern::expected(a.format, a.width, a.height, a.seed, 5, 5);
        c.check(got == want, where + ": the old buffer's mapping changed after the unbind");
    } else if (first) {
        c.diag(where + ": the old buffer's mapping is revoked after the unbind (SIGBUS on read)");
    }
}

// Rebind with the old fd still open: the new device must take a modeset, and a commit after the
// old fd's late close. False when the case must stop (recorded).
bool rebind_then_late_close(Case &c, std::shared_ptr<kms::Card> old, uint32_t w, uint32_t h,
                            const std::string &where)
{
    const auto &n = c.rt.names;
    sys::Outcome bo = platform::bind(n.lcdc_dev, n.lcdc_drv);
    if (!bo.ok()) {
        step_failed(c, where + ": rebind", bo);
        return false;
    }
    auto fresh = c.open_card();
    if (fresh->node() == old->node()) {
        c.diag(where + ": the new device reuses " + fresh->node() + " while the old fd is open");
    }
    const auto &np = need_plane(c, *fresh, PlaneKind::Primary);
    auto na = c.make_fb(*fresh, Format::XRGB8888, w, h);
    int rc = fresh->commit({show(&np, *na)}, kModeset);
    c.check(rc == 0, where + ": modeset on the new device with the old fd open: " + errno_name(rc));

    sys::Outcome cl = close_bounded(std::move(old));
    if (!cl.ok()) {
        step_failed(c, where + ": late close of the old fd", cl);
        return false;
    }
    auto nb = c.make_fb(*fresh, Format::XRGB8888, w, h);
    rc = fresh->commit({show(&np, *nb)}, 0);
    c.check(rc == 0, where + ": commit on the new device after the old fd's late close: " + errno_name(rc));
    close_bounded(fresh);
    return true;
}

void ioctl_after_unbind_lateclose(Case &c)
{
    const auto &n = c.rt.names;
    unsigned done = 0;
    for (unsigned it = 0; it < c.iterations; it++) {
        if (it > 0 && !c.within_duration()) {
            break;
        }
        std::string where = strf("iteration %u", it);
        auto old = c.open_card();
        const auto &primary = need_plane(c, *old, PlaneKind::Primary);
        uint32_t w = old->mode().hdisplay, h = old->mode().vdisplay;
        auto a = c.make_fb(*old, Format::XRGB8888, w, h);
        auto b = c.make_fb(*old, Format::XRGB8888, w, h);
        int rc = old->commit({show(&primary, *a)}, kModeset);
        if (rc) {
            c.abort_case(where + ": modeset: " + errno_name(rc));
        }
        // Leave a flip in flight across the unbind on every other iteration.
        if (it & 1) {
            old->flip({show(&primary, *b)}, kNonblock | kEvent);
        }
        sys::Outcome u = platform::unbind(n.lcdc_dev, n.lcdc_drv);
        if (u.ended == sys::Ended::Timeout) {
            c.mark_timeout(where + ": unbind " + u.describe());
            return;
        }
        if (!u.ok()) {
            c.abort_case(where + ": unbind: " + u.describe());
        }
        if (!probe_old_fd(c, old, a, b, where)) {
            return;
        }
        check_old_mapping(c, *a, where, it == 0);
        if (!rebind_then_late_close(c, std::move(old), w, h, where)) {
            return;
        }
        done++;
    }
    c.diag(strf("%u iteration(s) done", done));
}

} // namespace

LAB_REGISTER({"race", "commit-vs-unbind", {"race"},
              "Blocking atomic commits and modesets from two threads while the LCDC is unbound", kDestructive, 20,
              120, commit_vs_unbind});
LAB_REGISTER({"race", "nonblock-commit-vs-unbind", {"race"},
              "Non-blocking flips with events and non-blocking modesets in flight across the LCDC unbind",
              kDestructive, 20, 120, nonblock_commit_vs_unbind});
LAB_REGISTER({"race", "flip-vs-unbind", {"race"},
              "Legacy page flips with events in flight across the LCDC unbind; every accepted flip's event arrives",
              kDestructive, 20, 120, flip_vs_unbind});
LAB_REGISTER({"race", "ioctl-after-unbind-lateclose", {"race"},
              "KMS ioctls on an fd opened before the unbind, closed only after the rebind", kDestructive, 5, 120,
              ioctl_after_unbind_lateclose});
LAB_REGISTER({"race", "ipu-plane-vs-ipu-unbind", {"race", "ipu"},
              "IPU plane flips and scaling modesets while the IPU component is unbound (master must go too)",
              kDestructive | kNeedsIpu, 20, 120, ipu_plane_vs_ipu_unbind});
LAB_REGISTER({"race", "lcdc-unbind-with-ipu-bound", {"race", "ipu"},
              "Unbind the LCDC master with the IPU plane active and the IPU bound; rebind brings both back",
              kDestructive | kNeedsIpu, 20, 120, lcdc_unbind_with_ipu_bound});
LAB_REGISTER({"race", "irq-vs-unbind", {"race"},
              "Vblank waiters and flips keep the end-of-frame interrupt busy while the LCDC is unbound",
              kDestructive, 20, 120, irq_vs_unbind});

} // namespace lab::cases
