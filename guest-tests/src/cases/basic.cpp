// basic: the KMS features the races build on, checked on their own first. Each case also asks
// the host for a screendump of what it shows, so the LCDC/IPU models are checked pixel-exact.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "cases/common.hpp"

namespace lab::cases {
namespace {

void enumerate(Case &c)
{
    auto card = c.open_card();
    c.check(card->crtc_count() == 1, strf("expected 1 CRTC, found %zu", card->crtc_count()));
    c.check(card->connector_count() == 1, strf("expected 1 connector, found %zu", card->connector_count()));
    c.check(card->encoder_count() >= 1, "no encoder");
    c.check(card->connector_connected(), "the panel connector is not connected");
    std::string modes;
    bool has_panel_mode = false;
    for (const auto &m : card->modes()) {
        modes += strf(" %ux%u@%u", m.hdisplay, m.vdisplay, m.vrefresh);
        has_panel_mode = has_panel_mode || (m.hdisplay == 320 && m.vdisplay == 240);
    }
    c.diag("connector modes:" + modes);
    c.check(has_panel_mode, "the panel's 320x240 mode is missing");

    std::string planes;
    for (const auto &p : card->planes()) {
        planes += strf(" %u:%s(%zu formats)", p.id, kms::kind_name(p.kind), p.formats.size());
    }
    c.diag("planes:" + planes);
    const kms::Plane *primary = card->plane(PlaneKind::Primary);
    const kms::Plane *overlay = card->plane(PlaneKind::Overlay);
    const kms::Plane *ipu = card->plane(PlaneKind::Ipu);
    if (c.check(primary != nullptr, "no primary plane (F1)")) {
        for (Format f : {Format::XRGB8888, Format::RGB565, Format::XRGB1555, Format::RGB888, Format::XRGB2101010}) {
            c.check(primary->supports(pattern::info(f).fourcc),
                    std::string("primary plane (F1) lacks ") + pattern::info(f).name);
        }
    }
    if (c.check(overlay != nullptr, "no overlay plane (F0)")) {
        c.check(overlay->supports(DRM_FORMAT_C8), "overlay plane (F0) lacks C8");
    }
    if (c.rt.ipu_expected) {
        if (c.check(ipu != nullptr, "the IPU is bound but there is no IPU plane")) {
            for (Format f : {Format::XRGB8888, Format::YUYV, Format::YUV420}) {
                c.check(ipu->supports(pattern::info(f).fourcc), std::string("IPU plane lacks ") + pattern::info(f).name);
            }
        }
    } else {
        c.diag(ipu ? "IPU plane present although the IPU device is not bound?"
                   : "IPU plane absent: " + c.rt.names.ipu_dev + " not bound to " + c.rt.names.ipu_drv);
    }
    size_t expect = 2 + (ipu ? 1 : 0);
    c.check(card->planes().size() == expect, strf("expected %zu planes, found %zu", expect, card->planes().size()));
}

template <Format F> void modeset(Case &c)
{
    auto card = c.open_card();
    const auto &primary = need_plane(c, *card, PlaneKind::Primary);
    uint32_t w = card->mode().hdisplay, h = card->mode().vdisplay;
    auto fb = c.make_fb(*card, F, w, h);
    std::vector<PlaneState> scene{show(&primary, *fb)};
    int rc = card->commit(scene, kModeset);
    if (rc) {
        c.abort_case(strf("modeset %ux%u %s: %s", w, h, pattern::info(F).name, errno_name(rc).c_str()));
    }
    uint32_t shown = 0;
    bool valid = false;
    rc = card->get_crtc_fb(shown, valid);
    c.check(rc == 0 && valid, "GETCRTC after the modeset: mode not valid (" + errno_name(rc) + ")");
    c.check(shown == fb->id, strf("GETCRTC shows fb %u, committed %u", shown, fb->id));
    c.screen("", *card, scene);
}

// Flips between two buffers, one per frame, each completion reported by an event.
void flip_events(Case &c, bool atomic)
{
    auto card = c.open_card();
    const auto &primary = need_plane(c, *card, PlaneKind::Primary);
    uint32_t w = card->mode().hdisplay, h = card->mode().vdisplay;
    auto a = c.make_fb(*card, Format::XRGB8888, w, h);
    auto b = c.make_fb(*card, Format::XRGB8888, w, h);
    int rc = card->commit({show(&primary, *a)}, kModeset);
    if (rc) {
        c.abort_case("modeset: " + errno_name(rc));
    }
    const unsigned n = 60;
    std::vector<uint32_t> seqs;
    double t0 = sys::now();
    for (unsigned i = 0; i < n; i++) {
        const kms::Fb &next = (i & 1) ? *a : *b;
        rc = atomic ? card->flip({show(&primary, next)}, kNonblock | kEvent) : card->page_flip(next, true);
        if (rc) {
            c.abort_case(strf("flip %u: %s", i, errno_name(rc).c_str()));
        }
        int ev = card->read_events(1000, &seqs);
        if (ev != 1) {
            c.abort_case(strf("flip %u: %s", i, ev == 0 ? "no event within 1 s" : ("events: " + errno_name(ev)).c_str()));
        }
    }
    double secs = sys::now() - t0;
    for (size_t i = 1; i < seqs.size(); i++) {
        if (!c.check(seqs[i] > seqs[i - 1], strf("flip event sequence went %u -> %u", seqs[i - 1], seqs[i]))) {
            break;
        }
    }
    double rate = n / secs, hz = card->refresh_hz();
    c.diag(strf("%u flips in %.2f s: %.1f flips/s (mode %.2f Hz)", n, secs, rate, hz));
    c.check(rate > 0.4 * hz && rate < 1.2 * hz,
            strf("flip rate %.1f/s is not one flip per frame or two (mode %.2f Hz)", rate, hz));
    c.screen("", *card, {show(&primary, *a)});
}

void page_flip_legacy(Case &c)
{
    flip_events(c, false);
}

void page_flip_atomic(Case &c)
{
    flip_events(c, true);
}

void vblank_wait(Case &c)
{
    auto card = c.open_card();
    const auto &primary = need_plane(c, *card, PlaneKind::Primary);
    uint32_t w = card->mode().hdisplay, h = card->mode().vdisplay;
    auto a = c.make_fb(*card, Format::XRGB8888, w, h);
    int rc = card->commit({show(&primary, *a)}, kModeset);
    if (rc) {
        c.abort_case("modeset: " + errno_name(rc));
    }
    uint32_t first = 0, prev = 0, seq = 0;
    double ts0 = 0, ts = 0, prev_ts = 0;
    rc = card->wait_vblank(1, &first, &ts0);
    if (rc) {
        c.abort_case("first vblank wait: " + errno_name(rc));
    }
    prev = first, prev_ts = ts0;
    const unsigned n = 60;
    for (unsigned i = 0; i < n; i++) {
        rc = card->wait_vblank(1, &seq, &ts);
        if (rc) {
            c.abort_case(strf("vblank wait %u: %s", i, errno_name(rc).c_str()));
        }
        if (!c.check(seq > prev, strf("vblank count did not advance: %u -> %u", prev, seq)) ||
            !c.check(ts > prev_ts, strf("vblank timestamp did not advance: %.6f -> %.6f", prev_ts, ts))) {
            break;
        }
        prev = seq, prev_ts = ts;
    }
    double hz = card->refresh_hz();
    double rate = ts > ts0 ? double(seq - first) / (ts - ts0) : 0;
    c.diag(strf("vblank %u -> %u in %.3f s: %.2f Hz (mode %.2f Hz)", first, seq, ts - ts0, rate, hz));
    c.check(std::fabs(rate - hz) <= 0.25 * hz, strf("vblank rate %.2f Hz, mode %.2f Hz", rate, hz));
}

// drm's vblank off delay (module parameter, ms) for one case; the old value goes back at the end.
class VblankOffDelay
{
  public:
    VblankOffDelay(Case &c, int ms) : c_(c)
    {
        if (!sys::read_file(kPath, old_, 1)) {
            c.abort_case(std::string("cannot read ") + kPath);
        }
        while (!old_.empty() && (old_.back() == '\n' || old_.back() == ' ')) {
            old_.pop_back();
        }
        sys::Outcome o = sys::write_file(kPath, std::to_string(ms), 1);
        if (!o.ok()) {
            c.abort_case(std::string("set ") + kPath + ": " + o.describe());
        }
        c.diag(strf("vblank off delay %s ms -> %d ms for this case", old_.c_str(), ms));
    }
    ~VblankOffDelay()
    {
        sys::Outcome o = sys::write_file(kPath, old_, 1);
        c_.check(o.ok(), std::string("restore ") + kPath + " to " + old_ + ": " + o.describe());
    }
    VblankOffDelay(const VblankOffDelay &) = delete;
    VblankOffDelay &operator=(const VblankOffDelay &) = delete;

