#include "guest/kms.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <sys/mman.h>
#include <unistd.h>

#include <drm_fourcc.h>

#include "core/util.hpp"

namespace lab::kms {

static int neg_errno(int rc)
{
    if (rc >= 0) {
        return 0;
    }
    // libdrm returns -errno from most calls, -1 + errno from a few.
    return rc == -1 && errno ? -errno : rc;
}

Fb::~Fb()
{
    if (map) {
        munmap(map, size_t(size));
    }
}

const char *kind_name(PlaneKind k)
{
    switch (k) {
    case PlaneKind::Primary:
        return "primary";
    case PlaneKind::Overlay:
        return "overlay";
    case PlaneKind::Ipu:
        return "ipu";
    case PlaneKind::Other:
        break;
    }
    return "other";
}

bool Plane::supports(uint32_t fourcc) const
{
    for (uint32_t f : formats) {
        if (f == fourcc) {
            return true;
        }
    }
    return false;
}

std::shared_ptr<Card> Card::open(const std::string &node, std::string &err, int *errnum)
{
    int fd = ::open(node.c_str(), O_RDWR | O_CLOEXEC);
    if (fd < 0) {
        if (errnum) {
            *errnum = errno;
        }
        err = "open " + node + ": " + errno_name(errno);
        return nullptr;
    }
    std::shared_ptr<Card> c(new Card());
    c->fd_ = fd;
    c->node_ = node;
    for (auto cap : {DRM_CLIENT_CAP_UNIVERSAL_PLANES, DRM_CLIENT_CAP_ATOMIC}) {
        if (drmSetClientCap(fd, cap, 1) != 0) {
            if (errnum) {
                *errnum = errno;
            }
            err = strf("SET_CLIENT_CAP %d: %s", int(cap), errno_name(errno).c_str());
            return nullptr;
        }
    }
    return c;
}

Card::~Card()
{
    close();
}

void Card::close()
{
    if (fd_ >= 0) {
        ::close(fd_);
        fd_ = -1;
    }
}

int Card::release()
{
    int fd = fd_;
    fd_ = -1;
    return fd;
}

static std::map<std::string, uint32_t> object_props(int fd, uint32_t id, uint32_t type)
{
    std::map<std::string, uint32_t> out;
    drmModeObjectProperties *props = drmModeObjectGetProperties(fd, id, type);
    if (!props) {
        return out;
    }
    for (uint32_t i = 0; i < props->count_props; i++) {
        if (drmModePropertyRes *p = drmModeGetProperty(fd, props->props[i])) {
            out[p->name] = p->prop_id;
            drmModeFreeProperty(p);
        }
    }
    drmModeFreeObjectProperties(props);
    return out;
}

bool Card::discover(std::string &err)
{
    if (!discover_crtc_and_connector(err) || !pick_mode(err)) {
        return false;
    }
    crtc_props_ = object_props(fd_, crtc_id_, DRM_MODE_OBJECT_CRTC);
    conn_props_ = object_props(fd_, connector_id_, DRM_MODE_OBJECT_CONNECTOR);
    return discover_planes(err) && create_blobs(err);
}

// The first CRTC and the first connector, with the connector's modes.
bool Card::discover_crtc_and_connector(std::string &err)
{
    drmModeRes *res = drmModeGetResources(fd_);
    if (!res) {
        err = "GETRESOURCES: " + errno_name(errno);
        return false;
    }
    crtc_count_ = size_t(res->count_crtcs);
    connector_count_ = size_t(res->count_connectors);
    encoder_count_ = size_t(res->count_encoders);
    crtc_id_ = res->count_crtcs > 0 ? res->crtcs[0] : 0;
    modes_.clear();
    connector_id_ = 0;
    for (int i = 0; i < res->count_connectors && !connector_id_; i++) {
        drmModeConnector *c = drmModeGetConnector(fd_, res->connectors[i]);
        if (!c) {
            continue;
        }
        connector_id_ = c->connector_id;
        connected_ = c->connection == DRM_MODE_CONNECTED;
        modes_.assign(c->modes, c->modes + c->count_modes);
        drmModeFreeConnector(c);
    }
    drmModeFreeResources(res);
    if (!crtc_id_ || !connector_id_) {
        err = strf("no CRTC or connector (crtcs=%zu connectors=%zu)", crtc_count_, connector_count_);
        return false;
    }
    return true;
}

// The panel's 320x240 at its highest refresh, else the connector's first mode.
bool Card::pick_mode(std::string &err)
{
    bool found = false;
    for (const auto &m : modes_) {
        if (m.hdisplay == 320 && m.vdisplay == 240 && (!found || m.vrefresh > mode_.vrefresh)) {
            mode_ = m;
            found = true;
        }
    }
    if (!found && !modes_.empty()) {
        mode_ = modes_[0];
        found = true;
    }
    if (!found) {
        err = "the connector has no modes";
    }
    return found;
}

// Every plane with its formats and properties, classified: the primary, the IPU's (the overlay
// that takes YUYV) and the LCDC's overlay.
bool Card::discover_planes(std::string &err)
{
    planes_.clear();
    drmModePlaneRes *pr = drmModeGetPlaneResources(fd_);
    if (!pr) {
        err = "GETPLANERESOURCES: " + errno_name(errno);
        return false;
    }
    for (uint32_t i = 0; i < pr->count_planes; i++) {
        drmModePlane *p = drmModeGetPlane(fd_, pr->planes[i]);
        if (!p) {
            continue;
        }
        Plane pl;
        pl.id = p->plane_id;
        pl.formats.assign(p->formats, p->formats + p->count_formats);
        drmModeFreePlane(p);
        pl.props = object_props(fd_, pl.id, DRM_MODE_OBJECT_PLANE);
        uint64_t type = DRM_PLANE_TYPE_OVERLAY;
        if (auto it = pl.props.find("type"); it != pl.props.end()) {
            drmModeObjectProperties *op = drmModeObjectGetProperties(fd_, pl.id, DRM_MODE_OBJECT_PLANE);
            for (uint32_t k = 0; op && k < op->count_props; k++) {
                if (op->props[k] == it->second) {
                    type = op->prop_values[k];
                }
            }
            drmModeFreeObjectProperties(op);
        }
        if (type == DRM_PLANE_TYPE_PRIMARY) {
            pl.kind = PlaneKind::Primary;
        } else if (type == DRM_PLANE_TYPE_OVERLAY && pl.supports(DRM_FORMAT_YUYV)) {
            pl.kind = PlaneKind::Ipu;
        } else if (type == DRM_PLANE_TYPE_OVERLAY) {
            pl.kind = PlaneKind::Overlay;
        }
        planes_.push_back(std::move(pl));
    }
    drmModeFreePlaneResources(pr);
    return true;
}

// The mode blob is created once here, so concurrent committers never race to create it. So is
// the palette for C8 frame buffers: a 256-entry gamma LUT, which ingenic-drm turns into the
// LCDC's RGB565 palette.
bool Card::create_blobs(std::string &err)
{
    if (mode_blob_) {
        drmModeDestroyPropertyBlob(fd_, mode_blob_);
        mode_blob_ = 0;
    }
    if (int rc = ensure_mode_blob()) {
        err = "CREATEPROPBLOB (mode): " + errno_name(rc);
        return false;
    }
    if (palette_blob_) {
        drmModeDestroyPropertyBlob(fd_, palette_blob_);
        palette_blob_ = 0;
    }
    if (crtc_props_.count("GAMMA_LUT")) {
        std::vector<drm_color_lut> lut(256);
        for (unsigned i = 0; i < lut.size(); i++) {
            pattern::Rgb565 c = pattern::c8_palette(uint8_t(i));
            lut[i].red = pattern::lut16(c.r5, 5);
            lut[i].green = pattern::lut16(c.g6, 6);
            lut[i].blue = pattern::lut16(c.b5, 5);
        }
        if (int rc = neg_errno(drmModeCreatePropertyBlob(fd_, lut.data(), lut.size() * sizeof lut[0], &palette_blob_))) {
            err = "CREATEPROPBLOB (gamma LUT): " + errno_name(rc);
            return false;
        }
    }
    return true;
}

double Card::refresh_hz() const
{
    if (!mode_.htotal || !mode_.vtotal) {
        return 0;
    }
    return double(mode_.clock) * 1000.0 / (double(mode_.htotal) * mode_.vtotal);
}

const Plane *Card::plane(PlaneKind k) const
{
    for (const auto &p : planes_) {
        if (p.kind == k) {
            return &p;
        }
    }
    return nullptr;
}

std::shared_ptr<Fb> Card::create_fb(Format f, uint32_t w, uint32_t h, uint64_t seed, std::string &err)
{
    const auto &fi = pattern::info(f);
    auto fb = std::make_shared<Fb>();
    fb->format = f;
    fb->width = w;
    fb->height = h;
    fb->seed = seed;
    drm_mode_create_dumb cd{};
    cd.width = w;
    cd.height = pattern::alloc_rows(f, h);
    cd.bpp = fi.cpp * 8;
    if (drmIoctl(fd_, DRM_IOCTL_MODE_CREATE_DUMB, &cd) != 0) {
        err = strf("CREATE_DUMB %ux%u %s: %s", w, h, fi.name, errno_name(errno).c_str());
        return nullptr;
    }
    fb->handle = cd.handle;
    fb->pitch = cd.pitch;
    fb->size = cd.size;
    drm_mode_map_dumb md{};
    md.handle = cd.handle;
    if (drmIoctl(fd_, DRM_IOCTL_MODE_MAP_DUMB, &md) != 0) {
        err = "MAP_DUMB: " + errno_name(errno);
        return nullptr;
    }
    void *p = mmap(nullptr, size_t(cd.size), PROT_READ | PROT_WRITE, MAP_SHARED, fd_, off_t(md.offset));
    if (p == MAP_FAILED) {
        err = "mmap dumb: " + errno_name(errno);
        return nullptr;
    }
    fb->map = static_cast<uint8_t *>(p);
    fb->layout = pattern::layout(f, w, h, cd.pitch);
    if (fb->layout.size > cd.size) {
        err = strf("dumb buffer too small: %llu < %zu", (unsigned long long)cd.size, fb->layout.size);
        return nullptr;
    }
    pattern::fill(fb->layout, fb->map, seed);
    uint32_t handles[4] = {}, pitches[4] = {}, offsets[4] = {};
    for (unsigned i = 0; i < fb->layout.nplanes; i++) {
        handles[i] = cd.handle;
        pitches[i] = fb->layout.planes[i].pitch;
        offsets[i] = uint32_t(fb->layout.planes[i].offset);
    }
    int rc = drmModeAddFB2(fd_, w, h, fi.fourcc, handles, pitches, offsets, &fb->id, 0);
    if (rc != 0) {
        err = strf("ADDFB2 %ux%u %s: %s", w, h, fi.name, errno_name(neg_errno(rc)).c_str());
        return nullptr;
    }
    return fb;
}

int Card::remove_fb(Fb &fb)
{
    if (!fb.id) {
        return 0;
    }
    int rc = neg_errno(drmModeRmFB(fd_, fb.id));
    if (rc == 0) {
        fb.id = 0;
    }
    return rc;
}

int Card::destroy_dumb(Fb &fb)
{
    if (fb.map) {
        munmap(fb.map, size_t(fb.size));
        fb.map = nullptr;
    }
    if (!fb.handle) {
        return 0;
    }
    drm_mode_destroy_dumb dd{};
    dd.handle = fb.handle;
    if (drmIoctl(fd_, DRM_IOCTL_MODE_DESTROY_DUMB, &dd) != 0) {
        return -errno;
    }
    fb.handle = 0;
    return 0;
}

int Card::export_prime(const Fb &fb, int &dmabuf_fd)
{
    dmabuf_fd = -1;
    return neg_errno(drmPrimeHandleToFD(fd_, fb.handle, DRM_CLOEXEC | DRM_RDWR, &dmabuf_fd));
}

int Card::use_mode(const drmModeModeInfo &m)
{
    if (mode_blob_) {
        drmModeDestroyPropertyBlob(fd_, mode_blob_);
        mode_blob_ = 0;
    }
    mode_ = m;
    return ensure_mode_blob();
}

int Card::ensure_mode_blob()
{
    if (mode_blob_) {
        return 0;
    }
    return neg_errno(drmModeCreatePropertyBlob(fd_, &mode_, sizeof mode_, &mode_blob_));
}

static int add(drmModeAtomicReq *req, uint32_t obj, const std::map<std::string, uint32_t> &props, const char *name,
               uint64_t value)
{
    auto it = props.find(name);
    if (it == props.end()) {
        return -ENOENT;
    }
    return drmModeAtomicAddProperty(req, obj, it->second, value) < 0 ? -ENOMEM : 0;
}

int Card::add_plane(drmModeAtomicReq *req, const PlaneState &p)
{
    const auto &pr = p.plane->props;
    uint32_t id = p.plane->id;
    if (!p.fb) {
        int rc = add(req, id, pr, "FB_ID", 0);
        return rc ? rc : add(req, id, pr, "CRTC_ID", 0);
    }
    int rc = 0;
    rc = rc ? rc : add(req, id, pr, "FB_ID", p.fb->id);
    rc = rc ? rc : add(req, id, pr, "CRTC_ID", crtc_id_);
    rc = rc ? rc : add(req, id, pr, "SRC_X", 0);
    rc = rc ? rc : add(req, id, pr, "SRC_Y", 0);
    rc = rc ? rc : add(req, id, pr, "SRC_W", uint64_t(p.fb->width) << 16);
    rc = rc ? rc : add(req, id, pr, "SRC_H", uint64_t(p.fb->height) << 16);
    rc = rc ? rc : add(req, id, pr, "CRTC_X", uint64_t(int64_t(p.x)));
    rc = rc ? rc : add(req, id, pr, "CRTC_Y", uint64_t(int64_t(p.y)));
    rc = rc ? rc : add(req, id, pr, "CRTC_W", p.w ? p.w : p.fb->width);
    rc = rc ? rc : add(req, id, pr, "CRTC_H", p.h ? p.h : p.fb->height);
    return rc;
}

int Card::commit(const std::vector<PlaneState> &on, uint32_t flags, void *user_data)
{
    if (!mode_blob_) {
        return -EINVAL;
    }
    int rc = 0;
    drmModeAtomicReq *req = drmModeAtomicAlloc();
    if (!req) {
        return -ENOMEM;
    }
    rc = rc ? rc : add(req, connector_id_, conn_props_, "CRTC_ID", crtc_id_);
    rc = rc ? rc : add(req, crtc_id_, crtc_props_, "MODE_ID", mode_blob_);
    rc = rc ? rc : add(req, crtc_id_, crtc_props_, "ACTIVE", 1);
    // C8 frame buffers index the palette, loaded as the CRTC's gamma LUT.
    if (std::any_of(on.begin(), on.end(), [](const PlaneState &p) { return p.fb && p.fb->format == Format::C8; })) {
        rc = rc ? rc : (palette_blob_ ? add(req, crtc_id_, crtc_props_, "GAMMA_LUT", palette_blob_) : -ENOENT);
    }
    for (const auto &pl : planes_) {
        PlaneState off{&pl, nullptr, 0, 0, 0, 0};
        const PlaneState *use = &off;
        for (const auto &p : on) {
            if (p.plane && p.plane->id == pl.id) {
                use = &p;
            }
        }
        rc = rc ? rc : add_plane(req, *use);
    }
    if (rc == 0) {
        rc = neg_errno(drmModeAtomicCommit(fd_, req, flags, user_data));
    }
    drmModeAtomicFree(req);
    return rc;
}

int Card::flip(const std::vector<PlaneState> &planes, uint32_t flags, void *user_data)
{
    drmModeAtomicReq *req = drmModeAtomicAlloc();
    if (!req) {
        return -ENOMEM;
    }
    int rc = 0;
    for (const auto &p : planes) {
        rc = rc ? rc : add_plane(req, p);
    }
    if (rc == 0) {
        rc = neg_errno(drmModeAtomicCommit(fd_, req, flags, user_data));
    }
    drmModeAtomicFree(req);
    return rc;
}

int Card::disable_all(uint32_t flags)
{
    drmModeAtomicReq *req = drmModeAtomicAlloc();
    if (!req) {
        return -ENOMEM;
    }
    int rc = add(req, connector_id_, conn_props_, "CRTC_ID", 0);
    rc = rc ? rc : add(req, crtc_id_, crtc_props_, "MODE_ID", 0);
    rc = rc ? rc : add(req, crtc_id_, crtc_props_, "ACTIVE", 0);
    for (const auto &pl : planes_) {
        rc = rc ? rc : add_plane(req, PlaneState{&pl, nullptr, 0, 0, 0, 0});
    }
    if (rc == 0) {
        rc = neg_errno(drmModeAtomicCommit(fd_, req, flags, nullptr));
    }
    drmModeAtomicFree(req);
    return rc;
}

int Card::page_flip(const Fb &fb, bool event, void *user_data)
{
    return neg_errno(drmModePageFlip(fd_, crtc_id_, fb.id, event ? DRM_MODE_PAGE_FLIP_EVENT : 0, user_data));
}

int Card::set_crtc(const Fb &fb)
{
    uint32_t conn = connector_id_;
    drmModeModeInfo m = mode_;
    return neg_errno(drmModeSetCrtc(fd_, crtc_id_, fb.id, 0, 0, &conn, 1, &m));
}

int Card::wait_vblank(uint32_t count, uint32_t *sequence, double *timestamp)
{
    drmVBlank vbl{};
    vbl.request.type = DRM_VBLANK_RELATIVE;
    vbl.request.sequence = count;
    int rc = drmWaitVBlank(fd_, &vbl);
    if (rc != 0) {
        return -errno;
    }
    if (sequence) {
        *sequence = vbl.reply.sequence;
    }
    if (timestamp) {
        *timestamp = double(vbl.reply.tval_sec) + double(vbl.reply.tval_usec) / 1e6;
    }
    return 0;
}

int Card::get_crtc_fb(uint32_t &fb_id, bool &mode_valid)
{
    drmModeCrtc *c = drmModeGetCrtc(fd_, crtc_id_);
    if (!c) {
        return -errno;
    }
    fb_id = c->buffer_id;
    mode_valid = c->mode_valid;
    drmModeFreeCrtc(c);
    return 0;
}

namespace {
struct EventSink {
    int count = 0;
    std::vector<uint32_t> *seqs = nullptr;
};
thread_local EventSink *t_sink = nullptr;
// user_data of our commits is never dereferenced; events are counted per reading thread.
void on_flip(int, unsigned int sequence, unsigned int, unsigned int, void *)
{
    if (t_sink) {
        t_sink->count++;
        if (t_sink->seqs) {
            t_sink->seqs->push_back(sequence);
        }
    }
}
} // namespace

int Card::read_events(int timeout_ms, std::vector<uint32_t> *sequences)
{
    pollfd p{fd_, POLLIN, 0};
    int rc = ::poll(&p, 1, timeout_ms);
    if (rc < 0) {
        return -errno;
    }
    if (rc == 0) {
        return 0;
    }
    if (p.revents & (POLLERR | POLLNVAL)) {
        return -EIO;
    }
    if (p.revents & POLLHUP && !(p.revents & POLLIN)) {
        return -ENODEV;
    }
    EventSink sink;
    sink.seqs = sequences;
    t_sink = &sink;
    drmEventContext ctx{};
    ctx.version = 2;
    ctx.vblank_handler = on_flip;
    ctx.page_flip_handler = on_flip;
    int h = drmHandleEvent(fd_, &ctx);
    t_sink = nullptr;
    if (h != 0) {
        return errno ? -errno : -EIO;
    }
    return sink.count;
}

// Current value of a plane property (e.g. the IPU plane's "sharpness"), or `fallback`.
static uint64_t plane_prop_value(const Card &card, const Plane &plane, const char *name, uint64_t fallback)
{
    auto it = plane.props.find(name);
    if (it == plane.props.end()) {
        return fallback;
    }
    uint64_t value = fallback;
    if (drmModeObjectProperties *props = drmModeObjectGetProperties(card.fd(), plane.id, DRM_MODE_OBJECT_PLANE)) {
        for (uint32_t i = 0; i < props->count_props; i++) {
            if (props->props[i] == it->second) {
                value = props->prop_values[i];
            }
        }
        drmModeFreeObjectProperties(props);
    }
    return value;
}

pattern::Recipe recipe_of(const Card &card, const std::vector<PlaneState> &scene)
{
    pattern::Recipe r;
    r.width = card.mode().hdisplay;
    r.height = card.mode().vdisplay;
    // LCDC composition order: background, F1 (primary, or the IPU output), then F0 (overlay).
    auto layer_of = [&card](const PlaneState &p) {
        pattern::Layer l;
        if (p.plane->kind == PlaneKind::Ipu) {
            // Shown through the IPU: the recipe says so, with the plane's sharpness (driver
            // default 8), so the host composes it exactly (lab_ipu.hpp).
            l.ipu = int(plane_prop_value(card, *p.plane, "sharpness", 8));
        }
        l.format = p.fb->format;
        l.src_w = p.fb->width;
        l.src_h = p.fb->height;
        l.x = p.x;
        l.y = p.y;
        l.w = p.w ? p.w : p.fb->width;
        l.h = p.h ? p.h : p.fb->height;
        l.seed = p.fb->seed;
        return l;
    };
    for (PlaneKind k : {PlaneKind::Primary, PlaneKind::Ipu, PlaneKind::Overlay, PlaneKind::Other}) {
        for (const auto &p : scene) {
            if (p.plane && p.fb && p.plane->kind == k) {
                r.layers.push_back(layer_of(p));
            }
        }
    }
    return r;
}

} // namespace lab::kms
