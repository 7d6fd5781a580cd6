#include "qmp.hpp"

#include <cerrno>
#include <chrono>
#include <cstring>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

namespace lab {

Qmp::~Qmp() { close(); }

void Qmp::close()
{
    if (fd_ >= 0) {
        ::close(fd_);
    }
    fd_ = -1;
    buf_.clear();
    events_.clear();
    replies_.clear();
    negotiated_ = false;
}

bool Qmp::connect(const std::string &path)
{
    if (fd_ >= 0) {
        return true;
    }
    int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        return false;
    }
    sockaddr_un sa{};
    sa.sun_family = AF_UNIX;
    if (path.size() >= sizeof(sa.sun_path)) {
        ::close(fd);
        return false;
    }
    std::strcpy(sa.sun_path, path.c_str());
    if (::connect(fd, reinterpret_cast<sockaddr *>(&sa), sizeof(sa)) < 0) {
        ::close(fd);
        return false;
    }
    fd_ = fd;
    // Greeting, then capabilities negotiation.
    std::string r = command("{\"execute\":\"qmp_capabilities\"}", 5000);
    negotiated_ = r.find("\"return\"") != std::string::npos;
    return negotiated_;
}

bool Qmp::pump()
{
    if (fd_ < 0) {
        return false;
    }
    char tmp[4096];
    for (;;) {
        ssize_t n = ::recv(fd_, tmp, sizeof(tmp), MSG_DONTWAIT);
        if (n > 0) {
            buf_.append(tmp, size_t(n));
            continue;
        }
        if (n == 0) {
            close();
            break;
        }
        if (errno == EINTR) {
            continue;
        }
        break;
    }
    size_t pos;
    while ((pos = buf_.find('\n')) != std::string::npos) {
        std::string line = buf_.substr(0, pos);
        buf_.erase(0, pos + 1);
        if (line.find("\"event\"") != std::string::npos) {
            events_.push_back(line);
        } else if (line.find("\"QMP\"") == std::string::npos) {
            replies_.push_back(line);
        }
    }
    return fd_ >= 0;
}

std::string Qmp::command(const std::string &json, int timeout_ms)
{
    if (fd_ < 0) {
        return "";
    }
    replies_.clear();
    std::string msg = json + "\n";
    size_t off = 0;
    while (off < msg.size()) {
        ssize_t n = ::send(fd_, msg.data() + off, msg.size() - off, MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            close();
            return "";
        }
        off += size_t(n);
    }
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    while (replies_.empty()) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                        deadline - std::chrono::steady_clock::now()).count();
        if (left <= 0 || fd_ < 0) {
            return "";
        }
        pollfd p{fd_, POLLIN, 0};
        if (::poll(&p, 1, int(left)) > 0 && !pump()) {
            break;
        }
    }
    if (replies_.empty()) {
        return "";
    }
    std::string r = replies_.front();
    replies_.erase(replies_.begin());
    return r;
}

std::vector<std::string> Qmp::take_events()
{
    std::vector<std::string> e;
    e.swap(events_);
    return e;
}

std::string json_field(const std::string &line, const std::string &key)
{
    std::string pat = "\"" + key + "\"";
    size_t p = line.find(pat);
    if (p == std::string::npos) {
        return "";
    }
    p = line.find(':', p + pat.size());
    if (p == std::string::npos) {
        return "";
    }
    p = line.find_first_not_of(" \t", p + 1);
    if (p == std::string::npos) {
        return "";
    }
    if (line[p] == '"') {
        size_t e = line.find('"', p + 1);
        return e == std::string::npos ? "" : line.substr(p + 1, e - p - 1);
    }
    size_t e = line.find_first_of(",}", p);
    return line.substr(p, e == std::string::npos ? std::string::npos : e - p);
}

} // namespace lab
