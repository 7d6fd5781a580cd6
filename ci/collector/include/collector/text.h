// ingenic-lab report collector: console text primitives.
//
// Turning a byte stream into kernel log lines is the first step of the collector, and the
// one that sees whatever a serial console can produce: lines split across reads, CRLF,
// NUL padding, ANSI colour sequences from userspace, bytes that are not UTF-8 at all, and
// lines with no end. Everything here is total (never throws, never fails) and keeps
// memory bounded; the output is always valid UTF-8 without control characters (TAB kept).
//
// The kernel line prefixes understood are the ones printk and /dev/kmsg produce on a
// console: an optional syslog level "<6>", the timestamp "[   12.345678]", and with
// CONFIG_PRINTK_CALLER the caller "[    T123]" / "[     C0]" right after it; and the ones a
// log gets on its way through syslog or the journal: "Mar  3 12:34:56 host kernel: ",
// "2025-03-03T12:34:56.123456+00:00 host kernel: ", a bare "kernel: ". Text that userspace
// wrote without a newline before a timestamped kernel line ("login: [  1.2] BUG: ...") is
// skipped up to the timestamp.
//
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace collector {

// Cleans one raw line (without its '\n') into `out`: drops CR, NUL and other C0/DEL
// control bytes (TAB kept), removes ANSI escape sequences (CSI, OSC, two-byte ESC),
// replaces each byte that is not part of a valid UTF-8 sequence with '?', and strips
// trailing blanks.
void clean_line(std::string_view raw, std::string& out);

// Splits a byte stream into cleaned lines. Lines longer than max_line bytes are cut
// into pieces (each piece is delivered as a line), so garbage without newlines costs
// bounded memory.
class LineAssembler {
public:
    explicit LineAssembler(std::size_t max_line = 8192) : max_line_(max_line) {}

    // Calls on_line(std::string_view) for every complete line in `chunk`.
    template <class F> void feed(std::string_view chunk, F&& on_line);
    // Delivers a trailing partial line, if any.
    template <class F> void flush(F&& on_line);

    std::uint64_t bytes() const { return bytes_; }
    std::uint64_t overlong_cuts() const { return cuts_; }

private:
    std::size_t max_line_;
    std::string pending_;
    std::string clean_;
    std::uint64_t bytes_ = 0;
    std::uint64_t cuts_ = 0;
};

// One console line split into its printk prefixes and the message text.
struct LineInfo {
    std::string_view text;   // message without prefixes (leading indentation kept)
    double ts = -1.0;        // printk timestamp in seconds, -1 if none
    std::string_view caller; // "T123" / "C0" with CONFIG_PRINTK_CALLER, else empty
    int level = -1;          // syslog level from "<N>", -1 if none
    bool syslog = false;     // a syslog/journal "... kernel: " prefix was removed
    bool dropped = false;    // the line started with "** N printk messages dropped ** "
    std::size_t text_offset = 0; // offset of `text` in the line
    // Any kernel prefix (level, timestamp or syslog): the line is kernel output.
    bool prefixed() const { return ts >= 0 || syslog || level >= 0; }
};
LineInfo parse_console_line(std::string_view line);

// A stack frame as printed by %pS / print_ip_sym and friends, e.g.
//   MIPS:   "[<80123456>] ingenic_drm_unbind+0x54/0x100 [ingenic_drm]"
//   arm64:  " regmap_write+0x40/0x88"
//   either: "[<c0a01234>] 0xc0a01234" (address only, no symbol)
struct Frame {
    std::string func;       // symbol as printed ("" when the frame has only an address)
    std::uint64_t offset = 0;
    std::uint64_t size = 0;
    std::uint64_t addr = 0;
    bool has_addr = false;
    std::string module;     // "[ingenic_drm]" -> "ingenic_drm"
    std::string location;   // "drivers/gpu/drm/ingenic/ingenic-drm-drv.c:123" when known
    bool questionable = false; // x86-style " ? func" (unreliable)
    bool inlined = false;      // produced by symbolization of an inlined call
};

// Parses "func+0x1a/0x40 [mod]" or "0xffff0000" (plus trailing " file:line" or " (X)").
// `s` must start at the symbol. Returns false if it is not a symbol reference.
bool parse_symbol_ref(std::string_view s, Frame& out);
// Parses a whole line as a stack frame (indentation, "? ", "[<addr>]" prefixes allowed).
bool parse_frame_line(std::string_view text, Frame& out);
// Function name without compiler suffixes (.isra.0, .constprop.1, .part.2, .cold, ...).
std::string_view base_function(std::string_view func);

// Small string helpers shared by the collector and its tools.
inline bool starts_with(std::string_view s, std::string_view p) {
    return s.size() >= p.size() && s.compare(0, p.size(), p) == 0;
}
inline bool ends_with(std::string_view s, std::string_view p) {
    return s.size() >= p.size() && s.compare(s.size() - p.size(), p.size(), p) == 0;
}
std::string_view trim(std::string_view s);
bool is_valid_utf8(std::string_view s);

// ---- template implementation ----
template <class F> void LineAssembler::feed(std::string_view chunk, F&& on_line) {
    bytes_ += chunk.size();
    while (!chunk.empty()) {
        const void* nl = std::memchr(chunk.data(), '\n', chunk.size());
        std::size_t n = nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - chunk.data())
                           : chunk.size();
        std::string_view piece = chunk.substr(0, n);
        // Enforce the line length bound before buffering more.
        while (pending_.size() + piece.size() > max_line_) {
            std::size_t take = max_line_ - pending_.size();
            pending_.append(piece.data(), take);
            piece.remove_prefix(take);
            clean_line(pending_, clean_);
            pending_.clear();
            ++cuts_;
            on_line(std::string_view(clean_));
        }
        if (nl) {
            if (pending_.empty()) {
                clean_line(piece, clean_);
            } else {
                pending_.append(piece.data(), piece.size());
                clean_line(pending_, clean_);
                pending_.clear();
            }
            on_line(std::string_view(clean_));
            chunk.remove_prefix(n + 1);
        } else {
            pending_.append(piece.data(), piece.size());
            chunk = {};
        }
    }
}

template <class F> void LineAssembler::flush(F&& on_line) {
    if (pending_.empty())
        return;
    clean_line(pending_, clean_);
    pending_.clear();
    on_line(std::string_view(clean_));
}

} // namespace collector
