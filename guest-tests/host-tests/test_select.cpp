#include <boost/test/unit_test.hpp>

#include "core/select.hpp"

namespace utf = boost::unit_test;
using namespace lab;

namespace {

std::vector<CaseInfo> sample()
{
    return {
        {"basic", "enumerate", {"basic"}, "Resources", false},
        {"basic", "modeset-xrgb8888", {"basic"}, "Modeset", false},
        {"basic", "ipu-plane-upscale-yuyv", {"basic", "ipu"}, "IPU scaling", false},
        {"race", "commit-vs-unbind", {"race"}, "commits vs unbind", false},
        {"race", "flip-vs-unbind", {"race"}, "flips vs unbind", false},
        {"race", "ipu-plane-vs-ipu-unbind", {"race", "ipu"}, "IPU unbind", false},
        {"shutdown", "commit-vs-reboot", {"shutdown"}, "reboot", true},
        {"stress", "bind-unbind-loop", {"stress"}, "loop", false},
    };
}

std::vector<std::string> names(const std::vector<CaseInfo> &cases, const Selection &s)
{
    std::vector<std::string> out;
    for (size_t i : s.indexes) {
        out.push_back(cases[i].name);
    }
    return out;
}

using V = std::vector<std::string>;

} // namespace

BOOST_AUTO_TEST_SUITE(selection_tests, *utf::label("select"))

BOOST_AUTO_TEST_CASE(glob, *utf::description("shell glob: * ? [set] [!set] [a-z], literal otherwise"))
{
    BOOST_TEST(glob_match("*", ""));
    BOOST_TEST(glob_match("*-vs-unbind", "commit-vs-unbind"));
    BOOST_TEST(!glob_match("*-vs-unbind", "commit-vs-reboot"));
    BOOST_TEST(glob_match("commit-vs-*", "commit-vs-reboot"));
    BOOST_TEST(glob_match("*vs*unbind*", "nonblock-commit-vs-unbind"));
    BOOST_TEST(glob_match("modeset-rgb???", "modeset-rgb565"));
    BOOST_TEST(!glob_match("modeset-rgb???", "modeset-rgb5650"));
    BOOST_TEST(glob_match("[cf]*-vs-unbind", "flip-vs-unbind"));
    BOOST_TEST(!glob_match("[!cf]*-vs-unbind", "flip-vs-unbind"));
    BOOST_TEST(glob_match("ipu-plane-[a-z]*", "ipu-plane-upscale"));
    BOOST_TEST(glob_match("a[b", "a[b")); // unterminated class: literal
    BOOST_TEST(!glob_match("enumerate", "enumerate2"));
    BOOST_TEST(glob_match("**a", "ba"));
}

BOOST_AUTO_TEST_CASE(forms, *utf::description("names, globs, suite/glob, @label, all, exclusions, order kept"))
{
    auto cs = sample();
    BOOST_TEST(names(cs, select_cases(cs, "commit-vs-unbind")) == V{"commit-vs-unbind"});
    BOOST_TEST(names(cs, select_cases(cs, "flip-vs-unbind,enumerate")) == (V{"enumerate", "flip-vs-unbind"}));
    BOOST_TEST(names(cs, select_cases(cs, " *-vs-unbind ")) == (V{"commit-vs-unbind", "flip-vs-unbind"}));
    BOOST_TEST(names(cs, select_cases(cs, "*unbind*")) ==
               (V{"commit-vs-unbind", "flip-vs-unbind", "ipu-plane-vs-ipu-unbind", "bind-unbind-loop"}));
    BOOST_TEST(names(cs, select_cases(cs, "basic/*")) ==
               (V{"enumerate", "modeset-xrgb8888", "ipu-plane-upscale-yuyv"}));
    BOOST_TEST(names(cs, select_cases(cs, "@ipu")) == (V{"ipu-plane-upscale-yuyv", "ipu-plane-vs-ipu-unbind"}));
    BOOST_TEST(names(cs, select_cases(cs, "@race,!@ipu")) == (V{"commit-vs-unbind", "flip-vs-unbind"}));
    BOOST_TEST(select_cases(cs, "").indexes.size() == cs.size());
    BOOST_TEST(select_cases(cs, "all").indexes.size() == cs.size());
    BOOST_TEST(select_cases(cs, "*").indexes.size() == cs.size());
    BOOST_TEST(select_cases(cs, " , ").indexes.size() == cs.size());
    BOOST_TEST(select_cases(cs, "!@shutdown").indexes.size() == cs.size() - 1);
    BOOST_TEST(names(cs, select_cases(cs, "enumerate,enumerate")) == V{"enumerate"});
}

