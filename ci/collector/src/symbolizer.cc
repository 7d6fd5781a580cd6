// ingenic-lab report collector: stack frame symbolization with binutils (see symbolizer.h).
// SPDX-License-Identifier: GPL-2.0-or-later
#include "collector/symbolizer.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <unordered_map>

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

namespace collector {

namespace fs = std::filesystem;

namespace {

std::string find_in_path(const std::string& name) {
    if (name.empty())
        return {};
    if (name.find('/') != std::string::npos)
        return access(name.c_str(), X_OK) == 0 ? name : std::string();
    const char* path = std::getenv("PATH");
    std::string p = path ? path : "/usr/bin:/bin";
    std::size_t start = 0;
    while (start <= p.size()) {
        std::size_t end = p.find(':', start);
        if (end == std::string::npos)
            end = p.size();
        std::string dir = p.substr(start, end - start);
        if (!dir.empty()) {
            std::string cand = dir + "/" + name;
            if (access(cand.c_str(), X_OK) == 0)
                return cand;
        }
        start = end + 1;
    }
    return {};
}

// Runs argv, returns its stdout (stderr discarded). Empty on failure.
std::string run_capture(const std::vector<std::string>& argv) {
    int fds[2];
    if (pipe(fds) != 0)
        return {};
    pid_t pid = fork();
    if (pid < 0) {
        close(fds[0]);
        close(fds[1]);
        return {};
    }
    if (pid == 0) {
        dup2(fds[1], 1);
        int devnull = open("/dev/null", O_RDWR);
        if (devnull >= 0) {
            dup2(devnull, 0);
            dup2(devnull, 2);
        }
        close(fds[0]);
        close(fds[1]);
        std::vector<char*> args;
        for (auto& a : argv)
            args.push_back(const_cast<char*>(a.c_str()));
        args.push_back(nullptr);
        execv(args[0], args.data());
        _exit(127);
    }
    close(fds[1]);
    std::string out;
    char buf[65536];
    for (;;) {
        ssize_t n = read(fds[0], buf, sizeof buf);
        if (n > 0)
            out.append(buf, static_cast<std::size_t>(n));
        else if (n == 0 || errno != EINTR)
            break;
    }
    close(fds[0]);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    return out;
}

std::string hex(std::uint64_t v) {
    char b[24];
    std::snprintf(b, sizeof b, "0x%llx", static_cast<unsigned long long>(v));
    return b;
}

// Parses `addr2line -p -f -i -a` output, one block per requested address, in order:
//   0x80123456: func at /path/file.c:12
//    (inlined by) caller at /path/file.c:34
// (The echoed address is not used as a key: binutils may print MIPS addresses
// sign-extended or not, whatever form they were asked in.)
std::vector<std::vector<Frame>> parse_addr2line(const std::string& out) {
    std::vector<std::vector<Frame>> res;
    std::size_t pos = 0;
    while (pos < out.size()) {
        std::size_t nl = out.find('\n', pos);
        if (nl == std::string::npos)
            nl = out.size();
        std::string_view line(out.data() + pos, nl - pos);
        pos = nl + 1;
        std::string_view body;
        if (starts_with(line, "0x")) {
            std::size_t colon = line.find(": ");
            if (colon == std::string_view::npos)
                continue;
            res.emplace_back();
            body = line.substr(colon + 2);
        } else if (!res.empty() && starts_with(trim(line), "(inlined by) ")) {
            body = trim(line).substr(13);
        } else {
            continue;
        }
        std::size_t at = body.rfind(" at ");
        std::string func(at == std::string_view::npos ? body : body.substr(0, at));
        std::string loc(at == std::string_view::npos ? std::string_view() : body.substr(at + 4));
        if (func == "??" || func.empty())
            continue;
        Frame f;
        f.func = func;
        loc = loc.substr(0, loc.find(" (discriminator"));
        if (!loc.empty() && loc.compare(0, 2, "??") != 0 && !ends_with(loc, ":0") && !ends_with(loc, ":?"))
            f.location = loc;
        res.back().push_back(std::move(f));
    }
    return res;
}

} // namespace

struct Symbolizer::Impl {
    std::string vmlinux, modules_dir, prefix;
    std::string addr2line, nm, objdump;
    std::string why;
    bool available = false;
    std::unordered_map<std::uint64_t, std::vector<Frame>> cache;
    // object file -> symbol -> list of (address, size)
    std::unordered_map<std::string, std::unordered_map<std::string, std::vector<std::pair<std::uint64_t, std::uint64_t>>>> syms;
    std::unordered_map<std::string, std::string> loc_cache; // key: obj|func|off
    std::unordered_map<std::string, std::string> module_files; // module name -> .ko path
    bool modules_indexed = false;
    // object -> "basename:line" -> addresses (DWARF line table)
    std::unordered_map<std::string, std::unordered_map<std::string, std::vector<std::uint64_t>>> lines;
    std::unordered_map<std::string, std::string> function_cache; // location -> function

