#include <boost/test/unit_test.hpp>

#include "core/ktap.hpp"

namespace utf = boost::unit_test;
using namespace lab;

BOOST_AUTO_TEST_SUITE(ktap_tests, *utf::label("ktap"))

BOOST_AUTO_TEST_CASE(document, *utf::description("version, plan, numbered results, directives, diagnostics"))
{
    std::string out;
    Ktap k([&](const std::string &l) { out += l; });
    k.diag("seed 42"); // before the plan: held until the header is out
    BOOST_TEST(out.empty());
    k.header(5);
    BOOST_TEST(k.result("enumerate", Status::Pass) == 1u);
    k.result("modeset-xrgb8888", Status::Fail, "modeset: EINVAL");
    k.result("ipu-plane-upscale-yuyv", Status::Skip, "IPU plane absent: no IPU device");
    k.result("commit-vs-unbind", Status::Timeout, "unbind stuck for 30 s");
    k.result("irq-vs-unbind", Status::Error, "aborted: device broken");
    BOOST_TEST(k.reported() == 5u);
    BOOST_TEST(out == "KTAP version 1\n"
                      "1..5\n"
                      "# seed 42\n"
                      "ok 1 enumerate\n"
                      "not ok 2 modeset-xrgb8888 # modeset: EINVAL\n"
                      "ok 3 ipu-plane-upscale-yuyv # SKIP IPU plane absent: no IPU device\n"
                      "not ok 4 commit-vs-unbind # TIMEOUT unbind stuck for 30 s\n"
                      "not ok 5 irq-vs-unbind # ERROR aborted: device broken\n");
}

BOOST_AUTO_TEST_CASE(sanitising, *utf::description("no '#' in names, one line per diagnostic and result"))
{
    BOOST_TEST(Ktap::clean_description("a#b\nc") == "a_b_c");
    BOOST_TEST(Ktap::clean_description("") == "unnamed");
    BOOST_TEST(Ktap::result_line(3, "x", Status::Fail, "line1\nline2 # with hash") ==
               "not ok 3 x # line1 line2 # with hash\n");
    BOOST_TEST(Ktap::result_line(1, "x", Status::Skip, "") == "ok 1 x # SKIP\n");
    BOOST_TEST(Ktap::result_line(1, "x", Status::Timeout, "") == "not ok 1 x # TIMEOUT\n");
    std::string out;
    Ktap k([&](const std::string &l) { out += l; });
    k.diag("one\ntwo\r\n");
    k.flush_pending();
    BOOST_TEST(out == "# one\n# two\n");
}

BOOST_AUTO_TEST_CASE(status_words, *utf::description("END marker words: pass, fail, skip, timeout"))
{
    BOOST_TEST(std::string(status_word(Status::Pass)) == "pass");
    BOOST_TEST(std::string(status_word(Status::Fail)) == "fail");
    BOOST_TEST(std::string(status_word(Status::Skip)) == "skip");
    BOOST_TEST(std::string(status_word(Status::Timeout)) == "timeout");
    BOOST_TEST(std::string(status_word(Status::Error)) == "fail");
}

BOOST_AUTO_TEST_SUITE_END()
