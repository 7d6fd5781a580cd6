// Console text primitives: line assembly under any chunking, cleaning of control bytes,
// ANSI sequences and bad UTF-8, printk prefixes, stack frame forms.
// SPDX-License-Identifier: GPL-2.0-or-later
#include "collector/text.h"

#include <gtest/gtest.h>

#include <random>

using namespace collector;

namespace {

std::vector<std::string> split(const std::string& in, std::size_t chunk, std::size_t max_line = 8192) {
    LineAssembler a(max_line);
    std::vector<std::string> out;
    auto sink = [&](std::string_view l) { out.emplace_back(l); };
    for (std::size_t off = 0; off < in.size(); off += chunk)
        a.feed(std::string_view(in).substr(off, chunk), sink);
    a.flush(sink);
    return out;
}

TEST(LineAssembler, SameLinesForEveryChunking) {
    std::string in = "[    1.000000] first line\r\nsecond\n\nthird without newline";
    std::vector<std::string> want = {"[    1.000000] first line", "second", "", "third without newline"};
    for (std::size_t chunk = 1; chunk <= in.size(); ++chunk)
        EXPECT_EQ(split(in, chunk), want) << "chunk " << chunk;
}

TEST(LineAssembler, OverlongLinesAreCut) {
    std::string in(20000, 'x');
    in += "\nshort\n";
    auto lines = split(in, 333, 4096);
    ASSERT_EQ(lines.size(), 6u);
    EXPECT_EQ(lines[0].size(), 4096u);
    EXPECT_EQ(lines[4].size(), 20000u - 4 * 4096u);
    EXPECT_EQ(lines[5], "short");
}

TEST(CleanLine, ControlBytesAnsiAndUtf8) {
    std::string out;
    clean_line(std::string("a\0b\rc\x07", 6), out);
    EXPECT_EQ(out, "abc");
    clean_line("\x1b[0;31mred\x1b[0m plain \x1b]0;title\x07" "end", out);
    EXPECT_EQ(out, "red plain end");
    clean_line("caf\xc3\xa9 \xff\xfe ok \xe2\x82", out);
    EXPECT_EQ(out, "caf\xc3\xa9 ?? ok ??");
    EXPECT_TRUE(is_valid_utf8(out));
    clean_line("tab\there   ", out);
    EXPECT_EQ(out, "tab\there");
    clean_line("\xed\xa0\x80 surrogate", out); // UTF-16 surrogates are not UTF-8
    EXPECT_EQ(out, "??? surrogate");
}

TEST(CleanLine, RandomBytesGiveValidUtf8) {
    std::mt19937 rng(7);
    std::string raw, out;
    for (int i = 0; i < 2000; ++i) {
        raw.resize(rng() % 300);
        for (auto& ch : raw)
            ch = static_cast<char>(rng());
        clean_line(raw, out);
        ASSERT_TRUE(is_valid_utf8(out));
        for (unsigned char ch : out)
            ASSERT_TRUE(ch >= 0x20 || ch == '\t');
    }
}

TEST(ConsoleLine, Prefixes) {
    LineInfo a = parse_console_line("[   12.345678] ingenic-lab: BEGIN x");
    EXPECT_NEAR(a.ts, 12.345678, 1e-9);
    EXPECT_EQ(a.text, "ingenic-lab: BEGIN x");
    LineInfo b = parse_console_line("<6>[    0.000000] Linux version 6.12");
    EXPECT_EQ(b.level, 6);
    EXPECT_EQ(b.ts, 0.0);
    EXPECT_EQ(b.text, "Linux version 6.12");
    LineInfo c = parse_console_line("[   12.345678] <4>text");
    EXPECT_EQ(c.level, 4);
    EXPECT_EQ(c.text, "text");
    LineInfo d = parse_console_line("[   20.000001][ T211] BUG: KASAN: x");
    EXPECT_EQ(d.caller, "T211");
    EXPECT_EQ(d.text, "BUG: KASAN: x");
    LineInfo e = parse_console_line("[   20.000001] [    C1] text");
    EXPECT_EQ(e.caller, "C1");
    EXPECT_EQ(e.text, "text");
    LineInfo f = parse_console_line("[   1.5]  show_stack+0x18/0x24"); // indentation kept
    EXPECT_EQ(f.text, " show_stack+0x18/0x24");
    LineInfo g = parse_console_line("[not a timestamp] x");
    EXPECT_LT(g.ts, 0);
    EXPECT_EQ(g.text, "[not a timestamp] x");
    LineInfo h = parse_console_line("[   42.101400]");
    EXPECT_EQ(h.text, "");
}

TEST(Frames, MipsArm64AndOtherForms) {
    Frame f;
    ASSERT_TRUE(parse_frame_line("[<8054a1c4>] ingenic_drm_unbind+0x54/0x100 [ingenic_drm]", f));
    EXPECT_EQ(f.func, "ingenic_drm_unbind");
    EXPECT_EQ(f.offset, 0x54u);
    EXPECT_EQ(f.size, 0x100u);
    EXPECT_EQ(f.module, "ingenic_drm");
    EXPECT_TRUE(f.has_addr);
    EXPECT_EQ(f.addr, 0x8054a1c4u);

    ASSERT_TRUE(parse_frame_line(" regmap_write+0x2c/0x98", f));
    EXPECT_EQ(f.func, "regmap_write");
    EXPECT_FALSE(f.has_addr);

    ASSERT_TRUE(parse_frame_line("    ingenic_drm_bind+0x28c/0x7a0 [ingenic_drm 1f2e3d4c5b6a]", f));
    EXPECT_EQ(f.module, "ingenic_drm");

    ASSERT_TRUE(parse_frame_line("[<80123456>] 0x80123456", f));
    EXPECT_TRUE(f.func.empty());
    EXPECT_EQ(f.addr, 0x80123456u);

    ASSERT_TRUE(parse_frame_line(" ? drm_ioctl+0x238/0x438", f));
    EXPECT_TRUE(f.questionable);

    ASSERT_TRUE(parse_frame_line(" drm_release+0x110/0x164 drivers/gpu/drm/drm_file.c:445", f));
    EXPECT_EQ(f.location, "drivers/gpu/drm/drm_file.c:445");

    ASSERT_TRUE(parse_frame_line(" 0xffff800080123456", f));
    EXPECT_EQ(f.addr, 0xffff800080123456u);

    EXPECT_EQ(base_function("drm_dev_put.part.0"), "drm_dev_put");
    EXPECT_EQ(base_function("__mutex_lock.constprop.0"), "__mutex_lock");

    for (const char* not_frame : {"Code: 8e020010  10400003", "epc   : 8054b2e4 func+0x1/0x2", "Call Trace:",
                                  "#0: 81c7fd9c (lock){+.+.}-{0:0}, at: drm_ioctl+0x1/0x2", "0x12",
                                  "page dumped because: kasan: bad access detected", "func+0x10", "func+0x1/0x2 tail"})
        EXPECT_FALSE(parse_frame_line(not_frame, f)) << not_frame;
}

} // namespace
