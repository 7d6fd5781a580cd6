#!/usr/bin/env python3
# lab-collect end to end: exit codes, results.json (parsed as JSON, schema fields),
# junit.xml (parsed as XML), reports/NNN-*.txt, known issues, bad usage.
# usage: cli_test.py LAB_COLLECT DATA_DIR
# SPDX-License-Identifier: GPL-2.0-or-later
import json
import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

exe, data = sys.argv[1], sys.argv[2]
failures = []


def check(cond, msg):
    if not cond:
        failures.append(msg)
        print("FAIL:", msg)


def run(*args):
    p = subprocess.run([exe, *args], capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


with tempfile.TemporaryDirectory() as tmp:
    known = os.path.join(tmp, "kasan-6.12.txt")
    with open(known, "w") as f:
        f.write("# test list\n"
                "WARNING in clk_core_disable\tboot-time clock warning\n"
                "KFENCE: * # not expected this run\n")
    out = os.path.join(tmp, "out")
    rc, so, se = run(os.path.join(data, "bracketed-run.log"),
                     "--qemu-log", os.path.join(data, "bracketed-run.qemu.log"),
                     "--known", known, "--out", out, "--lane", "kasan", "--kernel", "6.12")
    check(rc == 1, f"new reports must exit 1, got {rc}: {se}")
    check("verdict: FAIL" in so, "summary verdict line")
    check("known issues that did not appear:" in so and "KFENCE: *" in so, "missing known issue listed")
    check("NEW" in so and "known" in so, "summary table statuses")

    res = json.load(open(os.path.join(out, "results.json")))
    check(res["schema"] == "ingenic-lab-results/1", "schema id")
    check(res["run"]["lane"] == "kasan" and res["run"]["kernel"] == "6.12", "lane/kernel metadata")
    check(res["run"]["kernel_release"] == "6.12.57", "kernel release from the banner")
    check(res["summary"]["verdict"] == "fail", "summary verdict")
    check(res["summary"]["cases"] == 5, "five cases")
    names = {c["name"]: c for c in res["cases"]}
    check(names["kms-modeset"]["result"] == "pass", "kms-modeset passes")
    check(names["flip-vs-unbind"]["status"] == "pass" and names["flip-vs-unbind"]["result"] == "fail",
          "a passing case with a new report fails")
    check(names["rmmod-vs-commit"]["result"] == "error" and not names["rmmod-vs-commit"]["ended"],
          "a case without END is an error")
    reps = {r["title"]: r for r in res["reports"]}
    k = reps.get("KASAN: slab-use-after-free Read in regmap_write")
    check(k is not None, "KASAN report present")
    if k:
        check(k["count"] == 2 and k["case"] == "commit-vs-unbind" and k["kind"] == "kasan", "KASAN count/case/kind")
        check(k["details"].get("access") == "Read" and k["details"].get("size") == "4", "KASAN details")
        check(k["first_lines"][0].startswith("=====") and len(k["first_lines"]) <= 12, "first lines")
        path = os.path.join(out, k["file"])
        check(os.path.isfile(path), f"report file {k['file']}")
        if os.path.isfile(path):
            body = open(path).read()
            check("title:     KASAN: slab-use-after-free Read in regmap_write" in body, "report file header")
            check("[    6.100000] BUG: KASAN: slab-use-after-free in regmap_write+0x2c/0x98" in body,
                  "report file raw lines")
    w = reps.get("WARNING in clk_core_disable")
    check(w is not None and w["known"] and w["known_reason"] == "boot-time clock warning" and w["case"] == "boot",
          "known boot warning")
    check(len(res["findings"]) == 3, "three findings")
    check(res["findings"][1]["case"] == "commit-vs-unbind", "timestamped finding attributed")
    check(res["known_missing"][0]["pattern"] == "KFENCE: *", "known_missing")
    files = sorted(os.listdir(os.path.join(out, "reports")))
    check(len(files) == len(res["reports"]), "one file per unique report")
    check(all(f[:4].rstrip("-").isdigit() for f in files), "NNN- prefixes")

    junit = ET.parse(os.path.join(out, "junit.xml")).getroot()
    suite = junit.find("testsuite")
    tcs = {t.get("name"): t for t in suite.findall("testcase")}
    check(set(tcs) == {"boot", "kms-modeset", "commit-vs-unbind", "flip-vs-unbind", "ipu-plane-vs-ipu-unbind",
                       "rmmod-vs-commit"}, f"junit testcases {sorted(tcs)}")
    check(tcs["kms-modeset"].find("failure") is None, "kms-modeset passes in junit")
    check(tcs["commit-vs-unbind"].find("failure") is not None, "commit-vs-unbind fails in junit")
    check(tcs["rmmod-vs-commit"].find("error") is not None, "rmmod-vs-commit errors in junit")
    check(tcs["ipu-plane-vs-ipu-unbind"].find("skipped") is not None, "skip in junit")
    check(tcs["boot"].find("failure") is not None, "boot testcase has the new findings")

    # A clean log with everything known: exit 0.
    allk = os.path.join(tmp, "all.txt")
    with open(allk, "w") as f:
        f.write("WARNING in drm_atomic_helper_shutdown # expected on 6.1 without the fix\n")
    rc, so, se = run(os.path.join(data, "warning-mips-shutdown.log"), "--known", allk, "--quiet")
    check(rc == 0 and so == "", f"known-only log exits 0 quietly, got {rc} {so!r} {se!r}")

    # Stdin input and no --out.
    with open(os.path.join(data, "kasan-double-free.log"), "rb") as f:
        p = subprocess.run([exe, "-"], stdin=f, capture_output=True, text=True)
    check(p.returncode == 1 and "KASAN: invalid-free in ingenic_drm_unbind" in p.stdout, "stdin input")

    # Bad usage and unreadable input: exit 2 with one line on stderr.
    for args in ([], ["a", "b"], ["--bogus", "x"], [os.path.join(tmp, "missing.log")],
                 [os.path.join(data, "panic-vfs.log"), "--known", os.path.join(tmp, "missing.txt")],
                 [os.path.join(data, "panic-vfs.log"), "--out"]):
        rc, so, se = run(*args)
        check(rc == 2 and se.count("\n") == 1 and se.startswith("lab-collect: "),
              f"usage error {args}: rc={rc} stderr={se!r}")
    bad = os.path.join(tmp, "bad.txt")
    with open(bad, "w") as f:
        f.write("title without reason\n")
    rc, so, se = run(os.path.join(data, "panic-vfs.log"), "--known", bad)
    check(rc == 2 and "bad.txt:1: entry has no reason" in se, f"bad known file: {se!r}")
    rc, so, se = run("--help")
    check(rc == 0 and so.startswith("usage: lab-collect"), "--help")

print("cli_test:", "FAILED" if failures else "ok", f"({len(failures)} failures)")
sys.exit(1 if failures else 0)
