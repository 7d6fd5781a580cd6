// The display pipeline as Linux's driver model shows it: the LCDC platform device bound to
// ingenic-drm (component master), the IPU bound to ingenic-ipu (component), the ingenic_drm
// module (which carries both drivers), and the DRM card the master registers.
#pragma once

#include <optional>
#include <string>

#include "guest/sys.hpp"

namespace lab::platform {

struct Names {
    std::string lcdc_dev = "13050000.lcd-controller";
    std::string lcdc_drv = "ingenic-drm";
    std::string ipu_dev = "13080000.ipu";
    std::string ipu_drv = "ingenic-ipu";
    std::string module = "ingenic_drm";    // as rmmod and /sys/module name it
    std::string modprobe = "ingenic-drm";  // as modprobe is asked for it
};

// Defaults, adjusted to what /sys/bus/platform/devices has (a device whose name starts with the
// unit address), and overridable with LAB_LCDC_DEV / LAB_IPU_DEV.
Names detect();

// Timeouts (seconds) of single steps; generous because the board is emulated on shared cores.
constexpr double kSysfsTimeout = 30;
constexpr double kCardTimeout = 15;
constexpr double kModuleTimeout = 60;

std::string dev_path(const std::string &dev);
std::string drv_path(const std::string &drv);
bool device_exists(const std::string &dev);
bool driver_registered(const std::string &drv);
bool bound(const std::string &dev, const std::string &drv);
sys::Outcome unbind(const std::string &dev, const std::string &drv, double timeout = kSysfsTimeout);
sys::Outcome bind(const std::string &dev, const std::string &drv, double timeout = kSysfsTimeout);

// /dev/dri/cardN of the DRM device registered on the LCDC ("" if none).
std::string card_node(const std::string &lcdc_dev);
bool wait_card(const std::string &lcdc_dev, double timeout, std::string &node);
bool wait_no_card(const std::string &lcdc_dev, double timeout);

bool module_loaded(const std::string &module); // /sys/module/M/initstate is "live"
sys::Command modprobe(const std::string &name, double timeout = kModuleTimeout);
sys::Command rmmod(const std::string &module, double timeout = kModuleTimeout);

// What this process itself still holds of DRM devices: mappings of /dev/dri nodes and open fds
// of /dev/dri nodes or dma-bufs (each pins the module). "" when nothing.
std::string own_drm_references();

// Total count (all CPUs) of the interrupt lines of /proc/interrupts that contain `match`;
// nullopt when no line does (the interrupt is not requested). Throws std::runtime_error when
// /proc/interrupts cannot be read, so a check on it can never pass by default.
std::optional<long long> irq_count(const std::string &match);

} // namespace lab::platform
