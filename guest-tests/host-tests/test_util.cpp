#include <boost/test/unit_test.hpp>

#include <thread>

#include "core/util.hpp"

namespace utf = boost::unit_test;
using namespace lab;

BOOST_AUTO_TEST_SUITE(util_tests, *utf::label("util"))

BOOST_AUTO_TEST_CASE(seeds, *utf::description("a case's seed depends on the run seed and its name only"))
{
    BOOST_TEST(case_seed(1, "commit-vs-unbind") == case_seed(1, "commit-vs-unbind"));
    BOOST_TEST(case_seed(1, "commit-vs-unbind") != case_seed(2, "commit-vs-unbind"));
    BOOST_TEST(case_seed(1, "commit-vs-unbind") != case_seed(1, "flip-vs-unbind"));
    BOOST_TEST(hash_name("") == 0xcbf29ce484222325ull); // FNV-1a offset basis
    Rng a(5), b(5);
    for (int i = 0; i < 100; i++) {
        uint64_t v = a.range(10, 20);
        BOOST_TEST(v == b.range(10, 20));
        BOOST_TEST((v >= 10 && v <= 20));
    }
    BOOST_TEST(Rng(3).range(7, 7) == 7u);
    Rng p(9);
    Rng f1 = p.fork(), f2 = p.fork();
    BOOST_TEST(f1.next() != f2.next());
}

BOOST_AUTO_TEST_CASE(tally, *utf::description("workers count outcomes concurrently; prefix sums; merge"))
{
    Tally t;
    std::vector<std::thread> ts;
    for (int k = 0; k < 4; k++) {
        ts.emplace_back([&t] {
            for (int i = 0; i < 1000; i++) {
                t.add(i % 2 ? "commit ok" : "commit ENODEV");
            }
        });
    }
    for (auto &th : ts) {
        th.join();
    }
    BOOST_TEST(t.get("commit ok") == 2000u);
    BOOST_TEST(t.sum_prefix("commit ") == 4000u);
    BOOST_TEST(t.get("nothing") == 0u);
    Tally u;
    u.add("flip ok", 2);
    u.merge(t);
    BOOST_TEST(u.summary() == "commit ENODEV=2000 commit ok=2000 flip ok=2");
}

BOOST_AUTO_TEST_CASE(errno_names, *utf::description("errno values print by name"))
{
    BOOST_TEST(errno_name(0) == "ok");
    BOOST_TEST(errno_name(-ENODEV) == "ENODEV");
    BOOST_TEST(errno_name(EBUSY) == "EBUSY");
    BOOST_TEST(errno_name(4095) == "E4095");
    BOOST_TEST(strf("%s=%d", "a", 5) == "a=5");
    BOOST_TEST(strf("%300d", 1).size() == 300u);
}

BOOST_AUTO_TEST_CASE(kmemleak, *utf::description("kmemleak reports: count, headers, first frames (both formats)"))
{
    const char *text = "unreferenced object 0x8f0a1200 (size 64):\n"
                       "  comm \"sh\", pid 77, jiffies 4294943000\n"
                       "  hex dump (first 32 bytes):\n"
                       "    00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00  ................\n"
                       "  backtrace (crc 1c2d3e4f):\n"
                       "    [<80123456>] __kmalloc_cache_noprof+0x1a0/0x2c0\n"
                       "    [<c0a01234>] ingenic_drm_bind+0x88/0x6f0 [ingenic_drm]\n"
                       "unreferenced object 0x8f0a2200 (size 128):\n"
                       "  comm \"modprobe\", pid 80, jiffies 4294944000\n"
                       "  backtrace (crc 0):\n"
                       "    kmemleak_alloc+0x30/0x40\n"
                       "    drmm_kmalloc+0x20/0x100 [drm]\n";
    KmemleakReport r = parse_kmemleak(text);
    BOOST_TEST(r.count == 2u);
    BOOST_TEST(r.headers[1] == "unreferenced object 0x8f0a2200 (size 128):");
    BOOST_TEST(r.top_frames.size() == 2u);
    BOOST_TEST(r.top_frames[0] == "__kmalloc_cache_noprof+0x1a0/0x2c0");
    BOOST_TEST(r.top_frames[1] == "kmemleak_alloc+0x30/0x40");
    BOOST_TEST(parse_kmemleak("").count == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
