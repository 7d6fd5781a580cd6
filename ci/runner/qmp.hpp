// Minimal QMP client for the runner: connect to QEMU's unix socket, negotiate
// capabilities, send commands and collect asynchronous events. Line-oriented: QEMU
// writes one JSON object per line, which is all we rely on.
#pragma once
#include <string>
#include <vector>

namespace lab {

class Qmp {
public:
    ~Qmp();
    // Try to connect once; false if the socket is not there yet.
    bool connect(const std::string &path);
    bool connected() const { return fd_ >= 0; }
    int fd() const { return fd_; }
    // Read what is available; complete lines are appended to events()/replies.
    // Returns false when the peer closed.
    bool pump();
    // Send a command and wait (up to timeout_ms) for its reply line; events seen meanwhile
    // are kept. Returns the reply line, or "" on timeout/close.
    std::string command(const std::string &json, int timeout_ms = 5000);
    // Pop the event names received so far ("RESET", "SHUTDOWN", ...) with their raw lines.
    std::vector<std::string> take_events();
    void close();
    // Closes and forgets everything (a new QEMU process comes next).
    void reset();

private:
    int fd_ = -1;
    std::string buf_;
    std::vector<std::string> events_;
    std::vector<std::string> replies_;
    bool negotiated_ = false;
};

// Extract the string value of "key" from a flat JSON line (enough for QMP events).
std::string json_field(const std::string &line, const std::string &key);

} // namespace lab
