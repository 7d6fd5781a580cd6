// Command line and environment of ingenic-lab-tests. The command line wins over the environment;
// the environment is what the guest's init exports from the kernel command line
// (lab.cases= -> LAB_CASES, lab.from= -> LAB_FROM, lab.seed= -> LAB_SEED, lab.iterations= ->
// LAB_ITERATIONS, ...).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace lab {

struct Options {
    std::string cases;                 // selection pattern (see core/select.hpp); empty = all
    std::string from;                  // start at this case of the selection (a resumed run)
    std::optional<uint64_t> seed;      // none = pick one and print it
    std::optional<unsigned> iterations; // race/loop iterations; none = each case's default
    std::optional<double> duration;    // time cap (s) per race/loop case; none = default
    std::string ktap_path = "/dev/ttyS3";
    bool kmsg = true;                  // write BEGIN/END/SCREEN markers to /dev/kmsg
    unsigned screen_delay_ms = 1500;   // how long a frame stays up after a SCREEN request
    // Unbind races: the seeded wait before the unbind is drawn from [first, second] ms instead of
    // each case's own window (none = the case's), e.g. "0-20" for a throughput measurement.
    std::optional<std::pair<unsigned, unsigned>> race_window_ms;
    bool list = false;
    bool help = false;
    std::vector<std::string> boost_args; // after "--": passed to Boost.Test unchanged
    std::string error;                 // non-empty: bad usage
};

using EnvLookup = std::function<std::optional<std::string>(const char *)>;

Options parse_options(const std::vector<std::string> &args, const EnvLookup &env);
std::string usage_text(const char *prog);

// Strict number parsing (whole string, no sign, no overflow).
std::optional<uint64_t> parse_u64(const std::string &s);
std::optional<double> parse_seconds(const std::string &s); // "90", "1.5", "2m", "1h"

} // namespace lab
