// Symbolization of address-only frames with the lane's binutils: a small mipsel ELF with
// debug info (tests/data/symtest.c, built by meson with mipsel-linux-gnu-gcc) stands in
// for vmlinux. Skipped when the cross compiler or addr2line is missing.
// SPDX-License-Identifier: GPL-2.0-or-later
#include "collector/symbolizer.h"
#include "helpers.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>

using namespace collector;

namespace {

std::string elf() {
    const char* e = std::getenv("COLLECTOR_TEST_ELF");
    return e ? e : "";
}

// Symbol addresses from nm (the test's own view, independent of the symbolizer).
std::map<std::string, std::uint64_t> nm_symbols(const std::string& path) {
    std::map<std::string, std::uint64_t> out;
    std::string cmd = "mipsel-linux-gnu-nm " + path + " 2>/dev/null";
    FILE* p = popen(cmd.c_str(), "r");
    if (!p)
        return out;
    char line[512];
    while (std::fgets(line, sizeof line, p)) {
        char addr[64], type[8], name[256];
        if (std::sscanf(line, "%63s %7s %255s", addr, type, name) == 3)
            out[name] = std::strtoull(addr, nullptr, 16) & 0xffffffffu; // nm sign-extends MIPS32
    }
    pclose(p);
    return out;
}

class SymbolizerTest : public ::testing::Test {
protected:
    void SetUp() override {
        if (elf().empty())
            GTEST_SKIP() << "no mipsel test ELF (mipsel-linux-gnu-gcc missing)";
        syms = nm_symbols(elf());
        if (!syms.count("symtest_middle"))
            GTEST_SKIP() << "mipsel-linux-gnu-nm missing";
    }
    std::map<std::string, std::uint64_t> syms;
};

TEST_F(SymbolizerTest, PrefixFromElfHeader) {
    EXPECT_EQ(Symbolizer::prefix_for_elf(elf()), "mipsel-linux-gnu-");
    EXPECT_EQ(Symbolizer::prefix_for_elf(testutil::data_dir() + "/symtest.c"), "?");
    Symbolizer none("/nonexistent/vmlinux", "");
    EXPECT_FALSE(none.available());
    EXPECT_NE(none.why().find("cannot read"), std::string::npos);
}

TEST_F(SymbolizerTest, ResolvesAddressesWithInlining) {
    Symbolizer s(elf(), "");
    ASSERT_TRUE(s.available()) << s.why();
    auto leaf = s.resolve_address(syms["symtest_leaf"] + 4);
    ASSERT_FALSE(leaf.empty());
    EXPECT_EQ(leaf.front().func, "symtest_leaf");
    EXPECT_NE(leaf.front().location.find("symtest.c:"), std::string::npos) << leaf.front().location;
    // Somewhere inside symtest_middle the inlined helper shows up as the innermost frame.
    bool saw_inline = false;
    for (std::uint64_t off = 0; off < 64 && !saw_inline; off += 4) {
        auto r = s.resolve_address(syms["symtest_middle"] + off);
        saw_inline = r.size() >= 2 && r.front().func == "symtest_inlined" && r.back().func == "symtest_middle";
    }
    EXPECT_TRUE(saw_inline);
    Frame f;
    f.func = "symtest_leaf";
    f.offset = 4;
    EXPECT_NE(s.locate(f).find("symtest.c:"), std::string::npos);
}

TEST_F(SymbolizerTest, AddressOnlyOopsGetsATitle) {
    char buf[4096];
    // A MIPS oops whose frames carry only addresses (kallsyms off): epc in symtest_leaf.
    std::snprintf(buf, sizeof buf,
                  "CPU 0 Unable to handle kernel paging request at virtual address 00000010, epc == %08llx, ra == %08llx\n"
                  "Oops[#1]:\n"
                  "epc   : %08llx 0x%08llx\n"
                  "Call Trace:\n"
                  "[<%08llx>] 0x%08llx\n"
                  "[<%08llx>] 0x%08llx\n"
                  "\n"
                  "---[ end trace 0000000000000000 ]---\n",
                  (unsigned long long)syms["symtest_leaf"] + 4, (unsigned long long)syms["symtest_middle"] + 8,
                  (unsigned long long)syms["symtest_leaf"] + 4, (unsigned long long)syms["symtest_leaf"] + 4,
                  (unsigned long long)syms["symtest_leaf"] + 4, (unsigned long long)syms["symtest_leaf"] + 4,
                  (unsigned long long)syms["symtest_entry"] + 8, (unsigned long long)syms["symtest_entry"] + 8);
    Options opt;
    auto plain = testutil::collect(buf, opt);
    ASSERT_EQ(plain->reports().size(), 1u);
    EXPECT_EQ(plain->reports()[0].title, "corrupted: BUG: unable to handle kernel paging request");
    opt.vmlinux = elf();
    auto c = testutil::collect(buf, opt);
    ASSERT_EQ(c->reports().size(), 1u) << testutil::titles(*c);
    EXPECT_EQ(c->reports()[0].title, "BUG: unable to handle kernel paging request in symtest_leaf");
    EXPECT_FALSE(c->reports()[0].corrupted);
    EXPECT_FALSE(c->reports()[0].symbolized.empty());
    EXPECT_NE(c->run_info().symbolizer.find("addr2line"), std::string::npos);
}

TEST_F(SymbolizerTest, WarnTailCallTitledByItsSourceLine) {
    // The ELF stands in for a module ("symtest.ko"): a WARN at symtest.c:7 (in symtest_leaf)
    // whose report names symtest_middle, as a tail call would.
    namespace fs = std::filesystem;
    fs::path dir = fs::path(elf()).parent_path() / "symtest-modules";
    fs::create_directories(dir);
    fs::copy_file(elf(), dir / "symtest.ko", fs::copy_options::overwrite_existing);
    Symbolizer s(elf(), dir.string());
    ASSERT_TRUE(s.available()) << s.why();
    Frame middle;
    ASSERT_TRUE(parse_symbol_ref("symtest_middle+0x8/0x40 [symtest]", middle));
    if (s.function_at("src/symtest.c:7", middle).empty() && !std::getenv("COLLECTOR_NEED_OBJDUMP"))
        GTEST_SKIP() << "mipsel-linux-gnu-objdump missing";
    EXPECT_EQ(s.function_at("src/symtest.c:7", middle), "symtest_leaf");
    // Line 17 is symtest_middle's own, line 12 is inlined into it: no tail call.
    EXPECT_EQ(s.function_at("src/symtest.c:17", middle), "");
    EXPECT_EQ(s.function_at("src/symtest.c:12", middle), "");

    char buf[2048];
    std::snprintf(buf, sizeof buf,
                  "------------[ cut here ]------------\n"
                  "WARNING: CPU: 0 PID: 1 at ../src/data/symtest.c:7 symtest_middle+0x8/0x40 [symtest]\n"
                  "Call Trace:\n"
                  "[<80108b34>] show_stack+0x38/0x118\n"
                  "[<8012d0a0>] __warn+0xa4/0x1dc\n"
                  "[<8012d200>] warn_slowpath_fmt+0x1a0/0x1b0\n"
                  "[<%08llx>] symtest_middle+0x8/0x40 [symtest]\n"
                  "[<%08llx>] symtest_entry+0x8/0x20 [symtest]\n"
                  "---[ end trace 0000000000000000 ]---\n",
                  (unsigned long long)syms["symtest_middle"] + 8, (unsigned long long)syms["symtest_entry"] + 8);
    Options opt;
    EXPECT_EQ(testutil::collect(buf, opt)->unique_reports()[0].title, "WARNING in symtest_middle");
    opt.vmlinux = elf();
    opt.modules_dir = dir.string();
    auto c = testutil::collect(buf, opt);
    ASSERT_EQ(c->unique_reports().size(), 1u) << testutil::titles(*c);
    EXPECT_EQ(c->unique_reports()[0].title, "WARNING in symtest_leaf");
}

} // namespace
