// ingenic-lab-tests: the guest test binary. Boost.Test (header-only) holds the case tree, labels,
// descriptions, selection and results; this file maps our command line onto it, builds the tree
// from the case registry, and reports each case as BEGIN/END markers in /dev/kmsg and as KTAP on
// the results UART.
#define BOOST_TEST_NO_MAIN
#define BOOST_TEST_ALTERNATIVE_INIT_API // init function: bool (*)()
#include <boost/test/included/unit_test.hpp>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <sys/random.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "guest/runtime.hpp"

namespace utf = boost::unit_test;

namespace {
// Exit status when a case left the device broken (the rest of the selection was not run).
constexpr int kExitBroken = 3;
} // namespace

namespace lab {
namespace {

// Per-case bookkeeping shared between the case wrapper and the observer.
struct CaseRecord {
    std::string first_failure;
    std::string timeout;
};
std::map<utf::test_unit_id, CaseRecord> g_records;

// Runs one case: body in a disposable thread, failures asserted here, health check afterwards.
void execute(const CaseSpec &spec)
{
    Runtime &rt = Runtime::get();
    auto id = utf::framework::current_test_case().p_id;
    CaseRecord &rec = g_records[id];

    const uint64_t cseed = case_seed(rt.seed, spec.name);
    auto c = std::make_shared<Case>(spec, rt, cseed, rt.iterations_for(spec), rt.duration_cap());
    if (spec.default_iterations > 1 || rt.opt.iterations) {
        c->diag(strf("seed %llu (case seed %llu), iterations %u, duration cap %.0f s",
                     (unsigned long long)rt.seed, (unsigned long long)cseed, c->iterations, c->duration));
    }
    double budget = spec.budget_s + (spec.default_iterations > 1 ? c->duration : 0);
    const CaseSpec *sp = &spec;
    sys::Outcome o = sys::bounded(
        [c, sp]() -> int {
            try {
                sp->body(*c);
            } catch (const CaseAbort &) {
            } catch (const std::exception &e) {
                c->fail(std::string("exception: ") + e.what());
            } catch (...) {
                c->fail("unknown exception");
            }
            return 0;
        },
        budget, "case");
    if (o.ended == sys::Ended::Timeout) {
        c->mark_timeout(strf("the case did not finish within its %.0f s budget (stuck in the kernel during '%s'?)",
                             budget, c->current_step().c_str()));
        c->abandon(); // the body thread may still wake up: it must not write diagnostics any more
    } else if (o.ended == sys::Ended::Vanished) {
        c->fail("the case thread vanished during '" + c->current_step() +
                "': killed inside the kernel (see the console for an oops)");
    }

    bool failed = false;
    for (const auto &f : c->failures()) {
        if (rec.first_failure.empty()) {
            rec.first_failure = f;
        }
        BOOST_ERROR(f);
        failed = true;
    }
    if (c->timed_out()) {
        rec.timeout = c->timeout_reason();
    }

    if ((spec.flags & kDestructive) || failed) {
        double t0 = sys::now();
        std::string why = rt.health_check();
        if (!why.empty()) {
            rt.set_broken(spec.name, why);
            std::string msg = "health check failed: " + why;
            rt.diag(spec.name + ": " + msg);
            if (rec.first_failure.empty()) {
                rec.first_failure = msg;
            }
            BOOST_ERROR(msg);
        } else {
            rt.diag(strf("%s: health check ok (%.1f s)", spec.name.c_str(), sys::now() - t0));
        }
    }
}

class Observer : public utf::test_observer {
public:
    void test_start(utf::counter_t n, utf::test_unit_id root) override
    {
        planned_.clear();
        collect(root);
        Runtime::get().ktap().header(size_t(n));
    }

    void test_unit_start(const utf::test_unit &tu) override
    {
        if (tu.p_type == utf::TUT_CASE) {
            Runtime::get().kmsg("ingenic-lab: BEGIN " + tu.p_name.get());
        }
    }

