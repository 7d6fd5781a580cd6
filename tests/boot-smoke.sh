#!/usr/bin/env bash
# The smoke job: boot to the ready marker, reboot (watchdog on mips, PSCI on the arm64 board),
# boot again, power off (RTC / PSCI); QEMU must exit 0. The guest checks the lane's timers and
# console UART interrupts;
# the runner fails the run on any kernel report not in the lane's reviewed known-issues list.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
lane=${1:-mips}
out=${MESON_BUILD_ROOT:-$root/build}/test-out/smoke-$lane
rm -rf "$out"
LAB_SKIP_BUILD=1 "$root/ci/lab" run --lane "$lane" --job smoke --out "$out"
case $lane in mips) cs=ingenic- ;; *) cs=arch_sys_counter ;; esac
grep -q "ingenic-lab: CHECK clocksource ok current=$cs" "$out/console.log"
grep -q '"verdict": "pass"' "$out/results.json"
[ "$(grep -c 'ingenic-lab: READY' "$out/console.log")" -eq 2 ]
echo "boot-smoke: ok ($out)"
