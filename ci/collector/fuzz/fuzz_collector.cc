// libFuzzer harness for the collector. Build and run (clang):
//   clang++ -std=c++17 -g -O1 -fsanitize=fuzzer,address,undefined -I ci/collector/include
//       ci/collector/src/*.cc ci/collector/fuzz/fuzz_collector.cc -o /tmp/fuzz-collector
//   /tmp/fuzz-collector -max_len=65536 ci/collector/tests/data
// The first input byte picks the chunk size, so chunk boundaries are fuzzed too; every
// 7th input is also fed as a QEMU log. Outputs are rendered to exercise the writers.
// (meson builds this file with replay_main.cc into fuzz-collector-replay, a test that
// runs the sample logs through the same entry point.)
// SPDX-License-Identifier: GPL-2.0-or-later
#include "collector/collector.h"
#include "collector/output.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0)
        return 0;
    std::size_t chunk = 1 + data[0] % 97;
    std::string_view in(reinterpret_cast<const char*>(data + 1), size - 1);
    collector::Collector c;
    for (std::size_t off = 0; off < in.size(); off += chunk)
        c.feed_console(in.substr(off, chunk));
    if (data[0] % 7 == 0)
        c.feed_qemu(in);
    c.finish();
    std::size_t total = 0;
    for (const auto& u : c.unique_reports())
        total += u.count;
    if (total != c.reports().size())
        std::abort();
    collector::RunMeta meta;
    (void)collector::results_json(c, nullptr, meta);
    (void)collector::junit_xml(c, nullptr, meta);
    return 0;
}