    void test_unit_skipped(const utf::test_unit &tu, utf::const_string reason) override
    {
        if (tu.p_type != utf::TUT_CASE || !tu.is_enabled()) {
            return; // filtered out: not part of the plan
        }
        Runtime &rt = Runtime::get();
        std::string why(reason.begin(), reason.end());
        rt.kmsg("ingenic-lab: BEGIN " + tu.p_name.get());
        rt.ktap().result(tu.p_name.get(), Status::Skip, why);
        rt.kmsg("ingenic-lab: END " + tu.p_name.get() + " skip");
        done_.insert(tu.p_id);
    }

    void exception_caught(const boost::execution_exception &ex) override
    {
        auto id = utf::framework::current_test_case_id();
        auto &rec = g_records[id];
        std::string what(ex.what().begin(), ex.what().end());
        if (ex.code() == boost::execution_exception::timeout_error) {
            rec.timeout = "Boost.Test timeout: " + what;
        } else if (rec.first_failure.empty()) {
            rec.first_failure = "exception: " + what;
        }
    }

    void test_unit_finish(const utf::test_unit &tu, unsigned long elapsed_us) override
    {
        if (tu.p_type != utf::TUT_CASE || done_.count(tu.p_id)) {
            return;
        }
        Runtime &rt = Runtime::get();
        const auto &res = utf::results_collector.results(tu.p_id);
        const CaseRecord &rec = g_records[tu.p_id];
        Status s;
        std::string detail;
        if (res.p_skipped) {
            s = Status::Skip;
        } else if (!rec.timeout.empty() || res.p_timed_out) {
            s = Status::Timeout;
            detail = rec.timeout.empty() ? "Boost.Test timeout" : rec.timeout;
        } else if (res.passed()) {
            s = Status::Pass;
        } else {
            s = Status::Fail;
            detail = rec.first_failure;
        }
        rt.diag(strf("%s: %s in %.1f s", tu.p_name.get().c_str(), status_word(s), double(elapsed_us) / 1e6));
        rt.ktap().result(tu.p_name.get(), s, detail);
        rt.kmsg("ingenic-lab: END " + tu.p_name.get() + " " + status_word(s));
        done_.insert(tu.p_id);
        std::string broken = rt.broken_reason();
        if (!broken.empty()) {
            // Nothing after this case could run on this boot: say so and end the process; the
            // host runner starts a fresh boot and resumes with the next case (lab.from=).
            rt.kmsg("ingenic-lab: BROKEN " + tu.p_name.get() + " " + broken);
            rt.diag("stopping: " + broken + " (the host resumes with the next case in a fresh boot)");
            rt.flush();
            std::fflush(stdout);
            _exit(kExitBroken);
        }
    }

    void test_finish() override
    {
        // Cases never reached (the run was aborted) still get a result line each.
        Runtime &rt = Runtime::get();
        for (auto id : planned_) {
            if (!done_.count(id)) {
                const auto &tu = utf::framework::get(id, utf::TUT_CASE);
                rt.ktap().result(tu.p_name.get(), Status::Error, "not run: the run was aborted");
            }
        }
        rt.flush();
    }

    int priority() override { return 1; } // finish: after the results collector (3) and the log (2)

private:
    struct Collector : utf::test_tree_visitor {
        std::vector<utf::test_unit_id> *out;
        void visit(const utf::test_case &tc) override { out->push_back(tc.p_id); }
    };
    void collect(utf::test_unit_id root)
    {
        Collector c;
        c.out = &planned_;
        utf::traverse_test_tree(root, c, false); // enabled units only
    }

