// lab-host-tests: the pure parts of the guest test suite, checked on the build machine.
// Boost.Test header-only; the cases live in the other files of this directory, labelled by area
// (pattern, select, ktap, options, util) so `meson test` runs one suite per label.
#define BOOST_TEST_MODULE lab_host_tests
#include <boost/test/included/unit_test.hpp>
