#include <boost/test/unit_test.hpp>

#include <map>

#include "core/options.hpp"

namespace utf = boost::unit_test;
using namespace lab;

namespace {

Options parse(std::vector<std::string> args, std::map<std::string, std::string> env = {})
{
    return parse_options(args, [env](const char *k) -> std::optional<std::string> {
        auto it = env.find(k);
        return it == env.end() ? std::nullopt : std::optional<std::string>(it->second);
    });
}

} // namespace

BOOST_AUTO_TEST_SUITE(options_tests, *utf::label("options"))

BOOST_AUTO_TEST_CASE(defaults, *utf::description("no arguments: all cases, random seed, /dev/ttyS3"))
{
    Options o = parse({});
    BOOST_TEST(o.error.empty());
    BOOST_TEST(o.cases.empty());
    BOOST_TEST(!o.seed);
    BOOST_TEST(!o.iterations);
    BOOST_TEST(o.ktap_path == "/dev/ttyS3");
    BOOST_TEST(o.kmsg);
    BOOST_TEST(!o.list);
}

BOOST_AUTO_TEST_CASE(environment, *utf::description("LAB_* variables from the kernel command line"))
{
    Options o = parse({}, {{"LAB_CASES", "@race"}, {"LAB_SEED", "1234"}, {"LAB_ITERATIONS", "7"},
                           {"LAB_DURATION", "2m"}, {"LAB_KTAP", "-"}, {"LAB_NO_KMSG", "1"}});
    BOOST_TEST(o.error.empty());
    BOOST_TEST(o.cases == "@race");
    BOOST_TEST(*o.seed == 1234u);
    BOOST_TEST(*o.iterations == 7u);
    BOOST_TEST(*o.duration == 120.0);
    BOOST_TEST(o.ktap_path == "-");
    BOOST_TEST(!o.kmsg);
    // Empty values (lab.seed= with nothing) are ignored.
    BOOST_TEST(parse({}, {{"LAB_SEED", ""}}).error.empty());
}

BOOST_AUTO_TEST_CASE(command_line_wins, *utf::description("options override the environment; both spellings"))
{
    Options o = parse({"--cases", "commit-vs-unbind", "--seed=99", "--iterations", "3", "--ktap", "/tmp/k"},
                      {{"LAB_CASES", "@basic"}, {"LAB_SEED", "1"}});
    BOOST_TEST(o.error.empty());
    BOOST_TEST(o.cases == "commit-vs-unbind");
    BOOST_TEST(*o.seed == 99u);
    BOOST_TEST(*o.iterations == 3u);
    BOOST_TEST(o.ktap_path == "/tmp/k");
    BOOST_TEST(parse({"--list"}).list);
    BOOST_TEST(parse({"-h"}).help);
    BOOST_TEST(parse({"-c", "@race"}).cases == "@race");
}

BOOST_AUTO_TEST_CASE(boost_passthrough, *utf::description("arguments after -- go to Boost.Test untouched"))
{
    Options o = parse({"--list", "--", "--log_level=all", "--cases"});
    BOOST_TEST(o.error.empty());
    BOOST_TEST(o.boost_args == (std::vector<std::string>{"--log_level=all", "--cases"}));
}

BOOST_AUTO_TEST_CASE(bad_input, *utf::description("bad numbers and unknown options are usage errors"))
{
    BOOST_TEST(!parse({"--seed", "-1"}).error.empty());
    BOOST_TEST(!parse({"--seed", "12x"}).error.empty());
    BOOST_TEST(!parse({"--seed", "99999999999999999999999"}).error.empty());
    BOOST_TEST(!parse({"--iterations", "0"}).error.empty());
    BOOST_TEST(!parse({"--duration", "0"}).error.empty());
    BOOST_TEST(!parse({"--duration", "5y"}).error.empty());
    BOOST_TEST(!parse({"--cases"}).error.empty());
    BOOST_TEST(!parse({"--list=yes"}).error.empty());
    BOOST_TEST(!parse({"--frobnicate"}).error.empty());
    BOOST_TEST(!parse({"--no-kmsg=1"}).error.empty());
    BOOST_TEST(!parse({"stray"}).error.empty());
    BOOST_TEST(!parse({}, {{"LAB_ITERATIONS", "many"}}).error.empty());
    BOOST_TEST(parse({"--seed", "18446744073709551615"}).error.empty());
    BOOST_TEST(*parse_seconds("1.5") == 1.5);
    BOOST_TEST(*parse_seconds("1h") == 3600.0);
}

BOOST_AUTO_TEST_CASE(race_window, *utf::description("--race-window MIN-MAX and LAB_RACE_WINDOW_MS"))
{
    BOOST_TEST(!parse({}).race_window_ms);
    Options o = parse({}, {{"LAB_RACE_WINDOW_MS", "0-20"}});
    BOOST_TEST(o.error.empty());
    BOOST_REQUIRE(o.race_window_ms);
    BOOST_TEST(o.race_window_ms->first == 0u);
    BOOST_TEST(o.race_window_ms->second == 20u);
    o = parse({"--race-window=5-5"}, {{"LAB_RACE_WINDOW_MS", "0-20"}});
    BOOST_REQUIRE(o.race_window_ms);
    BOOST_TEST(o.race_window_ms->first == 5u);
    BOOST_TEST(o.race_window_ms->second == 5u);
    BOOST_TEST(!parse({"--race-window", "20-10"}).error.empty());
    BOOST_TEST(!parse({"--race-window", "20"}).error.empty());
    BOOST_TEST(!parse({"--race-window", "0-60001"}).error.empty());
    BOOST_TEST(!parse({"--race-window", "-5"}).error.empty());
}

BOOST_AUTO_TEST_SUITE_END()
