// Runs files (or every file in directories) through LLVMFuzzerTestOneInput, with every
// first-byte value class: a corpus replay usable without libFuzzer.
// SPDX-License-Identifier: GPL-2.0-or-later
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <dirent.h>
#include <sys/stat.h>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {
void run_file(const std::string& path, int& count) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    std::string body = ss.str();
    for (unsigned first : {0u, 1u, 6u, 13u, 96u}) {
        std::vector<std::uint8_t> buf(body.size() + 1);
        buf[0] = static_cast<std::uint8_t>(first);
        std::copy(body.begin(), body.end(), buf.begin() + 1);
        LLVMFuzzerTestOneInput(buf.data(), buf.size());
    }
    ++count;
}
} // namespace

int main(int argc, char** argv) {
    int count = 0;
    for (int i = 1; i < argc; ++i) {
        struct stat st;
        if (stat(argv[i], &st) != 0) {
            std::fprintf(stderr, "fuzz-collector-replay: cannot stat %s\n", argv[i]);
            return 2;
        }
        if (S_ISDIR(st.st_mode)) {
            DIR* d = opendir(argv[i]);
            while (dirent* e = d ? readdir(d) : nullptr)
                if (e->d_name[0] != '.')
                    run_file(std::string(argv[i]) + "/" + e->d_name, count);
            if (d)
                closedir(d);
        } else {
            run_file(argv[i], count);
        }
    }
    std::printf("fuzz-collector-replay: %d inputs replayed\n", count);
    return count ? 0 : 1;
}
