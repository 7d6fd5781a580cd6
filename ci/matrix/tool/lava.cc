// LAVA job definitions, one per cell: deploy to tmpfs (kernel, device tree, initramfs), boot
// with LAVA's qemu method (our emulator and machine through the device type's variables), and
// the guest suite's KTAP results on the console, read by a LAVA test monitor.
// SPDX-License-Identifier: GPL-2.0-or-later
#include "matrix.hpp"

#include <iostream>
#include <set>
#include <sstream>
#include <sys/stat.h>

namespace matrix {

using json = nlohmann::ordered_json;

namespace {

// YAML from JSON values: block mappings and sequences, every string double-quoted (YAML's
// double-quoted scalars take JSON's escapes), keys bare (ours are plain words).
void yaml(std::ostream& o, const json& v, int indent, bool in_seq) {
    std::string pad(indent, ' ');
    if (v.is_object()) {
        bool first = true;
        for (auto& [k, x] : v.items()) {
            if (!(first && in_seq))
                o << pad;
            first = false;
            bool plain = !k.empty() && k.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-") == std::string::npos;
            o << (plain ? k : json(k).dump()) << ":";
            if ((x.is_object() && !x.empty()) || (x.is_array() && !x.empty())) {
                o << "\n";
                yaml(o, x, indent + 2, false);
            } else {
                o << " ";
                yaml(o, x, 0, false);
                o << "\n";
            }
        }
    } else if (v.is_array()) {
        for (auto& x : v) {
            o << pad << "- ";
            if (x.is_object() && !x.empty()) {
                yaml(o, x, indent + 2, true);
            } else {
                yaml(o, x, 0, false);
                o << "\n";
            }
        }
    } else if (v.is_string()) {
        o << v.dump(); // JSON string = YAML double-quoted scalar
    } else if (v.is_null()) {
        o << "null";
    } else if (v.is_object() || v.is_array()) {
        o << (v.is_object() ? "{}" : "[]");
    } else {
        o << v.dump();
    }
}

json minutes(int seconds) { return json{{"minutes", (seconds + 59) / 60}}; }

// Cases that run alone (they reboot or power off and the host judges them), from cases.list.
std::set<std::string> alone_cases(const std::string& root) {
    std::set<std::string> out;
    std::istringstream in(read_text(root + "/guest-tests/cases.list"));
    std::string line;
    while (std::getline(in, line)) {
        if (line.find("(alone)") == std::string::npos)
            continue;
        std::string name = line.substr(0, line.find_first_of(" \t"));
        out.insert(name.substr(name.find('/') + 1));
    }
    return out;
}

// A driver variant's folder among the artifacts: zoo/NAME is zoo-NAME.
std::string driver_dir_name(std::string driver) {
    for (auto& ch : driver)
        if (ch == '/')
            ch = '-';
    return driver;
}

// Why a cell has no LAVA job, or "": LAVA judges a job by the KTAP on the console only.
std::string skip_reason(const Cell& c, const std::set<std::string>& alone) {
    if (c.job != "suite")
        return "job '" + c.job + "' is judged by the host runner (reboots, QEMU's exit), not by KTAP on the console";
    if (alone.count(c.cases))
        return c.cases + " runs alone and is judged by the host runner (the reset or QEMU's exit), not by KTAP";
    return {};
}

// The kernel, device tree and initramfs a cell boots, under the artifacts URL base.
json cell_images(const Cell& c, const std::string& base) {
    const bool mips = c.lane == "mips";
    const std::string drv = driver_dir_name(c.driver);
    const std::string kdir = base + "/" + c.lane + "-" + c.kernel;
    std::string append = mips ? "earlycon console=ttyS2,57600" : "earlycon console=ttyAMA0";
    append += " lab.job=" + c.job + " lab.ktap=-";
    if (!c.cases.empty())
        append += " lab.cases=" + c.cases;
    append += " lab.seed=" + std::to_string(c.seed);
    for (auto& pv : c.params)
        append += " lab." + pv;

    json images = json::object();
    images["kernel"] = json{{"url", kdir + (mips ? "/vmlinux" : "/Image")},
                            {"image_arg", "-kernel {kernel} -append \"" + append + "\""}};
    if (mips)
        images["dtb"] = json{{"url", kdir + "/jz4770-lab.dtb"}, {"image_arg", "-dtb {dtb}"}};
    images["ramdisk"] = json{{"url", kdir + "/" + drv + "/initramfs.cpio.gz"}, {"image_arg", "-initrd {ramdisk}"}};
    return images;
}

// The device type's variables: LAVA's qemu template runs qemu-system-<arch>; the lab installs
// our build under that name (or points its device type at it, README). mipsel has no machine
// variable in the template, so the board goes through extra_options.
json lane_context(bool mips) {
    json context = json::object();
    if (mips) {
        context["arch"] = "mipsel";
        context["extra_options"] = json::array({"-machine jz4770"});
    } else {
        context["arch"] = "arm64";
        context["machine"] = "ingenic-arm64";
        context["cpu"] = "cortex-a57";
    }
    context["no_kvm"] = true;
    context["memory"] = mips ? 256 : 512;
    // The template always adds "-net nic,... -net <netdevice>" (default user); our QEMU build
    // has no user networking and the boards no NIC: a NIC on an empty hub.
    context["netdevice"] = "none";
    return context;
}

// A cell's LAVA job: deploy to tmpfs, boot with QEMU, read the suite's KTAP from the console.
json cell_job(const Profile& p, const Cell& c, const LavaOptions& o, const std::string& base) {
    const bool mips = c.lane == "mips";
    const int test_s = c.timeout, boot_s = 300, deploy_s = 600;
    json job = json::object();
    job["device_type"] = o.device_type_prefix + (mips ? "-jz4770" : "-arm64");
    job["job_name"] = "ingenic-lab " + p.name + " " + c.id + " " + c.job + (c.cases.empty() ? "" : " " + c.cases);
    job["timeouts"] = json{{"job", minutes(test_s + boot_s + deploy_s)},
                           {"action", minutes(std::max(test_s, deploy_s))},
                           {"connection", minutes(120)}};
    job["priority"] = "medium";
    job["visibility"] = "public";
    job["context"] = lane_context(mips);
    job["metadata"] = json{{"ingenic-lab.profile", p.name}, {"ingenic-lab.cell", c.id},  {"ingenic-lab.kernel", c.kernel},
                           {"ingenic-lab.lane", c.lane},    {"ingenic-lab.driver", c.driver},
                           {"ingenic-lab.seed", std::to_string(c.seed)}, {"ingenic-lab.expect", c.expect}};
    json actions = json::array();
    actions.push_back(json{{"deploy", json{{"timeout", minutes(deploy_s)}, {"to", "tmpfs"}, {"images", cell_images(c, base)}}}});
    actions.push_back(json{{"boot", json{{"timeout", minutes(boot_s)}, {"method", "qemu"}, {"media", "tmpfs"}}}});
    json monitor{{"name", "ingenic-lab-suite"},
                 {"start", "KTAP version 1"},
                 {"end", "ingenic-lab: JOB-END"},
                 {"pattern", "(?P<result>ok|not ok) \\d+ (?P<test_case_id>[A-Za-z0-9_.-]+)"},
                 {"fixupdict", json{{"ok", "pass"}, {"not ok", "fail"}}}};
    actions.push_back(json{{"test", json{{"timeout", minutes(test_s)}, {"monitors", json::array({monitor})}}}});
    job["actions"] = actions;
    return job;
}

} // namespace

int export_lava(const Profile& p, const LavaOptions& o) {
    if (o.artifacts.empty())
        throw Error("--artifacts URL is required (where the lab serves the kernels, device trees and initramfs images)");
    ::mkdir(o.out.c_str(), 0755);
    if (!exists(o.out))
        throw Error("cannot create " + o.out);
    std::string base = o.artifacts;
    while (!base.empty() && base.back() == '/')
        base.pop_back();
    int written = 0, skipped = 0;
    std::set<std::string> alone = alone_cases(p.root);
    for (auto& c : p.cells) {
        if (std::string why = skip_reason(c, alone); !why.empty()) {
            std::cerr << "export-lava: skipping " << c.id << ": " << why << "\n";
            ++skipped;
            continue;
        }
        const std::string drv = driver_dir_name(c.driver);
        std::ostringstream y;
        y << "# ingenic-lab: cell " << c.id << " of profile " << p.name << " (ci/matrix/export-lava)\n"
          << "# artifacts: " << c.lane << "-" << c.kernel << "/ (kernel" << (c.lane == "mips" ? ", device tree" : "")
          << "), " << c.lane << "-" << c.kernel << "/" << drv << "/initramfs.cpio.gz\n";
        yaml(y, cell_job(p, c, o, base), 0, false);
        write_text(o.out + "/" + c.dir + ".yaml", y.str());
        ++written;
    }
    std::cout << "export-lava: " << written << " job(s) written to " << o.out << (skipped ? ", " : "")
              << (skipped ? std::to_string(skipped) + " cell(s) skipped" : "") << "\n";
    return written;
}

} // namespace matrix