    const std::unordered_map<std::string, std::vector<std::uint64_t>>& line_table(const std::string& obj) {
        auto it = lines.find(obj);
        if (it != lines.end())
            return it->second;
        auto& t = lines[obj];
        if (objdump.empty())
            return t;
        std::string out = run_capture({objdump, "--dwarf=decodedline", obj});
        std::size_t pos = 0;
        while (pos < out.size()) {
            std::size_t nl = out.find('\n', pos);
            if (nl == std::string::npos)
                nl = out.size();
            std::string line = out.substr(pos, nl - pos);
            pos = nl + 1;
            // "bugs.c                 112             0x1a4               x"
            char name[256], num[32], addr[40];
            if (std::sscanf(line.c_str(), "%255s %31s %39s", name, num, addr) != 3 || std::strncmp(addr, "0x", 2) != 0)
                continue;
            char* end = nullptr;
            long ln = std::strtol(num, &end, 10);
            if (!end || *end || ln <= 0)
                continue;
            std::string key = std::string(name) + ":" + num;
            t[key].push_back(std::strtoull(addr, nullptr, 16));
        }
        return t;
    }

    const std::string& object_for(const std::string& module) {
        static const std::string none;
        if (module.empty())
            return vmlinux;
        index_modules();
        std::string n = module;
        for (char& c : n)
            if (c == '-')
                c = '_';
        auto it = module_files.find(n);
        return it == module_files.end() ? none : it->second;
    }

    void index_modules() {
        if (!modules_indexed) {
            modules_indexed = true;
            std::error_code ec;
            if (!modules_dir.empty() && fs::is_directory(modules_dir, ec)) {
                for (auto it = fs::recursive_directory_iterator(modules_dir, ec);
                     !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
                    const fs::path& p = it->path();
                    if (p.extension() == ".ko") {
                        std::string n = p.stem().string();
                        for (char& c : n)
                            if (c == '-')
                                c = '_';
                        module_files.emplace(n, p.string());
                    }
                }
            }
        }
    }

