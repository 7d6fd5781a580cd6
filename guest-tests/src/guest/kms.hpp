// A thin libdrm layer for the Ingenic pipeline: one CRTC, one connector (the panel), the primary
// plane (F1), the overlay plane (F0, the one with C8) and, with the IPU bound, the IPU plane (the
// overlay with YUV formats). Dumb buffers filled with lab_pattern.hpp patterns, atomic commits of
// a whole scene (planes not named are disabled), legacy flips, vblank waits and events.
// All calls return 0 or -errno instead of throwing: races expect failures.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <xf86drm.h>
#include <xf86drmMode.h>

#include "lab_pattern.hpp"

namespace lab::kms {

using pattern::Format;

struct Fb {
    uint32_t id = 0, handle = 0, pitch = 0, width = 0, height = 0;
    uint64_t size = 0, seed = 0;
    Format format = Format::XRGB8888;
    pattern::Layout layout;
    uint8_t *map = nullptr;
    ~Fb();
    Fb() = default;
    Fb(const Fb &) = delete;
    Fb &operator=(const Fb &) = delete;
};

enum class PlaneKind { Primary, Overlay, Ipu, Other };
const char *kind_name(PlaneKind k);

struct Plane {
    uint32_t id = 0;
    PlaneKind kind = PlaneKind::Other;
    std::vector<uint32_t> formats;
    std::map<std::string, uint32_t> props;
    bool supports(uint32_t fourcc) const;
};

// One plane of a scene: fb shown whole (src = fb size) at x,y with size w x h (scaled if different).
struct PlaneState {
    const Plane *plane = nullptr;
    const Fb *fb = nullptr;
    int32_t x = 0, y = 0;
    uint32_t w = 0, h = 0;
};

class Card {
public:
    // Opens the node (O_RDWR | O_CLOEXEC) and sets the universal-planes and atomic caps.
    static std::shared_ptr<Card> open(const std::string &node, std::string &err, int *errnum = nullptr);
    ~Card();
    Card(const Card &) = delete;
    Card &operator=(const Card &) = delete;

    int fd() const { return fd_; }
    const std::string &node() const { return node_; }
    void close();   // plain close(2); see lab::close_bounded for the bounded form
    int release();  // give up ownership of the fd (returns it)

    // Enumerates everything and picks the panel mode (320x240, highest refresh). err says why not.
    bool discover(std::string &err);
    size_t crtc_count() const { return crtc_count_; }
    size_t connector_count() const { return connector_count_; }
    size_t encoder_count() const { return encoder_count_; }
    uint32_t crtc_id() const { return crtc_id_; }
    uint32_t connector_id() const { return connector_id_; }
    bool connector_connected() const { return connected_; }
    const std::vector<drmModeModeInfo> &modes() const { return modes_; }
    const drmModeModeInfo &mode() const { return mode_; }
    // Commits from now on use mode `m` (a mode of one's own, e.g. the panel's at a lower pixel
    // clock); 0 or -errno of the new mode blob.
    int use_mode(const drmModeModeInfo &m);
    double refresh_hz() const;
    const std::vector<Plane> &planes() const { return planes_; }
    const Plane *plane(PlaneKind k) const;

    // A dumb buffer + mapping + pattern + framebuffer. nullptr and err on failure.
    std::shared_ptr<Fb> create_fb(Format f, uint32_t w, uint32_t h, uint64_t seed, std::string &err);
    int remove_fb(Fb &fb);      // RMFB (keeps the buffer)
    int destroy_dumb(Fb &fb);   // unmap + DESTROY_DUMB
    int export_prime(const Fb &fb, int &dmabuf_fd);

    // Atomic commit of a scene: CRTC active on mode(), connector routed, each plane in `on` set,
    // every other plane disabled. flags: DRM_MODE_ATOMIC_* / DRM_MODE_PAGE_FLIP_EVENT.
    int commit(const std::vector<PlaneState> &on, uint32_t flags, void *user_data = nullptr);
    // Only the given planes (no CRTC/connector properties, others untouched): a flip.
    int flip(const std::vector<PlaneState> &planes, uint32_t flags, void *user_data = nullptr);
    int disable_all(uint32_t flags = DRM_MODE_ATOMIC_ALLOW_MODESET);
    int page_flip(const Fb &fb, bool event, void *user_data = nullptr); // legacy
    int set_crtc(const Fb &fb);                                           // legacy modeset
    int wait_vblank(uint32_t count, uint32_t *sequence = nullptr, double *timestamp = nullptr);
    int get_crtc_fb(uint32_t &fb_id, bool &mode_valid);

    // Reads DRM events for up to timeout_ms (returns at the first batch). Returns the number of
    // flip/vblank events read, 0 on timeout, -errno on error.
    int read_events(int timeout_ms, std::vector<uint32_t> *sequences = nullptr);

private:
    Card() = default;
    int add_plane(drmModeAtomicReq *req, const PlaneState &p);
    int ensure_mode_blob();
    // The pieces of discover(); each sets err and returns false on failure.
    bool discover_crtc_and_connector(std::string &err);
    bool pick_mode(std::string &err);
    bool discover_planes(std::string &err);
    bool create_blobs(std::string &err);
    int fd_ = -1;
    std::string node_;
    size_t crtc_count_ = 0, connector_count_ = 0, encoder_count_ = 0;
    uint32_t crtc_id_ = 0, connector_id_ = 0, mode_blob_ = 0;
    uint32_t palette_blob_ = 0; // GAMMA_LUT holding lab_pattern's C8 palette (0: no GAMMA_LUT)
    bool connected_ = false;
    std::vector<drmModeModeInfo> modes_;
    drmModeModeInfo mode_{};
    std::map<std::string, uint32_t> crtc_props_, conn_props_;
    std::vector<Plane> planes_;
};

// Builds the pattern::Recipe a scene should show (for SCREEN requests).
pattern::Recipe recipe_of(const Card &card, const std::vector<PlaneState> &scene);

} // namespace lab::kms
