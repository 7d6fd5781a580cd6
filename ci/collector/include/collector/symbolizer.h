// ingenic-lab report collector: stack frame symbolization with binutils.
//
// Frames the kernel printed as bare addresses ("[<80123456>] 0x80123456", kallsyms off or
// a corrupted symbol table) are resolved against the lane's vmlinux with addr2line
// (-f -i: function, file:line and inlined callers). Frames that carry "func+off/size
// [module]" get a file:line from nm + addr2line on vmlinux or on <module>.ko found under
// the modules directory, as scripts/decode_stacktrace.sh does. The binutils prefix comes
// from the ELF header (EM_MIPS little-endian: mipsel-linux-gnu-, EM_AARCH64:
// aarch64-linux-gnu-); when the tools or the files are missing, frames are left as they
// are. Results are cached per address.
//
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "collector/text.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace collector {

class Symbolizer {
public:
    // tool_prefix empty: derived from the vmlinux ELF header.
    Symbolizer(std::string vmlinux, std::string modules_dir, std::string tool_prefix = {});
    ~Symbolizer();

    // True when vmlinux is readable and addr2line for its architecture exists.
    bool available() const;
    // "mipsel-linux-gnu-addr2line" or "" when unavailable; why() says why not.
    const std::string& tool() const;
    const std::string& why() const;

    // Resolves an address in vmlinux: innermost (possibly inlined) frame first. Empty if
    // unknown.
    std::vector<Frame> resolve_address(std::uint64_t addr);
    // file:line for "func+off/size [module]" ("" if unknown). `module` empty: vmlinux.
    std::string locate(const Frame& f);

    // The function whose code holds source line `location` ("path/file.c:123") when that
    // code is not inside `caller` (a "func+off/size [module]" frame), from the DWARF line
    // table of the caller's .ko or, failing that, of the modules that mention the file (not
    // vmlinux: too big to read for this). "" if unknown or if the line is the caller's own
    // (inlined there included). For MIPS WARNs: a WARN_ON() that ends its function is a tail
    // call to warn_slowpath_fmt(), and the report names the caller instead.
    std::string function_at(const std::string& location, const Frame& caller);

    // Resolves many addresses with one addr2line run (fills the cache).
    void prefetch(const std::vector<std::uint64_t>& addrs);
    // Same for locate(): one nm/addr2line run per object file.
    void prefetch_locations(const std::vector<const Frame*>& frames);

    // Binutils prefix for an ELF file ("" for the host, "?" when not an ELF).
    static std::string prefix_for_elf(const std::string& path);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace collector
