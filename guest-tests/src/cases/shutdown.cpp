// shutdown: reboot(2) / power-off with commits in flight. Each runs in its own boot (the runner
// passes lab.cases=<name>); the host judges from what it saw: the device-side finding "display
// active at reset" (the .shutdown hook must turn the pipeline off), kernel reports, and whether
// the board reset or QEMU exited cleanly. The case never ends on its own: no END marker, no KTAP
// result line when all goes to plan.
#include <sys/reboot.h>
#include <unistd.h>

#include "cases/common.hpp"

namespace lab::cases {
namespace {

void commits_then(Case &c, int how, const char *what)
{
    auto s = std::make_shared<RaceShared>();
    prepare_primary(c, *s);
    Workers w;
    for (unsigned k = 0; k < 2; k++) {
        Rng r = c.rng.fork();
        w.spawn(
            [s, r, k]() mutable {
                while (!s->stop) {
                    bool modeset = k == 1 && r.chance(30);
                    int rc = modeset ? s->card->commit({s->scene_plane(size_t(r.next()))}, kModeset | kNonblock)
                                     : s->card->flip({s->scene_plane(size_t(r.next()))}, kNonblock | kEvent);
                    if (rc == 0 && !modeset) {
                        s->card->read_events(50);
                    } else if (rc) {
                        s->card->read_events(5);
                    }
                    s->tally.add(std::string(modeset ? "modeset " : "flip ") + errno_name(rc));
                }
            },
            "commits");
    }
    unsigned delay = unsigned(c.rng.range(50, 800));
    sys::sleep_s(delay / 1000.0);
    c.diag(strf("%s after %u ms of commits in flight (%s)", what, delay, summary_of(s->tally).c_str()));
    c.rt.flush();
    sync();
    reboot(how);
    // Only reached when the syscall failed.
    int e = errno;
    s->stop = true;
    w.join(5);
    c.fail(strf("%s: %s", what, errno_name(e).c_str()));
}

void commit_vs_reboot(Case &c)
{
    commits_then(c, RB_AUTOBOOT, "reboot(RB_AUTOBOOT)");
}

void commit_vs_poweroff(Case &c)
{
    commits_then(c, RB_POWER_OFF, "reboot(RB_POWER_OFF)");
}

} // namespace

LAB_REGISTER({"shutdown", "commit-vs-reboot", {"shutdown"},
              "reboot(2) with atomic commits in flight; the host judges the reset (own boot)",
              kAlone | kDestructive, 1, 60, commit_vs_reboot});
LAB_REGISTER({"shutdown", "commit-vs-poweroff", {"shutdown"},
              "Power-off with atomic commits in flight; the host judges QEMU's exit (own boot)",
              kAlone | kDestructive, 1, 60, commit_vs_poweroff});

} // namespace lab::cases
