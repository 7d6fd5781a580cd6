// The guest test runtime: the case registry, the per-case context handed to case bodies, the
// protocol channels (BEGIN/END/SCREEN markers in /dev/kmsg, KTAP on the results UART), and the
// health check that runs after destructive cases.
//
// Threading model: Boost.Test runs in the main thread and is only touched from there. A case body
// runs in a disposable thread (see guest/sys.hpp) so that a body stuck in the kernel or killed by
// an oops cannot hang the binary; the body and its workers record failures in the Case (thread-
// safe), and the main thread turns them into Boost assertions after joining the body.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/ktap.hpp"
#include "core/options.hpp"
#include "core/select.hpp"
#include "core/util.hpp"
#include "guest/kms.hpp"
#include "guest/platform.hpp"
#include "guest/sys.hpp"

namespace lab {

struct Case;
using Body = std::function<void(Case &)>;

enum CaseFlags : unsigned {
    kDestructive = 1u << 0, // leaves the pipeline unbound/unloaded/...: health check afterwards
    kAlone = 1u << 1,       // only when it is the only selected case (reboots, powers off)
    kNeedsIpu = 1u << 2,    // skipped with a reason when the IPU plane is absent
};

struct CaseSpec {
    std::string suite;
    std::string name;
    std::vector<std::string> labels;
    std::string description;
    unsigned flags = 0;
    unsigned default_iterations = 1; // when LAB_ITERATIONS is not given
    double budget_s = 60;            // wall-clock budget of the body on top of the duration cap
    Body body;
};

std::vector<CaseSpec> &registry();
struct Register {
    explicit Register(CaseSpec spec) { registry().push_back(std::move(spec)); }
};
#define LAB_CAT2(a, b) a##b
#define LAB_CAT(a, b) LAB_CAT2(a, b)
#define LAB_REGISTER(...) static ::lab::Register LAB_CAT(lab_register_, __LINE__)(::lab::CaseSpec __VA_ARGS__)

// Suite order of the run (registry order inside a suite).
const std::vector<std::string> &suite_order();
// Registry sorted into run order (stable).
std::vector<const CaseSpec *> ordered_cases();

// Thrown by Case::abort_case to end a body early (already recorded as a failure).
struct CaseAbort {
    std::string why;
};

class Runtime;

struct Case {
    Case(const CaseSpec &spec, Runtime &rt, uint64_t seed, unsigned iterations, double duration);

    const CaseSpec &spec;
    Runtime &rt;
    const uint64_t seed; // this case's seed (derived from the run seed and the name)
    Rng rng;
    const unsigned iterations;
    const double duration; // cap (s) for iterative cases
    const double started;

    void diag(const std::string &text);               // KTAP "# <case>: text" + stdout
    void fail(const std::string &why);                // recorded; the case fails
    [[noreturn]] void abort_case(const std::string &why); // fail + end the body
    bool check(bool cond, const std::string &why)
    {
        if (!cond) {
            fail(why);
        }
        return cond;
    }
    void mark_timeout(const std::string &why); // fail with status "timeout"
    // What the body is doing now (reported if its thread is lost inside the kernel).
    void step(const std::string &what);
    std::string current_step() const;
    bool within_duration() const;              // false once the duration cap is reached
    double elapsed() const;

    // Shows a scene and asks the host for a screendump of it (`ingenic-lab: SCREEN <case>-<tag>`),
    // with its recipe as a KTAP diagnostic; waits so the frame is still up when the host looks.
    void screen(const std::string &tag, const kms::Card &card, const std::vector<kms::PlaneState> &scene);

    // Opens the current card and enumerates it; aborts the case on failure.
    std::shared_ptr<kms::Card> open_card();
    std::shared_ptr<kms::Fb> make_fb(kms::Card &card, pattern::Format f, uint32_t w, uint32_t h);

    std::vector<std::string> failures() const;
    bool timed_out() const { return timed_out_.load(); }
    std::string timeout_reason() const;
    void abandon() { abandoned_ = true; } // the main thread gave up on this body
    bool abandoned() const { return abandoned_.load(); }

private:
    mutable std::mutex mu_;
    std::vector<std::string> failures_;
    std::string timeout_reason_;
    std::string step_ = "start";
    std::atomic<bool> timed_out_{false};
    std::atomic<bool> abandoned_{false};
    unsigned fb_serial_ = 0;
};

class Runtime {
public:
    static Runtime &get();

    Options opt;
    uint64_t seed = 0;
    platform::Names names;
    size_t selected = 0;      // number of selected cases
    bool ipu_expected = false; // the IPU was bound to ingenic-ipu when the run started

    void open_channels();                  // KTAP sink, /dev/kmsg settings
    void kmsg(const std::string &line);    // one line to /dev/kmsg (and the console)
    void diag(const std::string &text);    // KTAP diagnostic (+ stdout)
    Ktap &ktap() { return *ktap_; }
    bool ktap_on_stdout() const { return ktap_stdout_; }
    void flush();

    // "" when healthy; otherwise why the device is unusable and which case left it so.
    std::string broken_reason() const;
    void set_broken(const std::string &by_case, const std::string &why);

    // Rebind/reload whatever is missing, reopen the card and modeset. Returns "" or the reason.
    std::string health_check();
    // Is the IPU plane there (device bound and plane enumerated)? why = reason when not.
    bool ipu_plane_present(std::string &why);

    unsigned iterations_for(const CaseSpec &s) const;
    double duration_cap() const;

private:
    Runtime() = default;
    std::unique_ptr<Ktap> ktap_;
    int ktap_fd_ = -1;
    bool ktap_stdout_ = false;
    mutable std::mutex mu_;
    std::string broken_, broken_by_;
};

// Closes a card in a bounded thread (close() of the last fd may block in the driver).
sys::Outcome close_bounded(std::shared_ptr<kms::Card> card, double timeout_s = 20);

// Worker threads of a race: started with a shared stop flag, joined with a common deadline.
class Workers {
public:
    std::shared_ptr<std::atomic<bool>> stop = std::make_shared<std::atomic<bool>>(false);
    void spawn(std::function<void()> fn, const char *name);
    struct Joined {
        unsigned done = 0, vanished = 0, stuck = 0;
        bool all_done() const { return vanished == 0 && stuck == 0; }
    };
    Joined join(double timeout_s); // sets stop first
    size_t size() const { return threads_.size(); }

private:
    std::vector<std::shared_ptr<sys::Thread>> threads_;
};

} // namespace lab