  private:
    static constexpr const char *kPath = "/sys/module/drm/parameters/vblankoffdelay";
    Case &c_;
    std::string old_;
};

// Flips that each come after vblank went off (a 1 ms off delay, 0.2 s idle): each flip takes the
// first vblank reference, which unmasks the end-of-frame interrupt again. Its event must still
// mean that the new buffer is scanned out, so the screen taken as soon as the event arrives must
// show it. A flag left over from the frames scanned while the interrupt was masked would complete
// the event at once, a frame early, with the old buffer still on screen until the frame ends.
// The panel mode at a sixth of its pixel clock (10 Hz) leaves the screendump a whole 100 ms frame
// to catch that, whatever the host's load.
void flip_after_vblank_off(Case &c)
{
    auto card = c.open_card();
    const auto &primary = need_plane(c, *card, PlaneKind::Primary);
    uint32_t w = card->mode().hdisplay, h = card->mode().vdisplay;
    drmModeModeInfo slow = card->mode();
    slow.clock = std::max(1u, slow.clock / 6);
    slow.vrefresh = std::max(1u, slow.vrefresh / 6);
    std::snprintf(slow.name, sizeof slow.name, "%ux%u@%u", w, h, slow.vrefresh);
    if (int rc = card->use_mode(slow)) {
        c.abort_case("mode blob for " + std::string(slow.name) + ": " + errno_name(rc));
    }
    auto a = c.make_fb(*card, Format::XRGB8888, w, h);
    auto b = c.make_fb(*card, Format::XRGB8888, w, h);
    VblankOffDelay delay(c, 1);
    int rc = card->commit({show(&primary, *a)}, kModeset);
    if (rc) {
        c.abort_case(strf("modeset %s (%u kHz): %s", slow.name, slow.clock, errno_name(rc).c_str()));
    }
    c.diag(strf("mode %s, %.2f Hz", slow.name, card->refresh_hz()));
    for (unsigned i = 1; i <= 4; i++) {
        const kms::Fb &next = (i & 1) ? *b : *a;
        sys::sleep_s(0.2);
        rc = card->flip({show(&primary, next)}, kNonblock | kEvent);
        if (rc) {
            c.abort_case(strf("flip %u: %s", i, errno_name(rc).c_str()));
        }
        int ev = card->read_events(1000);
        if (ev != 1) {
            c.abort_case(strf("flip %u: %s", i, ev == 0 ? "no event within 1 s" : ("events: " + errno_name(ev)).c_str()));
        }
        c.screen(strf("flip%u", i), *card, {show(&primary, next)});
    }
}

// Both LCDC planes: F1 (primary) full screen, F0 (overlay) on top of it; then the overlay flips.
void planes_primary_overlay(Case &c)
{
    auto card = c.open_card();
    const auto &primary = need_plane(c, *card, PlaneKind::Primary);
    const auto &overlay = need_plane(c, *card, PlaneKind::Overlay);
    uint32_t w = card->mode().hdisplay, h = card->mode().vdisplay;
    auto bg = c.make_fb(*card, Format::XRGB8888, w, h);
    auto o1 = c.make_fb(*card, Format::RGB565, 128, 96);
    auto o2 = c.make_fb(*card, Format::RGB565, 128, 96);
    std::vector<PlaneState> scene{show(&primary, *bg), show(&overlay, *o1, 96, 72)};
    int rc = card->commit(scene, kModeset);
    if (rc) {
        c.abort_case("modeset with both LCDC planes: " + errno_name(rc));
    }
    c.screen("", *card, scene);
    rc = card->flip({show(&overlay, *o2, 96, 72)}, kNonblock | kEvent);
    if (rc) {
        c.abort_case("overlay flip: " + errno_name(rc));
    }
    int ev = card->read_events(1000);
    c.check(ev == 1, ev == 0 ? "no event for the overlay flip within 1 s" : "overlay flip events: " + errno_name(ev));
    c.screen("flipped", *card, {show(&primary, *bg), show(&overlay, *o2, 96, 72)});
}

// F0 (the overlay) in format F over an XRGB8888 F1: the overlay's own pixel format path.
template <Format F> void overlay_format(Case &c)
{
    auto card = c.open_card();
    const auto &primary = need_plane(c, *card, PlaneKind::Primary);
    const auto &overlay = need_plane(c, *card, PlaneKind::Overlay);
    if (!overlay.supports(pattern::info(F).fourcc)) {
        c.abort_case(std::string("the overlay plane does not offer ") + pattern::info(F).name);
    }
    uint32_t w = card->mode().hdisplay, h = card->mode().vdisplay;
    auto bg = c.make_fb(*card, Format::XRGB8888, w, h);
    auto ov = c.make_fb(*card, F, 160, 120);
    std::vector<PlaneState> scene{show(&primary, *bg), show(&overlay, *ov, 40, 60)};
    int rc = card->commit(scene, kModeset);
    if (rc) {
        c.abort_case(strf("modeset with a %s overlay: %s", pattern::info(F).name, errno_name(rc).c_str()));
    }
    c.screen("", *card, scene);
}

// F0 alone (F1 off) in format F. For C8 this is the palette path without the F1 chain problem
// of overlay-c8: with OSD, ingenic_drm_plane_atomic_update() points the *updated plane's*
// descriptor at the palette descriptor whenever the palette is in use, F1's included, and the
// palette descriptor continues with F0's, so from the second frame on channel 1 fetches F0's
// frame (the model logs "malformed-chain") and F1 shows garbage.
template <Format F> void overlay_alone(Case &c)
{
    auto card = c.open_card();
    const auto &overlay = need_plane(c, *card, PlaneKind::Overlay);
    if (!overlay.supports(pattern::info(F).fourcc)) {
        c.abort_case(std::string("the overlay plane does not offer ") + pattern::info(F).name);
    }
    auto ov = c.make_fb(*card, F, 160, 120);
    std::vector<PlaneState> scene{show(&overlay, *ov, 40, 60)};
    int rc = card->commit(scene, kModeset);
    if (rc) {
        c.abort_case(strf("modeset with only a %s overlay: %s", pattern::info(F).name, errno_name(rc).c_str()));
    }
    c.screen("", *card, scene);
}

// The IPU plane (which replaces F1 as the LCDC's source) scaling a buffer, then flipping. The
// recipe marks the layer as shown through the IPU, so the host compares it pixel-exact with what
// the driver's LUTs and CSC give (lab_ipu.hpp).
enum class Scale {
    Same,      // 160x120 shown 1:1, centred: no resize
    Up,        // 128x96 -> 320x240: 5/2, the driver's bicubic LUT
    Up2x,      // 160x120 -> 320x240: integer ratio, the driver forces nearest neighbour
    Down,      // 320x240 -> 240x180: 3/4, bicubic
};

template <Format F, Scale S> void ipu_scaling(Case &c)
{
    auto card = c.open_card();
    const auto &ipu = need_plane(c, *card, PlaneKind::Ipu);
    if (!ipu.supports(pattern::info(F).fourcc)) {
        c.abort_case(std::string("the IPU plane does not offer ") + pattern::info(F).name);
    }
    uint32_t w = card->mode().hdisplay, h = card->mode().vdisplay;
    uint32_t sw = w, sh = h, dw = w, dh = h;
    switch (S) {
    case Scale::Same:
        sw = dw = w / 2, sh = dh = h / 2;
        break;
    case Scale::Up:
        sw = w * 2 / 5, sh = h * 2 / 5;
        break;
    case Scale::Up2x:
        sw = w / 2, sh = h / 2;
        break;
    case Scale::Down:
        dw = w * 3 / 4, dh = h * 3 / 4;
        break;
    }
    int32_t dx = int32_t(w - dw) / 2, dy = int32_t(h - dh) / 2;
    auto a = c.make_fb(*card, F, sw, sh);
    auto b = c.make_fb(*card, F, sw, sh);
    std::vector<PlaneState> scene{show(&ipu, *a, dx, dy, dw, dh)};
    int rc = card->commit(scene, kModeset);
    if (rc) {
        c.abort_case(strf("modeset with the IPU plane %ux%u -> %ux%u %s: %s", sw, sh, dw, dh, pattern::info(F).name,
                          errno_name(rc).c_str()));
    }
    c.screen("", *card, scene);
    rc = card->flip({show(&ipu, *b, dx, dy, dw, dh)}, kNonblock | kEvent);
    if (rc) {
        c.abort_case("IPU plane flip: " + errno_name(rc));
    }
    int ev = card->read_events(1000);
    c.check(ev == 1, ev == 0 ? "no event for the IPU plane flip within 1 s (IPU frame interrupt?)"
                             : "IPU flip events: " + errno_name(ev));
    // The flipped buffer reaches the IPU in its interrupt handler; the frame after that shows it.
    if (int vb = card->wait_vblank(2)) {
        // Vblank off (e.g. after ingenic-drm's crtc enable bailed out): the event came at once,
        // the IPU interrupt still swaps the buffer within a frame or two.
        c.diag("vblank wait after the flip: " + errno_name(vb) + "; waiting 0.2 s instead");
        sys::sleep_s(0.2);
    }
    c.screen("flipped", *card, {show(&ipu, *b, dx, dy, dw, dh)});
}

// Unbinding only the IPU (a component) takes the whole DRM device down; rebinding it brings the
// card back with the IPU plane, which still scans out.
void ipu_unbind_rebind(Case &c)
{
    const auto &n = c.rt.names;
    {
        auto card = c.open_card();
        need_plane(c, *card, PlaneKind::Ipu);
    }
    sys::Outcome o = platform::unbind(n.ipu_dev, n.ipu_drv);
    if (!c.check(o.ok(), "unbind " + n.ipu_dev + " from " + n.ipu_drv + ": " + o.describe())) {
        return;
    }
    c.diag("IPU unbound: " + o.describe());
    c.check(platform::wait_no_card(n.lcdc_dev, 5), "the DRM device is still registered 5 s after its IPU "
                                                   "component was unbound");
    c.check(platform::bound(n.lcdc_dev, n.lcdc_drv), "the LCDC lost its driver when only the IPU was unbound");
    o = platform::bind(n.ipu_dev, n.ipu_drv);
    if (!c.check(o.ok(), "bind " + n.ipu_dev + " to " + n.ipu_drv + ": " + o.describe())) {
        return;
    }
    c.diag("IPU rebound: " + o.describe());
    auto card = c.open_card();
    const auto &ipu = need_plane(c, *card, PlaneKind::Ipu);
    uint32_t w = card->mode().hdisplay, h = card->mode().vdisplay;
    auto fb = c.make_fb(*card, Format::YUYV, w / 2, h / 2);
    std::vector<PlaneState> scene{show(&ipu, *fb, 0, 0, w, h)};
    int rc = card->commit(scene, kModeset);
    if (rc) {
        c.abort_case("modeset with the IPU plane after the rebind: " + errno_name(rc));
    }
    c.screen("", *card, scene);
}

#define MODESET(fmt, F)                                                                                                \
    LAB_REGISTER({"basic", "modeset-" fmt, {"basic"}, "Modeset on the panel mode, primary plane (F1) " fmt " pattern", \
                  0, 1, 60, modeset<F>})

#define OVERLAY(fmt, F)                                                                                                \
    LAB_REGISTER({"basic", "overlay-" fmt, {"basic"}, "Overlay plane (F0) " fmt " 160x120 over an XRGB8888 primary", \
                  0, 1, 60, overlay_format<F>})

#define IPU(dir, what, fmt, F, S)                                                                                      \
    LAB_REGISTER({"basic", "ipu-plane-" dir "-" fmt, {"basic", "ipu"},                                                 \
                  "IPU plane " fmt " buffer " what " onto the panel, then flipped with an event", kNeedsIpu, 1, 60,   \
                  ipu_scaling<F, S>})

} // namespace

LAB_REGISTER({"basic", "enumerate", {"basic"},
              "Resources: 1 CRTC, 1 connector with the 320x240 panel mode, primary F1, overlay F0, IPU plane",
              0, 1, 60, enumerate});
MODESET("xrgb8888", Format::XRGB8888);
MODESET("rgb565", Format::RGB565);
MODESET("xrgb1555", Format::XRGB1555);
MODESET("rgb888", Format::RGB888);
MODESET("xrgb2101010", Format::XRGB2101010);
#undef MODESET
LAB_REGISTER({"basic", "page-flip-legacy-events", {"basic"},
              "60 legacy page flips between two buffers, each completed by an event, one per frame", 0, 1, 60,
              page_flip_legacy});
LAB_REGISTER({"basic", "page-flip-atomic-events", {"basic"},
              "60 non-blocking atomic flips between two buffers, each completed by an event", 0, 1, 60,
              page_flip_atomic});
LAB_REGISTER({"basic", "vblank-wait", {"basic"},
              "drmWaitVBlank: the vblank count and timestamp advance at the mode's refresh rate", 0, 1, 60,
              vblank_wait});
LAB_REGISTER({"basic", "page-flip-after-vblank-off", {"basic"},
              "4 flips on a 10 Hz mode, each after vblank went off: each event comes with its buffer on screen", 0, 1, 60,
              flip_after_vblank_off});
LAB_REGISTER({"basic", "planes-primary-overlay", {"basic"},
              "Both LCDC planes: F1 full screen with F0 (RGB565) on top, then an overlay-only flip", 0, 1, 60,
              planes_primary_overlay});
OVERLAY("xrgb8888", Format::XRGB8888);
OVERLAY("rgb565", Format::RGB565);
OVERLAY("xrgb1555", Format::XRGB1555);
OVERLAY("rgb888", Format::RGB888);
OVERLAY("xrgb2101010", Format::XRGB2101010);
OVERLAY("c8", Format::C8); // palette (the CRTC gamma LUT); fails on mainline, see overlay_alone
LAB_REGISTER({"basic", "overlay-alone-c8", {"basic"},
              "Overlay plane (F0) alone, C8 through the palette loaded from the CRTC gamma LUT (F1 off)", 0, 1, 60,
              overlay_alone<Format::C8>});
#undef OVERLAY
IPU("upscale", "upscaled 5/2", "xrgb8888", Format::XRGB8888, Scale::Up);
IPU("downscale", "downscaled 3/4", "xrgb8888", Format::XRGB8888, Scale::Down);
IPU("upscale2x", "upscaled 2x (nearest)", "xrgb8888", Format::XRGB8888, Scale::Up2x);
IPU("same", "shown 1:1", "rgb565", Format::RGB565, Scale::Same);
IPU("downscale", "downscaled 3/4", "xbgr1555", Format::XBGR1555, Scale::Down);
IPU("same", "shown 1:1", "yuyv", Format::YUYV, Scale::Same);
IPU("upscale", "upscaled 5/2", "yuyv", Format::YUYV, Scale::Up);
IPU("downscale", "downscaled 3/4", "yuyv", Format::YUYV, Scale::Down);
IPU("upscale", "upscaled 5/2", "uyvy", Format::UYVY, Scale::Up);
IPU("same", "shown 1:1", "yuv420", Format::YUV420, Scale::Same);
IPU("upscale", "upscaled 5/2", "yuv420", Format::YUV420, Scale::Up);
IPU("downscale", "downscaled 3/4", "yuv420", Format::YUV420, Scale::Down);
#undef IPU
LAB_REGISTER({"basic", "ipu-unbind-rebind", {"basic", "ipu"},
              "Unbinding only the IPU takes the DRM device down; rebinding brings it back with the IPU plane",
              kDestructive | kNeedsIpu, 1, 90, ipu_unbind_rebind});

} // namespace lab::cases
