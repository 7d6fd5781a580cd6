#include "guest/platform.hpp"

#include <cstdlib>
#include <sstream>
#include <stdexcept>
#include <unistd.h>

namespace lab::platform {

static const char *kDevices = "/sys/bus/platform/devices/";
static const char *kDrivers = "/sys/bus/platform/drivers/";

Names detect()
{
    Names n;
    for (const auto &d : sys::list_dir(kDevices)) {
        if (d.rfind("13050000.", 0) == 0) {
            n.lcdc_dev = d;
        } else if (d.rfind("13080000.", 0) == 0) {
            n.ipu_dev = d;
        }
    }
    if (const char *e = std::getenv("LAB_LCDC_DEV"); e && *e) {
        n.lcdc_dev = e;
    }
    if (const char *e = std::getenv("LAB_IPU_DEV"); e && *e) {
        n.ipu_dev = e;
    }
    return n;
}

std::string dev_path(const std::string &dev)
{
    return kDevices + dev;
}

std::string drv_path(const std::string &drv)
{
    return kDrivers + drv;
}

bool device_exists(const std::string &dev)
{
    return sys::exists(dev_path(dev));
}

bool driver_registered(const std::string &drv)
{
    return sys::exists(drv_path(drv));
}

bool bound(const std::string &dev, const std::string &drv)
{
    return sys::readlink_base(dev_path(dev) + "/driver") == drv;
}

sys::Outcome unbind(const std::string &dev, const std::string &drv, double timeout)
{
    return sys::write_file(drv_path(drv) + "/unbind", dev, timeout);
}

sys::Outcome bind(const std::string &dev, const std::string &drv, double timeout)
{
    return sys::write_file(drv_path(drv) + "/bind", dev, timeout);
}

std::string card_node(const std::string &lcdc_dev)
{
    for (const auto &e : sys::list_dir(dev_path(lcdc_dev) + "/drm")) {
        if (e.rfind("card", 0) == 0 && e.size() > 4 && e.find('-') == std::string::npos) {
            return "/dev/dri/" + e;
        }
    }
    return {};
}

bool wait_card(const std::string &lcdc_dev, double timeout, std::string &node)
{
    double deadline = sys::now() + timeout;
    do {
        node = card_node(lcdc_dev);
        if (!node.empty() && sys::exists(node)) {
            return true;
        }
        sys::sleep_s(0.02);
    } while (sys::now() < deadline);
    return false;
}

bool wait_no_card(const std::string &lcdc_dev, double timeout)
{
    double deadline = sys::now() + timeout;
    do {
        if (card_node(lcdc_dev).empty()) {
            return true;
        }
        sys::sleep_s(0.02);
    } while (sys::now() < deadline);
    return false;
}

bool module_loaded(const std::string &module)
{
    std::string s;
    return sys::read_small("/sys/module/" + module + "/initstate", s) && s.rfind("live", 0) == 0;
}

sys::Command modprobe(const std::string &name, double timeout)
{
    return sys::run({"modprobe", name}, timeout);
}

sys::Command rmmod(const std::string &module, double timeout)
{
    return sys::run({"rmmod", module}, timeout);
}

std::string own_drm_references()
{
    unsigned maps = 0, fds = 0, dmabufs = 0;
    std::string text;
    if (sys::read_small("/proc/self/maps", text)) {
        std::istringstream in(text);
        std::string line;
        while (std::getline(in, line)) {
            maps += line.find("/dev/dri/") != std::string::npos || line.find("dmabuf") != std::string::npos;
        }
    }
    for (const auto &fd : sys::list_dir("/proc/self/fd")) {
        char buf[256];
        ssize_t n = ::readlink(("/proc/self/fd/" + fd).c_str(), buf, sizeof buf - 1);
        if (n <= 0) {
            continue;
        }
        std::string target(buf, size_t(n));
        fds += target.rfind("/dev/dri/", 0) == 0;
        dmabufs += target.find("dmabuf") != std::string::npos;
    }
    if (!maps && !fds && !dmabufs) {
        return {};
    }
    return std::to_string(maps) + " mapping(s), " + std::to_string(fds) + " DRM fd(s), " + std::to_string(dmabufs) +
           " dma-buf fd(s)";
}

std::optional<long long> irq_count(const std::string &match)
{
    std::string text;
    if (!sys::read_small("/proc/interrupts", text)) {
        throw std::runtime_error("cannot read /proc/interrupts");
    }
    std::istringstream in(text);
    std::string line, header;
    std::getline(in, header);
    std::optional<long long> total;
    while (std::getline(in, line)) {
        if (line.find(match) == std::string::npos) {
            continue;
        }
        std::istringstream ls(line);
        std::string label;
        ls >> label; // "NN:"
        long long sum = 0, v;
        while (ls >> v) {
            sum += v;
        }
        total = total.value_or(0) + sum;
    }
    return total;
}

} // namespace lab::platform