BOOST_AUTO_TEST_CASE(errors, *utf::description("typos are errors with suggestions, never an empty run"))
{
    auto cs = sample();
    Selection s = select_cases(cs, "commit-vs-unbnd");
    BOOST_TEST(!s.ok());
    BOOST_TEST(s.error.find("no case matches 'commit-vs-unbnd'") != std::string::npos);
    BOOST_TEST(s.error.find("commit-vs-unbind") != std::string::npos); // suggested by its words
    s = select_cases(cs, "enumerate,nope");
    BOOST_TEST(!s.ok());
    BOOST_TEST(s.error.find("--list") != std::string::npos);
    BOOST_TEST(!select_cases(cs, "@nolabel").ok());
    BOOST_TEST(!select_cases(cs, "@").ok());
    BOOST_TEST(!select_cases(cs, "!").ok());
    BOOST_TEST(!select_cases(cs, "!nope").ok());
    BOOST_TEST(!select_cases(cs, "enumerate,!enumerate").ok()); // selects nothing
    BOOST_TEST(!select_cases(cs, "race/enumerate").ok());
}

BOOST_AUTO_TEST_CASE(boost_filters, *utf::description("one --run_test per suite, in list order"))
{
    auto cs = sample();
    auto s = select_cases(cs, "bind-unbind-loop,flip-vs-unbind,enumerate,commit-vs-unbind");
    BOOST_TEST(run_test_filters(cs, s.indexes) ==
               (V{"--run_test=basic/enumerate", "--run_test=race/commit-vs-unbind,flip-vs-unbind",
                  "--run_test=stress/bind-unbind-loop"}));
}

BOOST_AUTO_TEST_CASE(listing, *utf::description("--list shows path, labels, alone flag and description"))
{
    auto cs = sample();
    std::string l = format_case_list(cs);
    BOOST_TEST(l.find("race/commit-vs-unbind") != std::string::npos);
    BOOST_TEST(l.find("[basic,ipu]") != std::string::npos);
    BOOST_TEST(l.find("[shutdown] (alone)  reboot") != std::string::npos);
    BOOST_TEST(std::count(l.begin(), l.end(), '\n') == long(cs.size()));
}

BOOST_AUTO_TEST_CASE(registry_rules, *utf::description("case names lowercase-hyphen, unique, described, labelled"))
{
    BOOST_TEST(is_case_name("commit-vs-unbind"));
    BOOST_TEST(is_case_name("modeset-xrgb2101010"));
    BOOST_TEST(!is_case_name("Commit-vs-unbind"));
    BOOST_TEST(!is_case_name("commit_vs_unbind"));
    BOOST_TEST(!is_case_name("commit--unbind"));
    BOOST_TEST(!is_case_name("-commit"));
    BOOST_TEST(!is_case_name(""));
    BOOST_TEST(validate_cases(sample()).empty());
    auto cs = sample();
    cs.push_back({"race", "Bad_Name", {"race"}, "x", false});
    cs.push_back({"race", "enumerate", {"race"}, "dup", false});
    cs.push_back({"race", "no-description", {"race"}, "", false});
    cs.push_back({"race", "wrong-label", {"stress", "gpu"}, "x", false});
    auto p = validate_cases(cs);
    BOOST_TEST(p.size() == 5u); // bad name, duplicate, description, missing suite label, unknown label
}

BOOST_AUTO_TEST_SUITE_END()
