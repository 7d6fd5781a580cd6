#include "cases/common.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <vector>

namespace lab::cases {

const kms::Plane &need_plane(Case &c, const kms::Card &card, PlaneKind k)
{
    const kms::Plane *p = card.plane(k);
    if (!p) {
        c.abort_case(std::string("no ") + kms::kind_name(k) + " plane");
    }
    return *p;
}

void prepare_primary(Case &c, RaceShared &s)
{
    s.card = c.open_card();
    auto &card = *s.card;
    uint32_t w = card.mode().hdisplay, h = card.mode().vdisplay;
    s.flip_plane = &need_plane(c, card, PlaneKind::Primary);
    s.extra_plane = card.plane(PlaneKind::Overlay);
    s.w = w, s.h = h;
    s.fbs.push_back(c.make_fb(card, Format::XRGB8888, w, h));
    s.fbs.push_back(c.make_fb(card, Format::XRGB8888, w, h));
    if (s.extra_plane) {
        s.fbs.push_back(c.make_fb(card, Format::RGB565, w / 2, h / 2));
    }
    int rc = card.commit({s.scene_plane(0)}, kModeset);
    if (rc) {
        c.abort_case("initial modeset: " + errno_name(rc));
    }
}

void prepare_ipu(Case &c, RaceShared &s)
{
    s.card = c.open_card();
    auto &card = *s.card;
    s.flip_plane = &need_plane(c, card, PlaneKind::Ipu);
    s.extra_plane = card.plane(PlaneKind::Overlay);
    s.w = card.mode().hdisplay, s.h = card.mode().vdisplay;
    s.fbs.push_back(c.make_fb(card, Format::XRGB8888, 160, 120));
    s.fbs.push_back(c.make_fb(card, Format::YUYV, 160, 120));
    if (s.extra_plane) {
        s.fbs.push_back(c.make_fb(card, Format::RGB565, 64, 48));
    }
    int rc = card.commit({s.scene_plane(0)}, kModeset);
    if (rc) {
        c.abort_case("initial modeset with the IPU plane: " + errno_name(rc));
    }
}

unsigned drain_events(RaceShared &s, double timeout_s)
{
    unsigned got = 0;
    double until = sys::now() + timeout_s;
    while (s.pending_events > 0 && sys::now() < until) {
        int ev = s.card->read_events(100);
        if (ev < 0) {
            s.tally.add("read-events " + errno_name(ev));
            break;
        }
        got += unsigned(ev);
        s.pending_events -= ev;
        s.events += unsigned(ev);
    }
    return got;
}

std::string summary_of(const Tally &t)
{
    std::string s = t.summary();
    return s.empty() ? "(no operations)" : s;
}

namespace {

struct RaceTotals {
    Tally tally;
    unsigned done = 0;
    double unbind_s = 0, bind_s = 0;
    std::vector<double> cycle_s; // each completed iteration, start to the old device's release
};

// "p10=.. p50=.. p90=.. max=.." of the cycle times in ms (nearest rank).
std::string cycle_quantiles(std::vector<double> v)
{
    if (v.empty()) {
        return "cycle_ms_p10=- cycle_ms_p50=- cycle_ms_p90=- cycle_ms_max=-";
    }
    std::sort(v.begin(), v.end());
    auto at = [&](double q) { return v[std::min(v.size() - 1, size_t(q * double(v.size() - 1) + 0.5))] * 1000.0; };
    return strf("cycle_ms_p10=%.1f cycle_ms_p50=%.1f cycle_ms_p90=%.1f cycle_ms_max=%.1f", at(0.1), at(0.5), at(0.9),
                v.back() * 1000.0);
}

std::string irq_text(const std::optional<long long> &n)
{
    return n ? std::to_string(*n) : "not requested";
}

// Where a race's threads run. With two CPUs or more, the thread that unbinds (the case body: the
// unbind runs in a thread it starts, which inherits its CPU mask) keeps to the first CPU and the
// workers to the others, so that a commit and the unbind really run at the same time instead of
// taking turns on one CPU. With one CPU the race depends on preemption alone.
struct CpuPlan {
    std::vector<int> usable;
    bool pinned = false;
    int worker_cpu(unsigned k) const
    {
        return pinned ? usable[1 + k % (usable.size() - 1)] : -1;
    }
};

CpuPlan plan_cpus(Case &c, const RaceConfig &cfg)
{
    CpuPlan p;
    p.usable = sys::usable_cpus();
    if (p.usable.size() < 2) {
        c.diag("one CPU: the workers and the unbind take turns on it");
        return p;
    }
    if (!sys::run_on({p.usable[0]})) {
        c.diag(strf("%zu CPUs, threads not pinned (sched_setaffinity: %s)", p.usable.size(), std::strerror(errno)));
        return p;
    }
    p.pinned = true;
    std::string workers;
    for (unsigned k = 0; k < cfg.workers; k++) {
        workers += strf("%s%d", k ? "," : "", p.worker_cpu(k));
    }
    c.diag(strf("%zu CPUs: the unbind runs on CPU %d, the workers on CPU %s", p.usable.size(), p.usable[0],
                workers.c_str()));
    return p;
}

void start_workers(Case &c, const RaceConfig &cfg, const CpuPlan &cpus, WorkerFn work,
                   const std::shared_ptr<RaceShared> &s, Workers &w)
{
    for (unsigned k = 0; k < cfg.workers; k++) {
        Rng r = c.rng.fork();
        int cpu = cpus.worker_cpu(k);
        w.spawn(
            [s, r, k, work, cpu]() mutable {
                if (cpu >= 0) {
                    sys::run_on({cpu});
                }
                while (!s->stop) {
                    work(*s, r, k);
                }
            },
            "race-worker");
    }
}

// What the unbind and the workers did. False when the pipeline is wedged (an unbind or a worker
// stuck in the kernel): the health check decides what is left.
bool judge_unbind(Case &c, const RaceConfig &cfg, unsigned it, const std::string &where, const sys::Outcome &u,
                  const Workers::Joined &j, RaceShared &s)
{
    if (u.ended == sys::Ended::Timeout) {
        c.mark_timeout(strf("%s: unbind of %s stuck for %.0f s (D state?)", where.c_str(), cfg.target.dev.c_str(),
                            u.seconds));
    } else if (!u.ok()) {
        c.fail(where + ": unbind " + cfg.target.dev + ": " + u.describe());
    }
    if (j.stuck) {
        c.mark_timeout(strf("%s: %u worker(s) stuck in an ioctl 15 s after the unbind", where.c_str(), j.stuck));
    }
    if (j.vanished) {
        c.fail(strf("%s: %u worker(s) killed inside the kernel (oops?)", where.c_str(), j.vanished));
    }
    if (cfg.count_events && j.all_done()) {
        c.step(strf("iteration %u: reading the remaining flip events on the old fd", it));
        drain_events(s, 2.0);
        if (s.pending_events > 0) {
            c.fail(strf("%s: %d flip event(s) never delivered for accepted commits", where.c_str(),
                        s.pending_events.load()));
        }
    }
    return u.ended != sys::Ended::Timeout && j.all_done();
}

// Closes the old fd, binds the driver again and waits for the card. False on failure.
bool rebind(Case &c, const RaceConfig &cfg, const std::string &where, RaceShared &s, RaceTotals &t)
{
    sys::Outcome cl = close_bounded(s.card);
    if (!cl.ok()) {
        step_failed(c, where + ": close", cl);
        return false;
    }
    sys::Outcome b = platform::bind(cfg.target.dev, cfg.target.drv);
    t.bind_s += b.seconds;
    if (b.ended == sys::Ended::Timeout) {
        c.mark_timeout(where + ": rebind " + b.describe());
        return false;
    }
    if (!b.ok()) {
        c.fail(where + ": rebind " + cfg.target.dev + ": " + b.describe());
        return false;
    }
    std::string node;
    if (!platform::wait_card(c.rt.names.lcdc_dev, platform::kCardTimeout, node)) {
        c.fail(where + ": no DRM card after the rebind");
        return false;
    }
    if (cfg.after_rebind) {
        auto fresh = c.open_card();
        cfg.after_rebind(c, *fresh);
        close_bounded(fresh);
    }
    return true;
}

// One iteration: prepare, workers, seeded delay, unbind, workers briefly on, join, judge,
// rebind, final release of the old device. False when the race cannot go on.
bool race_iteration(Case &c, const RaceConfig &cfg, const CpuPlan &cpus, PrepareFn prepare, WorkerFn work, unsigned it,
                    RaceTotals &t)
{
    double t_cycle = sys::now();
    auto s = std::make_shared<RaceShared>();
    c.step(strf("iteration %u: open and modeset", it));
    prepare(c, *s);

    c.step(strf("iteration %u: workers running", it));
    Workers w;
    start_workers(c, cfg, cpus, work, s, w);
    // --race-window (a throughput measurement) replaces the case's window, and the workers go on
    // after the unbind for no longer than the window's end (5 ms at least).
    unsigned lo = cfg.min_delay_ms, hi = cfg.max_delay_ms, after = cfg.after_ms;
    if (const auto &win = c.rt.opt.race_window_ms) {
        lo = win->first;
        hi = win->second;
        after = std::min(after, std::max(hi, 5u));
    }
    unsigned delay = unsigned(c.rng.range(lo, hi));
    sys::sleep_s(delay / 1000.0);

    auto irq_before = platform::irq_count("ingenic-drm");
    c.step(strf("iteration %u: unbind", it));
    sys::Outcome u = platform::unbind(cfg.target.dev, cfg.target.drv);
    t.unbind_s += u.seconds;
    if (u.ok()) {
        s->unbound = true;
    }
    sys::sleep_s(after / 1000.0);
    if (u.ok() && cfg.while_unbound) {
        cfg.while_unbound(c, *s);
    }
    s->stop = true;
    c.step(strf("iteration %u: joining the workers", it));
    Workers::Joined j = w.join(15);
    auto irq_after = platform::irq_count("ingenic-drm");

    std::string where = strf("iteration %u (unbind after %u ms)", it, delay);
    bool going = judge_unbind(c, cfg, it, where, u, j, *s);
    if (it == 0 || !u.ok() || !j.all_done()) {
        c.diag(strf("%s: unbind %s; workers %u done, %u vanished, %u stuck; irq ingenic-drm %s -> %s", where.c_str(),
                    u.describe().c_str(), j.done, j.vanished, j.stuck, irq_text(irq_before).c_str(),
                    irq_text(irq_after).c_str()));
    }
    t.tally.merge(s->tally);
    if (!going) {
        return false;
    }
    c.step(strf("iteration %u: close and rebind", it));
    if (!rebind(c, cfg, where, *s, t)) {
        return false;
    }
    // Our mappings of the old buffers hold the last references to the old drm_device: its
    // final release (drm_mode_config_cleanup, drmm actions) runs here, in munmap().
    c.step(strf("iteration %u: unmapping the old buffers (final release of the old device)", it));
    s->fbs.clear();
    s->card.reset();
    t.done++;
    t.cycle_s.push_back(sys::now() - t_cycle);
    return true;
}

// The bench line for ci/bench/race-throughput, and the failures only the totals show.
void report_race(Case &c, const RaceTotals &t, double secs)
{
    c.diag(strf("%u iteration(s) in %.1f s: %s", t.done, secs, summary_of(t.tally).c_str()));
    uint64_t ops = 0;
    for (const auto &kv : t.tally.snapshot()) {
        if (kv.first.find(" ok") != std::string::npos && kv.first.find("accepted") == std::string::npos) {
            ops += kv.second;
        }
    }
    c.diag(strf("bench: cycles=%u seconds=%.2f cycles_per_s=%.3f successful_ops=%llu ops_per_s=%.1f "
                "unbind_s=%.3f bind_s=%.3f %s",
                t.done, secs, secs > 0 ? t.done / secs : 0.0, (unsigned long long)ops, secs > 0 ? ops / secs : 0.0,
                t.done ? t.unbind_s / t.done : 0.0, t.done ? t.bind_s / t.done : 0.0, cycle_quantiles(t.cycle_s).c_str()));
    for (const auto &kv : t.tally.snapshot()) {
        if (kv.first.find("accepted-after-unbind") != std::string::npos) {
            c.fail(strf("%llu '%s' operation(s) succeeded after the unbind had returned (the driver still "
                        "accepts work for a removed device)",
                        (unsigned long long)kv.second, kv.first.substr(0, kv.first.find(' ')).c_str()));
        }
    }
    if (t.done == 0 && c.failures().empty()) {
        c.fail("no iteration completed");
    }
}

} // namespace

void unbind_race(Case &c, const RaceConfig &cfg, PrepareFn prepare, WorkerFn work)
{
    RaceTotals t;
    CpuPlan cpus = plan_cpus(c, cfg);
    double t_start = sys::now();
    for (unsigned it = 0; it < c.iterations; it++) {
        if (it > 0 && !c.within_duration()) {
            c.diag(strf("duration cap reached after %u iteration(s)", it));
            break;
        }
        if (!race_iteration(c, cfg, cpus, prepare, work, it, t)) {
            break;
        }
    }
    if (cpus.pinned) {
        sys::run_on(cpus.usable);
    }
    report_race(c, t, sys::now() - t_start);
}

} // namespace lab::cases