    std::vector<utf::test_unit_id> planned_;
    std::set<utf::test_unit_id> done_;
};

Observer g_observer;

bool init_tree()
{
    auto &master = utf::framework::master_test_suite();
    master.p_name.value = "ingenic-lab";
    std::map<std::string, utf::test_suite *> suites;
    for (const CaseSpec *spec : ordered_cases()) {
        utf::test_suite *&ts = suites[spec->suite];
        if (!ts) {
            ts = BOOST_TEST_SUITE(spec->suite);
            ts->add_label(spec->suite);
            master.add(ts);
        }
        utf::test_case *tc = utf::make_test_case([spec] { execute(*spec); }, spec->name, __FILE__, __LINE__);
        auto &decorate = utf::decorator::collector_t::instance();
        decorate *utf::description(spec->description);
        for (const auto &l : spec->labels) {
            decorate *utf::label(l);
        }
        if (spec->flags & kAlone) {
            std::string name = spec->name;
            decorate *utf::precondition([name](utf::test_unit_id) -> boost::test_tools::assertion_result {
                if (Runtime::get().selected == 1) {
                    return true;
                }
                boost::test_tools::assertion_result r(false);
                r.message() << "runs in its own boot: select it alone (lab.cases=" << name << ")";
                return r;
            });
        }
        if (spec->flags & kNeedsIpu) {
            decorate *utf::precondition([](utf::test_unit_id) -> boost::test_tools::assertion_result {
                std::string why;
                if (Runtime::get().ipu_plane_present(why)) {
                    return true;
                }
                boost::test_tools::assertion_result r(false);
                r.message() << "IPU plane absent: " << why;
                return r;
            });
        }
        decorate.store_in(*tc);
        decorate.reset();
        ts->add(tc);
    }
    utf::framework::register_observer(g_observer);
    return true;
}

uint64_t pick_seed()
{
    uint64_t s = 0;
    if (getrandom(&s, sizeof s, GRND_NONBLOCK) != sizeof s) {
        s = uint64_t(sys::now() * 1e9) ^ uint64_t(getpid());
    }
    return s % 1000000000000ull; // short enough to retype
}

// The selection the run executes (--cases, then --from); false: an error was printed.
bool select(const Options &opt, std::vector<CaseInfo> &infos, Selection &sel)
{
    for (const CaseSpec *s : ordered_cases()) {
        infos.push_back({s->suite, s->name, s->labels, s->description, (s->flags & kAlone) != 0});
    }
    if (auto problems = validate_cases(infos); !problems.empty()) {
        for (const auto &p : problems) {
            std::fprintf(stderr, "ingenic-lab-tests: case registry: %s\n", p.c_str());
        }
        return false;
    }
    sel = select_cases(infos, opt.cases);
    if (!sel.ok()) {
        std::fprintf(stderr, "ingenic-lab-tests: %s\n", sel.error.c_str());
        return false;
    }
    if (!opt.from.empty()) {
        // A resumed run (the host restarted the board after a case broke the device): the
        // selection from that case on, in the same order.
        auto at = std::find_if(sel.indexes.begin(), sel.indexes.end(),
                               [&](size_t i) { return infos[i].name == opt.from; });
        if (at == sel.indexes.end()) {
            std::fprintf(stderr, "ingenic-lab-tests: --from %s: not a case of the selection '%s'\n",
                         opt.from.c_str(), opt.cases.c_str());
            return false;
        }
        sel.indexes.erase(sel.indexes.begin(), at);
    }
    return true;
}

// The run's runtime: options, seed, the platform's devices; its first diagnostics.
void start_runtime(const Options &opt, const Selection &sel)
{
    Runtime &rt = Runtime::get();
    rt.opt = opt;
    rt.seed = opt.seed ? *opt.seed : pick_seed();
    rt.selected = sel.indexes.size();
    rt.names = platform::detect();
    rt.ipu_expected = platform::bound(rt.names.ipu_dev, rt.names.ipu_drv);
    rt.open_channels();

    utsname u{};
    uname(&u);
    std::string card = platform::card_node(rt.names.lcdc_dev);
    rt.diag(strf("ingenic-lab-tests on %s %s (%s)", u.sysname, u.release, u.machine));
    rt.diag(strf("seed %llu (replay: --seed %llu, or lab.seed=%llu on the kernel command line)",
                 (unsigned long long)rt.seed, (unsigned long long)rt.seed, (unsigned long long)rt.seed));
    rt.diag(strf("selection '%s': %zu case(s); iterations %s; duration cap %.0f s", opt.cases.c_str(),
                 sel.indexes.size(), opt.iterations ? std::to_string(*opt.iterations).c_str() : "per case",
                 rt.duration_cap()));
    rt.diag(strf("lcdc %s (%s), ipu %s (%s), card %s", rt.names.lcdc_dev.c_str(),
                 platform::bound(rt.names.lcdc_dev, rt.names.lcdc_drv) ? "bound" : "unbound",
                 rt.names.ipu_dev.c_str(), rt.ipu_expected ? "bound" : "absent/unbound",
                 card.empty() ? "none" : card.c_str()));
    rt.kmsg(strf("ingenic-lab: SEED %llu", (unsigned long long)rt.seed));
}

// Boost.Test over the selected cases; its exit status.
int run_boost(const char *prog, const Options &opt, const std::vector<CaseInfo> &infos, const Selection &sel)
{
    std::vector<std::string> bargs{prog};
    for (const auto &f : run_test_filters(infos, sel.indexes)) {
        bargs.push_back(f);
    }
    // Signals are not how we bound cases (see guest/sys.hpp); Boost must not install handlers
    // that would longjmp across our threads.
    bargs.push_back("--catch_system_errors=no");
    bargs.push_back("--color_output=no");
    bargs.push_back("--log_level=error"); // BEGIN/END come from the observer; no per-unit chatter
    bargs.push_back("--report_level=short");
    bargs.insert(bargs.end(), opt.boost_args.begin(), opt.boost_args.end());
    std::vector<char *> bargv;
    for (auto &a : bargs) {
        bargv.push_back(&a[0]);
    }
    bargv.push_back(nullptr);
    return utf::unit_test_main(&init_tree, int(bargv.size() - 1), bargv.data());
}

} // namespace
} // namespace lab