    auto& symbols(const std::string& obj) {
        auto it = syms.find(obj);
        if (it != syms.end())
            return it->second;
        auto& table = syms[obj];
        if (nm.empty())
            return table;
        std::string out = run_capture({nm, "-S", "--defined-only", obj});
        std::size_t pos = 0;
        while (pos < out.size()) {
            std::size_t nl = out.find('\n', pos);
            if (nl == std::string::npos)
                nl = out.size();
            std::string line = out.substr(pos, nl - pos);
            pos = nl + 1;
            // "addr size type name" or "addr type name"
            char a[40], b[40], c[40], d[512];
            int n = std::sscanf(line.c_str(), "%39s %39s %39s %511s", a, b, c, d);
            if (n == 4 && std::strlen(c) == 1)
                table[d].push_back({std::strtoull(a, nullptr, 16), std::strtoull(b, nullptr, 16)});
            else if (n == 3 && std::strlen(b) == 1)
                table[c].push_back({std::strtoull(a, nullptr, 16), 0});
        }
        return table;
    }
};

Symbolizer::Symbolizer(std::string vmlinux, std::string modules_dir, std::string tool_prefix)
    : impl_(std::make_unique<Impl>()) {
    impl_->vmlinux = std::move(vmlinux);
    impl_->modules_dir = std::move(modules_dir);
    if (impl_->vmlinux.empty()) {
        impl_->why = "no vmlinux given";
        return;
    }
    if (access(impl_->vmlinux.c_str(), R_OK) != 0) {
        impl_->why = "cannot read " + impl_->vmlinux;
        return;
    }
    std::string prefix = tool_prefix.empty() ? prefix_for_elf(impl_->vmlinux) : tool_prefix;
    if (prefix == "?") {
        impl_->why = impl_->vmlinux + " is not an ELF file";
        return;
    }
    impl_->prefix = prefix;
    impl_->addr2line = find_in_path(prefix + "addr2line");
    impl_->nm = find_in_path(prefix + "nm");
    impl_->objdump = find_in_path(prefix + "objdump");
    if (impl_->addr2line.empty()) { // llvm's tools handle every architecture
        impl_->addr2line = find_in_path("llvm-addr2line");
        impl_->nm = find_in_path("llvm-nm");
    }
    if (impl_->addr2line.empty()) {
        impl_->why = prefix + "addr2line not found in PATH";
        return;
    }
    impl_->available = true;
}

Symbolizer::~Symbolizer() = default;

bool Symbolizer::available() const { return impl_->available; }
const std::string& Symbolizer::tool() const { return impl_->addr2line; }
const std::string& Symbolizer::why() const { return impl_->why; }

std::string Symbolizer::prefix_for_elf(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    unsigned char h[20] = {};
    if (!in.read(reinterpret_cast<char*>(h), sizeof h))
        return "?";
    if (h[0] != 0x7f || h[1] != 'E' || h[2] != 'L' || h[3] != 'F')
        return "?";
    bool le = h[5] == 1;
    unsigned machine = le ? (h[18] | (h[19] << 8)) : ((h[18] << 8) | h[19]);
    switch (machine) {
    case 8: // EM_MIPS
        return le ? "mipsel-linux-gnu-" : "mips-linux-gnu-";
    case 183: // EM_AARCH64
        return "aarch64-linux-gnu-";
    case 40: // EM_ARM
        return "arm-linux-gnueabihf-";
    default:
        return "";
    }
}

void Symbolizer::prefetch(const std::vector<std::uint64_t>& addrs) {
    if (!impl_->available)
        return;
    std::vector<std::string> argv = {impl_->addr2line, "-p", "-f", "-i", "-a", "-e", impl_->vmlinux};
    std::size_t base = argv.size();
    for (std::uint64_t a : addrs)
        if (!impl_->cache.count(a))
            argv.push_back(hex(a));
    if (argv.size() == base)
        return;
    auto res = parse_addr2line(run_capture(argv));
    for (std::size_t i = base; i < argv.size(); ++i) {
        std::uint64_t a = std::strtoull(argv[i].c_str(), nullptr, 16);
        std::size_t k = i - base;
        impl_->cache[a] = res.size() == argv.size() - base ? res[k] : std::vector<Frame>{};
    }
}

std::vector<Frame> Symbolizer::resolve_address(std::uint64_t addr) {
    if (!impl_->available)
        return {};
    auto it = impl_->cache.find(addr);
    if (it == impl_->cache.end()) {
        prefetch({addr});
        it = impl_->cache.find(addr);
    }
    if (it == impl_->cache.end())
        return {};
    std::vector<Frame> out = it->second;
    for (auto& f : out) {
        f.addr = addr;
        f.has_addr = true;
    }
    return out;
}

namespace {
std::string loc_key(const std::string& obj, const Frame& f) {
    return obj + "|" + f.func + "|" + std::to_string(f.offset) + "|" + std::to_string(f.size);
}
} // namespace

void Symbolizer::prefetch_locations(const std::vector<const Frame*>& frames) {
    if (!impl_->available)
        return;
    // object -> list of (key, address)
    std::unordered_map<std::string, std::vector<std::pair<std::string, std::uint64_t>>> per_obj;
    for (const Frame* f : frames) {
        if (!f || f->func.empty())
            continue;
        const std::string& obj = impl_->object_for(f->module);
        if (obj.empty())
            continue;
        std::string key = loc_key(obj, *f);
        if (impl_->loc_cache.count(key))
            continue;
        auto& table = impl_->symbols(obj);
        auto it = table.find(f->func);
        if (it == table.end() || it->second.empty()) {
            impl_->loc_cache[key] = "";
            continue;
        }
        std::uint64_t start = it->second.front().first;
        for (auto& [a, s] : it->second)
            if (s == f->size) {
                start = a;
                break;
            }
        // Return addresses point after the call: look one byte back unless at the start.
        std::uint64_t pc = start + f->offset - (f->offset ? 1 : 0);
        per_obj[obj].push_back({key, pc});
        impl_->loc_cache[key] = ""; // filled below
    }
    for (auto& [obj, list] : per_obj) {
        std::vector<std::string> argv = {impl_->addr2line, "-p", "-f", "-a", "-e", obj};
        for (auto& [key, pc] : list)
            argv.push_back(hex(pc));
        auto res = parse_addr2line(run_capture(argv));
        if (res.size() != list.size())
            continue;
        for (std::size_t k = 0; k < list.size(); ++k)
            if (!res[k].empty())
                impl_->loc_cache[list[k].first] = res[k].front().location;
    }
}

std::string Symbolizer::locate(const Frame& f) {
    if (!impl_->available || f.func.empty())
        return {};
    const std::string& obj = impl_->object_for(f.module);
    if (obj.empty())
        return {};
    std::string key = loc_key(obj, f);
    auto it = impl_->loc_cache.find(key);
    if (it == impl_->loc_cache.end()) {
        prefetch_locations({&f});
        it = impl_->loc_cache.find(key);
    }
    return it == impl_->loc_cache.end() ? std::string() : it->second;
}

std::string Symbolizer::function_at(const std::string& location, const Frame& caller) {
    if (!impl_->available || impl_->objdump.empty() || caller.func.empty())
        return {};
    std::string ckey = location + "|" + caller.module + "|" + caller.func + "|" + std::to_string(caller.size);
    auto cached = impl_->function_cache.find(ckey);
    if (cached != impl_->function_cache.end())
        return cached->second;
    std::string& result = impl_->function_cache[ckey];
    std::size_t colon = location.rfind(':');
    if (colon == std::string::npos)
        return {};
    std::string path = location.substr(0, colon);
    std::string base = path.substr(path.rfind('/') + 1);
    std::string key = base + ":" + location.substr(colon + 1);
    const std::string& caller_obj = impl_->object_for(caller.module);
    std::vector<std::string> objs;
    if (!caller.module.empty() && !caller_obj.empty())
        objs.push_back(caller_obj);
    impl_->index_modules();
    for (const auto& [name, ko] : impl_->module_files) {
        if (ko == caller_obj)
            continue;
        std::ifstream in(ko, std::ios::binary);
        std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        if (data.find(base) != std::string::npos)
            objs.push_back(ko);
    }
    for (const auto& obj : objs) {
        const auto& t = impl_->line_table(obj);
        auto it = t.find(key);
        if (it == t.end() || it->second.empty())
            continue;
        if (obj == caller_obj) {
            // The line inside the caller itself (a WARN in code inlined there): no tail call.
            auto& table = impl_->symbols(obj);
            auto sym = table.find(caller.func);
            if (sym != table.end())
                for (auto [start, size] : sym->second) {
                    if ((start >> 32) == 0xffffffffu) // nm sign-extends 32-bit MIPS addresses
                        start &= 0xffffffffu;
                    for (std::uint64_t a : it->second)
                        if (a >= start && a < start + (size ? size : caller.size))
                            return result;
                }
        }
        auto res = parse_addr2line(run_capture({impl_->addr2line, "-p", "-f", "-i", "-a", "-e", obj, hex(it->second.front())}));
        if (!res.empty() && !res.front().empty()) {
            result = res.front().front().func; // innermost: the function the line is in
            if (base_function(result) == base_function(caller.func))
                result.clear();
            return result;
        }
    }
    return result;
}

} // namespace collector
