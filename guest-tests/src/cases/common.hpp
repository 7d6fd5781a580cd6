// Helpers shared by the case files: scenes, the unbind-race harness, outcome recording.
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include <drm_fourcc.h>

#include "guest/runtime.hpp"

namespace lab::cases {

using kms::PlaneKind;
using kms::PlaneState;
using pattern::Format;

constexpr uint32_t kModeset = DRM_MODE_ATOMIC_ALLOW_MODESET;
constexpr uint32_t kNonblock = DRM_MODE_ATOMIC_NONBLOCK;
constexpr uint32_t kEvent = DRM_MODE_PAGE_FLIP_EVENT;

// A plane showing a whole fb at (x, y) with size w x h (0 = fb size).
inline PlaneState show(const kms::Plane *p, const kms::Fb &fb, int32_t x = 0, int32_t y = 0, uint32_t w = 0,
                       uint32_t h = 0)
{
    return PlaneState{p, &fb, x, y, w ? w : fb.width, h ? h : fb.height};
}

const kms::Plane &need_plane(Case &c, const kms::Card &card, PlaneKind k);

// Records a step that did not succeed as "<what> <how it ended>": a timeout (a thread stuck in
// the kernel: the case's status becomes "timeout") or a failure. For sys::Outcome and sys::Command.
template <typename Result> void step_failed(Case &c, const std::string &what, const Result &r)
{
    if (r.ended == sys::Ended::Timeout) {
        c.mark_timeout(what + " " + r.describe());
    } else {
        c.fail(what + " " + r.describe());
    }
}

// State shared by the main thread and the workers of one race iteration. Workers only read the
// card/fbs/scene (fixed before they start) and write the tally and counters.
struct RaceShared {
    std::shared_ptr<kms::Card> card;
    std::vector<std::shared_ptr<kms::Fb>> fbs;
    const kms::Plane *flip_plane = nullptr; // plane the workers flip
    const kms::Plane *extra_plane = nullptr; // plane toggled by modeset commits (may be null)
    int32_t x = 0, y = 0;
    uint32_t w = 0, h = 0;                  // on-screen geometry of flip_plane
    Tally tally;
    std::atomic<bool> unbound{false};       // the unbind write has returned
    std::atomic<bool> stop{false};
    std::atomic<int> pending_events{0};
    std::atomic<unsigned> events{0};
    std::atomic<uint32_t> geometry{0}; // w << 16 | h of flip_plane when a modeset changed it, 0 = w x h

    // Counts "<op> <errno|ok>", and "<op> accepted-after-unbind" for a success that started
    // after the unbind had returned (the device was gone: the driver should have said ENODEV).
    void record(const std::string &op, int rc, bool started_after_unbind)
    {
        tally.add(op + " " + errno_name(rc));
        if (rc == 0 && started_after_unbind) {
            tally.add(op + " accepted-after-unbind");
        }
    }
    // The flipped plane on fb 0 or 1, at its current geometry (centred when a modeset scaled it).
    PlaneState scene_plane(size_t fb_index) const
    {
        uint32_t g = geometry.load();
        if (!g) {
            return PlaneState{flip_plane, fbs[fb_index % 2].get(), x, y, w, h};
        }
        uint32_t gw = g >> 16, gh = g & 0xffff;
        return PlaneState{flip_plane, fbs[fb_index % 2].get(), int32_t(w - gw) / 2, int32_t(h - gh) / 2, gw, gh};
    }
};

using PrepareFn = void (*)(Case &, RaceShared &);
using WorkerFn = void (*)(RaceShared &, Rng &, unsigned worker);

struct UnbindTarget {
    std::string dev, drv;
};

struct RaceConfig {
    UnbindTarget target;
    unsigned workers = 2;
    unsigned min_delay_ms = 5, max_delay_ms = 400; // before the unbind (seeded)
    unsigned after_ms = 150;                        // workers keep going after the unbind
    bool count_events = false;                      // drain and account flip events
    // Extra checks with the pipeline unbound (before the rebind); may record failures.
    void (*while_unbound)(Case &, RaceShared &) = nullptr;
    // Extra checks after the rebind, with the new card open.
    void (*after_rebind)(Case &, kms::Card &) = nullptr;
};

// Runs iterations of: prepare (open, buffers, modeset) -> workers loop -> seeded delay ->
// unbind -> workers continue briefly -> join -> close -> rebind -> wait for the card. Records
// failures for: unbind/rebind errors and timeouts, workers stuck or killed in the kernel,
// operations accepted after the unbind returned, flip events never delivered.
void unbind_race(Case &c, const RaceConfig &cfg, PrepareFn prepare, WorkerFn work);

// Prepare helpers.
void prepare_primary(Case &c, RaceShared &s);  // primary plane flipping, overlay toggled by modesets
void prepare_ipu(Case &c, RaceShared &s);      // IPU plane (160x120 upscaled) flipping

// Drains flip events for up to timeout_s; returns events read.
unsigned drain_events(RaceShared &s, double timeout_s);

std::string summary_of(const Tally &t);

} // namespace lab::cases