int main(int argc, char **argv)
{
    using namespace lab;
    std::setvbuf(stdout, nullptr, _IOLBF, 0);
    std::vector<std::string> args(argv + 1, argv + argc);
    Options opt = parse_options(args, [](const char *k) -> std::optional<std::string> {
        const char *v = std::getenv(k);
        return v ? std::optional<std::string>(v) : std::nullopt;
    });
    if (opt.help) {
        std::fputs(usage_text(argv[0]).c_str(), stdout);
        return 0;
    }
    if (!opt.error.empty()) {
        std::fprintf(stderr, "ingenic-lab-tests: %s\n%s", opt.error.c_str(), usage_text(argv[0]).c_str());
        return 2;
    }
    std::vector<CaseInfo> infos;
    Selection sel;
    if (!select(opt, infos, sel)) {
        return 2;
    }
    if (opt.list) {
        std::vector<CaseInfo> chosen;
        for (size_t i : sel.indexes) {
            chosen.push_back(infos[i]);
        }
        std::fputs(format_case_list(chosen).c_str(), stdout);
        return 0;
    }

    start_runtime(opt, sel);
    int rc = run_boost(argv[0], opt, infos, sel);

    Runtime &rt = Runtime::get();
    rt.diag(strf("done: exit %d", rc));
    rt.flush();
    if (unsigned stuck = sys::stuck_threads()) {
        // Threads stuck in the kernel: static destructors must not run under them. (If one is in
        // D state the process cannot finish exiting; the host watchdog handles that.)
        std::printf("ingenic-lab-tests: %u thread(s) still stuck in the kernel at exit\n", stuck);
        std::fflush(stdout);
        _exit(rc);
    }
    return rc;
}
