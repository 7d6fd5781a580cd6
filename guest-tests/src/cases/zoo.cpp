// Cases written for bug classes of the driver zoo (guest-driver/patches/zoo/) that the other
// cases cannot see: each checks one rule of the driver's lifetime that holds for any correct
// driver, so they run on every driver variant like the others.
#include "cases/common.hpp"

namespace lab::cases {
namespace {

// An open DRM file pins the driver module: rmmod must be refused while it is open, and closing
// it afterwards must not run code of a removed module. No buffer is created, so no CPU mapping
// (which the unbind revokes) is involved.
void rmmod_with_fd_open(Case &c)
{
    const auto &n = c.rt.names;
    if (!platform::module_loaded(n.module)) {
        c.abort_case(n.module + " is not a loaded module (built in?): nothing to remove");
    }
    for (unsigned it = 0; it < c.iterations; it++) {
        if (it > 0 && !c.within_duration()) {
            break;
        }
        std::string where = strf("iteration %u", it);
        auto card = c.open_card();
        c.step(where + ": rmmod with a DRM file open");
        sys::Command r = platform::rmmod(n.module);
        if (r.ended == sys::Ended::Timeout) {
            c.mark_timeout(where + ": rmmod with a DRM file open " + r.describe());
            return;
        }
        bool removed = r.ok();
        if (removed) {
            c.fail(where + ": rmmod succeeded while a DRM file was open (the file does not pin the module)");
        } else if (r.exit_code < 0) {
            c.fail(where + ": rmmod killed: " + r.describe() + " (an oops while removing the module?)");
            return;
        }
        // The last reference to the device goes with this close when the module was removed.
        c.step(where + ": closing the DRM file");
        sys::Outcome cl = close_bounded(card);
        if (!cl.ok()) {
            step_failed(c, where + ": close", cl);
            return;
        }
        if (!removed) {
            r = platform::rmmod(n.module);
            if (!r.ok()) {
                c.fail(where + ": rmmod after the last file was closed: " + r.describe());
                return;
            }
        }
        c.step(where + ": modprobe");
        sys::Command m = platform::modprobe(n.modprobe);
        if (!m.ok()) {
            step_failed(c, where + ": modprobe " + n.modprobe + ":", m);
            return;
        }
        std::string node;
        if (!platform::wait_card(n.lcdc_dev, platform::kCardTimeout, node)) {
            c.fail(where + strf(": no DRM card %.0f s after modprobe", platform::kCardTimeout));
            return;
        }
        if (removed) {
            return; // one crash is enough; the kernel's reports tell the rest
        }
    }
}

} // namespace

LAB_REGISTER({"rmmod", "rmmod-with-fd-open", {"rmmod"},
              "rmmod ingenic_drm with a DRM file open (no buffers): refused; the close afterwards is clean",
              kDestructive, 5, 60, rmmod_with_fd_open});

} // namespace lab::cases
