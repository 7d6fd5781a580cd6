#include "core/options.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <map>
#include <cerrno>
#include <cmath>
#include <cstdlib>

namespace lab {

std::optional<uint64_t> parse_u64(const std::string &s)
{
    if (s.empty() || s.size() > 20) {
        return std::nullopt;
    }
    for (char c : s) {
        if (c < '0' || c > '9') {
            return std::nullopt;
        }
    }
    errno = 0;
    char *end = nullptr;
    unsigned long long v = std::strtoull(s.c_str(), &end, 10);
    if (errno == ERANGE || !end || *end) {
        return std::nullopt;
    }
    return uint64_t(v);
}

std::optional<double> parse_seconds(const std::string &s)
{
    if (s.empty() || s[0] == '-' || s[0] == '+' || s[0] == ' ') {
        return std::nullopt;
    }
    char *end = nullptr;
    double v = std::strtod(s.c_str(), &end);
    if (!end || end == s.c_str() || !std::isfinite(v) || v <= 0) {
        return std::nullopt;
    }
    std::string unit(end);
    if (unit.empty() || unit == "s") {
        return v;
    }
    if (unit == "m") {
        return v * 60;
    }
    if (unit == "h") {
        return v * 3600;
    }
    return std::nullopt;
}

std::string usage_text(const char *prog)
{
    return std::string("usage: ") + prog +
           " [--cases PATTERN] [--from CASE] [--seed N] [--iterations N] [--duration SECONDS]\n"
           "       [--ktap PATH] [--no-kmsg] [--screen-delay MS] [--list] [-- BOOST-TEST-ARGS...]\n"
           "  --cases PATTERN   comma list of case globs, suite/glob, @label, !exclusion (env LAB_CASES)\n"
           "  --from CASE       start at CASE of the selection, e.g. after a broken device (env LAB_FROM)\n"
           "  --seed N          seed of every random schedule (env LAB_SEED; default: random, printed)\n"
           "  --iterations N    iterations of race and loop cases (env LAB_ITERATIONS)\n"
           "  --duration S      time cap per race/loop case, e.g. 90, 2m (env LAB_DURATION)\n"
           "  --ktap PATH       KTAP results (env LAB_KTAP; default /dev/ttyS3, '-' or unavailable: stdout)\n"
           "  --no-kmsg         no BEGIN/END/SCREEN markers in /dev/kmsg (env LAB_NO_KMSG=1)\n"
           "  --screen-delay MS how long a frame stays after a SCREEN request (env LAB_SCREEN_DELAY_MS)\n"
           "  --race-window MIN-MAX  unbind races wait MIN..MAX ms (seeded) before the unbind instead of\n"
           "                    each case's window (env LAB_RACE_WINDOW_MS)\n"
           "  --list            list the cases (the selection, with --cases) with labels and descriptions\n";
}

namespace {

// Options being parsed; the first error is kept.
struct Parser {
    Options o;

    void bad(const std::string &why)
    {
        if (o.error.empty()) {
            o.error = why;
        }
    }
    void set_seed(const std::string &v, const std::string &from)
    {
        auto n = parse_u64(v);
        n ? void(o.seed = n) : bad(from + ": seed must be a non-negative integer, got '" + v + "'");
    }
    void set_iters(const std::string &v, const std::string &from)
    {
        auto n = parse_u64(v);
        if (!n || *n == 0 || *n > 10000000) {
            bad(from + ": iterations must be an integer in 1..10000000, got '" + v + "'");
        } else {
            o.iterations = unsigned(*n);
        }
    }
    void set_duration(const std::string &v, const std::string &from)
    {
        auto d = parse_seconds(v);
        d ? void(o.duration = d) : bad(from + ": duration must be a positive time (90, 1.5, 2m), got '" + v + "'");
    }
    void set_delay(const std::string &v, const std::string &from)
    {
        auto n = parse_u64(v);
        (n && *n <= 600000) ? void(o.screen_delay_ms = unsigned(*n))
                            : bad(from + ": screen delay must be 0..600000 ms, got '" + v + "'");
    }
    void set_window(const std::string &v, const std::string &from)
    {
        size_t dash = v.find('-');
        auto lo = dash == std::string::npos ? std::nullopt : parse_u64(v.substr(0, dash));
        auto hi = dash == std::string::npos ? std::nullopt : parse_u64(v.substr(dash + 1));
        if (!lo || !hi || *lo > *hi || *hi > 60000) {
            bad(from + ": race window must be MIN-MAX ms with MIN <= MAX <= 60000, got '" + v + "'");
        } else {
            o.race_window_ms = std::make_pair(unsigned(*lo), unsigned(*hi));
        }
    }

