#include <boost/test/unit_test.hpp>

#include <cstdio>
#include <cstdlib>
#include <sys/mman.h>
#include <unistd.h>

#include "guest/sys.hpp"

namespace utf = boost::unit_test;
using namespace lab;

BOOST_AUTO_TEST_SUITE(sys_tests, *utf::label("sys"))

BOOST_AUTO_TEST_CASE(revoked_mapping, *utf::description("without_sigbus: a read through a revoked mapping is "
                                                        "reported, not fatal; a good read runs to its end"))
{
    char name[] = "/tmp/lab-sigbus-XXXXXX";
    int fd = mkstemp(name);
    BOOST_REQUIRE(fd >= 0);
    unlink(name);
    long page = sysconf(_SC_PAGESIZE);
    BOOST_REQUIRE(ftruncate(fd, page) == 0);
    auto *m = static_cast<volatile unsigned char *>(mmap(nullptr, size_t(page), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0));
    BOOST_REQUIRE(m != MAP_FAILED);
    m[0] = 42;
    int got = -1;
    BOOST_TEST(sys::without_sigbus([&] { got = m[0]; }));
    BOOST_TEST(got == 42);
    // Past the end of the file: the page is no longer backed, a read faults with SIGBUS (as a
    // mapping that drm_dev_unplug() revoked does).
    BOOST_REQUIRE(ftruncate(fd, 0) == 0);
    got = -1;
    BOOST_TEST(!sys::without_sigbus([&] { got = m[0]; }));
    BOOST_TEST(got == -1);
    // And again: the handler stays usable after a fault, also in our threads, which block
    // every signal (a blocked SIGBUS from a fault would kill the process).
    BOOST_TEST(!sys::without_sigbus([&] { got = m[0]; }));
    bool in_thread = true;
    sys::Outcome o = sys::bounded(
        [&]() -> int {
            in_thread = sys::without_sigbus([&] { got = m[0]; });
            return 0;
        },
        10, "sigbus");
    BOOST_TEST(o.ok());
    BOOST_TEST(!in_thread);
    BOOST_REQUIRE(ftruncate(fd, page) == 0);
    BOOST_TEST(sys::without_sigbus([&] { got = m[0]; }));
    BOOST_TEST(got == 0);
    munmap(const_cast<unsigned char *>(m), size_t(page));
    close(fd);
}

BOOST_AUTO_TEST_SUITE_END()