    void from_env(const EnvLookup &env);
    void from_args(const std::vector<std::string> &args);
};

void Parser::from_env(const EnvLookup &env)
{
    if (auto v = env("LAB_CASES")) {
        o.cases = *v;
    }
    if (auto v = env("LAB_FROM")) {
        o.from = *v;
    }
    if (auto v = env("LAB_SEED"); v && !v->empty()) {
        set_seed(*v, "LAB_SEED");
    }
    if (auto v = env("LAB_ITERATIONS"); v && !v->empty()) {
        set_iters(*v, "LAB_ITERATIONS");
    }
    if (auto v = env("LAB_DURATION"); v && !v->empty()) {
        set_duration(*v, "LAB_DURATION");
    }
    if (auto v = env("LAB_KTAP"); v && !v->empty()) {
        o.ktap_path = *v;
    }
    if (auto v = env("LAB_NO_KMSG"); v && *v == "1") {
        o.kmsg = false;
    }
    if (auto v = env("LAB_SCREEN_DELAY_MS"); v && !v->empty()) {
        set_delay(*v, "LAB_SCREEN_DELAY_MS");
    }
    if (auto v = env("LAB_RACE_WINDOW_MS"); v && !v->empty()) {
        set_window(*v, "LAB_RACE_WINDOW_MS");
    }
}

// The command line, parsed by CLI11; each value is checked by the same setter as its variable
// in the environment, so both give the same message.
void Parser::from_args(const std::vector<std::string> &all)
{
    auto dashdash = std::find(all.begin(), all.end(), std::string("--"));
    if (dashdash != all.end()) {
        o.boost_args.assign(dashdash + 1, all.end());
    }
    std::vector<std::string> args(all.begin(), dashdash);
    std::reverse(args.begin(), args.end()); // CLI11 takes its arguments last first

    CLI::App app("ingenic-lab-tests");
    app.set_help_flag();
    std::map<std::string, std::string> given; // option -> value, applied after a clean parse
    auto valued = [&](const char *names, const char *key) {
        app.add_option_function<std::string>(names, [&given, key](const std::string &v) { given[key] = v; })
            ->expected(1);
    };
    valued("-c,--cases", "--cases");
    valued("--from", "--from");
    valued("--seed", "--seed");
    valued("--iterations", "--iterations");
    valued("--duration", "--duration");
    valued("--ktap", "--ktap");
    valued("--screen-delay", "--screen-delay");
    valued("--race-window", "--race-window");
    bool no_kmsg = false;
    app.add_flag("-l,--list", o.list)->disable_flag_override();
    app.add_flag("-h,--help", o.help)->disable_flag_override();
    app.add_flag("--no-kmsg", no_kmsg)->disable_flag_override();
    try {
        app.parse(args);
    } catch (const CLI::ParseError &e) {
        std::string why = e.what();
        if (why.find("disallowed flag override") != std::string::npos) {
            why = "--" + why.substr(0, why.find(' ')) + " takes no value";
        } else if (why.find("not expected") != std::string::npos) {
            why += " (Boost.Test options go after '--')";
        }
        bad(why);
        return;
    }
    for (const auto &[name, v] : given) {
        if (name == "--cases") {
            o.cases = v;
        } else if (name == "--from") {
            v.empty() ? bad("--from needs a case name") : void(o.from = v);
        } else if (name == "--seed") {
            set_seed(v, name);
        } else if (name == "--iterations") {
            set_iters(v, name);
        } else if (name == "--duration") {
            set_duration(v, name);
        } else if (name == "--ktap") {
            v.empty() ? bad("--ktap needs a path") : void(o.ktap_path = v);
        } else if (name == "--screen-delay") {
            set_delay(v, name);
        } else if (name == "--race-window") {
            set_window(v, name);
        }
    }
    if (no_kmsg) {
        o.kmsg = false;
    }
}

} // namespace

Options parse_options(const std::vector<std::string> &args, const EnvLookup &env)
{
    Parser p;
    p.from_env(env);   // environment first, so the command line overrides it
    p.from_args(args);
    return p.o;
}

} // namespace lab
